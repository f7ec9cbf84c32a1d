"""The rule that combines element values into a test's outcome, and the court-vs-rule comparison.

This module sits below both the loader (which checks files) and the analysis engine
(which explains results), so neither has to import the other.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from .models import Combination, ElementRole, Issue, LegalTest, Provenance, Rule, Text

__all__ = ["Agreement", "CourtVsRule", "combine", "compare", "finding_values"]


def _group(rule: Rule, values: Mapping[str, bool | None], skip: Collection[str]) -> bool | None:
    """Three-valued all/any over a nested group; elements not applicable are left out."""
    results = []
    for item in rule.items:
        if isinstance(item, str):
            if item in skip:
                continue
            results.append(values.get(item))
        else:
            results.append(_group(item, values, skip))
    if rule.operator == "all":
        if any(v is False for v in results):
            return False
        return True if all(v is True for v in results) else None
    if any(v is True for v in results):
        return True
    return False if all(v is False for v in results) else None


def combine(
    test: LegalTest,
    values: Mapping[str, bool | None],
    not_applicable: Collection[str] = (),
) -> bool | None:
    """The outcome the element values give, or None while judgment is still needed.

    An exception (a lawful excuse such as the fair-use list of Civil Code art. 1020)
    defeats the claim only once it is shown: courts treat it as the defence's to raise,
    so an exception left undecided does not hold the outcome open. A weighed test's
    outcome is the overall judgment the user records; the factors never add up to it.
    Elements in `not_applicable` do not arise on the facts and are left out of the rule.
    """
    skip = set(not_applicable)
    if test.combination is Combination.weighed:
        balance = next(e for e in test.elements if e.role is ElementRole.balance)
        return values.get(balance.id)
    exceptions = [
        values.get(e.id)
        for e in test.elements
        if e.role is ElementRole.exception and e.id not in skip
    ]
    if any(v is True for v in exceptions):
        return False
    if test.combination is Combination.nested and test.rule is not None:
        return _group(test.rule, values, skip)
    if test.combination is Combination.all:
        required = [
            values.get(e.id)
            for e in test.elements
            if e.role is ElementRole.required and e.id not in skip
        ]
        if any(v is False for v in required):
            return False
        return True if all(v is True for v in required) else None
    alternatives = [
        values.get(e.id)
        for e in test.elements
        if e.role is ElementRole.alternative and e.id not in skip
    ]
    if any(v is True for v in alternatives):
        return True
    return False if all(v is False for v in alternatives) else None


def finding_values(
    issue: Issue, evidence_only: bool = True
) -> tuple[dict[str, bool | None], set[str]]:
    """An issue's findings as element values for the rule, and the elements not applicable.

    With evidence_only, a finding implied by the holding counts as undecided: it follows
    from the court's conclusion, so counting it would make the rule agree by construction.
    """
    values = {k: f.value(evidence_only) for k, f in issue.findings.items()}
    skip = {k for k, f in issue.findings.items() if f.provenance is Provenance.not_applicable}
    return values, skip


class Agreement(StrEnum):
    """How the court's conclusion and the test's rule compare on one issue."""

    agrees = "agrees"
    differs = "differs"
    undecided = "undecided"


@dataclass(frozen=True)
class CourtVsRule:
    """The court's conclusion on an issue beside what the test's rule gives from the findings.

    rule: the rule's result from the evidence (stated and not-proven findings only).
    rule_with_implied: the result once findings implied by the holding are added.
    agreement: agrees / differs / undecided, judged on `rule` (the evidence alone).
    departure: the author's reason, where the court departs from the rule.
    """

    test_id: str
    court: bool
    rule: bool | None
    rule_with_implied: bool | None
    departure: Text | None = None
    provenance: dict[str, Provenance] = field(default_factory=dict)

    @property
    def agreement(self) -> Agreement:
        if self.rule is None:
            return Agreement.undecided
        return Agreement.agrees if self.rule == self.court else Agreement.differs

    @property
    def departs(self) -> bool:
        """True when the rule, on all the recorded findings, gives a result the court did not."""
        decided = self.rule_with_implied if self.rule_with_implied is not None else self.rule
        return decided is not None and decided != self.court

    def elements_with(self, provenance: Provenance) -> list[str]:
        return [k for k, p in self.provenance.items() if p is provenance]


def compare(test: LegalTest, issue: Issue) -> CourtVsRule:
    """The court's conclusion on `issue` beside the rule's result from its findings."""
    evidence, skip = finding_values(issue, evidence_only=True)
    everything, _ = finding_values(issue, evidence_only=False)
    return CourtVsRule(
        test_id=test.id,
        court=issue.conclusion,
        rule=combine(test, evidence, skip),
        rule_with_implied=combine(test, everything, skip),
        departure=issue.departure,
        provenance={k: f.provenance for k, f in issue.findings.items()},
    )
