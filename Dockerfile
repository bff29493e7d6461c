# Production image for Practice Review Tracker: web (gunicorn), Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PRT_VAR_DIR=/data/var \
    PRT_MEDIA_ROOT=/data/media

RUN groupadd --system app \
    && useradd --system --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

# Pango and its fonts: WeasyPrint renders learning briefs to PDF with them. libmagic: evidence
# uploads are checked by their content.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core libmagic1 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Collect static files into the image with the production settings, so the
# hashed manifest matches what production serves. The settings refuse to load
# without their required variables; this step is given placeholders that exist
# only for this one command (no database, broker or secret is used by
# collectstatic; the secret key is a throwaway random one, as the settings refuse
# a weak key). The real values come from the environment at run time.
RUN DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/collectstatic-unused.sqlite3 \
    CELERY_BROKER_URL=memory:// \
    CACHE_URL=redis://localhost:6379/2 \
    python manage.py collectstatic --noinput \
    && mkdir -p /data/media /data/var \
    && chown -R app:app /data

# The code and static files stay owned by root; the app user may write only to /data.
USER app

EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind=0.0.0.0:8000", "--workers=3", "--access-logfile=-"]
