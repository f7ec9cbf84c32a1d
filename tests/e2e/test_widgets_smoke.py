"""A tiny widget notebook in the browser: the ipywidgets front end and Python package agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jlab import Notebook

pytestmark = pytest.mark.e2e

CELLS = [
    "import ipywidgets as w\nw.IntSlider(value=3, description='Smoke slider')",
    (
        "pick = w.ToggleButtons(options=['English', '中文'], description='Language')\n"
        "out = w.Output()\n"
        "def show(change=None):\n"
        "    out.clear_output()\n"
        "    with out:\n"
        "        print('hello' if pick.value == 'English' else '你好')\n"
        "pick.observe(show, names='value')\n"
        "show()\n"
        "w.VBox([pick, out])"
    ),
]


def write_notebook(path: Path, cells: list[str]) -> None:
    nb = {
        "cells": [
            {"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
             "outputs": [], "source": src}
            for i, src in enumerate(cells)
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb))


def test_widget_front_end_renders_and_responds(page, lab, artifacts):
    write_notebook(lab.root / "e2e_smoke.ipynb", CELLS)
    nb = Notebook.open(page, lab, "e2e_smoke.ipynb")
    seconds = nb.run_all()
    assert nb.widget_problems() == []
    status = nb.status()
    assert status["rendered"] == 2, status
    assert "hello" in nb.widget_text()

    nb.panel.get_by_role("button", name="中文").click()
    page.wait_for_function(
        "(el) => el.innerText.includes('你好')",
        arg=nb.panel.element_handle(), timeout=5000,
    )
    shot = nb.screenshot(artifacts / "smoke.png")
    print(f"smoke notebook: run all + render {seconds:.2f} s; screenshot {shot}")


def test_detector_catches_a_broken_widget(page, lab):
    """A model class the front end does not know must be reported, not pass silently."""
    broken = (
        "import ipywidgets as w\nimport traitlets as t\n"
        "class Broken(w.DOMWidget):\n"
        "    _model_module = t.Unicode('casebook-no-such-module').tag(sync=True)\n"
        "    _view_module = t.Unicode('casebook-no-such-module').tag(sync=True)\n"
        "    _model_name = t.Unicode('BrokenModel').tag(sync=True)\n"
        "    _view_name = t.Unicode('BrokenView').tag(sync=True)\n"
        "Broken()"
    )
    write_notebook(lab.root / "e2e_broken.ipynb", [broken])
    nb = Notebook.open(page, lab, "e2e_broken.ipynb")
    nb.command("notebook:run-all-cells")
    nb.wait_rendered(timeout=30)
    problems = nb.widget_problems()
    assert any("Failed to load model class" in p or "Error displaying widget" in p
               for p in problems), problems
