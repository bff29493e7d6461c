"""Who may do what with an agency's action plan and its actions.

The object permissions of agencies.permissions decide who sees and changes a plan's actions at all
(the plan's agency and the partnership's panel staff). Within that:
- anyone who may change an action (its agency's leads and owners, panel staff) records progress,
  adds evidence, completes milestones and marks it complete;
- the agency's leads and panel staff write the plan: add and edit actions, revise target dates,
  add milestones, import a spreadsheet plan;
- only panel staff verify an action or return it, and never one they own or marked complete.
"""

from dataclasses import dataclass

from django.db.models import Q

from agencies.models import PANEL_ROLES, Agency, Membership, Role

from .models import Action, ActionPlan


@dataclass(frozen=True)
class PlanRights:
    may_write: bool  # add and edit actions, revise dates, milestones, import
    is_panel: bool


@dataclass(frozen=True)
class ActionRights:
    may_update: bool  # progress, evidence, milestones done, mark complete
    may_write: bool  # edit the action, revise its target date, add milestones
    may_verify: bool
    is_panel: bool


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_panel_staff(user, partnership_id: int) -> bool:
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, partnership_id=partnership_id, role__in=PANEL_ROLES).exists()


def leads_agency(user, agency_id: int) -> bool:
    return (
        _signed_in(user)
        and Membership.objects.filter(user=user, agency_id=agency_id, role=Role.AGENCY_LEAD).exists()
    )


def plan_rights(user, plan: ActionPlan) -> PlanRights:
    cache = plan.__dict__.setdefault("_rights", {})
    if (key := getattr(user, "pk", None)) not in cache:
        changeable = ActionPlan.objects.changeable_by(user).filter(pk=plan.pk).exists()
        panel = changeable and is_panel_staff(user, plan.review.partnership_id)
        cache[key] = PlanRights(
            may_write=changeable and (panel or leads_agency(user, plan.agency_id)), is_panel=panel
        )
    return cache[key]


def action_rights(user, action: Action) -> ActionRights:
    cache = action.__dict__.setdefault("_rights", {})
    if (key := getattr(user, "pk", None)) not in cache:
        plan = plan_rights(user, action.plan)
        changeable = Action.objects.changeable_by(user).filter(pk=action.pk).exists()
        own = key is not None and key in (action.owner_id, action.completed_by_id)
        cache[key] = ActionRights(
            may_update=changeable,
            may_write=changeable and plan.may_write,
            may_verify=plan.is_panel and not own,
            is_panel=plan.is_panel,
        )
    return cache[key]


def agencies_writable_by(user, review):
    """The agencies of `review`'s partnership whose plans `user` may write: all of them for panel staff,
    the agencies they lead otherwise. One query, run when the result is used."""
    agencies = Agency.objects.filter(partnership_id=review.partnership_id, is_active=True)
    if not _signed_in(user):
        return agencies.none()
    if user.is_superuser:
        return agencies
    panel_staff = Q(partnership__memberships__user=user, partnership__memberships__role__in=PANEL_ROLES)
    lead = Q(memberships__user=user, memberships__role=Role.AGENCY_LEAD)
    return agencies.filter(panel_staff | lead).distinct()
