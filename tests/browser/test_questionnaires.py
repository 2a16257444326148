"""The questionnaires in a real browser on a phone-sized screen: the reminder on Today, the ODI filled
in by keyboard alone, its score and band, the journal's chart, and the doctor's report as a PDF."""

from pathlib import Path
from typing import Any

from spinecoach.services import demo
from tests.browser.conftest import DemoServer, log_in

CLARA = demo.PATIENTS[2][0]  # answered four weeks ago, so due again today
# Sections 1-10 by keyboard: a level, or None to leave it out. 8 answered, 9 points: 22.5% -> 23.
LEVELS = [2, 1, 1, 1, 1, 1, 1, None, 1, None]
WIDEST_IN_MAIN = (
    "Math.max(...[...document.querySelectorAll('main *')].map(e => e.getBoundingClientRect().right))"
)


def test_a_patient_answers_the_reminder_by_keyboard_and_takes_the_report_to_the_doctor(
    page: Any, demo_server: DemoServer, tmp_path: Path
) -> None:
    log_in(page, demo_server.base, CLARA)
    reminder = page.get_by_role("region", name="Your questionnaires are due")
    assert reminder.is_visible()
    assert "optional" in reminder.inner_text()
    reminder.get_by_role("link", name="Daily activities (Oswestry questionnaire)").click()
    page.get_by_role("heading", level=1, name="Oswestry Disability Index 2.1a").wait_for()
    assert page.evaluate(WIDEST_IN_MAIN) <= 360

    # Keyboard only: focus lands on a section's first level; arrows choose, Space takes the first
    # level, Tab goes on to the next section (a section left alone stays unanswered).
    page.get_by_role("group", name="1. Pain intensity").get_by_role("radio").first.focus()
    for level in LEVELS:
        if level == 0:
            page.keyboard.press("Space")
        for _ in range(level or 0):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Save my answers"
    page.keyboard.press("Enter")

    page.get_by_role("heading", level=1, name="Saved: your Oswestry score").wait_for()
    assert page.locator("#odi-score").inner_text() == "23%"
    assert page.locator("#odi-band").inner_text() == "Band: moderate (over 20 to 40%)"
    assert "It is not a diagnosis" in page.get_by_role("note").inner_text()
    assert page.evaluate(WIDEST_IN_MAIN) <= 360  # nothing of the page's own runs off a phone

    page.get_by_role("link", name="See it in my journal").click()
    chart = page.get_by_role("img", name="Oswestry score in percent over time", exact=False)
    assert chart.is_visible()
    assert chart.locator("circle.point").count() == 2  # four weeks ago, and today
    odi_card = page.get_by_role("region", name="Daily activities (Oswestry)")
    assert "23%, moderate (over 20 to 40%)" in odi_card.inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Report for the doctor (PDF)").click()
    saved = tmp_path / "report.pdf"
    download.value.save_as(saved)
    assert download.value.suggested_filename.endswith(".pdf")
    assert saved.read_bytes().startswith(b"%PDF-")

    page.goto(f"{demo_server.base}/patients/{demo_server.patient_id(CLARA)}/today")
    assert page.get_by_role("link", name="Daily activities (Oswestry questionnaire)").count() == 0
    assert page.get_by_role("link", name="How back pain affects you (STarT Back questionnaire)").is_visible()
