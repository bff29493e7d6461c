"""The progress dashboard's figures: counted in the database, for what each person may see."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.choices import Rag, Status
from actions.dashboards import progress
from actions.dashboards.progress import Figure, Filters
from actions.models import Action, ReminderPolicy
from reviews.models import ReviewKind
from tests.factories import ActionFactory, EvidenceFactory

TODAY = datetime.date(2025, 6, 15)
NO_FILTERS = Filters()


def make_progress_data(world) -> dict:
    """A few actions beside the world's four North actions (all not started, due 31 March 2025):

    CSC     verified with impact evidence (30 days from creation to verification), in progress due 2026
    police  verified without impact evidence (10 days), overdue by 10 days only (not long overdue)
    health  completed, awaiting verification
    """
    plans = world.plans
    actions = {
        "csc-verified": ActionFactory(plan=plans["A-csc"], verified=True),
        "csc-future": ActionFactory(
            plan=plans["A-csc"], status=Status.IN_PROGRESS, target_date=datetime.date(2026, 1, 31)
        ),
        "police-verified": ActionFactory(plan=plans["B-police"], verified=True),
        "police-recent": ActionFactory(
            plan=plans["B-police"], target_date=TODAY - datetime.timedelta(days=10)
        ),
        "health-awaiting": ActionFactory(
            plan=plans["B-health"],
            status=Status.AWAITING_VERIFICATION,
            completed_at=datetime.datetime(2025, 5, 1, 9, 0, tzinfo=datetime.UTC),
        ),
    }
    EvidenceFactory(action=actions["csc-verified"], impact=True)
    EvidenceFactory(action=actions["police-verified"])  # completion evidence only
    # Verified on 2 April 2025 (the factory's date): created 30 and 10 days before.
    Action.objects.filter(pk=actions["csc-verified"].pk).update(
        created_at=datetime.datetime(2025, 3, 3, 10, 30, tzinfo=datetime.UTC)
    )
    Action.objects.filter(pk=actions["police-verified"].pk).update(
        created_at=datetime.datetime(2025, 3, 23, 10, 30, tzinfo=datetime.UTC)
    )
    return actions


@pytest.fixture
def data(world):
    return make_progress_data(world)


def tables_by_slug(user, filters=NO_FILTERS, today=TODAY):
    return {table.slug: table for table in progress.progress_tables(user, filters, today)}


def rows_by_label(table):
    return {row[0]: row[1:] for row in table.rows}


def figure_pks(user, filters=NO_FILTERS, today=TODAY, **figure):
    return set(progress.figure_actions(user, filters, Figure(**figure), today).values_list("pk", flat=True))


def link_query(link: str) -> dict:
    """The query of a link to the records page."""
    parts = urlsplit(link)
    assert parts.path == reverse("dashboard_actions")
    return {key: values[0] for key, values in parse_qs(parts.query).items()}


CSC = "Northshire Children's Social Care"
POLICE = "Northshire Police"
HEALTH = "Northshire Integrated Care Board"


def test_status_by_agency(board_member, data):
    table = tables_by_slug(board_member)["status-by-agency"]
    assert table.headers == ["Agency", *(s.label for s in Status), "Total"]
    # Not started, in progress, awaiting verification, verified, not achieved, superseded, total.
    assert rows_by_label(table) == {
        CSC: [2, 1, 0, 1, 0, 0, 4],
        HEALTH: [1, 0, 1, 0, 0, 0, 2],
        POLICE: [2, 0, 0, 1, 0, 0, 3],
    }


def test_rag_by_review(board_member, data):
    table = tables_by_slug(board_member)["rag-by-review"]
    assert table.headers == ["Review", "Red", "Amber", "Green", "Total"]
    # The world's four actions and police-recent are past due: red. Done and future ones are green.
    assert rows_by_label(table) == {"REF-A": [2, 0, 2, 4], "REF-B": [3, 0, 2, 5]}


def test_rag_override_wins(board_member, data):
    Action.objects.filter(pk=data["csc-future"].pk).update(
        rag_override=Rag.AMBER, rag_override_reason="Staff"
    )
    assert rows_by_label(tables_by_slug(board_member)["rag-by-review"])["REF-A"] == [2, 1, 1, 4]


def test_overdue_and_long_overdue(board_member, data):
    table = tables_by_slug(board_member)["overdue-by-agency"]
    assert "28 days" in table.headers[2]
    assert rows_by_label(table) == {CSC: [2, 2], HEALTH: [1, 1], POLICE: [2, 1]}


def test_long_overdue_follows_the_partnership_policy(board_member, world, data):
    ReminderPolicy.objects.filter(partnership=world.north).update(escalate_after_days=5)
    assert rows_by_label(tables_by_slug(board_member)["overdue-by-agency"])[POLICE] == [2, 2]


def test_verification_and_impact(board_member, data):
    table = tables_by_slug(board_member)["verification-by-agency"]
    assert rows_by_label(table) == {CSC: [1, 0, 0], HEALTH: [0, 0, 1], POLICE: [0, 1, 0]}


def test_completion_trend_by_month(board_member, data):
    table = tables_by_slug(board_member)["verified-by-month"]
    assert table.rows == [["April 2025", 2]]


def test_trend_fills_the_months_between(board_member, world, data):
    later = ActionFactory(plan=world.plans["A-csc"], verified=True)
    Action.objects.filter(pk=later.pk).update(verified_at=datetime.datetime(2025, 6, 10, tzinfo=datetime.UTC))
    table = tables_by_slug(board_member)["verified-by-month"]
    assert table.rows == [["April 2025", 2], ["May 2025", 0], ["June 2025", 1]]


def test_time_to_verified_closure(board_member, data):
    table = tables_by_slug(board_member)["time-to-verified-closure"]
    assert table.headers[2:] == ["Average days to verification", "Median days to verification"]
    assert rows_by_label(table) == {CSC: [1, 30.0, 30.0], POLICE: [1, 10.0, 10.0]}


def test_median_differs_from_the_average(board_member, world, data):
    for created_day in (31, 28):  # verified on 2 April: 2 and 5 days
        action = ActionFactory(plan=world.plans["A-csc"], verified=True)
        Action.objects.filter(pk=action.pk).update(
            created_at=datetime.datetime(2025, 3, created_day, 10, 30, tzinfo=datetime.UTC)
        )
    table = tables_by_slug(board_member)["time-to-verified-closure"]
    # CSC: 30, 2 and 5 days.
    assert rows_by_label(table)[CSC] == [3, 12.3, 5.0]


def test_agency_staff_see_their_agency_only(csc_lead, data):
    tables = tables_by_slug(csc_lead)
    assert list(rows_by_label(tables["status-by-agency"])) == [CSC]
    assert list(rows_by_label(tables["rag-by-review"])) == ["REF-A"]
    assert figure_pks(csc_lead) == set(
        Action.objects.filter(plan__agency__short_name="CSC", plan__review__reference="REF-A").values_list(
            "pk", flat=True
        )
    )


def test_other_partnership_sees_none_of_north(outsider, data):
    tables = tables_by_slug(outsider)
    assert list(rows_by_label(tables["status-by-agency"])) == ["Southvale Children's Social Care"]
    assert list(rows_by_label(tables["rag-by-review"])) == ["REF-S"]
    assert tables["verified-by-month"].rows == []


def test_no_roles_sees_nothing(no_roles, data):
    assert all(not table.rows for table in progress.progress_tables(no_roles, Filters(), TODAY))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # Due, completed or verified in the period.
        (Filters(period=progress.YEAR, year=2026), {"csc-future"}),
        (Filters(period=progress.YEAR, year=2024), set()),
        (Filters(period=progress.THIS_YEAR), "all but csc-future"),
        (Filters(period=progress.LAST_12_MONTHS), "all but csc-future"),
        (Filters(review_kind=ReviewKind.RAPID_REVIEW), "review B"),
    ],
)
def test_filters(board_member, world, data, filters, expected):
    north = set(Action.objects.filter(plan__review__partnership=world.north).values_list("pk", flat=True))
    if expected == "all but csc-future":
        expected_pks = north - {data["csc-future"].pk}
    elif expected == "review B":
        expected_pks = set(
            Action.objects.filter(plan__review__reference="REF-B").values_list("pk", flat=True)
        )
    else:
        expected_pks = {data[name].pk for name in expected}
    assert figure_pks(board_member, filters) == expected_pks
    total = sum(row[-1] for row in tables_by_slug(board_member, filters)["status-by-agency"].rows)
    assert total == len(expected_pks)


def test_agency_filter(board_member, world, data):
    filters = Filters(agency_id=world.agencies["north_police"].pk)
    assert list(rows_by_label(tables_by_slug(board_member, filters)["status-by-agency"])) == [POLICE]


def test_every_figure_links_to_exactly_its_records(board_member, data):
    """Each cell's link, read back as the records page reads it, finds as many actions as the cell says."""
    filters = Filters(period=progress.YEAR, year=2025)
    for table in progress.progress_tables(board_member, filters, TODAY):
        for row, links in zip(table.rows, table.links, strict=True):
            assert links[0] is None
            for value, link in zip(row[1:], links[1:], strict=True):
                assert link is not None, (table.slug, row)
                query = link_query(link)
                assert query["period"] == "year" and query["year"] == "2025"
                pks = figure_pks(
                    board_member,
                    filters,
                    agency_id=int(query["agency"]) if "agency" in query else None,
                    review_id=int(query["review"]) if "review" in query else None,
                    status=query.get("status", ""),
                    rag=query.get("rag", ""),
                    flags=tuple(flag for flag in progress.FLAGS if flag in query),
                    verified_month=(
                        datetime.datetime.strptime(query["verified_month"], "%Y-%m").date()
                        if "verified_month" in query
                        else None
                    ),
                )
                count = row[1] if table.slug == "time-to-verified-closure" else value
                assert len(pks) == count, (table.slug, row, link)


def test_query_count_does_not_grow_with_actions(board_member, world, data):
    with CaptureQueriesContext(connection) as few:
        progress.progress_tables(board_member, Filters(), TODAY)
    for plan in ("A-csc", "B-police", "B-health"):
        ActionFactory.create_batch(10, plan=world.plans[plan], verified=True)
    with CaptureQueriesContext(connection) as many:
        tables = progress.progress_tables(board_member, Filters(), TODAY)
    assert len(many) == len(few)
    assert sum(row[-1] for row in tables[0].rows) == 9 + 30


def test_a_month_straddling_the_period_counts_and_lists_the_same(board_member, world, data):
    """Last 12 months from 15 June 2025 starts on 16 June 2024: an action verified on 10 June 2024 (but due
    within the period) is in the period, yet not in June 2024's figure, nor behind it."""
    for day in (10, 20):
        action = ActionFactory(plan=world.plans["A-csc"], verified=True)
        Action.objects.filter(pk=action.pk).update(
            verified_at=datetime.datetime(2024, 6, day, 12, tzinfo=datetime.UTC)
        )
    filters = Filters(period=progress.LAST_12_MONTHS)
    trend = tables_by_slug(board_member, filters)["verified-by-month"]
    assert trend.rows[0] == ["June 2024", 1]
    assert len(figure_pks(board_member, filters, verified_month=datetime.date(2024, 6, 1))) == 1
