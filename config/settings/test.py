"""Settings for the test suite; DATABASE_URL / CELERY_BROKER_URL switch to real services."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import STORAGES, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast hashing in tests only
STORAGES = STORAGES | {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Uploaded files of the tests go to a directory of this test process, never var/media.
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="prt-test-files-"), "base_url": None},
    },
}
AXES_ENABLED = True
DEMO_DATA_ALLOWED = True
# Tests read task results back; a file backend needs no server when no CELERY_RESULT_BACKEND is given.
_results_dir = VAR_DIR / "test-celery-results"
_results_dir.mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or f"file://{_results_dir}"
# Static files come straight from static/ through the finders; nothing is collected here.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
