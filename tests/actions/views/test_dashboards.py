"""The progress dashboard page and the records behind its figures: who sees what, filters, links,
downloads and the number of queries."""

import csv
import html
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from actions.choices import Status
from actions.models import Action
from actions.views import dashboards as dashboard_views
from agencies.models import AccessEvent, AccessLogEntry
from tests.actions.dashboards.test_progress import TODAY, make_progress_data
from tests.conftest import sign_in
from tests.factories import ActionFactory, ActionPlanFactory, AgencyFactory

DASHBOARD = reverse("dashboard")
RECORDS = reverse("dashboard_actions")


@pytest.fixture(autouse=True)
def counted_on_a_fixed_day(monkeypatch):
    monkeypatch.setattr(dashboard_views, "_today", lambda: TODAY)


@pytest.fixture
def data(world):
    return make_progress_data(world)


def figure_links(content: str) -> list[tuple[str, str]]:
    """(figure, link) for every figure of the page's tables."""
    return [
        (value, html.unescape(href))
        for href, value in re.findall(
            r'<a class="govuk-link" href="(/dashboard/actions/\?[^"]*)">([^<]*)</a>', content
        )
    ]


def figures_part(content: str) -> str:
    """The page after its filters (whose agency list names every agency the person may choose)."""
    return content.split('id="dashboard-filters"', 1)[1].split("</form>", 1)[1]


def listed_action_pks(content: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/actions/(\d+)/"', content)}


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(DASHBOARD)["Location"].startswith(reverse("login"))
    assert client.get(RECORDS)["Location"].startswith(reverse("login"))


def test_board_member_sees_every_table_with_charts(client, board_member, data):
    sign_in(client, board_member)
    response = client.get(DASHBOARD)
    content = response.content.decode()
    assert response.status_code == 200
    for slug in (
        "status-by-agency",
        "rag-by-review",
        "overdue-by-agency",
        "verification-by-agency",
        "verified-by-month",
        "time-to-verified-closure",
    ):
        assert f'id="table-{slug}"' in content
        assert f"format=csv&amp;table={slug}" in content
    assert content.count("<svg") == 4
    assert "format=xlsx" in content
    assert 'aria-current="page"' in content and "Dashboard" in content
    assert "<script" not in content.split("<main", 1)[1].split("</main>", 1)[0]


def test_agency_lead_sees_only_their_agency(client, csc_lead, data):
    sign_in(client, csc_lead)
    content = client.get(DASHBOARD).content.decode()
    assert "Northshire Children&#x27;s Social Care" in content
    assert "Northshire Police" not in content
    assert "REF-B" not in content


def test_other_partnership_sees_nothing_of_north(client, outsider, data, world):
    sign_in(client, outsider)
    content = client.get(DASHBOARD).content.decode()
    assert "Northshire" not in content
    police_overdue = f"{RECORDS}?agency={world.agencies['north_police'].pk}&overdue=1"
    assert listed_action_pks(client.get(police_overdue).content.decode()) == set()


def test_no_roles_sees_empty_tables(client, no_roles, data):
    sign_in(client, no_roles)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "Nothing to show for these filters." in response.content.decode()
    assert figure_links(response.content.decode()) == []


def test_filters_narrow_the_figures(client, board_member, data, world):
    sign_in(client, board_member)
    content = client.get(DASHBOARD, {"period": "year", "year": "2026"}).content.decode()
    links = figure_links(content)
    assert links and all("period=year" in link and "year=2026" in link for _, link in links)
    assert "Northshire Police" not in figures_part(content)  # only CSC has an action due in 2026
    content = figures_part(client.get(DASHBOARD, {"review_kind": "rapid_review"}).content.decode())
    assert "REF-A" not in content and "REF-B" in content
    content = client.get(DASHBOARD, {"agency": world.agencies["north_health"].pk}).content.decode()
    content = figures_part(content)
    assert "Northshire Police" not in content and "Northshire Integrated Care Board" in content


def test_bad_filters_say_what_is_wrong(client, board_member, data):
    sign_in(client, board_member)
    content = client.get(DASHBOARD, {"period": "year"}).content.decode()
    assert "<title>Error: " in content
    assert "Enter the year to show" in content
    content = client.get(DASHBOARD, {"period": "year", "year": "last"}).content.decode()
    assert "Enter the year as a number, like 2025" in content
    content = client.get(DASHBOARD, {"agency": "999999"}).content.decode()
    assert "Choose an agency from the list" in content


def test_agency_filter_offers_only_agencies_seen(client, csc_lead, data, world):
    sign_in(client, csc_lead)
    content = client.get(DASHBOARD, {"agency": world.agencies["north_police"].pk}).content.decode()
    assert "Choose an agency from the list" in content


@pytest.mark.parametrize("persona", ["board_member", "csc_lead", "panel_chair"])
def test_every_figure_leads_to_exactly_its_records(client, world, data, persona):
    sign_in(client, world.people[persona])
    links = figure_links(client.get(DASHBOARD, {"period": "year", "year": "2025"}).content.decode())
    assert links
    checked = 0
    for value, link in links:
        response = client.get(link)
        assert response.status_code == 200
        content = response.content.decode()
        if value.replace(".", "").isdigit() and "." not in value:
            assert len(listed_action_pks(content)) == int(value), link
            checked += 1
    assert checked


def test_records_page_lists_exactly_the_actions(client, board_member, data, world):
    sign_in(client, board_member)
    police = world.agencies["north_police"].pk
    content = client.get(RECORDS, {"agency": police, "overdue": "1"}).content.decode()
    assert listed_action_pks(content) == {world.actions["B-police-1"].pk, data["police-recent"].pk}
    content = client.get(RECORDS, {"agency": police, "long_overdue": "1"}).content.decode()
    assert listed_action_pks(content) == {world.actions["B-police-1"].pk}
    content = client.get(RECORDS, {"verified_with_impact": "1"}).content.decode()
    assert listed_action_pks(content) == {data["csc-verified"].pk}
    content = client.get(RECORDS, {"completed_without_verification": "1"}).content.decode()
    assert listed_action_pks(content) == {data["health-awaiting"].pk}
    content = client.get(RECORDS, {"review": world.reviews["A"].pk, "rag": "green"}).content.decode()
    assert listed_action_pks(content) == {data["csc-verified"].pk, data["csc-future"].pk}
    content = client.get(RECORDS, {"verified_month": "2025-04"}).content.decode()
    assert listed_action_pks(content) == {data["csc-verified"].pk, data["police-verified"].pk}
    content = client.get(RECORDS, {"status": Status.IN_PROGRESS}).content.decode()
    assert listed_action_pks(content) == {data["csc-future"].pk}


def test_records_page_says_what_the_figure_is(client, board_member, data, world):
    sign_in(client, board_member)
    params = {"period": "year", "year": "2025", "agency": world.agencies["north_police"].pk, "overdue": "1"}
    content = client.get(RECORDS, params).content.decode()
    description = content.split('id="figure-description"', 1)[1].split("</dl>", 1)[0]
    for words in ("Due, completed or verified in 2025", "Northshire Police", "Overdue"):
        assert words in description
    # The back link keeps the dashboard's filters and drops the figure's.
    back = re.search(r'href="([^"]*)" class="govuk-back-link"', content).group(1)
    assert (
        html.unescape(back) == f"{DASHBOARD}?period=year&year=2025&agency={world.agencies['north_police'].pk}"
    )


def test_records_page_refuses_links_it_cannot_follow(client, csc_lead, data, world):
    sign_in(client, csc_lead)
    # Review B is not csc_lead's to see: the link leads nowhere, and says so.
    content = client.get(RECORDS, {"review": world.reviews["B"].pk}).content.decode()
    assert 'id="invalid-link"' in content and listed_action_pks(content) == set()
    content = client.get(RECORDS, {"status": "finished"}).content.decode()
    assert 'id="invalid-link"' in content


def test_records_page_is_paginated(client, board_member, world, data):
    ActionFactory.create_batch(55, plan=world.plans["B-health"])
    sign_in(client, board_member)
    health = world.agencies["north_health"].pk
    first = client.get(RECORDS, {"agency": health, "status": Status.NOT_STARTED}).content.decode()
    assert len(listed_action_pks(first)) == 50
    assert "56 actions" in first and "Page 1 of 2" in first
    second = client.get(RECORDS, {"agency": health, "status": Status.NOT_STARTED, "page": 2}).content.decode()
    assert len(listed_action_pks(second)) == 6


@pytest.fixture
def formula_agency(world):
    """An agency whose name a spreadsheet would read as a formula."""
    agency = AgencyFactory(partnership=world.north, name="=HYPERLINK(1)", short_name="Odd")
    ActionFactory(plan=ActionPlanFactory(review=world.reviews["C"], agency=agency))
    return agency


def test_csv_download(client, board_member, data, formula_agency):
    sign_in(client, board_member)
    response = client.get(DASHBOARD, {"format": "csv", "table": "status-by-agency"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="progress-dashboard-status-by-agency.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Agency", *(s.label for s in Status), "Total"]
    assert ["'=HYPERLINK(1)", "1", "0", "0", "0", "0", "0", "1"] in rows
    assert AccessLogEntry.objects.filter(user=board_member, event=AccessEvent.EXPORTED).count() == 1


def test_xlsx_download(client, board_member, data, formula_agency):
    sign_in(client, board_member)
    response = client.get(DASHBOARD, {"format": "xlsx", "period": "all"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="progress-dashboard.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 6
    sheet = workbook[workbook.sheetnames[0]]
    assert [cell.value for cell in sheet[5]][:2] == ["Agency", "Not started"]
    names = [row[0].value for row in sheet.iter_rows(min_row=6)]
    odd = next(row[0] for row in sheet.iter_rows(min_row=6) if row[0].value == "=HYPERLINK(1)")
    assert odd.data_type == "s" and "Northshire Police" in names


def test_unknown_download_is_not_found(client, board_member, data):
    sign_in(client, board_member)
    assert client.get(DASHBOARD, {"format": "pdf"}).status_code == 404
    assert client.get(DASHBOARD, {"format": "csv", "table": "nothing"}).status_code == 404


def test_pages_only_read(client, board_member):
    sign_in(client, board_member)
    assert client.post(DASHBOARD).status_code == 405
    assert client.post(RECORDS).status_code == 405


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_data(client, board_member, world, data):
    sign_in(client, board_member)
    pages = [(DASHBOARD, None), (DASHBOARD, {"period": "year", "year": "2025"}), (RECORDS, {"overdue": "1"})]
    few = [_queries(client, url, params) for url, params in pages]
    for plan in ("A-csc", "B-police", "B-health"):
        ActionFactory.create_batch(10, plan=world.plans[plan])
        ActionFactory.create_batch(10, plan=world.plans[plan], verified=True)
    many = [_queries(client, url, params) for url, params in pages]
    assert many == few
    assert max(few) <= 16  # sessions, the person, rights and one aggregate per table
    assert Action.objects.filter(plan__review__partnership=world.north).count() == 69


def test_the_dashboard_leads_to_the_other_figures(client, world):
    sign_in(client, world.board_member)

    page = client.get(reverse("dashboard")).content.decode()

    for name in ("timeliness", "themes", "yearly_reports"):
        assert reverse(name) in page
