"""Applies a legal test element by element and explains the result with the precedents."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .exceptions import AnswerError
from .models import NOT_REPORTED, Combination, Element, ElementRole, Finding, LegalTest

if TYPE_CHECKING:
    from .library import Casebook
    from .models import Case, Issue

__all__ = ["Analysis", "BoundTest", "ElementExplanation", "Explanation", "Precedent", "combine"]

LABELS = {
    "en": {True: "met", False: "not met", None: "not decided"},
    "zh": {True: "满足", False: "不满足", None: "未定"},
}
FACTOR_LABELS = {
    "en": {True: "weighs towards", False: "weighs against", None: "not weighed"},
    "zh": {True: "支持", False: "不支持", None: "未权衡"},
}


def combine(test: LegalTest, values: Mapping[str, bool | None]) -> bool | None:
    """The outcome the element values give, or None while judgment is still needed.

    An exception (a lawful excuse such as the fair-use list of Civil Code art. 1020)
    defeats the claim only once it is shown: courts treat it as the defence's to raise,
    so an exception left undecided does not hold the outcome open. A weighed test's
    outcome is the overall judgment the user records; the factors never add up to it.
    """
    if test.combination is Combination.weighed:
        balance = next(e for e in test.elements if e.role is ElementRole.balance)
        return values.get(balance.id)
    exceptions = [values.get(e.id) for e in test.elements if e.role is ElementRole.exception]
    if any(v is True for v in exceptions):
        return False
    if test.combination is Combination.all:
        required = [values.get(e.id) for e in test.elements if e.role is ElementRole.required]
        if any(v is False for v in required):
            return False
        return True if all(v is True for v in required) else None
    alternatives = [values.get(e.id) for e in test.elements if e.role is ElementRole.alternative]
    if any(v is True for v in alternatives):
        return True
    return False if all(v is False for v in alternatives) else None


def _label(test: LegalTest, outcome: bool, lang: str) -> str:
    return test.outcome_labels["true" if outcome else "false"](lang)


@dataclass(frozen=True)
class Precedent:
    """One court's finding on one element, as a reference for a new set of facts."""

    case: Case
    issue: Issue
    finding: Finding
    reason: Any  # models.Text

    def cite(self, lang: str = "en") -> str:
        return self.case.short_name(lang)


@dataclass
class ElementExplanation:
    """The explanation of one element: the value given, its law, and the precedents."""

    element: Element
    value: bool | None
    statutes: list[str]
    same: list[Precedent]
    different: list[Precedent]


@dataclass
class Explanation:
    """A readable account of an analysis, in one language; prints as text, shows as HTML."""

    lang: str
    headline: str
    elements: list[ElementExplanation]
    lines: list[str] = field(default_factory=list)
    casebook: Casebook | None = None

    def __str__(self) -> str:
        return "\n".join(self.lines)

    def _repr_markdown_(self) -> str:
        return "\n\n".join(self.lines)

    def _repr_html_(self) -> str:
        head, *rest = self.lines
        items = "".join(f"<li>{html.escape(line)}</li>" for line in rest)
        return (
            f"<div class='casebook-explanation'><p><b>{html.escape(head)}</b></p>"
            f"<ul>{items}</ul></div>"
        )


class Analysis:
    """The result of applying one legal test to element values."""

    def __init__(self, test: LegalTest, values: dict[str, bool | None], casebook: Casebook):
        self.test = test
        self.values = values
        self.casebook = casebook
        self.outcome: bool | None = combine(test, values)

    @property
    def pending(self) -> list[Element]:
        """Elements that still need a judgment before the test can be decided."""
        if self.outcome is not None:
            return []
        wanted = {ElementRole.required, ElementRole.alternative, ElementRole.balance}
        return [e for e in self.test.elements if e.role in wanted and self.values.get(e.id) is None]

    def outcome_label(self, lang: str = "en") -> str:
        if self.outcome is None:
            return "judgment still needed" if lang != "zh" else "仍需判断"
        return self.test.outcome_labels["true" if self.outcome else "false"](lang)

    def precedents(self, element_id: str) -> list[Precedent]:
        """Every recorded court finding on this element, across all cases."""
        out = []
        for case, issue in self.casebook.issues_for(self.test.id):
            found = issue.findings.get(element_id)
            if found is not None:
                out.append(Precedent(case, issue, found.finding, found.reason))
        return out

    def closest(self, n: int = 3) -> list[tuple[Case, Issue, int]]:
        """Issues decided under this test, nearest first, with their net element agreement.

        Precedents that reached the same outcome come first (they are the ones a lawyer
        would cite), then those with more element findings agreeing than disagreeing.
        """
        scored = []
        for case, issue in self.casebook.issues_for(self.test.id):
            net = 0
            for eid, f in issue.findings.items():
                mine, theirs = self.values.get(eid), f.finding.value_bool
                if mine is not None and theirs is not None:
                    net += 1 if mine == theirs else -1
            same = self.outcome is not None and issue.conclusion == self.outcome
            scored.append((not same, -net, case.id, issue.id, case, issue, net))
        scored.sort(key=lambda t: t[:4])
        return [(case, issue, net) for *_, case, issue, net in scored[:n]]

    def explain(self, lang: str = "en") -> Explanation:
        """Per element: the value, the statute, and precedents that found it the same way."""
        zh = lang == "zh"
        test = self.test
        headline = (
            f"{test.name(lang)}：{self.outcome_label(lang)}"
            if zh
            else f"{test.name(lang)}: {self.outcome_label(lang)}"
        )
        lines = [headline]
        elements = []
        for e in test.elements:
            value = self.values.get(e.id)
            precedents = self.precedents(e.id)
            same = [p for p in precedents if p.finding.value_bool == value and value is not None]
            # A court that left the element undecided neither agrees nor found otherwise.
            different = [
                p
                for p in precedents
                if value is not None
                and p.finding.value_bool is not None
                and p.finding.value_bool != value
            ]
            # Law that took effect after the cases were decided is never cited as applied law.
            statutes = [s for s in e.statutes if s not in test.later_law]
            elements.append(ElementExplanation(e, value, statutes, same, different))
            labels = FACTOR_LABELS if e.role is ElementRole.factor else LABELS
            line = f"{e.name(lang)}: {labels[lang if zh else 'en'][value]}"
            if statutes:
                cites = "; ".join(self.casebook.cite(s, lang) for s in statutes)
                line += f" [{cites}]"
            if value is None and e.role is not ElementRole.exception:
                line += (" 需要判断：" if zh else " Needs your judgment: ") + e.guidance(lang)
            elif value is None:
                line += (
                    " 未主张例外，视为不适用。"
                    if zh
                    else " No exception shown, so none is applied."
                )
            if same:
                joined = "; ".join(f"{p.cite(lang)} ({p.reason(lang)})" for p in same)
                line += (" 相同认定的判例：" if zh else " Courts that found the same: ") + joined
            if different:
                joined = "; ".join(f"{p.cite(lang)} ({p.reason(lang)})" for p in different)
                line += (
                    " 作出不同认定的判例：" if zh else " Courts that found otherwise: "
                ) + joined
            lines.append(line)
        later: dict[str, list[str]] = {}
        for aid in test.later_law:
            when = self.casebook.statute_of(aid).effective or NOT_REPORTED[lang if zh else "en"]
            later.setdefault(when, []).append(self.casebook.cite(aid, lang))
        for when, cites in later.items():
            lines.append(
                f"后来施行的规定（{when}起施行）：" + "；".join(cites)
                if zh
                else f"Later law (in force from {when}): " + "; ".join(cites)
            )
        if test.combination is Combination.weighed:
            lines.append(
                "这是多因素权衡的标准：结论取决于整体判断，而不是因素计数。"
                if zh
                else "This test weighs factors: the outcome is the overall judgment, "
                "not a count of the factors."
            )
        if self.pending:
            names = ", ".join(e.name(lang) for e in self.pending)
            lines.append(("仍需判断的要件：" if zh else "Still to decide: ") + names)
        closest = self.closest()
        if closest:
            lines.append(
                ("最接近的判例：" if zh else "Closest precedents: ")
                + "; ".join(
                    f"{c.short_name(lang)} ({_label(test, i.conclusion, lang)})"
                    for c, i, _ in closest
                )
            )
        return Explanation(lang, headline, elements, lines, self.casebook)


class BoundTest:
    """A legal test joined to the casebook, so it can be evaluated against the precedents."""

    def __init__(self, model: LegalTest, casebook: Casebook):
        self.model = model
        self.casebook = casebook

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)

    def __repr__(self) -> str:
        return f"<legal test {self.model.id!r}: {self.model.name.en}>"

    def evaluate(self, values: Mapping[str, Any] | None = None, **kwargs: Any) -> Analysis:
        """Apply the test to element values: True (met), False (not met) or None (undecided).

        Raises AnswerError with a plain-language message for an unknown element id or a
        value that is not True, False or None.
        """
        given = dict(values or {}, **kwargs)
        if not isinstance(values, Mapping | None):
            raise AnswerError(
                f"evaluate() needs a dictionary of element values, like "
                f"{{'{self.model.elements[0].id}': True}}; got {type(values).__name__}."
            )
        ids = [e.id for e in self.model.elements]
        clean: dict[str, bool | None] = {}
        for key, value in given.items():
            if key not in ids:
                from difflib import get_close_matches

                hint = get_close_matches(str(key), ids, n=1)
                tip = f" Did you mean '{hint[0]}'?" if hint else ""
                raise AnswerError(
                    f"'{key}' is not an element of the {self.model.name.en} test.{tip} "
                    f"The elements are: {', '.join(ids)}."
                )
            if value is not None and not isinstance(value, bool):
                raise AnswerError(
                    f"The value for '{key}' must be True, False or None, not {value!r}."
                )
            clean[key] = value
        return Analysis(self.model, clean, self.casebook)
