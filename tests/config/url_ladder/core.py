"""Sign-in, the home and review pages, the second factor and the admin."""

from .rungs import ADMIN_LOGIN, LOGIN, Rung, review_b

ROWS = {
    "login": Rung(
        {
            "anonymous": 200,
            "no_roles": 302,
            "other_partnership": 302,
            "other_agency": 302,
            "read_only_write": 302,
            "right_role": 302,
        },
    ),
    "logout": Rung(
        {
            "anonymous": 405,
            "no_roles": 405,
            "other_partnership": 405,
            "other_agency": 405,
            "read_only_write": LOGIN,
            "right_role": 405,
        },
    ),
    "home": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 200,
            "other_partnership": 200,
            "other_agency": 200,
            "read_only_write": 405,
            "right_role": 200,
        },
    ),
    "review_detail": Rung(
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
}

SIGNED_IN_ELSEWHERE = {"no_roles": 302, "other_partnership": 302, "other_agency": 302, "read_only_write": 302}
ROWS |= {
    # Only people whose role needs a second factor, and have not given it yet, stay on these pages.
    "two_factor": Rung(
        {"anonymous": LOGIN, **SIGNED_IN_ELSEWHERE, "right_role": 200}, second_factor_given=False
    ),
    "two_factor_set_up": Rung(
        {"anonymous": LOGIN, **SIGNED_IN_ELSEWHERE, "right_role": 200},
        second_factor_given=False,
        with_device=False,
    ),
    # Keeping a session alive changes no record: any signed-in person may, nobody else.
    "session_keep_alive": Rung(
        {
            "anonymous": 401,
            "no_roles": 204,
            "other_partnership": 204,
            "other_agency": 204,
            "read_only_write": 204,
            "right_role": 204,
        },
        method="post",
    ),
}

NAMESPACES = {
    # The Django admin is for platform superusers; everyone else is sent to its own sign-in.
    "admin": Rung(
        {
            "anonymous": ADMIN_LOGIN,
            "no_roles": ADMIN_LOGIN,
            "other_partnership": ADMIN_LOGIN,
            "other_agency": ADMIN_LOGIN,
            "read_only_write": ADMIN_LOGIN,
            "right_role": 200,
        },
        right_role="superuser",
    ),
}
NAMESPACE_PROBES = {"admin": "admin:index"}
