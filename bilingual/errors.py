"""What can go wrong, and what the user is told: one mapping from error types to a one-line message and an
exit code, used by every command.

Exit codes: 0 all done; 1 partial failure (some posts failed, the rest were written; or --strict found
glossary violations); 2 the user's input or options cannot be used (nothing done); 70 a bug in bilingual
(EX_SOFTWARE): the message says so, never a bare traceback; 130 interrupted.
"""

from __future__ import annotations

import sqlite3

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_BUG = 70
EXIT_INTERRUPTED = 130


class BilingualError(Exception):
    """A problem the user can fix. The message is one line naming the file (or option) and the problem."""

    exit_code = EXIT_USAGE


class OptionError(BilingualError):
    """An option value that cannot be used (unknown layout, empty --format, …)."""


class UnreadableInput(BilingualError):
    """An input file or folder that is missing or cannot be read."""


class Interrupted(BilingualError):
    """Ctrl-C during a run: says what was kept."""

    exit_code = EXIT_INTERRUPTED

    def __init__(self, kept: int):
        self.kept = kept
        super().__init__(
            f"interrupted; {kept} new translations are kept in the translation memory: run the same command "
            "again to resume (they will not be translated again)"
        )


def describe(exc: BaseException) -> tuple[str, int]:
    """The one line shown for an exception, and the exit code it gives."""
    if isinstance(exc, BilingualError):
        return one_line(str(exc)), exc.exit_code
    if isinstance(exc, KeyboardInterrupt):  # outside translation (which raises Interrupted, saying what it kept)
        return "interrupted; what was translated so far is kept: run the same command again to resume", \
            EXIT_INTERRUPTED
    if isinstance(exc, sqlite3.Error):
        # the translation memory: locked by another program, read-only, or damaged
        return one_line(f"the translation memory (cache.sqlite3 in $BILINGUAL_HOME) cannot be used: {exc}"), EXIT_USAGE
    if isinstance(exc, OSError) and exc.filename is not None:
        # a file the user named or an output folder we cannot write: the user can fix it
        reason = exc.strerror or type(exc).__name__
        return one_line(f"{exc.filename}: {reason}"), EXIT_USAGE
    if isinstance(exc, OSError):
        return one_line(f"{exc.strerror or exc}"), EXIT_USAGE
    return (
        one_line(f"internal error ({type(exc).__name__}: {exc}) — this is a bug in bilingual; please report it "
                 "with the command you ran"),
        EXIT_BUG,
    )


def one_line(text: str) -> str:
    return " ".join(str(text).split())


class GlossaryError(BilingualError):
    """A glossary file that cannot be used; the message names the file and line."""
