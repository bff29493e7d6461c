import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actions.models import Action, Status
from reviews import lifecycle
from reviews.models import CaseCoding, Decision, Review, ReviewKind, Stage, StageChange
from tests.factories import CaseCodingFactory, ReviewFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def stored(review: Review) -> dict:
    """The review's row as stored, every field but the time it was last saved."""
    return {
        field.attname: getattr(Review.objects.get(pk=review.pk), field.attname)
        for field in Review._meta.concrete_fields
        if field.attname != "updated_at"
    }


def in_memory(review: Review) -> dict:
    return {
        field.attname: getattr(review, field.attname)
        for field in Review._meta.concrete_fields
        if field.attname != "updated_at"
    }


def assert_refused(call, review, *, error=ValidationError, key=None, message=""):
    """The call raises, and neither the review (stored or in memory) nor its stage changes moved."""
    before_row, before_object = stored(review), in_memory(review)
    changes_before = StageChange.objects.count()
    reviews_before = Review.objects.count()
    with pytest.raises(error) as raised:
        call()
    if key is not None:
        assert key in raised.value.message_dict, raised.value.message_dict
    if message:
        assert message in " ".join(raised.value.messages)
    assert stored(review) == before_row
    assert in_memory(review) == before_object
    assert StageChange.objects.count() == changes_before
    assert Review.objects.count() == reviews_before
    return raised.value


def notified_review(world, kind, **extra):
    return ReviewFactory(
        partnership=world.north,
        kind=kind,
        undated=True,
        incident_on=D(2024, 1, 8),
        aware_on=D(2024, 1, 10),
        notified_on=D(2024, 1, 15),
        methodology="",
        **extra,
    )


def finish_actions(review, status=Status.SUPERSEDED):
    Action.objects.filter(plan__review=review).update(status=status)


# --- The rule table ------------------------------------------------------------------------------


def test_every_kind_has_its_stages_in_lifecycle_order():
    for kind in ReviewKind:
        stages = lifecycle.stages_for(kind)
        assert stages[0] == Stage.NOTIFIED and stages[-1] == Stage.CLOSED
        assert list(stages) == sorted(stages, key=lifecycle.stage_position)


@pytest.mark.parametrize(
    "kind",
    [
        ReviewKind.SAR,
        ReviewKind.DHR,
        ReviewKind.THEMATIC,
        ReviewKind.NATIONAL,
        ReviewKind.CPR_CONCISE,
        ReviewKind.CPR_EXTENDED,
    ],
)
def test_kinds_without_a_rapid_review_go_from_notified_to_scoping_without_a_skip(world, panel_chair, kind):
    review = notified_review(world, kind)

    change = lifecycle.stage_advance(review, to_stage=Stage.SCOPING, by=panel_chair, on=D(2024, 2, 1))

    assert change.skipped == []
    assert (change.from_stage, change.to_stage) == (Stage.NOTIFIED, Stage.SCOPING)
    assert Review.objects.get(pk=review.pk).status == Stage.SCOPING


def test_a_rapid_review_starts_its_rapid_review_after_the_notification(world, panel_chair):
    review = notified_review(world, ReviewKind.RAPID_REVIEW)

    assert lifecycle.next_stage(review) == Stage.RAPID_REVIEW
    lifecycle.stage_advance(review, to_stage=Stage.RAPID_REVIEW, by=panel_chair, on=D(2024, 1, 16))

    assert review.status == Stage.RAPID_REVIEW


def test_a_stage_that_is_not_of_the_kind_is_refused(world, panel_chair):
    review = world.reviews["B"]

    assert_refused(
        lambda: lifecycle.stage_advance(review, to_stage=Stage.SCOPING, by=panel_chair, on=D(2024, 2, 1)),
        review,
        key="to_stage",
        message="not a stage of a rapid review",
    )


# --- Moving on ----------------------------------------------------------------------------------------


def test_moving_one_stage_on_is_recorded_dated_and_attributed(world, panel_chair):
    review = world.reviews["B"]

    change = lifecycle.stage_advance(review, to_stage=Stage.DECISION, by=panel_chair, on=D(2024, 2, 2))

    change.refresh_from_db()
    assert change.review == review
    assert (change.from_stage, change.to_stage) == (Stage.RAPID_REVIEW, Stage.DECISION)
    assert change.changed_on == D(2024, 2, 2)
    assert change.changed_by == panel_chair
    assert change.skipped == []
    assert Review.objects.get(pk=review.pk).status == Stage.DECISION
    assert review.status == Stage.DECISION
    assert review.history.first().history_user == panel_chair


def test_skipping_without_naming_each_skipped_stage_is_refused(world, panel_chair):
    review = world.reviews["A"]  # evidence gathering

    error = assert_refused(
        lambda: lifecycle.stage_advance(
            review,
            to_stage=Stage.FINAL_REPORT,
            by=panel_chair,
            on=D(2024, 6, 3),
            rationale="The reviewer sent the final report straight away.",
        ),
        review,
        key="skip_draft",
    )
    assert "Say why draft report is skipped" in error.message_dict["skip_draft"]


def test_skipping_needs_a_rationale_as_well_as_the_reasons(world, panel_chair):
    review = world.reviews["A"]

    assert_refused(
        lambda: lifecycle.stage_advance(
            review,
            to_stage=Stage.FINAL_REPORT,
            by=panel_chair,
            on=D(2024, 6, 3),
            skip_reasons={Stage.DRAFT: "No draft was circulated."},
        ),
        review,
        key="rationale",
    )


def test_a_skip_with_its_reasons_is_kept_and_records_the_stage_date(world, panel_chair):
    review = world.reviews["A"]

    change = lifecycle.stage_advance(
        review,
        to_stage=Stage.FINAL_REPORT,
        by=panel_chair,
        on=D(2024, 6, 3),
        rationale="The reviewer sent the final report straight away.",
        skip_reasons={"draft": "No draft was circulated.", "publication": "Not skipped, ignored."},
    )

    change.refresh_from_db()
    assert change.skipped == [{"stage": "draft", "reason": "No draft was circulated."}]
    assert Review.objects.get(pk=review.pk).final_report_on == D(2024, 6, 3)


def test_entering_evidence_gathering_keeps_a_commissioning_date_already_recorded(world, panel_chair):
    review = ReviewFactory(partnership=world.north, status=Stage.SCOPING)
    recorded = review.commissioned_on

    lifecycle.stage_advance(review, to_stage=Stage.EVIDENCE, by=panel_chair, on=D(2024, 3, 20))

    assert Review.objects.get(pk=review.pk).commissioned_on == recorded


def test_entering_evidence_gathering_records_the_commissioning_date_when_missing(world, panel_chair):
    review = ReviewFactory(partnership=world.north, status=Stage.SCOPING, commissioned_on=None)

    lifecycle.stage_advance(review, to_stage=Stage.EVIDENCE, by=panel_chair, on=D(2024, 3, 20))

    assert Review.objects.get(pk=review.pk).commissioned_on == D(2024, 3, 20)


def test_moving_back_needs_a_rationale(world, panel_chair):
    review = ReviewFactory(partnership=world.north, status=Stage.DRAFT)

    assert_refused(
        lambda: lifecycle.stage_advance(review, to_stage=Stage.EVIDENCE, by=panel_chair, on=D(2024, 6, 3)),
        review,
        key="rationale",
    )


def test_moving_back_with_a_rationale_keeps_the_dates(world, panel_chair):
    review = ReviewFactory(partnership=world.north, status=Stage.DRAFT)
    dates_before = {name: value for name, value in stored(review).items() if name.endswith("_on")}

    change = lifecycle.stage_advance(
        review,
        to_stage=Stage.EVIDENCE,
        by=panel_chair,
        on=D(2024, 6, 3),
        rationale="The family asked to contribute after reading the draft.",
    )

    assert (change.from_stage, change.to_stage) == (Stage.DRAFT, Stage.EVIDENCE)
    assert change.skipped == []
    assert {name: value for name, value in stored(review).items() if name.endswith("_on")} == dates_before


def test_moving_past_the_decision_needs_the_decision(world, panel_chair):
    review = notified_review(world, ReviewKind.LCSPR, status=Stage.DECISION)

    assert_refused(
        lambda: lifecycle.stage_advance(review, to_stage=Stage.SCOPING, by=panel_chair, on=D(2024, 2, 1)),
        review,
        key="to_stage",
        message="Record the decision",
    )


def test_closing_is_not_a_stage_change(world, panel_chair):
    review = world.reviews["A"]

    assert_refused(
        lambda: lifecycle.stage_advance(
            review, to_stage=Stage.CLOSED, by=panel_chair, on=D(2024, 6, 3), rationale="Done."
        ),
        review,
        key="to_stage",
    )


def test_a_closed_review_stays_closed(world, panel_chair):
    review = ReviewFactory(
        partnership=world.north, status=Stage.CLOSED, closed_on=D(2025, 1, 6), closure_rationale="Done."
    )

    assert_refused(
        lambda: lifecycle.stage_advance(
            review, to_stage=Stage.MONITORING, by=panel_chair, on=D(2025, 1, 7), rationale="Reopened."
        ),
        review,
        key="to_stage",
    )


def test_the_same_stage_is_refused(world, panel_chair):
    review = world.reviews["A"]

    assert_refused(
        lambda: lifecycle.stage_advance(review, to_stage=Stage.EVIDENCE, by=panel_chair, on=D(2024, 6, 3)),
        review,
        key="to_stage",
    )


def test_a_date_before_the_last_change_of_stage_is_refused(world, panel_chair):
    review = world.reviews["A"]  # entered evidence gathering on 4 March 2024

    assert_refused(
        lambda: lifecycle.stage_advance(review, to_stage=Stage.DRAFT, by=panel_chair, on=D(2024, 3, 1)),
        review,
        key="on",
        message="before the review's last change of stage",
    )


def test_a_date_in_the_future_is_refused(world, panel_chair):
    review = world.reviews["A"]

    assert_refused(
        lambda: lifecycle.stage_advance(review, to_stage=Stage.DRAFT, by=panel_chair, on=D(2999, 1, 1)),
        review,
        key="on",
    )


@pytest.mark.parametrize("persona", ["board_member", "scrutineer", "csc_lead", "lead_reviewer", "outsider"])
def test_only_panel_staff_move_a_review(world, persona):
    review = world.reviews["A"]

    assert_refused(
        lambda: lifecycle.stage_advance(
            review, to_stage=Stage.DRAFT, by=world.people[persona], on=D(2024, 6, 3)
        ),
        review,
        error=PermissionDenied,
    )


def test_a_review_moved_by_someone_else_meanwhile_is_refused(world, panel_chair, panel_member):
    review = world.reviews["A"]
    stale = Review.objects.get(pk=review.pk)
    lifecycle.stage_advance(review, to_stage=Stage.DRAFT, by=panel_member, on=D(2024, 6, 3))

    assert_refused(
        lambda: lifecycle.stage_advance(stale, to_stage=Stage.DRAFT, by=panel_chair, on=D(2024, 6, 3)),
        stale,
        message="since this page was opened",
    )


# --- The decision ------------------------------------------------------------------------------------


def test_recording_the_decision_moves_a_rapid_review_to_the_decision(world, panel_chair):
    review = world.reviews["B"]

    lifecycle.decision_record(
        review,
        decision=Decision.LCSPR,
        on=D(2024, 2, 9),
        rationale="Learning about information sharing between health and police.",
        panel_informed_on=D(2024, 2, 12),
        by=panel_chair,
    )

    row = Review.objects.get(pk=review.pk)
    assert row.status == Stage.DECISION
    assert (row.decision, row.decision_on, row.panel_informed_on) == (
        Decision.LCSPR,
        D(2024, 2, 9),
        D(2024, 2, 12),
    )
    assert row.decision_rationale == "Learning about information sharing between health and police."
    change = StageChange.objects.get(review=review)
    assert (change.from_stage, change.to_stage, change.changed_on) == (
        Stage.RAPID_REVIEW,
        Stage.DECISION,
        D(2024, 2, 9),
    )
    assert change.changed_by == panel_chair
    assert row.history.first().history_user == panel_chair


def test_the_decision_may_change_at_the_decision_stage_without_a_new_stage_change(world, panel_chair):
    review = world.reviews["B"]
    lifecycle.decision_record(
        review, decision=Decision.LCSPR, on=D(2024, 2, 9), rationale="Learning.", by=panel_chair
    )

    lifecycle.decision_record(
        review,
        decision=Decision.OTHER_LEARNING,
        on=D(2024, 2, 9),
        rationale="A thematic audit will cover it.",
        by=panel_chair,
    )

    assert Review.objects.get(pk=review.pk).decision == Decision.OTHER_LEARNING
    assert StageChange.objects.filter(review=review).count() == 1
    assert review.history.count() >= 2


def test_a_decision_needs_its_rationale(world, panel_chair):
    review = world.reviews["B"]

    assert_refused(
        lambda: lifecycle.decision_record(
            review, decision=Decision.LCSPR, on=D(2024, 2, 9), rationale="  ", by=panel_chair
        ),
        review,
        key="rationale",
    )


def test_a_decision_before_the_notification_is_refused_beside_its_date(world, panel_chair):
    review = world.reviews["B"]  # notified 15 January 2024

    assert_refused(
        lambda: lifecycle.decision_record(
            review, decision=Decision.LCSPR, on=D(2024, 1, 2), rationale="Learning.", by=panel_chair
        ),
        review,
        key="on",
    )


def test_the_panel_cannot_be_told_before_the_decision(world, panel_chair):
    review = world.reviews["B"]

    assert_refused(
        lambda: lifecycle.decision_record(
            review,
            decision=Decision.LCSPR,
            on=D(2024, 2, 9),
            rationale="Learning.",
            panel_informed_on=D(2024, 2, 1),
            by=panel_chair,
        ),
        review,
        key="panel_informed_on",
    )


def test_a_kind_without_a_decision_stage_has_no_decision(world, panel_chair):
    review = notified_review(world, ReviewKind.SAR)

    assert_refused(
        lambda: lifecycle.decision_record(
            review, decision=Decision.LCSPR, on=D(2024, 2, 9), rationale="Learning.", by=panel_chair
        ),
        review,
        message="no rapid review decision",
    )


def test_a_decision_stands_once_the_review_has_moved_past_it(world, panel_chair):
    review = world.reviews["A"]

    assert_refused(
        lambda: lifecycle.decision_record(
            review, decision=Decision.NO_FURTHER_REVIEW, on=D(2024, 2, 9), rationale="None.", by=panel_chair
        ),
        review,
        message="moved past its decision",
    )


def test_only_panel_staff_record_a_decision(world, board_member):
    review = world.reviews["B"]

    assert_refused(
        lambda: lifecycle.decision_record(
            review, decision=Decision.LCSPR, on=D(2024, 2, 9), rationale="Learning.", by=board_member
        ),
        review,
        error=PermissionDenied,
    )


# --- Converting a rapid review ------------------------------------------------------------------------


@pytest.fixture
def decided_rapid_review(world, panel_chair):
    review = world.reviews["B"]
    review.background = "A baby was admitted to hospital with a serious head injury."
    review.rapid_review_sent_on = D(2024, 2, 2)
    review.save()
    lifecycle.decision_record(
        review,
        decision=Decision.LCSPR,
        on=D(2024, 2, 9),
        rationale="Learning about information sharing between health and police.",
        panel_informed_on=D(2024, 2, 12),
        by=panel_chair,
    )
    return review


def convert(review, by, **extra):
    answers = {
        "on": D(2024, 3, 1),
        "reference": "LCSPR-2024-09",
        "rationale": "The criteria for an LCSPR are met.",
    } | extra
    return lifecycle.rapid_review_convert(review, by=by, **answers)


def test_converting_creates_a_linked_lcspr_with_the_case_and_the_clock(decided_rapid_review, panel_chair):
    rapid = decided_rapid_review

    lcspr = convert(rapid, panel_chair)

    lcspr.refresh_from_db()
    assert lcspr.kind == ReviewKind.LCSPR
    assert lcspr.converted_from == rapid
    assert lcspr.reference == "LCSPR-2024-09"
    assert lcspr.title == rapid.title
    assert lcspr.status == Stage.SCOPING
    for name in lifecycle.CARRIED_OVER:
        assert getattr(lcspr, name) == getattr(rapid, name), name
    change = StageChange.objects.get(review=lcspr)
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        Stage.DECISION,
        Stage.SCOPING,
        panel_chair,
    )
    assert rapid.reference in change.rationale
    assert lcspr.history.first().history_user == panel_chair


def test_converting_copies_the_case_coding(decided_rapid_review, panel_chair):
    coding = CaseCodingFactory(review=decided_rapid_review)

    lcspr = convert(decided_rapid_review, panel_chair, title="Serious injury to a baby")

    copied = CaseCoding.objects.get(review=lcspr)
    assert (copied.nature, copied.age_band, copied.harm_category) == (
        coding.nature,
        coding.age_band,
        coding.harm_category,
    )
    assert CaseCoding.objects.get(review=decided_rapid_review).pk == coding.pk
    assert Review.objects.get(pk=lcspr.pk).title == "Serious injury to a baby"


def test_a_rapid_review_with_open_actions_moves_to_monitoring_on_conversion(
    decided_rapid_review, panel_chair
):
    rapid = decided_rapid_review

    lcspr = convert(rapid, panel_chair)

    row = Review.objects.get(pk=rapid.pk)
    assert row.status == Stage.MONITORING
    assert row.closed_on is None
    change = StageChange.objects.filter(review=rapid).last()
    assert (change.from_stage, change.to_stage) == (Stage.DECISION, Stage.MONITORING)
    assert [item["stage"] for item in change.skipped] == [Stage.ACTION_PLANNING]
    assert all(lcspr.reference in item["reason"] for item in change.skipped)


def test_a_rapid_review_with_every_action_finished_closes_on_conversion(decided_rapid_review, panel_chair):
    rapid = decided_rapid_review
    finish_actions(rapid)

    lcspr = convert(rapid, panel_chair)

    row = Review.objects.get(pk=rapid.pk)
    assert row.status == Stage.CLOSED
    assert row.closed_on == D(2024, 3, 1)
    assert row.closure_rationale.startswith(f"Converted into {lcspr.reference}")
    assert rapid.status == Stage.CLOSED
    change = StageChange.objects.filter(review=rapid).last()
    assert [item["stage"] for item in change.skipped] == [Stage.ACTION_PLANNING, Stage.MONITORING]


def test_a_rapid_review_converts_once(decided_rapid_review, panel_chair):
    rapid = decided_rapid_review
    finish_actions(rapid)
    convert(rapid, panel_chair)

    assert_refused(
        lambda: convert(rapid, panel_chair, reference="LCSPR-2024-10"),
        rapid,
        message="already been converted",
    )


def test_only_an_lcspr_decision_converts(world, panel_chair):
    review = world.reviews["B"]
    lifecycle.decision_record(
        review, decision=Decision.NO_FURTHER_REVIEW, on=D(2024, 2, 9), rationale="No.", by=panel_chair
    )

    assert_refused(lambda: convert(review, panel_chair), review, message="Record the decision to commission")


def test_only_a_rapid_review_converts(world, panel_chair):
    review = world.reviews["A"]

    assert_refused(lambda: convert(review, panel_chair), review, message="Only a rapid review")


def test_a_taken_reference_refuses_the_conversion_and_creates_nothing(
    decided_rapid_review, panel_chair, world
):
    codings_before = CaseCoding.objects.count()

    assert_refused(
        lambda: convert(decided_rapid_review, panel_chair, reference=world.reviews["A"].reference),
        decided_rapid_review,
        key="reference",
    )
    assert CaseCoding.objects.count() == codings_before


def test_a_conversion_needs_its_rationale(decided_rapid_review, panel_chair):
    assert_refused(
        lambda: convert(decided_rapid_review, panel_chair, rationale=""),
        decided_rapid_review,
        key="rationale",
    )


def test_only_panel_staff_convert(decided_rapid_review, scrutineer):
    assert_refused(
        lambda: convert(decided_rapid_review, scrutineer), decided_rapid_review, error=PermissionDenied
    )


# --- Closing ------------------------------------------------------------------------------------------


def test_closing_is_refused_while_actions_are_open(world, panel_chair):
    review = world.reviews["A"]  # two actions, not started

    assert_refused(
        lambda: lifecycle.review_close(review, by=panel_chair, on=D(2025, 1, 6), rationale="Done."),
        review,
        message="2 actions are still open",
    )


def test_an_action_awaiting_verification_is_still_open(world, panel_chair):
    review = world.reviews["A"]
    finish_actions(review)
    Action.objects.filter(pk=world.actions["A-csc-1"].pk).update(status=Status.AWAITING_VERIFICATION)

    assert_refused(
        lambda: lifecycle.review_close(review, by=panel_chair, on=D(2025, 1, 6), rationale="Done."),
        review,
        message="1 action is still open",
    )


def test_closing_records_the_date_the_rationale_and_the_stages_passed_over(world, panel_chair):
    review = world.reviews["A"]  # evidence gathering
    finish_actions(review)

    change = lifecycle.review_close(
        review, by=panel_chair, on=D(2025, 1, 6), rationale="Every action verified; the audit showed change."
    )

    row = Review.objects.get(pk=review.pk)
    assert row.status == Stage.CLOSED
    assert row.closed_on == D(2025, 1, 6)
    assert row.closure_rationale == "Every action verified; the audit showed change."
    assert (change.from_stage, change.to_stage, change.changed_by) == (
        Stage.EVIDENCE,
        Stage.CLOSED,
        panel_chair,
    )
    assert [item["stage"] for item in change.skipped] == [
        Stage.DRAFT,
        Stage.FINAL_REPORT,
        Stage.PUBLICATION,
        Stage.ACTION_PLANNING,
        Stage.MONITORING,
    ]
    assert row.history.first().history_user == panel_chair


def test_closing_needs_a_rationale(world, panel_chair):
    review = world.reviews["C"]  # no action plans

    assert_refused(
        lambda: lifecycle.review_close(review, by=panel_chair, on=D(2025, 1, 6), rationale=""),
        review,
        key="rationale",
    )


def test_closing_twice_is_refused(world, panel_chair):
    review = world.reviews["C"]
    lifecycle.review_close(review, by=panel_chair, on=D(2025, 1, 6), rationale="Done.")

    assert_refused(
        lambda: lifecycle.review_close(review, by=panel_chair, on=D(2025, 1, 7), rationale="Again."),
        review,
        message="already closed",
    )


def test_only_panel_staff_close(world, board_member):
    review = world.reviews["C"]

    assert_refused(
        lambda: lifecycle.review_close(review, by=board_member, on=D(2025, 1, 6), rationale="Done."),
        review,
        error=PermissionDenied,
    )
