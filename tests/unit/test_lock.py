"""The lock (`requirements/`) fits pyproject.toml, and the check notices when it does not."""

import shutil
import sys
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from scripts import lock

ROOT = Path(__file__).resolve().parents[2]


def pins(text: str) -> dict[str, str]:
    """Name -> version for this interpreter, from a universal lock (markers pick one line per name)."""
    found = {}
    for line in text.splitlines():
        if line.startswith((" ", "#")) or "==" not in line:
            continue
        spec = line.rstrip(" \\")
        requirement = Requirement(spec)
        if requirement.marker is None or requirement.marker.evaluate():
            found[canonicalize_name(requirement.name)] = str(requirement.specifier).removeprefix("==")
    return found


def test_the_committed_lock_was_made_from_this_pyproject() -> None:
    assert lock.check() == []


def test_a_dependency_added_without_make_lock_fails_the_check(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject.write_text(
        text.replace('"jinja2>=3.1",', '"jinja2>=3.1",\n    "requests>=2",'), encoding="utf-8"
    )
    assert pyproject.read_text(encoding="utf-8") != text
    problems = lock.check(pyproject=pyproject)
    assert problems and "make lock" in problems[0]


def test_a_new_tool_version_without_make_lock_fails_the_check(tmp_path: Path) -> None:
    tools_in = tmp_path / "tools.in"
    tools_in.write_text("uv==0.0.1\n", encoding="utf-8")
    assert lock.check(tools_in=tools_in) != []


def test_comments_and_order_in_pyproject_do_not_change_the_digest(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject.write_text("# a comment\n" + text.replace("  # the calendar feed", ""), encoding="utf-8")
    assert lock.inputs_digest(pyproject) == lock.inputs_digest()


def test_a_lock_without_its_digest_line_fails_the_check(tmp_path: Path) -> None:
    stale = tmp_path / "lock.txt"
    shutil.copy(lock.LOCK, stale)
    stale.write_text(stale.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    assert lock.check(lock=stale) != []


@pytest.mark.parametrize("extra", [None, *lock.EXTRAS])
def test_every_direct_dependency_is_pinned_within_its_range(extra: str | None) -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    pinned = pins(lock.LOCK.read_text(encoding="utf-8"))
    environment = {**default_environment(), "extra": extra or ""}
    for spec in wanted:
        requirement = Requirement(spec)
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is not in the lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (name, pinned[name])


def test_the_installed_packages_are_the_locked_ones() -> None:
    from importlib import metadata

    pinned = pins(lock.LOCK.read_text(encoding="utf-8"))
    installed = {
        canonicalize_name(d.metadata["Name"]): d.version
        for d in metadata.distributions()
        if canonicalize_name(d.metadata["Name"]) != "spinecoach"
    }
    if sys.prefix == sys.base_prefix:
        pytest.skip("LOCK NOT CHECKED: the tests run outside a virtualenv, not in the one `make` installs")
    wrong = {
        name: (version, installed.get(name))
        for name, version in pinned.items()
        if installed.get(name) != version
    }
    assert wrong == {}, "run `make` to install the lock again: (locked, installed) " + repr(wrong)
