"""The second factor: who needs it, setting it up, giving it, and that nothing opens without it."""

import io
from base64 import b32decode, b32encode

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertRedirects

from agencies.models import Partnership, User
from agencies.two_factor import two_factor_required
from reviews.demo_data import DEMO_TWO_FACTOR_KEY
from tests.conftest import sign_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

TWO_FACTOR = reverse("two_factor")
SET_UP = reverse("two_factor_set_up")


def password_sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return response


def device_for(user, confirmed=True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=confirmed)


def code_for(device) -> str:
    return f"{totp(device.bin_key):06d}"


def wrong_code_for(device) -> str:
    return f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"


@pytest.mark.parametrize(
    ("persona", "required"),
    [
        ("superuser", True),
        ("partnership_admin", True),
        ("panel_chair", True),
        ("outsider", True),  # a panel chair in the other partnership
        ("panel_member", False),
        ("lead_reviewer", False),
        ("csc_lead", False),
        ("csc_owner", False),
        ("board_member", False),
        ("scrutineer", False),
        ("no_roles", False),
    ],
)
def test_who_needs_a_second_factor(world, persona, required):
    assert two_factor_required(world.people[persona]) is required


def test_staff_who_reach_the_admin_site_need_a_second_factor(world):
    world.no_roles.is_staff = True

    assert two_factor_required(world.no_roles)


class TestSettingUp:
    def test_a_chair_without_a_device_is_sent_to_set_one_up_after_the_password(self, client, panel_chair):
        password_sign_in(client, panel_chair)

        response = client.get(reverse("home"))

        assertRedirects(response, f"{SET_UP}?next=/", fetch_redirect_response=False)
        assert DEVICE_ID_SESSION_KEY not in client.session

    def test_the_set_up_page_gives_the_key_as_text_and_keeps_it_on_reload(self, client, panel_chair):
        password_sign_in(client, panel_chair)

        first = client.get(SET_UP)
        again = client.get(SET_UP)

        device = TOTPDevice.objects.get(user=panel_chair)
        assert not device.confirmed
        key = b32encode(device.bin_key).decode()
        grouped = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
        assertContains(first, grouped)
        assert first.context["otpauth_url"] == device.config_url
        assertContains(first, 'href="otpauth://totp/Practice%20Review%20Tracker%3Apanel_chair?secret=')
        assertContains(first, "<title>Set up two-factor authentication - Practice Review Tracker</title>")
        assert first.context["key"] == again.context["key"] == key

    def test_a_key_shown_in_another_session_is_never_offered_again(self, client, panel_chair):
        other = Client()
        password_sign_in(other, panel_chair)
        shown_elsewhere = other.get(SET_UP).context["key"]
        password_sign_in(client, panel_chair)

        response = client.get(SET_UP)
        other_device = TOTPDevice.objects.get(user=panel_chair, key=b32decode(shown_elsewhere).hex())
        refused = client.post(SET_UP, {"code": code_for(other_device)})

        assert response.context["key"] != shown_elsewhere
        assert refused.status_code == 200
        assert DEVICE_ID_SESSION_KEY not in client.session
        other_device.refresh_from_db()
        assert not other_device.confirmed

    def test_the_first_code_confirms_the_device_and_signs_in(self, client, panel_chair):
        password_sign_in(client, panel_chair)
        client.get(SET_UP)
        device = TOTPDevice.objects.get(user=panel_chair)

        response = client.post(SET_UP, {"code": code_for(device), "next": "/"})

        assertRedirects(response, "/", fetch_redirect_response=False)
        device.refresh_from_db()
        assert device.confirmed
        home = client.get(reverse("home"))
        assert home.status_code == 200
        assertContains(home, "Two-factor authentication is set up")

    def test_a_wrong_first_code_leaves_the_device_unconfirmed(self, client, panel_chair):
        password_sign_in(client, panel_chair)
        client.get(SET_UP)
        device = TOTPDevice.objects.get(user=panel_chair)

        response = client.post(SET_UP, {"code": wrong_code_for(device)})

        assert response.status_code == 200
        assertContains(response, "govuk-error-summary")
        device.refresh_from_db()
        assert not device.confirmed
        assert client.get(reverse("home")).status_code == 302

    def test_someone_with_a_device_cannot_set_up_another_without_it(self, client, panel_chair):
        device_for(panel_chair)
        password_sign_in(client, panel_chair)

        response = client.get(SET_UP)

        assertRedirects(response, TWO_FACTOR, fetch_redirect_response=False)
        assert TOTPDevice.objects.filter(user=panel_chair).count() == 1


class TestGivingTheCode:
    def test_a_chair_with_a_device_is_asked_for_the_code(self, client, panel_chair):
        device_for(panel_chair)
        password_sign_in(client, panel_chair)

        response = client.get(reverse("home"), follow=True)

        assert response.redirect_chain[-1][0] == f"{TWO_FACTOR}?next=/"
        assertContains(response, "Enter the code from your authenticator app")

    def test_a_wrong_code_shows_a_govuk_error_and_leaves_them_unverified(self, client, panel_chair):
        device = device_for(panel_chair)
        password_sign_in(client, panel_chair)

        response = client.post(TWO_FACTOR, {"code": wrong_code_for(device)})

        assert response.status_code == 200
        html = response.content.decode()
        assert (
            "<title>Error: Enter the code from your authenticator app - Practice Review Tracker</title>"
            in html
        )
        assert "govuk-error-summary" in html
        assert "govuk-form-group--error" in html
        assert "The code is not correct" in html
        assert DEVICE_ID_SESSION_KEY not in client.session
        assert client.get(reverse("home")).status_code == 302

    @pytest.mark.parametrize("code", ["", "12345", "abcdef"])
    def test_a_code_that_is_not_six_numbers_is_an_error(self, client, panel_chair, code):
        device_for(panel_chair)
        password_sign_in(client, panel_chair)

        response = client.post(TWO_FACTOR, {"code": code})

        assertContains(response, "govuk-error-summary")
        assert DEVICE_ID_SESSION_KEY not in client.session

    def test_the_right_code_verifies_and_reaches_home(self, client, panel_chair):
        device = device_for(panel_chair)
        password_sign_in(client, panel_chair)
        key_before = client.session.session_key

        response = client.post(TWO_FACTOR, {"code": code_for(device), "next": "/"})

        assertRedirects(response, "/", fetch_redirect_response=False)
        assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
        assert client.session.session_key != key_before
        home = client.get(reverse("home"))
        assert home.status_code == 200
        assert {review.reference for review in home.context["reviews"]} == {"REF-A", "REF-B", "REF-C"}

    def test_the_code_page_returns_to_the_page_first_asked_for(self, client, world, panel_chair):
        device = device_for(panel_chair)
        review_url = reverse("review_detail", args=[world.reviews["A"].pk])
        signed_in = client.post(
            reverse("login"),
            {"username": panel_chair.username, "password": TEST_PASSWORD, "next": review_url},
        )
        asked = client.get(signed_in["Location"])
        assert asked["Location"] == f"{TWO_FACTOR}?next={review_url}"

        response = client.post(asked["Location"], {"code": code_for(device), "next": review_url})

        assertRedirects(response, review_url, fetch_redirect_response=False)

    def test_a_next_address_elsewhere_is_ignored(self, client, panel_chair):
        device = device_for(panel_chair)
        password_sign_in(client, panel_chair)

        response = client.post(TWO_FACTOR, {"code": code_for(device), "next": "https://example.com/"})

        assertRedirects(response, "/", fetch_redirect_response=False)

    def test_after_many_wrong_codes_even_the_right_one_must_wait(self, client, panel_chair):
        device = device_for(panel_chair)
        device.throttling_failure_count = 10
        device.throttling_failure_timestamp = timezone.now()
        device.save()
        password_sign_in(client, panel_chair)

        response = client.post(TWO_FACTOR, {"code": code_for(device)})

        assertContains(response, "You have entered too many wrong codes")
        assert DEVICE_ID_SESSION_KEY not in client.session


class TestWhatOpensBeforeTheSecondFactor:
    def test_an_agency_lead_needs_no_second_factor(self, client, csc_lead):
        password_sign_in(client, csc_lead)

        assert client.get(reverse("home")).status_code == 200
        assertRedirects(client.get(TWO_FACTOR), "/", fetch_redirect_response=False)
        assertRedirects(client.get(SET_UP), "/", fetch_redirect_response=False)
        assert not TOTPDevice.objects.filter(user=csc_lead).exists()

    def test_the_admin_site_is_refused_to_an_unverified_superuser(self, client, superuser):
        device_for(superuser)
        client.force_login(superuser)

        response = client.get("/admin/")

        assertRedirects(response, f"{TWO_FACTOR}?next=/admin/", fetch_redirect_response=False)
        changelist = client.get(reverse("admin:agencies_user_changelist"))
        assert changelist.status_code == 302
        assert changelist["Location"].startswith(TWO_FACTOR)

    def test_the_admin_site_opens_once_verified(self, client, superuser):
        sign_in(client, superuser)

        assert client.get("/admin/").status_code == 200

    def test_reviews_are_refused_until_verified(self, client, world, partnership_admin):
        client.force_login(partnership_admin)

        response = client.get(reverse("review_detail", args=[world.reviews["A"].pk]))

        assert response.status_code == 302
        assert response["Location"].startswith(SET_UP)

    def test_a_form_sent_before_verifying_is_refused_without_keeping_it(self, client, superuser):
        device_for(superuser)
        client.force_login(superuser)

        response = client.post(reverse("admin:agencies_partnership_add"), {"name": "X", "slug": "x"})

        assertRedirects(response, TWO_FACTOR, fetch_redirect_response=False)
        assert not Partnership.objects.filter(slug="x").exists()

    def test_an_unverified_person_can_sign_out(self, client, panel_chair):
        password_sign_in(client, panel_chair)

        response = client.post(reverse("logout"))

        assertRedirects(response, reverse("login"), fetch_redirect_response=False)
        assert "_auth_user_id" not in client.session


class TestDemoUsers:
    def load(self) -> str:
        out = io.StringIO()
        call_command("load_demo_data", stdout=out)
        return out.getvalue()

    def test_demo_users_who_need_it_get_the_printed_demo_key(self, client):
        output = self.load()

        assert f"Two-factor key for admin, chair, superuser (local use only): {DEMO_TWO_FACTOR_KEY}" in output
        demo_key = b32decode(DEMO_TWO_FACTOR_KEY).hex()
        for username in ("admin", "chair", "superuser"):
            device = TOTPDevice.objects.get(user__username=username)
            assert device.confirmed
            assert device.key == demo_key
        assert not TOTPDevice.objects.filter(user__username="csc.lead").exists()
        # The printed key is the one the demo chair's sign-in asks for.
        client.post(reverse("login"), {"username": "chair", "password": "demo-password-2026"})
        code = f"{totp(b32decode(DEMO_TWO_FACTOR_KEY)):06d}"
        assertRedirects(client.post(TWO_FACTOR, {"code": code}), "/", fetch_redirect_response=False)

    def test_a_device_of_their_own_is_left_alone(self):
        self.load()
        chair = User.objects.get(username="chair")
        TOTPDevice.objects.filter(user=chair).delete()
        own = device_for(chair)
        TOTPDevice.objects.filter(user__username="admin").delete()

        output = self.load()

        assert list(TOTPDevice.objects.filter(user=chair)) == [own]
        assert TOTPDevice.objects.filter(user__username="admin").count() == 1
        assert "Two-factor key for admin, superuser (local use only)" in output
