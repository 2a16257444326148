"""`spinecoach check-video` with the real pose model on rendered pictures and clips.

Needs the optional extra (`pip install 'spinecoach[vision]'`, which `make test` installs). Without it
these tests are skipped with the reason shown, except in CI (the CI variable is set), where a
missing model is a failure.
"""

import importlib.util
import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spinecoach.cli import posture_commands
from spinecoach.cli.app import app
from spinecoach.domain.posture.timeline import stretches

DATA = Path(__file__).parents[2].parent / "shared" / "data" / "posture"
HALF_A_SECOND = 0.5  # the bound between a found fault stretch and the labelled one

if importlib.util.find_spec("mediapipe") is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must test the pose model: install the extra, pip install '.[dev,vision]'")
    pytest.skip("mediapipe is not installed: pip install 'spinecoach[vision]'", allow_module_level=True)
if not (DATA / "clips.json").exists():
    pytest.skip(f"the rendered posture test set is not at {DATA}", allow_module_level=True)


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(posture_commands.console, "width", 200)


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check-video", *args])
    return result.exit_code, result.output


def check_json(path: Path, exercise: str) -> dict[str, Any]:
    code, output = check(str(path), "--exercise", exercise, "--json")
    assert code == 0, output
    report: dict[str, Any] = json.loads(output)
    return report


@pytest.mark.parametrize(
    ("image", "exercise", "posture"),
    [
        ("hk_correct_A_side_left_0.png", "hands-knees-breathing", "correct"),
        ("hk_hips_high_B_side_left_0.png", "hands-knees-breathing", "hips_high"),
        ("hk_head_raised_B_threeq_front_left_0.png", "hands-knees-breathing", "head_raised"),
        ("ct_correct_B_side_right_0.png", "chest-on-table-breathing", "correct"),
        ("ct_legs_not_vertical_A_side_right_0.png", "chest-on-table-breathing", "legs_not_vertical"),
        ("ct_standing_B_threeq_rear_right_0.png", "chest-on-table-breathing", "standing"),
    ],
)
def test_a_still_picture_gives_one_frames_verdict(image: str, exercise: str, posture: str) -> None:
    report = check_json(DATA / image, exercise)
    assert report["kind"] == "image" and report["frames"] == 1
    assert report["posture"] == posture
    failing = [c["fault"] for c in report["checks"] if c["status"] == "fail"]
    assert (posture in failing) == (posture != "correct")
    assert (report["correction"] is None) == (posture == "correct")


def test_the_adapter_finds_the_landmarks_the_test_set_recorded() -> None:
    from spinecoach.vision.media import read_image
    from spinecoach.vision.pose import PoseEstimator

    recorded = json.loads((DATA / "landmarks.json").read_text())["hk_correct_A_side_left_0.png"][
        "mp_landmarks"
    ]
    with PoseEstimator(still_images=True) as model:
        frame = model.estimate(read_image(DATA / "hk_correct_A_side_left_0.png"))
    assert frame is not None and frame.world is not None
    assert (frame.width, frame.height) == (640, 480)
    distance = sum(abs(p.x - r[0]) + abs(p.y - r[1]) for p, r in zip(frame.image, recorded, strict=True)) / 33
    assert distance < 0.01


def test_a_picture_with_nobody_in_it_is_not_visible(tmp_path: Path) -> None:
    from spinecoach.vision.media import opencv

    blank = tmp_path / "empty-room.png"
    opencv().imwrite(str(blank), (__import__("numpy").full((480, 640, 3), 200, dtype="uint8")))
    report = check_json(blank, "hands-knees-breathing")
    assert report["posture"] == "not-visible"
    assert "cannot see you" in report["correction"]["en"]


def clips() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads((DATA / "clips.json").read_text())
    return loaded


@pytest.mark.parametrize("clip", clips(), ids=lambda c: c["file"])
def test_a_clip_finds_the_faulty_stretch_within_half_a_second_of_the_labels(clip: dict[str, Any]) -> None:
    report = check_json(DATA / clip["file"], clip["exercise"])
    fps = clip["fps"]
    assert report["kind"] == "video" and report["frames"] == len(clip["frames"])
    assert report["fps"] == pytest.approx(fps)
    labelled = [s for s in stretches(clip["frames"], 1 / fps) if s.posture == clip["fault"]]
    found = report["faults"].get(clip["fault"], [])
    assert len(labelled) == 1 and len(found) == 1, (labelled, report["faults"])
    assert set(report["faults"]) == {clip["fault"]}  # no other fault was called
    assert abs(found[0]["start_s"] - labelled[0].start) <= HALF_A_SECOND
    assert abs(found[0]["end_s"] - labelled[0].end) <= HALF_A_SECOND
    frames = report["per_frame"]
    assert [f["posture"] for f in frames[:15]] == ["correct"] * 15
    shown = [f for f in frames if f["posture"] == clip["fault"]]
    named = [f for f in shown if f["failing"] and f["failing"][0]["fault"] == clip["fault"]]
    assert len(named) >= 0.8 * len(shown)  # in the rest the shown verdict trails the frame's own
    correct = sum(p == "correct" for p in clip["frames"]) / len(clip["frames"])
    assert report["correct_share"] == pytest.approx(
        correct, abs=HALF_A_SECOND * fps / len(clip["frames"]) * 2
    )


def test_the_text_report_names_the_fault_and_the_share_of_correct_posture() -> None:
    clip = clips()[0]
    code, output = check(str(DATA / clip["file"]), "--exercise", clip["exercise"])
    assert code == 0, output
    assert clip["fault"] in output and "Correct posture:" in output and "doctor" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.mp4", "--exercise", "hands-knees-breathing"], "no such file"),
        (["README.md", "--exercise", "hands-knees-breathing"], "is not a video"),
        (["hk_correct_A_side_left_0.png", "--exercise", "no-such-exercise"], "no exercise"),
        (["hk_correct_A_side_left_0.png", "--exercise", "bird-dog"], "has no camera check"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_code_2(args: list[str], message: str) -> None:
    code, output = check(str(DATA / args[0]), *args[1:])
    assert code == 2
    assert message in output and "Traceback" not in output
