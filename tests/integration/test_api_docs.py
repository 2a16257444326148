"""The OpenAPI document and the docs page, served without anything from the internet."""

from collections.abc import Callable

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
