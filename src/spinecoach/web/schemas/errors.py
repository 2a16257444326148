"""The one error body every refusal has (web/errors.py), and the `responses=` that declare it."""

from typing import Any

from pydantic import BaseModel, Field

# Why each status is given, as the OpenAPI document says it (docs/api.md, Errors, says more).
WHEN: dict[int, str] = {
    401: "Not logged in, or the token is unknown, expired or of a deactivated account; a failed login",
    403: "The caller's role or relation to the patient does not allow this (or no such patient), "
    "or a cookie-authenticated change without the page's security token",
    404: "No such record (session, check, alert, user, exercise, calendar link)",
    409: "The request conflicts with what is stored (an e-mail in use, a finished session, a paused program)",
    413: "The request body is larger than 1024 KiB",
    422: "The request does not match the schema, or a rule refused it; also a NUL character "
    "anywhere in the path, the query or the body",
    429: "Too many failed logins for this e-mail (see Retry-After)",
    503: "The clinic's questionnaire texts cannot be used",
}


class ProblemPublic(BaseModel):
    field: str = Field(description="where: body.…, path.… or query.…, or the refused program item")
    message: str


class ErrorPublic(BaseModel):
    error: str = Field(description="a sentence for a person")
    problems: list[ProblemPublic] = Field(description="one entry per wrong field; empty otherwise")
    request_id: str = Field(description="also in the X-Request-ID header and the audit log")


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entries for these error statuses, each with the shared error body."""
    return {status: {"model": ErrorPublic, "description": WHEN[status]} for status in statuses}


# The statuses that come with a kind of route: any route (a NUL character), one that needs a login,
# one behind a guard, and one that reads a body.
ANY = (422,)
LOGGED_IN = (401, 422)
GUARDED = (401, 403, 422)
WITH_BODY = (413,)


def file_answer(
    media_type: str, description: str, schema: dict[str, Any] | None = None
) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry of a route whose 200 answer is a file (PDF, CSV, iCalendar, FHIR)."""
    content = {media_type: {"schema": schema or {"type": "string", "format": "binary"}}}
    return {200: {"description": description, "content": content}}
