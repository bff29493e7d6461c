"""Importing an action plan: the context built from the database, the check, and applying it once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from actions.choices import Rag, Status
from actions.imports import (
    EVIDENCE_TITLE,
    RAG_REASON,
    import_apply,
    import_cancel,
    import_check,
    import_confirm,
    import_context_build,
    import_start,
)
from actions.models import Action, ActionImport, ActionPlan, Evidence, ImportState, ProgressUpdate
from actions.spreadsheets.checking import normalise_name
from actions.spreadsheets.writing import ExportRow, write_csv, write_xlsx
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

TARGET = datetime.date(2027, 3, 31)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def sheet_row(**overrides) -> ExportRow:
    values = {
        "recommendation_numbers": "1",
        "number": "",
        "description": "Audit twenty neglect assessments a quarter.",
        "lead_agency": "",
        "lead_officer": "",
        "accountable_officer": "",
        "target_date": TARGET,
        "revised_target_date": None,
        "revision_reason": "",
        "status_label": "In progress",
        "rag_label": "",
        "latest_progress_on": None,
        "latest_progress": "",
        "evidence": "",
        "verified_by": "",
        "verified_on": None,
    }
    return ExportRow(**(values | overrides))


def xlsx_upload(rows, name="Plan.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, write_xlsx(rows, title="Plan", subtitle_lines=[]))


def csv_upload(rows, name="Plan.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, write_csv(rows))


def happy_rows():
    return [
        sheet_row(
            number="7.1",
            lead_officer="Owen Social-Care",
            latest_progress="Audit tool agreed with team managers.",
            rag_label="Red",
        ),
        sheet_row(
            recommendation_numbers="1, 3",
            status_label="Complete",
            evidence="https://intranet.example.org/audit-report",
        ),
        sheet_row(
            recommendation_numbers="3", description="Brief all social workers on the graded care profile."
        ),
    ]


def start_and_check(review, by, upload, agency=None, django_capture_on_commit_callbacks=None):
    action_import = import_start(review=review, by=by, upload=upload, agency=agency)
    import_check(action_import.pk)
    action_import.refresh_from_db()
    return action_import


def confirm_and_apply(action_import, by):
    import_confirm(action_import=action_import, by=by)
    import_apply(action_import.pk)
    action_import.refresh_from_db()
    return action_import


# --- Context ------------------------------------------------------------------------------------------


def test_context_keys_are_normalised_and_scoped_to_the_importer(world, csc_lead, panel_chair):
    review = world.reviews["A"]

    lead = import_context_build(review=review, by=csc_lead)
    panel = import_context_build(review=review, by=panel_chair)

    csc = world.agencies["north_csc"]
    assert lead.agencies == {normalise_name(csc.name): csc.pk, "csc": csc.pk}
    assert lead.default_agency_id == csc.pk  # the one agency they lead
    assert lead.members[csc.pk]["owen social-care"] == world.csc_owner.pk
    assert lead.members[csc.pk]["csc_owner@example.org"] == world.csc_owner.pk
    assert lead.existing_numbers[csc.pk] == set(world.plans["A-csc"].actions.values_list("number", flat=True))
    assert lead.recommendation_ids == {rec.number: rec.pk for rec in review.recommendations.all()}
    assert normalise_name("Northshire Police") in panel.agencies
    assert panel.default_agency_id is None  # panel staff import for several agencies


# --- Happy path ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("make_upload", [xlsx_upload, csv_upload], ids=["xlsx", "csv"])
def test_happy_path_creates_actions_progress_evidence_history_and_grants(
    world, csc_lead, csc_owner, make_upload
):
    review = world.reviews["A"]
    before = Action.objects.count()

    action_import = start_and_check(review, csc_lead, make_upload(happy_rows()))
    assert action_import.state == ImportState.CHECKED, action_import.errors or action_import.problem
    assert action_import.errors == []
    assert len(action_import.planned) == 3
    assert Action.objects.count() == before  # nothing saved before confirming

    action_import = confirm_and_apply(action_import, csc_lead)

    assert action_import.state == ImportState.IMPORTED
    assert action_import.imported_count == 3
    assert action_import.finished_at is not None
    plan = world.plans["A-csc"]
    imported = Action.objects.filter(plan=plan, created_at__gte=action_import.created_at).order_by("pk")
    assert imported.count() == 3
    first, completed, third = imported
    assert first.number == "7.1" and first.owner == csc_owner and first.status == Status.IN_PROGRESS
    # The sheet said red where the dates say green: the sheet's rating is kept, with the reason.
    assert (first.rag_override, first.rag_override_reason) == (Rag.RED, RAG_REASON)
    assert third.rag_override == ""  # blank RAG: worked out from the dates
    assert completed.status == Status.AWAITING_VERIFICATION and completed.completed_by == csc_lead
    assert set(completed.recommendations.values_list("number", flat=True)) == {1, 3}
    assert third.number == "3.1"  # generated from its recommendation

    update = ProgressUpdate.objects.get(action=first)
    assert update.narrative == "Audit tool agreed with team managers."
    assert (update.author, update.written_on) == (csc_lead, datetime.date.today())
    evidence = Evidence.objects.get(action=completed)
    assert (evidence.link, evidence.title) == ("https://intranet.example.org/audit-report", EVIDENCE_TITLE)
    assert evidence.purpose == "completion"

    history = first.history.get()
    assert history.history_type == "+" and history.history_user == csc_lead
    assert [link.recommendation for link in history.recommendations.all()] == [world.recommendations["A1"]]
    assert ProgressUpdate.history.filter(id=update.pk, history_user=csc_lead).exists()
    # Grants were computed once the batch ended: the agency's owner sees the new actions.
    assert set(imported) <= set(Action.objects.visible_to(csc_owner))
    assert not Action.objects.visible_to(world.outsider).filter(pk=first.pk).exists()


def test_panel_staff_import_creates_the_plan_of_the_agency_named(world, panel_chair):
    review = world.reviews["A"]
    rows = [sheet_row(recommendation_numbers="2", lead_agency="Police", description="Review DA referrals.")]

    action_import = start_and_check(review, panel_chair, xlsx_upload(rows))
    assert action_import.state == ImportState.CHECKED and not action_import.errors
    confirm_and_apply(action_import, panel_chair)

    plan = ActionPlan.objects.get(review=review, agency=world.agencies["north_police"])
    assert plan.actions.get().description == "Review DA referrals."
    assert Action.objects.visible_to(world.police_lead).filter(plan=plan).exists()


# --- Refusals -----------------------------------------------------------------------------------------


def test_row_errors_save_nothing(world, csc_lead):
    review = world.reviews["A"]
    rows = [sheet_row(recommendation_numbers="99"), sheet_row(target_date=None), sheet_row()]
    counts = (Action.objects.count(), ProgressUpdate.objects.count(), Evidence.objects.count())

    action_import = start_and_check(review, csc_lead, xlsx_upload(rows))

    assert action_import.state == ImportState.CHECKED
    assert action_import.planned == []
    assert [error["column"] for error in action_import.errors] == ["Recommendation no.", "Target date"]
    assert action_import.errors[0]["message"].startswith("Row ")
    assert not action_import.is_clean
    with pytest.raises(ValidationError):
        import_confirm(action_import=action_import, by=csc_lead)
    assert (Action.objects.count(), ProgressUpdate.objects.count(), Evidence.objects.count()) == counts


def test_a_png_named_xlsx_fails_with_a_message(world, csc_lead):
    action_import = start_and_check(world.reviews["A"], csc_lead, SimpleUploadedFile("Plan.xlsx", PNG))

    assert action_import.state == ImportState.FAILED
    assert action_import.problem == "The selected file must be an Excel workbook (.xlsx) or a CSV file"


def test_a_header_without_rows_fails(world, csc_lead):
    action_import = start_and_check(world.reviews["A"], csc_lead, xlsx_upload([]))

    assert action_import.state == ImportState.FAILED
    assert "no actions" in action_import.problem


@override_settings(IMPORT_MAX_BYTES=100)
def test_a_too_big_file_is_refused_at_upload(world, csc_lead):
    with pytest.raises(ValidationError) as refused:
        import_start(review=world.reviews["A"], by=csc_lead, upload=xlsx_upload(happy_rows()))

    assert refused.value.message_dict == {"upload": ["The selected file must be smaller than 0 MB"]}
    assert not ActionImport.objects.filter(uploaded_by=csc_lead, state=ImportState.CHECKING).exists()


def test_a_wrong_suffix_is_refused_at_upload(world, csc_lead):
    with pytest.raises(ValidationError):
        import_start(review=world.reviews["A"], by=csc_lead, upload=SimpleUploadedFile("Plan.pdf", b"%PDF"))


def test_readers_may_not_import(world, board_member):
    with pytest.raises(PermissionDenied):
        import_start(review=world.reviews["A"], by=board_member, upload=xlsx_upload(happy_rows()))


def test_only_the_uploader_confirms(world, csc_lead, panel_chair):
    action_import = start_and_check(world.reviews["A"], csc_lead, xlsx_upload(happy_rows()))

    with pytest.raises(PermissionDenied):
        import_confirm(action_import=action_import, by=panel_chair)
    action_import.refresh_from_db()
    assert action_import.state == ImportState.CHECKED


# --- Applying -----------------------------------------------------------------------------------------


def test_apply_twice_imports_once(world, csc_lead):
    action_import = start_and_check(world.reviews["A"], csc_lead, xlsx_upload(happy_rows()))
    before = Action.objects.count()

    confirm_and_apply(action_import, csc_lead)
    import_apply(action_import.pk)  # a redelivered task

    assert Action.objects.count() == before + 3


def test_apply_rechecks_against_the_database(world, csc_lead):
    review = world.reviews["A"]
    action_import = start_and_check(review, csc_lead, xlsx_upload(happy_rows()))
    import_confirm(action_import=action_import, by=csc_lead)
    # Since the check, someone used number 7.1 in the plan and a recommendation was deleted.
    plan = world.plans["A-csc"]
    from tests.factories import ActionFactory

    ActionFactory(plan=plan, number="7.1", recommendations=[world.recommendations["A1"]])
    before = Action.objects.count()

    import_apply(action_import.pk)

    action_import.refresh_from_db()
    assert action_import.state == ImportState.CHECKED
    assert action_import.planned == []
    assert any("7.1" in error["message"] for error in action_import.errors)
    assert Action.objects.count() == before


def test_check_and_apply_do_nothing_in_other_states(world, csc_lead):
    action_import = start_and_check(world.reviews["A"], csc_lead, xlsx_upload(happy_rows()))
    before = Action.objects.count()

    import_apply(action_import.pk)  # never confirmed
    import_check(action_import.pk)  # already checked
    import_apply(999_999)  # gone

    action_import.refresh_from_db()
    assert action_import.state == ImportState.CHECKED and len(action_import.planned) == 3
    assert Action.objects.count() == before


def test_cancel(world, csc_lead):
    action_import = start_and_check(world.reviews["A"], csc_lead, xlsx_upload(happy_rows()))

    import_cancel(action_import=action_import, by=csc_lead)

    action_import.refresh_from_db()
    assert action_import.state == ImportState.CANCELLED
    with pytest.raises(ValidationError):
        import_confirm(action_import=action_import, by=csc_lead)


def _apply_queries(world, by, count: int) -> list[str]:
    review = world.reviews["A"]
    rows = [
        sheet_row(
            recommendation_numbers=str(1 + index % 2 * 2),
            latest_progress=f"Progress {index}",
            status_label="Complete" if index % 3 == 0 else "In progress",
            evidence="https://intranet.example.org/e" if index % 3 == 0 else "",
        )
        for index in range(count)
    ]
    action_import = start_and_check(review, by, xlsx_upload(rows))
    assert action_import.is_clean, action_import.errors[:3]
    import_confirm(action_import=action_import, by=by)
    with CaptureQueriesContext(connection) as queries:
        import_apply(action_import.pk)
    action_import.refresh_from_db()
    assert action_import.imported_count == count
    return [query["sql"] for query in queries.captured_queries]


def _inserts(queries: list[str]) -> int:
    return sum(sql.startswith("INSERT") for sql in queries)


def test_apply_query_count_does_not_grow_with_rows(world, csc_lead):
    RecommendationFactory(review=world.reviews["A"], agencies=[world.agencies["north_csc"]])
    small = _apply_queries(world, csc_lead, 50)
    large = _apply_queries(world, csc_lead, 500)

    # Reads and updates are the same however many rows there are; the grants of the review are
    # computed once. Only the bulk inserts grow, in batches (SQLite takes 999 parameters a query).
    assert len(large) - _inserts(large) <= len(small) - _inserts(small) + 2, (len(small), len(large))
    assert _inserts(large) <= 500 // 5, _inserts(large)


def test_a_failure_while_applying_saves_nothing_and_says_so(world, csc_lead, monkeypatch):
    from actions import imports

    action_import = start_and_check(world.reviews["A"], csc_lead, xlsx_upload(happy_rows()))
    import_confirm(action_import=action_import, by=csc_lead)
    before = Action.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "_record_recommendations_history", broken)
    import_apply(action_import.pk)

    action_import.refresh_from_db()
    assert action_import.state == ImportState.FAILED
    assert action_import.problem == imports.APPLY_FAILED
    assert Action.objects.count() == before
