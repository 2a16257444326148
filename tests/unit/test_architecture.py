"""The arrows point inward: domain/ imports nothing that does I/O, SQL or web."""

import ast
from pathlib import Path

import pytest

import spinecoach

PACKAGE = Path(spinecoach.__file__).parent
DOMAIN_FILES = sorted((PACKAGE / "domain").glob("*.py"))
FORBIDDEN_IN_DOMAIN = {
    "os", "io", "pathlib", "shutil", "subprocess", "socket", "sqlite3", "select", "time",
    "sqlalchemy", "alembic", "fastapi", "starlette", "httpx", "requests", "uvicorn", "jinja2",
    "typer", "rich", "yaml", "platformdirs",
    "spinecoach.store", "spinecoach.services", "spinecoach.cli", "spinecoach.web",
    "spinecoach.catalog", "spinecoach.settings", "spinecoach.reports", "spinecoach.vision",
}  # fmt: skip
FORBIDDEN_CALLS = {"open", "input", "print"}


def imported_modules(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def breaks_rule(module: str) -> bool:
    return any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN_IN_DOMAIN)


def test_domain_has_modules_to_check() -> None:
    assert len(DOMAIN_FILES) >= 10


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: p.name)
def test_domain_module_imports_no_io_sql_or_web(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = sorted(m for m in imported_modules(tree) if breaks_rule(m))
    assert bad == [], f"{path.name} imports {bad}; domain/ must stay pure"


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: p.name)
def test_domain_module_calls_no_io_builtins(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not calls & FORBIDDEN_CALLS, f"{path.name} calls {calls & FORBIDDEN_CALLS}"


def test_the_rule_catches_a_forbidden_import() -> None:
    tree = ast.parse("import sqlalchemy.orm\nfrom spinecoach.store import tables\nfrom os import path")
    assert sorted(m for m in imported_modules(tree) if breaks_rule(m)) == [
        "os",
        "spinecoach.store",
        "sqlalchemy.orm",
    ]


OUTER_LAYERS = {
    "store": ("spinecoach.services", "spinecoach.cli", "spinecoach.web"),
    "services": ("spinecoach.cli", "spinecoach.web"),
}


@pytest.mark.parametrize("layer", sorted(OUTER_LAYERS))
def test_inner_layers_do_not_import_outer_ones(layer: str) -> None:
    # services may use store and domain; store must not use services, cli or web (the web layer
    # hands the unit of work what it needs, such as the audit row of a write, when it builds it).
    for path in (PACKAGE / layer).rglob("*.py"):
        modules = imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        for bad in OUTER_LAYERS[layer]:
            assert not any(m.startswith(bad) for m in modules), f"{path} imports {bad}"


REPORTS_MUST_NOT_IMPORT = ("spinecoach.web", "spinecoach.store", "sqlalchemy")


def test_reports_render_without_the_web_or_the_database() -> None:
    # reports/ turns gathered records into files; the services read the database for it.
    paths = sorted((PACKAGE / "reports").rglob("*.py"))
    assert len(paths) >= 5
    for path in paths:
        modules = imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        for bad in REPORTS_MUST_NOT_IMPORT:
            assert not any(m == bad or m.startswith(bad + ".") for m in modules), f"{path} imports {bad}"
