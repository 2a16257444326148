"""`make audit` reads pip-audit's report: a known vulnerability fails, a service that answers nothing is said."""

from scripts.audit import unreachable, verdict


def dependency(name: str, **extra: object) -> dict[str, object]:
    return {"name": name, "version": "1.0", "vulns": [], **extra}


def test_a_known_vulnerability_fails_and_names_the_fix() -> None:
    vuln = {"id": "PYSEC-2099-1", "fix_versions": ["1.1"], "aliases": []}
    code, lines = verdict({"dependencies": [dependency("jinja2", vulns=[vuln]), dependency("rich")]})
    assert code == 1
    assert "VULNERABLE jinja2 1.0: PYSEC-2099-1 (fixed in 1.1)" in lines


def test_a_service_that_knows_no_package_passes_loudly() -> None:
    skipped = {"name": "rich", "skip_reason": "Dependency not found on PyPI and could not be audited"}
    code, lines = verdict({"dependencies": [skipped, {**skipped, "name": "typer"}]})
    assert code == 0
    assert any("VULNERABILITY CHECK NOT RUN" in line for line in lines)


def test_clean_packages_pass_and_the_unknown_ones_are_listed() -> None:
    skipped = {"name": "private-thing", "skip_reason": "not found"}
    code, lines = verdict({"dependencies": [dependency("rich"), skipped]})
    assert code == 0
    assert "not audited (1): private-thing" in lines
    assert lines[-1] == "no known vulnerabilities in the 1 audited locked packages"


def test_network_failures_are_told_apart_from_other_errors() -> None:
    assert unreachable(
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='x'): Max retries exceeded"
    )
    assert not unreachable("pip-audit: error: unrecognized arguments: --bogus")
