"""The reminder sweep: what falls due, for whom, once, and at a cost that grows with what is due."""

import datetime

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from actions.models import Action, Reminder, ReminderKind, ReminderPolicy, Status
from actions.reminders import sweep as sweep_module
from actions.reminders.sweep import SweepResult, sweep
from agencies.models import Role
from reviews.models import Stage
from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    MembershipFactory,
    ProgressUpdateFactory,
    ReviewFactory,
)

# A Wednesday, well before the world's actions fall due (31 March 2025).
TODAY = datetime.date(2025, 3, 5)
MONDAY = datetime.date(2025, 3, 3)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def sent_to(kind: str, subject: str) -> set[tuple[str, datetime.date, bool]]:
    """(recipient's username, due date, late) of every reminder of this kind about this subject."""
    return {
        (r.recipient.username, r.due_on, r.late)
        for r in Reminder.objects.filter(kind=kind, subject=subject).select_related("recipient")
    }


def subject(action) -> str:
    return f"action:{action.pk}"


def csc_action(world, **kwargs):
    """An action of North's CSC plan, owned by csc_owner unless told otherwise."""
    kwargs.setdefault("owner", world.csc_owner)
    return ActionFactory(plan=world.plans["A-csc"], recommendations=[world.recommendations["A1"]], **kwargs)


def set_created(action, day: datetime.date) -> None:
    """Pretend the action was recorded on `day` (created_at is set on insert)."""
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    Action.objects.filter(pk=action.pk).update(created_at=moment)


# --- each kind: recipients and due date -----------------------------------------------------------------


def test_due_soon_reaches_the_owner_on_each_trigger_day(world):
    in_14 = csc_action(world, target_date=TODAY + days(14))
    in_3 = csc_action(world, target_date=TODAY + days(3))
    in_20 = csc_action(world, target_date=TODAY + days(20))

    result = sweep(today=TODAY)

    assert sent_to(ReminderKind.DUE_SOON, subject(in_14)) == {("csc_owner", TODAY, False)}
    assert sent_to(ReminderKind.DUE_SOON, subject(in_3)) == {("csc_owner", TODAY, False)}
    assert sent_to(ReminderKind.DUE_SOON, subject(in_20)) == set()
    assert result.due_soon == 2


def test_due_soon_without_an_owner_reaches_the_agency_leads(world):
    unowned = csc_action(world, owner=None, target_date=TODAY + days(14))

    sweep(today=TODAY)

    assert sent_to(ReminderKind.DUE_SOON, subject(unowned)) == {("csc_lead", TODAY, False)}


def test_only_the_latest_trigger_passed_is_created(world):
    """Both the 14- and 3-day triggers have passed (the first sweep to see it): only the 3-day one, late."""
    in_2 = csc_action(world, target_date=TODAY + days(2))

    sweep(today=TODAY)

    assert sent_to(ReminderKind.DUE_SOON, subject(in_2)) == {("csc_owner", TODAY - days(1), True)}


def test_an_action_due_today_is_due_soon_and_not_yet_overdue(world):
    due_today = csc_action(world, target_date=TODAY)

    sweep(today=TODAY)

    assert sent_to(ReminderKind.DUE_SOON, subject(due_today)) == {("csc_owner", TODAY - days(3), True)}
    assert sent_to(ReminderKind.OVERDUE, subject(due_today)) == set()


def test_overdue_reaches_the_owner_and_the_agency_leads_from_the_day_after(world):
    late = csc_action(world, target_date=TODAY - days(1))

    sweep(today=TODAY)

    assert sent_to(ReminderKind.OVERDUE, subject(late)) == {
        ("csc_owner", TODAY, False),
        ("csc_lead", TODAY, False),
    }
    # Overdue covers it: no "due soon" for an action already past its date.
    assert sent_to(ReminderKind.DUE_SOON, subject(late)) == set()


def test_long_overdue_escalates_to_the_panel_chair(world):
    very_late = csc_action(world, target_date=TODAY - days(28))
    not_yet = csc_action(world, target_date=TODAY - days(27))

    sweep(today=TODAY)

    assert sent_to(ReminderKind.LONG_OVERDUE, subject(very_late)) == {("panel_chair", TODAY, False)}
    assert sent_to(ReminderKind.LONG_OVERDUE, subject(not_yet)) == set()


def test_drift_counts_from_the_latest_progress_update(world):
    drifting = csc_action(world, target_date=TODAY + days(90))
    ProgressUpdateFactory(action=drifting, author=world.csc_owner, written_on=TODAY - days(90))
    ProgressUpdateFactory(action=drifting, author=world.csc_owner, written_on=TODAY - days(60))
    recent = csc_action(world, target_date=TODAY + days(90))
    ProgressUpdateFactory(action=recent, author=world.csc_owner, written_on=TODAY - days(59))

    sweep(today=TODAY)

    assert sent_to(ReminderKind.DRIFT, subject(drifting)) == {("csc_owner", TODAY, False)}
    assert sent_to(ReminderKind.DRIFT, subject(recent)) == set()


def test_drift_without_updates_counts_from_the_day_the_action_was_recorded(world):
    silent = csc_action(world, owner=None, target_date=TODAY + days(90))
    set_created(silent, TODAY - days(61))

    sweep(today=TODAY)

    assert sent_to(ReminderKind.DRIFT, subject(silent)) == {("csc_lead", TODAY - days(1), True)}


def test_impact_recheck_of_the_latest_impact_evidence_reaches_owner_and_leads(world):
    done = csc_action(world, target_date=TODAY - days(40), status=Status.AWAITING_VERIFICATION)
    older = EvidenceFactory(action=done, added_by=world.csc_owner, impact=True, recheck_on=TODAY - days(5))
    latest = EvidenceFactory(action=done, added_by=world.csc_owner, impact=True, recheck_on=TODAY)
    later = csc_action(world, target_date=TODAY - days(40), status=Status.AWAITING_VERIFICATION)
    EvidenceFactory(action=later, added_by=world.csc_owner, impact=True, recheck_on=TODAY + days(1))

    result = sweep(today=TODAY)

    assert sent_to(ReminderKind.IMPACT_RECHECK, f"evidence:{latest.pk}") == {
        ("csc_owner", TODAY, False),
        ("csc_lead", TODAY, False),
    }
    assert sent_to(ReminderKind.IMPACT_RECHECK, f"evidence:{older.pk}") == set()
    assert result.impact_recheck == 2
    reminder = Reminder.objects.filter(kind=ReminderKind.IMPACT_RECHECK).first()
    assert (reminder.action, reminder.partnership) == (done, world.north)


def test_review_deadline_reaches_panel_chairs_and_admins_on_the_warning_day(world):
    # Aware on Wednesday 5 March: notify the national Panel within 5 working days (by 12 March); the
    # warning comes 5 working days before that, today.
    review = ReviewFactory(partnership=world.north, undated=True, aware_on=TODAY)

    sweep(today=TODAY)

    key = f"review:{review.pk}:notify_panel"
    assert sent_to(ReminderKind.REVIEW_DEADLINE, key) == {
        ("panel_chair", TODAY, False),
        ("partnership_admin", TODAY, False),
    }
    assert Reminder.objects.filter(subject=key).first().review == review


def test_review_deadline_not_yet_in_its_warning_days_gives_nothing(world):
    review = ReviewFactory(partnership=world.north, undated=True, aware_on=TODAY + days(1))

    sweep(today=TODAY)

    assert sent_to(ReminderKind.REVIEW_DEADLINE, f"review:{review.pk}:notify_panel") == set()


def test_an_overdue_deadline_gets_one_late_reminder_on_its_warning_day(world):
    review = ReviewFactory(partnership=world.north, undated=True, aware_on=TODAY - days(28))

    sweep(today=TODAY)
    sweep(today=TODAY + days(1))

    # 5 working days after Wednesday 5 February is 12 February; 5 working days before it, 5 February.
    key = f"review:{review.pk}:notify_panel"
    warning_day = datetime.date(2025, 2, 5)
    assert sent_to(ReminderKind.REVIEW_DEADLINE, key) == {
        ("panel_chair", warning_day, True),
        ("partnership_admin", warning_day, True),
    }


def test_closed_reviews_give_no_deadline_reminders(world):
    review = ReviewFactory(
        partnership=world.north,
        undated=True,
        aware_on=TODAY,
        status=Stage.CLOSED,
        closed_on=TODAY,
        closure_rationale="Recorded in error: the incident did not meet the criteria.",
    )

    sweep(today=TODAY)

    assert not Reminder.objects.filter(subject__startswith=f"review:{review.pk}:").exists()


def test_weekly_digest_for_each_lead_of_an_agency_with_open_actions(world):
    sweep(today=MONDAY)

    csc, police, health = (world.agencies[name] for name in ("north_csc", "north_police", "north_health"))
    assert sent_to(ReminderKind.WEEKLY_DIGEST, f"agency:{csc.pk}") == {("csc_lead", MONDAY, False)}
    assert sent_to(ReminderKind.WEEKLY_DIGEST, f"agency:{police.pk}") == {("police_lead", MONDAY, False)}
    # Health has open actions but nobody leads it here.
    assert sent_to(ReminderKind.WEEKLY_DIGEST, f"agency:{health.pk}") == set()


def test_weekly_digest_found_after_monday_is_late_and_made_once_a_week(world):
    csc = world.agencies["north_csc"]

    sweep(today=TODAY)
    sweep(today=TODAY + days(1))

    assert sent_to(ReminderKind.WEEKLY_DIGEST, f"agency:{csc.pk}") == {("csc_lead", MONDAY, True)}


def test_no_digest_for_an_agency_whose_actions_are_all_done(world):
    police = world.agencies["north_police"]
    Action.objects.filter(plan__agency=police).update(status=Status.SUPERSEDED)

    sweep(today=MONDAY)

    assert sent_to(ReminderKind.WEEKLY_DIGEST, f"agency:{police.pk}") == set()


def test_monthly_summary_for_board_members_of_partnerships_with_reviews(world):
    south_board = MembershipFactory(partnership=world.south, role=Role.BOARD_MEMBER).user

    result = sweep(today=TODAY)

    first = datetime.date(2025, 3, 1)
    assert sent_to(ReminderKind.MONTHLY_SUMMARY, f"partnership:{world.north.pk}") == {
        ("board_member", first, True)
    }
    assert sent_to(ReminderKind.MONTHLY_SUMMARY, f"partnership:{world.south.pk}") == {
        (south_board.username, first, True)
    }
    assert result.monthly_summary == 2


# --- once, and only once ----------------------------------------------------------------------------


def test_a_second_sweep_creates_nothing(world):
    csc_action(world, target_date=TODAY + days(3))
    csc_action(world, target_date=TODAY - days(30))

    first = sweep(today=TODAY)
    count = Reminder.objects.count()
    second = sweep(today=TODAY)

    assert first.created > 0
    assert second == SweepResult()
    assert second.created == 0
    assert Reminder.objects.count() == count


def test_rows_another_sweep_inserted_meanwhile_are_ignored_by_the_insert(world, monkeypatch):
    """A sweep running alongside read before the first one committed: its insert conflicts, harmlessly."""
    csc_action(world, target_date=TODAY + days(3))
    csc_action(world, target_date=TODAY - days(30))
    sweep(today=TODAY)
    count = Reminder.objects.count()

    # The second sweep no longer sees the rows already there, as if it had read before they were.
    monkeypatch.setattr(sweep_module, "_not_yet", lambda kind: Q())
    monkeypatch.setattr(sweep_module._Rows, "add_unless_present", _add_all)
    racing = sweep(today=TODAY)

    assert racing.created > 0
    assert Reminder.objects.count() == count


def _add_all(rows, kind, candidates):
    for subject, due_on, recipient_id, partnership_id, review_id in candidates:
        rows.add(kind, subject, due_on, recipient_id, partnership_id, review_id=review_id)


def test_the_owner_who_is_also_a_lead_gets_one_reminder(world):
    late = csc_action(world, owner=world.csc_lead, target_date=TODAY - days(1))

    result = sweep(today=TODAY)

    assert sent_to(ReminderKind.OVERDUE, subject(late)) == {("csc_lead", TODAY, False)}
    assert result.overdue == 1


def test_catch_up_after_ten_days_down_creates_each_missed_reminder_once_and_late(world):
    sweep(today=TODAY)
    before = set(Reminder.objects.values_list("pk", flat=True))
    back = TODAY + days(10)  # Saturday 15 March
    # While the system was down: one action fell overdue, another came within 14 days of its date, a
    # review was notified and the weekly digest of Monday 10 March fell due.
    fell_overdue = csc_action(world, target_date=TODAY + days(4))
    came_due = csc_action(world, target_date=TODAY + days(20))
    review = ReviewFactory(partnership=world.north, undated=True, aware_on=TODAY + days(1))

    result = sweep(today=back)
    again = sweep(today=back)

    assert sent_to(ReminderKind.OVERDUE, subject(fell_overdue)) == {
        ("csc_owner", TODAY + days(5), True),
        ("csc_lead", TODAY + days(5), True),
    }
    # Its 3-day trigger passed too, but it is overdue now: overdue covers it.
    assert sent_to(ReminderKind.DUE_SOON, subject(fell_overdue)) == set()
    assert sent_to(ReminderKind.DUE_SOON, subject(came_due)) == {("csc_owner", TODAY + days(6), True)}
    assert sent_to(ReminderKind.REVIEW_DEADLINE, f"review:{review.pk}:notify_panel") == {
        ("panel_chair", TODAY + days(1), True),
        ("partnership_admin", TODAY + days(1), True),
    }
    csc = world.agencies["north_csc"]
    assert sent_to(ReminderKind.WEEKLY_DIGEST, f"agency:{csc.pk}") == {
        ("csc_lead", MONDAY, True),
        ("csc_lead", MONDAY + days(7), True),
    }
    new = Reminder.objects.exclude(pk__in=before)
    assert new.count() == result.created == result.late
    assert all(reminder.late for reminder in new)
    assert again.created == 0


def test_a_revised_date_gives_new_due_soon_reminders_for_the_new_date(world):
    action = csc_action(world, target_date=TODAY + days(14))
    sweep(today=TODAY)
    Action.objects.filter(pk=action.pk).update(
        revised_target_date=TODAY + days(40), revision_reason="The audit tool is being replaced."
    )

    for later in (1, 15, 26, 37):
        sweep(today=TODAY + days(later))

    assert sent_to(ReminderKind.DUE_SOON, subject(action)) == {
        ("csc_owner", TODAY, False),
        ("csc_owner", TODAY + days(26), False),
        ("csc_owner", TODAY + days(37), False),
    }
    # Once the original date has passed the action is not overdue: its date is the revised one.
    assert sent_to(ReminderKind.OVERDUE, subject(action)) == set()


# --- who and what gets nothing ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.AWAITING_VERIFICATION, Status.VERIFIED, Status.SUPERSEDED])
def test_done_actions_get_no_action_reminders(world, status):
    kwargs = {"status": status}
    if status == Status.VERIFIED:
        kwargs |= {
            "verified_by": world.panel_member,
            "verified_at": datetime.datetime(2025, 1, 2, tzinfo=datetime.UTC),
        }
    soon = csc_action(world, target_date=TODAY + days(3), **kwargs)
    late = csc_action(world, target_date=TODAY - days(60), **kwargs)
    set_created(late, TODAY - days(200))

    sweep(today=TODAY)

    assert not Reminder.objects.filter(action__in=[soon, late]).exists()


def test_not_achieved_actions_are_still_open(world):
    late = csc_action(world, target_date=TODAY - days(1), status=Status.NOT_ACHIEVED)

    sweep(today=TODAY)

    assert sent_to(ReminderKind.OVERDUE, subject(late)) == {
        ("csc_owner", TODAY, False),
        ("csc_lead", TODAY, False),
    }


def test_impact_recheck_only_once_the_action_is_done(world):
    open_action = csc_action(world, target_date=TODAY + days(90), status=Status.IN_PROGRESS)
    evidence = EvidenceFactory(action=open_action, added_by=world.csc_owner, impact=True, recheck_on=TODAY)

    sweep(today=TODAY)

    assert sent_to(ReminderKind.IMPACT_RECHECK, f"evidence:{evidence.pk}") == set()


def test_inactive_people_get_nothing(world):
    world.csc_owner.is_active = False
    world.csc_owner.save()
    world.panel_chair.is_active = False
    world.panel_chair.save()
    soon = csc_action(world, target_date=TODAY + days(3))
    very_late = csc_action(world, target_date=TODAY - days(40))
    review = ReviewFactory(partnership=world.north, undated=True, aware_on=TODAY)
    before = list(Reminder.objects.values_list("pk", flat=True))  # the world's own reminder

    sweep(today=TODAY)

    new = Reminder.objects.exclude(pk__in=before)
    assert not new.filter(recipient__in=[world.csc_owner, world.panel_chair]).exists()
    # An owner who cannot act is no owner: the agency's leads hear instead.
    assert sent_to(ReminderKind.DUE_SOON, subject(soon)) == {("csc_lead", TODAY, False)}
    assert sent_to(ReminderKind.OVERDUE, subject(very_late)) == {("csc_lead", TODAY - days(39), True)}
    assert sent_to(ReminderKind.LONG_OVERDUE, subject(very_late)) == set()
    assert sent_to(ReminderKind.REVIEW_DEADLINE, f"review:{review.pk}:notify_panel") == {
        ("partnership_admin", TODAY, False)
    }


def test_an_owner_who_left_the_agency_is_replaced_by_its_leads(world):
    soon = csc_action(world, target_date=TODAY + days(3))
    world.csc_owner.memberships.all().delete()

    sweep(today=TODAY)

    assert sent_to(ReminderKind.DUE_SOON, subject(soon)) == {("csc_lead", TODAY, False)}


# --- each partnership's policy ----------------------------------------------------------------------


def test_each_partnership_follows_its_own_policy(world):
    ReminderPolicy.objects.create(
        partnership=world.south, due_soon_days=[7], drift_days=30, escalate_after_days=10
    )
    south_lead = MembershipFactory(agency=world.agencies["south_csc"], role=Role.AGENCY_LEAD).user
    south_plan = world.plans["S-csc"]

    def south_action(**kwargs):
        return ActionFactory(plan=south_plan, recommendations=[world.recommendations["S1"]], **kwargs)

    south_drift = south_action(target_date=TODAY + days(90))
    ProgressUpdateFactory(action=south_drift, author=south_lead, written_on=TODAY - days(30))
    north_drift = csc_action(world, target_date=TODAY + days(90))
    ProgressUpdateFactory(action=north_drift, author=world.csc_owner, written_on=TODAY - days(30))
    south_soon, north_soon = (
        south_action(target_date=TODAY + days(14)),
        csc_action(world, target_date=TODAY + days(14)),
    )
    south_late = south_action(target_date=TODAY - days(10))
    north_late = csc_action(world, target_date=TODAY - days(10))

    sweep(today=TODAY)

    assert sent_to(ReminderKind.DRIFT, subject(south_drift)) == {(south_lead.username, TODAY, False)}
    assert sent_to(ReminderKind.DRIFT, subject(north_drift)) == set()
    assert sent_to(ReminderKind.DUE_SOON, subject(south_soon)) == set()
    assert sent_to(ReminderKind.DUE_SOON, subject(north_soon)) == {("csc_owner", TODAY, False)}
    assert sent_to(ReminderKind.LONG_OVERDUE, subject(south_late)) == {("outsider", TODAY, False)}
    assert sent_to(ReminderKind.LONG_OVERDUE, subject(north_late)) == set()


# --- cost -------------------------------------------------------------------------------------------------


def _sweep_queries(today) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        sweep(today=today)
    return [query["sql"] for query in captured.captured_queries]


def test_the_number_of_queries_does_not_grow_with_the_number_of_actions(world):
    sweep(today=TODAY)  # what the world itself has due

    def add(count, **kwargs):
        for _ in range(count):
            csc_action(world, **kwargs)

    add(5, target_date=TODAY + days(14))
    with_5 = _sweep_queries(TODAY)
    add(50, target_date=TODAY + days(14))
    with_50 = _sweep_queries(TODAY)

    assert len(with_5) == len(with_50)
    assert Reminder.objects.filter(kind=ReminderKind.DUE_SOON, due_on=TODAY).count() == 55


def test_the_queries_of_every_kind_do_not_grow_with_the_number_of_actions(world):
    """Selects only: on SQLite a large insert is split into batches of 999 parameters."""
    sweep(today=TODAY)

    def add(count, day):
        for _ in range(count):
            soon = csc_action(world, target_date=day + days(3))
            late = csc_action(world, owner=None, target_date=day - days(40))
            done = csc_action(world, target_date=day - days(40), status=Status.AWAITING_VERIFICATION)
            EvidenceFactory(action=done, added_by=world.csc_owner, impact=True, recheck_on=day)
            for action in (soon, late):
                set_created(action, day - days(61))

    add(5, TODAY + days(1))
    with_5 = [sql for sql in _sweep_queries(TODAY + days(1)) if not sql.startswith("INSERT")]
    add(50, TODAY + days(2))
    with_50 = [sql for sql in _sweep_queries(TODAY + days(2)) if not sql.startswith("INSERT")]

    assert len(with_5) == len(with_50)
    assert Reminder.objects.filter(kind=ReminderKind.IMPACT_RECHECK).count() == 2 * 55
