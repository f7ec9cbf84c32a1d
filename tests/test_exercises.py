"""Exercise YAML: the validator names file, field and reason; the kit meets its mix targets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from exercise_helpers import INSTRUCTOR, assignments

from casebook.exercises import check_exercises, load_exercises, part_list

ALL = assignments()
QUESTIONS = [(a, q) for a in ALL for q in a.questions]


def _bools() -> list[bool]:
    out = []
    for _a, q in QUESTIONS:
        out += [f.key for f in q.findings]
        if q.conclusion is not None:
            out.append(q.conclusion.key)
    return out


def test_at_least_fifteen_hypotheticals_over_five_assignments():
    assert len(ALL) >= 5, [a.id for a in ALL]
    assert len(QUESTIONS) >= 15, len(QUESTIONS)


def test_at_least_forty_percent_of_true_false_keys_are_false():
    bools = _bools()
    share = bools.count(False) / len(bools)
    assert share >= 0.40, f"only {share:.0%} of {len(bools)} true/false keys are False"


def test_at_least_a_third_of_conclusions_go_for_the_defendant():
    decided = [q.outcome for _a, q in QUESTIONS if q.outcome != "open"]
    share = decided.count("defendant") / len(decided)
    assert share >= 1 / 3, f"{share:.0%} of {len(decided)} outcomes go for the defendant"
    auto = [q.conclusion.key for _a, q in QUESTIONS if q.conclusion is not None]
    assert auto.count(False) / len(auto) >= 1 / 3


def test_issue_spotting_questions_exist():
    spotting = [q for _a, q in QUESTIONS if q.spotting]
    disputed = [q for _a, q in QUESTIONS if q.disputed]
    assert spotting and disputed


@pytest.mark.parametrize(("aid",), [(a.id,) for a in ALL])
def test_written_answers_carry_at_least_half_the_points(aid):
    a = next(a for a in ALL if a.id == aid)
    auto = sum(len(part_list(q)) for q in a.questions)
    written = sum(q.written.points for q in a.questions)
    assert written >= auto, f"{aid}: written {written} < autograded {auto}"


def test_precedent_keys_accept_more_than_one_case_where_defensible():
    assert any(len(q.precedent.key) > 1 for _a, q in QUESTIONS if q.precedent)


# --- the validator ----------------------------------------------------------------------


def _copy_one(tmp_path: Path) -> Path:
    """A copy of the first assignment folder, to break on purpose."""
    src = INSTRUCTOR / ALL[0].id
    dest = tmp_path / ALL[0].id
    shutil.copytree(src, dest)
    return dest


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _problems(root: Path, cb) -> list[str]:
    return [str(p) for p in load_exercises(root, cb)[1]]


def test_the_shipped_exercises_are_valid(cb):
    assert check_exercises(INSTRUCTOR, cb)


def test_a_judgment_element_cannot_be_autograded(tmp_path, cb):
    folder = _copy_one(tmp_path)

    def add(d):
        d["findings"].append({"element": "originality", "key": True,
                              "reason": {"en": "x", "zh": "x"}})

    _edit(folder / "q1.yaml", add)
    found = _problems(tmp_path, cb)
    assert any("q1.yaml: findings.3.element" in p and "judgment" in p for p in found), found


def test_a_conclusion_that_judgment_decides_is_refused(tmp_path, cb):
    folder = _copy_one(tmp_path)
    _edit(folder / "q1.yaml", lambda d: d.update(conclusion={
        "key": True, "reason": {"en": "x", "zh": "x"}}))
    found = _problems(tmp_path, cb)
    assert any("q1.yaml: conclusion:" in p and "written answer" in p for p in found), found


def test_facts_that_state_an_element_are_refused(tmp_path, cb):
    folder = _copy_one(tmp_path)
    _edit(folder / "q1.yaml", lambda d: d["facts"].update(
        en=d["facts"]["en"] + " She acted without consent and no lawful exception applies."))
    found = _problems(tmp_path, cb)
    assert any("q1.yaml: facts:" in p and "without consent" in p for p in found), found


def test_later_law_cannot_be_the_statute_key(tmp_path, cb):
    folder = _copy_one(tmp_path)
    _edit(folder / "q1.yaml", lambda d: d["statute"].update(key=["ai-labelling-measures-10"]))
    found = _problems(tmp_path, cb)
    assert any("statute.key" in p and "later law" in p for p in found), found


def test_unknown_ids_and_missing_fields_are_named(tmp_path, cb):
    folder = _copy_one(tmp_path)
    _edit(folder / "q1.yaml", lambda d: d["precedent"].update(key=["li-v-lui"]))
    _edit(folder / "q2.yaml", lambda d: d.pop("facts"))
    found = _problems(tmp_path, cb)
    assert any("q1.yaml: precedent.key: 'li-v-lui' is not a case id" in p for p in found), found
    assert any("q2.yaml: facts:" in p and "required" in p.lower() for p in found), found


def test_rubric_levels_must_add_up_to_the_points(tmp_path, cb):
    folder = _copy_one(tmp_path)
    _edit(folder / "q1.yaml", lambda d: d["written"].update(points=9))
    found = _problems(tmp_path, cb)
    assert any("written.rubric" in p and "add up" in p for p in found), found


def test_the_cli_validates_exercise_folders(tmp_path, cb, capsys):
    from casebook.cli import main

    assert main(["validate", str(INSTRUCTOR)]) == 0
    folder = _copy_one(tmp_path)
    _edit(folder / "q1.yaml", lambda d: d["precedent"].update(key=["nobody"]))
    assert main(["validate", str(tmp_path)]) == 1
    assert "precedent.key" in capsys.readouterr().out
