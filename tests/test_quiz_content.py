"""The lesson quizzes (casebook/data/quizzes/*.yaml) follow the lessons contract.

These tests read the YAML directly, so they hold whatever loader reads the files: every
question is bilingual, has 2-4 options with exactly one correct answer and a reason for
each, names real tests and cases, and every case a lesson's legal tests draw on is reached
by at least one question of that lesson.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from casebook.library import load

DATA = Path(__file__).resolve().parents[1] / "casebook" / "data"
QUIZZES = sorted((DATA / "quizzes").glob("*.yaml"))
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
# Lessons 01-08 must each have a quiz file (lesson 09 is discussion only).
REQUIRED = [
    "ai-works",
    "voice",
    "portrait",
    "privacy",
    "reputation",
    "platforms",
    "labelling",
    "remedies",
]
QUESTION_KEYS = {"id", "test", "cases", "scenario", "question", "options"}
HALF_WIDTH = re.compile(r'[,;:()"?!]')


@pytest.fixture(scope="module")
def cb():
    return load()


def _questions(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def _bilingual(value: object, where: str) -> None:
    assert isinstance(value, dict) and set(value) == {"en", "zh"}, f"{where}: give en and zh"
    for lang in ("en", "zh"):
        assert isinstance(value[lang], str) and value[lang].strip(), f"{where}.{lang} is empty"
    assert not HALF_WIDTH.findall(value["zh"]), (
        f"{where}.zh uses half-width punctuation {HALF_WIDTH.findall(value['zh'])}: "
        "use full-width ，：；（）“”？"
    )
    both = value["en"] + value["zh"]
    assert not re.search(r"precedent|判例", both, re.I), f"{where}: call them cases/案例"
    assert "娄某" not in both, f"{where}: the sources give no character for Lou: write Lou某某"


def test_every_lesson_has_a_quiz():
    have = {p.stem for p in QUIZZES}
    assert not set(REQUIRED) - have, f"missing quiz files: {sorted(set(REQUIRED) - have)}"


@pytest.mark.parametrize("path", QUIZZES, ids=lambda p: p.stem)
def test_quiz_file_matches_contract(path: Path, cb):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["lesson"] == path.stem, f"{path.name}: 'lesson' must equal the file name"
    notebook_calls = "".join(p.read_text(encoding="utf-8") for p in NOTEBOOKS.glob("*.ipynb"))
    assert f'lesson(\\"{path.stem}\\")' in notebook_calls, f"no notebook opens lesson {path.stem!r}"
    case_ids = {c.id for c in cb.cases}
    test_ids = {t.id for t in cb.tests}
    seen: set[str] = set()
    for q in doc["questions"]:
        where = f"{path.name}:{q.get('id')}"
        assert set(q) == QUESTION_KEYS, f"{where}: keys must be {sorted(QUESTION_KEYS)}"
        assert q["id"] not in seen, f"{where}: duplicate id"
        seen.add(q["id"])
        assert q["test"] in test_ids, f"{where}: unknown test {q['test']!r}"
        assert q["cases"] and set(q["cases"]) <= case_ids, f"{where}: unknown case in {q['cases']}"
        _bilingual(q["scenario"], f"{where}.scenario")
        _bilingual(q["question"], f"{where}.question")
        assert 2 <= len(q["options"]) <= 4, f"{where}: give 2-4 options"
        correct = [o for o in q["options"] if o["correct"] is True]
        assert len(correct) == 1, f"{where}: exactly one option must be correct"
        for i, opt in enumerate(q["options"]):
            assert set(opt) == {"text", "correct", "why"}, f"{where} option {i}: text, correct, why"
            assert isinstance(opt["correct"], bool), f"{where} option {i}: correct is true/false"
            _bilingual(opt["text"], f"{where} option {i} text")
            _bilingual(opt["why"], f"{where} option {i} why")


@pytest.mark.parametrize("path", QUIZZES, ids=lambda p: p.stem)
def test_every_case_of_the_lesson_is_reached(path: Path, cb):
    lesson_cases = {
        c.id for c in cb.cases if any(cb.test(i.test).cluster == path.stem for i in c.issues)
    }
    reached = {c for q in _questions(path) for c in q["cases"]}
    missing = lesson_cases - reached
    assert not missing, f"{path.name}: no question draws on {sorted(missing)}"


@pytest.mark.parametrize("path", QUIZZES, ids=lambda p: p.stem)
def test_correct_answers_are_not_all_in_one_place(path: Path):
    # A student who always picks the first (or second) option must not score well.
    positions = [
        next(i for i, o in enumerate(q["options"]) if o["correct"]) for q in _questions(path)
    ]
    if len(positions) >= 3:
        top = max(positions.count(p) for p in set(positions))
        assert top < len(positions), f"{path.name}: every correct answer is option {positions[0]}"
