"""The statutory deadlines panel of the review page. Words always travel with colour, never colour alone."""

from django import template

from reviews.authoring import content_rights
from reviews.clock import DUE, MET, MET_LATE, NOT_STARTED, OVERDUE, deadlines_for

register = template.Library()

# (tag text, GOV.UK tag colour) of each deadline state.
STATE_TAGS = {
    MET: ("Met", "govuk-tag--green"),
    MET_LATE: ("Late", "govuk-tag--red"),
    OVERDUE: ("Overdue", "govuk-tag--red"),
    DUE: ("Due", "govuk-tag--blue"),
    NOT_STARTED: ("Not started", "govuk-tag--grey"),
}


@register.inclusion_tag("reviews/includes/statutory_deadlines.html", takes_context=True)
def review_deadlines(context, review, today=None):
    """Every statutory deadline of the review, worked out from the dates it already carries (no queries
    beyond its partnership, which the page loads with it, and who may change it, which the page's other
    panels have asked already)."""
    rows = []
    for deadline in deadlines_for(review, today=today):
        tag_text, tag_class = STATE_TAGS[deadline.state]
        rows.append({"deadline": deadline, "tag_text": tag_text, "tag_class": tag_class})
    request = context.get("request")
    may_change = bool(request) and content_rights(request.user, review).may_change_review
    return {"review": review, "rows": rows, "may_change": may_change}
