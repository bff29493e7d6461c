"""What the API shows of action plans, actions, progress, evidence and notifications, and what it accepts."""

from rest_framework import serializers

from agencies.models import Agency, User
from agencies.selectors import agencies_visible_to, people_visible_to
from config.api.serializers import StrictSerializer, VisiblePrimaryKeyField
from reviews.models import Recommendation, Review

from ..choices import Rag
from ..inbox_selectors import safe_link
from ..models import Action, ActionPlan, Evidence, EvidencePurpose, ProgressUpdate
from ..reminder_models import Notification
from ..services import PANEL_UPDATE_STATUSES


class ActionPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionPlan
        fields = ["id", "review", "agency", "agreed_on", "created_at", "updated_at"]
        read_only_fields = fields


class ActionPlanCreateSerializer(StrictSerializer):
    review = VisiblePrimaryKeyField(queryset=Review.objects.none(), visible=Review.objects.visible_to)
    agency = VisiblePrimaryKeyField(queryset=Agency.objects.none(), visible=agencies_visible_to)


class ActionSerializer(serializers.ModelSerializer):
    review = serializers.IntegerField(source="plan.review_id", read_only=True)
    agency = serializers.IntegerField(source="plan.agency_id", read_only=True)
    due_date = serializers.DateField(
        read_only=True, help_text="The revised target date if any, else the target date."
    )
    # Blank unless a rating was given: declared so the schema allows "".
    rag_override = serializers.ChoiceField(choices=Rag.choices, allow_blank=True, read_only=True)
    rag = serializers.ChoiceField(
        choices=Rag.choices, read_only=True, help_text="The rating given, else computed."
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "review",
            "agency",
            "number",
            "description",
            "success_measure",
            "recommendations",
            "owner",
            "accountable_officer",
            "target_date",
            "revised_target_date",
            "revision_reason",
            "due_date",
            "status",
            "rag",
            "rag_override",
            "rag_override_reason",
            "completed_by",
            "completed_at",
            "verified_by",
            "verified_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


def _person_field():
    return VisiblePrimaryKeyField(
        queryset=User.objects.none(), visible=people_visible_to, required=False, allow_null=True
    )


class ActionEditSerializer(StrictSerializer):
    refusals = {
        "plan": "An action stays in the plan of the agency it was agreed with.",
        "target_date": "The agreed target date stays: revise it at POST /api/v1/actions/{id}/revise-date/.",
        "revised_target_date": "Revise the date at POST /api/v1/actions/{id}/revise-date/, with a reason.",
        "status": "The status changes with a progress update, completion or verification.",
        "rag_override": "A RAG rating is given with a progress update.",
    }

    number = serializers.CharField(max_length=12)
    description = serializers.CharField()
    success_measure = serializers.CharField(required=False, allow_blank=True, default="")
    recommendations = VisiblePrimaryKeyField(
        queryset=Recommendation.objects.none(), visible=Recommendation.objects.visible_to, many=True
    )
    owner = _person_field()
    accountable_officer = _person_field()


class ActionCreateSerializer(ActionEditSerializer):
    plan = VisiblePrimaryKeyField(queryset=ActionPlan.objects.none(), visible=ActionPlan.objects.visible_to)
    target_date = serializers.DateField()


class ReviseDateSerializer(StrictSerializer):
    new_date = serializers.DateField()
    reason = serializers.CharField(max_length=5000)


class NoteSerializer(StrictSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=5000)


class ProgressUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressUpdate
        fields = ["id", "action", "author", "written_on", "narrative", "status", "rag", "created_at"]
        read_only_fields = fields


class ProgressUpdateCreateSerializer(StrictSerializer):
    action = VisiblePrimaryKeyField(queryset=Action.objects.none(), visible=Action.objects.visible_to)
    narrative = serializers.CharField()
    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in PANEL_UPDATE_STATUSES])
    rag_override = serializers.ChoiceField(choices=Rag.choices, required=False, allow_blank=True, default="")
    rag_override_reason = serializers.CharField(required=False, allow_blank=True, default="")
    written_on = serializers.DateField(required=False, allow_null=True, default=None)


class EvidenceSerializer(serializers.ModelSerializer):
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "action",
            "purpose",
            "title",
            "description",
            "has_file",
            "original_filename",
            "content_type",
            "size",
            "link",
            "recheck_on",
            "added_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_has_file(self, evidence) -> bool:
        return bool(evidence.file)


class EvidenceLinkSerializer(StrictSerializer):
    """Evidence given as a link. Files are attached on the action's page, where their content is checked."""

    refusals = {"file": "Attach files on the action's page; the API takes evidence as a link."}

    action = VisiblePrimaryKeyField(queryset=Action.objects.none(), visible=Action.objects.visible_to)
    purpose = serializers.ChoiceField(choices=EvidencePurpose.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    link = serializers.URLField(max_length=500)
    recheck_on = serializers.DateField(required=False, allow_null=True, default=None)


class NotificationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The page in this service it is about, if any.")

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "late", "created_at", "read_at"]
        read_only_fields = fields

    def get_url(self, notification) -> str:
        return safe_link(notification.url)
