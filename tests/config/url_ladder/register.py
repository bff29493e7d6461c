"""The review register and registering a review from a serious incident notification.

Anyone signed in reads the register (it lists only what they may see). Registering is for panel staff:
the other partnership's panel chair may register for their own partnership; nobody without a panel
role may open the questions. The check page sends someone with no answers yet back to the questions.
"""

from .rungs import LOGIN, Rung

ROWS = {
    "review_register": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 200,
            "other_partnership": 200,
            "other_agency": 200,
            "read_only_write": 405,
            "right_role": 200,
        },
    ),
    "review_notify": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 403,
            "other_partnership": 200,
            "other_agency": 403,
            "read_only_write": 403,
            "right_role": 200,
        },
        right_role="panel_chair",
        write_data={"reference": "RR-2025-001", "title": "Serious harm to a baby"},
    ),
    "review_notify_check": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 403,
            "other_partnership": 302,
            "other_agency": 403,
            "read_only_write": 403,
            "right_role": 302,
        },
        right_role="panel_chair",
    ),
}
