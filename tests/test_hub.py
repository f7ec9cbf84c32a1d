"""A whole class on the course hub: 20 students and an instructor through one assignment cycle.

Starts a real JupyterHub from deploy/jupyterhub_config.py on 127.0.0.1 with temporary Linux
users, once with the gradebook in SQLite and once in a PostgreSQL server the test starts.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from exercise_helpers import assignments, make_course, nbgrader, set_answer
from hub_helpers import (
    ROOT,
    SHARED_VENV,
    Hub,
    Postgres,
    UserServer,
    free_port,
    kill_user_processes,
    load_course_hub,
    memory_mb,
    missing_hub_reason,
    run_as,
    status_of,
    uid_of,
)

from casebook.exbuild import answer_code, key_values

pytestmark = pytest.mark.hub

COURSE = "casebook"
ASSIGNMENT = assignments()[0]
AID = ASSIGNMENT.id
N_STUDENTS = 20
# What the API students hand in, in turn: every answer right, some wrong, half answered,
# one answer cell that is not valid Python, nothing changed.
KINDS = ("right", "wrong", "half", "broken", "blank")
# Unique per test run, so leftovers of a killed run never collide with this one.
PREFIX = "cbt" + secrets.token_hex(2)
FIGURES = ROOT / "artifacts" / "hub"
SCORE = re.compile(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)")


def answers_for(kind: str) -> dict[str, dict]:
    out = {}
    for n, q in enumerate(ASSIGNMENT.questions):
        key = key_values(q)
        if kind in ("right", "broken"):
            out[q.id] = key
        elif kind == "wrong":
            wrong = {}
            if "findings" in key:
                wrong["findings"] = {k: not v for k, v in key["findings"].items()}
            if "conclusion" in key:
                wrong["conclusion"] = not key["conclusion"]
            out[q.id] = wrong
        elif kind == "half":
            out[q.id] = key if n < len(ASSIGNMENT.questions) // 2 + 1 else {}
        else:
            out[q.id] = {}
    return out


def answered(nb: dict, kind: str) -> dict:
    nb = copy.deepcopy(nb)
    if kind == "blank":
        return nb
    for q in ASSIGNMENT.questions:
        set_answer(nb, q, answers_for(kind)[q.id])
    if kind == "broken":
        q1 = ASSIGNMENT.questions[0]
        for cell in nb["cells"]:
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == f"{q1.id}_answer":
                cell["source"] = cell["source"].replace("{", "{{", 1)  # a syntax error
    return nb


def nb_hash(nb: dict) -> str:
    cells = [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]
    return hashlib.sha256(json.dumps(cells).encode()).hexdigest()[:16]


def autograded_total(gb, student: str) -> float:
    sub = gb.find_submission(AID, student)
    return sum(g.auto_score or 0 for nb in sub.notebooks for g in nb.grades if g.auto_score)


@pytest.fixture(scope="session")
def hub_machine():
    reason = missing_hub_reason()
    if reason is not None:
        if os.environ.get("CASEBOOK_REQUIRE_HUB") == "1":
            pytest.fail(f"CASEBOOK_REQUIRE_HUB=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    start = time.perf_counter()
    load_course_hub().install_venv(SHARED_VENV, ROOT)
    FIGURES.mkdir(parents=True, exist_ok=True)
    return {"venv_seconds": time.perf_counter() - start}


@pytest.fixture(scope="session")
def local_scores(tmp_path_factory):
    """Autograded totals of notebooks graded outside the hub, by content: the reference."""
    root = make_course(tmp_path_factory.mktemp("local-course"))
    nbgrader(root, "generate_assignment", AID, "--force")
    cache: dict[str, float] = {}

    def grade(notebooks: dict[str, dict]) -> dict[str, float]:
        from nbgrader.api import Gradebook

        todo = {h: nb for h, nb in notebooks.items() if h not in cache}
        for h, nb in todo.items():
            dest = root / "submitted" / f"k{h}" / AID / f"{AID}.ipynb"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(json.dumps(nb), encoding="utf-8")
        if todo:
            nbgrader(root, "autograde", AID)
        with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
            for h in todo:
                cache[h] = autograded_total(gb, f"k{h}")
        return {h: cache[h] for h in notebooks}

    return grade


def grade_class(instructor: str, env: dict, course: Path) -> str:
    """The instructor grades every collected submission; the command used is returned.

    `casebook autograde` (sandboxed, parallel; the trusted-grading issue) where the kit has it,
    else nbgrader's own autograde through the course's nbgrader_config.py.
    """
    probe = run_as(instructor, ["casebook", "autograde", "--help"], env=env, cwd=course,
                   check=False)
    cmd = (["casebook", "autograde", AID, "--workers", "2"] if probe.returncode == 0
           else ["nbgrader", "autograde", AID])
    proc = run_as(instructor, cmd, env=env, cwd=course)
    # Shown by pytest when a later check fails: what the grader said about each submission.
    print(f"$ {' '.join(cmd)}\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return " ".join(cmd)


class ClassRun:
    """Everything one run made, so teardown can remove it even after a failure."""

    def __init__(self, db: str):
        self.db = db
        self.base = Path(tempfile.mkdtemp(prefix="casebook-hub-"))
        self.base.chmod(0o755)
        self.home = self.base / "srv"
        self.homes = self.base / "home"
        self.homes.mkdir()
        self.homes.chmod(0o755)
        tag = f"{PREFIX}{db[0]}"
        self.instructor = f"{tag}i"
        self.students = [f"{tag}s{i:02d}" for i in range(N_STUDENTS)]
        self.group = f"{tag}-instr"
        self.pg_user = f"{tag}pg"
        self.users: list[str] = []
        self.hub: Hub | None = None
        self.pg: Postgres | None = None
        self.sessions: list = []
        self.figures: dict = {"db": db}
        self.results: dict = {}

    @property
    def everyone(self) -> list[str]:
        return [self.instructor, *self.students]

    def teardown(self) -> None:
        for session in self.sessions:
            try:
                session.close()
            except Exception as exc:  # already closed after feedback; the rest must still go
                print(f"browser session: {exc}")
        if self.hub is not None:
            self.hub.stop_servers(self.everyone)
            time.sleep(1)
            self.hub.stop()
        if self.pg is not None:
            self.pg.stop()
        kill_user_processes(self.users)
        for name in self.users:
            subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)
        subprocess.run(["groupdel", self.group], check=False, capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)


def _instructor_env(run: ClassRun) -> dict:
    env = {"JUPYTER_CONFIG_PATH": str(run.home / "jupyter" / "instructors")}
    if run.pg is not None:
        env["CASEBOOK_DB_URL"] = run.pg.url
    return env


def _student_cycle(server: UserServer, kind: str) -> dict:
    """Fetch, answer and submit through the student's own server, as the Assignments tab does."""
    listed = server.assignments(COURSE)
    assert [a["status"] for a in listed if a["assignment_id"] == AID] == ["released"], listed
    listed = server.nbgrader("fetch", COURSE, AID)["value"]
    assert any(a["status"] == "fetched" for a in listed if a["assignment_id"] == AID), listed
    path = f"{AID}/{AID}.ipynb"
    nb = answered(server.read(path)["content"], kind)
    server.write_notebook(path, nb)
    listed = server.nbgrader("submit", COURSE, AID)["value"]
    submitted = [a for a in listed if a["status"] == "submitted" and a["assignment_id"] == AID]
    assert len(submitted) == 1 and len(submitted[0]["submissions"]) == 1, listed
    return {"kind": kind, "hash": nb_hash(nb)}


def _fetch_feedback(server: UserServer) -> list[str]:
    server.nbgrader("fetch_feedback", COURSE, AID)
    folder = server.read(f"{AID}/feedback")["content"]
    pages = []
    for stamp in folder:
        for item in server.read(stamp["path"])["content"]:
            if item["name"].endswith(".html"):
                pages.append(server.read(item["path"])["content"])
    return pages


def _probe_as_student(run: ClassRun, student: str, other: str) -> dict:
    """What a student's own code (a kernel or terminal runs as their Linux user) can open."""
    exchange = run.home / "exchange" / COURSE
    targets = {
        "inbound listing": ("listdir", exchange / "inbound"),
        "feedback listing": ("listdir", exchange / "feedback"),
        "other student's home": ("listdir", run.homes / other),
        "other student's notebook": ("read", run.homes / other / AID / f"{AID}.ipynb"),
        "course folder": ("listdir", run.home / "course"),
        "instructor config": ("listdir", run.home / "jupyter" / "instructors"),
        "hub state": ("listdir", run.home / "hub"),
    }
    db = run.home / "course" / "gradebook.db"
    targets["gradebook"] = ("read", db)
    code = (
        "import json, os, sys\n"
        "out = {}\n"
        "for name, (how, path) in json.loads(sys.argv[1]).items():\n"
        "    try:\n"
        "        os.listdir(path) if how == 'listdir' else open(path, 'rb').read(1)\n"
        "        out[name] = 'open'\n"
        "    except PermissionError:\n"
        "        out[name] = 'denied'\n"
        "    except FileNotFoundError:\n"
        "        out[name] = 'missing'\n"
        "print(json.dumps(out))\n"
    )
    arg = json.dumps({k: [how, str(p)] for k, (how, p) in targets.items()})
    got = json.loads(run_as(student, ["python", "-c", code, arg]).stdout)
    if run.pg is not None:
        # The gradebook server wants a password only instructors have.
        connect = "import psycopg2, sys; psycopg2.connect(sys.argv[1]).close()"
        pg = run_as(student, ["python", "-c", connect, run.pg.libpq_url("guess")], check=False)
        assert "password authentication failed" in pg.stderr, pg.stderr
        got["gradebook server"] = "open" if pg.returncode == 0 else "denied"
        # (the right password does open it: the refusal above is about the password)
        run_as(run.instructor, ["python", "-c", connect, run.pg.libpq_url(run.pg.password)])
    return got


def run_class(run: ClassRun, local_scores, artifacts: Path | None) -> None:
    course_hub = load_course_hub()
    t0 = time.perf_counter()
    if run.db == "postgresql":
        subprocess.run(["useradd", "--create-home", "--home-dir", str(run.base / "pghome"),
                        run.pg_user], check=True)
        run.users.append(run.pg_user)
        run.pg = Postgres(run.pg_user, run.base / "pg").start()
    port = free_port()
    course_hub.setup(
        run.home, ROOT, ip="127.0.0.1", port=port, hub_port=free_port(),
        proxy_api_port=free_port(), instructor_group=run.group, home_base=str(run.homes),
        gradebook_url=run.pg.url if run.pg else None,
    )
    if artifacts is not None:
        # Test only: the browser helpers drive Lab's commands through window.jupyterapp.
        page_config = run.home / "jupyter" / "students" / "labconfig" / "page_config.json"
        page_config.write_text(json.dumps(
            json.loads(page_config.read_text()) | {"exposeAppInBrowser": True}))
    run.users += run.everyone  # before creating them: teardown removes any that were made
    passwords = course_hub.add_users(run.home, [run.instructor], "instructors")
    passwords |= course_hub.add_users(run.home, run.students, "students")
    assert set(passwords) == set(run.everyone)
    run.results["passwords"] = passwords
    hub = run.hub = Hub(run.home, port).start()
    run.figures["setup_and_hub_start_s"] = round(time.perf_counter() - t0, 1)
    # One server alone (the instructor's), then the whole class at once.
    run.figures["spawn_one_alone_s"] = round(hub.spawn(run.instructor), 1)

    # Everyone logs in at the start of class: all servers spawn at once.
    # (the browser student's server starts from the login page, later)
    api_students = run.students[1:] if artifacts else run.students
    t = time.perf_counter()
    with ThreadPoolExecutor(len(api_students)) as pool:
        spawn = dict(zip(api_students, pool.map(hub.spawn, api_students), strict=True))
    run.figures["spawn_all_s"] = round(time.perf_counter() - t, 1)
    run.figures["spawn_each_s"] = {
        "min": round(min(spawn.values()), 1), "max": round(max(spawn.values()), 1),
        "median": round(sorted(spawn.values())[len(spawn) // 2], 1),
    }
    api_users = [run.instructor, *api_students]
    pids = {name: hub.server_pid(name) for name in api_users}
    run.results["server_uids"] = {name: uid_of(pid) for name, pid in pids.items()}
    mem = sorted(memory_mb(pids[s]) for s in api_students)
    run.figures["idle_server_mb"] = {"median": round(mem[len(mem) // 2]), "max": round(mem[-1])}
    servers = {name: UserServer(hub, name, hub.user_token(name)) for name in run.everyone}
    run.figures["users"] = {"students": len(run.students), "instructors": 1}

    # The instructor releases the assignment.
    instructor = run.instructor
    env = _instructor_env(run)
    course = run.homes / instructor / "course"
    t = time.perf_counter()
    run_as(instructor, ["nbgrader", "generate_assignment", AID, "--force"], env=env, cwd=course)
    run_as(instructor, ["nbgrader", "release_assignment", AID], env=env, cwd=course)
    run.figures["release_s"] = round(time.perf_counter() - t, 1)

    # Students fetch, answer and submit, several at a time.
    t = time.perf_counter()
    kinds = {s: KINDS[i % len(KINDS)] for i, s in enumerate(run.students)}
    with ThreadPoolExecutor(8) as pool:
        work = dict(zip(api_students, pool.map(
            lambda s: _student_cycle(servers[s], kinds[s]), api_students), strict=True))
    run.figures["students_submit_s"] = round(time.perf_counter() - t, 1)
    session = None
    if artifacts is not None:
        from hub_browser import browser_submit

        browser_student = run.students[0]
        q1 = ASSIGNMENT.questions[0]
        released = json.loads((ROOT / "exercises" / AID / f"{AID}.ipynb").read_text())
        cell = next(i for i, c in enumerate(released["cells"])
                    if c["metadata"].get("nbgrader", {}).get("grade_id") == f"{q1.id}_answer")
        t = time.perf_counter()
        done = browser_submit(hub, browser_student, passwords[browser_student], artifacts,
                              AID, COURSE, answer_code(q1, key_values(q1)), cell)
        session = done["session"]
        run.sessions.append(session)
        run.figures["browser_student_s"] = round(time.perf_counter() - t, 1)
        run.figures["browser_login_to_lab_s"] = round(done["login_to_lab_s"], 1)
        server = servers[browser_student]
        nb = server.read(f"{AID}/{AID}.ipynb")["content"]
        work[browser_student] = {"kind": "browser", "hash": nb_hash(nb)}
        pid = hub.server_pid(browser_student)
        run.figures["server_with_kernel_mb"] = round(memory_mb(pid))
        run.results["server_uids"][browser_student] = uid_of(pid)
    run.results["work"] = work

    # The instructor collects and grades the class, then returns feedback.
    t = time.perf_counter()
    run_as(instructor, ["nbgrader", "collect", AID], env=env, cwd=course)
    run.figures["collect_s"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    run.results["grader"] = grade_class(instructor, env, course)
    graded = time.perf_counter() - t
    run.figures["grade_s"] = round(graded, 1)
    run.figures["grade_per_submission_s"] = round(graded / len(run.students), 2)
    t = time.perf_counter()
    run_as(instructor, ["nbgrader", "generate_feedback", AID], env=env, cwd=course)
    run_as(instructor, ["nbgrader", "release_feedback", AID], env=env, cwd=course)
    run.figures["feedback_s"] = round(time.perf_counter() - t, 1)

    t = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        run.results["feedback"] = dict(zip(run.students, pool.map(
            lambda s: _fetch_feedback(servers[s]), run.students), strict=True))
    run.figures["students_fetch_feedback_s"] = round(time.perf_counter() - t, 1)
    if session is not None:
        from hub_browser import browser_feedback

        browser_feedback(session, artifacts, AID)
    run.figures["class_cycle_s"] = round(time.perf_counter() - t0, 1)

    # The gradebook, read with nbgrader's API from wherever it lives.
    from nbgrader.api import Gradebook

    db_url = run.pg.url if run.pg else f"sqlite:///{run.home / 'course' / 'gradebook.db'}"
    with Gradebook(db_url) as gb:
        subs = gb.assignment_submissions(AID)
        run.results["submissions"] = sorted(s.student_id for s in subs)
        run.results["scores"] = {s: autograded_total(gb, s) for s in run.students}
        run.results["max_auto"] = sum(
            g.max_score for nb in gb.find_assignment(AID).notebooks
            for g in nb.grade_cells if not g.name.endswith("_written"))
    # Grades out to the LMS, from the same gradebook (written answers are not graded here).
    csv_path = run.homes / instructor / "canvas.csv"
    run_as(instructor, ["casebook", "export-lms", AID, "--format", "canvas", "--allow-ungraded",
                        "--db", db_url, "--out", str(csv_path)], env=env, cwd=course)
    run.results["canvas_csv"] = csv_path.read_text(encoding="utf-8-sig")
    submitted = {}
    for s in run.students:
        path = course / "submitted" / s / AID / f"{AID}.ipynb"
        submitted[s] = json.loads(path.read_text(encoding="utf-8"))
    run.results["local"] = local_scores({nb_hash(nb): nb for nb in submitted.values()})
    run.results["submitted_hash"] = {s: nb_hash(nb) for s, nb in submitted.items()}

    # Isolation: through the hub with a student's token, and as the student's own account.
    a, b = run.students[1], run.students[2]
    sa = servers[a]
    run.results["http"] = {
        "other server's files": status_of("GET", servers[b].url("api/contents/"), sa.token),
        "other server's notebook": status_of(
            "GET", servers[b].url(f"api/contents/{AID}/{AID}.ipynb"), sa.token),
        "path outside own home": status_of(
            "GET", sa.url(f"api/contents/..%2F{b}%2F{AID}"), sa.token),
        "own formgrader": status_of("GET", sa.url("formgrader"), sa.token),
        "instructor's formgrader": status_of(
            "GET", servers[instructor].url("formgrader"), sa.token),
        "instructor's course files": status_of(
            "GET", servers[instructor].url("api/contents/course"), sa.token),
        "hub user list": status_of("GET", f"{hub.url}/hub/api/users", sa.token),
    }
    run.results["instructor_formgrader"] = servers[instructor].call(
        "GET", "formgrader/manage_assignments")
    run.results["probe"] = _probe_as_student(run, a, b)
    run.results["uids"] = {name: _uid(name) for name in run.everyone}
    (FIGURES / f"figures-{run.db}.json").write_text(json.dumps(run.figures, indent=2) + "\n")
    print(f"\nclass cycle on the hub ({run.db}): {json.dumps(run.figures)}")


def _uid(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def klass(request, hub_machine, local_scores):
    db = request.param
    if db == "postgresql" and Postgres.bin_dir() is None:
        message = "PostgreSQL's initdb not found in /usr/lib/postgresql/*/bin"
        if os.environ.get("CASEBOOK_REQUIRE_HUB") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    run = ClassRun(db)
    artifacts = None
    if db == "sqlite":
        from hub_browser import browser_reason

        reason = browser_reason()
        if reason is None:
            artifacts = ROOT / "artifacts" / "e2e"
            artifacts.mkdir(parents=True, exist_ok=True)
        elif os.environ.get("CASEBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"CASEBOOK_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    try:
        run_class(run, local_scores, artifacts)
        yield run
    except Exception:
        if run.hub is not None:
            print(f"hub log (tail):\n{run.hub.log_tail(80)}")
        raise
    finally:
        run.teardown()


def test_every_server_runs_as_its_own_user(klass):
    uids = klass.results["server_uids"]
    assert uids == klass.results["uids"]
    assert len(set(uids.values())) == len(klass.everyone)
    assert 0 not in uids.values()


def test_every_submission_reaches_the_gradebook_exactly_once(klass):
    assert klass.results["submissions"] == sorted(klass.students)


def test_scores_match_grading_the_same_notebooks_locally(klass):
    r = klass.results
    hub = r["scores"]
    local = {s: r["local"][r["submitted_hash"][s]] for s in klass.students}
    assert hub == local
    kinds = {s: w["kind"] for s, w in r["work"].items()}
    right = [hub[s] for s, k in kinds.items() if k == "right"]
    assert right and all(score == r["max_auto"] for score in right), (right, r["max_auto"])
    for kind in ("wrong", "half", "broken", "blank"):
        got = [hub[s] for s, k in kinds.items() if k == kind]
        assert got and all(score < r["max_auto"] for score in got), (kind, got)
    assert len(set(hub.values())) >= 4, hub


def test_each_student_gets_only_their_own_feedback(klass):
    r = klass.results
    for student in klass.students:
        pages = r["feedback"][student]
        assert len(pages) == 1, (student, len(pages))
        score = SCORE.search(pages[0])
        assert score, f"no score line in {student}'s feedback"
        assert float(score.group(1)) == pytest.approx(r["scores"][student]), student
        assert "HIDDEN TESTS" not in pages[0]


def test_no_student_reaches_another_students_work_or_the_instructors(klass):
    http = klass.results["http"]
    assert all(code in (403, 404) for code in http.values()), http
    assert "Manage Assignments" in klass.results["instructor_formgrader"]
    probe = klass.results["probe"]
    assert all(outcome == "denied" for outcome in probe.values()), probe


def test_lms_export_carries_the_gradebook_scores(klass):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(klass.results["canvas_csv"])))
    assert rows[0][-1] == AID and rows[1][0] == "Points Possible"
    got = {r[3]: float(r[-1]) for r in rows[2:]}
    assert got == klass.results["scores"]


def test_class_cycle_figures_are_recorded(klass):
    f = json.loads((FIGURES / f"figures-{klass.db}.json").read_text())
    assert f["spawn_each_s"]["max"] > 0 and f["idle_server_mb"]["median"] > 20
    assert f["class_cycle_s"] > f["grade_s"] > 0
