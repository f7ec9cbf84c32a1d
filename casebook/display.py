"""Readable cases, legal tests and statutes: short text in a terminal, HTML in a notebook."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from .i18n import tr, zh

if TYPE_CHECKING:
    from .models import Case, LegalTest, Statute

__all__ = [
    "case_html",
    "case_text",
    "legal_test_html",
    "legal_test_text",
    "statute_html",
    "statute_text",
]

_WORDS = {
    "en": {
        "court": "Court",
        "dates": "Dates",
        "parties": "Parties",
        "issues": "Issues",
        "concluded": "court concluded",
        "elements": "Elements",
        "law": "Law applied",
        "later": "Later law",
        "judgment": "needs judgment",
        "effective": "in force from",
        "articles": "Articles",
        "sources": "Sources",
        "true": "yes",
        "false": "no",
    },
    "zh": {
        "court": "法院",
        "dates": "日期",
        "parties": "当事人",
        "issues": "争点",
        "concluded": "法院结论",
        "elements": "要件",
        "law": "适用的法律",
        "later": "后来施行的规定",
        "judgment": "需综合判断",
        "effective": "施行日期",
        "articles": "条文",
        "sources": "来源",
        "true": "是",
        "false": "否",
    },
}


def _w(lang: str, key: str) -> str:
    return _WORDS.get(lang, _WORDS["en"])[key]


def _sep(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _join(items: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def _date(d, lang: str) -> str:
    """A dated step as reported; a note (e.g. a year the source does not print) goes with it."""
    text = f"{d.event(lang)}{_sep(lang)}{d.display(lang)}"
    return f"{text} ({d.note(lang)})" if d.note is not None else text


def _case_lines(case: Case, lang: str) -> list[tuple[str, list[str]]]:
    sections: list[tuple[str, list[str]]] = [
        (_w(lang, "court"), [case.court(lang)]),
        (_w(lang, "dates"), [_date(d, lang) for d in case.dates]),
        (_w(lang, "parties"), [p.name(lang) for p in case.parties]),
    ]
    issues = []
    for i in case.issues:
        issues.append(f"{i.question(lang)} — {i.holding(lang)}")
    sections.append((_w(lang, "issues"), issues))
    sections.append((_w(lang, "sources"), [s.cite(lang) for s in case.sources]))
    return sections


def case_text(case: Case, lang: str = "en") -> str:
    """A screenful: title, court, dates, parties, each issue with the court's holding."""
    out = [case.title(lang)]
    for head, items in _case_lines(case, lang):
        if items:
            out.append(f"{head}{_sep(lang).rstrip()}")
            out.extend(f"  - {x}" for x in items)
    return zh("\n".join(out), lang)


def case_html(case: Case, lang: str = "en") -> str:
    parts = [f"<h3>{html.escape(case.title(lang))}</h3>"]
    for head, items in _case_lines(case, lang):
        if items:
            lis = "".join(f"<li>{html.escape(x)}</li>" for x in items)
            parts.append(f"<p><b>{html.escape(head)}</b></p><ul>{lis}</ul>")
    return zh(f"<div class='casebook-case'>{''.join(parts)}</div>", lang, html=True)


def _element_lines(test: LegalTest, lang: str) -> list[str]:
    out = []
    for e in test.elements:
        mark = f" ({_w(lang, 'judgment')})" if e.judgment else ""
        role = tr(f"role.{e.role.value}", lang) if lang == "zh" else e.role.value
        out.append(f"{e.name(lang)} [{role}]{mark}: {e.question(lang)}")
    return out


def legal_test_text(test: LegalTest, lang: str = "en") -> str:
    """The test's question, its elements (judgment calls marked) and the law it rests on."""
    # The id in backticks: it is code a student types (cb.test("voice")), not prose.
    out = [f"{test.name(lang)} (`{test.id}`)", test.question(lang), f"{_w(lang, 'elements')}:"]
    out.extend(f"  - {x}" for x in _element_lines(test, lang))
    if test.statutes:
        out.append(f"{_w(lang, 'law')}{_sep(lang)}{_join(test.statutes, lang)}")
    if test.later_law:
        out.append(f"{_w(lang, 'later')}{_sep(lang)}{_join(test.later_law, lang)}")
    return zh("\n".join(out), lang)


def legal_test_html(test: LegalTest, lang: str = "en") -> str:
    lis = "".join(f"<li>{html.escape(x)}</li>" for x in _element_lines(test, lang))
    law = ""
    if test.statutes:
        law += (
            f"<p><b>{_w(lang, 'law')}</b>{_sep(lang)}{html.escape(_join(test.statutes, lang))}</p>"
        )
    if test.later_law:
        later = html.escape(_join(test.later_law, lang))
        law += f"<p><b>{_w(lang, 'later')}</b>{_sep(lang)}{later}</p>"
    return zh(
        f"<div class='casebook-test'><h3>{html.escape(test.name(lang))}</h3>"
        f"<p>{html.escape(test.question(lang))}</p><ul>{lis}</ul>{law}</div>",
        lang,
        html=True,
    )


def statute_text(statute: Statute, lang: str = "en") -> str:
    """The law's name, when it took effect, and the articles the casebook uses."""
    out = [statute.name(lang)]
    if statute.effective:
        out.append(f"{_w(lang, 'effective')}{_sep(lang)}{statute.effective}")
    out.append(f"{_w(lang, 'articles')}{_sep(lang).rstrip()}")
    out.extend(f"  - {a.number}: {a.heading(lang)}" for a in statute.articles)
    return zh("\n".join(out), lang)


def statute_html(statute: Statute, lang: str = "en") -> str:
    lis = "".join(
        f"<li><b>{html.escape(a.number)}</b> {html.escape(a.heading(lang))}: "
        f"{html.escape(a.paraphrase(lang))}</li>"
        for a in statute.articles
    )
    eff = (
        f"<p>{_w(lang, 'effective')}{_sep(lang)}{statute.effective}</p>"
        if statute.effective
        else ""
    )
    name = html.escape(statute.name(lang))
    return zh(
        f"<div class='casebook-statute'><h3>{name}</h3>{eff}<ul>{lis}</ul></div>", lang, html=True
    )
