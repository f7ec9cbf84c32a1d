"""The students' form checks: plain messages, no tracebacks, no answers."""

from __future__ import annotations

import inspect

import pytest

from casebook import grading
from casebook.grading import AnswerFormError, NotExpectedAnswer, check_answers, expect, require

ELEMENTS = ["recognisable", "use-of-portrait"]


def good() -> dict:
    return {
        "q2_findings": {"recognisable": True, "use-of-portrait": False},
        "q2_conclusion": True,
        "q2_precedent": "li-v-liu",
        "q2_statute": "civil-code-1019",
    }


def test_a_well_formed_answer_passes(capsys, cb):
    check_answers("q2", good(), ELEMENTS)
    assert "every answer is in the right form" in capsys.readouterr().out
    for name in ("q2_conclusion", "q2_precedent", "q2_statute"):
        require(good(), name)
    require(good(), "q2_findings", "recognisable")


def test_none_placeholder_message_names_the_fix(capsys):
    ns = good() | {"q2_findings": {"recognisable": None, "use-of-portrait": True}}
    check_answers("q2", ns, ELEMENTS)
    out = capsys.readouterr().out
    assert "q2_findings['recognisable'] is still None: replace it with True or False" in out
    with pytest.raises(AnswerFormError, match="still None"):
        require(ns, "q2_findings", "recognisable")


@pytest.mark.parametrize(
    ("value", "words"),
    [("yes", "without quotes"), ("True", "without quotes"), (1, "the number 1"), ([], "list")],
)
def test_wrongly_typed_findings_are_explained(value, words):
    ns = good() | {"q2_findings": {"recognisable": value, "use-of-portrait": True}}
    with pytest.raises(AnswerFormError, match=words):
        require(ns, "q2_findings", "recognisable")


def test_findings_shape_problems(capsys):
    check_answers("q2", good() | {"q2_findings": ["recognisable"]}, ELEMENTS)
    assert "must be a dictionary" in capsys.readouterr().out
    ns = good() | {"q2_findings": {"recognizable": True, "use-of-portrait": True}}
    check_answers("q2", ns, ELEMENTS)
    out = capsys.readouterr().out
    assert "has no entry 'recognisable'" in out
    assert "Did you mean 'recognisable'?" in out


def test_ids_are_checked_against_the_casebook(cb):
    with pytest.raises(AnswerFormError, match="Did you mean 'li-v-liu'"):
        require(good() | {"q2_precedent": "li-v-lui"}, "q2_precedent")
    with pytest.raises(AnswerFormError, match="not an article id"):
        require(good() | {"q2_statute": "civil-code-9999"}, "q2_statute")
    with pytest.raises(AnswerFormError, match="in quotes"):
        require(good() | {"q2_statute": 1019}, "q2_statute")


def test_a_deleted_answer_cell_is_explained(capsys):
    ns = {k: v for k, v in good().items() if k != "q2_findings"}
    check_answers("q2", ns, ELEMENTS)
    assert "q2_findings is not defined" in capsys.readouterr().out
    with pytest.raises(AnswerFormError, match="deleted or not run"):
        require(ns, "q2_findings", "recognisable")


def test_check_answers_never_raises(capsys):
    class Weird(dict):
        def __contains__(self, key):
            raise RuntimeError("boom")

    check_answers("q2", Weird(), ELEMENTS)
    assert "could not be checked" in capsys.readouterr().out


def test_expect_accepts_alternatives_and_hides_the_key():
    expect(good(), "q2_precedent", None, ["cheng-v-sun", "li-v-liu"])
    expect(good(), "q2_findings", "recognisable", True)
    with pytest.raises(NotExpectedAnswer) as info:
        expect(good(), "q2_findings", "use-of-portrait", True)
    assert "True" not in str(info.value).replace("= False", "")
    # 1 == True in Python, but a number is a wrong form, not a right answer
    with pytest.raises(AnswerFormError):
        expect(good() | {"q2_conclusion": 1}, "q2_conclusion", None, True)


def test_failures_render_without_a_traceback():
    err = AnswerFormError("q1_conclusion is still None: replace it with True or False.")
    assert err._render_traceback_() == [f"AnswerFormError: {err}"]


def test_grading_module_holds_no_case_or_article_ids(cb):
    text = inspect.getsource(grading)
    for case in cb.cases:
        assert case.id not in text, case.id
    for article in cb.articles:
        assert f'"{article.id}"' not in text and f"'{article.id}'" not in text, article.id


# --- grade_part: feedback that teaches; make_check: one check line per question --------


def test_grade_part_right_prints_the_reason_in_both_languages(capsys):
    from casebook.grading import grade_part

    grade_part(good(), "q2_findings", "use-of-portrait", [False], "Her face is gone.", "脸已换掉。")
    out = capsys.readouterr().out
    assert "right / 正确" in out and "Her face is gone." in out and "脸已换掉。" in out


def test_grade_part_wrong_prints_the_reason_then_fails(capsys):
    from casebook.grading import grade_part

    with pytest.raises(NotExpectedAnswer):
        grade_part(good(), "q2_precedent", None, ["liao-face-swap-templates"], "Closest.", "最近。")
    out = capsys.readouterr().out
    assert "wrong / 错误" in out and "Closest." in out
    assert "liao-face-swap-templates" not in out  # the key itself is never printed


def test_grade_part_malformed_answer_gets_no_credit():
    from casebook.grading import grade_part

    with pytest.raises(AnswerFormError, match="without quotes"):
        grade_part(good() | {"q2_conclusion": "yes"}, "q2_conclusion", None, [True], "r", "r")
    # 1 == True in Python, but a number is not the answer True
    with pytest.raises(AnswerFormError):
        grade_part(good() | {"q2_conclusion": 1}, "q2_conclusion", None, [True], "r", "r")


def test_check_reads_the_callers_variables_and_follows_the_course_language(capsys, monkeypatch):
    from casebook.grading import make_check

    check = make_check({"q1": {"q1_tests": ["app"], "q1_findings": ["name-used"],
                               "q1_precedent": None}})
    namespace = {"check": check, "q1_tests": {"app": None}, "q1_findings": {"name-used": True},
                 "q1_precedent": "he-ai-companion"}
    monkeypatch.setenv("CASEBOOK_LANG", "en")
    exec("check('q1')", namespace)
    out = capsys.readouterr().out
    assert "1 thing(s) to fix" in out and "q1_tests['app'] is still None" in out
    monkeypatch.setenv("CASEBOOK_LANG", "zh")
    namespace["q1_tests"] = {"app": "name-right"}
    exec("check('q1')", namespace)
    assert "所有答案格式正确" in capsys.readouterr().out
    exec("check('q9')", namespace)
    assert "q9" in capsys.readouterr().out
