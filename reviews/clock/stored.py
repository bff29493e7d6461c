"""The statutory deadlines each review has met, stored so that timeliness is counted by the database.

The clock (deadlines.py) needs working days and bank holidays, which the database cannot count. Its
verdict on the deadlines already met never depends on today, only on the review's own dates and its
partnership's nation, so it is stored as MetDeadline rows whenever one of those changes:

- every save of a review (a post_save receiver in reviews/signals.py), whichever service made it;
- every save of a partnership, for all its reviews (its nation picks the bank holidays);
- `manage.py store_met_deadlines` after a bulk load that bypassed saves, or a new list of bank holidays.

Only statutory deadlines are stored: a partnership's own policy is not "within statutory time".
"""

from collections.abc import Iterable

from django.db import transaction

from reviews.models import MetDeadline, Review

from .deadlines import MET, timeliness


def met_deadlines(review: Review) -> list[MetDeadline]:
    """The rows `review` should have now, unsaved. No queries beyond `review.partnership`."""
    return [
        MetDeadline(
            review=review,
            key=deadline.key,
            due_on=deadline.due_on,
            met_on=deadline.done_on,
            on_time=deadline.state == MET,
        )
        for deadline in timeliness(review).met
        if not deadline.policy
    ]


@transaction.atomic
def store_met_deadlines(reviews: Iterable[Review], *, batch_size: int = 2000) -> int:
    """Replace the stored rows of `reviews` with what the clock says now; how many rows were written.

    Give the reviews with their partnership selected: otherwise each fetches its own.
    """
    rows, pks = [], []
    for review in reviews:
        pks.append(review.pk)
        rows.extend(met_deadlines(review))
    for start in range(0, len(pks), batch_size):
        MetDeadline.objects.filter(review_id__in=pks[start : start + batch_size]).delete()
    MetDeadline.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def store_all_met_deadlines(reviews=None) -> int:
    """Store the rows of every review (or of the `reviews` queryset), a chunk at a time."""
    reviews = (reviews if reviews is not None else Review.objects.all()).select_related("partnership")
    return store_met_deadlines(reviews.order_by("pk").iterator(chunk_size=2000))
