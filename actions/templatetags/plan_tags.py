"""Template helpers of the review page's action plans table."""

from django import template

from actions.permissions import agencies_writable_by

register = template.Library()


@register.simple_tag
def may_start_plan(user, review) -> bool:
    """Whether `user` may start the action plan of an agency of `review` that has none yet (one query)."""
    return agencies_writable_by(user, review).exclude(action_plans__review=review).exists()
