"""Security headers on every page: the Content Security Policy and its nonce, the browser
protections Django sets, and Cache-Control: no-store wherever case data can be shown."""

import re
from html.parser import HTMLParser
from pathlib import Path

import django_celery_beat
import pytest
from django.contrib import admin
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.middleware import NoStoreMiddleware

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
NONCE_SOURCE = re.compile(r"^'nonce-([A-Za-z0-9+/=]+)'$")


class Page(HTMLParser):
    """The script tags of a page and any inline styles or event handlers, which the policy would block."""

    def __init__(self, html: str):
        super().__init__()
        self.scripts: list[dict] = []
        self.inline_styles: list[str] = []
        self.event_handlers: list[str] = []
        self._in_script: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self._in_script = attributes | {"_body": ""}
            self.scripts.append(self._in_script)
        if tag == "style" or "style" in attributes:
            self.inline_styles.append(tag)
        self.event_handlers += [name for name in attributes if name.startswith("on")]

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script["_body"] += data

    @property
    def inline_scripts(self) -> list[dict]:
        """Scripts the browser would run from the page itself (JSON data blocks are not run)."""
        return [
            script
            for script in self.scripts
            if "src" not in script and script.get("type", "text/javascript") != "application/json"
        ]


def sign_in(client, user):
    """Signed in with a confirmed second factor, as superusers and panel chairs must be."""
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def header_nonce(response) -> str | None:
    for source in csp_directives(response).get("script-src", []):
        match = NONCE_SOURCE.match(source)
        if match:
            return match.group(1)
    return None


def assert_scripts_allowed_by_the_policy(response):
    """Every script the page would run is either from our own origin or carries the header's nonce."""
    page = Page(response.content.decode())
    nonce = header_nonce(response)
    for script in page.scripts:
        if "src" in script:
            assert script["src"].startswith("/") and not script["src"].startswith("//"), script
    for script in page.inline_scripts:
        assert nonce and script.get("nonce") == nonce, f"inline script without the nonce: {script}"
    assert not page.event_handlers, page.event_handlers


# --- Content Security Policy ----------------------------------------------------------------------


def test_sign_in_page_sends_the_content_security_policy(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    directives = csp_directives(response)
    for name, sources in POLICY.items():
        assert directives[name] == sources, name
    assert directives["script-src"][0] == "'self'"
    assert header_nonce(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_inline_scripts_carry_the_nonce_of_the_header(client):
    response = client.get(reverse("login"))

    page = Page(response.content.decode())
    nonce = header_nonce(response)
    # The js-enabled class must be set before the page paints, so it stays inline, with the nonce.
    assert [script["nonce"] for script in page.inline_scripts] == [nonce]
    assert "js-enabled" in page.inline_scripts[0]["_body"]
    # GOV.UK Frontend starts from a static module instead of an inline one.
    assert {"type": "module", "src": "/static/js/init.js", "_body": ""} in page.scripts
    assert_scripts_allowed_by_the_policy(response)


def test_each_response_has_its_own_nonce(client):
    first, second = client.get(reverse("login")), client.get(reverse("login"))

    assert header_nonce(first) != header_nonce(second)


def test_the_module_that_starts_govuk_frontend_imports_it_from_our_static_files(settings):
    init_js = (Path(settings.BASE_DIR) / "static" / "js" / "init.js").read_text()

    assert "import { initAll } from '../govuk/govuk-frontend.min.js'" in init_js
    assert (Path(settings.BASE_DIR) / "static" / "govuk" / "govuk-frontend.min.js").exists()


@pytest.mark.parametrize("url_name", ["home", "review"])
def test_our_pages_run_only_allowed_scripts_and_need_no_inline_styles(client, world, panel_chair, url_name):
    sign_in(client, panel_chair)
    url = reverse("home") if url_name == "home" else reverse("review_detail", args=[world.reviews["A"].pk])

    response = client.get(url)

    assert response.status_code == 200
    assert_scripts_allowed_by_the_policy(response)
    # style-src 'self' would block style attributes and <style> elements.
    assert not Page(response.content.decode()).inline_styles


def test_sign_in_page_needs_no_inline_styles(client):
    assert not Page(client.get(reverse("login")).content.decode()).inline_styles


def admin_urls(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    yield reverse("admin:index")
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label):
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{prefix}_changelist")
        if model_admin.has_add_permission(request):
            yield reverse(f"{prefix}_add")
        obj = model._default_manager.first()
        if obj is not None:
            yield reverse(f"{prefix}_change", args=[obj.pk])


def test_admin_pages_work_under_the_policy(client, world, superuser):
    # Django's admin runs no inline scripts; the one in django-celery-beat's periodic task form
    # is given the nonce by templates/admin/djcelery/change_periodictask_form.html.
    # One test for every page, so the world is built once.
    sign_in(client, superuser)
    checked = []

    for url in admin_urls(superuser):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response, url
        assert_scripts_allowed_by_the_policy(response)
        checked.append(url)

    assert "/admin/django_celery_beat/periodictask/add/" in checked


def test_periodic_task_form_runs_its_script_with_the_nonce(client, superuser):
    sign_in(client, superuser)

    response = client.get(reverse("admin:django_celery_beat_periodictask_add"))

    overrides = [
        s for s in Page(response.content.decode()).scripts if s.get("id") == "periodic-task-overrides"
    ]
    assert len(overrides) == 1
    assert overrides[0]["nonce"] == header_nonce(response)


def test_admin_sign_in_page_works_under_the_policy(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert_scripts_allowed_by_the_policy(response)


def test_periodic_task_form_override_differs_from_the_package_only_by_the_nonce(settings):
    ours = (Path(settings.BASE_DIR) / "templates/admin/djcelery/change_periodictask_form.html").read_text()
    package = (
        Path(django_celery_beat.__file__).parent / "templates/admin/djcelery/change_periodictask_form.html"
    ).read_text()

    without_our_additions = re.sub(r"\{% comment %\}.*?\{% endcomment %\}\n", "", ours, flags=re.S)
    without_our_additions = without_our_additions.replace(' nonce="{{ request.csp_nonce }}"', "")
    assert without_our_additions == package


# --- Headers Django's security settings add --------------------------------------------------------


def test_sign_in_page_sends_the_browser_protection_headers(client):
    response = client.get(reverse("login"))

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# --- Cache-Control: no-store -----------------------------------------------------------------------


def assert_not_stored(response):
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives, response["Cache-Control"]


def test_home_page_is_not_stored(client, panel_chair):
    sign_in(client, panel_chair)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert_not_stored(response)


def test_review_page_is_not_stored(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.get(reverse("review_detail", args=[world.reviews["A"].pk]))

    assert response.status_code == 200
    assert_not_stored(response)


def test_admin_pages_are_not_stored(client, world, superuser):
    sign_in(client, superuser)

    for url in (
        reverse("admin:index"),
        reverse("admin:reviews_review_changelist"),
        reverse("admin:reviews_review_change", args=[world.reviews["A"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response)


def test_sign_in_page_and_redirects_to_it_are_not_stored(client):
    assert_not_stored(client.get(reverse("login")))
    assert_not_stored(client.get(reverse("home")))


def test_static_files_stay_cacheable(client):
    response = client.get("/static/css/app.css")

    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]
    assert "Content-Security-Policy" not in response
    response.close()


def test_a_view_that_chooses_its_own_cache_control_keeps_it(rf: RequestFactory):
    @cache_control(max_age=60)
    def view(request):
        return HttpResponse("public")

    def no_cache_control(request):
        return HttpResponse("plain")

    assert NoStoreMiddleware(view)(rf.get("/"))["Cache-Control"] == "max-age=60"
    assert NoStoreMiddleware(no_cache_control)(rf.get("/"))["Cache-Control"] == "no-store, private"
