"""The exercise library as data files, read and validated by the domain models.

Every file is checked on load; a bad one fails with its name, the field and what was expected.
"""

from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from spinecoach.domain.activities import Activity
from spinecoach.domain.catalog import Catalog
from spinecoach.domain.exercises import Exercise
from spinecoach.domain.validation import describe

HERE = Path(__file__).parent
EXERCISES_DIR = HERE / "exercises"
ACTIVITIES_FILE = HERE / "activities.yaml"

M = TypeVar("M", bound=BaseModel)


class CatalogError(Exception):
    """A catalog file could not be read or does not match the model."""


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(f"{path}: cannot be read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path}: is not valid YAML ({exc})") from exc


def parse(model: type[M], data: Any, source: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(f"{source}: does not match the {model.__name__} format\n{describe(exc)}") from exc


def load_exercise(path: Path) -> Exercise:
    exercise = parse(Exercise, read_yaml(path), str(path))
    if exercise.id != path.stem:
        raise CatalogError(f"{path}: id {exercise.id!r} must match the file name {path.stem!r}")
    return exercise


def load_activities(path: Path) -> list[Activity]:
    data = read_yaml(path)
    if not isinstance(data, list):
        raise CatalogError(f"{path}: expected a list of activities")
    return [parse(Activity, item, f"{path} entry {i + 1}") for i, item in enumerate(data)]


def load_catalog(exercises_dir: Path = EXERCISES_DIR, activities_file: Path = ACTIVITIES_FILE) -> Catalog:
    """Read every exercise file in a folder and the activities file."""
    exercises = [load_exercise(p) for p in sorted(exercises_dir.glob("*.yaml"))]
    if not exercises:
        raise CatalogError(f"{exercises_dir}: holds no exercise files (*.yaml)")
    activities = load_activities(activities_file) if activities_file.exists() else []
    return Catalog.of(exercises, activities)


@cache
def default_catalog() -> Catalog:
    """The library shipped with the package, read once per process."""
    return load_catalog()
