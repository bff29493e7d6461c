"""Action plans, actions and evidence: constraints, clean() rules and history.

Each constraint case starts from a valid saved row and changes some fields. The database must refuse
the change when it arrives by `QuerySet.update()` (no model validation on that path), and
`full_clean()` must refuse it with the constraint's own message and nothing else.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from actions.models import Action, ActionPlan, Evidence, EvidencePurpose, Rag, Status, VerificationOutcome
from agencies.models import Role

from ..factories import (
    ActionFactory,
    ActionPlanFactory,
    AgencyFactory,
    EvidenceFactory,
    MembershipFactory,
    ReviewFactory,
    TargetDateChangeFactory,
    UserFactory,
    VerificationFactory,
    agency_member,
)

pytestmark = pytest.mark.django_db

VERIFIED_AT = datetime.datetime(2025, 4, 2, 10, 30, tzinfo=datetime.UTC)


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


def second_plan():
    """A review with plans from two agencies; the change gives the second plan to the first agency."""
    first = ActionPlanFactory()
    return ActionPlanFactory(review=first.review)


def first_plans_agency(plan):
    return {"agency": ActionPlan.objects.exclude(pk=plan.pk).get(review=plan.review).agency}


def second_action():
    first = ActionFactory(number="1.1")
    return ActionFactory(plan=first.plan, number="1.2")


def owned_action():
    return ActionFactory(owned=True, status=Status.AWAITING_VERIFICATION)


def verified_by_a_user(**extra):
    return lambda action: {"verified_by": UserFactory(), **extra}


def verified_by_its_owner(action):
    return {"status": Status.VERIFIED, "verified_by": action.owner, "verified_at": VERIFIED_AT}


def evidence():
    return EvidenceFactory()


def verified_by_who_completed_it(action):
    completer = UserFactory()
    Action.objects.filter(pk=action.pk).update(completed_by=completer)
    action.completed_by = completer
    return {"status": Status.VERIFIED, "verified_by": completer, "verified_at": VERIFIED_AT}


VERIFIED_MESSAGE = "A verified action records who verified it and when, and only then."
FILE_OR_LINK_MESSAGE = "Attach a file or give a link (one, not both)."

CASES = [
    pytest.param(
        second_plan,
        "action_plan_one_per_agency_per_review",
        first_plans_agency,
        "This agency already has an action plan for this review.",
        id="action_plan_one_per_agency_per_review",
    ),
    pytest.param(
        second_action,
        "action_unique_number_per_plan",
        {"number": "1.1"},
        "This action plan already has an action with this number.",
        id="action_unique_number_per_plan",
    ),
    pytest.param(
        owned_action,
        "action_revised_date_has_reason",
        {"revised_target_date": datetime.date(2025, 6, 30)},
        "Give the reason for revising the target date.",
        id="action_revised_date_has_reason",
    ),
    pytest.param(
        owned_action,
        "action_verified_by_someone",
        {"status": Status.VERIFIED},
        VERIFIED_MESSAGE,
        id="action-verified-by-nobody",
    ),
    pytest.param(
        owned_action,
        "action_verified_by_someone",
        verified_by_a_user(status=Status.VERIFIED),
        VERIFIED_MESSAGE,
        id="action-verified-without-a-time",
    ),
    pytest.param(
        owned_action,
        "action_verified_by_someone",
        {"status": Status.VERIFIED, "verified_at": VERIFIED_AT},
        VERIFIED_MESSAGE,
        id="action-verified-at-a-time-by-nobody",
    ),
    pytest.param(
        owned_action,
        "action_verified_by_someone",
        verified_by_a_user(verified_at=VERIFIED_AT),
        VERIFIED_MESSAGE,
        id="action-verifier-recorded-but-not-verified",
    ),
    pytest.param(
        owned_action,
        "action_not_verified_by_owner",
        verified_by_its_owner,
        "Nobody can verify their own action.",
        id="action_not_verified_by_owner",
    ),
    pytest.param(
        owned_action,
        "action_not_verified_by_completer",
        verified_by_who_completed_it,
        "Someone other than the person who marked it complete verifies it.",
        id="action_not_verified_by_completer",
    ),
    pytest.param(
        owned_action,
        "action_rag_override_has_reason",
        {"rag_override": Rag.RED},
        "Give the reason for a RAG rating other than the computed one.",
        id="action_rag_override_has_reason",
    ),
    pytest.param(
        TargetDateChangeFactory,
        "target_date_change_changes_the_date",
        lambda change: {"new_date": change.previous_date},
        "The new date must differ from the current one.",
        id="target_date_change_changes_the_date",
    ),
    pytest.param(
        VerificationFactory,
        "verification_return_has_reason",
        {"decision": VerificationOutcome.RETURNED},
        "Say what the agency must do before the action can be verified.",
        id="verification_return_has_reason",
    ),
    pytest.param(
        evidence,
        "evidence_file_or_link",
        {"link": ""},
        FILE_OR_LINK_MESSAGE,
        id="evidence-neither-file-nor-link",
    ),
    pytest.param(
        evidence,
        "evidence_file_or_link",
        {"file": "evidence/0123456789abcdef.pdf"},
        FILE_OR_LINK_MESSAGE,
        id="evidence-both-file-and-link",
    ),
    pytest.param(
        evidence,
        "evidence_impact_has_recheck",
        {"purpose": EvidencePurpose.IMPACT},
        "Evidence of impact needs a date to re-check it.",
        id="evidence_impact_has_recheck",
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
    for model in (ActionPlan, Action, Evidence):
        assert {constraint.name for constraint in model._meta.constraints} <= tested, model


def test_action_plan_refuses_an_agency_of_another_partnership():
    plan = ActionPlanFactory.build(review=ReviewFactory(), agency=AgencyFactory())

    with pytest.raises(ValidationError) as invalid:
        plan.full_clean()

    assert invalid.value.message_dict == {"agency": ["Choose an agency of the review's partnership."]}


def test_a_revised_date_must_differ_from_the_target_date():
    action = ActionFactory(target_date=datetime.date(2025, 3, 31))
    action.revised_target_date = datetime.date(2025, 3, 31)
    action.revision_reason = "Staff shortages in the audit team."

    with pytest.raises(ValidationError) as invalid:
        action.full_clean()

    assert invalid.value.message_dict == {
        "revised_target_date": ["A revised date must differ from the target date."]
    }


def _no_role(plan):
    return UserFactory()


def _other_agency_of_the_partnership(plan):
    return agency_member(AgencyFactory(partnership=plan.review.partnership))


def _panel_member(plan):
    return MembershipFactory(partnership=plan.review.partnership, role=Role.PANEL_MEMBER).user


@pytest.mark.parametrize("field", ["owner", "accountable_officer"])
@pytest.mark.parametrize("person", [_no_role, _other_agency_of_the_partnership, _panel_member])
def test_owner_and_accountable_officer_come_from_the_plans_agency(field, person):
    action = ActionFactory()
    setattr(action, field, person(action.plan))

    with pytest.raises(ValidationError) as invalid:
        action.full_clean()

    assert invalid.value.message_dict == {field: [f"Choose someone from {action.plan.agency}."]}


@pytest.mark.parametrize("role", [Role.ACTION_OWNER, Role.AGENCY_LEAD])
def test_any_agency_role_may_own_or_account_for_an_action(role):
    action = ActionFactory()
    action.owner = agency_member(action.plan.agency, role)
    action.accountable_officer = agency_member(action.plan.agency, role)

    action.full_clean()


class TestWhatIsAllowed:
    def test_a_verified_action_records_who_and_when(self):
        action = ActionFactory(owned=True, verified=True)

        assert action.status == Status.VERIFIED
        assert action.verified_by not in (None, action.owner)
        assert action.verified_at is not None

    def test_a_revised_date_with_its_reason_becomes_the_due_date(self):
        action = ActionFactory(target_date=datetime.date(2025, 3, 31), revised=True)

        assert action.due_date == action.revised_target_date == datetime.date(2025, 6, 30)

    def test_without_a_revision_the_target_date_is_due(self):
        action = ActionFactory(target_date=datetime.date(2025, 3, 31))

        assert action.due_date == datetime.date(2025, 3, 31)

    def test_impact_evidence_with_a_recheck_date(self):
        evidence = EvidenceFactory(impact=True)

        assert evidence.recheck_on is not None

    def test_completion_evidence_needs_no_recheck_date(self):
        assert EvidenceFactory(purpose=EvidencePurpose.COMPLETION, recheck_on=None).pk

    def test_two_agencies_may_each_plan_for_one_review(self):
        first = ActionPlanFactory()

        ActionPlanFactory(review=first.review)

        assert first.review.action_plans.count() == 2

    def test_action_numbers_restart_in_each_plan(self):
        ActionFactory(number="1")
        ActionFactory(number="1")

        assert Action.objects.filter(number="1").count() == 2


class TestHistory:
    def test_revising_an_action_keeps_the_original_date_and_status(self):
        action = ActionFactory(target_date=datetime.date(2025, 3, 31), status=Status.IN_PROGRESS)
        recorded = action.history.count()

        action.revised_target_date = datetime.date(2025, 6, 30)
        action.revision_reason = "The audit tool is being replaced."
        action.rag_override = Rag.AMBER
        action.rag_override_reason = "The audit tool is late."
        action.save()

        assert action.history.count() == recorded + 1
        before = action.history.all()[1]
        assert (before.revised_target_date, before.revision_reason, before.rag_override) == (None, "", "")
        assert action.history.as_of(before.history_date).revised_target_date is None
        assert action.history.latest().revised_target_date == datetime.date(2025, 6, 30)

    def test_the_first_record_is_the_creation(self):
        action = ActionFactory(status=Status.NOT_STARTED)

        action.status = Status.IN_PROGRESS
        action.save()

        first = action.history.earliest()
        assert (first.history_type, first.status) == ("+", Status.NOT_STARTED)

    def test_relinking_recommendations_is_recorded(self):
        action = ActionFactory()
        original = set(action.recommendations.all())
        recorded = action.history.count()
        extra = ActionFactory(plan=action.plan).recommendations.get()

        action.recommendations.add(extra)

        assert action.history.count() == recorded + 1
        latest, before = action.history.all()[:2]
        assert {row.recommendation for row in before.recommendations.all()} == original
        assert {row.recommendation for row in latest.recommendations.all()} == original | {extra}
