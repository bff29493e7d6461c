"""The statutory clock: working days, the rule table and the deadlines of reviews in every state.

Every expected date below is written out by hand from a printed calendar (England and Wales bank
holidays as published), never computed with the holidays package.
"""

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from agencies.models import Nation, Partnership
from reviews.clock import (
    DUE,
    MET,
    MET_LATE,
    NOT_STARTED,
    OVERDUE,
    bank_holidays,
    deadlines_for,
    next_deadline,
    rules_for,
    timeliness,
    working_days_after,
    working_days_before,
    working_days_between,
)
from reviews.models import Decision, Review, ReviewKind, Stage

# (start, working days, expected day): each crosses a weekend, a bank holiday or both.
AFTER = [
    # Christmas 2021: 25/26 December a Saturday and Sunday, substitute days Monday 27 and Tuesday 28.
    (date(2021, 12, 24), 1, date(2021, 12, 29)),
    (date(2021, 12, 25), 1, date(2021, 12, 29)),
    # ...and New Year's Day 2022 a Saturday, substitute day Monday 3 January.
    (date(2021, 12, 23), 5, date(2022, 1, 4)),
    # Christmas 2022: Sunday and Monday, substitute day Tuesday 27 December; New Year's Day a Sunday,
    # substitute Monday 2 January 2023.
    (date(2022, 12, 23), 1, date(2022, 12, 28)),
    (date(2022, 12, 22), 5, date(2023, 1, 3)),
    # Easter 2024: Good Friday 29 March, Easter Monday 1 April.
    (date(2024, 3, 28), 1, date(2024, 4, 2)),
    (date(2024, 3, 27), 15, date(2024, 4, 19)),
    # Platinum Jubilee 2022: the spring bank holiday moved to Thursday 2 June, the jubilee on Friday 3.
    (date(2022, 6, 1), 1, date(2022, 6, 6)),
    # State funeral of Queen Elizabeth II, Monday 19 September 2022.
    (date(2022, 9, 16), 1, date(2022, 9, 20)),
    # Coronation of King Charles III, Monday 8 May 2023, a week after the May Day holiday of 1 May.
    (date(2023, 5, 5), 1, date(2023, 5, 9)),
    (date(2023, 4, 28), 5, date(2023, 5, 9)),
    # An ordinary week, and no days at all.
    (date(2024, 1, 15), 5, date(2024, 1, 22)),
    (date(2024, 1, 15), 0, date(2024, 1, 15)),
]

# (end, working days, expected day).
BEFORE = [
    (date(2022, 1, 4), 5, date(2021, 12, 23)),
    (date(2024, 4, 2), 1, date(2024, 3, 28)),
    # Publication on Wednesday 10 April 2024: the report goes 7 working days earlier, before Easter.
    (date(2024, 4, 10), 7, date(2024, 3, 28)),
    (date(2023, 1, 9), 7, date(2022, 12, 28)),
    (date(2023, 5, 9), 1, date(2023, 5, 5)),
]


@pytest.mark.parametrize("nation", [Nation.ENGLAND, Nation.WALES])
@pytest.mark.parametrize(("start", "days", "expected"), AFTER)
def test_working_days_after(start, days, expected, nation):
    assert working_days_after(start, days, nation=nation) == expected


@pytest.mark.parametrize("nation", [Nation.ENGLAND, Nation.WALES])
@pytest.mark.parametrize(("end", "days", "expected"), BEFORE)
def test_working_days_before(end, days, expected, nation):
    assert working_days_before(end, days, nation=nation) == expected


def test_working_days_before_takes_the_same_arguments_as_the_demo_loader_helper():
    # demo_data.working_days_before(today, count) can be swapped for this one as it is.
    assert working_days_before(date(2022, 1, 4), 5) == date(2021, 12, 23)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2021, 12, 23), date(2022, 1, 4), 5),
        (date(2022, 1, 4), date(2021, 12, 23), -5),
        (date(2021, 12, 24), date(2021, 12, 28), 0),
        (date(2024, 3, 27), date(2024, 4, 19), 15),
        (date(2024, 1, 22), date(2024, 1, 22), 0),
        (date(2022, 6, 1), date(2022, 6, 6), 1),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


def test_the_bank_holiday_calendar_is_built_once_per_year():
    assert bank_holidays(Nation.ENGLAND, 2023) is bank_holidays(Nation.ENGLAND, 2023)


# ---------------------------------------------------------------------------------------------------
# Deadlines. Reviews are built in memory: the clock reads only the review and its partnership.
# ---------------------------------------------------------------------------------------------------


def review(kind=ReviewKind.LCSPR, nation=Nation.ENGLAND, **dates) -> Review:
    return Review(partnership=Partnership(nation=nation), kind=kind, status=Stage.EVIDENCE, **dates)


def by_key(deadlines):
    return {deadline.key: deadline for deadline in deadlines}


def test_a_review_with_no_dates_has_every_deadline_not_started():
    deadlines = deadlines_for(review(), today=date(2024, 4, 17))

    assert [d.key for d in deadlines] == [
        "notify_panel",
        "send_rapid_review",
        "inform_panel_of_decision",
        "final_report",
        "report_before_publication",
    ]
    assert {d.state for d in deadlines} == {NOT_STARTED}
    assert all(d.due_on is None and d.days_left is None for d in deadlines)
    assert deadlines[0].describe() == "Not started"
    assert deadlines[0].note == "Starts when a date is recorded for: local authority became aware"


def test_rapid_review_due_counts_working_days_left_across_easter():
    rapid = review(ReviewKind.RAPID_REVIEW, aware_on=date(2024, 3, 22), notified_on=date(2024, 3, 27))

    deadline = by_key(deadlines_for(rapid, today=date(2024, 4, 17)))["send_rapid_review"]

    assert deadline.due_on == date(2024, 4, 19)
    assert (deadline.state, deadline.days_left, deadline.days_late) == (DUE, 2, None)
    assert deadline.describe() == "2 working days left"


def test_rapid_review_due_today():
    rapid = review(ReviewKind.RAPID_REVIEW, notified_on=date(2024, 3, 27))

    deadline = by_key(deadlines_for(rapid, today=date(2024, 4, 19)))["send_rapid_review"]

    assert (deadline.state, deadline.days_left) == (DUE, 0)
    assert deadline.describe() == "Due today"


def test_rapid_review_overdue_counts_working_days_late():
    rapid = review(ReviewKind.RAPID_REVIEW, notified_on=date(2024, 3, 27))

    deadline = by_key(deadlines_for(rapid, today=date(2024, 4, 23)))["send_rapid_review"]

    assert (deadline.state, deadline.days_left, deadline.days_late) == (OVERDUE, -2, 2)
    assert deadline.describe() == "2 working days late"


def test_rapid_review_met_on_its_last_day():
    rapid = review(
        ReviewKind.RAPID_REVIEW, notified_on=date(2024, 3, 27), rapid_review_sent_on=date(2024, 4, 19)
    )

    deadline = by_key(deadlines_for(rapid, today=date(2024, 6, 3)))["send_rapid_review"]

    assert (deadline.state, deadline.done_on, deadline.days_late) == (MET, date(2024, 4, 19), None)
    assert deadline.describe() == "Met on 19 April 2024"


def test_rapid_review_kind_lists_only_the_front_of_the_clock():
    keys = [d.key for d in deadlines_for(review(ReviewKind.RAPID_REVIEW), today=date(2024, 1, 1))]

    assert keys == ["notify_panel", "send_rapid_review", "inform_panel_of_decision"]


def test_notification_met_late_over_new_year():
    # Aware on Thursday 23 December 2021: due Tuesday 4 January 2022; notified Thursday 6 January.
    lcspr = review(aware_on=date(2021, 12, 23), notified_on=date(2022, 1, 6))

    deadline = by_key(deadlines_for(lcspr, today=date(2022, 2, 1)))["notify_panel"]

    assert deadline.due_on == date(2022, 1, 4)
    assert (deadline.state, deadline.days_late) == (MET_LATE, 2)
    assert deadline.describe() == "Met 2 working days late"


def test_informing_the_panel_is_marked_as_the_partnerships_own_policy():
    lcspr = review(decision=Decision.LCSPR, decision_on=date(2022, 12, 23))

    deadline = by_key(deadlines_for(lcspr, today=date(2023, 1, 3)))["inform_panel_of_decision"]

    assert deadline.due_on == date(2023, 1, 4)
    assert (deadline.state, deadline.days_left) == (DUE, 1)
    assert deadline.policy is True
    assert by_key(deadlines_for(lcspr, today=date(2023, 1, 3)))["notify_panel"].policy is False


def test_final_report_six_calendar_months_from_the_decision_end_of_february():
    lcspr = review(decision_on=date(2023, 8, 31), commissioned_on=date(2023, 10, 2))

    deadline = by_key(deadlines_for(lcspr, today=date(2024, 3, 4)))["final_report"]

    # 31 August + 6 months: 29 February 2024 (a leap year), a Thursday.
    assert deadline.due_on == date(2024, 2, 29)
    assert (deadline.state, deadline.days_late) == (OVERDUE, 2)


def test_final_report_due_on_a_bank_holiday_moves_to_the_next_working_day():
    # 26 June 2022 + 6 months = Monday 26 December 2022, Boxing Day; 27 December is the substitute day.
    lcspr = review(commissioned_on=date(2022, 6, 26), final_report_on=date(2022, 12, 28))

    deadline = by_key(deadlines_for(lcspr, today=date(2023, 1, 9)))["final_report"]

    assert deadline.due_on == date(2022, 12, 28)
    assert deadline.state == MET


def test_final_report_counts_from_the_decision_before_the_commissioning():
    lcspr = review(decision_on=date(2021, 12, 23), commissioned_on=date(2022, 2, 1))

    assert by_key(deadlines_for(lcspr, today=date(2022, 1, 1)))["final_report"].due_on == date(2022, 6, 23)


def test_report_sent_seven_working_days_before_publication_is_met():
    lcspr = review(report_sent_on=date(2024, 3, 28), published_on=date(2024, 4, 10))

    deadline = by_key(deadlines_for(lcspr, today=date(2024, 5, 1)))["report_before_publication"]

    assert deadline.due_on == date(2024, 3, 28)
    assert deadline.state == MET


def test_report_sent_after_easter_for_a_publication_on_10_april_is_late():
    lcspr = review(report_sent_on=date(2024, 4, 2), published_on=date(2024, 4, 10))

    deadline = by_key(deadlines_for(lcspr, today=date(2024, 5, 1)))["report_before_publication"]

    assert (deadline.state, deadline.days_late) == (MET_LATE, 1)
    assert deadline.describe() == "Met 1 working day late"


def test_report_sent_before_publication_is_dated_counts_as_met_and_says_when_it_may_be_published():
    lcspr = review(report_sent_on=date(2024, 4, 2))

    deadline = by_key(deadlines_for(lcspr, today=date(2024, 4, 3)))["report_before_publication"]

    assert (deadline.state, deadline.due_on) == (MET, None)
    assert deadline.note == "Publish on or after 11 April 2024"


def test_a_decision_not_to_publish_removes_the_report_deadline():
    lcspr = review(final_report_on=date(2024, 3, 1), not_published_on=date(2024, 3, 8))

    keys = [d.key for d in deadlines_for(lcspr, today=date(2024, 4, 3))]

    assert "report_before_publication" not in keys
    assert "final_report" in keys


# Welsh child practice reviews: no rapid review and no national Panel; the Welsh Government is told.


def welsh_cpr(**dates) -> Review:
    return review(ReviewKind.CPR_CONCISE, Nation.WALES, decision_on=date(2021, 12, 23), **dates)


def test_welsh_cpr_lists_its_own_rules():
    deadlines = deadlines_for(welsh_cpr(), today=date(2021, 12, 24))

    assert [(d.key, d.label) for d in deadlines] == [
        ("inform_panel_of_decision", "Tell the Welsh Government the decision"),
        ("final_report", "Receive the final report"),
    ]
    assert deadlines[0].due_on == date(2022, 1, 4)
    assert deadlines[1].due_on == date(2022, 6, 23)


def test_welsh_cpr_due_across_the_jubilee():
    deadline = by_key(deadlines_for(welsh_cpr(), today=date(2022, 6, 1)))["final_report"]

    # 1 June to 23 June 2022 less 2 and 3 June (spring bank holiday and jubilee): 14 working days.
    assert (deadline.state, deadline.days_left) == (DUE, 14)
    assert deadline.describe() == "14 working days left"


def test_welsh_cpr_overdue():
    deadline = by_key(deadlines_for(welsh_cpr(), today=date(2022, 7, 1)))["final_report"]

    assert (deadline.state, deadline.days_late) == (OVERDUE, 6)


def test_welsh_cpr_met_and_met_late():
    cpr = welsh_cpr(panel_informed_on=date(2022, 1, 5), final_report_on=date(2022, 6, 23))

    deadlines = by_key(deadlines_for(cpr, today=date(2022, 7, 1)))

    assert (deadlines["inform_panel_of_decision"].state, deadlines["inform_panel_of_decision"].days_late) == (
        MET_LATE,
        1,
    )
    assert deadlines["final_report"].state == MET


def test_welsh_cpr_not_started():
    cpr = review(ReviewKind.CPR_EXTENDED, Nation.WALES)

    assert {d.state for d in deadlines_for(cpr, today=date(2022, 7, 1))} == {NOT_STARTED}


# The rule table and its fallback.


@pytest.mark.parametrize("nation", Nation.values)
@pytest.mark.parametrize("kind", ReviewKind.values)
def test_every_kind_and_nation_has_rules_on_real_fields(kind, nation):
    field_names = {field.name for field in Review._meta.get_fields()}
    for rule in rules_for(kind, nation):
        assert rule.done_field in field_names
        assert set(rule.start_fields) <= field_names
        assert rule.basis


def test_a_process_falls_back_to_the_rules_of_its_own_nation():
    assert rules_for(ReviewKind.CPR_CONCISE, Nation.ENGLAND) == rules_for(
        ReviewKind.CPR_CONCISE, Nation.WALES
    )
    assert rules_for(ReviewKind.LCSPR, Nation.WALES) == rules_for(ReviewKind.LCSPR, Nation.ENGLAND)


def test_adult_reviews_differ_by_nation_and_thematic_reviews_have_no_clock():
    assert rules_for(ReviewKind.SAR, Nation.ENGLAND)[0].label == "Complete the safeguarding adults review"
    assert rules_for(ReviewKind.SAR, Nation.WALES)[0].label == "Complete the adult practice review"
    assert rules_for(ReviewKind.THEMATIC, Nation.ENGLAND) == ()


def test_a_deadline_cannot_be_changed_after_it_is_worked_out():
    deadline = deadlines_for(review(), today=date(2024, 1, 1))[0]

    with pytest.raises(FrozenInstanceError):
        deadline.state = MET


# next_deadline and timeliness.


def test_next_deadline_is_the_earliest_open_one():
    lcspr = review(
        aware_on=date(2024, 3, 20),
        notified_on=date(2024, 3, 27),
        decision_on=date(2024, 4, 5),
    )

    deadline = next_deadline(lcspr, today=date(2024, 4, 10))

    # Rapid review due 19 April, informing the Panel due 12 April: the Panel comes first.
    assert (deadline.key, deadline.due_on) == ("inform_panel_of_decision", date(2024, 4, 12))


def test_next_deadline_includes_overdue_ones():
    rapid = review(ReviewKind.RAPID_REVIEW, notified_on=date(2024, 3, 27))

    deadline = next_deadline(rapid, today=date(2024, 4, 23))

    assert (deadline.key, deadline.state) == ("send_rapid_review", OVERDUE)


def test_no_next_deadline_when_everything_is_met_or_the_review_is_closed():
    met = review(ReviewKind.RAPID_REVIEW, aware_on=date(2024, 3, 25), notified_on=date(2024, 3, 27))
    assert next_deadline(met, today=date(2024, 3, 28)).key == "send_rapid_review"

    met.rapid_review_sent_on = date(2024, 4, 19)
    assert next_deadline(met, today=date(2024, 4, 22)) is None

    closed = review(ReviewKind.RAPID_REVIEW, notified_on=date(2024, 3, 27))
    closed.status = Stage.CLOSED
    assert next_deadline(closed, today=date(2024, 4, 23)) is None


def test_timeliness_lists_each_met_deadline_on_time_or_late():
    lcspr = review(
        aware_on=date(2021, 12, 23),
        notified_on=date(2022, 1, 6),
        rapid_review_sent_on=date(2022, 1, 20),
        report_sent_on=date(2022, 9, 1),
    )

    result = timeliness(lcspr)

    # The report has no publication date yet, so whether it went in time is not known.
    assert result.by_key == {"notify_panel": False, "send_rapid_review": True}
    assert [d.key for d in result.on_time] == ["send_rapid_review"]
    assert [d.key for d in result.late] == ["notify_panel"]
