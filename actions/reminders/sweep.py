"""The reminder sweep: insert one Reminder row for everything that has fallen due and has none yet.

Everything is read from the database's state, not from timers. Each kind is found by a small, fixed
number of queries per group of partnerships sharing a policy, each selecting only the candidates (dates
and status are compared in SQL, and keys already present are left out with NOT EXISTS), so the cost of
a sweep grows with what is due, not with the number of actions.

Catch-up: the sweep selects every reminder due on or before `today` that has no row yet, so a sweep after
the system was down creates each missed reminder once, marked late (its due date is before today). Only
the latest due-soon trigger that has passed counts: when both the 14- and the 3-day triggers passed while
the system was down, only the 3-day reminder is created (late). Weekly digests and monthly summaries are
made for the current week and month only: an old digest would describe a state that has moved on.

The unique key (kind, subject, due date, recipient) and `bulk_create(ignore_conflicts=True)` make a rerun,
or a second sweep running alongside, add nothing. The sweep sends nothing: delivery does that.
"""

import datetime
import logging
from dataclasses import dataclass, field, fields
from typing import NamedTuple

from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, TruncDate
from django.utils import timezone

from actions.choices import OPEN, Status
from actions.models import Action, Evidence, EvidencePurpose, ProgressUpdate, due_on_expression
from actions.reminder_models import Reminder, ReminderKind
from agencies.models import Membership, Role
from reviews.clock import deadlines_for, working_days_before
from reviews.models import Review, Stage

from .policy import Policies, PolicyGroup, all_policies

logger = logging.getLogger(__name__)

# Impact is re-checked once the work is done: completed and awaiting verification, or verified.
IMPACT_STATUSES = (Status.AWAITING_VERIFICATION, Status.VERIFIED)
REVIEW_DEADLINE_ROLES = (Role.PANEL_CHAIR, Role.PARTNERSHIP_ADMIN)
INSERT_BATCH_SIZE = 5000


@dataclass(frozen=True)
class SweepResult:
    """How many reminders one sweep created, by kind, and how many of them were late. Counts only."""

    due_soon: int = 0
    overdue: int = 0
    long_overdue: int = 0
    drift: int = 0
    impact_recheck: int = 0
    review_deadline: int = 0
    weekly_digest: int = 0
    monthly_summary: int = 0
    late: int = 0
    created: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "created", sum(self.by_kind.values()))

    @property
    def by_kind(self) -> dict[str, int]:
        return {kind: getattr(self, kind) for kind in ReminderKind.values}


# A new kind of reminder needs its own count above.
assert {f.name for f in fields(SweepResult)} >= set(ReminderKind.values), "a kind has no count"


# --- SQL building blocks ------------------------------------------------------------------------------


def _shift(expression, days: int):
    """The date `days` days after (before, when negative) a date expression, as a date on every database."""
    if not days:
        return expression
    return Cast(expression + Value(datetime.timedelta(days=days)), DateField())


def _subject(prefix: str, pk_path: str):
    """The reminder's subject, e.g. "action:12", computed in SQL so NOT EXISTS can compare it."""
    return Concat(Value(f"{prefix}:"), Cast(pk_path, CharField()), output_field=CharField())


def _not_yet(kind: str) -> Exists:
    """No reminder yet with this row's key (the row annotates subject, remind_on and recipient_id)."""
    return ~Exists(
        Reminder.objects.filter(
            kind=kind,
            subject=OuterRef("subject"),
            due_on=OuterRef("remind_on"),
            recipient_id=OuterRef("recipient_id"),
        )
    )


def _owner_counts(action_path: str) -> Exists:
    """The action has an owner who can act on it: an active user who still works for the plan's agency."""
    return Exists(
        Membership.objects.filter(
            user_id=OuterRef(f"{action_path}owner_id"),
            agency_id=OuterRef(f"{action_path}plan__agency_id"),
            user__is_active=True,
        )
    )


class _Route(NamedTuple):
    """Who hears about a row: the rows it applies to, and the path of the recipient's user id.

    The condition and the annotation that reads the recipient share one join, so each pair of row and
    recipient comes back once.
    """

    condition: Q
    recipient: str


def _holders(role: str, memberships: str) -> _Route:
    """Active holders of `role` among the memberships reached by the path `memberships`."""
    return _Route(
        Q(**{f"{memberships}__role": role, f"{memberships}__user__is_active": True}),
        f"{memberships}__user_id",
    )


def _owner(action_path: str = "") -> _Route:
    return _Route(Q(owner_counts=True), f"{action_path}owner_id")


def _leads(action_path: str = "") -> _Route:
    return _holders(Role.AGENCY_LEAD, f"{action_path}plan__agency__memberships")


def _leads_without_owner(action_path: str = "") -> _Route:
    leads = _leads(action_path)
    return _Route(Q(owner_counts=False) & leads.condition, leads.recipient)


def _panel_chairs(action_path: str = "") -> _Route:
    return _holders(Role.PANEL_CHAIR, f"{action_path}plan__review__partnership__memberships")


# --- rows ---------------------------------------------------------------------------------------------


class _Rows:
    """The reminders to create, each key once."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.by_key: dict[tuple, Reminder] = {}

    def add(self, kind, subject, due_on, recipient_id, partnership_id, *, action_id=None, review_id=None):
        key = (kind, subject, due_on, recipient_id)
        if key not in self.by_key:
            self.by_key[key] = Reminder(
                kind=kind,
                subject=subject,
                due_on=due_on,
                recipient_id=recipient_id,
                partnership_id=partnership_id,
                action_id=action_id,
                review_id=review_id,
                late=due_on < self.today,
            )

    def add_routed(self, kind: str, base: QuerySet, routes: list[_Route], *, action_path: str = "") -> None:
        """Add the new (row, recipient) pairs of each route over `base`, which annotates subject and
        remind_on: one query per route."""
        partnership = f"{action_path}plan__review__partnership_id"
        action = "action_id" if action_path else "pk"
        for condition, recipient in routes:
            found = (
                base.filter(condition)
                .annotate(recipient_id=F(recipient))
                .filter(_not_yet(kind))
                .values_list("subject", "remind_on", "recipient_id", partnership, action)
            )
            for subject, remind_on, recipient_id, partnership_id, action_id in found:
                self.add(kind, subject, remind_on, recipient_id, partnership_id, action_id=action_id)

    def add_unless_present(self, kind: str, candidates: list[tuple]) -> None:
        """Add each candidate (subject, due_on, recipient_id, partnership_id, review_id) whose key has no
        row yet: one query."""
        if not candidates:
            return
        present = set(
            Reminder.objects.filter(kind=kind, subject__in={c[0] for c in candidates}).values_list(
                "subject", "due_on", "recipient_id"
            )
        )
        for subject, due_on, recipient_id, partnership_id, review_id in candidates:
            if (subject, due_on, recipient_id) not in present:
                self.add(kind, subject, due_on, recipient_id, partnership_id, review_id=review_id)


# --- actions ------------------------------------------------------------------------------------------


def _actions(group: PolicyGroup) -> QuerySet:
    """Open actions of the group's partnerships, with their due date, subject and owner's standing."""
    return (
        Action.objects.filter(group.filter("plan__review__partnership"))
        .filter(OPEN)
        .annotate(
            due=due_on_expression(),
            subject=_subject("action", "pk"),
            owner_counts=_owner_counts(""),
        )
        .order_by()
    )


def _due_soon(rows: _Rows, group: PolicyGroup) -> None:
    """Open actions due between today and the furthest trigger; each gets its latest trigger passed.

    An action already overdue is left to the overdue reminder. When several triggers have passed (the
    system was down), only the latest (the fewest days before the due date) is created.
    """
    days = sorted(group.policy.due_soon_days)
    if not days:
        return
    today = rows.today
    latest_trigger = Case(
        *(When(due__lte=today + datetime.timedelta(days=d), then=_shift(F("due"), -d)) for d in days),
        output_field=DateField(),
    )
    base = (
        _actions(group)
        .filter(due__gte=today, due__lte=today + datetime.timedelta(days=days[-1]))
        .annotate(remind_on=latest_trigger)
    )
    rows.add_routed(ReminderKind.DUE_SOON, base, [_owner(), _leads_without_owner()])


def _overdue(rows: _Rows, group: PolicyGroup) -> None:
    """Open actions past their due date: the owner and the agency's leads, from the day after it."""
    base = _actions(group).filter(due__lt=rows.today).annotate(remind_on=_shift(F("due"), 1))
    rows.add_routed(ReminderKind.OVERDUE, base, [_owner(), _leads()])


def _long_overdue(rows: _Rows, group: PolicyGroup) -> None:
    """Open actions overdue by the policy's time: escalated to the partnership's panel chairs."""
    days = group.policy.escalate_after_days
    base = (
        _actions(group)
        .filter(due__lte=rows.today - datetime.timedelta(days=days))
        .annotate(remind_on=_shift(F("due"), days))
    )
    rows.add_routed(ReminderKind.LONG_OVERDUE, base, [_panel_chairs()])


def _drift(rows: _Rows, group: PolicyGroup) -> None:
    """Open actions with no activity (progress update, else creation) for the policy's days."""
    days = group.policy.drift_days
    latest_update = (
        ProgressUpdate.objects.filter(action_id=OuterRef("pk"))
        .order_by("-written_on")
        .values("written_on")[:1]
    )
    base = (
        _actions(group)
        .annotate(
            last_activity=Coalesce(Subquery(latest_update), TruncDate("created_at"), output_field=DateField())
        )
        .filter(last_activity__lte=rows.today - datetime.timedelta(days=days))
        .annotate(remind_on=_shift(F("last_activity"), days))
    )
    rows.add_routed(ReminderKind.DRIFT, base, [_owner(), _leads_without_owner()])


def _impact_rechecks(rows: _Rows) -> None:
    """The latest impact evidence of each completed action, once its re-check date has come."""
    latest_impact = (
        Evidence.objects.filter(action_id=OuterRef("action_id"), purpose=EvidencePurpose.IMPACT)
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    base = (
        Evidence.objects.filter(
            purpose=EvidencePurpose.IMPACT, recheck_on__lte=rows.today, action__status__in=IMPACT_STATUSES
        )
        .filter(pk=Subquery(latest_impact))
        .annotate(
            subject=_subject("evidence", "pk"),
            remind_on=F("recheck_on"),
            owner_counts=_owner_counts("action__"),
        )
        .order_by()
    )
    rows.add_routed(
        ReminderKind.IMPACT_RECHECK, base, [_owner("action__"), _leads("action__")], action_path="action__"
    )


# --- reviews, digests and summaries -----------------------------------------------------------------


def _review_deadlines(rows: _Rows, policies: Policies) -> None:
    """Open statutory deadlines of open reviews, from the policy's working days before each is due.

    One reminder per deadline and person, due on the warning day; a deadline already overdue when first
    seen gets it too (late). The clock is computed in Python, so this reads every open review: few.
    """
    today = rows.today
    reviews = Review.objects.filter(closed_on__isnull=True).exclude(status=Stage.CLOSED)
    due = []  # (subject, warning day, partnership id, review id)
    for review in reviews.select_related("partnership").order_by():
        warning_days = policies[review.partnership_id].deadline_warning_days
        for deadline in deadlines_for(review, today=today):
            if not deadline.is_open or deadline.due_on is None:
                continue
            warning_day = working_days_before(deadline.due_on, warning_days, nation=review.partnership.nation)
            if warning_day <= today:
                due.append(
                    (f"review:{review.pk}:{deadline.key}", warning_day, review.partnership_id, review.pk)
                )
    if not due:
        return
    people: dict[int, list[int]] = {}
    for partnership_id, user_id in Membership.objects.filter(
        partnership_id__in={d[2] for d in due}, role__in=REVIEW_DEADLINE_ROLES, user__is_active=True
    ).values_list("partnership_id", "user_id"):
        people.setdefault(partnership_id, []).append(user_id)
    candidates = [
        (subject, warning_day, user_id, partnership_id, review_id)
        for subject, warning_day, partnership_id, review_id in due
        for user_id in people.get(partnership_id, ())
    ]
    rows.add_unless_present(ReminderKind.REVIEW_DEADLINE, candidates)


def _members(kind: str, role: str, subject, due_on: datetime.date, condition: Exists):
    """Active people holding `role` where `condition` holds, without this reminder yet (one query)."""
    return (
        Membership.objects.filter(role=role, user__is_active=True)
        .filter(condition)
        .annotate(
            subject=subject, remind_on=Value(due_on, output_field=DateField()), recipient_id=F("user_id")
        )
        .filter(_not_yet(kind))
        .order_by()
        .values_list("subject", "recipient_id", "partnership_id")
        .distinct()
    )


def _weekly_digests(rows: _Rows) -> None:
    """From Monday of this week: each lead of an agency with open actions, one digest per agency."""
    monday = rows.today - datetime.timedelta(days=rows.today.weekday())
    has_open_actions = Exists(Action.objects.filter(OPEN, plan__agency_id=OuterRef("agency_id")))
    kind = ReminderKind.WEEKLY_DIGEST
    found = _members(kind, Role.AGENCY_LEAD, _subject("agency", "agency_id"), monday, has_open_actions)
    for subject, user_id, partnership_id in found:
        rows.add(kind, subject, monday, user_id, partnership_id)


def _monthly_summaries(rows: _Rows) -> None:
    """From the 1st of this month: each board member of a partnership with reviews."""
    first = rows.today.replace(day=1)
    has_reviews = Exists(Review.objects.filter(partnership_id=OuterRef("partnership_id")))
    kind = ReminderKind.MONTHLY_SUMMARY
    found = _members(kind, Role.BOARD_MEMBER, _subject("partnership", "partnership_id"), first, has_reviews)
    for subject, user_id, partnership_id in found:
        rows.add(kind, subject, first, user_id, partnership_id)


# --- the sweep ----------------------------------------------------------------------------------------


def sweep(*, today: datetime.date | None = None) -> SweepResult:
    """Create every reminder due on or before `today` (default: today) that has no row yet; count them.

    A row that another sweep inserted meanwhile is ignored by the database, so two sweeps running at
    once may both count it; the table holds it once.
    """
    today = today or timezone.localdate()
    policies = all_policies()
    rows = _Rows(today)
    for group in policies.groups():
        _due_soon(rows, group)
        _overdue(rows, group)
        _long_overdue(rows, group)
        _drift(rows, group)
    _impact_rechecks(rows)
    _review_deadlines(rows, policies)
    _weekly_digests(rows)
    _monthly_summaries(rows)

    created = list(rows.by_key.values())
    if created:
        # One statement per batch, in one transaction (bulk_create's own); a key present already is skipped.
        # Batches keep a catch-up after a long outage (160,000 rows at national size) to modest statements.
        Reminder.objects.bulk_create(created, ignore_conflicts=True, batch_size=INSERT_BATCH_SIZE)
    counts = dict.fromkeys(ReminderKind.values, 0)
    for reminder in created:
        counts[reminder.kind] += 1
    result = SweepResult(**counts, late=sum(reminder.late for reminder in created))
    logger.info(
        "Reminder sweep for %s created %d reminders (%d late): %s", today, result.created, result.late, counts
    )
    return result
