"""What the tests of the live camera posture check's WebSocket share: frames, a clinic, its helpers.

Frames are the rendered test pictures (shared/data/posture), encoded as JPEG in memory at 480x360, as
the page sends them. Needs the optional extra (`pip install 'spinecoach[vision]'`); without it the
model tests are skipped with the reason shown, except in CI, where a missing model is a failure.
The refusals and the "not available" answer need no model and always run.
"""

import importlib.util
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.websockets import WebSocketDisconnect

from spinecoach.store.tables import AuditRow
from spinecoach.web.app import create_app
from tests.conftest import server_settings
from tests.integration.api_support import API, Clinic, History, build_clinic, give_history

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
