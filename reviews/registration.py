"""Registering a review from a serious incident notification.

A notified serious incident enters the register at the first stage of the lifecycle, "notified",
whatever kind of review it is expected to become: the rapid review starts from the notification.
Only panel staff (partnership administrator, panel chair, panel member) register reviews, and only
for their own partnership.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from agencies.constraints import full_clean_beside_fields
from agencies.models import Membership, Partnership
from agencies.permissions import PANEL_ROLES

from .models import Review, ReviewKind, Stage

# The model's own constraints whose message belongs beside one answer rather than above the form.
CONSTRAINT_FIELDS = {
    "review_unique_reference_per_partnership": "reference",
    "review_aware_after_incident": "aware_on",
    "review_notified_after_aware": "notified_on",
}


def partnerships_for_registering(user):
    """The partnerships in which `user` is panel staff: the only ones they may register a review for."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return Partnership.objects.none()
    panel_memberships = Membership.objects.filter(user=user, role__in=PANEL_ROLES)
    return Partnership.objects.filter(pk__in=panel_memberships.values("partnership_id")).order_by("name")


def review_build(
    *,
    partnership: Partnership,
    by,
    reference: str,
    kind: str = ReviewKind.RAPID_REVIEW,
    title: str,
    pseudonym: str = "",
    incident_on: datetime.date | None = None,
    aware_on: datetime.date | None = None,
    notified_on: datetime.date | None = None,
    background: str = "",
) -> Review:
    """The unsaved review these answers describe, checked as the model checks it.

    Raises ValidationError with each message beside the answer it is about, and PermissionDenied
    when `by` is not panel staff of `partnership`.
    """
    if not partnerships_for_registering(by).filter(pk=partnership.pk).exists():
        raise PermissionDenied("Only the partnership's panel staff may register a review.")
    review = Review(
        partnership=partnership,
        reference=reference.strip(),
        kind=kind,
        title=title.strip(),
        pseudonym=pseudonym.strip(),
        incident_on=incident_on,
        aware_on=aware_on,
        notified_on=notified_on,
        background=background.strip(),
        status=Stage.NOTIFIED,
    )
    full_clean_beside_fields(review, CONSTRAINT_FIELDS)
    return review


def review_register(*, partnership: Partnership, by, **answers) -> Review:
    """Create the review of a notified serious incident; its history names `by` as the creator."""
    review = review_build(partnership=partnership, by=by, **answers)
    # The history row names the person even when no request is being served (a task, the shell).
    review._history_user = by
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        # Someone registered the same reference between the check above and this save.
        if Review.objects.filter(partnership=partnership, reference=review.reference).exists():
            raise ValidationError(
                {"reference": "This partnership already has a review with this reference."}
            ) from None
        raise
    return review
