"""In CI (REQUIRE_SERVICES=1) the suite must run on PostgreSQL and Redis, never silently on defaults."""

import os

import pytest
from django.conf import settings
from django.db import connection

requires_services = pytest.mark.skipif(
    not os.environ.get("REQUIRE_SERVICES"), reason="runs where REQUIRE_SERVICES is set (CI)"
)


@requires_services
def test_database_is_postgresql():
    assert connection.vendor == "postgresql"


@requires_services
def test_broker_is_redis_and_answers():
    import redis

    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert redis.Redis.from_url(settings.CELERY_BROKER_URL).ping() is True
