"""Every deadline of one review, computed from its dates and the rule table. No queries of its own."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from reviews.models import Review, Stage

from .rules import Rule, Unit, rules_for
from .working_days import (
    next_working_day,
    previous_working_day,
    working_days_after,
    working_days_before,
    working_days_between,
)

MET = "met"
MET_LATE = "met_late"
DUE = "due"
OVERDUE = "overdue"
NOT_STARTED = "not_started"
OPEN_STATES = (DUE, OVERDUE)


def _plural(count: int) -> str:
    return f"{count} working day{'' if count == 1 else 's'}"


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    due_on: date | None
    done_on: date | None
    state: str
    # Working days until the due date while open (0: due today; negative when overdue), else None.
    days_left: int | None = None
    # Working days late when met late or overdue, else None.
    days_late: int | None = None
    basis: str = ""
    policy: bool = False
    # What starts the clock, for a deadline not started; or a follow-on date worth knowing.
    note: str = ""

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def describe(self) -> str:
        """A short text for the page: "3 working days left", "Met on 4 March 2024", ..."""
        if self.state == MET:
            return f"Met on {_long_date(self.done_on)}"
        if self.state == MET_LATE:
            return f"Met {_plural(self.days_late)} late" if self.days_late else "Met after the due date"
        if self.state == OVERDUE:
            return f"{_plural(self.days_late)} late" if self.days_late else "Overdue"
        if self.state == DUE:
            return f"{_plural(self.days_left)} left" if self.days_left else "Due today"
        return "Not started"

    @property
    def description(self) -> str:
        return self.describe()


def _add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _due_on(rule: Rule, anchor: date, nation: str) -> date:
    if rule.unit == Unit.WORKING_DAYS:
        shift = working_days_before if rule.before else working_days_after
        return shift(anchor, rule.amount, nation=nation)
    if rule.unit == Unit.MONTHS:
        target = _add_months(anchor, -rule.amount if rule.before else rule.amount)
    else:
        target = anchor + timedelta(days=-rule.amount if rule.before else rule.amount)
    # A calendar deadline on a weekend or bank holiday moves to the working day that keeps it safe:
    # back when something must happen before the anchor, forward when it must happen after it.
    move = previous_working_day if rule.before else next_working_day
    return move(target, nation=nation)


def _anchor(review: Review, rule: Rule) -> date | None:
    return next((day for day in (getattr(review, f) for f in rule.start_fields) if day), None)


def _waiting_note(rule: Rule) -> str:
    names = " or ".join(str(Review._meta.get_field(f).verbose_name) for f in rule.start_fields)
    return f"Starts when a date is recorded for: {names}"


def _deadline(review: Review, rule: Rule, nation: str, today: date) -> Deadline:
    done_on = getattr(review, rule.done_field)
    anchor = _anchor(review, rule)
    due_on = _due_on(rule, anchor, nation) if anchor else None
    common = {"key": rule.key, "label": rule.label, "due_on": due_on, "done_on": done_on}
    common |= {"basis": rule.basis, "policy": rule.policy}
    if due_on is None:
        if done_on is None:
            return Deadline(state=NOT_STARTED, note=_waiting_note(rule), **common)
        note = ""
        if rule.before and rule.unit == Unit.WORKING_DAYS:
            earliest = working_days_after(done_on, rule.amount, nation=nation)
            note = f"Publish on or after {_long_date(earliest)}"
        return Deadline(state=MET, note=note, **common)
    if done_on is not None:
        if done_on <= due_on:
            return Deadline(state=MET, **common)
        days_late = working_days_between(due_on, done_on, nation=nation)
        return Deadline(state=MET_LATE, days_late=days_late, **common)
    days_left = working_days_between(today, due_on, nation=nation)
    if today <= due_on:
        return Deadline(state=DUE, days_left=days_left, **common)
    return Deadline(state=OVERDUE, days_left=days_left, days_late=-days_left, **common)


def _applies(review: Review, rule: Rule) -> bool:
    return not (rule.void_when and getattr(review, rule.void_when) and not getattr(review, rule.done_field))


def deadlines_for(review: Review, *, today: date | None = None) -> list[Deadline]:
    """Every deadline of the review's kind and nation, in the order the rules list them."""
    today = today or timezone.localdate()
    nation = review.partnership.nation
    return [
        _deadline(review, rule, nation, today)
        for rule in rules_for(review.kind, nation)
        if _applies(review, rule)
    ]


def next_deadline(review: Review, *, today: date | None = None) -> Deadline | None:
    """The earliest open deadline, for the register. A closed review has none left to meet."""
    if review.status == Stage.CLOSED:
        return None
    open_deadlines = [d for d in deadlines_for(review, today=today) if d.is_open]
    return min(open_deadlines, key=lambda d: d.due_on, default=None)


@dataclass(frozen=True)
class Timeliness:
    """The deadlines a review has met, each on time or late.

    A deadline met before its due date could be known (a report sent before publication is dated) is
    left out: whether it was on time is not known yet.
    """

    met: tuple[Deadline, ...]

    @property
    def on_time(self) -> tuple[Deadline, ...]:
        return tuple(d for d in self.met if d.state == MET)

    @property
    def late(self) -> tuple[Deadline, ...]:
        return tuple(d for d in self.met if d.state == MET_LATE)

    @property
    def by_key(self) -> dict[str, bool]:
        """{deadline key: True when met on time, False when met late}."""
        return {d.key: d.state == MET for d in self.met}


def timeliness(review: Review) -> Timeliness:
    met = tuple(d for d in deadlines_for(review) if d.state in (MET, MET_LATE) and d.due_on is not None)
    return Timeliness(met=met)
