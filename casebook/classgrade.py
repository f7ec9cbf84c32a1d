"""`casebook autograde`: a whole class graded in parallel sandboxes, recorded by nbgrader serially.

Submissions are repaired, then their code runs in a pool of pre-started sandboxed workers (one
fresh worker per submission). nbgrader's own autograde, with the course's nbgrader_config.py,
then walks the class in order and records each grade through its API (one writer to the
gradebook); its CasebookExecute step picks up the finished sandbox run instead of starting one,
so the scores are exactly those `nbgrader autograde` gives.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

import nbformat

from .exceptions import CasebookError
from .repair import META, repair_folder
from .sandbox import Pool, SandboxUnavailable, sandbox_problem

__all__ = ["autograde"]

STATUS_FILE = "grading-status-{assignment}.csv"


def _progress(done: int, total: int, label: str, out=sys.stderr) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    bar = "#" * filled + "-" * (width - filled)
    end = "\n" if done >= total else ""
    print(f"\r[{bar}] {done}/{total} {label[:40]:40}", end=end, file=out, flush=True)


@contextlib.contextmanager
def _cwd(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def _config(root: Path):
    """The course's nbgrader configuration, read as nbgrader reads it."""
    from traitlets.config.loader import PyFileConfigLoader

    with _cwd(root):
        return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()


def autograde(
    assignment: str,
    course: str | Path = ".",
    student: str | None = None,
    workers: int = 2,
    unsafe: bool = False,
    quiet: bool = False,
) -> list[dict]:
    """Grade `assignment` for every student (or one) and return the class report rows."""
    from nbgrader.apps import AutogradeApp
    from nbgrader.coursedir import CourseDirectory

    from . import safegrade
    from .gradeexport import class_report

    root = Path(course).resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise CasebookError(
            f"{root} has no nbgrader_config.py: run this in the course folder or pass --course"
        )
    config = _config(root)
    unsafe = unsafe or bool(config.CasebookExecute.get("unsafe", False))
    if not unsafe and sandbox_problem():
        raise SandboxUnavailable(sandbox_problem() or "")
    cd = CourseDirectory(config=config)
    source = root / cd.source_directory / assignment
    submitted = root / cd.submitted_directory
    folders = sorted(
        p / assignment for p in submitted.iterdir()
        if (p / assignment).is_dir() and (student is None or p.name == student)
    ) if submitted.is_dir() else []
    limits = safegrade.CasebookExecute(config=config).limits()
    total = len(folders)
    started = time.perf_counter()
    pool = Pool(max(1, workers), limits, unsafe=unsafe) if folders else None
    try:
        with _cwd(root):
            # The hidden tests are read from the gradebook, as the preprocessor reads them.
            plans = []
            for folder in folders:
                repair_folder(folder, source)
                for path in sorted(folder.glob("*.ipynb")):
                    plans.append((folder.parent.name, path))
            db_url = cd.db_url
            cache: dict[str, tuple] = {}
            for sid, path in plans:
                name = path.stem
                if name not in cache:
                    try:
                        tests, locked = safegrade.gradebook_cells(db_url, name, assignment)
                    except Exception:  # not in the gradebook: nbgrader skips it as well
                        cache[name] = None
                        continue
                    cache[name] = (tests, locked, safegrade.answer_names(tests.values()))
                if cache[name] is None:
                    continue
                tests, locked, names = cache[name]
                nb = nbformat.read(str(path), as_version=4)
                if nb.metadata.get(META, {}).get("not_graded"):
                    continue
                cells = safegrade.job_cells(nb, set(tests), locked)
                future = pool.submit(path.parent, cells, names)
                safegrade.precompute(sid, assignment, name, safegrade.job_hash(cells, names),
                                     future)
            done = [0]

            def step(sid: str) -> None:
                done[0] += 1
                if not quiet:
                    _progress(min(done[0], total), total, sid)

            safegrade.on_graded(step)
            argv = [assignment, "--force", "--log-level=ERROR"]
            if student is not None:
                argv.append(f"--student={student}")
            if unsafe:
                argv.append("--CasebookExecute.unsafe=True")
            app = AutogradeApp()
            try:
                app.initialize(argv)
                app.start()
            except SystemExit:  # nbgrader exits 1 if any submission failed; they are reported
                pass
            finally:
                safegrade.on_graded(None)
                AutogradeApp.clear_instance()
            rows = class_report(
                db_url, root / cd.autograded_directory,
                root / STATUS_FILE.format(assignment=assignment), assignment,
            )
    finally:
        if pool is not None:
            pool.close()
        safegrade.forget_precomputed()
    rows = [r for r in rows if student is None or r["student_id"] == student]
    if not quiet:
        _summary(rows, assignment, time.perf_counter() - started, workers, unsafe, root)
    return rows


def _summary(rows, assignment, seconds, workers, unsafe, root) -> None:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    shown = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    print(f"{assignment}: {shown} ({seconds:.1f} s, {workers} workers"
          f"{', UNSAFE: no sandbox' if unsafe else ''})")
    for r in rows:
        if r["status"] not in ("graded", "no submission"):
            print(f"  {r['student_id']}: {r['status']}: {r['reason']}")
    print(f"class report: {root / STATUS_FILE.format(assignment=assignment)}")
