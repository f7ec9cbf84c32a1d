"""Figures and tables: every figure draws in both languages, with the CJK font registered."""

from __future__ import annotations

import pytest

from casebook import plots


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["timeline", "rights", "roles", "remedies"])
def test_course_figures_draw(cb, name, lang):
    fig = plots.FIGURES[name](cb, lang=lang)
    png = plots.to_png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    texts = [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text"))]
    assert any(texts)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_findings_heatmap_for_every_test(cb, lang):
    for test in cb.tests:
        plots.to_png(plots.findings_heatmap(cb, test.id, lang=lang))


def test_cjk_font_is_registered_and_used(cb):
    from matplotlib import font_manager

    family = plots._register_cjk_font()
    assert family in {f.name for f in font_manager.fontManager.ttflist}
    fig = plots.rights_matrix(cb, lang="zh")
    plots.to_png(fig)
    title = fig.axes[0].title
    assert family in title.get_fontfamily()
    assert "DejaVu Sans" == title.get_fontfamily()[0]


def test_chinese_glyphs_are_found_in_the_font():
    """No tofu: the bundled font has a glyph for the characters the figures use."""
    from importlib import resources

    from fontTools.ttLib import TTFont

    from casebook.i18n import UI

    path = resources.files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"
    cmap = TTFont(str(path)).getBestCmap()
    used = {ch for key, entry in UI.items() if key.startswith("fig.") for ch in entry["zh"]}
    missing = sorted(ch for ch in used if ord(ch) > 0x2E80 and ord(ch) not in cmap)
    assert not missing


def test_role_counts_cover_the_chain_roles(cb):
    counts = plots.role_counts(cb)
    assert counts
    present = [r for r in plots.CHAIN_ROLES if r in counts]
    assert list(counts)[: len(present)] == present
    for met, not_met in counts.values():
        assert met + not_met > 0


def test_case_frame_has_one_row_per_case(cb):
    df = plots.case_frame(cb, "en")
    assert sorted(df["id"]) == sorted(c.id for c in cb.cases)
    zh = plots.case_frame(cb, "zh")
    assert "案例" in zh.columns


def test_remedies_frame_says_not_reported(cb):
    df = plots.remedies_frame(cb, "en")
    sums = [r.sum for c in cb.cases for r in c.remedies]
    assert len(df) == len(sums)
    if any(s is None for s in sums):
        assert "not reported" in set(df["Sum"])


def test_decision_date_keeps_precision(cb):
    for case in cb.cases:
        date, precision = plots.decision_date(case)
        assert (date is None) == (precision.value == "not_reported")
