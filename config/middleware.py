"""Middleware of the project as a whole (sign-in middleware lives in agencies.middleware)."""

from django.utils.cache import patch_cache_control

NO_STORE = {"no_store": True, "private": True}


class NoStoreMiddleware:
    """Tell browsers and proxies not to keep a copy of any page: case data must not linger in caches.

    Every response that reaches Django (pages, redirects, errors, the admin) gets
    ``Cache-Control: no-store, private``, unless the view has already chosen its own
    Cache-Control (never_cache, for instance, which also says no-store). Static files
    are not affected: WhiteNoise answers them before this middleware runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, **NO_STORE)
        return response
