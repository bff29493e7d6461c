"""Writing a review's content: who may, numbering, constraint messages beside their field, warnings."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import Membership, Role
from reviews import authoring
from reviews.models import CaseCoding, Finding, FindingKind, Recommendation, Response, Theme
from tests.factories import AgencyFactory, FindingFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def error_fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


# --- Who may write ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["partnership_admin", "panel_chair", "panel_member", "superuser"])
def test_panel_staff_change_the_review_and_write_its_findings(world, persona):
    rights = authoring.content_rights(world.people[persona], world.reviews["B"])

    assert rights.may_change_review
    assert rights.may_write_findings
    assert rights.reads_whole_review


def test_lead_reviewer_writes_findings_of_their_own_review_only(world, lead_reviewer):
    own = authoring.content_rights(lead_reviewer, world.reviews["A"])
    other = authoring.content_rights(lead_reviewer, world.reviews["B"])

    assert (own.may_write_findings, own.may_change_review, own.reads_whole_review) == (True, False, True)
    assert not other.may_write_findings


def test_lead_reviewer_who_no_longer_holds_the_role_writes_nothing(world, lead_reviewer):
    Membership.objects.get(user=lead_reviewer, role=Role.LEAD_REVIEWER).delete()

    assert not authoring.may_write_findings(lead_reviewer, world.reviews["A"])


@pytest.mark.parametrize("persona", ["csc_lead", "police_lead", "board_member", "scrutineer", "outsider"])
def test_agency_staff_readers_and_other_partnerships_write_nothing(world, persona):
    rights = authoring.content_rights(world.people[persona], world.reviews["A"])

    assert not rights.may_write_findings
    assert not rights.may_change_review


def test_readers_read_the_whole_review_and_agency_staff_do_not(world, board_member, csc_lead):
    assert authoring.content_rights(board_member, world.reviews["A"]).reads_whole_review
    assert not authoring.content_rights(csc_lead, world.reviews["A"]).reads_whole_review


def test_rights_coding_and_agency_count_come_in_one_query(world, panel_chair, django_assert_num_queries):
    review = world.reviews["A"]
    with django_assert_num_queries(1):
        authoring.content_rights(panel_chair, review)
        authoring.may_write_findings(panel_chair, review)
        coding = authoring.review_coding(review)
        count = authoring.active_agency_count(review)

    assert coding == CaseCoding.objects.get(review=review)
    assert count == 4


def test_coding_and_agency_count_are_found_on_their_own_too(world, django_assert_num_queries):
    review = world.reviews["B"]
    with django_assert_num_queries(2):
        assert authoring.review_coding(review) is None
        assert authoring.active_agency_count(review) == 4


# --- Case coding -------------------------------------------------------------------------------------


def test_first_save_creates_the_coding_and_the_next_changes_it(world, panel_chair):
    review = world.reviews["B"]

    authoring.coding_save(review=review, by=panel_chair, nature="death", age_band="under_1")
    coding = authoring.coding_save(review=review, by=panel_chair, family_poverty=True)

    assert CaseCoding.objects.filter(review=review).count() == 1
    assert (coding.nature, coding.age_band, coding.family_poverty) == ("death", "under_1", True)
    assert coding.history.first().history_user == panel_chair


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"parent_violent_crime": True}, "parent_violent_crime", "tick the criminal record too"),
        (
            {"family_separation_acrimonious": True},
            "family_separation_acrimonious",
            "tick parental separation",
        ),
        ({"age_band": "under_1", "child_behaviour_problems": True}, "child_behaviour_problems", "under 1"),
        ({"age_band": "1_5", "child_cse": True}, "child_mental_health", "aged 6 and over"),
    ],
)
def test_coding_constraints_come_back_beside_their_field_and_nothing_is_saved(
    world, panel_chair, answers, field, message
):
    review = world.reviews["B"]

    with pytest.raises(ValidationError) as excinfo:
        authoring.coding_save(review=review, by=panel_chair, **answers)

    assert error_fields(excinfo) == {field}
    assert message in " ".join(excinfo.value.message_dict[field])
    assert not CaseCoding.objects.filter(review=review).exists()


def test_only_panel_staff_code_a_review(world, lead_reviewer, board_member):
    for person in (lead_reviewer, board_member):
        with pytest.raises(PermissionDenied):
            authoring.coding_save(review=world.reviews["A"], by=person, nature="death")

    assert CaseCoding.objects.get(review=world.reviews["A"]).nature != "death"


# --- Findings ----------------------------------------------------------------------------------------


def test_a_new_finding_takes_the_next_free_number(world, panel_chair):
    review = world.reviews["A"]
    FindingFactory(review=review, number=7)
    neglect = Theme.objects.get(slug="neglect")

    finding = authoring.finding_add(
        review=review,
        by=panel_chair,
        kind=FindingKind.STRENGTH,
        title="  Health visitors escalated concerns  ",
        text="They used the escalation policy.",
        themes=[neglect],
        agencies=[world.agencies["north_health"]],
    )

    assert finding.number == 8
    assert finding.title == "Health visitors escalated concerns"
    assert list(finding.themes.all()) == [neglect]
    assert list(finding.agencies.all()) == [world.agencies["north_health"]]
    assert finding.history.first().history_user == panel_chair


def test_numbers_of_findings_restart_per_review(world, panel_chair):
    fresh = ReviewFactory(partnership=world.north)

    finding = authoring.finding_add(review=fresh, by=panel_chair, title="First", text="First finding.")

    assert finding.number == 1


def test_lead_reviewer_adds_and_edits_findings_of_their_review(world, lead_reviewer):
    added = authoring.finding_add(review=world.reviews["A"], by=lead_reviewer, title="New", text="Learning.")
    edited = authoring.finding_edit(
        finding=world.findings["A1"], by=lead_reviewer, title="Changed", text="Changed text."
    )

    assert added.number == 4
    assert Finding.objects.get(pk=edited.pk).title == "Changed"


def test_lead_reviewer_writes_no_findings_of_another_review(world, lead_reviewer):
    with pytest.raises(PermissionDenied):
        authoring.finding_add(review=world.reviews["B"], by=lead_reviewer, title="New", text="Learning.")
    with pytest.raises(PermissionDenied):
        authoring.finding_edit(finding=world.findings["B1"], by=lead_reviewer, title="X", text="Y")

    assert Finding.objects.get(pk=world.findings["B1"].pk).title != "X"


@pytest.mark.parametrize("persona", ["board_member", "csc_lead", "outsider"])
def test_others_write_no_findings(world, persona):
    with pytest.raises(PermissionDenied):
        authoring.finding_add(review=world.reviews["A"], by=world.people[persona], title="New", text="Text.")


def test_agency_of_another_partnership_is_refused_and_nothing_is_saved(world, panel_chair):
    before = Finding.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        authoring.finding_add(
            review=world.reviews["A"],
            by=panel_chair,
            title="New",
            text="Text.",
            agencies=[world.agencies["south_csc"]],
        )

    assert error_fields(excinfo) == {"agencies"}
    assert Finding.objects.count() == before


def test_a_retired_theme_stays_on_an_old_finding_but_is_not_added_to_others(world, panel_chair):
    neglect = Theme.objects.get(slug="neglect")
    Theme.objects.filter(pk=neglect.pk).update(is_active=False)
    finding = world.findings["A1"]

    kept = authoring.finding_edit(
        finding=finding, by=panel_chair, title="Kept", text="Text.", themes=[neglect]
    )
    with pytest.raises(ValidationError) as excinfo:
        authoring.finding_add(
            review=world.reviews["A"], by=panel_chair, title="N", text="T.", themes=[neglect]
        )

    assert neglect in kept.themes.all()
    assert error_fields(excinfo) == {"themes"}


def test_an_inactive_agency_stays_on_a_finding_but_is_not_added_to_others(world, panel_chair):
    police = world.agencies["north_police"]
    police.is_active = False
    police.save()

    kept = authoring.finding_edit(
        finding=world.findings["A2"], by=panel_chair, title="K", text="T.", agencies=[police]
    )
    with pytest.raises(ValidationError):
        authoring.finding_add(
            review=world.reviews["A"], by=panel_chair, title="N", text="T.", agencies=[police]
        )

    assert list(kept.agencies.all()) == [police]


def test_an_empty_title_is_refused(world, panel_chair):
    with pytest.raises(ValidationError) as excinfo:
        authoring.finding_add(review=world.reviews["A"], by=panel_chair, title="   ", text="Text.")

    assert "title" in error_fields(excinfo)


# --- Recommendations ---------------------------------------------------------------------------------


def test_a_new_recommendation_takes_the_next_number_and_its_links(world, panel_chair):
    review = world.reviews["A"]

    recommendation = authoring.recommendation_add(
        review=review,
        by=panel_chair,
        text="Agree a neglect strategy.",
        agencies=[world.agencies["north_csc"]],
        findings=[world.findings["A1"], world.findings["A2"]],
    )

    assert recommendation.number == 5
    assert list(recommendation.agencies.all()) == [world.agencies["north_csc"]]
    assert set(recommendation.findings.all()) == {world.findings["A1"], world.findings["A2"]}
    assert recommendation.history.first().history_user == panel_chair


def test_lead_reviewer_writes_no_recommendations(world, lead_reviewer):
    with pytest.raises(PermissionDenied):
        authoring.recommendation_add(
            review=world.reviews["A"], by=lead_reviewer, to_partnership=True, text="T"
        )
    with pytest.raises(PermissionDenied):
        authoring.recommendation_edit(
            recommendation=world.recommendations["A1"], by=lead_reviewer, to_partnership=True, text="T"
        )
    with pytest.raises(PermissionDenied):
        authoring.recommendation_respond(
            recommendation=world.recommendations["A1"], by=lead_reviewer, response=Response.ACCEPTED
        )


def test_a_finding_of_another_review_is_refused_and_nothing_is_saved(world, panel_chair):
    recommendation = world.recommendations["A1"]

    with pytest.raises(ValidationError) as excinfo:
        authoring.recommendation_edit(
            recommendation=recommendation,
            by=panel_chair,
            text="Changed",
            agencies=[world.agencies["north_police"]],
            findings=[world.findings["B1"]],
        )

    assert error_fields(excinfo) == {"findings"}
    recommendation.refresh_from_db()
    assert recommendation.text != "Changed"
    assert list(recommendation.agencies.all()) == [world.agencies["north_csc"]]


@pytest.mark.parametrize(
    ("response", "reason", "on", "field", "message"),
    [
        (Response.NOT_ACCEPTED, "", datetime.date(2024, 9, 2), "response_reason", "Give the reason"),
        (Response.ACCEPTED, "", None, "responded_on", "Record the date of the response"),
        (Response.PENDING, "", datetime.date(2024, 9, 2), "responded_on", "only once there is one"),
    ],
)
def test_response_constraints_come_back_beside_their_field(
    world, panel_chair, response, reason, on, field, message
):
    recommendation = world.recommendations["A1"]

    with pytest.raises(ValidationError) as excinfo:
        authoring.recommendation_respond(
            recommendation=recommendation,
            by=panel_chair,
            response=response,
            response_reason=reason,
            responded_on=on,
        )

    assert error_fields(excinfo) == {field}
    assert message in " ".join(excinfo.value.message_dict[field])
    recommendation.refresh_from_db()
    assert recommendation.response == Response.PENDING


def test_a_response_is_recorded_with_its_reason_and_date(world, panel_chair):
    recommendation = authoring.recommendation_respond(
        recommendation=world.recommendations["A2"],
        by=panel_chair,
        response=Response.NOT_ACCEPTED,
        response_reason="Covered by the force's own review.",
        responded_on=datetime.date(2024, 10, 1),
    )

    stored = Recommendation.objects.get(pk=recommendation.pk)
    assert (stored.response, stored.responded_on) == (Response.NOT_ACCEPTED, datetime.date(2024, 10, 1))
    assert stored.history.first().history_user == panel_chair


# --- Warnings ----------------------------------------------------------------------------------------


def north_agencies(world):
    return [agency for name, agency in world.agencies.items() if name.startswith("north")]


def test_every_agency_named_warns(world):
    warning = authoring.breadth_warning(
        world.reviews["A"], to_partnership=False, agencies=north_agencies(world)
    )

    assert warning == authoring.ADDRESSED_TO_EVERY_AGENCY


def test_no_agency_and_not_the_partnership_warns(world):
    assert authoring.breadth_warning(world.reviews["A"], to_partnership=False, agencies=[]) == (
        authoring.ADDRESSED_TO_NOBODY
    )


def test_named_agencies_or_the_partnership_do_not_warn(world):
    review = world.reviews["A"]

    assert authoring.breadth_warning(review, to_partnership=False, agencies=north_agencies(world)[:2]) == ""
    assert authoring.breadth_warning(review, to_partnership=True, agencies=[]) == ""
    assert authoring.breadth_warning(review, to_partnership=True, agencies=north_agencies(world)) == ""


def test_an_inactive_agency_does_not_count_towards_every_agency(world):
    review = world.reviews["A"]
    AgencyFactory(partnership=world.north, name="Closed service", is_active=False)
    active = north_agencies(world)

    assert authoring.breadth_warning(review, to_partnership=False, agencies=active) == (
        authoring.ADDRESSED_TO_EVERY_AGENCY
    )


def test_a_partnership_of_one_agency_does_not_warn_for_naming_it(world):
    lone = AgencyFactory()
    review = ReviewFactory(partnership=lone.partnership)

    assert authoring.breadth_warning(review, to_partnership=False, agencies=[lone]) == ""


def test_many_recommendations_is_ten_unless_set(settings):
    assert authoring.many_recommendations() == 10
    settings.MANY_RECOMMENDATIONS = 6
    assert authoring.many_recommendations() == 6
