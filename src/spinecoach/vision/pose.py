"""MediaPipe's pose model, imported only when it is used.

The `mediapipe` 0.10.21 wheel ships the full pose model (`pose_landmark_full.tflite`) and the detector;
its legacy pose solution runs them offline with model complexity 1. The lite (0) and heavy (2) models
are downloaded at run time, which must never happen here, so complexity 1 is fixed.
"""

import importlib
from types import ModuleType, TracebackType
from typing import Any, Self

from spinecoach.domain.posture.landmarks import PoseFrame
from spinecoach.vision.errors import EXTRA, VisionUnavailable

MODEL_COMPLEXITY = 1  # the only model the wheel ships; see the module note
MIN_DETECTION_CONFIDENCE = 0.5
MIN_TRACKING_CONFIDENCE = 0.5


def mediapipe() -> ModuleType:
    try:
        mp = importlib.import_module("mediapipe")  # the extra is optional: imported on use
    except ImportError:
        raise VisionUnavailable(f"the camera check needs the pose model: {EXTRA}") from None
    return mp


class PoseEstimator:
    """Landmarks of the one person in a picture. `still_images` treats each picture on its own;
    otherwise the model tracks the person from frame to frame, which is faster and steadier."""

    def __init__(self, still_images: bool = False) -> None:
        self._pose = mediapipe().solutions.pose.Pose(
            static_image_mode=still_images,
            model_complexity=MODEL_COMPLEXITY,
            smooth_landmarks=True,
            enable_segmentation=False,
            min_detection_confidence=MIN_DETECTION_CONFIDENCE,
            min_tracking_confidence=MIN_TRACKING_CONFIDENCE,
        )

    def estimate(self, rgb: Any) -> PoseFrame | None:
        """The landmarks in an RGB picture (height x width x 3, uint8), or None when nobody is found."""
        height, width = rgb.shape[:2]
        found = self._pose.process(rgb)
        if found.pose_landmarks is None:
            return None
        image = [(p.x, p.y, p.z, p.visibility) for p in found.pose_landmarks.landmark]
        world = None
        if found.pose_world_landmarks is not None:
            world = [(p.x, p.y, p.z) for p in found.pose_world_landmarks.landmark]
        return PoseFrame.of(image, world, width, height)

    def close(self) -> None:
        self._pose.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
