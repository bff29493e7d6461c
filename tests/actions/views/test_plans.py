"""An agency's action plan page, starting a plan, writing actions and the action page with its progress
updates, target date revisions and milestones."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from actions.choices import Rag, Status
from actions.models import Action, ActionPlan, Milestone, ProgressUpdate, TargetDateChange
from tests.conftest import sign_in
from tests.factories import ActionFactory, MembershipFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

FUTURE = timezone.localdate() + datetime.timedelta(days=90)


def date_data(prefix: str, value: datetime.date) -> dict:
    return {f"{prefix}_day": value.day, f"{prefix}_month": value.month, f"{prefix}_year": value.year}


def action_data(world, **overrides) -> dict:
    data = {
        "number": "3",
        "description": "Audit ten strategy discussions a quarter for police attendance.",
        "success_measure": "Police attend nine in ten strategy discussions.",
        "recommendations": [world.recommendations["A1"].pk],
        "owner": world.csc_owner.pk,
        "accountable_officer": world.csc_lead.pk,
        **date_data("target_date", FUTURE),
    }
    data.update(overrides)
    return data


def stored(action) -> Action:
    return Action.objects.get(pk=action.pk)


# --- The plan page --------------------------------------------------------------------------------------


def test_the_plan_page_lists_its_actions_with_links_and_writing_buttons_for_a_lead(client, world):
    plan = world.plans["A-csc"]
    sign_in(client, world.csc_lead)

    response = client.get(reverse("plan_detail", args=[plan.pk]))

    assertContains(response, "Northshire Children&#x27;s Social Care's action plan")
    assertContains(response, "REF-A")
    for name in ("A-csc-1", "A-csc-2"):
        assertContains(response, reverse("action_detail", args=[world.actions[name].pk]))
    assertContains(response, reverse("action_create", args=[plan.pk]))


@pytest.mark.parametrize("persona", ["csc_owner", "board_member", "scrutineer"])
def test_owners_and_readers_see_the_plan_without_the_add_button(client, world, persona):
    plan = world.plans["A-csc"]
    sign_in(client, world.people[persona])

    response = client.get(reverse("plan_detail", args=[plan.pk]))

    assert response.status_code == 200
    assertNotContains(response, reverse("action_create", args=[plan.pk]))


@pytest.mark.parametrize("persona", ["police_lead", "outsider", "no_roles"])
def test_another_agency_or_partnership_gets_404_for_the_plan(client, world, persona):
    sign_in(client, world.people[persona])

    assert client.get(reverse("plan_detail", args=[world.plans["A-csc"].pk])).status_code == 404


def test_the_plan_page_queries_do_not_grow_with_its_actions(client, world, django_assert_max_num_queries):
    plan = world.plans["A-csc"]
    sign_in(client, world.csc_lead)
    url = reverse("plan_detail", args=[plan.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(20):
        ActionFactory(plan=plan, owned=True, recommendations=[world.recommendations["A1"]])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["actions"]) == 22


# --- Starting a plan ------------------------------------------------------------------------------------


def test_panel_staff_choose_among_agencies_without_a_plan(client, world):
    review = world.reviews["A"]
    sign_in(client, world.panel_chair)

    response = client.get(reverse("plan_create", args=[review.pk]))

    assertContains(response, "Northshire Police")
    assertContains(response, 'type="radio"')
    assertNotContains(response, 'value="{}"'.format(world.agencies["north_csc"].pk))

    response = client.post(
        reverse("plan_create", args=[review.pk]), {"agency": world.agencies["north_police"].pk}
    )

    plan = ActionPlan.objects.get(review=review, agency=world.agencies["north_police"])
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_detail", args=[plan.pk])
    assert plan.history.get().history_user == world.panel_chair


def test_an_agency_lead_confirms_their_own_agency(client, world):
    review = world.reviews["A"]
    sign_in(client, world.police_lead)

    response = client.get(reverse("plan_create", args=[review.pk]))

    assertContains(response, "Start Northshire Police's action plan for REF-A?")
    assertNotContains(response, 'type="radio"')
    client.post(reverse("plan_create", args=[review.pk]), {"agency": world.agencies["north_police"].pk})
    assert ActionPlan.objects.filter(review=review, agency=world.agencies["north_police"]).exists()


def test_a_lead_cannot_start_another_agencys_plan(client, world):
    review = world.reviews["A"]
    sign_in(client, world.police_lead)
    before = ActionPlan.objects.count()

    response = client.post(
        reverse("plan_create", args=[review.pk]), {"agency": world.agencies["north_health"].pk}
    )

    assert response.status_code == 200
    assertContains(response, "Choose an agency that has no action plan for this review yet")
    assert ActionPlan.objects.count() == before


def test_a_lead_whose_agency_has_a_plan_is_pointed_to_it(client, world):
    sign_in(client, world.csc_lead)

    response = client.get(reverse("plan_create", args=[world.reviews["A"].pk]))

    assertContains(response, "already has one")
    assertContains(response, reverse("plan_detail", args=[world.plans["A-csc"].pk]))


@pytest.mark.parametrize(
    ("persona", "status"), [("board_member", 403), ("csc_owner", 403), ("outsider", 404)]
)
def test_starting_a_plan_is_refused_to_readers_and_owners(client, world, persona, status):
    sign_in(client, world.people[persona])
    before = ActionPlan.objects.count()

    response = client.post(
        reverse("plan_create", args=[world.reviews["A"].pk]), {"agency": world.agencies["north_police"].pk}
    )

    assert response.status_code == status
    assert ActionPlan.objects.count() == before


# --- Adding and changing actions ------------------------------------------------------------------------


def test_the_new_action_form_suggests_the_next_number_and_offers_the_agencys_people(client, world):
    plan = world.plans["A-csc"]
    sign_in(client, world.csc_lead)

    response = client.get(reverse("action_create", args=[plan.pk]))

    assert response.context["form"]["number"].value() == "3"
    people = set(response.context["form"].fields["owner"].queryset)
    assert people == {world.csc_lead, world.csc_owner}
    assertContains(response, "Not assigned")
    assertContains(response, "SMART")


def test_a_lead_adds_an_action_and_the_history_names_them(client, world):
    plan = world.plans["A-csc"]
    sign_in(client, world.csc_lead)

    response = client.post(reverse("action_create", args=[plan.pk]), action_data(world))

    action = plan.actions.get(number="3")
    assert response.status_code == 302
    assert response["Location"] == reverse("action_detail", args=[action.pk])
    assert action.owner == world.csc_owner
    assert action.target_date == FUTURE
    assert list(action.recommendations.all()) == [world.recommendations["A1"]]
    assert {row.history_user for row in action.history.all()} == {world.csc_lead}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"description": ""}, "Enter what the agency will do"),
        ({"recommendations": []}, "Choose the recommendations this action responds to"),
        ({"number": "1"}, "This action plan already has an action with this number."),
        ({"target_date_day": "31", "target_date_month": "2"}, "Target date must be a real date"),
        ({"target_date_day": "", "target_date_month": "", "target_date_year": ""}, "Enter the target date"),
    ],
)
def test_bad_answers_add_no_action(client, world, overrides, message):
    plan = world.plans["A-csc"]
    sign_in(client, world.csc_lead)
    before = Action.objects.count()

    response = client.post(reverse("action_create", args=[plan.pk]), action_data(world, **overrides))

    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, "Error: Add an action")
    assert Action.objects.count() == before


def test_an_owner_from_another_agency_is_refused(client, world):
    plan = world.plans["A-csc"]
    sign_in(client, world.csc_lead)
    before = Action.objects.count()

    response = client.post(
        reverse("action_create", args=[plan.pk]), action_data(world, owner=world.police_lead.pk)
    )

    assertContains(response, "Choose someone from the agency")
    assert Action.objects.count() == before


def test_a_recommendation_the_user_cannot_see_is_not_offered(client, world):
    plan = world.plans["A-csc"]
    sign_in(client, world.csc_lead)

    response = client.get(reverse("action_create", args=[plan.pk]))

    offered = set(response.context["form"].fields["recommendations"].queryset)
    assert world.recommendations["A1"] in offered
    assert world.recommendations["B1"] not in offered


@pytest.mark.parametrize(
    ("persona", "status"), [("csc_owner", 403), ("board_member", 403), ("police_lead", 404)]
)
def test_only_leads_and_panel_staff_add_actions(client, world, persona, status):
    plan = world.plans["A-csc"]
    sign_in(client, world.people[persona])
    before = Action.objects.count()

    assert client.get(reverse("action_create", args=[plan.pk])).status_code == status
    assert client.post(reverse("action_create", args=[plan.pk]), action_data(world)).status_code == status
    assert Action.objects.count() == before


def test_panel_staff_add_actions_to_any_plan_of_their_partnership(client, world):
    plan = world.plans["B-police"]
    sign_in(client, world.panel_member)
    data = action_data(
        world, recommendations=[world.recommendations["B2"].pk], owner="", accountable_officer=""
    )

    response = client.post(reverse("action_create", args=[plan.pk]), data)

    assert response.status_code == 302
    assert plan.actions.filter(number="3", owner=None).exists()


def test_editing_keeps_the_target_date_and_links_to_revise_it(client, world):
    action = world.actions["A-csc-1"]
    sign_in(client, world.csc_lead)
    url = reverse("action_edit", args=[action.pk])

    response = client.get(url)

    assert "target_date" not in response.context["form"].fields
    assertContains(response, reverse("action_revise_date", args=[action.pk]))
    assertContains(response, "Revise the target date")

    data = action_data(world, number=action.number, description="Audit fifteen assessments a quarter.")
    response = client.post(url, data)

    action = stored(action)
    assert response.status_code == 302
    assert action.description == "Audit fifteen assessments a quarter."
    assert action.target_date == datetime.date(2025, 3, 31)
    assert action.history.latest().history_user == world.csc_lead


def test_editing_keeps_links_to_recommendations_the_lead_cannot_see(client, world):
    action = world.actions["A-csc-1"]
    action.recommendations.add(world.recommendations["A2"])  # addressed to police: unseen by CSC
    sign_in(client, world.csc_lead)

    response = client.post(reverse("action_edit", args=[action.pk]), action_data(world, number=action.number))

    assert response.status_code == 302
    assert set(action.recommendations.all()) == {world.recommendations["A1"], world.recommendations["A2"]}


def test_an_owner_may_not_edit_the_action(client, world):
    action = world.actions["A-csc-1"]
    sign_in(client, world.csc_owner)

    response = client.post(reverse("action_edit", args=[action.pk]), action_data(world, number="1"))

    assert response.status_code == 403
    assert stored(action).description == action.description


# --- The action page ------------------------------------------------------------------------------------


def test_the_action_page_shows_its_record(client, world):
    action = world.actions["A-csc-1"]
    sign_in(client, world.csc_owner)

    response = client.get(reverse("action_detail", args=[action.pk]))

    for text in (
        "REF-A",
        "Original target date",
        "31 March 2025",
        "Not assigned",
        "Mark as met",
        "Add a progress update",
        "The audit report is a draft",  # the verification decision
        "Re-check the impact on",
        "Created the action",
    ):
        assertContains(response, text)
    # An owner records progress but does not change the action itself.
    assertNotContains(response, reverse("action_edit", args=[action.pk]))
    assertNotContains(response, reverse("milestone_add", args=[action.pk]))


def test_a_lead_sees_the_writing_links_and_the_date_revisions(client, world):
    action = world.actions["A-csc-2"]
    sign_in(client, world.csc_lead)

    response = client.get(reverse("action_detail", args=[action.pk]))

    assertContains(response, reverse("action_edit", args=[action.pk]))
    assertContains(response, reverse("milestone_add", args=[action.pk]))
    assertContains(response, reverse("action_revise_date", args=[action.pk]))
    assertContains(response, "31 Mar 2025")
    assertContains(response, "30 Jun 2025")


@pytest.mark.parametrize("persona", ["board_member", "scrutineer"])
def test_readers_see_the_action_without_any_button(client, world, persona):
    action = world.actions["A-csc-1"]
    sign_in(client, world.people[persona])

    response = client.get(reverse("action_detail", args=[action.pk]))

    assert response.status_code == 200
    assertNotContains(response, "Add a progress update")
    assertNotContains(response, "Mark as met")
    assertNotContains(response, reverse("action_edit", args=[action.pk]))


@pytest.mark.parametrize("persona", ["police_lead", "outsider", "no_roles"])
def test_another_agency_or_partnership_gets_404_for_the_action(client, world, persona):
    sign_in(client, world.people[persona])

    assert client.get(reverse("action_detail", args=[world.actions["A-csc-1"].pk])).status_code == 404


def test_the_override_reason_shows_beside_the_rating(client, world):
    action = world.actions["A-csc-1"]
    Action.objects.filter(pk=action.pk).update(rag_override=Rag.GREEN, rag_override_reason="Audits under way")
    sign_in(client, world.csc_owner)

    response = client.get(reverse("action_detail", args=[action.pk]))

    assertContains(response, "(rated by the agency: Audits under way")


def test_the_history_names_the_changed_fields_and_who_changed_them(client, world):
    action = world.actions["A-csc-1"]
    sign_in(client, world.csc_lead)
    client.post(
        reverse("action_edit", args=[action.pk]),
        action_data(world, number=action.number, description="A new description."),
    )

    response = client.get(reverse("action_detail", args=[action.pk]))

    history = response.context["history"]
    assert history[0]["who"] == world.csc_lead
    assert "description" in history[0]["what"]
    assert "owner" in history[0]["what"]
    assert history[-1]["what"] == "Created the action"
    assert len(history) == 2  # the linking of its recommendations at creation is part of creating it


def test_the_history_names_a_change_of_recommendations(client, world):
    action = world.actions["A-csc-1"]
    sign_in(client, world.panel_member)
    client.post(
        reverse("action_edit", args=[action.pk]),
        action_data(
            world,
            number=action.number,
            description=action.description,
            success_measure=action.success_measure,
            owner="",
            accountable_officer="",
            recommendations=[world.recommendations["A1"].pk, world.recommendations["A3"].pk],
        ),
    )

    response = client.get(reverse("action_detail", args=[action.pk]))

    assert response.context["history"][0]["what"] == "Changed: recommendations it responds to"
    assert response.context["history"][0]["who"] == world.panel_member


def test_the_action_page_queries_do_not_grow_with_its_records(client, world, django_assert_max_num_queries):
    action = world.actions["A-csc-1"]
    sign_in(client, world.csc_lead)
    url = reverse("action_detail", args=[action.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for day in range(1, 8):
        MilestoneFactory(action=action, due_on=datetime.date(2025, 1, day))
        changed = Action.objects.get(pk=action.pk)
        changed.description = f"Audit {day} assessments a quarter."
        changed.save()  # one more history row each time
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- Progress updates -----------------------------------------------------------------------------------


def test_the_progress_form_offers_the_update_statuses_and_the_computed_rating(client, world):
    action = world.actions["A-csc-1"]
    sign_in(client, world.csc_owner)

    response = client.get(reverse("progress_add", args=[action.pk]))

    statuses = [value for value, _ in response.context["form"].fields["status"].choices]
    assert statuses == [Status.NOT_STARTED, Status.IN_PROGRESS, Status.NOT_ACHIEVED]
    assertContains(response, "Use the computed rating (Red)")


def test_panel_staff_may_also_record_an_action_as_superseded(client, world):
    sign_in(client, world.panel_member)

    response = client.get(reverse("progress_add", args=[world.actions["A-csc-1"].pk]))

    assert Status.SUPERSEDED in [value for value, _ in response.context["form"].fields["status"].choices]


def test_an_owner_records_progress(client, world):
    action = world.actions["A-csc-1"]
    sign_in(client, world.csc_owner)
    before = ProgressUpdate.objects.filter(action=action).count()

    response = client.post(
        reverse("progress_add", args=[action.pk]),
        {"narrative": "Ten audits done.", "status": Status.IN_PROGRESS, "rag_override": ""},
    )

    assert response.status_code == 302
    assert ProgressUpdate.objects.filter(action=action).count() == before + 1
    update = ProgressUpdate.objects.filter(action=action).latest("created_at")
    assert update.author == world.csc_owner
    assert update.rag == Rag.RED  # past due: the computed rating
    assert stored(action).status == Status.IN_PROGRESS
    assert stored(action).history.latest().history_user == world.csc_owner


def test_a_rating_given_with_a_reason_overrides_the_computed_one(client, world):
    action = world.actions["A-csc-1"]
    sign_in(client, world.csc_owner)

    client.post(
        reverse("progress_add", args=[action.pk]),
        {
            "narrative": "Audits resumed.",
            "status": Status.IN_PROGRESS,
            "rag_override": Rag.AMBER,
            "rag_override_reason": "The new audit tool is in use",
        },
    )

    action = stored(action)
    assert action.rag_override == Rag.AMBER
    assert action.rag_override_reason == "The new audit tool is in use"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"narrative": "", "status": Status.IN_PROGRESS}, "Enter what has happened since the last update"),
        ({"narrative": "Done.", "status": Status.VERIFIED}, "Choose the action&#x27;s status"),
        (
            {"narrative": "Done.", "status": Status.IN_PROGRESS, "rag_override": Rag.GREEN},
            "Give the reason for a RAG rating other than the computed one",
        ),
    ],
)
def test_bad_progress_changes_nothing(client, world, data, message):
    action = world.actions["A-csc-1"]
    sign_in(client, world.csc_owner)
    before = ProgressUpdate.objects.count()

    response = client.post(reverse("progress_add", args=[action.pk]), data)

    assert response.status_code == 200
    assertContains(response, message)
    assert ProgressUpdate.objects.count() == before
    assert stored(action).status == Status.NOT_STARTED


@pytest.mark.parametrize(("persona", "status"), [("board_member", 403), ("police_lead", 404)])
def test_readers_and_other_agencies_cannot_record_progress(client, world, persona, status):
    sign_in(client, world.people[persona])
    before = ProgressUpdate.objects.count()

    response = client.post(
        reverse("progress_add", args=[world.actions["A-csc-1"].pk]),
        {"narrative": "Done.", "status": Status.IN_PROGRESS},
    )

    assert response.status_code == status
    assert ProgressUpdate.objects.count() == before


# --- Revising the target date ---------------------------------------------------------------------------


def test_a_lead_revises_the_target_date_with_a_reason(client, world):
    action = world.actions["A-csc-1"]
    sign_in(client, world.csc_lead)

    response = client.post(
        reverse("action_revise_date", args=[action.pk]),
        {**date_data("new_date", FUTURE), "reason": "The audit tool is being replaced."},
    )

    assert response.status_code == 302
    action = stored(action)
    assert action.revised_target_date == FUTURE
    assert action.target_date == datetime.date(2025, 3, 31)
    change = TargetDateChange.objects.get(action=action)
    assert change.changed_by == world.csc_lead
    assert action.history.latest().history_user == world.csc_lead


def test_the_revision_page_shows_the_date_history(client, world):
    action = world.actions["A-csc-2"]
    sign_in(client, world.csc_lead)

    response = client.get(reverse("action_revise_date", args=[action.pk]))

    assertContains(response, "Earlier revisions")
    assertContains(response, "30 Jun 2025")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "Slipped."}, "Enter the new target date"),
        ({**date_data("new_date", FUTURE)}, "Give the reason for revising the target date"),
        (
            {**date_data("new_date", datetime.date(2025, 3, 31)), "reason": "Same day."},
            "The new date must differ from the current one.",
        ),
    ],
)
def test_a_bad_revision_changes_nothing(client, world, data, message):
    action = world.actions["A-csc-1"]
    sign_in(client, world.csc_lead)
    before = TargetDateChange.objects.count()

    response = client.post(reverse("action_revise_date", args=[action.pk]), data)

    assert response.status_code == 200
    assertContains(response, message)
    assert TargetDateChange.objects.count() == before
    assert stored(action).revised_target_date is None


@pytest.mark.parametrize("persona", ["csc_owner", "board_member"])
def test_owners_and_readers_cannot_revise_dates(client, world, persona):
    action = world.actions["A-csc-1"]
    sign_in(client, world.people[persona])

    response = client.post(
        reverse("action_revise_date", args=[action.pk]), {**date_data("new_date", FUTURE), "reason": "Later."}
    )

    assert response.status_code == 403
    assert stored(action).revised_target_date is None


# --- Milestones -----------------------------------------------------------------------------------------


def test_a_lead_adds_a_milestone(client, world):
    action = world.actions["A-csc-2"]
    sign_in(client, world.csc_lead)

    response = client.post(
        reverse("milestone_add", args=[action.pk]),
        {"description": "Audit tool agreed", **date_data("due_on", FUTURE)},
    )

    assert response.status_code == 302
    milestone = action.milestones.get()
    assert milestone.due_on == FUTURE
    assert milestone.history.get().history_user == world.csc_lead


def test_a_milestone_without_a_description_is_not_added(client, world):
    action = world.actions["A-csc-2"]
    sign_in(client, world.csc_lead)

    response = client.post(reverse("milestone_add", args=[action.pk]), {**date_data("due_on", FUTURE)})

    assertContains(response, "Enter the milestone")
    assert not action.milestones.exists()


def test_an_owner_marks_a_milestone_met(client, world):
    action = world.actions["A-csc-1"]
    milestone = action.milestones.get()
    sign_in(client, world.csc_owner)

    response = client.post(reverse("milestone_met", args=[action.pk, milestone.pk]))

    assert response.status_code == 302
    milestone = Milestone.objects.get(pk=milestone.pk)
    assert milestone.completed_on == timezone.localdate()
    assert milestone.history.latest().history_user == world.csc_owner


def test_a_milestone_of_another_action_answers_404(client, world):
    milestone = world.actions["A-csc-1"].milestones.get()
    sign_in(client, world.csc_owner)

    response = client.post(reverse("milestone_met", args=[world.actions["A-csc-2"].pk, milestone.pk]))

    assert response.status_code == 404
    assert Milestone.objects.get(pk=milestone.pk).completed_on is None


@pytest.mark.parametrize(("persona", "status"), [("board_member", 403), ("police_lead", 404)])
def test_readers_cannot_mark_milestones_met(client, world, persona, status):
    action = world.actions["A-csc-1"]
    milestone = action.milestones.get()
    sign_in(client, world.people[persona])

    assert client.post(reverse("milestone_met", args=[action.pk, milestone.pk])).status_code == status
    assert Milestone.objects.get(pk=milestone.pk).completed_on is None


def test_marking_met_is_a_post(client, world):
    action = world.actions["A-csc-1"]
    sign_in(client, world.csc_owner)

    response = client.get(reverse("milestone_met", args=[action.pk, action.milestones.get().pk]))

    assert response.status_code == 405


def test_an_owner_of_another_agency_membership_is_not_a_choice(client, world):
    # Someone holding a role in police only is never offered as owner of a CSC action.
    MembershipFactory(agency=world.agencies["north_police"], role="action_owner")
    sign_in(client, world.csc_lead)

    response = client.get(reverse("action_create", args=[world.plans["A-csc"].pk]))

    assert set(response.context["form"].fields["owner"].queryset) == {world.csc_lead, world.csc_owner}


# --- The review page's action plans table ---------------------------------------------------------------


def test_the_review_page_links_plans_and_actions_and_offers_to_start_a_plan(client, world):
    review = world.reviews["A"]
    sign_in(client, world.panel_chair)

    response = client.get(reverse("review_detail", args=[review.pk]))

    assertContains(response, reverse("plan_detail", args=[world.plans["A-csc"].pk]))
    assertContains(response, reverse("action_detail", args=[world.actions["A-csc-1"].pk]))
    assertContains(response, reverse("plan_create", args=[review.pk]))
    assertContains(response, reverse("action_import_start", args=[review.pk]))


@pytest.mark.parametrize("persona", ["board_member", "csc_owner", "csc_lead"])
def test_the_review_page_offers_no_plan_to_start_to_those_who_may_not(client, world, persona):
    # The CSC lead's only agency already has its plan on review A.
    review = world.reviews["A"]
    sign_in(client, world.people[persona])

    response = client.get(reverse("review_detail", args=[review.pk]))

    assert response.status_code == 200
    assertNotContains(response, reverse("plan_create", args=[review.pk]))
    assertNotContains(response, reverse("action_import_start", args=[review.pk]))


def test_a_lead_whose_agency_has_no_plan_is_offered_to_start_one(client, world):
    review = world.reviews["A"]
    sign_in(client, world.police_lead)

    response = client.get(reverse("review_detail", args=[review.pk]))

    assertContains(response, reverse("plan_create", args=[review.pk]))
