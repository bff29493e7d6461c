"""Settings shared by every environment.

Environment-specific modules (local, test, production) import from here and
override only what differs. Values that must never have a default in
production are read in production.py, not here.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PRT_VAR_DIR", BASE_DIR / "var"))

DEBUG = False
ALLOWED_HOSTS: list[str] = []
# The address people open the service at: links in e-mails start with it.
SITE_URL = os.environ.get("PRT_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    # Third-party
    "guardian",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_celery_beat",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    # Ours
    "agencies",
    "reviews",
    "actions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: no-store, private on every response that reaches Django (not static files).
    "config.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ours, after OTPMiddleware and MessageMiddleware: session limits, then the second factor.
    "agencies.middleware.SessionLimitsMiddleware",
    "agencies.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a lockout signal into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.unread_notifications",
            ],
        },
    },
]
# Our forms choose the GOV.UK renderer themselves (config.form_renderer); the admin keeps Django's markup.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: DATABASE_URL wins everywhere; the local default is an embedded SQLite file.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agencies.User"
AUTHENTICATION_BACKENDS = [
    # Axes first so a locked-out user is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Demo data (fictional partnership, shared demo password) may only be loaded where this is true.
DEMO_DATA_ALLOWED = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded evidence lives outside the web root and is never served as static.
MEDIA_ROOT = Path(os.environ.get("PRT_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Evidence and imported spreadsheets: never served from a URL of their own, only through the
    # download view, which checks who is asking and logs it.
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# Largest evidence file accepted, in bytes.
EVIDENCE_MAX_BYTES = int(os.environ.get("PRT_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024))
# Largest spreadsheet accepted for an action plan import, in bytes.
IMPORT_MAX_BYTES = 10 * 1024 * 1024

# django-guardian: no anonymous user row; anonymous visitors see nothing.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# django-axes: lock by username and address after repeated failures.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The same GOV.UK page (status 429) whether or not the username belongs to anyone.
AXES_LOCKOUT_CALLABLE = "agencies.auth_views.locked_out"

# django-otp: who needs a second factor is agencies.two_factor.two_factor_required.
OTP_TOTP_ISSUER = "Practice Review Tracker"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
# Enforced on the server by agencies.middleware.SessionLimitsMiddleware (seconds).
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_ABSOLUTE_LIMIT = 10 * 60 * 60
# The timeout warning (static/js/session-timeout.js) opens this long before the idle timeout.
SESSION_TIMEOUT_WARNING = 2 * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy (django-csp), in every environment. Everything comes from our own origin;
# an inline script runs only if it carries the per-request nonce: nonce="{{ request.csp_nonce }}".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Celery: JSON only, ids in arguments, late acknowledgement so a killed worker's
# task is redelivered rather than lost.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# How often the reminder sweep runs; each run also queues again any delivery a lost worker dropped.
REMINDER_SWEEP_SECONDS = max(1, int(os.environ.get("PRT_REMINDER_SWEEP_SECONDS", "900")))
# A delivery queued this long ago and still pending was lost (a worker killed, the broker restarted):
# the next sweep queues it again. The row lock and its state keep a late duplicate from sending twice.
REMINDER_REQUEUE_AFTER_SECONDS = int(os.environ.get("PRT_REMINDER_REQUEUE_AFTER_SECONDS", "600"))
# The one place periodic tasks are declared. django-celery-beat's DatabaseScheduler writes these entries
# into its tables (update_or_create by name) each time beat starts; entries removed here stay in the
# database until deleted in the admin. It stores options as columns and keeps `expire_seconds`, not
# `expires`: a sweep not started within one interval is dropped, as the next one is already queued.
CELERY_BEAT_SCHEDULE: dict = {
    "sweep-reminders": {
        "task": "actions.sweep_reminders",
        "schedule": REMINDER_SWEEP_SECONDS,
        "options": {"expire_seconds": REMINDER_SWEEP_SECONDS},
    },
}


def filesystem_broker_options(var_dir: Path) -> dict:
    """Folders for kombu's filesystem transport, created on demand."""
    folders = {
        "data_folder_in": var_dir / "broker" / "out",
        "data_folder_out": var_dir / "broker" / "out",
        "processed_folder": var_dir / "broker" / "processed",
        # Broadcast (control) messages; kombu would otherwise use ./control in the working directory.
        "control_folder": var_dir / "broker" / "control",
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    return {key: str(value) for key, value in folders.items()} | {"store_processed": False}


CELERY_BROKER_TRANSPORT_OPTIONS = (
    filesystem_broker_options(VAR_DIR) if CELERY_BROKER_URL.startswith("filesystem://") else {}
)

REST_FRAMEWORK = {
    # The token scheme first: a request with no credentials then answers 401 and names it.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.ApiSchema",
    "DEFAULT_PAGINATION_CLASS": "config.api.pagination.Pages",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "config.api.errors.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
# Personal API tokens (django-rest-knox): only a digest is stored. A token lasts 90 days from its
# creation, however often it is used, and nobody holds more than five at once (agencies.tokens).
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=90),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 5,
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Practice Review Tracker API",
    "DESCRIPTION": (
        "Reviews, findings, recommendations, action plans, actions, progress, evidence and notifications of "
        "the partnerships you hold a role in. Each list shows only what your role lets you see; a record you "
        "may not see answers 404. Authenticate with your session or a personal token from your account page "
        "(header `Authorization: Token <token>`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and docs are for people who hold an account, as everything else is.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # The docs pages load their scripts from this site, not a CDN: the security policy allows no other.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per set of choices, as the pages call them.
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "actions.choices.Status",
        "RagEnum": "actions.choices.Rag",
        "ReviewStageEnum": "reviews.models.Stage",
        "ReviewKindEnum": "reviews.models.ReviewKind",
        "FindingKindEnum": "reviews.models.FindingKind",
        "AgencyKindEnum": "agencies.models.AgencyKind",
    },
}

# Logs carry record ids, never names or case narrative.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
