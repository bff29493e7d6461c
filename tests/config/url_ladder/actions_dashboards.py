"""The progress dashboard and the records behind its figures: every signed-in person has both pages,
counting only what they may see (empty tables for someone with no role). They only read: a POST answers
405."""

from .rungs import LOGIN, Rung

_READ_FOR_EVERYONE = {
    "anonymous": LOGIN,
    "no_roles": 200,
    "other_partnership": 200,
    "other_agency": 200,
    "read_only_write": 405,
    "right_role": 200,
}

ROWS = {
    "dashboard": Rung(_READ_FOR_EVERYONE, right_role="board_member"),
    "dashboard_actions": Rung(_READ_FOR_EVERYONE, right_role="board_member"),
}
