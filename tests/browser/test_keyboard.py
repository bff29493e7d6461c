"""An action owner adds a progress update with the keyboard alone (WCAG 2.1.1, 2.4.1, 2.4.7, 2.4.11).

No mouse: only Tab, Shift+Tab, Enter, Space, the arrow keys and typing. At every Tab stop the focused
element must be on screen, not hidden behind anything, and look different from when it is not focused.
On every page the skip link is the first Tab stop and takes focus to the main content.
"""

import re

import pytest

from actions.choices import Status
from actions.models import ProgressUpdate
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TAB_STOPS = 80
NARRATIVE = "The new multi-agency referral checklist is in use in both duty teams."

# The focused element as a keyboard user sees it: whether it is in the viewport and on top at its
# centre (not obscured by a sticky header or a dialog), and its look focused and unfocused, taken
# from the element, its ::before and ::after, and those of the label after it (GOV.UK radios and
# checkboxes draw their focus ring on the label).
FOCUS_STATE = """
() => {
  const el = document.activeElement
  if (!el || el === document.body) return null
  const properties = ['outline-style', 'outline-width', 'outline-color', 'box-shadow', 'background-color',
                      'color', 'border-top-width', 'border-top-color', 'text-decoration-line', 'clip',
                      'position']
  const parts = () => {
    const boxes = [[el, null], [el, '::before'], [el, '::after']]
    const label = el.nextElementSibling
    if (label && label.tagName === 'LABEL') boxes.push([label, '::before'], [label, '::after'])
    return boxes.map(([box, pseudo]) => {
      const style = getComputedStyle(box, pseudo)
      return properties.map((name) => style.getPropertyValue(name)).join('|')
    }).join('\\n')
  }
  const focused = parts()
  el.blur()
  const unfocused = parts()
  el.focus()
  const rect = el.getBoundingClientRect()
  const inViewport = rect.width > 0 && rect.height > 0 && rect.top >= 0 && rect.left >= 0 &&
    rect.bottom <= window.innerHeight && rect.right <= window.innerWidth
  const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2)
  const labels = el.labels ? [...el.labels] : []
  const onTop = !!hit && (hit === el || el.contains(hit) || hit.contains(el) || labels.includes(hit))
  const name = (el.getAttribute('aria-label') || (labels[0] && labels[0].innerText) ||
                el.innerText || el.value || el.id || el.tagName).trim().replace(/\\s+/g, ' ').slice(0, 60)
  return {
    name: `<${el.tagName.toLowerCase()}> ${name}`,
    inViewport, onTop,
    indicated: focused !== unfocused,
    refocused: document.activeElement === el,
  }
}
"""


def check_focus_visible(page) -> str:
    """The focused element is on screen, on top, and shows that it has focus; returns its name."""
    state = page.evaluate(FOCUS_STATE)
    assert state is not None, f"{page.url}: nothing has focus"
    assert state["refocused"], f"{page.url}: {state['name']} did not take focus back"
    assert state["inViewport"], f"{page.url}: {state['name']} has focus off screen"
    assert state["onTop"], f"{page.url}: {state['name']} has focus but is covered by something else"
    assert state["indicated"], f"{page.url}: {state['name']} looks the same focused and unfocused"
    return state["name"]


def has_focus(locator) -> bool:
    return locator.evaluate_all("els => els.includes(document.activeElement)")


def tab_to(page, locator, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until `locator` has focus, checking the focus at every stop."""
    passed = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press(key)
        passed.append(check_focus_visible(page))
        if has_focus(locator):
            return
    raise AssertionError(f"{page.url}: {key} never reached {locator}; it passed {passed}")


def skip_to_main_content(page, audit) -> None:
    """On a newly loaded page: audit it, then check the skip link is the first Tab stop and works."""
    page.wait_for_load_state()
    audit(page)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert has_focus(skip_link), f"{page.url}: the first Tab stop is not the skip link"
    check_focus_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content", f"{page.url}: focus is not on main"


def press_and_load(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def test_an_action_owner_adds_a_progress_update_by_keyboard(browser_world, new_page, audit):
    owner = browser_world.csc_owner
    action = browser_world.actions["A-csc-1"]
    action.owner = owner
    action.save(update_fields=["owner"])
    page = new_page()

    page.goto("/sign-in/")
    skip_to_main_content(page, audit)
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type(owner.username)
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(TEST_PASSWORD)
    tab_to(page, page.get_by_role("button", name="Sign in"))
    press_and_load(page, "Enter")

    # Signed in, on their home page: the navigation leads to their agency's work.
    skip_to_main_content(page, audit)
    assert page.get_by_role("button", name="Sign out").count() == 1
    # Back up from the main content to the navigation.
    tab_to(page, page.get_by_role("link", name="Actions", exact=True), key="Shift+Tab")
    press_and_load(page, "Enter")

    skip_to_main_content(page, audit)
    tab_to(page, page.get_by_role("link", name=re.compile(rf"^Action {action.number} of .* on REF-A$")))
    press_and_load(page, "Enter")

    skip_to_main_content(page, audit)
    assert page.get_by_role("heading", level=1).inner_text() == f"Action {action.number}"
    tab_to(page, page.get_by_role("link", name="Add a progress update"))
    press_and_load(page, "Enter")

    skip_to_main_content(page, audit)
    tab_to(page, page.get_by_label("What has happened since the last update?"))
    page.keyboard.type(NARRATIVE)
    # Tab enters the status radios at the checked one; the arrow keys choose another.
    status = page.get_by_role("group", name="Status")
    in_progress = status.get_by_role("radio", name="In progress")
    tab_to(page, status.get_by_role("radio", checked=True))
    for _ in range(len(Status.choices)):
        if in_progress.is_checked():
            break
        page.keyboard.press("ArrowDown")
        check_focus_visible(page)
    assert in_progress.is_checked()
    # The RAG rating stays computed; Space presses the save button.
    tab_to(page, page.get_by_role("button", name="Save the update"))
    press_and_load(page, "Space")

    page.wait_for_load_state()
    audit(page)
    assert "Progress update added" in page.get_by_role("alert").inner_text()
    shown = page.locator("#progress ~ .govuk-inset-text", has_text=NARRATIVE)
    assert shown.count() == 1
    assert "In progress" in shown.inner_text()
    update = ProgressUpdate.objects.filter(action=action).latest("pk")
    assert (update.narrative, update.status, update.author) == (NARRATIVE, Status.IN_PROGRESS, owner)
