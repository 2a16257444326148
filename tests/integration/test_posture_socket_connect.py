"""Who may open the camera posture check's WebSocket, and how it refuses bad connections and messages (no model needed)."""

import pytest
from starlette.websockets import WebSocketDisconnect

from spinecoach.vision import live
from spinecoach.vision.errors import VisionUnavailable
from tests.integration import posture_support
from tests.integration.api_support import Clinic, finish_body
from tests.integration.posture_support import audit_rows, bearer, refused, stored, url

# The shared fixtures: one clinic for the module, and a fresh open session of P's for each test.
world, clinic, session_id = posture_support.world, posture_support.clinic, posture_support.session_id


# --- who may connect (no model needed) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "code"),
    [(None, 4401), ("Q", 4403), ("I", 4403), ("J", 4403), ("A", 4403)],
    ids=["anonymous", "another-patient", "their-instructor", "another-instructor", "admin"],
)
def test_only_the_patient_themself_may_open_the_camera_check(
    clinic: Clinic, session_id: int, who: str | None, code: int
) -> None:
    before = len(audit_rows(clinic))
    refusal = refused(clinic, url(clinic, session_id), bearer(clinic, who) if who else {})
    assert refusal.code == code
    rows = audit_rows(clinic)
    assert len(rows) == before + 1  # one audit row for the refused connection
    patient = clinic.pid if who else None  # as for HTTP: the patient is noted once someone is logged in
    assert (rows[-1].outcome, rows[-1].status, rows[-1].patient_id) == ("denied", code - 4000, patient)
    assert rows[-1].actor_id == (clinic[who].user_id if who else None)


def test_the_patient_cannot_watch_someone_elses_session_through_their_own_id(
    clinic: Clinic, session_id: int
) -> None:
    q_patient = clinic["Q"].patient_id
    assert refused(clinic, url(clinic, session_id, q_patient), bearer(clinic, "P")).code == 4403
    assert refused(clinic, url(clinic, 999_999), bearer(clinic, "P")).code == 4404


def test_a_finished_session_is_refused(clinic: Clinic, session_id: int) -> None:
    clinic.ok("P", "POST", f"/patients/{clinic.pid}/sessions/{session_id}/finish", finish_body())
    refusal = refused(clinic, url(clinic, session_id), bearer(clinic, "P"))
    assert refusal.code == 4409
    assert audit_rows(clinic)[-1].outcome == "rejected"


def test_the_login_cookie_works_only_from_a_page_of_this_server(clinic: Clinic, session_id: int) -> None:
    clinic.client.cookies.set("spinecoach_session", clinic["P"].token)
    try:
        for origin in ({}, {"origin": "http://evil.example"}, {"origin": "http://testserver.evil.example"}):
            assert refused(clinic, url(clinic, session_id), origin).code == 4403
        with clinic.client.websocket_connect(
            url(clinic, session_id), headers={"origin": "http://testserver"}
        ) as ws:
            ws.send_text('{"phase": "setup"}')  # accepted: the connection stays open
    finally:
        clinic.client.cookies.clear()


def test_without_the_extra_the_socket_says_the_check_is_not_available(
    clinic: Clinic, session_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(still_images: bool = False) -> None:
        raise VisionUnavailable("the camera check needs the pose model")

    monkeypatch.setattr(live, "PoseEstimator", missing)
    with (
        clinic.client.websocket_connect(url(clinic, session_id), headers=bearer(clinic, "P")) as ws,
        pytest.raises(WebSocketDisconnect) as closed,
    ):
        ws.receive_text()
    assert closed.value.code == 4503
    assert "not available on this server" in str(closed.value.reason)
    assert audit_rows(clinic)[-1].outcome == "failed"
    assert stored(clinic, session_id) is None  # nothing watched, nothing stored


@pytest.mark.parametrize(
    ("message", "words"),
    [("not json", "message"), ('{"phase": "jumping"}', "phase"), ('{"phase": "inhale", "x": 1}', "x")],
)
def test_a_bad_text_message_closes_with_the_field_named(
    clinic: Clinic, session_id: int, message: str, words: str
) -> None:
    with clinic.client.websocket_connect(url(clinic, session_id), headers=bearer(clinic, "P")) as ws:
        ws.send_text(message)
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1008
    assert str(closed.value.reason).startswith(words)
