"""Reads for review pages. Every query starts from a "visible to this user" QuerySet."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from actions.models import Action, ActionPlan

from .authoring import content_rights
from .models import Finding, Recommendation, Review

# The dates of the statutory clock, in the order they fall.
STATUTORY_DATE_FIELDS = (
    "incident_on",
    "aware_on",
    "notified_on",
    "rapid_review_sent_on",
    "decision_on",
    "panel_informed_on",
    "commissioned_on",
    "final_report_on",
    "report_sent_on",
    "published_on",
    "not_published_on",
    "closed_on",
)


def statutory_dates(review: Review) -> list[tuple[str, object]]:
    return [
        (Review._meta.get_field(name).verbose_name, getattr(review, name)) for name in STATUTORY_DATE_FIELDS
    ]


def review_list_for(user):
    """The register rows a person may see, with the counts shown beside each review."""
    visible_recommendations = Recommendation.objects.visible_to(user).values("pk")
    return (
        Review.objects.visible_to(user)
        .select_related("partnership")
        .annotate(
            recommendation_count=Count(
                "recommendations", filter=Q(recommendations__in=visible_recommendations), distinct=True
            )
        )
        .order_by(F("notified_on").desc(nulls_last=True), "reference")
    )


def review_for_reading(user, pk: int) -> Review:
    """The review, or 404 whether it does not exist or is not the user's to see."""
    return get_object_or_404(
        Review.objects.visible_to(user).select_related("partnership", "lead_reviewer", "converted_from"),
        pk=pk,
    )


def review_for_changing(
    user, pk: int, *, refusal: str = "Only the partnership's panel staff may change this review."
) -> Review:
    """The review to change: 404 when the user may not see it, PermissionDenied(refusal) when they may see
    but not change it."""
    review = review_for_reading(user, pk)
    if not content_rights(user, review).may_change_review:
        raise PermissionDenied(refusal)
    return review


def review_page_for(user, review: Review) -> dict:
    """What the review page shows: only the findings, recommendations and plans the user may see."""
    findings = (
        Finding.objects.visible_to(user)
        .filter(review=review)
        .prefetch_related("themes", "agencies")
        .order_by("number")
    )
    recommendations = (
        Recommendation.objects.visible_to(user)
        .filter(review=review)
        .prefetch_related("agencies")
        .order_by("number")
    )
    plans = (
        ActionPlan.objects.visible_to(user)
        .filter(review=review)
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.with_rag(timezone.localdate())
                .select_related("owner")
                .prefetch_related("recommendations"),
            )
        )
        .order_by("agency__name")
    )
    return {
        "review": review,
        "statutory_dates": statutory_dates(review),
        "findings": findings,
        "recommendations": recommendations,
        "plans": plans,
    }
