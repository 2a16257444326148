"""The posture rules on synthetic landmarks: each check at its tolerance and past it, views,
visibility, and the domain package staying pure."""

import ast
from pathlib import Path

import pytest

import spinecoach
from spinecoach.catalog import default_catalog
from spinecoach.domain.errors import DomainError
from spinecoach.domain.posture.corrections import CORRECTIONS
from spinecoach.domain.posture.geometry import LevelPart, Measure, Skeleton, View, estimate_view
from spinecoach.domain.posture.landmarks import LEFT, RIGHT, PoseFrame
from spinecoach.domain.posture.measures import read
from spinecoach.domain.posture.rules import CORRECT, NOT_VISIBLE, Status, evaluate, judge_check
from spinecoach.domain.posture.targets import CameraCheck, CameraPosture, Fault
from tests.unit.posture_synthetic import Body, chest_on_table, hands_and_knees
from tests.unit.test_architecture import breaks_rule, imported_modules


def camera(exercise_id: str) -> CameraPosture:
    posture = default_catalog().exercise(exercise_id).key_postures[0].camera
    assert posture is not None
    return posture


HK = camera("hands-knees-breathing")
CT = camera("chest-on-table-breathing")


def check_for(posture: CameraPosture, fault: Fault) -> CameraCheck:
    return next(c for c in posture.checks if fault in c.faults)


def limit(check: CameraCheck, fault: Fault) -> float:
    return check.target + check.tolerance if fault == check.too_high else check.target - check.tolerance


def measured(body: Body, measure: Measure, level: bool = True) -> float:
    frame = body.frame()
    skeleton = Skeleton(frame, estimate_view(frame), (LevelPart.KNEES, LevelPart.WRISTS) if level else None)
    value = read(skeleton, measure).value
    assert value is not None
    return value


# --- geometry: the synthetic body shows the angles it was built with -------------------------------


@pytest.mark.parametrize("yaw", [0, 45, 180])
def test_the_angles_come_back_as_built_side_on_and_from_an_angle(yaw: float) -> None:
    body = hands_and_knees(torso=14, arm=20, head=8, yaw=yaw)
    assert measured(body, Measure.TORSO_TO_HORIZONTAL) == pytest.approx(14, abs=0.5)
    assert measured(body, Measure.ARM_TO_VERTICAL) == pytest.approx(20, abs=0.5)
    assert measured(body, Measure.HEAD_TO_TORSO) == pytest.approx(8, abs=0.5)
    assert measured(body, Measure.KNEE) == pytest.approx(90, abs=0.5)
    assert measured(body, Measure.HIP) == pytest.approx(104, abs=0.5)  # 90 + torso, thigh vertical


def test_legs_from_vertical_on_the_table() -> None:
    body = chest_on_table(thigh=35, shin=35)
    assert measured(body, Measure.THIGH_TO_VERTICAL, level=False) == pytest.approx(35, abs=0.5)
    assert measured(body, Measure.LEG_TO_VERTICAL, level=False) == pytest.approx(35, abs=0.5)
    assert measured(body, Measure.HIP, level=False) == pytest.approx(125, abs=0.5)


def test_the_level_line_takes_out_a_tilted_camera() -> None:
    tilted = hands_and_knees(yaw=45, pitch=15)
    assert measured(tilted, Measure.TORSO_TO_HORIZONTAL) == pytest.approx(10, abs=1.0)
    assert abs(measured(tilted, Measure.TORSO_TO_HORIZONTAL, level=False) - 10) > 5


def test_spacings_are_measured_against_shoulder_width_from_the_front() -> None:
    body = hands_and_knees(yaw=90, knee_spacing=0.5, hand_spacing=1.5)
    assert measured(body, Measure.KNEE_SPACING) == pytest.approx(0.5, abs=0.02)
    assert measured(body, Measure.HAND_SPACING) == pytest.approx(1.5, abs=0.02)


@pytest.mark.parametrize(
    ("yaw", "view"), [(0, View.SIDE), (180, View.SIDE), (45, View.OBLIQUE), (90, View.FRONT)]
)
def test_the_view_is_told_from_the_shoulders_and_hips(yaw: float, view: View) -> None:
    assert estimate_view(hands_and_knees(yaw=yaw).frame()) == view


def test_without_world_points_a_side_view_is_still_recognised_and_measured() -> None:
    frame = hands_and_knees(torso=5).frame(world=False)
    assert estimate_view(frame) == View.SIDE
    assert evaluate(frame, HK).posture == CORRECT


# --- each check at its tolerance and past it ----------------------------------------------------------

# For each checkable fault: a body whose one angle sits at `value`, and the measure that angle moves.
FAULT_BODIES = {
    Fault.HIPS_HIGH: (HK, lambda v: hands_and_knees(torso=v)),
    Fault.HIPS_LOW: (HK, lambda v: hands_and_knees(torso=v)),
    Fault.HANDS_FORWARD: (HK, lambda v: hands_and_knees(arm=v - 80)),  # shoulder = 80 + arm
    Fault.HEAD_RAISED: (HK, lambda v: hands_and_knees(head=v)),
    Fault.STANDING: (CT, lambda v: chest_on_table(torso=v)),
    Fault.TORSO_PROPPED: (CT, lambda v: chest_on_table(torso=v)),
    Fault.LEGS_NOT_VERTICAL: (CT, lambda v: chest_on_table(thigh=v - 90, shin=v - 90)),  # hip = 90 + thigh
}


@pytest.mark.parametrize("fault", list(FAULT_BODIES), ids=str)
def test_a_check_passes_just_inside_its_tolerance(fault: Fault) -> None:
    posture, build = FAULT_BODIES[fault]
    check = check_for(posture, fault)
    inside = limit(check, fault) + (-0.5 if fault == check.too_high else 0.5)
    result = evaluate(build(inside).frame(), posture)
    assert fault.value not in result.posture
    assert all(r.fault != fault for r in result.checks)


@pytest.mark.parametrize("fault", list(FAULT_BODIES), ids=str)
def test_a_check_fails_just_past_its_tolerance_and_names_its_fault(fault: Fault) -> None:
    posture, build = FAULT_BODIES[fault]
    check = check_for(posture, fault)
    past = limit(check, fault) + (1.0 if fault == check.too_high else -1.0)
    result = evaluate(build(past).frame(), posture)
    failing = [r for r in result.checks if r.fault == fault]
    assert failing and failing[0].excess == pytest.approx(1.0, abs=0.6)
    assert result.posture == fault.value or result.posture in {f.value for f in posture.faults}
    assert result.hint is not None


@pytest.mark.parametrize("fault", list(FAULT_BODIES), ids=str)
def test_a_clear_fault_is_named_with_its_correction(fault: Fault) -> None:
    posture, build = FAULT_BODIES[fault]
    check = check_for(posture, fault)
    far = limit(check, fault) + (5.0 if fault == check.too_high else -5.0)
    if fault == Fault.TORSO_PROPPED:
        far = 30.0  # past 5 more it would read as standing
    result = evaluate(build(far).frame(), posture)
    assert result.posture == fault.value
    assert result.hint == CORRECTIONS[fault]


def test_knees_together_is_caught_from_an_angle() -> None:
    result = evaluate(hands_and_knees(yaw=45, knee_spacing=0.4).frame(), HK)
    assert result.posture == Fault.KNEES_TOGETHER.value
    assert evaluate(hands_and_knees(yaw=45, knee_spacing=1.0).frame(), HK).posture == CORRECT


def test_the_first_failing_check_in_catalog_order_names_the_frame() -> None:
    # hips too high and hands too far forward at once: hips_high comes first in the catalog
    result = evaluate(hands_and_knees(torso=-20, arm=50).frame(), HK)
    assert {r.fault for r in result.failing} >= {Fault.HIPS_HIGH, Fault.HANDS_FORWARD}
    assert result.posture == Fault.HIPS_HIGH.value


def test_judge_check_reports_the_amount_past_the_tolerance() -> None:
    check = CameraCheck(measure=Measure.HIP, target=90, tolerance=10, too_high=Fault.LEGS_NOT_VERTICAL)
    assert judge_check(check, 100).status == Status.PASS
    failed = judge_check(check, 104)
    assert failed.status == Status.FAIL and failed.fault == Fault.LEGS_NOT_VERTICAL
    assert failed.excess == pytest.approx(4)
    assert judge_check(check, 40).status == Status.PASS  # one-sided: no fault named for too low


def test_judge_check_hysteresis_keeps_a_failing_check_failing_until_clearly_back() -> None:
    check = CameraCheck(measure=Measure.HIP, target=90, tolerance=10, too_high=Fault.LEGS_NOT_VERTICAL)
    held = judge_check(check, 99, failing=Fault.LEGS_NOT_VERTICAL, margin=0.15)
    assert held.status == Status.FAIL and held.excess == 0
    assert judge_check(check, 98, failing=Fault.LEGS_NOT_VERTICAL, margin=0.15).status == Status.PASS
    assert judge_check(check, 99, failing=None, margin=0.15).status == Status.PASS


# --- what the check cannot see -------------------------------------------------------------------------


def test_no_person_is_not_visible_and_says_so() -> None:
    result = evaluate(None, HK)
    assert result.posture == NOT_VISIBLE and result.hint is not None
    assert "cannot see you" in result.hint.en and result.hint.ru


def test_a_front_view_asks_to_turn_sideways_instead_of_guessing() -> None:
    result = evaluate(hands_and_knees(yaw=90, torso=-25).frame(), HK)
    assert result.posture == NOT_VISIBLE
    assert result.hint is not None and "sideways" in result.hint.en
    assert all(r.status == Status.SKIPPED for r in result.checks)


def test_standing_is_seen_even_from_the_front() -> None:
    assert evaluate(chest_on_table(yaw=90, torso=85).frame(), CT).posture == Fault.STANDING.value


def test_hidden_joints_on_both_sides_are_not_guessed() -> None:
    hidden = {LEFT.knee: 0.2, RIGHT.knee: 0.2}
    result = evaluate(hands_and_knees(visibility=hidden).frame(), HK)
    assert result.posture == NOT_VISIBLE
    assert result.hint is not None and "knees" in result.hint.en and "коленей" in result.hint.ru
    knee = next(r for r in result.checks if r.check.measure == Measure.KNEE)
    assert knee.status == Status.UNSEEN


def test_joints_out_of_the_picture_ask_to_move_into_it() -> None:
    result = evaluate(hands_and_knees(shift=(0.0, 1.3)).frame(), HK)  # feet and knees below the frame
    assert result.posture == NOT_VISIBLE
    assert result.hint is not None and "whole body is in the picture" in result.hint.en


def test_one_hidden_side_is_enough_when_the_other_is_seen() -> None:
    assert evaluate(hands_and_knees(far_side_visibility=0.0).frame(), HK).posture == CORRECT


def test_a_frame_needs_all_33_landmarks() -> None:
    with pytest.raises(DomainError, match="33 image landmarks"):
        PoseFrame.of([[0.5, 0.5, 0.0, 1.0]] * 32, None, 640, 480)
    with pytest.raises(DomainError, match="needs 4 numbers"):
        PoseFrame.of([[0.5, 0.5, 0.0]] * 33, None, 640, 480)


@pytest.mark.parametrize("fault", list(Fault), ids=str)
def test_every_fault_has_a_correction_in_both_languages(fault: Fault) -> None:
    text = CORRECTIONS[fault]
    assert text.en.strip() and text.ru.strip() and text.en != text.ru


def test_the_posture_package_imports_no_io_sql_or_web() -> None:
    package = Path(spinecoach.__file__).parent / "domain" / "posture"
    files = sorted(package.glob("*.py"))
    assert len(files) >= 6
    for path in files:
        bad = sorted(
            m for m in imported_modules(ast.parse(path.read_text(encoding="utf-8"))) if breaks_rule(m)
        )
        assert bad == [], f"{path.name} imports {bad}"
