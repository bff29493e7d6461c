"""Signing in with a password: failures and lockouts say nothing about whether a username exists,
and signing in gives the session a new key."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

UNKNOWN_USERNAME = "no.such.person"
FAILURE_LIMIT = 5  # settings.AXES_FAILURE_LIMIT


def sign_in_attempt(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def comparable(response, username="") -> str:
    """The page without what changes on every response (CSRF token, script nonce) or echoes the
    username typed in."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken" value=""', html)
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    if username:
        html = html.replace(f'value="{username}"', 'value="USERNAME"')
    return html


def test_a_wrong_password_and_an_unknown_username_get_the_same_answer(client, panel_member):
    known = sign_in_attempt(client, panel_member.username, "not-the-password")
    unknown = sign_in_attempt(Client(), UNKNOWN_USERNAME, "not-the-password")

    assert known.status_code == unknown.status_code == 200
    assert "Please enter a correct username and password" in known.content.decode()
    assert comparable(known, panel_member.username) == comparable(unknown, UNKNOWN_USERNAME)
    assert "_auth_user_id" not in client.session


def locked_out_after_failures(client, username, password):
    """Fail FAILURE_LIMIT times, then try `password`; return the failures' and the last responses."""
    failures = [sign_in_attempt(client, username, "not-the-password") for _ in range(FAILURE_LIMIT)]
    return failures, sign_in_attempt(client, username, password)


@pytest.mark.parametrize("known", [True, False], ids=["existing username", "unknown username"])
def test_after_five_failures_even_the_right_password_is_refused(client, panel_member, known):
    username = panel_member.username if known else UNKNOWN_USERNAME

    failures, last = locked_out_after_failures(client, username, TEST_PASSWORD)

    assert [response.status_code for response in failures[: FAILURE_LIMIT - 1]] == [200] * (FAILURE_LIMIT - 1)
    assert last.status_code == 429
    html = last.content.decode()
    assert "<title>You cannot sign in at the moment - Practice Review Tracker</title>" in html
    assert "signing in has been stopped for 1 hour" in html
    assert username not in html
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_the_same_for_existing_and_unknown_usernames(panel_member):
    _, known = locked_out_after_failures(Client(), panel_member.username, TEST_PASSWORD)
    _, unknown = locked_out_after_failures(Client(), UNKNOWN_USERNAME, TEST_PASSWORD)

    assert known.status_code == unknown.status_code == 429
    assert comparable(known) == comparable(unknown)


def test_the_lockout_is_the_same_page_when_asked_by_script(panel_member):
    client = Client(headers={"x-requested-with": "XMLHttpRequest"})

    _, last = locked_out_after_failures(client, panel_member.username, TEST_PASSWORD)

    assert last.status_code == 429
    assert last["Content-Type"].startswith("text/html")
    assert panel_member.username not in last.content.decode()


def test_a_lockout_is_for_that_username_only(client, panel_member, board_member):
    locked_out_after_failures(client, panel_member.username, TEST_PASSWORD)

    response = sign_in_attempt(client, board_member.username, TEST_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(board_member.pk)


def test_signing_in_gives_the_session_a_new_key(client, csc_lead):
    session = client.session
    session["seen_before_sign_in"] = True
    session.save()
    key_before = session.session_key

    response = sign_in_attempt(client, csc_lead.username, TEST_PASSWORD)

    assert response.status_code == 302
    assert client.session.session_key != key_before
    assert client.session["_auth_user_id"] == str(csc_lead.pk)
    assert not Session.objects.filter(session_key=key_before).exists()
