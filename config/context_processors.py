"""Template context that every page may use."""

from django.utils.functional import SimpleLazyObject

from actions.inbox_selectors import unread_count


def unread_notifications(request):
    """`unread_notifications`: how many unread notifications the signed-in person has, for the header.

    Lazy: a page that does not show it pays no query, and the count is one query when it is shown. For
    someone not signed in it is None, without touching the database.
    """

    def count():
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return unread_count(user)

    return {"unread_notifications": SimpleLazyObject(count)}
