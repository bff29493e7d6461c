"""The rows of an exported plan, and who may export an agency's actions."""

import datetime

import pytest
from django.http import Http404

from actions.exports import (
    agency_export_filename,
    agency_export_rows,
    agency_for_export,
    plan_export_filename,
    plan_export_rows,
)
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def test_plan_rows(world, csc_lead):
    rows = plan_export_rows(csc_lead, world.plans["A-csc"], TODAY)

    assert [row.number for row in rows] == sorted(
        world.plans["A-csc"].actions.values_list("number", flat=True)
    )
    first = rows[0]
    assert first.lead_agency == "Northshire Children's Social Care"
    assert first.recommendation_numbers == str(world.recommendations["A1"].number)
    assert first.latest_progress  # the progress update of A-csc-1
    assert first.evidence  # its links
    assert first.rag_label in ("Red", "Amber", "Green")


def test_rows_come_from_what_the_user_sees(world, police_lead):
    # Police reads review A but not CSC's plan there.
    assert plan_export_rows(police_lead, world.plans["A-csc"], TODAY) == []


def test_queries_do_not_grow_with_actions(world, csc_lead, django_assert_max_num_queries):
    plan = world.plans["A-csc"]
    for _ in range(20):
        ActionFactory(plan=plan, recommendations=[world.recommendations["A1"]])

    with django_assert_max_num_queries(6):
        rows = plan_export_rows(csc_lead, plan, TODAY)

    assert len(rows) == 22


@pytest.mark.parametrize("persona", ["csc_lead", "csc_owner", "panel_chair", "board_member", "scrutineer"])
def test_who_may_export_an_agencys_actions(world, persona):
    agency = world.agencies["north_csc"]
    assert agency_for_export(world.people[persona], agency.pk) == agency


@pytest.mark.parametrize("persona", ["police_lead", "outsider", "no_roles", "lead_reviewer"])
def test_who_may_not(world, persona):
    with pytest.raises(Http404):
        agency_for_export(world.people[persona], world.agencies["north_csc"].pk)


def test_agency_rows_span_reviews(world, panel_chair):
    rows = agency_export_rows(panel_chair, world.agencies["north_police"], TODAY)
    assert [row.lead_agency for row in rows] == ["Northshire Police"]


def test_file_names_carry_no_personal_data(world):
    assert (
        plan_export_filename(world.plans["A-csc"], TODAY, "xlsx") == "REF-A-CSC-action-plan-2026-11-23.xlsx"
    )
    assert (
        agency_export_filename(world.agencies["north_police"], TODAY, "csv")
        == "POLICE-actions-2026-11-23.csv"
    )
