"""Red team: attacks on the sandboxed grader that tests/test_hostile.py does not cover.

One temporary course, one class of attackers (and an honest control), graded in ONE
`nbgrader autograde` run with the kit's nbgrader_config.py, then feedback and export. Classes:
the result channel (forged, deeply nested or symlinked answers file), a submitted notebook that
is a link to the key, resource abuse outside the memory limit (the private /tmp is in RAM, the
submission and output folders are on the instructor's disk), text the grader cannot write
(lone surrogates), HTML and script in feedback, forged grading metadata, kill(-1).
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from exercise_helpers import (
    assignments,
    autograded_scores,
    grade_id,
    make_course,
    nbgrader,
    nbgrader_env,
    read_nb,
    set_answer,
    write_nb,
)

from casebook.exbuild import key_values
from casebook.exercises import part_list
from casebook.gradereport import load_grades
from casebook.sandbox import sandbox_problem

pytestmark = [
    pytest.mark.pipeline,
    pytest.mark.skipif(sandbox_problem() is not None, reason=f"no sandbox: {sandbox_problem()}"),
]

AID = "ex2_voice_portrait"
A = {a.id: a for a in assignments()}[AID]
AUTO = sum(len(part_list(q)) for q in A.questions)
MARKER = f"casebook-redteam-{os.getpid()}"
PLANTED = Path(f"/tmp/{MARKER}-planted.json")
MB = 1024**2
DISK_MB = 64
CONFIG = f"""
# red-team course: short limits so runaway submissions do not slow the suite
c.CasebookExecute.cell_timeout = 5
c.CasebookExecute.timeout = 30
c.CasebookExecute.disk_mb = {DISK_MB}
"""


def _release(root: Path) -> dict:
    return read_nb(root / "exercises" / AID / f"{AID}.ipynb")


def _right(root: Path) -> dict:
    nb = _release(root)
    for q in A.questions:
        set_answer(nb, q, key_values(q))
    return nb


def _cell(nb: dict, code: str, after: str = "q4_answer") -> dict:
    i = next(i for i, c in enumerate(nb["cells"]) if grade_id(c) == after)
    nb["cells"].insert(i + 1, nbformat.v4.new_code_cell(code))
    return nb


def _key_answers() -> dict:
    """Every answer variable set to the key, as plain JSON data."""
    out = {}
    for q in A.questions:
        for k, v in key_values(q).items():
            out[f"{q.id}_{k}"] = v
    return out


def _fill(where: str, total_mb: int) -> str:
    """Code that writes `total_mb` MB in 16 MB files to `where`, then prints how much."""
    return f"""
import os
written = 0
try:
    for i in range({total_mb // 16}):
        with open(os.path.join({where!r}, 'fill-%d' % i), 'wb') as f:
            f.write(b'x' * {16 * MB})
        written += 16
except OSError as exc:
    print('stopped:', type(exc).__name__)
print('{MARKER} wrote', written, 'MB')
"""


def _students(root: Path) -> dict[str, tuple[object, float]]:
    """student -> (notebook dict, or ('link', target), the most autograded points it may earn)."""
    s: dict[str, tuple[object, float]] = {}
    s["honest"] = (_right(root), AUTO)
    # -- the result channel ------------------------------------------------------------------
    # A list nested a million deep in the answers file: json.load raises RecursionError.
    s["nester"] = (
        _cell(
            _right(root),
            """
import os
for out in ('/out', '/result'):  # a worker's result folder, or a zygote child's
    if os.access(out, os.W_OK):
        with open(out + '/result.json', 'w') as f:
            f.write('{"answers": {"q1_statute": ' + '[' * 1_000_000 + ']' * 1_000_000 + '}}')
os._exit(0)
""",
        ),
        0,
    )
    # Nested less deep than json's limit but deeper than the grader's stack allows.
    s["deep"] = (
        _cell(
            _right(root),
            """
import os
for out in ('/out', '/result'):
    if os.access(out, os.W_OK):
        with open(out + '/result.json', 'w') as f:
            f.write('{"answers": {"q1_statute": ' + '[' * 990 + ']' * 990 + '}, "status": "done"}')
os._exit(0)
""",
        ),
        0,
    )
    # The answers file as a link: the grader opens it outside the sandbox, on its own disk.
    s["linker"] = (
        _cell(
            _release(root),
            f"""
import os
for out in ('/out', '/result'):
    if os.access(out, os.W_OK):
        os.symlink({str(PLANTED)!r}, out + '/result.json.tmp')
        os.replace(out + '/result.json.tmp', out + '/result.json')
os._exit(0)
""",
        ),
        0,
    )
    # -- the key through the file system -------------------------------------------------------
    s["nblink"] = (("link", str(root / "solutions" / AID / f"{AID}.ipynb")), 0)
    s["dirlink"] = (("dirlink", str(root / "solutions" / AID)), 0)
    # -- files nbgrader or the sandbox copy cannot handle ----------------------------------------
    s["fifo"] = (_right(root), AUTO)  # plus a named pipe beside the notebook, below
    s["badtime"] = (_right(root), AUTO)  # plus a timestamp.txt nbgrader cannot read, below
    s["zerolink"] = (_right(root), AUTO)  # plus data.bin -> /dev/zero: shutil copies forever
    # -- resource abuse outside RLIMIT_AS: RAM-backed /tmp, the host's disk, raw fd 2 ----------
    s["tmpfill"] = (_cell(_right(root), _fill("/tmp", 8 * DISK_MB)), AUTO)
    s["diskfill"] = (_cell(_right(root), _fill("/submission", 8 * DISK_MB)), AUTO)
    s["outfill"] = (_cell(_right(root), _fill("/out", 8 * DISK_MB)), AUTO)
    s["resultfill"] = (_cell(_right(root), _fill("/result", 8 * DISK_MB)), AUTO)
    # Folders nested deeper than Python's recursion limit, where the grader walks and deletes.
    s["deepdirs"] = (
        _cell(
            _right(root),
            """
import os
os.chdir('/submission')
for _ in range(3000):
    os.mkdir('d')
    os.chdir('d')
os.chdir('/submission')
""",
        ),
        AUTO,
    )
    s["errfill"] = (
        _cell(
            _right(root),
            f"""
import os
for _ in range({8 * DISK_MB}):
    os.write(2, b'e' * {MB})
print('{MARKER} wrote to fd 2')
""",
        ),
        AUTO,
    )
    # -- text the grader must still be able to write and show ---------------------------------
    surrogate = _right(root)
    _cell(surrogate, "print('lone \\ud800 surrogate')\nraise ValueError('bad \\udcff')")
    s["surrogate"] = (surrogate, AUTO)
    s["badanswer"] = (
        _cell(_release(root), "q1_statute = 'civil-code-1023\\ud800'", after="q1_answer"),
        0,
    )
    # -- script in what the instructor's browser renders ---------------------------------------
    xss = _right(root)
    for cell in xss["cells"]:
        if grade_id(cell) == "q1_written":
            cell["source"] = (
                f"My answer <img src=x onerror=\"alert('{MARKER}')\">"
                f"<script>alert('{MARKER}')</script>"
            )
    _cell(
        xss,
        f"""
from IPython.display import publish_display_data
publish_display_data({{'image/png': '\"><script>alert(\"{MARKER}\")</script>',
                       'text/plain': '<script>alert(\"{MARKER}\")</script>'}})
print('\\x00\\x1b[31m<script>alert(\"{MARKER}\")</script>')
""",
    )
    s["xss"] = (xss, AUTO)
    # -- forged grading metadata --------------------------------------------------------------
    meta = _release(root)
    for cell in meta["cells"]:
        if grade_id(cell) == "q1_answer":
            cell["metadata"]["nbgrader"].update(grade=True, points=50, solution=False)
    bonus = nbformat.v4.new_code_cell("print('right / 正确')")
    bonus["metadata"]["nbgrader"] = {
        "grade": True,
        "grade_id": "bonus",
        "points": 100,
        "locked": True,
        "solution": False,
        "schema_version": 3,
    }
    meta["cells"].append(bonus)
    fake_test = next(c for c in meta["cells"] if grade_id(c) == "q1_statute_test")
    fake = json.loads(json.dumps(fake_test))
    fake["source"] = "### BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS"
    meta["cells"].append(fake)
    meta["metadata"]["kernelspec"] = {"name": "ir", "display_name": "R", "language": "R"}
    s["metaforger"] = (meta, 0)
    # -- signals: kill everything it can see after answering -----------------------------------
    s["killer"] = (_cell(_right(root), "import os, signal\nos.kill(-1, signal.SIGKILL)"), AUTO)
    return s


def _write(root: Path, students: dict) -> None:
    for student, (content, _) in students.items():
        path = root / "submitted" / student / AID / f"{AID}.ipynb"
        path.parent.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, tuple) and content[0] == "dirlink":
            os.symlink(content[1], path.parent)
            continue
        path.parent.mkdir(exist_ok=True)
        if isinstance(content, tuple):
            os.symlink(content[1], path)
        else:
            write_nb(content, path)
    os.mkfifo(root / "submitted" / "fifo" / AID / "notes.txt")
    os.symlink("/dev/zero", root / "submitted" / "zerolink" / AID / "data.bin")
    (root / "submitted" / "badtime" / AID / "timestamp.txt").write_text("yesterday, honest")
    PLANTED.write_text(json.dumps({"answers": _key_answers(), "cells": [], "status": "done"}))


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> dict:
    root = make_course(tmp_path_factory.mktemp("redteam"))
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as f:
        f.write(CONFIG)
    nbgrader(root, "generate_assignment", AID, "--force")
    students = _students(root)
    _write(root, students)
    try:
        proc = nbgrader(root, "autograde", AID, "--force", check=False, timeout=1200)
        feedback = nbgrader(root, "generate_feedback", AID, "--force", check=False)
    finally:
        PLANTED.unlink(missing_ok=True)
    nbgrader(root, "export", "--to", "grades.csv")
    with open(root / "grades.csv", encoding="utf-8") as f:
        export = {row["student_id"]: row for row in csv.DictReader(f)}
    return {
        "root": root,
        "students": students,
        "scores": autograded_scores(root, AID),
        "export": export,
        "log": proc.stdout + proc.stderr,
        "returncode": proc.returncode,
        "feedback_log": feedback.stdout + feedback.stderr,
        "feedback_rc": feedback.returncode,
    }


def _graded_nb(root: Path, student: str) -> dict:
    return read_nb(root / "autograded" / student / AID / f"{AID}.ipynb")


def _outputs_text(nb: dict) -> str:
    parts = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            text = out.get("text", "")
            parts.append("".join(text) if isinstance(text, list) else text)
    return "\n".join(parts)


def _feedback(root: Path, student: str) -> str:
    return (root / "feedback" / student / AID / f"{AID}.html").read_text(encoding="utf-8")


def _check(course: dict, student: str) -> None:
    """The student was graded (or not graded with a reason) and got no more than it may."""
    root, export = course["root"], course["export"]
    assert (root / "autograded" / student / AID / f"{AID}.ipynb").exists(), (
        student,
        course["log"][-3000:],
    )
    assert f"for student '{student}'" not in course["log"], course["log"][-3000:]
    row = export[student]
    assert row["status"] in ("graded", "graded with a note", "not graded"), row
    assert row["status"] == "graded" or row["reason"], row
    best = course["students"][student][1]
    got = course["scores"].get(student)
    assert got is not None and (got == best if best == AUTO else got <= best), (student, got)


def test_control_honest_student_gets_full_marks(course):
    _check(course, "honest")
    assert course["export"]["honest"]["status"] == "graded"


def test_deeply_nested_answers_file_does_not_crash_the_grader(course):
    _check(course, "nester")
    _check(course, "deep")


def test_answers_file_linked_out_of_the_sandbox_is_not_followed(course):
    _check(course, "linker")
    assert course["scores"]["linker"] == 0


def test_notebook_linked_to_the_key_is_not_graded_as_the_key(course):
    _check(course, "nblink")
    assert course["scores"]["nblink"] == 0
    text = html.unescape(_feedback(course["root"], "nblink"))
    assert "BEGIN SOLUTION" not in text and "civil-code-1023" not in text
    assert course["export"]["nblink"]["status"] == "not graded"
    key = course["root"] / "solutions" / AID / f"{AID}.ipynb"
    assert "BEGIN SOLUTION" in key.read_text(encoding="utf-8")  # the key itself is untouched


def test_private_tmp_is_capped(course):
    _check(course, "tmpfill")
    out = _outputs_text(_graded_nb(course["root"], "tmpfill"))
    written = int(out.split(f"{MARKER} wrote ")[1].split()[0])
    assert written <= DISK_MB, out[-500:]


@pytest.mark.parametrize("student", ["diskfill", "outfill", "errfill"])
def test_writing_to_the_instructors_disk_is_capped(course, student):
    _check(course, student)
    out = _outputs_text(_graded_nb(course["root"], student))
    finished = f"{MARKER} wrote {8 * DISK_MB} MB" in out or f"{MARKER} wrote to fd 2" in out
    assert not finished, out[-500:]
    if student != "errfill":  # fd 2 is one file, stopped by the file size limit (EFBIG)
        assert course["export"][student]["status"] == "graded with a note"
        assert "disk" in course["export"][student]["reason"]


@pytest.mark.parametrize("student", ["surrogate", "badanswer"])
def test_unencodable_text_is_graded_and_shown(course, student):
    _check(course, student)
    assert course["feedback_rc"] == 0, course["feedback_log"][-3000:]
    assert (course["root"] / "feedback" / student / AID / f"{AID}.html").exists()


def test_feedback_runs_no_student_script(course):
    _check(course, "xss")
    text = _feedback(course["root"], "xss")
    assert f"<script>alert('{MARKER}')" not in text
    assert f'<script>alert("{MARKER}")' not in text
    assert not re.search(r"<[a-z]+[^>]*onerror", text)  # shown as text, never as a tag
    assert "My answer" in text


def test_forged_grading_metadata_earns_nothing(course):
    _check(course, "metaforger")
    assert course["scores"]["metaforger"] == 0
    db = load_grades(course["root"] / "gradebook.db")
    assert "bonus" not in set(db["grade_id"])


def test_kill_everything_hits_only_the_submission(course):
    # kill(-1) reaches only what shares the sandbox's PID namespace, never the grader or
    # another student; the caller itself survives, so its answers are graded.
    _check(course, "killer")
    _check(course, "honest")


def test_the_batch_finishes_without_errors(course):
    assert course["returncode"] == 0, course["log"][-3000:]


def test_submission_folder_linked_to_the_key_is_not_graded_as_the_key(course):
    _check(course, "dirlink")
    assert course["export"]["dirlink"]["status"] == "not graded"
    assert course["scores"]["dirlink"] == 0
    key = course["root"] / "solutions" / AID / f"{AID}.ipynb"
    assert "BEGIN SOLUTION" in key.read_text(encoding="utf-8")


@pytest.mark.parametrize("student", ["fifo", "badtime", "zerolink"])
def test_odd_files_beside_the_notebook_lose_nothing(course, student):
    _check(course, student)
    assert course["export"][student]["status"] == "graded with a note"


def test_casebook_autograde_gives_the_same_results(course):
    """The parallel path (`casebook autograde`) meets the same attacks with the same scores."""
    root = course["root"]
    PLANTED.write_text(json.dumps({"answers": _key_answers(), "cells": [], "status": "done"}))
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "casebook.cli", "autograde", AID, "--workers", "2"],
            cwd=root,
            env=nbgrader_env(),
            capture_output=True,
            text=True,
            timeout=1200,
        )
    finally:
        PLANTED.unlink(missing_ok=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert autograded_scores(root, AID) == course["scores"]
    with open(root / f"grading-status-{AID}.csv", encoding="utf-8") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    # A zygote's child writes its answers to the instructor's disk (/result): capped too.
    # Where no zygote is used there is no /result, and the write simply fails in the sandbox.
    from casebook.sandbox import zygote_possible

    if zygote_possible():
        assert "disk" in rows["resultfill"]["reason"], rows["resultfill"]


def test_deeply_nested_folders_do_not_crash_the_grader(course):
    _check(course, "deepdirs")
