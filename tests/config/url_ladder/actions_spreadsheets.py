"""Exporting action plans as spreadsheets and importing a plan from one.

Exports are downloads (GET only: a POST gets 405). Police's plan on review B and police's actions are
read by police, panel staff and readers; CSC (the other agency) and South get 404.
Imports into review B: panel staff may, the board member sees the review but may not (403); an import's
own pages belong to its uploader (a panel chair here) and answer 404 to everyone else.
"""

import datetime

from actions.models import ImportState
from tests.factories import ActionImportFactory

from .rungs import LOGIN, Rung, review_b

NOT_SEEN = {"no_roles": 404, "other_partnership": 404, "other_agency": 404}
DOWNLOAD = {"anonymous": LOGIN, **NOT_SEEN, "read_only_write": 405, "right_role": 200}
OWN_IMPORT_PAGE = {"anonymous": LOGIN, **NOT_SEEN, "read_only_write": 405, "right_role": 200}
OWN_IMPORT_ACTION = {"anonymous": LOGIN, **NOT_SEEN, "read_only_write": 404, "right_role": 302}


def plan_b_police(world):
    return [world.plans["B-police"].pk]


def police(world):
    return [world.agencies["north_police"].pk]


def _import_on_b(world, **fields):
    return ActionImportFactory(review=world.reviews["B"], uploaded_by=world.panel_chair, **fields)


def failed_import(world):
    return [_import_on_b(world).pk]


def clean_import(world):
    planned = {
        "row_number": 5,
        "agency_id": world.agencies["north_police"].pk,
        "number": "9",
        "recommendation_ids": [world.recommendations["B2"].pk],
        "description": "Review the referral pathway.",
        "owner_id": None,
        "target_date": datetime.date(2027, 3, 31).isoformat(),
        "status": "not_started",
        "rag": "",
        "progress": "",
        "evidence_link": "",
        "evidence_note": "",
    }
    return [_import_on_b(world, state=ImportState.CHECKED, problem="", planned=[planned]).pk]


ROWS = {
    "plan_export": Rung(DOWNLOAD, args=plan_b_police),
    "agency_actions_export": Rung(DOWNLOAD, args=police),
    "action_import_start": Rung(
        {"anonymous": LOGIN, **NOT_SEEN, "read_only_write": 403, "right_role": 200}, args=review_b
    ),
    "action_import_template": Rung(DOWNLOAD, args=review_b),
    "action_import": Rung(OWN_IMPORT_PAGE, args=failed_import),
    "action_import_progress": Rung(OWN_IMPORT_PAGE, args=failed_import),
    "action_import_confirm": Rung(OWN_IMPORT_ACTION, args=clean_import, method="post"),
    "action_import_cancel": Rung(OWN_IMPORT_ACTION, args=clean_import, method="post"),
}
