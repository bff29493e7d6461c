""" "Your agency's work": every signed-in person has the page, showing only what they may see (an empty
page for someone with no role). It only reads: a POST answers 405."""

from .rungs import LOGIN, Rung

ROWS = {
    "agency_work": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 200,
            "other_partnership": 200,
            "other_agency": 200,
            "read_only_write": 405,
            "right_role": 200,
        },
        right_role="csc_owner",
    ),
}
