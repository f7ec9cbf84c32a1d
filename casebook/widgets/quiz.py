"""The quiz part: self-check questions with instant, ungraded feedback."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..i18n import tr
from ..models import Combination, ElementRole, Finding
from ._html import _colon, _colour, _esc, _finding_label, _set_options, _zh
from ._part import _Part

if TYPE_CHECKING:
    from ..analysis import BoundTest
    from ..library import Casebook
    from ..models import Case, Element, Issue
    from .page import Lesson


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
        self.feedback.value = _zh(
            f"<p style='border-left:4px solid {colour};padding-left:6px'>"
            f"<b>{_esc(tr('right' if right else 'wrong', lang))}</b> "
            f"{_esc(tr('court_found', lang, answer=answer))} {_esc(self._why(lang))}</p>",
            lang,
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
    from ..plots import _money

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
