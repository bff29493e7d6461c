""" "Your agency's work": the actions a person owns, their agency's plans and the recommendations
addressed to their agency."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from actions.choices import Status
from actions.models import Action
from tests.conftest import sign_in
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db

URL = reverse("agency_work")


def today():
    # Asked each time, not once at import: a run that passes midnight must not compare two different days.
    return timezone.localdate()


def owned_action(world, *, due_in: int, status=Status.IN_PROGRESS, number=None, **kwargs):
    extra = {"number": number} if number else {}
    return ActionFactory(
        plan=world.plans["A-csc"],
        owner=world.csc_owner,
        recommendations=[world.recommendations["A1"]],
        target_date=today() + datetime.timedelta(days=due_in),
        status=status,
        **extra,
        **kwargs,
    )


def shown(response) -> list:
    return [action.pk for action in response.context["page"]]


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_owner_sees_their_open_actions_due_first_with_how_late_they_are(client, world):
    late = owned_action(world, due_in=-3)
    soon = owned_action(world, due_in=5)
    done = owned_action(world, due_in=-10, status=Status.AWAITING_VERIFICATION)
    sign_in(client, world.csc_owner)

    response = client.get(URL)

    assert shown(response) == [late.pk, soon.pk]
    assert done.pk not in shown(response)
    assertContains(response, "3 days overdue")
    assertContains(response, "Due in 5 days")
    assertContains(response, "Your agency's work")
    assertContains(response, reverse("action_detail", args=[late.pk]))


def test_actions_owned_by_someone_else_are_not_the_owners(client, world):
    sign_in(client, world.csc_owner)

    response = client.get(URL)

    # The world's actions have no owner.
    assert shown(response) == []
    assertContains(response, "No actions match these filters.")


@pytest.mark.parametrize(
    ("when", "expected"),
    [("soon", ["soon"]), ("overdue", ["late"]), ("open", ["late", "soon", "later"]), ("all", None)],
)
def test_the_due_filter(client, world, when, expected):
    actions = {
        "late": owned_action(world, due_in=-3),
        "soon": owned_action(world, due_in=5),
        "later": owned_action(world, due_in=90),
        "done": owned_action(world, due_in=1, status=Status.SUPERSEDED),
    }
    sign_in(client, world.csc_owner)

    response = client.get(URL, {"when": when})

    if expected is None:
        assert set(shown(response)) == {action.pk for action in actions.values()}
    else:
        assert shown(response) == [actions[name].pk for name in expected]


def test_the_status_filter(client, world):
    started = owned_action(world, due_in=5, status=Status.IN_PROGRESS)
    owned_action(world, due_in=6, status=Status.NOT_STARTED)
    sign_in(client, world.csc_owner)

    response = client.get(URL, {"when": "all", "status": [Status.IN_PROGRESS]})

    assert shown(response) == [started.pk]


def test_a_bad_filter_falls_back_to_all_open_actions(client, world):
    late = owned_action(world, due_in=-3)
    owned_action(world, due_in=-3, status=Status.SUPERSEDED)
    sign_in(client, world.csc_owner)

    response = client.get(URL, {"when": "yesterday", "status": ["nonsense"]})

    assert response.status_code == 200
    assert shown(response) == [late.pk]


def test_the_agencys_plans_are_counted_by_status_with_the_overdue_ones(client, world):
    owned_action(world, due_in=-3)
    sign_in(client, world.csc_lead)

    response = client.get(URL)

    plans = response.context["plans"]
    assert [plan.pk for plan in plans] == [world.plans["A-csc"].pk]
    plan = plans[0]
    assert plan.action_count == 3
    assert plan.overdue_count == 3  # the world's two actions were due in March 2025
    assert ("in_progress", "In progress", 1) in plan.by_status
    assertContains(response, reverse("plan_detail", args=[plan.pk]))
    assertContains(response, "3 overdue")
    assertNotContains(response, reverse("plan_detail", args=[world.plans["B-police"].pk]))


def test_recommendations_to_the_agency_say_whether_an_action_answers_them(client, world):
    sign_in(client, world.police_lead)

    response = client.get(URL)

    recommendations = response.context["recommendations"]
    # A2 is addressed to police, who have no plan on review A; B2 is to the partnership (not listed).
    assert [rec.pk for rec in recommendations] == [world.recommendations["A2"].pk]
    assert recommendations[0].has_action is False
    assertContains(response, "No action yet")


def test_a_recommendation_answered_by_the_agencys_action(client, world):
    sign_in(client, world.csc_lead)

    response = client.get(URL)

    by_pk = {rec.pk: rec for rec in response.context["recommendations"]}
    assert by_pk[world.recommendations["A1"].pk].has_action is True
    assertContains(response, "Answered by an action")


def test_plans_and_recommendations_of_closed_reviews_leave_the_work_list(client, world):
    from reviews.models import Review, Stage

    # Closed directly: the list reads the review's closing date, however it was recorded.
    Review.objects.filter(pk=world.reviews["A"].pk).update(
        status=Stage.CLOSED, closed_on=today(), closure_rationale="Every action verified."
    )
    sign_in(client, world.csc_lead)

    response = client.get(URL)

    assert list(response.context["plans"]) == []
    assert list(response.context["recommendations"]) == []
    assertContains(response, "No action plans of open reviews.")
    assertNotContains(response, reverse("plan_detail", args=[world.plans["A-csc"].pk]))
    # Still on the review's own page.
    review_page = client.get(reverse("review_detail", args=[world.reviews["A"].pk]))
    assertContains(review_page, reverse("plan_detail", args=[world.plans["A-csc"].pk]))


@pytest.mark.parametrize("persona", ["panel_chair", "board_member"])
def test_partnership_wide_roles_see_their_partnerships_actions_and_plans(client, world, persona):
    sign_in(client, world.people[persona])

    response = client.get(URL, {"when": "all"})

    north = {world.actions[name].pk for name in ("A-csc-1", "A-csc-2", "B-police-1", "B-health-1")}
    assert set(shown(response)) == north
    assert {plan.pk for plan in response.context["plans"]} == {
        world.plans[name].pk for name in ("A-csc", "B-police", "B-health")
    }
    assertContains(response, "Your partnership's work")
    assertNotContains(response, "Recommendations to your agency")


def test_another_partnership_sees_none_of_north(client, world):
    sign_in(client, world.outsider)

    response = client.get(URL, {"when": "all"})

    assert shown(response) == [world.actions["S-csc-1"].pk]
    assert [plan.pk for plan in response.context["plans"]] == [world.plans["S-csc"].pk]


def test_someone_with_no_role_sees_an_empty_page(client, world):
    sign_in(client, world.no_roles)

    response = client.get(URL)

    assert response.status_code == 200
    assert shown(response) == []
    assert response.context["plans"] == []


def test_the_page_is_read_only(client, world):
    sign_in(client, world.csc_owner)

    assert client.post(URL).status_code == 405


def test_over_fifty_actions_are_paginated_keeping_the_filters(client, world):
    for number in range(1, 56):
        owned_action(world, due_in=number, number=f"9.{number}")
    sign_in(client, world.csc_owner)

    first = client.get(URL, {"when": "open"})
    second = client.get(URL, {"when": "open", "page": 2})

    assert len(shown(first)) == 50
    assert len(shown(second)) == 5
    assertContains(first, "when=open&amp;page=2")


def test_the_query_count_does_not_grow_with_the_actions(client, world, django_assert_max_num_queries):
    for number in range(3):
        owned_action(world, due_in=number, number=f"9.{number}")
    sign_in(client, world.csc_owner)
    client.get(URL)
    with django_assert_max_num_queries(40) as three:
        client.get(URL)
    for number in range(3, 30):
        owned_action(world, due_in=number, number=f"9.{number}")

    with django_assert_max_num_queries(len(three.captured_queries)):
        response = client.get(URL)

    assert len(shown(response)) == 30


def test_panel_staff_are_told_how_many_actions_wait_for_verification(client, world):
    action = world.actions["B-police-1"]
    Action.objects.filter(pk=action.pk).update(status=Status.AWAITING_VERIFICATION)
    sign_in(client, world.panel_chair)

    page = client.get(reverse("agency_work")).content.decode()

    assert 'id="awaiting-verification"' in page
    assert "1 action is marked complete and waiting to be verified." in page
    assert reverse("verification_queue") in page


def test_board_members_are_not_asked_to_verify(client, world):
    Action.objects.filter(pk=world.actions["B-police-1"].pk).update(status=Status.AWAITING_VERIFICATION)
    sign_in(client, world.board_member)

    assert 'id="awaiting-verification"' not in client.get(reverse("agency_work")).content.decode()


def test_agency_staff_can_download_all_their_agencys_actions(client, world):
    sign_in(client, world.csc_owner)

    page = client.get(reverse("agency_work")).content.decode()

    export = reverse("agency_actions_export", args=[world.agencies["north_csc"].pk])
    assert f"{export}?format=xlsx" in page
    assert f"{export}?format=csv" in page
