"""The live camera posture check's WebSocket, with the real pose model on real JPEG frames.

Frames are the rendered test pictures (shared/data/posture), encoded as JPEG in memory at 480x360, as
the page sends them. Needs the optional extra (`pip install 'spinecoach[vision]'`); without it the
model tests are skipped with the reason shown, except in CI, where a missing model is a failure.
The refusals and the "not available" answer need no model and always run.
"""

import importlib.util
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.websockets import WebSocketDisconnect

from spinecoach.store.tables import AuditRow, SessionRow
from spinecoach.vision import live
from spinecoach.vision.errors import VisionUnavailable
from spinecoach.web import posture_socket
from spinecoach.web.app import create_app
from tests.conftest import server_settings
from tests.integration.api_support import API, Clinic, History, build_clinic, finish_body, give_history
from tests.integration.test_exports import pdf_text

DATA = Path(__file__).parents[2].parent / "shared" / "data" / "posture"
HAS_MODEL = importlib.util.find_spec("mediapipe") is not None
if not HAS_MODEL and os.environ.get("CI"):
    raise RuntimeError("CI must test the pose model: install the extra, pip install '.[dev,vision]'")
needs_model = pytest.mark.skipif(
    not HAS_MODEL or not (DATA / "labels.json").exists(),
    reason="MODEL TESTS NOT RUN: mediapipe is not installed (pip install 'spinecoach[vision]') "
    f"or the rendered posture test set is not at {DATA}",
)

CORRECT = "hk_correct_A_side_left_0.png"
HIPS_HIGH = "hk_hips_high_B_side_left_0.png"


def jpeg(name: str, size: tuple[int, int] = (480, 360)) -> bytes:
    import cv2

    picture = cv2.resize(cv2.imread(str(DATA / name)), size, interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".jpg", picture, [cv2.IMWRITE_JPEG_QUALITY, 80])
    assert ok
    return bytes(encoded)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Clinic, History]]:
    folder = tmp_path_factory.mktemp("posture-socket")
    url = f"sqlite:///{folder / 'clinic.sqlite3'}"
    from spinecoach.store.database import engine_for, upgrade

    engine = engine_for(url)
    upgrade(engine)
    engine.dispose()
    app = create_app(server_settings(url))
    with TestClient(app, base_url="http://testserver") as client:
        clinic = build_clinic(client)
        yield clinic, give_history(clinic)


@pytest.fixture
def clinic(world: tuple[Clinic, History]) -> Clinic:
    world[0].client.cookies.clear()
    return world[0]


@pytest.fixture
def session_id(world: tuple[Clinic, History]) -> int:
    """A fresh open session of P's (hands and knees, which has a camera check)."""
    clinic, history = world
    return clinic.start(history.check_id)


def url(clinic: Clinic, session_id: int, patient_id: int | None = None) -> str:
    return f"{API}/patients/{patient_id or clinic.pid}/sessions/{session_id}/posture"


def bearer(clinic: Clinic, who: str) -> dict[str, str]:
    return clinic[who].auth


def refused(clinic: Clinic, path: str, headers: dict[str, str]) -> WebSocketDisconnect:
    with (
        pytest.raises(WebSocketDisconnect) as refusal,
        clinic.client.websocket_connect(path, headers=headers),
    ):
        pass
    return refusal.value


def audit_rows(clinic: Clinic) -> list[AuditRow]:
    with clinic.sessions() as db:
        return list(db.scalars(select(AuditRow).where(AuditRow.action.startswith("WEBSOCKET "))))


def stored(clinic: Clinic, session_id: int) -> Any:
    return clinic.ok("P", "GET", f"/patients/{clinic.pid}/sessions/{session_id}")["posture"]


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


# --- with the model --------------------------------------------------------------------------------


def exchange(
    clinic: Clinic, session_id: int, frames: list[bytes], phase: str = "inhale", **headers: str
) -> list[dict[str, Any]]:
    answers = []
    with clinic.client.websocket_connect(
        url(clinic, session_id), headers={**bearer(clinic, "P"), **headers}
    ) as ws:
        ws.send_text(json.dumps({"phase": phase, "exercise": "hands-knees-breathing"}))
        for frame in frames:  # one in flight at a time, as the page sends them
            ws.send_bytes(frame)
            answers.append(ws.receive_json())
    return answers


@needs_model
def test_a_correct_posture_is_answered_correct_with_the_skeleton(clinic: Clinic, session_id: int) -> None:
    answer = exchange(clinic, session_id, [jpeg(CORRECT)])[0]
    assert answer["type"] == "result"
    assert answer["posture"] == "correct"
    assert answer["correction"] is None and answer["failing"] == [] and answer["failing_landmarks"] == []
    assert len(answer["landmarks"]) == 33 and all(len(p) == 3 for p in answer["landmarks"])
    assert answer["credit"] is False  # not in position after one frame


@needs_model
def test_a_faulty_posture_is_named_with_its_correction_in_the_sessions_language(
    clinic: Clinic, session_id: int
) -> None:
    english = exchange(clinic, session_id, [jpeg(HIPS_HIGH)])[0]
    assert english["posture"] == "hips_high"
    assert "hips_high" in [c["fault"] for c in english["failing"]]
    assert english["correction"] == "Lower your hips a little, until your back is level."
    assert 23 in english["failing_landmarks"]  # the left hip, marked on the page
    russian = exchange(clinic, session_id, [jpeg(HIPS_HIGH)], **{"accept-language": "ru-RU,ru;q=0.9"})[0]
    assert russian["correction"] == "Немного опустите таз, чтобы спина стала ровной."


@needs_model
def test_a_frame_that_is_not_a_picture_gets_an_error_and_the_connection_goes_on(
    clinic: Clinic, session_id: int
) -> None:
    answers = exchange(clinic, session_id, [b"\xff\xd8 not really a jpeg", b"GIF89a", jpeg(CORRECT)])
    assert [a["type"] for a in answers] == ["error", "error", "result"]
    assert answers[1]["error"].startswith("frame: not a JPEG")


def test_an_oversize_frame_is_refused_with_a_reason(clinic: Clinic, session_id: int) -> None:
    with clinic.client.websocket_connect(url(clinic, session_id), headers=bearer(clinic, "P")) as ws:
        ws.send_text('{"phase": "inhale"}')
        ws.send_bytes(b"\xff\xd8" + b"\0" * (512 * 1024))
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1009
    assert "larger than 512 KiB" in str(closed.value.reason)


def test_a_frame_before_the_phase_is_refused(clinic: Clinic, session_id: int) -> None:
    with clinic.client.websocket_connect(url(clinic, session_id), headers=bearer(clinic, "P")) as ws:
        ws.send_bytes(b"\xff\xd8")
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1008 and "phase first" in str(closed.value.reason)


@needs_model
def test_the_seconds_are_stored_when_the_socket_closes_and_reconnects_add_up(
    clinic: Clinic, session_id: int
) -> None:
    assert stored(clinic, session_id) is None  # the camera was not used yet
    frames = [jpeg(CORRECT)] * 8
    answers = exchange(clinic, session_id, frames)
    assert all(a["posture"] == "correct" for a in answers)
    first = stored(clinic, session_id)
    assert 0.3 < first["observed_s"] <= 8 * 0.5 + 0.1  # about 1/15 s a frame, each gap capped at 0.5 s
    assert first["correct_s"] == first["observed_s"] and first["share"] == 1.0

    exchange(clinic, session_id, [jpeg(HIPS_HIGH)] * 6)
    second = stored(clinic, session_id)
    assert second["observed_s"] > first["observed_s"]
    assert second["correct_s"] == pytest.approx(first["correct_s"], abs=0.11)  # hips high is not correct
    assert 0 < second["share"] < 1
    listed = next(
        s for s in clinic.ok("P", "GET", f"/patients/{clinic.pid}/sessions") if s["id"] == session_id
    )
    assert listed["posture"] == second
    assert audit_rows(clinic)[-1].outcome == "allowed" and audit_rows(clinic)[-1].status == 101

    # the instructor sees it in the report and the export; the patient's other sessions stay null
    report = " ".join(pdf_text(clinic.call("I", "GET", f"/patients/{clinic.pid}/report.pdf").content).split())
    assert "Camera posture check used in" in report and "in a correct posture" in report
    csv = clinic.call("I", "GET", f"/patients/{clinic.pid}/export.csv").text
    # the export shows the exact share, the API's is rounded to 3 places: they agree within a point
    shown = [int(n) for n in re.findall(r"correct posture (\d+)% of", csv)]
    assert any(abs(n - second["share"] * 100) <= 1 for n in shown), (shown, second)
    others = [s for s in clinic.ok("I", "GET", f"/patients/{clinic.pid}/sessions") if s["id"] != session_id]
    assert others and all(s["posture"] is None or s["posture"]["observed_s"] >= 0 for s in others)


@needs_model
def test_setup_and_rest_are_not_counted(clinic: Clinic, session_id: int) -> None:
    exchange(clinic, session_id, [jpeg(CORRECT)] * 4, phase="setup")
    assert stored(clinic, session_id) == {"observed_s": 0.0, "correct_s": 0.0, "share": None}


@needs_model
def test_frames_are_never_written_anywhere(
    clinic: Clinic, session_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No file is opened for writing by Python while frames are judged, and the temporary folder
    stays empty (the model and SQLite are C code: the database file is the only thing that changes)."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    opened: list[str] = []
    watching = [True]

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if watching[0] and event == "open" and isinstance(args[0], str | Path):
            mode = args[1] if len(args) > 1 and isinstance(args[1], str) else "r"
            if any(c in mode for c in "wax+"):
                opened.append(f"{args[0]} ({mode})")

    sys.addaudithook(hook)
    try:
        exchange(clinic, session_id, [jpeg(CORRECT), jpeg(HIPS_HIGH)] * 3)
        time.sleep(0.1)
    finally:
        watching[0] = False
    assert opened == []
    assert list(scratch.iterdir()) == []
    with clinic.sessions() as db:
        row = db.get(SessionRow, session_id)
        assert row is not None and row.posture_observed_s is not None


def test_the_socket_and_the_posture_field_are_documented() -> None:
    docs = Path(__file__).parents[2] / "docs"
    api = (docs / "api.md").read_text(encoding="utf-8")
    assert "`WEBSOCKET /api/v1/patients/{patient_id}/sessions/{session_id}/posture`" in api
    assert '"posture"' in api and "observed_s" in api
    posture = (docs / "posture.md").read_text(encoding="utf-8")
    for fact in (
        str(posture_socket.MAX_FRAME_BYTES // 1024) + " KiB",
        f"{posture_socket.MAX_FRAMES_PER_SECOND} frames",
    ):
        assert fact in posture, fact


@needs_model
def test_finishing_the_session_ends_the_connection_and_keeps_its_seconds(
    clinic: Clinic, session_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(posture_socket, "FLUSH_SECONDS", 0.0)  # store after every frame
    with clinic.client.websocket_connect(url(clinic, session_id), headers=bearer(clinic, "P")) as ws:
        ws.send_text('{"phase": "hold"}')
        ws.send_bytes(jpeg(CORRECT))
        assert ws.receive_json()["posture"] == "correct"
        clinic.ok("P", "POST", f"/patients/{clinic.pid}/sessions/{session_id}/finish", finish_body())
        ws.send_bytes(jpeg(CORRECT))
        assert ws.receive_json()["type"] == "result"  # judged, then the seconds are stored...
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()  # ...and the server learns that the session is finished
    assert (closed.value.code, closed.value.reason) == (1000, "the session is finished")
    assert stored(clinic, session_id)["observed_s"] > 0
