import io
import zipfile
from datetime import datetime

import pytest
from openpyxl import Workbook

from actions.spreadsheets.columns import Column
from actions.spreadsheets.reading import SpreadsheetError, read_table

HEADER = ["Rec No", "Action", "Lead agency", "Target date", "Status", "Milestones"]
NOT_A_SPREADSHEET = "The selected file must be an Excel workbook (.xlsx) or a CSV file"


def xlsx(*sheets: list[list[object]], titles=None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, rows in enumerate(sheets):
        sheet = workbook.create_sheet((titles or [])[index] if titles else f"Sheet{index + 1}")
        for row_number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=row_number, column=column, value=value)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_reads_an_xlsx_plan():
    data = xlsx(
        [
            HEADER,
            ["1", "Audit neglect cases", "Northshire CSC", datetime(2025, 3, 31), "In progress", "Q1"],
            [2, "Refresh training", None, "31/05/2025", None, None],
        ]
    )

    table = read_table(data, "plan.xlsx")

    assert table.header_row == 1
    assert table.unknown_headers == ["Milestones"]
    assert [row.row_number for row in table.rows] == [2, 3]
    assert table.rows[0].values == {
        Column.RECOMMENDATION: "1",
        Column.ACTION: "Audit neglect cases",
        Column.LEAD_AGENCY: "Northshire CSC",
        Column.TARGET_DATE: datetime(2025, 3, 31),
        Column.STATUS: "In progress",
    }
    assert table.rows[1].values[Column.RECOMMENDATION] == 2
    assert table.rows[1].values[Column.LEAD_AGENCY] is None


def test_header_on_row_3_and_blank_rows_keep_the_spreadsheets_row_numbers():
    data = xlsx(
        [
            ["Northshire Safeguarding Children Partnership"],
            ["Action plan for review A"],
            HEADER,
            ["1", "First", None, "31/03/2025"],
            [],
            [None, "   ", None, None],
            ["2", "Second", None, "31/03/2025"],
            [None, None, None, None, None, "a note in an unread column"],
        ]
    )

    table = read_table(data, "PLAN.XLSX")

    assert table.header_row == 3
    assert [(row.row_number, row.values[Column.ACTION]) for row in table.rows] == [
        (4, "First"),
        (7, "Second"),
    ]


def test_the_first_sheet_with_a_header_is_used():
    data = xlsx(
        [["Contents"], ["See the next tab"]],
        [HEADER, ["1", "Only action", None, "31/03/2025"]],
        titles=["Cover", "Actions"],
    )

    table = read_table(data, "plan.xlsx")

    assert table.sheet_name == "Actions"
    assert table.rows[0].values[Column.ACTION] == "Only action"


def test_formulas_are_never_evaluated():
    data = xlsx([HEADER, ["1", '=CONCAT("a","b")', None, "=DATE(2025,3,31)"]])

    row = read_table(data, "plan.xlsx").rows[0]

    # A workbook saved by openpyxl has no cached results, so the formula cells read as empty.
    assert row.values[Column.ACTION] is None
    assert row.values[Column.TARGET_DATE] is None


def test_no_header_names_the_required_columns():
    data = xlsx([["Action", "Owner"]] + [["x", "y"]] * 12)

    with pytest.raises(SpreadsheetError) as raised:
        read_table(data, "plan.xlsx")

    assert raised.value.message == (
        "No header row was found. One of the first 10 rows of the sheet must name the columns, "
        "including Recommendation no., Action and Target date"
    )


def test_a_header_below_row_10_is_not_found():
    data = xlsx([[f"Note {n}"] for n in range(10)] + [HEADER])

    with pytest.raises(SpreadsheetError, match="No header row"):
        read_table(data, "plan.xlsx")


def test_too_many_rows():
    rows = [HEADER] + [["1", f"Action {n}", None, "31/03/2025"] for n in range(12)]

    with pytest.raises(SpreadsheetError) as raised:
        read_table(xlsx(rows), "plan.xlsx", max_rows=10)

    assert raised.value.message == "The spreadsheet has 12 rows; import at most 10 at a time"


def test_too_many_rows_uses_thousands_separators():
    lines = ["Rec,Action,Target date"] + ["1,Do it,31/03/2025"] * 12_345
    with pytest.raises(SpreadsheetError) as raised:
        read_table("\n".join(lines).encode(), "plan.csv")

    assert raised.value.message == "The spreadsheet has 12,345 rows; import at most 10,000 at a time"


# ---- CSV --------------------------------------------------------------------------------------------


def test_reads_a_utf8_csv_with_a_byte_order_mark():
    data = "Rec No,Action,Lead officer,Target date\r\n1,Review Child SB’s plan,Officer A,31/03/2025\r\n"

    table = read_table(data.encode("utf-8-sig"), "plan.csv")

    assert table.rows[0].row_number == 2
    assert table.rows[0].values[Column.RECOMMENDATION] == "1"
    assert table.rows[0].values[Column.ACTION] == "Review Child SB’s plan"


def test_reads_a_cp1252_csv():
    data = "Rec No,Action,Target date\n1,Review Child SB’s plan – part 2,31/03/2025\n".encode("cp1252")

    table = read_table(data, "plan.csv")

    assert table.rows[0].values[Column.ACTION] == "Review Child SB’s plan – part 2"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_reads_semicolon_and_tab_separated_csv(delimiter):
    data = delimiter.join(["Rec No", "Action", "Target date"]) + "\n"
    data += delimiter.join(["1", "Audit, then report", "31/03/2025"]) + "\n"

    table = read_table(data.encode(), "plan.csv")

    assert table.rows[0].values[Column.ACTION] == "Audit, then report"


def test_csv_row_numbers_count_records_and_skip_blank_lines():
    data = (
        'Plan for review A\n\nRec No,Action,Target date\n1,"Two\nlines",31/03/2025\n,,\n2,Next,31/03/2025\n'
    )

    table = read_table(data.encode(), "plan.csv")

    assert table.header_row == 3
    assert [row.row_number for row in table.rows] == [4, 6]
    assert table.rows[0].values[Column.ACTION] == "Two\nlines"


def test_csv_without_a_header():
    with pytest.raises(SpreadsheetError, match="One of the first 10 rows of the file must name the columns"):
        read_table(b"a,b,c\n1,2,3\n", "plan.csv")


# ---- Not a spreadsheet ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"%PDF-1.7 ...", "plan.pdf"),
        (b"Rec,Action,Target date\n", "plan.txt"),
        (b"%PDF-1.7 ...", "plan.xlsx"),  # A PDF renamed.
        (b"Rec,Action,Target date\n", "plan.xlsx"),  # A CSV renamed.
        (b"Rec,Action\x00,Target date\n", "plan.csv"),  # Binary content.
        (b"\x89PNG\r\n\x1a\n\x00\x00", "plan.csv"),
        (b"Rec,Action,Target date\n", "plan"),
    ],
)
def test_not_a_spreadsheet(data, filename):
    with pytest.raises(SpreadsheetError) as raised:
        read_table(data, filename)
    assert raised.value.message == NOT_A_SPREADSHEET


def test_an_xlsx_renamed_to_csv_is_refused():
    data = xlsx([HEADER])
    with pytest.raises(SpreadsheetError) as raised:
        read_table(data, "plan.csv")
    assert raised.value.message == NOT_A_SPREADSHEET


def test_a_zip_that_is_not_a_workbook_is_refused():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(SpreadsheetError) as raised:
        read_table(output.getvalue(), "plan.xlsx")
    assert raised.value.message == NOT_A_SPREADSHEET


def test_an_old_xls_file_is_told_to_save_as_xlsx():
    with pytest.raises(SpreadsheetError, match="save it as .xlsx"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "plan.xls")


def test_a_password_protected_workbook():
    # Excel encrypts a protected .xlsx inside an OLE2 compound file.
    with pytest.raises(SpreadsheetError) as raised:
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "plan.xlsx")
    assert "password-protected" in raised.value.message


def test_a_damaged_workbook():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really a workbook")
    with pytest.raises(SpreadsheetError, match="may be damaged"):
        read_table(output.getvalue(), "plan.xlsx")


def test_a_truncated_workbook():
    data = xlsx([HEADER, ["1", "Action", None, "31/03/2025"]])
    with pytest.raises(SpreadsheetError) as raised:
        read_table(data[: len(data) // 2], "plan.xlsx")
    assert raised.value.message == (
        "The workbook could not be opened: it may be damaged. "
        "Open it in Excel, save it as .xlsx and try again"
    )


def test_an_empty_file():
    with pytest.raises(SpreadsheetError, match="The selected file is empty"):
        read_table(b"", "plan.csv")
