"""The yearly report: which reviews a year holds, what it says of each, for what each person sees."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from actions.choices import Status
from actions.dashboards import yearly
from actions.dashboards.tables import tables_xlsx
from reviews.models import Response, Stage
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    DisseminationFactory,
    EvidenceFactory,
    LearningBriefFactory,
    RecommendationFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 15)
NOT_ACCEPTED_REASON = "Already covered by the neglect strategy agreed in June."


def references(report) -> list[str]:
    return [entry.reference for entry in report.reviews]


def entry_of(report, reference: str):
    return next(entry for entry in report.reviews if entry.reference == reference)


def published_2024_review(world):
    """Notified in 2023, published in 2024: in the 2024 report as published, in 2023's as notified."""
    return ReviewFactory(
        partnership=world.north,
        reference="LCSPR-2023-09",
        incident_on=datetime.date(2023, 5, 1),
        aware_on=datetime.date(2023, 5, 2),
        notified_on=datetime.date(2023, 5, 3),
        rapid_review_sent_on=datetime.date(2023, 5, 20),
        decision_on=datetime.date(2023, 6, 1),
        panel_informed_on=datetime.date(2023, 6, 2),
        commissioned_on=datetime.date(2023, 6, 10),
        final_report_on=datetime.date(2024, 2, 1),
        report_sent_on=datetime.date(2024, 2, 5),
        published_on=datetime.date(2024, 3, 1),
        status=Stage.MONITORING,
    )


def review_of_2022(world):
    return ReviewFactory(
        partnership=world.north,
        reference="RR-2022-01",
        rapid=True,
        incident_on=datetime.date(2022, 3, 1),
        aware_on=datetime.date(2022, 3, 2),
        notified_on=datetime.date(2022, 3, 3),
    )


# --- Which reviews --------------------------------------------------------------------------------------


def test_a_year_holds_the_reviews_notified_published_or_closed_in_it(world):
    published = published_2024_review(world)
    review_of_2022(world)

    report = yearly.yearly_report(world.board_member, 2024, today=TODAY)

    assert sorted(references(report)) == ["LCSPR-2023-09", "REF-A", "REF-B", "REF-C"]
    assert entry_of(report, "REF-A").events == ["Notified"]
    assert entry_of(report, published.reference).events == ["Published"]
    assert references(yearly.yearly_report(world.board_member, 2023, today=TODAY)) == ["LCSPR-2023-09"]
    assert references(yearly.yearly_report(world.board_member, 2022, today=TODAY)) == ["RR-2022-01"]
    assert report.partnership_names == [world.north.name]


def test_a_review_closed_in_the_year_is_in_it(world):
    review = review_of_2022(world)
    review.status = Stage.CLOSED
    review.closed_on = datetime.date(2024, 11, 5)
    review.closure_rationale = "Learning shared; no further action needed."
    review.save()

    entry = entry_of(yearly.yearly_report(world.board_member, 2024, today=TODAY), "RR-2022-01")

    assert entry.events == ["Closed"]


def test_other_partnerships_reviews_stay_out(world):
    assert "REF-S" not in references(yearly.yearly_report(world.board_member, 2024, today=TODAY))
    assert references(yearly.yearly_report(world.outsider, 2024, today=TODAY)) == ["REF-S"]
    assert yearly.yearly_report(world.no_roles, 2024, today=TODAY).reviews == []


def test_the_years_with_reviews_latest_first(world):
    published_2024_review(world)
    review_of_2022(world)

    assert yearly.report_years(world.board_member) == [2024, 2023, 2022]
    assert yearly.report_years(world.outsider) == [2024]
    assert yearly.report_years(world.no_roles) == []


@pytest.mark.parametrize(("year", "expected"), [(1800, False), (1989, False), (1990, True), (2026, True)])
def test_years_outside_any_review_are_out_of_range(year, expected):
    assert yearly.year_in_range(year, datetime.date(2025, 6, 15)) is expected


# --- What it says of each review ------------------------------------------------------------------------


def test_decisions_responses_and_the_actions_answering_each_recommendation(world):
    recommendation = world.recommendations["A1"]
    recommendation.response = Response.NOT_ACCEPTED
    recommendation.responded_on = datetime.date(2024, 9, 2)
    recommendation.response_reason = NOT_ACCEPTED_REASON
    recommendation.save()

    entry = entry_of(yearly.yearly_report(world.board_member, 2024, today=TODAY), "REF-A")

    assert entry.review.decision_rationale.startswith("The rapid review found learning")
    first = entry.recommendations[0]
    assert (first.number, first.response_label, first.response_reason) == (
        1,
        "Not accepted",
        NOT_ACCEPTED_REASON,
    )
    assert first.addressed_to == "CSC"
    assert [(a.agency, a.number, a.status_label) for a in first.actions] == [("CSC", "1", "Not started")]
    assert first.actions[0].has_impact_evidence is True
    assert entry.recommendations[2].addressed_to == "The partnership"
    assert entry.recommendations[3].actions == []


def test_action_counts_per_review_and_in_all(world):
    plan = world.plans["A-csc"]
    verified = ActionFactory(plan=plan, verified=True, recommendations=[world.recommendations["A1"]])
    EvidenceFactory(action=verified, impact=True)
    ActionFactory(plan=plan, verified=True, recommendations=[world.recommendations["A1"]])
    ActionFactory(
        plan=plan, status=Status.AWAITING_VERIFICATION, recommendations=[world.recommendations["A1"]]
    )
    ActionFactory(
        plan=plan,
        status=Status.IN_PROGRESS,
        target_date=datetime.date(2026, 1, 31),
        recommendations=[world.recommendations["A1"]],
    )

    report = yearly.yearly_report(world.board_member, 2024, today=TODAY)

    # A-csc-1 and A-csc-2 are not started and were due on 31 March 2025: open and overdue.
    assert entry_of(report, "REF-A").counts == yearly.ActionCounts(
        total=6, verified=2, verified_with_impact=1, awaiting_verification=1, open=3, overdue=2
    )
    assert entry_of(report, "REF-B").counts == yearly.ActionCounts(total=2, open=2, overdue=2)
    assert entry_of(report, "REF-C").counts == yearly.ActionCounts()
    assert report.totals == yearly.ActionCounts(
        total=8, verified=2, verified_with_impact=1, awaiting_verification=1, open=5, overdue=4
    )
    assert yearly.yearly_report(world.board_member, 2024, today=datetime.date(2025, 1, 1)).totals.overdue == 0


def test_impact_evidence_is_listed_by_title_and_description_without_files(world):
    entry = entry_of(yearly.yearly_report(world.board_member, 2024, today=TODAY), "REF-A")

    [item] = entry.impact_evidence
    assert item.description == "Re-audit of 20 assessments six months on."
    assert (item.agency, item.action_number) == ("CSC", "1")
    assert not hasattr(item, "original_filename")


def test_learning_brief_and_its_dissemination(world):
    report = yearly.yearly_report(world.board_member, 2024, today=TODAY)

    brief = entry_of(report, "REF-A").brief
    assert brief == yearly.BriefReach(
        issued_on=datetime.date(2024, 9, 2), agencies_received=2, agencies_used=2, practitioners_reached=24
    )
    assert entry_of(report, "REF-B").brief is None


def test_agency_staff_get_only_their_part(world):
    report = yearly.yearly_report(world.csc_lead, 2024, today=TODAY)

    assert references(report) == ["REF-A"]
    entry = report.reviews[0]
    assert entry.counts.total == 2
    assert {action.agency for line in entry.recommendations for action in line.actions} == {"CSC"}
    # CSC reads its own dissemination record only.
    assert entry.brief.agencies_received == 1

    police = yearly.yearly_report(world.police_lead, 2024, today=TODAY)
    assert sorted(references(police)) == ["REF-A", "REF-B"]
    assert entry_of(police, "REF-B").counts.total == 1
    assert entry_of(police, "REF-A").impact_evidence == []


# --- Tables and the workbook ----------------------------------------------------------------------------


def test_the_tables_say_it_all_without_pseudonyms_or_titles(world):
    recommendation = world.recommendations["B1"]
    recommendation.response = Response.NOT_ACCEPTED
    recommendation.responded_on = datetime.date(2024, 9, 2)
    recommendation.response_reason = NOT_ACCEPTED_REASON
    recommendation.save()
    report = yearly.yearly_report(world.board_member, 2024, today=TODAY)

    tables = {table.slug: table for table in report.tables()}

    assert list(tables) == [
        "summary",
        "reviews",
        "recommendations",
        "actions",
        "impact-evidence",
        "learning-briefs",
    ]
    summary = dict(tables["summary"].rows)
    assert summary["Reviews in this report"] == 3
    assert summary["Recommendations not accepted"] == 1
    cells = [str(cell) for table in tables.values() for row in table.rows for cell in row]
    assert NOT_ACCEPTED_REASON in cells
    for review in (world.reviews["A"], world.reviews["B"]):
        assert not any(review.pseudonym in cell for cell in cells)
        assert review.title not in cells

    workbook = load_workbook(io.BytesIO(tables_xlsx(report.tables(), title=report.title)))
    assert workbook.sheetnames == [
        "Summary of 2024",
        "Reviews",
        "Recommendations",
        "Actions",
        "Evidence of impact",
        "Learning briefs",
    ]


# --- Queries --------------------------------------------------------------------------------------------


def full_review(world, n: int):
    """A review of 2024 with two recommendations, a plan with two actions (one with impact evidence) and
    a brief received by an agency."""
    review = ReviewFactory(partnership=world.north, reference=f"LCSPR-2024-9{n}")
    agency = world.agencies["north_csc"]
    first = RecommendationFactory(review=review, agencies=[agency], not_accepted=True)
    second = RecommendationFactory(review=review, to_partnership=True, accepted=True)
    plan = ActionPlanFactory(review=review, agency=agency)
    action = ActionFactory(plan=plan, verified=True, recommendations=[first, second])
    EvidenceFactory(action=action, impact=True)
    ActionFactory(plan=plan, recommendations=[second])
    LearningBriefFactory(review=review)
    DisseminationFactory(review=review, agency=agency)
    return review


def report_queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        yearly.yearly_report(user, 2024, today=TODAY)
    return len(queries.captured_queries)


@pytest.mark.parametrize("persona", ["board_member", "csc_lead"])
def test_the_queries_do_not_grow_with_the_reviews(world, persona):
    user = world.people[persona]
    for n in range(2):
        full_review(world, n)
    with_two_more = report_queries(user)
    for n in range(2, 6):
        full_review(world, n)

    assert report_queries(user) == with_two_more
    assert len(yearly.yearly_report(user, 2024, today=TODAY).reviews) >= 6
