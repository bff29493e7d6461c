"""Exporting action plans as .xlsx or .csv, laid out so an exported sheet can be imported again."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .columns import Column
from .reading import HEADER_SEARCH_ROWS


@dataclass
class ExportRow:
    recommendation_numbers: str
    number: str
    description: str
    lead_agency: str
    lead_officer: str
    accountable_officer: str
    target_date: date | None
    revised_target_date: date | None
    revision_reason: str
    status_label: str
    rag_label: str
    latest_progress_on: date | None
    latest_progress: str
    evidence: str
    verified_by: str
    verified_on: date | None


# (header, ExportRow field, column width). The import's columns come first, under the import's own
# labels, so an exported sheet can be edited and imported again.
_LAYOUT: tuple[tuple[str, str, int], ...] = (
    (Column.RECOMMENDATION.label, "recommendation_numbers", 16),
    (Column.ACTION_NUMBER.label, "number", 10),
    (Column.ACTION.label, "description", 60),
    (Column.LEAD_AGENCY.label, "lead_agency", 24),
    (Column.LEAD_OFFICER.label, "lead_officer", 22),
    (Column.TARGET_DATE.label, "target_date", 13),
    (Column.STATUS.label, "status_label", 22),
    (Column.RAG.label, "rag_label", 9),
    (Column.PROGRESS.label, "latest_progress", 60),
    (Column.EVIDENCE.label, "evidence", 40),
    ("Accountable officer", "accountable_officer", 22),
    ("Revised target date", "revised_target_date", 13),
    ("Reason for revision", "revision_reason", 40),
    ("Latest progress on", "latest_progress_on", 13),
    ("Verified by", "verified_by", 22),
    ("Verified on", "verified_on", 13),
)
EXPORT_HEADERS: tuple[str, ...] = tuple(header for header, _, _ in _LAYOUT)

DATE_FORMAT = "DD/MM/YYYY"
CSV_DATE_FORMAT = "%d/%m/%Y"
# Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (CWE-1236).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The title, the subtitle lines and a blank row come before the header, which must stay within the
# rows that reading searches.
MAX_SUBTITLE_LINES = HEADER_SEARCH_ROWS - 3
SHEET_TITLE = "Action plan"


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def _clean_text(text: str) -> str:
    # Control characters are not allowed in .xlsx files and only cause trouble in CSV.
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _values(row: ExportRow) -> list[object]:
    return [getattr(row, name) for _, name, _ in _LAYOUT]


def write_xlsx(rows: Iterable[ExportRow], *, title: str, subtitle_lines: list[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    wrap = Alignment(wrap_text=True, vertical="top")

    write_text_cell(sheet.cell(row=1, column=1), title).font = Font(bold=True, size=14)
    lines = list(subtitle_lines)
    if len(lines) > MAX_SUBTITLE_LINES:
        lines = [*lines[: MAX_SUBTITLE_LINES - 1], " · ".join(lines[MAX_SUBTITLE_LINES - 1 :])]
    for offset, line in enumerate(lines, start=2):
        write_text_cell(sheet.cell(row=offset, column=1), line)
    header_row = len(lines) + 3  # After the title, the subtitle lines and a blank row.

    for column, (header, _, width) in enumerate(_LAYOUT, start=1):
        cell = sheet.cell(row=header_row, column=column, value=header)
        cell.font = Font(bold=True)
        cell.alignment = wrap
        sheet.column_dimensions[get_column_letter(column)].width = width

    last_row = header_row
    for last_row, row in enumerate(rows, start=header_row + 1):
        for column, value in enumerate(_values(row), start=1):
            cell = sheet.cell(row=last_row, column=column)
            if isinstance(value, date):
                cell.value = value
                cell.number_format = DATE_FORMAT
            elif value is not None and value != "":
                write_text_cell(cell, str(value))
            cell.alignment = wrap

    last_column = get_column_letter(len(_LAYOUT))
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{last_row}"
    sheet.print_title_rows = f"{header_row}:{header_row}"

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def write_text_cell(cell, text: str):
    """Text always goes in as text: openpyxl would otherwise store '=...' as a live formula."""
    text = _clean_text(text)
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        # Excel shows the text as typed and keeps it text if someone edits the cell.
        cell.quotePrefix = True
    return cell


def write_csv(rows: Iterable[ExportRow]) -> bytes:
    """UTF-8 with a byte order mark, which Excel needs to read anything beyond ASCII correctly."""
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADERS)
    for row in rows:
        writer.writerow([csv_cell(value) for value in _values(row)])
    return output.getvalue().encode("utf-8-sig")


def csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime(CSV_DATE_FORMAT)
    text = _clean_text(str(value))
    # A leading apostrophe is the usual defence for CSV: spreadsheet programs show the text, not a formula.
    return f"'{text}" if is_formula_like(text) else text
