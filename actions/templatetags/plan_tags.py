"""Template helpers of the review page's action plans table."""

from django import template
from django.db.models import Q

from agencies.models import Agency, Role

register = template.Library()

PANEL_ROLES = (Role.PARTNERSHIP_ADMIN, Role.PANEL_CHAIR, Role.PANEL_MEMBER)


@register.simple_tag
def may_start_plan(user, review) -> bool:
    """Whether `user` may start the action plan of an agency of `review` that has none yet: the rule of
    actions.permissions.agencies_writable_by (panel staff, or the agency's lead), asked in one query so
    the review page's query count stays flat."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    agencies = Agency.objects.filter(partnership_id=review.partnership_id, is_active=True).exclude(
        action_plans__review=review
    )
    if user.is_superuser:
        return agencies.exists()
    writer = Q(partnership__memberships__user=user, partnership__memberships__role__in=PANEL_ROLES) | Q(
        memberships__user=user, memberships__role=Role.AGENCY_LEAD
    )
    return agencies.filter(writer).exists()
