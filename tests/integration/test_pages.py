"""The pages through the TestClient: logging in by the form, CSRF refusals, languages, form errors."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from spinecoach.store.tables import CheckRow, SessionRow
from tests.integration.api_support import API, GO_CHECK, Clinic, build_clinic, event_body, start_body


@pytest.fixture
def clinic(make_client: Callable[[], TestClient]) -> Clinic:
    clinic = build_clinic(make_client())
    clinic.ok(
        "P",
        "POST",
        f"/patients/{clinic.pid}/screenings",
        {
            "red_flags": [],
            "hernia": "diagnosed",
            "seen_doctor": True,
            "flare_up": False,
            "osteochondrosis": False,
            "instructor_program": False,
        },
    )
    return clinic


def csrf_of(page: Any) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def logged_in(
    make_client: Callable[[], TestClient], clinic: Clinic, key: str = "P"
) -> tuple[TestClient, str]:
    """A browser that logged in through the form as `key`; returns it and its pages' CSRF token."""
    browser = make_client()
    person = clinic[key]
    answer = browser.post(
        "/login",
        data={
            "email": person.email,
            "password": person.password,
            "csrf_token": csrf_of(browser.get("/login")),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return browser, csrf_of(browser.get("/help"))


def browser_login(make_client: Callable[[], TestClient], clinic: Clinic) -> tuple[TestClient, str]:
    """The patient P, logged in through the form, and sent to their Today page."""
    browser, token = logged_in(make_client, clinic)
    assert browser.get("/", follow_redirects=False).headers["location"] == f"/patients/{clinic.pid}/today"
    return browser, token


def count(clinic: Clinic, table: type[Any]) -> int:
    with clinic.sessions() as db:
        return db.query(table).count()


def test_a_form_without_its_token_is_refused_and_stores_nothing(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, token = browser_login(make_client, clinic)
    form = {"exercise": "hands-knees-breathing", "flare_up": "no", "pain": "2", "reach": "back"}
    before = count(clinic, CheckRow)
    for sent in ({}, {"csrf_token": "0" * 64}, {"csrf_token": token[:-1]}):
        refused = browser.post(f"/patients/{clinic.pid}/check", data={**form, **sent}, follow_redirects=False)
        assert refused.status_code == 403
        assert "This form has expired" in refused.text
    assert count(clinic, CheckRow) == before
    accepted = browser.post(
        f"/patients/{clinic.pid}/check", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert accepted.status_code == 303
    assert re.fullmatch(rf"/patients/{clinic.pid}/sessions/\d+", accepted.headers["location"])
    assert count(clinic, CheckRow) == before + 1


def test_the_login_form_needs_the_token_of_the_browser_that_loaded_it(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    other = make_client()
    token_of_other = csrf_of(other.get("/login"))
    browser = make_client()
    browser.get("/login")
    p = clinic["P"]
    forged = browser.post(
        "/login",
        data={"email": p.email, "password": p.password, "csrf_token": token_of_other},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    assert "spinecoach_session" not in forged.headers.get("set-cookie", "")


def test_api_calls_with_the_cookie_need_the_header_but_bearer_clients_do_not(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, token = browser_login(make_client, clinic)
    check_id = clinic.check()
    session_id = clinic.start(check_id)
    events = f"{API}/patients/{clinic.pid}/sessions/{session_id}/events"
    refused = browser.post(events, json=event_body("cookie-1"))
    assert refused.status_code == 403
    assert "security token" in refused.json()["error"]
    assert (
        browser.post(events, json=event_body("cookie-1"), headers={"X-CSRF-Token": token}).status_code == 201
    )
    assert clinic.post("P", events.removeprefix(API), event_body("bearer-1")).status_code == 201
    assert browser.get(f"{API}/patients/{clinic.pid}/sessions").status_code == 200  # reads need no token
    fresh = browser.post(
        f"{API}/patients/{clinic.pid}/sessions", json=start_body(check_id), headers={"X-CSRF-Token": token}
    )
    assert fresh.status_code == 201


def test_the_language_follows_the_browser_and_the_switch_wins(make_client: Callable[[], TestClient]) -> None:
    browser = make_client()
    assert '<html lang="ru">' in browser.get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).text
    page = browser.get("/login", headers={"Accept-Language": "de, en;q=0.5"})
    assert '<html lang="en">' in page.text and ">Log in</h1>" in page.text
    switched = browser.post(
        "/language",
        data={"language": "ru", "next": "/help", "csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    assert switched.status_code == 303 and switched.headers["location"] == "/help"
    help_page = browser.get("/help", headers={"Accept-Language": "en"})
    assert "Как безопасно остановиться" in help_page.text
    away = browser.post(
        "/language",
        data={"language": "en", "next": "https://evil.example/", "csrf_token": csrf_of(help_page)},
        follow_redirects=False,
    )
    assert away.headers["location"] == "/"  # never a redirect to another site


def test_the_check_form_names_each_problem_and_stores_nothing(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, token = browser_login(make_client, clinic)
    before = count(clinic, CheckRow)
    answer = browser.post(
        f"/patients/{clinic.pid}/check",
        data={
            "csrf_token": token,
            "exercise": "russian-twist",
            "pain": "11",
            "red_flags": "no-such-flag",
        },
    )
    assert answer.status_code == 422
    for message in (
        "not one we know",
        "whether your pain is flaring up",
        "from 0 (none) to 10",
        "how far the pain reaches",
        "Please choose one of today",
    ):
        assert message in answer.text
    assert count(clinic, CheckRow) == before


def test_a_red_flag_in_the_check_starts_no_session(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser, token = browser_login(make_client, clinic)
    sessions_before = count(clinic, SessionRow)
    answer = browser.post(
        f"/patients/{clinic.pid}/check",
        data={
            "csrf_token": token,
            "exercise": "hands-knees-breathing",
            "flare_up": "no",
            "pain": "3",
            "reach": "back",
            "red_flags": ["bowel-control"],
        },
    )
    assert answer.status_code == 200
    assert "emergency department" in answer.text
    assert count(clinic, SessionRow) == sessions_before
    assert GO_CHECK["red_flags"] == []


def test_a_page_for_someone_not_logged_in_goes_to_the_login_page_and_back(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    browser = make_client()
    answer = browser.get(f"/patients/{clinic.pid}/journal", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/login?next=/patients/{clinic.pid}/journal"
    login = browser.get(answer.headers["location"])
    p = clinic["P"]
    back = browser.post(
        "/login",
        data={
            "email": p.email,
            "password": p.password,
            "csrf_token": csrf_of(login),
            "next": f"/patients/{clinic.pid}/journal",
        },
        follow_redirects=False,
    )
    assert back.headers["location"] == f"/patients/{clinic.pid}/journal"
    journal = browser.get(back.headers["location"])
    assert journal.status_code == 200 and journal.headers["cache-control"] == "no-store"
