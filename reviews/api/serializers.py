"""What the API shows of reviews, findings and recommendations, and what it accepts to write them."""

from rest_framework import serializers

from agencies.models import Agency
from agencies.selectors import agencies_visible_to
from config.api.serializers import StrictSerializer, VisiblePrimaryKeyField

from ..models import (
    Decision,
    Finding,
    FindingKind,
    Methodology,
    Recommendation,
    Response,
    Review,
    ReviewKind,
    Theme,
)
from ..registration import partnerships_for_registering
from ..statutory_dates import DATE_LABELS

# Set only by panel staff at /reviews/{id}/dates/, one at a time, with a reason to change one recorded.
CLOCK_DATES = tuple(DATE_LABELS)
DATES_ELSEWHERE = (
    "A review's dates are recorded one at a time by panel staff: POST /api/v1/reviews/{id}/dates/."
)


class ReviewSerializer(serializers.ModelSerializer):
    # Blank until chosen: declared so the schema allows "" (a read-only model field would not say so).
    methodology = serializers.ChoiceField(choices=Methodology.choices, allow_blank=True, read_only=True)
    decision = serializers.ChoiceField(choices=Decision.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "partnership",
            "reference",
            "kind",
            "methodology",
            "pseudonym",
            "title",
            "background",
            "status",
            "converted_from",
            "lead_reviewer",
            "incident_on",
            "aware_on",
            "notified_on",
            "rapid_review_sent_on",
            "decision",
            "decision_on",
            "decision_rationale",
            "panel_informed_on",
            "commissioned_on",
            "final_report_on",
            "report_sent_on",
            "published_on",
            "not_published_on",
            "not_published_reason",
            "closed_on",
            "closure_rationale",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReviewRegisterSerializer(StrictSerializer):
    """A notified serious incident, registered as a new review (panel staff of the partnership)."""

    refusals = dict.fromkeys(CLOCK_DATES, DATES_ELSEWHERE) | {
        "status": "A new review starts at notification; its stage moves on through its lifecycle.",
    }

    partnership = VisiblePrimaryKeyField(
        queryset=Review.partnership.field.related_model.objects.none(),
        visible=partnerships_for_registering,
        error_messages={"does_not_exist": "Choose a partnership whose reviews you register."},
    )
    reference = serializers.CharField(max_length=40)
    kind = serializers.ChoiceField(choices=ReviewKind.choices, default=ReviewKind.RAPID_REVIEW)
    title = serializers.CharField(max_length=200)
    pseudonym = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    incident_on = serializers.DateField(required=False, allow_null=True, default=None)
    aware_on = serializers.DateField(required=False, allow_null=True, default=None)
    notified_on = serializers.DateField(required=False, allow_null=True, default=None)
    background = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewDateSerializer(StrictSerializer):
    field = serializers.ChoiceField(choices=[(name, label) for name, label in DATE_LABELS.items()])
    on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    confirmed = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Publication sooner after the report was sent than the rule asks is saved only when true.",
    )


def _agencies_field(**kwargs):
    return VisiblePrimaryKeyField(
        queryset=Agency.objects.none(), visible=agencies_visible_to, many=True, required=False, **kwargs
    )


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = [
            "id",
            "review",
            "number",
            "kind",
            "title",
            "text",
            "themes",
            "agencies",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class FindingWriteSerializer(StrictSerializer):
    refusals = {
        "number": "Findings are numbered in turn within their review.",
        "review": "A finding stays in the review it was written for.",
    }

    review = VisiblePrimaryKeyField(queryset=Review.objects.none(), visible=Review.objects.visible_to)
    kind = serializers.ChoiceField(choices=FindingKind.choices, default=FindingKind.LEARNING)
    title = serializers.CharField(max_length=200)
    text = serializers.CharField()
    themes = serializers.PrimaryKeyRelatedField(queryset=Theme.objects.all(), many=True, required=False)
    agencies = _agencies_field()


class FindingEditSerializer(FindingWriteSerializer):
    review = None


class RecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = [
            "id",
            "review",
            "number",
            "text",
            "to_partnership",
            "agencies",
            "findings",
            "response",
            "response_reason",
            "responded_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RecommendationWriteSerializer(StrictSerializer):
    refusals = {
        "number": "Recommendations are numbered in turn within their review.",
        "review": "A recommendation stays in the review that made it.",
    }

    review = VisiblePrimaryKeyField(queryset=Review.objects.none(), visible=Review.objects.visible_to)
    text = serializers.CharField()
    to_partnership = serializers.BooleanField(required=False, default=False)
    agencies = _agencies_field()
    findings = VisiblePrimaryKeyField(
        queryset=Finding.objects.none(), visible=Finding.objects.visible_to, many=True, required=False
    )
    response = serializers.ChoiceField(choices=Response.choices, default=Response.PENDING)
    response_reason = serializers.CharField(required=False, allow_blank=True, default="")
    responded_on = serializers.DateField(required=False, allow_null=True, default=None)


class RecommendationEditSerializer(RecommendationWriteSerializer):
    review = None
