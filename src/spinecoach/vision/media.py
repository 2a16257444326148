"""Decoding a still picture or a video file into RGB frames, with OpenCV (it comes with mediapipe).

Frames are yielded one at a time and never written anywhere.
"""

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from spinecoach.vision.errors import EXTRA, UnreadableMedia, VisionUnavailable

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp"})
FALLBACK_FPS = 30.0  # when a video does not say its frame rate


def opencv() -> ModuleType:
    try:
        cv2 = importlib.import_module("cv2")  # the extra is optional: imported on use
    except ImportError:
        raise VisionUnavailable(f"reading pictures and videos needs OpenCV: {EXTRA}") from None
    return cv2


def is_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


def read_image(path: Path) -> Any:
    """One RGB picture."""
    _exists(path)
    cv2 = opencv()
    bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if bgr is None:
        raise UnreadableMedia(f"{path}: is not a picture that can be read (png, jpg, bmp, webp)")
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


@dataclass
class Video:
    """An open video: its frame rate and its RGB frames, decoded one at a time."""

    path: Path
    fps: float
    _capture: Any

    def frames(self) -> Iterator[Any]:
        cv2 = opencv()
        try:
            while True:
                ok, bgr = self._capture.read()
                if not ok:
                    return
                yield cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        finally:
            self._capture.release()


def open_video(path: Path) -> Video:
    _exists(path)
    cv2 = opencv()
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        raise UnreadableMedia(f"{path}: is not a video that can be read")
    fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
    return Video(path, fps if 0 < fps <= 1000 else FALLBACK_FPS, capture)


def _exists(path: Path) -> None:
    if not path.is_file():
        raise UnreadableMedia(f"{path}: there is no such file")
