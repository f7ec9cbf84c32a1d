"""Grades a synthetic class with plain nbgrader and with `casebook autograde`, and compares.

Builds, in two temporary copies of the course, the same class of submissions across all
assignments (right, wrong, half-right and broken ones mixed), then grades it
- with `nbgrader autograde` as nbgrader ships it: serial, hidden tests in the student's own
  kernel, no sandbox (the copy's nbgrader_config.py puts nbgrader's default preprocessors back);
- with `casebook autograde --workers W` (sandboxed, parallel).
It checks that both give every honest submission the same score, prints the sandbox's own
overhead per submission, and as last line:
`class grading: N submissions, nbgrader S s, casebook P s with W workers, speedup X.XXx`
Run: python benchmarks/class_grading.py [--students-per-assignment 21] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAIN_NBGRADER = """

# --- benchmark: nbgrader as it ships (serial, in-kernel hidden tests, no sandbox) ---
from nbgrader.plugins import CsvExportPlugin as _Csv
from nbgrader.preprocessors import CheckCellMetadata as _Check
from nbgrader.preprocessors import Execute as _Execute

c.Autograde.pre_convert_hook = None
c.Autograde.autograde_preprocessors = [
    _Execute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
    AssignLatePenalties, _Check,
]
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]
c.ExportApp.plugin_class = _Csv
"""
# Kinds of submission, in turn; "broken" ones are graded but not compared (plain nbgrader
# loses them, which is the point of the repair step).
HONEST = ("right", "untouched", "halfright", "wrongtype", "noisy")
BROKEN = ("empty", "duplicated", "crash")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONWARNINGS"] = "ignore"
    return env


def _run(cmd: list[str], cwd: Path, check: bool = True) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return time.perf_counter() - start


def _course(dest: Path, plain: bool) -> Path:
    dest.mkdir(parents=True)
    shutil.copytree(ROOT / "solutions", dest / "solutions",
                    ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    (dest / "nbgrader_config.py").write_text(config + (PLAIN_NBGRADER if plain else ""),
                                             encoding="utf-8")
    return dest


def _gid(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _submission(kind: str, src: dict, rel: dict, a, index: int) -> str | dict:
    """One notebook of the given kind (a dict), or raw file text for a damaged file."""
    from casebook.exbuild import answer_code, key_values

    nb = json.loads(json.dumps(rel))
    if kind == "untouched":
        return nb
    if kind == "empty":
        return ""
    answers = {q.id: key_values(q) for q in a.questions}
    if kind == "halfright":
        for qi, q in enumerate(a.questions):
            if (qi + index) % 2:
                answers[q.id] = {}
    if kind == "wrongtype":
        for q in a.questions:
            if q.findings:
                first = q.findings[0]
                answers[q.id]["findings"][first.element] = "yes" if first.key else "no"
                break
    for cell in nb["cells"]:
        gid = _gid(cell) or ""
        for q in a.questions:
            if gid == f"{q.id}_answer":
                code = answer_code(q, answers[q.id] or None)
                if kind == "noisy":
                    code = "import sys\nprint('timing: 0.1 s', file=sys.stderr)\n" + code
                if kind == "crash" and q is a.questions[-1]:
                    code += "\nimport os\nos._exit(0)"
                cell["source"] = code
    if kind == "duplicated":
        i = next(i for i, c in enumerate(nb["cells"]) if (_gid(c) or "").endswith("_answer"))
        nb["cells"].insert(i + 1, json.loads(json.dumps(nb["cells"][i])))
    return nb


def _scores(course: Path) -> dict[tuple[str, str], float]:
    db = sqlite3.connect(course / "gradebook.db")
    rows = db.execute(
        "select a.name, s.student_id, sum(coalesce(g.auto_score, 0)) from grade g "
        "join submitted_notebook n on g.notebook_id = n.id "
        "join submitted_assignment s on n.assignment_id = s.id "
        "join assignment a on s.assignment_id = a.id group by a.name, s.student_id"
    ).fetchall()
    db.close()
    return {(a, s): score for a, s, score in rows}


def _sandbox_overhead(n: int = 4) -> tuple[float, float]:
    """Seconds to start a warm worker and run one trivial cell, with and without bubblewrap."""
    from casebook.sandbox import Worker

    out = []
    for unsafe in (False, True):
        times = []
        for _ in range(n):
            start = time.perf_counter()
            Worker(unsafe=unsafe).run(None, [{"index": 0, "source": "x = 1"}], ["x"])
            times.append(time.perf_counter() - start)
        out.append(statistics.median(times))
    return out[0], out[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students-per-assignment", type=int, default=21)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    from casebook.exercises import check_exercises

    assignments = check_exercises(ROOT / "instructor" / "exercises")
    kinds = HONEST * 3 + BROKEN
    with tempfile.TemporaryDirectory(prefix="class-grading-") as tmp:
        plain = _course(Path(tmp) / "plain", plain=True)
        safe = _course(Path(tmp) / "casebook", plain=False)
        for course in (plain, safe):
            for a in assignments:
                _run([sys.executable, "-m", "nbgrader", "generate_assignment", a.id, "--force"],
                     course)
        plan: dict[tuple[str, str], str] = {}
        for a in assignments:
            src = json.loads((safe / "solutions" / a.id / f"{a.id}.ipynb").read_text("utf-8"))
            rel = json.loads((safe / "exercises" / a.id / f"{a.id}.ipynb").read_text("utf-8"))
            for i in range(args.students_per_assignment):
                kind = kinds[i % len(kinds)]
                student = f"s{i:03d}"
                plan[(a.id, student)] = kind
                content = _submission(kind, src, rel, a, i)
                text = content if isinstance(content, str) else json.dumps(content, indent=1)
                for course in (plain, safe):
                    path = course / "submitted" / student / a.id / f"{a.id}.ipynb"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text, encoding="utf-8")
        n = len(plan)
        print(f"{n} submissions over {len(assignments)} assignments "
              f"({', '.join(sorted(set(plan.values())))})", flush=True)

        nb_secs = 0.0
        for a in assignments:
            secs = _run([sys.executable, "-m", "nbgrader", "autograde", a.id, "--force"], plain,
                        check=False)
            nb_secs += secs
            print(f"  nbgrader autograde {a.id}: {secs:.1f} s", flush=True)
        cb_secs = 0.0
        for a in assignments:
            secs = _run([sys.executable, "-m", "casebook.cli", "autograde", a.id,
                         "--workers", str(args.workers)], safe)
            cb_secs += secs
            print(f"  casebook autograde {a.id}: {secs:.1f} s", flush=True)

        got_plain, got_safe = _scores(plain), _scores(safe)
        differ = [(k, got_plain.get(k), got_safe.get(k)) for k, kind in plan.items()
                  if kind in HONEST and got_plain.get(k) != got_safe.get(k)]
        honest = sum(kind in HONEST for kind in plan.values())
        lost = [k for k, kind in plan.items() if kind in BROKEN and k not in got_safe]
        runs = []
        for (aid, student) in plan:
            path = safe / "autograded" / student / aid / f"{aid}.ipynb"
            if path.exists():
                meta = json.loads(path.read_text("utf-8"))["metadata"].get("casebook", {})
                if meta.get("seconds"):
                    runs.append(meta["seconds"])
        boxed, bare = _sandbox_overhead()
        print(f"honest submissions with equal scores: {honest - len(differ)}/{honest}")
        for k, a_score, b_score in differ:
            print(f"  DIFFERENT {k}: nbgrader {a_score}, casebook {b_score}")
        print(f"broken submissions recorded by casebook: {len(plan) - honest - len(lost)}"
              f"/{len(plan) - honest}")
        if runs:
            print(f"sandbox run per submission (cells + answers out): median "
                  f"{statistics.median(runs):.2f} s, max {max(runs):.2f} s")
        print(f"sandbox overhead per submission (bubblewrap vs none, start + one cell): "
              f"{boxed:.2f} s vs {bare:.2f} s = {boxed - bare:+.2f} s")
        speedup = nb_secs / cb_secs if cb_secs else float("nan")
        print(f"class grading: {n} submissions, nbgrader {nb_secs:.1f} s, casebook "
              f"{cb_secs:.1f} s with {args.workers} workers, speedup {speedup:.2f}x")
        return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
