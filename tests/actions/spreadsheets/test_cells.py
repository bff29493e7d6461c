from datetime import date, datetime

import pytest

from actions.models import Rag, Status
from actions.spreadsheets.cells import (
    BLUE,
    parse_date,
    parse_link,
    parse_rag,
    parse_recommendation_numbers,
    parse_status,
)

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("value", "numbers"),
    [
        ("R1, 3 & 4", [1, 3, 4]),
        ("Rec 2", [2]),
        ("Recommendation 1 and 2", [1, 2]),
        ("Rec. no. 2", [2]),
        ("R1/R2", [1, 2]),
        ("1; 2", [1, 2]),
        ("1-3", [1, 2, 3]),
        ("2, 2", [2]),
        (3, [3]),
        (3.0, [3]),
        ("3.0", [3]),
        ("#5", [5]),
    ],
)
def test_recommendation_numbers_accepted(value, numbers):
    assert parse_recommendation_numbers(value) == (numbers, None)


@pytest.mark.parametrize("value", ["2a", "1.2", 2.5, 0, "0", "see above", "R", "3-1"])
def test_recommendation_numbers_refused(value):
    numbers, message = parse_recommendation_numbers(value)
    assert numbers == []
    assert message.startswith("Enter")
    assert "whole number" in message or "like 3" in message


@pytest.mark.parametrize("value", [None, "", "   "])
def test_blank_recommendation_number(value):
    assert parse_recommendation_numbers(value) == ([], "Enter the recommendation number")


def test_refusal_quotes_what_was_found():
    assert "(found '2a')" in parse_recommendation_numbers("2a")[1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 3, 31), date(2025, 3, 31)),
        (datetime(2025, 3, 31, 0, 0), date(2025, 3, 31)),
        ("31/03/2025", date(2025, 3, 31)),
        ("31.03.2025", date(2025, 3, 31)),
        ("31-03-2025", date(2025, 3, 31)),
        ("31/03/25", date(2025, 3, 31)),
        ("2025-03-31", date(2025, 3, 31)),
        ("2025-03-31 00:00:00", date(2025, 3, 31)),
        ("31 March 2025", date(2025, 3, 31)),
        ("31 Mar 2025", date(2025, 3, 31)),
        ("1st April 2026", date(2026, 4, 1)),
        ("March 2025", date(2025, 3, 31)),
        ("Mar-25", date(2025, 3, 31)),
        ("Mar 2025", date(2025, 3, 31)),
        ("February 2028", date(2028, 2, 29)),
        ("Sept 2025", date(2025, 9, 30)),
        ("End of March 2026", date(2026, 3, 31)),
        (45747, date(2025, 3, 31)),
        (45747.75, date(2025, 3, 31)),
        ("45747", date(2025, 3, 31)),
        ("01/02/2025", date(2025, 2, 1)),  # Day first, always.
    ],
)
def test_dates_accepted(value, expected):
    assert parse_date(value, today=TODAY) == (expected, None)


@pytest.mark.parametrize("value", ["Ongoing", "TBC", "Q3 2025", "Smarch 2025", True, 12, 99999])
def test_words_and_odd_numbers_are_not_dates(value):
    found, message = parse_date(value, today=TODAY)
    assert found is None
    assert message.startswith("Enter the target date as a date, like 31/03/2025 (found ")


def test_the_message_quotes_the_word_found():
    assert parse_date("Ongoing", today=TODAY) == (
        None,
        "Enter the target date as a date, like 31/03/2025 (found 'Ongoing')",
    )


@pytest.mark.parametrize("value", ["31/02/2025", "32/01/2025", "12/13/2025", "2025-02-30"])
def test_impossible_dates(value):
    found, message = parse_date(value, today=TODAY)
    assert found is None
    assert "is not a real date" in message


@pytest.mark.parametrize("value", ["31/03/1925", date(2205, 3, 31)])
def test_implausible_years(value):
    found, message = parse_date(value, today=TODAY)
    assert found is None
    assert "too far in the past or future" in message


@pytest.mark.parametrize("value", [None, "", "  "])
def test_blank_date(value):
    assert parse_date(value, today=TODAY) == (None, "Enter the target date")


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("Not started", Status.NOT_STARTED),
        ("", Status.NOT_STARTED),
        (None, Status.NOT_STARTED),
        ("In progress", Status.IN_PROGRESS),
        ("ONGOING", Status.IN_PROGRESS),
        ("Started", Status.IN_PROGRESS),
        ("On track", Status.IN_PROGRESS),
        ("Complete", Status.AWAITING_VERIFICATION),
        ("Completed", Status.AWAITING_VERIFICATION),
        ("Done", Status.AWAITING_VERIFICATION),
        ("Achieved", Status.AWAITING_VERIFICATION),
        ("Closed", Status.AWAITING_VERIFICATION),
        ("Completed – awaiting verification", Status.AWAITING_VERIFICATION),
        # Verification happens in the system, never by import.
        ("Verified", Status.AWAITING_VERIFICATION),
        ("Not achieved", Status.NOT_ACHIEVED),
        ("Not met", Status.NOT_ACHIEVED),
        ("Superseded", Status.SUPERSEDED),
        ("No longer applicable", Status.SUPERSEDED),
        ("N/A", Status.SUPERSEDED),
    ],
)
def test_statuses_accepted(value, status):
    assert parse_status(value) == (status, None)


def test_unknown_status_lists_the_accepted_words():
    assert parse_status("Parked") == (
        None,
        "Enter a status of Not started, In progress, Complete, Not achieved or Superseded (found 'Parked')",
    )


@pytest.mark.parametrize(
    ("value", "rating"),
    [
        ("R", Rag.RED),
        ("red", Rag.RED),
        ("A", Rag.AMBER),
        ("Amber", Rag.AMBER),
        ("g", Rag.GREEN),
        ("Green - on track", Rag.GREEN),
        ("B", BLUE),
        ("Blue", BLUE),
        ("", None),
        (None, None),
    ],
)
def test_rag_accepted(value, rating):
    assert parse_rag(value) == (rating, None)


@pytest.mark.parametrize("value", ["Purple", "X", "A B", "RAG"])
def test_rag_refused(value):
    rating, message = parse_rag(value)
    assert rating is None
    assert message.startswith("Enter the RAG rating as Red, Amber, Green or Blue")


@pytest.mark.parametrize(
    ("value", "link"),
    [
        ("https://intranet.example.org/audit.pdf", "https://intranet.example.org/audit.pdf"),
        ("Audit report: https://example.org/a.pdf.", "https://example.org/a.pdf"),
        ("(see http://example.org/minutes)", "http://example.org/minutes"),
        ("Audit report, March", None),
        ("https://example.org/a and https://example.org/b", None),
        ("ftp://example.org/file", None),
        ("http://not a url", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_link(value, link):
    assert parse_link(value) == link
