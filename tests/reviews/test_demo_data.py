"""The demo data command: what it loads, that it loads once, and where it refuses to run."""

import dataclasses
import io
from datetime import date

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models, transaction
from django.utils import timezone

from actions.models import Action, Evidence, EvidencePurpose, Rag, Status
from agencies.models import Agency, AgencyKind, Membership, Partnership, Role, User
from reviews import demo_content
from reviews.clock import working_days_before
from reviews.demo_data import DEFAULT_PASSWORD
from reviews.models import (
    CaseCoding,
    Dissemination,
    FindingKind,
    Recommendation,
    Response,
    Review,
    ReviewKind,
    Stage,
)

pytestmark = pytest.mark.django_db

# Names of real people and places in the source learning briefs: none may reach the demo data.
REAL_NAMES = ("Hooper", "Nash", "Bolton", "Milton Keynes", "Solihull")
OUR_APPS = ("agencies", "reviews", "actions")


def load() -> str:
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
    }


@pytest.fixture
def loaded():
    return load()


@pytest.fixture(scope="class")
def loaded_once(django_db_setup, django_db_blocker):
    """One load shared by the tests of a class that only read the data; rolled back after the class."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load()
        transaction.set_rollback(True)


def test_it_loads_and_prints_the_accounts(loaded):
    assert Partnership.objects.filter(slug="northbridge").exists()
    assert Partnership.objects.filter(slug="eastmoor").exists()
    assert "http://127.0.0.1:8000/sign-in/" in loaded
    assert DEFAULT_PASSWORD in loaded
    for spec in demo_content.USERS:
        assert spec.username in loaded
    assert "Review panel chair" in loaded


def test_loading_twice_changes_no_counts(loaded):
    before = row_counts()

    again = load()

    assert row_counts() == before
    assert "already present" in again
    assert "chair" in again


def test_loading_again_resets_the_demo_passwords(loaded):
    chair = User.objects.get(username="chair")
    chair.set_password("changed-in-the-demo")
    chair.save()

    load()

    chair.refresh_from_db()
    assert chair.check_password(DEFAULT_PASSWORD)


def test_the_password_comes_from_the_setting_first(settings, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "from-the-environment-1")
    settings.DEMO_PASSWORD = "from-the-settings-2"

    output = load()

    assert "from-the-settings-2" in output
    assert User.objects.get(username="panel").check_password("from-the-settings-2")


def test_the_password_comes_from_the_environment_without_the_setting(settings, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "from-the-environment-1")
    if hasattr(settings, "DEMO_PASSWORD"):
        del settings.DEMO_PASSWORD

    load()

    assert User.objects.get(username="panel").check_password("from-the-environment-1")


@pytest.mark.usefixtures("loaded_once")
class TestTheLoadedData:
    """Read-only checks, sharing one load of the demo data (rolled back after the class)."""

    def test_every_role_has_a_user_in_northbridge(self):
        roles = set(Membership.objects.filter(partnership__slug="northbridge").values_list("role", flat=True))
        assert roles == set(Role.values)
        assert User.objects.get(username="superuser").is_superuser
        assert Membership.objects.filter(
            partnership__slug="eastmoor", user__username="eastmoor.lead"
        ).exists()

    def test_demo_users_are_obviously_fictional(self):
        for user in User.objects.all():
            assert user.first_name == "Demo"
            assert user.email.endswith("@example.org")

    def test_every_agency_kind_is_in_northbridge(self):
        kinds = set(Agency.objects.filter(partnership__slug="northbridge").values_list("kind", flat=True))
        assert kinds == set(AgencyKind.values)
        assert Agency.objects.filter(partnership__slug="eastmoor").count() == 2

    def test_every_action_status_appears(self):
        assert set(Action.objects.values_list("status", flat=True)) == set(Status.values)

    def test_rag_is_kept_apart_from_status(self):
        today = timezone.localdate()
        actions = Action.objects.with_rag(today)
        overdue_red = actions.filter(
            status=Status.IN_PROGRESS, rag=Rag.RED, revised_target_date__isnull=True, target_date__lt=today
        )
        revised_amber = actions.filter(rag=Rag.AMBER, revised_target_date__gt=today).exclude(
            revision_reason=""
        )
        assert overdue_red.exists()
        assert revised_amber.exists()

    def test_owners_and_officers_belong_to_the_plans_agency(self):
        for action in Action.objects.select_related("plan"):
            for person in (action.owner, action.accountable_officer):
                assert Membership.objects.filter(user=person, agency=action.plan.agency_id).exists(), action

    def test_verified_actions_are_verified_by_a_panel_chair_who_does_not_own_them(self):
        verified = Action.objects.filter(status=Status.VERIFIED)
        assert verified.exists()
        for action in verified:
            assert action.verified_by_id and action.verified_at
            assert action.verified_by_id != action.owner_id
            assert Membership.objects.filter(user=action.verified_by, role=Role.PANEL_CHAIR).exists()

    def test_impact_evidence_has_a_recheck_date_and_links_go_to_example_org(self):
        assert Evidence.objects.filter(purpose=EvidencePurpose.IMPACT).exists()
        assert not Evidence.objects.filter(purpose=EvidencePurpose.IMPACT, recheck_on__isnull=True).exists()
        for link in Evidence.objects.values_list("link", flat=True):
            assert link.startswith("https://example.org/")

    def test_the_converted_lcspr_links_to_its_rapid_review(self):
        lcspr = Review.objects.get(partnership__slug="northbridge", kind=ReviewKind.LCSPR)

        assert lcspr.converted_from.kind == ReviewKind.RAPID_REVIEW
        assert lcspr.converted_from.converted_to == lcspr
        assert lcspr.decision and lcspr.decision_rationale and lcspr.commissioned_on
        assert lcspr.lead_reviewer.username == "reviewer"
        assert Membership.objects.filter(user=lcspr.lead_reviewer, role=Role.LEAD_REVIEWER).exists()

    def test_closed_reviews_have_only_verified_or_superseded_actions(self):
        closed = Review.objects.filter(status=Stage.CLOSED)
        assert closed.filter(kind=ReviewKind.SCR).exists()
        open_actions = Action.objects.filter(plan__review__in=closed).exclude(
            status__in=[Status.VERIFIED, Status.SUPERSEDED]
        )
        assert not open_actions.exists()

    def test_the_current_rapid_review_has_its_clock_running(self):
        today = timezone.localdate()
        current = Review.objects.get(kind=ReviewKind.RAPID_REVIEW, status=Stage.RAPID_REVIEW)

        assert working_days_before(today, 5) <= current.notified_on < today
        assert current.rapid_review_sent_on is None
        assert not current.findings.exists()

    def test_the_reviews_adapted_from_the_briefs_are_there(self):
        northbridge = Review.objects.filter(partnership__slug="northbridge")
        assert set(northbridge.values_list("pseudonym", flat=True)) >= {"Child SB", "Child B", "Child D"}
        child_sb = northbridge.get(pseudonym="Child SB")
        assert child_sb.kind == ReviewKind.SCR and child_sb.status == Stage.MONITORING
        assert child_sb.findings.filter(kind=FindingKind.STRENGTH).exists()
        assert child_sb.findings.filter(themes__slug="hostile-resistant-parents").exists()
        assert northbridge.filter(kind=ReviewKind.THEMATIC).exists()
        assert (
            Recommendation.objects.filter(response=Response.NOT_ACCEPTED).exclude(response_reason="").exists()
        )

    def test_every_child_review_is_coded(self):
        assert CaseCoding.objects.count() == Review.objects.count()

    def test_the_briefed_reviews_have_a_brief_used_by_some_agencies_and_not_yet_by_others(self):
        briefed = Review.objects.filter(learning_brief__isnull=False)

        assert set(briefed.values_list("reference", flat=True)) == set(demo_content.BRIEFS)
        for review in briefed:
            records = review.disseminations.all()
            assert {d.agency.partnership_id for d in records} == {review.partnership_id}
            assert records.filter(used_on__isnull=False).exists()
        assert Dissemination.objects.filter(used_how="").exists(), "one agency has not used its brief yet"

    def test_every_review_has_the_stage_history_that_brought_it_to_its_stage(self):
        for review in Review.objects.exclude(status=Stage.NOTIFIED):
            changes = list(review.stage_changes.order_by("pk"))
            assert changes, review.reference
            assert changes[-1].to_stage == review.status
            assert all(a.to_stage == b.from_stage for a, b in zip(changes, changes[1:], strict=False))
            dates = [change.changed_on for change in changes]
            assert dates == sorted(dates), review.reference

    def test_the_partnerships_are_kept_apart(self):
        eastmoor_lead = User.objects.get(username="eastmoor.lead")
        chair = User.objects.get(username="chair")

        assert set(Review.objects.visible_to(eastmoor_lead).values_list("partnership__slug", flat=True)) == {
            "eastmoor"
        }
        assert not Review.objects.visible_to(chair).filter(partnership__slug="eastmoor").exists()

    def test_no_real_name_from_the_source_briefs_appears(self):
        for model in apps.get_models():
            if model._meta.app_label not in OUR_APPS:
                continue
            text_fields = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField)
            ]
            if not text_fields:
                continue
            for row in model.objects.values_list(*text_fields):
                for value in row:
                    for name in REAL_NAMES:
                        assert name.lower() not in (value or "").lower(), f"{name} in {model._meta.label}"


def test_it_refuses_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False

    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED"):
        load()

    assert not Partnership.objects.exists()
    assert not User.objects.exists()


def test_it_refuses_to_take_over_an_existing_account():
    User.objects.create_user(username="admin", password="someone-else-entirely")

    with pytest.raises(CommandError, match="admin"):
        load()

    assert not Partnership.objects.exists()
    assert User.objects.get(username="admin").check_password("someone-else-entirely")


def test_an_invalid_item_saves_nothing(monkeypatch):
    broken = dataclasses.replace(
        demo_content.EASTMOOR_REVIEW,
        reference="BROKEN-1",
        dates={"incident_on": date(2024, 1, 9), "aware_on": date(2024, 1, 8)},
    )
    every_review = demo_content.reviews
    monkeypatch.setattr(demo_content, "reviews", lambda today: (*every_review(today), broken))

    with pytest.raises(CommandError, match="cannot become aware before the incident"):
        load()

    counts = row_counts()
    counts.pop("reviews.Theme")  # seeded by a migration, not by the demo data
    assert not any(counts.values()), counts
