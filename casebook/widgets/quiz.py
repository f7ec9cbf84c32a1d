"""The quiz part: scenario questions that apply the law, each option explained after answering."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import tr
from ._html import STATIC, _colon, _colour, _esc, _set_options, _zh
from ._part import _Part

if TYPE_CHECKING:
    from ..library import Casebook
    from ..quizzes import LessonQuiz, QuizQuestion
    from .page import Lesson

LETTERS = "ABCD"


def _letter(n: int, lang: str) -> str:
    """An option's letter as Chinese exam papers write it (A．) or as English ones do (A. )."""
    return f"{LETTERS[n]}．" if lang == "zh" else f"{LETTERS[n]}. "


class Question:
    """New facts, a question and options; once answered, why each option is right or wrong."""

    def __init__(self, cb: Casebook, number: int, data: QuizQuestion):
        import ipywidgets as w

        self.cb, self.number, self.data = cb, number, data
        self.answer = data.answer
        self.prompt = w.HTML()
        self.choice = w.RadioButtons(
            options=self._options("en"), value=None, layout=w.Layout(width="auto")
        )
        self.choice.add_class("casebook-quiz-choice")
        self.feedback = w.HTML()
        self.widget = w.VBox([self.prompt, self.choice, self.feedback])
        self.lang = "en"
        setattr(self.widget, STATIC, self.static)

    def _options(self, lang: str) -> list[tuple[str, int]]:
        return [(_letter(n, lang) + o.text(lang), n) for n, o in enumerate(self.data.options)]

    def _head(self, lang: str) -> str:
        q = self.data
        return (
            f"<p><b>{self.number}.</b> {_esc(q.scenario(lang))}</p>"
            f"<p><b>{_esc(q.question(lang))}</b></p>"
        )

    def render(self, lang: str) -> None:
        self.lang = lang
        self.prompt.value = _zh(self._head(lang), lang)
        _set_options(self.choice, self._options(lang))
        self.check(lang)

    def _reasons(self, lang: str, chosen: int | None) -> str:
        """Every option with its verdict and its reason; the student's pick marked."""
        items = []
        for n, o in enumerate(self.data.options):
            verdict = tr("option_right" if o.correct else "option_wrong", lang)
            mine = f" <i>({_esc(tr('your_answer', lang))})</i>" if n == chosen else ""
            mark = "✓" if o.correct else "✗"
            colour = _colour("met" if o.correct else "not_met")
            items.append(
                f"<li><b style='color:{colour}'>{mark} {LETTERS[n]}</b> "
                f"<b>{_esc(verdict)}</b>{mine}{_colon(lang)}{_esc(o.why(lang))}</li>"
            )
        sep = "、" if lang == "zh" else "; "
        cases = sep.join(self.cb.case(c).short_name(lang) for c in self.data.cases)
        return (
            f"<ul style='list-style:none;padding-left:0.5em'>{''.join(items)}</ul>"
            f"<p><small>{_esc(tr('quiz_cases', lang))}{_colon(lang)}{_esc(cases)}</small></p>"
        )

    def check(self, lang: str) -> None:
        chosen = self.choice.value
        if chosen is None:
            self.feedback.value = ""
            return
        right = chosen == self.answer
        colour = _colour("met" if right else "not_met")
        self.feedback.value = _zh(
            f"<div style='border-left:4px solid {colour};padding-left:6px'>"
            f"<p><b>{_esc(tr('right' if right else 'wrong', lang))}</b></p>"
            f"{self._reasons(lang, chosen)}</div>",
            lang,
        )

    def static(self) -> str:
        """The question and its options; the answer and reasons folded in a <details>."""
        lang = self.lang
        options = "".join(
            f"<li>{_letter(n, lang)}{_esc(o.text(lang))}</li>"
            for n, o in enumerate(self.data.options)
        )
        return _zh(
            f"<div class='casebook-question'>{self._head(lang)}"
            f"<ul style='list-style:none'>{options}</ul>"
            f"<details><summary>{_esc(tr('quiz_reveal', lang))}</summary>"
            f"{self._reasons(lang, None)}</details></div>",
            lang,
        )


class Quiz(_Part):
    """The lesson's scenario questions (casebook/data/quizzes); instant, ungraded feedback."""

    def __init__(self, page: Lesson, quiz: LessonQuiz, test_id: str | None = None):
        import ipywidgets as w

        super().__init__(page)
        picked = [q for q in quiz.questions if test_id is None or q.test == test_id]
        self.questions = [Question(page.cb, n, q) for n, q in enumerate(picked, start=1)]
        self.title = w.HTML()
        for q in self.questions:
            q.choice.observe(lambda _c, q=q: q.check(self.lang), "value")
        self.widget = w.VBox([self.title, *(q.widget for q in self.questions)])
        self.render()

    def render(self) -> None:
        self.title.value = _zh(
            f"<h3>{_esc(tr('quiz', self.lang))}</h3>"
            f"<p><small>{_esc(tr('quiz_help', self.lang))}</small></p>",
            self.lang,
        )
        for q in self.questions:
            q.render(self.lang)
