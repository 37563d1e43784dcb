"""The driver's failures and their exit codes (README, "Exit codes")."""
from __future__ import annotations

EXIT_BAD_INPUT = 2  # bad arguments, unreadable inputs, a failed write
EXIT_FAILED = 3  # the session started on AWS but a measurement failed
EXIT_INTERRUPTED = 130


class BadInput(Exception):
    """Bad arguments or files: nothing was measured (exit code 2)."""

    exit_code = EXIT_BAD_INPUT


class MeasureFailed(Exception):
    """The session started but AWS or the function failed (exit code 3)."""

    exit_code = EXIT_FAILED


def one_line(text: str) -> str:
    """The first non-empty line of ``text``, stripped (messages stay one line)."""
    for line in str(text).splitlines():
        if line.strip():
            return line.strip()
    return ""
