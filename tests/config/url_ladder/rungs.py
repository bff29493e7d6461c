"""The permission ladder's vocabulary: the rungs, who stands on each, and what a row says.

Each module of this package holds the ROWS of one part of the application: URL name -> Rung.
"""

from dataclasses import dataclass, field

LOGIN = "sign-in"
ADMIN_LOGIN = "admin sign-in"
RUNGS = ("anonymous", "no_roles", "other_partnership", "other_agency", "read_only_write", "right_role")

# The persona standing on each rung, for the world of tests/conftest.py.
RUNG_PERSONAS = {
    "no_roles": "no_roles",
    "other_partnership": "outsider",
    "other_agency": "csc_lead",
    "read_only_write": "board_member",
}


@dataclass(frozen=True)
class Rung:
    expect: dict
    args: object = None  # world -> URL arguments
    right_role: str = "panel_chair"
    method: str = "get"
    write_data: object = field(default_factory=dict)  # a dict, or world -> dict when it names records
    # World -> a JSON body the right role sends with `right_role_method` instead of `method`: a write
    # that must really succeed. Every other rung still sends `method` with no body.
    right_role_data: object = None
    right_role_method: str = "post"
    # False: the right role signs in with a password only, as someone on the way to the second factor.
    second_factor_given: bool = True
    with_device: bool = True


def review_b(world):
    # Review B: nothing in it is addressed to CSC, so csc_lead is the "other agency".
    return [world.reviews["B"].pk]
