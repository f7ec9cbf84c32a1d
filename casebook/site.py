"""Build the static, bilingual course site from the lesson notebooks, readable without a kernel."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["LANGUAGES", "build_site"]

LANGUAGES = {"en": "English", "zh": "中文"}
# Static HTML first: every lesson part carries a text/html rendering beside its widget
# view, and a site must read without JavaScript (printed, archived, in an LMS).
STATIC_PRIORITY = [
    "text/html",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "text/markdown",
    "text/latex",
    "text/plain",
]


def _export(notebook: Path, out: Path) -> None:
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.NbConvertBase.display_data_priority = STATIC_PRIORITY
    exporter = HTMLExporter(config=config, template_name="lab")
    exporter.exclude_input = True  # a reader sees the lesson, not the calls that draw it
    body, _ = exporter.from_filename(str(notebook))
    out.write_text(body, encoding="utf-8")


def _execute(notebook: Path, lang: str, out: Path) -> Path:
    """Run a copy of a lesson in `lang` so its widgets and figures draw in that language."""
    env = dict(os.environ, CASEBOOK_LANG=lang)
    target = out / notebook.name
    shutil.copy(notebook, target)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--inplace",
            str(target),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    return target


def _index(pages: dict[str, list[tuple[str, str]]]) -> str:
    items = []
    for lang, entries in pages.items():
        links = "".join(
            f"<li><a href='{lang}/{html.escape(href)}'>{html.escape(title)}</a></li>"
            for href, title in entries
        )
        items.append(f"<h2>{LANGUAGES[lang]}</h2><ul>{links}</ul>")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>AI Disputes Casebook · 人工智能纠纷案例教学</title></head><body>"
        "<h1>AI Disputes Casebook · 人工智能纠纷案例教学</h1>"
        "<p>The lessons as static pages, in English and in Chinese. The cases are typical "
        "cases (典型案例) published by courts to guide practice; they bind no other court.</p>"
        f"{''.join(items)}</body></html>"
    )


def _title(notebook: Path) -> str:
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return cell.source.splitlines()[0][2:].strip()
    return notebook.stem


def build_site(notebooks: Path, out: Path, langs: tuple[str, ...] = ("en", "zh")) -> Path:
    """Write `out/index.html` and `out/<lang>/<lesson>.html` for every lesson notebook.

    English pages come from the committed notebooks as they are; other languages run a
    copy of each lesson with `CASEBOOK_LANG` set, since widgets draw in one language.
    """
    out.mkdir(parents=True, exist_ok=True)
    lessons = sorted(notebooks.glob("[0-9][0-9]_*.ipynb"))
    pages: dict[str, list[tuple[str, str]]] = {}
    for lang in langs:
        folder = out / lang
        folder.mkdir(exist_ok=True)
        work = out / f".work-{lang}"
        work.mkdir(exist_ok=True)
        pages[lang] = []
        for nb in lessons:
            source = nb if lang == "en" else _execute(nb, lang, work)
            _export(source, folder / f"{nb.stem}.html")
            pages[lang].append((f"{nb.stem}.html", _title(nb)))
        shutil.rmtree(work, ignore_errors=True)
    (out / "index.html").write_text(_index(pages), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"))
    parser.add_argument("--out", type=Path, default=Path("site"))
    parser.add_argument("--lang", action="append", choices=sorted(LANGUAGES))
    args = parser.parse_args(argv)
    out = build_site(args.notebooks, args.out, tuple(args.lang or LANGUAGES))
    print(f"Course site written to {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
