"""Time and SQL queries of the reminder sweep over 500,000 actions (the national size) on PostgreSQL.

A measurement, not a test (bench/ is outside the test paths). Run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/prt_bench \\
        .venv/bin/pytest bench/sweep_scale.py -q -s -p no:warnings --create-db

Without a PostgreSQL DATABASE_URL it measures SQLite, with 50,000 actions; PRT_BENCH_ACTIONS sets the
number of actions either way. The data (bench.generate) is spread over ten years around a fixed day.

Three sweeps: run 1 on that day creates everything due (a large catch-up, as after a first deployment),
run 2 the same day creates nothing (the steady-state cost of a sweep every 15 minutes), run 3 the next
day creates only what fell due overnight. Each prints its wall-clock time, SQL queries, rows created
and its slowest queries; run 2's slowest query is explained with its actual timings (PostgreSQL). It
asserts nothing about time. On SQLite the time "in SQL" leaves out fetching rows, so it reads low.

PRT_BENCH_WHAT_IF=1 (PostgreSQL) adds the steady-state sweep without JIT compilation and with candidate
indexes, created inside the test's transaction only: nothing is added to the schema.
"""

import datetime
import os
import re
import time

import pytest
from django.db import connection
from django.db.models import DateField, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.test.utils import CaptureQueriesContext

from actions.choices import DONE_STATUSES
from actions.models import Action, ProgressUpdate
from actions.reminder_models import Reminder
from actions.reminders.sweep import sweep
from reviews.models import Review

from .generate import generate, national

TODAY = datetime.date(2026, 3, 18)  # a Wednesday, not the 1st: digests and summaries are mid-period
POSTGRES = connection.vendor == "postgresql"
ACTIONS = int(os.environ.get("PRT_BENCH_ACTIONS") or (500_000 if POSTGRES else 50_000))
# The default policy's figures (bench.generate gives every tenth partnership its own).
DUE_SOON_DAYS, ESCALATE_AFTER_DAYS, DRIFT_DAYS = (14, 3), 28, 60
SLOWEST_SHOWN = 4


def _due_counts(today: datetime.date) -> dict[str, int]:
    """Open actions in each window of the default policy, on `today` and newly on the day after."""
    days = datetime.timedelta
    tomorrow = today + days(1)
    latest_update = (
        ProgressUpdate.objects.filter(action_id=OuterRef("pk"))
        .order_by("-written_on")
        .values("written_on")[:1]
    )
    open_actions = (
        Action.objects.exclude(status__in=DONE_STATUSES)
        .annotate(
            due=Coalesce("revised_target_date", "target_date"),
            last_activity=Coalesce(
                Subquery(latest_update), TruncDate("created_at"), output_field=DateField()
            ),
        )
        .order_by()
    )
    return {
        "actions": Action.objects.count(),
        "open": open_actions.count(),
        "open with updates": open_actions.filter(progress_updates__isnull=False).distinct().count(),
        "due soon (14 days)": open_actions.filter(due__gte=today, due__lte=today + days(14)).count(),
        "overdue": open_actions.filter(due__lt=today).count(),
        "long overdue (28 days)": open_actions.filter(due__lte=today - days(ESCALATE_AFTER_DAYS)).count(),
        "drifting (60 days)": open_actions.filter(last_activity__lte=today - days(DRIFT_DAYS)).count(),
        "open reviews": Review.objects.filter(closed_on__isnull=True).count(),
        "next day: newly due soon": open_actions.filter(
            due__in=[tomorrow + days(d) for d in DUE_SOON_DAYS]
        ).count(),
        "next day: newly overdue": open_actions.filter(due=today).count(),
        "next day: newly long overdue": open_actions.filter(due=tomorrow - days(ESCALATE_AFTER_DAYS)).count(),
        "next day: newly drifting": open_actions.filter(last_activity=tomorrow - days(DRIFT_DAYS)).count(),
    }


def _label(sql: str) -> str:
    """What a captured query is about: the reminder kind it looks for, else the table it reads."""
    kind = re.search(r"\"kind\" = '(\w+)'", sql)
    insert = re.match(r"\s*INSERT INTO (\S+)", sql)
    if insert:
        return f"insert into {insert.group(1)}"
    if kind:
        return f"select for {kind.group(1)}"
    table = re.search(r"FROM (\S+)", sql)
    return f"select from {table.group(1) if table else '?'}"


def _measure(label: str, today: datetime.date):
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = sweep(today=today)
        elapsed = time.perf_counter() - started
    queries = captured.captured_queries
    sql_seconds = sum(float(q["time"]) for q in queries)
    print(
        f"\n{label:<34} seconds={elapsed:7.2f} (in SQL {sql_seconds:6.2f}) queries={len(queries):<3} "
        f"created={result.created:,} late={result.late:,}"
    )
    by_kind = ", ".join(f"{kind}={count:,}" for kind, count in result.by_kind.items() if count)
    print(f"{'':<34} by kind: {by_kind or 'none'}")
    slowest = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:SLOWEST_SHOWN]
    for query in slowest:
        print(f"{'':<34} {float(query['time']):7.3f}s  {_label(query['sql'])}  ({len(query['sql']):,} chars)")
    return result, slowest


def _explain(sql: str) -> None:
    """EXPLAIN ANALYZE of a captured SELECT (it changes nothing), on PostgreSQL."""
    if not POSTGRES:
        print("(EXPLAIN ANALYZE is shown on PostgreSQL only)")
        return
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = [line for (line,) in cursor.fetchall()]
    print(f"\nEXPLAIN ANALYZE of the slowest query ({_label(sql)}):")
    print(sql[:3000] + (" ..." if len(sql) > 3000 else ""))
    for line in plan:
        print("   ", line)


# Candidate indexes, tried only inside the test's transaction (rolled back): no migration adds them.
CANDIDATE_INDEXES = (
    # Only the open actions (a fifth of them), found through their plan as the sweep joins them.
    "CREATE INDEX bench_open_action_plan ON actions_action (plan_id) "
    "WHERE NOT (status IN ('awaiting_verification', 'verified', 'superseded'))",
    # The latest progress update of an action without sorting its updates.
    "CREATE INDEX bench_latest_update ON actions_progressupdate (action_id, written_on DESC)",
)


def _what_if(today: datetime.date) -> None:
    """PRT_BENCH_WHAT_IF=1: the steady-state sweep again without JIT compilation, then with candidate
    indexes (both only for this transaction)."""
    with connection.cursor() as cursor:
        _measure("what if: baseline (creates nothing)", today)
        cursor.execute("SET LOCAL jit = off")
        _measure("what if: jit off", today)
        cursor.execute("SET LOCAL jit = on")
        for statement in CANDIDATE_INDEXES:
            cursor.execute(statement)
        cursor.execute("ANALYZE actions_action, actions_progressupdate")
        _measure("what if: candidate indexes", today)
        cursor.execute("SET LOCAL jit = off")
        _, slowest = _measure("what if: indexes and jit off", today)
        _explain(slowest[0]["sql"])


@pytest.mark.django_db
def test_sweep_at_national_scale():
    database = "PostgreSQL" if POSTGRES else f"{connection.vendor} (not PostgreSQL: a smaller default size)"
    print(f"\nMeasuring {database}, {ACTIONS:,} actions, today={TODAY}")
    made = generate(shape=national(ACTIONS), today=TODAY)
    print("generated:", made.summary())
    print("\nDue on", TODAY, "(default policy's windows; every tenth partnership has longer ones):")
    for name, count in _due_counts(TODAY).items():
        print(f"    {name:<30} {count:>9,}")

    if POSTGRES:
        # Django's foreign keys are deferred to commit, which the test's transaction never reaches: checked
        # at each statement instead, the inserts pay for them as they would in production.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    first, _ = _measure("run 1: catch-up", TODAY)
    second, slowest = _measure("run 2: same day again", TODAY)
    third, _ = _measure("run 3: the next day", TODAY + datetime.timedelta(days=1))
    print(f"\nreminder rows: {Reminder.objects.count():,}")
    selects = [q for q in slowest if q["sql"].lstrip().upper().startswith("SELECT")]
    if selects:
        _explain(selects[0]["sql"])

    if POSTGRES and os.environ.get("PRT_BENCH_WHAT_IF"):
        _what_if(TODAY + datetime.timedelta(days=1))

    # Sanity, not timing: a second sweep the same day adds nothing.
    assert second.created == 0
    assert first.created > 0
    assert third.created >= 0
