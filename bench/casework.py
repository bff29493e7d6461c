"""The reviews of generated partnerships and everything in them: coding, findings, recommendations,
action plans, actions and progress updates, with the object permissions each calls for."""

import datetime
import random
from dataclasses import dataclass

from actions.choices import Rag, Status
from actions.models import Action, ActionPlan, ProgressUpdate
from agencies.models import Nation
from reviews.models import (
    CaseCoding,
    Decision,
    Finding,
    FindingKind,
    Recommendation,
    Response,
    Review,
    ReviewKind,
    Stage,
    Theme,
)

from . import coding
from .coding import methodology
from .grants import GrantRows
from .people import PartnershipRows, at_noon
from .rows import insert_rows, next_id

# Themes named most often in learning briefs come up more often here.
THEME_WEIGHTS = {
    "neglect": 6,
    "information-sharing": 6,
    "multi-agency-working": 5,
    "childs-voice": 4,
    "assessment": 4,
    "professional-challenge": 3,
    "domestic-abuse": 3,
    "mental-health": 3,
    "substance-misuse": 2,
    "supervision": 2,
}
FINDING_KINDS = {FindingKind.LEARNING: 60, FindingKind.TO_IMPROVE: 25, FindingKind.STRENGTH: 15}


@dataclass(frozen=True)
class Shape:
    """How much to generate."""

    partnerships: int
    reviews: int
    actions: int
    progress_updates: int


@dataclass
class Counts:
    reviews: int = 0
    open_reviews: int = 0
    findings: int = 0
    recommendations: int = 0
    plans: int = 0
    actions: int = 0
    open_actions: int = 0
    progress_updates: int = 0
    permissions: int = 0

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


REVIEW_COLUMNS = (
    "id", "partnership_id", "reference", "kind", "methodology", "pseudonym", "title", "background",
    "status", "incident_on", "aware_on", "notified_on", "rapid_review_sent_on", "decision", "decision_on",
    "decision_rationale", "panel_informed_on", "commissioned_on", "final_report_on", "report_sent_on",
    "published_on", "not_published_reason", "closed_on", "closure_rationale", "created_at", "updated_at",
)  # fmt: skip


def _review_row(pk: int, partnership: PartnershipRows, n: int, today: datetime.date, rng: random.Random):
    """One review notified in the last ten years: closed when older than two and a half years, else open
    with the statutory dates that have come so far (a few open ones miss a deadline)."""
    days = datetime.timedelta
    notified = today - days(rng.randint(110, 3650))
    is_open = notified > today - days(913)
    kind = ReviewKind.CPR_CONCISE if partnership.nation == Nation.WALES else ReviewKind.LCSPR
    decision_on = notified + days(12)
    dates = {
        "incident_on": notified - days(10),
        "aware_on": notified - days(2),
        "notified_on": notified,
        "rapid_review_sent_on": notified + days(10),
        "decision_on": decision_on,
        "panel_informed_on": decision_on + days(1),
        "commissioned_on": decision_on + days(30),
        "final_report_on": decision_on + days(150),
        "report_sent_on": decision_on + days(170),
        "published_on": decision_on + days(200),
    }
    # Dates still in the future have not happened; a review missing one has that deadline open.
    if is_open and rng.random() < 0.03:
        dates["panel_informed_on"] = None
    for name in ("final_report_on", "report_sent_on", "published_on"):
        if dates[name] > today:
            dates[name] = None
    if dates["final_report_on"] is None:
        dates["report_sent_on"] = dates["published_on"] = None
    if dates["report_sent_on"] is None:
        dates["published_on"] = None
    closed_on = None if is_open else min(notified + days(1000), today - days(30))
    if closed_on:
        status = Stage.CLOSED
    elif dates["final_report_on"] is None:
        status = Stage.EVIDENCE
    else:
        status = Stage.MONITORING
    created = at_noon(notified)
    method = methodology(partnership.nation == Nation.WALES, rng)
    row = (
        pk, partnership.pk, f"BENCH-{notified.year}-{n}", kind, method, f"Child B{n}",
        f"Practice review {n}", "", status, dates["incident_on"], dates["aware_on"], notified,
        dates["rapid_review_sent_on"],
        Decision.LCSPR, decision_on, "The criteria for a local review are met.", dates["panel_informed_on"],
        dates["commissioned_on"], dates["final_report_on"], dates["report_sent_on"], dates["published_on"],
        "", closed_on, "All actions are complete." if closed_on else "", created, created,
    )  # fmt: skip
    return row, is_open, notified


ACTION_COLUMNS = (
    "id", "plan_id", "number", "description", "success_measure", "owner_id", "accountable_officer_id",
    "target_date", "revised_target_date", "revision_reason", "status", "rag_override", "rag_override_reason",
    "completed_by_id", "completed_at", "verified_by_id", "verified_at", "created_at", "updated_at",
)  # fmt: skip
UPDATE_COLUMNS = ("id", "action_id", "author_id", "written_on", "narrative", "status", "rag", "created_at")


def _status(is_open_review: bool, rng: random.Random) -> str:
    draw = rng.random()
    if is_open_review:  # 80% open, 8% awaiting verification, 12% verified
        if draw < 0.8:
            return Status.IN_PROGRESS if draw < 0.6 else Status.NOT_STARTED
        return Status.AWAITING_VERIFICATION if draw < 0.88 else Status.VERIFIED
    if draw < 0.125:  # closed reviews: everything done
        return Status.AWAITING_VERIFICATION
    return Status.SUPERSEDED if draw < 0.2 else Status.VERIFIED


FINDING_COLUMNS = ("id", "review_id", "number", "kind", "title", "text", "created_at", "updated_at")
RECOMMENDATION_COLUMNS = (
    "id", "review_id", "number", "text", "to_partnership", "response", "response_reason", "responded_on",
    "created_at", "updated_at",
)  # fmt: skip


class _Ids:
    """The next free id of each table, so rows can name each other before they are written."""

    def __init__(self, *models):
        self.next = {model: next_id(model) for model in models}

    def take(self, model) -> int:
        pk = self.next[model]
        self.next[model] += 1
        return pk


class _Rows:
    """Rows gathered for one batch of partnerships, by table."""

    def __init__(self):
        self.reviews, self.codings, self.plans = [], [], []
        self.findings, self.finding_themes, self.finding_agencies = [], [], []
        self.recommendations, self.recommendation_agencies, self.recommendation_findings = [], [], []
        self.actions, self.action_recommendations, self.updates = [], [], []

    def write(self) -> None:
        insert_rows(Review, REVIEW_COLUMNS, self.reviews)
        insert_rows(CaseCoding, coding.COLUMNS, self.codings)
        insert_rows(
            ActionPlan, ("id", "review_id", "agency_id", "agreed_on", "created_at", "updated_at"), self.plans
        )
        insert_rows(Finding, FINDING_COLUMNS, self.findings)
        insert_rows(Finding.themes.through, ("finding_id", "theme_id"), self.finding_themes)
        insert_rows(Finding.agencies.through, ("finding_id", "agency_id"), self.finding_agencies)
        insert_rows(Recommendation, RECOMMENDATION_COLUMNS, self.recommendations)
        insert_rows(
            Recommendation.agencies.through, ("recommendation_id", "agency_id"), self.recommendation_agencies
        )
        insert_rows(
            Recommendation.findings.through, ("recommendation_id", "finding_id"), self.recommendation_findings
        )
        insert_rows(Action, ACTION_COLUMNS, self.actions)
        insert_rows(
            Action.recommendations.through, ("action_id", "recommendation_id"), self.action_recommendations
        )
        insert_rows(ProgressUpdate, UPDATE_COLUMNS, self.updates)


class Casework:
    """Writes the reviews of some partnerships, in the proportions of a `Shape`."""

    def __init__(self, today: datetime.date, rng: random.Random):
        self.today = today
        self.rng = rng
        self.ids = _Ids(Review, ActionPlan, Finding, Recommendation, Action, ProgressUpdate)
        themes = dict(Theme.objects.values_list("slug", "pk"))
        self.theme_ids = list(themes.values())
        self.theme_weights = [THEME_WEIGHTS.get(slug, 1) for slug in themes]
        self.grants = GrantRows()

    def write(self, partnerships: list[PartnershipRows], shape: Shape) -> Counts:
        counts = Counts()
        rows = _Rows()
        plans_per_review = []
        reviews = []
        for n in range(shape.reviews):
            partnership = partnerships[n % len(partnerships)]
            pk = self.ids.take(Review)
            row, is_open, notified = _review_row(pk, partnership, pk, self.today, self.rng)
            rows.reviews.append(row)
            rows.codings.append(coding.coding_row(pk, self.rng))
            agencies = self.rng.sample(partnership.agencies, self.rng.randint(3, 5))
            reviews.append((pk, partnership, is_open, notified, row, agencies))
            plans_per_review.append(len(agencies))
            counts.reviews += 1
            counts.open_reviews += is_open
        plans = sum(plans_per_review)
        per_plan, extra = divmod(shape.actions, plans)
        updates_per_action = shape.progress_updates / shape.actions
        plan_index = 0
        for pk, partnership, is_open, notified, row, agencies in reviews:
            self.grants.review(partnership, pk, [a.group_id for a in agencies])
            findings = self._findings(rows, counts, pk, partnership, agencies, notified)
            addressed = self._recommendations(
                rows, counts, pk, partnership, agencies, findings, notified, row
            )
            for agency in agencies:
                actions = per_plan + (plan_index < extra)
                plan_index += 1
                self._plan(rows, counts, partnership, agency, pk, is_open, notified, actions, addressed,
                           updates_per_action)  # fmt: skip
        rows.write()
        counts.permissions = self.grants.write()
        return counts

    def _findings(self, rows, counts, review_id, partnership, agencies, notified) -> list[int]:
        rng = self.rng
        written = at_noon(notified + datetime.timedelta(days=150))
        ids = []
        for number in range(1, rng.randint(3, 9) + 1):
            pk = self.ids.take(Finding)
            kind = rng.choices(list(FINDING_KINDS), weights=list(FINDING_KINDS.values()))[0]
            rows.findings.append(
                (pk, review_id, number, kind, f"Finding {number}",
                 "Professionals saw the pieces but nobody held the whole picture.", written, written)
            )  # fmt: skip
            themes = set(rng.choices(self.theme_ids, weights=self.theme_weights, k=rng.randint(1, 3)))
            rows.finding_themes += [(pk, theme) for theme in themes]
            concerned = rng.sample(agencies, rng.randint(1, 2))
            rows.finding_agencies += [(pk, agency.pk) for agency in concerned]
            self.grants.finding(partnership, pk, [agency.group_id for agency in concerned])
            ids.append(pk)
            counts.findings += 1
        return ids

    def _recommendations(
        self, rows, counts, review_id, partnership, agencies, findings, notified, review_row
    ):
        """One recommendation to each agency with a plan (a second agency now and then), and up to two to
        the partnership; the recommendations each agency's actions may answer."""
        rng = self.rng
        written = at_noon(notified + datetime.timedelta(days=150))
        final_report_on = review_row[REVIEW_COLUMNS.index("final_report_on")]
        addressed = {agency.pk: [] for agency in agencies}
        to_partnership = []
        targets = [[agency] for agency in agencies] + [[] for _ in range(rng.randint(0, 2))]
        for number, named in enumerate(targets, start=1):
            if named and rng.random() < 0.2:
                named = [*named, rng.choice([a for a in agencies if a not in named])]
            pk = self.ids.take(Recommendation)
            accepted = final_report_on is not None
            response = Response.ACCEPTED if accepted else Response.PENDING
            rows.recommendations.append(
                (pk, review_id, number, "Agencies should check that the child's voice is heard.", not named,
                 response, "", final_report_on if accepted else None, written, written)
            )  # fmt: skip
            rows.recommendation_agencies += [(pk, agency.pk) for agency in named]
            cited = rng.sample(findings, min(len(findings), rng.randint(1, 2)))
            rows.recommendation_findings += [(pk, finding) for finding in cited]
            groups = [a.group_id for a in named] if named else [a.group_id for a in agencies]
            self.grants.recommendation(partnership, pk, groups)
            for agency in named:
                addressed[agency.pk].append(pk)
            if not named:
                to_partnership.append(pk)
            counts.recommendations += 1
        return {agency: mine + to_partnership for agency, mine in addressed.items()}

    def _plan(self, rows, counts, partnership, agency, review_id, open_review, notified, how_many, addressed,
              updates_per_action):  # fmt: skip
        rng, today, days = self.rng, self.today, datetime.timedelta
        plan = self.ids.take(ActionPlan)
        agreed = notified + days(40)
        rows.plans.append((plan, review_id, agency.pk, agreed, at_noon(agreed), at_noon(agreed)))
        self.grants.plan(partnership, plan, agency.group_id)
        counts.plans += 1
        for number in range(1, how_many + 1):
            pk = self.ids.take(Action)
            status = _status(open_review, rng)
            is_open = status in (Status.IN_PROGRESS, Status.NOT_STARTED)
            target = min(notified + days(rng.randint(180, 1100)), today + days(913))
            revised = target + days(rng.randint(30, 240)) if rng.random() < 0.1 else None
            owner = rng.choice(agency.owner_ids) if rng.random() >= 0.05 else None
            created_on = min(notified + days(rng.randint(40, 120)), today)
            completed_by = completed_at = verified_by = verified_at = None
            if status in (Status.AWAITING_VERIFICATION, Status.VERIFIED):
                completed_by = owner or agency.lead_id
                done_on = min((revised or target) + days(rng.randint(-60, 30)), today)
                completed_at = at_noon(max(done_on, created_on))
                if status == Status.VERIFIED:
                    verified_by = partnership.chair_id
                    verified_at = min(completed_at + days(rng.randint(5, 60)), at_noon(today))
            reason = "Delayed by a restructure of the service." if revised else ""
            rows.actions.append(
                (pk, plan, str(number), f"Action {pk}: audit practice and report to the panel.", "", owner,
                 agency.lead_id, target, revised, reason,
                 status, "", "", completed_by, completed_at, verified_by, verified_at, at_noon(created_on),
                 at_noon(created_on))
            )  # fmt: skip
            rows.action_recommendations.append((pk, rng.choice(addressed[agency.pk])))
            self.grants.action(partnership, pk, agency.group_id)
            counts.actions += 1
            counts.open_actions += is_open
            # Updates between the action's start and its completion (or today); none for about one in nine.
            last = completed_at.date() if completed_at else today
            span = max((last - created_on).days, 0)
            how_many_updates = rng.randint(0, round(2 * updates_per_action))
            for day in sorted(created_on + days(rng.randint(0, span)) for _ in range(how_many_updates)):
                rows.updates.append(
                    (self.ids.take(ProgressUpdate), pk, owner, day, "Audit under way; report to the panel.",
                     Status.IN_PROGRESS if is_open else status, rng.choice(Rag.values), at_noon(day))
                )  # fmt: skip
                counts.progress_updates += 1
