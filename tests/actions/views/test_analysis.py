"""The timeliness and themes dashboards: pages, filters, downloads, visibility and query counts."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from actions.dashboards.tables import SUPPRESSED
from agencies.models import AccessEvent, AccessLogEntry
from reviews.models import Theme
from tests.conftest import sign_in
from tests.factories import CaseCodingFactory, FindingFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def more_reviews(world, how_many):
    for index in range(how_many):
        review = ReviewFactory(
            partnership=world.north,
            undated=True,
            aware_on=datetime.date(2020 + index % 4, 3, 1),
            notified_on=datetime.date(2020 + index % 4, 3, 9),
        )
        CaseCodingFactory(review=review)
        FindingFactory(review=review, themes=[Theme.objects.get(slug="drift")])


def csv_lines(response):
    return (
        b"".join(response.streaming_content if response.streaming else [response.content])
        .decode("utf-8-sig")
        .splitlines()
    )


def sheet_values(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return {
        sheet.title: [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
        for sheet in workbook.worksheets
    }


# --- Timeliness ---------------------------------------------------------------------------------------


def test_timeliness_shows_the_table_the_chart_and_links_to_the_register(client, world, board_member):
    sign_in(client, board_member)

    response = client.get(reverse("timeliness"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Statutory deadlines met on time, by year" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert "2024 Notification" in html and "100.0%" in html
    assert 'href="/reviews/?year=2024"' in html
    assert 'href="/dashboard/timeliness/?format=xlsx"' in html
    assert 'href="/dashboard/timeliness/?format=csv&amp;table=timeliness"' in html


def test_timeliness_filters_by_kind_and_keeps_the_filter_in_links(client, world, board_member):
    sign_in(client, board_member)

    response = client.get(reverse("timeliness"), {"kind": "rapid_review"})

    html = response.content.decode()
    assert 'href="/reviews/?year=2024&amp;kind=rapid_review"' in html
    assert "2024 Rapid review sent" not in html  # review B's rapid review is still to be sent
    assert 'href="/dashboard/timeliness/?kind=rapid_review&amp;format=xlsx"' in html


def test_timeliness_refuses_an_unknown_kind_politely(client, world, board_member):
    sign_in(client, board_member)

    response = client.get(reverse("timeliness"), {"kind": "gossip", "format": "xlsx"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Timeliness" in html
    assert "Choose a kind of review from the list" in html
    assert 'id="table-timeliness"' not in html
    assert not AccessLogEntry.objects.exists()


def test_timeliness_downloads_as_csv_and_xlsx_and_logs_the_export(client, world, board_member):
    sign_in(client, board_member)

    as_csv = client.get(reverse("timeliness"), {"format": "csv", "table": "timeliness"})
    as_xlsx = client.get(reverse("timeliness"), {"format": "xlsx"})

    assert as_csv["Content-Disposition"] == 'attachment; filename="timeliness-timeliness.csv"'
    assert csv_lines(as_csv) == [
        "Year,Deadline,Met on time,Met late,Share on time (%)",
        "2024,Notification,2,0,100.0",
        "2024,Rapid review sent,1,0,100.0",
    ]
    assert as_xlsx["Content-Disposition"] == 'attachment; filename="timeliness.xlsx"'
    assert "Notification" in next(iter(sheet_values(as_xlsx).values()))
    logged = AccessLogEntry.objects.filter(user=board_member, event=AccessEvent.EXPORTED)
    assert [entry.object_id for entry in logged] == [world.north.pk, world.north.pk]


def test_timeliness_counts_nothing_of_another_partnership(client, world, outsider, no_roles):
    sign_in(client, outsider)
    outsiders = csv_lines(client.get(reverse("timeliness"), {"format": "csv", "table": "timeliness"}))
    sign_in(client, no_roles)
    nobodys = client.get(reverse("timeliness"))

    # Review S alone: one notification, not North's two.
    assert outsiders[1] == "2024,Notification,1,0,100.0"
    assert "Nothing to show for these filters." in nobodys.content.decode()


def test_timeliness_queries_do_not_grow_with_reviews(client, world, board_member):
    sign_in(client, board_member)
    client.get(reverse("timeliness"))  # the session's first queries are not the page's
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("timeliness"))
    more_reviews(world, 12)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("timeliness"))

    assert "2021 Notification" in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Themes and national analysis -----------------------------------------------------------------------


def test_themes_page_shows_themes_with_links_and_suppresses_small_counts(client, world, board_member):
    sign_in(client, board_member)

    response = client.get(reverse("themes"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/reviews/?theme=neglect">3</a>' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    # Review A's coding is the only one: its mother's mental health shows as "fewer than 5", and no
    # characteristic anyone lacks is hidden.
    assert 'id="table-parental"' in html
    cell = '</th><td class="govuk-table__cell govuk-table__cell--numeric">'
    compact = re.sub(r">\s+<", "><", html)
    assert f"Parental mental health problems{cell}{SUPPRESSED}</td>" in compact
    assert f"Parental alcohol misuse{cell}0</td>" in compact
    assert 'href="/dashboard/themes/?format=csv&amp;table=parental"' in html


def test_themes_exports_suppress_small_counts_in_csv_and_xlsx(client, world, board_member):
    sign_in(client, board_member)

    parental = csv_lines(client.get(reverse("themes"), {"format": "csv", "table": "parental"}))
    workbook = sheet_values(client.get(reverse("themes"), {"format": "xlsx"}))

    assert "Parental mental health problems,fewer than 5" in parental
    assert "Parental alcohol misuse,0" in parental
    assert len(workbook) == 1 + 11  # themes and the eleven national analysis tables
    assert SUPPRESSED in workbook["Parental characteristics"]
    assert 0 in workbook["Parental characteristics"]
    assert "Neglect and its cumulative impact" in workbook["Themes across reviews"]


def test_counts_of_five_and_more_are_shown(client, world, board_member):
    more_reviews(world, 4)  # with review A, five codings
    sign_in(client, board_member)

    parental = csv_lines(client.get(reverse("themes"), {"format": "csv", "table": "parental"}))

    assert "Parental mental health problems,5" in parental


def test_themes_filter_by_period_and_kind(client, world, board_member):
    more_reviews(world, 4)  # notified 2020, 2021, 2022 and 2023
    sign_in(client, board_member)

    response = client.get(reverse("themes"), {"year_from": "2021", "year_to": "2021", "kind": "lcspr"})

    html = response.content.decode()
    assert 'href="/reviews/?kind=lcspr&amp;year=2021&amp;theme=drift">1</a>' in html
    assert "Neglect and its cumulative impact" not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"year_from": "2024", "year_to": "2022"},
            "The last year must be the same as or after the first year",
        ),
        ({"year_from": "twenty"}, "Enter the first year as 4 digits, like 2024"),
        ({"year_to": "1999"}, "Enter a year between 2000 and 2100"),
    ],
)
def test_themes_refuse_a_wrong_period_politely(client, world, board_member, query, message):
    sign_in(client, board_member)

    response = client.get(reverse("themes"), query)

    html = response.content.decode()
    assert "<title>Error: Themes" in html
    assert message in html
    assert 'id="table-themes"' not in html


def test_themes_count_nothing_of_another_partnership(client, world, outsider):
    more_reviews(world, 5)
    sign_in(client, outsider)

    themes = csv_lines(client.get(reverse("themes"), {"format": "csv", "table": "themes"}))
    parental = csv_lines(client.get(reverse("themes"), {"format": "csv", "table": "parental"}))

    assert themes[1:] == ["Information sharing,1", "Neglect and its cumulative impact,1"]
    assert "All reviews with case coding,0" in parental  # review S is not coded; North's five are not hers
    assert [entry.object_id for entry in AccessLogEntry.objects.filter(user=outsider)] == [world.south.pk] * 2


def test_an_unknown_table_or_format_is_not_found(client, world, board_member):
    sign_in(client, board_member)

    assert client.get(reverse("themes"), {"format": "csv", "table": "children"}).status_code == 404
    assert client.get(reverse("timeliness"), {"format": "pdf"}).status_code == 404


def test_themes_queries_do_not_grow_with_reviews(client, world, board_member):
    sign_in(client, board_member)
    client.get(reverse("themes"))
    cache.clear()  # the figures counted, not those kept (actions/dashboards/cache.py)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("themes"))
    more_reviews(world, 12)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("themes"))

    assert 'href="/reviews/?theme=drift">12</a>' in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
