"""Single key presses from the terminal, waited for with a timeout."""

import os
import select
import sys
import termios
import tty
from types import TracebackType
from typing import Any, Protocol, Self


class KeySource(Protocol):
    def read(self, timeout: float) -> str | None:
        """A key pressed within `timeout` seconds, or None."""
        ...


class TerminalKeys:
    """Reads keys from a terminal in cbreak mode; outside a terminal, no key ever comes."""

    def __init__(self, fd: int | None = None) -> None:
        self.fd = sys.stdin.fileno() if fd is None else fd
        self.is_tty = os.isatty(self.fd)
        self._saved: list[Any] | None = None

    def __enter__(self) -> Self:
        if self.is_tty:
            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def read(self, timeout: float) -> str | None:
        if not self.is_tty:
            return NoKeys().read(timeout)
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        data = os.read(self.fd, 1)
        return data.decode(errors="ignore") or None


class NoKeys:
    """A key source for unattended playback (benchmarks): waits, never presses anything."""

    def read(self, timeout: float) -> str | None:
        select.select([], [], [], max(0.0, timeout))
        return None
