"""What the desk page tests share: a clinic with some history, and the program builder's form fields."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from spinecoach.catalog import default_catalog
from tests.integration.api_support import Clinic, History, build_clinic, give_history

CATALOG = default_catalog()
TWIST = "russian-twist"  # tagged twisting: refused with a hernia (seed rule S4)
JOGGING = "jogging-on-the-spot"  # tagged running: kept only with a written reason (seed rule S5)
BREATHING = "hands-knees-breathing"


@pytest.fixture
def clinic(make_client: Callable[[], TestClient]) -> tuple[Clinic, History]:
    clinic = build_clinic(make_client())
    return clinic, give_history(clinic)


def item(n: int, exercise: str, **values: Any) -> dict[str, Any]:
    """An item's form fields: the exercise's defaults from the catalog, then the values given."""
    ex = CATALOG.exercise(exercise)
    fields: dict[str, Any] = {
        f"items-{n}-exercise": exercise,
        f"items-{n}-reps": str(ex.reps.default),
        f"items-{n}-sets": str(ex.sets.default),
        f"items-{n}-rest": f"{ex.rest.seconds:g}",
        f"items-{n}-days": ["mon", "wed", "fri"],
        f"items-{n}-time": "08:30",
        f"items-{n}-reason": "",
    }
    fields.update({f"items-{n}-{key}": value for key, value in values.items()})
    return fields


def program_form(token: str, *items: dict[str, Any], action: str = "save") -> dict[str, Any]:
    form: dict[str, Any] = {
        "csrf_token": token,
        "name": "Morning plan",
        "kind": "individual",
        "action": action,
    }
    for fields in items:
        form.update(fields)
    return form


def count(clinic: Clinic, table: type[Any]) -> int:
    with clinic.sessions() as db:
        return db.query(table).count()
