"""Recording the dates of a review's statutory clock that are not changes of stage.

The lifecycle services (reviews/lifecycle.py) date the stages, the decision and the closure. The other
dates the clock waits for are recorded here, one at a time, as they happen:

    notified_on           the notification, for a review registered before it was sent
    rapid_review_sent_on  the rapid review sent to the national Panel
    panel_informed_on     the Panel told of the decision, once the decision is recorded
    report_sent_on        the report sent to the Panel and Secretary of State
    published_on          publication, or
    not_published_on      a decision not to publish, with its reason

Which of them a review has follows from its clock rules (reviews/clock/rules.py) and, for publication,
from whether its kind has a publication stage.

Only panel staff record dates. A date recorded already may be changed, with a reason: the reason is
kept as the history row's change reason. Publication fewer than the rule's days after the report was
sent is a fact the service records, but only once the user confirms it (`ShortNotice` asks).
Refusals raise ValidationError keyed by argument ("field", "on", "reason") or PermissionDenied, and
leave the review, stored and in memory, as it was.
"""

import datetime
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from agencies.constraints import full_clean_beside_fields

from .authoring import content_rights
from .clock import Unit, rules_for, working_days_between
from .lifecycle import stages_for
from .models import Review, Stage

# The dates this module records, in the order the clock meets them, with what the page calls them.
DATE_LABELS = {
    "notified_on": "Notified to the national Panel",
    "rapid_review_sent_on": "Rapid review sent to the national Panel",
    "panel_informed_on": "National Panel told of the decision",
    "report_sent_on": "Report sent to the Panel and Secretary of State",
    "published_on": "Published",
    "not_published_on": "Decision not to publish",
}
PUBLICATION_FIELDS = ("published_on", "not_published_on")
CLOCK_FIELDS = tuple(name for name in DATE_LABELS if name not in PUBLICATION_FIELDS)

# The model's constraints whose message belongs beside one argument rather than above the form. Only one
# date changes per call, so a date out of order is always about the date being recorded.
CONSTRAINT_ARGUMENTS = {
    "review_notified_after_aware": "on",
    "review_rapid_review_after_notified": "on",
    "review_decision_after_notified": "on",
    "review_panel_informed_after_decision": "on",
    "review_published_after_sent": "on",
    "review_closed_after_notified": "on",
    "review_published_or_not": "on",
    "review_not_published_has_reason": "reason",
}
FIELD_ARGUMENTS = dict.fromkeys(DATE_LABELS, "on") | {"not_published_reason": "reason"}


# The history keeps a change reason of up to this many characters: a reason for changing a date fits whole.
REASON_MAX_LENGTH = Review.history.model._meta.get_field("history_change_reason").max_length


class ShortNotice(Exception):
    """Publication would come fewer days after the report was sent than the rule asks: true, perhaps,
    but to be confirmed before it is recorded."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Which dates a review has ---------------------------------------------------------------------------


def recordable_fields(review: Review) -> list[str]:
    """The dates of DATE_LABELS that apply to `review`, in clock order.

    The Panel can be told of a decision only once it is recorded; a kind without a publication stage
    (a rapid review) has no publication to record.
    """
    done = {rule.done_field for rule in rules_for(review.kind, review.partnership.nation)}
    fields = [name for name in CLOCK_FIELDS if name in done]
    if "panel_informed_on" in fields and not review.decision_on and not review.panel_informed_on:
        fields.remove("panel_informed_on")
    if Stage.PUBLICATION in stages_for(review.kind):
        fields += PUBLICATION_FIELDS
    return fields


def date_label(field: str) -> str:
    return DATE_LABELS[field]


def _report_rule(review: Review):
    rules = rules_for(review.kind, review.partnership.nation)
    return next((rule for rule in rules if rule.done_field == "report_sent_on"), None)


def short_notice(review: Review) -> str:
    """A warning when `review` is published fewer days after its report was sent than its rule asks,
    else ""."""
    rule = _report_rule(review)
    sent, published = review.report_sent_on, review.published_on
    if rule is None or sent is None or published is None:
        return ""
    if rule.unit == Unit.WORKING_DAYS:
        gap = working_days_between(sent, published, nation=review.partnership.nation)
    else:
        gap = (published - sent) // timedelta(days=1)
    if gap >= rule.amount:
        return ""
    return (
        f"The report was sent on {sent:%-d %B %Y}, {gap} {rule.unit.value} before publication on "
        f"{published:%-d %B %Y}. The rule asks for at least {rule.amount} {rule.unit.value}. "
        "Save anyway if these are the dates it happened: the deadline will show as missed."
    )


# --- Recording a date -----------------------------------------------------------------------------------


def _clean(review: Review) -> None:
    """full_clean, with each constraint's message beside the argument it is about."""
    full_clean_beside_fields(review, CONSTRAINT_ARGUMENTS, field_names=FIELD_ARGUMENTS)


def _check(current: Review, *, field: str, on, reason: str) -> None:
    if field not in recordable_fields(current):
        if field == "panel_informed_on":
            raise ValidationError({"field": "Record the decision before the day the Panel was told of it"})
        raise ValidationError({"field": "Choose which date to record"})
    if not isinstance(on, datetime.date):
        raise ValidationError({"on": "Enter the date"})
    if on > timezone.localdate():
        raise ValidationError({"on": "The date must be today or in the past"})
    recorded = getattr(current, field)
    if field == "not_published_on":
        if not reason:
            raise ValidationError({"reason": "Give the reason for not publishing the report"})
        if recorded == on and reason == current.not_published_reason:
            raise ValidationError({"on": "This decision not to publish is already recorded"})
        return
    if recorded == on:
        raise ValidationError({"on": f"This date is already recorded: {on:%-d %B %Y}"})
    if recorded is not None and not reason:
        raise ValidationError({"reason": f"Say why the date recorded ({recorded:%-d %B %Y}) is changed"})
    if recorded is not None and len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": f"The reason for the change must be {REASON_MAX_LENGTH} characters or fewer"}
        )


def _change_reason(field: str, recorded, reason: str) -> str:
    """What the history row says: the reason for a change or a decision not to publish (the whole of it,
    for a change), else which date was recorded."""
    if reason and (recorded is not None or field == "not_published_on"):
        return reason[:REASON_MAX_LENGTH]
    return f"{date_label(field)}: date recorded"


@transaction.atomic
def statutory_date_record(
    review: Review, *, by, field: str, on, reason: str = "", confirmed: bool = False
) -> Review:
    """Record `field` (one of `recordable_fields(review)`) as `on`.

    `reason` is needed to change a date recorded already, and for a decision not to publish (it is then
    the reason kept on the review). Raises ShortNotice, saving nothing, when publication comes too soon
    after the report was sent, unless `confirmed`.
    """
    if not content_rights(by, review).may_change_review:
        raise PermissionDenied("Only the partnership's panel staff may record this review's dates.")
    # Locked until the transaction ends, so two people cannot record the same date at once; the object
    # passed in changes only once the date is saved.
    current = Review.objects.select_for_update().select_related("partnership").get(pk=review.pk)
    reason = (reason or "").strip()
    _check(current, field=field, on=on, reason=reason)

    recorded = getattr(current, field)
    setattr(current, field, on)
    if field == "not_published_on":
        current.not_published_reason = reason
    _clean(current)
    if field in ("published_on", "report_sent_on") and not confirmed:
        warning = short_notice(current)
        if warning:
            raise ShortNotice(warning)

    # History names the person even when no request is being served (a task, the shell).
    current._history_user = by
    current._change_reason = _change_reason(field, recorded, reason)
    current.save()
    for model_field in Review._meta.concrete_fields:
        setattr(review, model_field.attname, getattr(current, model_field.attname))
    return review
