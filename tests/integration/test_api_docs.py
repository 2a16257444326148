"""The OpenAPI document and the docs page, served without anything from the internet."""

from collections.abc import Callable
from typing import Any

import fastapi.routing
from fastapi import FastAPI
from fastapi.testclient import TestClient


def test_the_docs_page_and_its_assets_come_from_this_server(make_client: Callable[[], TestClient]) -> None:
    client = make_client()
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "/api/v1/docs-assets/swagger-ui-bundle.js" in page.text
    assert "http://" not in page.text.replace("http://testserver", "")
    assert "https://" not in page.text
    script = client.get("/api/v1/docs-assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and len(script.content) > 100_000


def test_the_openapi_document_lists_the_api_and_its_login_scheme(
    make_client: Callable[[], TestClient],
) -> None:
    document = make_client().get("/api/v1/openapi.json").json()
    assert "/api/v1/patients/{patient_id}/sessions" in document["paths"]
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    assert "does not replace a doctor" in document["info"]["description"]


# --- every answer is described ------------------------------------------------------------------

SUCCESS = ("200", "201", "204")
ERROR_SCHEMA = "#/components/schemas/ErrorPublic"


def described(schema: dict[str, Any]) -> bool:
    """A JSON answer is described by a schema of its own (or a list of one), not a bare object."""
    if schema.get("type") == "array":
        return described(schema.get("items", {}))
    return "$ref" in schema


def undescribed_answers(document: dict[str, Any]) -> list[str]:
    """Every operation without a described successful answer."""
    problems = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            answers = {s: operation["responses"][s] for s in SUCCESS if s in operation["responses"]}
            if not answers:
                problems.append(f"{method.upper()} {path}: no 200, 201 or 204 answer")
            for status, answer in answers.items():
                content = answer.get("content", {}) if status != "204" else {"none": {"schema": {}}}
                json_schema = content.get("application/json", {}).get("schema")
                if not content or (json_schema is not None and not described(json_schema)):
                    problems.append(f"{method.upper()} {path}: its {status} answer has no schema of its own")
    return problems


def guard_rules(route: Any) -> set[str]:
    """What a route's dependencies demand: `login` (401), `rule` (a guard with an access rule: 403)."""
    found: set[str] = set()
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        for dependency in dependant.dependencies:
            if getattr(dependency.call, "rule", None) is not None:
                found |= {"login", "rule"}
            if getattr(dependency.call, "__name__", "") == "require_actor":
                found.add("login")
            pending.append(dependency)
    return found


def missing_errors(app: FastAPI, document: dict[str, Any]) -> list[str]:
    """Operations that do not declare the error statuses their guard and input can give."""
    problems = []
    for route in flat_routes(app):
        operations = document["paths"].get(getattr(route, "path", ""), {})
        for method in sorted(set(getattr(route, "methods", None) or ()) - {"HEAD"}):
            operation = operations.get(method.lower())
            if operation is None:
                continue
            declared = set(operation["responses"])
            rules = guard_rules(route)
            wanted = (
                {"422"} | ({"401"} if "login" in rules else set()) | ({"403"} if "rule" in rules else set())
            )
            if "requestBody" in operation:
                wanted.add("413")
            for status in sorted(wanted - declared):
                problems.append(f"{method} {route.path}: does not declare {status}")
            for status in sorted(s for s in declared if s.startswith("4")):
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                if schema.get("$ref") != ERROR_SCHEMA:
                    problems.append(f"{method} {route.path}: its {status} is not the shared error body")
    return problems


def flat_routes(app: FastAPI) -> list[Any]:
    iterate = getattr(fastapi.routing, "iter_route_contexts", None)
    routes = list(iterate(app.routes)) if iterate else list(app.routes)
    return [r for r in routes if getattr(r, "dependant", None) is not None and hasattr(r, "methods")]


def test_every_operation_describes_its_answer(make_client: Callable[[], TestClient]) -> None:
    document = make_client().get("/api/v1/openapi.json").json()
    assert len(document["paths"]) > 40
    assert undescribed_answers(document) == []


def test_every_operation_declares_its_error_statuses_with_the_one_error_body(
    make_client: Callable[[], TestClient],
) -> None:
    client = make_client()
    document = client.get("/api/v1/openapi.json").json()
    assert missing_errors(client.app, document) == []  # type: ignore[arg-type]
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_a_route_that_forgets_its_answer_or_errors_is_caught() -> None:
    """The checks above, on a route answering a bare dict and declaring nothing."""
    app = FastAPI()

    @app.post("/forgetful")
    def forgetful(body: dict[str, int]) -> dict[str, object]:
        return {}

    document = app.openapi()
    assert undescribed_answers(document) == ["POST /forgetful: its 200 answer has no schema of its own"]
    missing = missing_errors(app, document)
    assert "POST /forgetful: does not declare 413" in missing
    assert "POST /forgetful: its 422 is not the shared error body" in missing
