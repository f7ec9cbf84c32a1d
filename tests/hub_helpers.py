"""Helpers for the class test: a JupyterHub, its users, a PostgreSQL server, run as a user."""

from __future__ import annotations

import importlib.util
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "e2e"))
from jlab import stop_process_group

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
# The shared environment student servers run from: built from Debian's Python (the test's
# own interpreter may live under /root, which other users cannot reach), kept between runs.
SHARED_VENV = Path(os.environ.get("CASEBOOK_HUB_VENV", "/var/tmp/casebook-hub-venv"))
VENV_BIN = SHARED_VENV / "bin"
PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"


def load_course_hub():
    """deploy/course_hub.py as a module (deploy/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("course_hub", DEPLOY / "course_hub.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing_hub_reason() -> str | None:
    """Why a hub with system users cannot run here, or None when it can."""
    if sys.platform != "linux" or os.geteuid() != 0:
        return "the class test creates Linux users and runs JupyterHub as root"
    for tool in ("useradd", "userdel", "groupadd", "configurable-http-proxy"):
        if not shutil.which(tool):
            return (f"{tool} not found (python3 kit.py test installs configurable-http-proxy "
                    "with npm)")
    if not Path("/usr/bin/python3").exists():
        return "Debian's python3 (with python3-venv) is needed for the shared environment"
    return None


def run_as(user: str, cmd: list[str], *, env: dict | None = None, cwd: Path | None = None,
           timeout: float = 900, check: bool = True) -> subprocess.CompletedProcess:
    """Run `cmd` as system user `user`, as their terminal in the hub would."""
    pw = pwd.getpwnam(user)
    full = {
        "HOME": pw.pw_dir, "USER": user, "LOGNAME": user, "LANG": "C.UTF-8",
        "PATH": os.pathsep.join([str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
        "PYTHONWARNINGS": "ignore",
        **(env or {}),
    }
    proc = subprocess.run(
        cmd, user=pw.pw_uid, group=pw.pw_gid, extra_groups=os.getgrouplist(user, pw.pw_gid),
        env=full, cwd=cwd or pw.pw_dir, capture_output=True, text=True, timeout=timeout,
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"{' '.join(cmd)} as {user} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


class HTTPStatusError(Exception):
    def __init__(self, status: int, body: str):
        super().__init__(f"HTTP {status}: {body[:300]}")
        self.status = status


def http(method: str, url: str, token: str | None = None, body: Any = None,
         timeout: float = 60) -> Any:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"token {token}"
    req = urllib.request.Request(url, method=method, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
    except urllib.error.HTTPError as exc:
        raise HTTPStatusError(exc.code, exc.read().decode(errors="replace")) from None
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


def status_of(method: str, url: str, token: str | None = None) -> int:
    """The HTTP status of a request (redirects are not followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    req = urllib.request.Request(url, method=method)
    if token:
        req.add_header("Authorization", f"token {token}")
    try:
        with opener.open(req, timeout=30) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


@dataclass
class Hub:
    """A JupyterHub started from deploy/jupyterhub_config.py with its home in `home`."""

    home: Path
    port: int
    token: str = ""
    proc: subprocess.Popen | None = None

    def libpq_url(self, password: str) -> str:
        return f"postgresql://casebook:{password}@127.0.0.1:{self.port}/gradebook"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.home / "hub" / "jupyterhub.log"

    def api(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        return http(method, f"{self.url}/hub/api/{path.lstrip('/')}", token or self.token, body)

    def start(self, timeout: float = 120) -> Hub:
        self.token = (self.home / "hub" / "course-admin.token").read_text().strip()
        env = dict(os.environ, CASEBOOK_HUB_HOME=str(self.home), PYTHONUNBUFFERED="1",
                   PATH=os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", "")]))
        env.pop("JUPYTER_CONFIG_DIR", None)
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [str(VENV_BIN / "jupyterhub"), "-f", str(DEPLOY / "jupyterhub_config.py")],
                cwd=self.home / "hub", env=env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited early:\n{self.log_tail()}")
            try:
                self.api("GET", "/")
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, HTTPStatusError):
                time.sleep(0.3)
        raise RuntimeError(f"JupyterHub did not answer in {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def user_token(self, name: str) -> str:
        reply = self.api("POST", f"users/{name}/tokens",
                         {"note": "class test", "expires_in": 7200})
        return reply["token"]

    def spawn(self, name: str, timeout: float = 300) -> float:
        """Start `name`'s server and wait until it answers; the seconds it took."""
        start = time.perf_counter()
        try:
            self.api("POST", f"users/{name}/server")
        except HTTPStatusError as exc:
            if exc.status != 400:  # 400: already running
                raise
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            model = self.api("GET", f"users/{name}")
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                return time.perf_counter() - start
            if not model.get("pending") and not server:
                raise AssertionError(f"server of {name} failed to start:\n{self.log_tail()}")
            time.sleep(0.5)
        raise AssertionError(f"server of {name} not ready in {timeout} s:\n{self.log_tail()}")

    def server_pid(self, name: str) -> int:
        model = self.api("GET", f"users/{name}")
        return int(model["servers"][""]["state"]["pid"])

    def stop_servers(self, names: list[str]) -> None:
        for name in names:
            try:
                self.api("DELETE", f"users/{name}/server")
            except (HTTPStatusError, urllib.error.URLError, ConnectionError):
                pass

    def stop(self) -> None:
        stop_process_group(self.proc, grace=30)


@dataclass
class UserServer:
    """One user's single-user server reached through the hub with that user's token."""

    hub: Hub
    name: str
    token: str

    def url(self, path: str) -> str:
        return f"{self.hub.url}/user/{self.name}/{path.lstrip('/')}"

    def call(self, method: str, path: str, body: Any = None, timeout: float = 120) -> Any:
        return http(method, self.url(path), self.token, body, timeout)

    def nbgrader(self, action: str, course: str, assignment: str) -> Any:
        """An nbgrader assignment-list action (fetch, submit, fetch_feedback) on this server."""
        reply = self.call("POST", f"assignments/{action}",
                          {"course_id": course, "assignment_id": assignment})
        assert reply.get("success", True), f"{action} for {self.name}: {reply}"
        return reply

    def assignments(self, course: str) -> list[dict]:
        reply = self.call("GET", f"assignments?course_id={urllib.parse.quote(course)}")
        assert reply["success"], f"assignment list for {self.name}: {reply}"
        return reply["value"]

    def read(self, path: str) -> dict:
        return self.call("GET", f"api/contents/{urllib.parse.quote(path)}?content=1")

    def write_notebook(self, path: str, nb: dict) -> None:
        self.call("PUT", f"api/contents/{urllib.parse.quote(path)}",
                  {"type": "notebook", "format": "json", "content": nb})


def memory_mb(pid: int) -> float:
    """Resident memory (proportional share) of a process and all its children, in MB."""
    total = 0.0
    for p in [pid, *_children(pid)]:
        try:
            text = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) / 1024
    return total


def _children(pid: int) -> list[int]:
    out = []
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return out
    for k in map(int, kids):
        out += [k, *_children(k)]
    return out


def uid_of(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Uid:"):
            return int(line.split()[1])
    raise AssertionError(f"no Uid line for process {pid}")


def kill_user_processes(names: list[str]) -> None:
    """End processes still running as the test's temporary users (found by their uid)."""
    uids = set()
    for name in names:
        try:
            uids.add(pwd.getpwnam(name).pw_uid)
        except KeyError:
            pass
    if not uids:
        return
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if uid_of(int(entry.name)) in uids:
                os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, AssertionError):
            pass


@dataclass
class Postgres:
    """A PostgreSQL server from Debian's packages in a temporary folder, run by `user`."""

    user: str
    data: Path
    port: int = field(default_factory=free_port)
    password: str = field(default_factory=lambda: secrets.token_hex(12))
    started: bool = False

    @staticmethod
    def bin_dir() -> Path | None:
        found = sorted(Path("/").glob(PG_BIN_GLOB.lstrip("/")))
        return found[-1] if found else None

    def libpq_url(self, password: str) -> str:
        return f"postgresql://casebook:{password}@127.0.0.1:{self.port}/gradebook"

    @property
    def url(self) -> str:
        # SQLAlchemy 2.1 picks psycopg 3 for a bare postgresql://; the kit ships psycopg2.
        return f"postgresql+psycopg2://casebook:{self.password}@127.0.0.1:{self.port}/gradebook"

    def start(self) -> Postgres:
        pg = self.bin_dir()
        pw = pwd.getpwnam(self.user)
        self.data.mkdir(parents=True, exist_ok=True)
        os.chown(self.data, pw.pw_uid, pw.pw_gid)
        pwfile = self.data / "pw"
        pwfile.write_text(self.password + "\n")
        os.chown(pwfile, pw.pw_uid, pw.pw_gid)
        cluster = self.data / "cluster"
        run_as(self.user, [str(pg / "initdb"), "-D", str(cluster), "-U", "casebook",
                           "--auth=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8"],
               cwd=self.data, timeout=120)
        run_as(self.user, [
            str(pg / "pg_ctl"), "-D", str(cluster), "-l", str(self.data / "postgres.log"), "-w",
            "-o", f"-h 127.0.0.1 -p {self.port} -k {self.data}", "start",
        ], cwd=self.data, timeout=120)
        self.started = True
        run_as(self.user, [str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                           "-U", "casebook", "gradebook"],
               env={"PGPASSWORD": self.password}, cwd=self.data)
        return self

    def stop(self) -> None:
        if self.started:
            run_as(self.user, [str(self.bin_dir() / "pg_ctl"), "-D", str(self.data / "cluster"),
                               "-m", "fast", "-w", "stop"], cwd=self.data, check=False)
            self.started = False
