"""axe-core's WCAG 2.2 A and AA rules on a page the browser tests have open.

axe-core is the browser tests' one npm package (package.json; `npm ci` puts it in node_modules/).
Without it the check is skipped with a loud reason, unless CI=true or SPINECOACH_REQUIRE_CHROMIUM=1,
which turn the skip into a failure, as for a missing Chromium.
"""

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import REQUIRE

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Every A and AA success criterion of WCAG 2.0, 2.1 and 2.2 that axe-core can test.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}}).then((results) =>
  results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  })))"""


def axe_missing() -> None:
    message = "ACCESSIBILITY TESTS NOT RUN: run `npm ci` (axe-core is not in node_modules/)"
    if os.environ.get("CI") == "true" or os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{message}; CI=true or {REQUIRE}=1 makes this a failure", pytrace=False)
    pytest.skip(message)


def violations_of(page: Any) -> list[str]:
    """axe-core's violations on the page as it stands, one readable line each (empty when none)."""
    if not AXE.is_file():
        axe_missing()
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN_AXE, WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {', '.join(v['targets'])}" for v in found]


def assert_accessible(page: Any, label: str) -> None:
    """Fail with every WCAG 2.2 A/AA violation axe-core finds on the page, `label` saying which."""
    found = violations_of(page)
    assert not found, f"{label}: {len(found)} accessibility rule(s) fail\n  " + "\n  ".join(found)
