"""Reflow (WCAG 1.4.10): the main pages read at 320 CSS pixels wide without scrolling sideways.

Two viewports: a narrow phone (320 px wide) and a 1280 x 1024 screen zoomed to 400%, which lays pages
out in 320 x 256 CSS pixels. A data table may scroll inside its own container (the criterion's
exception for content that needs two dimensions), never the page itself.

Pages are opened by address: what is checked is how each one lays out, not the way to it.
"""

import pytest
from django.urls import reverse

from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 900}
ZOOMED_400 = {"width": 320, "height": 256}

# What does not fit: the page scrolling sideways, and any visible element that reaches outside the
# viewport or is cut off by its own box, unless a scrolling container of its own holds it.
LAYOUT_PROBLEMS = """
() => {
  const problems = []
  const width = window.innerWidth
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px in ${width}px`)
  }
  const describe = (el) => {
    const id = el.id ? `#${el.id}` : ''
    const cls = el.classList.length ? `.${[...el.classList].join('.')}` : ''
    const text = (el.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 40)
    return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`
  }
  // Hidden on purpose: visually hidden text, closed dialogs, display: none.
  const hidden = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node)
      if (style.display === 'none' || style.visibility === 'hidden') return true
      if (style.clip === 'rect(0px, 0px, 0px, 0px)' || style.clipPath === 'inset(50%)') return true
      const classes = node.classList
      if (classes.contains('govuk-visually-hidden') || classes.contains('govuk-skip-link')) return true
    }
    return false
  }
  const scrollContainer = (el) => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const overflowX = getComputedStyle(node).overflowX
      if (overflowX === 'auto' || overflowX === 'scroll') return node
    }
    return null
  }
  // One report for the outermost element that does not fit, not one for each of its descendants.
  const reported = new Set()
  const insideReported = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) if (reported.has(node)) return true
    return false
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'TEMPLATE', 'DIALOG'].includes(el.tagName)) continue
    if (hidden(el) || insideReported(el)) continue
    const rect = el.getBoundingClientRect()
    if (rect.width === 0 || rect.height === 0) continue
    const container = scrollContainer(el)
    if (container) {
      // Inside its own scrolling box; that box must itself fit.
      continue
    }
    if (rect.right > width + 1 || rect.left < -1) {
      const span = `${Math.round(rect.left)} to ${Math.round(rect.right)}`
      problems.push(`${describe(el)} reaches outside the viewport (${span})`)
      reported.add(el)
      continue
    }
    const style = getComputedStyle(el)
    const clips = ['hidden', 'clip'].includes(style.overflowX)
    if (clips && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${describe(el)} cuts off its content (${el.scrollWidth}px in ${el.clientWidth}px)`)
      reported.add(el)
    }
  }
  return problems
}
"""


def layout_problems(page) -> list[str]:
    return page.evaluate(LAYOUT_PROBLEMS)


def signed_in_pages(world) -> dict[str, str]:
    """The main pages a panel chair reads, by name."""
    return {
        "home": reverse("home"),
        "register": reverse("review_register"),
        "review": reverse("review_detail", args=[world.reviews["A"].pk]),
        "agency-work": reverse("agency_work"),
        "action": reverse("action_detail", args=[world.actions["A-csc-1"].pk]),
        "dashboard": reverse("dashboard"),
        "inbox": reverse("notifications"),
        "account": reverse("account"),
    }


@pytest.mark.parametrize("viewport", [PHONE, ZOOMED_400], ids=["320px", "400-percent-zoom"])
def test_the_main_pages_reflow_without_scrolling_sideways(browser_world, new_page, audit, viewport):
    phone = viewport == PHONE
    problems = {}

    page = new_page(**viewport)
    page.goto(reverse("login"))
    page.wait_for_load_state()
    problems["sign-in"] = layout_problems(page)
    if phone:
        audit(page)

    sign_in(page, browser_world.panel_chair)
    for name, url in signed_in_pages(browser_world).items():
        page.goto(url)
        page.wait_for_load_state()
        assert "/sign-in/" not in page.url, f"{name}: not signed in"
        problems[name] = layout_problems(page)
        if phone:
            audit(page)
            if name in ("home", "action"):
                screenshot(page, f"mobile-{name}")

    failures = [f"{name}: {problem}" for name, found in problems.items() for problem in found]
    assert not failures, "Pages that do not reflow:\n" + "\n".join(failures)
