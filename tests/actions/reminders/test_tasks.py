"""The reminder tasks call through to the sweep and delivery, carry ids only, and retry named errors only."""

import datetime
import importlib
import smtplib

import pytest
from django.conf import settings
from django.core import mail
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from django_celery_beat.schedulers import ModelEntry

from actions.reminder_models import Reminder, ReminderKind, ReminderState
from actions.reminders import delivery, sweep
from actions.tasks import deliver_reminder, sweep_reminders
from config.celery_app import app
from tests.factories import ActionFactory, ReminderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminder(world):
    action = ActionFactory(
        plan=world.plans["A-csc"], owner=world.csc_owner, target_date=datetime.date(2025, 6, 16)
    )
    return ReminderFactory(action=action, kind=ReminderKind.OVERDUE, due_on=datetime.date(2025, 6, 17))


@pytest.fixture
def queued(monkeypatch):
    ids = []
    monkeypatch.setattr(deliver_reminder, "delay", ids.append)
    return ids


def test_tasks_are_named_and_acknowledged_late():
    assert sweep_reminders.name == "actions.sweep_reminders"
    assert deliver_reminder.name == "actions.deliver_reminder"
    assert sweep_reminders.acks_late is True
    assert deliver_reminder.acks_late is True
    assert {"actions.sweep_reminders", "actions.deliver_reminder"} <= set(app.tasks)


def test_delivery_retries_named_errors_only_with_backoff():
    assert deliver_reminder.autoretry_for == (smtplib.SMTPException, ConnectionError, TimeoutError)
    assert not issubclass(ValueError, deliver_reminder.autoretry_for)
    assert issubclass(smtplib.SMTPServerDisconnected, deliver_reminder.autoretry_for)
    assert deliver_reminder.retry_backoff is True
    assert deliver_reminder.retry_backoff_max == 600
    assert deliver_reminder.retry_jitter is True
    assert deliver_reminder.max_retries == 8


def test_deliver_reminder_sends_once(reminder):
    assert deliver_reminder.run(reminder.pk) == "sent"
    assert deliver_reminder.apply(args=[reminder.pk]).get() == "already sent"
    assert len(mail.outbox) == 1


def test_a_mail_server_failure_is_retried_and_the_reminder_stays_pending(reminder, settings):
    settings.EMAIL_BACKEND = "tests.actions.reminders.test_delivery.FailingBackend"

    result = deliver_reminder.apply(args=[reminder.pk])

    assert result.failed()
    assert isinstance(result.result, smtplib.SMTPException)
    reminder.refresh_from_db()
    # The first try and eight retries; still pending, so a later sweep queues it again.
    assert (reminder.state, reminder.attempts) == (ReminderState.PENDING, 9)


def test_an_unexpected_error_is_not_retried(reminder, monkeypatch):
    calls = []

    def broken(reminder_id):
        calls.append(reminder_id)
        raise ValueError("a bug")

    monkeypatch.setattr(delivery, "deliver", broken)

    result = deliver_reminder.apply(args=[reminder.pk])

    assert result.failed()
    assert calls == [reminder.pk]


def test_sweep_reminders_sweeps_then_queues_and_returns_counts_only(
    reminder, queued, monkeypatch, django_capture_on_commit_callbacks
):
    Reminder.objects.exclude(pk=reminder.pk).update(state=ReminderState.SKIPPED)
    monkeypatch.setattr(sweep, "sweep", lambda **kwargs: sweep.SweepResult(overdue=2, late=1))

    with django_capture_on_commit_callbacks(execute=True):
        counts = sweep_reminders.run()

    assert counts["overdue"] == 2
    assert counts["late"] == 1
    assert counts["created"] == 2
    assert counts["queued"] == 1
    assert all(isinstance(value, int) for value in counts.values())
    assert queued == [reminder.pk]


def test_sweep_reminders_runs_the_real_sweep(world, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        counts = sweep_reminders.apply().get()

    marked = sorted(Reminder.objects.filter(queued_at__isnull=False).values_list("pk", flat=True))
    assert counts["created"] > 0
    assert counts["queued"] == len(marked)
    assert sorted(queued) == marked
    assert all(isinstance(value, int) for value in counts.values())


def test_the_beat_schedule_syncs_into_the_database_scheduler():
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-reminders"]
    assert entry["task"] == "actions.sweep_reminders"
    seconds = settings.REMINDER_SWEEP_SECONDS

    # What DatabaseScheduler.setup_schedule does with each entry when beat starts.
    ModelEntry.from_entry("sweep-reminders", app=app, **entry)

    task = PeriodicTask.objects.get(name="sweep-reminders")
    assert task.task == "actions.sweep_reminders"
    assert (task.interval.every, task.interval.period) == (seconds, IntervalSchedule.SECONDS)
    assert task.expire_seconds == seconds  # kept: an "expires" option would be dropped
    assert ModelEntry(task, app=app).options["expires"] == seconds


def test_every_reminder_the_sweep_finds_can_be_delivered(world, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sweep_reminders.run()

    outcomes = {deliver_reminder.run(reminder_id) for reminder_id in queued}

    assert outcomes <= {"sent", "skipped"}
    assert "sent" in outcomes
    pseudonyms = [review.pseudonym for review in world.reviews.values() if review.pseudonym]
    for email in mail.outbox:
        assert not any(p in f"{email.subject}\n{email.body}" for p in pseudonyms)


def test_the_sweep_interval_comes_from_the_environment(monkeypatch):
    from config.settings import base

    try:
        monkeypatch.delenv("PRT_REMINDER_SWEEP_SECONDS", raising=False)
        assert importlib.reload(base).CELERY_BEAT_SCHEDULE["sweep-reminders"]["schedule"] == 15 * 60
        monkeypatch.setenv("PRT_REMINDER_SWEEP_SECONDS", "300")
        entry = importlib.reload(base).CELERY_BEAT_SCHEDULE["sweep-reminders"]
        assert (entry["schedule"], entry["options"]["expire_seconds"]) == (300, 300)
    finally:
        monkeypatch.undo()
        importlib.reload(base)


def test_the_sweep_task_can_replay_another_day(world):
    before = sweep_reminders.run(today="2000-01-03")
    after = sweep_reminders.run(today="2030-01-07")

    assert before["overdue"] == 0
    assert after["overdue"] > 0
    overdue = Reminder.objects.filter(kind=ReminderKind.OVERDUE)
    assert not overdue.filter(due_on__gt=datetime.date(2029, 1, 1)).exists()  # due the day after the date
    assert overdue.filter(late=True).exists()
