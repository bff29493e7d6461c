"""Reads for the evidence and verification pages: what waits for panel staff to verify, and which
evidence of impact is due to be looked at again."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from agencies.models import PANEL_ROLES, Membership
from reviews.models import Review

from .choices import Status
from .models import Action, Evidence, EvidencePurpose


def panel_reviews(user) -> QuerySet[Review]:
    """The reviews of the partnerships where `user` is panel staff (every review for a superuser)."""
    if not (user.is_authenticated and user.is_active):
        return Review.objects.none()
    if user.is_superuser:
        return Review.objects.all()
    partnerships = Membership.objects.filter(user=user, role__in=PANEL_ROLES).values("partnership_id")
    return Review.objects.filter(partnership_id__in=partnerships)


def is_panel_staff_anywhere(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or panel_reviews(user).exists())


def awaiting_verification(user) -> QuerySet[Action]:
    """Actions marked complete in the partnerships where `user` is panel staff, oldest completed first."""
    return (
        Action.objects.visible_to(user)
        .filter(status=Status.AWAITING_VERIFICATION, plan__review__in=panel_reviews(user))
        .select_related("plan__review", "plan__agency", "owner", "completed_by")
        .order_by("completed_at", "plan__review__reference", "number")
    )


def impact_rechecks_due(user, today: datetime.date) -> QuerySet[Evidence]:
    """Each action's latest evidence of impact whose re-check date has come (oldest first).

    Adding newer evidence of impact to the action (the re-check, with its own next date) takes the
    older one off the list.
    """
    newer_impact = Evidence.objects.filter(
        action=OuterRef("action"), purpose=EvidencePurpose.IMPACT, created_at__gt=OuterRef("created_at")
    )
    return (
        Evidence.objects.visible_to(user)
        .filter(purpose=EvidencePurpose.IMPACT, recheck_on__lte=today)
        .exclude(Exists(newer_impact))
        .select_related("action__plan__review", "action__plan__agency")
        .order_by("recheck_on", "action__plan__review__reference", "action__number")
    )
