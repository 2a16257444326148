"""Turning a model's validation error into lines a person can act on."""

from pydantic import ValidationError


def describe(error: ValidationError) -> str:
    """One line per problem: the field's path, then what was expected."""
    lines = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "(the whole entry)"
        message = problem["msg"]
        if problem["type"] == "extra_forbidden":
            message = "is not a known field (check its spelling)"
        elif problem["type"] == "missing":
            message = "is missing"
        lines.append(f"  {where}: {message}")
    return "\n".join(lines)
