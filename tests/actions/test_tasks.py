"""The import tasks run their service once, take ids only and exit quietly when there is nothing to do."""

import pytest

from actions.models import Action, ActionImport, ImportState
from actions.tasks import apply_action_import, check_action_import
from tests.actions.test_imports import happy_rows, xlsx_upload

pytestmark = pytest.mark.django_db


def _started(world, by, django_capture_on_commit_callbacks):
    from actions.imports import import_start

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        action_import = import_start(review=world.reviews["A"], by=by, upload=xlsx_upload(happy_rows()))
    assert len(callbacks) == 1  # the check is queued once the upload is committed
    return action_import


def test_tasks_are_declared_for_redelivery():
    for task in (check_action_import, apply_action_import):
        assert task.acks_late is True
        assert task.name.startswith("actions.")


def test_check_then_apply(world, csc_lead, django_capture_on_commit_callbacks):
    from actions.imports import import_confirm

    action_import = _started(world, csc_lead, django_capture_on_commit_callbacks)
    check_action_import.run(action_import.pk)
    action_import.refresh_from_db()
    assert action_import.state == ImportState.CHECKED
    assert (action_import.rows_done, action_import.total_rows) == (3, 3)

    before = Action.objects.count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_confirm(action_import=action_import, by=csc_lead)
    assert len(callbacks) == 1
    apply_action_import.apply(args=[action_import.pk])
    apply_action_import.apply(args=[action_import.pk])  # delivered twice

    action_import.refresh_from_db()
    assert action_import.state == ImportState.IMPORTED
    assert Action.objects.count() == before + 3


def test_tasks_exit_quietly_when_the_import_is_gone(world, csc_lead, django_capture_on_commit_callbacks):
    action_import = _started(world, csc_lead, django_capture_on_commit_callbacks)
    ActionImport.objects.filter(pk=action_import.pk).delete()

    check_action_import.run(action_import.pk)
    apply_action_import.run(action_import.pk)


def test_check_progress_is_written_as_it_goes(
    world, csc_lead, django_capture_on_commit_callbacks, monkeypatch
):
    from actions import imports

    monkeypatch.setattr(imports, "PROGRESS_EVERY", 1)
    seen = []
    real_update = imports.ActionImport.objects.filter(pk=0).update.__func__

    def spy(queryset, **fields):
        if "rows_done" in fields:
            seen.append(fields["rows_done"])
        return real_update(queryset, **fields)

    monkeypatch.setattr(type(imports.ActionImport.objects.filter(pk=0)), "update", spy)
    action_import = _started(world, csc_lead, django_capture_on_commit_callbacks)

    check_action_import.run(action_import.pk)

    assert seen[:4] == [0, 1, 2, 3]
