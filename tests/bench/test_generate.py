"""The measurement data: the sizes asked for, the same object permissions the application would grant, and
the measured partnership identical at both sizes."""

import datetime

import pytest

from actions.models import Action, ProgressUpdate
from agencies.models import Partnership
from agencies.permissions import _wanted_grants
from bench.generate import NATIONAL, ONE_PARTNERSHIP, _parts, generate, national
from reviews.models import CaseCoding, Finding, Review

TODAY = datetime.date(2026, 3, 18)
SMALL_NATIONAL = national(7_000)


def _stored_grants(review) -> dict:
    from bench.grants import MODELS

    stored = {}
    for model in MODELS:
        scope = {
            "Review": {"content_object": review},
            "Finding": {"content_object__review": review},
            "Recommendation": {"content_object__review": review},
            "ActionPlan": {"content_object__review": review},
            "Action": {"content_object__plan__review": review},
        }[model.__name__]
        table = model.group_permissions.field.model
        stored[model] = set(
            table.objects.filter(**scope).values_list("group_id", "permission_id", "content_object_id")
        )
    return stored


@pytest.mark.django_db
def test_the_national_shape_is_written_whole():
    made = generate(shape=SMALL_NATIONAL, today=TODAY)

    assert made.partnerships == Partnership.objects.count() == SMALL_NATIONAL.partnerships
    assert made.reviews == Review.objects.count() == SMALL_NATIONAL.reviews
    assert made.actions == Action.objects.count() == SMALL_NATIONAL.actions
    assert CaseCoding.objects.count() == SMALL_NATIONAL.reviews
    updates = ProgressUpdate.objects.count()
    assert made.progress_updates == updates
    # Drawn, not fixed: within 5% of the shape's figure.
    assert abs(updates - SMALL_NATIONAL.progress_updates) < 0.05 * SMALL_NATIONAL.progress_updates
    assert Finding.objects.filter(themes__isnull=True).count() == 0
    assert Action.objects.filter(recommendations__isnull=True).count() == 0
    # Every action answers a recommendation addressed to its agency or to the partnership.
    for action in Action.objects.select_related("plan").prefetch_related("recommendations__agencies")[:300]:
        (recommendation,) = action.recommendations.all()
        agencies = {a.pk for a in recommendation.agencies.all()}
        assert recommendation.to_partnership or action.plan.agency_id in agencies


@pytest.mark.django_db
def test_object_permissions_are_those_the_application_grants():
    generate(shape=SMALL_NATIONAL, today=TODAY)
    reviews = Review.objects.select_related("partnership").order_by("pk")
    checked = 0
    for review in [*reviews[:15], *reviews.reverse()[:15]]:
        wanted = _wanted_grants(review)
        stored = _stored_grants(review)
        for model, rows in stored.items():
            assert rows == wanted.groups[model], (review.pk, model.__name__)
            assert not wanted.users[model]
        checked += 1
    assert checked == 30


def test_the_measured_partnership_comes_first_at_every_size():
    for shape in (NATIONAL, SMALL_NATIONAL):
        parts = _parts(shape)
        assert parts[0] == ONE_PARTNERSHIP
        for name in ("partnerships", "reviews", "actions", "progress_updates"):
            assert sum(getattr(part, name) for part in parts) == getattr(shape, name)
    assert _parts(ONE_PARTNERSHIP) == [ONE_PARTNERSHIP]
