"""Checking every row of an uploaded plan against the review, before anything is saved."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from actions.models import Rag, Status

from .cells import (
    BLUE,
    cell_text,
    is_blank,
    parse_date,
    parse_link,
    parse_rag,
    parse_recommendation_numbers,
    parse_status,
)
from .columns import Column
from .reading import SourceRow, Table

LONGEST_ACTION = 5_000
LONGEST_NUMBER = 12  # Action.number's max_length.
LONGEST_NOTE = 20_000  # Progress and evidence text: generous, but stops a runaway paste.
DEFAULT_PROGRESS_EVERY = 250
_LINK_START = re.compile(r"https?://", re.IGNORECASE)


def normalise_name(text: object) -> str:
    """How agency and people names are compared: case, spacing and end punctuation ignored.

    Whoever builds ImportContext must key its dictionaries with this same function.
    """
    return " ".join(str(text or "").casefold().split()).strip(" .,;:")


@dataclass
class ImportContext:
    recommendation_ids: dict[int, int]  # The review's recommendation number -> recommendation id.
    agencies: dict[
        str, int
    ]  # normalise_name(agency name or short name) -> id, for agencies the importer may use.
    default_agency_id: int | None  # Used when the lead agency cell is blank.
    agency_names: dict[int, str]
    members: dict[
        int, dict[str, int]
    ]  # Agency id -> normalise_name(full name, username or email) -> user id.
    existing_numbers: dict[int, set[str]]  # Agency id -> action numbers already in that agency's plan.
    today: date


@dataclass
class PlannedAction:
    row_number: int
    agency_id: int
    number: str
    recommendation_ids: list[int]
    description: str
    owner_id: int | None
    target_date: date
    status: Status
    rag: Rag | None  # None: let the system work it out from the dates.
    progress: str
    evidence_link: str
    evidence_note: str


@dataclass
class RowError:
    row_number: int
    column_label: str  # "" when the error is about the row as a whole.
    message: str  # A whole sentence starting "Row 7: ", saying what to do.


@dataclass
class CheckResult:
    planned: list[PlannedAction] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not self.errors


@dataclass
class _CheckedRow:
    """A row after the first pass; its number is settled in the second."""

    source: SourceRow
    agency_id: int
    recommendation_numbers: list[int]
    number: str  # "" when it is to be generated.
    planned: PlannedAction


def check_rows(
    table: Table,
    context: ImportContext,
    *,
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = DEFAULT_PROGRESS_EVERY,
) -> CheckResult:
    """Every row's problems, or the actions that would be created. Linear in the number of rows."""
    checker = _Checker(context)
    checked: list[_CheckedRow] = []
    for done, row in enumerate(table.rows, start=1):
        result = checker.check(row)
        if result is not None:
            checked.append(result)
        if on_progress and done % progress_every == 0:
            on_progress(done)
    # Numbers are generated only once every explicit number in the sheet is known, so a generated
    # number never collides with one given further down.
    planned = [checker.settle_number(row) for row in checked]
    if on_progress:
        on_progress(len(table.rows))
    errors = sorted(checker.errors, key=lambda error: error.row_number)
    return CheckResult(planned=[] if errors else planned, errors=errors)


class _Checker:
    def __init__(self, context: ImportContext):
        self.context = context
        self.errors: list[RowError] = []
        self.importable_agencies = _join_list(
            sorted(
                {
                    context.agency_names.get(agency_id, str(agency_id))
                    for agency_id in context.agencies.values()
                }
            )
        )
        self.recommendation_range = _describe_numbers(context.recommendation_ids)
        # (agency id, casefolded number) -> the row that uses it; existing plan numbers are row 0.
        self.taken: dict[tuple[int, str], int] = {
            (agency_id, number.casefold()): 0
            for agency_id, numbers in context.existing_numbers.items()
            for number in numbers
        }
        self.next_suffix: dict[tuple[int, int], int] = {}

    # -- first pass -----------------------------------------------------------------------------------

    def check(self, row: SourceRow) -> _CheckedRow | None:
        errors_before = len(self.errors)
        values = row.values
        numbers, recommendation_ids = self._recommendations(row)
        description = self._text(row, Column.ACTION, LONGEST_ACTION, required="enter the action")
        agency_id = self._agency(row)
        owner_id = self._owner(row, agency_id) if agency_id is not None else None
        target_date = self._parsed(
            row, Column.TARGET_DATE, parse_date(values.get(Column.TARGET_DATE), today=self.context.today)
        )
        status, rag = self._status_and_rag(row)
        progress = self._text(row, Column.PROGRESS, LONGEST_NOTE)
        evidence = self._text(row, Column.EVIDENCE, LONGEST_NOTE)
        link = parse_link(evidence) or ""
        if status == Status.AWAITING_VERIFICATION and not link:
            written = cell_text(values.get(Column.STATUS)) or "Complete"
            if _LINK_START.search(evidence):
                problem = "the evidence column has more than one link, or a link that is not valid"
            else:
                problem = "there is no link to evidence in the evidence column"
            self._error(
                row,
                Column.EVIDENCE,
                f"the status is {written} but {problem}: completion needs evidence. Give one link, "
                "or import it as In progress and upload the evidence afterwards",
            )
        number = self._explicit_number(row, agency_id)
        if len(self.errors) > errors_before:
            return None
        planned = PlannedAction(
            row_number=row.row_number,
            agency_id=agency_id,
            number=number,
            recommendation_ids=recommendation_ids,
            description=description,
            owner_id=owner_id,
            target_date=target_date,
            status=status,
            rag=rag,
            progress=progress,
            evidence_link=link,
            evidence_note="" if evidence == link else evidence,
        )
        return _CheckedRow(row, agency_id, numbers, number, planned)

    def _recommendations(self, row: SourceRow) -> tuple[list[int], list[int]]:
        numbers, message = parse_recommendation_numbers(row.values.get(Column.RECOMMENDATION))
        if message:
            self._error(row, Column.RECOMMENDATION, message)
            return [], []
        unknown = [number for number in numbers if number not in self.context.recommendation_ids]
        if unknown:
            if not self.context.recommendation_ids:
                message = (
                    f"recommendation {unknown[0]} does not exist: this review has no recommendations yet"
                )
            elif len(unknown) == 1:
                message = (
                    f"recommendation {unknown[0]} is not one of this review's recommendations "
                    f"({self.recommendation_range})"
                )
            else:
                message = (
                    f"recommendations {_join_and(map(str, unknown))} are not among this review's "
                    f"recommendations ({self.recommendation_range})"
                )
            self._error(row, Column.RECOMMENDATION, message)
            return [], []
        return numbers, [self.context.recommendation_ids[number] for number in numbers]

    def _agency(self, row: SourceRow) -> int | None:
        written = cell_text(row.values.get(Column.LEAD_AGENCY))
        if not written:
            if self.context.default_agency_id is None:
                self._error(row, Column.LEAD_AGENCY, f"enter the lead agency ({self.importable_agencies})")
            return self.context.default_agency_id
        agency_id = self.context.agencies.get(normalise_name(written))
        if agency_id is None:
            self._error(
                row,
                Column.LEAD_AGENCY,
                f"'{written}' is not an agency you can import actions for ({self.importable_agencies})",
            )
        return agency_id

    def _owner(self, row: SourceRow, agency_id: int) -> int | None:
        written = cell_text(row.values.get(Column.LEAD_OFFICER))
        if not written:
            return None
        owner_id = self.context.members.get(agency_id, {}).get(normalise_name(written))
        if owner_id is None:
            agency = self.context.agency_names.get(agency_id, "this agency")
            self._error(
                row,
                Column.LEAD_OFFICER,
                f"no one called '{written}' works for {agency} in this system - "
                "add them first or leave the lead officer blank",
            )
        return owner_id

    def _status_and_rag(self, row: SourceRow) -> tuple[Status | None, Rag | None]:
        status_cell = row.values.get(Column.STATUS)
        status = self._parsed(row, Column.STATUS, parse_status(status_cell))
        rag = self._parsed(row, Column.RAG, parse_rag(row.values.get(Column.RAG)))
        if rag == BLUE:
            # Blue is BRAG's "complete": it says something about status, not about lateness.
            if is_blank(status_cell):
                status = Status.AWAITING_VERIFICATION
            elif status is not None and status != Status.AWAITING_VERIFICATION:
                self._error(row, Column.RAG, f"Blue means complete, but the status is {status.label}")
            rag = None
        return status, rag

    def _explicit_number(self, row: SourceRow, agency_id: int | None) -> str:
        number = _number_text(row.values.get(Column.ACTION_NUMBER))
        if not number:
            return ""
        if len(number) > LONGEST_NUMBER:
            self._error(
                row,
                Column.ACTION_NUMBER,
                f"the action number '{number[:20]}' is too long: use {LONGEST_NUMBER} characters or fewer",
            )
            return number
        if agency_id is None:
            return number
        key = (agency_id, number.casefold())
        used_on = self.taken.get(key)
        agency = self.context.agency_names.get(agency_id, "the agency")
        if used_on == 0:
            self._error(
                row,
                Column.ACTION_NUMBER,
                f"{agency}'s plan already has an action {number} - give this action another number, "
                "or leave the action number blank to number it automatically",
            )
        elif used_on is not None:
            self._error(
                row,
                Column.ACTION_NUMBER,
                f"action number {number} for {agency} is already used on row {used_on} - "
                "give each action its own number",
            )
        else:
            self.taken[key] = row.row_number
        return number

    def _text(self, row: SourceRow, column: Column, longest: int, *, required: str = "") -> str:
        text = cell_text(row.values.get(column))
        if not text and required:
            self._error(row, column, required)
        elif len(text) > longest:
            self._error(
                row,
                column,
                f"the {column.label.lower()} is {len(text):,} characters long - "
                f"shorten it to {longest:,} or fewer",
            )
        return text

    def _parsed(self, row: SourceRow, column: Column, parsed: tuple[object, str | None]):
        value, message = parsed
        if message:
            self._error(row, column, message)
        return value

    def _error(self, row: SourceRow, column: Column | None, message: str) -> None:
        label = column.label if column else ""
        self.errors.append(RowError(row.row_number, label, f"Row {row.row_number}: {_lower_first(message)}"))

    # -- second pass ----------------------------------------------------------------------------------

    def settle_number(self, row: _CheckedRow) -> PlannedAction:
        if row.number:
            return row.planned
        first = row.recommendation_numbers[0]
        counter_key = (row.agency_id, first)
        suffix = self.next_suffix.get(counter_key, 1)
        while (row.agency_id, f"{first}.{suffix}".casefold()) in self.taken:
            suffix += 1
        number = f"{first}.{suffix}"
        self.taken[(row.agency_id, number.casefold())] = row.source.row_number
        self.next_suffix[counter_key] = suffix + 1
        row.planned.number = number
        return row.planned


def _number_text(value: object) -> str:
    if isinstance(value, float):
        # 2.1 typed into Excel arrives as a float; repr gives the shortest form that round-trips.
        return str(int(value)) if value.is_integer() else repr(value)
    return cell_text(value)


# The cell parsers write whole sentences ("Enter the target date"); after "Row 8: " they read better in
# lower case. Names such as "Blue" or "Northshire Police" keep their capitals.
_SENTENCE_STARTS = ("Enter ", "The ", "Check ")


def _lower_first(message: str) -> str:
    if message.startswith(_SENTENCE_STARTS):
        return message[0].lower() + message[1:]
    return message


def _join_and(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _join_list(items: Iterable[str]) -> str:
    return ", ".join(items)


def _describe_numbers(numbers: Iterable[int]) -> str:
    """'1 to 8' when the numbers run without a gap, else '1, 2, 5'."""
    ordered = sorted(numbers)
    if not ordered:
        return ""
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]} to {ordered[-1]}"
    return ", ".join(str(number) for number in ordered)
