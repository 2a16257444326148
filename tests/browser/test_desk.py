"""The instructor's desk in a real browser: the list with flags, a patient's page, the program
builder's live safety check (a twisting exercise cannot be saved), saving a program, and
acknowledging an alert."""

import re
from typing import Any

from spinecoach.services import demo
from tests.browser.conftest import DemoServer, log_in

ANNA, BORIS, CLARA = (email for email, _, _ in demo.PATIENTS)
TWIST = "Russian twist"
JOGGING = "Jogging on the spot"


def row_of(page: Any, name: str) -> Any:
    return page.locator("tbody tr").filter(has=page.get_by_role("link", name=name))


def test_the_instructor_sees_flags_builds_a_safe_program_and_acknowledges_an_alert(
    desktop_page: Any, demo_server: DemoServer
) -> None:
    page = desktop_page
    log_in(page, demo_server.base, demo.INSTRUCTOR)
    assert page.url.endswith("/desk")
    assert page.get_by_role("heading", level=1).inner_text() == "Patients"
    assert "stopped for pain" in row_of(page, "Boris Smirnov").inner_text()
    assert "not exercising" in row_of(page, "Clara Jones").inner_text()
    assert "not exercising" not in row_of(page, "Anna Petrova").inner_text()

    page.get_by_role("link", name="Boris Smirnov").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Boris Smirnov"
    assert page.get_by_role("link", name="Report for the doctor (PDF)").is_visible()
    page.get_by_role("link", name="Edit the program").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Program for Boris Smirnov"
    save = page.get_by_role("button", name="Save the program")
    assert save.is_enabled()  # the demo program passes the review

    # the library's filter, then a twisting exercise: the live check refuses it
    page.get_by_label("Position").select_option("sitting")
    assert page.get_by_role("button", name=f"Add {JOGGING}").is_hidden()
    page.get_by_role("button", name=f"Add {TWIST}").click()
    twist = page.locator(".builder-item").filter(has=page.get_by_role("heading", name=TWIST))
    finding = twist.locator('.findings li[data-severity="refused"]')
    finding.wait_for()
    assert "involves twisting, which is refused with a disc hernia" in finding.inner_text()
    assert twist.get_by_label(f"Why keep {TWIST} (required)").is_hidden()  # no reason can keep it
    assert save.is_disabled()
    assert "Item 4, Russian twist" in page.locator("#save-why").inner_text()

    # a forced submit is refused by the server too, with the reason, and nothing is stored
    page.evaluate("document.getElementById('save').disabled = false")
    save.click()
    page.get_by_text("The program was not saved.").wait_for()
    assert "Item 4, Russian twist: involves twisting" in page.get_by_role("alert").first.inner_text()

    # a warned exercise asks for a written reason as soon as it is added
    page.get_by_label("Position").select_option("")
    page.get_by_role("button", name=f"Add {JOGGING}").click()
    jogging = page.locator(".builder-item").filter(has=page.get_by_role("heading", name=JOGGING))
    reason = jogging.get_by_label(f"Why keep {JOGGING} (required)")
    reason.wait_for()
    assert "undesirable with a disc hernia" in jogging.locator(".findings").inner_text()

    # without the twist, with a reason and a changed value, the program can be saved
    page.get_by_role("button", name=f"Remove {TWIST}").click()
    page.wait_for_function("!document.getElementById('save').disabled")
    reason.fill("Cleared by his surgeon for light jogging twice a week.")
    jogging.get_by_label("Repetitions").fill("20")
    page.get_by_label("Name", exact=True).fill("Spring program")
    page.wait_for_function("document.querySelectorAll('.builder-item .findings li').length > 0")
    save.click()
    page.get_by_text("The program is saved.").wait_for()
    program = page.locator("#program")
    assert "Spring program" in program.inner_text()
    assert JOGGING in program.inner_text()
    assert "Cleared by his surgeon" in program.inner_text()
    assert TWIST not in program.inner_text()

    # acknowledge an alert
    buttons = page.locator("#alerts").get_by_role("button", name=re.compile("^Acknowledge"))
    open_before = buttons.count()
    assert open_before > 0
    buttons.first.click()
    page.get_by_text("The alert is marked as seen.").wait_for()
    assert (
        page.locator("#alerts").get_by_role("button", name=re.compile("^Acknowledge")).count()
        == open_before - 1
    )


def test_the_list_works_on_a_phone(page: Any, demo_server: DemoServer) -> None:
    log_in(page, demo_server.base, demo.INSTRUCTOR)
    assert page.get_by_role("heading", level=1).inner_text() == "Patients"
    assert "stopped for pain" in row_of(page, "Boris Smirnov").inner_text()
    assert fits(page)  # only the table scrolls sideways, inside its own box
    page.get_by_role("link", name="Clara Jones").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Clara Jones"
    assert fits(page)


def fits(page: Any) -> bool:
    """Nothing in the page's content is wider than the screen (base.html's header is not ours)."""
    return bool(
        page.evaluate(
            "(() => { const m = document.querySelector('main'); return m.scrollWidth <= m.clientWidth && m.getBoundingClientRect().right <= 360; })()"
        )
    )
