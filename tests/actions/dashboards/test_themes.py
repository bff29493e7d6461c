"""Themes across reviews and the national analysis tables, counted over the reviews a person may see."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.dashboards.tables import SUPPRESSED, WITHHELD
from actions.dashboards.themes import Period, national_analysis_tables, theme_table
from reviews.models import AgeBand, HarmCategory, Methodology, Nature, ReviewKind, Theme
from tests.factories import CaseCodingFactory, FindingFactory, ReviewFactory

pytestmark = pytest.mark.django_db

EVERYTHING = Period()


def coded_review(world, year=2024, *, kind=ReviewKind.LCSPR, themes=(), **coding):
    """A North review notified in `year`, coded (as a toddler with the factory's coding, unless told)."""
    review = ReviewFactory(
        partnership=world.north,
        undated=True,
        kind=kind,
        aware_on=datetime.date(year, 3, 1),
        notified_on=datetime.date(year, 3, 2),
    )
    CaseCodingFactory(review=review, **coding)
    if themes:
        FindingFactory(review=review, themes=[Theme.objects.get(slug=slug) for slug in themes])
    return review


def tables_by_slug(user, period=EVERYTHING):
    return {table.slug: table for table in national_analysis_tables(user, period)}


def counts(table, column=1):
    return {row[0]: row[column] for row in table.rows}


def test_theme_frequency_counts_reviews_per_theme(world, board_member):
    coded_review(world, themes=["neglect", "poverty"])
    coded_review(world, themes=["poverty"])

    table = theme_table(board_member, EVERYTHING)

    # Reviews A, B and C each have findings on neglect and information sharing (three findings in A).
    assert table.rows == [
        ["Neglect and its cumulative impact", 4],
        ["Information sharing", 3],
        ["Poverty", 2],
    ]
    assert table.links[0] == [None, "/reviews/?theme=neglect"]


def test_theme_links_carry_the_kind_and_a_single_year_and_none_for_a_span(world, board_member):
    single_year = theme_table(board_member, Period(year_from=2024, year_to=2024, kind=ReviewKind.LCSPR))
    span = theme_table(board_member, Period(year_from=2022, year_to=2024))

    assert single_year.rows[0][1] == 1  # review A only
    assert single_year.links[0][1].startswith("/reviews/?kind=lcspr&year=2024&theme=")
    assert all(link is None for row in span.links for link in row)
    assert "choose a single year" in span.caption


def test_agency_staff_count_only_the_findings_they_see(world, csc_lead, police_lead):
    # CSC sees review A and its finding A1; police sees A2 and B1 (a plan on B).
    assert counts(theme_table(csc_lead, EVERYTHING)) == {
        "Information sharing": 1,
        "Neglect and its cumulative impact": 1,
    }
    assert counts(theme_table(police_lead, EVERYTHING)) == {
        "Information sharing": 2,
        "Neglect and its cumulative impact": 2,
    }


def test_an_outsider_counts_none_of_norths_reviews(world, outsider):
    coded_review(world, themes=["poverty"])

    assert counts(theme_table(outsider, EVERYTHING)) == {
        "Information sharing": 1,
        "Neglect and its cumulative impact": 1,
    }
    tables = tables_by_slug(outsider)
    assert counts(tables["parental"])["All reviews with case coding"] == 0
    assert counts(tables["methodology"])[Methodology.LEARNING_TOGETHER.label] == 1  # review S


def test_the_national_analysis_tables_count_the_case_coding(world, board_member):
    # Review A's coding (the factory's toddler), and three more.
    coded_review(world, age_band=AgeBand.AGE_11_15, child_mental_health=True, parent_mental_health=False)
    coded_review(
        world,
        nature=Nature.DEATH,
        harm_category=HarmCategory.SUDI,
        age_band=AgeBand.UNDER_1,
        parent_criminal_record=True,
        parent_violent_crime=True,
    )
    coded_review(world, kind=ReviewKind.RAPID_REVIEW, age_band="")

    tables = tables_by_slug(board_member)

    parental = counts(tables["parental"])
    assert parental["Parental mental health problems"] == 3
    assert parental["Parental criminal record"] == 1
    assert parental["Of which violent crime (excluding domestic abuse)"] == 1
    assert parental["Parental alcohol misuse"] == 0
    assert parental["All reviews with case coding"] == 4
    assert counts(tables["family"])["Domestic abuse"] == 4
    child = {row[0]: row[1:] for row in tables["child"].rows}
    assert child["Disability"] == [0, 4]
    assert child["Child behaviour problems"] == [0, 3]  # not coded under 1
    assert child["Child mental health problems"] == [1, 2]  # coded from 6; age not recorded counts
    assert counts(tables["age-band"]) == {
        "Under 1": 1,
        "1 to 5": 1,
        "6 to 10": 0,
        "11 to 15": 1,
        "16 and over": 0,
        "Not recorded": 1,
    }
    harm = {row[0]: row[1:] for row in tables["harm"].rows}
    assert tables["harm"].headers == ["Primary harm category", "Death", "Serious harm", "Nature not recorded"]
    assert harm["Neglect"] == [0, 3, 0]
    assert harm["Sudden unexpected death in infancy"] == [1, 0, 0]
    assert harm["Not recorded"] == [0, 0, 0]
    # Reviews A and C and the two new LCSPRs; rapid reviews have no methodology.
    assert counts(tables["methodology"])[Methodology.LEARNING_TOGETHER.label] == 4
    assert sum(counts(tables["methodology"]).values()) == 4


def test_every_national_table_suppresses_small_counts_and_keeps_zero(world, board_member):
    tables = tables_by_slug(board_member)

    assert all(table.small_numbers_suppressed for table in tables.values())
    parental = {row[0].value: row[1].value for row in tables["parental"].cells()}
    assert parental["Parental mental health problems"] == SUPPRESSED  # review A only
    assert parental["Parental alcohol misuse"] == 0


def test_the_period_and_kind_narrow_every_table(world, board_member):
    coded_review(world, 2022, themes=["drift"])
    coded_review(world, 2023, kind=ReviewKind.SAR, themes=["drift"])

    in_2022 = Period(year_from=2022, year_to=2022)
    assert counts(tables_by_slug(board_member, in_2022)["parental"])["All reviews with case coding"] == 1
    assert counts(theme_table(board_member, in_2022)) == {"Drift and delay": 1}
    from_2023 = Period(year_from=2023)
    assert counts(tables_by_slug(board_member, from_2023)["parental"])["All reviews with case coding"] == 2
    up_to_2023 = Period(year_to=2023)
    assert counts(theme_table(board_member, up_to_2023)) == {"Drift and delay": 2}
    sars = Period(kind=ReviewKind.SAR)
    assert counts(tables_by_slug(board_member, sars)["parental"])["All reviews with case coding"] == 1


def test_queries_do_not_grow_with_reviews(world, board_member):
    with CaptureQueriesContext(connection) as few:
        theme_table(board_member, EVERYTHING)
        tables = national_analysis_tables(board_member, EVERYTHING)
    for index in range(12):
        coded_review(world, 2020 + index % 5, themes=["neglect", "drift"])
    with CaptureQueriesContext(connection) as many:
        theme_table(board_member, EVERYTHING)
        national_analysis_tables(board_member, EVERYTHING)

    # One query per table, however many reviews.
    assert len(many.captured_queries) == len(few.captured_queries) == 1 + len(tables)


def test_a_lone_small_count_that_a_total_would_give_away_has_another_withheld(world, board_member):
    # Review A's coding is the one toddler; six more reviews coded 11 to 15: 7 in all, so with every
    # other band shown the toddler's count would be 7 - 6. The smallest other band is withheld.
    for _ in range(6):
        coded_review(world, age_band=AgeBand.AGE_11_15)

    age = {row[0].value: row[1].value for row in tables_by_slug(board_member)["age-band"].cells()}

    assert age["1 to 5"] == SUPPRESSED
    assert list(age.values()).count(WITHHELD) == 1
    assert age["11 to 15"] == 6


def test_every_table_whose_answers_cover_every_review_knows_its_sum(world, board_member):
    tables = tables_by_slug(board_member)

    for slug in (
        "age-band",
        "gender",
        "ethnicity",
        "living-situation",
        "social-care",
        "child-protection-plan",
    ):
        assert tables[slug].known_sums == [[(row, 1) for row in range(len(tables[slug].rows))]], slug
    assert tables["methodology"].known_sums
    assert len(tables["harm"].known_sums) == 1 + len(tables["harm"].rows) + len(tables["harm"].headers) - 1
