"""Search, and a finding's similar findings in other reviews."""

from .rungs import LOGIN, Rung


def finding_b1(world):
    # Finding B1 concerns police: csc_lead (the "other agency") cannot see it.
    return [world.findings["B1"].pk]


ROWS = {
    # Everyone signed in may search; what they find is only what they may see.
    "search": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 200,
            "other_partnership": 200,
            "other_agency": 200,
            "read_only_write": 405,
            "right_role": 200,
        },
    ),
    "finding_similar": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 404,
            "other_partnership": 404,
            "other_agency": 404,
            "read_only_write": 405,
            "right_role": 200,
        },
        args=finding_b1,
    ),
}
