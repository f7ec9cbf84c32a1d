"""The case table part: every case, coloured findings, the court's reasons and detail."""

from __future__ import annotations

import re

import pytest

from casebook import widgets as cw
from casebook.widgets._html import _esc


@pytest.fixture
def portrait(cb):
    return cw.Lesson(cb, "portrait")


def test_findings_table_colours_cells_and_shows_reasons(cb):
    for test in cb.tests:
        table = cw.Lesson(cb, test.cluster).cases(test.id)
        for case, issue in table.pairs:
            assert case.short_name("en") in table.table.value
            for found in issue.findings.values():
                assert f"title='{_esc(found.reason('en'))}'" in table.table.value
        if table.pairs:
            last = len(table.pairs) - 1
            table.pick.value = last
            case, issue = table.pairs[last]
            assert _esc(issue.holding("en")) in table.detail.value


def test_findings_table_switches_language(cb, portrait):
    table = portrait.cases("portrait")
    _, first_issue = table.pairs[0]
    assert table.pick.value == 0
    assert _esc(first_issue.holding("en")) in table.detail.value
    portrait.language.value = "zh"
    lou = cb.case("lou-face-changing-app")
    assert lou.short_name("zh") in table.table.value
    assert "满足" in table.table.value
    assert "法院理由" in table.table.value


def test_instructor_case_appears_without_new_widget_code(cb, tmp_path):
    """A new case file shows up in the case table and among the closest cases."""
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
    apply = page.apply("portrait")
    apply.controls["recognisable"].value = "not_met"
    assert "Class hypothetical" in apply.closest.value


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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reasons_show_without_hover(cb, lang):
    """Every reason and holding in a tooltip is also in the numbered list under the table."""
    for test in cb.tests:
        table = cw.Lesson(cb, test.cluster, lang=lang).cases(test.id)
        if not table.pairs:
            continue
        visible = re.sub(r" title='[^']*'", "", table.table.value)
        assert "<details open class='casebook-reasons'>" in visible, test.id
        notes = 0
        for _case, issue in table.pairs:
            for found in issue.findings.values():
                assert _esc(found.reason(lang)) in visible, (test.id, issue.id)
                notes += 1
            assert _esc(issue.holding(lang)) in visible, (test.id, issue.id)
            notes += 1
        marks = sorted(int(m) for m in re.findall(r"<sup>(\d+)</sup>", visible))
        assert marks == list(range(1, notes + 1)), "each reason numbered once, in order"
        assert visible.count("<li>") == notes
