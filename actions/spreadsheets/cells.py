"""Turning one spreadsheet cell into a value. Each parser returns (value, error message or None)."""

import calendar
import re
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from actions.models import Rag, Status

# Partnerships often rate with BRAG, where blue means complete. The system has no blue rating:
# the checker turns it into a status check, so it is a sentinel rather than a Rag value.
BLUE = "blue"

# Excel counts days from 30/12/1899 (it believes 1900 was a leap year, so this base is right after Feb 1900).
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIAL_RANGE = (20_000, 80_000)  # 1954 to 2119: anything outside is not a target date.

DATE_EXAMPLE = "31/03/2025"


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: object) -> str:
    """Cell contents as stripped text; whole floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _quote(value: object) -> str:
    text = cell_text(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"'{text}'"


# ---- Recommendation numbers -------------------------------------------------------------------------

_REC_WORDS = re.compile(r"(?<![a-z])(recommendations?|recs?|nos?|numbers?|r)\b\.?|(?<![a-z])r(?=\d)|[#:]")
_REC_SEPARATORS = re.compile(r"\s*(?:,|;|&|\+|/|\n|\band\b)\s*|\s+")
_REC_RANGE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)$")
_LONGEST_RANGE = 50

RECOMMENDATION_FORMAT = "like 3, or 1, 2 and 4"


def parse_recommendation_numbers(value: object) -> tuple[list[int], str | None]:
    """'R1, 3 & 4' -> [1, 3, 4]. Sub-numbers such as '2a' or '2.1' are refused, not guessed."""
    if is_blank(value):
        return [], "Enter the recommendation number"
    if isinstance(value, bool):
        return [], f"Enter the recommendation number as a whole number, {RECOMMENDATION_FORMAT}"
    if isinstance(value, int | float):
        if float(value).is_integer() and value > 0:
            return [int(value)], None
        return [], (
            "Enter the recommendation number as a whole number, "
            f"{RECOMMENDATION_FORMAT} (found {_quote(value)})"
        )
    text = str(value).strip().lower()
    # Hyphenated ranges survive the separator split only without spaces around the dash.
    text = re.sub(r"(\d)\s*[-–]\s*(\d)", r"\1-\2", _REC_WORDS.sub(" ", text))
    numbers: list[int] = []
    tokens = [token for token in _REC_SEPARATORS.split(text) if token and token.strip(".")]
    if not tokens:
        return [], f"Enter the recommendation number, {RECOMMENDATION_FORMAT} (found {_quote(value)})"
    for token in tokens:
        token = token.strip(".")
        found = _numbers_in_token(token)
        if found is None:
            return [], (
                "Enter recommendation numbers as whole numbers, "
                f"{RECOMMENDATION_FORMAT} (found {_quote(value)})"
            )
        numbers.extend(number for number in found if number not in numbers)
    return numbers, None


def _numbers_in_token(token: str) -> list[int] | None:
    token = re.sub(r"^(\d+)\.0+$", r"\1", token)  # "3.0", as a number cell becomes in some CSV exports
    if token.isdigit():
        return [int(token)] if int(token) > 0 else None
    span = _REC_RANGE.match(token)
    if span:
        first, last = int(span.group(1)), int(span.group(2))
        if 0 < first < last and last - first < _LONGEST_RANGE:
            return list(range(first, last + 1))
    return None


# ---- Dates ------------------------------------------------------------------------------------------

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DAY_MONTH_YEAR = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?([a-z]+)\.?,?\s*[\s\-/]?\s*(\d{2}|\d{4})$"
)
_MONTH_YEAR = re.compile(r"^(?:end\s+(?:of\s+)?)?([a-z]+)\.?,?\s*[\s\-/']?\s*(\d{2}|\d{4})$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")


def parse_date(value: object, *, today: date) -> tuple[date | None, str | None]:
    """A UK (day-first) date. A month on its own means the last day of that month."""
    if is_blank(value):
        return None, "Enter the target date"
    if isinstance(value, datetime):
        return _plausible(value.date(), today)
    if isinstance(value, date):
        return _plausible(value, today)
    if isinstance(value, bool):
        return None, _not_a_date(value)
    if isinstance(value, int | float):
        return _from_serial(value, today)

    text = " ".join(str(value).strip().lower().split())
    if _SERIAL.match(text):
        return _from_serial(float(text), today)
    if match := _NUMERIC_DATE.match(text):
        day, month, year = (int(part) for part in match.groups())
        return _build(year, month, day, value, today)
    if match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _build(year, month, day, value, today)
    if (match := _DAY_MONTH_YEAR.match(text)) and match.group(2) in _MONTHS:
        return _build(int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1)), value, today)
    if (match := _MONTH_YEAR.match(text)) and match.group(1) in _MONTHS:
        year, month = _full_year(int(match.group(2))), _MONTHS[match.group(1)]
        return _build(year, month, calendar.monthrange(year, month)[1], value, today)
    return None, _not_a_date(value)


def _not_a_date(value: object) -> str:
    return f"Enter the target date as a date, like {DATE_EXAMPLE} (found {_quote(value)})"


def _full_year(year: int) -> int:
    return 2000 + year if year < 100 else year


def _build(year: int, month: int, day: int, original: object, today: date):
    try:
        built = date(_full_year(year), month, day)
    except ValueError:
        return None, (
            f"The target date {_quote(original)} is not a real date: check the day and month "
            f"(dates are day first, like {DATE_EXAMPLE})"
        )
    return _plausible(built, today)


def _from_serial(value: float, today: date):
    low, high = EXCEL_SERIAL_RANGE
    if not low <= value <= high:
        return None, _not_a_date(value)
    return _plausible(EXCEL_EPOCH + timedelta(days=int(value)), today)


def _plausible(value: date, today: date):
    # Catches typed years like 2205 or 1925 that would otherwise sit in the plan unnoticed.
    if not date(1990, 1, 1) <= value <= date(today.year + 30, 12, 31):
        return None, f"Check the target date: {value:%d/%m/%Y} is too far in the past or future"
    return value, None


# ---- Status -----------------------------------------------------------------------------------------

_STATUS_WORDS = {
    Status.NOT_STARTED: ("not started", "not yet started", "not commenced", "not begun", "to do", "planned"),
    Status.IN_PROGRESS: (
        "in progress",
        "ongoing",
        "on going",
        "started",
        "on track",
        "underway",
        "under way",
        "in hand",
        "progressing",
        "partially complete",
        "partially completed",
        "partly complete",
        "off track",
        "delayed",
        "behind",
        "overdue",
    ),
    # Verification happens in the system, by someone else: an import can only claim completion.
    Status.AWAITING_VERIFICATION: (
        "complete",
        "completed",
        "done",
        "achieved",
        "verified",
        "closed",
        "finished",
        "met",
        "completed awaiting verification",
        "complete awaiting verification",
        "awaiting verification",
    ),
    Status.NOT_ACHIEVED: ("not achieved", "not met", "not completed", "not complete", "unachieved", "failed"),
    Status.SUPERSEDED: (
        "superseded",
        "no longer applicable",
        "no longer required",
        "not applicable",
        "n a",
        "na",
        "withdrawn",
        "replaced",
    ),
}
_STATUS_LOOKUP = {word: status for status, words in _STATUS_WORDS.items() for word in words}
_STATUS_LOOKUP.update({status.value.replace("_", " "): status for status in Status})

ACCEPTED_STATUSES = "Not started, In progress, Complete, Not achieved or Superseded"


def _words(value: object) -> str:
    return " ".join(re.sub(r"[^\w\s]|_", " ", str(value).lower()).split())


def parse_status(value: object) -> tuple[Status | None, str | None]:
    if is_blank(value):
        return Status.NOT_STARTED, None
    status = _STATUS_LOOKUP.get(_words(value))
    if status is None:
        return None, f"Enter a status of {ACCEPTED_STATUSES} (found {_quote(value)})"
    if status == Status.VERIFIED:
        status = Status.AWAITING_VERIFICATION
    return status, None


# ---- RAG --------------------------------------------------------------------------------------------

_RAG_LOOKUP = {
    "r": Rag.RED,
    "red": Rag.RED,
    "a": Rag.AMBER,
    "amber": Rag.AMBER,
    "g": Rag.GREEN,
    "green": Rag.GREEN,
    "b": BLUE,
    "blue": BLUE,
}


def parse_rag(value: object) -> tuple[Rag | str | None, str | None]:
    """Red, amber, green, blue (BRAG: complete) or None for blank, meaning "let the system work it out"."""
    if is_blank(value):
        return None, None
    words = _words(value).split()
    # "Green - on track" or "Amber (some delay)": the colour comes first.
    rating = _RAG_LOOKUP.get(words[0]) if words else None
    if rating is None or (len(words) > 1 and len(words[0]) == 1):
        return None, (
            f"Enter the RAG rating as Red, Amber, Green or Blue, or leave it blank (found {_quote(value)})"
        )
    return rating, None


# ---- Evidence links ---------------------------------------------------------------------------------

_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_validate_url = URLValidator(schemes=["http", "https"])
LONGEST_URL = 2000


def parse_link(value: object) -> str | None:
    """The single http(s) URL in the evidence text, or None when there is none (or more than one)."""
    if is_blank(value):
        return None
    found = [url.rstrip(".,;:)]}") for url in _URL_IN_TEXT.findall(str(value))]
    if len(set(found)) != 1:
        return None
    url = found[0]
    if len(url) > LONGEST_URL:
        return None
    try:
        _validate_url(url)
    except ValidationError:
        return None
    return url
