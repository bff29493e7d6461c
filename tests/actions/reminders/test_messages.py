"""A reminder's words name the record and link to its page, and never say anything about the child."""

import datetime

import pytest
from django.urls import reverse

from actions.choices import Status
from actions.reminder_models import ReminderKind
from actions.reminders.messages import _BUILDERS, message_for
from agencies.models import Role
from reviews.clock.deadlines import deadlines_for
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AgencyFactory,
    EvidenceFactory,
    MembershipFactory,
    ProgressUpdateFactory,
    ReminderFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 2)


@pytest.fixture
def action(world):
    return ActionFactory(
        plan=world.plans["A-csc"], owner=world.csc_owner, target_date=datetime.date(2025, 6, 16)
    )


def _reminder(action, kind, due_on, **extra):
    return ReminderFactory(action=action, kind=kind, due_on=due_on, recipient=action.owner, **extra)


def _assert_names_no_child(message, world):
    review = world.reviews["A"]
    text = f"{message.title}\n{message.body}"
    assert review.pseudonym not in text
    assert review.title not in text
    assert "neglect" not in text.lower()  # nothing of the review's background or the action's description


def test_every_kind_has_words():
    assert set(_BUILDERS) == set(ReminderKind)


def test_due_soon_names_the_action_its_agency_review_and_date(world, action):
    message = message_for(_reminder(action, ReminderKind.DUE_SOON, datetime.date(2025, 6, 2)), today=TODAY)

    assert message.title == f"Action {action.number} (CSC, REF-A) is due on 16 June 2025"
    assert "Northshire Children's Social Care" in message.body
    assert "in 14 days" in message.body
    assert message.url == reverse("action_detail", args=[action.pk])
    assert "late" not in message.body
    _assert_names_no_child(message, world)


def test_overdue_says_how_late(world, action):
    reminder = _reminder(action, ReminderKind.OVERDUE, datetime.date(2025, 6, 17))

    message = message_for(reminder, today=datetime.date(2025, 6, 26))

    assert message.title == f"Action {action.number} (CSC, REF-A) is overdue"
    assert "was due on 16 June 2025 and is 10 days late" in message.body
    _assert_names_no_child(message, world)


def test_long_overdue_is_an_escalation(world, action):
    reminder = ReminderFactory(
        action=action,
        kind=ReminderKind.LONG_OVERDUE,
        due_on=datetime.date(2025, 7, 14),
        recipient=world.panel_chair,
    )

    message = message_for(reminder, today=datetime.date(2025, 7, 14))

    assert message.title.startswith(f"Escalated: action {action.number} (CSC, REF-A)")
    assert "28 days overdue" in message.title
    _assert_names_no_child(message, world)


def test_drift_names_the_last_update(world, action):
    ProgressUpdateFactory(action=action, author=world.csc_owner, written_on=datetime.date(2025, 3, 3))
    reminder = _reminder(action, ReminderKind.DRIFT, datetime.date(2025, 5, 2))

    message = message_for(reminder, today=TODAY)

    assert "no progress update since 3 March 2025" in message.title
    _assert_names_no_child(message, world)


def test_impact_recheck_names_the_action_not_the_evidence(world, action):
    evidence = EvidenceFactory(action=action, impact=True, recheck_on=datetime.date(2025, 6, 2))
    reminder = _reminder(
        action, ReminderKind.IMPACT_RECHECK, evidence.recheck_on, subject=f"evidence:{evidence.pk}"
    )

    message = message_for(reminder, today=TODAY)

    assert message.title == f"Impact of action {action.number} (CSC, REF-A) is due for re-check"
    assert "2 June 2025" in message.body
    assert evidence.title not in message.body
    assert message.url == reverse("action_detail", args=[action.pk])


def test_review_deadline_names_the_reference_and_links_to_the_review(world):
    review = world.reviews["A"]
    deadline = next(d for d in deadlines_for(review, today=TODAY) if d.is_open)
    reminder = ReminderFactory(
        action=None,
        review=review,
        kind=ReminderKind.REVIEW_DEADLINE,
        subject=f"review:{review.pk}:{deadline.key}",
        due_on=deadline.due_on,
        recipient=world.panel_chair,
        partnership=world.north,
    )

    message = message_for(reminder, today=TODAY)

    assert message.title.startswith("Review REF-A: ")
    assert deadline.label in message.body
    assert f"{deadline.due_on.day} {deadline.due_on:%B %Y}" in message.body
    assert message.url == reverse("review_detail", args=[review.pk])
    _assert_names_no_child(message, world)


def test_weekly_digest_counts_the_agencys_open_actions(world, django_assert_max_num_queries):
    agency = AgencyFactory(partnership=world.north, name="Northshire Housing")
    lead = MembershipFactory(agency=agency, role=Role.AGENCY_LEAD).user
    plan = ActionPlanFactory(review=world.reviews["A"], agency=agency)
    for target, status in [
        (TODAY - datetime.timedelta(days=1), Status.IN_PROGRESS),  # overdue
        (TODAY - datetime.timedelta(days=30), Status.NOT_STARTED),  # overdue
        (TODAY, Status.NOT_STARTED),  # due today: due soon
        (TODAY + datetime.timedelta(days=14), Status.IN_PROGRESS),  # due soon
        (TODAY + datetime.timedelta(days=15), Status.IN_PROGRESS),  # later
        (TODAY - datetime.timedelta(days=5), Status.AWAITING_VERIFICATION),  # done, not overdue
    ]:
        ActionFactory(plan=plan, target_date=target, status=status)
    reminder = ReminderFactory(
        action=None,
        kind=ReminderKind.WEEKLY_DIGEST,
        subject=f"agency:{agency.pk}",
        due_on=TODAY,
        recipient=lead,
        partnership=world.north,
    )

    with django_assert_max_num_queries(3):
        message = message_for(reminder, today=TODAY)

    assert message.title == "Weekly digest for Northshire Housing: week of 2 June 2025"
    assert "Overdue: 2\nDue in the next 14 days: 2\nAwaiting verification: 1" in message.body
    assert message.url == reverse("agency_work")


def test_monthly_summary_links_to_the_home_page(world):
    reminder = ReminderFactory(
        action=None,
        kind=ReminderKind.MONTHLY_SUMMARY,
        subject=f"partnership:{world.north.pk}",
        due_on=datetime.date(2025, 6, 1),
        recipient=world.board_member,
        partnership=world.north,
    )

    message = message_for(reminder, today=TODAY)

    assert message.title == "Monthly summary for Northshire Safeguarding Children Partnership: June 2025"
    assert "Open reviews: " in message.body
    assert "Awaiting verification: " in message.body
    assert message.url == reverse("home")
    _assert_names_no_child(message, world)


def test_a_late_reminder_says_so(world, action):
    reminder = _reminder(action, ReminderKind.DUE_SOON, datetime.date(2025, 6, 2), late=True)

    message = message_for(reminder, today=datetime.date(2025, 6, 5))

    assert message.body.endswith("This reminder is late: the system could not send it on 2 June 2025.")
