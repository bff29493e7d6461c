"""Timeliness: statutory deadlines met on time or late, per year, over the reviews a person may see."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.dashboards.timeliness import met_deadline_counts, share_bars, timeliness_table
from reviews.models import ReviewKind
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def late_notification(world):
    """Aware on Wednesday 1 March 2023, so due by Wednesday 8 March: notified on the 20th (late). The
    rapid review (due 15 working days after the 20th, about 11 April) goes on the 24th (on time), and the
    final report (due 6 months after the decision of 3 April, Tuesday 3 October) on 29 September."""
    return ReviewFactory(
        partnership=world.north,
        incident_on=D(2023, 2, 27),
        aware_on=D(2023, 3, 1),
        notified_on=D(2023, 3, 20),
        rapid_review_sent_on=D(2023, 3, 24),
        decision_on=D(2023, 4, 3),
        panel_informed_on=D(2023, 4, 4),
        commissioned_on=D(2023, 4, 10),
        final_report_on=D(2023, 9, 29),
    )


def late_rapid_review(world):
    """Notified on time (6 March 2023); rapid review (due 27 March) sent 2 May; final report (due
    10 November 2023) received 15 January 2024."""
    return ReviewFactory(
        partnership=world.north,
        incident_on=D(2023, 2, 27),
        aware_on=D(2023, 3, 1),
        notified_on=D(2023, 3, 6),
        rapid_review_sent_on=D(2023, 5, 2),
        decision_on=D(2023, 5, 10),
        panel_informed_on=D(2023, 5, 11),
        commissioned_on=D(2023, 5, 15),
        final_report_on=D(2024, 1, 15),
    )


def rapid_review_notified_on_time(world):
    return ReviewFactory(
        partnership=world.north,
        rapid=True,
        incident_on=D(2023, 6, 5),
        aware_on=D(2023, 6, 5),
        notified_on=D(2023, 6, 9),
    )


def rows_of(table, year):
    return {row[1]: row[2:] for row in table.rows if row[0] == year}


def test_shares_on_a_hand_made_case_with_known_dates(world, board_member):
    late_notification(world)
    late_rapid_review(world)
    rapid_review_notified_on_time(world)

    table = timeliness_table(board_member)

    assert rows_of(table, 2023) == {
        "Notification": [2, 1, 66.7],
        "Rapid review sent": [1, 1, 50.0],
        "Final report": [1, 1, 50.0],
    }
    # The world's reviews A (LCSPR) and B (rapid review): notified and, for A, rapid review sent on time.
    assert rows_of(table, 2024) == {"Notification": [2, 0, 100.0], "Rapid review sent": [1, 0, 100.0]}
    assert [row[0] for row in table.rows] == [2024, 2024, 2023, 2023, 2023]


def test_the_partnerships_own_policy_deadlines_are_not_counted(world, board_member):
    late_notification(world)  # its decision was shared with the Panel the next day, a policy deadline

    assert not any(key == "inform_panel_of_decision" for _, key, _ in met_deadline_counts(board_member))


def test_filtered_by_kind(world, board_member):
    late_notification(world)
    rapid_review_notified_on_time(world)

    table = timeliness_table(board_member, kind=ReviewKind.RAPID_REVIEW)

    assert table.rows == [[2024, "Notification", 1, 0, 100.0], [2023, "Notification", 1, 0, 100.0]]
    assert table.links[0][2] == "/reviews/?year=2024&kind=rapid_review"


def test_each_count_links_to_the_register_for_its_year(world, board_member):
    table = timeliness_table(board_member)

    assert table.links[0] == [None, None, "/reviews/?year=2024", "/reviews/?year=2024", None]


def test_only_the_reviews_a_person_may_see_count(world, outsider, csc_lead, no_roles):
    late_notification(world)

    # South's review S only; nothing of North's.
    assert timeliness_table(outsider).rows == [
        [2024, "Notification", 1, 0, 100.0],
        [2024, "Rapid review sent", 1, 0, 100.0],
    ]
    # Children's social care reads review A only.
    assert timeliness_table(csc_lead).rows == [
        [2024, "Notification", 1, 0, 100.0],
        [2024, "Rapid review sent", 1, 0, 100.0],
    ]
    assert timeliness_table(no_roles).rows == []


def test_the_chart_draws_shares_out_of_100(world, board_member):
    late_rapid_review(world)

    bars = share_bars(timeliness_table(board_member))

    assert [(bar.label, bar.percent, bar.shown) for bar in bars][-2:] == [
        ("2023 Rapid review sent", 0.0, "0.0%"),
        ("2023 Final report", 0.0, "0.0%"),
    ]
    assert bars[0].percent == 100.0


def test_one_query_however_many_reviews(world, board_member):
    with CaptureQueriesContext(connection) as few:
        timeliness_table(board_member)
    for _ in range(10):
        late_notification(world)
    with CaptureQueriesContext(connection) as many:
        table = timeliness_table(board_member)

    assert rows_of(table, 2023)["Notification"] == [0, 10, 0.0]
    assert len(many.captured_queries) == len(few.captured_queries) == 1
