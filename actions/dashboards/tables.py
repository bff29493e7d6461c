"""Tables of figures: shown beside every chart, and exported as CSV or XLSX.

Every dashboard figure is a cell of a Table. The same Table renders as the page's data table
(templates/actions/dashboards/table.html), as a CSV file and as a sheet of an XLSX workbook, so what a
board member sees and what they download cannot differ. Cells that name people or children never
appear here: only counts, rates, dates and the names of reviews, agencies and themes.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.http import Http404, HttpResponse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from actions.spreadsheets.writing import DATE_FORMAT, csv_cell, write_text_cell

# Counts from 1 to this many are shown as "fewer than 5" in anything a board can export: with so few
# children, a count can identify them. Zero stays zero: it identifies nobody.
SMALL_NUMBER = 5
SUPPRESSED = f"fewer than {SMALL_NUMBER}"
# A cell hidden only so that a suppressed one cannot be worked out by subtraction (secondary suppression).
WITHHELD = "withheld"


def suppress(value):
    """A count as a board may export it."""
    if isinstance(value, int) and 0 < value < SMALL_NUMBER:
        return SUPPRESSED
    return value


class Cell(NamedTuple):
    value: object
    link: str | None
    numeric: bool  # right-aligned, as GOV.UK tables align numbers

    def html(self, *, header: bool) -> str:
        """The cell as a table cell: the row's first cell is its header (th with scope), as WCAG 2.4.4
        lets a link take its purpose from its row and column headers."""
        if self.link:
            content = format_html('<a class="govuk-link" href="{}">{}</a>', self.link, localize(self.value))
        else:
            content = conditional_escape(localize("\u2013" if self.value is None else self.value))
        if header:
            return format_html('<th scope="row" class="govuk-table__header">{}</th>', content)
        numeric = self.numeric or self.value in (SUPPRESSED, WITHHELD)
        modifier = " govuk-table__cell--numeric" if numeric else ""
        return format_html('<td class="govuk-table__cell{}">{}</td>', modifier, content)


@dataclass
class Table:
    slug: str  # the table's name in URLs and file names: lower case, hyphens
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    # Optional: a URL for each cell (same shape as rows, None where a cell links nowhere), so each figure
    # leads to the records behind it.
    links: list[list] | None = None
    caption: str = ""
    # Suppress small counts (1 to 4) in this table's cells: for tables about children's characteristics.
    small_numbers_suppressed: bool = False
    # Groups of cells, as (row, column) positions, whose sum can be known some other way (answers that
    # together cover every review, say). In such a group one suppressed cell could be worked out from the
    # others, so the smallest other cell is withheld too.
    known_sums: list[list[tuple[int, int]]] = field(default_factory=list)

    def shown(self, row: int, column: int):
        """A cell as it may be shown and exported."""
        value = self.rows[row][column]
        if not self.small_numbers_suppressed:
            return value
        if (row, column) in self._withheld():
            return WITHHELD
        return suppress(value)

    def _withheld(self) -> set:
        if "_withheld_cells" not in self.__dict__:
            self._withheld_cells = withheld_cells(self.rows, self.known_sums)
        return self._withheld_cells

    def columns(self):
        """(header, numeric) for each column: numbers are right-aligned, words are not."""
        return [
            (
                header,
                any(
                    isinstance(row[c], int | float) and not isinstance(row[c], bool)
                    for row in self.rows
                    if c < len(row)
                ),
            )
            for c, header in enumerate(self.headers)
        ]

    def cells(self):
        """Rows of Cells for the template. A suppressed or withheld cell links nowhere: the records
        behind it would show the count."""
        links = self.links or [[None] * len(row) for row in self.rows]
        for r, (row, row_links) in enumerate(zip(self.rows, links, strict=True)):
            cells = []
            for c, link in enumerate(row_links):
                shown = self.shown(r, c)
                cells.append(
                    Cell(
                        value=shown,
                        link=link if shown == row[c] else None,
                        numeric=isinstance(row[c], int | float) and not isinstance(row[c], bool),
                    )
                )
            yield cells

    def body_html(self) -> str:
        """The body's rows as HTML. Built here rather than cell by cell in the template: for a table of
        a few hundred rows the template engine took longer than the database (bench/latency.py)."""
        return mark_safe(  # noqa: S308 - every piece comes from format_html, which escapes
            "".join(
                '<tr class="govuk-table__row">'
                + "".join(cell.html(header=c == 0) for c, cell in enumerate(row))
                + "</tr>"
                for row in self.cells()
            )
        )

    def export_rows(self):
        for r, row in enumerate(self.rows):
            yield [self.shown(r, c) for c in range(len(row))]


def _is_small(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALL_NUMBER


def withheld_cells(rows, known_sums) -> set:
    """Secondary suppression: in every group with a known sum, at least two cells hidden or none.

    Repeated until nothing changes, as withholding a cell of one group can leave another group with a
    single hidden cell.
    """
    withheld: set = set()
    changed = True
    while changed:
        changed = False
        for group in known_sums:
            hidden = [cell for cell in group if _is_small(rows[cell[0]][cell[1]]) or cell in withheld]
            if len(hidden) != 1:
                continue
            others = [cell for cell in group if cell not in hidden]
            if others:
                withheld.add(min(others, key=lambda cell: (rows[cell[0]][cell[1]] or 0, cell)))
                changed = True
    return withheld


def table_csv(table: Table) -> bytes:
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.export_rows():
        writer.writerow([csv_cell(value) for value in row])
    return output.getvalue().encode("utf-8-sig")


def tables_xlsx(tables: list[Table], *, title: str) -> bytes:
    """One sheet per table, each with the title, the table's own title and its header row."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, workbook.sheetnames))
        write_text_cell(sheet.cell(row=1, column=1), title).font = Font(bold=True, size=14)
        write_text_cell(sheet.cell(row=2, column=1), table.title).font = Font(bold=True)
        if table.small_numbers_suppressed:
            write_text_cell(
                sheet.cell(row=3, column=1),
                f"Counts from 1 to {SMALL_NUMBER - 1} are shown as {SUPPRESSED!r}"
                + (
                    f"; {WITHHELD!r} hides another where a total would give one away."
                    if table.known_sums
                    else "."
                ),
            )
        header_row = 5
        for column, header in enumerate(table.headers, start=1):
            write_text_cell(sheet.cell(row=header_row, column=column), header).font = Font(bold=True)
            sheet.column_dimensions[get_column_letter(column)].width = max(12, min(60, len(header) + 4))
        for row_number, row in enumerate(table.export_rows(), start=header_row + 1):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column)
                if isinstance(value, bool) or value is None:
                    write_text_cell(cell, "" if value is None else ("Yes" if value else "No"))
                elif isinstance(value, int | float):
                    cell.value = value
                elif isinstance(value, date):
                    cell.value = value
                    cell.number_format = DATE_FORMAT
                else:
                    write_text_cell(cell, str(value))
        sheet.freeze_panes = f"A{header_row + 1}"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _sheet_name(title: str, taken: list[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique in the workbook.
    base = re.sub(r"[\[\]:*?/\\]", " ", title)[:28].strip() or "Table"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base[:25]} ({n})"
    return name


def export_response(request, tables: list[Table], *, title: str, filename_stem: str) -> HttpResponse | None:
    """The download a page's `?format=` asks for, or None for the page itself.

    `?format=xlsx` gives every table, one sheet each; `?format=csv&table=<slug>` gives one table.
    An unknown format or table answers 404.
    """
    wanted = request.GET.get("format")
    if not wanted:
        return None
    if wanted == "xlsx":
        content = tables_xlsx(tables, title=title)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        filename = f"{filename_stem}.xlsx"
    elif wanted == "csv":
        table = next((t for t in tables if t.slug == request.GET.get("table")), None)
        if table is None:
            raise Http404("No such table.")
        content = table_csv(table)
        content_type = "text/csv; charset=utf-8"
        filename = f"{filename_stem}-{table.slug}.csv"
    else:
        raise Http404("No such format.")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    shown: object  # the value as shown (suppressed where the table suppresses)
    percent: float  # of the largest bar, for the bar's length
    y: int  # the bar's row in the SVG, in pixels


BAR_HEIGHT = 28


def chart_bars(table: Table, *, label_column: int = 0, value_column: int = 1) -> list[Bar]:
    """Horizontal bars for one column of a table, drawn by templates/actions/dashboards/bar_chart.html."""
    # A bar's length would show a suppressed or withheld count: such a bar is drawn empty.
    values = [
        (row[value_column] or 0) if table.shown(index, value_column) == row[value_column] else 0
        for index, row in enumerate(table.rows)
    ]
    largest = max(values, default=0) or 1
    return [
        Bar(
            label=str(row[label_column]),
            value=value,
            shown=table.shown(index, value_column),
            percent=round(100 * value / largest, 1),
            y=index * BAR_HEIGHT,
        )
        for index, (row, value) in enumerate(zip(table.rows, values, strict=True))
    ]
