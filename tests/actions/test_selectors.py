"""The reads of "Your agency's work" (actions.work_selectors)."""

import datetime

import pytest
from django.utils import timezone

from actions import work_selectors
from actions.choices import Status
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def owned(world, due_in, status=Status.IN_PROGRESS):
    return ActionFactory(
        plan=world.plans["A-csc"],
        owner=world.csc_owner,
        recommendations=[world.recommendations["A1"]],
        target_date=TODAY + datetime.timedelta(days=due_in),
        status=status,
    )


def test_my_agencies_and_partnerships(world):
    assert work_selectors.my_agency_ids(world.csc_owner) == [world.agencies["north_csc"].pk]
    assert work_selectors.my_partnership_ids(world.csc_owner) == []
    assert work_selectors.my_partnership_ids(world.board_member) == [world.north.pk]
    assert work_selectors.my_agency_ids(world.no_roles) == []


def test_soon_is_open_and_due_within_thirty_days(world):
    inside = owned(world, 30)
    owned(world, 31)
    owned(world, -1)
    owned(world, 3, status=Status.SUPERSEDED)

    actions = work_selectors.work_actions(world.csc_owner, TODAY, when="soon")

    assert [a.pk for a in actions] == [inside.pk]


def test_overdue_uses_the_revised_date(world):
    revised = owned(world, -5)
    revised.revised_target_date = TODAY + datetime.timedelta(days=10)
    revised.revision_reason = "Tool replaced."
    revised.save()
    late = owned(world, -2)

    actions = work_selectors.work_actions(world.csc_owner, TODAY, when="overdue")

    assert [a.pk for a in actions] == [late.pk]


def test_an_owner_sees_no_action_of_another_partnership_even_when_named_owner(world):
    assert list(work_selectors.work_actions(world.outsider, TODAY, when="all")) == []


def test_plan_counts_are_one_query(world, django_assert_num_queries):
    owned(world, -3)
    owned(world, 10, status=Status.NOT_STARTED)
    agency_ids = [world.agencies["north_csc"].pk]

    with django_assert_num_queries(1):
        plans = list(work_selectors.work_plans(world.csc_lead, TODAY, agency_ids=agency_ids))

    (plan,) = plans
    assert plan.action_count == 4
    assert plan.overdue_count == 3
    assert {s: n for s, _, n in work_selectors.status_counts(plan)} == {
        Status.NOT_STARTED.value: 3,
        Status.IN_PROGRESS.value: 1,
    }


def test_recommendations_to_my_agencies_leave_out_the_partnership_ones(world):
    agency_ids = [world.agencies["north_police"].pk]

    recommendations = list(work_selectors.recommendations_to_my_agencies(world.police_lead, agency_ids))

    assert [r.pk for r in recommendations] == [world.recommendations["A2"].pk]
    assert recommendations[0].has_action is False
