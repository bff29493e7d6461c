"""The yearly report pack: the list of years, the page of a year, and its PDF, XLSX and CSV downloads."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from pytest_django.asserts import assertContains, assertNotContains

from agencies.models import AccessEvent, AccessLogEntry
from reviews.models import Response
from tests.conftest import sign_in
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    DisseminationFactory,
    EvidenceFactory,
    LearningBriefFactory,
    RecommendationFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

NOT_ACCEPTED_REASON = "Already covered by the neglect strategy agreed in June."


def report_url(year: int = 2024, **query) -> str:
    url = reverse("yearly_report", args=[year])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def not_accepted(recommendation):
    recommendation.response = Response.NOT_ACCEPTED
    recommendation.responded_on = datetime.date(2024, 9, 2)
    recommendation.response_reason = NOT_ACCEPTED_REASON
    recommendation.save()


def pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


# --- The list of years ----------------------------------------------------------------------------------


def test_the_list_links_each_year_with_reviews(client, world, board_member):
    sign_in(client, board_member)

    response = client.get(reverse("yearly_reports"))

    assertContains(response, f'href="{report_url(2024)}"')
    assertNotContains(response, 'id="no-years"')


def test_someone_who_sees_no_reviews_is_told_so(client, world, no_roles):
    sign_in(client, no_roles)

    response = client.get(reverse("yearly_reports"))

    assertContains(response, 'id="no-years"')
    assertNotContains(response, report_url(2024))


# --- The page -------------------------------------------------------------------------------------------


def test_the_page_shows_the_years_reviews_decisions_and_responses(client, world, board_member):
    not_accepted(world.recommendations["A1"])
    sign_in(client, board_member)

    response = client.get(report_url())

    assert response.status_code == 200
    for name in ("A", "B", "C"):
        assertContains(response, f"REF-{name}")
        assertContains(response, reverse("review_detail", args=[world.reviews[name].pk]))
    assertNotContains(response, "REF-S")
    assertContains(response, world.reviews["A"].decision_rationale)
    assertContains(response, NOT_ACCEPTED_REASON)
    assertContains(response, "Re-audit of 20 assessments six months on.")
    assertContains(response, f'href="{report_url(format="pdf")}"')
    assertContains(response, f'href="{report_url(format="xlsx")}"')
    # For the board: references, never the child's pseudonym or a title that carries it.
    for name in ("A", "B"):
        assertNotContains(response, world.reviews[name].pseudonym)
        assertNotContains(response, world.reviews[name].title)
    assert not AccessLogEntry.objects.filter(event=AccessEvent.EXPORTED).exists()


def test_another_partnership_sees_its_own_year_only(client, world, outsider):
    sign_in(client, outsider)

    response = client.get(report_url())

    assertContains(response, "REF-S")
    assertNotContains(response, "REF-A")


def test_agency_staff_see_their_own_part(client, world, csc_lead):
    sign_in(client, csc_lead)

    response = client.get(report_url())

    assertContains(response, "REF-A")
    assertNotContains(response, "REF-B")
    assertContains(response, "CSC action 1")
    assertNotContains(response, "Police action")


def test_a_year_without_visible_reviews_says_so(client, world, board_member):
    sign_in(client, board_member)

    response = client.get(report_url(2019))

    assertContains(response, 'id="no-reviews"')


@pytest.mark.parametrize("year", [1800, 1989, 99999])
def test_a_year_no_review_could_have_is_not_found(client, world, board_member, year):
    sign_in(client, board_member)

    assert client.get(report_url(year)).status_code == 404


@pytest.mark.parametrize("query", [{"format": "docx"}, {"format": "csv", "table": "nothing"}])
def test_an_unknown_download_is_not_found(client, world, board_member, query):
    sign_in(client, board_member)

    assert client.get(report_url(**query)).status_code == 404
    assert exported_by(board_member) == []


def test_the_report_is_read_only(client, world, board_member):
    sign_in(client, board_member)

    assert client.post(report_url()).status_code == 405


def test_signing_in_comes_first(client, world):
    response = client.get(report_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Downloads ------------------------------------------------------------------------------------------


def exported_by(user):
    return list(
        AccessLogEntry.objects.filter(user=user, event=AccessEvent.EXPORTED).values_list(
            "object_label", flat=True
        )
    )


def test_the_pdf_is_a_real_pdf_and_logged_as_an_export(client, world, board_member):
    not_accepted(world.recommendations["A1"])
    sign_in(client, board_member)

    response = client.get(report_url(format="pdf"))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="yearly-report-2024.pdf"'
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response)
    assert "REF-A" in text
    assert "REF-S" not in text
    assert "OFFICIAL-SENSITIVE" in text
    assert "Already covered by the neglect strategy" in " ".join(text.split())
    assert world.reviews["A"].pseudonym not in text
    assert exported_by(board_member) == [world.north.name]


def test_the_xlsx_has_a_sheet_per_table_and_is_logged(client, world, board_member):
    not_accepted(world.recommendations["A1"])
    sign_in(client, board_member)

    response = client.get(report_url(format="xlsx"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="yearly-report-2024.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Summary of 2024",
        "Reviews",
        "Recommendations",
        "Actions",
        "Evidence of impact",
        "Learning briefs",
    ]
    values = [str(cell) for row in workbook["Recommendations"].iter_rows(values_only=True) for cell in row]
    assert NOT_ACCEPTED_REASON in values
    assert "REF-A" in values
    assert exported_by(board_member) == [world.north.name]


def test_a_table_downloads_as_csv(client, world, board_member):
    sign_in(client, board_member)

    response = client.get(report_url(format="csv", table="summary"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="yearly-report-2024-summary.csv"'
    assert "Reviews in this report,3" in response.content.decode("utf-8-sig")
    assert exported_by(board_member) == [world.north.name]


def test_an_empty_years_download_is_logged_against_the_users_partnership(client, world, board_member):
    sign_in(client, board_member)

    response = client.get(report_url(2019, format="xlsx"))

    assert response.status_code == 200
    assert exported_by(board_member) == [world.north.name]


# --- Queries --------------------------------------------------------------------------------------------


def full_review(world, n: int):
    review = ReviewFactory(partnership=world.north, reference=f"LCSPR-2024-9{n}")
    agency = world.agencies["north_police"]
    first = RecommendationFactory(review=review, agencies=[agency], not_accepted=True)
    second = RecommendationFactory(review=review, to_partnership=True, accepted=True)
    plan = ActionPlanFactory(review=review, agency=agency)
    action = ActionFactory(plan=plan, verified=True, recommendations=[first, second])
    EvidenceFactory(action=action, impact=True)
    ActionFactory(plan=plan, recommendations=[second])
    LearningBriefFactory(review=review)
    DisseminationFactory(review=review, agency=agency)


@pytest.mark.parametrize("query", [{}, {"format": "xlsx"}])
def test_the_queries_do_not_grow_with_the_reviews(
    client, world, board_member, django_assert_max_num_queries, query
):
    sign_in(client, board_member)
    for n in range(2):
        full_review(world, n)
    client.get(report_url(**query))
    with django_assert_max_num_queries(40) as few:
        client.get(report_url(**query))
    for n in range(2, 6):
        full_review(world, n)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(report_url(**query))

    assert response.status_code == 200
    if not query:
        assert len(response.context["report"].reviews) == 9
