"""The quiz part: questions, instant feedback in the page's language."""

from __future__ import annotations

import pytest

from casebook import widgets as cw


@pytest.fixture
def portrait(cb):
    return cw.Lesson(cb, "portrait")


def test_quiz_gives_instant_feedback_citing_the_case(cb, portrait):
    quiz = portrait.quiz("portrait")
    assert quiz.questions
    q = quiz.questions[0]
    assert q.feedback.value == ""
    wrong = next(v for _, v in q.choice.options if v != q.answer)
    q.choice.value = wrong
    assert "Not quite." in q.feedback.value
    q.choice.value = q.answer
    assert "Right." in q.feedback.value
    assert "See " in q.feedback.value
    portrait.language.value = "zh"
    assert "正确。" in q.feedback.value
    assert "参见" in q.feedback.value
    assert q.choice.value == q.answer


def test_every_test_has_questions(cb):
    for test in cb.tests:
        if any(True for _ in cb.issues_for(test.id)):
            assert cw.test_questions(cb, test), test.id


def test_remedies_quiz_and_table(cb):
    page = cw.Lesson(cb, "remedies")
    quiz = page.remedies_quiz()
    assert quiz.questions
    q = quiz.questions[0]
    q.choice.value = q.answer
    assert "Right." in q.feedback.value
    table = page.frame("remedies")
    assert "What the courts ordered" in table.html.value
    page.language.value = "zh"
    assert "法院判令" in table.html.value
