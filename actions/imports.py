"""Importing an action plan from a spreadsheet: upload, check in the background, confirm, apply.

Nothing reaches the plans until the uploader has seen the checked rows and confirmed. Applying is one
transaction that checks the rows again against the database as it is then, so an action number taken
or a recommendation deleted since the check stops the whole import, and nothing is saved.
"""

import datetime
import logging
from dataclasses import asdict
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agencies.models import AGENCY_ROLES, Membership
from agencies.permissions import review_permissions_sync, review_syncs_batched
from reviews.models import Recommendation

from .choices import Status
from .dashboards.cache import figures_batched
from .models import Action, ActionImport, ActionPlan, Evidence, EvidencePurpose, ImportState, ProgressUpdate
from .permissions import agencies_writable_by
from .rag import computed_rag
from .services import plan_create
from .spreadsheets.checking import ImportContext, PlannedAction, RowError, check_rows, normalise_name
from .spreadsheets.reading import NOT_A_SPREADSHEET, SpreadsheetError, read_table

logger = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".xlsx", ".csv")
PROGRESS_EVERY = 250
LONGEST_LINK = Evidence._meta.get_field("link").max_length
EVIDENCE_TITLE = "Evidence from the imported plan"
RAG_REASON = "Rating from the imported spreadsheet"
HISTORY_REASON = "Imported from a spreadsheet"
APPLY_FAILED = (
    "The actions could not be imported and nothing was saved. Upload the file again, and if it happens "
    "again contact the business unit"
)
CHECK_FAILED = "The file could not be checked. Try again, and if it happens again contact the business unit"


# --- The context the checker needs --------------------------------------------------------------------


def import_context_build(*, review, by, agency=None, today: datetime.date | None = None) -> ImportContext:
    """What the rows are checked against: the review's recommendations, the agencies `by` may import
    for (keyed by normalise_name of name and short name), their people and the numbers already used."""
    agencies = list(agencies_writable_by(by, review).order_by("name"))
    agency_ids = [item.pk for item in agencies]
    by_name: dict[str, int] = {}
    ambiguous: set[str] = set()
    for item in agencies:
        for name in {normalise_name(item.name), normalise_name(item.short_name)} - {""}:
            if by_name.get(name, item.pk) != item.pk:
                ambiguous.add(name)  # Two agencies share a short name: only their full names count.
            by_name[name] = item.pk
    for name in ambiguous:
        by_name.pop(name, None)
    for item in agencies:
        by_name[normalise_name(item.name)] = item.pk

    default_agency_id = agency.pk if agency is not None and agency.pk in agency_ids else None
    if default_agency_id is None and agency is None and len(agency_ids) == 1:
        default_agency_id = agency_ids[0]

    members: dict[int, dict[str, int]] = {agency_id: {} for agency_id in agency_ids}
    memberships = Membership.objects.filter(
        agency_id__in=agency_ids, role__in=AGENCY_ROLES, user__is_active=True
    ).select_related("user")
    for membership in memberships:
        user = membership.user
        names = members[membership.agency_id]
        for name in (user.get_full_name(), user.get_username(), user.email):
            if normalise_name(name):
                names[normalise_name(name)] = user.pk

    existing: dict[int, set[str]] = {agency_id: set() for agency_id in agency_ids}
    for agency_id, number in Action.objects.filter(
        plan__review=review, plan__agency_id__in=agency_ids
    ).values_list("plan__agency_id", "number"):
        existing[agency_id].add(number)

    return ImportContext(
        recommendation_ids=dict(Recommendation.objects.filter(review=review).values_list("number", "pk")),
        agencies=by_name,
        default_agency_id=default_agency_id,
        agency_names={item.pk: item.name for item in agencies},
        members=members,
        existing_numbers=existing,
        today=today or timezone.localdate(),
    )


# --- Storing and (de)serialising -----------------------------------------------------------------------


def _planned_to_json(planned: PlannedAction) -> dict:
    data = asdict(planned)
    data["target_date"] = planned.target_date.isoformat()
    data["status"] = str(planned.status.value if hasattr(planned.status, "value") else planned.status)
    data["rag"] = str(planned.rag.value if hasattr(planned.rag, "value") else planned.rag or "")
    return data


def planned_from_json(data: dict) -> PlannedAction:
    return PlannedAction(
        **{
            **data,
            "target_date": datetime.date.fromisoformat(data["target_date"]),
            "status": Status(data["status"]),
            "rag": data["rag"] or None,
        }
    )


def _error_to_json(error: RowError) -> dict:
    return {"row": error.row_number, "column": error.column_label, "message": error.message}


# --- Upload --------------------------------------------------------------------------------------------


def _check_upload(upload) -> None:
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError({"upload": NOT_A_SPREADSHEET})
    if not upload.size:
        raise ValidationError({"upload": "The selected file is empty"})
    if upload.size > settings.IMPORT_MAX_BYTES:
        megabytes = settings.IMPORT_MAX_BYTES // (1024 * 1024)
        raise ValidationError({"upload": f"The selected file must be smaller than {megabytes} MB"})


def _require_writer(by, review, agency) -> None:
    writable = agencies_writable_by(by, review)
    if not writable.exists():
        raise PermissionDenied("Only panel staff and agency leads may import action plans.")
    if agency is not None and not writable.filter(pk=agency.pk).exists():
        raise ValidationError({"agency": "Choose an agency you may import actions for"})


@transaction.atomic
def import_start(*, review, by, upload, agency=None) -> ActionImport:
    """Store the file and queue its check. The file itself is read only by the check."""
    _require_writer(by, review, agency)
    _check_upload(upload)
    action_import = ActionImport(
        review=review,
        uploaded_by=by,
        agency=agency,
        original_filename=PurePath(upload.name).name[-255:],
        state=ImportState.CHECKING,
    )
    action_import.file.save(f"upload{PurePath(upload.name).suffix.lower()}", upload, save=False)
    try:
        action_import.save()
    except Exception:
        action_import.file.delete(save=False)
        raise
    from .tasks import check_action_import

    import_id = action_import.pk
    transaction.on_commit(lambda: check_action_import.delay(import_id))
    return action_import


# --- Check (in a task) ---------------------------------------------------------------------------------


def _extra_errors(planned: list[PlannedAction]) -> list[RowError]:
    """What the database would refuse that the spreadsheet checker does not know about."""
    errors = []
    for row in planned:
        if row.evidence_link and len(row.evidence_link) > LONGEST_LINK:
            errors.append(
                RowError(
                    row.row_number,
                    "Evidence",
                    f"Row {row.row_number}: the evidence link is longer than {LONGEST_LINK} characters - "
                    "give a shorter link",
                )
            )
    return errors


def import_check(import_id: int) -> None:
    """Read and check the stored file; store the planned actions or the errors. Safe to run twice."""
    action_import = (
        ActionImport.objects.filter(pk=import_id, state=ImportState.CHECKING)
        .select_related("review", "uploaded_by", "agency")
        .first()
    )
    if action_import is None:
        return  # Gone, cancelled, or checked already by an earlier delivery.
    still_checking = ActionImport.objects.filter(pk=import_id, state=ImportState.CHECKING)
    try:
        with action_import.file.open("rb") as stored:
            data = stored.read()
        table = read_table(data, action_import.original_filename)
        still_checking.update(total_rows=len(table.rows), rows_done=0)
        context = import_context_build(
            review=action_import.review, by=action_import.uploaded_by, agency=action_import.agency
        )
        result = check_rows(
            table,
            context,
            on_progress=lambda done: still_checking.update(rows_done=done),
            progress_every=PROGRESS_EVERY,
        )
    except SpreadsheetError as error:
        still_checking.update(state=ImportState.FAILED, problem=error.message, finished_at=timezone.now())
        return
    except Exception:
        logger.exception("Checking action import %s failed", import_id)
        still_checking.update(state=ImportState.FAILED, problem=CHECK_FAILED, finished_at=timezone.now())
        return
    errors = result.errors or _extra_errors(result.planned)
    if not errors and not result.planned:
        still_checking.update(
            state=ImportState.FAILED,
            problem="The spreadsheet has a header row but no actions under it",
            finished_at=timezone.now(),
        )
        return
    still_checking.update(
        state=ImportState.CHECKED,
        rows_done=len(table.rows),
        errors=[_error_to_json(error) for error in errors],
        planned=[] if errors else [_planned_to_json(row) for row in result.planned],
    )


# --- Confirm, cancel -----------------------------------------------------------------------------------


@transaction.atomic
def import_confirm(*, action_import: ActionImport, by) -> ActionImport:
    """The uploader's go-ahead: the rows are applied in a task, checked once more against the database."""
    action_import = ActionImport.objects.select_for_update().get(pk=action_import.pk)
    if action_import.uploaded_by_id != by.pk:
        raise PermissionDenied("Only the person who uploaded the file may import it.")
    _require_writer(by, action_import.review, None)
    if not action_import.is_clean:
        raise ValidationError("Only a checked file without errors can be imported.")
    action_import.state = ImportState.IMPORTING
    action_import.save(update_fields=["state"])
    from .tasks import apply_action_import

    import_id = action_import.pk
    transaction.on_commit(lambda: apply_action_import.delay(import_id))
    return action_import


@transaction.atomic
def import_cancel(*, action_import: ActionImport, by) -> ActionImport:
    """Drop an import that has not been applied; the stored file goes with it."""
    action_import = ActionImport.objects.select_for_update().get(pk=action_import.pk)
    if action_import.uploaded_by_id != by.pk:
        raise PermissionDenied("Only the person who uploaded the file may cancel it.")
    if action_import.state not in (ImportState.CHECKING, ImportState.CHECKED, ImportState.FAILED):
        raise ValidationError("This import can no longer be cancelled.")
    action_import.state = ImportState.CANCELLED
    action_import.planned = []
    action_import.finished_at = timezone.now()
    action_import.save(update_fields=["state", "planned", "finished_at"])
    stored = action_import.file
    transaction.on_commit(lambda: stored.delete(save=False))
    return action_import


# --- Apply (in a task) ---------------------------------------------------------------------------------


def _recheck(planned: list[PlannedAction], context: ImportContext) -> list[RowError]:
    """The checked rows against the database as it is now."""
    known_recommendations = set(context.recommendation_ids.values())
    allowed_agencies = set(context.agency_names)
    taken = {
        (agency_id, number.casefold())
        for agency_id, numbers in context.existing_numbers.items()
        for number in numbers
    }
    people = {agency_id: set(names.values()) for agency_id, names in context.members.items()}
    errors = []

    def error(row, column, message):
        errors.append(RowError(row.row_number, column, f"Row {row.row_number}: {message}"))

    for row in planned:
        agency = context.agency_names.get(row.agency_id, "the agency")
        if row.agency_id not in allowed_agencies:
            error(row, "Lead agency", "you may no longer import actions for this agency")
            continue
        if not row.recommendation_ids or set(row.recommendation_ids) - known_recommendations:
            error(row, "Recommendation no.", "a recommendation of this row was deleted after the check")
        if (row.agency_id, row.number.casefold()) in taken:
            error(
                row,
                "Action no.",
                f"{agency}'s plan gained an action {row.number} after the check - "
                "upload the file again to renumber it",
            )
        if row.owner_id and row.owner_id not in people.get(row.agency_id, set()):
            error(row, "Lead officer", f"the lead officer no longer works for {agency} in this system")
    return errors + _extra_errors(planned)


def _progress_narrative(row: PlannedAction) -> str:
    # A note about evidence that is not a link has nowhere else to go: it joins the progress.
    parts = [row.progress]
    if row.evidence_note and not row.evidence_link:
        parts.append(f"Evidence: {row.evidence_note}")
    return "\n\n".join(part for part in parts if part)


def _record_recommendations_history(links) -> None:
    """The history of the actions' recommendations, as a save through the form would leave it."""
    history_model = Action.history.model
    m2m_history = history_model._meta.get_field("historicalaction_recommendations").related_model
    history_ids = dict(
        history_model.objects.filter(id__in={link.action_id for link in links}).values_list(
            "id", "history_id"
        )
    )
    m2m_history.objects.bulk_create(
        m2m_history(
            id=link.pk,
            history_id=history_ids[link.action_id],
            action_id=link.action_id,
            recommendation_id=link.recommendation_id,
        )
        for link in links
    )


def import_apply(import_id: int) -> None:
    """Create the confirmed actions, in one transaction. A redelivered task finds the import done."""
    try:
        with transaction.atomic():
            action_import = (
                ActionImport.objects.select_for_update()
                .filter(pk=import_id, state=ImportState.IMPORTING)
                .select_related("review__partnership", "uploaded_by")
                .first()
            )
            if action_import is None:
                return
            with review_syncs_batched(), figures_batched():
                _apply(action_import)
    except Exception:
        # Everything was rolled back; say so rather than leave the page saying "Importing" for ever.
        logger.exception("Applying action import %s failed", import_id)
        ActionImport.objects.filter(pk=import_id, state=ImportState.IMPORTING).update(
            state=ImportState.FAILED, problem=APPLY_FAILED, finished_at=timezone.now()
        )


def _apply(action_import: ActionImport) -> None:
    review, by = action_import.review, action_import.uploaded_by
    today = timezone.localdate()
    now = timezone.now()
    planned = [planned_from_json(row) for row in action_import.planned]
    context = import_context_build(review=review, by=by, agency=action_import.agency, today=today)
    errors = _recheck(planned, context)
    if errors:
        action_import.state = ImportState.CHECKED
        action_import.errors = [_error_to_json(error) for error in errors]
        action_import.planned = []
        action_import.save(update_fields=["state", "errors", "planned"])
        return

    plans = {
        plan.agency_id: plan
        for plan in ActionPlan.objects.filter(review=review, agency_id__in={row.agency_id for row in planned})
    }
    agencies = {agency.pk: agency for agency in agencies_writable_by(by, review)}
    for agency_id in sorted({row.agency_id for row in planned} - plans.keys()):
        plans[agency_id] = plan_create(review=review, agency=agencies[agency_id], by=by)

    actions = []
    for row in planned:
        computed = computed_rag(status=row.status, due_on=row.target_date, revised=False, today=today)
        override = row.rag if row.rag and row.rag != computed else ""
        completed = row.status == Status.AWAITING_VERIFICATION
        actions.append(
            Action(
                plan=plans[row.agency_id],
                number=row.number,
                description=row.description,
                owner_id=row.owner_id,
                target_date=row.target_date,
                status=row.status,
                rag_override=override,
                rag_override_reason=RAG_REASON if override else "",
                completed_by=by if completed else None,
                completed_at=now if completed else None,
            )
        )
    actions = bulk_create_with_history(actions, Action, default_user=by, default_change_reason=HISTORY_REASON)

    through = Action.recommendations.through
    links = through.objects.bulk_create(
        through(action_id=action.pk, recommendation_id=recommendation_id)
        for action, row in zip(actions, planned, strict=True)
        for recommendation_id in row.recommendation_ids
    )
    _record_recommendations_history(links)

    updates, evidence = [], []
    for action, row in zip(actions, planned, strict=True):
        narrative = _progress_narrative(row)
        if narrative:
            updates.append(
                ProgressUpdate(
                    action=action,
                    author=by,
                    written_on=today,
                    narrative=narrative,
                    status=action.status,
                    rag=action.rag_override
                    or computed_rag(status=row.status, due_on=row.target_date, revised=False, today=today),
                )
            )
        if row.evidence_link:
            evidence.append(
                Evidence(
                    action=action,
                    purpose=EvidencePurpose.COMPLETION,
                    title=EVIDENCE_TITLE,
                    description=row.evidence_note,
                    link=row.evidence_link,
                    added_by=by,
                )
            )
    bulk_create_with_history(updates, ProgressUpdate, default_user=by, default_change_reason=HISTORY_REASON)
    bulk_create_with_history(evidence, Evidence, default_user=by, default_change_reason=HISTORY_REASON)

    # Bulk inserts send no signals: the review's grants are recomputed once, as the batch ends.
    review_permissions_sync(review)

    action_import.state = ImportState.IMPORTED
    action_import.imported_count = len(actions)
    action_import.rows_done = len(actions)
    action_import.finished_at = timezone.now()
    action_import.save(update_fields=["state", "imported_count", "rows_done", "finished_at"])
