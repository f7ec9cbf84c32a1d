"""Instructor: nbgrader's formgrader page loads in the browser and lists every assignment."""

from __future__ import annotations

import pytest
from jlab import ROOT

pytestmark = pytest.mark.e2e

ASSIGNMENTS = sorted(
    p.name for p in (ROOT / "solutions").iterdir()
    if p.is_dir() and any(p.glob("*.ipynb"))
) if (ROOT / "solutions").is_dir() else []


def test_formgrader_lists_the_assignments(page, lab, artifacts):
    assert ASSIGNMENTS, "no assignments in solutions/"
    assert (lab.root / "nbgrader_config.py").exists(), "nbgrader_config.py is missing"
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(lab.url("formgrader"))
    status = response.status if response else None
    assert response is not None and response.ok, f"/formgrader answered {status}"
    table = page.locator("#main-table")
    for name in ASSIGNMENTS:
        # Rows arrive from the formgrader's API after the page loads.
        table.get_by_text(name, exact=True).first.wait_for(timeout=30_000)
    page.screenshot(path=str(artifacts / "formgrader.png"), full_page=True)
    text = table.inner_text()
    missing = [name for name in ASSIGNMENTS if name not in text]
    assert not missing, f"formgrader does not list {missing}"
    assert not errors, errors
