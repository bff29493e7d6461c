"""Factories for every model. Each one saves only rows that pass `full_clean()`.

Dates are fixed, so a test never depends on the day it runs. Agency and review must belong to the
same partnership wherever both appear: pass the review (or the agency) and the other follows it.
"""

import datetime

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from actions.models import (
    Action,
    ActionImport,
    ActionPlan,
    Evidence,
    EvidencePurpose,
    ImportState,
    Milestone,
    Notification,
    ProgressUpdate,
    Rag,
    Reminder,
    ReminderKind,
    ReminderState,
    Status,
    TargetDateChange,
    Verification,
    VerificationOutcome,
)
from agencies.models import AGENCY_ROLES, Agency, AgencyKind, Membership, Nation, Partnership, Role, User
from reviews.models import (
    AgeBand,
    BriefUse,
    CaseCoding,
    ChildProtectionPlan,
    Decision,
    Dissemination,
    Ethnicity,
    Finding,
    FindingKind,
    Gender,
    HarmCategory,
    LearningBrief,
    LivingSituation,
    Methodology,
    Nature,
    Recommendation,
    Response,
    Review,
    ReviewKind,
    SocialCareInvolvement,
    Stage,
    StageChange,
    Theme,
    YesNoUnknown,
)

TEST_PASSWORD = "correct-horse-battery-staple"


def pseudonym(n: int) -> str:
    """'Child AA', 'Child AB', ...: two letters that stand for nobody."""
    return "Child " + chr(65 + (n // 26) % 26) + chr(65 + n % 26)


def next_number(parent, related_name: str) -> int:
    """The next number in a parent's own numbering (1 for an unsaved parent)."""
    if parent.pk is None:
        return 1
    return getattr(parent, related_name).count() + 1


class ValidatedModelFactory(DjangoModelFactory):
    """Saves through `full_clean()` so a factory can never produce a row the app would refuse."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if cls._meta.django_get_or_create:
            return super()._create(model_class, *args, **kwargs)
        instance = model_class(*args, **kwargs)
        instance.full_clean()
        instance.save()
        return instance


def _set_many(relation_name: str):
    """A post-generation hook that fills a many-to-many relation from a list passed to the factory."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, relation_name).set(extracted)

    return factory.PostGeneration(hook)


# --- agencies --------------------------------------------------------------------------------------


class PartnershipFactory(ValidatedModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Shire {n} Safeguarding Children Partnership")
    slug = factory.LazyAttribute(lambda o: slugify(o.name)[:80])
    nation = Nation.ENGLAND


class AgencyFactory(ValidatedModelFactory):
    class Meta:
        model = Agency

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")
    short_name = ""
    kind = AgencyKind.OTHER


class UserFactory(ValidatedModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Test{n}")
    last_name = "Person"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(TEST_PASSWORD)


class MembershipFactory(ValidatedModelFactory):
    """For an agency role pass `agency`: the partnership follows it. For other roles pass `partnership`."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.PANEL_MEMBER
    agency = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in AGENCY_ROLES),
        yes_declaration=factory.SubFactory(AgencyFactory),
        no_declaration=None,
    )
    partnership = factory.LazyAttribute(
        lambda o: o.agency.partnership if o.agency is not None else PartnershipFactory()
    )


# --- reviews ---------------------------------------------------------------------------------------


class ReviewFactory(ValidatedModelFactory):
    """An LCSPR at evidence gathering, every statutory date so far recorded and in order."""

    class Meta:
        model = Review

    partnership = factory.SubFactory(PartnershipFactory)
    reference = factory.Sequence(lambda n: f"LCSPR-2024-{n:03d}")
    kind = ReviewKind.LCSPR
    methodology = Methodology.LEARNING_TOGETHER
    pseudonym = factory.Sequence(pseudonym)
    title = factory.LazyAttribute(lambda o: f"Neglect of a young child ({o.pseudonym})")
    background = "A child under five was admitted to hospital with injuries consistent with neglect."
    status = Stage.EVIDENCE
    lead_reviewer = None
    incident_on = datetime.date(2024, 1, 8)
    aware_on = datetime.date(2024, 1, 10)
    notified_on = datetime.date(2024, 1, 15)
    rapid_review_sent_on = datetime.date(2024, 2, 2)
    decision = Decision.LCSPR
    decision_on = datetime.date(2024, 2, 9)
    decision_rationale = "The rapid review found learning about multi-agency working with neglect."
    panel_informed_on = datetime.date(2024, 2, 12)
    commissioned_on = datetime.date(2024, 3, 1)

    class Params:
        # A rapid review still under way: notified, nothing decided yet.
        rapid = factory.Trait(
            kind=ReviewKind.RAPID_REVIEW,
            reference=factory.Sequence(lambda n: f"RR-2024-{n:03d}"),
            methodology="",
            status=Stage.RAPID_REVIEW,
            rapid_review_sent_on=None,
            decision="",
            decision_on=None,
            decision_rationale="",
            panel_informed_on=None,
            commissioned_on=None,
        )
        # Only what every review has: no dates and no decision, for tests that set dates one by one.
        undated = factory.Trait(
            status=Stage.NOTIFIED,
            incident_on=None,
            aware_on=None,
            notified_on=None,
            rapid_review_sent_on=None,
            decision="",
            decision_on=None,
            decision_rationale="",
            panel_informed_on=None,
            commissioned_on=None,
        )


class CaseCodingFactory(ValidatedModelFactory):
    """A toddler's coding: characteristics counted only from age 6 stay unticked."""

    class Meta:
        model = CaseCoding

    review = factory.SubFactory(ReviewFactory)
    nature = Nature.SERIOUS_HARM
    harm_category = HarmCategory.NEGLECT
    age_band = AgeBand.AGE_1_5
    gender = Gender.GIRL
    ethnicity = Ethnicity.WHITE
    disability = YesNoUnknown.NO
    living_situation = LivingSituation.HOME
    social_care_involvement = SocialCareInvolvement.PREVIOUS
    child_protection_plan = ChildProtectionPlan.PAST
    parent_mental_health = True
    family_domestic_abuse = True
    family_poverty = True


class ThemeFactory(DjangoModelFactory):
    """Themes are seeded by a migration: asking for a seeded slug returns the seeded row."""

    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = "neglect"
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())


class FindingFactory(ValidatedModelFactory):
    class Meta:
        model = Finding
        skip_postgeneration_save = True

    review = factory.SubFactory(ReviewFactory)
    number = factory.LazyAttribute(lambda o: next_number(o.review, "findings"))
    kind = FindingKind.LEARNING
    title = "Information held by one agency did not reach the others"
    text = "Practitioners held pieces of the picture; nobody brought them together."
    themes = _set_many("themes")
    agencies = _set_many("agencies")


class StageChangeFactory(ValidatedModelFactory):
    """Evidence gathering began once the review was commissioned."""

    class Meta:
        model = StageChange

    review = factory.SubFactory(ReviewFactory)
    from_stage = Stage.SCOPING
    to_stage = Stage.EVIDENCE
    changed_on = datetime.date(2024, 3, 4)
    changed_by = factory.SubFactory("tests.factories.UserFactory")


class LearningBriefFactory(ValidatedModelFactory):
    class Meta:
        model = LearningBrief

    review = factory.SubFactory(ReviewFactory)
    why_it_matters = "Neglect builds up slowly; no single contact shows the whole picture."
    reflective_questions = "How do you bring together what each agency knows?\nWho holds the chronology?"
    partnership_response = "A multi-agency neglect toolkit and training for all front-line staff."
    issued_on = datetime.date(2024, 9, 2)


class DisseminationFactory(ValidatedModelFactory):
    """An agency of the review's partnership received the brief and used it at a team meeting."""

    class Meta:
        model = Dissemination

    review = factory.SubFactory(ReviewFactory)
    agency = factory.SubFactory(
        "tests.factories.AgencyFactory", partnership=factory.SelfAttribute("..review.partnership")
    )
    received_on = datetime.date(2024, 9, 3)
    used_how = BriefUse.TEAM_MEETING
    used_on = datetime.date(2024, 9, 17)
    reached = 12


class RecommendationFactory(ValidatedModelFactory):
    """Pass `agencies=[...]`, or `to_partnership=True`, to say whom it is addressed to."""

    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    review = factory.SubFactory(ReviewFactory)
    number = factory.LazyAttribute(lambda o: next_number(o.review, "recommendations"))
    text = "The partnership should seek assurance that neglect is assessed over time, not episode by episode."
    to_partnership = False
    response = Response.PENDING
    response_reason = ""
    responded_on = None
    agencies = _set_many("agencies")
    findings = _set_many("findings")

    class Params:
        accepted = factory.Trait(response=Response.ACCEPTED, responded_on=datetime.date(2024, 9, 2))
        not_accepted = factory.Trait(
            response=Response.NOT_ACCEPTED,
            responded_on=datetime.date(2024, 9, 2),
            response_reason="Already covered by the neglect strategy agreed in June.",
        )


# --- actions ---------------------------------------------------------------------------------------


class ActionPlanFactory(ValidatedModelFactory):
    """Pass the review; the agency defaults to a new one of the review's partnership."""

    class Meta:
        model = ActionPlan

    review = factory.SubFactory(ReviewFactory)
    agency = factory.SubFactory(AgencyFactory, partnership=factory.SelfAttribute("..review.partnership"))
    agreed_on = datetime.date(2024, 10, 1)


def agency_member(agency, role=Role.ACTION_OWNER) -> User:
    """A new person holding an agency role (action owner unless told) in `agency`."""
    return MembershipFactory(agency=agency, role=role).user


def _link_recommendations(action, create, extracted, **kwargs):
    """Link the given recommendations, or else one new recommendation addressed to the plan's agency."""
    if not create:
        return
    if extracted is None:
        extracted = [RecommendationFactory(review=action.plan.review, agencies=[action.plan.agency])]
    action.recommendations.set(extracted)


class ActionFactory(ValidatedModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.LazyAttribute(lambda o: str(next_number(o.plan, "actions")))
    description = (
        "Audit 20 neglect assessments a quarter for use of the graded care profile and report to the panel."
    )
    success_measure = "At least 80% of audited assessments use the graded care profile."
    owner = None
    accountable_officer = None
    target_date = datetime.date(2025, 3, 31)
    revised_target_date = None
    revision_reason = ""
    status = Status.NOT_STARTED
    verified_by = None
    verified_at = None
    recommendations = factory.PostGeneration(_link_recommendations)

    class Params:
        # Owner and accountable officer from the plan's agency, as Action.clean() requires.
        owned = factory.Trait(
            owner=factory.LazyAttribute(lambda o: agency_member(o.plan.agency, Role.ACTION_OWNER)),
            accountable_officer=factory.LazyAttribute(
                lambda o: agency_member(o.plan.agency, Role.AGENCY_LEAD)
            ),
        )
        revised = factory.Trait(
            revised_target_date=datetime.date(2025, 6, 30),
            revision_reason="The audit tool is being replaced.",
        )
        # Verified by a panel member of the review's partnership, never by the owner.
        verified = factory.Trait(
            status=Status.VERIFIED,
            verified_by=factory.LazyAttribute(
                lambda o: (
                    MembershipFactory(partnership=o.plan.review.partnership, role=Role.PANEL_MEMBER).user
                )
            ),
            verified_at=datetime.datetime(2025, 4, 2, 10, 30, tzinfo=datetime.UTC),
        )


class MilestoneFactory(ValidatedModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    description = "Audit tool agreed with the designated nurse."
    due_on = datetime.date(2024, 12, 1)
    completed_on = None


class ProgressUpdateFactory(ValidatedModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SubFactory(UserFactory)
    written_on = datetime.date(2024, 12, 15)
    narrative = "First quarterly audit done: 12 of 20 assessments used the tool."
    status = Status.IN_PROGRESS
    rag = Rag.AMBER


class TargetDateChangeFactory(ValidatedModelFactory):
    class Meta:
        model = TargetDateChange

    action = factory.SubFactory(ActionFactory, revised=True)
    previous_date = factory.LazyAttribute(lambda o: o.action.target_date)
    new_date = factory.LazyAttribute(lambda o: o.action.revised_target_date)
    reason = "The audit tool is being replaced."
    changed_by = factory.SubFactory(UserFactory)
    changed_at = datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC)


class VerificationFactory(ValidatedModelFactory):
    class Meta:
        model = Verification

    action = factory.SubFactory(ActionFactory, owned=True, verified=True)
    decision = VerificationOutcome.VERIFIED
    reason = ""
    decided_by = factory.LazyAttribute(lambda o: o.action.verified_by)
    decided_at = factory.LazyAttribute(lambda o: o.action.verified_at)


class ActionImportFactory(DjangoModelFactory):
    """A failed import: one that reads a stored file is made by uploading one."""

    class Meta:
        model = ActionImport

    review = factory.SubFactory(ReviewFactory)
    uploaded_by = factory.SubFactory(UserFactory)
    agency = None
    file = "imports/0123456789abcdef.xlsx"
    original_filename = "Action plan.xlsx"
    state = ImportState.FAILED
    problem = "The selected file must be an Excel workbook (.xlsx) or a CSV file."


class ReminderFactory(ValidatedModelFactory):
    class Meta:
        model = Reminder

    action = factory.SubFactory(ActionFactory, owned=True)
    kind = ReminderKind.OVERDUE
    subject = factory.LazyAttribute(lambda o: f"action:{o.action.pk}")
    due_on = datetime.date(2025, 4, 1)
    recipient = factory.LazyAttribute(lambda o: o.action.owner)
    partnership = factory.LazyAttribute(lambda o: o.action.plan.review.partnership)
    state = ReminderState.PENDING


class NotificationFactory(ValidatedModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    reminder = None
    title = "Action 1 of Agency 0 is overdue"
    body = "It was due on 31 March 2025."
    url = "/actions/1/"


class EvidenceFactory(ValidatedModelFactory):
    """A link, never a file: tests that need a stored file upload one themselves."""

    class Meta:
        model = Evidence

    action = factory.SubFactory(ActionFactory)
    purpose = EvidencePurpose.COMPLETION
    title = factory.Sequence(lambda n: f"Audit report {n}")
    description = ""
    link = factory.Sequence(lambda n: f"https://example.org/evidence/{n}")
    recheck_on = None
    added_by = factory.SubFactory(UserFactory)

    class Params:
        impact = factory.Trait(
            purpose=EvidencePurpose.IMPACT,
            description="Re-audit of 20 assessments six months on.",
            recheck_on=datetime.date(2025, 10, 1),
        )
