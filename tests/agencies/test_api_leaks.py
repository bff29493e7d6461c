"""The leak suite for the API: for every demo user and every list endpoint, the ids the API lists are exactly
those the rules of tests/agencies/test_leaks.py allow, and every record the rules do not allow answers its
detail GET with 404, as if it did not exist.

Half the people of each endpoint send a personal token, the other half their session, and each person
changes over from one endpoint to the next, so both ways in are held to the same rules.
"""

import pytest
from django.test import Client

from actions.models import Action, ActionPlan, Evidence, Notification, ProgressUpdate
from agencies.models import Agency, Membership, User
from reviews.models import Finding, Recommendation, Review
from tests.conftest import sign_in
from tests.factories import NotificationFactory, UserFactory

from .test_leaks import Rules, demo  # noqa: F401 (demo is a fixture, asked for by name)

pytestmark = pytest.mark.django_db


def agencies_rule(user):
    """Every agency of a partnership the person holds any role in; every agency for an active superuser."""
    partnerships = set(Membership.objects.filter(user=user).values_list("partnership_id", flat=True))
    everything = user.is_superuser and user.is_active
    return lambda agency: everything or agency.partnership_id in partnerships


def notifications_rule(user):
    """An inbox is personal: only the person's own, a superuser's too."""
    return lambda notification: notification.recipient_id == user.pk


def scoped_rule(user):
    return Rules(user).allows


# (URL prefix under /api/v1/, model, person -> whether they may see a row)
ENDPOINTS = [
    ("agencies", Agency, agencies_rule),
    ("reviews", Review, scoped_rule),
    ("findings", Finding, scoped_rule),
    ("recommendations", Recommendation, scoped_rule),
    ("action-plans", ActionPlan, scoped_rule),
    ("actions", Action, scoped_rule),
    ("progress-updates", ProgressUpdate, scoped_rule),
    ("evidence", Evidence, scoped_rule),
    ("notifications", Notification, notifications_rule),
]


@pytest.fixture(scope="module")
def people(demo, django_db_blocker):  # noqa: F811 (the fixture imported above)
    """The demo's people, with someone who holds no role, and notifications for some of them: the demo
    sends none, and an inbox with nothing in it would prove nothing. Rolled back with the demo."""
    with django_db_blocker.unblock():
        UserFactory(username="nobody")
        for username in ("csc.owner", "police.lead", "chair", "superuser"):
            NotificationFactory.create_batch(2, recipient=User.objects.get(username=username))
        return list(User.objects.order_by("username"))


# Small pages, so the suite walks the pages too: a row on two pages, or on none, is a difference.
PAGE_SIZE = 10


def listed_ids(client, prefix) -> list[int]:
    """Every id the list shows, page after page."""
    ids = []
    url = f"/api/v1/{prefix}/?page_size={PAGE_SIZE}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, (prefix, response.status_code)
        ids += [row["id"] for row in response.json()["results"]]
        url = response.json()["next"]
    return ids


def client_for(user, *, with_token, api_as):
    return api_as(user) if with_token else sign_in(Client(), user)


@pytest.mark.parametrize(("prefix", "model", "rule"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_the_api_shows_each_person_exactly_what_the_rules_allow(people, api_as, prefix, model, rule):
    endpoint = [e[0] for e in ENDPOINTS].index(prefix)
    rows = list(model.objects.all())
    assert rows, f"the demo has no {model.__name__} to test with"
    problems = []
    for number, user in enumerate(people):
        with_token = (number + endpoint) % 2 == 0
        client = client_for(user, with_token=with_token, api_as=api_as)
        who = f"{user.username} ({'token' if with_token else 'session'})"
        allows = rule(user)
        may_see = {row.pk for row in rows if allows(row)}

        listed = listed_ids(client, prefix)
        if len(listed) != len(set(listed)):
            problems.append(f"{who}: /{prefix}/ lists an id twice: {sorted(listed)}")
        if leaked := set(listed) - may_see:
            problems.append(f"{who}: /{prefix}/ lists ids {sorted(leaked)} it may not see")
        if missing := may_see - set(listed):
            problems.append(f"{who}: /{prefix}/ misses ids {sorted(missing)} it should see")
        for row in rows:
            if row.pk not in may_see:
                status = client.get(f"/api/v1/{prefix}/{row.pk}/").status_code
                if status != 404:
                    problems.append(f"{who}: /{prefix}/{row.pk}/ answered {status}, not 404")

    assert not problems, "\n".join(problems)
