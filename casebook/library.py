"""The loaded casebook: look up cases, tests and statutes, and tabulate the holdings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .analysis import Analysis, BoundTest
from .exceptions import UnknownIdError
from .loading import Parsed, iter_bundled, iter_paths, load_files, sibling_folders
from .models import Article, Case, Issue, LegalTest, Statute
from .rules import Agreement, CourtVsRule, compare

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Casebook", "load"]


class Casebook:
    """Cases, legal tests and statutes, cross-checked against each other."""

    def __init__(self, cases: list[Case], tests: list[LegalTest], statutes: list[Statute]):
        self._cases = {c.id: c for c in cases}
        self._tests = {t.id: t for t in tests}
        self._statutes = {s.id: s for s in statutes}
        self._articles: dict[str, tuple[Statute, Article]] = {
            a.id: (s, a) for s in statutes for a in s.articles
        }

    @property
    def cases(self) -> list[Case]:
        return list(self._cases.values())

    @property
    def tests(self) -> list[BoundTest]:
        return [BoundTest(t, self) for t in self._tests.values()]

    @property
    def statutes(self) -> list[Statute]:
        return list(self._statutes.values())

    @property
    def articles(self) -> list[Article]:
        return [a for _, a in self._articles.values()]

    def case(self, case_id: str) -> Case:
        """The case with this id, e.g. 'li-v-liu'."""
        try:
            return self._cases[case_id]
        except KeyError:
            raise UnknownIdError("case", case_id, list(self._cases)) from None

    def test(self, test_id: str) -> BoundTest:
        """The legal test with this id, ready to `evaluate`."""
        try:
            return BoundTest(self._tests[test_id], self)
        except KeyError:
            raise UnknownIdError("legal test", test_id, list(self._tests)) from None

    def statute(self, statute_id: str) -> Statute | Article:
        """A whole law by its id ('civil-code') or one article ('civil-code-1019')."""
        if statute_id in self._statutes:
            return self._statutes[statute_id]
        if statute_id in self._articles:
            return self._articles[statute_id][1]
        raise UnknownIdError("statute", statute_id, [*self._statutes, *self._articles])

    def statute_of(self, article_id: str) -> Statute:
        """The law an article belongs to."""
        if article_id not in self._articles:
            raise UnknownIdError("statute article", article_id, list(self._articles))
        return self._articles[article_id][0]

    def cite(self, article_id: str, lang: str = "en") -> str:
        """A short citation: 'Civil Code art. 1019' or '《民法典》第1019条'."""
        statute, article = self._articles[article_id]
        if lang == "zh":
            return f"《{statute.short_name.zh}》第{article.number}条"
        return f"{statute.short_name.en} art. {article.number}"

    def issues_for(self, test_id: str) -> Iterator[tuple[Case, Issue]]:
        """Every (case, issue) decided under one legal test."""
        for case in self._cases.values():
            for issue in case.issues:
                if issue.test == test_id:
                    yield case, issue

    def court_vs_rule(self, case_id: str, issue_id: str) -> CourtVsRule:
        """The court's conclusion on one issue beside what the test's rule gives."""
        issue = self.case(case_id).issue(issue_id)
        return compare(self._tests[issue.test], issue)

    def analyse(self, case_id: str, issue_id: str) -> Analysis:
        """The test applied to one decided issue; `explain()` shows court versus rule."""
        issue = self.case(case_id).issue(issue_id)
        return self.test(issue.test).evaluate_issue(case_id, issue_id)

    def departures(self) -> list[tuple[Case, Issue, CourtVsRule]]:
        """Every issue where the court departs from its test's rule, with the reason."""
        out = []
        for case, issue in self._all_issues():
            cvr = compare(self._tests[issue.test], issue)
            if cvr.departs:
                out.append((case, issue, cvr))
        return out

    def accuracy(self) -> dict[str, dict[str, int]]:
        """Per legal test: how often the rule, from the stated findings alone, reaches the
        court's result (agrees), reaches another (differs), or cannot decide (undecided)."""
        out: dict[str, dict[str, int]] = {}
        for _, issue in self._all_issues():
            cvr = compare(self._tests[issue.test], issue)
            row = out.setdefault(issue.test, {a.value: 0 for a in Agreement} | {"issues": 0})
            row[cvr.agreement.value] += 1
            row["issues"] += 1
        return dict(sorted(out.items()))

    def _all_issues(self) -> Iterator[tuple[Case, Issue]]:
        for case in self._cases.values():
            for issue in case.issues:
                yield case, issue

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        """One row per (case, issue): the party, the test, the court's conclusion and, beside
        it, the rule's result from the stated findings (`rule`), with the implied findings
        added (`rule_with_implied`), how the two compare and any departure reason."""
        import pandas as pd

        rows = []
        for case in self._cases.values():
            for issue in case.issues:
                party = case.party(issue.party)
                test = self._tests[issue.test]
                cvr = compare(test, issue)
                rows.append(
                    {
                        "case_id": case.id,
                        "case": case.short_name(lang),
                        "court": case.court(lang),
                        "issue_id": issue.id,
                        "test_id": test.id,
                        "test": test.name(lang),
                        "cluster": test.cluster,
                        "party": party.name(lang),
                        "side": party.side.value,
                        "roles": ", ".join(r.value for r in party.roles),
                        "conclusion": issue.conclusion,
                        "outcome": test.outcome_labels["true" if issue.conclusion else "false"](
                            lang
                        ),
                        "findings": {k: f.finding.value for k, f in issue.findings.items()},
                        "parties": ", ".join(case.party(p).name(lang) for p in issue.parties),
                        "rule": cvr.rule,
                        "rule_with_implied": cvr.rule_with_implied,
                        "court_vs_rule": cvr.agreement.value,
                        "departs": cvr.departs,
                        "departure": issue.departure(lang) if issue.departure else "",
                        "provenance": {k: f.provenance.value for k, f in issue.findings.items()},
                    }
                )
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return (
            f"<Casebook: {len(self._cases)} cases, {len(self._tests)} legal tests, "
            f"{len(self._articles)} statute articles>"
        )


def load(extra: Iterable[str | Path] | None = None) -> Casebook:
    """Load the bundled casebook, plus an instructor's own YAML files or folders.

    A folder named `cases/` also loads the `tests/` and `statutes/` folders beside it.
    Raises DataError listing every problem (file, field, reason) if anything is wrong;
    `casebook validate PATH` prints the same list from the command line.
    """
    base = load_files(list(iter_bundled()))
    cases = [c for _, c in base.cases]
    tests = [t for _, t in base.tests]
    statutes = [s for _, s in base.statutes]
    if extra:
        extra = [Path(p) for p in extra]
        # A cases/ folder brings the tests/ and statutes/ folders beside it, as in validate.
        files, problems = iter_paths([*extra, *sibling_folders(extra)])
        if problems:
            from .exceptions import DataError

            raise DataError(problems)
        more: Parsed = load_files(files, base=base)
        cases += [c for _, c in more.cases]
        tests += [t for _, t in more.tests]
        statutes += [s for _, s in more.statutes]
    return Casebook(cases, tests, statutes)
