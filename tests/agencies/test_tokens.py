"""Personal API tokens: creating one (for oneself only, up to the limit), listing and revoking them, and
that a deactivated person's tokens stop working."""

import logging
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from knox.auth import TokenAuthentication
from knox.models import AuthToken
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from agencies.tokens import api_token_create, api_token_revoke, api_tokens_of

pytestmark = pytest.mark.django_db


class WhoAmI(APIView):
    """An API view with the project's default authentication and permissions."""

    def get(self, request):
        return Response({"username": request.user.username})


def api_get(raw_token: str):
    request = APIRequestFactory().get("/api/whoami/", HTTP_AUTHORIZATION=f"Token {raw_token}")
    return WhoAmI.as_view()(request)


def authenticated_user(raw_token: str):
    user, _ = TokenAuthentication().authenticate_credentials(raw_token.encode())
    return user


def create(user):
    return api_token_create(user=user, by=user)


def test_the_settings_make_tokens_expire_unrefreshed_and_limited(settings):
    assert settings.REST_KNOX["TOKEN_TTL"] == timedelta(days=90)
    assert settings.REST_KNOX["AUTO_REFRESH"] is False
    assert settings.REST_KNOX["TOKEN_LIMIT_PER_USER"] == 5
    assert settings.REST_KNOX["AUTH_HEADER_PREFIX"] == "Token"
    assert "knox.auth.TokenAuthentication" in settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]


class TestCreate:
    def test_the_token_authenticates_as_its_person(self, csc_lead):
        _, raw = create(csc_lead)

        assert authenticated_user(raw) == csc_lead

    def test_the_api_accepts_it_in_the_authorization_header(self, csc_lead):
        _, raw = create(csc_lead)

        response = api_get(raw)

        assert response.status_code == 200
        assert response.data == {"username": csc_lead.username}

    def test_only_a_digest_and_the_first_characters_are_stored(self, csc_lead):
        token, raw = create(csc_lead)

        stored = AuthToken.objects.get(pk=token.pk)
        assert raw not in {stored.digest, stored.token_key}
        assert raw.startswith(stored.token_key)
        assert len(stored.token_key) < len(raw)

    def test_it_expires_in_ninety_days(self, csc_lead):
        token, _ = create(csc_lead)

        assert timedelta(days=89) < token.expiry - timezone.now() <= timedelta(days=90)

    def test_nothing_logged_carries_the_token(self, csc_lead, caplog):
        with caplog.at_level(logging.DEBUG):
            _, raw = create(csc_lead)
            authenticated_user(raw)

        assert raw not in caplog.text

    def test_nobody_may_create_a_token_for_someone_else(self, csc_lead, superuser):
        with pytest.raises(PermissionDenied):
            api_token_create(user=csc_lead, by=superuser)

        assert not AuthToken.objects.filter(user=csc_lead).exists()


class TestLimit:
    def test_a_sixth_live_token_is_refused(self, csc_lead):
        for _ in range(5):
            create(csc_lead)

        with pytest.raises(ValidationError) as refused:
            create(csc_lead)

        assert "Revoke one" in refused.value.message_dict["token"][0]
        assert AuthToken.objects.filter(user=csc_lead).count() == 5

    def test_expired_tokens_do_not_count_and_are_removed(self, csc_lead):
        for _ in range(5):
            create(csc_lead)
        AuthToken.objects.filter(user=csc_lead).update(expiry=timezone.now() - timedelta(seconds=1))

        create(csc_lead)

        assert AuthToken.objects.filter(user=csc_lead).count() == 1

    def test_the_limit_is_per_person(self, csc_lead, police_lead):
        for _ in range(5):
            create(police_lead)

        _, raw = create(csc_lead)

        assert authenticated_user(raw) == csc_lead


class TestList:
    def test_live_tokens_of_the_person_newest_first(self, csc_lead, police_lead):
        older, _ = create(csc_lead)
        newer, _ = create(csc_lead)
        expired, _ = create(csc_lead)
        AuthToken.objects.filter(pk=older.pk).update(created=timezone.now() - timedelta(days=2))
        AuthToken.objects.filter(pk=expired.pk).update(expiry=timezone.now() - timedelta(seconds=1))
        create(police_lead)

        assert [token.token_key for token in api_tokens_of(csc_lead)] == [newer.token_key, older.token_key]


class TestRevoke:
    def test_a_person_revokes_their_own_and_it_stops_working(self, csc_lead):
        token, raw = create(csc_lead)

        api_token_revoke(token_key=token.token_key, user=csc_lead, by=csc_lead)

        assert not AuthToken.objects.filter(user=csc_lead).exists()
        with pytest.raises(exceptions.AuthenticationFailed):
            authenticated_user(raw)

    def test_someone_elses_token_is_not_found_and_stays(self, csc_lead, police_lead):
        token, raw = create(police_lead)

        with pytest.raises(AuthToken.DoesNotExist):
            api_token_revoke(token_key=token.token_key, user=csc_lead, by=csc_lead)

        assert authenticated_user(raw) == police_lead

    def test_nobody_revokes_for_someone_else(self, police_lead, superuser):
        token, _ = create(police_lead)

        with pytest.raises(PermissionDenied):
            api_token_revoke(token_key=token.token_key, user=police_lead, by=superuser)

        assert AuthToken.objects.filter(pk=token.pk).exists()

    def test_a_key_that_matches_nothing_is_not_found(self, csc_lead):
        create(csc_lead)

        with pytest.raises(AuthToken.DoesNotExist):
            api_token_revoke(token_key="0" * 15, user=csc_lead, by=csc_lead)

        assert AuthToken.objects.filter(user=csc_lead).count() == 1


class TestDeactivating:
    def test_deactivating_a_person_deletes_all_their_tokens(self, csc_lead, police_lead):
        create(csc_lead)
        create(csc_lead)
        _, colleagues = create(police_lead)

        csc_lead.is_active = False
        csc_lead.save()

        assert not AuthToken.objects.filter(user=csc_lead).exists()
        assert authenticated_user(colleagues) == police_lead

    def test_saving_an_active_person_keeps_their_tokens(self, csc_lead):
        _, raw = create(csc_lead)

        csc_lead.first_name = "Carys"
        csc_lead.save()

        assert authenticated_user(raw) == csc_lead

    def test_a_person_deactivated_without_signals_has_their_token_refused(self, csc_lead):
        _, raw = create(csc_lead)
        type(csc_lead).objects.filter(pk=csc_lead.pk).update(is_active=False)

        response = api_get(raw)

        assert response.status_code in (401, 403)
        assert "username" not in response.data
        with pytest.raises(exceptions.AuthenticationFailed):
            authenticated_user(raw)

    def test_the_api_at_its_address_refuses_it_too(self, client, csc_lead):
        _, raw = create(csc_lead)
        api_root = reverse("api:api-root")
        assert client.get(api_root, HTTP_AUTHORIZATION=f"Token {raw}").status_code == 200
        type(csc_lead).objects.filter(pk=csc_lead.pk).update(is_active=False)

        response = client.get(api_root, HTTP_AUTHORIZATION=f"Token {raw}")

        assert response.status_code in (401, 403)

    def test_an_inactive_person_may_not_create_a_token(self, csc_lead):
        type(csc_lead).objects.filter(pk=csc_lead.pk).update(is_active=False)
        csc_lead.refresh_from_db()

        with pytest.raises(PermissionDenied):
            create(csc_lead)
