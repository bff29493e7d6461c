"""Action plans and their actions: the plan page, starting a plan, writing actions, progress, target
date revisions and milestones.

Everything is probed on review B's police plan (B-police) and its action B-police-1, which the CSC lead
cannot see (404). The police lead writes the plan; the board member reads it and may change nothing
(403 on a form's POST, 405 on a page that only reads). Starting a plan is probed on review B itself,
where panel staff may start the plans of the agencies that have none.
"""

from tests.factories import MilestoneFactory

from .rungs import LOGIN, Rung, review_b


def police_plan(world):
    return [world.plans["B-police"].pk]


def police_action(world):
    return [world.actions["B-police-1"].pk]


def police_milestone(world):
    action = world.actions["B-police-1"]
    return [action.pk, MilestoneFactory(action=action).pk]


READ_PAGE = {
    "anonymous": LOGIN,
    "no_roles": 404,
    "other_partnership": 404,
    "other_agency": 404,
    "read_only_write": 405,
    "right_role": 200,
}
FORM_PAGE = READ_PAGE | {"read_only_write": 403}
DATE = {"day": "1", "month": "6", "year": "2030"}

ROWS = {
    "plan_detail": Rung(READ_PAGE, args=police_plan, right_role="police_lead"),
    "plan_create": Rung(
        FORM_PAGE,
        args=review_b,
        right_role="panel_chair",
        write_data={"agency": ""},
    ),
    "action_create": Rung(
        FORM_PAGE,
        args=police_plan,
        right_role="police_lead",
        write_data={"number": "9", "description": "Changed by a board member"},
    ),
    "action_detail": Rung(READ_PAGE, args=police_action, right_role="police_lead"),
    "action_edit": Rung(
        FORM_PAGE,
        args=police_action,
        right_role="police_lead",
        write_data={"number": "1", "description": "Changed by a board member"},
    ),
    "progress_add": Rung(
        FORM_PAGE,
        args=police_action,
        right_role="police_lead",
        write_data={"narrative": "Written by a board member", "status": "in_progress"},
    ),
    "action_revise_date": Rung(
        FORM_PAGE,
        args=police_action,
        right_role="police_lead",
        write_data={f"new_date_{part}": value for part, value in DATE.items()} | {"reason": "Board member"},
    ),
    "milestone_add": Rung(
        FORM_PAGE,
        args=police_action,
        right_role="police_lead",
        write_data={"description": "Added by a board member"}
        | {f"due_on_{part}": value for part, value in DATE.items()},
    ),
    "milestone_met": Rung(
        FORM_PAGE | {"right_role": 302},
        args=police_milestone,
        right_role="police_lead",
        method="post",
    ),
}
