"""Shared helpers for the exercise tests: load the instructor spec, run nbgrader, edit notebooks."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"


def _solutions_module(name: str) -> ModuleType:
    if str(SOLUTIONS) not in sys.path:
        sys.path.insert(0, str(SOLUTIONS))
    return importlib.import_module(name)


def spec() -> ModuleType:
    return _solutions_module("exercise_spec")


def builder() -> ModuleType:
    return _solutions_module("exercise_build")


def nbmeta() -> ModuleType:
    return _solutions_module("nbmeta")


def nbgrader_env() -> dict[str, str]:
    """The environment for nbgrader subprocesses: the venv's bin first (nbgrader runs `alembic`)."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("JUPYTER_CONFIG_DIR", None)
    env["PYTHONWARNINGS"] = "ignore"  # warnings are not under test in the child processes
    return env


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `nbgrader ARGS` in the course directory; raise with its log if it fails."""
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        raise AssertionError(
            f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


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
    b = builder()
    for cell in nb["cells"]:
        if grade_id(cell) == f"{question.qid}_answer":
            cell["source"] = b.answer_code(question, values)
    return nb


def drop_cell(nb: dict, gid: str) -> dict:
    nb["cells"] = [c for c in nb["cells"] if grade_id(c) != gid]
    return nb
