"""Session limits enforced on the server (idle and absolute), the keep-alive behind the timeout
warning, and deactivating a person ends their sessions.

Time moves by rewriting the times kept in the session, or by moving django.utils.timezone.now.
"""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from agencies.session_limits import LAST_ACTIVITY, SIGNED_IN_AT, user_sessions_end
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

HOME = reverse("home")
KEEP_ALIVE = reverse("session_keep_alive")
MINUTE = 60
HOUR = 60 * MINUTE


def move_back(client, key, seconds):
    """Pretend the time stored under `key` in the client's session was `seconds` earlier."""
    session = client.session
    session[key] -= seconds
    session.save()


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_the_limits_are_thirty_minutes_idle_and_ten_hours_in_all(settings):
    assert settings.SESSION_IDLE_TIMEOUT == 30 * MINUTE
    assert settings.SESSION_ABSOLUTE_LIMIT == 10 * HOUR


def test_signing_in_records_when(client, csc_lead):
    before = timezone.now().timestamp()

    sign_in(client, csc_lead)

    session = client.session
    assert session[SIGNED_IN_AT] == session[LAST_ACTIVITY]
    assert session[SIGNED_IN_AT] >= before


class TestIdleTimeout:
    def test_thirty_one_minutes_idle_signs_out_with_a_message(self, client, csc_lead):
        sign_in(client, csc_lead)
        move_back(client, LAST_ACTIVITY, 31 * MINUTE)

        response = client.get(HOME)

        assertRedirects(response, f"{reverse('login')}?next=/", fetch_redirect_response=False)
        assert signed_in_user_id(client) is None
        sign_in_page = client.get(response["Location"])
        assertContains(sign_in_page, "You were signed out after 30 minutes without activity.")
        assertContains(sign_in_page, "govuk-notification-banner")

    def test_twenty_nine_minutes_idle_keeps_them_signed_in(self, client, csc_lead):
        sign_in(client, csc_lead)
        move_back(client, LAST_ACTIVITY, 29 * MINUTE)
        moved_to = client.session[LAST_ACTIVITY]

        response = client.get(HOME)

        assert response.status_code == 200
        assert signed_in_user_id(client) == str(csc_lead.pk)
        assert client.session[LAST_ACTIVITY] >= moved_to + 29 * MINUTE

    def test_activity_every_twenty_minutes_keeps_them_signed_in(self, client, csc_lead, clock):
        sign_in(client, csc_lead)

        for _ in range(4):
            clock.forward(20 * MINUTE)
            assert client.get(HOME).status_code == 200

        assert signed_in_user_id(client) == str(csc_lead.pk)

    def test_a_form_sent_after_the_timeout_is_not_kept_as_the_next_page(self, client, csc_lead, clock):
        sign_in(client, csc_lead)
        clock.forward(31 * MINUTE)

        response = client.post(HOME)

        assertRedirects(response, reverse("login"), fetch_redirect_response=False)
        assert signed_in_user_id(client) is None

    def test_it_applies_before_the_second_factor_too(self, client, panel_chair):
        client.force_login(panel_chair)
        move_back(client, LAST_ACTIVITY, 31 * MINUTE)

        response = client.get(reverse("two_factor_set_up"))

        assert response["Location"].startswith(reverse("login"))
        assert signed_in_user_id(client) is None


class TestAbsoluteLimit:
    def test_ten_hours_after_signing_in_they_are_signed_out_however_active(self, client, csc_lead):
        sign_in(client, csc_lead)
        move_back(client, SIGNED_IN_AT, 10 * HOUR + MINUTE)
        assert client.session[LAST_ACTIVITY] >= timezone.now().timestamp() - MINUTE

        response = client.get(HOME)

        assertRedirects(response, f"{reverse('login')}?next=/", fetch_redirect_response=False)
        assert signed_in_user_id(client) is None
        assertContains(
            client.get(response["Location"]),
            "You were signed out because you had been signed in for 10 hours.",
        )

    def test_just_under_ten_hours_is_allowed(self, client, csc_lead):
        sign_in(client, csc_lead)
        move_back(client, SIGNED_IN_AT, 10 * HOUR - MINUTE)

        assert client.get(HOME).status_code == 200

    def test_a_session_from_before_the_times_were_kept_starts_them_now(self, client, csc_lead):
        sign_in(client, csc_lead)
        session = client.session
        del session[SIGNED_IN_AT], session[LAST_ACTIVITY]
        session.save()

        assert client.get(HOME).status_code == 200
        assert SIGNED_IN_AT in client.session


class TestKeepAlive:
    def test_it_records_activity_and_answers_204(self, client, csc_lead, clock):
        sign_in(client, csc_lead)
        clock.forward(29 * MINUTE)

        response = client.post(KEEP_ALIVE)
        clock.forward(20 * MINUTE)  # 49 minutes since the page, 20 since the keep-alive

        assert response.status_code == 204
        assert client.get(HOME).status_code == 200

    def test_without_it_the_same_wait_signs_out(self, client, csc_lead, clock):
        sign_in(client, csc_lead)
        clock.forward(29 * MINUTE)
        clock.forward(20 * MINUTE)

        assert client.get(HOME).status_code == 302
        assert signed_in_user_id(client) is None

    def test_too_late_it_does_not_answer_204_and_signs_out(self, client, csc_lead):
        sign_in(client, csc_lead)
        move_back(client, LAST_ACTIVITY, 31 * MINUTE)

        response = client.post(KEEP_ALIVE)

        assert response.status_code != 204
        assert signed_in_user_id(client) is None

    def test_it_needs_a_signed_in_person_a_post_and_the_csrf_token(self, csc_lead):
        assert Client().post(KEEP_ALIVE).status_code == 401
        client = Client(enforce_csrf_checks=True)
        sign_in(client, csc_lead)
        assert client.get(KEEP_ALIVE).status_code == 405
        assert client.post(KEEP_ALIVE).status_code == 403

    def test_it_works_before_the_second_factor(self, client, panel_chair):
        client.force_login(panel_chair)

        assert client.post(KEEP_ALIVE).status_code == 204


class TestTimeoutWarning:
    def test_signed_in_pages_load_the_warning_with_the_timings(self, client, csc_lead):
        sign_in(client, csc_lead)

        response = client.get(HOME)

        assertContains(response, 'id="app-session-timeout" data-idle-timeout="1800" data-warning="120"')
        assertContains(response, f'data-keep-alive-url="{KEEP_ALIVE}"')
        assertContains(response, '<script type="module" src="/static/js/session-timeout.js"></script>')
        assertContains(response, "<dialog", count=1)
        assertContains(response, "Stay signed in")

    def test_the_timings_follow_the_settings(self, client, csc_lead, settings):
        settings.SESSION_IDLE_TIMEOUT = 15 * MINUTE
        settings.SESSION_TIMEOUT_WARNING = 60
        sign_in(client, csc_lead)

        assertContains(client.get(HOME), 'data-idle-timeout="900" data-warning="60"')

    def test_the_sign_in_page_has_no_warning(self, client):
        response = client.get(reverse("login"))

        assertNotContains(response, "session-timeout.js")
        assertNotContains(response, "<dialog")

    def test_the_script_is_served(self, client):
        response = client.get("/static/js/session-timeout.js")

        assert response.status_code == 200
        assert b"showModal" in b"".join(response.streaming_content)


class TestDeactivating:
    def test_deactivating_a_person_ends_all_their_sessions(self, csc_lead, police_lead):
        laptop, phone, colleague = Client(), Client(), Client()
        sign_in(laptop, csc_lead)
        sign_in(phone, csc_lead)
        sign_in(colleague, police_lead)

        csc_lead.is_active = False
        csc_lead.save()

        assert not Session.objects.filter(session_key__in=[laptop.session.session_key]).exists()
        assert laptop.get(HOME)["Location"].startswith(reverse("login"))
        assert phone.get(HOME)["Location"].startswith(reverse("login"))
        assert colleague.get(HOME).status_code == 200

    def test_saving_an_active_person_keeps_their_sessions(self, client, csc_lead):
        sign_in(client, csc_lead)

        csc_lead.first_name = "Carys"
        csc_lead.save()

        assert client.get(HOME).status_code == 200

    def test_a_person_deactivated_without_signals_is_signed_out_at_their_next_request(self, client, csc_lead):
        sign_in(client, csc_lead)
        type(csc_lead).objects.filter(pk=csc_lead.pk).update(is_active=False)

        response = client.get(HOME)

        assert response["Location"].startswith(reverse("login"))
        assert signed_in_user_id(client) is None

    def test_user_sessions_end_counts_what_it_ended(self, csc_lead, police_lead):
        for person in (csc_lead, csc_lead, police_lead):
            sign_in(Client(), person)

        assert user_sessions_end(user=csc_lead) == 2
        assert user_sessions_end(user=csc_lead) == 0
        assert Session.objects.count() == 1
