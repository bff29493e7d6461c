"""A board member reads the progress dashboard and exports it."""

import pytest

from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_reads_the_dashboard_and_exports_it(browser_world, new_page, audit):
    page = new_page()
    sign_in(page, browser_world.board_member, audit)
    audit(page)

    page.get_by_role("link", name="Dashboard").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text()
    audit(page)
    screenshot(page, "dashboard")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download every table as an Excel workbook").click()
    assert download.value.suggested_filename.endswith(".xlsx")
