"""nbgrader preprocessor that grades outside the student's kernel: answers from a sandbox, key here.

`CasebookExecute` replaces nbgrader's `Execute` (see nbgrader_config.py). It runs the student's
code cells (never the hidden tests) in a sandbox, takes back only the answer variables as plain
data, and runs the hidden tests, read from the gradebook, in this process against a namespace
holding those answers alone. Test cell outputs are made here: stdout feedback when a part is
right, one plain error line when it is not; no traceback, key or hidden source.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import hashlib
import io
import json
import threading
from collections.abc import Iterable
from typing import Any

from traitlets import Bool, Float, Integer

from .kernelrun import MAX_DEPTH, NOT_PLAIN
from .repair import META, NBGRADER
from .sandbox import Limits, RunResult, SandboxUnavailable, Worker, sandbox_problem

try:  # nbgrader is an optional (instructor) dependency
    from nbgrader.preprocessors import NbGraderPreprocessor
except ImportError:  # pragma: no cover - the package works without the lab extra
    from nbconvert.preprocessors import Preprocessor as NbGraderPreprocessor

__all__ = [
    "CasebookExecute",
    "answer_names",
    "from_plain",
    "job_cells",
    "precompute",
    "run_hidden_test",
]

# Functions of casebook.grading whose second argument names an answer variable.
GRADING_CALLS = {"grade_part", "expect", "require", "problems"}
NOT_GRADED = "not graded"
GRADED = "graded"
GRADED_NOTE = "graded with a note"
GENERIC_WRONG = "This part is not right. / 此部分不正确。"
STATUS_TEXT = {
    "timeout": "the notebook ran longer than the time allowed and was stopped; the answers it "
    "had set by then were graded",
    "died": "the notebook's Python process ended early (for example a crash, os._exit or too "
    "much memory); the answers it had set by then were graded",
    "unreadable": "the answers could not be read back",
    "disk": "the notebook wrote more to disk than allowed and was stopped; the answers it had "
    "set by then were graded",
}
# Results `casebook autograde` computed in parallel, keyed by (student, assignment, notebook).
_PRECOMPUTED: dict[tuple[str, str, str], tuple[str, Any]] = {}
_LOCK = threading.Lock()
_ON_GRADED: list = [None]


def answer_names(test_sources: Iterable[str]) -> list[str]:
    """The variables the hidden tests read: each `grade_part(globals(), 'name', ...)` name,
    and every free name a plain test uses (`assert q1 == 3`)."""
    names: set[str] = set()
    for source in test_sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
                 and isinstance(n.ctx, ast.Store)}
        for node in ast.walk(tree):
            if isinstance(node, ast.alias):
                bound.add((node.asname or node.name).split(".")[0])
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and len(node.args) >= 2:
                fn = node.func
                fname = fn.id if isinstance(fn, ast.Name) else getattr(fn, "attr", None)
                arg = node.args[1]
                if fname in GRADING_CALLS and isinstance(arg, ast.Constant) and isinstance(
                    arg.value, str
                ):
                    names.add(arg.value)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                if node.id not in bound and not hasattr(builtins, node.id):
                    names.add(node.id)
    return sorted(names)


def from_plain(value: Any, _depth: int = 0) -> Any:
    """JSON from the sandbox as Python values; markers and floats become NotPlainAnswer."""
    from .grading import NotPlainAnswer

    kind = type(value)
    if value is None or kind in (bool, int, str):
        return value
    if _depth > MAX_DEPTH:  # the student can write the answers file itself, nested at will
        return NotPlainAnswer("too large")
    if kind is list:
        return [from_plain(v, _depth + 1) for v in value]
    if kind is dict:
        if NOT_PLAIN in value:
            label = value[NOT_PLAIN]
            return NotPlainAnswer(label if type(label) is str else "object")
        return {str(k): from_plain(v, _depth + 1) for k, v in value.items()}
    return NotPlainAnswer(kind.__name__)


def run_hidden_test(source: str, answers: dict[str, Any]) -> list[dict]:
    """Outputs of one hidden test run here against `answers` only: stdout, then an error line
    if the part is not earned. Messages come from casebook.grading's plain errors; any other
    failure shows a fixed sentence, so a test's own code or values never reach the student."""
    from .grading import _CleanError

    namespace: dict[str, Any] = {"__builtins__": builtins, "__name__": "__main__"}
    namespace.update(answers)
    out = io.StringIO()
    error = None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            exec(compile(source, "<hidden test>", "exec"), namespace)
    except _CleanError as exc:
        error = (type(exc).__name__, str(exc))
    except Exception:
        error = ("NotExpectedAnswer", GENERIC_WRONG)
    outputs = []
    if out.getvalue():
        outputs.append({"output_type": "stream", "name": "stdout", "text": out.getvalue()})
    if error:
        outputs.append(_error(*error))
    return outputs


def _error(ename: str, evalue: str) -> dict:
    return {"output_type": "error", "ename": ename, "evalue": evalue,
            "traceback": [f"{ename}: {evalue}"]}


def _nbg(cell) -> dict:
    meta = cell.get("metadata", {}).get(NBGRADER, {})
    return meta if isinstance(meta, dict) else {}


def _source(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def job_cells(nb, tests: set[str], locked: dict[str, str]) -> list[dict]:
    """The code cells the sandbox runs: every code cell but the tests; locked cells as the
    gradebook holds them."""
    cells = []
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        gid = _nbg(cell).get("grade_id")
        if gid in tests:
            continue
        source = locked.get(gid, _source(cell)) if gid else _source(cell)
        cells.append({"index": index, "source": source})
    return cells


def job_hash(cells: list[dict], names: list[str]) -> str:
    data = json.dumps([cells, names], sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()


def precompute(student: str, assignment: str, notebook: str, digest: str, future) -> None:
    """Register a sandbox run started by `casebook autograde` for the preprocessor to use."""
    with _LOCK:
        _PRECOMPUTED[(student, assignment, notebook)] = (digest, future)


def forget_precomputed() -> None:
    with _LOCK:
        _PRECOMPUTED.clear()


def on_graded(callback) -> None:
    """Call `callback(student)` after each notebook is graded (a progress bar), or None."""
    _ON_GRADED[0] = callback


def _take_precomputed(key: tuple[str, str, str], digest: str) -> RunResult | None:
    with _LOCK:
        entry = _PRECOMPUTED.pop(key, None)
    if entry is None or entry[0] != digest:
        return None
    return entry[1].result()


def gradebook_cells(db_url: str, notebook: str, assignment: str):
    """(test sources by grade id, locked sources by grade id) from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        nb = gb.find_notebook(notebook, assignment)
        graded = {c.name for c in nb.grade_cells}
        solutions = {c.name for c in nb.solution_cells}
        tests, locked = {}, {}
        for c in nb.source_cells:
            if c.cell_type != "code":
                continue
            if c.name in graded and c.name not in solutions:
                tests[c.name] = c.source
            elif c.locked:
                locked[c.name] = c.source
    return tests, locked


class CasebookExecute(NbGraderPreprocessor):
    """Runs a submission in a sandbox and grades its plain answers against the key here."""

    unsafe = Bool(
        False, help="Run student code without a sandbox (only for trusted submissions)."
    ).tag(config=True)
    cell_timeout = Float(30, help="Seconds one cell may run.").tag(config=True)
    timeout = Float(120, help="Seconds a whole notebook may run.").tag(config=True)
    memory_mb = Integer(3072, help="Memory (address space) a submission may use, in MB.").tag(
        config=True
    )
    processes = Integer(64, help="Processes and threads a submission may run at once.").tag(
        config=True
    )
    disk_mb = Integer(
        512, help="Disk a submission may write (its folder, /tmp and output), in MB."
    ).tag(config=True)
    output_chars = Integer(20_000, help="Characters of output kept per cell and stream.").tag(
        config=True
    )

    def limits(self) -> Limits:
        return Limits(
            cell_seconds=self.cell_timeout, notebook_seconds=self.timeout,
            cpu_seconds=int(self.timeout) + 5, memory_bytes=self.memory_mb * 1024**2,
            processes=self.processes, output_chars=self.output_chars,
            disk_bytes=self.disk_mb * 1024**2,
        )

    def _submitted(self, student: str, assignment: str):
        """The student's submitted folder (never autograded/, which also holds the
        instructor's non-notebook source files)."""
        from pathlib import Path

        from nbgrader.coursedir import CourseDirectory

        cd = CourseDirectory(config=self.config)
        return Path(cd.format_path(cd.submitted_directory, student, assignment))

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        student, assignment, notebook = info["student"], info["assignment"], info["notebook"]
        tests, locked = gradebook_cells(info["db_url"], notebook, assignment)
        names = answer_names(tests.values())
        meta = dict(nb.metadata.get(META, {}))
        notes = [n for n in meta.get("notes", []) if isinstance(n, str)]
        not_graded = meta.get("not_graded")
        result = None
        if not not_graded:
            cells = job_cells(nb, set(tests), locked)
            digest = job_hash(cells, names)
            result = _take_precomputed((student, assignment, notebook), digest)
            if result is None:
                if not self.unsafe and sandbox_problem():
                    raise SandboxUnavailable(sandbox_problem() or "")
                result = Worker(self.limits(), unsafe=self.unsafe).run(
                    self._submitted(student, assignment), cells, names
                )
            if result.status != "done":
                notes.append(STATUS_TEXT.get(result.status, result.status))
        answers = {k: from_plain(v) for k, v in (result.answers if result else {}).items()
                   if k in names}
        by_index = {c.get("index"): c for c in (result.cells if result else [])
                    if isinstance(c, dict)}
        count = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            count += 1
            cell.execution_count = count
            gid = _nbg(cell).get("grade_id")
            if gid in tests:
                if not_graded:
                    cell.outputs = _as_nodes([_error("NotGraded", f"{NOT_GRADED}: {not_graded}")])
                else:
                    cell.outputs = _as_nodes(run_hidden_test(tests[gid], answers))
            else:
                cell.outputs = _as_nodes(_student_outputs(by_index.get(index)))
        if not_graded:
            status, reason = NOT_GRADED, not_graded
        else:
            status = GRADED_NOTE if notes else GRADED
            reason = "; ".join(notes)
        nb.metadata[META] = {
            "status": status,
            "reason": _writable(reason),
            "sandbox": "none (--unsafe)" if self.unsafe else "bubblewrap",
            "seconds": round(result.seconds, 2) if result else 0,
        }
        if _ON_GRADED[0] is not None:
            _ON_GRADED[0](student)
        return nb, resources


def _student_outputs(entry: dict | None) -> list[dict]:
    """A student cell's outputs from the sandbox, rebuilt field by field (never trusted as is)."""
    if not entry:
        return []
    outs = []
    for out in entry.get("outputs", [])[:20] if isinstance(entry.get("outputs"), list) else []:
        if not isinstance(out, dict):
            continue
        if out.get("output_type") == "stream" and isinstance(out.get("text"), str):
            name = "stderr" if out.get("name") == "stderr" else "stdout"
            outs.append({"output_type": "stream", "name": name, "text": out["text"][:20_000]})
        elif out.get("output_type") == "display_data" and isinstance(out.get("data"), dict):
            data = {k: v for k, v in out["data"].items()
                    if k in ("text/plain", "image/png") and isinstance(v, str)}
            if data:
                outs.append({"output_type": "display_data", "data": data, "metadata": {}})
    err = entry.get("error")
    if isinstance(err, dict):
        outs.append(_error(str(err.get("ename", "Error"))[:100], str(err.get("evalue", ""))[:500]))
    return outs


def _as_nodes(outputs: list[dict]) -> list:
    from nbformat import from_dict

    return [from_dict(_writable(o)) for o in outputs]


def _writable(value: Any) -> Any:
    """`value` with lone surrogates replaced: a student can print or raise with them, and
    nbgrader could then not write the graded notebook (UnicodeEncodeError), losing it."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_writable(v) for v in value]
    if isinstance(value, dict):
        return {k: _writable(v) for k, v in value.items()}
    return value
