"""Many-to-many links that would cross a partnership or a review are refused, from either side.

Each refused add runs in a savepoint, as it would inside a request's transaction.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

pytestmark = pytest.mark.django_db


def test_finding_refuses_an_agency_of_another_partnership(world):
    finding = world.findings["S1"]

    with transaction.atomic(), pytest.raises(ValidationError, match="review's own partnership"):
        finding.agencies.add(world.agencies["north_csc"])
    assert world.agencies["north_csc"] not in finding.agencies.all()


def test_recommendation_refuses_an_agency_of_another_partnership_from_the_agency_side(world):
    recommendation = world.recommendations["S1"]

    with transaction.atomic(), pytest.raises(ValidationError, match="review's own partnership"):
        world.agencies["north_police"].recommendations.add(recommendation)
    assert not recommendation.agencies.filter(pk=world.agencies["north_police"].pk).exists()


def test_recommendation_accepts_agencies_of_its_own_partnership(world):
    recommendation = world.recommendations["A1"]

    recommendation.agencies.add(world.agencies["north_police"])

    assert world.agencies["north_police"] in recommendation.agencies.all()


def test_recommendation_refuses_a_finding_of_another_review(world):
    with transaction.atomic(), pytest.raises(ValidationError, match="same review"):
        world.recommendations["A1"].findings.add(world.findings["B1"])
    assert not world.recommendations["A1"].findings.exists()


def test_action_refuses_a_recommendation_of_another_review(world):
    action = world.actions["A-csc-1"]

    with transaction.atomic(), pytest.raises(ValidationError, match="plan's review"):
        action.recommendations.add(world.recommendations["B1"])
    with transaction.atomic(), pytest.raises(ValidationError, match="plan's review"):
        world.recommendations["S1"].actions.add(action)
    assert set(action.recommendations.all()) == {world.recommendations["A1"]}
