"""Background work: spreadsheet imports and reminders. Tasks take ids only and re-read everything they need.

Each task is safe to run twice: acks_late means a worker lost mid-task has it delivered again, and the
services behind these tasks do nothing unless the import is still in the state the task expects.
"""

import dataclasses
import datetime
import smtplib

from celery import shared_task

from . import imports
from .reminders import delivery


@shared_task(bind=True, acks_late=True, ignore_result=True, name="actions.check_action_import")
def check_action_import(self, import_id: int) -> None:
    """Read and check an uploaded action plan; its page shows the progress and then the outcome."""
    imports.import_check(import_id)


@shared_task(bind=True, acks_late=True, ignore_result=True, name="actions.apply_action_import")
def apply_action_import(self, import_id: int) -> None:
    """Create the actions of a confirmed import, all or none."""
    imports.import_apply(import_id)


# Reminders: a periodic sweep finds what is due and queues one delivery per reminder (ids only).
# Deliveries retry named, passing failures (the mail server or network) with backoff; anything else is a
# bug, is not retried, and leaves the reminder pending for a later sweep to queue again.
DELIVERY_RETRY_FOR = (smtplib.SMTPException, ConnectionError, TimeoutError)


def _counts(result) -> dict[str, int]:
    """The whole numbers of a sweep's result: counts only, never anything about people."""
    if dataclasses.is_dataclass(result):
        fields = dataclasses.asdict(result)
    elif hasattr(result, "_asdict"):
        fields = result._asdict()
    else:
        fields = dict(result)
    return {name: value for name, value in fields.items() if isinstance(value, int)}


@shared_task(bind=True, acks_late=True, name="actions.sweep_reminders")
def sweep_reminders(self, today: str | None = None) -> dict[str, int]:
    """Create the reminders that have fallen due, then queue the deliveries still waiting.

    `today` (an ISO date) runs the sweep as of another day, to replay a day the service missed; beat
    passes nothing.
    """
    from .reminders import sweep  # imported here: the sweep module loads the models and the policy

    counts = _counts(sweep.sweep(today=datetime.date.fromisoformat(today) if today else None))
    counts["queued"] = delivery.queue_pending()
    return counts


@shared_task(
    bind=True,
    acks_late=True,
    name="actions.deliver_reminder",
    autoretry_for=DELIVERY_RETRY_FOR,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def deliver_reminder(self, reminder_id: int) -> str:
    """Send one reminder to the inbox (and by e-mail), once: "sent", "skipped", "already sent" or "gone"."""
    return delivery.deliver(reminder_id)
