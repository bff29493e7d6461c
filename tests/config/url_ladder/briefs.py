"""A review's learning brief, its PDF and the record of its dissemination.

Whoever sees a review reads its brief and downloads it: the CSC lead sees review A (a recommendation is
addressed to CSC), so reads its brief. Panel staff write the brief. Agency staff record dissemination
for their own agency only: the CSC lead may open the form on review A, but not the police's record.
Review B has no brief yet: its page says so, and the panel chair may write one.
"""

from .rungs import LOGIN, Rung, review_b


def review_a(world):
    return [world.reviews["A"].pk]


def police_record_of_a(world):
    # The world's two records on review A are CSC's and the police's; the CSC lead sees only CSC's.
    review = world.reviews["A"]
    record = review.disseminations.get(agency=world.agencies["north_police"])
    return [review.pk, record.pk]


DISSEMINATION = {
    "agency": "",
    "received_on_day": "3",
    "received_on_month": "9",
    "received_on_year": "2024",
}

ROWS = {
    "learning_brief": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 404,
            "other_partnership": 404,
            "other_agency": 404,
            "read_only_write": 405,
            "right_role": 200,
        },
        args=review_b,
    ),
    "learning_brief_edit": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 404,
            "other_partnership": 404,
            "other_agency": 403,
            "read_only_write": 403,
            "right_role": 200,
        },
        args=review_a,
        write_data={"why_it_matters": "Changed by a board member"},
    ),
    "learning_brief_pdf": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 404,
            "other_partnership": 404,
            "other_agency": 200,
            "read_only_write": 405,
            "right_role": 200,
        },
        args=review_a,
    ),
    "dissemination_add": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 404,
            "other_partnership": 404,
            "other_agency": 200,
            "read_only_write": 403,
            "right_role": 200,
        },
        args=review_a,
        write_data=DISSEMINATION,
    ),
    "dissemination_edit": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 404,
            "other_partnership": 404,
            "other_agency": 404,
            "read_only_write": 403,
            "right_role": 200,
        },
        args=police_record_of_a,
        write_data=DISSEMINATION,
    ),
}
