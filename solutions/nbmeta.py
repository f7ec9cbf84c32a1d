"""Named nbgrader cell metadata, delimiters and grade-id patterns used by the exercise notebooks."""

from __future__ import annotations

# Delimiters nbgrader looks for (its defaults; nbgrader_config.py does not change them).
BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"

# Points: one per autograded part, so each element is credited on its own.
PART_POINTS = 1
WRITTEN_POINTS = 4

SCHEMA_VERSION = 3


def grade_ids(q: str, elements: list[str]) -> dict[str, str]:
    """The grade id of every graded part of question `q`, keyed by part name."""
    ids = {f"element:{e}": f"{q}_el_{e}" for e in elements}
    ids |= {p: f"{q}_{p}_test" for p in ("conclusion", "precedent", "statute")}
    ids["written"] = f"{q}_written"
    return ids


def answer_id(q: str) -> str:
    return f"{q}_answer"


def check_id(q: str) -> str:
    return f"{q}_check"


def _meta(grade_id: str, *, solution: bool, grade: bool, locked: bool, points: float = 0) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def answer_meta(grade_id: str) -> dict:
    """An autograded answer cell: students edit it; hidden tests read its variables."""
    return _meta(grade_id, solution=True, grade=False, locked=False)


def locked_meta(grade_id: str) -> dict:
    """A read-only cell (setup, form check): students cannot edit or delete it."""
    meta = _meta(grade_id, solution=False, grade=False, locked=True)
    return {**meta, "deletable": False, "editable": False}


def test_meta(grade_id: str, points: float = PART_POINTS) -> dict:
    """An autograder test cell worth `points`; its hidden part holds the answer."""
    meta = _meta(grade_id, solution=False, grade=True, locked=True, points=points)
    return {**meta, "deletable": False, "editable": False}


def written_meta(grade_id: str, points: float = WRITTEN_POINTS) -> dict:
    """A manually graded written answer (markdown)."""
    return _meta(grade_id, solution=True, grade=True, locked=False, points=points)
