"""The library as data: every file validates, the universal exercises are exactly as the source
gives them, and a bad file fails with its name, the field and what was expected."""

from pathlib import Path

import pytest

from spinecoach.catalog import EXERCISES_DIR, CatalogError, load_catalog, load_exercise
from spinecoach.domain.activities import Advice
from spinecoach.domain.catalog import Catalog
from spinecoach.domain.errors import UnknownExercise
from spinecoach.domain.exercises import Movement, Phase
from spinecoach.domain.programs import REFUSED_FOR_HERNIA, safe_for_hernia


def test_the_library_is_large_enough_and_honest(catalog: Catalog) -> None:
    safe = [e for e in catalog.exercises.values() if safe_for_hernia(e)]
    refused = [e for e in catalog.exercises.values() if set(e.movements) & REFUSED_FOR_HERNIA]
    assert len(safe) >= 27  # the two universal ones and at least 25 more
    assert {"seated-twist", "jumping-jacks", "fast-sit-up"} <= {e.id for e in refused}
    for common in ("pelvic-tilt", "bird-dog", "glute-bridge", "dead-bug", "prone-press-up", "cat-camel"):
        assert common in catalog.exercises


def test_every_exercise_speaks_english_and_russian(catalog: Catalog) -> None:
    for e in catalog.exercises.values():
        texts = [e.name, e.summary, *e.instructions, *(s.text for s in e.setup + e.exit), e.rest.text]
        texts += [p.text for p in e.cycle]
        for text in texts:
            assert any("а" <= ch <= "я" for ch in text.ru.lower()), f"{e.id}: {text.ru!r} is not Russian"
            assert not any("а" <= ch <= "я" for ch in text.en.lower()), f"{e.id}: {text.en!r}"


def test_chest_on_table_is_exactly_the_first_universal_exercise(catalog: Catalog) -> None:
    e = catalog.exercise("chest-on-table-breathing")
    assert e.universal and e.setup_exit_each_set
    assert [p.phase for p in e.cycle] == [Phase.INHALE, Phase.HOLD, Phase.EXHALE]
    hold = e.phase(Phase.HOLD)
    assert hold is not None and hold.fixed and hold.seconds == 4
    assert (e.reps.min, e.reps.max) == (7, 8)
    assert (e.sets.min, e.sets.max) == (2, 3)


def test_hands_knees_is_exactly_the_second_universal_exercise(catalog: Catalog) -> None:
    e = catalog.exercise("hands-knees-breathing")
    assert e.universal and not e.setup_exit_each_set
    assert [p.phase for p in e.cycle] == [Phase.INHALE, Phase.EXHALE, Phase.PAUSE]
    pause, exhale = e.phase(Phase.PAUSE), e.phase(Phase.EXHALE)
    assert pause is not None and pause.fixed and pause.seconds == 4
    assert exhale is not None and exhale.same_as == Phase.INHALE
    assert (e.reps.min, e.reps.max, e.sets.min, e.sets.max) == (7, 8, 2, 3)


def test_only_the_two_source_exercises_are_universal(catalog: Catalog) -> None:
    assert [e.id for e in catalog.universal] == ["chest-on-table-breathing", "hands-knees-breathing"]


def test_activities_follow_the_source(catalog: Catalog) -> None:
    advice = {a.id: a.advice for a in catalog.activities.values()}
    for good in ("swimming", "walking", "cycling"):
        assert advice[good] == Advice.RECOMMENDED
    assert any("ski" in a and v == Advice.RECOMMENDED for a, v in advice.items())
    for bad in ("running", "jumping", "step-aerobics"):
        assert advice[bad] == Advice.UNDESIRABLE


def test_an_unknown_id_says_how_to_find_the_right_one(catalog: Catalog) -> None:
    with pytest.raises(UnknownExercise, match="spinecoach exercises list"):
        catalog.exercise("headstand")


def copy_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (EXERCISES_DIR / "hands-knees-breathing.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "hands-knees-breathing.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "old, new, words",
    [
        ("reps: {min: 7, max: 8, default: 8}", "reps: {min: 7, max: 8, default: 9}", "reps: Value error"),
        ("position: hands-and-knees", "position: upside-down", "position: Input should be"),
        ("purpose: [breathing, relax]", "purpose: [breathing, fun]", "purpose.1: Input should be"),
        ("movements: [static-hold]", "movements: [static-hold]\ncolour: red", "colour: is not a known field"),
        ("    seconds: 4\n    fixed: true", "    seconds: 4\n    fixed: true\n    min: 2", "cycle.2: Value"),
        ("setup_exit_each_set: false\n", "", "setup_exit_each_set: is missing"),
    ],
)
def test_a_bad_file_names_the_file_the_field_and_the_problem(
    tmp_path: Path, old: str, new: str, words: str
) -> None:
    path = copy_with(tmp_path, old, new)
    with pytest.raises(CatalogError) as error:
        load_exercise(path)
    assert str(path) in str(error.value)
    assert words in str(error.value)


def test_an_id_that_differs_from_the_file_name_is_refused(tmp_path: Path) -> None:
    path = copy_with(tmp_path, "id: hands-knees-breathing", "id: other-name")
    with pytest.raises(CatalogError, match="must match the file name"):
        load_exercise(path)


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"broken\.yaml: is not valid YAML"):
        load_exercise(path)


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="holds no exercise files"):
        load_catalog(tmp_path, tmp_path / "none.yaml")


def test_every_movement_tag_the_issue_names_exists() -> None:
    names = {m.value for m in Movement}
    assert {
        "twisting",
        "sharp",
        "running",
        "jumping",
        "step-aerobics",
        "impact",
        "flexion-under-load",
    } <= names


def test_every_exercise_has_key_postures_and_sources(catalog: Catalog) -> None:
    for e in catalog.exercises.values():
        assert e.key_postures and e.sources
        assert all(p.angles for p in e.key_postures)
