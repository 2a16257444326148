"""The outcome and export routes, settings and commands are documented (docs move with the code)."""

from pathlib import Path

import pytest

from spinecoach.web.routes import exports, outcomes

DOCS = Path(__file__).resolve().parents[2] / "docs"


def routes() -> list[str]:
    found = []
    for module in (outcomes, exports):
        for route in module.router.routes:
            for method in sorted(getattr(route, "methods", set()) - {"HEAD", "OPTIONS"}):
                found.append(f"{method} /api/v1{getattr(route, 'path', '')}")
    return found


def test_there_are_routes_to_check() -> None:
    assert len(routes()) == 15


@pytest.mark.parametrize("route", routes())
def test_every_outcome_and_export_route_is_in_the_api_reference(route: str) -> None:
    assert f"`{route}`" in (DOCS / "api.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "code", ["72514-3", "97908-8", "97909-6", "91349-1", "91350-9", "91351-7", "91352-5"]
)
def test_every_loinc_code_used_is_in_the_outcomes_doc(code: str) -> None:
    from spinecoach.reports import fhir

    assert code in Path(fhir.__file__).read_text(encoding="utf-8")
    assert code in (DOCS / "outcomes.md").read_text(encoding="utf-8")
