"""Scan the Chinese view (data, labels, renderings, lessons) for English and half-width marks."""

from __future__ import annotations

import ast
import html
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "ALLOWED_WORDS",
    "PROPER_NAMES",
    "TERMS",
    "Offence",
    "scan_all",
    "scan_html",
    "scan_markdown",
    "scan_text",
]

# Latin words that stay Latin in Chinese legal writing: abbreviations Chinese readers use as
# they are, product and place names the sources give in Latin letters, and a surname the
# sources give only in pinyin ("Lou", whose Chinese character no source prints).
ALLOWED_WORDS = frozenset(
    {
        "AI",
        "AIGC",
        "App",
        "APP",
        "app",
        "URL",
        "API",
        "IT",
        "ID",
        "IP",
        "PDF",
        "PNG",
        "HTML",
        "Python",
        "Jupyter",
        "English",  # the language switch names each language in its own script
        *"ABCD",  # quiz option letters, as Chinese exam papers print them (A．)
        "None",  # Python values a student types in an answer cell
        "True",
        "False",
    }
)
# Names with no Chinese form in the sources: a product, and people the sources name only
# in pinyin (the Chinese characters are never printed, so none is guessed here).
PROPER_NAMES = (
    "Stable Diffusion",
    "Lou",
    "Xiao Za",
    "Guo Qiyu",
    "Shulou Technology Information",
    "SLTechnology News&Howtos",
)
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_CJK_RE = re.compile(f"[{_CJK}]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# A half-width mark touching a Chinese character (or full-width mark) on either side.
_HALF = re.compile(f'(?<=[{_CJK}])[;:,.?!()"]|[;:,.?!()"](?=[{_CJK}])')
# Ids are written in code form: 'li-v-liu', 'civil-code-1019', 'ai-work/elements'.
_ID = re.compile(r"\b[a-z0-9]+(?:[-_/][a-z0-9]+)+\b")
# In a bilingual notebook cell, a run of this many Latin words is the English text itself.
_ENGLISH_RUN = 5


@dataclass(frozen=True)
class Offence:
    """One stray English word or half-width mark, where it was found and what surrounds it."""

    where: str
    kind: str  # "english", "punctuation" or "term (write …)"
    snippet: str

    def __str__(self) -> str:
        return f"{self.where}: {self.kind}: …{self.snippet}…"


def _snippet(text: str, start: int, end: int) -> str:
    return text[max(0, start - 12) : end + 12].replace("\n", " ")


def _punctuation(text: str, where: str) -> Iterator[Offence]:
    for m in _HALF.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        # A decimal point or an ellipsis of dots between digits is not prose punctuation.
        if m.group() == "." and before.isdigit() and after.isdigit():
            continue
        yield Offence(where, "punctuation", _snippet(text, m.start(), m.end()))


def _mask(text: str) -> str:
    """Blank out ids and proper names, keeping every other character where it was."""
    text = re.sub(r"`[^`\n]*`", lambda m: " " * len(m.group()), text)
    text = _ID.sub(lambda m: " " * len(m.group()), text)
    for name in PROPER_NAMES:
        text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " " * len(name), text)
    return text


_RUN = re.compile(r"(?<![0-9])(?:[A-Za-z][A-Za-z0-9'’ ,.;:!?()/&-]*[A-Za-z0-9)]|[A-Za-z])")


# Terms reviewed for Chinese legal writing: the wording to flag and what to write instead.
TERMS = {
    "需要价值判断": "需综合判断 (a call on the facts as a whole)",
}


@cache
def _case_names() -> tuple[str, ...]:
    """Bundled case names that do not end in 案: "在李某某诉刘某某中" wants "…案中"."""
    from .library import load

    return tuple(name for c in load().cases if not (name := c.short_name("zh")).endswith("案"))


def _terms(text: str, where: str) -> Iterator[Offence]:
    for term, better in TERMS.items():
        for m in re.finditer(re.escape(term), text):
            yield Offence(where, f"term (write {better})", _snippet(text, m.start(), m.end()))
    for name in _case_names():
        for m in re.finditer(re.escape(name) + "中", text):
            yield Offence(where, "term (write 案中)", _snippet(text, m.start(), m.end()))


def scan_text(text: str, where: str) -> list[Offence]:
    """Chinese text, every Latin word checked: a rendering meant to be wholly Chinese.

    One offence per run of Latin words, so "plaintiff; user" is reported once.
    """
    found = list(_punctuation(text, where)) + list(_terms(text, where))
    for run in _RUN.finditer(_mask(text)):
        if any(w not in ALLOWED_WORDS for w in _WORD.findall(run.group())):
            found.append(Offence(where, "english", _snippet(text, run.start(), run.end())))
    return found


def _strip_html(markup: str) -> str:
    markup = re.sub(r"(?is)<(style|script|code)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?s)<[^>]+>", " ", markup)
    return html.unescape(markup)


def scan_html(markup: str, where: str) -> list[Offence]:
    """An HTML rendering in Chinese; tags, attributes and <code> (ids, calls) are left out."""
    return scan_text(_strip_html(markup), where)


def _in_english(text: str, offence: Offence) -> bool:
    """A half-width mark whose non-Chinese side is English prose belongs to the English:
    "typical cases (典型案例), which" or "the test is 可识别性: it asks"."""
    for m in _HALF.finditer(text):
        if _snippet(text, m.start(), m.end()) != offence.snippet:
            continue
        start = m.start()
        if m.group() == ")":  # a bracket belongs to the text before its opening bracket
            opening = text.rfind("(", 0, start)
            start = opening if opening >= 0 else start
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", m.end())
        left = text[line_start:start].rstrip(" *_;:,.?!()")
        right = text[m.end() : None if line_end < 0 else line_end].lstrip(" *_;:,.?!()")
        if m.group() in "()":
            side = left[-1:]
        else:
            side = right[:1] if _CJK_RE.match(left[-1:] or " ") else left[-1:]
        return bool(re.match(r"[A-Za-z0-9]", side))
    return False


def scan_markdown(text: str, where: str) -> list[Offence]:
    """A bilingual notebook cell: its Chinese parts only.

    Punctuation is checked wherever it touches Chinese. A Latin word counts as stray only
    inside Chinese: in a short run of Latin words next to a Chinese character (an English
    sentence beside its translation is meant to be there).
    """
    text = re.sub(r"(?s)```.*?```|`[^`]*`", " ", text)
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?s)<[^>]+>|\]\([^)]*\)", " ", text)
    found = [o for o in _punctuation(text, where) if not _in_english(text, o)]
    found += _terms(text, where)
    masked = _mask(text)
    for run in _RUN.finditer(masked):
        words = [w for w in _WORD.findall(run.group()) if w not in ALLOWED_WORDS]
        if not words or len(_WORD.findall(run.group())) >= _ENGLISH_RUN:
            continue
        before = masked[run.start() - 1] if run.start() else ""
        after = masked[run.end()] if run.end() < len(masked) else ""
        if _CJK_RE.match(before or " ") or _CJK_RE.match(after or " "):
            found.append(Offence(where, "english", _snippet(text, run.start(), run.end())))
    return found


# ------------------------------------------------------------------------------ sources


def _texts(obj: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every Chinese string in a record: (field path, text)."""
    from pydantic import BaseModel

    from .models import Text

    if isinstance(obj, Text):
        yield f"{path}.zh", obj.zh
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _texts(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, list | tuple):
        for n, item in enumerate(obj):
            yield from _texts(item, f"{path}[{n}]")
    elif isinstance(obj, dict) and isinstance(obj.get("zh"), str) and "en" in obj:
        yield f"{path}.zh", obj["zh"]
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from _texts(item, f"{path}[{key}]")


def _records(cb: Any) -> Iterator[tuple[str, Any]]:
    for case in cb.cases:
        yield f"case {case.id}", case
    for test in cb.tests:
        yield f"test {test.id}", getattr(test, "model", test)
    for statute in cb.statutes:
        yield f"statute {statute.id}", statute
    yield from _quizzes()


def _quizzes() -> Iterator[tuple[str, Any]]:
    """The lessons' self-check questions, as their YAML files hold them (every option's
    feedback included, which a page shows only after a click)."""
    from importlib import resources

    import yaml

    folder = resources.files("casebook") / "data" / "quizzes"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            yield f"quiz {entry.name}", yaml.safe_load(entry.read_text(encoding="utf-8"))


def scan_data(cb: Any) -> list[Offence]:
    """Every `zh` text of every case, test, statute and quiz, named by record and field."""
    found: list[Offence] = []
    for where, record in _records(cb):
        for field, text in _texts(record, ""):
            found += scan_text(text, f"{where}: {field}")
    return found


def scan_labels() -> list[Offence]:
    """The Chinese interface words: labels, figure texts, messages, teaching notes."""
    from . import grading, i18n

    found: list[Offence] = []
    tables = [(f"i18n.{n}", getattr(i18n, n)) for n in dir(i18n) if n.isupper()]
    tables.append(("grading.MESSAGES", grading.MESSAGES))
    for name, table in tables:
        if not isinstance(table, dict):
            continue
        for key, entry in table.items():
            if isinstance(entry, dict) and "zh" in entry:
                # Placeholders and code examples ({{'party': 'test-id'}}) are not prose.
                text = re.sub(r"\{\{.*?\}\}|\{[a-z_]+(?:![rs])?\}", "", entry["zh"])
                found += scan_text(text, f"{name}[{key!r}]")
    return found


def scan_renderings(cb: Any) -> list[Offence]:
    """Each case, test and statute as a reader sees it in Chinese (text and HTML), and the
    analysis of every issue the casebook records, explained in Chinese."""
    from . import display
    from .cli import render_case

    found: list[Offence] = []
    for case in cb.cases:
        found += scan_text(display.case_text(case, "zh"), f"case {case.id} (text)")
        found += scan_html(display.case_html(case, "zh"), f"case {case.id} (html)")
        for issue in case.issues:
            analysis = cb.test(issue.test).evaluate_issue(case.id, issue.id)
            found += scan_text(str(analysis.explain("zh")), f"analysis {case.id}/{issue.id}")
        found += scan_text(render_case(case, cb, "zh"), f"case {case.id} (casebook show)")
    for test in cb.tests:
        model = getattr(test, "model", test)
        found += scan_text(display.legal_test_text(model, "zh"), f"test {test.id} (text)")
        found += scan_html(display.legal_test_html(model, "zh"), f"test {test.id} (html)")
    for statute in cb.statutes:
        found += scan_text(display.statute_text(statute, "zh"), f"statute {statute.id} (text)")
        found += scan_html(display.statute_html(statute, "zh"), f"statute {statute.id} (html)")
    return found


@contextmanager
def _language(lang: str) -> Iterator[None]:
    old = os.environ.get("CASEBOOK_LANG")
    os.environ["CASEBOOK_LANG"] = lang
    try:
        yield
    finally:
        if old is None:
            del os.environ["CASEBOOK_LANG"]
        else:
            os.environ["CASEBOOK_LANG"] = old


def _run_cell(source: str, scope: dict[str, Any]) -> Any:
    """Run a code cell as Jupyter would and return the value its last line displays."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), scope)
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), scope)


def scan_lesson(path: Path) -> list[Offence]:
    """One lesson in Chinese: its markdown's Chinese parts, and the static HTML of every
    part it draws, run with the course language set to Chinese (no kernel needed)."""
    import nbformat

    from .widgets import static_html

    nb = nbformat.read(path, as_version=4)
    found: list[Offence] = []
    scope: dict[str, Any] = {}
    with _language("zh"):
        for n, cell in enumerate(nb.cells):
            where = f"{path.name} cell {n}"
            if cell.cell_type == "markdown":
                found += scan_markdown(cell.source, where)
            elif cell.cell_type == "code":
                shown = _run_cell(cell.source, scope)
                widget = getattr(shown, "widget", None)
                if widget is not None:
                    found += scan_html(static_html(widget), f"{where} (static html)")
    return found


def scan_all(cb: Any = None, notebooks: Iterable[Path] = ()) -> list[Offence]:
    """Data, labels, renderings and the given lesson notebooks."""
    if cb is None:
        from .library import load

        cb = load()
    found = scan_data(cb) + scan_labels() + scan_renderings(cb)
    for path in notebooks:
        found += scan_lesson(path)
    return found


def main(argv: list[str] | None = None) -> int:
    """Print every offence with its location; exit 1 if there is any."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("notebooks", nargs="*", type=Path, help="lesson notebooks to scan")
    parser.add_argument(
        "--extra", action="append", default=[], help="a folder or file of your own cases too"
    )
    args = parser.parse_args(argv)
    from .library import load

    found = scan_all(load(args.extra), notebooks=args.notebooks)
    for offence in found:
        print(offence)
    print(f"{len(found)} offence(s)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
