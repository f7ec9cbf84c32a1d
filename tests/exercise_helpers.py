"""Shared helpers for the exercise tests: load the instructor YAML, run nbgrader, edit notebooks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"


INSTRUCTOR = ROOT / "instructor" / "exercises"


def assignments() -> list:
    """The instructor's assignments, validated (raises DataError naming file and field)."""
    from casebook.exercises import check_exercises

    return check_exercises(INSTRUCTOR)


def nbgrader_env() -> dict[str, str]:
    """The environment for nbgrader subprocesses: the venv's bin first (nbgrader runs `alembic`)."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("JUPYTER_CONFIG_DIR", None)
    env["PYTHONWARNINGS"] = "ignore"  # warnings are not under test in the child processes
    return env


def nbgrader(course: Path, *args: str, check: bool = True,
             timeout: float = 600) -> subprocess.CompletedProcess:
    """Run `nbgrader ARGS` in the course directory; unless `check` is off, raise with its log
    if it fails (tests of a whole batch check the exit status themselves)."""
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def autograded_scores(course: Path, aid: str) -> dict[str, float]:
    """Autograded points per student for one assignment (written answers left out), read from
    the course's gradebook."""
    from casebook.gradereport import load_grades

    g = load_grades(course / "gradebook.db")
    g = g[(g["assignment"] == aid) & ~g["grade_id"].str.endswith("_written")]
    return {s: float(v) for s, v in g.groupby("student")["auto_score"].sum().items()}


def make_course(dest: Path) -> Path:
    """A fresh course directory holding a copy of solutions/ and nbgrader_config.py."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SOLUTIONS, dest / "solutions", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    return dest


def read_nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write_nb(nb: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def grade_id(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def set_answer(nb: dict, question, values: dict) -> dict:
    """The notebook with the answer cell of `question` set to `values` (see answer_code)."""
    from casebook.exbuild import answer_code

    for cell in nb["cells"]:
        if grade_id(cell) == f"{question.id}_answer":
            cell["source"] = answer_code(question, values)
    return nb


def drop_cell(nb: dict, gid: str) -> dict:
    nb["cells"] = [c for c in nb["cells"] if grade_id(c) != gid]
    return nb
