"""Hostile and broken submissions through the real pipeline, in a temporary course.

One release, one class of attackers, accidents and honest students, graded in ONE
`nbgrader autograde` run with the kit's nbgrader_config.py (and once through formgrader's API
and `casebook autograde`), then feedback and export. Each class of attack is covered: file
access, in-kernel tampering, output forgery, resource abuse and structural damage.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import sqlite3
import subprocess
import sys
import time
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
from casebook.sandbox import sandbox_problem

pytestmark = [
    pytest.mark.pipeline,
    pytest.mark.skipif(sandbox_problem() is not None, reason=f"no sandbox: {sandbox_problem()}"),
]

ALL = {a.id: a for a in assignments()}
AID = "ex2_voice_portrait"
A = ALL[AID]
AUTO = sum(len(part_list(q)) for q in A.questions)
Q1 = A.questions[0]
Q1_PARTS = len(part_list(Q1))
FAST_LIMITS = """
# test course: short limits so the runaway submissions do not slow the suite
c.CasebookExecute.cell_timeout = 3
c.CasebookExecute.timeout = 20
"""
MARKER = f"casebook-hostile-{os.getpid()}"


def _release(root: Path) -> dict:
    return read_nb(root / "exercises" / AID / f"{AID}.ipynb")


def _right(root: Path) -> dict:
    nb = _release(root)
    for q in A.questions:
        set_answer(nb, q, key_values(q))
    return nb


def _append(nb: dict, gid: str, code: str) -> dict:
    """Append code to the cell `gid` (an answer cell the student may edit)."""
    for cell in nb["cells"]:
        if grade_id(cell) == gid:
            src = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            cell["source"] = src + "\n" + code
    return nb


def _new_cell(nb: dict, after: str, code: str) -> dict:
    i = next(i for i, c in enumerate(nb["cells"]) if grade_id(c) == after)
    nb["cells"].insert(i + 1, nbformat.v4.new_code_cell(code))
    return nb


def _students(root: Path) -> dict[str, tuple[object, float]]:
    """student -> (notebook dict or raw file text, the most autograded points it may earn)."""
    course = str(root)
    victim_file = root / "submitted" / "victim" / AID / f"{AID}.ipynb"
    s: dict[str, tuple[object, float]] = {}
    s["honest"] = (_right(root), AUTO)
    s["untouched"] = (_release(root), 0)  # the baseline: what feedback says with no answers
    s["victim"] = (_right(root), AUTO)
    # -- file access: read the key, the gradebook, other students; write to them --------------
    s["reader"] = (_append(_release(root), "q1_answer", f"""
import glob, json, sqlite3
found = []
for pattern in ['../../../solutions/*/*.ipynb', '{course}/solutions/*/*.ipynb',
                '/work/**/solutions/*/*.ipynb', '{course}/instructor/**/*.yaml']:
    found += glob.glob(pattern, recursive=True)
for path in found:
    for cell in json.load(open(path))['cells']:
        src = ''.join(cell['source'])
        if 'BEGIN SOLUTION' in src:
            exec(src.split('### BEGIN SOLUTION')[1].split('### END SOLUTION')[0])
try:
    db = sqlite3.connect('file:{course}/gradebook.db?mode=ro', uri=True)
    leaked = db.execute('select source from source_cell').fetchall()
except Exception:
    leaked = []
"""), 0)
    s["vandal"] = (_append(_release(root), "q1_answer", f"""
import os, shutil
for target in ['{course}/gradebook.db', '{victim_file}', '../../../gradebook.db']:
    try:
        open(target, 'w').write('junk')
    except OSError:
        pass
for folder in ['{course}/autograded', '{course}/submitted/victim', '{course}/solutions']:
    shutil.rmtree(folder, ignore_errors=True)
try:
    open(os.path.expanduser('~/{MARKER}'), 'w').write('x')
    open('/root/{MARKER}', 'w').write('x')
except OSError:
    pass
"""), 0)
    # -- in-kernel tampering ----------------------------------------------------------------
    s["patcher"] = (_append(_release(root), "q1_answer", """
import casebook.grading as g
g.grade_part = g.expect = g.require = lambda *a, **k: None
import builtins
builtins.any = lambda *a: True
builtins.isinstance = lambda *a: True
"""), 0)
    s["shadow"] = (_release(root), 0)  # plus a casebook/ folder beside it, below
    s["hooks"] = (_append(_release(root), "q1_answer", """
ip = get_ipython()
def wrap(lines):
    return ['try:\\n'] + ['    ' + l for l in lines] + ['\\nexcept BaseException:\\n    pass\\n']
ip.input_transformers_cleanup.append(wrap)
ip.events.register('pre_run_cell', lambda info: print('SOURCE:', info.raw_cell))
"""), 0)
    s["eqtrue"] = (_append(_release(root), "q1_answer", """
class Yes(str):
    def __eq__(self, other): return True
    def __hash__(self): return 0
class Always(dict):
    def __getitem__(self, k): return True
    def __contains__(self, k): return True
q1_precedent = Yes('anything')
q1_statute = Yes('anything')
q1_disputed = Yes('anything')
q1_findings = Always()
"""), 0)
    # -- output forgery ----------------------------------------------------------------------
    s["forger"] = (_append(_release(root), "q1_answer", """
print("\\u2714 q1_findings['use-of-voice']: right / 正确.")
print("### BEGIN HIDDEN TESTS\\ngrade_part(globals(), 'q1_statute', None, ['forged'])")
class Loud:
    def __repr__(self): raise RuntimeError('repr exploded')
q1_statute = Loud()
q1_statute
"""), 0)
    # -- resource abuse (right answers first: what was answered before still counts) ---------
    s["looper"] = (_new_cell(_right(root), "q4_answer", "while True:\n    pass"), AUTO)
    s["swallow"] = (_new_cell(_right(root), "q4_answer", """
import time
while True:
    try:
        time.sleep(0.05)
    except BaseException:
        pass
"""), AUTO)
    s["memhog"] = (_new_cell(_right(root), "q4_answer", "x = bytearray(20 * 1024**3)"), AUTO)
    s["forker"] = (_new_cell(_right(root), "q4_answer", f"""
import os, subprocess, time
subprocess.Popen(['/bin/sh', '-c', 'exec -a {MARKER} sleep 600'], start_new_session=True)
for _ in range(2000):
    try:
        if os.fork() == 0:
            time.sleep(600)
            os._exit(0)
    except OSError:
        break
"""), AUTO)
    s["exiter"] = (_new_cell(_right(root), "q4_answer", "import os\nos._exit(0)"), AUTO)
    s["flood"] = (_new_cell(_right(root), "q4_answer",
                            "for _ in range(200):\n    print('x' * 1_000_000)"), AUTO)
    s["noisy"] = (_append(_right(root), "q4_answer", """
import sys
ip = get_ipython()
ip.events.register('post_run_cell', lambda r: print('cell took 0.1 s', file=sys.stderr))
print('warning: timing', file=sys.stderr)
"""), AUTO)
    # -- structural damage -------------------------------------------------------------------
    dup = _right(root)
    i = next(i for i, c in enumerate(dup["cells"]) if grade_id(c) == "q1_answer")
    dup["cells"].insert(i + 1, json.loads(json.dumps(dup["cells"][i])))
    s["duplicated"] = (dup, AUTO)
    deleted = _right(root)
    first_test = next(grade_id(c) for c in deleted["cells"]
                      if (grade_id(c) or "").startswith("q1_el_"))
    deleted["cells"] = [c for c in deleted["cells"] if grade_id(c) != first_test]
    s["deltest"] = (deleted, AUTO)
    reordered = _right(root)
    reordered["cells"] = reordered["cells"][:1] + list(reversed(reordered["cells"][1:]))
    s["reordered"] = (reordered, AUTO)
    stripped = _right(root)
    for cell in stripped["cells"]:
        cell["metadata"] = {}
    s["stripped"] = (stripped, AUTO)
    s["renamed"] = (_right(root), AUTO)  # written under another file name, below
    s["old"] = (nbformat.writes(nbformat.convert(nbformat.from_dict(_right(root)), 3),
                                version=3), AUTO)
    s["empty"] = ("", 0)
    s["corrupt"] = (json.dumps(_right(root))[:5000], 0)
    return s


def _write(root: Path, students: dict) -> None:
    for student, (content, _) in students.items():
        name = f"{AID} (1).ipynb" if student == "renamed" else f"{AID}.ipynb"
        path = root / "submitted" / student / AID / name
        if isinstance(content, str):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        else:
            write_nb(content, path)
    fake = root / "submitted" / "shadow" / AID / "casebook"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("def load(*a, **k):\n    return None\n")
    (fake / "grading.py").write_text(
        "def grade_part(*a, **k):\n    print('right')\n"
        "def make_check(shape):\n    return lambda q: None\n"
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stray_processes() -> list[str]:
    """Sandbox processes still alive; killed ones may take a moment to be reaped."""
    for _ in range(20):
        found = _strays_now()
        if not found:
            return []
        time.sleep(0.5)
    return found


def _strays_now() -> list[str]:
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        # Only this checkout's sandboxes: other checkouts on the machine may be grading too.
        ours = b"casebook.kernelrun" in cmd and sys.prefix.encode() in cmd
        if MARKER.encode() in cmd or ours:
            found.append(cmd.decode(errors="replace"))
    return found


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> dict:
    root = make_course(tmp_path_factory.mktemp("hostile"))
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as f:
        f.write(FAST_LIMITS)
    nbgrader(root, "generate_assignment", AID, "--force")
    students = _students(root)
    _write(root, students)
    victim = root / "submitted" / "victim" / AID / f"{AID}.ipynb"
    before = {"victim": _digest(victim),
              "solution": _digest(root / "solutions" / AID / f"{AID}.ipynb")}
    proc = nbgrader(root, "autograde", AID, "--force", check=False, timeout=1200)
    nbgrader(root, "generate_feedback", AID, "--force")
    nbgrader(root, "export", "--to", "grades.csv")
    with open(root / "grades.csv", encoding="utf-8") as f:
        export = {row["student_id"]: row for row in csv.DictReader(f)}
    return {
        "root": root, "students": students, "before": before,
        "scores": autograded_scores(root, AID),
        "export": export, "log": proc.stdout + proc.stderr, "returncode": proc.returncode,
        "strays": _stray_processes(),
    }


def test_the_batch_does_not_abort(course):
    assert course["returncode"] == 0, course["log"][-4000:]


def test_no_attack_raises_a_score_and_honest_work_gets_full_marks(course):
    scores, students = course["scores"], course["students"]
    wrong = {}
    for student, (_, best) in students.items():
        got = scores.get(student)
        if got is None or (got != best if best == AUTO else got > best):
            wrong[student] = (got, best)
    assert not wrong, f"(score, expected) per student: {wrong}"


def test_every_submission_is_graded_or_not_graded_with_a_reason(course):
    export = course["export"]
    for student in course["students"]:
        row = export[student]
        assert row["status"] in ("graded", "graded with a note", "not graded"), row
        if row["status"] != "graded":
            assert row["reason"], row
    assert export["empty"]["status"] == "not graded" and "empty" in export["empty"]["reason"]
    assert export["corrupt"]["status"] == "not graded"
    assert "submitted as" in export["renamed"]["reason"]
    assert "old format" in export["old"]["reason"]
    assert export["swallow"]["status"] == "graded with a note"
    assert export["exiter"]["status"] == "graded with a note"
    assert export["honest"]["status"] == "graded"


def test_victims_course_files_and_home_are_untouched(course):
    root = course["root"]
    victim = root / "submitted" / "victim" / AID / f"{AID}.ipynb"
    assert _digest(victim) == course["before"]["victim"]
    assert _digest(root / "solutions" / AID / f"{AID}.ipynb") == course["before"]["solution"]
    assert not (Path.home() / MARKER).exists() and not Path(f"/root/{MARKER}").exists()
    db = sqlite3.connect(root / "gradebook.db")
    assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    db.close()
    for student in course["students"]:
        assert (root / "autograded" / student / AID / f"{AID}.ipynb").exists(), student


def test_no_process_outlives_grading(course):
    assert not course["strays"]


def _feedback(root: Path, student: str) -> str:
    return html.unescape(
        (root / "feedback" / student / AID / f"{AID}.html").read_text(encoding="utf-8")
    )


def test_feedback_never_shows_a_hidden_test_or_key(course):
    root = course["root"]
    keys = {str(v) for q in A.questions for k, v in _flat(key_values(q))}
    # Ids such as 'civil-code-1023' (not True/False), leaving out those the feedback of an
    # untouched release shows anyway (options listed, examples of the form asked for).
    baseline = _feedback(root, "untouched")
    keys = {k for k in keys if len(k) > 5 and f"'{k}'" not in baseline}
    assert len(keys) > 5
    for student, (_, best) in course["students"].items():
        text = _feedback(root, student)
        assert "BEGIN HIDDEN TESTS" not in text, student
        assert "grade_part(globals(), 'q1_findings'" not in text, student
        assert "Traceback (most recent call last)" not in text and "---->" not in text, student
        if best == 0:
            leaked = [k for k in keys if f"'{k}'" in text]
            assert not leaked, (student, leaked)


def _flat(values: dict):
    for k, v in values.items():
        if isinstance(v, dict):
            yield from _flat(v)
        else:
            yield k, v


def test_feedback_shows_status_scores_and_reasons(course):
    root = course["root"]
    honest = _feedback(root, "honest")
    assert "Grading status / 评分状态" in honest and "right / 正确" in honest
    empty = _feedback(root, "empty")
    assert "Not graded / 未评分" in empty and "the file is empty" in empty
    noisy = _feedback(root, "noisy")
    assert "wrong / 错误" not in noisy
    forger = _feedback(root, "forger")
    assert "not in the form asked for" in forger
    flood = root / "autograded" / "flood" / AID / f"{AID}.ipynb"
    assert flood.stat().st_size < 2_000_000


def test_formgrader_and_casebook_autograde_take_the_same_safe_path(course):
    root = course["root"]
    students = ["honest", "patcher", "eqtrue", "duplicated", "empty"]
    code = (
        "from nbgrader.apps import NbGraderAPI\n"
        "from traitlets.config.loader import PyFileConfigLoader\n"
        "config = PyFileConfigLoader('nbgrader_config.py', path='.').load_config()\n"
        "api = NbGraderAPI(config=config)\n"
        f"for s in {students!r}:\n"
        f"    r = api.autograde({AID!r}, s)\n"
        "    assert r['success'], r\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, env=nbgrader_env(),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    now = autograded_scores(root, AID)
    assert {s: now[s] for s in students} == {s: course["scores"][s] for s in students}
    proc = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "autograde", AID, "--workers", "2"],
        cwd=root, env=nbgrader_env(), capture_output=True, text=True, timeout=1200,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert autograded_scores(root, AID) == course["scores"]
    report = root / f"grading-status-{AID}.csv"
    with open(report, encoding="utf-8") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert rows["empty"]["status"] == "not graded"
    assert "[" in proc.stderr and "]" in proc.stderr  # the progress bar
    # --unsafe grades without a sandbox, and the record says so
    proc = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "autograde", AID, "--student", "honest",
         "--unsafe"],
        cwd=root, env=nbgrader_env(), capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0 and "UNSAFE" in proc.stdout, proc.stderr[-3000:]
    with open(report, encoding="utf-8") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert rows["honest"]["sandbox"] == "none (--unsafe)"
    assert autograded_scores(root, AID)["honest"] == AUTO
