"""The lesson notebooks: coverage of tests and cases, and a strict nbval run of every one."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def notebooks(repo_root):
    paths = sorted((repo_root / "notebooks").glob("*.ipynb"))
    assert paths, "no notebooks found"
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in paths}


def _code(nb) -> str:
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


def test_numbered_in_teaching_order(notebooks):
    names = list(notebooks)
    assert names[0] == "00_course_map.ipynb"
    assert all(re.match(r"\d\d_[a-z_]+\.ipynb$", n) for n in names)


def test_every_legal_test_has_a_walkthrough(cb, notebooks):
    code = "\n".join(_code(nb) for nb in notebooks.values())
    walked = set(re.findall(r'page\.(?:apply|walkthrough)\("([a-z0-9-]+)"\)', code))
    assert {t.id for t in cb.tests} <= walked, sorted({t.id for t in cb.tests} - walked)


def test_every_case_appears_in_a_lesson(cb, notebooks):
    code = "\n".join(_code(nb) for name, nb in notebooks.items() if not name.startswith("00"))
    walked = set(re.findall(r'page\.(?:cases|walkthrough)\("([a-z0-9-]+)"\)', code))
    shown = {case.id for t in walked for case, _ in cb.issues_for(t)}
    shown |= {c.id for c in cb.cases if f'"{c.id}' in code}
    assert {c.id for c in cb.cases} <= shown, sorted({c.id for c in cb.cases} - shown)


def test_cells_are_short_and_saved_with_outputs(notebooks):
    for name, nb in notebooks.items():
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            lines = "".join(cell["source"]).strip().splitlines()
            assert 1 <= len(lines) <= 2, (name, lines)
            assert cell.get("execution_count"), f"{name} is saved without running: {lines}"
            assert all(o["output_type"] != "error" for o in cell["outputs"]), (name, lines)


def test_notebooks_pass_nbval(repo_root):
    """Runs every notebook on a fresh kernel and compares it with its saved outputs."""
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "--nbval",
        "--nbval-sanitize-with",
        "notebooks/nbval_sanitize.cfg",
        "--nbval-cell-timeout=120",
        "-p",
        "no:cacheprovider",
        "-q",
        "notebooks/",
    ]
    done = subprocess.run(cmd, cwd=repo_root, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        print(done.stdout[-20000:])
        print(done.stderr[-5000:])
    assert done.returncode == 0, "nbval failed; the failing cells are printed above"
