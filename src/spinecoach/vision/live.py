"""One live camera check: JPEG frames in, one at a time, and for each the landmarks and the verdict.

The WebSocket (web/posture_socket.py) runs every method of a `LiveCheck` in the connection's own
worker thread, one call at a time. A frame is decoded in memory, handed to the pose model (tracking
mode: one model per connection) and dropped; only the landmarks and the verdict come back, and the
seconds watched and correct are counted (domain/posture/observed.py).
"""

from dataclasses import dataclass, field
from typing import Any

from spinecoach.domain.posture.observed import PostureClock, PostureSeconds, landmarks_of
from spinecoach.domain.posture.rules import CORRECT
from spinecoach.domain.posture.targets import CameraPosture
from spinecoach.domain.posture.tracker import PostureTracker, Tracked
from spinecoach.domain.text import Language, Text
from spinecoach.vision.frames import decode_jpeg
from spinecoach.vision.pose import PoseEstimator


@dataclass
class LiveCheck:
    """One connection's check: `open` loads the model (VisionUnavailable without the extra), `judge`
    answers a frame (UnreadableMedia for a bad one), `stop` ends the count and frees the model."""

    posture: CameraPosture
    language: Language
    tracker: PostureTracker = field(init=False)
    clock: PostureClock = field(default_factory=PostureClock)
    estimator: PoseEstimator | None = None
    judged: int = 0
    shown_hint: Text | None = None

    def __post_init__(self) -> None:
        self.tracker = PostureTracker(self.posture)

    def open(self) -> None:
        self.estimator = PoseEstimator(still_images=False)

    def judge(self, jpeg: bytes, at: float, phase: str | None) -> dict[str, Any]:
        rgb = decode_jpeg(jpeg)
        assert self.estimator is not None
        frame = self.estimator.estimate(rgb)
        del rgb  # the picture is not kept past the model
        tracked = self.tracker.update(frame, at)
        self.clock.frame(at, tracked.posture, phase)
        self.judged += 1
        landmarks = (
            None
            if frame is None
            else [[round(p.x, 4), round(p.y, 4), round(p.visibility, 3)] for p in frame.image]
        )
        return {"type": "result", "landmarks": landmarks, **self._verdict(tracked)}

    def _verdict(self, tracked: Tracked) -> dict[str, Any]:
        result = tracked.result
        if tracked.posture == result.posture:
            self.shown_hint = result.hint  # the shown verdict's own words (it lags the raw one a little)
        hint = None if tracked.posture == CORRECT else self.shown_hint
        failing = [] if tracked.posture == CORRECT else result.failing
        seconds = self.clock.total
        return {
            "posture": tracked.posture,
            "changed": tracked.changed,
            "correction": None if hint is None else hint.in_(self.language),
            "failing": [
                {
                    "fault": None if c.fault is None else c.fault.value,
                    "measure": c.check.measure.value,
                    "value": None if c.value is None else round(c.value, 1),
                    "excess": round(c.excess, 1),
                }
                for c in failing
            ],
            "failing_landmarks": landmarks_of([c.check.measure for c in failing]),
            "view": None if result.view is None else result.view.value,
            "in_position": tracked.in_position,
            "credit": tracked.credit,
            "observed_s": round(seconds.observed, 1),
            "correct_s": round(seconds.correct, 1),
        }

    def stop(self, at: float) -> PostureSeconds:
        self.clock.stop(at)
        if self.estimator is not None:
            self.estimator.close()
            self.estimator = None
        return self.clock.total
