import pytest

from actions.spreadsheets.columns import Column, column_for_header, match_header, normalise_header


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Recommendation no.", Column.RECOMMENDATION),
        ("Rec No", Column.RECOMMENDATION),
        ("Rec. number", Column.RECOMMENDATION),
        ("Recommendation", Column.RECOMMENDATION),
        ("Action no", Column.ACTION_NUMBER),
        ("Ref", Column.ACTION_NUMBER),
        ("Action", Column.ACTION),
        ("Actions", Column.ACTION),
        ("Action to be taken", Column.ACTION),
        ("Lead agency", Column.LEAD_AGENCY),
        ("Agency", Column.LEAD_AGENCY),
        ("Lead officer", Column.LEAD_OFFICER),
        ("Lead", Column.LEAD_OFFICER),
        ("Responsible officer", Column.LEAD_OFFICER),
        ("Owner", Column.LEAD_OFFICER),
        ("Target date", Column.TARGET_DATE),
        ("Timescale", Column.TARGET_DATE),
        ("Deadline", Column.TARGET_DATE),
        ("By when?", Column.TARGET_DATE),
        ("Completion date", Column.TARGET_DATE),
        ("Status", Column.STATUS),
        ("RAG", Column.RAG),
        ("RAG status", Column.RAG),
        ("RAG rating", Column.RAG),
        ("BRAG", Column.RAG),
        ("Progress", Column.PROGRESS),
        ("Progress update", Column.PROGRESS),
        ("Update", Column.PROGRESS),
        ("Evidence", Column.EVIDENCE),
        ("Evidence of completion", Column.EVIDENCE),
        ("Evidence of impact", Column.EVIDENCE),
    ],
)
def test_real_plan_headers_are_recognised(header, column):
    assert column_for_header(header) == column


@pytest.mark.parametrize(
    "header",
    [
        "  TARGET   DATE ",
        "target-date",
        "Target date (dd/mm/yyyy)",
        "Target date [see note 2]",
        "target_date",
    ],
)
def test_case_punctuation_spacing_and_bracketed_notes_are_ignored(header):
    assert column_for_header(header) == Column.TARGET_DATE


def test_normalise_header_keeps_the_words():
    assert normalise_header("Rec. number (see tab 2)") == "rec number"
    assert normalise_header(None) == ""


@pytest.mark.parametrize("header", ["Milestones", "Success measure", "", None, "Date"])
def test_other_headers_are_not_guessed(header):
    assert column_for_header(header) is None


def test_match_header_gives_positions_unknowns_and_missing_columns():
    match = match_header(["Rec No", None, "Actions", "Success measure", "Status", "RAG rating"])

    assert match.columns == {Column.RECOMMENDATION: 0, Column.ACTION: 2, Column.STATUS: 4, Column.RAG: 5}
    assert match.unknown == ["Success measure"]
    assert match.missing_required == [Column.TARGET_DATE]
    assert not match.is_complete


def test_a_repeated_column_keeps_the_first_and_reports_the_second():
    match = match_header(["Recommendation", "Action", "Target date", "Timescale"])

    assert match.columns[Column.TARGET_DATE] == 2
    assert match.unknown == ["Timescale"]
    assert match.is_complete


def test_every_column_has_a_label():
    assert [column.label for column in Column][:3] == ["Recommendation no.", "Action no.", "Action"]
