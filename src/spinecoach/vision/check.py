"""`check-video`: a recorded video (or one still picture) judged against an exercise's key posture."""

from collections.abc import Callable
from pathlib import Path

from spinecoach.domain.errors import DomainError
from spinecoach.domain.exercises import Exercise
from spinecoach.domain.posture.rules import FrameResult, evaluate
from spinecoach.domain.posture.targets import CameraPosture
from spinecoach.domain.posture.timeline import summarise
from spinecoach.domain.posture.tracker import PostureTracker, Tracked
from spinecoach.domain.text import Text
from spinecoach.vision.errors import UnreadableMedia
from spinecoach.vision.media import is_image, open_video, read_image
from spinecoach.vision.pose import PoseEstimator

EstimatorFactory = Callable[[bool], PoseEstimator]


def camera_posture(exercise: Exercise) -> CameraPosture:
    """The first key posture of the exercise that declares a camera check."""
    for posture in exercise.key_postures:
        if posture.camera is not None:
            return posture.camera
    raise DomainError(
        f"exercise {exercise.id!r} has no camera check; it is declared for "
        "chest-on-table-breathing and hands-knees-breathing"
    )


def _text(text: Text | None) -> dict[str, str] | None:
    return None if text is None else {"en": text.en, "ru": text.ru}


def _failing(result: FrameResult) -> list[dict[str, object]]:
    return [
        {k: v for k, v in c.as_dict().items() if k in ("fault", "measure", "value", "excess")}
        for c in result.failing
    ]


def _frame_entry(index: int, tracked: Tracked) -> dict[str, object]:
    return {
        "frame": index,
        "time_s": round(tracked.time, 3),
        "posture": tracked.posture,
        "in_position": tracked.in_position,
        "failing": _failing(tracked.result),
        "correction": _text(tracked.result.hint) if tracked.posture == tracked.result.posture else None,
    }


def check_media(
    path: Path, exercise: Exercise, estimator: EstimatorFactory = PoseEstimator
) -> dict[str, object]:
    """Judge every frame of a video (or one picture) and report over time; no frame is kept."""
    posture = camera_posture(exercise)
    head = {
        "file": str(path),
        "exercise": exercise.id,
        "not_checked": [f.value for f in posture.not_checked],
    }
    if is_image(path):
        picture = read_image(path)
        with estimator(True) as model:
            result = evaluate(model.estimate(picture), posture)
        return {
            **head,
            "kind": "image",
            "frames": 1,
            "posture": result.posture,
            "view": None if result.view is None else result.view.value,
            "correction": _text(result.hint),
            "checks": [c.as_dict() for c in result.checks],
        }
    video = open_video(path)
    tracker = PostureTracker(posture)
    tracked: list[Tracked] = []
    with estimator(False) as model:
        for index, rgb in enumerate(video.frames()):
            tracked.append(tracker.update(model.estimate(rgb), index / video.fps))
    if not tracked:
        raise UnreadableMedia(f"{path}: holds no frames that can be decoded")
    return {
        **head,
        "kind": "video",
        "fps": round(video.fps, 3),
        "frames": len(tracked),
        "seconds": round(len(tracked) / video.fps, 3),
        **summarise(tracked, 1 / video.fps),
        "per_frame": [_frame_entry(i, t) for i, t in enumerate(tracked)],
    }
