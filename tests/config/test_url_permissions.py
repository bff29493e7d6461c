"""The permission ladder, generated from the URL conf.

Every named URL of the project must have a row in a module of tests/config/url_ladder/ (or belong to
a namespace listed there): a URL added without saying who may use it fails
`test_every_url_has_an_expectation`. Each row says what each rung of the ladder gets:

    anonymous        not signed in
    no_roles         signed in, no role anywhere
    other_partnership  a panel chair of the other partnership
    other_agency     an agency lead whose agency the record is not addressed to
    read_only_write  a board member sending a POST
    right_role       the role the page is for

`LOGIN` means a redirect to the sign-in page; other values are status codes.
"""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import build_world, sign_in

from .url_ladder import LADDER, NAMESPACE_PROBES, NAMESPACES
from .url_ladder.rungs import ADMIN_LOGIN, LOGIN, RUNG_PERSONAS, RUNGS

pytestmark = pytest.mark.django_db


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


@pytest.fixture(scope="module")
def ladder_world(django_db_setup, django_db_blocker):
    """One world for the whole ladder, rolled back after the module: each case runs in a savepoint of its
    own, so whatever a case writes (a sign-in, a refused POST) is gone before the next one."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.mark.parametrize(("name", "rung", "step"), cases())
def test_ladder(client, db, ladder_world, name, rung, step):
    world = ladder_world
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
        data = rung.write_data(world) if callable(rung.write_data) else rung.write_data
        response = client.post(url, data)
    elif step == "right_role" and rung.right_role_data is not None:
        send = getattr(client, rung.right_role_method)
        response = send(url, rung.right_role_data(world), content_type="application/json")
    else:
        response = getattr(client, rung.method)(url)

    assert outcome(response) == rung.expect[step]
