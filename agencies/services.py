"""Writes about people and what they do."""

from django.contrib.contenttypes.models import ContentType

from .models import AccessEvent, AccessLogEntry


def access_record(*, user, event: AccessEvent, obj) -> AccessLogEntry:
    """Log a sensitive read. The label is the record's reference, never case narrative."""
    return AccessLogEntry.objects.create(
        user=user,
        event=event,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_label=str(getattr(obj, "reference", obj))[:200],
    )
