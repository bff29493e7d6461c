"""Reviews, findings and recommendations through the API, written by the same services as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError

from config.api.viewsets import VisibleViewSet

from ..authoring import finding_add, finding_edit, recommendation_add, recommendation_edit
from ..models import Finding, Recommendation, Review
from ..registration import partnerships_for_registering, review_register
from ..statutory_dates import ShortNotice, statutory_date_record
from . import serializers as api
from .filters import FindingFilter, RecommendationFilter, ReviewFilter


class ReviewViewSet(mixins.CreateModelMixin, VisibleViewSet):
    """The reviews you may see. Panel staff register reviews and record their dates."""

    serializer_class = api.ReviewSerializer
    filterset_class = ReviewFilter
    ordering_fields = ["reference", "notified_on", "created_at", "updated_at", "id"]
    ordering = ["-created_at", "-id"]

    def visible(self, user):
        return Review.objects.visible_to(user)

    @extend_schema(request=api.ReviewRegisterSerializer, responses={201: api.ReviewSerializer})
    def create(self, request):
        if not partnerships_for_registering(request.user).exists():
            raise PermissionDenied("Only panel staff register reviews.")
        review = review_register(by=request.user, **self.valid_input(api.ReviewRegisterSerializer))
        return self.answer(review, status.HTTP_201_CREATED)

    @extend_schema(request=api.ReviewDateSerializer, responses={200: api.ReviewSerializer})
    @action(detail=True, methods=["post"])
    def dates(self, request, pk=None):
        """Record one date of the review's statutory clock (panel staff); a reason to change one recorded."""
        review = self.get_object()
        answers = self.valid_input(api.ReviewDateSerializer)
        try:
            statutory_date_record(review, by=request.user, **answers)
        except ShortNotice as warning:
            raise ValidationError({"confirmed": [warning.message]}) from None
        return self.answer(review)


class FindingViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, VisibleViewSet):
    """Findings of the reviews you may see. Panel staff and the review's lead reviewer write them."""

    serializer_class = api.FindingSerializer
    filterset_class = FindingFilter
    ordering_fields = ["number", "created_at", "updated_at", "id"]
    ordering = ["review_id", "number"]

    def visible(self, user):
        return Finding.objects.visible_to(user).prefetch_related("themes", "agencies")

    @extend_schema(request=api.FindingWriteSerializer, responses={201: api.FindingSerializer})
    def create(self, request):
        finding = finding_add(by=request.user, **self.valid_input(api.FindingWriteSerializer))
        return self.answer(finding, status.HTTP_201_CREATED)

    @extend_schema(request=api.FindingEditSerializer, responses={200: api.FindingSerializer})
    def update(self, request, pk=None, partial=False):
        finding = self.get_object()
        current = {
            "kind": finding.kind,
            "title": finding.title,
            "text": finding.text,
            "themes": list(finding.themes.all()),
            "agencies": list(finding.agencies.all()),
        }
        finding = finding_edit(
            finding=finding, by=request.user, **self.edited(api.FindingEditSerializer, current)
        )
        return self.answer(finding)


class RecommendationViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, VisibleViewSet):
    """Recommendations of the reviews you may see. Panel staff write them and record the response."""

    serializer_class = api.RecommendationSerializer
    filterset_class = RecommendationFilter
    ordering_fields = ["number", "created_at", "updated_at", "id"]
    ordering = ["review_id", "number"]

    def visible(self, user):
        return Recommendation.objects.visible_to(user).prefetch_related("agencies", "findings")

    @extend_schema(request=api.RecommendationWriteSerializer, responses={201: api.RecommendationSerializer})
    def create(self, request):
        recommendation = recommendation_add(
            by=request.user, **self.valid_input(api.RecommendationWriteSerializer)
        )
        return self.answer(recommendation, status.HTTP_201_CREATED)

    @extend_schema(request=api.RecommendationEditSerializer, responses={200: api.RecommendationSerializer})
    def update(self, request, pk=None, partial=False):
        recommendation = self.get_object()
        current = {
            "text": recommendation.text,
            "to_partnership": recommendation.to_partnership,
            "agencies": list(recommendation.agencies.all()),
            "findings": list(recommendation.findings.all()),
            "response": recommendation.response,
            "response_reason": recommendation.response_reason,
            "responded_on": recommendation.responded_on,
        }
        recommendation = recommendation_edit(
            recommendation=recommendation,
            by=request.user,
            **self.edited(api.RecommendationEditSerializer, current),
        )
        return self.answer(recommendation)
