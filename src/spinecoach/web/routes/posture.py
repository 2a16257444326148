"""The live camera posture check: a WebSocket beside the session's routes (web/posture_socket.py)."""

from fastapi import APIRouter, WebSocket

from spinecoach.web import posture_socket
from spinecoach.web.deps import IdPath

router = APIRouter(tags=["sessions"])


@router.websocket("/patients/{patient_id}/sessions/{session_id}/posture")
async def posture(websocket: WebSocket, patient_id: IdPath, session_id: IdPath) -> None:
    """JPEG frames in, landmarks and the posture verdict out; only the patient, on an open session."""
    await posture_socket.serve(websocket, patient_id, session_id)
