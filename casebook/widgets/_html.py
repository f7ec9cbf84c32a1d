"""HTML helpers shared by the lesson parts, and the static rendering of any widget."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from ..i18n import FINDING, label, tr, zh, zh_punct_html
from ..models import ElementRole, Finding

if TYPE_CHECKING:
    from ..models import Case, Element, Issue

# A widget may carry its own static rendering under this attribute (a callable returning
# HTML): a quiz folds its answers into a <details> that works without JavaScript.
STATIC = "_casebook_static"


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
    from ..plots import COLOURS

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

    custom = getattr(widget, STATIC, None)
    if custom is not None:
        return custom()
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
        # The widget does not know its page's language: its labels tell (zh_punct leaves
        # English alone), so Chinese options get full-width brackets.
        return zh_punct_html(
            f"<p>{desc}{_esc(chosen)} <small>({_esc(' / '.join(labels))})</small></p>"
            if isinstance(widget, w.Dropdown)
            else f"<p>{desc}{_esc(' / '.join(labels))}</p>"
        )
    if isinstance(widget, w.Checkbox):
        return zh_punct_html(f"<p>{'☑' if widget.value else '☐'} {_esc(widget.description)}</p>")
    return ""


class Shown:
    """Wraps a plain widget so it displays like a lesson part."""

    def __init__(self, widget: Any, text: str):
        self.widget = widget
        self.text = text

    def _ipython_display_(self) -> None:
        _show(self.widget, self.text)


def _zh(markup: str, lang: str) -> str:
    """A part's HTML with full-width punctuation wherever it touches Chinese."""
    return zh(markup, lang, html=True)
