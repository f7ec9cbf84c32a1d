"""Plain-language form checks for exercise answers; holds no answers, only their shapes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from difflib import get_close_matches
from functools import lru_cache
from typing import Any

__all__ = [
    "AnswerFormError",
    "NotExpectedAnswer",
    "check_answers",
    "expect",
    "problems",
    "require",
]

# The four kinds of autograded answer a question asks for, by variable suffix.
FINDINGS, CONCLUSION, PRECEDENT, STATUTE = "findings", "conclusion", "precedent", "statute"
PARTS = (FINDINGS, CONCLUSION, PRECEDENT, STATUTE)


class _CleanError(AssertionError):
    """An error that shows students (and feedback) one plain sentence, never a traceback.

    IPython calls `_render_traceback_` instead of printing the stack, so a failing test
    cell shows the message alone: no code lines from the cell appear in the output.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class AnswerFormError(_CleanError):
    """An answer that is missing or not in the form the question asks for."""


class NotExpectedAnswer(_CleanError):
    """A well-formed answer that is not the one the grader expected."""


@lru_cache(maxsize=1)
def _ids() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Known case ids and article ids; empty when the casebook data cannot be loaded."""
    try:
        import casebook

        cb = casebook.load()
    except Exception:  # a broken data folder must not stop students checking their form
        return (), ()
    return tuple(c.id for c in cb.cases), tuple(a.id for a in cb.articles)


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, int | float):
        return f"the number {value!r}"
    return f"a {type(value).__name__} ({value!r})"


def _bool_problem(label: str, value: Any) -> str | None:
    if value is None:
        return f"{label} is still None: replace it with True or False."
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return (
            f"{label} is {_describe(value)}: write True or False without quotes "
            "(a yes/no in words is not read as an answer)."
        )
    return f"{label} is {_describe(value)}: write True or False."


def _id_problem(
    label: str, value: Any, kind: str, known: tuple[str, ...], example: str
) -> str | None:
    if value is None:
        return f"{label} is still None: replace it with {kind} in quotes, in the form {example}."
    if not isinstance(value, str):
        return f"{label} is {_describe(value)}: write {kind} in quotes, in the form {example}."
    if known and value not in known:
        hint = get_close_matches(value.strip().lower(), known, n=1)
        tip = f" Did you mean {hint[0]!r}?" if hint else f" Use one of: {', '.join(known)}."
        return f"{label} is {value!r}, which is not {kind} the casebook knows.{tip}"
    return None


def _missing(name: str) -> str:
    return (
        f"{name} is not defined: the answer cell that sets it has been deleted or not run. "
        "Run the answer cell (restore it from a fresh copy of the exercise if it was deleted)."
    )


def problems(
    namespace: Mapping[str, Any], name: str, key: str | None = None, *, elements: Iterable[str] = ()
) -> list[str]:
    """Plain-language problems with one answer variable (or one entry of a findings dict).

    `name` is the variable, e.g. 'q1_findings'; its suffix says what it must hold.
    `elements` are the element ids a findings dict must have.
    """
    if name not in namespace:
        return [_missing(name)]
    value = namespace[name]
    part = name.rsplit("_", 1)[-1]
    cases, articles = _ids()
    if part == FINDINGS:
        if not isinstance(value, Mapping):
            return [
                f"{name} must be a dictionary of element ids and True/False, "
                f"like {{'element-id': True}}; it is {_describe(value)}."
            ]
        wanted = [key] if key is not None else list(elements)
        out = []
        for k in wanted:
            if k not in value:
                out.append(f"{name} has no entry {k!r}: put it back, with True or False.")
            else:
                problem = _bool_problem(f"{name}[{k!r}]", value[k])
                if problem:
                    out.append(problem)
        if key is None and elements:
            for k in value:
                if k not in wanted:
                    hint = get_close_matches(str(k), wanted, n=1)
                    tip = f" Did you mean {hint[0]!r}?" if hint else ""
                    out.append(
                        f"{name} has an entry {k!r} that this question does not ask about.{tip} "
                        f"The entries asked for are: {', '.join(wanted)}."
                    )
        return out
    if part == CONCLUSION:
        problem = _bool_problem(name, value)
    elif part == PRECEDENT:
        problem = _id_problem(name, value, "a case id", cases, "'plaintiff-v-defendant'")
    elif part == STATUTE:
        problem = _id_problem(name, value, "an article id", articles, "'civil-code-NNNN'")
    else:
        problem = None
    return [problem] if problem else []


def check_answers(
    question: str, namespace: Mapping[str, Any], elements: Iterable[str] = ()
) -> None:
    """Print whether each answer of one question is in the right form; never raises.

    It checks form only (True/False, a known case or article id), not whether the
    answer is right: that is for the grader.
    """
    found = []
    for part in PARTS:
        name = f"{question}_{part}"
        try:
            found += problems(namespace, name, elements=elements)
        except Exception as exc:  # a check must never stop the notebook
            found.append(f"{name} could not be checked ({exc}).")
    if found:
        print(f"{question}: {len(found)} thing(s) to fix before this question can be graded:")
        for line in found:
            print(f"  - {line}")
    else:
        print(f"{question}: every answer is in the right form (this does not say they are right).")


def require(namespace: Mapping[str, Any], name: str, key: str | None = None) -> None:
    """Raise AnswerFormError, in plain words, if one answer is missing or malformed."""
    found = problems(namespace, name, key)
    if found:
        raise AnswerFormError(" ".join(found))


def expect(namespace: Mapping[str, Any], name: str, key: str | None, accepted: Any) -> None:
    """Raise NotExpectedAnswer unless the answer is one of `accepted` (a value or a set).

    The message never names the accepted answer, so feedback does not give it away.
    """
    require(namespace, name, key)
    value = namespace[name][key] if key is not None else namespace[name]
    options = accepted if isinstance(accepted, set | frozenset | tuple | list) else {accepted}
    if isinstance(value, bool):
        ok = any(value is a for a in options)
    else:
        ok = value in options
    if not ok:
        label = f"{name}[{key!r}]" if key is not None else name
        raise NotExpectedAnswer(f"{label} = {value!r} is not the expected answer.")
