"""The exercise library and activities: public, no patient data."""

from typing import Any

from fastapi import APIRouter, Depends, Query

from spinecoach.domain.errors import NotFound
from spinecoach.domain.plans import build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.programs import safe_for_hernia
from spinecoach.web.deps import CatalogDep, public

router = APIRouter(tags=["catalog"], dependencies=[Depends(public)])


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/exercises")
def list_exercises(catalog: CatalogDep) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "name": e.name.model_dump(),
            "position": e.position.value,
            "purpose": [p.value for p in e.purpose],
            "movements": [m.value for m in e.movements],
            "universal": e.universal,
            "safe_for_hernia": safe_for_hernia(e),
        }
        for e in catalog.exercises.values()
    ]


@router.get("/exercises/{exercise_id}")
def show_exercise(exercise_id: str, catalog: CatalogDep) -> dict[str, Any]:
    if exercise_id not in catalog.exercises:
        raise NotFound(f"there is no exercise {exercise_id!r}; GET /api/v1/exercises lists them")
    return catalog.exercise(exercise_id).model_dump(mode="json")


@router.get("/exercises/{exercise_id}/plan")
def plan(
    exercise_id: str,
    catalog: CatalogDep,
    reps: int | None = Query(None, ge=1, le=100),
    sets: int | None = Query(None, ge=1, le=100),
    lang: str = Query("en", pattern="^(en|ru)$"),
) -> dict[str, object]:
    """The timed plan every player follows (the same as `spinecoach plan --json`)."""
    session_plan = build_plan(prescribe(catalog.exercise(exercise_id), reps, sets))
    return session_plan.as_dict("ru" if lang == "ru" else "en")


@router.get("/activities")
def list_activities(catalog: CatalogDep) -> list[dict[str, Any]]:
    return [a.model_dump(mode="json") for a in catalog.activities.values()]
