"""The review page's task list for panel staff: each part of the review's work, how far it has got, and the
page that does it (the GOV.UK task list pattern)."""

from dataclasses import dataclass

from django import template
from django.urls import reverse

from reviews.authoring import content_rights, review_coding
from reviews.models import LearningBrief, Response, Stage

register = template.Library()

COMPLETED = ""  # shown as plain text, as the pattern asks, rather than as a tag
NOT_STARTED = "Not started"
IN_PROGRESS = "In progress"


@dataclass(frozen=True)
class Task:
    key: str
    name: str
    href: str  # empty when there is nothing left to do on its page
    status: str
    hint: str = ""

    @property
    def status_text(self) -> str:
        return self.status or "Completed"


def _coding_task(review) -> Task:
    coding = review_coding(review)
    essentials = coding and all((coding.nature, coding.harm_category, coding.age_band))
    status = COMPLETED if essentials else (IN_PROGRESS if coding else NOT_STARTED)
    return Task(
        "coding",
        "Code the case for the national analysis",
        reverse("review_coding", args=[review.pk]),
        status,
    )


def _findings_task(review, findings) -> Task:
    count = len(findings)
    return Task(
        "findings",
        "Record findings",
        reverse("finding_add", args=[review.pk]),
        COMPLETED if count else NOT_STARTED,
        hint=f"{count} recorded",
    )


def _recommendations_task(review, recommendations) -> Task:
    count = len(recommendations)
    awaiting = sum(1 for r in recommendations if r.response == Response.PENDING)
    status = (IN_PROGRESS if awaiting else COMPLETED) if count else NOT_STARTED
    hint = f"{count} recorded" + (f", {awaiting} awaiting a response" if awaiting else "")
    return Task(
        "recommendations",
        "Record recommendations and responses",
        reverse("recommendation_add", args=[review.pk]),
        status,
        hint,
    )


def _brief_task(review) -> Task:
    brief = LearningBrief.objects.filter(review=review).only("issued_on").first()
    if brief is None:
        status, hint = NOT_STARTED, ""
    elif brief.issued_on is None:
        status, hint = IN_PROGRESS, "Draft, not yet issued"
    else:
        status, hint = COMPLETED, f"Issued {brief.issued_on:%-d %B %Y}"
    return Task(
        "brief",
        "Write and issue the learning brief",
        reverse("learning_brief", args=[review.pk]),
        status,
        hint,
    )


@register.inclusion_tag("reviews/includes/task_list.html", takes_context=True)
def review_tasks(context, review):
    """Only for those who may change the review. Counts come from the findings and recommendations the page
    already lists (the same querysets, evaluated once), so the list adds one query: the brief's."""
    if not content_rights(context["request"].user, review).may_change_review:
        return {"tasks": ()}
    tasks = (
        Task(
            "stage",
            "Move the review through its stages",
            # A closed review's stage no longer changes: the task stays, without a link.
            "" if review.status == Stage.CLOSED else reverse("review_stage_change", args=[review.pk]),
            COMPLETED if review.status == Stage.CLOSED else IN_PROGRESS,
            hint=f"Now at: {review.get_status_display()}",
        ),
        _coding_task(review),
        _findings_task(review, context["findings"]),
        _recommendations_task(review, context["recommendations"]),
        _brief_task(review),
    )
    return {"tasks": tasks, "review": review}
