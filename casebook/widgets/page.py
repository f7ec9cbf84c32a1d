"""A lesson page (Lesson) with its language switch and parts, and lesson() to open one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..i18n import CLUSTERS, LANGS, label, tr
from ._html import Shown, _esc, _lbl
from ._part import Html, _Part
from .apply import ApplyTest
from .checklist import Checklist
from .distinguish import Distinguish
from .figure import FigurePart
from .findings import FindingsTable
from .quiz import Quiz
from .rule import Rule

if TYPE_CHECKING:
    from pathlib import Path

    from ..analysis import BoundTest
    from ..library import Casebook
    from ..quizzes import LessonQuiz


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
        self._quiz: LessonQuiz | None = None
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
            from ..exceptions import CasebookError

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

    def quiz(self, test_id: str | None = None, path: str | Path | None = None) -> Quiz:
        """The lesson's scenario questions, from casebook/data/quizzes/<lesson>.yaml.

        `test_id` keeps only the questions on that test; `path` reads an instructor's own
        quiz file in the same format instead.
        """
        from ..quizzes import load_quiz

        if path is not None:
            return Quiz(self, load_quiz(self.cluster or "", self.cb, path), test_id)
        if self._quiz is None:
            self._quiz = load_quiz(self.cluster or "", self.cb)
        return Quiz(self, self._quiz, test_id)

    def figure(self, name: str, *args: Any) -> FigurePart:
        """A figure by name: timeline, rights (with a cluster id, one lesson's cases), roles
        or remedies (see casebook.plots.FIGURES)."""
        return FigurePart(self, name, *args)

    def walkthrough(self, test_id: str) -> Any:
        """A whole test in tabs (rule, elements, cases, apply): for the shorter tests."""
        import ipywidgets as w

        parts = [
            self.rule(test_id),
            self.checklist(test_id),
            self.cases(test_id),
            self.apply(test_id),
        ]
        # The lesson's own quiz (page.quiz()) covers every test, so it is not repeated here.
        keys = ["rule", "elements", "precedents", "apply"]
        tab = w.Tab(children=[p.widget for p in parts])

        def titles(lang: str) -> str:
            tab.titles = tuple(tr(k, lang) for k in keys)
            return ""

        marker = Html(self, titles)
        self.last_walkthrough = parts
        return Shown(w.VBox([tab, marker.widget]), f"<walk-through: {test_id}>")

    def frame(self, which: str = "cases") -> Html:
        """A pandas table (cases or remedies) as HTML, in the page's language."""
        from ..plots import case_frame, remedies_frame

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
                    + _esc(("；" if lang == "zh" else "; ").join(s.cite(lang) for s in c.sources))
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
        from ..settings import course_language

        lang = course_language()
    if cb is None:
        from ..library import load

        cb = load()
    return Lesson(cb, cluster, lang)
