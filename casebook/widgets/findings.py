"""The case table part: the lesson's cases element by element, with each court's reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis import PROVENANCE_LABELS
from ..i18n import tr
from ..models import Provenance
from ..rules import compare
from ._html import (
    _badge,
    _colon,
    _colour,
    _esc,
    _finding_label,
    _issue_label,
    _lbl,
    _set_options,
    _zh,
)
from ._part import _Part

if TYPE_CHECKING:
    from ..analysis import BoundTest
    from ..library import Casebook
    from ..models import Case, Issue
    from .page import Lesson


class FindingsTable(_Part):
    """The leading cases element by element: coloured cells, each court's reason numbered.

    A cell's reason is in its tooltip for the mouse and, numbered, in a list under the table,
    so it is also there on a touch screen, for the keyboard, in print and without a kernel.
    """

    def __init__(self, page: Lesson, test: BoundTest):
        import ipywidgets as w

        super().__init__(page)
        self.test = test
        self.pairs = list(page.cb.issues_for(test.id))
        self.table = w.HTML()
        self.pick = w.Dropdown(layout=w.Layout(width="max-content"))
        self.detail = w.HTML()
        self.pick.observe(lambda _: self._render_detail(), "value")
        self.widget = w.VBox([self.table, self.pick, self.detail])
        self.render()

    def _several(self, case: Case) -> bool:
        return sum(1 for c, _ in self.pairs if c.id == case.id) > 1

    def render(self) -> None:
        lang, test = self.lang, self.test
        if not self.pairs:
            self.table.value = f"<p><i>{_esc(tr('no_cases', lang))}</i></p>"
            self.pick.layout.display = "none"
            self.detail.value = ""
            return
        head = "".join(
            f"<th style='padding:4px 8px'>{_esc(_issue_label(c, i, lang, self._several(c)))}</th>"
            for c, i in self.pairs
        )
        rows = []
        # Numbered case by case, so the list under the table reads one court at a time.
        notes: list[str] = []
        number: dict[tuple[int, str | None], int] = {}
        for n, (c, i) in enumerate(self.pairs):
            name = _esc(_issue_label(c, i, lang, self._several(c)))
            reasons = [
                (e.id, e.name(lang), i.findings[e.id].reason(lang))
                for e in test.elements
                if e.id in i.findings
            ]
            for eid, what, text in [*reasons, (None, tr("holding", lang), i.holding(lang))]:
                notes.append(f"<li><b>{name} – {_esc(what)}</b>{_colon(lang)}{_esc(text)}</li>")
                number[(n, eid)] = len(notes)

        def note(n: int, eid: str | None) -> str:
            return f"<sup>{number[(n, eid)]}</sup>"

        for e in test.elements:
            cells = []
            for n, (_c, i) in enumerate(self.pairs):
                found = i.findings.get(e.id)
                if found is None:
                    cells.append(
                        "<td style='padding:4px 8px;color:#777'>"
                        f"{_esc(tr('not_addressed', lang))}</td>"
                    )
                    continue
                label = _finding_label(e, found.finding, lang)
                if found.provenance is not Provenance.stated:
                    label += f" ({PROVENANCE_LABELS[lang][found.provenance]})"
                cells.append(
                    f"<td title='{_esc(found.reason(lang))}' style='padding:4px 8px;color:white;"
                    f"background:{_colour(found.finding.value)};cursor:help'>"
                    f"{_esc(label)}{note(n, e.id)}</td>"
                )
            rows.append(
                f"<tr><th style='text-align:left'>{_esc(e.name(lang))}</th>{''.join(cells)}</tr>"
            )
        outcome = "".join(
            f"<td title='{_esc(i.holding(lang))}' style='padding:4px 8px'><b>"
            f"{_esc(test.outcome_labels['true' if i.conclusion else 'false'](lang))}</b>"
            f"{note(n, None)}</td>"
            for n, (_c, i) in enumerate(self.pairs)
        )
        rows.append(
            f"<tr><th style='text-align:left'>{_esc(tr('outcome', lang))}</th>{outcome}</tr>"
        )
        rule_cells = []
        for _, i in self.pairs:
            cvr = compare(test.model, i)
            text = (
                tr("rule_undecided", lang)
                if cvr.rule is None
                else test.outcome_labels["true" if cvr.rule else "false"](lang)
            )
            if cvr.departs:
                text += f" ({tr('departs', lang)})"
            rule_cells.append(f"<td style='padding:4px 8px'>{_esc(text)}</td>")
        rows.append(
            f"<tr><th style='text-align:left'>{_esc(tr('rule_result', lang))}</th>"
            f"{''.join(rule_cells)}</tr>"
        )
        self.table.value = _zh(
            f"<h3>{_lbl('precedents', lang)} {_esc(test.name(lang))}</h3>"
            f"<p><small>{_esc(tr('hover', lang))} {_esc(tr('court_vs_rule_help', lang))}"
            "</small></p>"
            f"<table style='border-collapse:separate;border-spacing:2px'>"
            f"<tr><th>{_esc(tr('element', lang))}</th>{head}</tr>{''.join(rows)}</table>"
            # Open by default, so print and a page without a kernel show every reason; a
            # <details> folds it away by keyboard or touch, with no script needed.
            f"<details open class='casebook-reasons'><summary><b>{_esc(tr('reasons', lang))}"
            f"</b></summary><ol style='font-size:90%'>{''.join(notes)}</ol></details>",
            lang,
        )
        options = [
            (_issue_label(c, i, lang, self._several(c)), n) for n, (c, i) in enumerate(self.pairs)
        ]
        self.pick.description = tr("detail_for", lang)
        _set_options(self.pick, options)
        if self.pick.value is None:
            self.pick.value = 0
        self._render_detail()

    def _render_detail(self) -> None:
        if self.pick.value is None:
            self.detail.value = ""
            return
        self.detail.value = _zh(
            issue_detail(self.page.cb, *self.pairs[self.pick.value], self.lang), self.lang
        )


def issue_detail(cb: Casebook, case: Case, issue: Issue, lang: str, brief: bool = False) -> str:
    """One issue in full: the question, each element's finding and reason, and the holding."""
    test = cb.test(issue.test)
    items = []
    for e in test.elements:
        found = issue.findings.get(e.id)
        if found is None:
            continue
        items.append(
            f"<li>{_badge(_finding_label(e, found.finding, lang), _colour(found.finding.value))} "
            f"<b>{_esc(e.name(lang))}</b>: {_esc(found.reason(lang))}</li>"
        )
    if brief:
        return f"<ul>{''.join(items)}</ul>"
    date = case.date_of(lang)
    return (
        f"<div style='border-left:3px solid #999;padding-left:8px'>"
        f"<p><b>{_esc(case.title(lang))}</b><br>{_esc(case.court(lang))}; {_esc(date)}</p>"
        f"<p><b>{_lbl('party', lang)}</b> {_esc(case.party(issue.party).name(lang))}. "
        f"{_esc(issue.question(lang))}</p><ul>{''.join(items)}</ul>"
        f"<p><b>{_lbl('holding', lang)}</b> {_esc(issue.holding(lang))}</p></div>"
    )
