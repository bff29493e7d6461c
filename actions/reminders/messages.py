"""The words of a reminder: a title, a short body and the page it links to.

A message names the record (action number, agency, review reference, dates) and nothing else: never the
child's pseudonym, a review's title or an action's description, since an e-mail leaves the system and
may be read anywhere. The page behind the link applies the usual access rules.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from actions.choices import OPEN, Status
from actions.models import Action, ProgressUpdate, due_on_expression
from actions.reminder_models import ReminderKind
from agencies.models import Agency
from reviews.clock.deadlines import deadlines_for
from reviews.models import Review, Stage

# "Due in the next 14 days" in the digest and the board summary.
DUE_SOON_WITHIN_DAYS = 14
TITLE_MAX_LENGTH = 200


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    url: str


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def subject_id(subject: str) -> int:
    """The record id in a subject such as "agency:4" or "review:3:final_report"."""
    return int(subject.split(":")[1])


def _action_names(action: Action) -> tuple[str, str]:
    """A short name for the title and a full one for the body."""
    agency, reference = action.plan.agency, action.plan.review.reference
    short = f"Action {action.number} ({agency.short_name or agency.name}, {reference})"
    full = f"Action {action.number} of the {agency.name} action plan for review {reference}"
    return short, full


def _action_url(action: Action) -> str:
    return reverse("action_detail", args=[action.pk])


def _due_soon(reminder, today: datetime.date) -> Message:
    action = reminder.action
    short, full = _action_names(action)
    due = action.due_date
    left = (due - today).days
    when = "today" if left == 0 else f"in {_days(left)}" if left > 0 else f"{_days(-left)} ago"
    return Message(
        title=f"{short} is due on {long_date(due)}",
        body=f"{full} is due on {long_date(due)}, {when}. Record progress, or mark it complete on its page.",
        url=_action_url(action),
    )


def _overdue(reminder, today: datetime.date) -> Message:
    action = reminder.action
    short, full = _action_names(action)
    due = action.due_date
    late = max((today - due).days, 1)
    return Message(
        title=f"{short} is overdue",
        body=(
            f"{full} was due on {long_date(due)} and is {_days(late)} late. "
            "Record progress, mark it complete, or agree a revised target date."
        ),
        url=_action_url(action),
    )


def _long_overdue(reminder, today: datetime.date) -> Message:
    action = reminder.action
    short, full = _action_names(action)
    due = action.due_date
    late = max((today - due).days, 1)
    return Message(
        title=f"Escalated: {short[0].lower()}{short[1:]} is {_days(late)} overdue",
        body=(
            f"{full} was due on {long_date(due)} and is {_days(late)} late. It has been overdue for "
            "longer than the partnership allows, so it is escalated to you."
        ),
        url=_action_url(action),
    )


def _last_activity(action: Action) -> datetime.date:
    last_update = ProgressUpdate.objects.filter(action=action).aggregate(last=Max("written_on"))["last"]
    return last_update or timezone.localdate(action.created_at)


def _drift(reminder, today: datetime.date) -> Message:
    action = reminder.action
    short, full = _action_names(action)
    since = long_date(_last_activity(action))
    return Message(
        title=f"{short} has had no progress update since {since}",
        body=f"No progress update has been recorded for {full[0].lower()}{full[1:]} since {since}. "
        "Add an update on its page.",
        url=_action_url(action),
    )


def _impact_recheck(reminder, today: datetime.date) -> Message:
    action = reminder.action
    short, full = _action_names(action)
    return Message(
        title=f"Impact of {short[0].lower()}{short[1:]} is due for re-check",
        body=(
            f"Evidence of impact for {full[0].lower()}{full[1:]} is due to be re-checked on "
            f"{long_date(reminder.due_on)}. Check whether practice has changed and record what you find."
        ),
        url=_action_url(action),
    )


def _review_deadline(reminder, today: datetime.date) -> Message:
    review = reminder.review
    key = reminder.subject.split(":", 2)[2] if reminder.subject.count(":") >= 2 else ""
    deadline = next((d for d in deadlines_for(review, today=today) if d.key == key), None)
    if deadline is None or deadline.due_on is None:
        label, due, state = "A statutory deadline", reminder.due_on, ""
    else:
        label, due, state = deadline.label, deadline.due_on, f": {deadline.describe().lower()}"
    verb = "was" if due < today else "is"
    return Message(
        title=f"Review {review.reference}: {label[0].lower()}{label[1:]} by {long_date(due)}",
        body=f"The deadline \u201c{label}\u201d of review {review.reference} {verb} {long_date(due)}{state}.",
        url=reverse("review_detail", args=[review.pk]),
    )


def open_action_counts(actions, today: datetime.date) -> dict[str, int]:
    """Overdue, due in the next 14 days and awaiting verification, in one aggregate query."""
    soon = today + datetime.timedelta(days=DUE_SOON_WITHIN_DAYS)
    return actions.annotate(due=due_on_expression()).aggregate(
        overdue=Count("pk", filter=OPEN & Q(due__lt=today)),
        due_soon=Count("pk", filter=OPEN & Q(due__gte=today, due__lte=soon)),
        awaiting_verification=Count("pk", filter=Q(status=Status.AWAITING_VERIFICATION)),
    )


def _count_lines(counts: dict[str, int]) -> str:
    return (
        f"Overdue: {counts['overdue']}\n"
        f"Due in the next {DUE_SOON_WITHIN_DAYS} days: {counts['due_soon']}\n"
        f"Awaiting verification: {counts['awaiting_verification']}"
    )


def _weekly_digest(reminder, today: datetime.date) -> Message:
    agency = Agency.objects.get(pk=subject_id(reminder.subject))
    counts = open_action_counts(Action.objects.filter(plan__agency=agency), today)
    return Message(
        title=f"Weekly digest for {agency.name}: week of {long_date(reminder.due_on)}",
        body=f"The open actions of {agency.name} today:\n\n{_count_lines(counts)}",
        url=reverse("agency_work"),
    )


def _monthly_summary(reminder, today: datetime.date) -> Message:
    partnership = reminder.partnership
    counts = open_action_counts(Action.objects.filter(plan__review__partnership=partnership), today)
    open_reviews = Review.objects.filter(partnership=partnership).exclude(status=Stage.CLOSED).count()
    return Message(
        title=f"Monthly summary for {partnership.name}: {reminder.due_on:%B %Y}",
        body=(
            f"Open reviews: {open_reviews}\n\nThe partnership's open actions today:\n\n{_count_lines(counts)}"
        ),
        url=reverse("home"),
    )


_BUILDERS = {
    ReminderKind.DUE_SOON: _due_soon,
    ReminderKind.OVERDUE: _overdue,
    ReminderKind.LONG_OVERDUE: _long_overdue,
    ReminderKind.DRIFT: _drift,
    ReminderKind.IMPACT_RECHECK: _impact_recheck,
    ReminderKind.REVIEW_DEADLINE: _review_deadline,
    ReminderKind.WEEKLY_DIGEST: _weekly_digest,
    ReminderKind.MONTHLY_SUMMARY: _monthly_summary,
}


def late_note(reminder) -> str:
    return f"This reminder is late: the system could not send it on {long_date(reminder.due_on)}."


def message_for(reminder, *, today: datetime.date | None = None) -> Message:
    """The title, body and link of one reminder, in plain English; late ones say so."""
    today = today or timezone.localdate()
    message = _BUILDERS[reminder.kind](reminder, today)
    body = f"{message.body}\n\n{late_note(reminder)}" if reminder.late else message.body
    return Message(title=message.title[:TITLE_MAX_LENGTH], body=body, url=message.url)
