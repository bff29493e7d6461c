"""The columns an action plan spreadsheet may have, and matching a header row to them."""

import re
from dataclasses import dataclass, field
from enum import Enum


class Column(Enum):
    """A known column: its value is the label we show and export."""

    RECOMMENDATION = "Recommendation no."
    ACTION_NUMBER = "Action no."
    ACTION = "Action"
    LEAD_AGENCY = "Lead agency"
    LEAD_OFFICER = "Lead officer"
    TARGET_DATE = "Target date"
    STATUS = "Status"
    RAG = "RAG"
    PROGRESS = "Progress"
    EVIDENCE = "Evidence"

    @property
    def label(self) -> str:
        return self.value


REQUIRED_COLUMNS = (Column.RECOMMENDATION, Column.ACTION, Column.TARGET_DATE)

# Headers seen in real plans. Written loosely: they are normalised before use.
SYNONYMS: dict[Column, tuple[str, ...]] = {
    Column.RECOMMENDATION: (
        "Recommendation no",
        "Recommendation number",
        "Recommendation numbers",
        "Recommendation ref",
        "Recommendation",
        "Recommendations",
        "Rec no",
        "Rec number",
        "Rec ref",
        "Rec",
        "Recs",
    ),
    Column.ACTION_NUMBER: (
        "Action no",
        "Action number",
        "Action ref",
        "Action reference",
        "Action id",
        "Ref",
        "Reference",
        "No",
    ),
    Column.ACTION: (
        "Action",
        "Actions",
        "Action to be taken",
        "Actions to be taken",
        "Action required",
        "Actions required",
        "Action description",
        "Description",
        "What will be done",
    ),
    Column.LEAD_AGENCY: ("Lead agency", "Agency", "Organisation", "Lead organisation", "Responsible agency"),
    Column.LEAD_OFFICER: (
        "Lead officer",
        "Lead",
        "Lead person",
        "Responsible officer",
        "Responsible person",
        "Owner",
        "Action owner",
        "Who",
    ),
    Column.TARGET_DATE: (
        "Target date",
        "Target completion date",
        "Timescale",
        "Timescales",
        "Deadline",
        "By when",
        "Completion date",
        "Due date",
        "Date due",
    ),
    Column.STATUS: ("Status", "Action status", "Current status"),
    Column.RAG: ("RAG", "RAG status", "RAG rating", "BRAG", "BRAG status", "BRAG rating", "Rating"),
    Column.PROGRESS: (
        "Progress",
        "Progress update",
        "Progress to date",
        "Update",
        "Updates",
        "Latest update",
        "Latest progress",
        "Comments",
    ),
    Column.EVIDENCE: (
        "Evidence",
        "Evidence of completion",
        "Evidence of impact",
        "Evidence link",
        "Link to evidence",
        "Impact",
    ),
}

_BRACKETED = re.compile(r"[\(\[\{][^\)\]\}]*[\)\]\}]?\s*$")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")


def normalise_header(text: object) -> str:
    """'Rec. number (see tab 2)' -> 'rec number'; case, punctuation, spacing and bracketed notes ignored."""
    if text is None:
        return ""
    result = str(text).strip()
    # A note in brackets at the end ("Target date (dd/mm/yyyy)"), possibly several.
    while True:
        stripped = _BRACKETED.sub("", result).strip()
        if stripped == result or not stripped:
            break
        result = stripped
    result = _PUNCTUATION.sub(" ", result.lower())
    return _SPACES.sub(" ", result).strip()


_LOOKUP: dict[str, Column] = {
    normalise_header(synonym): column for column, synonyms in SYNONYMS.items() for synonym in synonyms
}
_LOOKUP.update({normalise_header(column.label): column for column in Column})


def column_for_header(text: object) -> Column | None:
    return _LOOKUP.get(normalise_header(text))


@dataclass
class HeaderMatch:
    columns: dict[Column, int] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    missing_required: list[Column] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return not self.missing_required


def match_header(cells) -> HeaderMatch:
    """Which column each header cell is. The first cell wins when two cells mean the same column."""
    match = HeaderMatch()
    for index, cell in enumerate(cells):
        text = "" if cell is None else str(cell).strip()
        if not text:
            continue
        column = column_for_header(text)
        if column is None or column in match.columns:
            match.unknown.append(text)
        else:
            match.columns[column] = index
    match.missing_required = [column for column in REQUIRED_COLUMNS if column not in match.columns]
    return match


def describe_columns(columns) -> str:
    """'Recommendation no., Action and Target date'."""
    labels = [column.label for column in columns]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]
