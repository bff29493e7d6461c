"""Recording a review's statutory dates that are not changes of stage (reviews/statutory_dates.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agencies.models import Nation
from reviews import statutory_dates
from reviews.models import Decision, Review, ReviewKind
from reviews.statutory_dates import ShortNotice, recordable_fields, statutory_date_record
from tests.factories import PartnershipFactory, ReviewFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def stored(review: Review) -> dict:
    """The review's row as stored, every field but the time it was last saved."""
    row = Review.objects.get(pk=review.pk)
    return {
        f.attname: getattr(row, f.attname) for f in Review._meta.concrete_fields if f.attname != "updated_at"
    }


def in_memory(review: Review) -> dict:
    return {
        f.attname: getattr(review, f.attname)
        for f in Review._meta.concrete_fields
        if f.attname != "updated_at"
    }


def assert_refused(review, *, error=ValidationError, key=None, message="", **kwargs):
    """The call raises, and neither the review (stored or in memory) nor its history moved."""
    before_row, before_object = stored(review), in_memory(review)
    history_before = review.history.count()
    with pytest.raises(error) as raised:
        statutory_date_record(review, **kwargs)
    if key is not None:
        assert key in raised.value.message_dict, raised.value.message_dict
    if message:
        assert message in " ".join(raised.value.messages)
    assert stored(review) == before_row
    assert in_memory(review) == before_object
    assert review.history.count() == history_before
    return raised.value


def lcspr(world, **dates):
    """An LCSPR of North at evidence gathering, with the factory's dates unless told otherwise."""
    return ReviewFactory(partnership=world.north, **dates)


def rapid_review(world, **dates):
    return ReviewFactory(partnership=world.north, rapid=True, **dates)


# --- Which dates apply ------------------------------------------------------------------------------------


def test_an_lcspr_records_every_clock_date_and_its_publication(world):
    assert recordable_fields(world.reviews["A"]) == [
        "notified_on",
        "rapid_review_sent_on",
        "panel_informed_on",
        "report_sent_on",
        "published_on",
        "not_published_on",
    ]


def test_a_rapid_review_has_no_publication_and_no_panel_date_before_its_decision(world):
    assert recordable_fields(world.reviews["B"]) == ["notified_on", "rapid_review_sent_on"]


def test_a_rapid_review_with_its_decision_records_when_the_panel_was_told(world):
    review = rapid_review(
        world, decision=Decision.LCSPR, decision_on=D(2024, 2, 9), decision_rationale="Met."
    )

    assert "panel_informed_on" in recordable_fields(review)


def test_a_safeguarding_adults_review_records_only_its_publication(world):
    review = ReviewFactory(partnership=world.north, kind=ReviewKind.SAR, methodology="")

    assert recordable_fields(review) == ["published_on", "not_published_on"]


def test_a_welsh_child_practice_review_records_when_the_welsh_government_was_told(world):
    wales = PartnershipFactory(nation=Nation.WALES)
    review = ReviewFactory(partnership=wales, kind=ReviewKind.CPR_CONCISE, methodology="")

    assert recordable_fields(review) == ["panel_informed_on", "published_on", "not_published_on"]


# --- Recording each date ----------------------------------------------------------------------------------


def test_recording_the_rapid_review_sent_saves_it_and_history_names_the_person(world, panel_member):
    review = world.reviews["B"]

    statutory_date_record(review, by=panel_member, field="rapid_review_sent_on", on=D(2024, 2, 2))

    assert review.rapid_review_sent_on == D(2024, 2, 2)
    assert Review.objects.get(pk=review.pk).rapid_review_sent_on == D(2024, 2, 2)
    last = review.history.first()
    assert last.history_user == panel_member
    assert last.history_change_reason == "Rapid review sent to the national Panel: date recorded"


def test_recording_when_the_panel_was_told_of_a_recorded_decision(world, panel_chair):
    review = lcspr(world, panel_informed_on=None)

    statutory_date_record(review, by=panel_chair, field="panel_informed_on", on=D(2024, 2, 13))

    assert Review.objects.get(pk=review.pk).panel_informed_on == D(2024, 2, 13)


def test_the_panel_cannot_be_told_before_the_decision_is_recorded(world, panel_chair):
    assert_refused(
        world.reviews["B"], by=panel_chair, field="panel_informed_on", on=D(2024, 2, 13), key="field"
    )


def test_the_panel_cannot_be_told_before_the_decision_was_made(world, panel_chair):
    review = lcspr(world, panel_informed_on=None)

    assert_refused(
        review,
        by=panel_chair,
        field="panel_informed_on",
        on=D(2024, 2, 8),
        key="on",
        message="The national Panel cannot be informed of a decision before it is made.",
    )


def test_recording_the_notification_of_a_review_registered_before_it(world, partnership_admin):
    review = ReviewFactory(
        partnership=world.north, undated=True, incident_on=D(2024, 1, 8), aware_on=D(2024, 1, 10)
    )

    statutory_date_record(review, by=partnership_admin, field="notified_on", on=D(2024, 1, 12))

    assert Review.objects.get(pk=review.pk).notified_on == D(2024, 1, 12)


def test_the_notification_cannot_come_before_the_local_authority_became_aware(world, panel_chair):
    review = ReviewFactory(
        partnership=world.north, undated=True, incident_on=D(2024, 1, 8), aware_on=D(2024, 1, 10)
    )

    assert_refused(
        review,
        by=panel_chair,
        field="notified_on",
        on=D(2024, 1, 9),
        key="on",
        message="The notification cannot come before the local authority became aware.",
    )


def test_the_rapid_review_cannot_be_sent_before_the_notification(world, panel_chair):
    assert_refused(
        world.reviews["B"],
        by=panel_chair,
        field="rapid_review_sent_on",
        on=D(2024, 1, 14),
        key="on",
        message="The rapid review cannot be sent before the notification.",
    )


def test_recording_the_report_sent(world, panel_chair):
    review = world.reviews["A"]

    statutory_date_record(review, by=panel_chair, field="report_sent_on", on=D(2024, 9, 2))

    assert Review.objects.get(pk=review.pk).report_sent_on == D(2024, 9, 2)


# --- Publication -----------------------------------------------------------------------------------------


def test_publication_seven_working_days_after_the_report_was_sent_is_recorded(world, panel_chair):
    # Sent Monday 2 September 2024; Wednesday 11 September is the 7th working day after it.
    review = lcspr(world, report_sent_on=D(2024, 9, 2))

    statutory_date_record(review, by=panel_chair, field="published_on", on=D(2024, 9, 11))

    assert Review.objects.get(pk=review.pk).published_on == D(2024, 9, 11)


def test_publication_sooner_asks_to_be_confirmed_and_saves_nothing_until_it_is(world, panel_chair):
    review = lcspr(world, report_sent_on=D(2024, 9, 2))

    refused = assert_refused(
        review, by=panel_chair, field="published_on", on=D(2024, 9, 10), error=ShortNotice
    )
    assert "6 working days" in refused.message
    assert "at least 7 working days" in refused.message

    statutory_date_record(review, by=panel_chair, field="published_on", on=D(2024, 9, 10), confirmed=True)
    assert Review.objects.get(pk=review.pk).published_on == D(2024, 9, 10)


def test_changing_the_report_sent_to_too_close_to_publication_asks_too(world, panel_chair):
    review = lcspr(world, report_sent_on=D(2024, 9, 2), published_on=D(2024, 9, 11))

    assert_refused(
        review,
        by=panel_chair,
        field="report_sent_on",
        on=D(2024, 9, 5),
        reason="Misdated.",
        error=ShortNotice,
    )


def test_publication_cannot_come_before_the_report_was_sent(world, panel_chair):
    review = lcspr(world, report_sent_on=D(2024, 9, 2))

    assert_refused(
        review,
        by=panel_chair,
        field="published_on",
        on=D(2024, 8, 30),
        confirmed=True,
        key="on",
        message="The report must be sent to the Panel and Secretary of State before publication.",
    )


def test_a_review_not_published_cannot_also_be_published(world, panel_chair):
    review = lcspr(world, not_published_on=D(2024, 9, 2), not_published_reason="The family asked.")

    assert_refused(
        review,
        by=panel_chair,
        field="published_on",
        on=D(2024, 9, 20),
        key="on",
        message="A review is either published or has a decision not to publish, not both.",
    )


def test_a_decision_not_to_publish_needs_its_reason(world, panel_chair):
    assert_refused(
        world.reviews["A"], by=panel_chair, field="not_published_on", on=D(2024, 9, 2), key="reason"
    )


def test_a_decision_not_to_publish_keeps_its_reason_on_the_review_and_in_history(world, panel_chair):
    review = world.reviews["A"]

    statutory_date_record(
        review, by=panel_chair, field="not_published_on", on=D(2024, 9, 2), reason="  The family asked.  "
    )

    row = Review.objects.get(pk=review.pk)
    assert (row.not_published_on, row.not_published_reason) == (D(2024, 9, 2), "The family asked.")
    assert review.history.first().history_change_reason == "The family asked."


# --- Changing a date, and refusals --------------------------------------------------------------------


def test_changing_a_recorded_date_needs_a_reason(world, panel_chair):
    assert_refused(
        world.reviews["A"], by=panel_chair, field="rapid_review_sent_on", on=D(2024, 2, 5), key="reason"
    )


def test_changing_a_recorded_date_keeps_the_reason_in_history(world, panel_member):
    review = world.reviews["A"]

    statutory_date_record(
        review, by=panel_member, field="rapid_review_sent_on", on=D(2024, 2, 5), reason="Typed wrongly."
    )

    assert Review.objects.get(pk=review.pk).rapid_review_sent_on == D(2024, 2, 5)
    last = review.history.first()
    assert (last.history_user, last.history_change_reason) == (panel_member, "Typed wrongly.")
    assert last.prev_record.rapid_review_sent_on == D(2024, 2, 2)


def test_a_reason_for_a_change_longer_than_history_keeps_is_refused(world, panel_chair):
    assert_refused(
        world.reviews["A"],
        by=panel_chair,
        field="rapid_review_sent_on",
        on=D(2024, 2, 5),
        reason="x" * (statutory_dates.REASON_MAX_LENGTH + 1),
        key="reason",
    )


def test_recording_the_same_date_again_is_refused(world, panel_chair):
    assert_refused(
        world.reviews["A"], by=panel_chair, field="rapid_review_sent_on", on=D(2024, 2, 2), key="on"
    )


def test_a_date_in_the_future_is_refused(world, panel_chair):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    assert_refused(world.reviews["B"], by=panel_chair, field="rapid_review_sent_on", on=tomorrow, key="on")


def test_a_missing_date_is_refused(world, panel_chair):
    assert_refused(world.reviews["B"], by=panel_chair, field="rapid_review_sent_on", on=None, key="on")


def test_a_date_the_kind_does_not_have_is_refused(world, panel_chair):
    assert_refused(world.reviews["B"], by=panel_chair, field="published_on", on=D(2024, 9, 2), key="field")
    assert_refused(world.reviews["B"], by=panel_chair, field="closed_on", on=D(2024, 9, 2), key="field")


@pytest.mark.parametrize("persona", ["board_member", "scrutineer", "lead_reviewer", "csc_lead", "outsider"])
def test_only_panel_staff_record_dates(world, persona):
    assert_refused(
        world.reviews["A"],
        by=world.people[persona],
        field="report_sent_on",
        on=D(2024, 9, 2),
        error=PermissionDenied,
    )
