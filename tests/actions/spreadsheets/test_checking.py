from datetime import date, datetime

import pytest

from actions.models import Rag, Status
from actions.spreadsheets.checking import (
    CheckResult,
    ImportContext,
    PlannedAction,
    RowError,
    check_rows,
    normalise_name,
)
from actions.spreadsheets.columns import Column
from actions.spreadsheets.reading import SourceRow, Table

POLICE, CSC = 10, 20
OFFICER_A, OFFICER_B = 1, 2
TODAY = date(2025, 6, 1)
LINK = "https://intranet.example.org/audit.pdf"


def make_context(**changes) -> ImportContext:
    values = {
        "recommendation_ids": {number: 100 + number for number in range(1, 9)},
        "agencies": {
            normalise_name("Northshire Police"): POLICE,
            normalise_name("Police"): POLICE,
            normalise_name("Northshire CSC"): CSC,
        },
        "default_agency_id": POLICE,
        "agency_names": {POLICE: "Northshire Police", CSC: "Northshire CSC"},
        "members": {
            POLICE: {
                normalise_name("Officer A"): OFFICER_A,
                normalise_name("a.officer@example.org"): OFFICER_A,
            },
            CSC: {normalise_name("Officer B"): OFFICER_B},
        },
        "existing_numbers": {POLICE: {"1.1"}},
        "today": TODAY,
    }
    values.update(changes)
    return ImportContext(**values)


def row(row_number: int, **values) -> SourceRow:
    defaults = {"RECOMMENDATION": "1", "ACTION": "Audit neglect cases", "TARGET_DATE": "31/03/2026"}
    defaults.update(values)
    return SourceRow(row_number, {Column[name]: value for name, value in defaults.items()})


def check(*rows: SourceRow, context: ImportContext | None = None, **options) -> CheckResult:
    return check_rows(Table(rows=list(rows), header_row=1), context or make_context(), **options)


def only_error(*rows: SourceRow, **options) -> RowError:
    result = check(*rows, **options)
    assert result.planned == []
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def test_happy_path():
    result = check(
        row(
            2,
            RECOMMENDATION="R2 & 3",
            ACTION_NUMBER="2.1",
            ACTION="  Audit neglect cases  ",
            LEAD_AGENCY="northshire  csc",
            LEAD_OFFICER="OFFICER B",
            TARGET_DATE=datetime(2026, 3, 31),
            STATUS="Complete",
            RAG="Green",
            PROGRESS="Audit done in May.",
            EVIDENCE=f"Audit report {LINK}",
        ),
        row(3, LEAD_OFFICER="a.officer@example.org", STATUS=None, RAG=None),
    )

    assert result.errors == []
    assert result.is_clean
    assert result.planned == [
        PlannedAction(
            row_number=2,
            agency_id=CSC,
            number="2.1",
            recommendation_ids=[102, 103],
            description="Audit neglect cases",
            owner_id=OFFICER_B,
            target_date=date(2026, 3, 31),
            status=Status.AWAITING_VERIFICATION,
            rag=Rag.GREEN,
            progress="Audit done in May.",
            evidence_link=LINK,
            evidence_note=f"Audit report {LINK}",
        ),
        PlannedAction(
            row_number=3,
            agency_id=POLICE,
            number="1.2",  # 1.1 is already in the police plan.
            recommendation_ids=[101],
            description="Audit neglect cases",
            owner_id=OFFICER_A,
            target_date=date(2026, 3, 31),
            status=Status.NOT_STARTED,
            rag=None,
            progress="",
            evidence_link="",
            evidence_note="",
        ),
    ]


def test_a_bare_link_leaves_no_note_and_a_note_without_a_link_is_kept():
    result = check(
        row(2, STATUS="Done", EVIDENCE=LINK),
        row(3, STATUS="In progress", EVIDENCE="Minutes of the May meeting"),
    )
    assert [(p.evidence_link, p.evidence_note) for p in result.planned] == [
        (LINK, ""),
        ("", "Minutes of the May meeting"),
    ]


def test_missing_action():
    assert only_error(row(7, ACTION="   ")) == RowError(7, "Action", "Row 7: enter the action")


def test_action_too_long():
    error = only_error(row(8, ACTION="x" * 5_001))
    assert error.message == "Row 8: the action is 5,001 characters long - shorten it to 5,000 or fewer"


def test_missing_recommendation():
    assert only_error(row(4, RECOMMENDATION=None)) == RowError(
        4, "Recommendation no.", "Row 4: enter the recommendation number"
    )


def test_badly_written_recommendation():
    error = only_error(row(4, RECOMMENDATION="2a"))
    assert error.message.startswith("Row 4: enter recommendation numbers as whole numbers")


def test_unknown_recommendation():
    error = only_error(row(9, RECOMMENDATION="12"))
    assert error.message == "Row 9: recommendation 12 is not one of this review's recommendations (1 to 8)"


def test_several_unknown_recommendations_and_a_gappy_list():
    context = make_context(recommendation_ids={1: 101, 2: 102, 5: 105})
    error = only_error(row(9, RECOMMENDATION="3, 4"), context=context)
    assert error.message == (
        "Row 9: recommendations 3 and 4 are not among this review's recommendations (1, 2, 5)"
    )


def test_review_without_recommendations():
    error = only_error(row(9), context=make_context(recommendation_ids={}))
    assert error.message == "Row 9: recommendation 1 does not exist: this review has no recommendations yet"


def test_unknown_officer():
    error = only_error(row(10, LEAD_OFFICER="Officer Z"))
    assert error == RowError(
        10,
        "Lead officer",
        "Row 10: no one called 'Officer Z' works for Northshire Police in this system - "
        "add them first or leave the lead officer blank",
    )


def test_officer_from_another_agency():
    error = only_error(row(10, LEAD_AGENCY="Police", LEAD_OFFICER="Officer B"))
    assert "no one called 'Officer B' works for Northshire Police" in error.message


def test_agency_the_importer_cannot_use():
    error = only_error(row(11, LEAD_AGENCY="Eastshire Police", LEAD_OFFICER="Officer A"))
    assert error == RowError(
        11,
        "Lead agency",
        "Row 11: 'Eastshire Police' is not an agency you can import actions for "
        "(Northshire CSC, Northshire Police)",
    )


def test_blank_agency_without_a_default():
    error = only_error(row(11), context=make_context(default_agency_id=None))
    assert error.message == "Row 11: enter the lead agency (Northshire CSC, Northshire Police)"


def test_complete_without_a_link():
    error = only_error(row(12, STATUS="Complete", EVIDENCE="Audit report on the shared drive"))
    assert error == RowError(
        12,
        "Evidence",
        "Row 12: the status is Complete but there is no link to evidence in the evidence column: "
        "completion needs evidence. Give one link, or import it as In progress and upload the evidence "
        "afterwards",
    )


def test_complete_with_two_links():
    error = only_error(row(12, STATUS="Done", EVIDENCE=f"{LINK} and https://example.org/b"))
    assert error.message.startswith(
        "Row 12: the status is Done but the evidence column has more than one link, "
        "or a link that is not valid"
    )


def test_blue_with_an_unfinished_status():
    error = only_error(row(13, STATUS="In progress", RAG="Blue"))
    assert error == RowError(13, "RAG", "Row 13: Blue means complete, but the status is In progress")


def test_blue_with_a_blank_status_means_complete_and_the_system_computes_the_rating():
    result = check(row(13, RAG="B", EVIDENCE=LINK))
    assert result.errors == []
    assert (result.planned[0].status, result.planned[0].rag) == (Status.AWAITING_VERIFICATION, None)


def test_blue_with_a_blank_status_still_needs_evidence():
    error = only_error(row(13, RAG="Blue"))
    assert "completion needs evidence" in error.message


def test_date_status_and_rag_errors_are_reported_per_column():
    result = check(row(14, TARGET_DATE="Ongoing", STATUS="Parked", RAG="Purple"))
    assert [(error.column_label, error.message) for error in result.errors] == [
        ("Target date", "Row 14: enter the target date as a date, like 31/03/2025 (found 'Ongoing')"),
        (
            "Status",
            "Row 14: enter a status of Not started, In progress, Complete, Not achieved or Superseded "
            "(found 'Parked')",
        ),
        (
            "RAG",
            "Row 14: enter the RAG rating as Red, Amber, Green or Blue, or leave it blank (found 'Purple')",
        ),
    ]


def test_impossible_date():
    error = only_error(row(15, TARGET_DATE="31/02/2025"))
    assert error.message.startswith("Row 15: the target date '31/02/2025' is not a real date")


def test_number_already_in_the_plan():
    error = only_error(row(16, ACTION_NUMBER="1.1"))
    assert error == RowError(
        16,
        "Action no.",
        "Row 16: Northshire Police's plan already has an action 1.1 - give this action another number, "
        "or leave the action number blank to number it automatically",
    )


def test_number_used_twice_in_the_sheet():
    result = check(row(2, ACTION_NUMBER="3.1"), row(3, ACTION_NUMBER=" 3.1 "))
    assert result.planned == []
    assert [error.message for error in result.errors] == [
        "Row 3: action number 3.1 for Northshire Police is already used on row 2 - "
        "give each action its own number"
    ]


def test_the_same_number_in_two_agencies_is_fine():
    result = check(row(2, ACTION_NUMBER="3.1"), row(3, ACTION_NUMBER="3.1", LEAD_AGENCY="Northshire CSC"))
    assert result.errors == []


def test_number_too_long():
    error = only_error(row(2, ACTION_NUMBER="1.2.3.4.5.6.7.8"))
    assert (
        error.message == "Row 2: the action number '1.2.3.4.5.6.7.8' is too long: use 12 characters or fewer"
    )


@pytest.mark.parametrize(("cell", "number"), [(2.1, "2.1"), (3.0, "3"), (4, "4"), ("2.10", "2.10")])
def test_numbers_typed_as_numbers(cell, number):
    assert check(row(2, ACTION_NUMBER=cell)).planned[0].number == number


def test_generated_numbers_skip_existing_and_explicit_ones_and_count_per_agency():
    context = make_context(existing_numbers={POLICE: {"1.1", "1.3"}})
    result = check(
        row(2),
        row(3),
        row(4, RECOMMENDATION="2, 1"),
        row(5, LEAD_AGENCY="Northshire CSC"),
        row(6),
        row(7, ACTION_NUMBER="1.5"),  # Further down, but its number is kept free.
        row(8),
        context=context,
    )
    assert result.errors == []
    assert [(p.row_number, p.agency_id, p.number) for p in result.planned] == [
        (2, POLICE, "1.2"),
        (3, POLICE, "1.4"),
        (4, POLICE, "2.1"),
        (5, CSC, "1.1"),
        (6, POLICE, "1.6"),
        (7, POLICE, "1.5"),
        (8, POLICE, "1.7"),
    ]


def test_any_error_means_nothing_is_planned():
    result = check(row(2), row(3, ACTION=None))
    assert result.planned == []
    assert not result.is_clean


def test_errors_come_in_row_order_with_several_per_row():
    result = check(row(5, ACTION=None, TARGET_DATE=None), row(3, RECOMMENDATION=None))
    assert [(error.row_number, error.column_label) for error in result.errors] == [
        (3, "Recommendation no."),
        (5, "Action"),
        (5, "Target date"),
    ]


def test_progress_is_reported_every_so_often_and_at_the_end():
    seen = []
    check(*[row(n) for n in range(2, 12)], on_progress=seen.append, progress_every=4)
    assert seen == [4, 8, 10]


def test_normalise_name():
    assert normalise_name("  Northshire   POLICE. ") == "northshire police"
    assert normalise_name(None) == ""


def test_five_thousand_rows_check_in_one_pass():
    rows = [
        row(
            n,
            RECOMMENDATION=str(n % 8 + 1),
            LEAD_AGENCY="Northshire CSC" if n % 2 else None,
            STATUS="In progress",
        )
        for n in range(2, 5_002)
    ]
    calls = []
    result = check(*rows, on_progress=calls.append)
    assert result.errors == []
    assert len(result.planned) == 5_000
    assert len({(p.agency_id, p.number) for p in result.planned}) == 5_000
    assert calls[-1] == 5_000
    assert len(calls) == 21
