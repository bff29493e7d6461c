"""The yearly report pack: the reviews of one year, what was decided, recommended and done about them.

A year's reviews are those notified in it, plus those published or closed in it. For each: its kind,
stage, decision and rationale, dates, its recommendations with the partnership's response and the actions
answering them, counts of actions (verified, verified with evidence of impact, open, overdue), the
evidence of impact (titles and descriptions only: file names can name people) and its learning brief's
reach. The page, the PDF and the XLSX are all drawn from one `YearlyReport`.

The report goes to boards: reviews appear by reference and kind, never by the child's pseudonym or the
review's title (titles often carry the pseudonym). Everything starts from `visible_to(user)`, so each
reader's report holds only what they may see. The queries are a fixed handful whatever the year holds.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import ExtractYear
from django.template.loader import render_to_string
from django.utils import timezone

from actions.choices import Status
from actions.models import Action, Evidence, EvidencePurpose
from agencies.models import Partnership
from reviews.models import Dissemination, LearningBrief, Recommendation, Response, Review

from .tables import Table

# Serious case reviews go back to the 1990s; a year beyond next one cannot hold a review yet.
FIRST_YEAR = 1990

# The dates that put a review in a year's report, with how the report says so.
YEAR_EVENTS = (("notified_on", "Notified"), ("published_on", "Published"), ("closed_on", "Closed"))

OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)


def year_in_range(year: int, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return FIRST_YEAR <= year <= today.year + 1


def report_years(user) -> list[int]:
    """The years in which the user sees a review notified, published or closed, latest first."""
    reviews = Review.objects.visible_to(user)
    years: set[int] = set()
    for date_field, _ in YEAR_EVENTS:
        years.update(
            reviews.exclude(**{f"{date_field}__isnull": True})
            .order_by()
            .annotate(year=ExtractYear(date_field))
            .values_list("year", flat=True)
            .distinct()
        )
    return sorted((year for year in years if year_in_range(year)), reverse=True)


# --- The report's content -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionCounts:
    """Open: not started or in progress. Overdue: open and past its due date (the revised one if any).
    Verified with impact: verified, with at least one piece of evidence of impact."""

    total: int = 0
    verified: int = 0
    verified_with_impact: int = 0
    awaiting_verification: int = 0
    open: int = 0
    overdue: int = 0

    def __add__(self, other: "ActionCounts") -> "ActionCounts":
        return ActionCounts(**{name: getattr(self, name) + getattr(other, name) for name in _COUNT_FIELDS})


_COUNT_FIELDS = ("total", "verified", "verified_with_impact", "awaiting_verification", "open", "overdue")


@dataclass(frozen=True)
class ActionLine:
    """An action answering a recommendation, as the board reads it: no owner's name."""

    agency: str
    number: str
    description: str
    status: str
    status_label: str
    due_on: datetime.date
    verified_on: datetime.date | None
    has_impact_evidence: bool


@dataclass(frozen=True)
class RecommendationEntry:
    number: int
    text: str
    addressed_to: str
    response: str
    response_label: str
    response_reason: str
    responded_on: datetime.date | None
    actions: list[ActionLine]

    @property
    def not_accepted(self) -> bool:
        return self.response == Response.NOT_ACCEPTED


@dataclass(frozen=True)
class ImpactEvidenceLine:
    review_reference: str
    agency: str
    action_number: str
    title: str
    description: str
    recheck_on: datetime.date | None


@dataclass(frozen=True)
class BriefReach:
    issued_on: datetime.date | None
    agencies_received: int
    agencies_used: int
    practitioners_reached: int


@dataclass
class ReviewEntry:
    review: Review
    events: list[str]  # e.g. ["Notified", "Published"]: why the review is in this year's report
    recommendations: list[RecommendationEntry] = field(default_factory=list)
    counts: ActionCounts = field(default_factory=ActionCounts)
    impact_evidence: list[ImpactEvidenceLine] = field(default_factory=list)
    brief: BriefReach | None = None

    @property
    def reference(self) -> str:
        return self.review.reference


@dataclass
class YearlyReport:
    year: int
    partnership_names: list[str]
    reviews: list[ReviewEntry]
    made_on: datetime.date

    @property
    def title(self) -> str:
        return f"Yearly report {self.year}"

    @property
    def totals(self) -> ActionCounts:
        return sum((entry.counts for entry in self.reviews), ActionCounts())

    @property
    def recommendations(self) -> list[tuple[ReviewEntry, RecommendationEntry]]:
        return [(entry, line) for entry in self.reviews for line in entry.recommendations]

    @property
    def impact_evidence(self) -> list[ImpactEvidenceLine]:
        return [line for entry in self.reviews for line in entry.impact_evidence]

    @property
    def briefs(self) -> list[tuple[ReviewEntry, BriefReach]]:
        return [(entry, entry.brief) for entry in self.reviews if entry.brief]

    def event_count(self, event: str) -> int:
        return sum(event in entry.events for entry in self.reviews)

    def response_count(self, response: str) -> int:
        return sum(line.response == response for _, line in self.recommendations)

    def tables(self) -> list[Table]:
        return report_tables(self)


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _in_year_query(year: int) -> Q:
    bounds = _year_bounds(year)
    query = Q()
    for date_field, _ in YEAR_EVENTS:
        query |= Q(**{f"{date_field}__range": bounds})
    return query


def _has_impact_evidence():
    return Exists(Evidence.objects.filter(action=OuterRef("pk"), purpose=EvidencePurpose.IMPACT))


def _action_counts(user, review_ids: list[int], today: datetime.date) -> dict[int, ActionCounts]:
    """Per review, counted in one grouped query over the actions the user sees."""
    verified = Q(status=Status.VERIFIED)
    open_ = Q(status__in=OPEN_STATUSES)
    # Due on the revised date when there is one (as actions.rag reads it).
    past_due = Q(revised_target_date__lt=today) | Q(revised_target_date__isnull=True, target_date__lt=today)
    rows = (
        Action.objects.visible_to(user)
        .filter(plan__review__in=review_ids)
        .order_by()
        .values("plan__review_id")
        .annotate(
            total=Count("pk"),
            verified=Count("pk", filter=verified),
            verified_with_impact=Count("pk", filter=verified & _has_impact_evidence()),
            awaiting_verification=Count("pk", filter=Q(status=Status.AWAITING_VERIFICATION)),
            open=Count("pk", filter=open_),
            overdue=Count("pk", filter=open_ & past_due),
        )
    )
    return {row.pop("plan__review_id"): ActionCounts(**row) for row in rows}


def _addressed_to(recommendation: Recommendation) -> str:
    names = [agency.short_name or agency.name for agency in recommendation.agencies.all()]
    if recommendation.to_partnership:
        names.insert(0, "The partnership")
    return ", ".join(names) or "Not yet addressed"


def _action_line(action: Action) -> ActionLine:
    return ActionLine(
        agency=action.plan.agency.short_name or action.plan.agency.name,
        number=action.number,
        description=action.description,
        status=action.status,
        status_label=action.get_status_display(),
        due_on=action.due_date,
        verified_on=timezone.localdate(action.verified_at) if action.verified_at else None,
        has_impact_evidence=action.has_impact_evidence,
    )


def _recommendations(user, review_ids: list[int]) -> dict[int, list[RecommendationEntry]]:
    answering = (
        Action.objects.visible_to(user)
        .select_related("plan__agency")
        .annotate(has_impact_evidence=_has_impact_evidence())
        .order_by("plan__agency__name", "number")
    )
    recommendations = (
        Recommendation.objects.visible_to(user)
        .filter(review__in=review_ids)
        .prefetch_related("agencies", Prefetch("actions", queryset=answering))
        .order_by("review", "number")
    )
    by_review: dict[int, list[RecommendationEntry]] = defaultdict(list)
    for recommendation in recommendations:
        by_review[recommendation.review_id].append(
            RecommendationEntry(
                number=recommendation.number,
                text=recommendation.text,
                addressed_to=_addressed_to(recommendation),
                response=recommendation.response,
                response_label=recommendation.get_response_display(),
                response_reason=recommendation.response_reason,
                responded_on=recommendation.responded_on,
                actions=[_action_line(action) for action in recommendation.actions.all()],
            )
        )
    return by_review


def _impact_evidence(user, review_ids: list[int]) -> dict[int, list[ImpactEvidenceLine]]:
    evidence = (
        Evidence.objects.visible_to(user)
        .filter(purpose=EvidencePurpose.IMPACT, action__plan__review__in=review_ids)
        .select_related("action__plan__agency", "action__plan__review")
        .order_by("action__plan__agency__name", "action__number", "created_at")
    )
    by_review: dict[int, list[ImpactEvidenceLine]] = defaultdict(list)
    for item in evidence:
        plan = item.action.plan
        by_review[plan.review_id].append(
            ImpactEvidenceLine(
                review_reference=plan.review.reference,
                agency=plan.agency.short_name or plan.agency.name,
                action_number=item.action.number,
                title=item.title,
                description=item.description,
                recheck_on=item.recheck_on,
            )
        )
    return by_review


def _brief_reach(user, review_ids: list[int]) -> dict[int, BriefReach]:
    issued = dict(
        LearningBrief.objects.visible_to(user)
        .filter(review__in=review_ids)
        .values_list("review_id", "issued_on")
    )
    reach = {
        row["review_id"]: row
        for row in Dissemination.objects.visible_to(user)
        .filter(review__in=review_ids)
        .order_by()
        .values("review_id")
        .annotate(
            received=Count("agency", distinct=True),
            used=Count("agency", filter=~Q(used_how=""), distinct=True),
            reached=Sum("reached"),
        )
    }
    return {
        review_id: BriefReach(
            issued_on=issued_on,
            agencies_received=reach.get(review_id, {}).get("received", 0),
            agencies_used=reach.get(review_id, {}).get("used", 0),
            practitioners_reached=reach.get(review_id, {}).get("reached") or 0,
        )
        for review_id, issued_on in issued.items()
    }


def yearly_report(user, year: int, *, today: datetime.date | None = None) -> YearlyReport:
    """The report of `year` as `user` may see it."""
    today = today or timezone.localdate()
    reviews = list(
        Review.objects.visible_to(user)
        .filter(_in_year_query(year))
        .select_related("partnership")
        .order_by("partnership__name", "notified_on", "reference")
    )
    ids = [review.pk for review in reviews]
    counts = _action_counts(user, ids, today) if ids else {}
    recommendations = _recommendations(user, ids) if ids else {}
    evidence = _impact_evidence(user, ids) if ids else {}
    briefs = _brief_reach(user, ids) if ids else {}
    entries = [
        ReviewEntry(
            review=review,
            events=[label for date_field, label in YEAR_EVENTS if _in(getattr(review, date_field), year)],
            recommendations=recommendations.get(review.pk, []),
            counts=counts.get(review.pk, ActionCounts()),
            impact_evidence=evidence.get(review.pk, []),
            brief=briefs.get(review.pk),
        )
        for review in reviews
    ]
    names = sorted({review.partnership.name for review in reviews})
    return YearlyReport(year=year, partnership_names=names, reviews=entries, made_on=today)


def _in(day: datetime.date | None, year: int) -> bool:
    return day is not None and day.year == year


def report_partnerships(user, report: YearlyReport) -> list:
    """The partnerships a download of this report is logged against: those of its reviews, else the
    user's own (an empty report still left the service)."""
    seen = {entry.review.partnership_id: entry.review.partnership for entry in report.reviews}
    if seen:
        return list(seen.values())
    return list(Partnership.objects.filter(memberships__user=user).distinct())


# --- Tables: the summary on the page, every sheet of the XLSX -------------------------------------------


def summary_table(report: YearlyReport) -> Table:
    totals = report.totals
    return Table(
        slug="summary",
        title=f"Summary of {report.year}",
        headers=["Measure", "Number"],
        rows=[
            ["Reviews in this report", len(report.reviews)],
            [f"Reviews notified in {report.year}", report.event_count("Notified")],
            [f"Reviews published in {report.year}", report.event_count("Published")],
            [f"Reviews closed in {report.year}", report.event_count("Closed")],
            ["Recommendations", len(report.recommendations)],
            ["Recommendations accepted", report.response_count(Response.ACCEPTED)],
            ["Recommendations not accepted", report.response_count(Response.NOT_ACCEPTED)],
            ["Recommendations awaiting a response", report.response_count(Response.PENDING)],
            ["Actions", totals.total],
            ["Actions verified", totals.verified],
            ["Actions verified with evidence of impact", totals.verified_with_impact],
            ["Actions awaiting verification", totals.awaiting_verification],
            ["Actions open", totals.open],
            ["Actions overdue", totals.overdue],
            ["Learning briefs", len(report.briefs)],
        ],
    )


def report_tables(report: YearlyReport) -> list[Table]:
    reviews = Table(
        slug="reviews",
        title="Reviews",
        headers=[
            "Review",
            "Kind",
            "Stage",
            f"Why it is in the {report.year} report",
            "Notified",
            "Decision",
            "Decision made",
            "Decision rationale",
            "Published",
            "Closed",
            "Actions",
            "Verified",
            "Verified with evidence of impact",
            "Open",
            "Overdue",
        ],
        rows=[
            [
                entry.reference,
                entry.review.get_kind_display(),
                entry.review.get_status_display(),
                ", ".join(entry.events),
                entry.review.notified_on,
                entry.review.get_decision_display() or "Not yet decided",
                entry.review.decision_on,
                entry.review.decision_rationale,
                entry.review.published_on,
                entry.review.closed_on,
                entry.counts.total,
                entry.counts.verified,
                entry.counts.verified_with_impact,
                entry.counts.open,
                entry.counts.overdue,
            ]
            for entry in report.reviews
        ],
    )
    recommendations = Table(
        slug="recommendations",
        title="Recommendations",
        headers=[
            "Review",
            "Recommendation",
            "Text",
            "Addressed to",
            "Response",
            "Reason not accepted",
            "Responded on",
            "Actions answering it",
        ],
        rows=[
            [
                entry.reference,
                line.number,
                line.text,
                line.addressed_to,
                line.response_label,
                line.response_reason if line.not_accepted else "",
                line.responded_on,
                "; ".join(f"{a.agency} {a.number}: {a.status_label}" for a in line.actions),
            ]
            for entry, line in report.recommendations
        ],
    )
    actions = Table(
        slug="actions",
        title="Actions",
        headers=[
            "Review",
            "Recommendation",
            "Agency",
            "Action",
            "Description",
            "Status",
            "Due",
            "Verified on",
            "Evidence of impact",
        ],
        rows=[
            [
                entry.reference,
                line.number,
                action.agency,
                action.number,
                action.description,
                action.status_label,
                action.due_on,
                action.verified_on,
                action.has_impact_evidence,
            ]
            for entry, line in report.recommendations
            for action in line.actions
        ],
    )
    evidence = Table(
        slug="impact-evidence",
        title="Evidence of impact",
        headers=["Review", "Agency", "Action", "Title", "Description", "Re-check on"],
        rows=[
            [e.review_reference, e.agency, e.action_number, e.title, e.description, e.recheck_on]
            for e in report.impact_evidence
        ],
    )
    briefs = Table(
        slug="learning-briefs",
        title="Learning briefs",
        headers=[
            "Review",
            "Issued",
            "Agencies that received it",
            "Agencies that used it",
            "Practitioners reached",
        ],
        rows=[
            [
                entry.reference,
                brief.issued_on,
                brief.agencies_received,
                brief.agencies_used,
                brief.practitioners_reached,
            ]
            for entry, brief in report.briefs
        ],
    )
    return [summary_table(report), reviews, recommendations, actions, evidence, briefs]


# --- The PDF --------------------------------------------------------------------------------------------

PRINT_STYLESHEET = "actions/reports/report_print.css"


@cache
def _stylesheet_text() -> str:
    return render_to_string(PRINT_STYLESHEET)


def yearly_report_pdf(report: YearlyReport) -> bytes:
    """An A4 PDF of the report. Like the learning brief's, it fetches nothing: the style sheet is handed
    over inline and every URL the document names is refused."""
    # Imported here: WeasyPrint loads Pango when imported, which only this download needs.
    from weasyprint import CSS, HTML

    from reviews.brief_pdf import refusing_url_fetcher

    fetcher = refusing_url_fetcher()
    html = render_to_string(
        "actions/reports/report_pdf.html", {"report": report, "summary": summary_table(report)}
    )
    stylesheet = CSS(string=_stylesheet_text(), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf(stylesheets=[stylesheet])
