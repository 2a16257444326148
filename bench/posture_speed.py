"""Speed of the camera posture check at 640x480: the whole pipeline against the model alone.

Makes a 640x480 video in a temporary folder from a rendered test clip (shared/data/posture, scaled
up and looped), then times on the same frames:

- decode: reading the frames from the video file;
- model: MediaPipe pose (tracking mode, model complexity 1) on frames already decoded;
- rules: the posture tracker (measures, checks, smoothing) on landmarks already found;
- pipeline: decode + model + rules, frame by frame, with each frame's latency from the start of its
  decoding to its verdict (frame-to-feedback).

The goals (issue 6): at least 30 frames a second for the pipeline on this 2-core machine, and the
rules adding under 5% to the model's time. Results go to bench/results/posture_speed.json.

    .venv/bin/python bench/posture_speed.py [--frames N]
"""

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from spinecoach.catalog import default_catalog
from spinecoach.domain.posture.landmarks import PoseFrame
from spinecoach.domain.posture.tracker import PostureTracker
from spinecoach.vision.check import camera_posture
from spinecoach.vision.media import open_video, opencv
from spinecoach.vision.pose import PoseEstimator

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "posture"
CLIP = DATA / "clip_hk_head_raised_B_side_right.mp4"
RESULTS = ROOT / "bench" / "results" / "posture_speed.json"
SIZE = (640, 480)
FPS = 15.0


def make_video(target: Path, frames: int) -> None:
    """The test clip at 640x480, looped to `frames` frames (forward, then backward, so it is smooth)."""
    cv2 = opencv()
    source = [cv2.cvtColor(f, cv2.COLOR_RGB2BGR) for f in open_video(CLIP).frames()]
    loop = source + source[-2:0:-1]
    writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), FPS, SIZE)
    for i in range(frames):
        writer.write(cv2.resize(loop[i % len(loop)], SIZE, interpolation=cv2.INTER_LINEAR))
    writer.release()


def per_second(seconds: float, frames: int) -> float:
    return round(frames / seconds, 1)


def ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "mean": round(statistics.fmean(values) * 1000, 2),
        "p50": round(ordered[len(ordered) // 2] * 1000, 2),
        "p95": round(ordered[int(len(ordered) * 0.95)] * 1000, 2),
        "max": round(ordered[-1] * 1000, 2),
    }


def run(video: Path) -> dict[str, Any]:
    posture = camera_posture(default_catalog().exercise("hands-knees-breathing"))

    start = time.perf_counter()
    decoded = list(open_video(video).frames())
    decode_s = time.perf_counter() - start
    n = len(decoded)

    landmarks: list[PoseFrame | None] = []
    model_times = []
    with PoseEstimator() as model:
        model.estimate(decoded[0])  # the first call sets the model up; not timed
        for rgb in decoded:
            t0 = time.perf_counter()
            landmarks.append(model.estimate(rgb))
            model_times.append(time.perf_counter() - t0)

    tracker = PostureTracker(posture)
    rule_times = []
    for i, frame in enumerate(landmarks):
        t0 = time.perf_counter()
        tracker.update(frame, i / FPS)
        rule_times.append(time.perf_counter() - t0)

    latencies = []
    tracker = PostureTracker(posture)
    with PoseEstimator() as model:
        model.estimate(decoded[0])
        frames = open_video(video).frames()
        start = time.perf_counter()
        for i in range(n):
            t0 = time.perf_counter()
            rgb = next(frames)
            tracker.update(model.estimate(rgb), i / FPS)
            latencies.append(time.perf_counter() - t0)
        pipeline_s = time.perf_counter() - start

    model_s, rules_s = sum(model_times), sum(rule_times)
    return {
        "frames": n,
        "size": f"{SIZE[0]}x{SIZE[1]}",
        "detected_frames": sum(f is not None for f in landmarks),
        "decode_fps": per_second(decode_s, n),
        "model_fps": per_second(model_s, n),
        "rules_fps": per_second(rules_s, n),
        "pipeline_fps": per_second(pipeline_s, n),
        "model_ms": ms(model_times),
        "rules_ms": ms(rule_times),
        "frame_to_feedback_ms": ms(latencies),
        "rules_share_of_model_time": round(rules_s / model_s, 4),
        "goal_30_fps_met": pipeline_s > 0 and n / pipeline_s >= 30,
        "goal_rules_under_5_percent_met": rules_s / model_s < 0.05,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--frames", type=int, default=300)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        video = Path(folder) / "posture-640x480.mp4"
        make_video(video, args.frames)
        result = run(video)
    result["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_1min_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "note": "a shared 2-core machine; other work may run at the same time",
    }
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
