"""Known vulnerabilities in the locked packages: `make audit` (docs/development.md).

Runs pip-audit on `requirements/lock.txt` (every pin with its hashes, so pip-audit resolves nothing
itself) and reads its JSON report:

- a known vulnerability in any locked package fails (exit 1), naming the package, the advisory and
  the versions that fix it;
- a vulnerability service that cannot be reached, or that answers for none of the packages (a
  mirror of the package index that serves the packages but not their advisories does that), is
  said loudly and passes (exit 0): the build does not depend on a service it cannot see;
- packages the service did not know are listed, and the rest is judged as usual.

Extra arguments go to pip-audit, for example `-s osv`.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
NETWORK_ERRORS = ("ConnectionError", "NameResolutionError", "Max retries exceeded", "timed out", "SSLError")
BANNER = "=" * 72


def verdict(report: dict[str, Any]) -> tuple[int, list[str]]:
    """The exit code and the lines to print for one pip-audit JSON report."""
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if "skip_reason" in d]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    lines = []
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            lines.append(
                f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})"
            )
    if vulnerable:
        lines.append(
            f"{len(vulnerable)} locked package(s) have known vulnerabilities: raise them and run `make lock`"
        )
        return 1, lines
    if dependencies and len(skipped) == len(dependencies):
        return 0, [
            BANNER,
            f"VULNERABILITY CHECK NOT RUN: the service answered for none of the {len(dependencies)} locked packages",
            f"(first answer: {skipped[0]['skip_reason']}).",
            "Run `make audit` where the service can be reached, or try `.venv/bin/python scripts/audit.py -s osv`.",
            BANNER,
        ]
    if skipped:
        lines.append(f"not audited ({len(skipped)}): " + ", ".join(d["name"] for d in skipped))
    audited = len(dependencies) - len(skipped)
    lines.append(f"no known vulnerabilities in the {audited} audited locked packages")
    return 0, lines


def unreachable(stderr: str) -> bool:
    return any(marker in stderr for marker in NETWORK_ERRORS)


def main(extra: list[str]) -> int:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "audit.json"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip_audit",
                "--requirement",
                str(LOCK),
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--format",
                "json",
                "--output",
                str(output),
                *extra,
            ],
            capture_output=True,
            text=True,
        )
        report = json.loads(output.read_text(encoding="utf-8")) if output.exists() else None
    if report is None:
        if unreachable(done.stderr):
            last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
            print(
                f"{BANNER}\nVULNERABILITY CHECK NOT RUN: the service could not be reached\n{last}\n{BANNER}"
            )
            return 0
        print(done.stdout + done.stderr)
        return done.returncode or 1
    code, lines = verdict(report)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
