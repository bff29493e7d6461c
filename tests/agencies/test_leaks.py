"""The leak suite: for every demo user and every scoped model, what `visible_to` and the pages show
is compared with the access rules written out again here in plain Python, row by row.

The rules below are a second, independent statement of agencies.permissions; a difference in either
direction names the model, the user and the ids.
"""

import io
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from actions.models import (
    Action,
    ActionImport,
    ActionPlan,
    Evidence,
    Milestone,
    Notification,
    ProgressUpdate,
    Reminder,
    TargetDateChange,
    Verification,
)
from agencies.models import AGENCY_ROLES, Membership, Role, User
from agencies.querysets import VisibleToQuerySet
from reviews.models import Dissemination, Finding, LearningBrief, Recommendation, Review, StageChange
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

WIDE_ROLES = {Role.PARTNERSHIP_ADMIN, Role.PANEL_CHAIR, Role.PANEL_MEMBER, Role.BOARD_MEMBER, Role.SCRUTINEER}


def scoped_models():
    """Every model whose default manager offers visible_to(): a new one joins the suite by itself."""
    return [m for m in apps.get_models() if isinstance(m._default_manager.all(), VisibleToQuerySet)]


@dataclass
class Rules:
    user: User

    def __post_init__(self):
        memberships = list(Membership.objects.filter(user=self.user).select_related("agency"))
        self.wide = {m.partnership_id for m in memberships if m.role in WIDE_ROLES}
        self.reviewing = {m.partnership_id for m in memberships if m.role == Role.LEAD_REVIEWER}
        self.agencies = {m.agency_id for m in memberships if m.role in AGENCY_ROLES}
        self.everything = self.user.is_superuser and self.user.is_active

    def _own_agencies(self, agencies, review):
        return {a.pk for a in agencies if a.partnership_id == review.partnership_id} & self.agencies

    def reads_in_full(self, review) -> bool:
        return review.partnership_id in self.wide or (
            review.lead_reviewer_id == self.user.pk and review.partnership_id in self.reviewing
        )

    def agency_reads(self, review) -> bool:
        addressed = any(self._own_agencies(r.agencies.all(), review) for r in review.recommendations.all())
        planned = any(p.agency_id in self.agencies for p in review.action_plans.all())
        return addressed or planned

    def allows(self, obj) -> bool:
        if self.everything:
            return True
        if isinstance(obj, Review):
            return self.reads_in_full(obj) or self.agency_reads(obj)
        if isinstance(obj, Finding):
            return self.reads_in_full(obj.review) or bool(self._own_agencies(obj.agencies.all(), obj.review))
        if isinstance(obj, Recommendation):
            return (
                self.reads_in_full(obj.review)
                or bool(self._own_agencies(obj.agencies.all(), obj.review))
                or (obj.to_partnership and self.agency_reads(obj.review))
            )
        if isinstance(obj, LearningBrief | StageChange):
            return self.allows(obj.review)
        if isinstance(obj, Dissemination):
            return self.reads_in_full(obj.review) or (
                obj.agency_id in self.agencies and self.allows(obj.review)
            )
        if isinstance(obj, Reminder | Notification):
            return obj.recipient_id == self.user.pk
        if isinstance(obj, ActionImport):
            return obj.uploaded_by_id == self.user.pk and self.allows(obj.review)
        if hasattr(obj, "action"):  # milestones, progress, evidence, date changes, verifications
            return self.allows(obj.action)
        plan = obj if isinstance(obj, ActionPlan) else obj.plan
        return self.reads_in_full(plan.review) or plan.agency_id in self.agencies


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo partnerships, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_the_suite_covers_every_scoped_model():
    assert set(scoped_models()) == {
        Review,
        Finding,
        Recommendation,
        ActionPlan,
        Action,
        StageChange,
        LearningBrief,
        Dissemination,
        Milestone,
        ProgressUpdate,
        Evidence,
        TargetDateChange,
        Verification,
        ActionImport,
        Reminder,
        Notification,
    }


@pytest.mark.parametrize("model", scoped_models(), ids=lambda m: m.__name__)
def test_no_user_sees_a_row_the_rules_do_not_allow(demo, model):
    problems = []
    rows = list(model.objects.all())
    for user in User.objects.order_by("username"):
        rules = Rules(user)
        allowed = {row.pk for row in rows if rules.allows(row)}
        visible = set(model.objects.visible_to(user).values_list("pk", flat=True))
        if leaked := visible - allowed:
            problems.append(f"{user.username} sees {model.__name__} ids {sorted(leaked)} it may not")
        if missing := allowed - visible:
            problems.append(f"{user.username} misses {model.__name__} ids {sorted(missing)} it should see")

    assert not problems, "\n".join(problems)


def test_pages_answer_404_for_every_review_a_user_may_not_see(demo):
    problems = []
    reviews = list(Review.objects.all())
    for user in User.objects.exclude(is_superuser=True).order_by("username"):
        client = sign_in(Client(), user)
        rules = Rules(user)
        listed = {row.pk for row in client.get(reverse("home")).context["reviews"]}
        allowed = {review.pk for review in reviews if rules.allows(review)}
        if listed != allowed:
            problems.append(f"{user.username}: home lists {sorted(listed)}, rules allow {sorted(allowed)}")
        for review in reviews:
            status = client.get(reverse("review_detail", args=[review.pk])).status_code
            if status != (200 if review.pk in allowed else 404):
                problems.append(f"{user.username}: review {review.pk} answered {status}")

    assert not problems, "\n".join(problems)
