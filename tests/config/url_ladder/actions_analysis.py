"""Timeliness and themes dashboards: every signed-in person has the pages, counting only the reviews they
may see (nothing at all for someone with no role). They only read: a POST answers 405."""

from .rungs import LOGIN, Rung


def _read_page():
    return Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 200,
            "other_partnership": 200,
            "other_agency": 200,
            "read_only_write": 405,
            "right_role": 200,
        },
        right_role="board_member",
    )


ROWS = {
    "timeliness": _read_page(),
    "themes": _read_page(),
}
