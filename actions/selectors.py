"""Reads for action plan pages. Every query starts from a "visible to this user" QuerySet, so a plan or
action of another agency or partnership answers 404 like one that does not exist."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agencies.models import User

from .models import Action, ActionPlan
from .permissions import action_rights, plan_rights


def people_of(plan: ActionPlan):
    """Whoever holds a role in the plan's agency: its leads and action owners."""
    return (
        User.objects.filter(memberships__agency_id=plan.agency_id, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def plan_for_reading(user, pk: int) -> ActionPlan:
    return get_object_or_404(
        ActionPlan.objects.visible_to(user).select_related("review__partnership", "agency"), pk=pk
    )


def plan_for_writing(user, pk: int) -> ActionPlan:
    """404 when unseen; PermissionDenied when seen but not the user's to write."""
    plan = plan_for_reading(user, pk)
    if not plan_rights(user, plan).may_write:
        raise PermissionDenied("Only panel staff and the agency's leads may change this action plan.")
    return plan


def action_for_reading(user, pk: int) -> Action:
    return get_object_or_404(
        Action.objects.visible_to(user)
        .with_rag(timezone.localdate())
        .select_related(
            "plan__review__partnership",
            "plan__agency",
            "owner",
            "accountable_officer",
            "verified_by",
            "completed_by",
        ),
        pk=pk,
    )


def action_for_updating(user, pk: int) -> Action:
    """For progress, evidence and completion: 404 when unseen, PermissionDenied when read-only."""
    action = action_for_reading(user, pk)
    if not action_rights(user, action).may_update:
        raise PermissionDenied("Only the agency's staff and panel staff may update this action.")
    return action


def action_for_writing(user, pk: int) -> Action:
    """For editing the action itself and its dates: the agency's leads and panel staff."""
    action = action_for_reading(user, pk)
    if not action_rights(user, action).may_write:
        raise PermissionDenied("Only panel staff and the agency's leads may change this action.")
    return action


def action_for_verifying(user, pk: int) -> Action:
    action = action_for_reading(user, pk)
    rights = action_rights(user, action)
    if not rights.is_panel:
        raise PermissionDenied("Only panel staff verify actions.")
    if not rights.may_verify:
        raise PermissionDenied("Nobody verifies an action they own or marked complete.")
    return action
