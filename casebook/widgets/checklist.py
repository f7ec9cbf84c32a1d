"""The checklist part: each element's role, question, guidance and deciding facts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import tr
from ._html import _esc, _lbl, _zh
from ._part import _HtmlPart

if TYPE_CHECKING:
    from ..analysis import BoundTest
    from .page import Lesson


class Checklist(_HtmlPart):
    """The elements as a checklist: role, question, guidance and the facts that decide them."""

    def __init__(self, page: Lesson, test: BoundTest):
        super().__init__(page)
        self.test = test
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
        self.html.value = _zh(
            f"<h3>{_lbl('elements', lang)} {_esc(self.test.name(lang))}</h3>"
            f"<ul style='list-style:none;padding-left:0.5em'>{''.join(items)}</ul>",
            lang,
        )
