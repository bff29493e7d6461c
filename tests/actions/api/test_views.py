"""Action plans, actions, progress, evidence and notifications through the API (actions/api/views.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.choices import Status
from actions.models import Action, ActionPlan, Evidence, EvidencePurpose, ProgressUpdate
from actions.reminder_models import Notification
from agencies.models import Role
from tests.factories import ActionFactory, MembershipFactory, NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def ids(response):
    return sorted(row["id"] for row in response.json()["results"])


def snapshot(action):
    action.refresh_from_db()
    return {f.attname: getattr(action, f.attname) for f in Action._meta.concrete_fields}


# --- Reading ------------------------------------------------------------------------------------------


def test_an_agency_lead_lists_only_their_agencys_actions(world, api_as, csc_lead):
    response = api_as(csc_lead).get("/api/v1/actions/")

    assert response.status_code == 200
    assert ids(response) == sorted([world.actions["A-csc-1"].pk, world.actions["A-csc-2"].pk])
    row = response.json()["results"][0]
    assert row["agency"] == world.agencies["north_csc"].pk
    assert row["review"] == world.reviews["A"].pk
    assert row["rag"] in {"red", "amber", "green", "blue"}
    assert row["due_date"] == "2025-03-31"


def test_another_agencys_action_answers_404_to_every_verb(world, api_as, csc_lead):
    client = api_as(csc_lead)
    police = world.actions["B-police-1"]
    before = snapshot(police)

    assert client.get(f"/api/v1/actions/{police.pk}/").status_code == 404
    assert client.patch(f"/api/v1/actions/{police.pk}/", {"description": "x"}).status_code == 404
    assert client.post(f"/api/v1/actions/{police.pk}/verify/", {}).status_code == 404
    assert snapshot(police) == before


def test_filters_ordering_and_pages(world, api_as, board_member):
    client = api_as(board_member)
    police = world.agencies["north_police"]

    assert ids(client.get(f"/api/v1/actions/?agency={police.pk}")) == [world.actions["B-police-1"].pk]
    by_review = client.get(f"/api/v1/actions/?review={world.reviews['A'].pk}&ordering=-id")
    assert [row["id"] for row in by_review.json()["results"]] == sorted(
        [world.actions["A-csc-1"].pk, world.actions["A-csc-2"].pk], reverse=True
    )
    page = client.get("/api/v1/actions/?page_size=1&page=2").json()
    assert page["count"] == 4 and len(page["results"]) == 1 and page["previous"]
    assert client.get("/api/v1/actions/?status=nonsense").status_code == 400


def test_listing_actions_takes_the_same_queries_however_many_there_are(world, api_as, board_member):
    client = api_as(board_member)
    client.get("/api/v1/actions/")  # the token's first use writes its last-used time
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/actions/")
    for _ in range(15):
        ActionFactory(plan=world.plans["B-police"], recommendations=[world.recommendations["B2"]])
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/actions/")

    assert response.json()["count"] == 19
    assert len(many.captured_queries) == len(few.captured_queries)


def test_without_credentials_nothing_is_listed(api_as, world):
    response = api_as(None).get("/api/v1/actions/")

    assert response.status_code == 401


# --- Writing actions ----------------------------------------------------------------------------------


def test_an_agency_lead_edits_their_action_and_the_history_names_them(world, api_as, csc_lead):
    action = world.actions["A-csc-1"]

    response = api_as(csc_lead).patch(
        f"/api/v1/actions/{action.pk}/", {"description": "Audit 30 assessments a quarter."}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["description"] == "Audit 30 assessments a quarter."
    action.refresh_from_db()
    assert action.recommendations.count() == 1  # PATCH keeps what it was not sent
    assert action.history.first().history_user == csc_lead


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("plan", "B-police", "An action stays in the plan of the agency it was agreed with."),
        ("target_date", "2030-01-01", "revise-date"),
        ("status", "verified", "The status changes with a progress update"),
        ("verified_by", 1, "This field cannot be set here."),
    ],
)
def test_fields_an_edit_cannot_change_are_refused_by_name(world, api_as, csc_lead, field, value, message):
    action = world.actions["A-csc-1"]
    before = snapshot(action)
    if field == "plan":
        value = world.plans[value].pk

    response = api_as(csc_lead).patch(f"/api/v1/actions/{action.pk}/", {field: value}, format="json")

    assert response.status_code == 400
    assert message in response.json()[field][0]
    assert snapshot(action) == before


def test_a_board_member_reads_but_may_not_edit(world, api_as, board_member):
    action = world.actions["A-csc-1"]
    before = snapshot(action)

    response = api_as(board_member).patch(f"/api/v1/actions/{action.pk}/", {"number": "9"}, format="json")

    assert response.status_code == 403
    assert snapshot(action) == before


def test_an_action_is_added_to_the_agencys_plan(world, api_as, csc_lead):
    owner = world.csc_owner
    response = api_as(csc_lead).post(
        "/api/v1/actions/",
        {
            "plan": world.plans["A-csc"].pk,
            "number": "3",
            "description": "Train every team on the neglect toolkit.",
            "recommendations": [world.recommendations["A1"].pk],
            "owner": owner.pk,
            "target_date": "2027-06-30",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    created = Action.objects.get(pk=response.json()["id"])
    assert (created.plan, created.owner, created.target_date) == (
        world.plans["A-csc"],
        owner,
        datetime.date(2027, 6, 30),
    )


def test_an_action_cannot_be_added_to_another_agencys_plan_or_owned_by_its_staff(world, api_as, csc_lead):
    client = api_as(csc_lead)
    count = Action.objects.count()
    police_plan = client.post(
        "/api/v1/actions/",
        {
            "plan": world.plans["B-police"].pk,
            "number": "2",
            "description": "x",
            "recommendations": [world.recommendations["B2"].pk],
            "target_date": "2027-06-30",
        },
        format="json",
    )
    police_officer = MembershipFactory(
        partnership=world.north, agency=world.agencies["north_police"], role=Role.ACTION_OWNER
    ).user
    police_owner = client.post(
        "/api/v1/actions/",
        {
            "plan": world.plans["A-csc"].pk,
            "number": "3",
            "description": "x",
            "recommendations": [world.recommendations["A1"].pk],
            "owner": police_officer.pk,
            "target_date": "2027-06-30",
        },
        format="json",
    )

    assert police_plan.status_code == 400 and "plan" in police_plan.json()
    assert police_owner.status_code == 400
    assert police_owner.json()["owner"] == ["Choose someone from Northshire Children's Social Care."]
    assert Action.objects.count() == count


def test_someone_of_another_partnership_cannot_be_named_owner(world, api_as, csc_lead):
    stranger = UserFactory()
    response = api_as(csc_lead).patch(
        f"/api/v1/actions/{world.actions['A-csc-1'].pk}/", {"owner": stranger.pk}, format="json"
    )

    assert response.status_code == 400 and "owner" in response.json()


def test_a_target_date_is_revised_with_its_reason(world, api_as, csc_lead):
    action = world.actions["A-csc-1"]
    client = api_as(csc_lead)

    refused = client.post(
        f"/api/v1/actions/{action.pk}/revise-date/", {"new_date": "2026-01-31"}, format="json"
    )
    revised = client.post(
        f"/api/v1/actions/{action.pk}/revise-date/",
        {"new_date": "2026-01-31", "reason": "The audit tool is being replaced."},
        format="json",
    )

    assert refused.status_code == 400 and "reason" in refused.json()
    assert revised.status_code == 200
    assert revised.json()["due_date"] == "2026-01-31"
    assert revised.json()["target_date"] == "2025-03-31"
    assert [change.reason for change in action.date_changes.all()] == ["The audit tool is being replaced."]


# --- Progress, evidence, completion and verification ---------------------------------------------------


def test_an_owner_reports_progress_adds_evidence_and_marks_complete_then_the_panel_verifies(
    world, api_as, csc_owner, panel_chair
):
    action = world.actions["A-csc-2"]
    owner = api_as(csc_owner)

    progress = owner.post(
        "/api/v1/progress-updates/",
        {"action": action.pk, "narrative": "Half the teams trained.", "status": Status.IN_PROGRESS},
        format="json",
    )
    too_soon = owner.post(f"/api/v1/actions/{action.pk}/complete/", {"note": "Done"}, format="json")
    evidence = owner.post(
        "/api/v1/evidence/",
        {
            "action": action.pk,
            "purpose": EvidencePurpose.COMPLETION,
            "title": "Training register",
            "link": "https://intranet.example.org/training-register",
        },
        format="json",
    )
    completed = owner.post(
        f"/api/v1/actions/{action.pk}/complete/", {"note": "All teams trained."}, format="json"
    )
    verified = api_as(panel_chair).post(f"/api/v1/actions/{action.pk}/verify/", {}, format="json")

    assert progress.status_code == 201
    assert ProgressUpdate.objects.get(pk=progress.json()["id"]).author == csc_owner
    assert too_soon.status_code == 400
    assert too_soon.json() == {"note": ["Add evidence of completion before marking the action complete."]}
    assert evidence.status_code == 201 and evidence.json()["has_file"] is False
    assert completed.json()["status"] == Status.AWAITING_VERIFICATION
    assert verified.status_code == 200
    assert verified.json()["status"] == Status.VERIFIED
    assert verified.json()["verified_by"] == panel_chair.pk


def test_an_owner_may_not_verify_and_a_return_needs_its_reason(world, api_as, csc_owner, panel_chair):
    action = world.actions["A-csc-1"]
    Action.objects.filter(pk=action.pk).update(status=Status.AWAITING_VERIFICATION)

    by_owner = api_as(csc_owner).post(f"/api/v1/actions/{action.pk}/verify/", {}, format="json")
    no_reason = api_as(panel_chair).post(f"/api/v1/actions/{action.pk}/return/", {}, format="json")
    returned = api_as(panel_chair).post(
        f"/api/v1/actions/{action.pk}/return/", {"reason": "Attach the signed-off audit."}, format="json"
    )

    assert by_owner.status_code == 403
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    assert returned.status_code == 200 and returned.json()["status"] == Status.IN_PROGRESS


def test_a_progress_update_may_not_report_verification(world, api_as, csc_owner):
    response = api_as(csc_owner).post(
        "/api/v1/progress-updates/",
        {"action": world.actions["A-csc-2"].pk, "narrative": "Done.", "status": Status.VERIFIED},
        format="json",
    )

    assert response.status_code == 400 and "status" in response.json()
    assert not ProgressUpdate.objects.filter(narrative="Done.").exists()


def test_evidence_is_listed_without_its_file_and_files_are_not_taken(world, api_as, csc_owner):
    client = api_as(csc_owner)

    listed = client.get("/api/v1/evidence/").json()["results"]
    with_file = client.post(
        "/api/v1/evidence/",
        {"action": world.actions["A-csc-1"].pk, "purpose": "completion", "title": "x", "file": "x.pdf"},
        format="json",
    )

    assert {row["id"] for row in listed} == set(
        Evidence.objects.filter(action=world.actions["A-csc-1"]).values_list("pk", flat=True)
    )
    assert all("file" not in row for row in listed)
    assert with_file.status_code == 400
    assert with_file.json()["file"] == [
        "Attach files on the action's page; the API takes evidence as a link."
    ]


# --- Plans --------------------------------------------------------------------------------------------


def test_a_plan_is_started_once(world, api_as, panel_chair):
    client = api_as(panel_chair)
    answers = {"review": world.reviews["A"].pk, "agency": world.agencies["north_police"].pk}

    first = client.post("/api/v1/action-plans/", answers, format="json")
    second = client.post("/api/v1/action-plans/", answers, format="json")

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert (
        ActionPlan.objects.filter(review=world.reviews["A"], agency=world.agencies["north_police"]).count()
        == 1
    )


def test_an_agency_lead_may_not_start_another_agencys_plan(world, api_as, csc_lead):
    response = api_as(csc_lead).post(
        "/api/v1/action-plans/",
        {"review": world.reviews["A"].pk, "agency": world.agencies["north_police"].pk},
        format="json",
    )

    assert response.status_code == 403
    assert not ActionPlan.objects.filter(
        review=world.reviews["A"], agency=world.agencies["north_police"]
    ).exists()


# --- Notifications ------------------------------------------------------------------------------------


def test_notifications_are_the_persons_own_and_are_marked_read(world, api_as, csc_owner, csc_lead):
    mine = Notification.objects.get(recipient=csc_owner)
    theirs = NotificationFactory(recipient=csc_lead)
    client = api_as(csc_owner)

    listed = client.get("/api/v1/notifications/?unread=true")
    read = client.post(f"/api/v1/notifications/{mine.pk}/read/")
    other = client.post(f"/api/v1/notifications/{theirs.pk}/read/")

    assert ids(listed) == [mine.pk]
    assert listed.json()["results"][0]["url"] == f"/actions/{world.actions['A-csc-1'].pk}/"
    assert read.status_code == 200 and read.json()["read_at"]
    assert other.status_code == 404
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("query", ["review=99999999999999999999", "agency=0", "owner=x"])
def test_an_id_filter_out_of_range_is_refused_as_input(world, api_as, board_member, query):
    response = api_as(board_member).get(f"/api/v1/actions/?{query}")

    assert response.status_code == 400


def test_an_id_of_another_partnerships_record_filters_to_nothing_like_a_made_up_one(
    world, api_as, board_member
):
    client = api_as(board_member)
    southern = client.get(f"/api/v1/actions/?agency={world.agencies['south_csc'].pk}")
    made_up = client.get("/api/v1/actions/?agency=987654")

    assert (
        (southern.status_code, southern.json()["count"])
        == (made_up.status_code, made_up.json()["count"])
        == (200, 0)
    )
