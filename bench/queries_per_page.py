"""Queries per page as data grows, for a panel chair and an agency lead: home, review, register, search,
the actions work list, a plan page, an action page and (panel chair) the verification queue.

A measurement, not a test (bench/ is outside the test paths). Run:

    .venv/bin/pytest bench/queries_per_page.py -q -s -p no:warnings

Each review added carries a recommendation, a finding and an action plan with three actions.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import sign_in
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FindingFactory,
    RecommendationFactory,
    ReviewFactory,
)


@pytest.mark.django_db
def test_queries_per_page(client, world, panel_chair, csc_lead, csc_owner):
    rows = []
    total = 0
    for target in (10, 100, 400):
        while total < target:
            review = ReviewFactory(partnership=world.north)
            rec = RecommendationFactory(review=review, agencies=[world.agencies["north_csc"]])
            FindingFactory(review=review, agencies=[world.agencies["north_csc"]])
            plan = ActionPlanFactory(review=review, agency=world.agencies["north_csc"])
            for _ in range(3):
                action = ActionFactory(plan=plan, recommendations=[rec], owner=csc_owner)
            total += 1
        for name, user in (("panel_chair", panel_chair), ("csc_lead", csc_lead)):
            sign_in(client, user)
            for page, url in (
                ("home", reverse("home")),
                ("review", reverse("review_detail", args=[review.pk])),
                ("register", reverse("review_register")),
                ("search", reverse("search") + "?q=information"),
                ("actions", reverse("agency_work") + "?when=all"),
                ("plan", reverse("plan_detail", args=[plan.pk])),
                ("action", reverse("action_detail", args=[action.pk])),
                *([("verify", reverse("verification_queue"))] if name == "panel_chair" else []),
            ):
                with CaptureQueriesContext(connection) as c:
                    response = client.get(url)
                assert response.status_code == 200, (name, page, response.status_code)
                rows.append((target, name, page, len(c.captured_queries)))
    for row in rows:
        target, name, page, queries = row
        print(f"reviews={target:<4} user={name:<12} page={page:<8} queries={queries}")
