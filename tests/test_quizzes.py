"""Loading the lesson quizzes: typed questions, and errors naming file, question and field."""

from __future__ import annotations

import pytest
import yaml

from casebook.exceptions import DataError, UnknownIdError
from casebook.quizzes import load_quiz, quiz_ids


def _question(**changes):
    q = {
        "id": "q-1",
        "test": "voice",
        "cases": ["yin-ai-voice"],
        "scenario": {"en": "Facts.", "zh": "事实。"},
        "question": {"en": "Met?", "zh": "是否满足？"},
        "options": [
            {"text": {"en": "Yes", "zh": "是"}, "correct": True, "why": {"en": "a", "zh": "甲"}},
            {"text": {"en": "No", "zh": "否"}, "correct": False, "why": {"en": "b", "zh": "乙"}},
        ],
    }
    q.update(changes)
    return q


def _write(tmp_path, questions, lesson="voice"):
    path = tmp_path / f"{lesson}.yaml"
    doc = {"lesson": lesson, "questions": questions}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_every_bundled_quiz_loads_against_the_casebook(cb):
    assert len(quiz_ids()) >= 8
    for lesson in quiz_ids():
        quiz = load_quiz(lesson, cb)
        assert quiz.lesson == lesson
        for q in quiz.questions:
            assert q.options[q.answer].correct


def test_a_good_file_loads(cb, tmp_path):
    quiz = load_quiz("voice", cb, _write(tmp_path, [_question()]))
    (q,) = quiz.questions
    assert q.answer == 0 and q.scenario("zh") == "事实。"


def test_two_right_answers_name_the_question(tmp_path):
    q = _question()
    q["options"][1]["correct"] = True
    path = _write(tmp_path, [q])
    with pytest.raises(DataError) as err:
        load_quiz("voice", path=path)
    assert f"{path}: q-1: exactly one option must have `correct: true`, found 2" in str(err.value)


def test_a_missing_reason_names_the_field(tmp_path):
    q = _question()
    del q["options"][1]["why"]
    path = _write(tmp_path, [q])
    with pytest.raises(DataError) as err:
        load_quiz("voice", path=path)
    assert f"{path}: q-1: options[1].why: required field is missing" in str(err.value)


def test_unknown_cases_and_tests_are_named(cb, tmp_path):
    path = _write(tmp_path, [_question(test="voices", cases=["yin-ai-voice", "nobody"])])
    with pytest.raises(DataError) as err:
        load_quiz("voice", cb, path)
    message = str(err.value)
    assert f"{path}: q-1: test: unknown test 'voices'" in message
    assert f"{path}: q-1: cases: unknown case 'nobody'" in message


def test_the_lesson_must_match_and_exist(tmp_path):
    path = _write(tmp_path, [_question()], lesson="portrait")
    with pytest.raises(DataError, match="lesson: is 'portrait', expected 'voice'"):
        load_quiz("voice", path=path)
    with pytest.raises(UnknownIdError, match="did you mean 'voice'"):
        load_quiz("voices")
