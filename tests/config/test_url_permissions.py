"""The permission ladder, generated from the URL conf.

Every named URL of the project must have a row in LADDER (or belong to a namespace in NAMESPACES):
a URL added without saying who may use it fails `test_every_url_has_an_expectation`. Each row says
what each rung of the ladder gets:

    anonymous        not signed in
    no_roles         signed in, no role anywhere
    other_partnership  a panel chair of the other partnership
    other_agency     an agency lead whose agency the record is not addressed to
    read_only_write  a board member sending a POST
    right_role       the role the page is for

`LOGIN` means a redirect to the sign-in page; other values are status codes.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

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
    write_data: dict = field(default_factory=dict)
    # False: the right role signs in with a password only, as someone on the way to the second factor.
    second_factor_given: bool = True
    with_device: bool = True


def review_b(world):
    # Review B: nothing in it is addressed to CSC, so csc_lead is the "other agency".
    return [world.reviews["B"].pk]


LADDER = {
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
    # The second factor's pages serve a signed-in person who still owes it (tests/agencies/
    # test_two_factor.py); anyone else, or anyone who has given it, is sent on.
    "two_factor": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 302,
            "other_partnership": 302,
            "other_agency": 302,
            "read_only_write": 302,
            "right_role": 302,
        },
    ),
    "two_factor_set_up": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 302,
            "other_partnership": 302,
            "other_agency": 302,
            "read_only_write": 302,
            "right_role": 302,
        },
    ),
    # The timeout warning's "Stay signed in": any signed-in person (tests/agencies/test_sessions.py).
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

SIGNED_IN_ELSEWHERE = {"no_roles": 302, "other_partnership": 302, "other_agency": 302, "read_only_write": 302}
LADDER |= {
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


def named_urls(resolver=None, namespace=""):
    """Every URL name of the URL conf, namespaced as reverse() wants it."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_has_an_expectation():
    unexplained = {
        name for name in named_urls() if name not in LADDER and name.split(":")[0] not in NAMESPACES
    }

    assert not unexplained, f"say who may use these URLs in LADDER: {sorted(unexplained)}"


def outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(reverse("login")):
            return LOGIN
    return response.status_code


def cases():
    rows = list(LADDER.items()) + [(NAMESPACE_PROBES[ns], rung) for ns, rung in NAMESPACES.items()]
    for name, rung in rows:
        for step in RUNGS:
            yield pytest.param(name, rung, step, id=f"{name}-{step}")


@pytest.mark.parametrize(("name", "rung", "step"), cases())
def test_ladder(client, world, name, rung, step):
    url = reverse(name, args=rung.args(world) if rung.args else None)
    persona = rung.right_role if step == "right_role" else RUNG_PERSONAS.get(step)
    if persona and (step != "right_role" or rung.second_factor_given):
        sign_in(client, world.people[persona])
    elif persona:
        user = world.people[persona]
        if rung.with_device:
            TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
        client.force_login(user)

    if step == "read_only_write":
        response = client.post(url, rung.write_data)
    else:
        response = getattr(client, rung.method)(url)

    assert outcome(response) == rung.expect[step]
