"""The progress dashboard: actions per agency and per review, counted in the database.

Everything starts from Action.objects.visible_to(user), so each person's figures count only the actions
they may see. Each table is one aggregate query (GROUP BY agency, review or month), so the number of
queries does not grow with the number of actions. Every figure links to the records page
(`dashboard_actions`), whose filters are built from the same conditions (`figure_condition`), so a figure
and the list behind it cannot disagree.
"""

import datetime
import functools
import statistics
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connections
from django.db.models import Aggregate, Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import get_script_prefix, get_urlconf, reverse

from actions.choices import OPEN, Rag, Status
from actions.models import Action, Evidence, EvidencePurpose
from actions.reminders.policy import Policies, all_policies

from .tables import Table

# The period an action counts in: its due date, or the day it was completed or verified, falls in it.
THIS_YEAR, LAST_12_MONTHS, YEAR, ALL_TIME = "this_year", "last_12_months", "year", "all"

# The conditions a figure can stand for, as GET flags of the records page.
FLAGS = (
    "overdue",
    "long_overdue",
    "verified_with_impact",
    "verified_without_impact",
    "completed_without_verification",
)


@dataclass(frozen=True)
class Filters:
    """The dashboard's filters, and the GET parameters that reproduce them."""

    period: str = ALL_TIME
    year: int | None = None
    review_kind: str = ""
    agency_id: int | None = None

    def bounds(self, today: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
        """First and last day of the period (None, None for all time)."""
        if self.period == THIS_YEAR:
            return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
        if self.period == LAST_12_MONTHS:
            try:
                year_ago = today.replace(year=today.year - 1)
            except ValueError:  # 29 February
                year_ago = datetime.date(today.year - 1, 2, 28)
            return year_ago + datetime.timedelta(days=1), today
        if self.period == YEAR and self.year:
            return datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)
        return None, None

    def params(self) -> dict:
        params = {}
        if self.period != ALL_TIME:
            params["period"] = self.period
            if self.period == YEAR and self.year:
                params["year"] = self.year
        if self.review_kind:
            params["review_kind"] = self.review_kind
        if self.agency_id:
            params["agency"] = self.agency_id
        return params


# --- conditions -----------------------------------------------------------------------------------------


def _due_before(day: datetime.date, *, inclusive=False) -> Q:
    """The action's due date (the revised one when there is one) is before `day` (or on it)."""
    lookup = "lte" if inclusive else "lt"
    return Q(**{f"revised_target_date__{lookup}": day}) | Q(
        revised_target_date__isnull=True, **{f"target_date__{lookup}": day}
    )


def _due_within(start, end) -> Q:
    return Q(revised_target_date__gte=start, revised_target_date__lte=end) | Q(
        revised_target_date__isnull=True, target_date__gte=start, target_date__lte=end
    )


def period_condition(filters: Filters, today: datetime.date) -> Q:
    start, end = filters.bounds(today)
    if start is None:
        return Q()
    return (
        _due_within(start, end)
        | Q(completed_at__date__gte=start, completed_at__date__lte=end)
        | Q(verified_at__date__gte=start, verified_at__date__lte=end)
    )


def long_overdue_condition(today: datetime.date, policies: Policies | None = None) -> Q:
    """Open and overdue by at least the escalation days of the action's partnership's reminder policy
    (as the long-overdue reminder counts it). One query reads every partnership's policy."""
    condition = Q(pk__in=[])
    for group in (policies or all_policies()).groups():
        cutoff = today - datetime.timedelta(days=group.policy.escalate_after_days)
        condition |= group.filter("plan__review__partnership") & _due_before(cutoff, inclusive=True)
    return OPEN & condition


def escalation_days(policies: Policies) -> list[int]:
    """The escalation days in use (the default and any partnership's own), for the page's words."""
    return sorted({group.policy.escalate_after_days for group in policies.groups()})


def _impact_evidence():
    return Evidence.objects.filter(purpose=EvidencePurpose.IMPACT).values("action_id")


def figure_condition(flag: str, today: datetime.date, long_overdue: Q | None = None) -> Q:
    """The condition one flag of the records page stands for."""
    if flag == "overdue":
        return OPEN & _due_before(today)
    if flag == "long_overdue":
        return long_overdue if long_overdue is not None else long_overdue_condition(today)
    if flag == "verified_with_impact":
        return Q(status=Status.VERIFIED, pk__in=_impact_evidence())
    if flag == "verified_without_impact":
        return Q(status=Status.VERIFIED) & ~Q(pk__in=_impact_evidence())
    if flag == "completed_without_verification":
        return Q(status=Status.AWAITING_VERIFICATION)
    raise ValueError(flag)


def month_condition(month: datetime.date) -> Q:
    """Verified in the calendar month starting on `month` (in the service's time zone, as TruncMonth)."""
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return Q(status=Status.VERIFIED, verified_at__date__gte=month, verified_at__date__lt=following)


def dashboard_actions(user, filters: Filters, today: datetime.date) -> QuerySet:
    """The actions the dashboard counts: those the user may see, within the filters."""
    actions = Action.objects.visible_to(user).filter(period_condition(filters, today))
    if filters.review_kind:
        actions = actions.filter(plan__review__kind=filters.review_kind)
    if filters.agency_id:
        actions = actions.filter(plan__agency_id=filters.agency_id)
    return actions


# --- records behind a figure ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """Which records a figure stands for, on top of the dashboard's filters."""

    agency_id: int | None = None
    review_id: int | None = None
    status: str = ""
    rag: str = ""
    flags: tuple[str, ...] = ()
    verified_month: datetime.date | None = None


def figure_actions(user, filters: Filters, figure: Figure, today: datetime.date) -> QuerySet:
    """The actions behind one figure, with their RAG, in due order."""
    actions = dashboard_actions(user, filters, today).with_rag(today)
    if figure.agency_id:
        actions = actions.filter(plan__agency_id=figure.agency_id)
    if figure.review_id:
        actions = actions.filter(plan__review_id=figure.review_id)
    if figure.status:
        actions = actions.filter(status=figure.status)
    if figure.rag:
        actions = actions.filter(rag=figure.rag)
    for flag in figure.flags:
        actions = actions.filter(figure_condition(flag, today))
    if figure.verified_month:
        # As the trend counts it: verified in the month, and within the period where the month straddles it.
        actions = actions.filter(month_condition(figure.verified_month))
        start, end = filters.bounds(today)
        if start is not None:
            actions = actions.filter(verified_at__date__gte=start, verified_at__date__lte=end)
    return actions.due_first().select_related("plan__review", "plan__agency")


@functools.cache
def _records_path(urlconf, script_prefix: str) -> str:
    # A dashboard links every figure (a thousand and more): the address is worked out once.
    return reverse("dashboard_actions")


def records_url(filters: Filters, **params) -> str:
    query = {**filters.params(), **{key: value for key, value in params.items() if value not in (None, "")}}
    return f"{_records_path(get_urlconf(), get_script_prefix())}?{urlencode(query)}"


# --- the tables -----------------------------------------------------------------------------------------


def _days(value) -> float | None:
    """A duration (an average or median) as days, to one decimal place."""
    if value is None:
        return None
    if isinstance(value, datetime.timedelta):
        return round(value.total_seconds() / 86400, 1)
    return round(float(value) / 86_400_000_000, 1)  # microseconds, where a database gives a number


class Median(Aggregate):
    """PostgreSQL's median of a group: the 50th percentile, interpolated (works on intervals too)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def _closure():
    return ExpressionWrapper(F("verified_at") - F("created_at"), output_field=DurationField())


def _agency_rows(actions: QuerySet, today: datetime.date, policies: Policies):
    """One row per agency with every count the agency tables need: one query (two on databases without
    a median aggregate, where the medians come from the verified actions' durations)."""
    counts = {f"status_{status.value}": Count("pk", filter=Q(status=status)) for status in Status}
    long_overdue = long_overdue_condition(today, policies)
    flags = {
        f"flag_{flag}": Count("pk", filter=figure_condition(flag, today, long_overdue)) for flag in FLAGS
    }
    verified = Q(status=Status.VERIFIED)
    in_sql = connections[actions.db].vendor == "postgresql"
    medians = {"median_closure": Median(_closure(), filter=verified, output_field=DurationField())}
    rows = list(
        actions.order_by()
        .values("plan__agency_id", "plan__agency__name")
        .annotate(
            total=Count("pk"),
            verified=Count("pk", filter=verified),
            average_closure=Avg(_closure(), filter=verified),
            **(medians if in_sql else {}),
            **counts,
            **flags,
        )
        .order_by("plan__agency__name")
    )
    if not in_sql:
        durations = {}
        closures = actions.filter(verified).order_by().annotate(closure=_closure())
        for agency_id, duration in closures.values_list("plan__agency_id", "closure").iterator():
            durations.setdefault(agency_id, []).append(duration)
        for row in rows:
            found = durations.get(row["plan__agency_id"])
            row["median_closure"] = statistics.median(found) if found else None
    return rows


def status_table(rows, filters: Filters) -> Table:
    statuses = list(Status)
    return Table(
        slug="status-by-agency",
        title="Actions by status, per agency",
        headers=["Agency", *(status.label for status in statuses), "Total"],
        rows=[
            [row["plan__agency__name"], *(row[f"status_{s.value}"] for s in statuses), row["total"]]
            for row in rows
        ],
        links=[
            [
                None,
                *(records_url(filters, agency=row["plan__agency_id"], status=s.value) for s in statuses),
                records_url(filters, agency=row["plan__agency_id"]),
            ]
            for row in rows
        ],
    )


def overdue_table(rows, filters: Filters, days: list[int]) -> Table:
    escalation = " or ".join(str(d) for d in days) or "the escalation"
    return Table(
        slug="overdue-by-agency",
        title="Overdue and long overdue actions, per agency",
        headers=["Agency", "Overdue", f"Long overdue ({escalation} days or more)"],
        caption=(
            "Open actions past their due date (the revised date when there is one). Long overdue: overdue "
            "for at least the days after which the partnership's reminders escalate to the panel chair. "
            "Long overdue actions are also counted as overdue."
        ),
        rows=[[r["plan__agency__name"], r["flag_overdue"], r["flag_long_overdue"]] for r in rows],
        links=[
            [
                None,
                records_url(filters, agency=r["plan__agency_id"], overdue=1),
                records_url(filters, agency=r["plan__agency_id"], long_overdue=1),
            ]
            for r in rows
        ],
    )


def verification_table(rows, filters: Filters) -> Table:
    flags = ("verified_with_impact", "verified_without_impact", "completed_without_verification")
    return Table(
        slug="verification-by-agency",
        title="Verified with evidence of impact, verified without, and completed awaiting verification",
        headers=[
            "Agency",
            "Verified with evidence of impact",
            "Verified without evidence of impact",
            "Completed, awaiting verification",
        ],
        rows=[[r["plan__agency__name"], *(r[f"flag_{flag}"] for flag in flags)] for r in rows],
        links=[
            [None, *(records_url(filters, agency=r["plan__agency_id"], **{flag: 1}) for flag in flags)]
            for r in rows
        ],
    )


def closure_table(rows, filters: Filters) -> Table:
    return Table(
        slug="time-to-verified-closure",
        title="Time to verified closure, per agency",
        headers=["Agency", "Actions verified", "Average days to verification", "Median days to verification"],
        caption="From the day an action was added to the day panel staff verified it.",
        rows=[
            [r["plan__agency__name"], r["verified"], _days(r["average_closure"]), _days(r["median_closure"])]
            for r in rows
            if r["verified"]
        ],
        links=[
            [None, *[records_url(filters, agency=r["plan__agency_id"], status=Status.VERIFIED.value)] * 3]
            for r in rows
            if r["verified"]
        ],
    )


def rag_table(actions: QuerySet, filters: Filters, today: datetime.date) -> Table:
    """Actions by RAG per review (the effective RAG: an override wins): one query."""
    rags = list(Rag)
    rows = list(
        actions.with_rag(today)
        .order_by()
        .values("plan__review_id", "plan__review__reference")
        .annotate(total=Count("pk"), **{f"rag_{r.value}": Count("pk", filter=Q(rag=r.value)) for r in rags})
        .order_by("plan__review__reference")
    )
    return Table(
        slug="rag-by-review",
        title="Actions by RAG rating, per review",
        headers=["Review", *(r.label for r in rags), "Total"],
        rows=[
            [row["plan__review__reference"], *(row[f"rag_{r.value}"] for r in rags), row["total"]]
            for row in rows
        ],
        links=[
            [
                None,
                *(records_url(filters, review=row["plan__review_id"], rag=r.value) for r in rags),
                records_url(filters, review=row["plan__review_id"]),
            ]
            for row in rows
        ],
    )


def trend_table(actions: QuerySet, filters: Filters, today: datetime.date) -> Table:
    """Actions verified per month of the period (every month from the first to the last, zeros too)."""
    start, end = filters.bounds(today)
    verified = actions.filter(status=Status.VERIFIED)
    if start is not None:
        verified = verified.filter(verified_at__date__gte=start, verified_at__date__lte=end)
    by_month = {
        row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]: row["count"]
        for row in verified.order_by()
        .annotate(month=TruncMonth("verified_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    }
    months = _months(min(by_month), max(by_month)) if by_month else []
    return Table(
        slug="verified-by-month",
        title="Actions verified, per month",
        headers=["Month", "Actions verified"],
        rows=[[month.strftime("%B %Y"), by_month.get(month, 0)] for month in months],
        links=[[None, records_url(filters, verified_month=month.strftime("%Y-%m"))] for month in months],
    )


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def progress_tables(user, filters: Filters, today: datetime.date) -> list[Table]:
    """Every table of the progress dashboard, in page order."""
    actions = dashboard_actions(user, filters, today)
    policies = all_policies()
    agency_rows = _agency_rows(actions, today, policies)
    return [
        status_table(agency_rows, filters),
        rag_table(actions, filters, today),
        overdue_table(agency_rows, filters, escalation_days(policies)),
        verification_table(agency_rows, filters),
        trend_table(actions, filters, today),
        closure_table(agency_rows, filters),
    ]
