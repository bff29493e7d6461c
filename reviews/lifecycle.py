"""The lifecycle of a review: moving it from stage to stage, its decision, converting a rapid review
into an LCSPR, and closing it.

Every change of stage goes through these services, so each one is dated (the day the review entered
the new stage), attributed (`by`) and kept: a StageChange row, and a history row of the review naming
`by` even when no request is being served.

Which stages belong to which kind of review is the table `KIND_STAGES` below. Passing over a stage
that does not belong to the kind is not a skip: a safeguarding adults review goes from "notified"
straight to "scoping and commissioning", as it has no rapid review and no rapid review decision.
Passing over a stage that does belong to the kind is a skip: every skipped stage is named, with its
reason, on the StageChange, and the change needs a rationale. Moving back (a draft back to evidence
gathering, say) needs a rationale too.

Dates recorded on entering a stage (`STAGE_DATE_FIELDS`), only moving forward and only when the date
is not recorded yet (a date already recorded is the better evidence):
    evidence gathering  commissioned_on   (the review is commissioned when scoping and commissioning ends)
    final report        final_report_on   (the final report was received)
    publication         published_on      (unless a decision not to publish is recorded)
The decision's date is recorded by `decision_record`, the closing date by `review_close`.

Refused changes raise ValidationError (keyed by the argument they are about) or PermissionDenied,
and leave nothing behind: no StageChange row, the review in the database and the object passed in
unchanged.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from actions.models import Action, Status
from agencies.constraints import full_clean_beside_fields

from .models import CaseCoding, Decision, Review, ReviewKind, Stage, StageChange

STAGE_ORDER = tuple(Stage)

# The stages each kind of review goes through, in order.
# - A rapid review ends with its decision; an LCSPR decision converts it (`rapid_review_convert`), any other
#   decision leaves it to carry out and monitor its own actions, or to close.
# - A legacy serious case review had a decision by the board's chair, but no rapid review (it predates them).
# - Safeguarding adults, domestic homicide, thematic, national and Welsh reviews have neither a rapid review
#   nor a rapid review decision: they are scoped once the incident is notified.
_ALL = STAGE_ORDER
_NO_RAPID_REVIEW = tuple(stage for stage in _ALL if stage not in (Stage.RAPID_REVIEW, Stage.DECISION))
KIND_STAGES: dict[str, tuple[Stage, ...]] = {
    ReviewKind.RAPID_REVIEW: (
        Stage.NOTIFIED,
        Stage.RAPID_REVIEW,
        Stage.DECISION,
        Stage.ACTION_PLANNING,
        Stage.MONITORING,
        Stage.CLOSED,
    ),
    ReviewKind.LCSPR: _ALL,
    ReviewKind.SCR: tuple(stage for stage in _ALL if stage != Stage.RAPID_REVIEW),
    ReviewKind.NATIONAL: _NO_RAPID_REVIEW,
    ReviewKind.THEMATIC: _NO_RAPID_REVIEW,
    ReviewKind.SAR: _NO_RAPID_REVIEW,
    ReviewKind.DHR: _NO_RAPID_REVIEW,
    ReviewKind.CPR_CONCISE: _NO_RAPID_REVIEW,
    ReviewKind.CPR_EXTENDED: _NO_RAPID_REVIEW,
}

STAGE_DATE_FIELDS = {
    Stage.EVIDENCE: "commissioned_on",
    Stage.FINAL_REPORT: "final_report_on",
    Stage.PUBLICATION: "published_on",
}

# Action statuses that let a review close: the panel verified the action, or it was replaced by another.
FINISHED_ACTION_STATUSES = (Status.VERIFIED, Status.SUPERSEDED)

# The model's constraints whose message belongs beside one argument rather than above the form.
CONSTRAINT_ARGUMENTS = {
    "review_decision_after_notified": "on",
    "review_panel_informed_after_decision": "panel_informed_on",
    "review_commissioned_after_decision": "on",
    "review_report_after_commissioned": "on",
    "review_published_after_sent": "on",
    "review_closed_after_notified": "on",
    "review_unique_reference_per_partnership": "reference",
}
FIELD_ARGUMENTS = {
    "decision_on": "on",
    "decision_rationale": "rationale",
    "closed_on": "on",
    "closure_rationale": "rationale",
    "commissioned_on": "on",
    "final_report_on": "on",
    "published_on": "on",
}


# --- The rule table ------------------------------------------------------------------------------


def stages_for(kind: str) -> tuple[Stage, ...]:
    return KIND_STAGES[kind]


def stage_label(stage: str) -> str:
    return Stage(stage).label


def stage_position(stage: str) -> int:
    return STAGE_ORDER.index(Stage(stage))


def stages_between(kind: str, from_stage: str, to_stage: str) -> list[Stage]:
    """The stages of `kind` strictly between two stages, moving forward: those a move would skip."""
    low, high = stage_position(from_stage), stage_position(to_stage)
    return [stage for stage in stages_for(kind) if low < stage_position(stage) < high]


def stage_choices(review: Review) -> list[Stage]:
    """The stages `stage_advance` may move the review to: its kind's stages other than its own and closed
    (closing has its own page and rules), none at all once it is closed."""
    if review.status == Stage.CLOSED:
        return []
    return [stage for stage in stages_for(review.kind) if stage not in (review.status, Stage.CLOSED)]


def next_stage(review: Review) -> Stage | None:
    stages = stages_for(review.kind)
    later = [stage for stage in stages if stage_position(stage) > stage_position(review.status)]
    return later[0] if later else None


def has_decision_stage(kind: str) -> bool:
    return Stage.DECISION in stages_for(kind)


def open_actions(review: Review):
    return Action.objects.filter(plan__review_id=review.pk).exclude(status__in=FINISHED_ACTION_STATUSES)


# --- Shared checks ---------------------------------------------------------------------------------


def _require_change(by, review: Review) -> None:
    if not Review.objects.changeable_by(by).filter(pk=review.pk).exists():
        raise PermissionDenied("Only the partnership's panel staff may change this review.")


def _locked_copy(review: Review) -> Review:
    """The review as stored, locked until the transaction ends, so two people cannot move it at once.

    Services change this copy, never the object passed in, so a refusal leaves that object as it was.
    """
    current = Review.objects.select_for_update().get(pk=review.pk)
    if current.status != review.status:
        raise ValidationError(
            f"The review has moved to {current.get_status_display().lower()} since this page was opened. "
            "Go back to the review to see its stage."
        )
    return current


def _last_change_on(review: Review) -> datetime.date | None:
    return (
        StageChange.objects.filter(review_id=review.pk)
        .order_by("-changed_on")
        .values_list("changed_on", flat=True)
        .first()
    )


def _check_date(review: Review, on, *, what: str = "The date") -> None:
    if not isinstance(on, datetime.date):
        raise ValidationError({"on": f"Enter {what.lower()}"})
    if on > timezone.localdate():
        raise ValidationError({"on": f"{what} must be today or in the past"})
    last = _last_change_on(review)
    if last and on < last:
        raise ValidationError(
            {"on": f"{what} cannot be before the review's last change of stage, on {last:%-d %B %Y}"}
        )


def _clean(obj, *, exclude=None) -> None:
    """full_clean, with each message keyed by the service argument it is about."""
    full_clean_beside_fields(obj, CONSTRAINT_ARGUMENTS, field_names=FIELD_ARGUMENTS, exclude=exclude)


def _record(review: Review, *, by, to_stage: str, on, rationale: str, skipped=()) -> StageChange:
    """Save `review` (already moved to `to_stage`) and its StageChange from the stage it left."""
    change = StageChange(
        review=review,
        from_stage=review._stage_before,
        to_stage=to_stage,
        changed_on=on,
        changed_by=by,
        rationale=rationale,
        skipped=list(skipped),
    )
    _clean(change)
    _save(review, by, reason=f"Moved to {stage_label(to_stage).lower()}")
    change.save()
    return change


def _save(review: Review, by, *, reason: str) -> None:
    _clean(review)
    # History names the person even when no request is being served (a task, the shell).
    review._history_user = by
    review._change_reason = reason[:100]
    review.save()


def _move(review: Review, to_stage: str) -> None:
    review._stage_before = review.status
    review.status = to_stage


def _copy_back(target: Review, source: Review) -> None:
    """Bring the object the caller holds up to date with what was saved."""
    for field in Review._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


# --- Moving a review on (or back) ---------------------------------------------------------------------


def _skipped_with_reasons(review: Review, to_stage: str, skip_reasons: dict | None) -> list[dict]:
    skipped = stages_between(review.kind, review.status, to_stage)
    reasons = {str(stage): (reason or "").strip() for stage, reason in (skip_reasons or {}).items()}
    missing = {
        f"skip_{stage}": f"Say why {stage.label.lower()} is skipped"
        for stage in skipped
        if not reasons.get(stage)
    }
    if missing:
        raise ValidationError(missing)
    return [{"stage": str(stage), "reason": reasons[stage]} for stage in skipped]


@transaction.atomic
def stage_advance(
    review: Review, *, to_stage: str, by, on, rationale: str = "", skip_reasons: dict | None = None
) -> StageChange:
    """Move the review to `to_stage`, which it entered `on`.

    `skip_reasons` maps each stage of the review's kind passed over on the way to why it was skipped.
    """
    _require_change(by, review)
    current = _locked_copy(review)
    rationale = (rationale or "").strip()
    if current.status == Stage.CLOSED:
        raise ValidationError({"to_stage": "The review is closed: its stage can no longer change"})
    if to_stage == Stage.CLOSED:
        raise ValidationError(
            {"to_stage": "Close the review from its close page: closing needs every action finished"}
        )
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": "Choose the stage the review moves to"})
    kind_label = current.get_kind_display().lower()
    if to_stage not in stages_for(current.kind):
        raise ValidationError({"to_stage": f"{stage_label(to_stage)} is not a stage of a {kind_label}"})
    if to_stage == current.status:
        raise ValidationError({"to_stage": "Choose a stage other than the one the review is at"})
    _check_date(current, on, what="The date the review entered the stage")

    forward = stage_position(to_stage) > stage_position(current.status)
    skipped = []
    if forward:
        skipped = _skipped_with_reasons(current, to_stage, skip_reasons)
        if skipped and not rationale:
            raise ValidationError({"rationale": "Explain why the review moves on past the skipped stages"})
        passes_decision = stage_position(to_stage) > stage_position(Stage.DECISION)
        if passes_decision and has_decision_stage(current.kind) and not current.decision:
            raise ValidationError({"to_stage": "Record the decision before the review moves past it"})
    elif not rationale:
        raise ValidationError({"rationale": "Explain why the review moves back to an earlier stage"})

    _move(current, to_stage)
    date_field = STAGE_DATE_FIELDS.get(to_stage)
    withheld = date_field == "published_on" and current.not_published_on
    if forward and date_field and getattr(current, date_field) is None and not withheld:
        setattr(current, date_field, on)
    change = _record(current, by=by, to_stage=to_stage, on=on, rationale=rationale, skipped=skipped)
    _copy_back(review, current)
    return change


# --- The decision ------------------------------------------------------------------------------------------


def decision_refusal(review: Review) -> str:
    """Why the decision of `review` cannot be recorded now, or "" when it can."""
    if not has_decision_stage(review.kind):
        return f"A {review.get_kind_display().lower()} has no rapid review decision to record"
    if review.status in (Stage.RAPID_REVIEW, Stage.DECISION):
        return ""
    if stage_position(review.status) < stage_position(Stage.RAPID_REVIEW):
        return "Move the review to the rapid review stage before recording its decision"
    return "The review has moved past its decision: the decision can no longer be changed"


@transaction.atomic
def decision_record(
    review: Review, *, decision: str, on, rationale: str, panel_informed_on=None, by
) -> Review:
    """Record the decision that follows the rapid review, with its rationale, and the day the national Panel
    was told of it. A review at the rapid review stage moves to the decision stage; at the decision stage
    the decision may still be changed (history keeps the earlier one); once the review has moved past the
    decision it stands."""
    _require_change(by, review)
    current = _locked_copy(review)
    refusal = decision_refusal(current)
    if refusal:
        raise ValidationError(refusal)
    if decision not in Decision.values:
        raise ValidationError({"decision": "Choose the decision"})
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError({"rationale": "Give the rationale for the decision"})
    _check_date(current, on, what="The date of the decision")
    if panel_informed_on is not None and panel_informed_on > timezone.localdate():
        raise ValidationError(
            {"panel_informed_on": "The date the Panel was told must be today or in the past"}
        )

    current.decision = decision
    current.decision_on = on
    current.decision_rationale = rationale
    current.panel_informed_on = panel_informed_on
    if current.status == Stage.DECISION:
        _save(current, by, reason="Decision recorded")
    else:
        _move(current, Stage.DECISION)
        _record(current, by=by, to_stage=Stage.DECISION, on=on, rationale=rationale)
    _copy_back(review, current)
    return review


# --- Converting a rapid review into an LCSPR ------------------------------------------------------------

# What an LCSPR converted from a rapid review takes over from it: the case, the clock so far, the decision.
CARRIED_OVER = (
    "partnership_id",
    "pseudonym",
    "background",
    "incident_on",
    "aware_on",
    "notified_on",
    "rapid_review_sent_on",
    "decision",
    "decision_on",
    "decision_rationale",
    "panel_informed_on",
)


def conversion_refusal(review: Review) -> str:
    """Why `review` cannot be converted into an LCSPR, or "" when it can."""
    if review.kind != ReviewKind.RAPID_REVIEW:
        return "Only a rapid review can be converted into an LCSPR"
    if Review.objects.filter(converted_from_id=review.pk).exists():
        return "This rapid review has already been converted into an LCSPR"
    if review.status != Stage.DECISION or review.decision != Decision.LCSPR:
        return "Record the decision to commission an LCSPR before converting the rapid review"
    return ""


@transaction.atomic
def rapid_review_convert(review: Review, *, by, on, reference: str, title: str | None = None, rationale: str):
    """Create the LCSPR a rapid review's decision commissions, linked to it, and move the rapid review on.

    The LCSPR starts at scoping and commissioning (its decision is made), with the rapid review's case,
    dates, decision and case coding. The rapid review's own work is done: it closes, its closure rationale
    naming the LCSPR. If some of its actions are still open it cannot close, so it moves to monitoring
    instead and closes through `review_close` once they are finished.
    Returns the new LCSPR.
    """
    _require_change(by, review)
    current = _locked_copy(review)
    refusal = conversion_refusal(current)
    if refusal:
        raise ValidationError(refusal)
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError({"rationale": "Explain why the rapid review becomes an LCSPR"})
    _check_date(current, on, what="The date of the conversion")

    lcspr = Review(
        kind=ReviewKind.LCSPR,
        reference=(reference or "").strip(),
        title=(title or "").strip() or current.title,
        converted_from=current,
        status=Stage.SCOPING,
        **{name: getattr(current, name) for name in CARRIED_OVER},
    )
    _save(lcspr, by, reason=f"Converted from {current.reference}")
    change = StageChange(
        review=lcspr,
        from_stage=Stage.DECISION,
        to_stage=Stage.SCOPING,
        changed_on=on,
        changed_by=by,
        rationale=f"Converted from rapid review {current.reference}: {rationale}",
    )
    _clean(change)
    change.save()
    coding = CaseCoding.objects.filter(review=current).first()
    if coding is not None:
        copied = CaseCoding(review=lcspr, **model_to_dict(coding, exclude=["id", "review"]))
        _clean(copied)
        copied._history_user = by
        copied.save()

    _rapid_review_move_on(current, lcspr, by=by, on=on, rationale=rationale)
    _copy_back(review, current)
    return lcspr


def _rapid_review_move_on(rapid: Review, lcspr: Review, *, by, on, rationale: str) -> None:
    converted = f"Converted into {lcspr.reference}: {rationale}"
    still_open = open_actions(rapid).count()
    to_stage = Stage.MONITORING if still_open else Stage.CLOSED
    if still_open:
        reason = f"Converted into {lcspr.reference}; its open actions are monitored until they are finished"
    else:
        reason = f"Converted into {lcspr.reference}; the learning continues there"
    skipped = [
        {"stage": str(stage), "reason": reason}
        for stage in stages_between(rapid.kind, rapid.status, to_stage)
    ]
    _move(rapid, to_stage)
    if to_stage == Stage.CLOSED:
        rapid.closed_on = on
        rapid.closure_rationale = converted
    _record(rapid, by=by, to_stage=to_stage, on=on, rationale=converted, skipped=skipped)


# --- Closing --------------------------------------------------------------------------------------------


def closure_refusal(review: Review) -> str:
    """Why `review` cannot close yet, or "" when it can."""
    if review.status == Stage.CLOSED:
        return "The review is already closed"
    count = open_actions(review).count()
    if count:
        actions = "action is" if count == 1 else "actions are"
        return (
            f"{count} {actions} still open: every action must be verified or superseded before the "
            "review closes"
        )
    return ""


@transaction.atomic
def review_close(review: Review, *, by, on, rationale: str) -> StageChange:
    """Close the review once every action of its action plans is verified or superseded.

    Stages of its kind passed over on the way (a rapid review decided "no further review" closes from its
    decision) are named on the StageChange with the closure rationale as their reason.
    """
    _require_change(by, review)
    current = _locked_copy(review)
    refusal = closure_refusal(current)
    if refusal:
        raise ValidationError(refusal)
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError({"rationale": "Give the closure rationale"})
    _check_date(current, on, what="The date the review closed")
    skipped = [
        {"stage": str(stage), "reason": rationale}
        for stage in stages_between(current.kind, current.status, Stage.CLOSED)
    ]
    _move(current, Stage.CLOSED)
    current.closed_on = on
    current.closure_rationale = rationale
    change = _record(current, by=by, to_stage=Stage.CLOSED, on=on, rationale=rationale, skipped=skipped)
    _copy_back(review, current)
    return change
