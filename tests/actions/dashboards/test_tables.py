"""Tables of figures: small numbers suppressed where asked, exports safe from formulas, charts to scale."""

import datetime
import io

import pytest
from django.http import Http404
from django.test import RequestFactory
from openpyxl import load_workbook

from actions.dashboards.tables import (
    SUPPRESSED,
    WITHHELD,
    Table,
    chart_bars,
    export_response,
    suppress,
    table_csv,
    tables_xlsx,
    withheld_cells,
)


def themes(suppressed=False):
    return Table(
        slug="themes",
        title="Reviews by theme",
        headers=["Theme", "Reviews"],
        rows=[["Neglect", 12], ['=HYPERLINK("http://x")', 3], ["Drift", 0]],
        small_numbers_suppressed=suppressed,
    )


@pytest.mark.parametrize(
    ("value", "shown"), [(0, 0), (1, SUPPRESSED), (4, SUPPRESSED), (5, 5), ("Neglect", "Neglect")]
)
def test_small_counts_are_suppressed_and_zero_is_not(value, shown):
    assert suppress(value) == shown


def test_a_suppressing_table_suppresses_on_the_page_and_in_exports():
    table = themes(suppressed=True)

    assert list(table.cells())[1][1].value == SUPPRESSED
    assert SUPPRESSED in table_csv(table).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(tables_xlsx([table], title="Themes"))).active
    assert SUPPRESSED in [cell.value for row in sheet.iter_rows() for cell in row]


def test_a_table_that_does_not_suppress_shows_every_count():
    assert "\r\n" + '"\'=HYPERLINK(""http://x"")",3' in table_csv(themes()).decode("utf-8-sig")


def test_exports_never_carry_a_formula():
    workbook = load_workbook(io.BytesIO(tables_xlsx([themes()], title="Themes")))
    cells = [cell for row in workbook.active.iter_rows() for cell in row if cell.value is not None]

    assert all(cell.data_type != "f" for cell in cells)
    assert any(cell.value == '=HYPERLINK("http://x")' and cell.quotePrefix for cell in cells)
    assert table_csv(themes()).decode("utf-8-sig").count("'=HYPERLINK") == 1


def test_every_table_is_a_sheet_and_dates_stay_dates():
    dated = Table(
        slug="trend",
        title="Verified by month",
        headers=["Month", "Verified"],
        rows=[[datetime.date(2026, 1, 1), 4]],
    )
    workbook = load_workbook(io.BytesIO(tables_xlsx([themes(), dated, dated], title="Dashboard")))

    assert workbook.sheetnames == ["Reviews by theme", "Verified by month", "Verified by month (2)"]
    assert workbook["Verified by month"]["A6"].value == datetime.datetime(2026, 1, 1)


def test_bars_are_drawn_to_the_largest_value():
    bars = chart_bars(themes())

    assert [(bar.label, bar.percent, bar.y) for bar in bars] == [
        ("Neglect", 100.0, 0),
        ('=HYPERLINK("http://x")', 25.0, 28),
        ("Drift", 0.0, 56),
    ]


def test_the_download_is_the_table_asked_for():
    request = RequestFactory().get("/dashboard/", {"format": "csv", "table": "themes"})

    response = export_response(request, [themes()], title="Dashboard", filename_stem="dashboard-2026")

    assert response["Content-Disposition"] == 'attachment; filename="dashboard-2026-themes.csv"'
    assert response.content.decode("utf-8-sig").startswith("Theme,Reviews\r\n")


@pytest.mark.parametrize("query", [{"format": "pdf"}, {"format": "csv", "table": "nope"}, {"format": "csv"}])
def test_an_unknown_format_or_table_is_not_found(query):
    with pytest.raises(Http404):
        export_response(RequestFactory().get("/dashboard/", query), [themes()], title="D", filename_stem="d")


def test_no_format_means_the_page_itself():
    assert (
        export_response(RequestFactory().get("/dashboard/"), [themes()], title="D", filename_stem="d") is None
    )


def answers(counts, links=None):
    return Table(
        slug="age",
        title="Age of the child",
        headers=["Age band", "Reviews"],
        rows=[[f"Band {n}", count] for n, count in enumerate(counts)],
        links=links,
        small_numbers_suppressed=True,
        known_sums=[[(row, 1) for row in range(len(counts))]],
    )


def shown_column(table):
    return [row[1] for row in table.export_rows()]


def test_a_lone_suppressed_cell_of_a_known_sum_has_the_smallest_other_withheld():
    # 30 reviews in all: with only the 2 hidden, 30 - 12 - 9 - 7 would give it away.
    assert shown_column(answers([12, 2, 9, 7])) == [12, SUPPRESSED, 9, WITHHELD]


def test_two_suppressed_cells_protect_each_other():
    assert shown_column(answers([12, 2, 9, 3])) == [12, SUPPRESSED, 9, SUPPRESSED]


def test_a_zero_can_be_withheld_but_is_never_called_small():
    assert shown_column(answers([12, 2, 0])) == [12, SUPPRESSED, WITHHELD]


def test_nothing_small_means_nothing_withheld():
    assert shown_column(answers([12, 0, 9])) == [12, 0, 9]


def test_withholding_carries_across_overlapping_groups():
    # Rows and columns of a two-by-two table both add up to known totals.
    rows = [["A", 2, 10], ["B", 20, 30]]
    groups = [[(0, 1), (0, 2)], [(1, 1), (1, 2)], [(0, 1), (1, 1)], [(0, 2), (1, 2)]]

    assert withheld_cells(rows, groups) == {(0, 2), (1, 1), (1, 2)}


def test_hidden_cells_link_nowhere_and_draw_no_bar():
    table = answers([12, 2, 9, 7], links=[[None, f"/reviews/?band={n}"] for n in range(4)])

    links = [row[1].link for row in table.cells()]
    bars = chart_bars(table)

    assert links == ["/reviews/?band=0", None, "/reviews/?band=2", None]
    assert [(bar.shown, bar.percent) for bar in bars] == [
        (12, 100.0),
        (SUPPRESSED, 0.0),
        (9, 75.0),
        (WITHHELD, 0.0),
    ]
    assert WITHHELD in table_csv(table).decode("utf-8-sig")


def test_numbers_are_right_aligned_and_words_are_not():
    table = Table(
        slug="t", title="T", headers=["Year", "Deadline", "On time"], rows=[[2024, "Rapid review", 3]]
    )

    assert table.columns() == [("Year", True), ("Deadline", False), ("On time", True)]
    assert [cell.numeric for cell in next(table.cells())] == [True, False, True]
