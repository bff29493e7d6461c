"""The application's addresses, and the framework's floor for the latency benchmark."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404
from config.urls import urlpatterns as application


def floor(request):
    """No database, no template, no session read: what any request costs through the middleware."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *application]
__all__ = ["handler404", "urlpatterns"]
