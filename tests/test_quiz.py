"""The quiz part: scenario questions from the quiz files, every option explained once answered."""

from __future__ import annotations

import re

import pytest

from casebook import widgets as cw
from casebook.quizzes import load_quiz, quiz_ids
from casebook.widgets._html import _esc


@pytest.fixture
def portrait(cb):
    return cw.Lesson(cb, "portrait")


def _cases_of_lesson(cb, lesson: str) -> set[str]:
    return {c.id for c in cb.cases if any(cb.test(i.test).cluster == lesson for i in c.issues)}


@pytest.mark.parametrize("lesson", quiz_ids())
def test_quiz_reads_the_lesson_file_and_reaches_every_case(cb, lesson):
    quiz = cw.Lesson(cb, lesson).quiz()
    data = load_quiz(lesson, cb)
    assert [q.data.id for q in quiz.questions] == [q.id for q in data.questions]
    for q, d in zip(quiz.questions, data.questions, strict=True):
        assert _esc(d.scenario("en")) in q.prompt.value
        assert [label for label, _ in q.choice.options] == [
            f"{letter}. {o.text('en')}" for letter, o in zip("ABCD", d.options, strict=False)
        ]
    reached = {c for q in quiz.questions for c in q.data.cases}
    # Lesson 08 (remedies) has no legal test of its own: its questions reach cases of others.
    assert _cases_of_lesson(cb, lesson) <= reached


@pytest.mark.parametrize("lesson", quiz_ids())
def test_right_answers_are_mixed(cb, lesson):
    answers = [q.answer for q in cw.Lesson(cb, lesson).quiz().questions]
    assert len(set(answers)) > 1, f"{lesson}: every right answer is option {answers[0]}"


def test_each_option_says_why_after_answering(portrait):
    quiz = portrait.quiz()
    q = quiz.questions[0]
    assert q.feedback.value == "", "no reasons before the student answers"
    wrong = next(n for n, o in enumerate(q.data.options) if not o.correct)
    q.choice.value = wrong
    assert "Not quite." in q.feedback.value
    assert "your answer" in q.feedback.value
    for o in q.data.options:
        assert _esc(o.why("en")) in q.feedback.value
    assert q.feedback.value.count("✓") == 1
    assert q.feedback.value.count("✗") == len(q.data.options) - 1
    for case_id in q.data.cases:
        assert _esc(portrait.cb.case(case_id).short_name("en")) in q.feedback.value
    q.choice.value = q.answer
    assert "Right." in q.feedback.value


def test_feedback_follows_the_language_switch(portrait):
    q = portrait.quiz().questions[1]
    q.choice.value = q.answer
    portrait.language.value = "zh"
    assert "正确。" in q.feedback.value
    assert "你的答案" in q.feedback.value
    assert _esc(q.data.options[q.answer].why("zh")) in q.feedback.value
    assert _esc(q.data.scenario("zh")) in q.prompt.value
    assert q.choice.value == q.answer, "switching language keeps the student's answer"
    assert q.choice.options[0][0].startswith("A．") and re.search(
        r"[\u4e00-\u9fff]", q.choice.options[0][0]
    )


def test_static_html_shows_questions_and_folds_the_answers(portrait):
    quiz = portrait.quiz()
    page = cw.static_html(quiz.widget)
    assert page.count("<details>") == len(quiz.questions)
    for q in quiz.questions:
        assert _esc(q.data.scenario("en")) in page
        assert _esc(q.data.question("en")) in page
        for o in q.data.options:
            assert _esc(o.text("en")) in page
    # Before its <details>, a question shows no reason: the answers stay folded.
    for block in page.split("<div class='casebook-question'>")[1:]:
        shown, folded = block.split("<details>", 1)
        q = next(q for q in quiz.questions if _esc(q.data.scenario("en")) in shown)
        for o in q.data.options:
            assert _esc(o.why("en")) not in shown
            assert _esc(o.why("en")) in folded


def test_displayed_quiz_carries_the_static_rendering(portrait, monkeypatch):
    published = []
    monkeypatch.setattr(
        "IPython.display.publish_display_data", lambda data, **kw: published.append(data)
    )
    portrait.quiz()._ipython_display_()
    (bundle,) = published
    assert bundle["text/plain"] == "<Quiz>"
    assert "<details><summary>Answer and reasons</summary>" in bundle["text/html"]


def test_a_test_id_keeps_that_tests_questions(cb):
    page = cw.Lesson(cb, "platforms")
    quiz = page.quiz("red-flag-knowledge")
    assert quiz.questions and all(q.data.test == "red-flag-knowledge" for q in quiz.questions)
    assert len(quiz.questions) < len(page.quiz().questions)


def test_an_instructors_own_quiz_file(cb, tmp_path):
    import yaml

    doc = {
        "lesson": "voice",
        "questions": [
            {
                "id": "class-1",
                "test": "voice",
                "cases": ["yin-ai-voice"],
                "scenario": {"en": "A class scenario.", "zh": "课堂情形。"},
                "question": {"en": "Is the voice identifiable?", "zh": "声音是否可识别？"},
                "options": [
                    {
                        "text": {"en": "No.", "zh": "否。"},
                        "correct": False,
                        "why": {"en": "Listeners knew it.", "zh": "听众认出来了。"},
                    },
                    {
                        "text": {"en": "Yes.", "zh": "是。"},
                        "correct": True,
                        "why": {"en": "As in Yin.", "zh": "与殷某某案相同。"},
                    },
                ],
            }
        ],
    }
    path = tmp_path / "voice.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    page = cw.Lesson(cb, "voice")
    (q,) = page.quiz(path=path).questions
    q.choice.value = 0
    assert "Listeners knew it." in q.feedback.value
    assert len(page.quiz().questions) > 1, "the bundled quiz is still there"
