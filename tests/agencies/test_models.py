"""Partnerships, agencies and memberships: every constraint, in the database and in `full_clean()`.

Each case starts from a valid saved row and changes some fields. The database must refuse the change
when it arrives by `QuerySet.update()` (no model validation on that path), and `full_clean()` must
refuse it with the constraint's own message and nothing else.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from agencies.models import Agency, Membership, Partnership, Role

from ..factories import AgencyFactory, MembershipFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def assert_database_refuses(obj, constraint, values):
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        type(obj).objects.filter(pk=obj.pk).update(**values)
    if constraint and not (
        connection.vendor == "sqlite" and "UNIQUE constraint failed" in str(refused.value)
    ):
        # PostgreSQL names every constraint; SQLite names check constraints but lists columns for unique ones.
        assert constraint in str(refused.value)


def assert_full_clean_says(obj, values, message):
    for name, value in values.items():
        setattr(obj, name, value)
    with pytest.raises(ValidationError) as invalid:
        obj.full_clean()
    assert invalid.value.messages == [message]


# --- the rows each case starts from -------------------------------------------------------------------


def second_partnership():
    PartnershipFactory(name="Northshire Safeguarding Children Partnership", slug="northshire")
    return PartnershipFactory(name="Southvale Safeguarding Children Partnership", slug="southvale")


def second_agency():
    partnership = PartnershipFactory()
    AgencyFactory(partnership=partnership, name="Northshire Police")
    return AgencyFactory(partnership=partnership, name="Northshire Integrated Care Board")


def agency_lead():
    return MembershipFactory(role=Role.AGENCY_LEAD)


def action_owner():
    return MembershipFactory(role=Role.ACTION_OWNER)


def panel_chair():
    return MembershipFactory(role=Role.PANEL_CHAIR)


def lead_reviewer():
    return MembershipFactory(role=Role.LEAD_REVIEWER)


def second_partnership_role():
    """The same person is panel chair, and here panel member, of one partnership."""
    chair = MembershipFactory(role=Role.PANEL_CHAIR)
    return MembershipFactory(user=chair.user, partnership=chair.partnership, role=Role.PANEL_MEMBER)


def second_agency_role():
    """The same person leads the agency, and here also owns actions in it."""
    lead = MembershipFactory(role=Role.AGENCY_LEAD)
    return MembershipFactory(user=lead.user, agency=lead.agency, role=Role.ACTION_OWNER)


def an_agency_of(membership):
    return {"agency": AgencyFactory(partnership=membership.partnership)}


AGENCY_ROLE_MESSAGE = "Agency leads and action owners must name their agency; other roles must not."

CASES = [
    pytest.param(
        second_partnership,
        None,
        {"name": "Northshire Safeguarding Children Partnership"},
        "Partnership with this Name already exists.",
        id="partnership-name-unique",
    ),
    pytest.param(
        second_partnership,
        None,
        {"slug": "northshire"},
        "Partnership with this Slug already exists.",
        id="partnership-slug-unique",
    ),
    pytest.param(
        second_agency,
        "agency_unique_name_per_partnership",
        {"name": "Northshire Police"},
        "This partnership already has an agency with this name.",
        id="agency_unique_name_per_partnership",
    ),
    pytest.param(
        agency_lead,
        "membership_agency_only_for_agency_roles",
        {"agency": None},
        AGENCY_ROLE_MESSAGE,
        id="membership-agency-lead-without-agency",
    ),
    pytest.param(
        action_owner,
        "membership_agency_only_for_agency_roles",
        {"agency": None},
        AGENCY_ROLE_MESSAGE,
        id="membership-action-owner-without-agency",
    ),
    pytest.param(
        panel_chair,
        "membership_agency_only_for_agency_roles",
        an_agency_of,
        AGENCY_ROLE_MESSAGE,
        id="membership-panel-chair-with-agency",
    ),
    pytest.param(
        lead_reviewer,
        "membership_agency_only_for_agency_roles",
        an_agency_of,
        AGENCY_ROLE_MESSAGE,
        id="membership-lead-reviewer-with-agency",
    ),
    pytest.param(
        second_partnership_role,
        "membership_unique_partnership_role",
        {"role": Role.PANEL_CHAIR},
        "This person already holds this role in the partnership.",
        id="membership_unique_partnership_role",
    ),
    pytest.param(
        second_agency_role,
        "membership_unique_agency_role",
        {"role": Role.AGENCY_LEAD},
        "This person already holds this role in the agency.",
        id="membership_unique_agency_role",
    ),
]


@pytest.mark.parametrize("make, constraint, values, message", CASES)
def test_database_refuses(make, constraint, values, message):
    obj = make()
    assert_database_refuses(obj, constraint, values(obj) if callable(values) else values)


@pytest.mark.parametrize("make, constraint, values, message", CASES)
def test_full_clean_explains(make, constraint, values, message):
    obj = make()
    assert_full_clean_says(obj, values(obj) if callable(values) else values, message)


def test_every_constraint_has_a_case():
    tested = {param.values[1] for param in CASES}
    for model in (Partnership, Agency, Membership):
        assert {constraint.name for constraint in model._meta.constraints} <= tested, model


class TestWhatIsAllowed:
    """The constraints are scoped: the same name or role elsewhere is fine."""

    def test_two_partnerships_may_each_have_an_agency_of_the_same_name(self):
        first, second = PartnershipFactory(), PartnershipFactory()
        AgencyFactory(partnership=first, name="Police")

        AgencyFactory(partnership=second, name="Police")  # saved through full_clean()

        assert Agency.objects.filter(name="Police").count() == 2

    def test_a_person_may_hold_the_same_role_in_two_partnerships(self):
        chair = MembershipFactory(role=Role.PANEL_CHAIR)

        MembershipFactory(user=chair.user, partnership=PartnershipFactory(), role=Role.PANEL_CHAIR)

        assert chair.user.memberships.count() == 2

    def test_a_person_may_lead_two_agencies(self):
        lead = MembershipFactory(role=Role.AGENCY_LEAD)
        other_agency = AgencyFactory(partnership=lead.partnership)

        MembershipFactory(user=lead.user, agency=other_agency, role=Role.AGENCY_LEAD)

        assert lead.user.memberships.filter(role=Role.AGENCY_LEAD).count() == 2

    def test_a_person_may_hold_several_roles_in_one_partnership(self):
        chair = MembershipFactory(role=Role.PANEL_CHAIR)

        MembershipFactory(user=chair.user, partnership=chair.partnership, role=Role.BOARD_MEMBER)

        assert set(chair.user.memberships.values_list("role", flat=True)) == {
            Role.PANEL_CHAIR,
            Role.BOARD_MEMBER,
        }


def test_membership_refuses_an_agency_of_another_partnership():
    home, elsewhere = PartnershipFactory(), PartnershipFactory()
    membership = Membership(
        user=UserFactory(),
        partnership=home,
        role=Role.AGENCY_LEAD,
        agency=AgencyFactory(partnership=elsewhere),
    )

    with pytest.raises(ValidationError) as invalid:
        membership.full_clean()

    assert invalid.value.message_dict == {"agency": ["Choose an agency of the same partnership."]}


def test_membership_history_keeps_a_removed_role():
    membership = MembershipFactory(role=Role.PANEL_MEMBER)
    user, partnership = membership.user, membership.partnership

    membership.delete()

    removed = Membership.history.filter(user=user, partnership=partnership)
    assert [record.history_type for record in removed.order_by("history_date")] == ["+", "-"]
    assert removed.latest().role == Role.PANEL_MEMBER
