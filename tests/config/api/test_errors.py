"""Service errors become API answers beside the field they are about (config/api/errors.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from config.api.errors import exception_handler


def answer(error):
    request = APIRequestFactory().post("/")
    return exception_handler(error, {"view": APIView(), "request": request})


def test_a_validation_error_keyed_by_field_is_a_400_beside_the_field():
    response = answer(ValidationError({"reason": "Give the reason for revising the target date."}))

    assert response.status_code == 400
    assert response.data == {"reason": ["Give the reason for revising the target date."]}


def test_a_validation_error_about_the_whole_request_is_a_400_above_the_fields():
    response = answer(ValidationError("This action is closed."))

    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["This action is closed."]}


def test_permission_denied_is_a_403_with_its_message():
    response = answer(PermissionDenied("Only panel staff verify actions."))

    assert response.status_code == 403


def test_an_address_under_the_api_that_matches_nothing_answers_json(client):
    response = client.get("/api/v1/actions/1.5e-3/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_elsewhere_it_answers_the_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content
