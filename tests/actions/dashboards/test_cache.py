"""Dashboard figures kept per person until a record they read changes."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from actions.choices import Status
from actions.dashboards import cache as figures_cache
from actions.dashboards import progress
from actions.views import dashboards as dashboard_views
from agencies.models import Membership, Role
from tests.actions.dashboards.test_progress import TODAY
from tests.conftest import sign_in
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("dashboard")


@pytest.fixture(autouse=True)
def counted_on_a_fixed_day(monkeypatch):
    monkeypatch.setattr(dashboard_views, "_today", lambda: TODAY)
    cache.clear()


@pytest.fixture
def counts(monkeypatch):
    """How many times the figures were really counted."""
    calls = []
    real = progress.progress_tables

    def counting(*args, **kwargs):
        calls.append(args[0].username)
        return real(*args, **kwargs)

    monkeypatch.setattr(progress, "progress_tables", counting)
    return calls


def total_actions(response) -> int:
    table = next(s["table"] for s in response.context["sections"] if s["table"].slug == "status-by-agency")
    return sum(row[-1] for row in table.rows)


def test_a_second_view_reads_the_figures_kept(client, world, panel_chair, counts):
    sign_in(client, panel_chair)

    first = client.get(DASHBOARD)
    second = client.get(DASHBOARD)

    assert counts == [panel_chair.username]
    assert total_actions(second) == total_actions(first) > 0


def test_a_saved_action_is_counted_at_the_next_view(client, world, panel_chair, counts):
    sign_in(client, panel_chair)
    before = total_actions(client.get(DASHBOARD))

    ActionFactory(plan=world.plans["A-csc"], status=Status.IN_PROGRESS)
    after = total_actions(client.get(DASHBOARD))

    assert after == before + 1
    assert len(counts) == 2


def test_an_action_changed_is_counted_afresh(client, world, panel_chair, counts):
    sign_in(client, panel_chair)
    client.get(DASHBOARD)
    action = world.plans["A-csc"].actions.first()

    action.status = Status.SUPERSEDED
    action.save()
    client.get(DASHBOARD)

    assert len(counts) == 2


def test_each_person_has_their_own_figures(client, world, panel_chair, csc_lead, counts):
    sign_in(client, panel_chair)
    chair_total = total_actions(client.get(DASHBOARD))
    sign_in(client, csc_lead)
    lead_total = total_actions(client.get(DASHBOARD))

    assert counts == [panel_chair.username, csc_lead.username]
    assert lead_total < chair_total


def test_a_new_role_counts_afresh(client, world, csc_lead, counts):
    sign_in(client, csc_lead)
    client.get(DASHBOARD)

    Membership.objects.create(user=csc_lead, partnership=world.north, role=Role.BOARD_MEMBER)
    client.get(DASHBOARD)

    assert len(counts) == 2


def test_a_batch_of_writes_renews_the_generation_once(world, monkeypatch):
    renewals = []
    monkeypatch.setattr(figures_cache, "_renew", lambda: renewals.append(1))

    with figures_cache.figures_batched():
        for _ in range(5):
            ActionFactory(plan=world.plans["A-csc"])
        assert renewals == []

    assert renewals == [1]


def test_the_generation_is_renewed_again_when_the_change_commits(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ActionFactory(plan=world.plans["A-csc"])
        during = figures_cache.generation()

    # Figures counted between the change and its commit, from the rows as they were, are not served after.
    assert figures_cache.generation() != during


def test_page_views_do_not_renew_the_figures(client, world, panel_chair, counts):
    sign_in(client, panel_chair)
    client.get(DASHBOARD)
    client.get(reverse("review_detail", args=[world.reviews["A"].pk]))  # writes an access log entry
    client.get(DASHBOARD)

    assert len(counts) == 1


def test_the_themes_figures_are_kept_too(client, world, board_member, monkeypatch):
    from actions.dashboards import themes

    calls = []
    real = themes.theme_table
    monkeypatch.setattr(themes, "theme_table", lambda *args: calls.append(1) or real(*args))
    sign_in(client, board_member)

    client.get(reverse("themes"))
    client.get(reverse("themes"))
    assert len(calls) == 1
    world.findings["A1"].themes.clear()  # a finding's themes change: counted afresh
    client.get(reverse("themes"))

    assert len(calls) == 2


class _Unreachable:
    """A cache whose server is down."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache server down")

        return fail


def test_an_unreachable_cache_neither_stops_a_save_nor_the_dashboard(client, world, panel_chair, monkeypatch):
    sign_in(client, panel_chair)
    before = total_actions(client.get(DASHBOARD))
    monkeypatch.setattr(figures_cache, "cache", _Unreachable())

    ActionFactory(plan=world.plans["A-csc"], status=Status.IN_PROGRESS)
    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert total_actions(response) == before + 1
