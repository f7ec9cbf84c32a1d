"""One course language (CASEBOOK_LANG or casebook-language.txt) for lessons, checks and feedback."""

from __future__ import annotations

import re

import pytest

from casebook.grading import AnswerFormError, NotExpectedAnswer, grade_part, make_check
from casebook.settings import CONFIG_FILE, ENV_VAR, configured_language, course_language
from casebook.widgets import lesson

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course folder with no language set, as the working directory of a subfolder."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    work = tmp_path / "course" / "week1"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    return tmp_path / "course"


def _set(how: str, lang: str, course, monkeypatch) -> None:
    if how == "env":
        monkeypatch.setenv(ENV_VAR, lang)
    else:
        (course / CONFIG_FILE).write_text(f"{lang}\n", encoding="utf-8")


def test_unset_means_english_lessons_and_no_configured_language(course):
    assert configured_language() is None
    assert course_language() == "en"


@pytest.mark.parametrize("value", ["zh", "ZH-CN", "中文", "chinese"])
def test_chinese_spellings(course, monkeypatch, value):
    monkeypatch.setenv(ENV_VAR, value)
    assert course_language() == "zh"


def test_the_file_is_found_in_a_parent_folder_and_the_variable_wins(course, monkeypatch):
    (course / CONFIG_FILE).write_text("zh\n", encoding="utf-8")
    assert course_language() == "zh"
    monkeypatch.setenv(ENV_VAR, "en")
    assert course_language() == "en"


def test_an_unreadable_value_falls_back(course, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "klingon")
    assert configured_language() is None
    assert course_language() == "en"


@pytest.mark.parametrize("how", ["env", "file"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lessons_follow_the_setting(course, monkeypatch, how, lang):
    _set(how, lang, course, monkeypatch)
    page = lesson("portrait")
    assert page.lang == lang
    rule = page.rule().html.value
    quiz = page.quiz()
    q = quiz.questions[0]
    q.choice.value = q.answer
    if lang == "zh":
        assert "规则" in rule and "正确。" in q.feedback.value
    else:
        assert "The rule" in rule and "Right." in q.feedback.value
        assert not HAN.search(q.feedback.value)


CHECK = {"q1": {"q1_findings": ["no-consent"], "q1_conclusion": None, "q1_precedent": None}}


@pytest.mark.parametrize("how", ["env", "file"])
def test_exercise_checks_follow_the_setting(course, monkeypatch, capsys, how):
    namespace = {
        "check": make_check(CHECK),
        "q1_findings": {"no-consent": None},
        "q1_conclusion": "yes",
        "q1_precedent": "li-v-lui",
    }
    _set(how, "zh", course, monkeypatch)
    exec("check('q1')", namespace)
    out = capsys.readouterr().out
    assert "评分前还有 3 处需要修改" in out
    assert "q1_findings['no-consent'] 仍是 None：请把它替换为 True 或 False。" in out
    assert "不加引号" in out
    assert "你是否想写 'li-v-liu'？" in out
    assert not re.search(r"\b(is|the|write|Did you)\b", out), out
    _set(how, "en", course, monkeypatch)
    exec("check('q1')", namespace)
    out = capsys.readouterr().out
    assert "3 thing(s) to fix" in out and "is still None" in out
    assert not HAN.search(out), out


@pytest.mark.parametrize("how", ["env", "file"])
def test_grade_part_feedback_follows_the_setting(course, monkeypatch, capsys, how):
    ns = {"q1_conclusion": False, "q1_precedent": 3}
    _set(how, "zh", course, monkeypatch)
    grade_part(ns, "q1_conclusion", None, [False], "No use of her face.", "未使用她的面部。")
    out = capsys.readouterr().out
    assert out == "\u2714 q1_conclusion：正确。\n  理由：未使用她的面部。\n"
    with pytest.raises(NotExpectedAnswer, match="不是预期的答案"):
        grade_part(ns, "q1_conclusion", None, [True], "Used.", "已使用。")
    assert "错误。" in capsys.readouterr().out
    with pytest.raises(AnswerFormError, match="请写加引号的案例编号"):
        grade_part(ns, "q1_precedent", None, ["li-v-liu"], "r", "理由")
    assert "未评分" in capsys.readouterr().out

    _set(how, "en", course, monkeypatch)
    grade_part(ns, "q1_conclusion", None, [False], "No use of her face.", "未使用她的面部。")
    assert capsys.readouterr().out == "\u2714 q1_conclusion: right.\n  Why: No use of her face.\n"
    with pytest.raises(AnswerFormError, match="write a case id in quotes"):
        grade_part(ns, "q1_precedent", None, ["li-v-liu"], "r", "理由")
    assert not HAN.search(capsys.readouterr().out)


def test_grade_part_speaks_both_languages_when_none_is_set(course, capsys):
    with pytest.raises(NotExpectedAnswer):
        grade_part({"q1_conclusion": False}, "q1_conclusion", None, [True], "Used.", "已使用。")
    out = capsys.readouterr().out
    assert out == "\u2718 q1_conclusion = False: wrong / 错误.\n  Why: Used.\n  理由：已使用。\n"
