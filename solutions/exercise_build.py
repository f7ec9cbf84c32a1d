"""Writes the nbgrader source notebooks solutions/<assignment>/<assignment>.ipynb from exercise_spec.py.

Run `python solutions/exercise_build.py` after editing exercise_spec.py, then regenerate the release with
`nbgrader generate_assignment <assignment> --force` (see docs/instructors.md).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import nbmeta as M  # noqa: E402
from exercise_spec import ASSIGNMENTS, CASES, RUBRIC_ZH, Assignment, Question  # noqa: E402

TESTS_DIR = HERE.parent / "casebook" / "data" / "tests"

_ids: set[str] = set()


def _cell_id(name: str) -> str:
    cid = name.replace(":", "-")[:64]
    assert cid not in _ids, cid
    _ids.add(cid)
    return cid


def md(name: str, text: str, meta: dict | None = None) -> dict:
    return {"cell_type": "markdown", "id": _cell_id(name), "metadata": meta or {}, "source": text}


def code(name: str, text: str, meta: dict | None = None) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": _cell_id(name),
        "metadata": meta or {},
        "outputs": [],
        "source": text,
    }


def legal_test(test_id: str) -> dict:
    return yaml.safe_load((TESTS_DIR / f"{test_id}.yaml").read_text(encoding="utf-8"))


def answer_code(q: Question, values: dict | None = None) -> str:
    """The answer cell's code; `values` None gives the placeholders students start from.

    `values` maps 'findings' (a dict), 'conclusion', 'precedent' and 'statute' to answers.
    """
    t = legal_test(q.test)
    true_label = t["outcome_labels"]["true"]["en"]
    lines = [f"{q.qid}_findings = {{"]
    for e in q.findings:
        v = None if values is None else values["findings"].get(e)
        if values is not None and e not in values["findings"]:
            continue
        lines.append(f"    {e!r}: {v!r},  # True or False")
    lines.append("}")
    v = {} if values is None else values
    lines.append(f"{q.qid}_conclusion = {v.get('conclusion')!r}  # True = {true_label}")
    lines.append(f"{q.qid}_precedent = {v.get('precedent')!r}  # a case id (text, in quotes)")
    lines.append(f"{q.qid}_statute = {v.get('statute')!r}  # an article id (text, in quotes)")
    return "\n".join(lines)


def key_values(q: Question) -> dict:
    """The answer key in the form answer_code takes (the first accepted id of each set)."""
    return {
        "findings": dict(q.findings),
        "conclusion": q.conclusion,
        "precedent": sorted(q.precedents)[0],
        "statute": sorted(q.statutes)[0],
    }


def _intro(a: Assignment) -> str:
    import casebook

    cb = casebook.load()
    rows = "\n".join(
        f"| `{cid}` | {cb.case(cid).short_name.en} | {cb.case(cid).short_name.zh} |"
        for cid in CASES
    )
    return f"""# {a.title[0]}
# {a.title[1]}

Each question is a new, made-up dispute. For each one:

1. In the **answer cell**, replace every `None` with your answer: `True` or `False` for each
   element the facts settle and for the conclusion; the id of the most analogous precedent
   (text in quotes); and the id of the statute article asked for (text in quotes, such as
   `"civil-code-NNNN"`; look articles up with `cb.statute(...)`).
2. Run the **check cell** below it. It tells you, in plain words, if an answer is missing or in
   the wrong form. It does not tell you whether the answer is right.
3. Write the **written answer** (issue, rule, application, conclusion) on the element the
   question leaves to your judgment. It is graded by hand.

Each element, the conclusion, the precedent and the statute earn one point each; the written
answer earns {M.WRITTEN_POINTS}. Use `cb.test("...")` to read a legal test and `cb.case("...")`
to read a precedent.

每道题都是新编的假设纠纷。请在**答题单元格**中把每个 `None` 换成你的答案：事实已能确定的要件及结论填
`True` 或 `False`；最相似判例的编号和所问法条的编号填带引号的文本。运行下方的**检查单元格**，它会用
平实的语言指出缺漏或格式错误，但不判断对错。最后就留待判断的要件写出**书面分析**（争点、规则、适用、
结论），由教师人工评分。

| case id 案例编号 | case | 案例 |
| --- | --- | --- |
{rows}
"""


SETUP = """import casebook
from casebook.grading import check_answers

cb = casebook.load()"""


def _question_md(q: Question) -> str:
    t = legal_test(q.test)
    n = q.qid[1:]
    elems = {e["id"]: e for e in t["elements"]}
    items = "\n".join(
        f"   - `{e}`: {elems[e]['name']['en']} / {elems[e]['name']['zh']}" for e in q.findings
    )
    labels = t["outcome_labels"]
    return f"""## Question {n}: {q.title[0]}
## 第{n}题：{q.title[1]}

{q.facts[0]}

{q.facts[1]}

**Autograded / 自动评分.** {q.ask[0]} {q.ask[1]}

- `{q.qid}_findings`: True (met) or False (not met) for each element the facts settle:
{items}
- `{q.qid}_conclusion`: True = {labels['true']['en']} / {labels['true']['zh']};
  False = {labels['false']['en']} / {labels['false']['zh']}
- `{q.qid}_precedent`: the id of the most analogous precedent / 最相似判例的编号
- `{q.qid}_statute`: the id of the statute article asked for / 所问法条的编号

**Written answer / 书面分析** ({M.WRITTEN_POINTS} points): {q.written[0]}

{q.written[1]}
"""


def _test_source(q: Question, part: str) -> str:
    kind, _, elem = part.partition(":")
    if kind == "element":
        name, key = f"{q.qid}_findings", elem
        label = f"element {elem!r}"
        accepted = repr(q.findings[elem])
    else:
        name, key, label = f"{q.qid}_{kind}", None, kind
        accepted = {
            "conclusion": repr(q.conclusion),
            "precedent": repr(sorted(q.precedents)),
            "statute": repr(sorted(q.statutes)),
        }[kind]
    return "\n".join(
        [
            f"# {q.qid}, {label} ({M.PART_POINTS} point): this cell checks the form of your",
            "# answer; when graded, hidden tests check the answer itself.",
            "from casebook.grading import expect, require",
            "",
            f"require(globals(), {name!r}, {key!r})",
            M.BEGIN_HIDDEN,
            f"expect(globals(), {name!r}, {key!r}, {accepted})",
            M.END_HIDDEN,
        ]
    )


def _written_source(aid: str, q: Question) -> str:
    zh = RUBRIC_ZH[(aid, q.qid)]
    assert len(zh) == len(q.rubric), (aid, q.qid)
    rubric = "\n".join(f"- {en}<br>{cn}" for en, cn in zip(q.rubric, zh, strict=True))
    return f"""{M.BEGIN_SOLUTION}
**Rubric for the grader ({M.WRITTEN_POINTS} points, one per line) / 评分标准（每行1分）:**

{rubric}
{M.END_SOLUTION}"""


def notebook(a: Assignment) -> dict:
    _ids.clear()
    cells = [md("intro", _intro(a)), code("setup", SETUP, M.locked_meta("setup"))]
    for q in a.questions:
        ids = M.grade_ids(q.qid, list(q.findings))
        cells.append(md(f"{q.qid}_text", _question_md(q)))
        solution = "\n".join(
            [
                answer_code(q),
                M.BEGIN_SOLUTION,
                answer_code(q, key_values(q)),
                M.END_SOLUTION,
            ]
        )
        cells.append(code(M.answer_id(q.qid), solution, M.answer_meta(M.answer_id(q.qid))))
        check = f"check_answers({q.qid!r}, globals(), {list(q.findings)!r})"
        cells.append(code(M.check_id(q.qid), check, M.locked_meta(M.check_id(q.qid))))
        for part in q.parts():
            gid = ids[part]
            cells.append(code(gid, _test_source(q, part), M.test_meta(gid)))
        cells.append(md(ids["written"], _written_source(a.aid, q), M.written_meta(ids["written"])))
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def write_all(root: Path = HERE) -> list[Path]:
    out = []
    for a in ASSIGNMENTS:
        path = root / a.aid / f"{a.aid}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(notebook(a), ensure_ascii=False, indent=1) + "\n"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


if __name__ == "__main__":
    for p in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(p)
