"""The search page and the similar findings page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import Status
from reviews.models import Theme
from tests.conftest import sign_in
from tests.factories import ActionFactory, FindingFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")


def similar_url(finding):
    return reverse("finding_similar", args=[finding.pk])


def theme(slug):
    return Theme.objects.get(slug=slug)


def test_search_needs_sign_in(client):
    response = client.get(SEARCH, {"q": "neglect"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_search_page_without_a_query_shows_the_form_and_no_error(client, board_member):
    sign_in(client, board_member)

    response = client.get(SEARCH)

    assertContains(response, '<input type="search" name="q"')
    assertNotContains(response, "There is a problem")
    assertNotContains(response, "results for")
    assert response.context["results"] is None
    assert "no-store" in response["Cache-Control"]


def test_an_empty_query_is_an_error(client, board_member):
    sign_in(client, board_member)

    response = client.get(SEARCH, {"q": "   "})

    assertContains(response, "There is a problem")
    assertContains(response, "Enter a word or phrase to search for")
    assertContains(response, "<title>Error: ")
    assert response.context["results"] is None


def test_a_query_over_200_characters_is_an_error(client, board_member):
    sign_in(client, board_member)

    response = client.get(SEARCH, {"q": "neglect " * 30})

    assertContains(response, "Search term must be 200 characters or fewer")
    assertContains(response, "<title>Error: ")
    assert response.context["results"] is None


def test_a_query_of_200_characters_is_accepted(client, board_member):
    sign_in(client, board_member)

    response = client.get(SEARCH, {"q": "a" * 200})

    assertNotContains(response, "There is a problem")
    assert response.context["results"] is not None


def test_results_say_how_many_and_for_what(client, world, board_member):
    FindingFactory(review=world.reviews["A"], title="Drift in planning", text="Meetings were postponed.")
    sign_in(client, board_member)

    response = client.get(SEARCH, {"q": "drift"})

    assertContains(response, "1 result for ‘drift’")
    assertContains(response, "<mark>Drift</mark> in planning")
    assertContains(response, world.reviews["A"].reference)
    assertContains(response, reverse("review_detail", args=[world.reviews["A"].pk]))


def test_no_results_shows_the_empty_state(client, board_member):
    sign_in(client, board_member)

    response = client.get(SEARCH, {"q": "unicorn"})

    assertContains(response, "0 results for ‘unicorn’")
    assertContains(response, "There are no matching results.")


def test_the_query_and_stored_text_are_escaped(client, world, board_member):
    FindingFactory(
        review=world.reviews["A"], title="<script>alert(1)</script> tampering", text="<b>tampering</b>"
    )
    sign_in(client, board_member)

    response = client.get(SEARCH, {"q": '<script>alert("q")</script>'})
    assertNotContains(response, '<script>alert("q")')
    assertContains(response, "&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;")

    response = client.get(SEARCH, {"q": "tampering"})
    assertNotContains(response, "<script>alert(1)")
    assertNotContains(response, "<b>")
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


def test_filters_narrow_the_results(client, world, board_member):
    FindingFactory(review=world.reviews["A"], title="Drift", text="Slow.", themes=[theme("drift")])
    FindingFactory(review=world.reviews["B"], title="Drift too", text="Slow.", themes=[theme("housing")])
    sign_in(client, board_member)

    response = client.get(SEARCH, {"q": "drift", "theme": ["drift"]})

    assert [r.review.reference for r in response.context["results"].page] == ["REF-A"]
    # The filters stay open and chosen.
    assertContains(response, '<details class="govuk-details" open>')
    assertContains(response, 'value="drift" class="govuk-checkboxes__input" id="id_theme_')


def test_an_unknown_filter_value_is_an_error(client, board_member):
    sign_in(client, board_member)

    response = client.get(SEARCH, {"q": "drift", "review_kind": "nonsense"})

    assertContains(response, "There is a problem")
    assert response.context["results"] is None


def test_results_are_paginated_and_links_keep_the_query(client, world, board_member):
    for n in range(45):
        FindingFactory(review=world.reviews["C"], title=f"Oversight gap {n}", text="Supervision lapsed.")
    sign_in(client, board_member)

    response = client.get(SEARCH, {"q": "oversight", "show": "finding", "page": "2"})

    results = response.context["results"]
    assert results.count == 45 and results.page.number == 2 and len(results.page.object_list) == 20
    assertContains(response, 'class="govuk-pagination"')
    assertContains(response, 'href="?q=oversight&amp;show=finding&amp;page=3" rel="next"')
    assertContains(response, 'href="?q=oversight&amp;show=finding&amp;page=1" rel="prev"')
    assertContains(response, 'aria-current="page">2</a>')


def test_a_page_number_past_the_end_shows_the_last_page(client, world, board_member):
    sign_in(client, board_member)

    response = client.get(SEARCH, {"q": "information", "page": "99"})

    assert response.status_code == 200
    assert response.context["results"].page.number == 1


def test_agency_lead_never_finds_another_agencys_or_partnerships_records(client, world, csc_lead):
    FindingFactory(
        review=world.reviews["A"],
        title="Secret police finding",
        text="x",
        agencies=[world.agencies["north_police"]],
    )
    FindingFactory(
        review=world.reviews["S"],
        title="Secret south finding",
        text="x",
        agencies=[world.agencies["south_csc"]],
    )
    sign_in(client, csc_lead)

    for query in ("secret", "finding", "secret OR finding", "police", "south"):
        response = client.get(SEARCH, {"q": query})
        assertNotContains(response, "Secret police finding")
        assertNotContains(response, "Secret south finding")
        assert response.context["results"].count == 0


def test_person_without_roles_finds_nothing(client, world, no_roles):
    sign_in(client, no_roles)

    response = client.get(SEARCH, {"q": "information"})

    assertContains(response, "0 results for ‘information’")


def matching_records(world, count):
    for n in range(count):
        finding = FindingFactory(
            review=world.reviews["A" if n % 2 else "B"],
            title=f"Escalation stalled {n}",
            text="Escalation was not used.",
            themes=[theme("professional-challenge"), theme("drift")],
        )
        RecommendationFactory(
            review=finding.review, text="Escalation should be used.", to_partnership=True, findings=[finding]
        )


@pytest.mark.parametrize("show", ["finding", "recommendation"])
@pytest.mark.parametrize("persona", ["board_member", "csc_lead"])
def test_search_runs_the_same_number_of_queries_however_many_records_match(client, world, persona, show):
    sign_in(client, world.people[persona])
    params = {"q": "escalation", "theme": ["drift", "professional-challenge"], "show": show}
    client.get(SEARCH, params)  # the first request of a session writes to it

    matching_records(world, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(SEARCH, params)
    matching_records(world, 27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(SEARCH, params)

    if persona == "board_member":
        assert response.context["results"].count == 30
    assert len(many) == len(few)


# --- similar findings ------------------------------------------------------------------------------


def test_similar_findings_page_lists_findings_of_other_reviews(client, world, board_member):
    source = FindingFactory(
        review=world.reviews["A"],
        title="Escalation stalled",
        text="Nobody challenged.",
        themes=[theme("drift")],
    )
    other = FindingFactory(
        review=world.reviews["B"], title="Escalation stalled again", text="Nobody challenged.", themes=[]
    )
    recommendation = RecommendationFactory(review=other.review, to_partnership=True, findings=[other])
    ActionFactory(plan=world.plans["B-police"], recommendations=[recommendation], status=Status.IN_PROGRESS)
    sign_in(client, board_member)

    response = client.get(similar_url(source))

    assertContains(response, "Similar findings in other reviews")
    assertContains(response, "Escalation stalled again")
    assertContains(response, similar_url(other))
    assertContains(response, "In progress: 1")
    assert [item.finding for item in response.context["similar"]][0] == other


def test_similar_findings_page_of_a_finding_without_matches(client, world, board_member):
    lonely = FindingFactory(review=world.reviews["C"], title="On", text="It is so.", themes=[])
    sign_in(client, board_member)

    response = client.get(similar_url(lonely))

    assertContains(response, "No similar findings in the other reviews you can see.")


def test_similar_findings_page_is_404_for_a_finding_the_user_may_not_see(client, world, csc_lead, outsider):
    sign_in(client, csc_lead)
    assert client.get(similar_url(world.findings["A2"])).status_code == 404
    assert client.get(similar_url(world.findings["S1"])).status_code == 404
    assert client.get(similar_url(world.findings["A1"])).status_code == 200

    sign_in(client, outsider)
    assert client.get(similar_url(world.findings["A1"])).status_code == 404


def test_similar_findings_page_never_shows_another_partnerships_finding(client, world, outsider):
    FindingFactory(
        review=world.reviews["A"], title="Escalation stalled in the north", text="x", themes=[theme("drift")]
    )
    source = FindingFactory(
        review=world.reviews["S"], title="Escalation stalled", text="x", themes=[theme("drift")]
    )
    sign_in(client, outsider)

    response = client.get(similar_url(source))

    assertNotContains(response, "Escalation stalled in the north")
    assert response.context["similar"] == []


def test_similar_page_runs_the_same_number_of_queries_however_many_match(client, world, board_member):
    source = FindingFactory(
        review=world.reviews["C"], title="Escalation stalled", text="x", themes=[theme("drift")]
    )
    sign_in(client, board_member)
    client.get(similar_url(source))  # the first request of a session writes to it

    matching_records(world, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(similar_url(source))
    matching_records(world, 27)
    for recommendation in world.reviews["B"].recommendations.filter(text="Escalation should be used."):
        ActionFactory(plan=world.plans["B-police"], recommendations=[recommendation])
    with CaptureQueriesContext(connection) as many:
        response = client.get(similar_url(source))

    assert len(response.context["similar"]) == 5
    assert len(many) == len(few)
