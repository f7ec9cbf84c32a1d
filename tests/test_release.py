"""The student release matches nbgrader's output, and nothing students get holds an answer."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from exercise_helpers import (
    EXERCISES,
    INSTRUCTOR,
    ROOT,
    SOLUTIONS,
    assignments,
    grade_id,
    make_course,
    nbgrader,
    read_nb,
    source,
)

from casebook import exbuild as M
from casebook.exbuild import answer_code, build

ALL = assignments()
AIDS = [a.id for a in ALL]
ANSWER_VAR = re.compile(
    r"^(q\d+_(?:conclusion|precedent|statute|disputed))\s*=\s*(.+?)\s*(?:#.*)?$", re.M
)


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


def test_source_notebooks_are_built_from_the_instructor_yaml(tmp_path):
    build(INSTRUCTOR, tmp_path)
    for aid in AIDS:
        built = json.loads((tmp_path / aid / f"{aid}.ipynb").read_text(encoding="utf-8"))
        assert built == read_nb(SOLUTIONS / aid / f"{aid}.ipynb"), (
            f"solutions/{aid} is stale: run `casebook exercises build` in the repository root"
        )
    folders = {p.name for p in SOLUTIONS.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == set(AIDS), "solutions/ holds a folder no instructor YAML builds"


def test_at_least_five_assignments_with_two_to_four_questions():
    clusters = {a.cluster for a in ALL}
    assert len(ALL) >= 5 and len(clusters) == len(ALL)
    for a in ALL:
        assert 2 <= len(a.questions) <= 4, a.id


def test_no_judgment_element_is_autograded(cb):
    for a in ALL:
        for q in a.questions:
            if not q.test:
                continue
            test = cb.test(q.test)
            judgment = {e.id for e in test.elements if e.judgment}
            asked = {f.element for f in q.findings}
            assert not judgment & asked, f"{a.id} {q.id}: autogrades a judgment element"


# --- leak checks -------------------------------------------------------------------------


def _hidden_lines() -> set[str]:
    """Every question-specific line of every hidden test and solution block in the sources.

    Scaffolding shared by most questions (an import, a table header) is not a key and is
    left out: a line counts when it occurs in the blocks of fewer than half the questions.
    """
    seen: dict[str, set[str]] = {}
    for aid in AIDS:
        for cell in read_nb(SOLUTIONS / aid / f"{aid}.ipynb")["cells"]:
            q = (grade_id(cell) or "").split("_")[0]
            inside = False
            for line in source(cell).splitlines():
                if line.strip() in (M.BEGIN_HIDDEN, M.BEGIN_SOLUTION):
                    inside = True
                elif line.strip() in (M.END_HIDDEN, M.END_SOLUTION):
                    inside = False
                elif inside and len(line.strip()) > 12 and not line.strip().startswith("}"):
                    seen.setdefault(line.strip(), set()).add(f"{aid}/{q}")
    count = sum(len(a.questions) for a in ALL)
    lines = {line for line, where in seen.items() if len(where) < count / 2}
    # the placeholder lines students start from appear in both versions by design
    for a in ALL:
        for q in a.questions:
            lines -= {line.strip() for line in answer_code(q).splitlines()}
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
        # No exemption, the builder included: it reads nbgrader's delimiters from nbgrader.
        for marker in markers:
            assert marker not in text, f"{path}: holds {marker!r}"
        leaked = [line for line in hidden if line in text]
        assert not leaked, f"{path}: holds answer lines {leaked[:3]}"
        call = re.search(r"grade_part\(globals\(\), ['\"]q\d", text)
        assert not call, f"{path}: holds a hidden test call"


def test_no_instructor_yaml_or_reason_reaches_students():
    reasons = set()
    for a in ALL:
        for q in a.questions:
            parts = [*q.findings, q.conclusion, q.precedent, q.statute, q.disputed]
            parts += list(q.spotting.parties) if q.spotting else []
            for part in parts:
                if part is not None:
                    reasons |= {part.reason.en, part.reason.zh}
            reasons |= {q.written.model_answer.en, q.written.model_answer.zh}
    pkg = Path(str(resources.files("casebook")))
    assert not list(pkg.rglob("assignment.yaml")), "instructor YAML inside the package"
    for path in _student_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        leaked = [r for r in reasons if r in text]
        assert not leaked, f"{path}: holds key reasons or model answers {leaked[:1]}"


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
    for a in ALL:
        for q in a.questions:
            for p in q.precedent.key if q.precedent else []:
                key[f"{q.id}_precedent"] = key.get(f"{q.id}_precedent", set()) | {p}
    for path in _student_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for name, value in ANSWER_VAR.findall(text):
            assert value.strip() == "None" or value.strip("'\" ") not in key.get(name, set()), (
                f"{path}: {name} = {value}"
            )
