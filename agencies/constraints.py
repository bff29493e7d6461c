"""Small builders for the check constraints that several models share, and their messages in forms."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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


def full_clean_beside_fields(obj, constraint_fields: dict, *, field_names: dict | None = None, exclude=None):
    """`obj.full_clean()`, with each message moved beside the form field (or service argument) it is about.

    A check constraint's message comes back above the form (NON_FIELD_ERRORS); `constraint_fields` maps a
    constraint's name to the field its message belongs beside, or to a callable that picks it from `obj`.
    `field_names` renames the model's own fields where the form or service calls them otherwise.
    """
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        raise errors_beside_fields(obj, error, constraint_fields, field_names=field_names) from None


def errors_beside_fields(obj, error: ValidationError, constraint_fields: dict, *, field_names=None):
    if not hasattr(error, "error_dict"):
        return error
    field_names = field_names or {}
    by_message = {
        str(constraint.get_violation_error_message()): constraint_fields[constraint.name]
        for constraint in type(obj)._meta.constraints
        if constraint.name in constraint_fields
    }
    errors: dict[str, list] = {}
    for field, field_errors in error.error_dict.items():
        for field_error in field_errors:
            if field == NON_FIELD_ERRORS:
                target = by_message.get(" ".join(field_error.messages), field)
                target = target(obj) if callable(target) else target
            else:
                target = field_names.get(field, field)
            errors.setdefault(target, []).append(field_error)
    return ValidationError(errors)
