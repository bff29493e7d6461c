"""The review page's "Learning brief" panel: links to the brief and how far it has reached."""

from django import template

from reviews import authoring, briefs
from reviews.models import LearningBrief

register = template.Library()


@register.inclusion_tag("reviews/briefs/panel.html", takes_context=True)
def brief_panel(context, review):
    user = context["request"].user
    # The review page's other panels ask for the same rights: they are found once per request.
    rights = authoring.content_rights(user, review)
    brief = LearningBrief.objects.visible_to(user).filter(review=review).first()
    return {
        "review": review,
        "brief": brief,
        "may_edit": rights.may_change_review,
        "reach": briefs.brief_reach(user, review, every_agency=rights.reads_whole_review) if brief else None,
    }
