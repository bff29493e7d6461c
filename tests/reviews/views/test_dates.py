"""The page recording a review's statutory dates, and its link from the statutory deadlines panel."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from reviews.models import Review
from tests.conftest import sign_in
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def url(review):
    return reverse("review_dates", args=[review.pk])


def date_data(value: datetime.date) -> dict:
    return {"on_day": value.day, "on_month": value.month, "on_year": value.year}


def stored(review) -> Review:
    return Review.objects.get(pk=review.pk)


# --- Who may use the page -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["board_member", "scrutineer", "lead_reviewer"])
def test_a_reader_of_the_review_gets_403_on_get_and_post(client, world, persona):
    review = world.reviews["A"]
    sign_in(client, world.people[persona])

    assert client.get(url(review)).status_code == 403
    response = client.post(url(review), {"field": "report_sent_on", **date_data(D(2024, 9, 2))})
    assert response.status_code == 403
    assert stored(review).report_sent_on is None


@pytest.mark.parametrize("persona", ["outsider", "no_roles", "csc_lead"])
def test_someone_who_cannot_see_the_review_gets_404(client, world, persona):
    review = world.reviews["B"]
    sign_in(client, world.people[persona])

    assert client.get(url(review)).status_code == 404
    response = client.post(url(review), {"field": "rapid_review_sent_on", **date_data(D(2024, 2, 2))})
    assert response.status_code == 404
    assert stored(review).rapid_review_sent_on is None


# --- The page --------------------------------------------------------------------------------------------


def test_the_page_lists_the_dates_of_the_kind_with_change_links(client, world, panel_chair):
    review = world.reviews["A"]
    sign_in(client, panel_chair)

    response = client.get(url(review))

    assertContains(response, "<title>Record a date of REF-A", html=False)
    assertContains(response, "Rapid review sent to the national Panel")
    assertContains(response, "2 February 2024")
    assertContains(response, f'href="{url(review)}?field=rapid_review_sent_on#id_on"')
    assertContains(response, f'href="{url(review)}?field=published_on#id_on"')
    assertContains(response, 'value="not_published_on"')


def test_a_rapid_review_offers_no_publication(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.get(url(world.reviews["B"]))

    assertContains(response, 'value="rapid_review_sent_on"')
    assertNotContains(response, 'value="published_on"')
    assertNotContains(response, 'value="panel_informed_on"')


def test_a_change_link_preselects_the_date_and_its_day(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.get(url(world.reviews["A"]) + "?field=rapid_review_sent_on")

    form = response.context["form"]
    assert form.initial == {"field": "rapid_review_sent_on", "on": D(2024, 2, 2)}
    assertContains(
        response,
        '<input type="radio" name="field" value="rapid_review_sent_on" class="govuk-radios__input" required '
        'id="id_field_1" checked>',
        html=True,
    )


def test_an_unknown_field_in_the_link_preselects_nothing(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.get(url(world.reviews["B"]) + "?field=closed_on")

    assert response.context["form"].initial == {}


def test_recording_a_date_saves_it_and_says_so(client, world, panel_member):
    review = world.reviews["B"]
    sign_in(client, panel_member)

    response = client.post(
        url(review), {"field": "rapid_review_sent_on", **date_data(D(2024, 2, 2))}, follow=True
    )

    assert stored(review).rapid_review_sent_on == D(2024, 2, 2)
    assertContains(response, "Rapid review sent to the national Panel: 2 February 2024 recorded for REF-B")
    assert review.history.first().history_user == panel_member


def test_a_refused_date_comes_back_beside_the_date_with_an_error_summary(client, world, panel_chair):
    review = world.reviews["B"]
    sign_in(client, panel_chair)

    response = client.post(url(review), {"field": "rapid_review_sent_on", **date_data(D(2024, 1, 14))})

    assert response.status_code == 200
    assertContains(response, "<title>Error: Record a date", html=False)
    assertContains(response, "govuk-error-summary")
    assert response.context["form"].errors["on"] == [
        "The rapid review cannot be sent before the notification."
    ]
    assert stored(review).rapid_review_sent_on is None


def test_changing_a_date_without_a_reason_asks_for_one(client, world, panel_chair):
    review = world.reviews["A"]
    sign_in(client, panel_chair)

    response = client.post(url(review), {"field": "rapid_review_sent_on", **date_data(D(2024, 2, 5))})

    assert "reason" in response.context["form"].errors
    assert stored(review).rapid_review_sent_on == D(2024, 2, 2)


def test_a_missing_choice_and_date_are_errors(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.post(url(world.reviews["A"]), {})

    errors = response.context["form"].errors
    assert errors["field"] == ["Choose which date to record"]
    assert errors["on"] == ["Enter the date"]
    assertContains(response, "<title>Error: ", html=False)


def test_publication_too_soon_warns_and_saves_only_when_confirmed(client, world, panel_chair):
    review = ReviewFactory(partnership=world.north, report_sent_on=D(2024, 9, 2))
    sign_in(client, panel_chair)
    answers = {"field": "published_on", **date_data(D(2024, 9, 10))}

    warned = client.post(url(review), answers)

    assertContains(warned, "govuk-warning-text")
    assertContains(warned, "at least 7 working days")
    assertContains(warned, 'name="confirm"', html=False)
    assertContains(warned, "Save anyway")
    assert stored(review).published_on is None

    client.post(url(review), {**answers, "confirm": "1"})
    assert stored(review).published_on == D(2024, 9, 10)


# --- The link from the review page --------------------------------------------------------------------


def test_the_deadlines_panel_links_to_the_page_for_panel_staff(client, world, panel_chair):
    review = world.reviews["A"]
    sign_in(client, panel_chair)

    response = client.get(reverse("review_detail", args=[review.pk]))

    assertContains(response, f'href="{url(review)}"')
    assertContains(response, "Record a date")


def test_the_deadlines_panel_has_no_link_for_readers(client, world, board_member):
    review = world.reviews["A"]
    sign_in(client, board_member)

    response = client.get(reverse("review_detail", args=[review.pk]))

    assert response.status_code == 200
    assertNotContains(response, url(review))
