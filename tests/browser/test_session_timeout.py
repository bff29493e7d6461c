"""The timeout warning: an accessible dialog shortly before an idle person is signed out, whose
"Stay signed in" (pressed by keyboard) keeps the session going on the server (WCAG 2.2.1).

Nobody waits half an hour: the browser's timers run on Playwright's clock, and the server's clock
(django.utils.timezone.now, which the session limits read) is moved on by the same amount. The live
server runs in this process, so moving it here moves it there.
"""

import re

import pytest
from django.conf import settings

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WARNING_HEADING = re.compile(r"You.re about to be signed out")


def wait_until_warned(page, clock):
    """Leave the page alone until the warning opens, on both clocks."""
    quiet = settings.SESSION_IDLE_TIMEOUT - settings.SESSION_TIMEOUT_WARNING
    clock.forward(quiet)
    page.clock.fast_forward(quiet * 1000)
    dialog = page.get_by_role("dialog", name=WARNING_HEADING)
    dialog.wait_for(state="visible")
    return dialog


def test_stay_signed_in_by_keyboard_extends_the_session(browser_world, new_page, audit, clock):
    page = new_page()
    page.clock.install()
    sign_in(page, browser_world.csc_lead, audit)
    page.wait_for_load_state()
    audit(page)
    home_heading = page.get_by_role("heading", level=1).inner_text()

    dialog = wait_until_warned(page, clock)

    # A modal dialog, named by its heading and described by the time left, with focus inside it.
    assert dialog.evaluate("el => el.tagName === 'DIALOG' && el.open && el.matches(':modal')")
    assert "sign you out in 2 minutes" in dialog.inner_text()
    assert dialog.evaluate("el => el.contains(document.activeElement)"), "focus did not move into the warning"
    assert (
        page.evaluate("document.activeElement.textContent").strip()
        == dialog.get_by_role("heading").inner_text().strip()
    )
    audit(page)

    stay = dialog.get_by_role("button", name="Stay signed in")
    page.keyboard.press("Tab")
    assert stay.evaluate("el => el === document.activeElement"), "Tab did not reach Stay signed in"
    with page.expect_response(lambda response: "/session/keep-alive/" in response.url) as keep_alive:
        page.keyboard.press("Enter")
    assert keep_alive.value.status == 204
    dialog.wait_for(state="hidden")

    # A minute short of the idle timeout since "Stay signed in", long past it since the page was loaded.
    clock.forward(settings.SESSION_IDLE_TIMEOUT - 60)
    page.reload()
    page.wait_for_load_state()
    audit(page)
    assert "/sign-in/" not in page.url
    assert page.get_by_role("heading", level=1).inner_text() == home_heading
    assert page.get_by_role("button", name="Sign out").count() == 1


def test_without_an_answer_the_warning_ends_in_signing_out(browser_world, new_page, audit, clock):
    page = new_page()
    page.clock.install()
    sign_in(page, browser_world.csc_lead, audit)
    page.wait_for_load_state()

    wait_until_warned(page, clock)
    clock.forward(settings.SESSION_TIMEOUT_WARNING + 5)
    with page.expect_navigation():
        page.clock.run_for((settings.SESSION_TIMEOUT_WARNING + 5) * 1000)

    page.wait_for_load_state()
    audit(page)
    assert "/sign-in/" in page.url
    assert "You were signed out after 30 minutes without activity." in page.get_by_role("main").inner_text()
