"""Each settings module loads and serves pages the way its environment needs."""

import os
import subprocess
import sys

from django.conf import settings

SERVE_SIGN_IN_PAGE = """
import django
django.setup()
from django.test import Client
response = Client(HTTP_HOST="127.0.0.1").get("/sign-in/")
print(response.status_code)
"""


def run_with_settings(module: str, code: str, tmp_path, **env) -> subprocess.CompletedProcess:
    environment = os.environ | {"DJANGO_SETTINGS_MODULE": module, "PRT_VAR_DIR": str(tmp_path)} | env
    environment.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_local_settings_serve_the_sign_in_page_from_static_files(tmp_path):
    # What `make run` serves: embedded SQLite, static files straight from static/.
    migrate = run_with_settings(
        "config.settings.local",
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', verbosity=0)",
        tmp_path,
    )
    assert migrate.returncode == 0, migrate.stderr

    result = run_with_settings("config.settings.local", SERVE_SIGN_IN_PAGE, tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "200"


def test_production_settings_refuse_to_start_without_their_secrets(tmp_path):
    result = run_with_settings(
        "config.settings.production",
        "import django; django.setup()",
        tmp_path,
        DJANGO_SECRET_KEY="",
    )

    assert result.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable for production." in result.stderr
