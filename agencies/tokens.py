"""Personal API tokens: each person creates, lists and revokes their own.

django-rest-knox keeps a digest of each token and its first characters (token_key), by which the token
is found and shown. The whole token exists only in what api_token_create returns, to be shown to its
person once: it is never logged or kept anywhere.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings


def _live(tokens: QuerySet) -> QuerySet:
    return tokens.filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()))


def api_tokens_of(user) -> QuerySet:
    """The person's tokens still in force, newest first."""
    return _live(AuthToken.objects.filter(user=user)).order_by("-created")


@transaction.atomic
def api_token_create(*, user, by) -> tuple[AuthToken, str]:
    """A new token for `user`, and the token itself: the only time it can be read."""
    if by.pk != user.pk or not user.is_active:
        raise PermissionDenied("People may create API tokens only for themselves.")
    # One request at a time per person, so two at once cannot both pass the limit.
    get_user_model()._default_manager.select_for_update().get(pk=user.pk)
    mine = AuthToken.objects.filter(user=user)
    mine.filter(expiry__lte=timezone.now()).delete()
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None and _live(mine).count() >= limit:
        raise ValidationError(
            {
                "token": f"You already have {limit} API tokens, the most you may hold. "
                "Revoke one you no longer use before creating another."
            }
        )
    return AuthToken.objects.create(user=user)


@transaction.atomic
def api_token_revoke(*, token_key: str, user, by) -> None:
    """Delete `user`'s token whose first characters are `token_key`.

    Someone else's token, or no token at all, raises AuthToken.DoesNotExist alike, so the answer does
    not tell whether a token with those characters exists.
    """
    if by.pk != user.pk:
        raise PermissionDenied("People may revoke only their own API tokens.")
    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    if not deleted:
        raise AuthToken.DoesNotExist


def user_api_tokens_end(*, user) -> int:
    """Delete every token of the person (when they are deactivated); return how many."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted
