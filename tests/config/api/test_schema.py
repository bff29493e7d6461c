"""The OpenAPI schema is valid OpenAPI 3, generated without a warning, and served at its stable URL."""

import pytest
import yaml
from django.core.management import call_command


def test_the_schema_validates_without_warnings(tmp_path):
    schema_file = tmp_path / "schema.yml"

    # --validate checks it against the OpenAPI 3 specification; --fail-on-warn refuses any guessed type.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema_file))

    schema = yaml.safe_load(schema_file.read_text())
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for resource in ("agencies", "reviews", "findings", "recommendations", "action-plans", "actions"):
        assert f"/api/v1/{resource}/" in paths and f"/api/v1/{resource}/{{id}}/" in paths
    assert {"/api/v1/progress-updates/", "/api/v1/evidence/", "/api/v1/notifications/{id}/read/"} <= paths
    assert "/api/v1/actions/{id}/verify/" in paths and "/api/v1/reviews/{id}/dates/" in paths
    # Error answers are documented beside success; a body that cannot be read only where there is one.
    patch_action = schema["paths"]["/api/v1/actions/{id}/"]["patch"]["responses"]
    assert {"200", "400", "401", "403", "404", "415"} <= set(patch_action)
    assert "415" not in schema["paths"]["/api/v1/actions/"]["get"]["responses"]


@pytest.mark.django_db
def test_the_schema_and_docs_are_served_to_people_signed_in(world, api_as, csc_owner):
    client = api_as(csc_owner)

    assert client.get("/api/v1/schema/").status_code == 200
    assert client.get("/api/v1/docs/").status_code == 200
    assert api_as(None).get("/api/v1/schema/").status_code in (401, 403)
