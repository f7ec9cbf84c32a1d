"""Figures and tables: every figure draws in both languages, with the CJK font registered."""

from __future__ import annotations

import pytest
from matplotlib.colors import to_hex, to_rgba

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
def test_lesson_matrix_for_every_cluster(cb, lang):
    for cluster in sorted({t.cluster for t in cb.tests}):
        fig = plots.rights_matrix(cb, cluster, lang=lang)
        plots.to_png(fig)
        rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        own = [t.name(lang) for t in cb.tests if t.cluster == cluster and any(cb.issues_for(t.id))]
        assert rows[: len(own)] == sorted(own, key=rows.index), cluster


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


# --- the figure defects of issue 10: each test below fails on the defect it names


def _all_figures(cb):
    for lang in ("en", "zh"):
        for name, draw in plots.FIGURES.items():
            yield f"{name}/{lang}", draw(cb, lang=lang)
        for cluster in sorted({t.cluster for t in cb.tests}):
            yield f"rights:{cluster}/{lang}", plots.rights_matrix(cb, cluster, lang=lang)


def test_every_label_is_legible(cb):
    """No tick label, legend entry or note below 9 pt: rotated or not, it must read on paper."""
    small = []
    for name, fig in _all_figures(cb):
        plots.to_png(fig)
        for text in fig.findobj(lambda o: hasattr(o, "get_fontsize") and hasattr(o, "get_text")):
            if text.get_text().strip() and text.get_fontsize() < plots.MIN_FONT_PT:
                small.append(f"{name}: {text.get_text()[:30]!r} at {text.get_fontsize()} pt")
    assert not small, small[:10]


def _colours_used(fig):
    """Every fill, line, marker and colour-map entry drawn on the figure, as #RRGGBB."""
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    colours = []
    for obj in fig.findobj():
        if isinstance(obj, Patch) and obj.get_fill():
            colours.append(obj.get_facecolor())
        elif isinstance(obj, Line2D):
            colours += [obj.get_color(), obj.get_markerfacecolor(), obj.get_markeredgecolor()]
        elif isinstance(obj, AxesImage):
            cmap = obj.get_cmap()
            colours += [cmap(i) for i in range(cmap.N)]
    return {to_hex(c).upper() for c in colours if to_rgba(c)[3] > 0}


def _is_grey(hex_colour: str) -> bool:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) < 8


def test_figures_use_the_colour_blind_safe_palette(cb):
    """Every hue on a figure comes from Okabe-Ito; anything else must be a neutral grey."""
    allowed = {c.upper() for c in plots.OKABE_ITO.values()}
    stray = {}
    for name, fig in _all_figures(cb):
        bad = {c for c in _colours_used(fig) if c not in allowed and not _is_grey(c)}
        if bad:
            stray[name] = sorted(bad)
    assert not stray, stray


def test_met_and_not_met_are_not_a_red_green_pair():
    from matplotlib.colors import to_rgb

    met, not_met = (to_rgb(plots.COLOURS[k]) for k in ("met", "not_met"))
    # A red-green pair differs mainly in red against green with similar blue; ours differ in blue.
    assert abs(met[2] - not_met[2]) > 0.5


def test_no_lesson_repeats_its_case_table_as_a_heatmap():
    import json
    from pathlib import Path

    assert "findings" not in plots.FIGURES
    root = Path(__file__).resolve().parents[1] / "notebooks"
    for path in sorted(root.glob("*.ipynb")):
        code = [
            "".join(c["source"])
            for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "code"
        ]
        assert not any('figure("findings"' in c for c in code), path.name


def test_timeline_marks_the_kind_of_every_date(cb):
    """Each point carries a legend entry for its kind; a publication is never called a ruling."""
    fig = plots.timeline(cb, "en")
    legend = {t.get_text() for t in fig.legends[0].get_texts()}
    dated, undated = plots.timeline_points(cb)
    kinds = {d.kind for _, steps in dated for d in steps}
    assert legend == {plots.tr(f"fig.timeline.{k.value}", "en") for k in kinds}
    assert "When the cases happened" not in fig.get_suptitle()
    notes = " ".join(t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text")))
    notes = " ".join(notes.split())
    for case in undated:
        assert case.short_name("en") in notes, f"{case.id}: undated but not named in the note"
    for case, _ in dated:
        if case.decision() is None:
            assert case.short_name("en") in notes, f"{case.id}: no ruling date, yet not noted"


def test_li_v_liu_is_dated_by_its_ruling_not_the_press_conference(cb):
    case = cb.case("li-v-liu")
    date, _ = plots.decision_date(case)
    assert date == "2023-11-29"
    row = plots.case_frame(cb, "en").set_index("id").loc["li-v-liu"]
    assert "2023-11-29" in row["Decided"]
    assert "2025-09-11" not in row["Decided"]


def test_no_decision_date_is_a_publication_date(cb):
    for case in cb.cases:
        d = case.decision()
        if d is not None:
            assert d.kind.value in {"decided", "ruling_reported"}, case.id
        date, _ = plots.decision_date(case)
        published = {x.date for x in case.dates if x.kind.value == "published"}
        assert date is None or date not in published, case.id


def test_roles_axis_says_what_is_counted(cb):
    fig = plots.outcomes_by_role(cb, "en")
    xlabel = fig.axes[0].get_xlabel()
    assert "against defendants" not in xlabel or "not met" in xlabel
    counts = plots.role_counts(cb)
    assert any(b for _, b in counts.values()), "the chart counts issues the defendant won too"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_outcome_charts_carry_the_selection_caveat(cb, lang):
    caveat = plots.tr("fig.caveat", lang)
    charts = {
        "rights": plots.rights_matrix(cb, lang=lang),
        "rights:portrait": plots.rights_matrix(cb, "portrait", lang=lang),
        "roles": plots.outcomes_by_role(cb, lang=lang),
        "remedies": plots.remedies_chart(cb, lang=lang),
    }
    for name, fig in charts.items():
        texts = "".join(t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text")))
        assert caveat.replace(" ", "") in texts.replace("\n", "").replace(" ", ""), name
