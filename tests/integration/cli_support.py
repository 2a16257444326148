"""What the CLI tests share: invoking the app, reading its JSON, and checking its bad-input errors.

Each test points the journal at a file under tmp_path (`--db`, or SPINECOACH_DB), so nothing
touches the person's real data folder. Exit codes: 0 fine, 1 refused by a safety rule, 2 bad input.
The fixtures `runner` and `wide_consoles` live in the folder's conftest.py.
"""

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from spinecoach.cli.app import app

UNIVERSAL = ("chest-on-table-breathing", "hands-knees-breathing")
EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT = 0, 1, 2


def invoke(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def as_json(result: Result) -> Any:
    assert result.exit_code == EXIT_OK, result.output
    return json.loads(result.stdout)


def assert_bad_input(result: Result, *fragments: str) -> str:
    """Exit 2 with one clear message on stderr that starts with 'error:', and no traceback."""
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert result.stderr.startswith("error:"), result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    return result.stderr


def flat(text: str) -> str:
    """Text with rich's box drawing removed and runs of whitespace collapsed into one space."""
    return " ".join(re.sub(r"[│╭╮╰╯─━┃┏┓┗┛]", " ", text).split())
