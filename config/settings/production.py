"""Production: every secret and address comes from the environment, with no default."""

import os

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def required_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


def strong_secret_key(name: str) -> str:
    """The key, if it passes Django's own test of a strong key (check --deploy's security.W009);
    refused at start-up rather than only warned about."""
    value = required_env(name)
    if (
        len(value) < SECRET_KEY_MIN_LENGTH
        or len(set(value)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or value.startswith(SECRET_KEY_INSECURE_PREFIX)
    ):
        raise ImproperlyConfigured(
            f"{name} is too weak for production: use at least {SECRET_KEY_MIN_LENGTH} random characters, "
            'e.g. from: python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    return value


DEBUG = False
SECRET_KEY = strong_secret_key("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in required_env("DJANGO_ALLOWED_HOSTS").split(",") if host.strip()]
# E-mailed links point at the first allowed host over HTTPS unless PRT_SITE_URL says otherwise.
SITE_URL = os.environ.get("PRT_SITE_URL") or f"https://{ALLOWED_HOSTS[0]}"
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]
required_env("DATABASE_URL")  # read by base via dj-database-url; refuse to fall back to SQLite
CELERY_BROKER_URL = required_env("CELERY_BROKER_URL")
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
# One cache for every web worker (Redis, a database of its own): dashboard figures computed by one
# worker serve the others, and a change seen by one reaches all (actions/dashboards/cache.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": required_env("CACHE_URL"),
    }
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The __Host- prefix makes browsers refuse these cookies unless they are secure, host-only and path=/,
# so a sibling subdomain cannot set or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")
