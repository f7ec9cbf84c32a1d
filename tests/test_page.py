"""The lesson page: its parts follow the language switch; rule, checklist, figure, walk-through."""

from __future__ import annotations

import pytest

from casebook import widgets as cw
from casebook.widgets._html import _esc

CLUSTERS = ["ai-works", "voice", "portrait", "privacy", "reputation", "platforms", "labelling"]


@pytest.fixture
def portrait(cb):
    return cw.Lesson(cb, "portrait")


def test_every_cluster_has_tests(cb):
    for cluster in CLUSTERS:
        assert cw.Lesson(cb, cluster).tests, cluster


def test_rule_and_checklist_follow_the_switch(cb, portrait):
    rule = portrait.rule("portrait")
    checklist = portrait.checklist("portrait")
    assert "Civil Code" in rule.html.value or "art." in rule.html.value
    assert "Recognisable" in checklist.html.value
    portrait.language.value = "zh"
    assert "《" in rule.html.value and "》第" in rule.html.value
    assert "可识别性" in checklist.html.value
    assert portrait.language.description == "语言"


def test_course_map_table_lists_every_case(cb):
    page = cw.Lesson(cb)
    table = page.frame("cases")
    for case in cb.cases:
        assert _esc(case.short_name("en")) in table.html.value
    page.language.value = "zh"
    for case in cb.cases:
        assert _esc(case.short_name("zh")) in table.html.value


def test_figure_redraws_in_the_other_language(cb):
    page = cw.Lesson(cb)
    fig = page.figure("roles")
    english = fig.image.value
    assert english[:8] == b"\x89PNG\r\n\x1a\n"
    page.language.value = "zh"
    assert fig.image.value != english


def test_walkthrough_builds_every_part(cb):
    page = cw.Lesson(cb, "platforms")
    shown = page.walkthrough("red-flag-knowledge")
    assert len(page.last_walkthrough) == 4
    page.language.value = "zh"
    assert shown.widget.children[0].titles[0] == "规则"


def test_shown_parts_have_short_plain_text(cb, monkeypatch):
    published = []
    monkeypatch.setattr(
        "IPython.display.publish_display_data", lambda data, **kw: published.append(data)
    )
    page = cw.Lesson(cb, "voice")
    page.switch()._ipython_display_()
    page.rule()._ipython_display_()
    assert published[0]["text/plain"] == "<language switch: English / 中文>"
    assert published[1]["text/plain"] == "<Rule>"
    assert "application/vnd.jupyter.widget-view+json" in published[1]


def test_instructor_test_gets_widgets_without_new_code(tmp_path):
    """A legal test added from YAML gets rule, checklist, apply and case table in its cluster."""
    import yaml

    import casebook

    data = {
        "kind": "legal_test",
        "id": "class-likeness",
        "name": {"en": "Class likeness test", "zh": "课堂肖像测试"},
        "question": {"en": "Is the likeness used?", "zh": "是否使用了肖像？"},
        "outcome_labels": {
            "true": {"en": "likeness used", "zh": "使用了肖像"},
            "false": {"en": "likeness not used", "zh": "未使用肖像"},
        },
        "cluster": "portrait",
        "statutes": ["civil-code-1019"],
        "combination": "any",
        "elements": [
            {
                "id": "face",
                "role": "alternative",
                "name": {"en": "The face", "zh": "面部"},
                "question": {"en": "Is the face shown?", "zh": "是否显示面部？"},
                "guidance": {"en": "Look at the face.", "zh": "看面部。"},
                "key_facts": [{"en": "a clear photo", "zh": "清晰照片"}],
            },
            {
                "id": "voice-used",
                "role": "alternative",
                "name": {"en": "The voice", "zh": "声音"},
                "question": {"en": "Is the voice used?", "zh": "是否使用声音？"},
                "guidance": {"en": "Listen.", "zh": "听。"},
            },
        ],
    }
    (tmp_path / "test.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    mine = casebook.load([tmp_path])
    page = cw.Lesson(mine, "portrait")
    assert "class-likeness" in [t.id for t in page.tests]
    apply = page.apply("class-likeness")
    apply.controls["voice-used"].value = "met"
    assert "likeness used" in apply.conclusion.value
    apply.controls["voice-used"].value = "not_met"
    apply.controls["face"].value = "not_met"
    assert "likeness not used" in apply.conclusion.value
    assert apply.facts["face"][0].description.endswith("a clear photo")
    assert "Class likeness test" in page.rule("class-likeness").html.value
    assert page.cases("class-likeness").table.value.count("No case") == 1
    page.language.value = "zh"
    assert "未使用肖像" in apply.conclusion.value


def test_lesson_opens_in_the_course_language(monkeypatch):
    monkeypatch.setenv("CASEBOOK_LANG", "zh")
    assert cw.lesson("voice").lang == "zh"
    monkeypatch.setenv("CASEBOOK_LANG", "en")
    assert cw.lesson("voice").lang == "en"
