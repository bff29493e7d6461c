"""Reading an uploaded .xlsx or .csv action plan into rows keyed by known column."""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .columns import REQUIRED_COLUMNS, Column, HeaderMatch, describe_columns, match_header

HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 100  # Plans have a dozen columns; this stops a stray far-right cell widening every row.
DEFAULT_MAX_ROWS = 10_000
# Counting stops here: past it the file is far too big anyway and counting costs time.
COUNT_LIMIT = 1_048_576

NOT_A_SPREADSHEET = "The selected file must be an Excel workbook (.xlsx) or a CSV file"
ZIP_SIGNATURE = b"PK\x03\x04"
# Password-protected .xlsx files (and old .xls files) are OLE2 compound documents, not zips.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CSV_DELIMITERS = (",", ";", "\t")


class SpreadsheetError(Exception):
    """The file cannot be read as an action plan. The message is shown to the person importing."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class SourceRow:
    row_number: int  # As the spreadsheet shows it (1-based), so error reports point at the right row.
    values: dict[Column, object]


@dataclass
class Table:
    rows: list[SourceRow]
    header_row: int
    unknown_headers: list[str] = field(default_factory=list)
    sheet_name: str = ""


def read_table(data: bytes, filename: str, *, max_rows: int = DEFAULT_MAX_ROWS) -> Table:
    """The rows of the first sheet with a recognisable header. Formulas are never evaluated."""
    if not data:
        raise SpreadsheetError("The selected file is empty")
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(data, max_rows)
    if suffix == ".csv":
        return _read_csv(data, max_rows)
    if suffix == ".xls":
        raise SpreadsheetError(f"{NOT_A_SPREADSHEET}. Open the file in Excel and save it as .xlsx")
    raise SpreadsheetError(NOT_A_SPREADSHEET)


# ---- XLSX -------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    if data.startswith(OLE2_SIGNATURE):
        raise SpreadsheetError(
            "The workbook is password-protected or in an old Excel format. "
            "Remove the password, save it as .xlsx and try again"
        )
    if not data.startswith(ZIP_SIGNATURE):
        raise SpreadsheetError(NOT_A_SPREADSHEET)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            is_workbook = "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile as error:
        # It starts like a zip, so most likely a workbook cut short in the upload or on disk.
        raise _damaged() from error
    if not is_workbook:
        # A Word document or a plain zip renamed to .xlsx.
        raise SpreadsheetError(NOT_A_SPREADSHEET)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise _damaged() from error
    try:
        for sheet in workbook.worksheets:
            if not hasattr(sheet, "reset_dimensions"):
                continue  # A chart sheet.
            # Some tools write a wrong size into the file; read what is actually there.
            sheet.reset_dimensions()
            rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
            try:
                table = _table_from_rows(rows, max_rows)
            except SpreadsheetError:
                raise
            except Exception as error:
                # A damaged sheet fails in many different ways inside openpyxl.
                raise _damaged() from error
            if table is not None:
                table.sheet_name = sheet.title
                return table
    finally:
        workbook.close()
    raise _no_header("sheet")


def _damaged() -> SpreadsheetError:
    return SpreadsheetError(
        "The workbook could not be opened: it may be damaged. "
        "Open it in Excel, save it as .xlsx and try again"
    )


# ---- CSV --------------------------------------------------------------------------------------------


def _read_csv(data: bytes, max_rows: int) -> Table:
    if data.startswith((ZIP_SIGNATURE, OLE2_SIGNATURE)) or b"\x00" in data:
        # A workbook or another binary file renamed to .csv.
        raise SpreadsheetError(NOT_A_SPREADSHEET)
    text = _decode(data)
    for delimiter in CSV_DELIMITERS:
        # The right delimiter is the one that gives a recognisable header: more reliable than csv.Sniffer.
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            table = _table_from_rows(rows, max_rows)
        except csv.Error as error:
            message = f"The CSV file could not be read ({error}). Check it and try again"
            raise SpreadsheetError(message) from error
        if table is not None:
            return table
    raise _no_header("file")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # What Excel on Windows writes when saving "CSV" rather than "CSV UTF-8".
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(NOT_A_SPREADSHEET) from error


# ---- Shared -----------------------------------------------------------------------------------------


def _no_header(where: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"No header row was found. One of the first {HEADER_SEARCH_ROWS} rows of the {where} must name the "
        f"columns, including {describe_columns(REQUIRED_COLUMNS)}"
    )


def _table_from_rows(rows: Iterable[Iterable[object]], max_rows: int) -> Table | None:
    """None when none of the first rows is a header, so the caller can try the next sheet."""
    iterator: Iterator[Iterable[object]] = iter(rows)
    header: HeaderMatch | None = None
    header_row = 0
    for row_number, cells in enumerate(iterator, start=1):
        match = match_header(list(cells))
        if match.is_complete:
            header, header_row = match, row_number
            break
        if row_number >= HEADER_SEARCH_ROWS:
            return None
    if header is None:
        return None

    table = Table(rows=[], header_row=header_row, unknown_headers=header.unknown)
    positions = list(header.columns.items())
    count = 0
    for row_number, cells in enumerate(iterator, start=header_row + 1):
        cells = tuple(cells)
        values = {column: _clean(cells[index]) for column, index in positions if index < len(cells)}
        if all(value is None for value in values.values()):
            continue  # Blank rows, and rows with notes only in columns we do not import.
        count += 1
        if count > max_rows:
            count += _count_remaining(iterator, header.columns.values())
            raise SpreadsheetError(
                f"The spreadsheet has {count:,} rows; import at most {max_rows:,} at a time"
            )
        table.rows.append(SourceRow(row_number=row_number, values=values))
    return table


def _count_remaining(iterator: Iterator[Iterable[object]], indexes: Iterable[int]) -> int:
    indexes = list(indexes)
    remaining = 0
    for cells in iterator:
        cells = tuple(cells)
        if any(_clean(cells[index]) is not None for index in indexes if index < len(cells)):
            remaining += 1
            if remaining >= COUNT_LIMIT:
                break
    return remaining


def _clean(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
