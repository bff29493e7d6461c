"""Delivery of reminders: never lost, never sent twice.

`queue_pending` marks pending reminders as queued and queues one task per id once that is committed; a
task the broker loses leaves its reminder pending, and a later sweep queues it again once `stale_after`
has passed. `deliver` locks the reminder's row and checks its state in one transaction, so a second
delivery of the same task (a redelivered message, a retry, a second sweep) finds it sent and does
nothing. Should the process die after the e-mail left but before the commit, the reminder is sent again
with the same Message-ID, so mail clients and people can tell it is the same message.
"""

import datetime
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from actions.choices import DONE_STATUSES
from actions.models import Evidence, ProgressUpdate
from actions.reminder_models import (
    Notification,
    Reminder,
    ReminderKind,
    ReminderPreference,
    ReminderState,
)
from agencies.models import Agency, Membership, Role
from reviews.clock.deadlines import deadlines_for
from reviews.models import Stage

from .messages import Message, message_for, subject_id

SENT = "sent"
SKIPPED = "skipped"
ALREADY_SENT = "already sent"
GONE = "gone"

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
ACTION_KINDS = (ReminderKind.DUE_SOON, ReminderKind.OVERDUE, ReminderKind.LONG_OVERDUE, ReminderKind.DRIFT)


def message_id(reminder_id: int) -> str:
    """The same for every sending of one reminder, so a resend is recognisably the same message."""
    return f"<reminder-{reminder_id}@practice-review-tracker>"


def email_required_kinds(partnership_id: int) -> frozenset[str]:
    """Kinds the partnership sends by e-mail whatever people choose."""
    from .policy import policy_for  # imported here: the policy lives beside the sweep

    return frozenset(policy_for(partnership_id).email_required)


def _action_still_due(reminder, today: datetime.date) -> bool:
    action = reminder.action
    if action is None or action.status in DONE_STATUSES:
        return False
    if reminder.kind == ReminderKind.DUE_SOON:
        # Once past its date the overdue reminder says what matters.
        return action.due_date >= today
    if reminder.kind == ReminderKind.DRIFT:
        # An update written since the reminder was found is the progress it asked for.
        return not ProgressUpdate.objects.filter(action=action, created_at__gt=reminder.created_at).exists()
    # Overdue and long overdue: not when a revised target date has put it back in the future.
    return action.due_date < today


def _evidence_still_due(reminder) -> bool:
    return Evidence.objects.filter(pk=subject_id(reminder.subject), recheck_on=reminder.due_on).exists()


def _review_deadline_still_due(reminder, today: datetime.date) -> bool:
    review = reminder.review
    if review is None or review.status == Stage.CLOSED:
        return False
    key = reminder.subject.split(":", 2)[-1]
    return any(d.key == key and d.is_open for d in deadlines_for(review, today=today))


def _digest_still_due(reminder) -> bool:
    agency_id = subject_id(reminder.subject)
    return (
        Agency.objects.filter(pk=agency_id, is_active=True).exists()
        and Membership.objects.filter(
            user_id=reminder.recipient_id, agency_id=agency_id, role=Role.AGENCY_LEAD
        ).exists()
    )


def still_due(reminder, *, today: datetime.date | None = None) -> bool:
    """Whether the reminder is still worth sending: its subject still needs it and its recipient is
    still active in the partnership."""
    today = today or timezone.localdate()
    recipient = reminder.recipient
    if not recipient.is_active:
        return False
    if not Membership.objects.filter(user=recipient, partnership_id=reminder.partnership_id).exists():
        return False
    if reminder.kind in ACTION_KINDS:
        return _action_still_due(reminder, today)
    if reminder.kind == ReminderKind.IMPACT_RECHECK:
        return _evidence_still_due(reminder)
    if reminder.kind == ReminderKind.REVIEW_DEADLINE:
        return _review_deadline_still_due(reminder, today)
    if reminder.kind == ReminderKind.WEEKLY_DIGEST:
        return _digest_still_due(reminder)
    return True  # the monthly summary is due while its reader is in the partnership


def wants_email(reminder) -> bool:
    """By e-mail when the recipient has an address and chose it (the default) or policy requires it."""
    if not reminder.recipient.email:
        return False
    chosen = (
        ReminderPreference.objects.filter(user_id=reminder.recipient_id, kind=reminder.kind)
        .values_list("by_email", flat=True)
        .first()
    )
    return chosen is not False or reminder.kind in email_required_kinds(reminder.partnership_id)


def _absolute(url: str) -> str:
    return getattr(settings, "SITE_URL", DEFAULT_SITE_URL).rstrip("/") + url


def build_email(reminder, message: Message) -> EmailMessage:
    context = {
        "title": message.title,
        "body": message.body,
        "link": _absolute(message.url),
        "late": reminder.late,
        "partnership": reminder.partnership.name,
    }
    subject = " ".join(render_to_string("actions/reminders/email/subject.txt", context).split())
    return EmailMessage(
        subject=subject,
        body=render_to_string("actions/reminders/email/body.txt", context),
        to=[reminder.recipient.email],
        headers={"Message-ID": message_id(reminder.pk)},
    )


def _deliver_locked(reminder_id: int, now: datetime.datetime) -> str:
    reminder = Reminder.objects.select_for_update().filter(pk=reminder_id).first()
    if reminder is None:
        return GONE
    if reminder.state != ReminderState.PENDING:
        return ALREADY_SENT
    if not still_due(reminder, today=timezone.localdate(now)):
        reminder.state = ReminderState.SKIPPED
        reminder.save(update_fields=["state"])
        return SKIPPED
    message = message_for(reminder, today=timezone.localdate(now))
    # One to one with the reminder: the database refuses a second notification.
    Notification.objects.get_or_create(
        reminder=reminder,
        defaults={
            "recipient_id": reminder.recipient_id,
            "title": message.title,
            "body": message.body,
            "url": message.url,
            "late": reminder.late,
        },
    )
    emailed = wants_email(reminder)
    reminder.state = ReminderState.SENT
    reminder.sent_at = now
    reminder.emailed = emailed
    reminder.attempts += 1
    reminder.save(update_fields=["state", "sent_at", "emailed", "attempts"])
    if emailed:
        # Last, inside the transaction: a failure rolls everything back and the task retries. Only a
        # worker killed between the mail server accepting it and the commit can make it send again,
        # and then with the same Message-ID, which mail systems take as the same message.
        build_email(reminder, message).send()
    return SENT


def deliver(reminder_id: int, *, now: datetime.datetime | None = None) -> str:
    """Send one reminder: "sent", "skipped" (no longer due), "already sent" or "gone" (deleted)."""
    try:
        with transaction.atomic():
            return _deliver_locked(reminder_id, now or timezone.now())
    except Exception:
        # Counted outside the rolled-back transaction, so the admin shows reminders that keep failing.
        Reminder.objects.filter(pk=reminder_id, state=ReminderState.PENDING).update(
            attempts=F("attempts") + 1
        )
        raise


def queue_pending(
    *, now: datetime.datetime | None = None, stale_after: datetime.timedelta | None = None
) -> int:
    """Queue a delivery for each pending reminder that has fallen due and was never queued, or was queued
    longer than `stale_after` ago (its task was lost). Returns how many were queued."""
    from actions.tasks import deliver_reminder  # the tasks module imports this one

    now = now or timezone.now()
    if stale_after is None:
        stale_after = datetime.timedelta(seconds=settings.REMINDER_REQUEUE_AFTER_SECONDS)
    waiting = Q(queued_at__isnull=True) | Q(queued_at__lt=now - stale_after)
    with transaction.atomic():
        # skip_locked: a reminder being delivered now, or claimed by a sweep running alongside, is theirs.
        ids = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(waiting, state=ReminderState.PENDING, due_on__lte=timezone.localdate(now))
            .order_by("due_on", "pk")
            .values_list("pk", flat=True)
        )
        Reminder.objects.filter(pk__in=ids).update(queued_at=now)
        for reminder_id in ids:
            # robust: a broker that is down loses this message only; the reminder stays pending and a
            # later sweep queues it again.
            transaction.on_commit(partial(deliver_reminder.delay, reminder_id), robust=True)
    return len(ids)
