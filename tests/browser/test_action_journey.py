"""An action from plan to verification: the agency lead writes it, the owner completes it with evidence,
panel staff return it once and then verify it. Each person works in their own browser."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from actions.choices import Status
from actions.models import Action, EvidencePurpose, VerificationOutcome

from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSC = "Northshire Children's Social Care"
DESCRIPTION = "Train every neglect team manager in the graded care profile and audit its use each quarter."
SUCCESS_MEASURE = "Nine in ten audited assessments use the graded care profile by the target date."
EVIDENCE_TITLE = "Training register and first quarter audit"
RETURN_REASON = "The audit covers one team only: attach the audit of all four neglect teams."


def minimal_pdf() -> bytes:
    """A one-page PDF with nothing on it: real enough for the evidence checks."""
    return (
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
        b"trailer << /Root 1 0 R >>\nstartxref\n0\n%%EOF\n"
    )


def summary_value(page, key: str):
    """The value beside `key` in the action's summary list."""
    row = page.locator("#summary .govuk-summary-list__row").filter(has=page.get_by_text(key, exact=True))
    return row.locator(".govuk-summary-list__value")


def open_work_list(page, audit) -> None:
    page.get_by_role("link", name="Actions", exact=True).click()
    page.wait_for_load_state()
    audit(page)


def open_review(page, audit, reference: str) -> None:
    page.get_by_role("link", name="Your reviews", exact=True).click()
    page.wait_for_load_state()
    audit(page)
    page.get_by_role("row").filter(has_text=reference).get_by_role("link").click()
    page.wait_for_load_state()
    audit(page)


def lead_adds_an_action(page, audit, world, target: datetime.date) -> str:
    """The agency lead opens CSC's plan from review A and adds an action; returns its number."""
    sign_in(page, world.csc_lead, audit)
    audit(page)
    open_review(page, audit, "REF-A")

    # The agency's name is visible and "Action plan of" is for screen readers only.
    page.get_by_role("link", name=f"Action plan of {CSC}").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{CSC}'s action plan")
    audit(page)

    page.get_by_role("link", name="Add an action").click()
    page.wait_for_load_state()
    audit(page)
    page.get_by_label("What will the agency do?").fill(DESCRIPTION)
    page.get_by_label("Success measure (optional)").fill(SUCCESS_MEASURE)
    addressed_to_csc = world.recommendations["A1"]
    page.get_by_role("checkbox", name=re.compile(rf"^{addressed_to_csc.number}\. ")).check()
    page.get_by_label("Action owner").select_option(label=str(world.csc_owner))
    target_date = page.get_by_role("group", name="Target date")
    target_date.get_by_label("Day").fill(str(target.day))
    target_date.get_by_label("Month").fill(str(target.month))
    target_date.get_by_label("Year").fill(str(target.year))
    page.get_by_role("button", name="Save the action").click()
    page.wait_for_load_state()
    audit(page)

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Action \S+$"))
    number = heading.inner_text().removeprefix("Action ")
    expect(page.get_by_text(f"Action {number} added")).to_be_visible()
    expect(summary_value(page, "Owner")).to_have_text(str(world.csc_owner))

    page.get_by_role("link", name=f"Back to {CSC}'s action plan").click()
    page.wait_for_load_state()
    expect(page.locator("#plan-actions").get_by_role("row").filter(has_text=DESCRIPTION)).to_have_count(1)
    audit(page)
    screenshot(page, "action-plan")
    return number


def open_own_action(page, audit, number: str) -> None:
    """From the owner's work list to the action's page."""
    open_work_list(page, audit)
    page.get_by_role("link", name=f"Action {number} of {CSC} on REF-A").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Action {number}")
    audit(page)


def mark_complete(page, audit, note: str) -> None:
    page.get_by_role("link", name="Mark as complete").click()
    page.wait_for_load_state()
    audit(page)
    page.get_by_label("What was done and how the evidence shows it").fill(note)
    page.get_by_role("button", name="Mark as complete").click()
    page.wait_for_load_state()
    audit(page)
    expect(summary_value(page, "Status")).to_have_text(Status.AWAITING_VERIFICATION.label)


def owner_completes_the_action(page, audit, world, number: str, evidence_file) -> None:
    sign_in(page, world.csc_owner, audit)
    audit(page)
    open_own_action(page, audit, number)

    page.get_by_role("link", name="Add a progress update").click()
    page.wait_for_load_state()
    audit(page)
    page.get_by_label("What has happened since the last update?").fill(
        "All twelve team managers trained; the first quarterly audit is written up."
    )
    page.get_by_role("radio", name="In progress", exact=True).check()
    page.get_by_role("button", name="Save the update").click()
    page.wait_for_load_state()
    audit(page)
    expect(page.get_by_text("Progress update added")).to_be_visible()
    expect(summary_value(page, "Status")).to_have_text("In progress")

    page.get_by_role("link", name="Add evidence").click()
    page.wait_for_load_state()
    audit(page)
    page.get_by_role("radio", name="Evidence of completion").check()
    page.get_by_label("Title").fill(EVIDENCE_TITLE)
    page.get_by_role("radio", name="Upload a file").check()
    page.get_by_label("File", exact=True).set_input_files(str(evidence_file))
    page.get_by_role("button", name="Add the evidence").click()
    page.wait_for_load_state()
    audit(page)
    expect(page.get_by_text(f"Evidence added: {EVIDENCE_TITLE}")).to_be_visible()
    expect(page.get_by_role("link", name=f"Download {evidence_file.name} ({EVIDENCE_TITLE})")).to_be_visible()
    screenshot(page, "action-evidence")

    mark_complete(page, audit, "Every manager is trained and the audit attached shows the profile in use.")


def open_verification(page, audit, number: str, *, tour: bool = False) -> None:
    """Panel staff go from their work list to the queue and open the action's decision page."""
    open_work_list(page, audit)
    page.get_by_role("link", name="Verify actions").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions to verify")
    audit(page)
    if tour:
        screenshot(page, "verification-queue")
    page.get_by_role("link", name=f"Verify action {number} of {CSC}, REF-A").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Verify action {number}")
    audit(page)


def test_an_action_is_written_completed_returned_and_verified(browser_world, new_page, audit, tmp_path):
    world = browser_world
    target = datetime.date.today() + datetime.timedelta(days=90)
    evidence_file = tmp_path / "training-register.pdf"
    evidence_file.write_bytes(minimal_pdf())

    lead = new_page()
    number = lead_adds_an_action(lead, audit, world, target)
    action = Action.objects.get(plan=world.plans["A-csc"], number=number)
    assert action.description == DESCRIPTION
    assert action.success_measure == SUCCESS_MEASURE
    assert action.owner == world.csc_owner
    assert action.target_date == target
    assert list(action.recommendations.all()) == [world.recommendations["A1"]]

    owner = new_page()
    owner_completes_the_action(owner, audit, world, number, evidence_file)
    evidence = action.evidence.get()
    assert evidence.purpose == EvidencePurpose.COMPLETION
    assert evidence.content_type == "application/pdf"

    chair = new_page()
    sign_in(chair, world.panel_chair, audit)
    audit(chair)
    open_verification(chair, audit, number, tour=True)
    chair.get_by_role("radio", name="Return it to the agency").check()
    chair.get_by_label("What must the agency do before the action can be verified?").fill(RETURN_REASON)
    chair.get_by_role("button", name="Save the decision").click()
    chair.wait_for_load_state()
    audit(chair)
    expect(chair.get_by_text(f"Action {number} returned to {CSC}")).to_be_visible()
    expect(chair.locator("#none-waiting")).to_be_visible()

    open_own_action(owner, audit, number)
    expect(summary_value(owner, "Status")).to_have_text("In progress")
    expect(owner.get_by_text(RETURN_REASON)).to_be_visible()
    mark_complete(owner, audit, "The audit of all four neglect teams is now attached.")

    open_verification(chair, audit, number)
    chair.get_by_role("radio", name="Verify it").check()
    chair.get_by_role("button", name="Save the decision").click()
    chair.wait_for_load_state()
    audit(chair)
    expect(chair.get_by_text(f"Action {number} verified")).to_be_visible()

    # A verified action is no longer open: the work list shows it once "All" actions are asked for.
    open_work_list(chair, audit)
    chair.get_by_role("radio", name="All", exact=True).check()
    chair.get_by_role("button", name="Apply filters").click()
    chair.wait_for_load_state()
    audit(chair)
    chair.get_by_role("link", name=f"Action {number} of {CSC} on REF-A").click()
    chair.wait_for_load_state()
    audit(chair)
    expect(summary_value(chair, "Status")).to_have_text("Verified")

    action.refresh_from_db()
    assert action.status == Status.VERIFIED
    decisions = list(action.verifications.order_by("decided_at").values_list("decision", flat=True))
    assert decisions == [VerificationOutcome.RETURNED, VerificationOutcome.VERIFIED]
