"""The content of the demonstration data: one fictional partnership and a small second one.

Everything here is fictional. The reviews are adapted from published learning briefs, with every
person and place replaced: children are known only by pseudonyms and places are invented.
Dates are either fixed (reviews of past years) or relative to the day the data is loaded
(`ago`, `ahead`, `working_days_ago`), so the open work always looks current.
"""

from dataclasses import dataclass, field
from datetime import date

from actions.models import EvidencePurpose, Rag, Status
from agencies.models import AgencyKind, Role
from reviews.models import (
    AgeBand,
    ChildProtectionPlan,
    Decision,
    Ethnicity,
    FindingKind,
    Gender,
    HarmCategory,
    LivingSituation,
    Methodology,
    Nature,
    ReviewKind,
    SocialCareInvolvement,
    Stage,
    YesNoUnknown,
)
from reviews.models import Response as Reply

# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Days:
    """A date this many calendar days from the day of loading (negative: in the past)."""

    offset: int


@dataclass(frozen=True)
class WorkingDaysAgo:
    """A date this many working days (England and Wales) before the day of loading."""

    count: int


def ago(days: int) -> Days:
    return Days(-days)


def ahead(days: int) -> Days:
    return Days(days)


@dataclass(frozen=True)
class PartnershipSpec:
    slug: str
    name: str
    agencies: tuple  # of AgencySpec


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    short_name: str
    kind: str


@dataclass(frozen=True)
class UserSpec:
    username: str
    title: str  # shown as the last name: an obvious role label, never a person's name
    role: str = ""  # a Role value; empty for the platform superuser
    partnership: str = ""
    agency: str = ""
    superuser: bool = False


@dataclass(frozen=True)
class FindingSpec:
    kind: str
    title: str
    text: str
    themes: tuple = ()
    agencies: tuple = ()


@dataclass(frozen=True)
class RecommendationSpec:
    text: str
    agencies: tuple = ()
    to_partnership: bool = False
    findings: tuple = ()  # finding numbers
    response: str = Reply.ACCEPTED
    responded_on: object = None
    reason: str = ""


@dataclass(frozen=True)
class UpdateSpec:
    written_on: object
    status: str
    rag: str
    narrative: str


@dataclass(frozen=True)
class MilestoneSpec:
    description: str
    due_on: object
    completed_on: object = None


@dataclass(frozen=True)
class EvidenceSpec:
    purpose: str
    title: str
    link: str
    description: str = ""
    recheck_on: object = None


@dataclass(frozen=True)
class ActionSpec:
    number: str
    recommendations: tuple  # recommendation numbers
    description: str
    success_measure: str
    owner: str
    accountable: str
    target_date: object
    status: str
    rag: str
    revised_target_date: object = None
    revision_reason: str = ""
    verified_on: object = None
    updates: tuple = ()
    milestones: tuple = ()
    evidence: tuple = ()


@dataclass(frozen=True)
class PlanSpec:
    agency: str
    agreed_on: object
    actions: tuple


@dataclass(frozen=True)
class DisseminationSpec:
    agency: str
    received_on: object
    used_how: str = ""
    used_on: object = None
    reached: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class BriefSpec:
    why_it_matters: str
    reflective_questions: tuple
    partnership_response: str
    issued_on: object
    disseminations: tuple = ()


@dataclass(frozen=True)
class ReviewSpec:
    partnership: str
    reference: str
    kind: str
    title: str
    background: str
    status: str
    pseudonym: str = ""
    methodology: str = ""
    dates: dict = field(default_factory=dict)
    decision: str = ""
    decision_rationale: str = ""
    closure_rationale: str = ""
    lead_reviewer: str = ""
    converted_from: str = ""  # reference of the rapid review in the same partnership
    coding: dict = field(default_factory=dict)
    findings: tuple = ()
    recommendations: tuple = ()
    plans: tuple = ()


def evidence_link(path: str) -> str:
    return f"https://example.org/northbridge/{path}"


# ---------------------------------------------------------------------------
# Partnerships, agencies and users
# ---------------------------------------------------------------------------

NORTHBRIDGE = PartnershipSpec(
    slug="northbridge",
    name="Northbridge Safeguarding Children Partnership",
    agencies=(
        AgencySpec(
            "csc", "Northbridge Council Children's Social Care", "CSC", AgencyKind.CHILDRENS_SOCIAL_CARE
        ),
        AgencySpec("police", "Northbridge Constabulary", "Police", AgencyKind.POLICE),
        AgencySpec("icb", "Northbridge and Vale Integrated Care Board", "ICB", AgencyKind.HEALTH),
        AgencySpec(
            "community_health",
            "Northbridge Community Health NHS Trust",
            "Community health",
            AgencyKind.HEALTH,
        ),
        AgencySpec(
            "education",
            "Northbridge Council Education and Inclusion Service",
            "Education",
            AgencyKind.EDUCATION,
        ),
        AgencySpec("housing", "Northbridge Homes", "Housing", AgencyKind.HOUSING),
        AgencySpec(
            "probation", "Probation Service, Northbridge Delivery Unit", "Probation", AgencyKind.PROBATION
        ),
        AgencySpec("ambulance", "North Vale Ambulance Service NHS Trust", "Ambulance", AgencyKind.AMBULANCE),
        AgencySpec(
            "camhs", "Northbridge Child and Adolescent Mental Health Service", "CAMHS", AgencyKind.CAMHS
        ),
        AgencySpec(
            "voluntary", "Northbridge Family Support Network", "Family Support Network", AgencyKind.VOLUNTARY
        ),
        AgencySpec(
            "unit", "Northbridge Safeguarding Partnership Business Unit", "Business unit", AgencyKind.OTHER
        ),
    ),
)

EASTMOOR = PartnershipSpec(
    slug="eastmoor",
    name="Eastmoor Safeguarding Partnership",
    agencies=(
        AgencySpec("csc", "Eastmoor Council Children's Services", "CS", AgencyKind.CHILDRENS_SOCIAL_CARE),
        AgencySpec("police", "Eastmoor Police", "Police", AgencyKind.POLICE),
    ),
)

PARTNERSHIPS = (NORTHBRIDGE, EASTMOOR)

USERS = (
    UserSpec("admin", "Partnership Admin", Role.PARTNERSHIP_ADMIN, "northbridge"),
    UserSpec("chair", "Panel Chair", Role.PANEL_CHAIR, "northbridge"),
    UserSpec("panel", "Panel Member", Role.PANEL_MEMBER, "northbridge"),
    UserSpec("reviewer", "Lead Reviewer", Role.LEAD_REVIEWER, "northbridge"),
    UserSpec("csc.lead", "CSC Lead", Role.AGENCY_LEAD, "northbridge", "csc"),
    UserSpec("csc.owner", "CSC Action Owner", Role.ACTION_OWNER, "northbridge", "csc"),
    UserSpec("police.lead", "Police Lead", Role.AGENCY_LEAD, "northbridge", "police"),
    UserSpec("police.owner", "Police Action Owner", Role.ACTION_OWNER, "northbridge", "police"),
    UserSpec("health.lead", "ICB Lead", Role.AGENCY_LEAD, "northbridge", "icb"),
    UserSpec("education.lead", "Education Lead", Role.AGENCY_LEAD, "northbridge", "education"),
    UserSpec("camhs.lead", "CAMHS Lead", Role.AGENCY_LEAD, "northbridge", "camhs"),
    UserSpec("unit.lead", "Business Unit Lead", Role.AGENCY_LEAD, "northbridge", "unit"),
    UserSpec("board", "Board Member", Role.BOARD_MEMBER, "northbridge"),
    UserSpec("scrutineer", "Independent Scrutineer", Role.SCRUTINEER, "northbridge"),
    UserSpec("superuser", "Platform Superuser", superuser=True),
    UserSpec("eastmoor.lead", "Eastmoor Lead", Role.AGENCY_LEAD, "eastmoor", "csc"),
)

# The panel chair verifies completed actions; the chair owns none, so never verifies their own.
VERIFIER = "chair"

# ---------------------------------------------------------------------------
# Review a) legacy serious case review: Child SB
# ---------------------------------------------------------------------------

CHILD_SB = ReviewSpec(
    partnership="northbridge",
    reference="SCR-2018-02",
    kind=ReviewKind.SCR,
    methodology=Methodology.SYSTEMS,
    pseudonym="Child SB",
    title="Child SB: a teenager's death after two years out of education",
    background=(
        "Child SB was a young teenager who took his own life. In the last two years "
        "of his life he did not attend education, despite the efforts of services to "
        "address this. The early help team, his school, children's social care and "
        "the attendance service were all involved with the family, whose parents were "
        "often hostile towards professionals. The review was commissioned by the "
        "former local safeguarding children board and completed under the "
        "transitional arrangements."
    ),
    status=Stage.MONITORING,
    dates={
        "incident_on": date(2018, 10, 8),
        "aware_on": date(2018, 10, 9),
        "notified_on": date(2018, 10, 12),
        "commissioned_on": date(2018, 12, 3),
        "final_report_on": date(2020, 1, 24),
        "report_sent_on": date(2020, 2, 7),
        "published_on": date(2020, 2, 26),
    },
    coding={
        "nature": Nature.DEATH,
        "harm_category": HarmCategory.SUICIDE,
        "age_band": AgeBand.AGE_11_15,
        "gender": Gender.BOY,
        "ethnicity": Ethnicity.NOT_RECORDED,
        "disability": YesNoUnknown.UNKNOWN,
        "living_situation": LivingSituation.HOME,
        "social_care_involvement": SocialCareInvolvement.CURRENT,
        "child_protection_plan": ChildProtectionPlan.NEVER,
        "parent_adverse_childhood": True,
        "family_transient_lifestyle": True,
    },
    findings=(
        FindingSpec(
            FindingKind.LEARNING,
            "School attendance seen as the 'problem'",
            (
                "Despite the family's concerning social history, poor school attendance was "
                "continually seen as the problem to be solved rather than as a symptom of "
                "what was happening in Child SB's life. The single focus on attendance "
                "obscured the effect of the cumulative adversity he experienced and left him "
                "vulnerable. When the child is a young adolescent, the impact of adversity "
                "can be overlooked or minimised and their vulnerability left out of the "
                "assessment."
            ),
            ("vulnerable-adolescents", "assessment", "childs-voice", "neglect"),
            ("education", "csc"),
        ),
        FindingSpec(
            FindingKind.LEARNING,
            "Responding to hostile and resistant parents",
            (
                "When professionals did make contact, the parents and other family members "
                "were often, though not always, aggressive and hostile. Unable to engage "
                "meaningfully with parents regarded as 'highly resistant', professionals "
                "became frustrated and turned to legal measures about attendance. This left "
                "Child SB in a vulnerable position, with no one focused on his experience."
            ),
            ("hostile-resistant-parents", "childs-voice"),
            ("csc", "education"),
        ),
        FindingSpec(
            FindingKind.LEARNING,
            "Managing changes and transitions",
            (
                "During transitions important information was lost or misinterpreted. "
                "Frequent changes of practitioner made it harder to engage the parents and to "
                "gain the trust of the child."
            ),
            ("transitions", "information-sharing"),
            ("csc", "education", "community_health"),
        ),
        FindingSpec(
            FindingKind.LEARNING,
            "Multi-agency working",
            (
                "Agencies worked as single agencies, each to its own agenda. A significant "
                "amount of information was available but not used by those working with Child "
                "SB and his parents. Practitioners did not make use of the multi-agency "
                "tools available (early help assessment, 'Day in the Life', chronology, "
                "supervision). Using them may not have changed what happened, but would have "
                "kept the focus on Child SB and the impact of what was happening in his life."
            ),
            ("multi-agency-working", "information-sharing"),
            ("csc", "education", "community_health", "camhs"),
        ),
        FindingSpec(
            FindingKind.LEARNING,
            "Supervision and managerial oversight",
            (
                "Good quality supervision did not take place routinely, leaving workers few "
                "opportunities to reflect on their practice and consider other ways to secure "
                "Child SB's well-being. Good supervision offers challenge in a safe space, "
                "encourages critical reflection on assumptions about a child, explores the "
                "child's lived experience and informs decisions."
            ),
            ("supervision", "professional-challenge"),
            ("csc", "education"),
        ),
        FindingSpec(
            FindingKind.STRENGTH,
            "Early help support for the parent at school meetings",
            (
                "The early help team supported Child SB's mother to attend and manage "
                "multi-agency meetings at school, and kept trying to engage both parents."
            ),
            ("multi-agency-working", "hostile-resistant-parents"),
            ("csc",),
        ),
        FindingSpec(
            FindingKind.STRENGTH,
            "The school's efforts to re-engage Child SB",
            "The school tried many ways to engage Child SB and encourage him back into school.",
            ("childs-voice",),
            ("education",),
        ),
        FindingSpec(
            FindingKind.STRENGTH,
            "Joint visits",
            "Early help workers and school staff made joint visits to the family.",
            ("multi-agency-working",),
            ("csc", "education"),
        ),
        FindingSpec(
            FindingKind.STRENGTH,
            "Keeping in touch after a move",
            "The social worker visited the family after they moved to a different area.",
            ("transitions",),
            ("csc",),
        ),
    ),
    recommendations=(
        RecommendationSpec(
            (
                "Education, children's social care and CAMHS should revise the response to "
                "persistent absence so that, before any legal measure, a multi-agency "
                "discussion considers what the absence may say about the child's life, and "
                "the child's own account is recorded."
            ),
            agencies=("education", "csc", "camhs"),
            findings=(1, 2),
            responded_on=date(2020, 3, 10),
        ),
        RecommendationSpec(
            (
                "Children's social care should issue practice guidance, with training, on "
                "working with hostile and resistant families: how to keep the child in view "
                "when parents will not engage, and when to escalate."
            ),
            agencies=("csc",),
            findings=(2,),
            responded_on=date(2020, 3, 10),
        ),
        RecommendationSpec(
            (
                "The partnership should agree a multi-agency standard for handing over "
                "information when a child changes school, worker or area, and test it through "
                "audit."
            ),
            to_partnership=True,
            findings=(3,),
            responded_on=date(2020, 3, 10),
        ),
        RecommendationSpec(
            (
                "The partnership should relaunch the multi-agency tools (early help "
                "assessment, 'Day in the Life', multi-agency chronology) and find out why "
                "practitioners did not use them."
            ),
            to_partnership=True,
            findings=(4,),
            responded_on=date(2020, 3, 10),
        ),
        RecommendationSpec(
            (
                "Children's social care and education should assure the partnership that "
                "practitioners working with persistently absent children receive regular "
                "reflective supervision."
            ),
            agencies=("csc", "education"),
            findings=(5,),
            responded_on=date(2020, 3, 10),
        ),
    ),
    plans=(
        PlanSpec(
            "education",
            date(2020, 4, 20),
            (
                ActionSpec(
                    number="1.1",
                    recommendations=(1,),
                    description=(
                        "Revise the attendance procedure so that no penalty notice or prosecution for "
                        "non-attendance starts without a multi-agency discussion of the child's "
                        "circumstances and a record of the child's views."
                    ),
                    success_measure=(
                        "Every legal step on attendance in a sample of 20 cases shows a prior "
                        "multi-agency discussion and the child's views."
                    ),
                    owner="education.lead",
                    accountable="education.lead",
                    target_date=date(2020, 9, 30),
                    status=Status.VERIFIED,
                    rag=Rag.GREEN,
                    verified_on=date(2021, 1, 18),
                    updates=(
                        UpdateSpec(
                            date(2020, 7, 1),
                            Status.IN_PROGRESS,
                            Rag.GREEN,
                            "Draft procedure consulted on with head teachers and the attendance team.",
                        ),
                        UpdateSpec(
                            date(2020, 10, 5),
                            Status.AWAITING_VERIFICATION,
                            Rag.GREEN,
                            "Revised procedure approved and in use since September; evidence attached.",
                        ),
                    ),
                    milestones=(
                        MilestoneSpec("Draft revised procedure", date(2020, 6, 30), date(2020, 6, 26)),
                        MilestoneSpec(
                            "Approval by the education leadership team", date(2020, 9, 30), date(2020, 9, 28)
                        ),
                    ),
                    evidence=(
                        EvidenceSpec(
                            EvidencePurpose.COMPLETION,
                            "Revised attendance procedure",
                            evidence_link("education/attendance-procedure-2020"),
                        ),
                        EvidenceSpec(
                            EvidencePurpose.IMPACT,
                            "Attendance case audit, spring 2021",
                            evidence_link("education/attendance-audit-2021"),
                            "18 of 20 cases showed a multi-agency discussion before legal action.",
                            date(2022, 4, 30),
                        ),
                    ),
                ),
                ActionSpec(
                    number="1.2",
                    recommendations=(1,),
                    description=(
                        "Audit 20 cases of persistent absence each year to test whether assessments "
                        "consider the child's lived experience and not only attendance."
                    ),
                    success_measure="At least 16 of 20 audited cases record the child's lived experience.",
                    owner="education.lead",
                    accountable="education.lead",
                    target_date=ago(30),
                    status=Status.IN_PROGRESS,
                    rag=Rag.AMBER,
                    revised_target_date=ahead(45),
                    revision_reason=(
                        "The spring audit was postponed because the attendance case system was "
                        "replaced; the audit will use the new system's reports."
                    ),
                    updates=(
                        UpdateSpec(
                            ago(60),
                            Status.IN_PROGRESS,
                            Rag.GREEN,
                            "Audit tool agreed with children's social care.",
                        ),
                        UpdateSpec(
                            ago(20),
                            Status.IN_PROGRESS,
                            Rag.AMBER,
                            "Case sample delayed by the change of case system; revised date requested.",
                        ),
                    ),
                    milestones=(
                        MilestoneSpec("Audit tool agreed with children's social care", ago(90), ago(85)),
                        MilestoneSpec("Case sample drawn from the new case system", ahead(10)),
                        MilestoneSpec("Audit report to the panel", ahead(45)),
                    ),
                ),
            ),
        ),
        PlanSpec(
            "csc",
            date(2020, 4, 20),
            (
                ActionSpec(
                    number="2.1",
                    recommendations=(2,),
                    description=(
                        "Publish practice guidance on working with hostile and resistant families and "
                        "deliver two multi-agency workshops on it."
                    ),
                    success_measure=(
                        "Practitioners report more confidence in keeping the child in view with "
                        "resistant parents."
                    ),
                    owner="csc.owner",
                    accountable="csc.lead",
                    target_date=date(2020, 12, 31),
                    status=Status.VERIFIED,
                    rag=Rag.GREEN,
                    verified_on=date(2021, 3, 8),
                    updates=(
                        UpdateSpec(
                            date(2020, 11, 2),
                            Status.IN_PROGRESS,
                            Rag.GREEN,
                            "Guidance drafted; first workshop held online with 40 practitioners.",
                        ),
                        UpdateSpec(
                            date(2021, 1, 25),
                            Status.AWAITING_VERIFICATION,
                            Rag.GREEN,
                            "Guidance published and second workshop held; evidence attached.",
                        ),
                    ),
                    evidence=(
                        EvidenceSpec(
                            EvidencePurpose.COMPLETION,
                            "Guidance: working with resistant families",
                            evidence_link("csc/resistant-families-guidance"),
                        ),
                        EvidenceSpec(
                            EvidencePurpose.IMPACT,
                            "Practitioner survey after the workshops",
                            evidence_link("csc/resistant-families-survey"),
                            "71% of respondents felt more confident; re-survey planned.",
                            date(2022, 3, 31),
                        ),
                    ),
                ),
                ActionSpec(
                    number="5.1",
                    recommendations=(5,),
                    description=(
                        "Raise to 80% the proportion of social workers on cases of persistent absence "
                        "who receive recorded reflective supervision at least monthly, measured by "
                        "quarterly audit."
                    ),
                    success_measure="Quarterly supervision audit at or above 80%.",
                    owner="csc.owner",
                    accountable="csc.lead",
                    target_date=date(2021, 12, 31),
                    status=Status.NOT_ACHIEVED,
                    rag=Rag.RED,
                    updates=(
                        UpdateSpec(
                            date(2021, 6, 30),
                            Status.IN_PROGRESS,
                            Rag.AMBER,
                            "First quarterly audit: 52% of cases show monthly reflective supervision.",
                        ),
                        UpdateSpec(
                            date(2022, 1, 14),
                            Status.NOT_ACHIEVED,
                            Rag.RED,
                            (
                                "Year-end audit 61%; target not met. The panel agreed to record this as not "
                                "achieved and to take the learning into the partnership's next work on "
                                "supervision standards across agencies."
                            ),
                        ),
                    ),
                ),
            ),
        ),
        PlanSpec(
            "camhs",
            date(2020, 4, 20),
            (
                ActionSpec(
                    number="1.3",
                    recommendations=(1,),
                    description=(
                        "Offer schools a monthly CAMHS consultation slot to discuss adolescents who "
                        "are persistently absent where emotional well-being may be a factor."
                    ),
                    success_measure=(
                        "Every secondary school has used the consultation at least once in twelve months."
                    ),
                    owner="camhs.lead",
                    accountable="camhs.lead",
                    target_date=ago(10),
                    status=Status.AWAITING_VERIFICATION,
                    rag=Rag.GREEN,
                    updates=(
                        UpdateSpec(
                            ago(120),
                            Status.IN_PROGRESS,
                            Rag.GREEN,
                            (
                                "Consultation slots running monthly; nine of twelve secondary schools have "
                                "used them."
                            ),
                        ),
                        UpdateSpec(
                            ago(6),
                            Status.AWAITING_VERIFICATION,
                            Rag.GREEN,
                            (
                                "All twelve secondary schools have used the consultation; uptake report and "
                                "school feedback attached for verification."
                            ),
                        ),
                    ),
                    evidence=(
                        EvidenceSpec(
                            EvidencePurpose.COMPLETION,
                            "Consultation uptake report",
                            evidence_link("camhs/school-consultation-uptake"),
                        ),
                    ),
                ),
            ),
        ),
        PlanSpec(
            "unit",
            date(2020, 4, 20),
            (
                ActionSpec(
                    number="3.1",
                    recommendations=(3,),
                    description=(
                        "Agree and publish a multi-agency standard for handing over information when "
                        "a child changes school, worker or area."
                    ),
                    success_measure="A transfer audit finds the standard followed in most transfers.",
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=date(2020, 10, 31),
                    status=Status.VERIFIED,
                    rag=Rag.GREEN,
                    verified_on=date(2021, 2, 1),
                    updates=(
                        UpdateSpec(
                            date(2020, 11, 20),
                            Status.AWAITING_VERIFICATION,
                            Rag.GREEN,
                            "Standard agreed by the panel and published in the procedures.",
                        ),
                    ),
                    evidence=(
                        EvidenceSpec(
                            EvidencePurpose.COMPLETION,
                            "Multi-agency transfer standard",
                            evidence_link("procedures/transfer-standard"),
                        ),
                    ),
                ),
                ActionSpec(
                    number="4.1",
                    recommendations=(4,),
                    description=(
                        "Relaunch the multi-agency chronology template and the 'Day in the Life' tool "
                        "with a briefing for every agency."
                    ),
                    success_measure="Chronologies present in audited multi-agency cases.",
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=date(2021, 3, 31),
                    status=Status.SUPERSEDED,
                    rag=Rag.GREEN,
                    updates=(
                        UpdateSpec(
                            date(2021, 3, 1),
                            Status.IN_PROGRESS,
                            Rag.AMBER,
                            "Relaunch delayed by pandemic restrictions.",
                        ),
                        UpdateSpec(
                            date(2022, 5, 16),
                            Status.SUPERSEDED,
                            Rag.GREEN,
                            (
                                "Superseded: the partners agreed the chronology and tools relaunch is taken "
                                "into the Information Sharing Project Group's resources (LCSPR-2020-01, "
                                "action 1.2)."
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------
# Review b) legacy serious case review: Child B (closed)
# ---------------------------------------------------------------------------


def _verified(
    *,
    number,
    recommendations,
    description,
    success_measure,
    owner,
    accountable,
    target_date,
    verified_on,
    link,
    impact=None,
    done_on=None,
):
    """A verified action: the owner's completion update (on `done_on`, else the target date) and evidence."""
    evidence = [EvidenceSpec(EvidencePurpose.COMPLETION, "Evidence of completion", evidence_link(link))]
    if impact:
        title, path, text, recheck = impact
        evidence.append(EvidenceSpec(EvidencePurpose.IMPACT, title, evidence_link(path), text, recheck))
    return ActionSpec(
        number=number,
        recommendations=recommendations,
        description=description,
        success_measure=success_measure,
        owner=owner,
        accountable=accountable,
        target_date=target_date,
        status=Status.VERIFIED,
        rag=Rag.GREEN,
        verified_on=verified_on,
        updates=(
            UpdateSpec(
                done_on or target_date,
                Status.AWAITING_VERIFICATION,
                Rag.GREEN,
                "Completed; evidence attached.",
            ),
        ),
        evidence=tuple(evidence),
    )


CHILD_B = ReviewSpec(
    partnership="northbridge",
    reference="SCR-2008-01",
    kind=ReviewKind.SCR,
    methodology=Methodology.TRADITIONAL,
    pseudonym="Child B",
    title="Child B: death of a 15-year-old boy at home",
    background=(
        "Child B was fifteen when he was found hanging at home after being sent to "
        "his room; he could not be revived. During his childhood there were "
        "indications of parental alcohol misuse and domestic abuse, and concerns "
        "about the parents' ability to care safely for their children. He and his "
        "siblings were twice subject to child protection plans in his early years. "
        "Intervention was marked by difficulty engaging the family and little lasting "
        "change; later family support was reactive. He had a statement of special "
        "educational needs, attended a special school where he said he was bullied, "
        "had a diagnosis of ADHD and had talked about wanting to kill himself. The "
        "overview report found no single event or action which, done differently, "
        "would have changed the outcome; agencies committed to learning lessons and "
        "improving inter-agency practice."
    ),
    status=Stage.CLOSED,
    dates={
        "incident_on": date(2008, 4, 14),
        "aware_on": date(2008, 4, 14),
        "notified_on": date(2008, 4, 16),
        "commissioned_on": date(2008, 5, 19),
        "final_report_on": date(2008, 12, 12),
        "report_sent_on": date(2009, 1, 23),
        "published_on": date(2009, 2, 20),
        "closed_on": date(2011, 3, 28),
    },
    closure_rationale=(
        "Every action is verified or superseded. In March 2011 the quality assurance "
        "sub-group confirmed that the practice forum, the revised procedures and the "
        "supervision policy are embedded; remaining learning is followed through the "
        "partnership's routine audit programme."
    ),
    coding={
        "nature": Nature.DEATH,
        "harm_category": HarmCategory.OTHER,
        "age_band": AgeBand.AGE_11_15,
        "gender": Gender.BOY,
        "ethnicity": Ethnicity.NOT_RECORDED,
        "disability": YesNoUnknown.YES,
        "living_situation": LivingSituation.HOME,
        "social_care_involvement": SocialCareInvolvement.PREVIOUS,
        "child_protection_plan": ChildProtectionPlan.PAST,
        "parent_alcohol_misuse": True,
        "family_domestic_abuse": True,
        "child_behaviour_problems": True,
        "child_mental_health": True,
        "child_bullying": True,
    },
    findings=(
        FindingSpec(
            FindingKind.LEARNING,
            "No clear plan across years of intervention",
            (
                "Phases of family support alternated with consideration of legal proceedings, "
                "but no clear plan emerged. Later support was reactive rather than proactive "
                "and the family's non-engagement went on."
            ),
            ("drift", "assessment"),
            ("csc",),
        ),
        FindingSpec(
            FindingKind.LEARNING,
            "Working with a family who did not engage",
            (
                "Professionals had great difficulty engaging the family and saw little real "
                "change. There was no shared, multi-agency way of responding to families who "
                "are hard to engage."
            ),
            ("hostile-resistant-parents", "disguised-compliance"),
            ("csc", "education"),
        ),
        FindingSpec(
            FindingKind.LEARNING,
            "Inter-agency communication and shared understanding",
            (
                "Many agencies were involved over many years. Robust inter-agency "
                "communication, information sharing, planning and a shared understanding of "
                "the child's needs were not consistently in place."
            ),
            ("multi-agency-working", "information-sharing"),
            ("csc", "education", "camhs"),
        ),
        FindingSpec(
            FindingKind.LEARNING,
            "Hearing the child",
            (
                "Child B said he was unhappy and bullied at school and talked about death and "
                "wanting to kill himself. Children need to be spoken to on their own, and "
                "what they say brought together with mental health advice."
            ),
            ("childs-voice", "mental-health"),
            ("education", "camhs"),
        ),
        FindingSpec(
            FindingKind.LEARNING,
            "Supervision, recording and decision-making",
            (
                "Supervision did not consistently prevent drift or record decisions, and "
                "management capacity in children's social care was stretched."
            ),
            ("supervision", "drift"),
            ("csc",),
        ),
        FindingSpec(
            FindingKind.STRENGTH,
            "An open and transparent review",
            (
                "The overview report commended the review process, which enabled honest and "
                "transparent learning and showed an effective partnership approach; the "
                "inspectorate graded the review 'good'."
            ),
            ("multi-agency-working",),
        ),
    ),
    recommendations=(
        RecommendationSpec(
            (
                "The partnership should revise its serious case review process and guidance, "
                "including the decision-making on when to hold a review, and set up "
                "sub-groups to review cases and scrutinise action plans."
            ),
            to_partnership=True,
            findings=(3,),
            responded_on=date(2009, 3, 16),
        ),
        RecommendationSpec(
            (
                "The partnership should establish a regular practice forum open to all "
                "statutory and voluntary organisations to strengthen inter-agency "
                "communication and shared learning."
            ),
            to_partnership=True,
            findings=(3,),
            responded_on=date(2009, 3, 16),
        ),
        RecommendationSpec(
            (
                "The partnership should revise its inter-agency procedures and agree a "
                "multi-agency policy for working with families who are hard to engage."
            ),
            to_partnership=True,
            findings=(1, 2),
            responded_on=date(2009, 3, 16),
        ),
        RecommendationSpec(
            (
                "Education should implement and monitor an anti-bullying policy and support "
                "schools' safeguarding policies with training."
            ),
            agencies=("education",),
            findings=(4,),
            responded_on=date(2009, 3, 16),
        ),
        RecommendationSpec(
            (
                "Children's social care should revise its supervision policy so that "
                "decisions are recorded and drift is prevented, and increase management "
                "capacity."
            ),
            agencies=("csc",),
            findings=(1, 5),
            responded_on=date(2009, 3, 16),
        ),
        RecommendationSpec(
            (
                "CAMHS and children's social care should attach a mental health practitioner "
                "to the young people's service, and every assessment should record that the "
                "child was spoken to alone."
            ),
            agencies=("camhs", "csc"),
            findings=(4,),
            responded_on=date(2009, 3, 16),
        ),
    ),
    plans=(
        PlanSpec(
            "unit",
            date(2009, 4, 6),
            (
                _verified(
                    number="1.1",
                    recommendations=(1,),
                    description=(
                        "Revise the review process and guidance in line with national guidance; set "
                        "up a standing review sub-group and a quality assurance sub-group to monitor "
                        "action plans."
                    ),
                    success_measure=(
                        "Sub-groups meeting quarterly with action plans reviewed at each meeting."
                    ),
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=date(2010, 6, 30),
                    verified_on=date(2010, 9, 13),
                    link="procedures/review-process-2010",
                ),
                _verified(
                    number="2.1",
                    recommendations=(2,),
                    description=(
                        "Establish a monthly Professionals' Safeguarding Practice Forum, facilitated "
                        "by practitioner experts, open to all organisations."
                    ),
                    success_measure="Forum held monthly with attendance from at least six agencies.",
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=date(2009, 9, 30),
                    verified_on=date(2009, 11, 16),
                    link="forum/terms-of-reference",
                    impact=(
                        "Forum attendance and evaluation, first year",
                        "forum/evaluation-2010",
                        "Eleven forums held; average 34 attendees from nine agencies; 90% rated useful.",
                        date(2010, 11, 30),
                    ),
                ),
                _verified(
                    number="3.1",
                    recommendations=(3,),
                    description=(
                        "Revise the inter-agency procedures and publish them online with a routine "
                        "update cycle, including a policy for working with families who are hard to "
                        "engage."
                    ),
                    success_measure="Procedures online and reviewed at least yearly.",
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=date(2009, 12, 31),
                    verified_on=date(2010, 3, 15),
                    link="procedures/inter-agency-2010",
                ),
                ActionSpec(
                    number="3.2",
                    recommendations=(3,),
                    description=(
                        "Print a pocket 'what to do if' card for every member of the children's workforce."
                    ),
                    success_measure="Card distributed to all agencies.",
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=date(2010, 3, 31),
                    status=Status.SUPERSEDED,
                    rag=Rag.GREEN,
                    updates=(
                        UpdateSpec(
                            date(2010, 5, 10),
                            Status.SUPERSEDED,
                            Rag.GREEN,
                            (
                                "Superseded by the online procedures (action 3.1), which hold the same "
                                "guidance and stay current; a printed card would go out of date."
                            ),
                        ),
                    ),
                ),
            ),
        ),
        PlanSpec(
            "csc",
            date(2009, 4, 6),
            (
                _verified(
                    number="5.1",
                    recommendations=(5,),
                    description=(
                        "Revise the supervision policy to require recorded decisions, monitoring of "
                        "drift and of training needs."
                    ),
                    success_measure="Supervision audit shows decisions recorded in 90% of cases.",
                    owner="csc.owner",
                    accountable="csc.lead",
                    target_date=date(2009, 10, 31),
                    verified_on=date(2010, 1, 11),
                    link="csc/supervision-policy-2009",
                    impact=(
                        "Supervision audit 2010",
                        "csc/supervision-audit-2010",
                        "Decisions recorded in 88% of audited supervision records.",
                        date(2011, 1, 31),
                    ),
                ),
                _verified(
                    number="5.2",
                    recommendations=(5,),
                    description="Add two team manager posts to increase management capacity.",
                    success_measure="Posts filled and caseload per manager reduced.",
                    owner="csc.owner",
                    accountable="csc.lead",
                    target_date=date(2009, 12, 31),
                    verified_on=date(2010, 2, 8),
                    link="csc/management-capacity",
                ),
                _verified(
                    number="6.2",
                    recommendations=(6,),
                    description=(
                        "Change the assessment record so that it shows the child was seen and spoken "
                        "to alone."
                    ),
                    success_measure="Assessment audit shows the child spoken to alone in 95% of cases.",
                    owner="csc.owner",
                    accountable="csc.lead",
                    target_date=date(2009, 9, 30),
                    verified_on=date(2009, 11, 16),
                    link="csc/assessment-record",
                    impact=(
                        "Assessment audit 2010",
                        "csc/assessment-audit-2010",
                        "Child seen alone recorded in 93% of audited assessments.",
                        date(2010, 12, 31),
                    ),
                ),
            ),
        ),
        PlanSpec(
            "education",
            date(2009, 4, 6),
            (
                _verified(
                    number="4.1",
                    recommendations=(4,),
                    description=(
                        "Implement the anti-bullying policy, monitored by a new bullying policy and "
                        "development officer, and support schools' safeguarding policies with "
                        "single-agency training."
                    ),
                    success_measure=(
                        "All schools have a current safeguarding policy and bullying incidents are reported."
                    ),
                    owner="education.lead",
                    accountable="education.lead",
                    target_date=date(2009, 12, 31),
                    verified_on=date(2010, 3, 15),
                    link="education/anti-bullying-policy",
                ),
            ),
        ),
        PlanSpec(
            "camhs",
            date(2009, 4, 6),
            (
                _verified(
                    number="6.1",
                    recommendations=(6,),
                    description="Attach a mental health practitioner to the young people's service.",
                    success_measure="Practitioner in post and consultations recorded.",
                    owner="camhs.lead",
                    accountable="camhs.lead",
                    target_date=date(2009, 10, 31),
                    verified_on=date(2009, 12, 14),
                    link="camhs/attached-practitioner",
                ),
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------
# Review c) thematic learning review from agency reports
# ---------------------------------------------------------------------------

THEMATIC_K = ReviewSpec(
    partnership="northbridge",
    reference="TLR-2023-01",
    kind=ReviewKind.THEMATIC,
    methodology=Methodology.TRADITIONAL,
    pseudonym="Child K",
    title="Learning from agency reports: older children and cumulative neglect",
    background=(
        "Northbridge agencies wrote agency reports for a review that a neighbouring "
        "partnership held about Child K, an older child who lived with neglect for "
        "many years. The panel set up a learning task group to draw out local "
        "multi-agency learning from those reports, in two phases. This review records "
        "that learning and the partnership's response."
    ),
    status=Stage.MONITORING,
    dates={
        "commissioned_on": date(2023, 2, 6),
        "final_report_on": date(2024, 3, 15),
        "published_on": date(2024, 4, 22),
    },
    coding={
        "nature": Nature.SERIOUS_HARM,
        "harm_category": HarmCategory.NEGLECT,
        "age_band": AgeBand.AGE_11_15,
        "gender": Gender.GIRL,
        "ethnicity": Ethnicity.NOT_RECORDED,
        "disability": YesNoUnknown.NO,
        "living_situation": LivingSituation.HOME,
        "social_care_involvement": SocialCareInvolvement.PREVIOUS,
        "child_protection_plan": ChildProtectionPlan.NEVER,
        "parent_drug_misuse": True,
        "parent_mental_health": True,
        "family_multiple_partners": True,
    },
    findings=(
        FindingSpec(
            FindingKind.LEARNING,
            "Keeping the young person at the centre",
            (
                "Children and young people should be the focus of any work to support and "
                "assess their needs. The young person is a key source of safeguarding "
                "information, and a trusting relationship needs consistency, with few or no "
                "changes of worker."
            ),
            ("childs-voice", "vulnerable-adolescents", "transitions"),
            ("csc", "education", "community_health"),
        ),
        FindingSpec(
            FindingKind.LEARNING,
            "Professional curiosity and the whole history",
            (
                "Assessments should set current information in the context of what agencies "
                "already know, with professional curiosity, and be holistic. Accurate case "
                "recording, chronologies and genograms are key tools."
            ),
            ("assessment",),
            ("csc", "community_health"),
        ),
        FindingSpec(
            FindingKind.LEARNING,
            "Real engagement, not disguised compliance",
            (
                "Practitioners need to measure and secure real parental engagement and "
                "recognise disguised compliance. Assessments were closed because parents did "
                "not engage, without saying how the original concerns would be addressed."
            ),
            ("disguised-compliance", "hostile-resistant-parents"),
            ("csc",),
        ),
        FindingSpec(
            FindingKind.LEARNING,
            "Knowing who is in the household",
            (
                "Practitioners need to understand family networks and adults' contact with "
                "children, and to share information about individuals known to pose a risk to "
                "children."
            ),
            ("information-sharing", "assessment"),
            ("police", "probation", "csc"),
        ),
        FindingSpec(
            FindingKind.LEARNING,
            "The cumulative impact of neglect",
            (
                "The focus must be on the cumulative impact of neglect, and assessments must "
                "take into account the impact of parental substance misuse and mental health "
                "on parenting capacity."
            ),
            ("neglect", "substance-misuse", "mental-health"),
            ("csc", "icb", "community_health"),
        ),
        FindingSpec(
            FindingKind.LEARNING,
            "Drift, and challenging colleagues",
            (
                "Practitioners and managers need to avoid drift, and be supported to "
                "challenge and hold colleagues to account when a child's needs are not met. "
                "Planning needs clear ownership and oversight by the lead professional."
            ),
            ("drift", "professional-challenge"),
            ("csc", "education", "icb"),
        ),
        FindingSpec(
            FindingKind.TO_IMPROVE,
            "Older children's needs",
            (
                "Older children were seen as having lesser needs, and less risk of harm, than "
                "younger children."
            ),
            ("vulnerable-adolescents",),
            ("csc", "police"),
        ),
        FindingSpec(
            FindingKind.TO_IMPROVE,
            "Supervision in every agency",
            (
                "What supervision staff receive when working with children and families was "
                "not clearly defined in every agency."
            ),
            ("supervision",),
            ("csc", "police", "icb", "community_health", "education", "camhs"),
        ),
    ),
    recommendations=(
        RecommendationSpec(
            (
                "Children's social care should not close an assessment because parents do not "
                "engage without recording how the original concerns will be addressed and by "
                "whom."
            ),
            agencies=("csc",),
            findings=(3,),
            responded_on=date(2024, 5, 20),
        ),
        RecommendationSpec(
            (
                "Police and probation should agree how information about individuals known to "
                "pose a risk to children is shared with children's social care when they "
                "join a household."
            ),
            agencies=("police", "probation"),
            findings=(4,),
            responded_on=date(2024, 5, 20),
        ),
        RecommendationSpec(
            (
                "All agencies should define the supervision their staff receive when working "
                "with children and families."
            ),
            agencies=(
                "csc",
                "police",
                "icb",
                "community_health",
                "education",
                "housing",
                "probation",
                "ambulance",
                "camhs",
                "voluntary",
                "unit",
            ),
            findings=(8,),
            responded_on=date(2024, 5, 20),
        ),
        RecommendationSpec(
            "The partnership should commission a separate assessment tool for cumulative neglect.",
            to_partnership=True,
            findings=(5,),
            responded_on=date(2024, 5, 20),
            response=Reply.NOT_ACCEPTED,
            reason=(
                "The Child Neglect Resource Pack (LCSPR-2020-01) already guides practitioners "
                "on cumulative neglect; a second tool would compete with it. The pack will "
                "be updated with this learning."
            ),
        ),
        RecommendationSpec(
            (
                "The partnership should refresh its protocol for resolving professional "
                "differences, with a section on older children, and include older children's "
                "needs in multi-agency training."
            ),
            to_partnership=True,
            findings=(6, 7),
            responded_on=date(2024, 5, 20),
        ),
    ),
    plans=(
        PlanSpec(
            "csc",
            date(2024, 6, 17),
            (
                ActionSpec(
                    number="1.1",
                    recommendations=(1,),
                    description=(
                        "Change the assessment closure record so that closing for non-engagement "
                        "requires a plan for the original concerns and a manager's sign-off."
                    ),
                    success_measure="A dip sample of closures finds a plan and sign-off in at least 90%.",
                    owner="csc.owner",
                    accountable="csc.lead",
                    target_date=ago(35),
                    status=Status.AWAITING_VERIFICATION,
                    rag=Rag.GREEN,
                    updates=(
                        UpdateSpec(
                            ago(80),
                            Status.IN_PROGRESS,
                            Rag.GREEN,
                            "Change specified and booked with the case system supplier.",
                        ),
                        UpdateSpec(
                            ago(12),
                            Status.AWAITING_VERIFICATION,
                            Rag.GREEN,
                            "Closure record changed; guidance issued; dip sample of 15 closures attached.",
                        ),
                    ),
                    milestones=(
                        MilestoneSpec("Change specified", ago(90), ago(88)),
                        MilestoneSpec("Change live on the case system", ago(35), ago(30)),
                    ),
                    evidence=(
                        EvidenceSpec(
                            EvidencePurpose.COMPLETION,
                            "Closure guidance for practitioners",
                            evidence_link("csc/closure-guidance"),
                        ),
                        EvidenceSpec(
                            EvidencePurpose.IMPACT,
                            "Dip sample of 15 assessment closures",
                            evidence_link("csc/closure-dip-sample"),
                            "14 of 15 closures record a plan for the original concerns.",
                            ahead(150),
                        ),
                    ),
                ),
            ),
        ),
        PlanSpec(
            "police",
            date(2024, 6, 17),
            (
                ActionSpec(
                    number="2.1",
                    recommendations=(2,),
                    description=(
                        "Agree with probation and children's social care a protocol for sharing "
                        "information when a person who poses a risk to children joins a household, "
                        "and brief all public protection staff."
                    ),
                    success_measure=(
                        "Protocol signed by all three agencies; 95% of public protection staff briefed."
                    ),
                    owner="police.owner",
                    accountable="police.lead",
                    target_date=ago(25),
                    status=Status.IN_PROGRESS,
                    rag=Rag.RED,
                    updates=(
                        UpdateSpec(
                            ago(70), Status.IN_PROGRESS, Rag.GREEN, "Draft protocol agreed with probation."
                        ),
                        UpdateSpec(
                            ago(40),
                            Status.IN_PROGRESS,
                            Rag.RED,
                            (
                                "Legal review of the basis for sharing is outstanding; the target date will "
                                "be missed."
                            ),
                        ),
                    ),
                    milestones=(
                        MilestoneSpec("Draft protocol agreed with probation", ago(75), ago(70)),
                        MilestoneSpec("Legal review completed", ago(30)),
                        MilestoneSpec("Public protection staff briefed", ago(25)),
                    ),
                ),
                ActionSpec(
                    number="2.2",
                    recommendations=(2,),
                    description=(
                        "Add a prompt about changes in household membership to the police domestic "
                        "abuse risk assessment."
                    ),
                    success_measure="Prompt live and completed in 90% of risk assessments sampled.",
                    owner="police.owner",
                    accountable="police.lead",
                    target_date=ahead(12),
                    status=Status.NOT_STARTED,
                    rag=Rag.AMBER,
                ),
            ),
        ),
        PlanSpec(
            "unit",
            date(2024, 6, 17),
            (
                ActionSpec(
                    number="3.1",
                    recommendations=(3,),
                    description=(
                        "Collect each agency's supervision policy, compare it with a minimum standard "
                        "agreed by the panel and report gaps to the board."
                    ),
                    success_measure=(
                        "Every agency's policy meets the minimum standard or has a dated plan to."
                    ),
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=ahead(60),
                    status=Status.NOT_STARTED,
                    rag=Rag.GREEN,
                ),
                ActionSpec(
                    number="5.1",
                    recommendations=(5,),
                    description=(
                        "Refresh the protocol for resolving professional differences with a section "
                        "on older children and relaunch it at a Network Hour session."
                    ),
                    success_measure=(
                        "Escalations recorded under the protocol rise and are resolved within its timescales."
                    ),
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=ahead(30),
                    status=Status.IN_PROGRESS,
                    rag=Rag.GREEN,
                    updates=(
                        UpdateSpec(
                            ago(75),
                            Status.IN_PROGRESS,
                            Rag.GREEN,
                            "Draft protocol circulated to panel members for comment.",
                        ),
                    ),
                    milestones=(
                        MilestoneSpec("Draft circulated to the panel", ago(80), ago(75)),
                        MilestoneSpec("Relaunch at a Network Hour session", ahead(30)),
                    ),
                ),
            ),
        ),
        PlanSpec(
            "icb",
            date(2024, 6, 17),
            (
                ActionSpec(
                    number="5.2",
                    recommendations=(5,),
                    description=(
                        "Include older children's needs and how to escalate concerns in the "
                        "safeguarding training for primary care."
                    ),
                    success_measure=(
                        "Post-training survey shows confidence in escalating concerns about older children."
                    ),
                    owner="health.lead",
                    accountable="health.lead",
                    target_date=ago(45),
                    status=Status.VERIFIED,
                    rag=Rag.GREEN,
                    verified_on=ago(20),
                    updates=(
                        UpdateSpec(
                            ago(50),
                            Status.AWAITING_VERIFICATION,
                            Rag.GREEN,
                            "Training updated and delivered to 14 practices; evidence attached.",
                        ),
                    ),
                    evidence=(
                        EvidenceSpec(
                            EvidencePurpose.COMPLETION,
                            "Updated primary care training materials",
                            evidence_link("icb/primary-care-training"),
                        ),
                        EvidenceSpec(
                            EvidencePurpose.IMPACT,
                            "Post-training survey",
                            evidence_link("icb/primary-care-survey"),
                            "82% of respondents confident to escalate concerns about older children.",
                            ahead(120),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------
# Review d) a rapid review converted into a thematic LCSPR
# ---------------------------------------------------------------------------

_INFANT_CODING = {
    "nature": Nature.SERIOUS_HARM,
    "harm_category": HarmCategory.PHYSICAL_ABUSE,
    "age_band": AgeBand.UNDER_1,
    "gender": Gender.GIRL,
    "ethnicity": Ethnicity.WHITE,
    "disability": YesNoUnknown.NO,
    "living_situation": LivingSituation.HOME,
    "social_care_involvement": SocialCareInvolvement.CURRENT,
    "child_protection_plan": ChildProtectionPlan.NEVER,
    "parent_drug_misuse": True,
    "parent_mental_health": True,
    "parent_adverse_childhood": True,
    "parent_intellectual_disability": True,
    "family_domestic_abuse": True,
    "family_poverty": True,
}

_INFANT_DATES = {
    "incident_on": date(2020, 2, 17),
    "aware_on": date(2020, 2, 18),
    "notified_on": date(2020, 2, 21),
    "rapid_review_sent_on": date(2020, 3, 11),
    "decision_on": date(2020, 3, 16),
    "panel_informed_on": date(2020, 3, 18),
}

_INFANT_DECISION = (
    "The rapid review found that the case is likely to highlight improvements "
    "needed in child protection practice and in how practitioners understand "
    "parents' needs; similar issues arose in other recent cases. The partners "
    "decided to commission a local child safeguarding practice review."
)

RAPID_REVIEW_D = ReviewSpec(
    partnership="northbridge",
    reference="RR-2020-01",
    kind=ReviewKind.RAPID_REVIEW,
    pseudonym="Child D",
    title="Child D: serious non-accidental injuries to a young infant",
    background=(
        "A young infant was admitted to hospital with serious injuries assessed as "
        "non-accidental. The rapid review looked at the involvement of agencies with "
        "the family before the injuries."
    ),
    status=Stage.CLOSED,
    dates=_INFANT_DATES | {"closed_on": date(2020, 3, 16)},
    decision=Decision.LCSPR,
    decision_rationale=_INFANT_DECISION,
    closure_rationale="Converted into LCSPR-2020-01, which takes the learning forward.",
    coding=_INFANT_CODING,
)

LCSPR_D = ReviewSpec(
    partnership="northbridge",
    reference="LCSPR-2020-01",
    kind=ReviewKind.LCSPR,
    methodology=Methodology.LEARNING_TOGETHER,
    pseudonym="Child D",
    title=(
        "Thematic review: child protection practice, understanding families and the child's lived experience"
    ),
    background=(
        "A rapid review in March 2020 about a young infant who suffered serious "
        "non-accidental injuries led the partners to commission this review. Covid-19 "
        "delayed the work; meanwhile further rapid reviews showed similar "
        "challenges, so the partners took a thematic approach with three themes: "
        "effective child protection practice, including escalation and challenge; "
        "understanding families, including the impact of parents' early life trauma "
        "and needs such as learning disability, substance misuse, mental health and "
        "domestic abuse; and understanding the lived experience of the child in a "
        "risky environment."
    ),
    status=Stage.MONITORING,
    dates=_INFANT_DATES
    | {
        "commissioned_on": date(2020, 11, 2),
        "final_report_on": date(2022, 1, 28),
        "report_sent_on": date(2022, 2, 11),
        "published_on": date(2022, 3, 4),
    },
    decision=Decision.LCSPR,
    decision_rationale=_INFANT_DECISION,
    lead_reviewer="reviewer",
    converted_from="RR-2020-01",
    coding=_INFANT_CODING,
    findings=(
        FindingSpec(
            FindingKind.STRENGTH,
            "A strong, coordinated early help response",
            "A strong, coordinated early help response prevented escalation.",
            ("multi-agency-working",),
            ("csc", "voluntary"),
        ),
        FindingSpec(
            FindingKind.STRENGTH,
            "A shared understanding of needs and risks",
            (
                "Everyone involved shared an understanding of the child's needs and risks, "
                "and was clear about their own and each other's roles and responsibilities in "
                "the team around the family."
            ),
            ("multi-agency-working",),
        ),
        FindingSpec(
            FindingKind.STRENGTH,
            "Regular meetings with timely outputs",
            (
                "Meeting regularly, with timely minutes and child protection plans, helped "
                "practitioners stay on track and spot drift or delay."
            ),
            ("multi-agency-working", "drift"),
        ),
        FindingSpec(
            FindingKind.STRENGTH,
            "Virtual strategy discussions",
            (
                "Virtual meetings worked well, particularly for strategy discussions: "
                "partners who might have struggled to attend were involved from the outset."
            ),
            ("multi-agency-working", "information-sharing"),
            ("police", "icb", "csc"),
        ),
        FindingSpec(
            FindingKind.STRENGTH,
            "An accessible front door",
            "Practitioners could easily get support from the children's social care front door.",
            ("information-sharing",),
            ("csc",),
        ),
        FindingSpec(
            FindingKind.STRENGTH,
            "Relationships and difficult conversations",
            (
                "An existing rapport with parents, and the skills and confidence to hold "
                "difficult conversations, made a difference."
            ),
            ("hostile-resistant-parents",),
            ("community_health",),
        ),
        FindingSpec(
            FindingKind.STRENGTH,
            "Training, supervision and time to reflect",
            (
                "Access to safeguarding training, good supervision and time to reflect on "
                "whether interventions improve outcomes built knowledge, skills and "
                "confidence."
            ),
            ("supervision",),
        ),
        FindingSpec(
            FindingKind.TO_IMPROVE,
            "Confidence to share information early",
            (
                "Practitioners, managers and organisations need to be confident they "
                "understand information sharing so that needs and risks are responded to at "
                "the earliest opportunity."
            ),
            ("information-sharing",),
            ("icb", "community_health", "education", "police", "csc"),
        ),
        FindingSpec(
            FindingKind.TO_IMPROVE,
            "Understanding a parent's life story",
            (
                "Practitioners should take opportunities to understand a parent's life story "
                "and needs and how these may affect parenting, so that the right adult "
                "services become involved."
            ),
            ("assessment", "mental-health", "substance-misuse"),
            ("csc", "community_health"),
        ),
        FindingSpec(
            FindingKind.TO_IMPROVE,
            "Workforce development on parental needs",
            (
                "The workforce needs development on issues that affect parental capacity, "
                "such as adult mental health, substance misuse and learning disability."
            ),
            ("mental-health", "substance-misuse", "domestic-abuse"),
            ("icb", "community_health"),
        ),
        FindingSpec(
            FindingKind.TO_IMPROVE,
            "Understanding a family's finances",
            (
                "Many parents struggle financially; this affects food, heating and clothing "
                "and creates stress. Practitioners need to understand a family's financial "
                "situation."
            ),
            ("poverty", "neglect"),
            ("csc", "housing", "voluntary"),
        ),
        FindingSpec(
            FindingKind.TO_IMPROVE,
            "Staying connected",
            (
                "Practitioners need opportunities to meet as a multi-agency group, during "
                "restrictions and beyond, to develop practice and reach expertise across the "
                "system."
            ),
            ("multi-agency-working",),
        ),
        FindingSpec(
            FindingKind.TO_IMPROVE,
            "Consistent child protection practice",
            (
                "Agreed practice standards for child protection would support consistency and "
                "confidence, including in escalation and challenge."
            ),
            ("professional-challenge", "assessment"),
        ),
        FindingSpec(
            FindingKind.TO_IMPROVE,
            "Using the network to see the child's world",
            (
                "The network of practitioners around a child could be used more effectively "
                "to understand how the child sees their world."
            ),
            ("childs-voice",),
        ),
    ),
    recommendations=(
        RecommendationSpec(
            (
                "The partnership should set up an Information Sharing Project Group to review "
                "and develop local resources for timely information sharing, and evaluate "
                "their impact."
            ),
            to_partnership=True,
            findings=(8,),
            responded_on=date(2022, 3, 21),
        ),
        RecommendationSpec(
            (
                "Children's social care should use the learning from this review in the local "
                "practice model, the Northbridge Family Practice Framework, and partners "
                "should use it in child protection processes."
            ),
            agencies=("csc",),
            findings=(9, 13, 14),
            responded_on=date(2022, 3, 21),
        ),
        RecommendationSpec(
            "The partnership should develop multi-agency Child Protection Standards with stakeholders.",
            to_partnership=True,
            findings=(13,),
            responded_on=date(2022, 3, 21),
        ),
        RecommendationSpec(
            (
                "The partnership should develop a Child Neglect Resource Pack on assessing "
                "and responding to issues that affect parenting capacity."
            ),
            to_partnership=True,
            findings=(9, 10, 11),
            responded_on=date(2022, 3, 21),
        ),
        RecommendationSpec(
            "The partnership should hold regular sessions where practitioners learn about local services.",
            to_partnership=True,
            findings=(12, 14),
            responded_on=date(2022, 3, 21),
        ),
        RecommendationSpec(
            (
                "The integrated care board and the community health trust should provide "
                "workforce development on how adult mental health, substance misuse and "
                "learning disability affect parenting."
            ),
            agencies=("icb", "community_health"),
            findings=(10,),
            responded_on=date(2022, 3, 21),
        ),
    ),
    plans=(
        PlanSpec(
            "unit",
            date(2022, 4, 25),
            (
                _verified(
                    number="1.1",
                    recommendations=(1,),
                    description=(
                        "Set up a partnership Information Sharing Project Group with terms of "
                        "reference and members from every statutory partner."
                    ),
                    success_measure="Group meets monthly with all three statutory partners.",
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=date(2022, 6, 30),
                    verified_on=date(2022, 7, 18),
                    link="ispg/terms-of-reference",
                ),
                _verified(
                    number="1.2",
                    recommendations=(1,),
                    description=(
                        "Review and publish local information-sharing resources and roll them out "
                        "from autumn 2022."
                    ),
                    success_measure="Resources published and briefed to every agency.",
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=date(2022, 11, 30),
                    verified_on=date(2023, 1, 16),
                    link="ispg/resources",
                    impact=(
                        "Information-sharing resources: page views and briefing attendance",
                        "ispg/rollout-report",
                        "Briefings reached 620 practitioners across ten agencies.",
                        ahead(45),
                    ),
                ),
                ActionSpec(
                    number="1.3",
                    recommendations=(1,),
                    description=(
                        "Evaluate the impact of the information-sharing resources through a "
                        "practitioner survey and a multi-agency audit of referrals."
                    ),
                    success_measure=(
                        "Audit shows earlier referrals; survey shows more confidence in sharing information."
                    ),
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=date(2024, 3, 31),
                    status=Status.IN_PROGRESS,
                    rag=Rag.AMBER,
                    revised_target_date=ahead(75),
                    revision_reason=(
                        "The first survey had too few responses to draw conclusions; the panel agreed "
                        "a second survey round and an audit of referrals."
                    ),
                    updates=(
                        UpdateSpec(
                            date(2024, 2, 12),
                            Status.IN_PROGRESS,
                            Rag.AMBER,
                            "Survey closed with 41 responses, too few to conclude.",
                        ),
                        UpdateSpec(
                            ago(9),
                            Status.IN_PROGRESS,
                            Rag.AMBER,
                            "Second survey round open; referral audit sample agreed with the front door.",
                        ),
                    ),
                    milestones=(
                        MilestoneSpec("First practitioner survey", date(2024, 1, 31), date(2024, 2, 9)),
                        MilestoneSpec("Second survey round closes", ahead(20)),
                        MilestoneSpec("Evaluation report to the board", ahead(75)),
                    ),
                ),
                _verified(
                    number="3.1",
                    recommendations=(3,),
                    description=(
                        "Develop multi-agency Child Protection Standards with stakeholders and roll "
                        "them out from autumn 2022."
                    ),
                    success_measure="Standards published and briefed to every agency.",
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=date(2022, 12, 31),
                    verified_on=date(2023, 2, 13),
                    link="cp-standards/standards",
                ),
                ActionSpec(
                    number="3.2",
                    recommendations=(3,),
                    description=(
                        "Audit 30 child protection cases against the Standards and report the "
                        "findings to the board."
                    ),
                    success_measure="At least 24 of 30 cases meet the Standards.",
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=ago(15),
                    status=Status.AWAITING_VERIFICATION,
                    rag=Rag.GREEN,
                    updates=(
                        UpdateSpec(ago(40), Status.IN_PROGRESS, Rag.GREEN, "Audit of 30 cases under way."),
                        UpdateSpec(
                            ago(4),
                            Status.AWAITING_VERIFICATION,
                            Rag.GREEN,
                            "Audit complete: 25 of 30 cases met the Standards. Report attached.",
                        ),
                    ),
                    evidence=(
                        EvidenceSpec(
                            EvidencePurpose.COMPLETION,
                            "Child protection standards audit report",
                            evidence_link("cp-standards/audit"),
                        ),
                        EvidenceSpec(
                            EvidencePurpose.IMPACT,
                            "Audit against the Standards",
                            evidence_link("cp-standards/audit-summary"),
                            "25 of 30 cases met the Standards; re-audit in six months.",
                            ahead(180),
                        ),
                    ),
                ),
                _verified(
                    number="4.1",
                    recommendations=(4,),
                    description="Develop and launch a Child Neglect Resource Pack with stakeholders.",
                    success_measure="Pack launched; practitioners use it in neglect assessments.",
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=date(2022, 7, 31),
                    verified_on=date(2022, 9, 12),
                    link="neglect/resource-pack",
                    impact=(
                        "Use of the neglect pack in audited assessments",
                        "neglect/pack-audit",
                        "The pack was used in 17 of 25 audited neglect assessments.",
                        date(2023, 9, 30),
                    ),
                ),
                ActionSpec(
                    number="5.1",
                    recommendations=(5,),
                    description=(
                        "Hold a monthly 'Network Hour' where practitioners hear from local services "
                        "about how they support children and families."
                    ),
                    success_measure="Sessions held monthly; attendees rate them useful.",
                    owner="unit.lead",
                    accountable="unit.lead",
                    target_date=ahead(120),
                    status=Status.IN_PROGRESS,
                    rag=Rag.GREEN,
                    updates=(
                        UpdateSpec(
                            ago(35),
                            Status.IN_PROGRESS,
                            Rag.GREEN,
                            "Session on housing support: 58 attendees.",
                        ),
                        UpdateSpec(
                            ago(5),
                            Status.IN_PROGRESS,
                            Rag.GREEN,
                            "Session on adult mental health services: 64 attendees.",
                        ),
                    ),
                ),
            ),
        ),
        PlanSpec(
            "csc",
            date(2022, 4, 25),
            (
                _verified(
                    number="2.1",
                    recommendations=(2,),
                    description=(
                        "Use the review's learning in the Northbridge Family Practice Framework and "
                        "brief partners on using it in strategy meetings and child protection "
                        "conferences."
                    ),
                    success_measure="Framework launched; partners briefed.",
                    owner="csc.owner",
                    accountable="csc.lead",
                    target_date=date(2021, 12, 31),
                    verified_on=date(2022, 5, 9),
                    link="csc/practice-framework",
                    done_on=date(2022, 4, 28),
                ),
                ActionSpec(
                    number="2.2",
                    recommendations=(2,),
                    description=(
                        "Scrutinise the practice framework's impact through a multi-agency audit of "
                        "strategy meetings and child protection conferences."
                    ),
                    success_measure="Audit finds the framework used in at least 80% of meetings.",
                    owner="csc.owner",
                    accountable="csc.lead",
                    target_date=ahead(40),
                    status=Status.NOT_STARTED,
                    rag=Rag.GREEN,
                    milestones=(MilestoneSpec("Audit tool agreed", ahead(10)),),
                ),
            ),
        ),
        PlanSpec(
            "icb",
            date(2022, 4, 25),
            (
                ActionSpec(
                    number="6.1",
                    recommendations=(6,),
                    description=(
                        "Deliver workforce development for health visitors and midwives on how adult "
                        "mental health, substance misuse and learning disability affect parenting, "
                        "reaching 75% of them."
                    ),
                    success_measure="75% of health visitors and midwives trained.",
                    owner="health.lead",
                    accountable="health.lead",
                    target_date=ago(50),
                    status=Status.IN_PROGRESS,
                    rag=Rag.RED,
                    updates=(
                        UpdateSpec(
                            ago(95), Status.IN_PROGRESS, Rag.AMBER, "48% trained; two sessions cancelled."
                        ),
                        UpdateSpec(
                            ago(45),
                            Status.IN_PROGRESS,
                            Rag.RED,
                            "61% trained; target date passed. Extra sessions being arranged.",
                        ),
                    ),
                ),
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------
# Review e) a current rapid review: the statutory clock is running
# ---------------------------------------------------------------------------


def current_rapid_review(year: int) -> ReviewSpec:
    return ReviewSpec(
        partnership="northbridge",
        reference=f"RR-{year}-03",
        kind=ReviewKind.RAPID_REVIEW,
        pseudonym="Child M",
        title="Child M: serious injury to a teenager in the context of criminal exploitation",
        background=(
            "A teenager known to children's social care was seriously injured in the "
            "context of suspected criminal exploitation. Agencies are gathering their "
            "records for the rapid review."
        ),
        status=Stage.RAPID_REVIEW,
        dates={
            "incident_on": WorkingDaysAgo(7),
            "aware_on": WorkingDaysAgo(6),
            "notified_on": WorkingDaysAgo(3),
        },
        coding={
            "nature": Nature.SERIOUS_HARM,
            "harm_category": HarmCategory.CRIMINAL_EXPLOITATION,
            "age_band": AgeBand.AGE_11_15,
            "gender": Gender.BOY,
            "ethnicity": Ethnicity.NOT_RECORDED,
            "disability": YesNoUnknown.UNKNOWN,
            "living_situation": LivingSituation.HOME,
            "social_care_involvement": SocialCareInvolvement.CURRENT,
            "child_protection_plan": ChildProtectionPlan.NEVER,
            "child_behaviour_problems": True,
            "child_drug_misuse": True,
        },
    )


# ---------------------------------------------------------------------------
# The second partnership: one review, one recommendation, one action
# ---------------------------------------------------------------------------

EASTMOOR_REVIEW = ReviewSpec(
    partnership="eastmoor",
    reference="LCSPR-2024-01",
    kind=ReviewKind.LCSPR,
    methodology=Methodology.SILP,
    pseudonym="Child E",
    title="Child E: neglect of a pre-school child",
    background="A pre-school child was found to have suffered serious harm through long-standing neglect.",
    status=Stage.MONITORING,
    dates={
        "incident_on": date(2024, 1, 8),
        "aware_on": date(2024, 1, 9),
        "notified_on": date(2024, 1, 12),
        "rapid_review_sent_on": date(2024, 2, 1),
        "decision_on": date(2024, 2, 5),
        "panel_informed_on": date(2024, 2, 7),
        "commissioned_on": date(2024, 3, 4),
        "final_report_on": date(2024, 9, 20),
        "report_sent_on": date(2024, 10, 4),
        "published_on": date(2024, 10, 21),
    },
    decision=Decision.LCSPR,
    decision_rationale=(
        "The rapid review showed learning about recognising cumulative neglect in young children."
    ),
    coding={
        "nature": Nature.SERIOUS_HARM,
        "harm_category": HarmCategory.NEGLECT,
        "age_band": AgeBand.AGE_1_5,
        "gender": Gender.GIRL,
        "ethnicity": Ethnicity.NOT_RECORDED,
        "disability": YesNoUnknown.NO,
        "living_situation": LivingSituation.HOME,
        "social_care_involvement": SocialCareInvolvement.PREVIOUS,
        "child_protection_plan": ChildProtectionPlan.NEVER,
        "family_poverty": True,
        "family_social_isolation": True,
    },
    findings=(
        FindingSpec(
            FindingKind.LEARNING,
            "Recognising cumulative neglect",
            "Single incidents were each judged below threshold; their cumulative impact was not seen.",
            ("neglect", "assessment"),
            ("csc",),
        ),
    ),
    recommendations=(
        RecommendationSpec(
            "Children's services should use a neglect screening tool at every re-referral.",
            agencies=("csc",),
            findings=(1,),
            responded_on=date(2024, 11, 4),
        ),
    ),
    plans=(
        PlanSpec(
            "csc",
            date(2024, 11, 18),
            (
                ActionSpec(
                    number="1.1",
                    recommendations=(1,),
                    description=(
                        "Add a neglect screening step to the re-referral process at the front door."
                    ),
                    success_measure="Screening recorded in 90% of re-referrals sampled.",
                    owner="eastmoor.lead",
                    accountable="eastmoor.lead",
                    target_date=ahead(30),
                    status=Status.IN_PROGRESS,
                    rag=Rag.GREEN,
                    updates=(
                        UpdateSpec(
                            ago(14), Status.IN_PROGRESS, Rag.GREEN, "Screening step piloted in one team."
                        ),
                    ),
                    evidence=(),
                ),
            ),
        ),
    ),
)


# ---------------------------------------------------------------------------
# Learning briefs, after the seed briefings, and how agencies used them
# ---------------------------------------------------------------------------

CHILD_SB_BRIEF = BriefSpec(
    why_it_matters=(
        "When a young adolescent stops going to school, attendance can become the only thing "
        "professionals look at. For Child SB the sole focus on attendance hid the cumulative "
        "adversity in his life, and his vulnerability was never assessed as a whole."
    ),
    reflective_questions=(
        "When a child is not in education, what do you think is happening in their life, not only at school?",
        "How do you keep a child's lived experience at the centre when parents are hostile or resistant?",
        "What information is lost in your service when a case moves between workers or teams?",
        "When did you last use a chronology or a 'day in the life' tool with partners?",
        "Does your supervision give you space to reflect and to be challenged about a family?",
    ),
    partnership_response=(
        "The partnership has revised its multi-agency guidance on children missing education to "
        "ask for an assessment of the child's wider circumstances, issued practice guidance on "
        "working with hostile and resistant families, and asked every agency to audit the "
        "quality of safeguarding supervision."
    ),
    issued_on=date(2020, 3, 2),
    disseminations=(
        DisseminationSpec(
            "education",
            date(2020, 3, 3),
            "training",
            date(2020, 3, 24),
            48,
            "Designated safeguarding leads' termly briefing.",
        ),
        DisseminationSpec("csc", date(2020, 3, 3), "team_meeting", date(2020, 3, 10), 35),
        DisseminationSpec("icb", date(2020, 3, 4), "forum", date(2020, 4, 21), 22),
        DisseminationSpec("police", date(2020, 3, 4)),
    ),
)

CHILD_B_BRIEF = BriefSpec(
    why_it_matters=(
        "Child B had been known to agencies for most of his life. Help came in reaction to "
        "crises and did not last; his own words about bullying and wanting to die did not "
        "change what professionals did together."
    ),
    reflective_questions=(
        "How do you make sure a child is spoken to on their own as part of every assessment?",
        "What would you do if a family stopped engaging with your service?",
        "How do you share a concern with another agency, and how do you know it was acted on?",
    ),
    partnership_response=(
        "A practitioners' safeguarding forum open to every organisation, a policy for families "
        "who are hard to engage, revised inter-agency procedures, and a revised supervision "
        "policy in children's social care to prevent drift."
    ),
    issued_on=date(2009, 3, 2),
    disseminations=(
        DisseminationSpec("csc", date(2009, 3, 2), "training", date(2009, 4, 6), 60),
        DisseminationSpec("education", date(2009, 3, 2), "team_meeting", date(2009, 3, 16), 25),
    ),
)

CHILD_D_BRIEF = BriefSpec(
    why_it_matters=(
        "Babies are the most vulnerable to serious harm. Understanding a parent's own story, "
        "their needs and their finances, and sharing information early, are how professionals "
        "see the risk to the child in time."
    ),
    reflective_questions=(
        "Do you feel confident to share information early with partners? What stops you?",
        "What do you know of the parents' own childhood and how it shapes their parenting?",
        "How do you find out about a family's money worries, and what do you do with what you learn?",
        "How does the network around this child help you see the world through the child's eyes?",
    ),
    partnership_response=(
        "An information sharing project group, multi-agency child protection standards, a child "
        "neglect resource pack, and monthly practitioner sessions on local services."
    ),
    issued_on=date(2022, 5, 9),
    disseminations=(
        DisseminationSpec("csc", date(2022, 5, 9), "team_meeting", date(2022, 5, 17), 40),
        DisseminationSpec("icb", date(2022, 5, 10), "training", date(2022, 6, 14), 75),
        DisseminationSpec("police", date(2022, 5, 10), "supervision", date(2022, 6, 1), 18),
        DisseminationSpec("voluntary", date(2022, 5, 12), "forum", date(2022, 5, 26), 30),
        DisseminationSpec("housing", date(2022, 5, 12)),
    ),
)

BRIEFS = {
    "SCR-2018-02": CHILD_SB_BRIEF,
    "SCR-2008-01": CHILD_B_BRIEF,
    "LCSPR-2020-01": CHILD_D_BRIEF,
}


def reviews(today: date) -> tuple:
    """Every review, in the order it must be created (a rapid review before the review converted from it)."""
    return (
        CHILD_B,
        CHILD_SB,
        RAPID_REVIEW_D,
        LCSPR_D,
        THEMATIC_K,
        current_rapid_review(today.year),
        EASTMOOR_REVIEW,
    )
