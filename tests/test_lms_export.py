"""Final grades out of nbgrader's gradebook as the CSV that Canvas and Moodle import."""

from __future__ import annotations

import csv
import io
import os
import sys
import warnings
from pathlib import Path

import pytest

from casebook.cli import main
from casebook.exceptions import CasebookError
from casebook.lms_export import UngradedError, export_lms, final_grades, to_csv

# Two assignments; ex_a has an autograded cell (2 points) and a written one (6 points).
CELLS = {"ex_a": [("q1_el", "code", 2.0), ("q1_written", "markdown", 6.0)],
         "ex_b": [("q1_el", "code", 3.0)]}


@pytest.fixture
def gradebook(tmp_path, monkeypatch):
    """A small gradebook made with nbgrader's own API: three students, one who never
    submitted ex_b, one late, hand grades on the written answers."""
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    # nbgrader creates the database by running `alembic` from PATH, as in an active venv.
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent),
                                                os.environ.get("PATH", "")]))

    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(url) as gb:
        gb.add_student("s01", first_name="Wei", last_name="Lin", email="lin@example.edu")
        gb.add_student("s02", first_name="小明", last_name="王", email="wang@example.edu")
        gb.add_student("s03", first_name="Ana", last_name="Silva", email="")
        for aid, cells in CELLS.items():
            gb.add_assignment(aid)
            gb.add_notebook(aid, aid)
            for name, kind, points in cells:
                gb.add_grade_cell(name, aid, aid, max_score=points, cell_type=kind)
        scores = {  # (assignment, student): {cell: (auto, manual)}
            ("ex_a", "s01"): {"q1_el": (2.0, None), "q1_written": (None, 5.0)},
            ("ex_a", "s02"): {"q1_el": (0.0, 1.5), "q1_written": (None, 3.0)},
            ("ex_a", "s03"): {"q1_el": (2.0, None), "q1_written": (None, 6.0)},
            ("ex_b", "s01"): {"q1_el": (3.0, None)},
            ("ex_b", "s02"): {"q1_el": (0.0, None)},
        }
        for (aid, student), cells in scores.items():
            with warnings.catch_warnings():
                # nbgrader's add_submission trips SQLAlchemy 2's autoflush warning; the
                # submission is stored all the same (the tests below read it back).
                warnings.simplefilter("ignore", SAWarning)
                gb.add_submission(aid, student)
            for cell, (auto, manual) in cells.items():
                grade = gb.find_grade(cell, aid, aid, student)
                grade.auto_score, grade.manual_score = auto, manual
                # as autograde and formgrader leave it: graded cells need nobody any more
                grade.needs_manual_grade = False
        late = gb.find_submission_notebook("ex_a", "ex_a", "s03")
        late.late_submission_penalty = 1.0
        gb.db.commit()
    return url


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_final_grades_take_hand_grades_over_autograded_and_subtract_late_penalty(gradebook):
    got = {(g.assignment, g.student): g.score for g in final_grades(gradebook)}
    assert got[("ex_a", "s01")] == 7.0  # 2 autograded + 5 by hand
    assert got[("ex_a", "s02")] == 4.5  # the grader overrode the autograded 0 with 1.5
    assert got[("ex_a", "s03")] == 7.0  # 8 less the late penalty of 1
    assert got[("ex_b", "s03")] is None  # never submitted
    assert {g.max_score for g in final_grades(gradebook, "ex_a")} == {8.0}


def test_canvas_csv_has_identity_columns_points_row_and_one_column_per_assignment(gradebook):
    rows = _rows(to_csv(final_grades(gradebook), "canvas"))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "ex_a", "ex_b"]
    assert rows[1] == ["Points Possible", "", "", "", "", "8", "3"]
    body = {r[3]: r for r in rows[2:]}
    assert body["s01"] == ["Lin, Wei", "", "", "s01", "", "7", "3"]
    assert body["s02"][0] == "王, 小明" and body["s02"][5:] == ["4.5", "0"]
    assert body["s03"][5:] == ["7", ""]  # blank: no submission, Canvas leaves it ungraded
    assert len(rows) == 2 + 3


def test_moodle_csv_identifies_students_by_id_number_email_and_username(gradebook):
    rows = _rows(to_csv(final_grades(gradebook), "moodle"))
    assert rows[0] == ["First name", "Last name", "ID number", "Email address", "Username",
                       "ex_a", "ex_b"]
    body = {r[4]: r for r in rows[1:]}
    assert body["s01"] == ["Wei", "Lin", "s01", "lin@example.edu", "s01", "7", "3"]
    assert body["s03"][5:] == ["7", ""]


def test_one_assignment_only(gradebook):
    rows = _rows(to_csv(final_grades(gradebook, "ex_b"), "moodle"))
    assert rows[0][5:] == ["ex_b"]
    with pytest.raises(CasebookError, match="'ex_z' is not in the gradebook"):
        final_grades(gradebook, "ex_z")


def test_ungraded_written_answers_stop_the_export_unless_allowed(gradebook, tmp_path):
    from nbgrader.api import Gradebook

    with Gradebook(gradebook) as gb:
        grade = gb.find_grade("q1_written", "ex_a", "ex_a", "s01")
        grade.manual_score, grade.needs_manual_grade = None, True
        gb.db.commit()
    out = tmp_path / "canvas.csv"
    with pytest.raises(UngradedError, match="ex_a/s01"):
        export_lms(gradebook, "all", "canvas", out)
    assert not out.exists()
    export_lms(gradebook, "all", "canvas", out, allow_ungraded=True)
    body = {r[3]: r for r in _rows(out.read_text(encoding="utf-8-sig"))[2:]}
    assert body["s01"][5] == "2"  # the ungraded written answer counts 0


def test_command_writes_utf8_with_bom_for_spreadsheets(gradebook, tmp_path, capsys):
    out = tmp_path / "moodle.csv"
    db = gradebook.removeprefix("sqlite:///")
    assert main(["export-lms", "all", "--format", "moodle", "--db", db, "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "王" in raw.decode("utf-8-sig")
    assert "3 students, 2 assignment(s)" in capsys.readouterr().out
    assert main(["export-lms", "ex_z", "--format", "canvas", "--db", db]) == 1
    assert "'ex_z' is not in the gradebook" in capsys.readouterr().err
