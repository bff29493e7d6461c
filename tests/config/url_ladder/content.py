"""A review's case coding, findings and recommendations.

Panel staff write them; on review B (which nothing addresses to CSC) every other rung is someone who
cannot see the review or record (404), except the board member, who sees it and may not change it (403),
or may not POST at all to the page shown once a finding is saved (405).
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


def finding_b1(world):
    finding = world.findings["B1"]
    return [finding.review_id, finding.number]


def recommendation_b1(world):
    recommendation = world.recommendations["B1"]
    return [recommendation.review_id, recommendation.number]


ROWS = {
    "review_coding": Rung(WRITE, args=review_b, write_data={"nature": "death"}),
    "finding_add": Rung(WRITE, args=review_b, write_data={"title": "A finding", "text": "Text"}),
    "finding_edit": Rung(WRITE, args=finding_b1, write_data={"title": "A finding", "text": "Text"}),
    "finding_saved": Rung({**WRITE, "read_only_write": 405}, args=finding_b1),
    "recommendation_add": Rung(WRITE, args=review_b, write_data={"text": "A recommendation"}),
    "recommendation_edit": Rung(WRITE, args=recommendation_b1, write_data={"text": "A recommendation"}),
}
