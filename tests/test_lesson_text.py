"""The lessons teach in prose that reads without a kernel, with Chinese legal framing."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("0[1-9]_*.ipynb"))
HEADINGS = (
    "## Learning goals · 学习目标",
    "## The doctrine · 法理",
    "## Case briefs · 案例摘要",
    "## Discussion questions · 讨论题",
    "## Takeaways · 要点",
)


def _markdown(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def test_there_are_nine_lessons():
    assert len(LESSONS) == 9, [p.name for p in LESSONS]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_has_every_teaching_section(path):
    text = "\n".join(_markdown(path))
    missing = [h for h in HEADINGS if h not in text]
    assert not missing, f"{path.name}: add the sections {missing} (see the other lessons)"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_has_three_to_five_discussion_questions(path):
    cell = next(s for s in _markdown(path) if s.startswith("## Discussion questions"))
    count = len(re.findall(r"^\d+\. ", cell, flags=re.M))
    assert 3 <= count <= 5, f"{path.name}: {count} discussion questions; write 3 to 5"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_has_instructor_notes_outside_the_notebooks(path):
    notes = ROOT / "instructor" / "lesson-notes" / f"{path.stem}.md"
    assert notes.is_file(), f"write instructor notes for {path.name} in {notes}"
    assert "Instructor notes" not in "\n".join(_markdown(path)), (
        f"{path.name}: instructor notes belong in instructor/, not in what students receive"
    )


@pytest.mark.parametrize(
    "path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem
)
def test_cases_are_not_called_precedents(path):
    text = "\n".join(_markdown(path))
    found = re.findall(r"precedents?|判例", text, flags=re.I)
    assert not found, (
        f"{path.name}: Chinese courts publish typical cases (典型案例), not binding "
        f"precedents; replace {sorted(set(found))} with 'case(s)' / 案例"
    )


def test_course_map_explains_typical_and_guiding_cases():
    text = "\n".join(_markdown(ROOT / "notebooks" / "00_course_map.ipynb"))
    for term in ("典型案例", "指导性案例", "typical case", "Guiding cases", "Selection caveat"):
        assert term in text, f"00_course_map: explain '{term}' (what the cases are and weigh)"
