"""The arrows point inward: domain/ imports nothing that does I/O, SQL or web, and no layer imports
across a forbidden arrow (services -> SQL, store -> web, web -> tables, reports -> the database)."""

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


# The arrows between the layers (docs/architecture.md): what each layer must never import. A new
# import across one of these lines fails here, naming the file.
FORBIDDEN_ARROWS = {
    # use cases speak to the store through the unit of work's repositories, never in SQL or ORM rows
    "services": (
        "sqlalchemy",
        "spinecoach.store.tables",
        "spinecoach.web",
        "spinecoach.cli",
        "spinecoach.reports",
    ),
    # the store knows nothing above it: the web layer hands the unit of work what it needs
    "store": ("spinecoach.services", "spinecoach.web", "spinecoach.cli", "spinecoach.reports"),
    # routes and pages call services; the tables are the store's own
    "web": ("spinecoach.store.tables",),
    "cli": ("spinecoach.store.tables",),
    # reports turn gathered records into files; they read no database
    "reports": ("spinecoach.web", "spinecoach.cli", "spinecoach.store", "sqlalchemy"),
}
LAYER_FILES = [
    (layer, path) for layer in FORBIDDEN_ARROWS for path in sorted((PACKAGE / layer).rglob("*.py"))
]


def crossings(modules: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules for bad in forbidden if m == bad or m.startswith(bad + "."))


def test_every_layer_has_modules_to_check() -> None:
    for layer in FORBIDDEN_ARROWS:
        assert len([p for name, p in LAYER_FILES if name == layer]) >= 5, layer


@pytest.mark.parametrize(("layer", "path"), LAYER_FILES, ids=lambda v: v if isinstance(v, str) else v.name)
def test_no_module_imports_across_a_forbidden_arrow(layer: str, path: Path) -> None:
    modules = imported_modules(ast.parse(path.read_text(encoding="utf-8")))
    bad = crossings(modules, FORBIDDEN_ARROWS[layer])
    assert bad == [], f"{layer}/{path.relative_to(PACKAGE / layer)} imports {bad}"


def test_the_arrow_rule_catches_a_new_arrow() -> None:
    tree = ast.parse(
        "from sqlalchemy import select\nfrom spinecoach.store.tables import SessionRow\nimport json"
    )
    assert crossings(imported_modules(tree), FORBIDDEN_ARROWS["services"]) == [
        "spinecoach.store.tables",
        "sqlalchemy",
    ]
    assert crossings({"spinecoach.web.login"}, FORBIDDEN_ARROWS["store"]) == ["spinecoach.web.login"]
