"""The admin site, signed in as the superuser persona: every page of our models opens, and the
model constraints reach the admin forms as messages rather than database errors."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from guardian.models.models import BaseObjectPermission
from simple_history.admin import SimpleHistoryAdmin

from actions.models import Action, Status
from agencies.models import AccessLogEntry
from reviews.models import Review, ReviewKind, Stage
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

OUR_APPS = ("agencies", "reviews", "actions")


def _label(model):
    return model._meta.label


REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in OUR_APPS), key=_label
)
HISTORY_TRACKED = sorted(
    (
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        and getattr(model._meta, "simple_history_manager_attribute", None)
    ),
    key=_label,
)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def admin_client(client, world):
    return sign_in(client, world.superuser)


def test_every_model_of_our_apps_is_in_the_admin():
    # Object-permission rows are written only by agencies.permissions, never edited by hand.
    ours = {
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        and not model.__name__.startswith("Historical")
        and not issubclass(model, BaseObjectPermission)
    }

    assert set(REGISTERED) == ours


@pytest.mark.parametrize("model", HISTORY_TRACKED, ids=_label)
def test_history_tracked_models_use_the_history_admin(model):
    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_changelist_add_and_change_pages_open(admin_client, world, model):
    if model is AccessLogEntry:
        # The access log has rows only once something is read; its add page is refused on purpose.
        admin_client.get(reverse("review_detail", args=[world.reviews["A"].pk]))
    obj = model._default_manager.first()
    assert obj is not None, "the world fixture should hold a row of every model"
    model_admin = admin.site._registry[model]
    pages = [admin_url(model, "changelist"), admin_url(model, "change", obj.pk)]
    if model_admin.has_add_permission(SimpleNamespace(user=world.superuser)):
        pages.append(admin_url(model, "add"))

    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url


def test_changelist_lists_the_rows(admin_client, world):
    response = admin_client.get(admin_url(Review, "changelist"))

    for review in world.reviews.values():
        assert review.reference in response.content.decode()


@pytest.mark.parametrize("model", HISTORY_TRACKED, ids=_label)
def test_history_pages_open(admin_client, model):
    obj = model._default_manager.first()
    record = obj.history.earliest()

    history = admin_client.get(admin_url(model, "history", obj.pk))
    version = admin_client.get(admin_url(model, "simple_history", obj.pk, record.history_id))

    assert history.status_code == 200
    assert record.history_id in [listed.history_id for listed in history.context["page_obj"]]
    assert version.status_code == 200


def inline_management_data(response) -> dict:
    """Empty inline formsets, as the add page would post them."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def post_add_form(admin_client, model, data):
    url = admin_url(model, "add")
    return admin_client.post(url, data | inline_management_data(admin_client.get(url)))


def review_form(world, **changes):
    return {
        "partnership": world.north.pk,
        "reference": "RR-2025-07",
        "kind": ReviewKind.RAPID_REVIEW,
        "title": "Serious injury to a baby",
        "pseudonym": "Child GH",
        "status": Stage.NOTIFIED,
        "incident_on": "2025-01-06",
        "aware_on": "2025-01-07",
        "notified_on": "2025-01-10",
    } | changes


def action_form(world, **changes):
    return {
        "plan": world.plans["A-csc"].pk,
        "number": "3",
        "recommendations": [world.recommendations["A1"].pk],
        "description": "Deliver neglect training to every social work team by the end of June.",
        "target_date": "2025-06-30",
        "status": Status.NOT_STARTED,
        "rag_override": "",
    } | changes


class TestAdminFormsShowConstraintMessages:
    def test_a_valid_review_is_saved_and_its_history_names_who_added_it(self, admin_client, world):
        response = post_add_form(admin_client, Review, review_form(world))

        assert response.status_code == 302
        review = Review.objects.get(partnership=world.north, reference="RR-2025-07")
        assert review.history.get().history_user == world.superuser

    def test_a_notification_before_the_authority_was_aware_is_refused(self, admin_client, world):
        before = Review.objects.count()

        response = post_add_form(
            admin_client, Review, review_form(world, aware_on="2025-01-07", notified_on="2025-01-06")
        )

        message = "The notification cannot come before the local authority became aware."
        assert response.status_code == 200
        assert message in response.context["adminform"].form.non_field_errors()
        assert message in response.content.decode()
        assert Review.objects.count() == before

    def test_a_valid_action_is_saved(self, admin_client, world):
        response = post_add_form(admin_client, Action, action_form(world))

        assert response.status_code == 302
        action = Action.objects.get(plan=world.plans["A-csc"], number="3")
        assert list(action.recommendations.all()) == [world.recommendations["A1"]]

    def test_a_revised_date_without_a_reason_is_refused(self, admin_client, world):
        before = Action.objects.count()

        response = post_add_form(admin_client, Action, action_form(world, revised_target_date="2025-09-30"))

        message = "Give the reason for revising the target date."
        assert response.status_code == 200
        assert message in response.context["adminform"].form.non_field_errors()
        assert message in response.content.decode()
        assert Action.objects.count() == before
