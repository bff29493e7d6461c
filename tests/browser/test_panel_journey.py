"""The panel chair registers a serious incident notification, takes the rapid review to its decision,
converts it into an LCSPR, and writes the LCSPR's first finding and recommendation."""

import datetime

import pytest

from reviews.models import Decision, Review, ReviewKind, Stage

from .conftest import screenshot, sign_in

# build_world needs the themes a migration seeds, which an earlier transactional test flushes.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RAPID_REFERENCE = "RR-TB-01"
LCSPR_REFERENCE = "LCSPR-TB-01"
TITLE = "Serious injury of a toddler"
FINDING_TITLE = "Health visits stopped when the family moved"
RECOMMENDATION = "Agree how children's social care hands over open cases when a family moves."


def _days_ago(days: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=days)


def _fill_date(page, legend: str, on: datetime.date) -> None:
    """The three boxes of a GOV.UK date input, found by the legend of its fieldset."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(on.day))
    group.get_by_label("Month").fill(str(on.month))
    group.get_by_label("Year").fill(str(on.year))


def _submit(page, audit, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()
    audit(page)


def _follow(page, audit, role: str, name: str) -> None:
    page.get_by_role(role, name=name, exact=True).first.click()
    page.wait_for_load_state()
    audit(page)


def _assert_no_errors(page) -> None:
    assert page.locator(".govuk-error-summary").count() == 0, page.locator(
        ".govuk-error-summary"
    ).inner_text()


def _register_the_notification(page, audit) -> None:
    _follow(page, audit, "link", "Register")
    assert page.get_by_role("heading", level=1).inner_text() == "Review register"
    screenshot(page, "register")

    _follow(page, audit, "button", "Register a serious incident notification")
    page.get_by_label("Reference", exact=True).fill(RAPID_REFERENCE)
    assert page.get_by_role("radio", name="Rapid review", exact=True).is_checked()
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Pseudonym of the child (optional)").fill("Child TB")
    _fill_date(page, "Date of the serious incident", _days_ago(30))
    _fill_date(page, "Date the local authority became aware", _days_ago(29))
    _submit(page, audit, "Continue")
    _assert_no_errors(page)

    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Check your answers before registering the review"
    )
    assert "Child TB" in page.locator(".govuk-summary-list").inner_text()
    screenshot(page, "register-check")
    _submit(page, audit, "Register the review")
    assert page.get_by_role("heading", level=1).inner_text() == TITLE


def _record_a_date(page, audit, which: str, on: datetime.date) -> None:
    """From the review's page: the dates page, the date recorded, and back to the review."""
    _follow(page, audit, "link", f"Record a date of {RAPID_REFERENCE}")
    page.get_by_role("radio", name=which, exact=True).check()
    _fill_date(page, "Date", on)
    _submit(page, audit, "Save the date")
    _assert_no_errors(page)
    recorded = page.locator("#recorded-dates").get_by_text(which, exact=True).locator("..")
    assert f"{on:%-d %B %Y}" in recorded.inner_text()
    _follow(page, audit, "link", f"Back to {RAPID_REFERENCE}")


def _current_stage(page) -> str:
    return page.locator("#stage + .govuk-summary-list .govuk-tag").inner_text()


def _take_the_rapid_review_to_its_decision(page, audit) -> None:
    _record_a_date(page, audit, "Notified to the national Panel", _days_ago(28))

    _follow(page, audit, "button", "Change the stage")
    assert page.get_by_role("radio", name="Rapid review", exact=True).is_checked()
    _fill_date(page, "Date the review entered the stage", _days_ago(27))
    _submit(page, audit, "Save the stage")
    _assert_no_errors(page)
    assert _current_stage(page) == "Rapid review"

    _record_a_date(page, audit, "Rapid review sent to the national Panel", _days_ago(14))

    _follow(page, audit, "button", "Record the decision")
    page.get_by_role("radio", name=Decision.LCSPR.label, exact=True).check()
    _fill_date(page, "Date of the decision", _days_ago(10))
    page.get_by_label("Rationale for the decision").fill("The criteria for a local review are met.")
    _fill_date(page, "Date the national Panel was told of the decision (optional)", _days_ago(9))
    _submit(page, audit, "Save the decision")
    _assert_no_errors(page)
    assert _current_stage(page) == "Decision"


def _convert_into_an_lcspr(page, audit) -> None:
    _follow(page, audit, "button", "Convert into an LCSPR")
    page.get_by_label("Reference of the LCSPR").fill(LCSPR_REFERENCE)
    _fill_date(page, "Date the LCSPR was commissioned", _days_ago(7))
    page.get_by_label("Why does the rapid review become an LCSPR?").fill(
        "Several agencies missed chances to share what they knew."
    )
    _submit(page, audit, "Continue")
    _assert_no_errors(page)
    assert "Check your answers" in page.get_by_role("heading", level=1).inner_text()
    _submit(page, audit, "Convert into an LCSPR")
    assert LCSPR_REFERENCE in page.locator(".govuk-caption-l").inner_text()
    assert _current_stage(page) == "Scoping and commissioning"


def _write_a_finding_and_a_recommendation(page, audit) -> None:
    _follow(page, audit, "link", "Add a finding")
    page.get_by_label("Title", exact=True).fill(FINDING_TITLE)
    page.get_by_label("Finding", exact=True).fill("No agency followed the family to its new address.")
    page.get_by_role("checkbox", name="Neglect and its cumulative impact").check()
    page.get_by_role("checkbox", name="Northshire Integrated Care Board").check()
    screenshot(page, "finding-form")
    _submit(page, audit, "Save the finding")
    _assert_no_errors(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Finding 1 saved"
    _follow(page, audit, "link", "Back to the review")

    _follow(page, audit, "link", "Add a recommendation")
    page.get_by_label("Recommendation", exact=True).fill(RECOMMENDATION)
    page.get_by_role("checkbox", name="Northshire Children's Social Care").check()
    screenshot(page, "recommendation-form")
    _submit(page, audit, "Save the recommendation")
    _assert_no_errors(page)


def test_the_panel_chair_takes_a_notification_to_an_lcspr_with_findings(browser_world, new_page, audit):
    page = new_page()
    sign_in(page, browser_world.panel_chair, audit)
    audit(page)

    _register_the_notification(page, audit)
    _take_the_rapid_review_to_its_decision(page, audit)
    _convert_into_an_lcspr(page, audit)
    _write_a_finding_and_a_recommendation(page, audit)

    finding = page.locator("#finding-1")
    assert FINDING_TITLE in finding.get_by_role("heading").inner_text()
    assert "Neglect and its cumulative impact" in finding.inner_text()
    assert "Northshire Integrated Care Board" in finding.inner_text()
    recommendation = page.locator("#recommendation-1")
    assert RECOMMENDATION in recommendation.inner_text()
    assert "Northshire Children's Social Care" in recommendation.inner_text()
    screenshot(page, "review")

    rapid = Review.objects.get(reference=RAPID_REFERENCE)
    lcspr = Review.objects.get(reference=LCSPR_REFERENCE)
    assert rapid.pseudonym == lcspr.pseudonym == "Child TB"
    assert rapid.notified_on == lcspr.notified_on == _days_ago(28)
    assert rapid.rapid_review_sent_on == lcspr.rapid_review_sent_on == _days_ago(14)
    assert rapid.status == Stage.CLOSED
    assert (lcspr.kind, lcspr.converted_from_id) == (ReviewKind.LCSPR, rapid.pk)
