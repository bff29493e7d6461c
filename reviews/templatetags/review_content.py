"""The review page's view of its content: the coding panel, change links and recommendation warnings."""

from django import template

from reviews import authoring
from reviews.forms.content import CHARACTERISTIC_GROUPS, CODING_CHOICE_FIELDS, CaseCodingForm
from reviews.models import CaseCoding

register = template.Library()

CHARACTERISTIC_TITLES = {
    "parent_characteristics": "Parental characteristics",
    "family_characteristics": "Family characteristics",
    "child_characteristics": "Child characteristics",
}


@register.simple_tag(takes_context=True)
def content_rights(context, review):
    """What the person viewing the page may do with the review's content (one query per page)."""
    return authoring.content_rights(context["request"].user, review)


@register.simple_tag
def breadth_warning_for(recommendation, review):
    """The warning for a recommendation addressed to every agency or to nobody; its agencies prefetched."""
    return authoring.breadth_warning(
        review,
        to_partnership=recommendation.to_partnership,
        agencies=recommendation.agencies.all(),
    )


@register.simple_tag
def many_recommendations():
    return authoring.many_recommendations()


def _coding_rows(coding: CaseCoding) -> list[tuple[str, str, str]]:
    """(question, answer, anchor of the question on the coding page) for the summary list."""
    form = CaseCodingForm()
    rows = []
    for name in CODING_CHOICE_FIELDS:
        field = form.fields[name]
        rows.append((field.label, getattr(coding, f"get_{name}_display")() or "Not coded", f"id_{name}_0"))
    for group, names in CHARACTERISTIC_GROUPS.items():
        field = form.fields[group]
        labels = dict(field.choices)
        ticked = [labels[name] for name in names if getattr(coding, name)]
        rows.append((CHARACTERISTIC_TITLES[group], ", ".join(ticked) or "None noted", f"id_{group}_0"))
    return rows


@register.inclusion_tag("reviews/content/coding_panel.html", takes_context=True)
def coding_panel(context, review):
    """The case coding of the review for those who read the whole review (not agency staff), with a
    Change link for panel staff. One query: the coding comes with the rights."""
    rights = authoring.content_rights(context["request"].user, review)
    if not rights.reads_whole_review:
        return {"shown": False}
    coding = authoring.review_coding(review)
    return {
        "shown": True,
        "review": review,
        "coding": coding,
        "rows": _coding_rows(coding) if coding else [],
        "may_change": rights.may_change_review,
    }
