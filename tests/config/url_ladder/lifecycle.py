"""A review's lifecycle: changing its stage, recording its decision, converting it, closing it.

Only panel staff use these pages. On review B (a rapid review at the rapid review stage, nothing in it
addressed to CSC) every other rung is someone who cannot see the review (404), except the board member,
who sees it and may not change it (403). The panel chair sees each page: the convert and close pages
explain why review B cannot be converted or closed yet.
"""

from .rungs import LOGIN, Rung, review_b

WRITE = {
    "anonymous": LOGIN,
    "no_roles": 404,
    "other_partnership": 404,
    "other_agency": 404,
    "read_only_write": 403,
    "right_role": 200,
}

ROWS = {
    "review_stage_change": Rung(
        WRITE,
        args=review_b,
        write_data={"to_stage": "decision", "on_day": "2", "on_month": "2", "on_year": "2024"},
    ),
    "review_decision": Rung(
        WRITE,
        args=review_b,
        write_data={
            "decision": "lcspr",
            "rationale": "The criteria are met.",
            "on_day": "9",
            "on_month": "2",
            "on_year": "2024",
        },
    ),
    "review_convert": Rung(
        WRITE,
        args=review_b,
        write_data={"reference": "LCSPR-2024-09", "rationale": "Met.", "confirm": "1"},
    ),
    "review_close": Rung(
        WRITE,
        args=review_b,
        write_data={"rationale": "Done.", "confirm": "1", "on_day": "6", "on_month": "1", "on_year": "2025"},
    ),
}
