"""Service errors as API answers.

The services raise Django's ValidationError (a dict keyed by argument) and PermissionDenied. DRF answers
PermissionDenied with 403 by itself; a ValidationError becomes a 400 with each message beside the field it
is about, as a serializer's own errors are.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views.defaults import page_not_found
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


def as_api_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = as_api_error(exc)
    return drf_exception_handler(exc, context)


def not_found(request, exception):
    """The 404 of an address that matches no page: JSON under /api/, as every other API answer is (a
    client asking for a record by a malformed id gets what the schema documents), the page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
