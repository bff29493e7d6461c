"""The account page: who the person is, their roles, and their API tokens, created (shown once) and
revoked from it."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from knox.models import AuthToken
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from agencies.tokens import api_token_create

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("account")
CREATE = reverse("api_token_create")


def revoke_url(token) -> str:
    return reverse("api_token_revoke", args=[token.token_key])


def token_of(user):
    return api_token_create(user=user, by=user)


class TestPage:
    def test_it_says_who_they_are_and_their_roles(self, signed_in, csc_lead):
        response = signed_in(csc_lead).get(ACCOUNT)

        assertContains(response, "Cara Social-Care")
        assertContains(response, csc_lead.username)
        assertContains(response, csc_lead.email)
        assertContains(response, "Agency designated lead")
        assertContains(response, "Northshire Children&#x27;s Social Care")
        assertContains(response, "Northshire Safeguarding Children Partnership")

    def test_someone_with_no_roles_is_told_so(self, signed_in, no_roles):
        response = signed_in(no_roles).get(ACCOUNT)

        assertContains(response, 'id="no-roles"')
        assertContains(response, 'id="no-tokens"')

    def test_it_lists_their_live_tokens_only(self, signed_in, csc_lead, police_lead):
        mine, _ = token_of(csc_lead)
        theirs, _ = token_of(police_lead)

        response = signed_in(csc_lead).get(ACCOUNT)

        assertContains(response, mine.token_key)
        assertContains(response, revoke_url(mine))
        assertNotContains(response, theirs.token_key)

    def test_the_navigation_links_to_it(self, signed_in, csc_lead):
        response = signed_in(csc_lead).get(reverse("home"))

        assertContains(response, f'href="{ACCOUNT}"')

    def test_it_is_only_read(self, signed_in, csc_lead):
        assert signed_in(csc_lead).post(ACCOUNT).status_code == 405


class TestCreate:
    def test_the_new_token_is_shown_once(self, signed_in, csc_lead):
        client = signed_in(csc_lead)

        created = client.post(CREATE)

        token = AuthToken.objects.get(user=csc_lead)
        raw = created.context["new_token"]
        assert raw.startswith(token.token_key)
        assertContains(created, f'value="{raw}"')
        assertContains(created, "it will not be shown again")
        assert "no-store" in created["Cache-Control"]
        again = client.get(ACCOUNT)
        assertNotContains(again, raw)
        assertContains(again, token.token_key)

    def test_the_token_is_kept_in_no_session(self, signed_in, csc_lead):
        client = signed_in(csc_lead)

        raw = client.post(CREATE).context["new_token"]

        assert all(raw not in str(session.get_decoded()) for session in Session.objects.all())

    def test_at_the_limit_it_says_to_revoke_one(self, signed_in, csc_lead):
        for _ in range(5):
            token_of(csc_lead)

        response = signed_in(csc_lead).post(CREATE)

        assertContains(response, "govuk-error-summary")
        assertContains(response, "<title>Error: Your account")
        assertNotContains(response, "new-token-panel")
        assert AuthToken.objects.filter(user=csc_lead).count() == 5

    def test_it_is_only_sent(self, signed_in, csc_lead):
        assert signed_in(csc_lead).get(CREATE).status_code == 405
        assert not AuthToken.objects.exists()


class TestRevoke:
    def test_revoking_removes_it_from_the_page(self, signed_in, csc_lead):
        client = signed_in(csc_lead)
        token, _ = token_of(csc_lead)

        response = client.post(revoke_url(token))

        assertRedirects(response, ACCOUNT, fetch_redirect_response=False)
        assert not AuthToken.objects.filter(user=csc_lead).exists()
        page = client.get(ACCOUNT)
        assertContains(page, "API token revoked")
        assertNotContains(page, token.token_key)

    def test_someone_elses_token_is_not_found(self, signed_in, csc_lead, police_lead):
        theirs, _ = token_of(police_lead)

        response = signed_in(csc_lead).post(revoke_url(theirs))

        assert response.status_code == 404
        assert AuthToken.objects.filter(pk=theirs.pk).exists()

    def test_it_is_only_sent(self, signed_in, csc_lead):
        token, _ = token_of(csc_lead)

        assert signed_in(csc_lead).get(revoke_url(token)).status_code == 405
        assert AuthToken.objects.filter(pk=token.pk).exists()
