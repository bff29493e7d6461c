"""Writes to action plans and actions. Each is one transaction, checked with full_clean, with the
person named in the history (also when no request is being served).

Rights are checked here as well as in the views (actions.permissions), so no caller can skip them.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from agencies.constraints import full_clean_beside_fields

from .choices import Status
from .evidence_files import check_upload
from .models import (
    Action,
    ActionPlan,
    Evidence,
    EvidencePurpose,
    Milestone,
    ProgressUpdate,
    TargetDateChange,
    Verification,
    VerificationOutcome,
)
from .permissions import action_rights, agencies_writable_by, plan_rights
from .rag import effective_rag

ACTION_CONSTRAINT_FIELDS = {
    "action_unique_number_per_plan": "number",
    "action_revised_date_has_reason": "reason",
    "action_rag_override_has_reason": "rag_override_reason",
}
# Statuses an update may report; completion and verification have their own steps.
UPDATE_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.NOT_ACHIEVED)
PANEL_UPDATE_STATUSES = (*UPDATE_STATUSES, Status.SUPERSEDED)


def _save(obj, by, constraint_fields=None, **clean):
    full_clean_beside_fields(obj, constraint_fields or {}, **clean)
    obj._history_user = by
    obj.save()
    return obj


def _locked(action: Action) -> Action:
    return Action.objects.select_for_update().select_related("plan__review", "plan__agency").get(pk=action.pk)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- Plans and actions -------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, review, agency, by) -> ActionPlan:
    """The agency's plan for the review, created the first time it is asked for."""
    _require(
        agencies_writable_by(by, review).filter(pk=agency.pk).exists(),
        "Only panel staff and the agency's leads may start its action plan.",
    )
    existing = ActionPlan.objects.filter(review=review, agency=agency).first()
    if existing:
        return existing
    return _save(ActionPlan(review=review, agency=agency), by)


def _write_action(action: Action, *, by, recommendations, **fields) -> Action:
    for name, value in fields.items():
        setattr(action, name, value)
    wrong = [r for r in recommendations if r.review_id != action.plan.review_id]
    if wrong:
        raise ValidationError({"recommendations": "Choose recommendations of this review."})
    if not recommendations:
        raise ValidationError({"recommendations": "Choose the recommendations this action responds to."})
    _save(action, by, ACTION_CONSTRAINT_FIELDS)
    action.recommendations.set(recommendations)
    return action


@transaction.atomic
def action_create(
    *,
    plan: ActionPlan,
    by,
    number: str,
    description: str,
    success_measure: str = "",
    recommendations=(),
    owner=None,
    accountable_officer=None,
    target_date: datetime.date,
) -> Action:
    _require(plan_rights(by, plan).may_write, "Only panel staff and the agency's leads may add actions.")
    return _write_action(
        Action(plan=plan),
        by=by,
        recommendations=list(recommendations),
        number=number,
        description=description,
        success_measure=success_measure,
        owner=owner,
        accountable_officer=accountable_officer,
        target_date=target_date,
    )


@transaction.atomic
def action_edit(
    *,
    action: Action,
    by,
    number: str,
    description: str,
    success_measure: str,
    recommendations,
    owner,
    accountable_officer,
) -> Action:
    """Change what an action says and who owns it. Its dates change only through action_revise_date."""
    _require(action_rights(by, action).may_write, "Only panel staff and the agency's leads may edit actions.")
    return _write_action(
        _locked(action),
        by=by,
        recommendations=list(recommendations),
        number=number,
        description=description,
        success_measure=success_measure,
        owner=owner,
        accountable_officer=accountable_officer,
    )


@transaction.atomic
def action_revise_date(*, action: Action, by, new_date: datetime.date, reason: str) -> TargetDateChange:
    """Move the date an action is due. The original target date stays; each revision is kept with its
    reason, and the one before it."""
    _require(action_rights(by, action).may_write, "Only panel staff and the agency's leads may revise dates.")
    action = _locked(action)
    if action.status in (Status.VERIFIED, Status.SUPERSEDED):
        raise ValidationError({"new_date": "This action is closed: its date can no longer change."})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for revising the target date."})
    change = _save(
        TargetDateChange(
            action=action, previous_date=action.due_date, new_date=new_date, reason=reason, changed_by=by
        ),
        by,
        {"target_date_change_changes_the_date": "new_date"},
        exclude=["action"],
    )
    action.revised_target_date = None if new_date == action.target_date else new_date
    action.revision_reason = reason if action.revised_target_date else ""
    _save(action, by, ACTION_CONSTRAINT_FIELDS)
    return change


# --- Progress, milestones and evidence ----------------------------------------------------------------


@transaction.atomic
def progress_add(
    *,
    action: Action,
    by,
    narrative: str,
    status: str,
    rag_override: str = "",
    rag_override_reason: str = "",
    written_on: datetime.date | None = None,
) -> ProgressUpdate:
    """A dated narrative with the status it reports. The RAG is computed unless a rating is given with its
    reason; either way the update records the rating that applied."""
    rights = action_rights(by, action)
    _require(rights.may_update, "Only the agency's staff and panel staff may update this action.")
    action = _locked(action)
    allowed = PANEL_UPDATE_STATUSES if rights.is_panel else UPDATE_STATUSES
    if action.status in (Status.AWAITING_VERIFICATION, Status.VERIFIED):
        raise ValidationError(
            {"status": "This action is marked complete: panel staff verify it or return it first."}
        )
    if status not in allowed:
        raise ValidationError({"status": "Choose the action's status."})
    today = timezone.localdate()
    written_on = written_on or today
    if written_on > today:
        raise ValidationError({"written_on": "The date of the update cannot be in the future."})
    action.status = status
    action.rag_override = rag_override
    action.rag_override_reason = rag_override_reason.strip() if rag_override else ""
    _save(action, by, ACTION_CONSTRAINT_FIELDS)
    return _save(
        ProgressUpdate(
            action=action,
            author=by,
            written_on=written_on,
            narrative=narrative.strip(),
            status=status,
            rag=effective_rag(action, today),
        ),
        by,
    )


@transaction.atomic
def milestone_add(*, action: Action, by, description: str, due_on: datetime.date) -> Milestone:
    _require(
        action_rights(by, action).may_write, "Only panel staff and the agency's leads may add milestones."
    )
    return _save(Milestone(action=action, description=description.strip(), due_on=due_on), by)


@transaction.atomic
def milestone_complete(*, milestone: Milestone, by, completed_on: datetime.date) -> Milestone:
    _require(action_rights(by, milestone.action).may_update, "You may not update this action.")
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The date it was met cannot be in the future."})
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    milestone.completed_on = completed_on
    return _save(milestone, by)


@transaction.atomic
def evidence_add(
    *,
    action: Action,
    by,
    purpose: str,
    title: str,
    description: str = "",
    upload=None,
    link: str = "",
    recheck_on: datetime.date | None = None,
) -> Evidence:
    """Attach a file (checked by its content) or a link. Impact evidence carries the date to re-check it."""
    _require(
        action_rights(by, action).may_update, "Only the agency's staff and panel staff may add evidence."
    )
    if upload is not None and link:
        raise ValidationError({"upload": "Attach a file or give a link, not both."})
    if upload is None and not link:
        raise ValidationError({"upload": "Attach a file or give a link."})
    if purpose == EvidencePurpose.IMPACT and recheck_on is not None and recheck_on <= timezone.localdate():
        raise ValidationError({"recheck_on": "The date to re-check the impact must be in the future."})
    evidence = Evidence(
        action=action,
        purpose=purpose,
        title=title.strip(),
        description=description.strip(),
        link=link,
        recheck_on=recheck_on if purpose == EvidencePurpose.IMPACT else None,
        added_by=by,
    )
    if upload is not None:
        try:
            checked = check_upload(upload, max_bytes=settings.EVIDENCE_MAX_BYTES)
        except ValidationError as error:
            raise ValidationError({"upload": error.messages}) from None
        evidence.original_filename = upload.name[-255:]
        evidence.content_type = checked.content_type
        evidence.size = checked.size
        # Checked before the file is written: a refused upload leaves no file behind.
        full_clean_beside_fields(
            evidence, {"evidence_impact_has_recheck": "recheck_on"}, exclude=["file", "action"]
        )
        evidence.file.save(f"upload{checked.extension}", upload, save=False)
        try:
            return _save(evidence, by, {"evidence_impact_has_recheck": "recheck_on"})
        except Exception:
            evidence.file.delete(save=False)
            raise
    return _save(evidence, by, {"evidence_impact_has_recheck": "recheck_on", "evidence_file_or_link": "link"})


# --- Completion and verification ----------------------------------------------------------------------


@transaction.atomic
def action_mark_complete(*, action: Action, by, note: str) -> Action:
    """The owner's word that the action is done: only with evidence of completion attached."""
    _require(action_rights(by, action).may_update, "Only the agency's staff may mark this action complete.")
    action = _locked(action)
    if action.status not in (Status.NOT_STARTED, Status.IN_PROGRESS, Status.NOT_ACHIEVED):
        raise ValidationError({"note": f"This action is already {action.get_status_display().lower()}."})
    if not action.evidence.filter(purpose=EvidencePurpose.COMPLETION).exists():
        raise ValidationError({"note": "Add evidence of completion before marking the action complete."})
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Say what was done and how the evidence shows it."})
    action.status = Status.AWAITING_VERIFICATION
    action.completed_by = by
    action.completed_at = timezone.now()
    action.rag_override = ""
    action.rag_override_reason = ""
    _save(action, by, ACTION_CONSTRAINT_FIELDS)
    _save(
        ProgressUpdate(
            action=action,
            author=by,
            narrative=note,
            status=action.status,
            rag=effective_rag(action, timezone.localdate()),
        ),
        by,
    )
    return action


def _require_verifier(by, action: Action) -> None:
    rights = action_rights(by, action)
    _require(rights.is_panel, "Only panel staff verify actions.")
    _require(rights.may_verify, "Nobody verifies an action they own or marked complete.")


@transaction.atomic
def action_verify(*, action: Action, by, note: str = "") -> Verification:
    _require_verifier(by, action)
    action = _locked(action)
    if action.status != Status.AWAITING_VERIFICATION:
        raise ValidationError({"decision": "Only an action marked complete can be verified."})
    now = timezone.now()
    action.status = Status.VERIFIED
    action.verified_by = by
    action.verified_at = now
    _save(action, by)
    return _save(
        Verification(
            action=action,
            decision=VerificationOutcome.VERIFIED,
            reason=note.strip(),
            decided_by=by,
            decided_at=now,
        ),
        by,
    )


@transaction.atomic
def action_return(*, action: Action, by, reason: str) -> Verification:
    """Send an action marked complete back to its agency, saying what is missing."""
    _require_verifier(by, action)
    action = _locked(action)
    if action.status != Status.AWAITING_VERIFICATION:
        raise ValidationError({"decision": "Only an action marked complete can be returned."})
    verification = _save(
        Verification(
            action=action, decision=VerificationOutcome.RETURNED, reason=reason.strip(), decided_by=by
        ),
        by,
        {"verification_return_has_reason": "reason"},
        exclude=["action"],
    )
    action.status = Status.IN_PROGRESS
    action.completed_by = None
    action.completed_at = None
    _save(action, by)
    return verification


# --- Notifications -------------------------------------------------------------------------------------


def notification_mark_read(*, notification) -> None:
    """Mark one of a person's notifications read; one read already keeps the time it was first read."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
