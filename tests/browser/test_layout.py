"""Every main page fits a 360 px phone screen: nothing sticks out sideways, the header included."""

from typing import Any

import pytest

from spinecoach.services import demo
from tests.browser.conftest import DemoServer, log_in

PATIENT = "anna@demo.spinecoach.org"
PATIENT_PAGES = ["/patients/{p}/today", "/patients/{p}/check", "/patients/{p}/journal", "/help"]
DESK_PAGES = ["/desk", "/desk/patients/{p}", "/desk/patients/{p}/program"]

# The widest point of the page, the document's own width and the widest element that is not inside
# something that scrolls on purpose (a table-wrap, the video of the camera check).
OVERFLOW = """() => {
  const inScroller = (el) => el.closest('.table-wrap, video, canvas, svg') !== null;  // an SVG clips its own
  const wide = [...document.body.querySelectorAll('*')]
    .filter((el) => !inScroller(el) && el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''));
  return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth, wide: wide.slice(0, 5)};
}"""


def _fits(page: Any, url: str) -> None:
    answer = page.goto(url)
    assert answer is not None and answer.status == 200, url
    measured = page.evaluate(OVERFLOW)
    assert measured["scroll"] <= measured["inner"] and not measured["wide"], (url, measured)


@pytest.mark.parametrize("who", ["patient", "instructor"])
def test_the_main_pages_fit_a_360_px_phone(page: Any, demo_server: DemoServer, who: str) -> None:
    assert page.viewport_size["width"] == 360
    pid = demo_server.patient_id(PATIENT)
    log_in(page, demo_server.base, PATIENT if who == "patient" else demo.INSTRUCTOR)
    for path in PATIENT_PAGES if who == "patient" else DESK_PAGES:
        _fits(page, demo_server.base + path.format(p=pid))


def test_the_guided_session_fits_a_360_px_phone_while_it_runs(page: Any, demo_server: DemoServer) -> None:
    from tests.browser.test_session import pass_the_check

    log_in(page, demo_server.base, PATIENT)
    pass_the_check(page)
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Sharp pain – stop").wait_for()
    measured = page.evaluate(OVERFLOW)
    assert measured["scroll"] <= measured["inner"] and not measured["wide"], measured
    assert page.evaluate(UNNAMED) == []  # every control of the running session has a name


# Every control a person can reach has a name a screen reader can say: its label, its own text, or
# an aria-label / aria-labelledby. (A radio or checkbox is named by the <label> around or for it.)
UNNAMED = """() => {
  const text = (el) => (el ? el.textContent.replace(/\\s+/g, ' ').trim() : '');
  const nameOf = (el) => {
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label').trim();
    const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(/\\s+/).map((id) => text(document.getElementById(id))).join(' ').trim();
    if (el.id) { const l = document.querySelector(`label[for="${el.id}"]`); if (l && text(l)) return text(l); }
    if (el.closest('label') && text(el.closest('label'))) return text(el.closest('label'));
    if (['BUTTON', 'A'].includes(el.tagName)) return text(el) || (el.title || '').trim();
    return (el.title || '').trim();
  };
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  return [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
    .filter(visible).filter((el) => !nameOf(el)).map((el) => el.outerHTML.slice(0, 120));
}"""


@pytest.mark.parametrize("who", ["patient", "instructor"])
def test_every_control_on_the_main_pages_has_an_accessible_name(
    page: Any, demo_server: DemoServer, who: str
) -> None:
    pid = demo_server.patient_id(PATIENT)
    log_in(page, demo_server.base, PATIENT if who == "patient" else demo.INSTRUCTOR)
    unnamed = {}
    for path in PATIENT_PAGES if who == "patient" else DESK_PAGES:
        page.goto(demo_server.base + path.format(p=pid))
        found = page.evaluate(UNNAMED)
        if found:
            unnamed[path] = found
    assert not unnamed, unnamed
