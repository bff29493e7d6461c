"""The lead reviewer works on the review commissioned from them, and finds nothing of another review even by
typing its addresses, as someone probing for it would."""

import pytest

from .conftest import sign_in

# build_world needs the themes a migration seeds, which an earlier transactional test flushes.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _assert_not_found(page, response, audit) -> None:
    assert response.status == 404
    audit(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"


def test_a_lead_reviewer_opens_their_review_and_cannot_reach_another(browser_world, new_page, audit):
    review_a, review_b = browser_world.reviews["A"], browser_world.reviews["B"]
    page = new_page()
    sign_in(page, browser_world.lead_reviewer, audit)
    audit(page)

    reviews = page.get_by_role("table")
    assert reviews.get_by_role("link", name=review_a.title, exact=True).is_visible()
    assert reviews.get_by_text(review_b.reference, exact=True).count() == 0

    reviews.get_by_role("link", name=review_a.title, exact=True).click()
    page.wait_for_load_state()
    audit(page)
    assert page.get_by_role("heading", level=1).inner_text() == review_a.title

    page.get_by_role("link", name="Add a finding", exact=True).first.click()
    page.wait_for_load_state()
    audit(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Add a finding"
    assert review_a.reference in page.locator(".govuk-caption-l").inner_text()

    _assert_not_found(page, page.goto(f"/reviews/{review_b.pk}/"), audit)
    _assert_not_found(page, page.goto(f"/reviews/{review_b.pk}/findings/add/"), audit)
    assert review_b.title not in page.content()
