"""Plain-language form checks for exercise answers; holds no answers, only their shapes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from difflib import get_close_matches
from functools import lru_cache
from typing import Any

__all__ = [
    "AnswerFormError",
    "NotExpectedAnswer",
    "NotPlainAnswer",
    "check_answers",
    "expect",
    "grade_part",
    "make_check",
    "problems",
    "require",
]

# The kinds of autograded answer a question asks for, by variable suffix.
FINDINGS, CONCLUSION, PRECEDENT, STATUTE = "findings", "conclusion", "precedent", "statute"
TESTS, DISPUTED = "tests", "disputed"
PARTS = (FINDINGS, CONCLUSION, PRECEDENT, STATUTE)
ALL_PARTS = (TESTS, FINDINGS, DISPUTED, CONCLUSION, PRECEDENT, STATUTE)


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


@lru_cache(maxsize=1)
def _test_ids() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Known legal-test ids and element ids; empty when the data cannot be loaded."""
    try:
        import casebook

        cb = casebook.load()
    except Exception:
        return (), ()
    return (
        tuple(t.id for t in cb.tests),
        tuple(sorted({e.id for t in cb.tests for e in t.elements})),
    )


class NotPlainAnswer:
    """Stands, in the grader, for an answer that was not plain data (True/False, text, a number,
    a list or dictionary of these): a subclass, a function, an object of the student's own."""

    def __init__(self, kind: str = "object"):
        self.kind = kind

    def __repr__(self) -> str:
        return f"<{self.kind}>"


def _describe(value: Any) -> str:
    if isinstance(value, NotPlainAnswer):
        return (
            f"a value that is not in the form asked for (a {value.kind}, not plain "
            "True/False, text or a dictionary of these; 不是要求的格式)"
        )
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
    if isinstance(value, NotPlainAnswer):
        return [f"{name} is {_describe(value)}."]
    part = name.rsplit("_", 1)[-1]
    cases, articles = _ids()
    if part == TESTS:
        tests, _ = _test_ids()
        if not isinstance(value, Mapping):
            return [
                f"{name} must be a dictionary of parties and test ids, like "
                f"{{'party': 'test-id'}}; it is {_describe(value)}."
            ]
        wanted = [key] if key is not None else list(elements) or list(value)
        out = []
        for k in wanted:
            if k not in value:
                out.append(f"{name} has no entry {k!r}: put it back, with a test id in quotes.")
                continue
            problem = _id_problem(f"{name}[{k!r}]", value[k], "a test id", tests, "'portrait'")
            if problem:
                out.append(problem)
        return out
    if part == DISPUTED:
        _, elems = _test_ids()
        problem = _id_problem(name, value, "an element id", elems, "'no-consent'")
        return [problem] if problem else []
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


def _lang() -> str:
    try:
        from .settings import course_language

        return course_language()
    except Exception:
        return "en"


def make_check(shape: Mapping[str, Mapping[str, list[str] | None]]):
    """The `check("q1")` function of one notebook, built from the shape of its answers.

    `shape` maps each question to its answer variables and, for dictionaries, the keys
    they must hold. It holds no answers. `check` reads the caller's variables, prints what
    is missing or in the wrong form in the course language, and never raises.
    """
    import inspect

    def check(question: str) -> None:
        frame = inspect.currentframe()
        namespace = frame.f_back.f_globals if frame and frame.f_back else {}
        zh = _lang() == "zh"
        if question not in shape:
            known = ", ".join(shape)
            print(f"没有名为 {question!r} 的题目；可选：{known}" if zh
                  else f"There is no question {question!r}; use one of: {known}.")
            return
        found = []
        for name, keys in shape[question].items():
            try:
                found += problems(namespace, name, elements=keys or ())
            except Exception as exc:  # a check must never stop the notebook
                found.append(f"{name} could not be checked ({exc}).")
        if found:
            head = (f"{question}：评分前还有 {len(found)} 处需要修改（说明为英文变量名）："
                    if zh else
                    f"{question}: {len(found)} thing(s) to fix before this question can be graded:")
            print(head)
            for line in found:
                print(f"  - {line}")
        elif zh:
            print(f"{question}：所有答案格式正确（这并不表示答案正确）。")
        else:
            print(
                f"{question}: every answer is in the right form "
                "(this does not say they are right)."
            )

    return check


def grade_part(
    namespace: Mapping[str, Any],
    name: str,
    key: str | None,
    accepted: Iterable[Any],
    reason_en: str,
    reason_zh: str,
) -> None:
    """Grade one autograded part and print feedback that teaches, in both languages.

    Right: prints the reason and returns (full credit). Wrong: prints the reason, then
    raises NotExpectedAnswer (no credit). Malformed or missing: raises AnswerFormError.
    The accepted answers themselves are never printed.
    """
    label = f"{name}[{key!r}]" if key is not None else name
    try:
        require(namespace, name, key)
    except AnswerFormError:
        print(f"{label}: not graded (see the message below) / 未评分（见下方说明）")
        raise
    value = namespace[name][key] if key is not None else namespace[name]
    options = list(accepted)
    if isinstance(value, bool):
        ok = any(value is a for a in options)
    else:
        ok = value in options
    if ok:
        print(f"\u2714 {label}: right / 正确.\n  Why: {reason_en}\n  理由：{reason_zh}")
        return
    print(f"\u2718 {label} = {value!r}: wrong / 错误.\n  Why: {reason_en}\n  理由：{reason_zh}")
    raise NotExpectedAnswer(f"{label} = {value!r} is not the expected answer (see why above).")
