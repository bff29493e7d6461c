"""The stored verdicts of the clock (reviews/clock/stored.py) follow every change of a review's dates."""

import datetime
import io

import pytest
from django.core.management import call_command

from reviews.clock import timeliness
from reviews.models import MetDeadline, Review
from reviews.statutory_dates import statutory_date_record
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def stored(review) -> dict:
    return {
        row.key: (row.due_on, row.met_on, row.on_time) for row in MetDeadline.objects.filter(review=review)
    }


def from_the_clock(review) -> dict:
    review = Review.objects.select_related("partnership").get(pk=review.pk)
    return {d.key: (d.due_on, d.done_on, d.state == "met") for d in timeliness(review).met if not d.policy}


def notified_on_time(world):
    """Aware on Wednesday 1 March 2023, so the notification is due by Wednesday 8 March."""
    return ReviewFactory(
        partnership=world.north,
        rapid=True,
        incident_on=D(2023, 2, 27),
        aware_on=D(2023, 3, 1),
        notified_on=D(2023, 3, 6),
    )


def test_a_new_review_stores_the_deadlines_it_has_met(world):
    review = notified_on_time(world)

    assert stored(review) == {"notify_panel": (D(2023, 3, 8), D(2023, 3, 6), True)}


def test_a_date_changed_later_changes_the_verdict_in_place(world, panel_chair):
    review = notified_on_time(world)

    statutory_date_record(
        review, by=panel_chair, field="notified_on", on=D(2023, 3, 20), reason="The e-mail was found"
    )

    assert stored(review) == {"notify_panel": (D(2023, 3, 8), D(2023, 3, 20), False)}
    assert MetDeadline.objects.filter(review=review).count() == 1


def test_a_date_recorded_adds_a_verdict(world, panel_chair):
    review = notified_on_time(world)

    statutory_date_record(review, by=panel_chair, field="rapid_review_sent_on", on=D(2023, 3, 24))

    assert stored(review)["send_rapid_review"][2] is True
    assert stored(review) == from_the_clock(review)


def test_a_date_taken_away_takes_its_verdict_away(world):
    review = notified_on_time(world)

    review.notified_on = None
    review.save()

    assert stored(review) == {}


def test_every_review_of_the_world_agrees_with_the_clock(world):
    reviews = list(Review.objects.all())

    assert reviews and any(stored(review) for review in reviews)
    for review in reviews:
        assert stored(review) == from_the_clock(review), review.reference


def test_policy_deadlines_are_not_stored(world):
    review = ReviewFactory(
        partnership=world.north,
        incident_on=D(2023, 2, 27),
        aware_on=D(2023, 3, 1),
        notified_on=D(2023, 3, 6),
        rapid_review_sent_on=D(2023, 3, 24),
        decision_on=D(2023, 4, 3),
        panel_informed_on=D(2023, 4, 4),
    )

    clock_keys = {d.key for d in timeliness(review).met}
    assert "inform_panel_of_decision" in clock_keys
    assert "inform_panel_of_decision" not in stored(review)


def test_saving_the_partnership_stores_its_reviews_again(world):
    review = notified_on_time(world)
    MetDeadline.objects.all().delete()

    world.north.save()

    assert stored(review) == from_the_clock(review) != {}
    assert not MetDeadline.objects.exclude(review__partnership=world.north).exists()


def test_the_command_stores_every_review_after_a_bulk_load(world):
    before = {review.pk: stored(review) for review in Review.objects.all()}
    MetDeadline.objects.all().delete()  # as a bulk load leaves it: no saves, no rows

    out = io.StringIO()
    call_command("store_met_deadlines", stdout=out)

    assert {review.pk: stored(review) for review in Review.objects.all()} == before
    assert out.getvalue() == f"Stored {MetDeadline.objects.count()} met deadlines.\n"
