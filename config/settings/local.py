"""Embedded defaults for a developer's machine: SQLite, a filesystem broker, console e-mail."""

from .base import *  # noqa: F403
from .base import STORAGES, VAR_DIR

DEBUG = True
# Local only: a fixed key is acceptable because this module never serves production.
SECRET_KEY = "local-development-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DEMO_DATA_ALLOWED = True
# Static files come straight from static/ through the finders; nothing is collected here.
STORAGES = STORAGES | {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
