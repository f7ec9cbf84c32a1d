"""Student, exercise: fill in an answer, run the visible check, read its message, save."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from jlab import ROOT, Notebook

pytestmark = pytest.mark.e2e

EXERCISES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "exercises").glob("*/*.ipynb"))


def grade_id(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def solution_answer(exercise: str, gid: str) -> str:
    """The instructor's answer for one answer cell: the solution block of solutions/."""
    source = ROOT / "solutions" / Path(exercise).relative_to("exercises")
    for cell in json.loads(source.read_text())["cells"]:
        if grade_id(cell) == gid:
            text = "".join(cell["source"])
            start = text.index("### BEGIN SOLUTION") + len("### BEGIN SOLUTION")
            return text[start:text.index("### END SOLUTION")].strip("\n")
    raise AssertionError(f"{gid} not found in {source}")


def expected_message(answer: str, check: str, setup: str) -> str:
    """What the check line prints for `answer`, computed here without a browser."""
    namespace: dict = {}
    exec(setup + "\n" + answer, namespace)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(check, namespace)
    return out.getvalue().strip()


def test_there_are_exercises():
    assert EXERCISES, "no exercise notebooks in exercises/"


@pytest.mark.parametrize("exercise", EXERCISES)
def test_fill_in_answer_check_and_save(exercise, page, lab, artifacts):
    cells = json.loads((lab.root / exercise).read_text())["cells"]
    index = next(
        i for i, c in enumerate(cells)
        if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("solution")
    )
    check_index = next(
        i for i in range(index + 1, len(cells))
        if "".join(cells[i]["source"]).startswith("check(")
    )
    setup = next("".join(c["source"]) for c in cells if grade_id(c) == "setup")
    answer = solution_answer(exercise, grade_id(cells[index]))
    check_source = "".join(cells[check_index]["source"])

    nb = Notebook.open(page, lab, exercise)
    # "Run all" as handed out: the check explains, in words, what is still missing.
    nb.command("notebook:run-all-cells")
    nb.wait_rendered(30)
    blank = nb.cell_outputs(check_index).strip()
    assert blank, f"{exercise}: the check printed nothing for the blank answers"
    assert "Traceback" not in blank

    # Type the answer, run it and the check below with Shift+Enter, as a student does.
    nb.set_cell_source(index, answer)
    assert nb.cell_source(index) == answer
    # set_cell_source leaves the answer cell selected in command mode.
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Shift+Enter")
    want = expected_message(answer, check_source, setup)
    nb.wait_until(lambda: nb.cell_outputs(check_index).strip() == want, 30, f"message {want!r}")
    nb.wait_kernel_idle()
    message = nb.cell_outputs(check_index).strip()
    assert message != blank
    assert "Traceback" not in message and "Error" not in message
    stem = Path(exercise).stem
    nb.panel.locator(".jp-Cell").nth(index).scroll_into_view_if_needed()
    nb.screenshot(artifacts / f"exercise-{stem}.png", full=False)
    print(f"{exercise}: check said {blank.splitlines()[0]!r} then {message!r}")

    # Saving writes the typed answer to the student's file.
    page.keyboard.press("ControlOrMeta+s")
    page.wait_for_function(
        "(p) => { for (const w of window.jupyterapp.shell.widgets('main'))"
        " if (w.context && w.context.path === p) return !w.context.model.dirty; }",
        arg=exercise, timeout=30_000,
    )
    saved = json.loads((lab.root / exercise).read_text())["cells"][index]
    assert "".join(saved["source"]) == answer
