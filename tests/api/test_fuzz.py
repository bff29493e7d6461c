"""The REST API fuzzed from its own OpenAPI schema, as each persona of the world, in this process.

For every operation of the schema (loaded from /api/v1/schema/ with the persona's token), generated
requests, valid and invalid, are sent with the persona's personal token, each to the same world: every
request runs in a transaction rolled back after it. Each answer must be

- no server error (5xx);
- as the schema documents it (status code, content type, headers, body);
- within the persona's rights (tests/api/access.py): a 2xx shows only records they may see, and a 2xx to
  a write comes only for a record they may write;
- and the same request without the token is refused (401 or 403).

Server errors and authorisation bypasses fail the test (the operation's subtest, at the first one met).
Answers that differ from the schema are counted and listed at the end of the run (tests/api/conftest.py),
with the other findings and the number of requests sent per persona.

Slow, and one process: `make fuzz` runs it; the main test run leaves it out (marker `fuzz`).
"""

import sys

import pytest
import schemathesis
from django.core.signals import got_request_exception
from django.db import transaction
from hypothesis import strategies as st
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from actions.models import Action, ActionPlan, Evidence, ProgressUpdate
from actions.reminder_models import Notification
from agencies.models import Agency, Partnership, User
from reviews.models import Finding, Recommendation, Review, Theme

from .access import READS, Roles, read_refusal, refused_without_credentials, resource_of, write_refusal
from .tally import BYPASS, SCHEMA_MISMATCH, SERVER_ERROR, TALLIES, RoleTally, record

pytestmark = pytest.mark.fuzz

PERSONAS = ["panel_chair", "csc_lead", "csc_owner", "lead_reviewer", "board_member", "outsider", "no_roles"]

# Generated inputs per operation and persona (some 550 per persona, each sent twice): enough to reach every
# rule above, few enough for the whole run to take about three minutes on two cores with SQLite.
MAX_EXAMPLES = 15
# Fixed, so a run repeats the one before it: the same requests in the same order.
SEED = 20250401

# Findings that fail the test: all of them, answers that differ from the schema included (it documents
# the error answers too, config/api/schema.py).
FAILING = {SERVER_ERROR, BYPASS, SCHEMA_MISMATCH}

CONFORMANCE_CHECKS = [
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# Records named by id in path, query and body, by the name of the parameter or field.
RESOURCE_MODELS = {
    "agencies": Agency,
    "reviews": Review,
    "findings": Finding,
    "recommendations": Recommendation,
    "action-plans": ActionPlan,
    "actions": Action,
    "progress-updates": ProgressUpdate,
    "evidence": Evidence,
    "notifications": Notification,
}
FIELD_MODELS = {
    "partnership": Partnership,
    "review": Review,
    "plan": ActionPlan,
    "action": Action,
    "agency": Agency,
    "agencies": Agency,
    "findings": Finding,
    "recommendations": Recommendation,
    "themes": Theme,
    "owner": User,
    "accountable_officer": User,
    "lead_reviewer": User,
}


@pytest.fixture(params=PERSONAS)
def role(request):
    return request.param


@pytest.fixture
def person(world, role):
    return world.people[role]


class Credentials:
    """The persona's personal token as a request header; shown as a placeholder in failure reports."""

    def __init__(self, person):
        _instance, raw = AuthToken.objects.create(person)
        self.headers = {"Authorization": f"Token {raw}"}

    def __repr__(self):
        return "Credentials(<the persona's token>)"


@pytest.fixture
def credentials(person):
    return Credentials(person)


@pytest.fixture
def roles(person):
    return Roles.of(person)


@pytest.fixture
def server_exceptions():
    """The exceptions behind 500 answers, newest last, to name them in the findings."""
    caught = []

    def keep(sender, request, **kwargs):
        error = sys.exc_info()[1]
        caught.append(f"{type(error).__name__}: {error}"[:300])

    got_request_exception.connect(keep)
    yield caught
    got_request_exception.disconnect(keep)


@pytest.fixture
def api_schema(world, credentials, wsgi_app, node_id_for_lazy_schemas):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app, headers=credentials.headers)
    schema.config.seed = SEED
    # The coverage phase would add some 60 boundary-value requests per operation and persona, most of them
    # invalid input answered 400, and the run would take a quarter of an hour: generated inputs, valid and
    # invalid, reach the same rules in a few minutes.
    schema.config.phases.update(phases=["examples", "fuzzing"])
    schema.config.generation.update(
        max_examples=MAX_EXAMPLES,
        deterministic=True,
        database="none",
        # Narrowing a failing request down takes minutes per operation and persona; the summary shows the
        # shortest failing request met instead, and the run stays short when it fails.
        no_shrink=True,
        # The token is added to each request here; a generated Authorization header would replace it.
        with_security_parameters=False,
    )
    _prefer_records_of_the_world(schema)
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_each_answer_keeps_within_the_personas_rights(
    case, role, person, roles, credentials, server_exceptions
):
    tally = TALLIES.setdefault(role, RoleTally())
    tally.operations.add(case.operation.label)
    tally.cases += 1
    with transaction.atomic():
        severe = _send_and_check(case, role, person, roles, credentials, server_exceptions)
        # Every request meets the same world.
        transaction.set_rollback(True)
    assert not severe, "\n".join(severe)


def _send_and_check(case, role, person, roles, credentials, server_exceptions) -> list[str]:
    """Send the case as `person` and without credentials; record what is wrong and return the findings
    that fail the test."""
    tally = TALLIES[role]
    server_exceptions.clear()
    response = case.call(headers=credentials.headers)
    tally.requests += 1
    if 200 <= response.status_code < 300:
        tally.accepted["reads" if case.method.upper() in READS else "writes"] += 1
    severe = []

    def found(kind, detail):
        # The command sends the request again; the persona's token is to be added to it.
        record(role, kind, case.operation.label, detail, case.as_curl_command())
        if kind in FAILING:
            severe.append(f"{kind}: {detail}")

    for failure in _failures(case, response, [not_a_server_error]):
        cause = server_exceptions[-1] if server_exceptions else "no exception raised"
        found(SERVER_ERROR, f"{response.status_code} {failure.title}: {cause}")
    if response.status_code < 500:
        for failure in _failures(case, response, CONFORMANCE_CHECKS):
            found(SCHEMA_MISMATCH, _mismatch(failure, response))
    if 200 <= response.status_code < 300:
        for detail in _rights_exceeded(case, response, person, roles):
            found(BYPASS, detail)

    anonymous = case.call()
    tally.requests += 1
    if not refused_without_credentials(anonymous.status_code, anonymous.request.url):
        found(BYPASS, f"answered {anonymous.status_code} without a token")
    return severe


def _mismatch(failure, response) -> str:
    """The failure in one line: its title, the status answered and, for a body, the first complaint."""
    detail = f"{failure.title} (answered {response.status_code})"
    if failure.title == "Response violates schema":
        complaint = next((line.strip() for line in failure.message.splitlines() if line.strip()), "")
        detail += f": {complaint[:160]}"
    return detail


def _failures(case, response, checks) -> list:
    try:
        case.validate_response(response, checks=checks)
    except FailureGroup as group:
        return list(group.exceptions)
    return []


def _rights_exceeded(case, response, person, roles) -> list[str]:
    """What a 2xx answer gave `person` beyond their rights."""
    resource = resource_of(case.operation.path)
    writes = case.method.upper() not in READS
    if not response.content:
        # A read with no body (HEAD) shows nothing; a write with none cannot be told apart from any other.
        return [f"a write answered {response.status_code} with no body"] if writes else []
    try:
        body = response.json()
    except ValueError:
        return [f"a {response.status_code} answer that is not JSON"]
    refusals = [read_refusal(person, resource, body)]
    if writes:
        refusals.append(write_refusal(person, roles, f"{case.method.upper()} {case.operation.path}", body))
    return [refusal for refusal in refusals if refusal]


# --- Ids of records that exist ------------------------------------------------------------------------


def _prefer_records_of_the_world(schema) -> None:
    """Half the time, an id in a path, query or body names a record of the world (either partnership's),
    rather than whatever number was generated: most random ids name nothing and answer 404."""
    by_resource = {name: _ids(model) for name, model in RESOURCE_MODELS.items()}
    by_field = {name: _ids(model) for name, model in FIELD_MODELS.items()}

    @schema.hook
    def flatmap_path_parameters(context, path_parameters):
        return _with_known_ids(path_parameters, {"id": by_resource.get(resource_of(context.operation.path))})

    @schema.hook
    def flatmap_query(context, query):
        return _with_known_ids(query, by_field)

    @schema.hook
    def flatmap_body(context, body):
        return _with_known_ids(body, by_field)


def _ids(model) -> list[int]:
    return sorted(model.objects.values_list("pk", flat=True))


def _with_known_ids(values, pools: dict) -> st.SearchStrategy:
    if not isinstance(values, dict):
        return st.just(values)
    strategies = {}
    for name, value in values.items():
        pool = pools.get(name)
        if pool and isinstance(value, int) and not isinstance(value, bool):
            strategies[name] = st.one_of(st.just(value), st.sampled_from(pool))
        elif pool and isinstance(value, list) and all(type(item) is int for item in value):
            known = st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True)
            strategies[name] = st.one_of(st.just(value), known)
        else:
            strategies[name] = st.just(value)
    return st.fixed_dictionaries(strategies)
