"""The lock: every package the app, its tests and its build install, at an exact version with hashes.

    python scripts/lock.py            (make lock)     rewrite the lock, keeping every pin that still fits
    python scripts/lock.py --upgrade  (make upgrade)  rewrite it with the newest versions the ranges allow
    python scripts/lock.py --check    (make test)     change nothing; exit 1 when the lock is out of date

uv compiles three files in `requirements/`, each in pip's requirements format (a name, an exact
version and its hashes; no download addresses, so any index or mirror the machine is set up for
serves them):

- `lock.txt`: the project's dependencies with the extras the Makefile installs (dev, vision),
  resolved once for every platform and Python from 3.11 on (markers choose per machine);
- `build.txt`: what builds the project itself ([build-system] requires), given to the editable
  install as build constraints;
- `tools.txt`: the tools installed before the lock (uv itself), from `requirements/tools.in`.

The first line of `lock.txt` is a digest of what the lock was made from: the ranges in
`pyproject.toml`, its build requirements and `tools.in`. `--check` recomputes it, so a range added
or changed without `make lock` fails `make test`, offline and in a second.
"""

import hashlib
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements"
LOCK = REQUIREMENTS / "lock.txt"
BUILD = REQUIREMENTS / "build.txt"
TOOLS_IN = REQUIREMENTS / "tools.in"
TOOLS = REQUIREMENTS / "tools.txt"
EXTRAS = ("dev", "vision")  # what `make run` and `make test` install
OLDEST_PYTHON = "3.11"  # the lock holds for this version and every newer one
DIGEST_PREFIX = "# inputs-sha256: "


def inputs_digest(pyproject: Path = ROOT / "pyproject.toml", tools_in: Path = TOOLS_IN) -> str:
    """A digest of everything the lock is made from, insensitive to comments and formatting."""
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    project = config["project"]
    inputs = {
        "requires-python": project.get("requires-python"),
        "dependencies": sorted(project.get("dependencies", [])),
        "extras": {e: sorted(project.get("optional-dependencies", {}).get(e, [])) for e in EXTRAS},
        "build": sorted(config.get("build-system", {}).get("requires", [])),
        "tools": sorted(requirement_lines(tools_in.read_text(encoding="utf-8"))),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def requirement_lines(text: str) -> list[str]:
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def recorded_digest(lock: Path = LOCK) -> str | None:
    if not lock.exists():
        return None
    first = lock.read_text(encoding="utf-8").split("\n", 1)[0]
    return first.removeprefix(DIGEST_PREFIX) if first.startswith(DIGEST_PREFIX) else None


def check(
    pyproject: Path = ROOT / "pyproject.toml", lock: Path = LOCK, tools_in: Path = TOOLS_IN
) -> list[str]:
    problems = []
    for path in (lock, BUILD, TOOLS):
        if not path.exists():
            problems.append(f"{path.relative_to(ROOT)} is missing")
    if not problems and recorded_digest(lock) != inputs_digest(pyproject, tools_in):
        problems.append(
            f"{lock.name} was not made from this {pyproject.name} and {tools_in.name}: "
            "a dependency changed without `make lock`"
        )
    return problems


def uv() -> str:
    return os.environ.get("UV", str(ROOT / ".tools" / "bin" / "uv"))


def compile_to(output: Path, sources: list[str], upgrade: bool, stdin: str | None = None) -> None:
    command = [
        uv(),
        "pip",
        "compile",
        *sources,
        "--universal",
        "--python-version",
        OLDEST_PYTHON,
        "--generate-hashes",
        "--custom-compile-command",
        "make lock",
        "--output-file",
        str(output),
        "--quiet",
    ]
    if upgrade:
        command.append("--upgrade")
    subprocess.run(command, check=True, cwd=ROOT, input=stdin, text=True)


def write(upgrade: bool) -> None:
    extras = [arg for extra in EXTRAS for arg in ("--extra", extra)]
    compile_to(LOCK, ["pyproject.toml", *extras], upgrade)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    build = "\n".join(config["build-system"]["requires"]) + "\n"
    compile_to(BUILD, ["-"], upgrade, stdin=build)
    compile_to(TOOLS, [str(TOOLS_IN.relative_to(ROOT))], upgrade)
    body = LOCK.read_text(encoding="utf-8")
    LOCK.write_text(f"{DIGEST_PREFIX}{inputs_digest()}\n{body}", encoding="utf-8")


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = check()
        for problem in problems:
            print(problem)
        if problems:
            print("run `make lock` and commit requirements/ with pyproject.toml")
        return 1 if problems else 0
    write(upgrade="--upgrade" in argv)
    print(f"wrote {', '.join(str(p.relative_to(ROOT)) for p in (LOCK, BUILD, TOOLS))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
