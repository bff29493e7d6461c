"""The agencies of a person's partnerships through the API (agencies/api/views.py)."""

import pytest

pytestmark = pytest.mark.django_db


def names(response):
    return sorted(row["name"] for row in response.json()["results"])


def test_the_agencies_of_the_partnerships_a_person_works_in(world, api_as, csc_lead, outsider, no_roles):
    north = sorted(a.name for key, a in world.agencies.items() if key.startswith("north"))

    assert names(api_as(csc_lead).get("/api/v1/agencies/")) == north
    assert names(api_as(outsider).get("/api/v1/agencies/")) == ["Southvale Children's Social Care"]
    assert names(api_as(no_roles).get("/api/v1/agencies/")) == []


def test_another_partnerships_agency_answers_404_and_nothing_is_written(world, api_as, csc_lead):
    client = api_as(csc_lead)
    south = world.agencies["south_csc"]

    assert client.get(f"/api/v1/agencies/{south.pk}/").status_code == 404
    assert client.post("/api/v1/agencies/", {"name": "New"}).status_code == 405
    assert (
        client.get(f"/api/v1/agencies/{world.agencies['north_police'].pk}/").json()["short_name"] == "Police"
    )


def test_filtered_by_kind(world, api_as, board_member):
    response = api_as(board_member).get("/api/v1/agencies/?kind=police")

    assert names(response) == ["Northshire Police"]
