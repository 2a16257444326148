"""The REST API's logins, logouts, tokens and cookies, and how it stores passwords."""

import base64
from collections.abc import Callable

from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from spinecoach.store.tables import UserRow
from tests.integration.api_support import (
    API,
    Clinic,
)

OWASP_ARGON2 = "$argon2id$v=19$m=19456,t=2,p=1$"


# --- logging in and out -------------------------------------------------------------------------


def test_a_wrong_password_and_an_unknown_email_get_the_same_401(clinic: Clinic) -> None:
    wrong_password = clinic.login(clinic["P"].email, "not-the-password")
    unknown_email = clinic.login("nobody@example.org", "not-the-password")
    assert wrong_password.status_code == unknown_email.status_code == 401
    assert (
        wrong_password.json()["error"]
        == unknown_email.json()["error"]
        == "the email or the password is wrong"
    )
    assert "set-cookie" not in wrong_password.headers


def test_five_failed_logins_refuse_the_next_try_even_with_the_right_password(clinic: Clinic) -> None:
    p = clinic["P"]
    for attempt in range(5):
        answer = clinic.login(p.email, f"wrong-password-{attempt}")
        assert answer.status_code == 401, (attempt, answer.text)
    throttled = clinic.login(p.email, p.password)
    assert throttled.status_code == 429, throttled.text
    assert "too many failed logins" in throttled.json()["error"]
    assert int(throttled.headers["Retry-After"]) > 0
    assert "set-cookie" not in throttled.headers
    # other accounts are not affected, and P's existing login keeps working
    assert clinic.login(clinic["Q"].email, clinic["Q"].password).status_code == 200
    assert clinic.get("P", "/me").status_code == 200


def test_a_login_sets_an_httponly_samesite_cookie_that_alone_authenticates(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    p = clinic["P"]
    browser = make_client()
    answer = browser.post(f"{API}/auth/login", json={"email": p.email, "password": p.password})
    assert answer.status_code == 200, answer.text
    token = answer.json()["token"]
    assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) >= 16  # at least 128 bits
    cookie = answer.headers["set-cookie"]
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert cookie.split(";")[0] == f"spinecoach_session={token}"
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    me = browser.get(f"{API}/me")  # no Authorization header: the cookie alone
    assert me.status_code == 200, me.text
    assert me.json()["email"] == p.email
    assert me.json()["patient_id"] == clinic.pid


def test_each_login_gives_a_new_token_and_a_new_login_in_a_browser_ends_its_old_one(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    p = clinic["P"]
    elsewhere = clinic.new_token("P")
    assert elsewhere != p.token
    browser = make_client()
    credentials = {"email": p.email, "password": p.password}
    first = browser.post(f"{API}/auth/login", json=credentials).json()["token"]
    second = browser.post(f"{API}/auth/login", json=credentials).json()["token"]  # sends the old cookie
    assert len({p.token, elsewhere, first, second}) == 4

    def me_with(token: str) -> int:
        return clinic.call(None, "GET", "/me", headers={"Authorization": f"Bearer {token}"}).status_code

    assert me_with(first) == 401  # renewed at login: the browser's old token ended
    assert me_with(second) == me_with(elsewhere) == me_with(p.token) == 200  # other logins go on


def test_logout_ends_the_token_whether_it_came_as_a_cookie_or_a_bearer(
    clinic: Clinic, make_client: Callable[[], TestClient]
) -> None:
    p = clinic["P"]
    browser = make_client()
    token = browser.post(f"{API}/auth/login", json={"email": p.email, "password": p.password}).json()["token"]
    assert browser.post(f"{API}/auth/logout").status_code == 204
    assert browser.get(f"{API}/me").status_code == 401
    assert clinic.call(None, "GET", "/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401

    assert clinic.call("P", "POST", "/auth/logout").status_code == 204
    after = clinic.get("P", "/me")
    assert after.status_code == 401
    assert after.headers["www-authenticate"] == "Bearer"
    assert clinic.get("Q", "/me").status_code == 200


# --- password storage ---------------------------------------------------------------------------


def stored_hash(clinic: Clinic, email: str) -> str:
    with clinic.sessions() as db:
        value = db.scalars(select(UserRow.password_hash).where(UserRow.email == email)).one()
    assert value is not None
    return value


def test_passwords_are_stored_as_argon2id_with_the_owasp_parameters(clinic: Clinic) -> None:
    for person in clinic.people.values():
        value = stored_hash(clinic, person.email)
        assert value.startswith(OWASP_ARGON2), value
        assert person.password not in value
        assert PasswordHasher().verify(value, person.password)


def test_a_hash_with_older_parameters_is_rehashed_at_the_next_login(clinic: Clinic) -> None:
    p = clinic["P"]
    old = PasswordHasher(time_cost=1, memory_cost=8192).hash(p.password)
    assert not old.startswith(OWASP_ARGON2)
    with clinic.sessions() as db:
        db.execute(update(UserRow).where(UserRow.email == p.email).values(password_hash=old))
        db.commit()
    assert clinic.login(p.email, "a-wrong-password").status_code == 401
    assert stored_hash(clinic, p.email) == old  # a failed login changes nothing
    assert clinic.login(p.email, p.password).status_code == 200
    new = stored_hash(clinic, p.email)
    assert new != old
    assert new.startswith(OWASP_ARGON2)
    assert PasswordHasher().verify(new, p.password)
    assert clinic.login(p.email, p.password).status_code == 200
