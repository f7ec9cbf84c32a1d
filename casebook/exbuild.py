"""Builds nbgrader source notebooks (solutions/<id>/<id>.ipynb) from the instructor's exercise YAML.

The package holds only this builder; the keys come from the instructor's folder at build
time and go into the source notebooks' solution and hidden-test blocks, which
`nbgrader generate_assignment` strips from the student release.
"""

from __future__ import annotations

import json
from pathlib import Path

from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

from .exercises import Assignment, Hypothetical, check_exercises, part_list

__all__ = ["answer_code", "build", "key_values", "notebook"]


def _nbgrader_default(preprocessor: type, trait: str) -> str:
    return preprocessor.class_traits()[trait].default_value


# The delimiters nbgrader looks for are its own defaults (the kit's nbgrader_config.py keeps
# them). Read from nbgrader rather than spelled here, so the package students install holds no
# solution or hidden-test marker. ("delimeter" is nbgrader's spelling of its traits.)
BEGIN_SOLUTION = "### " + _nbgrader_default(ClearSolutions, "begin_solution_delimeter")
END_SOLUTION = "### " + _nbgrader_default(ClearSolutions, "end_solution_delimeter")
BEGIN_HIDDEN = "### " + _nbgrader_default(ClearHiddenTests, "begin_test_delimeter")
END_HIDDEN = "### " + _nbgrader_default(ClearHiddenTests, "end_test_delimeter")
NBGRADER = "nbgrader"
SCHEMA_VERSION = 3
PART_POINTS = 1
# JupyterLab collapses a cell's source when this is set, so the one-line test cells do
# not crowd the page; graders and curious students can still expand them.
SOURCE_HIDDEN = {"jupyter": {"source_hidden": True}}


def _meta(grade_id: str, *, solution: bool, grade: bool, locked: bool, points: float = 0) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {NBGRADER: meta}


def answer_meta(gid: str) -> dict:
    return _meta(gid, solution=True, grade=False, locked=False)


def locked_meta(gid: str) -> dict:
    return {**_meta(gid, solution=False, grade=False, locked=True), "deletable": False,
            "editable": False}


def test_meta(gid: str, points: float = PART_POINTS) -> dict:
    meta = _meta(gid, solution=False, grade=True, locked=True, points=points)
    return {**meta, **SOURCE_HIDDEN, "deletable": False, "editable": False}


def written_meta(gid: str, points: float) -> dict:
    return _meta(gid, solution=True, grade=True, locked=False, points=points)


def _md(cid: str, text: str, meta: dict | None = None) -> dict:
    return {"cell_type": "markdown", "id": cid, "metadata": meta or {}, "source": text}


def _code(cid: str, text: str, meta: dict | None = None) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": cid, "metadata": meta or {},
            "outputs": [], "source": text}


def shape(q: Hypothetical) -> dict[str, list[str] | None]:
    """The answer variables of `q` and the keys each dictionary holds (no answers)."""
    out: dict[str, list[str] | None] = {}
    if q.spotting:
        out[f"{q.id}_tests"] = [p.party for p in q.spotting.parties]
    if q.findings:
        out[f"{q.id}_findings"] = [f.element for f in q.findings]
    for name in ("disputed", "conclusion", "precedent", "statute"):
        if getattr(q, name) is not None:
            out[f"{q.id}_{name}"] = None
    return out


def key_values(q: Hypothetical) -> dict:
    """The key in the form answer_code takes (the first accepted id of each choice)."""
    v: dict = {}
    if q.spotting:
        v["tests"] = {p.party: p.key[0] for p in q.spotting.parties}
    if q.findings:
        v["findings"] = {f.element: f.key for f in q.findings}
    for name in ("disputed", "precedent", "statute"):
        part = getattr(q, name)
        if part is not None:
            v[name] = part.key[0]
    if q.conclusion is not None:
        v["conclusion"] = q.conclusion.key
    return v


def answer_code(q: Hypothetical, values: dict | None = None, cb=None) -> str:
    """The answer cell's code; `values` None gives the placeholders students start from."""
    v = values or {}
    lines: list[str] = []
    if q.spotting:
        lines.append(f"{q.id}_tests = {{")
        for p in q.spotting.parties:
            lines.append(f"    {p.party!r}: {v.get('tests', {}).get(p.party)!r},  # a test id")
        lines.append("}")
    if q.findings:
        lines.append(f"{q.id}_findings = {{")
        for f in q.findings:
            val = v.get("findings", {}).get(f.element)
            lines.append(f"    {f.element!r}: {val!r},  # True or False")
        lines.append("}")
    if q.disputed is not None:
        lines.append(f"{q.id}_disputed = {v.get('disputed')!r}  # an element id, in quotes")
    if q.conclusion is not None:
        lines.append(f"{q.id}_conclusion = {v.get('conclusion')!r}  # True or False")
    if q.precedent is not None:
        lines.append(f"{q.id}_precedent = {v.get('precedent')!r}  # a case id, in quotes")
    if q.statute is not None:
        lines.append(f"{q.id}_statute = {v.get('statute')!r}  # an article id, in quotes")
    return "\n".join(lines)


# How each part is named in the collapsed test cells (cases are 案例, never precedents).
_LABELS = {
    "precedent": "the most analogous case",
    "statute": "the article asked for",
    "disputed": "the element in dispute",
    "conclusion": "the conclusion",
}


def _test_source(q: Hypothetical, gid: str, var: str, key: str | None) -> str:
    if var.endswith("_tests"):
        p = next(p for p in q.spotting.parties if p.party == key)
        accepted, reason, label = p.key, p.reason, f"test for {p.name.en}"
    elif var.endswith("_findings"):
        f = next(f for f in q.findings if f.element == key)
        accepted, reason, label = [f.key], f.reason, f"element {key!r}"
    else:
        part = getattr(q, var.split("_", 1)[1])
        accepted = part.key if isinstance(part.key, list) else [part.key]
        kind = var.split("_", 1)[1]
        reason, label = part.reason, _LABELS.get(kind, kind)
    return "\n".join(
        [
            f"# {q.id}: {label} ({PART_POINTS} point), graded when the work is submitted",
            BEGIN_HIDDEN,
            "from casebook.grading import grade_part",
            f"grade_part(globals(), {var!r}, {key!r}, {accepted!r},",
            f"           {reason.en!r},",
            f"           {reason.zh!r})",
            END_HIDDEN,
        ]
    )


def _rubric(q: Hypothetical) -> str:
    w = q.written
    rows = []
    for part in ("issue", "rule", "application", "conclusion"):
        for lv in getattr(w.rubric, part):
            rows.append(f"| {part} | {lv.points:g} | {lv.en} | {lv.zh} |")
    errors = "\n".join(f"- {e.en} / {e.zh}" for e in w.common_errors)
    return f"""{BEGIN_SOLUTION}
**For graders only / 仅供评分教师: rubric ({w.points} points)**

| IRAC | points 分 | descriptor | 描述 |
| --- | --- | --- | --- |
{chr(10).join(rows)}

**Model answer / 参考答案.** {w.model_answer.en}

{w.model_answer.zh}

**Common errors / 常见错误**

{errors}
{END_SOLUTION}"""


def _intro(a: Assignment, cb) -> str:
    cases = "\n".join(
        f"| `{c.id}` | {c.short_name.en} | {c.short_name.zh} |" for c in cb.cases
    )
    tests = "\n".join(f"| `{t.id}` | {t.name.en} | {t.name.zh} |" for t in cb.tests)
    return f"""# {a.title.en}
# {a.title.zh}

Each question is a new, made-up dispute. Read the facts, then:

1. In the **answer cell**, replace every `None` with your answer: `True` or `False` for an
   element or a conclusion; an id in quotes for a legal test, an element, a case or an article
   (`cb.test("portrait")`, `cb.case("li-v-liu")` and `cb.statute("civil-code-1019")` show them).
2. Run the **check line** under it, `check("q1")`. It says, in plain words, if an answer is
   missing or in the wrong form. It does not say whether an answer is right.
3. Write the **written answer** (issue, rule, application, conclusion) on the point the
   question leaves to your judgment. It is graded by hand and carries at least half the points.

Each autograded answer earns one point. After grading, feedback says for each one whether it
was right and why.

每道题都是新编的假设纠纷。请在**答题单元格**中把每个 `None` 换成你的答案：要件或结论填 `True` 或
`False`；法律标准、要件、案例或法条填带引号的编号。运行下方的**检查行** `check("q1")`，它会指出缺漏
或格式错误，但不判断对错。最后就留待判断的问题写出**书面分析**（争点、规则、适用、结论），由教师人工
评分，至少占一半分数。评分后，每个自动评分的答案都会附上对错及理由。

| legal test id 标准编号 | test | 标准 |
| --- | --- | --- |
{tests}

| case id 案例编号 | case | 案例 |
| --- | --- | --- |
{cases}
"""


def _question_md(q: Hypothetical, cb) -> str:
    n = q.id[1:]
    lines = [f"## Question {n}: {q.title.en}", f"## 第{n}题：{q.title.zh}", "",
             q.facts.en, "", q.facts.zh, "", "**Autograded / 自动评分**", ""]
    if q.spotting:
        opts = ", ".join(f"`{o}`" for o in q.spotting.options)
        for p in q.spotting.parties:
            lines.append(
                f"- `{q.id}_tests[{p.party!r}]`: which legal test governs the claim against "
                f"{p.name.en}? / 针对{p.name.zh}的请求应适用哪一法律标准？ "
                f"Choose from / 可选：{opts}"
            )
    if q.test:
        t = cb.test(q.test)
    if q.findings:
        lines.append(
            f"- `{q.id}_findings`: apply `{t.id}` ({t.name.en} / {t.name.zh}); True if the facts"
            " meet the element, False if not / 事实满足该要件填 True，否则填 False:"
        )
        for f in q.findings:
            e = t.element(f.element)
            lines.append(f"   - `{f.element}`: {e.name.en} / {e.name.zh}")
    if q.disputed is not None:
        opts = ", ".join(f"`{e.id}`" for e in t.elements)
        lines.append(
            f"- `{q.id}_disputed`: under `{t.id}`, which element is really in dispute on these "
            f"facts? / 依 `{t.id}`，本案真正有争议的是哪一要件？ Choose from / 可选：{opts}"
        )
    if q.conclusion is not None:
        lab = t.outcome_labels
        lines.append(
            f"- `{q.id}_conclusion`: True = {lab['true'].en} / {lab['true'].zh}; "
            f"False = {lab['false'].en} / {lab['false'].zh}"
        )
    if q.precedent is not None:
        lines.append(f"- `{q.id}_precedent`: the most analogous case / 最相似的案例")
    if q.statute is not None:
        lines.append(f"- `{q.id}_statute`: {q.statute.ask.en} / {q.statute.ask.zh}")
    w = q.written
    lines += ["", f"**Written answer / 书面分析** ({w.points} points / 分): {w.prompt.en}", "",
              w.prompt.zh, ""]
    return "\n".join(lines)


def notebook(a: Assignment, cb) -> dict:
    """The nbgrader source notebook of one assignment."""
    shapes = {q.id: shape(q) for q in a.questions}
    setup = "\n".join(
        [
            "import casebook",
            "from casebook.grading import make_check",
            "",
            "cb = casebook.load()",
            f"check = make_check({shapes!r})",
        ]
    )
    cells = [_md("intro", _intro(a, cb)), _code("setup", setup, locked_meta("setup"))]
    for q in a.questions:
        cells.append(_md(f"{q.id}_text", _question_md(q, cb)))
        src = "\n".join([answer_code(q), BEGIN_SOLUTION, answer_code(q, key_values(q)),
                         END_SOLUTION])
        cells.append(_code(f"{q.id}_answer", src, answer_meta(f"{q.id}_answer")))
        cells.append(_code(f"{q.id}_check", f"check({q.id!r})", locked_meta(f"{q.id}_check")))
        for gid, var, key in part_list(q):
            cells.append(_code(gid[:64], _test_source(q, gid, var, key), test_meta(gid)))
        gid = f"{q.id}_written"
        cells.append(_md(gid, _rubric(q), written_meta(gid, q.written.points)))
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def build(source: str | Path, dest: str | Path, cb=None) -> list[Path]:
    """Validate every hypothetical under `source` and write dest/<id>/<id>.ipynb for each."""
    if cb is None:
        import casebook

        cb = casebook.load()
    out = []
    for a in check_exercises(source, cb):
        path = Path(dest) / a.id / f"{a.id}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(notebook(a, cb), ensure_ascii=False, indent=1) + "\n"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out
