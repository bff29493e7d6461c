"""Background work of spreadsheet imports. Tasks take ids only and re-read everything they need.

Each task is safe to run twice: acks_late means a worker lost mid-task has it delivered again, and the
services behind these tasks do nothing unless the import is still in the state the task expects.
"""

from celery import shared_task

from . import imports


@shared_task(bind=True, acks_late=True, ignore_result=True, name="actions.check_action_import")
def check_action_import(self, import_id: int) -> None:
    """Read and check an uploaded action plan; its page shows the progress and then the outcome."""
    imports.import_check(import_id)


@shared_task(bind=True, acks_late=True, ignore_result=True, name="actions.apply_action_import")
def apply_action_import(self, import_id: int) -> None:
    """Create the actions of a confirmed import, all or none."""
    imports.import_apply(import_id)
