import csv
import dataclasses
import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from actions.models import Rag, Status
from actions.spreadsheets.checking import ImportContext, check_rows, normalise_name
from actions.spreadsheets.columns import Column, match_header
from actions.spreadsheets.reading import read_table
from actions.spreadsheets.writing import EXPORT_HEADERS, ExportRow, write_csv, write_xlsx

POLICE = 10
LINK = "https://intranet.example.org/audit.pdf"


def export_row(**changes) -> ExportRow:
    values = {
        "recommendation_numbers": "1, 3",
        "number": "1.1",
        "description": "Audit neglect cases",
        "lead_agency": "Northshire Police",
        "lead_officer": "Officer A",
        "accountable_officer": "Officer C",
        "target_date": date(2026, 3, 31),
        "revised_target_date": None,
        "revision_reason": "",
        "status_label": "In progress",
        "rag_label": "Amber",
        "latest_progress_on": date(2025, 5, 20),
        "latest_progress": "Half the cases audited.",
        "evidence": "",
        "verified_by": "",
        "verified_on": None,
    }
    values.update(changes)
    return ExportRow(**values)


def open_sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def header_row_of(sheet) -> int:
    for row in sheet.iter_rows(min_row=1, max_row=10):
        if row[0].value == "Recommendation no.":
            return row[0].row
    raise AssertionError("no header")


def test_export_headers_start_with_the_import_columns():
    assert EXPORT_HEADERS[:10] == tuple(column.label for column in Column)
    match = match_header(EXPORT_HEADERS)
    assert match.is_complete
    assert len(match.columns) == 10
    assert match.unknown == list(EXPORT_HEADERS[10:])


def test_every_export_field_has_a_column():
    assert len(EXPORT_HEADERS) == len(dataclasses.fields(ExportRow))


def test_xlsx_layout():
    data = write_xlsx(
        [export_row(), export_row(number="1.2", revised_target_date=date(2026, 6, 30))],
        title="Review A: action plan",
        subtitle_lines=["Northshire Safeguarding Children Partnership", "Exported 01/06/2025"],
    )
    sheet = open_sheet(data)
    header = header_row_of(sheet)

    assert sheet["A1"].value == "Review A: action plan"
    assert sheet["A1"].font.bold
    assert sheet["A3"].value == "Exported 01/06/2025"
    assert header == 5
    assert [cell.value for cell in sheet[header]] == list(EXPORT_HEADERS)
    assert all(cell.font.bold for cell in sheet[header])
    assert sheet.freeze_panes == "A6"
    assert sheet.auto_filter.ref == "A5:P7"
    assert sheet.column_dimensions["C"].width == 60
    target = sheet.cell(row=6, column=EXPORT_HEADERS.index("Target date") + 1)
    assert target.value == datetime(2026, 3, 31)
    assert target.number_format == "DD/MM/YYYY"
    assert target.is_date
    assert sheet.cell(row=6, column=3).alignment.wrap_text
    assert sheet.cell(row=6, column=EXPORT_HEADERS.index("Revised target date") + 1).value is None


def test_many_subtitle_lines_keep_the_header_within_the_first_ten_rows():
    lines = [f"Line {n}" for n in range(12)]
    sheet = open_sheet(write_xlsx([export_row()], title="Plan", subtitle_lines=lines))

    assert header_row_of(sheet) == 10
    assert sheet["A8"].value.startswith("Line 6 · Line 7")


def test_an_empty_export_still_has_its_header():
    sheet = open_sheet(write_xlsx([], title="Plan", subtitle_lines=[]))
    assert header_row_of(sheet) == 3


def test_csv_has_a_byte_order_mark_and_header_first():
    data = write_csv([export_row(description="Review Child SB’s plan")])

    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(EXPORT_HEADERS)
    assert rows[1][:6] == [
        "1, 3",
        "1.1",
        "Review Child SB’s plan",
        "Northshire Police",
        "Officer A",
        "31/03/2026",
    ]
    assert rows[1][EXPORT_HEADERS.index("Verified on")] == ""


DANGEROUS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_neutralises_formulas(text):
    data = write_csv([export_row(description=text, lead_officer=text)])
    row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1]
    assert row[2] == "'" + text
    assert row[4] == "'" + text


@pytest.mark.parametrize("text", DANGEROUS)
def test_xlsx_writes_formulas_as_text(text):
    data = write_xlsx([export_row(description=text)], title=text, subtitle_lines=[text])
    sheet = open_sheet(data)

    for cell in (sheet["A1"], sheet["A2"], sheet.cell(row=5, column=3)):
        assert cell.data_type == "s"
        assert cell.value == text.replace("\r", "\n")  # XML turns a carriage return into a newline.
        assert cell.quotePrefix
    # Read as an importer would: the text, never a formula or its result.
    values = load_workbook(io.BytesIO(data), data_only=True).active.cell(row=5, column=3).value
    assert values == text.replace("\r", "\n")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_ordinary_text_has_no_quote_prefix():
    sheet = open_sheet(write_xlsx([export_row()], title="Plan", subtitle_lines=[]))
    assert not sheet.cell(row=4, column=3).quotePrefix


def test_control_characters_are_dropped():
    data = write_xlsx([export_row(description="Audit\x07 cases")], title="Plan", subtitle_lines=[])
    assert open_sheet(data).cell(row=4, column=3).value == "Audit cases"
    assert b"\x07" not in write_csv([export_row(description="Audit\x07 cases")])


def round_trip_context(**changes) -> ImportContext:
    values = {
        "recommendation_ids": {1: 101, 2: 102, 3: 103},
        "agencies": {normalise_name("Northshire Police"): POLICE},
        "default_agency_id": None,
        "agency_names": {POLICE: "Northshire Police"},
        "members": {POLICE: {normalise_name("Officer A"): 1}},
        "existing_numbers": {},
        "today": date(2025, 6, 1),
    }
    values.update(changes)
    return ImportContext(**values)


def test_round_trip_through_xlsx():
    rows = [
        export_row(),
        export_row(
            recommendation_numbers="2",
            number="2.1",
            description="=Train staff on neglect",
            lead_officer="",
            status_label=Status.AWAITING_VERIFICATION.label,
            rag_label="Green",
            latest_progress="All staff trained.",
            evidence=LINK,
        ),
        export_row(
            number="1.2",
            status_label=Status.VERIFIED.label,
            rag_label="",
            evidence=f"Training log {LINK}",
            verified_by="Officer D",
            verified_on=date(2025, 5, 30),
        ),
    ]
    data = write_xlsx(rows, title="Review A", subtitle_lines=["Northshire Police"])

    table = read_table(data, "export.xlsx")
    result = check_rows(table, round_trip_context())

    assert result.errors == []
    assert table.header_row == 4
    assert [
        (
            p.number,
            p.recommendation_ids,
            p.description,
            p.agency_id,
            p.owner_id,
            p.target_date,
            p.status,
            p.rag,
        )
        for p in result.planned
    ] == [
        (
            "1.1",
            [101, 103],
            "Audit neglect cases",
            POLICE,
            1,
            date(2026, 3, 31),
            Status.IN_PROGRESS,
            Rag.AMBER,
        ),
        (
            "2.1",
            [102],
            "=Train staff on neglect",
            POLICE,
            None,
            date(2026, 3, 31),
            Status.AWAITING_VERIFICATION,
            Rag.GREEN,
        ),
        # Verification is never imported: it comes back as awaiting verification.
        (
            "1.2",
            [101, 103],
            "Audit neglect cases",
            POLICE,
            1,
            date(2026, 3, 31),
            Status.AWAITING_VERIFICATION,
            None,
        ),
    ]
    assert [(p.progress, p.evidence_link, p.evidence_note) for p in result.planned] == [
        ("Half the cases audited.", "", ""),
        ("All staff trained.", LINK, ""),
        ("Half the cases audited.", LINK, f"Training log {LINK}"),
    ]


def test_round_trip_through_csv():
    data = write_csv([export_row(), export_row(number="1.2", status_label="Not started", rag_label="")])

    result = check_rows(read_table(data, "export.csv"), round_trip_context())

    assert result.errors == []
    assert [(p.number, p.status, p.target_date) for p in result.planned] == [
        ("1.1", Status.IN_PROGRESS, date(2026, 3, 31)),
        ("1.2", Status.NOT_STARTED, date(2026, 3, 31)),
    ]


def test_reimporting_into_the_same_plan_reports_the_numbers_already_there():
    data = write_xlsx([export_row()], title="Review A", subtitle_lines=[])
    context = round_trip_context(existing_numbers={POLICE: {"1.1"}})

    result = check_rows(read_table(data, "export.xlsx"), context)

    assert [error.column_label for error in result.errors] == ["Action no."]
