"""Marking an action complete, panel staff verifying or returning it, and the queue of what waits."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from actions import evidence_selectors, services
from actions.choices import Status
from actions.models import Action, ProgressUpdate, Verification, VerificationOutcome
from agencies.models import Role
from tests.conftest import sign_in
from tests.factories import ActionFactory, EvidenceFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def complete_url(action):
    return reverse("action_complete", args=[action.pk])


def verify_url(action):
    return reverse("action_verify", args=[action.pk])


QUEUE = "/verification/"


def stored(action) -> Action:
    return Action.objects.get(pk=action.pk)


def owned_by(action, user) -> Action:
    action.owner = user
    action.save()
    return action


def completed(action, by, note="The audit is done: the report is attached.") -> Action:
    return services.action_mark_complete(action=action, by=by, note=note)


# --- Marking complete: who may ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["outsider", "no_roles", "csc_lead"])
def test_someone_who_cannot_see_the_action_cannot_complete_it(client, world, persona):
    action = world.actions["B-police-1"]
    EvidenceFactory(action=action, added_by=world.police_lead)
    sign_in(client, world.people[persona])

    assert client.get(complete_url(action)).status_code == 404
    assert client.post(complete_url(action), {"note": "Done"}).status_code == 404
    assert stored(action).status == Status.NOT_STARTED


@pytest.mark.parametrize("persona", ["board_member", "scrutineer"])
def test_a_reader_cannot_complete_an_action(client, world, persona):
    action = world.actions["A-csc-1"]
    sign_in(client, world.people[persona])

    assert client.get(complete_url(action)).status_code == 403
    assert client.post(complete_url(action), {"note": "Done"}).status_code == 403
    assert stored(action).status == Status.NOT_STARTED


def test_anonymous_people_are_sent_to_sign_in(client, world):
    response = client.get(complete_url(world.actions["A-csc-1"]))

    assert response["Location"].startswith(reverse("login"))


# --- Marking complete: the page -------------------------------------------------------------------------


def test_without_evidence_of_completion_the_page_says_so_and_offers_no_button(client, world, csc_owner):
    action = world.actions["A-csc-2"]
    sign_in(client, csc_owner)

    response = client.get(complete_url(action))

    assertContains(response, "Mark this action as complete")
    assertContains(response, "No evidence of completion is attached yet")
    assertContains(response, f'href="{reverse("evidence_add", args=[action.pk])}?purpose=completion"')
    assertNotContains(response, "Mark as complete</button>")
    assertNotContains(response, 'name="note"')


def test_with_evidence_the_page_lists_it_and_asks_for_the_note(client, world, csc_owner):
    action = world.actions["A-csc-1"]
    sign_in(client, csc_owner)

    response = client.get(complete_url(action))

    evidence = action.evidence.get(purpose="completion")
    assertContains(response, evidence.title)
    assertContains(response, "What was done and how the evidence shows it")
    assertContains(response, "Mark as complete</button>", html=False)
    # Evidence of impact is not evidence of completion.
    assertNotContains(response, action.evidence.get(purpose="impact").title)


@pytest.mark.parametrize("persona", ["csc_owner", "csc_lead", "panel_member"])
def test_the_agency_staff_or_panel_staff_mark_it_complete(client, world, persona):
    action = world.actions["A-csc-1"]
    user = world.people[persona]
    sign_in(client, user)

    response = client.post(complete_url(action), {"note": "  All 20 assessments audited; report attached.  "})

    assert response.status_code == 302
    action = stored(action)
    assert action.status == Status.AWAITING_VERIFICATION
    assert action.completed_by == user
    assert action.completed_at is not None
    update = action.progress_updates.first()
    assert update.narrative == "All 20 assessments audited; report attached."
    assert update.status == Status.AWAITING_VERIFICATION
    assert update.author == user
    assert action.history.first().history_user == user
    assert update.history.get().history_user == user


def test_an_empty_note_is_refused_and_nothing_changes(client, world, csc_owner):
    action = world.actions["A-csc-1"]
    sign_in(client, csc_owner)
    updates = ProgressUpdate.objects.count()

    response = client.post(complete_url(action), {"note": "   "})

    assertContains(response, "<title>Error: Mark action", html=False)
    assertContains(response, "Say what was done and how the evidence shows it")
    assert stored(action).status == Status.NOT_STARTED
    assert ProgressUpdate.objects.count() == updates


def test_a_post_without_evidence_of_completion_changes_nothing(client, world, csc_owner):
    action = world.actions["A-csc-2"]
    sign_in(client, csc_owner)

    response = client.post(complete_url(action), {"note": "Done"})

    assertContains(response, "Add evidence of completion before marking the action complete")
    assert stored(action).status == Status.NOT_STARTED


def test_an_action_already_complete_offers_no_form_and_refuses_a_post(client, world, csc_owner, csc_lead):
    action = completed(world.actions["A-csc-1"], csc_lead)
    sign_in(client, csc_owner)

    page = client.get(complete_url(action))
    response = client.post(complete_url(action), {"note": "Done again"})

    assertContains(page, "cannot be marked as complete again")
    assertNotContains(page, 'name="note"')
    assertContains(response, "This action is already completed – awaiting verification")
    assert stored(action).completed_by == csc_lead


# --- Verifying: who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["outsider", "no_roles"])
def test_someone_who_cannot_see_the_action_gets_404_on_verify(client, world, persona):
    action = completed(world.actions["A-csc-1"], world.csc_owner)
    sign_in(client, world.people[persona])

    assert client.get(verify_url(action)).status_code == 404
    assert client.post(verify_url(action), {"decision": "verify"}).status_code == 404
    assert stored(action).status == Status.AWAITING_VERIFICATION


@pytest.mark.parametrize("persona", ["csc_owner", "csc_lead", "board_member", "scrutineer"])
def test_only_panel_staff_verify(client, world, persona):
    action = completed(world.actions["A-csc-1"], world.csc_owner)
    sign_in(client, world.people[persona])

    assert client.get(verify_url(action)).status_code == 403
    assert client.post(verify_url(action), {"decision": "verify"}).status_code == 403
    assert stored(action).status == Status.AWAITING_VERIFICATION


def test_nobody_verifies_an_action_they_marked_complete(client, world, panel_member, panel_chair):
    action = completed(world.actions["A-csc-1"], panel_member)
    sign_in(client, panel_member)

    assert client.get(verify_url(action)).status_code == 403
    assert client.post(verify_url(action), {"decision": "verify"}).status_code == 403
    assert stored(action).status == Status.AWAITING_VERIFICATION
    # Another panel member may.
    sign_in(client, panel_chair)
    assert client.get(verify_url(action)).status_code == 200


def test_nobody_verifies_an_action_they_own(client, world, panel_member, csc_lead):
    MembershipFactory(user=panel_member, agency=world.agencies["north_csc"], role=Role.ACTION_OWNER)
    action = completed(owned_by(world.actions["A-csc-1"], panel_member), csc_lead)
    sign_in(client, panel_member)

    assert client.get(verify_url(action)).status_code == 403
    assert client.post(verify_url(action), {"decision": "return", "reason": "No"}).status_code == 403
    assert stored(action).status == Status.AWAITING_VERIFICATION
    assert not Verification.objects.filter(action=action, decided_by=panel_member).exists()


# --- Verifying: the page and the decision ------------------------------------------------------------


def test_the_page_shows_the_note_and_the_evidence_with_download_links(client, world, csc_owner, panel_chair):
    action = world.actions["A-csc-1"]
    from tests.actions.views.test_evidence import file_evidence

    evidence = file_evidence(action, csc_owner)
    completed(action, csc_owner, note="Audit of 20 assessments done in March.")
    sign_in(client, panel_chair)

    response = client.get(verify_url(action))

    assertContains(response, "Verify action")
    assertContains(response, "Audit of 20 assessments done in March.")
    assertContains(response, f'href="{reverse("evidence_download", args=[evidence.pk])}"')
    assertContains(response, "Re-check the impact on 1 October 2025")
    assertContains(response, "Verify it")
    assertContains(response, "Return it to the agency")
    assertContains(response, '<div class="govuk-radios__conditional" id="conditional-id_decision_1">')


def test_verifying_records_who_and_when(client, world, csc_owner, panel_chair):
    action = completed(world.actions["A-csc-1"], csc_owner)
    sign_in(client, panel_chair)

    response = client.post(verify_url(action), {"decision": "verify", "reason": "ignored"})

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    action = stored(action)
    assert action.status == Status.VERIFIED
    assert action.verified_by == panel_chair
    assert action.verified_at is not None
    verification = action.verifications.latest("decided_at")
    assert verification.decision == VerificationOutcome.VERIFIED
    assert verification.decided_by == panel_chair
    assert verification.reason == ""
    assert action.history.first().history_user == panel_chair
    assert verification.history.get().history_user == panel_chair


def test_returning_sends_the_action_back_in_progress_with_the_reason(client, world, csc_owner, panel_member):
    action = completed(world.actions["A-csc-1"], csc_owner)
    sign_in(client, panel_member)

    response = client.post(
        verify_url(action), {"decision": "return", "reason": "Attach the signed-off report."}
    )

    assert response.status_code == 302
    action = stored(action)
    assert action.status == Status.IN_PROGRESS
    assert action.completed_by is None
    assert action.completed_at is None
    assert action.verified_by is None
    verification = action.verifications.latest("decided_at")
    assert verification.decision == VerificationOutcome.RETURNED
    assert verification.reason == "Attach the signed-off report."
    assert verification.history.get().history_user == panel_member
    assert action.history.first().history_user == panel_member


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({}, "decision", "Choose whether to verify the action or return it to the agency"),
        ({"decision": "maybe"}, "decision", "Choose whether to verify the action or return it to the agency"),
        ({"decision": "return"}, "reason", "Say what the agency must do before the action can be verified"),
        ({"decision": "return", "reason": "   "}, "reason", "Say what the agency must do"),
    ],
)
def test_a_return_needs_its_reason_and_bad_answers_change_nothing(
    client, world, csc_owner, panel_chair, answers, field, message
):
    action = completed(world.actions["A-csc-1"], csc_owner)
    verifications = Verification.objects.count()
    sign_in(client, panel_chair)

    response = client.post(verify_url(action), answers)

    assertContains(response, "<title>Error: Verify action", html=False)
    assertContains(response, f'id="id_{field}_error"')
    assertContains(response, message)
    assert stored(action).status == Status.AWAITING_VERIFICATION
    assert Verification.objects.count() == verifications


def test_an_action_not_marked_complete_cannot_be_verified(client, world, panel_chair):
    action = world.actions["A-csc-1"]
    sign_in(client, panel_chair)

    page = client.get(verify_url(action))
    response = client.post(verify_url(action), {"decision": "verify"})

    assertContains(page, "This action is not waiting to be verified")
    assertNotContains(page, 'name="decision"')
    assertContains(response, "Only an action marked complete can be verified")
    assert stored(action).status == Status.NOT_STARTED


# --- The queue ----------------------------------------------------------------------------------------------


def awaiting(world, plan_name, days_ago: int, completed_by) -> Action:
    plan = world.plans[plan_name]
    return ActionFactory(
        plan=plan,
        status=Status.AWAITING_VERIFICATION,
        completed_by=completed_by,
        completed_at=timezone.now() - datetime.timedelta(days=days_ago),
        recommendations=list(plan.review.recommendations.all()[:1]),
    )


@pytest.mark.parametrize(
    "persona", ["csc_lead", "csc_owner", "police_lead", "board_member", "scrutineer", "no_roles"]
)
def test_the_queue_is_for_panel_staff_only(client, world, persona):
    sign_in(client, world.people[persona])

    response = client.get(QUEUE)

    assertContains(response, "Only panel staff verify actions", status_code=403)


def test_anonymous_people_are_sent_to_sign_in_from_the_queue(client, world):
    assert client.get(QUEUE)["Location"].startswith(reverse("login"))


def test_the_queue_lists_oldest_first_with_agency_review_and_days_waiting(client, world, panel_chair):
    recent = awaiting(world, "B-health", 2, world.police_lead)
    oldest = awaiting(world, "A-csc", 40, world.csc_owner)
    south = awaiting(world, "S-csc", 90, world.outsider)
    sign_in(client, panel_chair)

    response = client.get(QUEUE)

    content = response.content.decode()
    assert content.index(verify_url(oldest)) < content.index(verify_url(recent))
    assert verify_url(south) not in content
    assertContains(response, "Northshire Integrated Care Board")
    assertContains(response, "REF-B")
    assertContains(response, '<td class="govuk-table__cell govuk-table__cell--numeric">40</td>', html=False)
    assertContains(response, '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>', html=False)
    assertContains(response, "Waiting for verification (2)")


def test_the_queue_shows_which_actions_are_the_users_own(client, world, panel_member, panel_chair):
    mine = completed(world.actions["A-csc-1"], panel_member)
    theirs = awaiting(world, "B-police", 3, world.police_lead)
    sign_in(client, panel_member)

    response = client.get(QUEUE)

    assertNotContains(response, f'href="{verify_url(mine)}"')
    assertContains(response, "Yours: another panel member verifies it")
    assertContains(response, f'href="{verify_url(theirs)}"')


def test_another_partnerships_panel_sees_only_its_own_queue(client, world, outsider):
    north = awaiting(world, "A-csc", 5, world.csc_owner)
    south = awaiting(world, "S-csc", 5, None)
    sign_in(client, outsider)

    response = client.get(QUEUE)

    assert response.status_code == 200
    assertNotContains(response, verify_url(north))
    assertContains(response, verify_url(south))
    assertNotContains(response, "REF-A")


def test_the_queue_lists_evidence_of_impact_due_for_recheck(client, world, panel_chair):
    sign_in(client, panel_chair)
    due = world.actions["A-csc-1"].evidence.get(purpose="impact")

    response = client.get(QUEUE)

    assertContains(response, "Impact evidence due for re-check")
    assertContains(response, due.title)
    assertContains(response, "1 Oct 2025")


def queries_for_queue(client, world, rows: int) -> int:
    for index in range(rows):
        awaiting(world, ["A-csc", "B-police", "B-health"][index % 3], index, world.csc_owner)
        EvidenceFactory(action=world.actions["B-police-1"], impact=True, added_by=world.police_lead)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert response.status_code == 200
    return len(queries)


def test_the_queue_takes_the_same_number_of_queries_however_many_rows(client, world, panel_chair):
    sign_in(client, panel_chair)
    few = queries_for_queue(client, world, 3)
    Action.objects.filter(status=Status.AWAITING_VERIFICATION).update(status=Status.IN_PROGRESS)

    many = queries_for_queue(client, world, 20)

    assert many == few
    assert Action.objects.filter(status=Status.AWAITING_VERIFICATION).count() == 20


def test_the_verify_page_shows_earlier_decisions(client, world, csc_owner, panel_member):
    action = completed(world.actions["A-csc-1"], csc_owner)
    sign_in(client, panel_member)

    response = client.get(verify_url(action))

    assertContains(response, "Earlier decisions")
    assertContains(response, "Returned to the agency on 2 April 2025")
    assertContains(response, "The audit report is a draft")


# --- Impact evidence due for re-check ------------------------------------------------------------------


def test_only_the_latest_impact_evidence_of_an_action_whose_date_has_come_is_due(
    world, panel_chair, csc_owner
):
    today = timezone.localdate()
    action = world.actions["A-csc-1"]
    older = action.evidence.get(purpose="impact")
    other = EvidenceFactory(
        action=world.actions["B-police-1"], impact=True, recheck_on=today, added_by=world.police_lead
    )
    EvidenceFactory(
        action=world.actions["B-health-1"], impact=True, recheck_on=today + datetime.timedelta(days=1)
    )
    EvidenceFactory(action=world.actions["S-csc-1"], impact=True)

    assert list(evidence_selectors.impact_rechecks_due(panel_chair, today)) == [older, other]

    # The re-check itself, with its next date, takes the older evidence off the list.
    services.evidence_add(
        action=action,
        by=csc_owner,
        purpose="impact",
        title="Re-audit",
        link="https://example.org/re-audit",
        recheck_on=today + datetime.timedelta(days=180),
    )
    assert list(evidence_selectors.impact_rechecks_due(panel_chair, today)) == [other]
    # Agency staff see only their own agency's.
    assert list(evidence_selectors.impact_rechecks_due(world.police_lead, today)) == [other]
    assert list(evidence_selectors.impact_rechecks_due(csc_owner, today)) == []
