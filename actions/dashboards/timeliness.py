"""Timeliness: per year, how many statutory deadlines were met on time and how many late.

A review's year is the year the register files it under (reviews.filters.with_register_year): the year it
was notified, or the year it was entered while the notification is still to be sent. The same year is the
register's `year` filter, so each count leads to the reviews behind it.
"""

from collections import Counter
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from reviews.filters import register_year, with_register_year
from reviews.models import MetDeadline, Review

from .tables import BAR_HEIGHT, Bar, Table

# One row per kind of deadline, in the order of a review's life. Every kind of review that has the
# deadline shares its row: the notification of an LCSPR and of a rapid review are one statutory duty.
DEADLINE_LABELS = {
    "notify_panel": "Notification",
    "send_rapid_review": "Rapid review sent",
    "final_report": "Final report",
    "report_before_publication": "Report sent before publication",
}


def _register_link(year: int, kind: str) -> str:
    query = {"year": year} | ({"kind": kind} if kind else {})
    return f"{reverse('review_register')}?{urlencode(query)}"


def reviews_counted(user, *, kind: str = ""):
    """The reviews `user` may see, of one kind or all, each with its `register_year`."""
    reviews = with_register_year(Review.objects.visible_to(user))
    return reviews.filter(kind=kind) if kind else reviews


def met_deadline_counts(user, *, kind: str = "") -> Counter:
    """{(year, deadline key, on time?): how many} over the reviews `user` may see.

    One grouped count in the database over the stored verdicts of the clock (reviews/clock/stored.py),
    which holds only statutory deadlines: a partnership's own policy is not "within statutory time".
    """
    rows = (
        MetDeadline.objects.filter(review__in=reviews_counted(user, kind=kind).values("pk"))
        .annotate(year=register_year("review__"))
        .values("year", "key", "on_time")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return Counter({(row["year"], row["key"], row["on_time"]): row["count"] for row in rows})


def timeliness_table(user, *, kind: str = "") -> Table:
    """Year | deadline | met on time | met late | share on time (%), newest year first."""
    counts = met_deadline_counts(user, kind=kind)
    keys = list(DEADLINE_LABELS)
    seen = sorted(
        {(year, key) for year, key, _ in counts},
        key=lambda pair: (-pair[0], keys.index(pair[1]) if pair[1] in keys else len(keys), pair[1]),
    )
    rows, links = [], []
    for year, key in seen:
        on_time, late = counts[(year, key, True)], counts[(year, key, False)]
        link = _register_link(year, kind)
        rows.append(
            [year, DEADLINE_LABELS.get(key, key), on_time, late, round(100 * on_time / (on_time + late), 1)]
        )
        links.append([None, None, link, link, None])
    return Table(
        slug="timeliness",
        title="Statutory deadlines met on time, by year",
        headers=["Year", "Deadline", "Met on time", "Met late", "Share on time (%)"],
        rows=rows,
        links=links,
        caption=(
            "Deadlines met so far, by the year of the notification. Deadlines still open are not counted. "
            "Each count leads to that year's reviews in the register."
        ),
    )


def share_bars(table: Table) -> list[Bar]:
    """One bar per row of timeliness_table, as long as its share on time out of 100 (not out of the
    largest share, as chart_bars would draw it: half the deadlines on time must look like half)."""
    return [
        Bar(
            label=f"{row[0]} {row[1]}", value=row[4], shown=f"{row[4]}%", percent=row[4], y=index * BAR_HEIGHT
        )
        for index, row in enumerate(table.rows)
    ]
