"""Programs the API tests send: one-exercise programs, and exercises the safety rules treat specially."""

from typing import Any

JOGGING = "jogging-on-the-spot"  # running and impact: warned with a hernia, kept only with a reason
TWIST = "seated-twist"  # twisting: refused with a hernia whatever the reason


def program_with(exercise: str, **item: Any) -> dict[str, Any]:
    return {"name": f"With {exercise}", "kind": "individual", "items": [{"exercise": exercise, **item}]}
