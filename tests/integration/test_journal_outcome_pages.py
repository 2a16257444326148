"""The journal's outcome section and the way out of it through the TestClient: the outcomes against
the person's own start, the report and the exports opened with the login cookie, and the calendar
link made, shown once and revoked."""

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.integration.api_support import PROGRAM, SCREENING, Clinic
from tests.integration.test_outcome_pages import ODI_HALF, STARTBACK_HIGH
from tests.integration.test_pages import logged_in


def test_the_journal_shows_the_outcomes_against_the_own_start(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, token = logged_in(make_client, clinic, "P")
    empty = browser.get(f"/patients/{clinic.pid}/journal")
    assert empty.status_code == 200
    assert f'href="/patients/{clinic.pid}/questionnaires/odi"' in empty.text  # no answers yet: a way in
    assert "Nothing to count yet." in empty.text  # no program, no sessions
    for pain in (6, 4):
        clinic.ok("P", "POST", f"/patients/{clinic.pid}/pain", {"score": pain, "reach": "back"})
    clinic.ok("P", "POST", f"/patients/{clinic.pid}/screenings", SCREENING)
    clinic.ok("I", "POST", f"/patients/{clinic.pid}/programs", PROGRAM)  # 3 days a week
    browser.post(f"/patients/{clinic.pid}/questionnaires/odi", data={**ODI_HALF, "csrf_token": token})
    worse = {f"odi-{i}": "3" for i in range(1, 11)}  # 60%: 37.5 points above the first
    browser.post(f"/patients/{clinic.pid}/questionnaires/odi", data={**worse, "csrf_token": token})
    browser.post(
        f"/patients/{clinic.pid}/questionnaires/startback", data={**STARTBACK_HIGH, "csrf_token": token}
    )
    page = browser.get(f"/patients/{clinic.pid}/journal").text
    assert 'aria-label="Oswestry score in percent over time' in page
    assert page.count('<circle class="point" cx=') >= 2
    assert "<strong>60%</strong>, severe (over 40 to 60%)" in page
    assert "<strong>23%</strong>, moderate (over 20 to 40%)" in page
    assert "38 points higher than your first value: a change that matters." in page
    assert "First: 6 of 10" in page and "Latest: 4 of 10" in page
    assert "2 points lower than your first value: a change that matters." in page
    assert "at least 2 points, or at least 30% of your first value" in page
    assert "high risk</span> total 9 of 9" in page
    assert re.search(r"<li>Week from \d{4}-\d\d-\d\d: 0 of 3</li>", page)
    assert f'href="/api/v1/patients/{clinic.pid}/report.pdf"' in page


def test_the_report_and_the_exports_open_with_the_login_cookie(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, _ = logged_in(make_client, clinic, "P")
    journal = browser.get(f"/patients/{clinic.pid}/journal").text
    links = re.findall(r'href="(/api/v1/patients/\d+/(?:report\.pdf|export\.csv|export\.json))"', journal)
    assert len(links) == 3
    answers = {link.rsplit("/", 1)[1]: browser.get(link) for link in links}
    assert answers["report.pdf"].status_code == 200
    assert answers["report.pdf"].headers["content-type"] == "application/pdf"
    assert answers["report.pdf"].content.startswith(b"%PDF-")
    assert answers["export.csv"].text.startswith("patient_id,at,record")
    assert answers["export.json"].json()["patient"]["id"] == clinic.pid


def test_the_calendar_link_is_made_shown_once_and_revoked_through_forms(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, token = logged_in(make_client, clinic, "P")
    made = browser.post(f"/patients/{clinic.pid}/calendar", data={"csrf_token": token})
    assert made.status_code == 200
    found = re.search(
        r'id="calendar-url" type="text" readonly value="http://testserver(/api/v1/calendar/[^"]+\.ics)"',
        made.text,
    )
    assert found, made.text
    feed = make_client().get(found.group(1))  # a calendar app: no login
    assert feed.status_code == 200 and "BEGIN:VCALENDAR" in feed.text
    revoked = browser.post(f"/patients/{clinic.pid}/calendar/revoke", data={"csrf_token": token})
    assert revoked.status_code == 200
    assert "(1 stopped)" in revoked.text
    assert make_client().get(found.group(1)).status_code == 404
