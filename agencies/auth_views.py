"""Sign-in pages beyond the password: the second factor, the lockout page and the keep-alive."""

from base64 import b32encode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import session_limits
from .forms import TwoFactorCodeForm
from .two_factor import two_factor_required

NEW_DEVICE_NAME = "Authenticator app"
SET_UP_DEVICE_SESSION_KEY = "prt_two_factor_set_up_device"


def _requested_next(request) -> str:
    """The page asked for before the second factor, if it is one of ours; else ""."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else ""


def _next_url(request) -> str:
    return _requested_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL)


def _redirect_keeping_query(request, name: str):
    query = request.GET.urlencode()
    return redirect(f"{reverse(name)}?{query}" if query else reverse(name))


def _seconds_until_allowed(device) -> int | None:
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (details or {}).get("locked_until")
    return max(1, int((locked_until - timezone.now()).total_seconds()) + 1) if locked_until else 1


def _check_code(form, device, user) -> bool:
    """Ask the device about the form's code, throttled; on failure the form says why."""
    wait = _seconds_until_allowed(device)
    if wait is not None:
        form.too_many_attempts(wait)
        return False
    if django_otp.verify_token(user, device.persistent_id, form.cleaned_data["code"]) is None:
        form.wrong_code()
        return False
    return True


def _verified(request, device):
    django_otp.login(request, device)
    # Giving the second factor raises what the session may do: give it a new key, as signing in does.
    request.session.cycle_key()
    return redirect(_next_url(request))


@never_cache
@login_required
def two_factor(request):
    """Ask for the code from the person's authenticator app."""
    user = request.user
    if user.is_verified() or not two_factor_required(user):
        return redirect(_next_url(request))
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        return _redirect_keeping_query(request, "two_factor_set_up")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_code(form, device, user):
        return _verified(request, device)
    return render(request, "registration/two_factor.html", {"form": form, "next": _requested_next(request)})


@never_cache
@login_required
def two_factor_set_up(request):
    """Give a new authenticator key and confirm it with a first code.

    Only for someone with no confirmed device: a further device needs the first one, so a stolen
    password alone cannot add one.
    """
    user = request.user
    if user.is_verified() or not two_factor_required(user):
        return redirect(_next_url(request))
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        return _redirect_keeping_query(request, "two_factor")
    # The same key until it is confirmed, so reloading the page does not undo what was typed in;
    # but only in this session: a key shown to anyone else who signed in with the password must
    # never become this person's second factor.
    device = TOTPDevice.objects.filter(
        user=user, confirmed=False, pk=request.session.get(SET_UP_DEVICE_SESSION_KEY)
    ).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=NEW_DEVICE_NAME, confirmed=False)
        request.session[SET_UP_DEVICE_SESSION_KEY] = device.pk
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_code(form, device, user):
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        del request.session[SET_UP_DEVICE_SESSION_KEY]
        messages.success(request, "Two-factor authentication is set up")
        return _verified(request, device)
    key = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": _requested_next(request),
        "key": key,
        "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
        "otpauth_url": device.config_url,
    }
    return render(request, "registration/two_factor_set_up.html", context)


@never_cache
@require_POST
def session_keep_alive(request):
    """The timeout warning's "Stay signed in": record activity; 204 if still signed in."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    session_limits.activity_record(request.session)
    return HttpResponse(status=204)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer after too many failed sign-ins (settings.AXES_LOCKOUT_CALLABLE).

    The same page whatever the username, and whether or not it belongs to anyone.
    """
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    context = {"wait": session_limits.duration_words(int(cool_off.total_seconds())) if cool_off else None}
    return render(request, "registration/locked_out.html", context, status=429)
