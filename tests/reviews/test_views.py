"""The home page (the reviews a person may see) and the review page."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def page_for(client, user, url):
    sign_in(client, user)
    return client.get(url)


def review_url(world, name):
    return reverse("review_detail", args=[world.reviews[name].pk])


def test_home_needs_sign_in(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_panel_chair_sees_every_review_of_their_partnership_only(client, world, panel_chair):
    response = page_for(client, panel_chair, reverse("home"))

    shown = {review.reference for review in response.context["reviews"]}
    assert shown == {"REF-A", "REF-B", "REF-C"}
    assertContains(response, world.reviews["A"].title)
    assertNotContains(response, world.reviews["S"].title)


def test_agency_lead_sees_only_reviews_addressed_to_their_agency(client, world, csc_lead):
    response = page_for(client, csc_lead, reverse("home"))

    assert [review.reference for review in response.context["reviews"]] == ["REF-A"]


def test_home_counts_only_the_recommendations_the_user_may_see(client, world, panel_chair, csc_lead):
    chair_rows = {
        r.reference: r.recommendation_count for r in page_for(client, panel_chair, "/").context["reviews"]
    }
    csc_rows = {
        r.reference: r.recommendation_count for r in page_for(client, csc_lead, "/").context["reviews"]
    }

    assert chair_rows == {"REF-A": 4, "REF-B": 2, "REF-C": 1}
    # Review A: recommendation A1 to CSC and A3 to the partnership.
    assert csc_rows == {"REF-A": 2}


def test_home_lists_reviews_a_page_at_a_time_newest_first(client, world, panel_chair, monkeypatch):
    from reviews.views import pages

    monkeypatch.setattr(pages, "HOME_PAGE_SIZE", 2)
    sign_in(client, panel_chair)

    first = client.get(reverse("home"))
    second = client.get(reverse("home"), {"page": 2})

    listed = [r.reference for r in first.context["reviews"]] + [
        r.reference for r in second.context["reviews"]
    ]
    assert len(first.context["reviews"]) == 2
    assert sorted(listed) == ["REF-A", "REF-B", "REF-C"]
    notified = [r.notified_on for r in first.context["reviews"] + second.context["reviews"]]
    assert notified == sorted(notified, reverse=True)
    assertContains(first, "Reviews you can see (3), page 1 of 2")
    assertContains(first, 'href="?page=2"')
    assertContains(second, "page 2 of 2")


def test_person_without_roles_is_told_there_is_nothing_yet(client, no_roles):
    response = page_for(client, no_roles, reverse("home"))

    assertContains(response, "There are no reviews for you to see yet.")


def test_review_page_shows_findings_recommendations_and_actions(client, world, panel_chair):
    response = page_for(client, panel_chair, review_url(world, "A"))

    assert response.status_code == 200
    for finding in ("A1", "A2", "A3"):
        assertContains(response, world.findings[finding].title)
    for recommendation in ("A1", "A2", "A3", "A4"):
        assertContains(response, world.recommendations[recommendation].text)
    for action in ("A-csc-1", "A-csc-2"):
        assertContains(response, world.actions[action].description)
    assertContains(response, "Neglect and its cumulative impact")
    assertContains(response, "Statutory dates")


def test_review_page_is_never_cached(client, world, panel_chair):
    response = page_for(client, panel_chair, review_url(world, "A"))

    assert "no-store" in response["Cache-Control"]


def test_agency_lead_sees_only_what_is_addressed_to_their_agency(client, world, csc_lead):
    response = page_for(client, csc_lead, review_url(world, "A"))

    assert {f.pk for f in response.context["findings"]} == {world.findings["A1"].pk}
    assert {r.pk for r in response.context["recommendations"]} == {
        world.recommendations["A1"].pk,
        world.recommendations["A3"].pk,
    }
    assert [plan.agency for plan in response.context["plans"]] == [world.agencies["north_csc"]]
    assertContains(response, "Recommendations (2)")


@pytest.mark.parametrize(
    ("persona", "review"),
    [
        ("outsider", "A"),  # another partnership
        ("panel_chair", "S"),  # another partnership
        ("csc_lead", "B"),  # nothing addressed to their agency
        ("lead_reviewer", "B"),  # not commissioned from them
        ("no_roles", "A"),
    ],
)
def test_review_of_someone_else_answers_404(client, world, persona, review):
    response = page_for(client, world.people[persona], review_url(world, review))

    assert response.status_code == 404


def test_missing_review_answers_404_like_a_forbidden_one(client, panel_chair):
    response = page_for(client, panel_chair, reverse("review_detail", args=[999_999]))

    assert response.status_code == 404


def test_review_page_queries_do_not_grow_with_its_rows(
    client, world, panel_chair, django_assert_max_num_queries
):
    from tests.factories import ActionFactory, FindingFactory, RecommendationFactory

    review = world.reviews["A"]
    sign_in(client, panel_chair)
    # Sign-in checks (4), the review and its access log (2), the header's unread count (1), the rights
    # asked once for every panel (1), then each section's rows: stage, findings, recommendations, plans,
    # brief, dissemination, each with its prefetches. What matters is the second half: the count does
    # not grow with the rows.
    with django_assert_max_num_queries(25) as few:
        client.get(review_url(world, "A"))
    for _ in range(5):
        recommendation = RecommendationFactory(review=review, agencies=[world.agencies["north_csc"]])
        FindingFactory(review=review, agencies=[world.agencies["north_csc"]])
        ActionFactory(plan=world.plans["A-csc"], recommendations=[recommendation])

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(review_url(world, "A"))


def test_home_queries_do_not_grow_with_the_number_of_reviews(client, world, csc_lead):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import RecommendationFactory, ReviewFactory

    client.force_login(csc_lead)

    def queries_for_home():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("home"))
        return len(captured.captured_queries), len(response.context["reviews"])

    before, listed_before = queries_for_home()
    for _ in range(10):
        RecommendationFactory(
            review=ReviewFactory(partnership=world.north), agencies=[world.agencies["north_csc"]]
        )
    after, listed_after = queries_for_home()

    assert listed_after == listed_before + 10
    assert after == before
