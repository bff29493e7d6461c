"""Learning briefs (the 7-minute briefing of a review) and the record of how agencies used them.

A brief is assembled once per request by `brief_content`, from what the viewer may see of the review:
the review's background, its findings sorted into key messages, strengths and what needs to improve,
its recommendations, and what only the partnership writes (why it matters, reflective questions, its
response). The page and the PDF both render that one object.

Who may write:
- panel staff (the partnership's administrator, panel chair and members) write the brief, and record
  dissemination for any agency of the partnership;
- agency staff record dissemination for their own agency, in the reviews they see.

Every write is one transaction checked with full_clean; a refused save leaves nothing behind. History
rows name `by` even when no request is being served.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from agencies.constraints import full_clean_beside_fields
from agencies.models import Agency

from .models import Dissemination, Finding, FindingKind, LearningBrief, Recommendation, Review

# --- The brief's content ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecommendationLine:
    """A recommendation as the brief lists it: its number, its text and whom it is addressed to."""

    number: int
    text: str
    addressed_to: str


@dataclass(frozen=True)
class BriefContent:
    """Everything a learning brief shows, limited to what one viewer may see."""

    review: Review
    partnership_name: str
    brief: LearningBrief | None
    background: str
    why_it_matters: str
    key_messages: list[Finding] = field(default_factory=list)
    strengths: list[Finding] = field(default_factory=list)
    to_improve: list[Finding] = field(default_factory=list)
    reflective_questions: list[str] = field(default_factory=list)
    partnership_response: str = ""
    recommendations: list[RecommendationLine] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return self.brief is not None

    @property
    def issued_on(self) -> datetime.date | None:
        return self.brief.issued_on if self.brief else None


def question_lines(text: str) -> list[str]:
    """The reflective questions, one a line, without blank lines or stray spaces."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _addressed_to(recommendation: Recommendation) -> str:
    names = [agency.short_name or agency.name for agency in recommendation.agencies.all()]
    if recommendation.to_partnership:
        names.insert(0, "The partnership")
    return ", ".join(names) or "Not yet addressed"


def brief_content(user, review: Review) -> BriefContent:
    """The brief of `review` as `user` may see it.

    Raises Review.DoesNotExist when the user may not see the review at all. The brief itself may not
    exist yet: then only the parts that come from the review are filled in.
    """
    review = Review.objects.visible_to(user).select_related("partnership").get(pk=review.pk)
    brief = LearningBrief.objects.visible_to(user).filter(review=review).first()
    findings = Finding.objects.visible_to(user).filter(review=review).order_by("number")
    by_kind: dict[str, list[Finding]] = {kind: [] for kind in FindingKind.values}
    for finding in findings:
        by_kind.setdefault(finding.kind, []).append(finding)
    recommendations = (
        Recommendation.objects.visible_to(user)
        .filter(review=review)
        .prefetch_related("agencies")
        .order_by("number")
    )
    return BriefContent(
        review=review,
        partnership_name=review.partnership.name,
        brief=brief,
        background=review.background,
        why_it_matters=brief.why_it_matters if brief else "",
        key_messages=by_kind[FindingKind.LEARNING],
        strengths=by_kind[FindingKind.STRENGTH],
        to_improve=by_kind[FindingKind.TO_IMPROVE],
        reflective_questions=question_lines(brief.reflective_questions) if brief else [],
        partnership_response=brief.partnership_response if brief else "",
        recommendations=[RecommendationLine(r.number, r.text, _addressed_to(r)) for r in recommendations],
    )


# --- Who may write --------------------------------------------------------------------------------------


def may_write_brief(user, review: Review) -> bool:
    """Panel staff of the review's partnership write its brief (whoever may change the review)."""
    return Review.objects.changeable_by(user).filter(pk=review.pk).exists()


def _reads_every_agency(user, review: Review) -> bool:
    """Whole-review readers (panel, board, scrutineers, the lead reviewer) see every agency's record;
    the same rule as Dissemination.objects.visible_to."""
    if user.is_superuser:
        return Review.objects.visible_to(user).filter(pk=review.pk).exists()
    return (
        Review.objects.visible_to(user)
        .filter(pk=review.pk)
        .filter(
            Q(partnership__panel_group__user=user)
            | Q(partnership__readers_group__user=user)
            | Q(lead_reviewer=user)
        )
        .exists()
    )


def recordable_agencies(user, review: Review):
    """The agencies `user` may record dissemination for in `review`: any active agency of the
    partnership for panel staff; their own agencies for agency staff who see the review; none else."""
    agencies = Agency.objects.filter(partnership_id=review.partnership_id, is_active=True).order_by("name")
    if not Review.objects.visible_to(user).filter(pk=review.pk).exists():
        return agencies.none()
    if may_write_brief(user, review):
        return agencies
    return agencies.filter(group__user=user)


# --- Errors beside the fields they are about ----------------------------------------------------------

# Constraint name -> the field its message belongs beside (a callable picks it from the record).
DISSEMINATION_CONSTRAINT_FIELDS = {
    "dissemination_used_after_received": lambda record: "used_on",
    # "Say how the brief was used and when, or neither": beside whichever of the two is missing.
    "dissemination_use_dated": lambda record: "used_on" if record.used_how else "used_how",
}


# --- Writes -----------------------------------------------------------------------------------------------


@transaction.atomic
def brief_save(
    *,
    review: Review,
    by,
    why_it_matters: str = "",
    reflective_questions: str = "",
    partnership_response: str = "",
    issued_on: datetime.date | None = None,
) -> LearningBrief:
    """Write the brief of `review`, creating it the first time. Only panel staff may."""
    if not may_write_brief(by, review):
        raise PermissionDenied("Only the partnership's panel staff may write the learning brief.")
    brief = LearningBrief.objects.select_for_update().filter(review=review).first() or LearningBrief(
        review=review
    )
    brief.why_it_matters = why_it_matters.strip()
    brief.reflective_questions = "\n".join(question_lines(reflective_questions))
    brief.partnership_response = partnership_response.strip()
    brief.issued_on = issued_on
    brief.full_clean()
    brief._history_user = by
    brief.save()
    return brief


def _save_dissemination(record: Dissemination, *, by, answers: dict) -> Dissemination:
    record.agency = answers["agency"]
    record.received_on = answers["received_on"]
    record.used_how = answers.get("used_how") or ""
    record.used_on = answers.get("used_on")
    record.reached = answers.get("reached")
    record.notes = (answers.get("notes") or "").strip()
    record.recorded_by = by
    full_clean_beside_fields(record, DISSEMINATION_CONSTRAINT_FIELDS)
    record._history_user = by
    record.save()
    return record


def _require_agency(by, review: Review, agency: Agency) -> None:
    if not recordable_agencies(by, review).filter(pk=agency.pk).exists():
        raise PermissionDenied("You may record the brief's use only for your own agency.")


@transaction.atomic
def dissemination_record(*, review: Review, by, **answers) -> Dissemination:
    """Record that an agency received the brief of `review` (and how it used it, if it has).

    `answers`: agency, received_on, and optionally used_how, used_on, reached, notes.
    """
    if not LearningBrief.objects.visible_to(by).filter(review=review).exists():
        raise ValidationError("This review has no learning brief to record yet.")
    _require_agency(by, review, answers["agency"])
    return _save_dissemination(Dissemination(review=review), by=by, answers=answers)


@transaction.atomic
def dissemination_change(*, dissemination: Dissemination, by, **answers) -> Dissemination:
    """Change a record of dissemination; the person must be able to change it, and to record for the
    agency it ends up naming."""
    if not Dissemination.objects.changeable_by(by).filter(pk=dissemination.pk).exists():
        raise PermissionDenied("You may not change this record.")
    record = Dissemination.objects.select_for_update().get(pk=dissemination.pk)
    if answers["agency"].pk != record.agency_id:
        _require_agency(by, record.review, answers["agency"])
    return _save_dissemination(record, by=by, answers=answers)


# --- The dissemination table --------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyRow:
    """One agency of the table: its records of the brief, as the viewer may see them."""

    agency: Agency
    records: list[Dissemination]

    @property
    def received(self) -> bool:
        return bool(self.records)

    @property
    def used(self) -> bool:
        return any(record.used_how for record in self.records)


@dataclass(frozen=True)
class DisseminationTable:
    rows: list[AgencyRow]
    every_agency: bool  # False: the viewer sees only their own agencies' records
    changeable_ids: frozenset[int]

    @property
    def agency_count(self) -> int:
        return len(self.rows)

    @property
    def received_count(self) -> int:
        return sum(row.received for row in self.rows)

    @property
    def used_count(self) -> int:
        return sum(row.used for row in self.rows)

    @property
    def not_received(self) -> list[Agency]:
        return [row.agency for row in self.rows if not row.received]

    @property
    def reached(self) -> int:
        return sum(record.reached or 0 for row in self.rows for record in row.records)


def dissemination_table(user, review: Review) -> DisseminationTable:
    """The agencies of the partnership with the records of the brief each made, for whole-review
    readers; for agency staff, only their own agencies (they do not see the others' records, so they
    cannot be told who has not received it)."""
    # distinct(): the "own agency" half of the visibility rule joins through the agency group's members,
    # so a record of an agency with several members would otherwise come back once per member.
    records = list(
        Dissemination.objects.visible_to(user)
        .filter(review=review)
        .distinct()
        .select_related("agency")
        .order_by("agency__name", "received_on", "pk")
    )
    every_agency = _reads_every_agency(user, review)
    agencies = Agency.objects.filter(partnership_id=review.partnership_id)
    if every_agency:
        # Agencies no longer active stay in the table only if they recorded something.
        agencies = agencies.filter(Q(is_active=True) | Q(pk__in=[r.agency_id for r in records]))
    else:
        agencies = agencies.filter(Q(group__user=user) | Q(pk__in=[r.agency_id for r in records]))
    by_agency: dict[int, list[Dissemination]] = {}
    for record in records:
        by_agency.setdefault(record.agency_id, []).append(record)
    rows = [
        AgencyRow(agency, by_agency.get(agency.pk, [])) for agency in agencies.distinct().order_by("name")
    ]
    changeable = Dissemination.objects.changeable_by(user).filter(review=review).values_list("pk", flat=True)
    return DisseminationTable(rows=rows, every_agency=every_agency, changeable_ids=frozenset(changeable))


# --- The reach of the brief, for the review page ------------------------------------------------------


@dataclass(frozen=True)
class AgencyReach:
    agency: Agency
    received: bool
    used: bool


@dataclass(frozen=True)
class BriefReach:
    """How far the brief went, in one query: per agency, whether it received the brief and used it."""

    rows: list[AgencyReach]
    every_agency: bool

    @property
    def agency_count(self) -> int:
        return len(self.rows)

    @property
    def received_count(self) -> int:
        return sum(row.received for row in self.rows)

    @property
    def used_count(self) -> int:
        return sum(row.used for row in self.rows)


def brief_reach(user, review: Review, *, every_agency: bool) -> BriefReach:
    """Each agency's reach as `user` may see it. `every_agency`: the user reads the whole review (the
    caller knows, e.g. from reviews.authoring.content_rights); otherwise only their own agencies."""
    visible = Dissemination.objects.visible_to(user).filter(review=review)
    agencies = Agency.objects.filter(partnership_id=review.partnership_id).annotate(
        received=Exists(visible.filter(agency=OuterRef("pk"))),
        used=Exists(visible.filter(agency=OuterRef("pk")).exclude(used_how="")),
    )
    shown = Q(is_active=True) if every_agency else Q(group__user=user)
    agencies = agencies.filter(shown | Q(received=True)).distinct().order_by("name")
    return BriefReach(
        rows=[AgencyReach(agency, agency.received, agency.used) for agency in agencies],
        every_agency=every_agency,
    )
