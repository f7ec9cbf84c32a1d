"""The student release matches nbgrader's output, and nothing students get holds an answer."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from exercise_helpers import (
    EXERCISES,
    ROOT,
    SOLUTIONS,
    builder,
    grade_id,
    make_course,
    nbgrader,
    nbmeta,
    read_nb,
    source,
    spec,
)

S = spec()
M = nbmeta()
AIDS = [a.aid for a in S.ASSIGNMENTS]
ANSWER_VAR = re.compile(r"^(q\d+_(?:conclusion|precedent|statute))\s*=\s*(.+?)\s*(?:#.*)?$", re.M)


def _strip_volatile(nb: dict) -> dict:
    """Drop what nbgrader may legitimately vary (nothing today; kept as one place to say so)."""
    return nb


@pytest.mark.pipeline
def test_release_is_what_nbgrader_generates(tmp_path):
    course = make_course(tmp_path / "course")
    for aid in AIDS:
        nbgrader(course, "generate_assignment", aid, "--force")
    for aid in AIDS:
        fresh = read_nb(course / "exercises" / aid / f"{aid}.ipynb")
        committed = read_nb(EXERCISES / aid / f"{aid}.ipynb")
        assert _strip_volatile(fresh) == _strip_volatile(committed), (
            f"exercises/{aid} is stale: run `nbgrader generate_assignment {aid} --force` "
            "in the repository root and commit the result"
        )
    released = {p.relative_to(course / "exercises") for p in (course / "exercises").rglob("*")}
    committed = {
        p.relative_to(EXERCISES) for p in EXERCISES.rglob("*") if "__pycache__" not in str(p)
    }
    assert released == committed


def test_source_notebooks_are_built_from_the_spec(tmp_path):
    builder().write_all(tmp_path)
    for aid in AIDS:
        built = json.loads((tmp_path / aid / f"{aid}.ipynb").read_text(encoding="utf-8"))
        assert built == read_nb(SOLUTIONS / aid / f"{aid}.ipynb"), (
            f"solutions/{aid} is stale: run `python solutions/exercise_build.py`"
        )


def test_at_least_five_assignments_with_two_to_four_questions():
    clusters = {a.cluster for a in S.ASSIGNMENTS}
    assert len(S.ASSIGNMENTS) >= 5 and len(clusters) == len(S.ASSIGNMENTS)
    for a in S.ASSIGNMENTS:
        assert 2 <= len(a.questions) <= 4, a.aid


def test_spec_is_consistent_with_the_casebook(cb):
    articles = {a.id for a in cb.articles}
    for a in S.ASSIGNMENTS:
        for q in a.questions:
            test = cb.test(q.test)
            judgment = {e.id for e in test.elements if e.judgment}
            assert not judgment & set(q.findings), f"{a.aid} {q.qid}: autogrades a judgment element"
            for e in q.findings:
                test.element(e)
            for p in q.precedents:
                cb.case(p)
                assert any(i.test == q.test for i in cb.case(p).issues), (q.qid, p)
            assert q.statutes <= articles, q.statutes


# --- leak checks -------------------------------------------------------------------------


def _hidden_lines() -> set[str]:
    """Every non-blank line of every hidden test and solution block in the source notebooks."""
    lines: set[str] = set()
    for aid in AIDS:
        for cell in read_nb(SOLUTIONS / aid / f"{aid}.ipynb")["cells"]:
            inside = False
            for line in source(cell).splitlines():
                if line.strip() in (M.BEGIN_HIDDEN, M.BEGIN_SOLUTION):
                    inside = True
                elif line.strip() in (M.END_HIDDEN, M.END_SOLUTION):
                    inside = False
                elif inside and len(line.strip()) > 12 and not line.strip().startswith("}"):
                    lines.add(line.strip())
    # the placeholder lines students start from appear in both versions by design
    b = builder()
    for a in S.ASSIGNMENTS:
        for q in a.questions:
            lines -= {line.strip() for line in b.answer_code(q).splitlines()}
    return lines


def _student_files() -> list[Path]:
    """What students get: the release, the lesson notebooks and the installed package."""
    pkg = Path(str(resources.files("casebook")))
    files = [p for p in EXERCISES.rglob("*") if p.is_file()]
    files += [p for p in (ROOT / "notebooks").rglob("*") if p.is_file()]
    files += [p for p in pkg.rglob("*") if p.is_file() and p.suffix in {".py", ".yaml", ".json"}]
    return files


def test_installed_package_is_the_one_checked():
    pkg = Path(str(resources.files("casebook")))
    assert (pkg / "grading.py").exists()


def test_nothing_students_get_holds_solutions_or_hidden_tests():
    markers = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
    hidden = _hidden_lines()
    assert hidden, "no hidden lines found: the source notebooks changed shape"
    for path in _student_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for marker in markers:
            assert marker not in text, f"{path}: holds {marker!r}"
        leaked = [line for line in hidden if line in text]
        assert not leaked, f"{path}: holds answer lines {leaked[:3]}"
        assert "expect(globals()" not in text, f"{path}: holds a hidden test call"


def test_release_answer_cells_hold_only_placeholders():
    for aid in AIDS:
        for cell in read_nb(EXERCISES / aid / f"{aid}.ipynb")["cells"]:
            gid = grade_id(cell) or ""
            text = source(cell)
            if gid.endswith("_answer"):
                for name, value in ANSWER_VAR.findall(text):
                    assert value == "None", f"{aid} {name} = {value}"
                assert re.findall(r":\s*(True|False)\b", text) == [], f"{aid} {gid}"
            if gid.endswith("_written"):
                assert "Rubric" not in text, f"{aid} {gid}: rubric released"


def test_no_answer_assignment_anywhere_students_look():
    """An answer written out (q1_precedent = "..."), even outside a solution block."""
    key = {}
    for a in S.ASSIGNMENTS:
        for q in a.questions:
            for p in q.precedents:
                key[f"{q.qid}_precedent"] = key.get(f"{q.qid}_precedent", set()) | {p}
    for path in _student_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for name, value in ANSWER_VAR.findall(text):
            assert value.strip() == "None" or value.strip("'\" ") not in key.get(name, set()), (
                f"{path}: {name} = {value}"
            )
