"""The case coding, finding and recommendation pages, and what the review page shows of them."""

import pytest
from django.urls import reverse

from agencies.models import Agency
from reviews.models import CaseCoding, Finding, Recommendation, Response, Theme
from tests.conftest import sign_in
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def review_page(client, world, name):
    return client.get(reverse("review_detail", args=[world.reviews[name].pk]))


def north_agencies(world):
    return [str(agency.pk) for agency in Agency.objects.filter(partnership=world.north, is_active=True)]


# --- Case coding -------------------------------------------------------------------------------------


def test_panel_chair_codes_a_review_for_the_first_time(client, world, panel_chair):
    review = world.reviews["B"]
    sign_in(client, panel_chair)

    page = client.get(reverse("review_coding", args=[review.pk]))
    response = client.post(
        reverse("review_coding", args=[review.pk]),
        {
            "nature": "serious_harm",
            "age_band": "11_15",
            "parent_characteristics": ["parent_criminal_record", "parent_violent_crime"],
            "child_characteristics": ["child_cse"],
        },
    )

    assert page.status_code == 200
    assert "Code the review" in page.content.decode()
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("review_detail", args=[review.pk]) + "#coding")
    coding = CaseCoding.objects.get(review=review)
    assert (coding.nature, coding.age_band, coding.parent_violent_crime, coding.child_cse) == (
        "serious_harm",
        "11_15",
        True,
        True,
    )
    assert not coding.child_bullying


def test_coding_form_shows_the_current_answers(client, world, panel_chair):
    sign_in(client, panel_chair)

    page = client.get(reverse("review_coding", args=[world.reviews["A"].pk]))

    form = page.context["form"]
    assert form.initial["age_band"] == "1_5"
    assert form.initial["family_characteristics"] == ["family_domestic_abuse", "family_poverty"]
    assert "Change the case coding" in page.content.decode()


def test_age_dependent_characteristics_come_back_as_a_field_error_and_nothing_is_saved(
    client, world, panel_chair
):
    review = world.reviews["A"]
    sign_in(client, panel_chair)

    response = client.post(
        reverse("review_coding", args=[review.pk]),
        {"nature": "death", "age_band": "1_5", "child_characteristics": ["child_bullying"]},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html
    assert response.context["form"].errors["child_characteristics"] == [
        "Alcohol or drug misuse, mental health problems, bullying and sexual exploitation are coded only "
        "for children aged 6 and over."
    ]
    assert 'href="#id_child_characteristics_0"' in html
    assert CaseCoding.objects.get(review=review).nature != "death"


def test_violent_crime_without_a_record_is_shown_beside_parental_characteristics(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.post(
        reverse("review_coding", args=[world.reviews["B"].pk]),
        {"parent_characteristics": ["parent_violent_crime"]},
    )

    assert "parent_characteristics" in response.context["form"].errors
    assert not CaseCoding.objects.filter(review=world.reviews["B"]).exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("lead_reviewer", 403), ("board_member", 403), ("csc_lead", 403)]
)
def test_only_panel_staff_open_the_coding_page(client, world, persona, status):
    sign_in(client, world.people[persona])

    assert client.get(reverse("review_coding", args=[world.reviews["A"].pk])).status_code == status


def test_review_page_shows_not_coded_yet_with_a_link_for_the_panel(client, world, panel_chair):
    sign_in(client, panel_chair)

    html = review_page(client, world, "B").content.decode()

    assert "Not coded yet" in html
    assert reverse("review_coding", args=[world.reviews["B"].pk]) in html


def test_review_page_shows_the_coding_with_change_links_to_panel_staff(client, world, panel_chair):
    sign_in(client, panel_chair)

    html = review_page(client, world, "A").content.decode()

    assert "Case coding" in html
    assert "Domestic abuse, Poverty" in html
    assert reverse("review_coding", args=[world.reviews["A"].pk]) + "#id_age_band_0" in html


def test_board_member_reads_the_coding_without_change_links(client, world, board_member):
    sign_in(client, board_member)

    html = review_page(client, world, "A").content.decode()

    assert "Domestic abuse, Poverty" in html
    assert reverse("review_coding", args=[world.reviews["A"].pk]) not in html


def test_agency_staff_do_not_see_the_coding(client, world, csc_lead):
    sign_in(client, csc_lead)

    html = review_page(client, world, "A").content.decode()

    assert "Case coding" not in html


def test_the_coding_panel_finds_out_who_may_change_it_in_one_query(
    rf, world, panel_chair, csc_lead, django_assert_num_queries
):
    from reviews.templatetags.review_content import coding_panel

    def panel_for(user, queries):
        request = rf.get("/")
        request.user = user
        with django_assert_num_queries(queries):
            return coding_panel({"request": request}, world.reviews["A"])

    # What they may do and the coding itself come in the same query.
    assert panel_for(panel_chair, 1)["may_change"]
    assert not panel_for(csc_lead, 1)["shown"]


# --- Findings ----------------------------------------------------------------------------------------


def test_lead_reviewer_adds_a_finding_and_sees_similar_findings(client, world, lead_reviewer):
    neglect = Theme.objects.get(slug="neglect")
    review = world.reviews["A"]
    sign_in(client, lead_reviewer)

    response = client.post(
        reverse("finding_add", args=[review.pk]),
        {
            "kind": "to_improve",
            "title": "Information held by one agency did not reach the others",
            "text": "Practitioners held pieces of the picture.",
            "themes": [str(neglect.pk)],
            "agencies": [str(world.agencies["north_police"].pk)],
        },
    )

    finding = Finding.objects.get(review=review, number=4)
    assert response.status_code == 302
    assert response["Location"] == reverse("finding_saved", args=[review.pk, 4])
    assert finding.kind == "to_improve"
    saved = client.get(response["Location"])
    html = saved.content.decode()
    assert "Finding 4 saved" in html
    # Review B's findings share the theme and the words: the lead reviewer cannot see them.
    assert world.reviews["B"].reference not in html
    assert "No similar findings in the other reviews you can see." in html


def test_panel_chair_sees_similar_findings_of_other_reviews(client, world, panel_chair):
    review = world.reviews["A"]
    sign_in(client, panel_chair)

    saved = client.get(reverse("finding_saved", args=[review.pk, 1]))

    html = saved.content.decode()
    assert "Similar findings in other reviews" in html
    assert world.reviews["B"].reference in html
    assert world.reviews["S"].reference not in html


def test_a_finding_without_a_title_comes_back_with_an_error_and_nothing_is_saved(client, world, panel_chair):
    review = world.reviews["B"]
    sign_in(client, panel_chair)

    response = client.post(reverse("finding_add", args=[review.pk]), {"kind": "learning", "text": "Text"})

    assert response.status_code == 200
    assert "<title>Error: " in response.content.decode()
    assert "Enter a title" in response.content.decode()
    assert Finding.objects.filter(review=review).count() == 2


def test_an_agency_of_another_partnership_cannot_be_chosen(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.post(
        reverse("finding_add", args=[world.reviews["B"].pk]),
        {"kind": "learning", "title": "T", "text": "X", "agencies": [str(world.agencies["south_csc"].pk)]},
    )

    assert response.status_code == 200
    assert "agencies" in response.context["form"].errors
    assert Finding.objects.filter(review=world.reviews["B"]).count() == 2


def test_lead_reviewer_edits_a_finding_of_their_review(client, world, lead_reviewer):
    finding = world.findings["A2"]
    sign_in(client, lead_reviewer)

    page = client.get(reverse("finding_edit", args=[finding.review_id, finding.number]))
    response = client.post(
        reverse("finding_edit", args=[finding.review_id, finding.number]),
        {"kind": "strength", "title": "Police shared information quickly", "text": "They did."},
    )

    assert page.status_code == 200
    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.kind, finding.title) == ("strength", "Police shared information quickly")
    assert not finding.agencies.exists()


@pytest.mark.parametrize(
    ("persona", "url_name", "args_of", "status"),
    [
        ("lead_reviewer", "finding_add", lambda w: [w.reviews["B"].pk], 404),
        ("lead_reviewer", "finding_edit", lambda w: [w.reviews["B"].pk, 1], 404),
        ("lead_reviewer", "recommendation_add", lambda w: [w.reviews["A"].pk], 403),
        ("lead_reviewer", "recommendation_edit", lambda w: [w.reviews["A"].pk, 1], 403),
        ("csc_lead", "finding_add", lambda w: [w.reviews["A"].pk], 403),
        ("csc_lead", "finding_edit", lambda w: [w.reviews["A"].pk, 1], 403),
        ("csc_lead", "finding_edit", lambda w: [w.reviews["A"].pk, 2], 404),
        ("csc_lead", "finding_add", lambda w: [w.reviews["B"].pk], 404),
        ("board_member", "finding_add", lambda w: [w.reviews["A"].pk], 403),
        ("board_member", "finding_edit", lambda w: [w.reviews["A"].pk, 1], 403),
        ("board_member", "finding_saved", lambda w: [w.reviews["A"].pk, 1], 403),
        ("board_member", "recommendation_edit", lambda w: [w.reviews["A"].pk, 1], 403),
        ("outsider", "recommendation_add", lambda w: [w.reviews["A"].pk], 404),
    ],
)
def test_who_may_not_write(client, world, persona, url_name, args_of, status):
    sign_in(client, world.people[persona])
    url = reverse(url_name, args=args_of(world))

    assert client.get(url).status_code == status
    if url_name != "finding_saved":
        assert client.post(url, {"title": "X", "text": "Y", "kind": "learning"}).status_code == status


def test_a_missing_finding_answers_404(client, world, panel_chair):
    sign_in(client, panel_chair)

    assert client.get(reverse("finding_edit", args=[world.reviews["A"].pk, 99])).status_code == 404


def test_a_retired_theme_already_on_the_finding_stays_ticked_and_shown(client, world, panel_chair):
    Theme.objects.filter(slug="neglect").update(is_active=False)
    neglect = Theme.objects.get(slug="neglect")
    sign_in(client, panel_chair)

    on_finding = client.get(reverse("finding_edit", args=[world.reviews["A"].pk, 1]))
    new = client.get(reverse("finding_add", args=[world.reviews["A"].pk]))

    html = on_finding.content.decode()
    assert f"{neglect.name} (retired)" in html
    assert neglect in on_finding.context["form"].initial["themes"]
    assert neglect.name not in new.content.decode()


def test_review_page_offers_finding_links_to_those_who_write_them(client, world, lead_reviewer, board_member):
    review = world.reviews["A"]
    sign_in(client, lead_reviewer)
    writer = review_page(client, world, "A").content.decode()
    sign_in(client, board_member)
    reader = review_page(client, world, "A").content.decode()

    for url in (reverse("finding_add", args=[review.pk]), reverse("finding_edit", args=[review.pk, 1])):
        assert url in writer
        assert url not in reader
    assert reverse("recommendation_add", args=[review.pk]) not in writer


# --- Recommendations ---------------------------------------------------------------------------------


def test_panel_chair_adds_a_recommendation(client, world, panel_chair):
    review = world.reviews["B"]
    sign_in(client, panel_chair)

    response = client.post(
        reverse("recommendation_add", args=[review.pk]),
        {
            "text": "Share the chronology.",
            "agencies": [str(world.agencies["north_police"].pk)],
            "findings": [str(world.findings["B1"].pk)],
            "response": Response.PENDING,
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#recommendation-3")
    recommendation = Recommendation.objects.get(review=review, number=3)
    assert list(recommendation.findings.all()) == [world.findings["B1"]]


def test_the_form_offers_only_this_reviews_findings(client, world, panel_chair):
    sign_in(client, panel_chair)

    form = client.get(reverse("recommendation_add", args=[world.reviews["B"].pk])).context["form"]

    assert set(form.fields["findings"].queryset) == {world.findings["B1"], world.findings["B2"]}


def test_every_agency_warns_and_saves_only_once_confirmed(client, world, panel_chair):
    review = world.reviews["B"]
    url = reverse("recommendation_add", args=[review.pk])
    data = {"text": "Everyone should train.", "agencies": north_agencies(world), "response": Response.PENDING}
    sign_in(client, panel_chair)

    warned = client.post(url, data)
    html = warned.content.decode()

    assert warned.status_code == 200
    assert "govuk-warning-text" in html
    assert "addressed to every agency" in html
    assert "Save anyway" in html
    assert "<title>Error: " not in html
    assert Recommendation.objects.filter(review=review).count() == 2

    confirmed = client.post(url, {**data, "confirmed_addressees": warned.context["addressees_key"]})

    assert confirmed.status_code == 302
    assert Recommendation.objects.filter(review=review).count() == 3


def test_a_confirmation_for_other_addressees_warns_again(client, world, panel_chair):
    url = reverse("recommendation_add", args=[world.reviews["B"].pk])
    sign_in(client, panel_chair)

    response = client.post(
        url, {"text": "Nobody owns this.", "response": Response.PENDING, "confirmed_addressees": "p:"}
    )

    assert "nobody owns it" in response.content.decode()
    assert Recommendation.objects.filter(review=world.reviews["B"]).count() == 2


def test_not_accepted_without_a_reason_is_an_error_beside_the_reason(client, world, panel_chair):
    recommendation = world.recommendations["A1"]
    sign_in(client, panel_chair)

    response = client.post(
        reverse("recommendation_edit", args=[recommendation.review_id, recommendation.number]),
        {
            "text": recommendation.text,
            "agencies": [str(world.agencies["north_csc"].pk)],
            "response": Response.NOT_ACCEPTED,
            "responded_on_day": "2",
            "responded_on_month": "9",
            "responded_on_year": "2024",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["response_reason"] == [
        "Give the reason the recommendation was not accepted."
    ]
    recommendation.refresh_from_db()
    assert recommendation.response == Response.PENDING


def test_a_response_is_recorded_on_the_edit_page(client, world, panel_chair):
    recommendation = world.recommendations["A4"]
    sign_in(client, panel_chair)

    response = client.post(
        reverse("recommendation_edit", args=[recommendation.review_id, recommendation.number]),
        {
            "text": recommendation.text,
            "agencies": [str(world.agencies["north_health"].pk), str(world.agencies["north_education"].pk)],
            "response": Response.ACCEPTED,
            "responded_on_day": "2",
            "responded_on_month": "9",
            "responded_on_year": "2024",
        },
    )

    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.response == Response.ACCEPTED
    assert str(recommendation.responded_on) == "2024-09-02"


def test_review_page_warns_beside_a_recommendation_to_every_agency(client, world, panel_chair, csc_lead):
    RecommendationFactory(
        review=world.reviews["A"], agencies=list(Agency.objects.filter(partnership=world.north))
    )
    sign_in(client, panel_chair)

    html = review_page(client, world, "A").content.decode()

    assert html.count("addressed to every agency") == 1
    assert reverse("recommendation_edit", args=[world.reviews["A"].pk, 5]) in html


def test_review_page_notes_many_recommendations(client, world, panel_chair, settings):
    settings.MANY_RECOMMENDATIONS = 3
    sign_in(client, panel_chair)

    many = review_page(client, world, "A").content.decode()
    few = review_page(client, world, "B").content.decode()

    assert "This review has 4 recommendations" in many
    assert "a limited number of recommendations" in many
    assert "This review has" not in few


def test_board_member_gets_no_recommendation_links(client, world, board_member):
    sign_in(client, board_member)

    html = review_page(client, world, "A").content.decode()

    assert reverse("recommendation_add", args=[world.reviews["A"].pk]) not in html
    assert reverse("recommendation_edit", args=[world.reviews["A"].pk, 1]) not in html
