"""The live camera posture check over a WebSocket: JPEG frames in, landmarks and a verdict out.

One connection watches one open session of the patient who opens it ([posture.md](../../docs/posture.md)):

1. The handshake is checked like a write to the session, and one audit row is written per connection,
   with its outcome (`web/posture_admission.py`).
2. The client sends a JSON text message with the plan's phase (`{"phase": "inhale"}`), then binary
   JPEG frames, and a new phase message whenever the phase changes.
3. Each connection has its own pose model in its own worker thread, so the event loop never waits for
   it. Frames that arrive while the model is busy are dropped: only the newest is judged, and at most
   `MAX_FRAMES_PER_SECOND` a second. Frames are decoded in memory and dropped after the model has seen
   them; no frame or landmark is written anywhere.
4. The seconds watched and the seconds in a correct posture are added to the session every
   `FLUSH_SECONDS` and when the connection ends; a finished session ends the connection.
"""

import asyncio
import contextlib
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket, WebSocketDisconnect

from spinecoach.domain.errors import NotFound
from spinecoach.domain.plans import StepKind
from spinecoach.domain.posture.observed import PostureSeconds
from spinecoach.services import posture_live
from spinecoach.store.unit_of_work import UnitOfWork
from spinecoach.vision.errors import UnreadableMedia, VisionUnavailable
from spinecoach.vision.live import LiveCheck
from spinecoach.web.posture_admission import Admitted, Code, Refusal, admit, audit_connection

log = logging.getLogger("spinecoach.web")

MAX_FRAME_BYTES = 512 * 1024  # a 480x360 JPEG is 20-60 KiB; ten times that is not a camera frame
MAX_FRAMES_PER_SECOND = 15  # the tracker was tuned at 15 frames a second; more only costs CPU
FLUSH_SECONDS = 10.0  # how often the seconds are added to the session while the camera runs
IDLE_SECONDS = 60.0  # a connection that sends nothing this long is closed, giving its model back
MAX_LIVE_CHECKS = 8  # connections per server process: each holds a model and a worker thread


class Hello(BaseModel):
    """A text message: the plan's phase now (and, optionally, the exercise, which must be the session's)."""

    model_config = ConfigDict(extra="forbid")

    phase: StepKind
    exercise: str | None = Field(default=None, max_length=80)


async def serve(ws: WebSocket, patient_id: int, session_id: int) -> None:
    """The whole life of one connection."""
    seen: dict[str, Any] = {}
    try:
        admitted = await run_in_threadpool(admit, ws, patient_id, session_id, seen)
    except Refusal as refusal:
        await audit_connection(ws, seen.get("actor"), patient_id, refusal.status)
        await ws.close(refusal.code, refusal.reason)  # before accepting: the handshake is refused
        return
    await ws.accept()
    state = ws.app.state
    live = getattr(state, "live_checks", 0)
    if live >= MAX_LIVE_CHECKS:
        await audit_connection(ws, admitted.actor, patient_id, 503)
        await ws.close(Code.TRY_LATER, "the camera check is busy on this server; try again later")
        return
    state.live_checks = live + 1
    try:
        await Connection(ws, admitted, patient_id, session_id).run()
    finally:
        state.live_checks -= 1


class SessionFinished(Exception):
    pass


class Connection:
    def __init__(self, ws: WebSocket, admitted: Admitted, patient_id: int, session_id: int) -> None:
        self.ws = ws
        self.admitted = admitted
        self.patient_id = patient_id
        self.session_id = session_id
        self.check = LiveCheck(admitted.posture, admitted.language)
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="posture-check")
        self.started = time.monotonic()
        self.phase: str | None = None
        self.pending: tuple[bytes, float, str | None] | None = None
        self.ready = asyncio.Event()
        self.dropped = 0
        self.flushed = PostureSeconds()
        self.last_flush = self.started

    def _now(self) -> float:
        return time.monotonic() - self.started

    async def _in_worker(self, fn: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    async def run(self) -> None:
        try:
            try:
                await self._in_worker(self.check.open)
            except VisionUnavailable:
                await audit_connection(self.ws, self.admitted.actor, self.patient_id, 503)
                await self._close(Code.UNAVAILABLE, "the camera check is not available on this server")
                return
            await audit_connection(self.ws, self.admitted.actor, self.patient_id, 101)
            code, reason = await self._exchange()
            await self._close(code, reason)
        finally:
            # shielded: a server shutting down (or a test client leaving) cancels the connection, and
            # the seconds watched must still reach the session
            with anyio.CancelScope(shield=True):
                total = await self._in_worker(self.check.stop, self._now())
                self.executor.shutdown(wait=False)
                if self.check.judged:
                    await self._store(total)

    async def _exchange(self) -> tuple[Code, str]:
        receiver = asyncio.create_task(self._receive())
        processor = asyncio.create_task(self._process())
        done, _ = await asyncio.wait({receiver, processor}, return_when=asyncio.FIRST_COMPLETED)
        for task in (receiver, processor):
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(receiver, processor, return_exceptions=True)
        error = next(iter(done)).exception()
        if isinstance(error, Refusal):
            return error.code, error.reason
        if isinstance(error, SessionFinished):
            return Code.NORMAL, "the session is finished"
        if isinstance(error, TimeoutError):
            return Code.NORMAL, f"nothing received for {IDLE_SECONDS:.0f} s"
        if error is not None and not isinstance(error, WebSocketDisconnect):
            log.error("the camera check failed", exc_info=error)
            return Code.UNAVAILABLE, "the camera check failed on the server"
        return Code.NORMAL, "closed"

    async def _receive(self) -> None:
        """Read messages as they come: the phase, and frames, keeping only the newest unjudged one."""
        while True:
            message = await asyncio.wait_for(self.ws.receive(), IDLE_SECONDS)
            if message["type"] == "websocket.disconnect":
                return
            if message.get("text") is not None:
                self._hello(message["text"])
                continue
            data = message.get("bytes") or b""
            if len(data) > MAX_FRAME_BYTES:
                raise Refusal(413, Code.TOO_BIG, f"a frame is larger than {MAX_FRAME_BYTES // 1024} KiB")
            if self.phase is None:
                raise Refusal(422, Code.POLICY, 'send the phase first, as text: {"phase": "setup"}')
            if self.pending is not None:
                self.dropped += 1
            self.pending = (data, self._now(), self.phase)
            self.ready.set()

    def _hello(self, text: str) -> None:
        try:
            hello = Hello.model_validate(json.loads(text))
        except (ValueError, ValidationError) as error:
            problem = error.errors()[0] if isinstance(error, ValidationError) else None
            where = ".".join(str(p) for p in problem["loc"]) if problem else "message"
            raise Refusal(422, Code.POLICY, f"{where}: not a valid phase message"[:120]) from None
        if hello.exercise is not None and hello.exercise != self.admitted.exercise:
            raise Refusal(422, Code.POLICY, f"exercise: this session is {self.admitted.exercise}"[:120])
        self.phase = hello.phase.value

    async def _process(self) -> None:
        """Judge the newest frame, at most MAX_FRAMES_PER_SECOND a second, and answer it."""
        last_start = float("-inf")
        while True:
            await self.ready.wait()
            wait = last_start + 1 / MAX_FRAMES_PER_SECOND - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)  # frames arriving meanwhile replace the pending one
            self.ready.clear()
            pending, self.pending = self.pending, None
            if pending is None:
                continue
            last_start = time.monotonic()
            try:
                reply = await self._in_worker(self.check.judge, *pending)
            except UnreadableMedia as error:
                reply = {"type": "error", "error": str(error)}
            reply["dropped"] = self.dropped
            await self.ws.send_text(json.dumps(reply))
            due = time.monotonic() - self.last_flush >= FLUSH_SECONDS
            if due and not await self._store(self.check.clock.total):
                raise SessionFinished

    async def _store(self, total: PostureSeconds) -> bool:
        """Add what was counted since the last store to the session; False once it is finished."""
        delta, self.flushed, self.last_flush = total - self.flushed, total, time.monotonic()
        uow = UnitOfWork(self.ws.app.state.sessions)
        try:
            return await run_in_threadpool(
                posture_live.add_posture_seconds, uow, self.patient_id, self.session_id, delta
            )
        except NotFound:  # the session (or the patient) was deleted meanwhile
            return False

    async def _close(self, code: Code, reason: str) -> None:
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await self.ws.close(code, reason)
