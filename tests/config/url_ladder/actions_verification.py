"""Marking an action complete, verifying it, and the queue of actions waiting for verification.

The agency's staff and panel staff mark an action complete; only panel staff verify it. The queue is
any panel's: a South panel chair gets South's (empty) queue, agency staff and people with no role a 403.
"""

from .rungs import LOGIN, Rung


def police_action(world):
    return [world.actions["B-police-1"].pk]


ROWS = {
    "action_complete": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 404,
            "other_partnership": 404,
            "other_agency": 404,
            "read_only_write": 403,
            "right_role": 200,
        },
        args=police_action,
        write_data={"note": "Marked complete by a board member"},
    ),
    "action_verify": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 404,
            "other_partnership": 404,
            "other_agency": 404,
            "read_only_write": 403,
            "right_role": 200,
        },
        args=police_action,
        write_data={"decision": "verify"},
    ),
    "verification_queue": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 403,
            "other_partnership": 200,
            "other_agency": 403,
            "read_only_write": 405,
            "right_role": 200,
        },
    ),
}
