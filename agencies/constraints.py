"""Small builders for the check constraints that several models share."""

from django.db import models
from django.db.models import F, Q


def not_before(later: str, earlier: str, *, name: str, message: str) -> models.CheckConstraint:
    """`later` may not fall before `earlier` when both dates are known."""
    return models.CheckConstraint(
        condition=Q(**{f"{later}__isnull": True})
        | Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)}),
        name=name,
        violation_error_message=message,
    )


def required_with(field: str, when: Q, *, name: str, message: str) -> models.CheckConstraint:
    """A text field must be filled in whenever `when` holds."""
    return models.CheckConstraint(
        condition=~when | ~Q(**{field: ""}),
        name=name,
        violation_error_message=message,
    )
