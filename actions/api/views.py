"""Action plans, actions, progress, evidence and notifications through the API, written by the same
services as the pages."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action

from config.api.viewsets import VisibleViewSet

from .. import services
from ..inbox_selectors import my_notifications
from ..models import Action, ActionPlan, Evidence, ProgressUpdate, due_on_expression
from . import serializers as api
from .filters import ActionFilter, ActionPlanFilter, EvidenceFilter, NotificationFilter, ProgressUpdateFilter


class ActionPlanViewSet(mixins.CreateModelMixin, VisibleViewSet):
    """The action plans you may see. Panel staff and an agency's leads start the agency's plan."""

    serializer_class = api.ActionPlanSerializer
    filterset_class = ActionPlanFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["review_id", "agency_id"]

    def visible(self, user):
        return ActionPlan.objects.visible_to(user)

    @extend_schema(
        request=api.ActionPlanCreateSerializer,
        responses={201: api.ActionPlanSerializer, 200: api.ActionPlanSerializer},
    )
    def create(self, request):
        """Start the agency's plan for the review; its plan already started answers 200."""
        answers = self.valid_input(api.ActionPlanCreateSerializer)
        existed = ActionPlan.objects.filter(**answers).exists()
        plan = services.plan_create(by=request.user, **answers)
        return self.answer(plan, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


class ActionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, VisibleViewSet):
    """The actions you may see, with their RAG rating and due date.

    Panel staff and the agency's leads add and edit them; the agency's staff mark them complete with
    evidence; panel staff verify or return them. An action never moves to another agency's plan.
    """

    serializer_class = api.ActionSerializer
    filterset_class = ActionFilter
    ordering_fields = ["number", "due_on", "target_date", "status", "created_at", "updated_at", "id"]
    ordering = ["plan_id", "id"]

    def visible(self, user):
        return (
            Action.objects.visible_to(user)
            .with_rag(timezone.localdate())
            .annotate(due_on=due_on_expression())
            .select_related("plan")
            .prefetch_related("recommendations")
        )

    @extend_schema(request=api.ActionCreateSerializer, responses={201: api.ActionSerializer})
    def create(self, request):
        action = services.action_create(by=request.user, **self.valid_input(api.ActionCreateSerializer))
        return self.answer(action, status.HTTP_201_CREATED)

    @extend_schema(request=api.ActionEditSerializer, responses={200: api.ActionSerializer})
    def update(self, request, pk=None, partial=False):
        action = self.get_object()
        current = {
            "number": action.number,
            "description": action.description,
            "success_measure": action.success_measure,
            "recommendations": list(action.recommendations.all()),
            "owner": action.owner,
            "accountable_officer": action.accountable_officer,
        }
        action = services.action_edit(
            action=action, by=request.user, **self.edited(api.ActionEditSerializer, current)
        )
        return self.answer(action)

    @extend_schema(request=api.ReviseDateSerializer, responses={200: api.ActionSerializer})
    @action(detail=True, methods=["post"], url_path="revise-date")
    def revise_date(self, request, pk=None):
        """Move the date the action is due, with the reason; the original target date is kept."""
        action = self.get_object()
        services.action_revise_date(
            action=action, by=request.user, **self.valid_input(api.ReviseDateSerializer)
        )
        return self.answer(action)

    @extend_schema(request=api.NoteSerializer, responses={200: api.ActionSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Mark the action complete for panel staff to verify: it needs evidence of completion."""
        action = self.get_object()
        services.action_mark_complete(
            action=action, by=request.user, note=self.valid_input(api.NoteSerializer)["note"]
        )
        return self.answer(action)

    @extend_schema(request=api.NoteSerializer, responses={200: api.ActionSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Verify a completed action (panel staff who neither own it nor marked it complete)."""
        action = self.get_object()
        services.action_verify(
            action=action, by=request.user, note=self.valid_input(api.NoteSerializer)["note"]
        )
        return self.answer(action)

    @extend_schema(request=api.ReasonSerializer, responses={200: api.ActionSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_agency(self, request, pk=None):
        """Return a completed action to the agency, with the reason it is not yet done."""
        action = self.get_object()
        services.action_return(
            action=action, by=request.user, reason=self.valid_input(api.ReasonSerializer)["reason"]
        )
        return self.answer(action)


class ProgressUpdateViewSet(mixins.CreateModelMixin, VisibleViewSet):
    """Progress updates of the actions you may see; the agency's staff and panel staff add them."""

    serializer_class = api.ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilter
    ordering_fields = ["written_on", "created_at", "id"]
    ordering = ["-written_on", "-id"]

    def visible(self, user):
        return ProgressUpdate.objects.visible_to(user)

    @extend_schema(request=api.ProgressUpdateCreateSerializer, responses={201: api.ProgressUpdateSerializer})
    def create(self, request):
        update = services.progress_add(
            by=request.user, **self.valid_input(api.ProgressUpdateCreateSerializer)
        )
        return self.answer(update, status.HTTP_201_CREATED)


class EvidenceViewSet(mixins.CreateModelMixin, VisibleViewSet):
    """Evidence of the actions you may see: what it is, never the file itself (download it from its page)."""

    serializer_class = api.EvidenceSerializer
    filterset_class = EvidenceFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]

    def visible(self, user):
        return Evidence.objects.visible_to(user)

    @extend_schema(request=api.EvidenceLinkSerializer, responses={201: api.EvidenceSerializer})
    def create(self, request):
        evidence = services.evidence_add(by=request.user, **self.valid_input(api.EvidenceLinkSerializer))
        return self.answer(evidence, status.HTTP_201_CREATED)


class NotificationViewSet(VisibleViewSet):
    """Your own notifications, newest first."""

    serializer_class = api.NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]

    def visible(self, user):
        return my_notifications(user)

    @extend_schema(request=None, responses={200: api.NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark the notification read."""
        notification = self.get_object()
        services.notification_mark_read(notification=notification)
        return self.answer(notification)
