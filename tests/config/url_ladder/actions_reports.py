"""The yearly report pack: the list of years and the report of a year (page, PDF, XLSX, CSV).

Everyone signed in reads the report of what they may see, so nobody is refused: someone with no role
gets an empty list and an empty report (200), the South panel chair gets South's review of 2024, and
the CSC lead gets CSC's part of review A. Both pages are GET only: the board member's POST gets 405.
"""

from .rungs import LOGIN, Rung


def year_2024(world):
    # The world's reviews were all notified in 2024.
    return [2024]


READ_BY_ALL = {
    "anonymous": LOGIN,
    "no_roles": 200,
    "other_partnership": 200,
    "other_agency": 200,
    "read_only_write": 405,
    "right_role": 200,
}

ROWS = {
    "yearly_reports": Rung(READ_BY_ALL, right_role="board_member"),
    "yearly_report": Rung(READ_BY_ALL, args=year_2024, right_role="board_member"),
}
