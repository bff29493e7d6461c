"""The Celery application. Workers and beat start with `celery -A config.celery_app`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("practice_review_tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="config.health_check")
def health_check() -> dict:
    """Proves a worker is up with Django loaded and its database reachable; returns no data of ours."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"database": "ok" if one == 1 else "unexpected", "vendor": connection.vendor}
