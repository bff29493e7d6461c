from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def session_timeout_settings() -> dict:
    """The idle timeout and when to warn before it, in seconds, for the timeout warning."""
    return {"idle": settings.SESSION_IDLE_TIMEOUT, "warning": settings.SESSION_TIMEOUT_WARNING}
