"""The permission service: roles take effect at once, writes keep grants in step, deletes leave no orphans."""

import pytest
from django.contrib.auth.models import Group
from guardian.models import GroupObjectPermission, UserObjectPermission

from actions.models import Action, ActionPlan, Evidence
from agencies.models import Agency, Membership, Partnership, Role
from agencies.permissions import review_permissions_sync
from reviews.models import Finding, Recommendation, Review
from tests.factories import (
    AgencyFactory,
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SCOPED_MODELS = (Review, Finding, Recommendation, ActionPlan, Action)


def references_seen_by(user) -> set[str]:
    return set(Review.objects.visible_to(user).values_list("reference", flat=True))


def permission_rows() -> int:
    return sum(
        model.group_permissions.field.model.objects.count()
        + model.user_permissions.field.model.objects.count()
        for model in SCOPED_MODELS
    )


def assert_no_orphans():
    """Nothing of guardian's generic tables is used, and every group belongs to a partnership or agency."""
    assert not UserObjectPermission.objects.exists()
    assert not GroupObjectPermission.objects.exists()
    owned = set(Agency.objects.values_list("group_id", flat=True))
    owned |= set(Partnership.objects.values_list("panel_group_id", flat=True))
    owned |= set(Partnership.objects.values_list("readers_group_id", flat=True))
    stray_groups = set(Group.objects.values_list("pk", flat=True)) - owned
    assert not stray_groups, f"groups with no partnership or agency: {sorted(stray_groups)}"


class TestRolesTakeEffectAtOnce:
    def test_joining_an_agency_opens_its_reviews(self, world):
        newcomer = UserFactory()
        assert references_seen_by(newcomer) == set()

        MembershipFactory(user=newcomer, agency=world.agencies["north_police"], role=Role.ACTION_OWNER)

        assert references_seen_by(newcomer) == {"REF-A", "REF-B"}

    def test_leaving_closes_everything(self, world, csc_lead):
        Membership.objects.filter(user=csc_lead).delete()

        assert references_seen_by(csc_lead) == set()
        assert not ActionPlan.objects.visible_to(csc_lead).exists()

    def test_moving_agency_swaps_what_is_seen(self, world, csc_owner):
        membership = Membership.objects.get(user=csc_owner)
        membership.agency = world.agencies["north_health"]
        membership.save()

        plans = set(ActionPlan.objects.visible_to(csc_owner))
        assert plans == {world.plans["B-health"]}
        assert world.plans["A-csc"] not in ActionPlan.objects.visible_to(csc_owner)

    def test_a_new_role_in_the_other_partnership_adds_only_that_partnership(self, world, board_member):
        MembershipFactory(user=board_member, partnership=world.south, role=Role.SCRUTINEER)

        assert references_seen_by(board_member) == {"REF-A", "REF-B", "REF-C", "REF-S"}


class TestWritesKeepGrantsInStep:
    def test_addressing_a_recommendation_opens_the_review_to_that_agency(self, world, police_lead):
        recommendation = RecommendationFactory(review=world.reviews["C"], agencies=[])
        assert "REF-C" not in references_seen_by(police_lead)

        recommendation.agencies.add(world.agencies["north_police"])
        assert "REF-C" in references_seen_by(police_lead)

        recommendation.agencies.remove(world.agencies["north_police"])
        assert "REF-C" not in references_seen_by(police_lead)

    def test_clearing_from_the_agency_side_closes_what_it_opened(self, world, police_lead):
        world.agencies["north_police"].recommendations.clear()

        # Review A was open to police only through recommendation A2; B stays open through its plan.
        assert references_seen_by(police_lead) == {"REF-B"}

    def test_a_partnership_wide_recommendation_reaches_agencies_that_read_the_review(
        self, world, police_lead
    ):
        visible = set(Recommendation.objects.visible_to(police_lead))

        assert world.recommendations["B2"] in visible  # to the partnership, in review B police reads
        assert (
            world.recommendations["C1"] not in visible
        )  # to the partnership, in a review police does not read

    def test_changing_the_lead_reviewer_moves_the_grant(self, world, lead_reviewer):
        review = world.reviews["A"]
        successor = UserFactory()
        MembershipFactory(user=successor, partnership=world.north, role=Role.LEAD_REVIEWER)

        review.lead_reviewer = successor
        review.save()

        assert references_seen_by(lead_reviewer) == set()
        assert references_seen_by(successor) == {"REF-A"}

    def test_sync_writes_nothing_when_nothing_changed(self, world, django_assert_max_num_queries):
        review = world.reviews["A"]
        before = permission_rows()

        review_permissions_sync(review)

        assert permission_rows() == before

    def test_who_may_change_what(self, world, csc_lead, police_lead, board_member, panel_chair):
        plan = world.plans["A-csc"]

        assert plan in ActionPlan.objects.changeable_by(csc_lead)
        assert plan not in ActionPlan.objects.changeable_by(police_lead)
        assert plan in ActionPlan.objects.visible_to(board_member)
        assert not ActionPlan.objects.changeable_by(board_member).exists()
        assert not Review.objects.changeable_by(csc_lead).exists()
        assert set(Review.objects.changeable_by(panel_chair)) == {world.reviews[n] for n in "ABC"}


class TestDeletesLeaveNoOrphans:
    def test_the_world_starts_clean(self, world):
        assert_no_orphans()
        assert permission_rows() > 0

    def test_deleting_records_one_by_one_removes_their_grants(self, world):
        world.findings["A1"].delete()
        world.recommendations["C1"].delete()
        Evidence.objects.all().delete()
        for action in Action.objects.all():
            action.delete()
        for plan in ActionPlan.objects.all():
            plan.delete()

        assert_no_orphans()
        for model in (Finding, Recommendation, ActionPlan, Action):
            rows = model.group_permissions.field.model.objects
            assert not rows.exclude(content_object__in=model.objects.all()).exists()

    def test_deleting_whole_reviews_removes_every_grant(self, world):
        Evidence.objects.all().delete()
        Action.objects.all().delete()
        ActionPlan.objects.all().delete()
        Review.objects.filter(converted_from__isnull=False).delete()
        Review.objects.all().delete()

        assert permission_rows() == 0
        assert_no_orphans()

    def test_deleting_an_agency_or_partnership_deletes_its_groups(self, world):
        agency = AgencyFactory(partnership=world.north)
        partnership = PartnershipFactory()
        assert agency.group_id and partnership.panel_group_id and partnership.readers_group_id

        agency.delete()
        partnership.delete()

        assert not Group.objects.filter(
            pk__in=[agency.group_id, partnership.panel_group_id, partnership.readers_group_id]
        ).exists()
        assert_no_orphans()

    def test_deleting_a_person_removes_their_grants(self, world, lead_reviewer):
        review = world.reviews["A"]
        review.lead_reviewer = None
        review.save()
        Membership.objects.filter(user=lead_reviewer).delete()

        lead_reviewer.delete()

        assert not Review.user_permissions.field.model.objects.exists()
        assert_no_orphans()
