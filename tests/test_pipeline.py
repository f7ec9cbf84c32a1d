"""Runs the real nbgrader cycle (release, autograde, feedback) on the exercises in a temp course."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pandas as pd
import pytest
from exercise_helpers import (
    assignments,
    drop_cell,
    make_course,
    nbgrader,
    read_nb,
    set_answer,
    write_nb,
)

from casebook.exbuild import key_values
from casebook.exercises import part_list
from casebook.gradereport import load_grades

pytestmark = pytest.mark.pipeline

ALL = assignments()
ASSIGNMENTS = {a.id: a for a in ALL}
# The assignment that gets every kind of submission; the others get solution + untouched.
DETAILED = ALL[1].id
WRONG_STATUTES = ["civil-code-990", "civil-code-1165", "copyright-law-3"]


def _key(q) -> dict:
    return key_values(q)


def _wrong(q, var: str, key: str | None, cb):
    """A well-formed answer to one part that the key does not accept."""
    kind = var.split("_", 1)[1]
    if kind == "findings":
        return not next(f.key for f in q.findings if f.element == key)
    if kind == "conclusion":
        return not q.conclusion.key
    if kind == "tests":
        party = next(p for p in q.spotting.parties if p.party == key)
        return next(o for o in q.spotting.options if o not in party.key)
    if kind == "disputed":
        return next(e.id for e in cb.test(q.test).elements if e.id not in q.disputed.key)
    if kind == "precedent":
        return next(c.id for c in cb.cases if c.id not in q.precedent.key)
    return next(s for s in WRONG_STATUTES if s not in q.statute.key)


def _half_right(a) -> tuple[dict, int]:
    """Answers for every question with every second part wrong, and the score they earn."""
    import casebook

    cb = casebook.load()
    answers, index, right = {}, 0, 0
    for q in a.questions:
        values = _key(q)
        for _gid, var, key in part_list(q):
            wrong = index % 2 == 1
            index += 1
            right += not wrong
            if not wrong:
                continue
            kind = var.split("_", 1)[1]
            value = _wrong(q, var, key, cb)
            if key is None:
                values[kind] = value
            else:
                values[kind][key] = value
        answers[q.id] = values
    return answers, right


def _total(a) -> int:
    return sum(len(part_list(q)) for q in a.questions)


def _scores(course: Path, aid: str, student: str) -> dict[str, tuple[float | None, float]]:
    """grade_id -> (auto_score, max_score) for one submission, read from gradebook.db."""
    g = load_grades(course / "gradebook.db")
    g = g[(g["assignment"] == aid) & (g["student"] == student)]
    return {
        row.grade_id: (None if pd.isna(row.auto_score) else row.auto_score, row.max_score)
        for row in g.itertuples()
    }


def _auto_total(scores: dict) -> float:
    return sum(auto or 0 for name, (auto, _) in scores.items() if not name.endswith("_written"))


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> dict:
    """Release, submit five kinds of work, autograde each submission, generate feedback."""
    root = make_course(tmp_path_factory.mktemp("course"))
    for aid in ASSIGNMENTS:
        nbgrader(root, "generate_assignment", aid, "--force")
    plans: dict[tuple[str, str], int] = {}
    for aid, a in ASSIGNMENTS.items():
        src = read_nb(root / "solutions" / aid / f"{aid}.ipynb")
        rel = read_nb(root / "exercises" / aid / f"{aid}.ipynb")
        sub = root / "submitted"
        write_nb(src, sub / "solution" / aid / f"{aid}.ipynb")
        plans[("solution", aid)] = _total(a)
        write_nb(rel, sub / "untouched" / aid / f"{aid}.ipynb")
        plans[("untouched", aid)] = 0
        if aid != DETAILED:
            continue
        answers, right = _half_right(a)
        half = read_nb(root / "exercises" / aid / f"{aid}.ipynb")
        for q in a.questions:
            set_answer(half, q, answers[q.id])
        write_nb(half, sub / "halfright" / aid / f"{aid}.ipynb")
        plans[("halfright", aid)] = right

        q1 = next(q for q in a.questions if q.findings)
        typed = read_nb(root / "exercises" / aid / f"{aid}.ipynb")
        for q in a.questions:
            set_answer(typed, q, _key(q))
        bad = _key(q1)
        first = q1.findings[0]
        bad["findings"][first.element] = "yes" if first.key else "no"
        set_answer(typed, q1, bad)
        write_nb(typed, sub / "wrongtype" / aid / f"{aid}.ipynb")
        plans[("wrongtype", aid)] = _total(a) - 1

        deleted = read_nb(root / "exercises" / aid / f"{aid}.ipynb")
        for q in a.questions:
            set_answer(deleted, q, _key(q))
        drop_cell(deleted, f"{q1.id}_answer")
        write_nb(deleted, sub / "deleted" / aid / f"{aid}.ipynb")
        plans[("deleted", aid)] = _total(a) - len(part_list(q1))

    timings = {}
    for student, aid in plans:
        start = time.perf_counter()
        nbgrader(root, "autograde", aid, "--student", student, "--force")
        timings[(student, aid)] = time.perf_counter() - start
    for student, aid in plans:
        if aid == DETAILED or student == "solution":
            nbgrader(root, "generate_feedback", aid, "--student", student, "--force")
    print("\nautograde time per submission (s):")
    for (student, aid), secs in timings.items():
        print(f"  {aid:22} {student:10} {secs:5.1f}")
    return {"root": root, "plans": plans, "timings": timings}


def test_each_submission_gets_the_expected_autograded_score(course):
    got = {}
    for (student, aid), expected in course["plans"].items():
        scores = _scores(course["root"], aid, student)
        assert scores, f"no grades for {student}/{aid}"
        got[(student, aid)] = (_auto_total(scores), expected)
    print("\nautograded score / expected / maximum:")
    for (student, aid), (score, expected) in got.items():
        print(f"  {aid:22} {student:10} {score:4.0f} / {expected} / {_total(ASSIGNMENTS[aid])}")
    wrong = {k: v for k, v in got.items() if v[0] != v[1]}
    assert not wrong, f"(score, expected) differ: {wrong}"


def test_written_answers_wait_for_the_grader(course):
    root = course["root"]
    for aid in ASSIGNMENTS:
        sol = _scores(root, aid, "solution")
        untouched = _scores(root, aid, "untouched")
        for name in sol:
            if name.endswith("_written"):
                # an answer is there, so it needs a human; an unchanged stub scores 0 at once
                assert sol[name][0] is None, name
                assert untouched[name][0] == 0, name


def _feedback(root: Path, student: str, aid: str) -> str:
    return (root / "feedback" / student / aid / f"{aid}.html").read_text(encoding="utf-8")


def test_malformed_answers_are_graded_with_a_reason(course):
    root = course["root"]
    typed = _feedback(root, "wrongtype", DETAILED)
    assert "write True or False without quotes" in typed
    deleted = _feedback(root, "deleted", DETAILED)
    assert "q1_findings is not defined" in deleted or "q1_tests is not defined" in deleted
    assert "answer cell that sets it has been deleted" in deleted
    untouched = _feedback(root, "untouched", DETAILED)
    assert "is still None: replace it with True or False" in untouched


def test_feedback_shows_chinese_and_hides_the_tests(course):
    root = course["root"]
    for student, aid in course["plans"]:
        path = root / "feedback" / student / aid / f"{aid}.html"
        if not path.exists():
            continue
        html = path.read_text(encoding="utf-8")
        assert re.search(r"<meta charset=[\"']?utf-8", html, re.I), path
        for q in ASSIGNMENTS[aid].questions:
            assert q.title.zh in html, (path, q.title.zh)
        assert "殷某某声音权益案" in html  # the case table, from the casebook's Chinese names
        assert "HIDDEN TESTS" not in html, path
        assert "grade_part(" not in html, path
        # a failing hidden test shows its message, never the code line that failed
        assert "----&gt;" not in html and "---->" not in html, path


def test_feedback_teaches_with_the_reason_in_both_languages(course):
    root = course["root"]
    html = _feedback(root, "halfright", DETAILED)
    import html as htmlmod

    text = htmlmod.unescape(html)
    a = ASSIGNMENTS[DETAILED]
    for q in a.questions:
        for f in q.findings:
            assert f.reason.en in text and f.reason.zh in text, (q.id, f.element)
    assert "right / 正确" in text and "wrong / 错误" in text


def test_grade_report_reads_the_gradebook(course, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from casebook.gradereport import report

    result = report(course["root"] / "gradebook.db", tmp_path)
    for name in ("distribution.png", "mastery.png", "totals.csv", "mastery.csv"):
        assert (tmp_path / name).stat().st_size > 0, name
    table = result["mastery"]
    assert ((table >= 0) & (table <= 1)).where(table.notna(), True).all().all()
    assert {"conclusion", "precedent", "statute", "written"} <= set(table.columns)
    totals = result["totals"].set_index(["assignment", "student"])
    assert totals.loc[(DETAILED, "untouched"), "total"] == 0
    assert totals.loc[(DETAILED, "solution"), "ungraded"] == len(ASSIGNMENTS[DETAILED].questions)
    import matplotlib.pyplot as plt

    plt.close("all")
