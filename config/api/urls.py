"""/api/v1/: every app's endpoints on one router, the OpenAPI schema and its browsable docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from actions.api.urls import ROUTES as ACTION_ROUTES
from agencies.api.urls import ROUTES as AGENCY_ROUTES
from reviews.api.urls import ROUTES as REVIEW_ROUTES

app_name = "api"

router = DefaultRouter()
for prefix, viewset, basename in AGENCY_ROUTES + REVIEW_ROUTES + ACTION_ROUTES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
]
