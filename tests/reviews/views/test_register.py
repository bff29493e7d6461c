"""The review register page, and registering a review from a serious incident notification."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from agencies.models import Role
from reviews.clock import next_deadline
from reviews.models import Review, Stage
from reviews.views.register import NOTIFY_SESSION_KEY, REGISTER_PAGE_SIZE
from tests.conftest import sign_in
from tests.factories import MembershipFactory, ReviewFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("review_register")
NOTIFY = reverse("review_notify")
CHECK = reverse("review_notify_check")


def register_page(client, user, query=""):
    sign_in(client, user)
    return client.get(f"{REGISTER}?{query}" if query else REGISTER)


def shown(response) -> list[str]:
    return [review.reference for review in response.context["rows"]]


def more_reviews(partnership, count: int, **kwargs) -> None:
    for n in range(count):
        ReviewFactory(partnership=partnership, reference=f"EXTRA-{n:03d}", **kwargs)


# --- The register ----------------------------------------------------------------------------------


def test_register_needs_sign_in(client):
    response = client.get(REGISTER)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_panel_chair_sees_their_partnerships_reviews_with_a_count(client, world, panel_chair):
    response = register_page(client, panel_chair)

    assert sorted(shown(response)) == ["REF-A", "REF-B", "REF-C"]
    assertContains(response, "3 reviews")
    assertContains(response, f'href="{reverse("review_detail", args=[world.reviews["A"].pk])}"')
    assertContains(response, world.reviews["B"].title)
    assertContains(response, "Rapid review")
    assertNotContains(response, world.reviews["S"].title)
    assert "no-store" in response["Cache-Control"]


def test_rows_count_only_the_recommendations_the_person_may_see(client, world, panel_chair, csc_lead):
    chair_counts = {
        r.reference: r.recommendation_count for r in register_page(client, panel_chair).context["rows"]
    }
    csc_counts = {
        r.reference: r.recommendation_count for r in register_page(client, csc_lead).context["rows"]
    }

    assert chair_counts == {"REF-A": 4, "REF-B": 2, "REF-C": 1}
    # Review A: recommendation A1 to CSC and A3 to the partnership.
    assert csc_counts == {"REF-A": 2}


def test_agency_lead_sees_only_the_reviews_addressed_to_their_agency(client, world, csc_lead):
    response = register_page(client, csc_lead)

    assert shown(response) == ["REF-A"]
    assertContains(response, "1 review<")


def test_other_partnership_never_sees_this_partnerships_reviews(client, world, outsider):
    response = register_page(client, outsider)

    assert shown(response) == ["REF-S"]
    for name in ("A", "B", "C"):
        assertNotContains(response, world.reviews[name].title)


def test_person_without_roles_sees_an_empty_register(client, no_roles):
    response = register_page(client, no_roles)

    assert response.status_code == 200
    assertContains(response, "0 reviews")
    assertContains(response, "There are no reviews for you to see yet.")


def test_filters_narrow_the_register_and_are_shown_with_a_way_to_clear_them(client, world, panel_chair):
    response = register_page(client, panel_chair, "kind=rapid_review&kind=thematic&stage=rapid_review")

    assert shown(response) == ["REF-B"]
    assertContains(response, "Selected filters")
    assertContains(
        response, f'<a class="govuk-link govuk-link--no-visited-state" href="{REGISTER}">Clear filters</a>'
    )
    # Removing "Thematic" keeps the other filters.
    assertContains(response, 'href="?kind=rapid_review&amp;stage=rapid_review"')


def test_theme_filter_on_the_page(client, world, panel_chair):
    response = register_page(client, panel_chair, "theme=information-sharing")

    assert sorted(shown(response)) == ["REF-A", "REF-B", "REF-C"]
    assert shown(register_page(client, panel_chair, "theme=housing")) == []


def test_no_match_says_so(client, world, panel_chair):
    response = register_page(client, panel_chair, f"stage={Stage.CLOSED}")

    assertContains(response, "0 reviews")
    assertContains(response, "No reviews match these filters.")


@pytest.mark.parametrize(
    "query", ["kind=nonsense", "year=banana", "theme=%3Cscript%3E", "stage=closed&stage=x"]
)
def test_invalid_filter_value_is_a_govuk_error_not_a_crash(client, world, panel_chair, query):
    response = register_page(client, panel_chair, query)

    assert response.status_code == 200
    assertContains(response, "<title>Error: Review register")
    assertContains(response, "There is a problem")
    assertContains(response, "govuk-error-message")


def test_register_is_paginated_25_a_page_and_pages_keep_the_filters(client, world, panel_chair):
    more_reviews(world.north, 27, kind="lcspr")  # 28 LCSPRs with review A, 30 reviews in all

    first = register_page(client, panel_chair, "kind=lcspr")
    second = client.get(f"{REGISTER}?kind=lcspr&page=2")

    assert len(shown(first)) == REGISTER_PAGE_SIZE == 25
    assert len(shown(second)) == 3
    assert set(shown(first)).isdisjoint(shown(second))
    assertContains(first, "28 reviews")
    assertContains(first, '<nav class="govuk-pagination" aria-label="Pagination">')
    assertContains(first, 'href="?kind=lcspr&amp;page=2" rel="next"')
    assertContains(second, 'href="?kind=lcspr&amp;page=1" rel="prev"')
    assertContains(second, 'aria-current="page">2</a>')


def test_page_number_out_of_range_shows_the_last_page(client, world, panel_chair):
    more_reviews(world.north, 27)

    response = register_page(client, panel_chair, "page=99")

    assert response.status_code == 200
    assert len(shown(response)) == 5


def test_one_page_shows_no_pagination(client, world, panel_chair):
    assertNotContains(register_page(client, panel_chair), "govuk-pagination")


def test_query_count_does_not_grow_with_the_number_of_reviews(client, world, panel_chair):
    sign_in(client, panel_chair)
    client.get(REGISTER)  # the session and second factor settle on the first request
    with CaptureQueriesContext(connection) as three:
        client.get(REGISTER)
    more_reviews(world.north, 27)
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(REGISTER)

    assert len(shown(response)) == 25
    assert len(thirty.captured_queries) == len(three.captured_queries)


def test_each_row_shows_its_next_statutory_deadline(client, world, panel_chair, monkeypatch):
    today = datetime.date(2024, 1, 17)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: today)
    review_b = world.reviews["B"]  # a rapid review notified on 15 January 2024, not yet sent
    deadline = next_deadline(review_b, today=today)

    response = register_page(client, panel_chair)

    row = next(review for review in response.context["rows"] if review.pk == review_b.pk)
    assert row.next_deadline == deadline
    assert deadline.state == "due"
    assertContains(response, deadline.label)
    assertContains(response, deadline.describe())


def test_a_late_deadline_is_shown_as_late(client, world, panel_chair, monkeypatch):
    today = datetime.date(2024, 6, 3)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: today)
    deadline = next_deadline(world.reviews["B"], today=today)

    response = register_page(client, panel_chair)

    assert deadline.state == "overdue"
    assertContains(response, f'<strong class="govuk-tag govuk-tag--red">{deadline.describe()}</strong>')


def test_register_offers_registering_only_to_panel_staff(client, world, panel_chair, board_member):
    assertContains(register_page(client, panel_chair), f'href="{NOTIFY}"')
    assertNotContains(register_page(client, board_member), f'href="{NOTIFY}"')


# --- Registering a notification --------------------------------------------------------------------


def notification(**changes) -> dict:
    """What the question page posts: the three boxes of each date, and the typed answers."""
    answers = {
        "reference": "RR-2025-007",
        "kind": "rapid_review",
        "title": "Serious injury to a baby",
        "pseudonym": "Child QX",
        "incident_on_day": "3",
        "incident_on_month": "3",
        "incident_on_year": "2025",
        "aware_on_day": "4",
        "aware_on_month": "3",
        "aware_on_year": "2025",
        "notified_on_day": "7",
        "notified_on_month": "3",
        "notified_on_year": "2025",
        "background": "A baby was admitted to hospital with a head injury.",
    }
    return answers | changes


def test_question_page_asks_with_govuk_date_inputs(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.get(NOTIFY)

    assert response.status_code == 200
    assertContains(response, "Register a serious incident notification")
    assertContains(response, '<div class="govuk-date-input" id="id_incident_on">')
    assertContains(response, 'name="incident_on_day"')
    assertContains(response, 'for="id_incident_on_2">Year</label>')
    assertContains(response, "never the initials of a real name")
    # One partnership: nothing to choose.
    assertNotContains(response, 'name="partnership"')
    assert "partnership" not in response.context["form"].fields
    assert response.context["form"]["kind"].value() == "rapid_review"


def test_whole_journey_registers_the_review(client, world, panel_chair):
    sign_in(client, panel_chair)

    answered = client.post(NOTIFY, notification())
    assertRedirects(answered, CHECK)
    check = client.get(CHECK)
    assertContains(check, "Check your answers before registering the review")
    assertContains(check, "RR-2025-007")
    assertContains(check, "4 March 2025")
    assertContains(check, f'href="{NOTIFY}#id_aware_on_0"')
    assert not Review.objects.filter(reference="RR-2025-007").exists()

    registered = client.post(CHECK)

    review = Review.objects.get(reference="RR-2025-007")
    assertRedirects(registered, reverse("review_detail", args=[review.pk]), fetch_redirect_response=False)
    # The success banner shows on the next page the person opens (base.html renders messages).
    next_page = client.get(REGISTER)
    assertContains(next_page, "govuk-notification-banner--success")
    assertContains(next_page, "Review RR-2025-007 registered")
    assert review.partnership == world.north
    assert review.status == Stage.NOTIFIED
    assert (review.incident_on, review.aware_on, review.notified_on) == (
        datetime.date(2025, 3, 3),
        datetime.date(2025, 3, 4),
        datetime.date(2025, 3, 7),
    )
    assert review.history.get(history_type="+").history_user == panel_chair
    assert NOTIFY_SESSION_KEY not in client.session


def test_session_keeps_only_ids_choices_dates_and_typed_text(client, world, panel_chair):
    sign_in(client, panel_chair)

    client.post(NOTIFY, notification(notified_on_day="", notified_on_month="", notified_on_year=""))

    assert client.session[NOTIFY_SESSION_KEY] == {
        "partnership": world.north.pk,
        "reference": "RR-2025-007",
        "kind": "rapid_review",
        "title": "Serious injury to a baby",
        "pseudonym": "Child QX",
        "incident_on": "2025-03-03",
        "aware_on": "2025-03-04",
        "notified_on": None,
        "background": "A baby was admitted to hospital with a head injury.",
    }


def test_change_link_brings_back_the_answers_given(client, world, panel_chair):
    sign_in(client, panel_chair)
    client.post(NOTIFY, notification())

    response = client.get(NOTIFY)

    assertContains(response, 'value="RR-2025-007"')
    assertContains(response, 'name="aware_on_day" value="4"')


def test_person_in_two_partnerships_chooses_one(client, world):
    person = MembershipFactory(partnership=world.north, role=Role.PANEL_MEMBER).user
    MembershipFactory(user=person, partnership=world.south, role=Role.PANEL_MEMBER)
    sign_in(client, person)

    unanswered = client.post(NOTIFY, notification())
    assertContains(unanswered, "Choose the partnership")
    client.post(NOTIFY, notification(partnership=world.south.pk))
    client.post(CHECK)

    assert Review.objects.get(reference="RR-2025-007").partnership == world.south


def test_partnership_where_the_person_is_not_panel_staff_cannot_be_chosen(client, world):
    person = MembershipFactory(partnership=world.north, role=Role.PANEL_MEMBER).user
    MembershipFactory(user=person, partnership=world.south, role=Role.BOARD_MEMBER)
    sign_in(client, person)

    response = client.post(NOTIFY, notification(partnership=world.south.pk))

    # One panel partnership: the question is not asked and North is the answer.
    assertRedirects(response, CHECK)
    assert client.session[NOTIFY_SESSION_KEY]["partnership"] == world.north.pk


def test_dates_in_the_wrong_order_give_the_models_message_and_save_nothing(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.post(NOTIFY, notification(aware_on_day="1"))

    assert response.status_code == 200
    assertContains(response, "<title>Error: Register a serious incident notification")
    assertContains(response, "The local authority cannot become aware before the incident.")
    assertContains(response, 'href="#id_aware_on_0"')
    assert response.context["form"].errors["aware_on"] == [
        "The local authority cannot become aware before the incident."
    ]
    assert NOTIFY_SESSION_KEY not in client.session
    assert not Review.objects.filter(reference="RR-2025-007").exists()


def test_duplicate_reference_is_refused_clearly(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.post(NOTIFY, notification(reference="REF-A"))

    assert response.context["form"].errors["reference"] == [
        "This partnership already has a review with this reference."
    ]
    assert NOTIFY_SESSION_KEY not in client.session


def test_reference_taken_before_the_check_page_posts_saves_nothing(client, world, panel_chair):
    sign_in(client, panel_chair)
    client.post(NOTIFY, notification())
    ReviewFactory(partnership=world.north, reference="RR-2025-007", title="Registered by someone else")

    response = client.post(CHECK)

    assert response.status_code == 200
    assertContains(response, "This partnership already has a review with this reference.")
    assert Review.objects.filter(reference="RR-2025-007").count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"incident_on_day": "31", "incident_on_month": "2"},
            "Date of the serious incident must be a real date",
        ),
        ({"incident_on_month": ""}, "Date of the serious incident must include a month"),
        (
            {"incident_on_day": "", "incident_on_year": ""},
            "Date of the serious incident must include a day and year",
        ),
        ({"incident_on_year": "25"}, "Year must include 4 numbers"),
        ({"incident_on_day": "x"}, "Date of the serious incident must be a real date"),
        (
            {"aware_on_day": "", "aware_on_month": "", "aware_on_year": ""},
            "Enter the date the local authority became aware",
        ),
        ({"reference": ""}, "Enter a reference"),
        ({"title": ""}, "Enter a title"),
        ({"kind": "sprint_review"}, "Choose the kind of review"),
    ],
)
def test_bad_answers_are_govuk_errors(client, world, panel_chair, changes, message):
    sign_in(client, panel_chair)

    response = client.post(NOTIFY, notification(**changes))

    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, "There is a problem")
    assert NOTIFY_SESSION_KEY not in client.session


def test_invalid_date_keeps_what_was_typed(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.post(NOTIFY, notification(incident_on_day="31", incident_on_month="2"))

    assertContains(response, 'name="incident_on_day" value="31"')
    assertContains(response, "govuk-input--error")


def test_incomplete_date_highlights_only_the_missing_part(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.post(NOTIFY, notification(incident_on_month=""))

    html = response.content.decode()
    day = html[html.index('name="incident_on_day"') : html.index('id="id_incident_on_0"')]
    month = html[html.index('name="incident_on_month"') : html.index('id="id_incident_on_1"')]
    assert "govuk-input--error" not in day
    assert "govuk-input--error" in month


def test_check_page_without_answers_goes_back_to_the_questions(client, world, panel_chair):
    sign_in(client, panel_chair)

    assertRedirects(client.get(CHECK), NOTIFY)
    assertRedirects(client.post(CHECK), NOTIFY)
    assert Review.objects.count() == 4


def test_answers_for_a_partnership_no_longer_yours_are_dropped(client, world):
    person = MembershipFactory(partnership=world.north, role=Role.PANEL_MEMBER).user
    south_panel = MembershipFactory(user=person, partnership=world.south, role=Role.PANEL_MEMBER)
    sign_in(client, person)
    client.post(NOTIFY, notification(partnership=world.south.pk))
    south_panel.delete()

    response = client.post(CHECK)

    assertRedirects(response, NOTIFY)
    assert not Review.objects.filter(reference="RR-2025-007").exists()
    assert NOTIFY_SESSION_KEY not in client.session


@pytest.mark.parametrize("persona", ["board_member", "scrutineer", "csc_lead", "lead_reviewer", "no_roles"])
def test_people_without_a_panel_role_may_not_register(client, world, persona):
    sign_in(client, world.people[persona])

    assert client.get(NOTIFY).status_code == 403
    assert client.post(NOTIFY, notification()).status_code == 403
    assert client.get(CHECK).status_code == 403
    assert client.post(CHECK).status_code == 403
    assert not Review.objects.filter(reference="RR-2025-007").exists()


def test_anonymous_is_sent_to_sign_in(client):
    for url in (NOTIFY, CHECK):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
