"""Server-side limits on a signed-in session, and ending a person's sessions (and API tokens).

A session records when its person signed in and when they were last active (seconds since the
epoch, from django.utils.timezone.now so tests can move the clock). agencies.middleware signs the
person out when either limit in settings is passed:

- SESSION_IDLE_TIMEOUT: seconds without a request (or a keep-alive from the timeout warning);
- SESSION_ABSOLUTE_LIMIT: seconds since signing in, however active they have been.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .tokens import user_api_tokens_end

SIGNED_IN_AT = "prt_signed_in_at"
LAST_ACTIVITY = "prt_last_activity"

IDLE = "idle"
ABSOLUTE = "absolute"


def _now() -> float:
    return timezone.now().timestamp()


def session_start(session) -> None:
    now = _now()
    session[SIGNED_IN_AT] = now
    session[LAST_ACTIVITY] = now


def activity_record(session) -> None:
    session[LAST_ACTIVITY] = _now()


def session_expiry(session) -> str | None:
    """IDLE or ABSOLUTE when the session has passed that limit, else None.

    A signed-in session without the times (one started before they were recorded) starts them now.
    """
    if SIGNED_IN_AT not in session or LAST_ACTIVITY not in session:
        session_start(session)
        return None
    now = _now()
    if now - session[SIGNED_IN_AT] > settings.SESSION_ABSOLUTE_LIMIT:
        return ABSOLUTE
    if now - session[LAST_ACTIVITY] > settings.SESSION_IDLE_TIMEOUT:
        return IDLE
    return None


def duration_words(seconds: int) -> str:
    """30 * 60 -> "30 minutes", 10 * 60 * 60 -> "10 hours"."""
    if seconds and seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(1, seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def user_sessions_end(*, user) -> int:
    """Delete every unexpired session signed in as this person; return how many.

    The database session backend keeps no index of sessions by user, so this decodes each unexpired
    session. That is acceptable while deactivating someone is rare and sessions are few; if it
    grows, keep a (user, session key) table written at sign-in instead.
    """
    user_id = str(user.pk)
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == user_id
    ]
    if keys:
        Session.objects.filter(session_key__in=keys).delete()
    return len(keys)


@receiver(user_logged_in, dispatch_uid="session-limits-start")
def _signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_start(request.session)


@receiver(pre_save, sender=get_user_model(), dispatch_uid="session-limits-note-active")
def _note_whether_active(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or (update_fields is not None and "is_active" not in update_fields):
        return
    instance._was_active = sender._default_manager.filter(pk=instance.pk, is_active=True).exists()


@receiver(post_save, sender=get_user_model(), dispatch_uid="session-limits-end-on-deactivate")
def _end_sessions_when_deactivated(sender, instance, raw=False, **kwargs):
    """A person deactivated loses their sessions and their API tokens at once.

    A queryset update() sends no signal: then the middleware signs out their next request, and the API
    refuses their tokens (knox accepts a token only from an active person).
    """
    if raw:
        return
    if instance.__dict__.pop("_was_active", False) and not instance.is_active:
        user_sessions_end(user=instance)
        user_api_tokens_end(user=instance)
