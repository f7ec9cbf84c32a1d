"""Inside the sandbox: runs one submission's code cells and writes its answers out as plain data.

Started as `python -I -m casebook.kernelrun OUTDIR` by casebook.sandbox, before the submission
is known (a warm worker). It imports what notebooks need, then reads one job (JSON on stdin),
drops privileges, applies resource limits and runs the cells in an in-process IPython shell.
After every cell it writes `OUTDIR/result.json`: the answer variables as exact bool, str, int,
dict, list or None (anything else is marked not plain) and each cell's capped text outputs.
Nothing here is trusted by the grader: the student's code runs in this same process and could
write anything; the grader reads only plain data and compares it with the key itself.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from typing import Any

__all__ = ["NOT_PLAIN", "plain"]

# Marker for a value that is not plain data; the grader turns it into "not in the form asked for".
NOT_PLAIN = "__casebook_not_plain__"
MAX_DEPTH = 8
MAX_ITEMS = 2000
MAX_STR = 2000


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_ITEMS


def plain(value: Any, _depth: int = 0, _budget: _Budget | None = None) -> Any:
    """`value` copied as JSON data if it is exactly bool/str/int/None or a dict/list of them.

    `type(x) is ...` (not isinstance) refuses subclasses, whose `__eq__` or `__hash__` a
    student could have rewritten; builtins' own methods are used to walk containers.
    Anything else becomes `{NOT_PLAIN: "<type name>"}`.
    """
    budget = _budget or _Budget()
    budget.left -= 1
    kind = type(value)
    if budget.left < 0 or _depth > MAX_DEPTH:
        return {NOT_PLAIN: "too large"}
    if value is None or kind is bool:
        return value
    if kind is int:
        return value if -(2**53) < value < 2**53 else {NOT_PLAIN: "int"}
    if kind is str:
        return str.__str__(value)[:MAX_STR]
    if kind is list:
        return [plain(v, _depth + 1, budget) for v in list.__iter__(value)]
    if kind is dict:
        out = {}
        for k, v in dict.items(value):
            if type(k) is not str:
                return {NOT_PLAIN: "dict"}
            out[str.__str__(k)[:MAX_STR]] = plain(v, _depth + 1, budget)
        return out
    name = type.__getattribute__(kind, "__name__")
    return {NOT_PLAIN: name if type(name) is str else "object"}


class _Capped:
    """A text stream that keeps at most `cap` characters and drops the rest."""

    def __init__(self, cap: int) -> None:
        self.cap, self.parts, self.size, self.dropped = cap, [], 0, False

    def write(self, s: Any) -> int:
        s = s if type(s) is str else str(type(s).__name__)
        room = self.cap - self.size
        if room > 0:
            self.parts.append(s[:room])
            self.size += min(len(s), room)
        if len(s) > room:
            self.dropped = True
        return len(s)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def text(self) -> str:
        out = "".join(self.parts)
        return out + ("\n[... output cut: too long]\n" if self.dropped else "")


class CellTimeout(BaseException):
    """Raised in a cell that ran longer than the time a cell may take."""


def _on_alarm(signum, frame):
    raise CellTimeout("this cell ran longer than the time allowed for one cell")


def _warm() -> Any:
    """Import what notebooks use, so the submission's clock starts after the imports."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    from IPython.core.interactiveshell import InteractiveShell

    import casebook
    import casebook.grading
    import casebook.library

    try:
        loaded = casebook.load()
        casebook.grading._ids()
        casebook.grading._test_ids()
    except Exception:  # a broken data folder shows up in the student's own cell output
        loaded = None
    if loaded is not None:
        # This process serves one submission only, so the bundled casebook is loaded once,
        # before the clock starts, and handed to the notebook's `casebook.load()`.
        original = casebook.library.load

        def load(extra=None):
            return loaded if not extra else original(extra)

        load.__doc__ = original.__doc__
        casebook.load = casebook.library.load = load
    shell = InteractiveShell.instance()
    # Errors are reported as one plain line per cell (below), never as a traceback.
    shell.showtraceback = lambda *a, **k: None
    shell.showsyntaxerror = lambda *a, **k: None
    return shell


def _limits(job: dict) -> None:
    import resource

    uid = job.get("uid")
    if uid is not None and os.getuid() == 0:
        # Running as a fresh unprivileged user makes RLIMIT_NPROC count (root ignores it).
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    lim = job["limits"]
    for name, value in (
        ("RLIMIT_CPU", lim["cpu_seconds"]),
        ("RLIMIT_AS", lim["memory_bytes"]),
        ("RLIMIT_NPROC", lim["processes"]),
        ("RLIMIT_FSIZE", lim["file_bytes"]),
        ("RLIMIT_CORE", 0),
    ):
        if value is not None:
            resource.setrlimit(getattr(resource, name), (value, value))


def _error_text(exc: BaseException | None) -> tuple[str, str]:
    if exc is None:
        return "Error", ""
    try:
        name = type(exc).__name__
        name = name if type(name) is str else "Error"
    except Exception:
        name = "Error"
    try:
        text = str(exc)
    except BaseException:
        text = ""
    return name[:100], text[:500]


def _display_outputs(outputs: list) -> list[dict]:
    """Rich outputs kept as plain text or PNG only: HTML or JS from a student must never run
    in the instructor's formgrader page."""
    kept = []
    for out in outputs[:20]:
        data = getattr(out, "data", None) or {}
        keep = {}
        if type(data.get("text/plain")) is str:
            keep["text/plain"] = data["text/plain"][:MAX_STR]
        if type(data.get("image/png")) is str and len(data["image/png"]) < 2_000_000:
            keep["image/png"] = data["image/png"]
        if keep:
            kept.append({"output_type": "display_data", "data": keep, "metadata": {}})
    return kept


def _snapshot(shell, names: list[str], cells: list[dict], status: str, out: str) -> None:
    ns = shell.user_ns
    answers = {}
    for name in names:
        if name in ns:
            try:
                answers[name] = plain(ns[name])
            except BaseException:
                answers[name] = {NOT_PLAIN: "object"}
    data = json.dumps({"answers": answers, "cells": cells, "status": status})
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(data)
    os.replace(tmp, out)


def run_job(shell, job: dict, outdir: str) -> None:
    """Run one submission's cells (limits first), writing answers after each; never returns."""
    _limits(job)
    os.chdir(job.get("cwd", "."))
    result_path = os.path.join(outdir, "result.json")
    cap = job["limits"]["output_chars"]
    names = job["names"]
    cells: list[dict] = []
    signal.signal(signal.SIGALRM, _on_alarm)
    from IPython.utils.capture import capture_output

    real_out, real_err = sys.stdout, sys.stderr
    _snapshot(shell, names, cells, "running", result_path)
    for cell in job["cells"]:
        out, err = _Capped(cap), _Capped(cap)
        sys.stdout, sys.stderr = out, err
        error = None
        rich = []
        try:
            signal.setitimer(signal.ITIMER_REAL, job["limits"]["cell_seconds"])
            with capture_output(stdout=False, stderr=False, display=True) as captured:
                result = shell.run_cell(cell["source"], store_history=False)
            rich = captured.outputs
            error = result.error_before_exec or result.error_in_exec
        except BaseException as exc:  # a timeout or an exit raised outside run_cell's guard
            error = exc
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            sys.stdout, sys.stderr = real_out, real_err
        outputs = []
        if out.text():
            outputs.append({"output_type": "stream", "name": "stdout", "text": out.text()})
        if err.text():
            outputs.append({"output_type": "stream", "name": "stderr", "text": err.text()})
        try:
            outputs += _display_outputs(rich)
        except BaseException:
            pass
        entry = {"index": cell["index"], "outputs": outputs}
        if error is not None:
            ename, evalue = _error_text(error)
            entry["error"] = {"ename": ename, "evalue": evalue}
        cells.append(entry)
        _snapshot(shell, names, cells, "running", result_path)
    _snapshot(shell, names, cells, "done", result_path)
    # Skip interpreter shutdown: student objects' __del__ and atexit hooks must not run on.
    os._exit(0)


# Linux constants for the per-submission namespaces a zygote's child makes (see _child).
CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 8, 4096, 16384, 1 << 18
MNT_DETACH, PR_SET_PDEATHSIG = 2, 1


def _libc():
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    def check(result: int, what: str) -> None:
        if result != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f"{what}: {os.strerror(errno)}")

    def mount(src, target, fstype, flags, data=None):
        enc = [x.encode() if isinstance(x, str) else x for x in (src, target, fstype, data)]
        check(libc.mount(enc[0], enc[1], enc[2], ctypes.c_ulong(flags), enc[3]), f"mount {target}")

    return libc, check, mount


def _child(shell, msg: dict) -> None:
    """In a fork of the zygote: private namespaces, mounts and user for ONE submission."""
    import base64

    try:
        # Nothing the student prints may reach the grader's channel to the zygote.
        devnull = os.open("/dev/null", os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        libc, check, mount = _libc()
        os.setsid()
        check(libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC
                           | CLONE_NEWUTS), "unshare")
        pid = os.fork()
        if pid:  # this process only waits; killing it kills the submission's PID namespace
            os.waitpid(pid, 0)
            os._exit(0)
        check(libc.prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0), "prctl")
        mount(None, "/", None, MS_REC | MS_PRIVATE)
        mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=256m,mode=1777")
        mount("tmpfs", "/submission", "tmpfs", MS_NOSUID | MS_NODEV, "size=256m,mode=0755")
        mount(f"/out/{msg['id']}", "/result", None, MS_BIND)
        check(libc.umount2(b"/out", MNT_DETACH), "umount /out")
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        uid = msg["job"].get("uid")
        for rel, data in msg.get("files", []):
            path = os.path.normpath(os.path.join("/submission", rel))
            if not path.startswith("/submission/"):
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(base64.b64decode(data))
        if uid is not None:
            for root, dirs, files in os.walk("/submission"):
                for name in [root, *[os.path.join(root, n) for n in dirs + files]]:
                    os.lchown(name, uid, uid)
            os.chown("/result", uid, uid)
        msg["job"]["cwd"] = "/submission"
        run_job(shell, msg["job"], "/result")
    except BaseException:
        os._exit(3)


def zygote() -> None:
    """Warm up once, then fork one fresh child per submission the grader sends (one per line
    on stdin); report `exit ID` on stdout when a child ends. Student code never runs here."""
    import select

    shell = _warm()
    out = os.fdopen(os.dup(1), "w", buffering=1)
    out.write("ready\n")
    children: dict[int, int] = {}
    buf = b""
    while True:
        ready, _, _ = select.select([0], [], [], 0.05)
        if ready:
            chunk = os.read(0, 1 << 20)
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                msg = json.loads(line)
                if msg.get("op") == "run":
                    pid = os.fork()
                    if pid == 0:
                        out.close()
                        _child(shell, msg)
                    children[pid] = msg["id"]
                elif msg.get("op") == "kill":
                    for pid, jid in list(children.items()):
                        if jid == msg["id"]:
                            try:
                                os.kill(pid, signal.SIGKILL)
                            except ProcessLookupError:
                                pass
        while children:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            jid = children.pop(pid, None)
            if jid is not None:
                out.write(f"exit {jid}\n")
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    os._exit(0)


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--zygote":
        zygote()
    outdir = argv[0]
    shell = _warm()
    job = json.loads(sys.stdin.read())
    sys.stdin.close()
    run_job(shell, job, outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
