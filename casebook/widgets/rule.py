"""The rule part: the test's question, the statute paraphrases and how the elements combine."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import tr
from ._html import _colon, _esc, _lbl, _zh
from ._part import _HtmlPart

if TYPE_CHECKING:
    from ..analysis import BoundTest
    from .page import Lesson


class Rule(_HtmlPart):
    """The rule: the test's question, the statute paraphrases and how the elements combine."""

    def __init__(self, page: Lesson, test: BoundTest):
        super().__init__(page)
        self.test = test
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
        self.html.value = _zh(
            f"<h3>{_lbl('rule', lang)} {_esc(t.name(lang))}</h3>"
            f"<p><b>{_lbl('question', lang)}</b> {_esc(t.question(lang))}</p>"
            f"<p><b>{_esc(tr('statutes', lang))}</b></p><ul>{''.join(arts)}</ul>"
            f"<p><b>{_lbl('how_combined', lang)}</b> "
            f"{_esc(tr('combination.' + t.combination.value, lang))}</p>{note}",
            lang,
        )
