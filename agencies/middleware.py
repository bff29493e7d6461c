"""Sign-in rules applied to every request: session limits and the second factor.

Both come after AuthenticationMiddleware, OTPMiddleware (which says whether request.user has
confirmed a second factor) and MessageMiddleware (they leave a message for the sign-in page).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from . import session_limits
from .two_factor import two_factor_required

# What a person who still owes their second factor may reach.
TWO_FACTOR_OPEN_VIEWS = frozenset({"two_factor", "two_factor_set_up", "logout", "session_keep_alive"})


def _signed_out_message(reason: str) -> str:
    if reason == session_limits.IDLE:
        idle = session_limits.duration_words(settings.SESSION_IDLE_TIMEOUT)
        return f"You were signed out after {idle} without activity. Sign in again to continue."
    limit = session_limits.duration_words(settings.SESSION_ABSOLUTE_LIMIT)
    return f"You were signed out because you had been signed in for {limit}. Sign in again to continue."


class SessionLimitsMiddleware:
    """Sign out a session that has been idle or signed in too long, or whose person is inactive.

    Every other request by a signed-in person records activity.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self._refusal(request) or self.get_response(request)

    def _refusal(self, request):
        session = request.session
        user = request.user
        if not user.is_authenticated:
            if SESSION_KEY in session:
                # Signed in, but the person can no longer be loaded: deactivated (the model backend
                # refuses inactive people) or removed. Nothing of theirs stays in the session.
                logout(request)
            return None
        if not user.is_active:
            logout(request)
            return redirect_to_login(request.get_full_path())
        reason = session_limits.session_expiry(session)
        if reason is None:
            session_limits.activity_record(session)
            return None
        logout(request)
        messages.info(request, _signed_out_message(reason))
        # Come back to the same page after signing in, unless this was a form being sent.
        return redirect_to_login(request.get_full_path()) if request.method == "GET" else redirect("login")


class TwoFactorRequiredMiddleware:
    """Until a person who needs a second factor has given it, send them to give (or set up) one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not two_factor_required(user) or user.is_verified():
            return None
        if request.resolver_match.view_name in TWO_FACTOR_OPEN_VIEWS:
            return None
        if settings.STATIC_URL and request.path_info.startswith(settings.STATIC_URL):
            return None
        url = reverse("two_factor" if user_has_device(user) else "two_factor_set_up")
        if request.method == "GET":
            query = QueryDict(mutable=True)
            query["next"] = request.get_full_path()
            url = f"{url}?{query.urlencode(safe='/')}"
        return redirect(url)
