"""Figures and tables for the lessons, drawn in English or Chinese with a bundled CJK font."""

from __future__ import annotations

import datetime as dt
import io
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

from .i18n import CLUSTERS, REMEDY_KINDS, ROLES, label, tr
from .models import NOT_REPORTED, Case, DateKind, DatePrecision, EventDate

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from .library import Casebook

__all__ = [
    "COLOURS",
    "MIN_FONT_PT",
    "OKABE_ITO",
    "case_frame",
    "decision_date",
    "outcomes_by_role",
    "remedies_chart",
    "remedies_frame",
    "rights_matrix",
    "timeline",
    "timeline_points",
    "to_png",
]

# Okabe and Ito's palette: told apart with any colour vision, so no red-green pair anywhere.
OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
# Shared with the widgets, so a cell in a table and a square in a figure mean the same thing.
# Blue and vermillion also carry white badge text legibly.
COLOURS = {
    "met": OKABE_ITO["blue"],
    "not_met": OKABE_ITO["vermillion"],
    "not_decided": "#BBBBBB",
    "mixed": OKABE_ITO["yellow"],
    "none": "#FFFFFF",
}
# Smallest type on a figure: a slide or a printed handout stays readable.
MIN_FONT_PT = 9
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
    """When the court decided, as reported, with its precision; never a publication date.

    A report that the ruling had been issued stands for "on or before" that day
    (see `Case.date_of`); a case whose ruling date no source gives has none.
    """
    d = case.decision()
    if d is None or d.date is None:
        return None, DatePrecision.not_reported
    return d.date, d.precision


def case_frame(cb: Casebook, lang: str = "en") -> pd.DataFrame:
    """One row per case: name, court, when it was decided and published, tests, outcomes."""
    import pandas as pd

    rows = []
    for case in cb.cases:
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
                tr("case_id", lang): case.id,
                tr("court", lang): case.court(lang),
                tr("decided", lang): case.date_of(lang),
                tr("published", lang): _published(case, lang),
                tr("lesson", lang): "; ".join(clusters),
                tr("tests", lang): "; ".join(tests),
                tr("outcome", lang): "; ".join(outcomes),
            }
        )
    return pd.DataFrame(rows)


def _published(case: Case, lang: str) -> str:
    """The first reported publication (typical-case release or press report) of a case."""
    for d in case.dates:
        if d.kind is DateKind.published and d.precision is not DatePrecision.not_reported:
            return d.display(lang)
    return NOT_REPORTED[lang]


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


# Kind of date -> (colour, marker, filled). A ruling is a solid diamond; a report that the ruling
# had been issued a hollow diamond (the ruling came on or before it); a publication a hollow
# square, so nobody reads a press-conference date as the day a case was decided.
_KIND_STYLE = {
    DateKind.decided: (OKABE_ITO["blue"], "D", True),
    DateKind.ruling_reported: (OKABE_ITO["blue"], "D", False),
    DateKind.filed: (OKABE_ITO["bluish_green"], "^", True),
    DateKind.heard: (OKABE_ITO["bluish_green"], "v", True),
    DateKind.published: (OKABE_ITO["vermillion"], "s", False),
    DateKind.event: ("#999999", "o", True),
}


def timeline_points(cb: Casebook) -> tuple[list[tuple[Case, list[EventDate]]], list[Case]]:
    """The cases with at least one reported date (their dated steps), and those with none."""
    dated, undated = [], []
    for case in cb.cases:
        steps = [d for d in case.dates if d.date]
        if steps:
            dated.append((case, steps))
        else:
            undated.append(case)
    dated.sort(key=lambda cs: min(_span(d.date, d.precision)[0] for d in cs[1]))
    return dated, undated


def _caveat(fig: Figure, lang: str, *more: str) -> None:
    """Footnote on a chart of outcomes: the cases were chosen by courts, not sampled."""
    notes = [*more, tr("fig.caveat", lang)]
    fig.supxlabel("\n".join(_wrap(n, lang) for n in notes), fontsize=MIN_FONT_PT, ha="center")


def timeline(cb: Casebook, lang: str = "en") -> Figure:
    """Each case's ruling (or the report of it), its hearing and the steps of the dispute,
    and the day it was published, each kind of date drawn differently."""
    from matplotlib import dates as mdates

    with _style():
        dated, undated = timeline_points(cb)
        fig = _figure(12, 0.5 * max(len(dated), 2) + 2.6)
        ax = fig.add_subplot()
        shown: set[DateKind] = set()
        for row, (_case, steps) in enumerate(dated):
            for d in steps:
                colour, marker, filled = _KIND_STYLE[d.kind]
                name = tr(f"fig.timeline.{d.kind.value}", lang) if d.kind not in shown else None
                shown.add(d.kind)
                start, end = _span(d.date, d.precision)
                if start == end:
                    ax.plot(
                        [start],
                        [row],
                        marker,
                        markersize=9,
                        markeredgewidth=2,
                        color=colour,
                        markerfacecolor=colour if filled else "white",
                        zorder=3,
                        label=name,
                        linestyle="none",
                    )
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
        ax.tick_params(labelsize=10)
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
        ax.grid(axis="x", alpha=0.3)
        fig.legend(loc="outside right upper", fontsize=MIN_FONT_PT + 1, frameon=False)
        fig.suptitle(tr("fig.timeline", lang))
        foot = [tr("fig.precision", lang)]
        sep = "、" if lang == "zh" else ", "
        no_ruling = [c.short_name(lang) for c, _ in dated if c.decision() is None]
        if no_ruling:
            foot.append(tr("fig.timeline.no_ruling", lang, cases=sep.join(no_ruling)))
        if undated:
            names = sep.join(c.short_name(lang) for c in undated)
            foot.append(tr("fig.timeline.undated", lang, cases=names))
        fig.supxlabel("\n".join(_wrap(f, lang) for f in foot), fontsize=MIN_FONT_PT)
    return fig


def _issue_cell(conclusions: list[bool]) -> str:
    if all(conclusions):
        return "met"
    if not any(conclusions):
        return "not_met"
    return "mixed"


def rights_matrix(cb: Casebook, cluster: str | None = None, lang: str = "en") -> Figure:
    """Legal tests (rows) by case (columns): met, not met, or mixed across parties.

    With a `cluster`, the cases that apply that lesson's tests, and every test they raised:
    the lesson's own first, then (in grey) those taught in other lessons, so a student sees
    that one set of facts can succeed under one right and fail under another.
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    with _style():
        order = list(CLUSTERS)

        def rank(t: Any) -> tuple[int, int]:
            home = 0 if cluster is None or t.cluster == cluster else 1
            return home, order.index(t.cluster) if t.cluster in order else 99

        own = {t.id for t in cb.tests if cluster is None or t.cluster == cluster}
        cases = [c for c in cb.cases if any(i.test in own for i in c.issues)]
        raised = {i.test for c in cases for i in c.issues}
        tests = sorted((t for t in cb.tests if t.id in raised), key=rank)
        keys = ["none", "met", "not_met", "mixed"]
        grid = []
        for t in tests:
            row = []
            for case in cases:
                found = [i.conclusion for i in case.issues if i.test == t.id]
                row.append(keys.index(_issue_cell(found)) if found else 0)
            grid.append(row)
        # Test names read across, horizontally; the case names, shorter, go in a slant
        # at a size that stays legible.
        fig = _figure(max(7, 0.75 * len(cases) + 6), 0.45 * len(tests) + 4.2)
        ax = fig.add_subplot()
        cmap = ListedColormap([COLOURS[k] for k in keys])
        ax.imshow(grid, cmap=cmap, vmin=-0.5, vmax=len(keys) - 0.5, aspect="auto")
        ax.set_yticks(range(len(tests)), [t.name(lang) for t in tests])
        ax.set_xticks(
            range(len(cases)), [c.short_name(lang) for c in cases], rotation=40, ha="right"
        )
        ax.set_xticks([x - 0.5 for x in range(1, len(cases))], minor=True)
        ax.set_yticks([y - 0.5 for y in range(1, len(tests))], minor=True)
        ax.grid(which="minor", color="#DDDDDD", linewidth=0.8)
        ax.tick_params(which="minor", length=0)
        ax.tick_params(labelsize=10)
        for tick, t in zip(ax.get_yticklabels(), tests, strict=True):
            if t.id not in own:
                tick.set_color("#666666")
                tick.set_fontstyle("italic")
        title = "fig.matrix" if cluster is None else "fig.matrix.lesson"
        ax.set_title(tr(title, lang))
        legend = [
            Patch(color=COLOURS["met"], label=tr("fig.upheld", lang)),
            Patch(color=COLOURS["not_met"], label=tr("fig.rejected", lang)),
            Patch(color=COLOURS["mixed"], label=tr("fig.mixed", lang)),
            Patch(facecolor="white", edgecolor="#999999", label=tr("fig.not_applied", lang)),
        ]
        present = {v for row in grid for v in row}
        legend = [
            p for k, p in zip([*keys[1:], "none"], legend, strict=True) if keys.index(k) in present
        ]
        n_own = sum(1 for t in tests if t.id in own)
        if 0 < n_own < len(tests):
            ax.axhline(n_own - 0.5, color="#333333", linewidth=1.5)
        ax.legend(
            handles=legend,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
            fontsize=MIN_FONT_PT + 1,
        )
        more = [tr("fig.matrix.others", lang)] if raised - own else []
        _caveat(fig, lang, *more)
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
    """Issues raised against defendants, split by the defendant's role and by outcome."""
    with _style():
        counts = role_counts(cb)
        roles = list(counts)
        fig = _figure(8, 0.5 * max(len(roles), 2) + 2.4)
        ax = fig.add_subplot()
        met = [counts[r][0] for r in roles]
        not_met = [counts[r][1] for r in roles]
        names = [label(ROLES, r, lang) for r in roles]
        ax.barh(names, met, color=COLOURS["met"], label=tr("fig.liable", lang))
        ax.barh(
            names, not_met, left=met, color=COLOURS["not_met"], label=tr("fig.not_liable", lang)
        )
        for y, (a, b) in enumerate(zip(met, not_met, strict=True)):
            ax.text(a + b + 0.1, y, f"{a} / {b}", va="center", fontsize=MIN_FONT_PT + 1)
        ax.invert_yaxis()
        ax.tick_params(labelsize=10)
        ax.set_xlabel(tr("fig.roles.x", lang))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_title(tr("fig.roles", lang))
        ax.legend(loc="lower right", frameon=False, fontsize=MIN_FONT_PT + 1)
        _caveat(fig, lang, tr("fig.roles.note", lang))
    return fig


# Sums by kind of order: Okabe-Ito hues in a fixed order, the same kind always the same colour.
_REMEDY_PALETTE = [
    OKABE_ITO[k]
    for k in ("blue", "orange", "sky_blue", "vermillion", "reddish_purple", "bluish_green")
]


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
        fig = _figure(8, 0.55 * max(len(cases), 2) + 2.6)
        ax = fig.add_subplot()
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
                color=_REMEDY_PALETTE[n % len(_REMEDY_PALETTE)],
                label=label(REMEDY_KINDS, kind, lang),
            )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        for y, total in enumerate(left):
            ax.text(total, y, f" {total:,.0f}", va="center", fontsize=MIN_FONT_PT + 1)
        ax.invert_yaxis()
        ax.tick_params(labelsize=10)
        ax.set_xlabel(tr("fig.remedies.x", lang))
        ax.set_title(tr("fig.remedies", lang))
        if kinds:
            ax.legend(loc="upper right", fontsize=MIN_FONT_PT + 1, framealpha=0.95)
        more = []
        if unreported:
            sep = "、" if lang == "zh" else ", "
            names = sep.join(c.short_name(lang) for c in unreported)
            more.append(tr("fig.remedies.none", lang, cases=names))
        _caveat(fig, lang, *more)
    return fig


FIGURES = {
    "timeline": timeline,
    "rights": rights_matrix,
    "roles": outcomes_by_role,
    "remedies": remedies_chart,
}
