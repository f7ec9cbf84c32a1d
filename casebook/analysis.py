"""Applies a legal test element by element and explains the result with the decided cases."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .exceptions import AnswerError
from .i18n import zh_punct
from .models import Combination, Element, ElementRole, Finding, LegalTest, Provenance
from .rules import CourtVsRule, combine, compare, finding_values

if TYPE_CHECKING:
    from .library import Casebook
    from .models import Case, Issue

__all__ = [
    "Analysis",
    "BoundTest",
    "CourtVsRule",
    "ElementExplanation",
    "Explanation",
    "Precedent",
    "combine",
    "compare",
]

LABELS = {
    "en": {True: "met", False: "not met", None: "not decided"},
    "zh": {True: "满足", False: "不满足", None: "未定"},
}
FACTOR_LABELS = {
    "en": {True: "weighs towards", False: "weighs against", None: "not weighed"},
    "zh": {True: "支持", False: "不支持", None: "未权衡"},
}


PROVENANCE_LABELS = {
    "en": {
        Provenance.stated: "stated in the source",
        Provenance.implied: "implied by the holding, not evidence",
        Provenance.not_proven: "not proven",
        Provenance.not_reached: "not reached by the court",
        Provenance.not_applicable: "not applicable",
    },
    "zh": {
        Provenance.stated: "来源载明",
        Provenance.implied: "由结论推知，不作为证据",
        Provenance.not_proven: "未获证明",
        Provenance.not_reached: "法院未作认定",
        Provenance.not_applicable: "不适用",
    },
}


def _label(test: LegalTest, outcome: bool, lang: str) -> str:
    return test.outcome_labels["true" if outcome else "false"](lang)


@dataclass(frozen=True)
class Precedent:
    """One court's finding on one element, as a reference for a new set of facts."""

    case: Case
    issue: Issue
    finding: Finding
    reason: Any  # models.Text
    provenance: Provenance = Provenance.stated

    def cite(self, lang: str = "en") -> str:
        """The case's short name, marked where the finding is only implied by the holding."""
        name = self.case.short_name(lang)
        if self.provenance is Provenance.implied:
            name += "（由结论推知）" if lang == "zh" else " (implied by the holding)"
        elif self.provenance is Provenance.not_proven:
            name += "（未获证明）" if lang == "zh" else " (not proven)"
        return name


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

    def __init__(
        self,
        test: LegalTest,
        values: dict[str, bool | None],
        casebook: Casebook,
        case: Case | None = None,
        issue: Issue | None = None,
        not_applicable: frozenset[str] = frozenset(),
    ):
        self.test = test
        self.values = values
        self.casebook = casebook
        self.case = case
        self.issue = issue
        self.not_applicable = not_applicable
        self.outcome: bool | None = combine(test, values, not_applicable)

    @property
    def court_vs_rule(self) -> CourtVsRule | None:
        """For an analysis of a decided issue: the court's conclusion beside the rule's."""
        return compare(self.test, self.issue) if self.issue is not None else None

    @property
    def pending(self) -> list[Element]:
        """Elements that still need a judgment before the test can be decided."""
        if self.outcome is not None:
            return []
        wanted = {ElementRole.required, ElementRole.alternative, ElementRole.balance}
        values = self.values
        if self.issue is not None:  # on a decided issue, only the evidence counts
            values = finding_values(self.issue, evidence_only=True)[0]
        return [
            e
            for e in self.test.elements
            if e.role in wanted and values.get(e.id) is None and e.id not in self.not_applicable
        ]

    def outcome_label(self, lang: str = "en") -> str:
        if self.outcome is None:
            return "judgment still needed" if lang != "zh" else "仍需判断"
        return self.test.outcome_labels["true" if self.outcome else "false"](lang)

    def precedents(self, element_id: str) -> list[Precedent]:
        """Every recorded court finding on this element, across all cases."""
        out = []
        for case, issue in self.casebook.issues_for(self.test.id):
            if issue is self.issue:  # an issue is no precedent for itself
                continue
            found = issue.findings.get(element_id)
            if found is not None:
                out.append(Precedent(case, issue, found.finding, found.reason, found.provenance))
        return out

    def closest(self, n: int = 3) -> list[tuple[Case, Issue, int]]:
        """Issues decided under this test, nearest first, with their net element agreement.

        Precedents that reached the same outcome come first (they are the ones a lawyer
        would cite), then those with more element findings agreeing than disagreeing.
        """
        scored = []
        for case, issue in self.casebook.issues_for(self.test.id):
            if issue is self.issue:
                continue
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
        lines.extend(self._court_vs_rule_lines(lang))
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
            label = labels[lang if zh else "en"][value]
            if e.id in self.not_applicable:
                label = "不适用" if zh else "not applicable"
            elif self.issue is not None and e.id in self.issue.findings:
                prov = self.issue.findings[e.id].provenance
                if prov is not Provenance.stated:
                    label += f" ({PROVENANCE_LABELS[lang if zh else 'en'][prov]})"
            line = f"{e.name(lang)}: {label}"
            if statutes:
                cites = "; ".join(self.casebook.cite(s, lang) for s in statutes)
                line += f" [{cites}]"
            if e.id in self.not_applicable:
                pass
            elif value is None and e.role is not ElementRole.exception:
                line += (" 需综合判断：" if zh else " Needs your judgment: ") + e.guidance(lang)
            elif value is None:
                line += (
                    " 未主张例外，视为不适用。"
                    if zh
                    else " No exception shown, so none is applied."
                )
            if same:
                joined = "; ".join(f"{p.cite(lang)} ({p.reason(lang)})" for p in same)
                same_label = " 作出相同认定的案例：" if zh else " Courts that found the same: "
                line += same_label + joined
            if different:
                joined = "; ".join(f"{p.cite(lang)} ({p.reason(lang)})" for p in different)
                line += (
                    " 作出不同认定的案例：" if zh else " Courts that found otherwise: "
                ) + joined
            lines.append(line)
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
        lines.extend(self._law_lines(lang))
        closest = self.closest()
        if closest:
            departs = "，法院偏离规则" if zh else ", the court departs from the rule"
            lines.append(
                ("最相近的案例：" if zh else "Closest cases: ")
                + "; ".join(
                    f"{c.short_name(lang)} ({_label(test, i.conclusion, lang)}"
                    f"{departs if compare(test, i).departs else ''})"
                    for c, i, _ in closest
                )
            )
        if zh:
            lines = [zh_punct(line) for line in lines]
        return Explanation(lang, headline, elements, lines, self.casebook)

    def _court_vs_rule_lines(self, lang: str) -> list[str]:
        """For a decided issue: what the court concluded beside what the rule gives."""
        cvr = self.court_vs_rule
        if cvr is None:
            return []
        zh = lang == "zh"

        def lab(v: bool | None) -> str:
            if v is None:
                return "仍需判断" if zh else "undecided"
            return _label(self.test, v, lang)

        if zh:
            line = (
                f"法院：{lab(cvr.court)}；规则（仅依来源载明的认定）：{lab(cvr.rule)}"
                f"；规则（加上由结论推知的认定）：{lab(cvr.rule_with_implied)}"
            )
        else:
            line = (
                f"Court: {lab(cvr.court)}. Rule on the stated findings alone: {lab(cvr.rule)}. "
                f"Rule with the findings implied by the holding: {lab(cvr.rule_with_implied)}."
            )
        out = [line]
        if cvr.departs:
            reason = cvr.departure(lang) if cvr.departure is not None else ""
            out.append(
                f"法院偏离了该标准的规则：{reason}"
                if zh
                else f"The court departs from the test's rule: {reason}"
            )
        return out

    def _law_lines(self, lang: str) -> list[str]:
        """The law applied, later law with the date it took effect, and other authority."""
        zh = lang == "zh"
        cb, test = self.casebook, self.test
        out = []
        applied = getattr(test, "statutes", [])
        if applied:
            out.append(
                ("适用的法律：" if zh else "Law applied: ")
                + "; ".join(cb.cite(a, lang) for a in applied)
            )
        later = getattr(test, "later_law", [])
        by_date: dict[str, list[str]] = {}
        for a in later:
            effective = cb.statute_of(a).effective or ("未报道" if zh else "not reported")
            by_date.setdefault(effective, []).append(cb.cite(a, lang))
        for date, cites in by_date.items():
            out.append(
                (
                    f"后来的法律（{date}起施行，非本案适用的法律）："
                    if zh
                    else f"Later law (in force from {date}; not the law the courts applied): "
                )
                + "; ".join(cites)
            )
        for a in getattr(test, "authorities", []):
            out.append(
                ("其他依据" if zh else "Other authority")
                + f" [{a.jurisdiction}]: {a.citation(lang)}"
            )
        return out


class BoundTest:
    """A legal test joined to the casebook, so it can be evaluated against the precedents."""

    def __init__(self, model: LegalTest, casebook: Casebook):
        self.model = model
        self.casebook = casebook

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)

    def __repr__(self) -> str:
        return f"<legal test {self.model.id!r}: {self.model.name.en}>"

    def __str__(self) -> str:
        return str(self.model)

    def _repr_html_(self) -> str:
        return self.model._repr_html_()

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

    def evaluate_issue(self, case_id: str, issue_id: str) -> Analysis:
        """The test applied to a decided issue's recorded findings, with the court beside it.

        The outcome is the rule's result from the evidence alone (findings implied by the
        holding do not count); `explain()` shows the court's conclusion next to it, and
        the author's reason where the court departs from the rule.
        """
        case = self.casebook.case(case_id)
        issue = case.issue(issue_id)
        if issue.test != self.model.id:
            raise AnswerError(
                f"Issue '{issue_id}' of '{case_id}' was decided under the '{issue.test}' "
                f"test, not '{self.model.id}'."
            )
        values, skip = finding_values(issue, evidence_only=False)
        analysis = Analysis(self.model, values, self.casebook, case, issue, frozenset(skip))
        analysis.outcome = compare(self.model, issue).rule
        return analysis
