import django_filters

from config.api.filters import IdFilter

from ..choices import Rag, Status
from ..models import Action, ActionPlan, Evidence, EvidencePurpose, ProgressUpdate
from ..reminder_models import Notification


class ActionPlanFilter(django_filters.FilterSet):
    review = IdFilter()
    agency = IdFilter()

    class Meta:
        model = ActionPlan
        fields = ["review", "agency"]


class ActionFilter(django_filters.FilterSet):
    plan = IdFilter()
    review = IdFilter(field_name="plan__review")
    agency = IdFilter(field_name="plan__agency")
    owner = IdFilter()
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    rag = django_filters.MultipleChoiceFilter(choices=Rag.choices)
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")

    class Meta:
        model = Action
        fields = ["plan", "review", "agency", "status", "owner"]


class ProgressUpdateFilter(django_filters.FilterSet):
    action = IdFilter()
    written_after = django_filters.DateFilter(field_name="written_on", lookup_expr="gte")

    class Meta:
        model = ProgressUpdate
        fields = ["action", "status"]


class EvidenceFilter(django_filters.FilterSet):
    action = IdFilter()
    purpose = django_filters.ChoiceFilter(choices=EvidencePurpose.choices)

    class Meta:
        model = Evidence
        fields = ["action", "purpose"]


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label="Unread only")

    class Meta:
        model = Notification
        fields = ["unread"]
