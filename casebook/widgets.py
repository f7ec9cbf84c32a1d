"""Lesson widgets built from the legal-test data, re-drawn in English or Chinese on demand."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .analysis import PROVENANCE_LABELS
from .i18n import CLUSTERS, FINDING, LANGS, label, tr
from .models import Combination, ElementRole, Finding, Provenance
from .rules import compare

if TYPE_CHECKING:
    import ipywidgets as w

    from .analysis import Analysis, BoundTest
    from .library import Casebook
    from .models import Case, Element, Issue

__all__ = [
    "ApplyTest",
    "Distinguish",
    "FindingsTable",
    "Lesson",
    "Question",
    "Quiz",
    "Shown",
    "lesson",
]

ANSWER = {"met": True, "not_met": False, "unsure": None}


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _lbl(key: str, lang: str) -> str:
    """A UI label followed by a colon, full-width in Chinese."""
    return _esc(tr(key, lang)) + ("：" if lang == "zh" else ":")


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _badge(text: str, colour: str) -> str:
    return (
        f"<span style='background:{colour};color:white;padding:2px 8px;"
        f"border-radius:4px;font-weight:600'>{_esc(text)}</span>"
    )


def _colour(key: str) -> str:
    from .plots import COLOURS

    return COLOURS[key]


def _outcome_colour(outcome: bool | None) -> str:
    return _colour({True: "met", False: "not_met", None: "not_decided"}[outcome])


def _finding_badge(element: Element, finding: Finding, lang: str) -> str:
    return _badge(_finding_label(element, finding, lang), _colour(finding.value))


def _outcome_badge(test: Any, outcome: bool, lang: str) -> str:
    return _badge(
        test.outcome_labels["true" if outcome else "false"](lang), _outcome_colour(outcome)
    )


def _finding_label(element: Element, finding: Finding, lang: str) -> str:
    if element.role is ElementRole.factor:
        key = {"met": "choice.towards", "not_met": "choice.against"}.get(finding.value)
        return tr(key, lang) if key else label(FINDING, finding.value, lang)
    if element.role is ElementRole.exception:
        key = {"met": "choice.applies", "not_met": "choice.not_applies"}.get(finding.value)
        return tr(key, lang) if key else label(FINDING, finding.value, lang)
    return label(FINDING, finding.value, lang)


def _choices(element: Element, lang: str) -> list[tuple[str, str]]:
    """The three answers for one element, worded for its role."""
    keys = {
        ElementRole.factor: ("choice.towards", "choice.against", "choice.unsure"),
        ElementRole.exception: ("choice.applies", "choice.not_applies", "choice.not_shown"),
    }.get(element.role, ("choice.met", "choice.not_met", "choice.unsure"))
    return [(tr(k, lang), v) for k, v in zip(keys, ("met", "not_met", "unsure"), strict=True)]


def _set_options(control: Any, options: list[tuple[str, Any]]) -> None:
    """Relabel a selection control without losing (or re-announcing) its value."""
    value = control.value
    # Assigning options selects the first one, so the old value is put back afterwards.
    control.options = options
    if value in [v for _, v in options] or value is None:
        control.value = value


def _issue_label(case: Case, issue: Issue, lang: str, several: bool) -> str:
    name = case.short_name(lang)
    return f"{name} – {case.party(issue.party).name(lang)}" if several else name


def _show(widget: Any, text: str) -> None:
    """Display a widget with a short, stable plain-text stand-in.

    A widget's own text form spells out every value (a figure's PNG bytes included); the
    short one keeps saved notebooks small and lets nbval compare them run to run.
    """
    from IPython.display import publish_display_data

    bundle = widget._repr_mimebundle_()
    bundle["text/plain"] = text
    # The same content as static HTML, so a page exported without a kernel (nbconvert,
    # GitHub, a printed handout, the course site) shows the lesson, not a placeholder.
    bundle["text/html"] = f"<div class='casebook-static'>{static_html(widget)}</div>"
    publish_display_data(bundle)


def static_html(widget: Any) -> str:
    """A widget tree as plain HTML in its current state: text, tables, images, choices.

    Controls are shown as what they say (a description and the selected value), so a reader
    without a kernel sees the same content a student sees on first opening the page.
    """
    import base64

    import ipywidgets as w

    if isinstance(widget, w.HTML | w.HTMLMath):
        return widget.value
    if isinstance(widget, w.Label):
        return f"<p>{_esc(widget.value)}</p>"
    if isinstance(widget, w.Image):
        if not widget.value:
            return ""
        data = base64.b64encode(widget.value).decode("ascii")
        return f"<img alt='figure' style='max-width:100%' src='data:image/png;base64,{data}'>"
    if isinstance(widget, w.Tab | w.Accordion):
        parts = []
        for n, child in enumerate(widget.children):
            titles = widget.titles
            title = titles[n] if n < len(titles) and titles[n] else ""
            parts.append(f"<h4>{_esc(title)}</h4>{static_html(child)}")
        return "".join(parts)
    if isinstance(widget, w.Box):
        return "".join(static_html(c) for c in widget.children)
    if isinstance(widget, w.Dropdown | w.ToggleButtons | w.RadioButtons | w.Select):
        labels = [str(o[0]) if isinstance(o, tuple) else str(o) for o in widget.options]
        if not labels or getattr(widget.layout, "display", None) == "none":
            return ""
        chosen = widget.label if widget.label is not None else ""
        desc = f"<b>{_esc(widget.description)}</b> " if widget.description else ""
        return (
            f"<p>{desc}{_esc(chosen)} <small>({_esc(' / '.join(labels))})</small></p>"
            if isinstance(widget, w.Dropdown)
            else f"<p>{desc}{_esc(' / '.join(labels))}</p>"
        )
    if isinstance(widget, w.Checkbox):
        return f"<p>{'☑' if widget.value else '☐'} {_esc(widget.description)}</p>"
    return ""


class Shown:
    """Wraps a plain widget so it displays like a lesson part."""

    def __init__(self, widget: Any, text: str):
        self.widget = widget
        self.text = text

    def _ipython_display_(self) -> None:
        _show(self.widget, self.text)


class _Part:
    """A piece of a lesson page that re-draws itself when the page's language changes."""

    def __init__(self, page: Lesson):
        self.page = page
        page._parts.append(self)

    @property
    def lang(self) -> str:
        return self.page.lang

    def render(self) -> None:  # pragma: no cover - every part overrides it
        raise NotImplementedError

    def _ipython_display_(self) -> None:
        _show(self.widget, f"<{type(self).__name__}>")


class Rule(_Part):
    """The rule: the test's question, the statute paraphrases and how the elements combine."""

    def __init__(self, page: Lesson, test: BoundTest):
        import ipywidgets as w

        super().__init__(page)
        self.test = test
        self.widget = self.html = w.HTML()
        self.render()

    def render(self) -> None:
        cb, t, lang = self.page.cb, self.test, self.lang
        arts = []
        for art_id in t.statutes:
            art = cb.statute(art_id)
            flag = "" if art.verified else f" <i>({_esc(tr('unverified', lang))})</i>"
            arts.append(
                f"<li><b>{_esc(cb.cite(art_id, lang))}</b> – {_esc(art.heading(lang))}"
                f"{_colon(lang)}"
                f"{_esc(art.paraphrase(lang))}{flag}</li>"
            )
        note = f"<p><b>{_lbl('note', lang)}</b> {_esc(t.note(lang))}</p>" if t.note else ""
        self.html.value = (
            f"<h3>{_lbl('rule', lang)} {_esc(t.name(lang))}</h3>"
            f"<p><b>{_lbl('question', lang)}</b> {_esc(t.question(lang))}</p>"
            f"<p><b>{_esc(tr('statutes', lang))}</b></p><ul>{''.join(arts)}</ul>"
            f"<p><b>{_lbl('how_combined', lang)}</b> "
            f"{_esc(tr('combination.' + t.combination.value, lang))}</p>{note}"
        )


class Checklist(_Part):
    """The elements as a checklist: role, question, guidance and the facts that decide them."""

    def __init__(self, page: Lesson, test: BoundTest):
        import ipywidgets as w

        super().__init__(page)
        self.test = test
        self.widget = self.html = w.HTML()
        self.render()

    def render(self) -> None:
        lang, items = self.lang, []
        for e in self.test.elements:
            tags = tr(f"role.{e.role.value}", lang)
            if e.judgment:
                tags += f"; {tr('judgment_call', lang)}"
            facts = ""
            if e.key_facts:
                facts = f"<br><i>{_lbl('key_facts', lang)}</i> " + _esc(
                    "; ".join(f(lang) for f in e.key_facts)
                )
            cites = ""
            if e.statutes:
                cites = " [" + _esc("; ".join(self.page.cb.cite(s, lang) for s in e.statutes)) + "]"
            items.append(
                f"<li>☐ <b>{_esc(e.name(lang))}</b> <small>({_esc(tags)})</small>{cites}<br>"
                f"{_esc(e.question(lang))}<br><small>{_esc(e.guidance(lang))}</small>{facts}</li>"
            )
        self.html.value = (
            f"<h3>{_lbl('elements', lang)} {_esc(self.test.name(lang))}</h3>"
            f"<ul style='list-style:none;padding-left:0.5em'>{''.join(items)}</ul>"
        )


class FindingsTable(_Part):
    """The leading cases element by element: coloured cells, the reason on hover and in detail."""

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
        for e in test.elements:
            cells = []
            for _c, i in self.pairs:
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
                    f"{_esc(label)}</td>"
                )
            rows.append(
                f"<tr><th style='text-align:left'>{_esc(e.name(lang))}</th>{''.join(cells)}</tr>"
            )
        outcome = "".join(
            f"<td title='{_esc(i.holding(lang))}' style='padding:4px 8px'><b>"
            f"{_esc(test.outcome_labels['true' if i.conclusion else 'false'](lang))}</b></td>"
            for _, i in self.pairs
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
        self.table.value = (
            f"<h3>{_lbl('precedents', lang)} {_esc(test.name(lang))}</h3>"
            f"<p><small>{_esc(tr('hover', lang))} {_esc(tr('court_vs_rule_help', lang))}"
            "</small></p>"
            f"<table style='border-collapse:separate;border-spacing:2px'>"
            f"<tr><th>{_esc(tr('element', lang))}</th>{head}</tr>{''.join(rows)}</table>"
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
        self.detail.value = issue_detail(self.page.cb, *self.pairs[self.pick.value], self.lang)


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
        self.intro.value = (
            f"<h3>{_lbl('apply', lang)} {_esc(self.test.name(lang))}</h3>"
            f"<p>{_esc(self.test.question(lang))}<br>"
            f"<small>{_esc(tr('apply_help', lang))}</small></p>"
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
                box.description = f"{tr('fact_present', lang)}: {fact(lang)}"

    def _render_result(self) -> None:
        lang, test = self.lang, self.test
        a = self.analysis()
        self.conclusion.value = (
            f"<p><b>{_lbl('conclusion', lang)}</b> "
            f"{_badge(a.outcome_label(lang), _outcome_colour(a.outcome))}</p>"
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
        self.explanation.value = (
            f"<p><b>{_esc(tr('explanation', lang))}</b></p><ul>"
            + "".join(f"<li>{_esc(line)}</li>" for line in lines)
            + "</ul>"
        )
        items = []
        for c, i, _score in closest:
            agree, differ = _agreement(a.values, i)
            verdict = test.outcome_labels["true" if i.conclusion else "false"](lang)
            items.append(
                f"<li><b>{_esc(c.short_name(lang))}</b> ({_esc(verdict)}; "
                f"{_esc(tr('agree', lang, n=agree, m=differ))}): {_esc(i.holding(lang))}</li>"
            )
        self.closest.value = (
            f"<p><b>{_esc(tr('closest', lang))}</b></p><ul>{''.join(items)}</ul>" if items else ""
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


class Distinguish(_Part):
    """Two cases side by side under one test, the elements decided differently highlighted."""

    def __init__(
        self,
        page: Lesson,
        case_a: str,
        case_b: str,
        test_id: str | None = None,
        note: dict[str, str] | str | None = None,
    ):
        import ipywidgets as w

        super().__init__(page)
        cb = page.cb
        # "case-id" or "case-id/issue-id": the second form compares two parties of one case,
        # or one case's facts under two different tests.
        ids = (case_a, case_b)
        self.cases = tuple(cb.case(x.split("/")[0]) for x in ids)
        self._picked = [x.split("/", 1)[1] if "/" in x else None for x in ids]
        self.test: BoundTest | None
        if all(self._picked):
            self.issues = (self._pick(0), self._pick(1))
            same = self.issues[0].test == self.issues[1].test
            self.test = cb.test(self.issues[0].test) if same else None
        else:
            tests_a = [self._issue(0, i.test).test for i in self.cases[0].issues]
            shared = [t for t in tests_a if any(j.test == t for j in self.cases[1].issues)]
            if test_id is None:
                if not shared:
                    from .exceptions import CasebookError

                    raise CasebookError(f"{case_a} and {case_b} share no legal test to compare.")
                # Prefer the test the two courts answered differently: that is the lesson.
                differs = [
                    t
                    for t in shared
                    if self._issue(0, t).conclusion != self._issue(1, t).conclusion
                ]
                test_id = (differs or shared)[0]
            self.test = cb.test(test_id)
            self.issues = (self._issue(0, test_id), self._issue(1, test_id))
        if isinstance(note, str):
            from .i18n import NOTES

            note = NOTES[note]
        self.note = note
        self.widget = self.html = w.HTML()
        self.render()

    def _issue(self, n: int, test_id: str) -> Issue:
        if self._picked[n]:
            return self._pick(n)
        return next(i for i in self.cases[n].issues if i.test == test_id)

    def _pick(self, n: int) -> Issue:
        """The issue named after the slash: an issue id, or a test id the case applied."""
        case, key = self.cases[n], self._picked[n]
        for i in case.issues:
            if i.id == key:
                return i
        for i in case.issues:
            if i.test == key:
                return i
        return case.issue(key)  # raises UnknownIdError listing the issue ids

    @property
    def deciding(self) -> list[str]:
        """Ids of the elements the two courts decided differently."""
        a, b = self.issues
        out: list[str] = []
        if self.test is None:
            return out
        for e in self.test.elements:
            fa, fb = a.findings.get(e.id), b.findings.get(e.id)
            # Only opposite decisions distinguish; "not decided" on one side is silence.
            decided = {Finding.met, Finding.not_met}
            if fa and fb and {fa.finding, fb.finding} == decided:
                out.append(e.id)
        return out

    def render(self) -> None:
        lang, test = self.lang, self.test
        deciding = self.deciding
        td = "padding:6px;vertical-align:top;width:45%"
        cb = self.page.cb

        def facts(case: Case) -> str:
            return "".join(f"<p>{_esc(f(lang))}</p>" for f in case.facts)

        def head(case: Case, issue: Issue) -> str:
            name = _esc(case.short_name(lang))
            party = _esc(case.party(issue.party).name(lang))
            extra = _esc(cb.test(issue.test).name(lang)) if test is None else party
            return f"{name}<br><small>{extra}</small>"

        pairs = list(zip(self.cases, self.issues, strict=True))
        rows = [
            "<tr><th></th>"
            + "".join(f"<th style='{td}'>{head(c, i)}</th>" for c, i in pairs)
            + "</tr>",
            f"<tr><th>{_esc(tr('court', lang))}</th>"
            + "".join(
                f"<td style='{td}'>{_esc(c.court(lang))}; {_esc(c.date_of(lang))}</td>"
                for c in self.cases
            )
            + "</tr>",
        ]
        if self.cases[0].id != self.cases[1].id:
            rows.append(
                f"<tr><th>{_esc(tr('facts', lang))}</th>"
                + "".join(f"<td style='{td}'>{facts(c)}</td>" for c in self.cases)
                + "</tr>"
            )
        else:
            rows.append(
                f"<tr><th>{_esc(tr('facts', lang))}</th>"
                f"<td colspan='2' style='padding:6px'>{facts(self.cases[0])}</td></tr>"
            )
        if test is None:
            # Two tests on the same facts: each side lists its own elements.
            rows.append(
                f"<tr><th>{_esc(tr('elements', lang))}</th>"
                + "".join(
                    f"<td style='{td}'>{issue_detail(cb, c, i, lang, brief=True)}</td>"
                    for c, i in pairs
                )
                + "</tr>"
            )
        else:
            for e in test.elements:
                hot = e.id in deciding
                style = "background:#FFF3C4;border:2px solid #CCBB44;" if hot else ""
                cells = []
                for i in self.issues:
                    found = i.findings.get(e.id)
                    cells.append(
                        f"<td style='{td};{style}'>"
                        + (
                            _finding_badge(e, found.finding, lang) + f" {_esc(found.reason(lang))}"
                            if found
                            else f"<i>{_esc(tr('not_addressed', lang))}</i>"
                        )
                        + "</td>"
                    )
                flag = f"<br><small>⚑ {_esc(tr('deciding', lang))}</small>" if hot else ""
                rows.append(
                    f"<tr><th style='text-align:left;{style}'>{_esc(e.name(lang))}{flag}</th>"
                    f"{''.join(cells)}</tr>"
                )
        rows.append(
            f"<tr><th>{_esc(tr('outcome', lang))}</th>"
            + "".join(
                f"<td style='{td}'>"
                + _outcome_badge(cb.test(i.test), i.conclusion, lang)
                + f"<br>{_esc(i.holding(lang))}</td>"
                for i in self.issues
            )
            + "</tr>"
        )
        note = ""
        if self.note:
            text = self.note.get(lang, self.note["en"])
            note = f"<p style='background:#FFF3C4;padding:6px'><b>⚑</b> {_esc(text)}</p>"
        names = " / ".join(dict.fromkeys(_esc(c.short_name(lang)) for c in self.cases))
        one_case = self.cases[0].id == self.cases[1].id
        if test is not None:
            key = "same_case_same_test" if one_case else "same_test"
            applied = tr(key, lang, test=test.name(lang))
        elif one_case:
            applied = tr("two_tests", lang)
        else:
            tests = " / ".join(cb.test(i.test).name(lang) for i in self.issues)
            applied = tr("two_cases_two_tests", lang, tests=tests)
        self.html.value = (
            f"<h3>{_lbl('distinguish', lang)} {names}</h3>"
            f"<p>{_esc(applied)}</p>{note}"
            f"<table style='border-collapse:collapse'>{''.join(rows)}</table>"
        )


class Question:
    """One self-check question: a prompt, choices, the right answer and the precedent to cite."""

    def __init__(
        self,
        prompt: Callable[[str], str],
        choices: Callable[[str], list[tuple[str, str]]],
        answer: str,
        why: Callable[[str], str],
    ):
        import ipywidgets as w

        self._prompt, self._choices, self.answer, self._why = prompt, choices, answer, why
        self.prompt = w.HTML()
        self.choice = w.RadioButtons(options=choices("en"), value=None)
        self.feedback = w.HTML()
        self.widget = w.VBox([self.prompt, self.choice, self.feedback])

    def render(self, lang: str) -> None:
        self.prompt.value = f"<b>{_esc(self._prompt(lang))}</b>"
        _set_options(self.choice, self._choices(lang))
        self.check(lang)

    def check(self, lang: str) -> None:
        if self.choice.value is None:
            self.feedback.value = ""
            return
        right = self.choice.value == self.answer
        answer = dict((v, k) for k, v in self._choices(lang))[self.answer]
        colour = _colour("met" if right else "not_met")
        self.feedback.value = (
            f"<p style='border-left:4px solid {colour};padding-left:6px'>"
            f"<b>{_esc(tr('right' if right else 'wrong', lang))}</b> "
            f"{_esc(tr('court_found', lang, answer=answer))} {_esc(self._why(lang))}</p>"
        )


class Quiz(_Part):
    """Self-check questions generated from the cases; instant, ungraded feedback."""

    def __init__(self, page: Lesson, questions: list[Question]):
        import ipywidgets as w

        super().__init__(page)
        self.questions = questions
        self.title = w.HTML()
        for q in questions:
            q.choice.observe(lambda _c, q=q: q.check(self.lang), "value")
        self.widget = w.VBox([self.title, *(q.widget for q in questions)])
        self.render()

    def render(self) -> None:
        self.title.value = f"<h3>{_esc(tr('quiz', self.lang))}</h3>"
        for q in self.questions:
            q.render(self.lang)


def test_questions(cb: Casebook, test: BoundTest, limit: int = 6) -> list[Question]:
    """For each case under the test: the element that decided it, then the outcome."""
    out: list[Question] = []
    pairs = list(cb.issues_for(test.id))
    for case, issue in pairs:
        element = _telling_element(test, issue)
        if element is not None:
            found = issue.findings[element.id]

            def prompt(lang: str, case: Case = case, e: Element = element) -> str:
                return tr("q.element", lang, case=case.short_name(lang), element=e.name(lang))

            def choices(lang: str, e: Element = element) -> list[tuple[str, str]]:
                return [
                    (_finding_label(e, Finding(v), lang), v)
                    for v in ("met", "not_met", "not_decided")
                ]

            def why(lang: str, case: Case = case, reason: Any = found.reason) -> str:
                return f"{tr('see', lang, case=case.short_name(lang))}{_colon(lang)}{reason(lang)}"

            out.append(Question(prompt, choices, found.finding.value, why))

        def o_prompt(lang: str, case: Case = case, issue: Issue = issue) -> str:
            return tr(
                "q.outcome",
                lang,
                case=case.short_name(lang),
                party=case.party(issue.party).name(lang),
            )

        def o_choices(lang: str) -> list[tuple[str, str]]:
            return [(test.outcome_labels[k](lang), k) for k in ("true", "false")]

        def o_why(lang: str, case: Case = case, issue: Issue = issue) -> str:
            return (
                f"{tr('see', lang, case=case.short_name(lang))}{_colon(lang)}{issue.holding(lang)}"
            )

        out.append(Question(o_prompt, o_choices, "true" if issue.conclusion else "false", o_why))
    return out[:limit]


def _telling_element(test: BoundTest, issue: Issue) -> Element | None:
    """The element worth asking about: the one that defeated the claim, else a judgment call."""
    elements = [e for e in test.elements if e.id in issue.findings]
    if not elements:
        return None
    if not issue.conclusion:
        for e in elements:
            f = issue.findings[e.id].finding
            if (e.role is ElementRole.exception and f is Finding.met) or (
                e.role is not ElementRole.exception and f is Finding.not_met
            ):
                return e
    if test.combination is Combination.weighed:
        return next((e for e in elements if e.role is ElementRole.factor), elements[0])
    return next((e for e in elements if e.judgment), elements[0])


def remedy_questions(cb: Casebook) -> list[Question]:
    """For each case with orders: were the sums reported? The feedback lists what was ordered."""
    from .plots import _money

    out = []
    for case in cb.cases:
        if not case.remedies:
            continue
        has_sum = any(r.sum is not None for r in case.remedies)

        def prompt(lang: str, case: Case = case) -> str:
            return tr("q.sum", lang, case=case.short_name(lang))

        def choices(lang: str) -> list[tuple[str, str]]:
            return [(tr("yes", lang), "yes"), (tr("no", lang), "no")]

        def why(lang: str, case: Case = case) -> str:
            orders = "; ".join(
                f"{r.description(lang)} ({_money(r.sum, lang)})" for r in case.remedies
            )
            return f"{tr('see', lang, case=case.short_name(lang))}{_colon(lang)}{orders}"

        out.append(Question(prompt, choices, "yes" if has_sum else "no", why))
    return out


class Html(_Part):
    """Any text block drawn from a function of the language."""

    def __init__(self, page: Lesson, draw: Callable[[str], str]):
        import ipywidgets as w

        super().__init__(page)
        self.draw = draw
        self.widget = self.html = w.HTML()
        self.render()

    def render(self) -> None:
        self.html.value = self.draw(self.lang)


class FigurePart(_Part):
    """A matplotlib figure shown as an image and re-drawn in the page's language."""

    def __init__(self, page: Lesson, name: str, *args: Any):
        import ipywidgets as w

        from .plots import FIGURES

        super().__init__(page)
        self.draw = FIGURES[name]
        self.args = args
        self.widget = self.image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.render()

    def render(self) -> None:
        from .plots import to_png

        self.image.value = to_png(self.draw(self.page.cb, *self.args, lang=self.lang))


class Lesson:
    """One lesson page: a language switch and the parts it re-draws.

    `Lesson(cb, "portrait")` covers the tests whose `cluster` is "portrait"; every part
    (rule, checklist, cases, apply, distinguish, quiz, figure) takes a test id and
    defaults to the cluster's first test.
    """

    def __init__(self, cb: Casebook, cluster: str | None = None, lang: str = "en"):
        import ipywidgets as w

        self.cb = cb
        self.cluster = cluster
        self._parts: list[_Part] = []
        self.language = w.ToggleButtons(
            options=list(LANGS), value=lang, description=tr("language", lang)
        )
        self.language.add_class("casebook-language")
        self.language.observe(self._switch, "value")

    @property
    def lang(self) -> str:
        return self.language.value

    @property
    def tests(self) -> list[BoundTest]:
        return [t for t in self.cb.tests if self.cluster is None or t.cluster == self.cluster]

    def _test(self, test_id: str | None) -> BoundTest:
        if test_id is not None:
            return self.cb.test(test_id)
        if not self.tests:
            from .exceptions import CasebookError

            raise CasebookError(f"No legal test has cluster {self.cluster!r}.")
        return self.tests[0]

    def _switch(self, change: dict[str, Any]) -> None:
        self.language.description = tr("language", change["new"])
        for part in self._parts:
            part.render()

    # -- the parts, one call each from a notebook cell

    def switch(self) -> Shown:
        """The English / 中文 switch: every part of this page follows it."""
        return Shown(self.language, "<language switch: English / 中文>")

    def title(self) -> Html:
        """The lesson's heading and the tests it covers."""

        def draw(lang: str) -> str:
            names = "".join(f"<li>{_esc(t.name(lang))}</li>" for t in self.tests)
            head = label(CLUSTERS, self.cluster or "", lang) if self.cluster else ""
            return f"<h2>{_esc(head)}</h2><ul>{names}</ul>" if self.cluster else ""

        return Html(self, draw)

    def rule(self, test_id: str | None = None) -> Rule:
        return Rule(self, self._test(test_id))

    def checklist(self, test_id: str | None = None) -> Checklist:
        return Checklist(self, self._test(test_id))

    def cases(self, test_id: str | None = None) -> FindingsTable:
        return FindingsTable(self, self._test(test_id))

    def apply(self, test_id: str | None = None) -> ApplyTest:
        return ApplyTest(self, self._test(test_id))

    def distinguish(
        self,
        case_a: str,
        case_b: str,
        test_id: str | None = None,
        note: dict[str, str] | str | None = None,
    ) -> Distinguish:
        """Two cases side by side: ids, or "case-id/issue-id" or "case-id/test-id".

        `note` is a key of casebook.i18n.NOTES or an {"en": ..., "zh": ...} dict.
        """
        return Distinguish(self, case_a, case_b, test_id, note)

    def quiz(self, test_id: str | None = None, limit: int = 6) -> Quiz:
        return Quiz(self, test_questions(self.cb, self._test(test_id), limit))

    def remedies_quiz(self) -> Quiz:
        return Quiz(self, remedy_questions(self.cb))

    def figure(self, name: str, *args: Any) -> FigurePart:
        """A figure by name: timeline, rights, roles, remedies, or findings with a test id."""
        if name == "findings" and not args:
            args = (self._test(None).id,)
        return FigurePart(self, name, *args)

    def walkthrough(self, test_id: str) -> Any:
        """A whole test in tabs (rule, elements, cases, apply, check): for the shorter tests."""
        import ipywidgets as w

        parts = [
            self.rule(test_id),
            self.checklist(test_id),
            self.cases(test_id),
            self.apply(test_id),
            self.quiz(test_id, limit=4),
        ]
        keys = ["rule", "elements", "precedents", "apply", "quiz"]
        tab = w.Tab(children=[p.widget for p in parts])

        def titles(lang: str) -> str:
            tab.titles = tuple(tr(k, lang) for k in keys)
            return ""

        marker = Html(self, titles)
        self.last_walkthrough = parts
        return Shown(w.VBox([tab, marker.widget]), f"<walk-through: {test_id}>")

    def frame(self, which: str = "cases") -> Html:
        """A pandas table (cases or remedies) as HTML, in the page's language."""
        from .plots import case_frame, remedies_frame

        build = {"cases": case_frame, "remedies": remedies_frame}[which]
        heading = {"cases": "all_cases", "remedies": "remedies"}[which]

        def draw(lang: str) -> str:
            df = build(self.cb, lang)
            return f"<h3>{_esc(tr(heading, lang))}</h3>" + df.to_html(index=False, escape=True)

        return Html(self, draw)

    def case_cards(self, case_ids: list[str]) -> Html:
        """Short cards for some cases: court, date, facts and why each matters."""

        def draw(lang: str) -> str:
            cards = []
            for cid in case_ids:
                c = self.cb.case(cid)
                sig = "".join(f"<li>{_esc(s(lang))}</li>" for s in c.significance)
                facts = " ".join(_esc(f(lang)) for f in c.facts)
                cards.append(
                    f"<div style='border:1px solid #ccc;padding:6px;margin:4px 0'>"
                    f"<b>{_esc(c.short_name(lang))}</b> – {_esc(c.court(lang))}; "
                    f"{_esc(c.date_of(lang))}<p>{facts}</p>"
                    + (f"<b>{_esc(tr('significance', lang))}</b><ul>{sig}</ul>" if sig else "")
                    + f"<small>{_lbl('sources', lang)} "
                    + _esc("; ".join(s.publication for s in c.sources))
                    + "</small></div>"
                )
            return f"<h3>{_esc(tr('related', lang))}</h3>" + "".join(cards)

        return Html(self, draw)


def lesson(
    cluster: str | None = None, lang: str | None = None, cb: Casebook | None = None
) -> Lesson:
    """A lesson page for one cluster of legal tests (None for the course map).

    Loads the bundled casebook unless `cb` is given (e.g. one with an instructor's cases).
    The page opens in `lang`, else in the course language (`CASEBOOK_LANG` or a
    `casebook-language.txt` file, see casebook.settings), so a whole class can be switched
    to Chinese at once.
    """
    if lang is None:
        from .settings import course_language

        lang = course_language()
    if cb is None:
        from .library import load

        cb = load()
    return Lesson(cb, cluster, lang)
