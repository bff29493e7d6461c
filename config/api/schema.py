"""The OpenAPI schema documents the error answers too, not only success.

Every operation may answer 400 (input refused, each message beside its field), 401 (no or a wrong token),
403 (your role may see this but not do it), 404 (no such record, or one you may not see: they read the
same) and, when it takes a body, 415 (a body it cannot read).
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes

ERRORS = {
    "400": "The input was refused: each message is listed under the field it is about.",
    "401": "Not signed in: no session, or no valid token.",
    "403": "Your role lets you see this but not do it.",
    "404": "No such record, or one you may not see.",
}
BODY_ERRORS = {"415": "The body's media type cannot be read."}


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = ERRORS | (BODY_ERRORS if self.method in ("POST", "PUT", "PATCH") else {})
        for code, description in errors.items():
            if code not in responses:
                response = self._get_response_for_code(
                    build_basic_type(OpenApiTypes.OBJECT), code, direction=direction
                )
                response["description"] = description
                responses[code] = response
        return responses
