"""Journeys in a real browser: Debian's Chromium driven by Playwright against the live server.

Every page a journey visits is checked by axe-core for WCAG 2.2 A and AA (`audit`). Screenshots of the
main pages go to docs/tour/ (the README's tour) as the journeys pass them. Without Chromium these tests
skip, unless REQUIRE_SERVICES is set (CI), where they fail.
"""

import importlib
import os
import shutil
from pathlib import Path

import pytest

TOUR_DIR = Path(__file__).resolve().parents[2] / "docs" / "tour"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls of a test (building its
    # world, checking what a journey saved) are still plain synchronous code between browser steps.
    # Allowed for the browser test only: set for the whole process, it would reach every other test
    # (and `check --deploy` refuses it).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    path = _chromium_path()
    if path is None:
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail("Chromium is not installed: apt-get install chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield browser
        browser.close()


def _seed_what_migrations_seed() -> None:
    """A transactional test empties every table as it ends, the themes a migration seeded included; the
    next one puts them back. (serialized_rollback cannot: under Playwright's event loop the test's
    database connection is not the one that saved the rows.)"""
    from django.apps import apps

    from reviews.models import Theme

    if not Theme.objects.exists():
        importlib.import_module("reviews.migrations.0002_seed_themes").seed_themes(apps, None)


@pytest.fixture
def browser_world(transactional_db, live_server):
    """The world of tests/conftest.py, in the database the live server reads."""
    from tests.conftest import build_world

    _seed_what_migrations_seed()
    return build_world()


class Audit:
    """axe-core over every page a journey visits; the violations of all of them, reported at the end."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.pages: list[str] = []
        self.violations: list[str] = []

    def __call__(self, page) -> None:
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        self.pages.append(page.url)
        for violation in results.response["violations"]:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            self.violations.append(f"{page.url}: {violation['id']} ({violation['impact']}) at {targets}")


@pytest.fixture
def audit():
    """`audit(page)` after each page of a journey; the test fails at the end if any page had a violation."""
    auditor = Audit()
    yield auditor
    assert not auditor.violations, "axe-core found WCAG 2.2 A/AA violations:\n" + "\n".join(
        auditor.violations
    )


@pytest.fixture
def new_page(browser, live_server):
    """`new_page(width=1280)`: a page in a fresh browser context (its own cookies) on the live server."""
    contexts = []

    def open_page(width: int = 1280, height: int = 900):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> None:
    """A full-page screenshot for the README's tour: docs/tour/<name>.png."""
    TOUR_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(TOUR_DIR / f"{name}.png"), full_page=True)


def sign_in(page, user, audit=None) -> None:
    """Sign in through the sign-in page, giving the second factor from an authenticator when asked."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import TEST_PASSWORD

    page.goto("/sign-in/")
    if audit:
        audit(page)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if "/sign-in/two-factor/" in page.url:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="Browser test authenticator", confirmed=True
        )
        if "set-up" in page.url:
            page.goto("/sign-in/two-factor/")
        if audit:
            audit(page)
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.get_by_label("Code").fill(f"{code:0{device.digits}d}")
        page.get_by_role("button", name="Continue").click()
