"""The export downloads and the import pages: upload, progress, errors, preview, confirm and cancel."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from actions.imports import import_apply, import_check
from actions.models import Action, ActionImport, ImportState
from actions.spreadsheets.columns import Column
from actions.spreadsheets.reading import read_table
from actions.spreadsheets.writing import EXPORT_HEADERS
from agencies.models import AccessEvent, AccessLogEntry
from tests.actions.test_imports import PNG, happy_rows, sheet_row, xlsx_upload
from tests.conftest import sign_in
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def export_url(plan, fmt=None):
    url = reverse("plan_export", args=[plan.pk])
    return f"{url}?format={fmt}" if fmt else url


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Export ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_round_trips(client, world, csc_lead, fmt):
    plan = world.plans["A-csc"]
    sign_in(client, csc_lead)

    response = client.get(export_url(plan, fmt))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="REF-A-CSC-action-plan-')
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    table = read_table(body(response), f"plan.{fmt}")
    exported = {
        (str(row.values[Column.ACTION_NUMBER]), row.values[Column.ACTION], row.values[Column.LEAD_AGENCY])
        for row in table.rows
    }
    assert exported == {
        (action.number, action.description, plan.agency.name) for action in plan.actions.all()
    }
    assert AccessLogEntry.objects.filter(
        user=csc_lead, event=AccessEvent.EXPORTED, object_id=plan.pk
    ).exists()


def test_export_defaults_to_xlsx_and_refuses_unknown_formats(client, world, csc_lead):
    sign_in(client, csc_lead)
    plan = world.plans["A-csc"]

    assert client.get(export_url(plan))["Content-Disposition"].endswith('.xlsx"')
    assert client.get(export_url(plan, "pdf")).status_code == 404


def test_formulas_are_neutralised(client, world, csc_lead):
    plan = world.plans["A-csc"]
    ActionFactory(
        plan=plan,
        description='=HYPERLINK("http://bad.example","x")',
        recommendations=[world.recommendations["A1"]],
    )
    sign_in(client, csc_lead)

    workbook = load_workbook(io.BytesIO(body(client.get(export_url(plan, "xlsx")))))
    cells = [
        cell for row in workbook.active.iter_rows() for cell in row if str(cell.value).startswith("=HYPER")
    ]
    assert cells and all(cell.data_type == "s" for cell in cells)
    csv_text = body(client.get(export_url(plan, "csv"))).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("board_member", 200),
        ("scrutineer", 200),
        ("panel_member", 200),
        ("police_lead", 404),
        ("outsider", 404),
        ("no_roles", 404),
    ],
)
def test_who_may_export_a_plan(client, world, persona, status):
    sign_in(client, world.people[persona])
    assert client.get(export_url(world.plans["A-csc"])).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("csc_owner", 200), ("board_member", 200), ("police_lead", 404), ("outsider", 404)],
)
def test_who_may_export_an_agencys_actions(client, world, persona, status):
    agency = world.agencies["north_csc"]
    sign_in(client, world.people[persona])

    response = client.get(reverse("agency_actions_export", args=[agency.pk]) + "?format=csv")

    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"].startswith('attachment; filename="CSC-actions-')
        assert AccessLogEntry.objects.filter(event=AccessEvent.EXPORTED, object_id=agency.pk).exists()


# --- Import: upload -------------------------------------------------------------------------------------


def start_url(review):
    return reverse("action_import_start", args=[review.pk])


def test_upload_page_lists_columns_and_template(client, world, csc_lead):
    sign_in(client, csc_lead)

    response = client.get(start_url(world.reviews["A"]))

    assertContains(response, "Recommendation no.")
    assertContains(response, reverse("action_import_template", args=[world.reviews["A"].pk]))
    assertNotContains(response, 'name="agency"')  # one agency: no choice to make


def test_panel_staff_choose_a_default_agency(client, world, panel_chair):
    sign_in(client, panel_chair)
    assertContains(client.get(start_url(world.reviews["A"])), 'name="agency"')


def test_template_has_the_export_headers(client, world, csc_lead):
    sign_in(client, csc_lead)

    response = client.get(reverse("action_import_template", args=[world.reviews["A"].pk]))

    workbook = load_workbook(io.BytesIO(body(response)))
    rows = [tuple(cell for cell in row if cell) for row in workbook.active.iter_rows(values_only=True)]
    assert EXPORT_HEADERS in rows


def test_upload_stores_the_file_and_redirects(client, world, csc_lead, django_capture_on_commit_callbacks):
    sign_in(client, csc_lead)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(start_url(world.reviews["A"]), {"upload": xlsx_upload(happy_rows())})

    action_import = ActionImport.objects.filter(uploaded_by=csc_lead).latest("created_at")
    assert response.status_code == 302
    assert response["Location"] == reverse("action_import", args=[action_import.pk])
    assert action_import.state == ImportState.CHECKING
    assert len(callbacks) == 1


@override_settings(IMPORT_MAX_BYTES=100)
def test_a_too_big_file_is_refused(client, world, csc_lead):
    sign_in(client, csc_lead)
    before = ActionImport.objects.count()

    response = client.post(start_url(world.reviews["A"]), {"upload": xlsx_upload(happy_rows())})

    assertContains(response, "The selected file must be smaller than")
    assertContains(response, "<title>Error: ")
    assert ActionImport.objects.count() == before


def test_no_file_is_refused(client, world, csc_lead):
    sign_in(client, csc_lead)
    assertContains(client.post(start_url(world.reviews["A"]), {}), "Select a spreadsheet to import")


def test_readers_may_not_import(client, world, board_member):
    sign_in(client, board_member)
    assert client.get(start_url(world.reviews["A"])).status_code == 403


# --- Import: the import's page --------------------------------------------------------------------------


def uploaded(client, world, by, upload, django_capture_on_commit_callbacks):
    sign_in(client, by)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(start_url(world.reviews["A"]), {"upload": upload})
    return ActionImport.objects.filter(uploaded_by=by).latest("created_at")


def page(client, action_import):
    return client.get(reverse("action_import", args=[action_import.pk]))


def test_progress_while_checking(client, world, csc_lead, django_capture_on_commit_callbacks):
    action_import = uploaded(
        client, world, csc_lead, xlsx_upload(happy_rows()), django_capture_on_commit_callbacks
    )
    ActionImport.objects.filter(pk=action_import.pk).update(total_rows=5000, rows_done=1250)

    response = page(client, action_import)

    assertContains(response, "Checked 1,250 of 5,000 rows")
    assertContains(response, 'aria-live="polite"')
    assertContains(response, "js/import-progress.js")
    progress = client.get(reverse("action_import_progress", args=[action_import.pk])).json()
    assert progress == {
        "state": "checking",
        "rows_done": 1250,
        "total_rows": 5000,
        "text": "Checked 1,250 of 5,000 rows",
    }


def test_failed_shows_the_problem(client, world, csc_lead, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("Plan.xlsx", PNG)
    action_import = uploaded(client, world, csc_lead, upload, django_capture_on_commit_callbacks)
    import_check(action_import.pk)

    assertContains(page(client, action_import), "must be an Excel workbook (.xlsx) or a CSV file")


def test_errors_are_reported_by_row(client, world, csc_lead, django_capture_on_commit_callbacks):
    rows = [sheet_row(), sheet_row(recommendation_numbers="99")]
    action_import = uploaded(client, world, csc_lead, xlsx_upload(rows), django_capture_on_commit_callbacks)
    import_check(action_import.pk)

    response = page(client, action_import)

    assertContains(response, "There is 1 problem in the spreadsheet")
    assertContains(response, "recommendation 99 is not one of")
    assertContains(response, "Upload a corrected file")
    assertNotContains(response, reverse("action_import_confirm", args=[action_import.pk]))
    assert client.post(reverse("action_import_confirm", args=[action_import.pk])).status_code == 404


def test_preview_confirm_and_success(client, world, csc_lead, django_capture_on_commit_callbacks):
    action_import = uploaded(
        client, world, csc_lead, xlsx_upload(happy_rows()), django_capture_on_commit_callbacks
    )
    import_check(action_import.pk)

    response = page(client, action_import)
    assertContains(response, "Import 3 actions")
    assertContains(response, "Owen Social-Care")

    before = Action.objects.count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("action_import_confirm", args=[action_import.pk]))
    assert response.status_code == 302 and len(callbacks) == 1
    assertContains(page(client, action_import), "Importing 3 actions")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("action_import_confirm", args=[action_import.pk]))  # a second click
    assert callbacks == []
    import_apply(action_import.pk)

    response = page(client, action_import)
    assertContains(response, "Actions imported")
    assertContains(response, "Northshire Children&#x27;s Social Care's action plan")
    assert Action.objects.count() == before + 3


def test_only_the_uploader_sees_or_confirms(
    client, world, csc_lead, panel_chair, django_capture_on_commit_callbacks
):
    action_import = uploaded(
        client, world, csc_lead, xlsx_upload(happy_rows()), django_capture_on_commit_callbacks
    )
    import_check(action_import.pk)
    sign_in(client, panel_chair)

    assert page(client, action_import).status_code == 404
    assert client.post(reverse("action_import_confirm", args=[action_import.pk])).status_code == 404
    assert client.post(reverse("action_import_cancel", args=[action_import.pk])).status_code == 404
    action_import.refresh_from_db()
    assert action_import.state == ImportState.CHECKED


def test_cancel(client, world, csc_lead, django_capture_on_commit_callbacks):
    action_import = uploaded(
        client, world, csc_lead, xlsx_upload(happy_rows()), django_capture_on_commit_callbacks
    )
    import_check(action_import.pk)

    response = client.post(reverse("action_import_cancel", args=[action_import.pk]))

    assert response.status_code == 302
    action_import.refresh_from_db()
    assert action_import.state == ImportState.CANCELLED
    assertContains(page(client, action_import), "Import cancelled")
