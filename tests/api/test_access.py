"""The rules the API fuzz holds answers to (tests/api/access.py) catch what they are there to catch."""

import pytest

from actions.reminder_models import Notification

from .access import (
    Roles,
    reaches_a_view,
    read_refusal,
    refused_without_credentials,
    unseeable_ids,
    write_refusal,
)


def refusal(person, operation, body):
    return write_refusal(person, Roles.of(person), operation, body)


@pytest.mark.django_db
def test_a_record_of_another_partnership_in_an_answer_is_caught(world, outsider, panel_chair):
    review_a = world.reviews["A"]

    assert unseeable_ids(outsider, "reviews", {"id": review_a.pk}) == [review_a.pk]
    assert unseeable_ids(outsider, "reviews", {"count": 1, "results": [{"id": review_a.pk}]}) == [review_a.pk]
    assert unseeable_ids(panel_chair, "reviews", {"count": 1, "results": [{"id": review_a.pk}]}) == []


@pytest.mark.django_db
def test_agency_staff_see_only_their_agencys_findings(world, csc_owner):
    concerns_csc, concerns_police = world.findings["A1"], world.findings["A2"]
    body = {"results": [{"id": concerns_csc.pk}, {"id": concerns_police.pk}]}

    assert unseeable_ids(csc_owner, "findings", body) == [concerns_police.pk]


@pytest.mark.django_db
def test_someone_elses_notification_is_caught(world, csc_owner, csc_lead):
    notification = Notification.objects.get(recipient=csc_owner)

    assert unseeable_ids(csc_lead, "notifications", {"id": notification.pk}) == [notification.pk]
    assert refusal(csc_lead, "POST /api/v1/notifications/{id}/read/", {"id": notification.pk})
    assert not refusal(csc_owner, "POST /api/v1/notifications/{id}/read/", {"id": notification.pk})


@pytest.mark.django_db
def test_a_finding_written_by_a_reader_is_caught(world, board_member, panel_chair, lead_reviewer):
    on_a = {"id": world.findings["A1"].pk, "review": world.reviews["A"].pk}
    on_b = {"id": world.findings["B1"].pk, "review": world.reviews["B"].pk}

    assert refusal(board_member, "POST /api/v1/findings/", on_a)
    assert not refusal(panel_chair, "PATCH /api/v1/findings/{id}/", on_b)
    # The lead reviewer writes the findings of the review commissioned from them, and no other.
    assert not refusal(lead_reviewer, "PUT /api/v1/findings/{id}/", on_a)
    assert refusal(lead_reviewer, "PUT /api/v1/findings/{id}/", on_b)


@pytest.mark.django_db
def test_a_review_registered_in_another_partnership_is_caught(world, outsider):
    assert refusal(outsider, "POST /api/v1/reviews/", {"id": world.reviews["A"].pk})
    assert not refusal(outsider, "POST /api/v1/reviews/", {"id": world.reviews["S"].pk})


@pytest.mark.django_db
def test_action_writes_follow_the_agency_roles(world, csc_lead, csc_owner, lead_reviewer, no_roles):
    csc_action = {"id": world.actions["A-csc-1"].pk}
    police_action = {"id": world.actions["B-police-1"].pk}

    assert not refusal(csc_lead, "POST /api/v1/actions/{id}/revise-date/", csc_action)
    assert refusal(csc_lead, "POST /api/v1/actions/{id}/revise-date/", police_action)
    # Action owners update their agency's actions but do not write the plan.
    assert not refusal(csc_owner, "POST /api/v1/actions/{id}/complete/", csc_action)
    assert refusal(csc_owner, "PATCH /api/v1/actions/{id}/", csc_action)
    assert refusal(lead_reviewer, "PATCH /api/v1/actions/{id}/", csc_action)
    assert refusal(no_roles, "POST /api/v1/progress-updates/", {"id": 1, "action": csc_action["id"]})


@pytest.mark.django_db
def test_only_panel_staff_who_do_not_own_an_action_verify_it(world, panel_chair, csc_lead):
    action = world.actions["A-csc-1"]

    assert not refusal(panel_chair, "POST /api/v1/actions/{id}/verify/", {"id": action.pk})
    assert refusal(csc_lead, "POST /api/v1/actions/{id}/verify/", {"id": action.pk})
    action.owner = panel_chair
    action.save()
    assert refusal(panel_chair, "POST /api/v1/actions/{id}/return/", {"id": action.pk})


@pytest.mark.django_db
def test_an_endpoint_with_no_rule_is_reported_rather_than_allowed(world, panel_chair):
    assert "no write rule" in refusal(panel_chair, "DELETE /api/v1/reviews/{id}/", {"id": 1})
    assert "no read rule" in read_refusal(panel_chair, "meetings", {"id": 1})
    assert read_refusal(panel_chair, "reviews", {"id": world.reviews["S"].pk})


def test_without_credentials_only_a_refusal_or_a_path_no_view_answers_passes():
    assert refused_without_credentials(403, "http://localhost/api/v1/reviews/1/")
    assert refused_without_credentials(401, "http://localhost/api/v1/reviews/1/")
    assert not refused_without_credentials(200, "http://localhost/api/v1/reviews/1/")
    assert not refused_without_credentials(404, "http://localhost/api/v1/reviews/1/")
    assert refused_without_credentials(404, "http://localhost/api/v1/reviews/0.5/")
    assert refused_without_credentials(404, "http://localhost/api/v1/reviews/1%2F2/")


def test_a_path_with_a_known_format_reaches_its_view():
    assert reaches_a_view("http://localhost/api/v1/reviews/1.json")
    assert not reaches_a_view("http://localhost/api/v1/no-such-thing/")
