import logging

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from .tally import summary_lines


@pytest.fixture
def node_id_for_lazy_schemas(request):
    """schemathesis 4.32's fixture-loaded schemas read and rename `item._nodeid`, which pytest 9.2 no
    longer has: give them one to read. The operation each subtest is about still shows in its report."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@pytest.fixture
def wsgi_app(quiet_client_errors):
    """The whole Django application, middleware included, answering in this test's transaction.

    A request normally ends by closing a connection left inside a transaction; the test's transaction
    (and the world in it) would go with it, so the test client's habit is copied: not during tests.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def quiet_client_errors():
    """Thousands of 4xx answers are the point here: log only server errors."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def pytest_terminal_summary(terminalreporter):
    lines = summary_lines()
    if lines:
        terminalreporter.write_sep("=", "API fuzz: requests sent and findings, per persona")
        for line in lines:
            terminalreporter.write_line(line)
