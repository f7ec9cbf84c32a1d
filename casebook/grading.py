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

# Every message a student or a grader reads, in the course's two languages. Variable
# names, ids and Python values stay as written in the notebook, since that is what the
# student types.
MESSAGES: dict[str, dict[str, str]] = {
    "text": {"en": "the text {value!r}", "zh": "文本 {value!r}"},
    "not_plain": {
        "en": "a value that is not in the form asked for (a {kind}, not plain True/False, text "
        "or a list or dictionary of these)",
        "zh": "不符合要求格式的值（{kind}，而不是普通的 True/False、文本或由它们组成的列表、字典）",
    },
    "number": {"en": "the number {value!r}", "zh": "数字 {value!r}"},
    "is": {"en": "{name} is {what}.", "zh": "{name} 是{what}。"},
    "other": {"en": "a {type} ({value!r})", "zh": "{type} 类型的值（{value!r}）"},
    "bool_none": {
        "en": "{label} is still None: replace it with True or False.",
        "zh": "{label} 仍是 None：请把它替换为 True 或 False。",
    },
    "bool_text": {
        "en": "{label} is {desc}: write True or False without quotes "
        "(a yes/no in words is not read as an answer).",
        "zh": "{label} 是{desc}：请写 True 或 False，不加引号（用文字写的“是/否”不会被当作答案）。",
    },
    "bool_other": {
        "en": "{label} is {desc}: write True or False.",
        "zh": "{label} 是{desc}：请写 True 或 False。",
    },
    "id_none": {
        "en": "{label} is still None: replace it with {kind} in quotes, in the form {example}.",
        "zh": "{label} 仍是 None：请把它替换为加引号的{kind}，格式如 {example}。",
    },
    "id_type": {
        "en": "{label} is {desc}: write {kind} in quotes, in the form {example}.",
        "zh": "{label} 是{desc}：请写加引号的{kind}，格式如 {example}。",
    },
    "id_unknown": {
        "en": "{label} is {value!r}, which is not {kind} the casebook knows.{tip}",
        "zh": "{label} 是 {value!r}，本案例集中没有这个{kind}。{tip}",
    },
    "did_you_mean": {"en": " Did you mean {hint!r}?", "zh": "你是否想写 {hint!r}？"},
    "use_one_of": {"en": " Use one of: {known}.", "zh": "可用的有：{known}。"},
    "kind.test": {"en": "a test id", "zh": "法律标准编号"},
    "kind.element": {"en": "an element id", "zh": "要件编号"},
    "kind.case": {"en": "a case id", "zh": "案例编号"},
    "kind.article": {"en": "an article id", "zh": "法条编号"},
    "missing": {
        "en": "{name} is not defined: the answer cell that sets it has been deleted or not run. "
        "Run the answer cell (restore it from a fresh copy of the exercise if it was deleted).",
        "zh": "{name} 未定义：给它赋值的答案单元格已被删除或尚未运行。"
        "请运行该答案单元格（如已删除，请从一份新的练习副本中恢复）。",
    },
    "tests_type": {
        "en": "{name} must be a dictionary of parties and test ids, like "
        "{{'party': 'test-id'}}; it is {desc}.",
        "zh": "{name} 必须是由当事人和法律标准编号组成的字典，例如 {{'party': 'test-id'}}；"
        "现在它是{desc}。",
    },
    "tests_no_entry": {
        "en": "{name} has no entry {key!r}: put it back, with a test id in quotes.",
        "zh": "{name} 缺少条目 {key!r}：请把它补回，并填入加引号的法律标准编号。",
    },
    "findings_type": {
        "en": "{name} must be a dictionary of element ids and True/False, "
        "like {{'element-id': True}}; it is {desc}.",
        "zh": "{name} 必须是由要件编号和 True/False 组成的字典，例如 {{'element-id': True}}；"
        "现在它是{desc}。",
    },
    "findings_no_entry": {
        "en": "{name} has no entry {key!r}: put it back, with True or False.",
        "zh": "{name} 缺少条目 {key!r}：请把它补回，并填入 True 或 False。",
    },
    "findings_extra": {
        "en": "{name} has an entry {key!r} that this question does not ask about.{tip} "
        "The entries asked for are: {wanted}.",
        "zh": "{name} 中的条目 {key!r} 不是本题所问的。{tip}本题要求的条目为：{wanted}。",
    },
    "unchecked": {
        "en": "{name} could not be checked ({exc}).",
        "zh": "{name} 无法检查（{exc}）。",
    },
    "to_fix": {
        "en": "{question}: {n} thing(s) to fix before this question can be graded:",
        "zh": "{question}：评分前还有 {n} 处需要修改：",
    },
    "all_good": {
        "en": "{question}: every answer is in the right form (this does not say they are right).",
        "zh": "{question}：所有答案格式正确（这并不表示答案正确）。",
    },
    "no_question": {
        "en": "There is no question {question!r}; use one of: {known}.",
        "zh": "没有名为 {question!r} 的题目；可选：{known}。",
    },
    "not_graded": {
        "en": "{label}: not graded (see the message below)",
        "zh": "{label}：未评分（见下方说明）",
    },
    "right": {"en": "right", "zh": "正确"},
    "wrong": {"en": "wrong", "zh": "错误"},
    "why": {"en": "  Why: {reason}", "zh": "  理由：{reason}"},
    "not_expected": {
        "en": "{label} = {value!r} is not the expected answer.",
        "zh": "{label} = {value!r} 不是预期的答案。",
    },
    "not_expected_see_why": {
        "en": "{label} = {value!r} is not the expected answer (see why above).",
        "zh": "{label} = {value!r} 不是预期的答案（理由见上）。",
    },
}


def _msg(message: str, lang: str, /, **fmt: Any) -> str:
    entry = MESSAGES[message]
    return entry.get(lang, entry["en"]).format(**fmt)


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


def _describe(value: Any, lang: str = "en") -> str:
    if isinstance(value, NotPlainAnswer):
        return _msg("not_plain", lang, kind=value.kind)
    if isinstance(value, str):
        return _msg("text", lang, value=value)
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, int | float):
        return _msg("number", lang, value=value)
    return _msg("other", lang, type=type(value).__name__, value=value)


def _bool_problem(label: str, value: Any, lang: str = "en") -> str | None:
    if value is None:
        return _msg("bool_none", lang, label=label)
    if isinstance(value, bool):
        return None
    key = "bool_text" if isinstance(value, str) else "bool_other"
    return _msg(key, lang, label=label, desc=_describe(value, lang))


def _id_problem(
    label: str, value: Any, kind: str, known: tuple[str, ...], example: str, lang: str = "en"
) -> str | None:
    kind = _msg(f"kind.{kind}", lang)
    if value is None:
        return _msg("id_none", lang, label=label, kind=kind, example=example)
    if not isinstance(value, str):
        desc = _describe(value, lang)
        return _msg("id_type", lang, label=label, desc=desc, kind=kind, example=example)
    if known and value not in known:
        hint = get_close_matches(value.strip().lower(), known, n=1)
        tip = (
            _msg("did_you_mean", lang, hint=hint[0])
            if hint
            else _msg("use_one_of", lang, known=", ".join(known))
        )
        return _msg("id_unknown", lang, label=label, value=value, kind=kind, tip=tip)
    return None


def _missing(name: str, lang: str = "en") -> str:
    return _msg("missing", lang, name=name)


def problems(
    namespace: Mapping[str, Any],
    name: str,
    key: str | None = None,
    *,
    elements: Iterable[str] = (),
    lang: str | None = None,
) -> list[str]:
    """Plain-language problems with one answer variable (or one entry of a findings dict).

    `name` is the variable, e.g. 'q1_findings'; its suffix says what it must hold.
    `elements` are the element ids a findings dict must have. The messages are in `lang`,
    else in the course language (casebook.settings).
    """
    lang = lang or _lang()
    if name not in namespace:
        return [_missing(name, lang)]
    value = namespace[name]
    if isinstance(value, NotPlainAnswer):
        return [_msg("is", lang, name=name, what=_describe(value, lang))]
    part = name.rsplit("_", 1)[-1]
    cases, articles = _ids()
    if part == TESTS:
        tests, _ = _test_ids()
        if not isinstance(value, Mapping):
            return [_msg("tests_type", lang, name=name, desc=_describe(value, lang))]
        wanted = [key] if key is not None else list(elements) or list(value)
        out = []
        for k in wanted:
            if k not in value:
                out.append(_msg("tests_no_entry", lang, name=name, key=k))
                continue
            problem = _id_problem(f"{name}[{k!r}]", value[k], "test", tests, "'portrait'", lang)
            if problem:
                out.append(problem)
        return out
    if part == DISPUTED:
        _, elems = _test_ids()
        problem = _id_problem(name, value, "element", elems, "'no-consent'", lang)
        return [problem] if problem else []
    if part == FINDINGS:
        if not isinstance(value, Mapping):
            return [_msg("findings_type", lang, name=name, desc=_describe(value, lang))]
        wanted = [key] if key is not None else list(elements)
        out = []
        for k in wanted:
            if k not in value:
                out.append(_msg("findings_no_entry", lang, name=name, key=k))
            else:
                problem = _bool_problem(f"{name}[{k!r}]", value[k], lang)
                if problem:
                    out.append(problem)
        if key is None and elements:
            for k in value:
                if k not in wanted:
                    hint = get_close_matches(str(k), wanted, n=1)
                    tip = _msg("did_you_mean", lang, hint=hint[0]) if hint else ""
                    out.append(
                        _msg(
                            "findings_extra",
                            lang,
                            name=name,
                            key=k,
                            tip=tip,
                            wanted=", ".join(wanted),
                        )
                    )
        return out
    if part == CONCLUSION:
        problem = _bool_problem(name, value, lang)
    elif part == PRECEDENT:
        problem = _id_problem(name, value, "case", cases, "'plaintiff-v-defendant'", lang)
    elif part == STATUTE:
        problem = _id_problem(name, value, "article", articles, "'civil-code-NNNN'", lang)
    else:
        problem = None
    return [problem] if problem else []


def _report(question: str, found: list[str], lang: str) -> None:
    if found:
        print(_msg("to_fix", lang, question=question, n=len(found)))
        for line in found:
            print(f"  - {line}")
    else:
        print(_msg("all_good", lang, question=question))


def check_answers(
    question: str, namespace: Mapping[str, Any], elements: Iterable[str] = ()
) -> None:
    """Print whether each answer of one question is in the right form; never raises.

    It checks form only (True/False, a known case or article id), not whether the
    answer is right: that is for the grader. It speaks the course language.
    """
    lang = _lang()
    found = []
    for part in PARTS:
        name = f"{question}_{part}"
        try:
            found += problems(namespace, name, elements=elements, lang=lang)
        except Exception as exc:  # a check must never stop the notebook
            found.append(_msg("unchecked", lang, name=name, exc=exc))
    _report(question, found, lang)


def require(
    namespace: Mapping[str, Any], name: str, key: str | None = None, lang: str | None = None
) -> None:
    """Raise AnswerFormError, in plain words, if one answer is missing or malformed."""
    found = problems(namespace, name, key, lang=lang)
    if found:
        raise AnswerFormError(" ".join(found))


def expect(namespace: Mapping[str, Any], name: str, key: str | None, accepted: Any) -> None:
    """Raise NotExpectedAnswer unless the answer is one of `accepted` (a value or a set).

    The message never names the accepted answer, so feedback does not give it away.
    """
    lang = _lang()
    require(namespace, name, key, lang)
    value = namespace[name][key] if key is not None else namespace[name]
    options = accepted if isinstance(accepted, set | frozenset | tuple | list) else {accepted}
    if isinstance(value, bool):
        ok = any(value is a for a in options)
    else:
        ok = value in options
    if not ok:
        label = f"{name}[{key!r}]" if key is not None else name
        raise NotExpectedAnswer(_msg("not_expected", lang, label=label, value=value))


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
        lang = _lang()
        if question not in shape:
            print(_msg("no_question", lang, question=question, known=", ".join(shape)))
            return
        found = []
        for name, keys in shape[question].items():
            try:
                found += problems(namespace, name, elements=keys or (), lang=lang)
            except Exception as exc:  # a check must never stop the notebook
                found.append(_msg("unchecked", lang, name=name, exc=exc))
        _report(question, found, lang)

    return check


def grade_part(
    namespace: Mapping[str, Any],
    name: str,
    key: str | None,
    accepted: Iterable[Any],
    reason_en: str,
    reason_zh: str,
) -> None:
    """Grade one autograded part and print feedback that teaches, in the course language.

    Right: prints the reason and returns (full credit). Wrong: prints the reason, then
    raises NotExpectedAnswer (no credit). Malformed or missing: raises AnswerFormError.
    The accepted answers themselves are never printed. With no course language set
    (casebook.settings), the feedback is in both languages, English first.
    """
    from .settings import configured_language

    label = f"{name}[{key!r}]" if key is not None else name
    chosen = configured_language()
    langs = (chosen,) if chosen else ("en", "zh")
    reasons = {"en": reason_en, "zh": reason_zh}

    def say(what: str, **fmt: Any) -> None:
        print("\n".join(_msg(what, lang, **fmt) for lang in langs))

    try:
        require(namespace, name, key, langs[0])
    except AnswerFormError:
        say("not_graded", label=label)
        raise
    value = namespace[name][key] if key is not None else namespace[name]
    options = list(accepted)
    if isinstance(value, bool):
        ok = any(value is a for a in options)
    else:
        ok = value in options
    head = label if ok else f"{label} = {value!r}"
    word = "right" if ok else "wrong"
    if len(langs) == 1:
        zh = langs[0] == "zh"
        verdict = f"{'：' if zh else ': '}{_msg(word, langs[0])}{'。' if zh else '.'}"
    else:
        verdict = f": {_msg(word, 'en')} / {_msg(word, 'zh')}."
    mark = "\u2714" if ok else "\u2718"
    print(f"{mark} {head}{verdict}")
    for lang in langs:
        print(_msg("why", lang, reason=reasons[lang]))
    if ok:
        return
    raise NotExpectedAnswer(_msg("not_expected_see_why", langs[0], label=label, value=value))
