"""The apply part: one control per element, and the conclusion the rule gives."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..i18n import tr
from ..models import Finding
from ._html import (
    _badge,
    _choices,
    _colon,
    _esc,
    _issue_label,
    _lbl,
    _outcome_colour,
    _set_options,
    _zh,
)
from ._part import _Part

if TYPE_CHECKING:
    import ipywidgets as w

    from ..analysis import Analysis, BoundTest
    from ..models import Issue
    from .page import Lesson


ANSWER = {"met": True, "not_met": False, "unsure": None}


class ApplyTest(_Part):
    """One control per element (and per key fact); the conclusion updates on every change."""

    def __init__(self, page: Lesson, test: BoundTest):
        import ipywidgets as w

        super().__init__(page)
        self.test = test
        self.pairs = list(page.cb.issues_for(test.id))
        self.intro = w.HTML()
        self.start = w.Dropdown(layout=w.Layout(width="max-content"))
        self.names: dict[str, w.HTML] = {}
        self.controls: dict[str, w.ToggleButtons] = {}
        self.facts: dict[str, list[w.Checkbox]] = {}
        rows: list[w.Widget] = []
        for e in test.elements:
            self.names[e.id] = w.HTML(layout=w.Layout(width="45%"))
            self.controls[e.id] = w.ToggleButtons(
                options=_choices(e, page.lang),
                value="unsure",
                style={"button_width": "auto"},
            )
            self.controls[e.id].observe(self._changed, "value")
            # Stable CSS hooks for the browser tests, independent of the wording.
            self.controls[e.id].add_class("casebook-element")
            rows.append(w.HBox([self.names[e.id], self.controls[e.id]]))
            boxes = []
            for _ in e.key_facts:
                box = w.Checkbox(value=False, indent=False, layout=w.Layout(margin="0 0 0 2em"))
                box.observe(self._changed, "value")
                boxes.append(box)
            if boxes:
                self.facts[e.id] = boxes
                rows.append(w.VBox(boxes))
        self.conclusion = w.HTML()
        self.conclusion.add_class("casebook-conclusion")
        self.explanation = w.HTML()
        self.closest = w.HTML()
        self._quiet = False
        self.start.observe(self._start_from, "value")
        self.widget = w.VBox(
            [self.intro, self.start, *rows, self.conclusion, self.explanation, self.closest]
        )
        self.render()

    # -- state

    @property
    def values(self) -> dict[str, bool | None]:
        return {eid: ANSWER[c.value] for eid, c in self.controls.items()}

    def analysis(self) -> Analysis:
        return self.test.evaluate(self.values)

    def set(self, **answers: str) -> None:
        """Set element answers by id ('met', 'not_met', 'unsure'); for tests and demos."""
        for key, value in answers.items():
            self.controls[key.replace("_", "-") if key not in self.controls else key].value = value

    def _start_from(self, change: dict[str, Any]) -> None:
        if self._quiet or change["new"] is None or change["new"] < 0:
            return
        _, issue = self.pairs[change["new"]]
        self._quiet = True
        try:
            for eid, control in self.controls.items():
                found = issue.findings.get(eid)
                undecided = found is None or found.finding is Finding.not_decided
                control.value = "unsure" if undecided else found.finding.value
        finally:
            self._quiet = False
        self._render_result()

    def _changed(self, _change: Any = None) -> None:
        if not self._quiet:
            self._render_result()

    # -- drawing

    def render(self) -> None:
        self._quiet = True
        try:
            self._relabel()
        finally:
            self._quiet = False
        self._render_result()

    def _relabel(self) -> None:
        lang = self.lang
        self.intro.value = _zh(
            f"<h3>{_lbl('apply', lang)} {_esc(self.test.name(lang))}</h3>"
            f"<p>{_esc(self.test.question(lang))}<br>"
            f"<small>{_esc(tr('apply_help', lang))}</small></p>",
            lang,
        )
        self.start.description = tr("start_from", lang)
        options = [(tr("blank", lang), -1)] + [
            (_issue_label(c, i, lang, sum(1 for cc, _ in self.pairs if cc.id == c.id) > 1), n)
            for n, (c, i) in enumerate(self.pairs)
        ]
        _set_options(self.start, options)
        if self.start.value is None:
            self.start.value = -1
        for e in self.test.elements:
            self.names[
                e.id
            ].value = f"<b>{_esc(e.name(lang))}</b><br><small>{_esc(e.question(lang))}</small>"
            _set_options(self.controls[e.id], _choices(e, lang))
            for box, fact in zip(self.facts.get(e.id, []), e.key_facts, strict=True):
                box.description = f"{tr('fact_present', lang)}{_colon(lang)}{fact(lang)}"

    def _render_result(self) -> None:
        lang, test = self.lang, self.test
        a = self.analysis()
        self.conclusion.value = _zh(
            f"<p><b>{_lbl('conclusion', lang)}</b> "
            f"{_badge(a.outcome_label(lang), _outcome_colour(a.outcome))}</p>",
            lang,
        )
        expl = a.explain(lang)
        closest = a.closest()
        lines = expl.lines[1:-1] if closest else expl.lines[1:]
        for e in test.elements:
            ticked = [
                f(lang)
                for f, b in zip(e.key_facts, self.facts.get(e.id, []), strict=True)
                if b.value
            ]
            if ticked:
                key = "facts_noted" if a.values.get(e.id) is None else "facts_decided"
                lines.append(tr(key, lang, element=e.name(lang), facts="; ".join(ticked)))
        self.explanation.value = _zh(
            f"<p><b>{_esc(tr('explanation', lang))}</b></p><ul>"
            + "".join(f"<li>{_esc(line)}</li>" for line in lines)
            + "</ul>",
            lang,
        )
        items = []
        for c, i, _score in closest:
            agree, differ = _agreement(a.values, i)
            verdict = test.outcome_labels["true" if i.conclusion else "false"](lang)
            items.append(
                f"<li><b>{_esc(c.short_name(lang))}</b> ({_esc(verdict)}; "
                f"{_esc(tr('agree', lang, n=agree, m=differ))}): {_esc(i.holding(lang))}</li>"
            )
        self.closest.value = _zh(
            f"<p><b>{_esc(tr('closest', lang))}</b></p><ul>{''.join(items)}</ul>" if items else "",
            lang,
        )


def _agreement(values: dict[str, bool | None], issue: Issue) -> tuple[int, int]:
    """How many of the user's decided answers match the court's decided findings, and differ."""
    agree = differ = 0
    for eid, found in issue.findings.items():
        mine, theirs = values.get(eid), found.finding.value_bool
        if mine is not None and theirs is not None:
            agree += mine == theirs
            differ += mine != theirs
    return agree, differ
