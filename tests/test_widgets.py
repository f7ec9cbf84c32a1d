"""Lesson widgets, driven headless: set a control, read the conclusion and explanation."""

from __future__ import annotations

import pytest

from casebook import widgets as cw
from casebook.models import Combination, ElementRole

CLUSTERS = ["ai-works", "voice", "portrait", "privacy", "reputation", "platforms", "labelling"]


@pytest.fixture
def portrait(cb):
    return cw.Lesson(cb, "portrait")


def _satisfy(apply, test):
    """Answer every element so the test is met: required met, exceptions not, balance met."""
    for e in test.elements:
        if e.role is ElementRole.exception:
            apply.controls[e.id].value = "not_met"
        else:
            apply.controls[e.id].value = "met"


def test_every_cluster_has_tests(cb):
    for cluster in CLUSTERS:
        assert cw.Lesson(cb, cluster).tests, cluster


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_apply_reaches_each_outcome_for_every_test(cb, lang):
    still = "仍需判断" if lang == "zh" else "judgment still needed"
    for test in cb.tests:
        apply = cw.Lesson(cb, test.cluster, lang=lang).apply(test.id)
        assert still in apply.conclusion.value, test.id
        _satisfy(apply, test)
        assert test.outcome_labels["true"](lang) in apply.conclusion.value, test.id
        # Defeat it: the overall judgment of a weighed test, every alternative of an
        # "any" test, or one required element.
        if test.combination is Combination.weighed:
            flip = [e for e in test.elements if e.role is ElementRole.balance]
        elif test.combination is Combination.any:
            flip = [e for e in test.elements if e.role is ElementRole.alternative]
        else:
            flip = [next(e for e in test.elements if e.role is ElementRole.required)]
        for e in flip:
            apply.controls[e.id].value = "not_met"
        assert test.outcome_labels["false"](lang) in apply.conclusion.value, test.id
        assert cw._esc(flip[0].name(lang)) in apply.explanation.value


def test_apply_explains_in_the_chosen_language(portrait):
    apply = portrait.apply("portrait")
    apply.controls["recognisable"].value = "met"
    assert "Recognisable" in apply.explanation.value
    assert "Still to decide" in apply.explanation.value
    portrait.language.value = "zh"
    assert "可识别性" in apply.explanation.value
    assert "仍需判断的要件" in apply.explanation.value
    assert "最相近的案例" in apply.closest.value
    # The relabelled controls keep the student's answers.
    assert apply.controls["recognisable"].value == "met"
    assert ("满足", "met") in apply.controls["recognisable"].options


def test_apply_lists_closest_precedents(cb, portrait):
    apply = portrait.apply("portrait")
    apply.controls["recognisable"].value = "not_met"
    liao = cb.case("liao-face-swap-templates").short_name("en")
    assert liao in apply.closest.value
    assert "agrees with 1 of your answers, differs on 0" in apply.closest.value
    assert "portrait right not infringed" in apply.conclusion.value


def test_fact_controls_feed_the_explanation(portrait):
    apply = portrait.apply("portrait")
    assert apply.facts["recognisable"], "portrait's recognisability lists key facts"
    apply.facts["recognisable"][0].value = True
    assert "Facts you noted for Recognisable" in apply.explanation.value
    assert "weigh them" in apply.explanation.value
    apply.controls["recognisable"].value = "met"
    assert "weigh them" not in apply.explanation.value


def test_start_from_a_precedent_reproduces_the_court(cb):
    """Loading a court's findings into the controls gives the court's own conclusion."""
    for test in cb.tests:
        apply = cw.Lesson(cb, test.cluster).apply(test.id)
        for n, (case, issue) in enumerate(apply.pairs):
            apply.start.value = n
            outcome = apply.analysis().outcome
            if outcome is not None:
                assert outcome == issue.conclusion, (case.id, issue.id)
            apply.start.value = -1


def test_findings_table_colours_cells_and_shows_reasons(cb):
    for test in cb.tests:
        table = cw.Lesson(cb, test.cluster).cases(test.id)
        for case, issue in table.pairs:
            assert case.short_name("en") in table.table.value
            for found in issue.findings.values():
                assert f"title='{cw._esc(found.reason('en'))}'" in table.table.value
        if table.pairs:
            last = len(table.pairs) - 1
            table.pick.value = last
            case, issue = table.pairs[last]
            assert cw._esc(issue.holding("en")) in table.detail.value


def test_findings_table_switches_language(cb, portrait):
    table = portrait.cases("portrait")
    _, first_issue = table.pairs[0]
    assert table.pick.value == 0
    assert cw._esc(first_issue.holding("en")) in table.detail.value
    portrait.language.value = "zh"
    lou = cb.case("lou-face-changing-app")
    assert lou.short_name("zh") in table.table.value
    assert "满足" in table.table.value
    assert "法院理由" in table.table.value


def test_distinguish_lou_and_liao_highlights_recognisability(portrait):
    d = portrait.distinguish("lou-face-changing-app", "liao-face-swap-templates")
    assert d.test.id == "portrait"
    assert "recognisable" in d.deciding
    assert "lawful-exception" not in d.deciding
    assert "deciding difference" in d.html.value
    assert "portrait right infringed" in d.html.value
    assert "portrait right not infringed" in d.html.value
    portrait.language.value = "zh"
    assert "决定性差异" in d.html.value


def test_distinguish_two_parties_of_one_case(cb):
    page = cw.Lesson(cb, "platforms")
    yin = cb.case("yin-ai-voice")
    liable = next(i for i in yin.issues if i.test == "fault-for-damages" and i.conclusion)
    free = next(i for i in yin.issues if i.test == "fault-for-damages" and not i.conclusion)
    d = page.distinguish(f"yin-ai-voice/{liable.id}", f"yin-ai-voice/{free.id}")
    assert d.test.id == "fault-for-damages"
    assert d.deciding
    assert cw._esc(yin.party(free.party).name("en")) in d.html.value


def test_distinguish_one_case_under_two_tests(cb):
    page = cw.Lesson(cb, "privacy")
    liao = cb.case("liao-face-swap-templates")
    a, b = (
        next(i for i in liao.issues if i.test == t) for t in ("portrait", "personal-information")
    )
    d = page.distinguish(f"{liao.id}/{a.id}", f"{liao.id}/{b.id}")
    assert d.test is None and d.deciding == []
    # A test id after the slash picks the case's issue under that test.
    same = page.distinguish(f"{liao.id}/portrait", f"{liao.id}/personal-information")
    assert same.issues == d.issues
    assert "two different tests" in d.html.value
    assert "portrait right not infringed" in d.html.value


def test_distinguish_takes_a_note_in_both_languages(portrait):
    note = {"en": "Whose face?", "zh": "谁的脸？"}
    d = portrait.distinguish("lou-face-changing-app", "liao-face-swap-templates", note=note)
    assert "Whose face?" in d.html.value
    portrait.language.value = "zh"
    assert "谁的脸？" in d.html.value


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
        assert cw._esc(case.short_name("en")) in table.html.value
    page.language.value = "zh"
    for case in cb.cases:
        assert cw._esc(case.short_name("zh")) in table.html.value


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
    assert len(page.last_walkthrough) == 5
    page.language.value = "zh"
    assert shown.widget.children[0].titles[0] == "规则"


def test_instructor_case_appears_without_new_widget_code(cb, tmp_path):
    """A new case file shows up in the tables, the closest precedents and the quiz."""
    import casebook

    liao = cb.case("liao-face-swap-templates")
    data = liao.model_dump(mode="json", exclude_none=True)
    data["id"] = "my-class-case"
    data["short_name"] = {"en": "Class hypothetical", "zh": "课堂假设案例"}
    import yaml

    (tmp_path / "mine.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    mine = casebook.load([tmp_path])
    page = cw.Lesson(mine, "portrait")
    assert "Class hypothetical" in page.cases("portrait").table.value
    assert any(
        "Class hypothetical" in q._prompt("en") for q in page.quiz("portrait", limit=50).questions
    )


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
    """A legal test added from YAML gets rule, checklist, apply and quiz in its cluster."""
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


def test_case_table_sets_the_court_beside_the_rule():
    """Issue 12: the lessons show what the court concluded next to what the rule gives."""
    from pathlib import Path

    import casebook

    course = Path(__file__).resolve().parents[1] / "docs" / "examples" / "my_course"
    cb = casebook.load(extra=[course])
    table = cw.lesson("platforms", cb=cb).cases("fault-for-damages").table.value
    assert "The rule gives (stated findings only)" in table
    assert "the court departs from the rule" in table, (
        "the made-up departing case in docs/examples/my_course must show its departure"
    )
    portrait = cw.lesson("portrait").cases("portrait").table.value
    assert "implied by the holding" in portrait, "mark findings only implied by the holding"


def test_lesson_opens_in_the_course_language(monkeypatch):
    monkeypatch.setenv("CASEBOOK_LANG", "zh")
    assert cw.lesson("voice").lang == "zh"
    monkeypatch.setenv("CASEBOOK_LANG", "en")
    assert cw.lesson("voice").lang == "en"
