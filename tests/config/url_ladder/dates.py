"""Recording a review's statutory dates (the notification, the rapid review sent, publication, ...).

Only panel staff use the page. On review B (a rapid review, nothing in it addressed to CSC) every other
rung is someone who cannot see the review (404), except the board member, who sees it and may not change
it (403, on a POST too).
"""

from .rungs import LOGIN, Rung, review_b

ROWS = {
    "review_dates": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 404,
            "other_partnership": 404,
            "other_agency": 404,
            "read_only_write": 403,
            "right_role": 200,
        },
        args=review_b,
        right_role="panel_chair",
        write_data={"field": "rapid_review_sent_on", "on_day": "2", "on_month": "2", "on_year": "2024"},
    ),
}
