"""Time and SQL queries of importing a 5,000-row action plan: read and check, then apply.

A measurement, not a test (bench/ is outside the test paths). Run:

    .venv/bin/pytest bench/import_actions.py -q -s -p no:warnings

The plan answers a review with 20 recommendations, for two agencies, imported by a panel chair. It
prints each phase's wall-clock time and query count and asserts nothing about time.
"""

import datetime
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.imports import import_apply, import_check, import_confirm, import_start
from actions.models import ActionImport, ImportState
from actions.spreadsheets.writing import ExportRow, write_xlsx
from tests.factories import RecommendationFactory, ReviewFactory

ROWS = 5_000
RECOMMENDATIONS = 20


def _rows(agencies: list[str]) -> list[ExportRow]:
    rows = []
    for index in range(ROWS):
        done = index % 10 == 0
        rows.append(
            ExportRow(
                recommendation_numbers=str(1 + index % RECOMMENDATIONS),
                number="",
                description=f"Action {index}: audit neglect assessments and report to the panel.",
                lead_agency=agencies[index % len(agencies)],
                lead_officer="",
                accountable_officer="",
                target_date=datetime.date(2027, 1, 1) + datetime.timedelta(days=index % 300),
                revised_target_date=None,
                revision_reason="",
                status_label="Complete" if done else "In progress",
                rag_label="Red" if index % 7 == 0 else "",
                latest_progress=f"Progress on action {index}." if index % 2 == 0 else "",
                evidence=f"https://intranet.example.org/evidence/{index}" if done else "",
                verified_by="",
                verified_on=None,
                latest_progress_on=None,
            )
        )
    return rows


def _measure(label: str, work):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - started
    print(f"{label:<16} seconds={elapsed:7.2f} queries={len(queries.captured_queries)}")
    return result


@pytest.mark.django_db
def test_import_5000_rows(world, panel_chair):
    review = ReviewFactory(partnership=world.north, reference="REF-BENCH")
    agencies = [world.agencies["north_csc"], world.agencies["north_police"]]
    for _ in range(RECOMMENDATIONS):
        RecommendationFactory(review=review, agencies=agencies)

    data = _measure(
        "write xlsx", lambda: write_xlsx(_rows(["CSC", "Police"]), title="Bench", subtitle_lines=[])
    )
    print(f"{'file size':<16} bytes={len(data):,}")
    action_import = _measure(
        "upload",
        lambda: import_start(review=review, by=panel_chair, upload=SimpleUploadedFile("Bench.xlsx", data)),
    )
    _measure("read + check", lambda: import_check(action_import.pk))
    action_import = ActionImport.objects.get(pk=action_import.pk)
    print(f"{'checked':<16} state={action_import.state} planned={len(action_import.planned):,}")
    if action_import.state != ImportState.CHECKED or action_import.errors:
        print("errors:", action_import.errors[:3], action_import.problem)
        return
    _measure("confirm", lambda: import_confirm(action_import=action_import, by=panel_chair))
    _measure("apply", lambda: import_apply(action_import.pk))
    action_import.refresh_from_db()
    print(f"{'imported':<16} state={action_import.state} actions={action_import.imported_count:,}")
