"""Delivery sends each reminder once, to the inbox and (when wanted) by e-mail, and never loses one."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from actions.choices import Status
from actions.reminder_models import (
    Notification,
    Reminder,
    ReminderKind,
    ReminderPolicy,
    ReminderPreference,
    ReminderState,
)
from actions.reminders import delivery
from tests.factories import ActionFactory, ReminderFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 6, 26, 9, 0, tzinfo=datetime.UTC)
DUE = datetime.date(2025, 6, 16)


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def action(world):
    return ActionFactory(plan=world.plans["A-csc"], owner=world.csc_owner, target_date=DUE)


@pytest.fixture
def reminder(action):
    return ReminderFactory(action=action, kind=ReminderKind.OVERDUE, due_on=DUE + datetime.timedelta(days=1))


def _notifications(reminder):
    return Notification.objects.filter(reminder=reminder)


def test_a_reminder_is_sent_once(reminder, world):
    assert delivery.deliver(reminder.pk, now=NOW) == "sent"
    assert delivery.deliver(reminder.pk, now=NOW) == "already sent"  # a redelivered task

    reminder.refresh_from_db()
    assert (reminder.state, reminder.sent_at, reminder.emailed, reminder.attempts) == (
        ReminderState.SENT,
        NOW,
        True,
        1,
    )
    notification = _notifications(reminder).get()
    assert notification.recipient == world.csc_owner
    assert notification.url == f"/actions/{reminder.action_id}/"
    assert notification.late is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.csc_owner.email]
    assert mail.outbox[0].subject == notification.title


def test_the_email_names_the_record_links_to_it_and_says_nothing_of_the_child(reminder, world, settings):
    settings.SITE_URL = "https://reviews.example.org/"
    delivery.deliver(reminder.pk, now=NOW)

    email = mail.outbox[0]
    text = f"{email.subject}\n{email.body}"
    assert f"Action {reminder.action.number} (CSC, REF-A) is overdue" in email.subject
    assert f"https://reviews.example.org/actions/{reminder.action_id}/" in email.body
    review = world.reviews["A"]
    assert review.pseudonym not in text
    assert review.title not in text
    assert reminder.action.description not in text


def test_the_message_id_is_the_reminders_so_a_resend_is_recognisable(reminder):
    delivery.deliver(reminder.pk, now=NOW)

    expected = f"<reminder-{reminder.pk}@practice-review-tracker>"
    assert mail.outbox[0].extra_headers["Message-ID"] == expected
    assert mail.outbox[0].message()["Message-ID"] == expected


def test_a_reminder_another_worker_sent_is_not_sent_again(reminder):
    # Two workers holding the same task: the second takes the lock after the first committed.
    Reminder.objects.filter(pk=reminder.pk).update(state=ReminderState.SENT, sent_at=NOW)

    assert delivery.deliver(reminder.pk, now=NOW) == "already sent"
    assert not _notifications(reminder).exists()
    assert mail.outbox == []


def test_a_deleted_reminder_is_gone(reminder):
    reminder_id = reminder.pk
    reminder.delete()

    assert delivery.deliver(reminder_id, now=NOW) == "gone"
    assert mail.outbox == []


@pytest.mark.parametrize(
    "change",
    [
        {"status": Status.AWAITING_VERIFICATION},
        {"status": Status.SUPERSEDED},
        {"revised_target_date": datetime.date(2025, 9, 30), "revision_reason": "New audit tool."},
    ],
    ids=["done", "superseded", "no longer overdue"],
)
def test_a_reminder_no_longer_due_is_skipped(reminder, change):
    for field, value in change.items():
        setattr(reminder.action, field, value)
    reminder.action.save()

    assert delivery.deliver(reminder.pk, now=NOW) == "skipped"
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.SKIPPED
    assert reminder.sent_at is None
    assert not _notifications(reminder).exists()
    assert mail.outbox == []
    assert delivery.deliver(reminder.pk, now=NOW) == "already sent"


def test_a_reminder_to_someone_no_longer_active_is_skipped(reminder, world):
    world.csc_owner.is_active = False
    world.csc_owner.save()

    assert delivery.deliver(reminder.pk, now=NOW) == "skipped"
    assert mail.outbox == []


def test_someone_who_chose_no_email_gets_the_notification_only(reminder, world):
    ReminderPreference.objects.create(user=world.csc_owner, kind=ReminderKind.OVERDUE, by_email=False)

    assert delivery.deliver(reminder.pk, now=NOW) == "sent"
    reminder.refresh_from_db()
    assert reminder.emailed is False
    assert _notifications(reminder).exists()
    assert mail.outbox == []


def test_kinds_the_policy_requires_go_by_email_whatever_people_choose(reminder, world):
    ReminderPreference.objects.create(user=world.csc_owner, kind=ReminderKind.OVERDUE, by_email=False)
    ReminderPolicy.objects.filter(partnership=world.north).update(email_required=[ReminderKind.OVERDUE])

    delivery.deliver(reminder.pk, now=NOW)

    reminder.refresh_from_db()
    assert reminder.emailed is True
    assert len(mail.outbox) == 1


def test_someone_without_an_email_address_gets_the_notification_only(reminder, world):
    world.csc_owner.email = ""
    world.csc_owner.save()

    assert delivery.deliver(reminder.pk, now=NOW) == "sent"
    assert _notifications(reminder).exists()
    assert mail.outbox == []


def test_a_late_reminder_is_marked_late(action):
    late = ReminderFactory(
        action=action, kind=ReminderKind.OVERDUE, due_on=datetime.date(2025, 6, 17), late=True
    )

    delivery.deliver(late.pk, now=NOW)

    assert _notifications(late).get().late is True
    assert mail.outbox[0].subject.startswith("Late reminder: ")
    assert "This reminder is late: the system could not send it on 17 June 2025." in mail.outbox[0].body


def test_a_failed_email_leaves_the_reminder_pending_for_a_retry(reminder, settings):
    settings.EMAIL_BACKEND = "tests.actions.reminders.test_delivery.FailingBackend"

    with pytest.raises(smtplib.SMTPException):
        delivery.deliver(reminder.pk, now=NOW)

    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (ReminderState.PENDING, 1)
    assert not _notifications(reminder).exists()  # rolled back with the rest

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert delivery.deliver(reminder.pk, now=NOW) == "sent"
    assert _notifications(reminder).count() == 1
    assert len(mail.outbox) == 1


# Queueing.


@pytest.fixture
def only_new_reminders(world):
    """The world's own reminder is out of the way, so each test counts only its own."""
    Reminder.objects.update(state=ReminderState.SKIPPED)


@pytest.fixture
def queued(monkeypatch):
    """The ids handed to the broker."""
    from actions.tasks import deliver_reminder

    ids = []
    monkeypatch.setattr(deliver_reminder, "delay", ids.append)
    return ids


def _pending(action, days_before_now, **extra):
    return ReminderFactory(
        action=action,
        kind=ReminderKind.OVERDUE,
        due_on=NOW.date() - datetime.timedelta(days=days_before_now),
        **extra,
    )


def test_queue_pending_queues_on_commit_and_marks_queued(
    action, only_new_reminders, queued, django_capture_on_commit_callbacks
):
    never = _pending(action, 1)
    lost = _pending(action, 2, queued_at=NOW - datetime.timedelta(minutes=11))
    fresh = _pending(action, 3, queued_at=NOW - datetime.timedelta(minutes=5))
    sent = _pending(action, 4, state=ReminderState.SENT, sent_at=NOW)
    not_yet_due = _pending(action, -1)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        count = delivery.queue_pending(now=NOW)
    assert queued == []  # nothing reaches the broker before the commit
    for callback in callbacks:
        callback()

    assert count == 2
    assert sorted(queued) == sorted([never.pk, lost.pk])
    for reminder in (never, lost):
        reminder.refresh_from_db()
        assert reminder.queued_at == NOW
    for reminder in (fresh, sent, not_yet_due):
        queued_at = reminder.queued_at
        reminder.refresh_from_db()
        assert reminder.queued_at == queued_at


def test_a_queued_reminder_is_not_queued_again_until_it_is_stale(
    action, only_new_reminders, queued, django_capture_on_commit_callbacks
):
    reminder = _pending(action, 1)

    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.queue_pending(now=NOW) == 1
        assert delivery.queue_pending(now=NOW + datetime.timedelta(minutes=9)) == 0
        # Its task was lost: a later sweep queues it again.
        assert delivery.queue_pending(now=NOW + datetime.timedelta(minutes=11)) == 1

    assert queued == [reminder.pk, reminder.pk]
    # Two tasks for one reminder still send it once.
    assert [delivery.deliver(pk, now=NOW) for pk in queued] == ["sent", "already sent"]
    assert len(mail.outbox) == 1
