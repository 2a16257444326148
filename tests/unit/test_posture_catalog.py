"""The optional camera section of a key posture: loaded where declared, validated with clear errors."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from spinecoach.catalog import EXERCISES_DIR, CatalogError, default_catalog, load_exercise
from spinecoach.domain.posture.targets import Fault


def test_only_the_two_universal_exercises_declare_a_camera_check_and_the_rest_still_load() -> None:
    catalog = default_catalog()
    with_camera = sorted(e.id for e in catalog.exercises.values() if any(p.camera for p in e.key_postures))
    assert with_camera == ["chest-on-table-breathing", "hands-knees-breathing"]
    assert len(catalog.exercises) >= 40


def test_the_figure_fields_are_kept_beside_the_camera_section() -> None:
    posture = default_catalog().exercise("hands-knees-breathing").key_postures[0]
    assert posture.angles and posture.spacing and posture.camera is not None


def write_variant(tmp_path: Path, change: dict[str, Any]) -> Path:
    source = EXERCISES_DIR / "hands-knees-breathing.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["key_postures"][0]["camera"].update(change)
    target = tmp_path / source.name
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


CHECK = {"measure": "hip", "target": 90, "tolerance": 10, "too_high": "hips_low"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"checks": [{**CHECK, "too_high": "slouching"}]}, "too_high"),
        ({"checks": [{**CHECK, "measure": "elbow"}]}, "measure"),
        ({"checks": [{"measure": "hip", "target": 90, "tolerance": 10}]}, "needs a fault"),
        ({"checks": [{**CHECK, "tolerance": 0}]}, "tolerance"),
        ({"checks": [{**CHECK, "measure": "knee_spacing", "target": 1.0, "views": ["side"]}]}, "side view"),
        ({"checks": [{**CHECK, "measure": "knee_spacing", "target": 40}]}, "ratio to shoulder width"),
        ({"views": ["side", "side"]}, "more than once"),
        ({"views": []}, "views"),
        ({"level": ["knees", "knees"]}, "two different"),
        ({"not_checked": ["hips_low"], "checks": [CHECK]}, "both checked and listed"),
        (
            {"checks": [{**CHECK, "measure": "knee_spacing", "target": 1.0}], "views": ["side"]},
            "trusted in none",
        ),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_camera_section_is_refused_naming_the_field(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(CatalogError) as error:
        load_exercise(write_variant(tmp_path, change))
    assert "camera" in str(error.value) and message in str(error.value)


def test_a_valid_variant_loads(tmp_path: Path) -> None:
    exercise = load_exercise(write_variant(tmp_path, {"checks": [CHECK], "not_checked": ["lumbar_sag"]}))
    camera = exercise.key_postures[0].camera
    assert camera is not None and camera.faults == [Fault.HIPS_LOW]
