"""The stage panel of the review page: where the review is in its lifecycle, how it got there, and the
buttons that move it on for those who may."""

from django import template

from reviews import lifecycle
from reviews.authoring import content_rights
from reviews.models import Review, ReviewKind, Stage, StageChange

register = template.Library()


def _timeline(user, review: Review) -> list[dict]:
    changes = (
        StageChange.objects.visible_to(user)
        .filter(review=review)
        .select_related("changed_by")
        .order_by("-changed_on", "-recorded_at", "-pk")
    )
    return [
        {
            "change": change,
            "skipped": [
                {"label": Stage(item["stage"]).label, "reason": item.get("reason", "")}
                for item in change.skipped
                if item.get("stage") in Stage.values
            ],
        }
        for change in changes
    ]


@register.inclusion_tag("reviews/lifecycle/stage_panel.html", takes_context=True)
def stage_panel(context, review):
    """The current stage and its timeline for whoever reads the review; the buttons only for those who may
    change it (one query decides)."""
    user = context["request"].user
    # Asked once per request for every panel of the review page (reviews.authoring.content_rights).
    may_change = content_rights(user, review).may_change_review
    converted_to = Review.objects.visible_to(user).filter(converted_from_id=review.pk).first()
    converted_from = None
    if review.converted_from_id:
        converted_from = Review.objects.visible_to(user).filter(pk=review.converted_from_id).first()
    closed = review.status == Stage.CLOSED
    return {
        "review": review,
        "timeline": _timeline(user, review),
        "next_stage": lifecycle.next_stage(review),
        "converted_to": converted_to,
        "converted_from": converted_from,
        "may_change": may_change,
        "may_move": may_change and not closed,
        "may_decide": may_change and not lifecycle.decision_refusal(review),
        "may_convert": may_change
        and review.kind == ReviewKind.RAPID_REVIEW
        and converted_to is None
        and not lifecycle.conversion_refusal(review),
        "may_close": may_change and not closed,
    }
