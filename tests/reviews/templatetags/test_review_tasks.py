"""The review page's task list: for panel staff only, each task's status from the review's own records."""

import pytest
from django.urls import reverse

from reviews.models import CaseCoding, LearningBrief, Response, Stage
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def tasks_on_the_page(client, user, review):
    sign_in(client, user)
    response = client.get(reverse("review_detail", args=[review.pk]))
    assert response.status_code == 200
    return {task.key: task for task in response.context.get("tasks") or ()}, response


def test_panel_staff_see_each_task_with_its_page(client, world, panel_chair):
    review = world.reviews["A"]

    tasks, response = tasks_on_the_page(client, panel_chair, review)

    assert list(tasks) == ["stage", "coding", "findings", "recommendations", "brief"]
    assert tasks["stage"].href == reverse("review_stage_change", args=[review.pk])
    assert tasks["findings"].href == reverse("finding_add", args=[review.pk])
    assert tasks["stage"].hint == "Now at: Evidence gathering"
    assert 'class="govuk-task-list"' in response.content.decode()


def test_statuses_follow_the_records(client, world, panel_chair):
    review = world.reviews["A"]  # coded, 3 findings, 4 recommendations awaiting a response, brief issued
    CaseCoding.objects.filter(review=review).update(nature="death", harm_category="neglect", age_band="1_5")

    tasks, _ = tasks_on_the_page(client, panel_chair, review)

    assert tasks["coding"].status_text == "Completed"
    assert tasks["findings"].hint == "3 recorded"
    assert tasks["recommendations"].status_text == "In progress"
    assert tasks["recommendations"].hint == "4 recorded, 4 awaiting a response"
    assert tasks["brief"].status_text == "Completed"
    assert tasks["stage"].status_text == "In progress"


def test_a_review_with_nothing_yet_shows_not_started(client, world, panel_chair):
    review = world.reviews["C"]  # one finding, one recommendation, no coding, no brief
    review.recommendations.update(response=Response.ACCEPTED, responded_on="2024-06-03")
    LearningBrief.objects.filter(review=review).delete()

    tasks, _ = tasks_on_the_page(client, panel_chair, review)

    assert tasks["coding"].status_text == "Not started"
    assert tasks["brief"].status_text == "Not started"
    assert tasks["recommendations"].status_text == "Completed"


def test_a_draft_brief_is_in_progress(client, world, panel_chair):
    LearningBrief.objects.filter(review=world.reviews["A"]).update(issued_on=None)

    tasks, _ = tasks_on_the_page(client, panel_chair, world.reviews["A"])

    assert tasks["brief"].status_text == "In progress"
    assert tasks["brief"].hint == "Draft, not yet issued"


@pytest.mark.parametrize("persona", ["board_member", "scrutineer", "csc_lead", "lead_reviewer"])
def test_people_who_cannot_change_the_review_get_no_task_list(client, world, persona):
    tasks, response = tasks_on_the_page(client, world.people[persona], world.reviews["A"])

    assert tasks == {}
    assert "govuk-task-list" not in response.content.decode()


def test_a_closed_review_has_its_stage_task_completed_without_a_link(client, world, panel_chair):
    review = world.reviews["C"]
    review.status, review.closed_on, review.closure_rationale = Stage.CLOSED, review.notified_on, "Done."
    review.save()

    tasks, _ = tasks_on_the_page(client, panel_chair, review)

    assert tasks["stage"].status_text == "Completed"
    assert tasks["stage"].href == ""
