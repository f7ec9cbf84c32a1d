"""Figures and tables for the lessons, drawn in English or Chinese with a bundled CJK font."""

from __future__ import annotations

import datetime as dt
import io
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

from .i18n import CLUSTERS, FINDING, REMEDY_KINDS, ROLES, label, tr
from .models import NOT_REPORTED, Case, DatePrecision, ElementRole

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from .library import Casebook

__all__ = [
    "COLOURS",
    "case_frame",
    "decision_date",
    "findings_heatmap",
    "outcomes_by_role",
    "remedies_chart",
    "remedies_frame",
    "rights_matrix",
    "timeline",
    "to_png",
]

# Colour-blind-safe pairs (blue / orange) with grey for "not decided", shared with the widgets
# so a cell in a table and a square in a figure mean the same thing.
COLOURS = {
    "met": "#4477AA",
    "not_met": "#EE7733",
    "not_decided": "#BBBBBB",
    "mixed": "#CCBB44",
    "none": "#FFFFFF",
}
CHAIN_ROLES = ("user", "developer", "platform", "merchant")
_CJK_FAMILY = "Noto Sans CJK SC"


@cache
def _register_cjk_font() -> str:
    """Register mplfonts' Noto Sans CJK SC with matplotlib (once) and return its family name.

    mplfonts' own setup edits the user's matplotlib config, so the file is added here
    for this process only.
    """
    from importlib import resources

    from matplotlib import font_manager

    path = resources.files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


@contextmanager
def _style():
    """Latin text in DejaVu Sans, Chinese falling back to Noto Sans CJK SC."""
    import matplotlib

    family = _register_cjk_font()
    with matplotlib.rc_context(
        {
            "font.family": ["DejaVu Sans", family],
            "axes.unicode_minus": False,
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        yield


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    # A bare Figure (not pyplot) keeps no global state, so figures never pile up in a kernel.
    return Figure(figsize=(width, height), layout="constrained")


def to_png(fig: Figure) -> bytes:
    """The figure as PNG bytes, for an image widget or a file."""
    buf = io.BytesIO()
    with _style():
        fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


# ----------------------------------------------------------------------------- tables


def decision_date(case: Case) -> tuple[str | None, DatePrecision]:
    """The judgment date as reported (or the last dated step), with its precision."""
    dated = [d for d in case.dates if d.date]
    for d in dated:
        if "judgment" in d.event.en.lower():
            return d.date, d.precision
    if dated:
        return dated[-1].date, dated[-1].precision
    return None, DatePrecision.not_reported


def case_frame(cb: Casebook, lang: str = "en") -> pd.DataFrame:
    """One row per case: name, court, date, the tests applied, outcomes and appeal."""
    import pandas as pd

    rows = []
    for case in cb.cases:
        date, _ = decision_date(case)
        outcomes = []
        for issue in case.issues:
            test = cb.test(issue.test)
            verdict = test.outcome_labels["true" if issue.conclusion else "false"](lang)
            outcomes.append(f"{case.party(issue.party).name(lang)}: {verdict}")
        tests = dict.fromkeys(cb.test(i.test).name(lang) for i in case.issues)
        clusters = dict.fromkeys(
            label(CLUSTERS, cb.test(i.test).cluster, lang) for i in case.issues
        )
        rows.append(
            {
                tr("case", lang): case.short_name(lang),
                "id": case.id,
                tr("court", lang): case.court(lang),
                tr("date", lang): date or NOT_REPORTED[lang],
                tr("lesson", lang): "; ".join(clusters),
                tr("tests", lang): "; ".join(tests),
                tr("outcome", lang): "; ".join(outcomes),
            }
        )
    return pd.DataFrame(rows)


def remedies_frame(cb: Casebook, lang: str = "en") -> pd.DataFrame:
    """One row per order: the case, who it is against, the kind, the words and the sum."""
    import pandas as pd

    rows = []
    for case in cb.cases:
        for r in case.remedies:
            party = case.party(r.party).name(lang) if r.party in _party_ids(case) else r.party
            order = r.description(lang)
            if r.apology_form is not None:
                order += f" ({r.apology_form(lang)})"
            if r.joint:
                order += f" [{tr('joint', lang)}]"
            rows.append(
                {
                    tr("case", lang): case.short_name(lang),
                    tr("against", lang): party,
                    tr("kind", lang): label(REMEDY_KINDS, r.kind.value, lang),
                    tr("order", lang): order,
                    tr("sum", lang): _money(r.sum, lang),
                }
            )
    return pd.DataFrame(rows)


def _party_ids(case: Case) -> set[str]:
    return {p.id for p in case.parties}


def _money(money: Any, lang: str) -> str:
    if money is None:
        return NOT_REPORTED[lang]
    amount = f"{money.amount:,.0f}" if money.amount == int(money.amount) else f"{money.amount:,.2f}"
    if money.currency == "CNY":
        return f"{amount} 元" if lang == "zh" else f"CNY {amount}"
    return f"{money.currency} {amount}"


# ---------------------------------------------------------------------------- figures


def _wrap(text: str, lang: str) -> str:
    """Break a footnote into lines; Chinese has no spaces, so it is cut by characters."""
    import textwrap

    width = 55 if lang == "zh" else 110
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=True)) or text


def _span(date: str, precision: DatePrecision) -> tuple[dt.date, dt.date]:
    """The first and last day a reported date may stand for."""
    parts = [int(p) for p in date.split("-")]
    if precision is DatePrecision.year:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if precision is DatePrecision.month:
        start = dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    day = dt.date(*parts)
    return day, day


_EVENT_STYLE = {
    "judgment": ("#4477AA", "D"),
    "report": ("#CCBB44", "s"),
    "step": ("#88AACC", "o"),
}


def _event_kind(event: str) -> str:
    """judgment, report (announcement or press report) or step, from the event's wording."""
    text = event.lower()
    if "judgment" in text or "ruling" in text:
        return "judgment"
    if any(w in text for w in ("typical case", "press conference", "reported", "report")):
        return "report"
    return "step"


def timeline(cb: Casebook, lang: str = "en") -> Figure:
    """Every dated step of every case; a bar where only the month or year is known."""
    from matplotlib import dates as mdates

    with _style():
        dated, undated = [], []
        for case in cb.cases:
            steps = [d for d in case.dates if d.date]
            (dated if steps else undated).append((case, steps))
        dated.sort(key=lambda cs: min(_span(d.date, d.precision)[0] for d in cs[1]))
        fig = _figure(10, 0.5 * max(len(dated), 2) + 2.0)
        ax = fig.add_subplot()
        # Judgments stand out; announcements and reports (often the only date a source gives)
        # and the steps of the dispute itself are drawn differently.
        shown: set[str] = set()
        for row, (_case, steps) in enumerate(dated):
            for d in steps:
                kind = _event_kind(d.event.en)
                colour, marker = _EVENT_STYLE[kind]
                name = tr(f"fig.timeline.{kind}", lang) if kind not in shown else None
                shown.add(kind)
                start, end = _span(d.date, d.precision)
                if start == end:
                    ax.plot([start], [row], marker, color=colour, zorder=3, label=name)
                else:
                    ax.barh(
                        row,
                        (end - start).days + 1,
                        left=mdates.date2num(start),
                        height=0.35,
                        color=colour,
                        alpha=0.5,
                        label=name,
                    )
        ax.set_yticks(range(len(dated)), [c.short_name(lang) for c, _ in dated])
        ax.invert_yaxis()
        locator = mdates.AutoDateLocator(maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
        ax.grid(axis="x", alpha=0.3)
        ax.legend(loc="lower left", fontsize=9, framealpha=0.9)
        ax.set_title(tr("fig.timeline", lang))
        foot = [tr("fig.precision", lang)]
        if undated:
            names = ("、" if lang == "zh" else ", ").join(c.short_name(lang) for c, _ in undated)
            foot.append(tr("fig.timeline.undated", lang, cases=names))
        fig.supxlabel("\n".join(_wrap(f, lang) for f in foot), fontsize=9)
    return fig


def _issue_cell(conclusions: list[bool]) -> str:
    if all(conclusions):
        return "met"
    if not any(conclusions):
        return "not_met"
    return "mixed"


def rights_matrix(cb: Casebook, lang: str = "en") -> Figure:
    """Cases (rows) by legal test (columns): met, not met, or mixed across parties."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    with _style():
        cases = cb.cases
        tests = [t for t in cb.tests if any(True for _ in cb.issues_for(t.id))]
        tests.sort(key=lambda t: list(CLUSTERS).index(t.cluster) if t.cluster in CLUSTERS else 99)
        keys = ["none", "met", "not_met", "mixed"]
        grid = []
        for case in cases:
            row = []
            for t in tests:
                found = [i.conclusion for i in case.issues if i.test == t.id]
                row.append(keys.index(_issue_cell(found)) if found else 0)
            grid.append(row)
        fig = _figure(max(8, 0.55 * len(tests) + 3.5), 0.42 * len(cases) + 3.2)
        ax = fig.add_subplot()
        cmap = ListedColormap([COLOURS[k] for k in keys])
        ax.imshow(grid, cmap=cmap, vmin=-0.5, vmax=len(keys) - 0.5, aspect="auto")
        ax.set_xticks(range(len(tests)), [t.name(lang) for t in tests], rotation=55, ha="right")
        ax.set_yticks(range(len(cases)), [c.short_name(lang) for c in cases])
        ax.set_xticks([x - 0.5 for x in range(1, len(tests))], minor=True)
        ax.set_yticks([y - 0.5 for y in range(1, len(cases))], minor=True)
        ax.grid(which="minor", color="#DDDDDD", linewidth=0.8)
        ax.tick_params(which="minor", length=0)
        ax.tick_params(axis="x", labelsize=8)
        ax.set_title(tr("fig.matrix", lang))
        legend = [
            Patch(color=COLOURS["met"], label=tr("fig.upheld", lang)),
            Patch(color=COLOURS["not_met"], label=tr("fig.rejected", lang)),
            Patch(color=COLOURS["mixed"], label=tr("fig.mixed", lang)),
        ]
        fig.legend(handles=legend, loc="outside lower center", ncols=3, frameon=False)
    return fig


def role_counts(cb: Casebook) -> dict[str, list[int]]:
    """For each role a defendant plays: [issues where the test was met, where it was not]."""
    counts: dict[str, list[int]] = {}
    for case in cb.cases:
        for issue in case.issues:
            party = case.party(issue.party)
            if party.side.value != "defendant":
                continue
            for role in party.roles:
                pair = counts.setdefault(role.value, [0, 0])
                pair[0 if issue.conclusion else 1] += 1
    order = [r for r in CHAIN_ROLES if r in counts] + sorted(set(counts) - set(CHAIN_ROLES))
    return {r: counts[r] for r in order}


def outcomes_by_role(cb: Casebook, lang: str = "en") -> Figure:
    """Issues against defendants, split by the defendant's role and by outcome."""
    with _style():
        counts = role_counts(cb)
        roles = list(counts)
        fig = _figure(8, 0.5 * max(len(roles), 2) + 1.8)
        ax = fig.add_subplot()
        met = [counts[r][0] for r in roles]
        not_met = [counts[r][1] for r in roles]
        names = [label(ROLES, r, lang) for r in roles]
        ax.barh(names, met, color=COLOURS["met"], label=tr("fig.liable", lang))
        ax.barh(
            names, not_met, left=met, color=COLOURS["not_met"], label=tr("fig.not_liable", lang)
        )
        for y, (a, b) in enumerate(zip(met, not_met, strict=True)):
            ax.text(a + b + 0.1, y, f"{a} / {b}", va="center", fontsize=9)
        ax.invert_yaxis()
        ax.set_xlabel(tr("fig.roles.x", lang))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_title(tr("fig.roles", lang))
        ax.legend(loc="lower right", frameon=False)
    return fig


_MARKED_ROLES = (ElementRole.exception, ElementRole.factor, ElementRole.alternative)


def _bracket(text: str, lang: str) -> str:
    return f"（{text}）" if lang == "zh" else f" ({text})"


def findings_heatmap(cb: Casebook, test_id: str, lang: str = "en") -> Figure:
    """One legal test: each element (rows) as each court found it (columns)."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    test = cb.test(test_id)
    keys = ["none", "met", "not_met", "not_decided"]
    with _style():
        pairs = list(cb.issues_for(test_id))
        grid = [
            [
                keys.index(i.findings[e.id].finding.value) if e.id in i.findings else 0
                for _, i in pairs
            ]
            for e in test.elements
        ]
        cols = [
            f"{c.short_name(lang)}\n{c.party(i.party).name(lang)}"
            if sum(1 for cc, _ in pairs if cc.id == c.id) > 1
            else c.short_name(lang)
            for c, i in pairs
        ]
        fig = _figure(max(8, 1.6 * len(pairs) + 3.5), 0.5 * len(test.elements) + 2.2)
        ax = fig.add_subplot()
        if pairs:
            ax.imshow(
                grid,
                cmap=ListedColormap([COLOURS[k] for k in keys]),
                vmin=-0.5,
                vmax=3.5,
                aspect="auto",
            )
            ax.set_xticks(range(len(pairs)), cols, fontsize=8)
            ax.set_xticks([x - 0.5 for x in range(1, len(pairs))], minor=True)
            ax.set_yticks([y - 0.5 for y in range(1, len(test.elements))], minor=True)
            ax.grid(which="minor", color="white", linewidth=2)
            ax.tick_params(which="minor", length=0)
        else:
            ax.text(0.5, 0.5, tr("no_cases", lang), ha="center", va="center")
            ax.set_xticks([])
        # The role in brackets, so an exception or a factor reads as such.
        names = [
            e.name(lang)
            + (_bracket(tr("role." + e.role.value, lang), lang) if e.role in _MARKED_ROLES else "")
            for e in test.elements
        ]
        ax.set_yticks(range(len(test.elements)), names)
        fig.suptitle(_wrap(tr("fig.findings", lang, test=test.name(lang)), lang))
        legend = [Patch(color=COLOURS[k], label=label(FINDING, k, lang)) for k in keys[1:]]
        legend.append(
            Patch(facecolor="white", edgecolor="#999999", label=tr("not_addressed", lang))
        )
        fig.legend(handles=legend, loc="outside lower center", ncols=4, frameon=False)
    return fig


def remedies_chart(cb: Casebook, lang: str = "en") -> Figure:
    """Reported sums per case, by kind of order; cases whose sums are unreported listed below."""
    with _style():
        kinds = [
            k
            for k in REMEDY_KINDS
            if any(r.kind.value == k and r.sum is not None for c in cb.cases for r in c.remedies)
        ]
        cases = [c for c in cb.cases if any(r.sum is not None for r in c.remedies)]
        unreported = [c for c in cb.cases if c.remedies and all(r.sum is None for r in c.remedies)]
        fig = _figure(8, 0.55 * max(len(cases), 2) + 2.0)
        ax = fig.add_subplot()
        palette = ["#4477AA", "#EE7733", "#228833", "#CCBB44", "#AA3377", "#66CCEE"]
        left = [0.0] * len(cases)
        names = [c.short_name(lang) for c in cases]
        for n, kind in enumerate(kinds):
            widths = [
                sum(r.sum.amount for r in c.remedies if r.kind.value == kind and r.sum is not None)
                for c in cases
            ]
            ax.barh(
                names,
                widths,
                left=left,
                color=palette[n % len(palette)],
                label=label(REMEDY_KINDS, kind, lang),
            )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        for y, total in enumerate(left):
            ax.text(total, y, f" {total:,.0f}", va="center", fontsize=9)
        ax.invert_yaxis()
        ax.set_xlabel(tr("fig.remedies.x", lang))
        ax.set_title(tr("fig.remedies", lang))
        if kinds:
            ax.legend(loc="upper right", fontsize=9, framealpha=0.9)
        if unreported:
            sep = "、" if lang == "zh" else ", "
            names = sep.join(c.short_name(lang) for c in unreported)
            fig.supxlabel(_wrap(tr("fig.remedies.none", lang, cases=names), lang), fontsize=9)
    return fig


FIGURES = {
    "timeline": timeline,
    "rights": rights_matrix,
    "roles": outcomes_by_role,
    "findings": findings_heatmap,
    "remedies": remedies_chart,
}
