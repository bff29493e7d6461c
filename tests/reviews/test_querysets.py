"""Who sees which reviews, findings and recommendations: `visible_to(user)` for every persona.

The casework is drawn in tests/conftest.py: reviews A, B, C in North and S in South.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from agencies.models import Membership, Role
from reviews.models import Dissemination, Finding, LearningBrief, Recommendation, Review, StageChange

from ..factories import FindingFactory, MembershipFactory, RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def visible_ids(queryset) -> set[int]:
    ids = list(queryset.values_list("pk", flat=True))
    assert len(ids) == len(set(ids)), "visible_to() returned a row twice"
    return set(ids)


def ids_of(rows: dict, names) -> set[int]:
    return {rows[name].pk for name in names}


def visible(world, user) -> dict[str, set[str]]:
    """What `visible_to(user)` returns for each model, as the casework's names (unknown rows by id)."""
    seen = {}
    for label, model, rows in (
        ("reviews", Review, world.reviews),
        ("findings", Finding, world.findings),
        ("recommendations", Recommendation, world.recommendations),
    ):
        names = {row.pk: name for name, row in rows.items()}
        seen[label] = {names.get(pk, f"unknown #{pk}") for pk in visible_ids(model.objects.visible_to(user))}
    return seen


def expect(reviews, findings, recommendations):
    return {"reviews": reviews, "findings": findings, "recommendations": recommendations}


NORTH_WIDE = expect(
    reviews={"A", "B", "C"},
    findings={"A1", "A2", "A3", "B1", "B2", "C1"},
    recommendations={"A1", "A2", "A3", "A4", "B1", "B2", "C1"},
)
NOTHING = expect(set(), set(), set())

EXPECTED = {
    "superuser": expect(
        reviews={"A", "B", "C", "S"},
        findings={"A1", "A2", "A3", "B1", "B2", "C1", "S1"},
        recommendations={"A1", "A2", "A3", "A4", "B1", "B2", "C1", "S1", "S2"},
    ),
    "partnership_admin": NORTH_WIDE,
    "panel_chair": NORTH_WIDE,
    "panel_member": NORTH_WIDE,
    "board_member": NORTH_WIDE,
    "scrutineer": NORTH_WIDE,
    # Review A is commissioned from them; B and C are not.
    "lead_reviewer": expect(
        reviews={"A"}, findings={"A1", "A2", "A3"}, recommendations={"A1", "A2", "A3", "A4"}
    ),
    # Recommendation A1 is addressed to CSC; A3 is to the partnership in a review CSC reads.
    "csc_lead": expect(reviews={"A"}, findings={"A1"}, recommendations={"A1", "A3"}),
    "csc_owner": expect(reviews={"A"}, findings={"A1"}, recommendations={"A1", "A3"}),
    # A: recommendation A2 is addressed to police. B: police has an action plan there.
    "police_lead": expect(reviews={"A", "B"}, findings={"A2", "B1"}, recommendations={"A2", "A3", "B2"}),
    "outsider": expect(reviews={"S"}, findings={"S1"}, recommendations={"S1", "S2"}),
    "no_roles": NOTHING,
}


def test_every_persona_has_an_expectation(world):
    assert set(EXPECTED) == set(world.people)


@pytest.mark.parametrize("persona", EXPECTED)
def test_what_each_persona_sees(world, persona):
    assert visible(world, getattr(world, persona)) == EXPECTED[persona]


def _inactive(world, persona):
    user = getattr(world, persona)
    user.is_active = False
    user.save()
    return user


@pytest.mark.parametrize(
    "who",
    [
        pytest.param(lambda world: AnonymousUser(), id="anonymous"),
        pytest.param(lambda world: None, id="no-user"),
        pytest.param(lambda world: _inactive(world, "panel_chair"), id="inactive-panel-chair"),
        pytest.param(lambda world: _inactive(world, "csc_lead"), id="inactive-agency-lead"),
        pytest.param(lambda world: _inactive(world, "superuser"), id="inactive-superuser"),
    ],
)
def test_nobody_without_an_active_account_sees_anything(world, who):
    assert visible(world, who(world)) == NOTHING


@pytest.mark.parametrize("model", [Review, Finding, Recommendation], ids=lambda m: m.__name__)
def test_visible_to_is_one_query_and_chainable(world, model, django_assert_num_queries):
    queryset = model.objects.visible_to(world.police_lead).filter(pk__gt=0).order_by("-pk")
    with django_assert_num_queries(1):
        rows = list(queryset)
    assert rows


class TestLeadReviewer:
    def test_loses_the_review_when_the_role_is_removed(self, world, lead_reviewer):
        assert visible_ids(Review.objects.visible_to(lead_reviewer)) == {world.reviews["A"].pk}

        Membership.objects.filter(user=lead_reviewer, role=Role.LEAD_REVIEWER).delete()

        assert not Review.objects.visible_to(lead_reviewer).exists()
        assert not Finding.objects.visible_to(lead_reviewer).exists()
        assert not Recommendation.objects.visible_to(lead_reviewer).exists()

    def test_sees_nothing_of_a_review_commissioned_in_a_partnership_where_they_hold_no_role(
        self, world, lead_reviewer
    ):
        elsewhere = ReviewFactory(partnership=world.south, lead_reviewer=lead_reviewer)
        FindingFactory(review=elsewhere)

        assert elsewhere.pk not in visible_ids(Review.objects.visible_to(lead_reviewer))
        assert not Finding.objects.visible_to(lead_reviewer).filter(review=elsewhere).exists()

    def test_a_second_commission_opens_that_review_too(self, world, lead_reviewer):
        world.reviews["C"].lead_reviewer = lead_reviewer
        world.reviews["C"].save()

        assert visible_ids(Review.objects.visible_to(lead_reviewer)) == ids_of(world.reviews, {"A", "C"})
        assert visible_ids(Finding.objects.visible_to(lead_reviewer)) == ids_of(
            world.findings, {"A1", "A2", "A3", "C1"}
        )


class TestAgencyUsers:
    def test_removing_the_only_address_closes_the_review(self, world, police_lead):
        world.recommendations["A2"].agencies.clear()

        assert visible_ids(Review.objects.visible_to(police_lead)) == {world.reviews["B"].pk}
        # The partnership-wide recommendation A3 goes with review A.
        assert visible_ids(Recommendation.objects.visible_to(police_lead)) == {world.recommendations["B2"].pk}

    def test_a_recommendation_to_several_agencies_is_seen_once_by_each(self, world, csc_lead, police_lead):
        shared = RecommendationFactory(
            review=world.reviews["A"],
            agencies=[world.agencies["north_csc"], world.agencies["north_police"]],
        )

        for user in (csc_lead, police_lead):
            assert shared.pk in visible_ids(Recommendation.objects.visible_to(user))

    def test_a_finding_about_two_agencies_is_seen_once_by_each(self, world, csc_lead, police_lead):
        world.findings["A3"].agencies.add(world.agencies["north_csc"], world.agencies["north_police"])

        assert visible_ids(Finding.objects.visible_to(csc_lead)) == ids_of(world.findings, {"A1", "A3"})
        assert visible_ids(Finding.objects.visible_to(police_lead)) == ids_of(
            world.findings, {"A2", "A3", "B1"}
        )

    def test_other_agencies_recommendations_stay_hidden_in_a_review_they_read(self, world, csc_lead):
        hidden = {world.recommendations[name].pk for name in ("A2", "A4")}

        assert world.reviews["A"] in Review.objects.visible_to(csc_lead)
        assert not hidden & visible_ids(Recommendation.objects.visible_to(csc_lead))

    # The m2m guards (reviews/signals.py) refuse links to another partnership's agency; these rows are
    # written around them, as a bulk import or a raw fix might, to show the queries do not rely on them.

    def test_a_stray_address_to_another_partnerships_agency_opens_nothing(self, world, csc_lead):
        stray = RecommendationFactory(review=world.reviews["S"])
        Recommendation.agencies.through.objects.create(
            recommendation=stray, agency=world.agencies["north_csc"]
        )

        assert visible(world, csc_lead) == EXPECTED["csc_lead"]
        assert stray.pk not in visible_ids(Recommendation.objects.visible_to(csc_lead))

    def test_a_stray_finding_about_another_partnerships_agency_stays_hidden(self, world, csc_lead):
        Finding.agencies.through.objects.create(
            finding=world.findings["S1"], agency=world.agencies["north_csc"]
        )

        assert visible(world, csc_lead) == EXPECTED["csc_lead"]


def test_roles_in_two_partnerships_add_up(world, csc_lead):
    MembershipFactory(user=csc_lead, partnership=world.south, role=Role.BOARD_MEMBER)

    assert visible_ids(Review.objects.visible_to(csc_lead)) == ids_of(world.reviews, {"A", "S"})
    assert visible_ids(Recommendation.objects.visible_to(csc_lead)) == ids_of(
        world.recommendations, {"A1", "A3", "S1", "S2"}
    )


def test_superuser_sees_rows_of_a_partnership_nobody_belongs_to(world, superuser):
    stray = ReviewFactory()

    assert stray.pk in visible_ids(Review.objects.visible_to(superuser))
    assert stray.pk not in visible_ids(Review.objects.visible_to(world.panel_chair))


class TestLearningBriefRecords:
    """Stage changes and briefs follow their review; dissemination records are per agency."""

    def test_brief_and_stage_changes_follow_the_review(self, world, csc_lead, outsider, board_member):
        review_a = world.reviews["A"]

        for model in (LearningBrief, StageChange):
            assert set(model.objects.visible_to(csc_lead).values_list("review", flat=True)) == {review_a.pk}
            assert set(model.objects.visible_to(board_member).values_list("review", flat=True)) == {
                review_a.pk
            }
            assert not model.objects.visible_to(outsider).exists()
            assert not model.objects.changeable_by(board_member).exists()

    def test_whole_review_readers_see_every_agency_record_once(self, world, panel_chair, board_member):
        # North CSC has two members (its lead and an action owner): still one row per record.
        records = Dissemination.objects.filter(review=world.reviews["A"])

        assert visible_ids(Dissemination.objects.visible_to(panel_chair)) == set(
            records.values_list("pk", flat=True)
        )
        assert visible_ids(Dissemination.objects.visible_to(board_member)) == set(
            records.values_list("pk", flat=True)
        )
        assert not Dissemination.objects.changeable_by(board_member).exists()

    def test_agency_staff_see_and_record_only_their_own_agency(self, world, csc_lead, police_lead):
        csc_record = Dissemination.objects.get(agency=world.agencies["north_csc"])

        assert visible_ids(Dissemination.objects.visible_to(csc_lead)) == {csc_record.pk}
        assert visible_ids(Dissemination.objects.changeable_by(csc_lead)) == {csc_record.pk}
        assert csc_record.pk not in visible_ids(Dissemination.objects.visible_to(police_lead))
