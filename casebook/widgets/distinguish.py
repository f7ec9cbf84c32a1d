"""The distinguish part: two cases side by side, the deciding elements highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import tr
from ..models import Finding
from ._html import _esc, _finding_badge, _lbl, _outcome_badge, _zh
from ._part import _HtmlPart
from .findings import issue_detail

if TYPE_CHECKING:
    from ..analysis import BoundTest
    from ..models import Case, Issue
    from .page import Lesson


class Distinguish(_HtmlPart):
    """Two cases side by side under one test, the elements decided differently highlighted."""

    def __init__(
        self,
        page: Lesson,
        case_a: str,
        case_b: str,
        test_id: str | None = None,
        note: dict[str, str] | str | None = None,
    ):
        super().__init__(page)
        cb = page.cb
        # "case-id" or "case-id/issue-id": the second form compares two parties of one case,
        # or one case's facts under two different tests.
        ids = (case_a, case_b)
        self.cases = tuple(cb.case(x.split("/")[0]) for x in ids)
        self._picked = [x.split("/", 1)[1] if "/" in x else None for x in ids]
        self.test: BoundTest | None
        if all(self._picked):
            self.issues = (self._pick(0), self._pick(1))
            same = self.issues[0].test == self.issues[1].test
            self.test = cb.test(self.issues[0].test) if same else None
        else:
            tests_a = [self._issue(0, i.test).test for i in self.cases[0].issues]
            shared = [t for t in tests_a if any(j.test == t for j in self.cases[1].issues)]
            if test_id is None:
                if not shared:
                    from ..exceptions import CasebookError

                    raise CasebookError(f"{case_a} and {case_b} share no legal test to compare.")
                # Prefer the test the two courts answered differently: that is the lesson.
                differs = [
                    t
                    for t in shared
                    if self._issue(0, t).conclusion != self._issue(1, t).conclusion
                ]
                test_id = (differs or shared)[0]
            self.test = cb.test(test_id)
            self.issues = (self._issue(0, test_id), self._issue(1, test_id))
        if isinstance(note, str):
            from ..i18n import NOTES

            note = NOTES[note]
        self.note = note
        self.render()

    def _issue(self, n: int, test_id: str) -> Issue:
        if self._picked[n]:
            return self._pick(n)
        return next(i for i in self.cases[n].issues if i.test == test_id)

    def _pick(self, n: int) -> Issue:
        """The issue named after the slash: an issue id, or a test id the case applied."""
        case, key = self.cases[n], self._picked[n]
        for i in case.issues:
            if i.id == key:
                return i
        for i in case.issues:
            if i.test == key:
                return i
        return case.issue(key)  # raises UnknownIdError listing the issue ids

    @property
    def deciding(self) -> list[str]:
        """Ids of the elements the two courts decided differently."""
        a, b = self.issues
        out: list[str] = []
        if self.test is None:
            return out
        for e in self.test.elements:
            fa, fb = a.findings.get(e.id), b.findings.get(e.id)
            # Only opposite decisions distinguish; "not decided" on one side is silence.
            decided = {Finding.met, Finding.not_met}
            if fa and fb and {fa.finding, fb.finding} == decided:
                out.append(e.id)
        return out

    def render(self) -> None:
        lang, test = self.lang, self.test
        deciding = self.deciding
        td = "padding:6px;vertical-align:top;width:45%"
        cb = self.page.cb

        def facts(case: Case) -> str:
            return "".join(f"<p>{_esc(f(lang))}</p>" for f in case.facts)

        def head(case: Case, issue: Issue) -> str:
            name = _esc(case.short_name(lang))
            party = _esc(case.party(issue.party).name(lang))
            extra = _esc(cb.test(issue.test).name(lang)) if test is None else party
            return f"{name}<br><small>{extra}</small>"

        pairs = list(zip(self.cases, self.issues, strict=True))
        rows = [
            "<tr><th></th>"
            + "".join(f"<th style='{td}'>{head(c, i)}</th>" for c, i in pairs)
            + "</tr>",
            f"<tr><th>{_esc(tr('court', lang))}</th>"
            + "".join(
                f"<td style='{td}'>{_esc(c.court(lang))}; {_esc(c.date_of(lang))}</td>"
                for c in self.cases
            )
            + "</tr>",
        ]
        if self.cases[0].id != self.cases[1].id:
            rows.append(
                f"<tr><th>{_esc(tr('facts', lang))}</th>"
                + "".join(f"<td style='{td}'>{facts(c)}</td>" for c in self.cases)
                + "</tr>"
            )
        else:
            rows.append(
                f"<tr><th>{_esc(tr('facts', lang))}</th>"
                f"<td colspan='2' style='padding:6px'>{facts(self.cases[0])}</td></tr>"
            )
        if test is None:
            # Two tests on the same facts: each side lists its own elements.
            rows.append(
                f"<tr><th>{_esc(tr('elements', lang))}</th>"
                + "".join(
                    f"<td style='{td}'>{issue_detail(cb, c, i, lang, brief=True)}</td>"
                    for c, i in pairs
                )
                + "</tr>"
            )
        else:
            for e in test.elements:
                hot = e.id in deciding
                style = "background:#FFF3C4;border:2px solid #CCBB44;" if hot else ""
                cells = []
                for i in self.issues:
                    found = i.findings.get(e.id)
                    cells.append(
                        f"<td style='{td};{style}'>"
                        + (
                            _finding_badge(e, found.finding, lang) + f" {_esc(found.reason(lang))}"
                            if found
                            else f"<i>{_esc(tr('not_addressed', lang))}</i>"
                        )
                        + "</td>"
                    )
                flag = f"<br><small>⚑ {_esc(tr('deciding', lang))}</small>" if hot else ""
                rows.append(
                    f"<tr><th style='text-align:left;{style}'>{_esc(e.name(lang))}{flag}</th>"
                    f"{''.join(cells)}</tr>"
                )
        rows.append(
            f"<tr><th>{_esc(tr('outcome', lang))}</th>"
            + "".join(
                f"<td style='{td}'>"
                + _outcome_badge(cb.test(i.test), i.conclusion, lang)
                + f"<br>{_esc(i.holding(lang))}</td>"
                for i in self.issues
            )
            + "</tr>"
        )
        note = ""
        if self.note:
            text = self.note.get(lang, self.note["en"])
            note = f"<p style='background:#FFF3C4;padding:6px'><b>⚑</b> {_esc(text)}</p>"
        names = " / ".join(dict.fromkeys(_esc(c.short_name(lang)) for c in self.cases))
        one_case = self.cases[0].id == self.cases[1].id
        if test is not None:
            key = "same_case_same_test" if one_case else "same_test"
            applied = tr(key, lang, test=test.name(lang))
        elif one_case:
            applied = tr("two_tests", lang)
        else:
            tests = " / ".join(cb.test(i.test).name(lang) for i in self.issues)
            applied = tr("two_cases_two_tests", lang, tests=tests)
        self.html.value = _zh(
            f"<h3>{_lbl('distinguish', lang)} {names}</h3>"
            f"<p>{_esc(applied)}</p>{note}"
            f"<table style='border-collapse:collapse'>{''.join(rows)}</table>",
            lang,
        )
