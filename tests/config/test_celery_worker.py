"""A task goes through a real worker process on the configured broker and comes back."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection

from config.celery_app import app, health_check


def _test_database_url() -> str | None:
    """The test database as a URL, so the worker process uses the same database as the test."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        return None
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path, transactional_db):
    """A worker process consuming a queue of its own, so no other worker can take our task."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.test"}
    if database_url := _test_database_url():
        env["DATABASE_URL"] = database_url
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own module
        [
            sys.executable, "-m", "celery", "-A", "config.celery_app", "worker",
            "--pool=solo", "--loglevel=info", "-Q", queue, "-n", f"{queue}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield queue
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.mark.services
def test_task_runs_on_a_real_worker(worker):
    result = health_check.apply_async(queue=worker)

    outcome = result.get(timeout=90)

    assert outcome["database"] == "ok"
    assert outcome["vendor"] == connection.vendor
    assert result.successful()


@pytest.mark.services
def test_the_broker_is_the_configured_one():
    # The task above must have crossed the broker named in settings, not an eager shortcut.
    assert app.conf.task_always_eager is False
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
