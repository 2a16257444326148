"""The exercise library and activities: public, no patient data."""

from fastapi import APIRouter, Depends, Query

from spinecoach.domain.activities import Activity
from spinecoach.domain.errors import NotFound
from spinecoach.domain.exercises import Exercise
from spinecoach.domain.plans import build_plan
from spinecoach.domain.prescription import prescribe
from spinecoach.domain.programs import safe_for_hernia
from spinecoach.web.deps import CatalogDep, public
from spinecoach.web.schemas.catalog import ExerciseListed, HealthPublic, PlanPublic
from spinecoach.web.schemas.errors import ANY, errors

router = APIRouter(tags=["catalog"], dependencies=[Depends(public)], responses=errors(*ANY))


@router.get("/health", response_model=HealthPublic)
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/exercises", response_model=list[ExerciseListed])
def list_exercises(catalog: CatalogDep) -> list[dict[str, object]]:
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


@router.get("/exercises/{exercise_id}", responses=errors(404))
def show_exercise(exercise_id: str, catalog: CatalogDep) -> Exercise:
    if exercise_id not in catalog.exercises:
        raise NotFound(f"there is no exercise {exercise_id!r}; GET /api/v1/exercises lists them")
    return catalog.exercise(exercise_id)


@router.get("/exercises/{exercise_id}/plan", response_model=PlanPublic)
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
def list_activities(catalog: CatalogDep) -> list[Activity]:
    return list(catalog.activities.values())
