"""One place that turns errors into HTTP answers: clear 4xx for bad input, a generic 500 otherwise.

Every answer has the same shape: {"error": "...", "problems": [{"field", "message"}], "request_id"}.
"""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from spinecoach.domain.errors import Conflict, DomainError, NotFound
from spinecoach.services.accounts import FAILURE_WINDOW, BadCredentials, TooManyAttempts
from spinecoach.services.programs import ProgramRefused
from spinecoach.services.sessions import ProgramPaused

UNEXPECTED = "something went wrong on our side; quote this request id when reporting it"

STATUS_OF: list[tuple[type[DomainError], int]] = [
    (NotFound, 404),
    (Conflict, 409),
    (ProgramPaused, 409),
    (BadCredentials, 401),
    (TooManyAttempts, 429),
    (DomainError, 422),
]


def request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", "-"))


def answer(
    request: Request, status: int, error: str, problems: list[dict[str, str]] | None = None
) -> JSONResponse:
    body: dict[str, object] = {"error": error, "problems": problems or [], "request_id": request_id(request)}
    return JSONResponse(body, status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(ProgramRefused)
    async def refused(request: Request, exc: ProgramRefused) -> JSONResponse:
        problems = [
            {"field": f"body.items.{f.item - 1}", "message": f"{f.exercise}: {f.message}"}
            for f in exc.review.findings
            if f.blocks
        ]
        return answer(
            request, 422, "the program was refused by the safety rules; nothing was stored", problems
        )

    @app.exception_handler(DomainError)
    async def domain(request: Request, exc: DomainError) -> JSONResponse:
        status = next(code for kind, code in STATUS_OF if isinstance(exc, kind))
        response = answer(request, status, str(exc))
        if isinstance(exc, TooManyAttempts):
            response.headers["Retry-After"] = str(int(FAILURE_WINDOW.total_seconds()))
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"field": ".".join(str(p) for p in e["loc"]), "message": _message(e)} for e in exc.errors()
        ]
        summary = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        return answer(request, 422, f"the request is not valid: {summary}", problems)

    @app.exception_handler(DataError)
    async def unstorable(request: Request, exc: DataError) -> JSONResponse:
        # the database refused a value that validation let through (a number too large, say)
        return answer(request, 422, "a value in the request cannot be stored: check numbers and text")

    @app.exception_handler(HTTPException)
    async def http(request: Request, exc: HTTPException) -> JSONResponse:
        response = answer(request, exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response


def _message(error: dict[str, object]) -> str:
    kind = error.get("type")
    if kind == "extra_forbidden":
        return "is not a known field (check its spelling)"
    if kind == "missing":
        return "is required"
    return str(error.get("msg"))
