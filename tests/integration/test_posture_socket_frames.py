"""The camera posture check's WebSocket judging real JPEG frames with the pose model, and the seconds it stores.

The model tests are skipped without the optional extra, except in CI (see posture_support.py).
"""

import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from starlette.websockets import WebSocketDisconnect

from spinecoach.store.tables import SessionRow
from spinecoach.web import posture_socket
from tests.integration import posture_support
from tests.integration.api_support import Clinic, finish_body
from tests.integration.posture_support import (
    CORRECT,
    HIPS_HIGH,
    audit_rows,
    bearer,
    exchange,
    jpeg,
    needs_model,
    stored,
    url,
)
from tests.integration.test_exports import pdf_text

# The shared fixtures: one clinic for the module, and a fresh open session of P's for each test.
world, clinic, session_id = posture_support.world, posture_support.clinic, posture_support.session_id


# --- with the model --------------------------------------------------------------------------------


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
