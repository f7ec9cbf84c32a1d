"""The course site and the static export: lessons read without a kernel or JavaScript."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from casebook.site import build_site

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("0[1-9]_*.ipynb"))


@pytest.fixture(scope="module")
def english_site(tmp_path_factory) -> Path:
    # From the committed notebooks as they are: no kernel runs for the English pages.
    return build_site(NOTEBOOKS, tmp_path_factory.mktemp("site"), langs=("en",))


def _cases_of(path: Path, cb) -> set[str]:
    """Short names of the cases a lesson draws on (named in its code or covered by its tests)."""
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    tests = set(re.findall(r'page\.(?:cases|walkthrough)\("([a-z0-9-]+)"\)', code))
    ids = {case.id for t in tests for case, _ in cb.issues_for(t)}
    ids |= {c.id for c in cb.cases if f'"{c.id}' in code}
    return {cb.case(i).short_name("en") for i in ids}


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_static_export_holds_the_whole_lesson(english_site, path, cb):
    page = (english_site / "en" / f"{path.stem}.html").read_text(encoding="utf-8")
    for heading in ("Learning goals", "The doctrine", "Discussion questions", "Takeaways"):
        assert heading in page, f"{path.stem}: the static page lacks '{heading}'"
    assert "casebook-static" in page, f"{path.stem}: widgets exported without static HTML"
    assert re.search(r"<img[^>]+src=['\"]data:image/png;base64,", page), (
        f"{path.stem}: no figure as an image in the static page"
    )
    text = page.replace("&#x27;", "'").replace("&#39;", "'")
    missing = sorted(n for n in _cases_of(path, cb) if n not in text)
    assert not missing, f"{path.stem}: cases missing from the static page: {missing}"


def test_site_index_links_every_lesson(english_site):
    index = (english_site / "index.html").read_text(encoding="utf-8")
    for nb in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        assert f"en/{nb.stem}.html" in index, f"index.html does not link {nb.stem}"
