"""The person's own account page: who they are, their roles and their API tokens.

Everyone signed in has one, whatever their roles. A token belongs to its person alone: anyone else
revoking it gets 404, as if it did not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from knox.models import AuthToken
from knox.settings import knox_settings

from . import tokens


def _account_page(request, *, new_token: str = "", errors=()):
    user = request.user
    context = {
        "memberships": user.memberships.select_related("partnership", "agency"),
        "tokens": tokens.api_tokens_of(user),
        "new_token": new_token,
        "errors": errors,
        "token_days": knox_settings.TOKEN_TTL.days if knox_settings.TOKEN_TTL else None,
        "token_limit": knox_settings.TOKEN_LIMIT_PER_USER,
    }
    return render(request, "agencies/account.html", context)


@require_safe
@login_required
@never_cache
def account(request):
    return _account_page(request)


@require_POST
@login_required
@never_cache
def api_token_create(request):
    # The page is rendered, not redirected to: this response is the only place the token is shown.
    try:
        _, raw = tokens.api_token_create(user=request.user, by=request.user)
    except ValidationError as error:
        return _account_page(request, errors=error.messages)
    return _account_page(request, new_token=raw)


@require_POST
@login_required
@never_cache
def api_token_revoke(request, token_key: str):
    try:
        tokens.api_token_revoke(token_key=token_key, user=request.user, by=request.user)
    except AuthToken.DoesNotExist:
        raise Http404("No API token of yours has this key.") from None
    messages.success(request, "API token revoked: it can no longer be used")
    return redirect("account")
