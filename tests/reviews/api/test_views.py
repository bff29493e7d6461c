"""Reviews, findings and recommendations through the API (reviews/api/views.py)."""

import datetime

import pytest

from reviews.models import Finding, Recommendation, Review, ReviewKind, Theme

pytestmark = pytest.mark.django_db

D = datetime.date


def ids(response):
    return sorted(row["id"] for row in response.json()["results"])


def registration(world, **extra):
    return {
        "partnership": world.north.pk,
        "reference": "RR-2026-09",
        "kind": ReviewKind.RAPID_REVIEW,
        "title": "Injury to a baby (Child TB)",
        "pseudonym": "Child TB",
        "incident_on": "2026-11-02",
        "aware_on": "2026-11-03",
        **extra,
    }


# --- Reviews ------------------------------------------------------------------------------------------


def test_each_person_lists_the_reviews_they_may_see(
    world, api_as, csc_lead, lead_reviewer, outsider, no_roles
):
    r = world.reviews

    assert ids(api_as(csc_lead).get("/api/v1/reviews/")) == [r["A"].pk]
    assert ids(api_as(lead_reviewer).get("/api/v1/reviews/")) == [r["A"].pk]
    assert ids(api_as(outsider).get("/api/v1/reviews/")) == [r["S"].pk]
    assert ids(api_as(no_roles).get("/api/v1/reviews/")) == []
    assert api_as(csc_lead).get(f"/api/v1/reviews/{r['B'].pk}/").status_code == 404


def test_reviews_filter_by_kind_and_notification_date(world, api_as, board_member):
    client = api_as(board_member)

    assert ids(client.get("/api/v1/reviews/?kind=rapid_review")) == [world.reviews["B"].pk]
    assert client.get("/api/v1/reviews/?notified_before=2000-01-01").json()["count"] == 0
    assert client.get("/api/v1/reviews/?kind=novel").status_code == 400


def test_panel_staff_register_a_review(world, api_as, panel_chair):
    response = api_as(panel_chair).post("/api/v1/reviews/", registration(world), format="json")

    assert response.status_code == 201, response.json()
    review = Review.objects.get(pk=response.json()["id"])
    assert (review.partnership, review.reference, review.status) == (world.north, "RR-2026-09", "notified")
    assert review.history.first().history_user == panel_chair


@pytest.mark.parametrize("persona", ["csc_lead", "board_member", "lead_reviewer"])
def test_only_panel_staff_register(world, api_as, persona):
    response = api_as(world.people[persona]).post("/api/v1/reviews/", registration(world), format="json")

    assert response.status_code == 403
    assert not Review.objects.filter(reference="RR-2026-09").exists()


def test_panel_staff_of_another_partnership_register_only_for_their_own(world, api_as, outsider):
    response = api_as(outsider).post("/api/v1/reviews/", registration(world), format="json")

    assert response.status_code == 400
    assert response.json() == {"partnership": ["Choose a partnership whose reviews you register."]}
    assert not Review.objects.filter(reference="RR-2026-09").exists()


def test_a_registration_gives_clear_messages_and_saves_nothing(world, api_as, panel_chair):
    client = api_as(panel_chair)
    taken = client.post("/api/v1/reviews/", registration(world, reference="REF-A"), format="json")
    later_date = client.post("/api/v1/reviews/", registration(world, decision_on="2026-11-20"), format="json")
    out_of_order = client.post("/api/v1/reviews/", registration(world, aware_on="2026-10-01"), format="json")

    assert taken.json() == {"reference": ["This partnership already has a review with this reference."]}
    assert later_date.json() == {"decision_on": ["This field cannot be set here."]}
    assert out_of_order.status_code == 400
    assert not Review.objects.filter(reference="RR-2026-09").exists()


def test_a_reviews_dates_are_recorded_one_at_a_time_by_panel_staff(world, api_as, panel_chair, csc_lead):
    review = world.reviews["A"]

    by_agency = api_as(csc_lead).post(
        f"/api/v1/reviews/{review.pk}/dates/", {"field": "report_sent_on", "on": "2024-09-02"}, format="json"
    )
    patched = api_as(panel_chair).patch(
        f"/api/v1/reviews/{review.pk}/", {"notified_on": "2024-01-20"}, format="json"
    )
    no_reason = api_as(panel_chair).post(
        f"/api/v1/reviews/{review.pk}/dates/", {"field": "notified_on", "on": "2024-01-20"}, format="json"
    )
    recorded = api_as(panel_chair).post(
        f"/api/v1/reviews/{review.pk}/dates/",
        {"field": "notified_on", "on": "2024-01-16", "reason": "The e-mail log shows the 16th."},
        format="json",
    )

    assert by_agency.status_code == 403
    assert patched.status_code == 405
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    assert recorded.status_code == 200 and recorded.json()["notified_on"] == "2024-01-16"
    review.refresh_from_db()
    assert review.notified_on == D(2024, 1, 16)
    assert review.history.first().history_change_reason == "The e-mail log shows the 16th."


# --- Findings -----------------------------------------------------------------------------------------


def test_the_lead_reviewer_writes_findings_of_their_review_only(world, api_as, lead_reviewer):
    client = api_as(lead_reviewer)
    neglect = Theme.objects.get(slug="neglect")
    answers = {"title": "Fathers unseen", "text": "No agency asked about the father.", "themes": [neglect.pk]}

    added = client.post("/api/v1/findings/", {"review": world.reviews["A"].pk, **answers}, format="json")
    elsewhere = client.post("/api/v1/findings/", {"review": world.reviews["B"].pk, **answers}, format="json")

    assert added.status_code == 201, added.json()
    assert added.json()["number"] == 4
    assert added.json()["themes"] == [neglect.pk]
    assert elsewhere.status_code == 400 and "review" in elsewhere.json()
    assert not Finding.objects.filter(review=world.reviews["B"], title="Fathers unseen").exists()


def test_a_finding_edited_in_part_keeps_the_rest_and_stays_in_its_review(world, api_as, panel_chair):
    finding = world.findings["A1"]
    themes = set(finding.themes.values_list("pk", flat=True))
    client = api_as(panel_chair)

    edited = client.patch(f"/api/v1/findings/{finding.pk}/", {"title": "Neglect not named"}, format="json")
    moved = client.patch(f"/api/v1/findings/{finding.pk}/", {"review": world.reviews["B"].pk}, format="json")

    assert edited.status_code == 200
    finding.refresh_from_db()
    assert finding.title == "Neglect not named"
    assert set(finding.themes.values_list("pk", flat=True)) == themes
    assert moved.json() == {"review": ["A finding stays in the review it was written for."]}
    assert finding.review == world.reviews["A"]


def test_an_agency_lead_reads_findings_but_does_not_write_them(world, api_as, csc_lead):
    finding = world.findings["A1"]

    response = api_as(csc_lead).patch(f"/api/v1/findings/{finding.pk}/", {"title": "Changed"}, format="json")

    assert response.status_code == 403
    finding.refresh_from_db()
    assert finding.title != "Changed"


# --- Recommendations ----------------------------------------------------------------------------------


def test_panel_staff_add_a_recommendation_naming_agencies_of_their_partnership(world, api_as, panel_chair):
    client = api_as(panel_chair)
    answers = {"review": world.reviews["A"].pk, "text": "Audit neglect assessments."}

    added = client.post(
        "/api/v1/recommendations/", {**answers, "agencies": [world.agencies["north_csc"].pk]}, format="json"
    )
    southern = client.post(
        "/api/v1/recommendations/", {**answers, "agencies": [world.agencies["south_csc"].pk]}, format="json"
    )

    assert added.status_code == 201 and added.json()["number"] == 5
    assert southern.status_code == 400 and "agencies" in southern.json()
    assert Recommendation.objects.filter(review=world.reviews["A"]).count() == 5


def test_a_response_not_accepted_needs_its_reason(world, api_as, panel_chair):
    recommendation = world.recommendations["A1"]

    response = api_as(panel_chair).patch(
        f"/api/v1/recommendations/{recommendation.pk}/", {"response": "not_accepted"}, format="json"
    )

    assert response.status_code == 400 and "response_reason" in response.json()
    recommendation.refresh_from_db()
    assert recommendation.response == "pending"


def test_finding_filters_by_theme_and_agency_refuse_ids_out_of_range(world, api_as, board_member):
    client = api_as(board_member)
    neglect = Theme.objects.get(slug="neglect")

    assert client.get("/api/v1/findings/?agencies=99999999999999999999").status_code == 400
    assert client.get("/api/v1/recommendations/?agencies=99999999999999999999").status_code == 400
    by_theme = client.get(
        f"/api/v1/findings/?themes={neglect.pk}&agencies={world.agencies['north_police'].pk}"
    )
    assert ids(by_theme) == sorted([world.findings["A2"].pk, world.findings["B1"].pk])
