"""The production settings pass Django's deployment checklist and refuse a weak secret key."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

# The same variables .ci/run and the README give; check --deploy connects to neither server.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_ALLOWED_HOSTS": "prt.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CACHE_URL": "redis://127.0.0.1:6379/2",
}


def manage(*args: str, secret_key: str, **extra_env: str) -> subprocess.CompletedProcess:
    environment = os.environ | PRODUCTION_ENV | {"DJANGO_SECRET_KEY": secret_key} | extra_env
    environment.pop("CELERY_RESULT_BACKEND", None)
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_finds_no_issues_with_the_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        secret_key=secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL_REDIRECT="true",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    "secret_key",
    [
        "collectstatic-build-step-only",  # too short
        "replace-with-a-long-random-string",  # the .env.example placeholder
        "ab" * 40,  # long, but too few different characters
        "django-insecure-" + secrets.token_urlsafe(50),  # Django's generated development key
    ],
    ids=["short", "placeholder", "repetitive", "django-insecure"],
)
def test_production_settings_refuse_a_weak_secret_key(secret_key):
    result = manage("check", secret_key=secret_key)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak for production" in result.stderr


def test_check_deploy_fails_on_a_warning():
    # The gate is real: turning off the HTTPS redirect is reported (security.W008) and fails the command.
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        secret_key=secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL_REDIRECT="false",
    )

    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout
