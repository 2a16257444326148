"""How the command line reports a person's mistake: one clear line on stderr, never a traceback."""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console

from spinecoach.catalog import CatalogError
from spinecoach.domain.errors import DomainError
from spinecoach.store.database import DatabaseError

# Exit codes: 0 fine, 1 refused by a safety rule, 2 the input was wrong.
EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2

P = ParamSpec("P")
R = TypeVar("R")

stderr = Console(stderr=True, highlight=False)


class BadInput(Exception):
    """The command line's own input error (a file that is not there, a malformed answer)."""


def fail(message: str, code: int = EXIT_BAD_INPUT) -> typer.Exit:
    stderr.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    return typer.Exit(code)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the errors a person can fix into a message and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except (BadInput, DomainError, CatalogError, DatabaseError) as error:
            raise fail(str(error)) from None

    return wrapper
