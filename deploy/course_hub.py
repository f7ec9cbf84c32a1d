#!/usr/bin/env python3
"""Lay out a course hub on one machine and add its instructors and students (run as root).

    sudo /srv/casebook/venv/bin/python deploy/course_hub.py setup --kit /srv/casebook/kit
    sudo /srv/casebook/venv/bin/python deploy/course_hub.py add-students roster.csv
    sudo /srv/casebook/venv/bin/python deploy/course_hub.py add-instructor wang

The hub itself is started by deploy/jupyterhub_config.py (see docs/hub.md).
"""

from __future__ import annotations

import argparse
import csv
import grp
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import string
import subprocess
import sys
from pathlib import Path

DEFAULT_HOME = Path(os.environ.get("CASEBOOK_HUB_HOME", "/srv/casebook"))
# Linux account names: lower case, start with a letter, at most 32 characters.
USERNAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
# Course files instructors need; exercises/ is made again by nbgrader from solutions/.
COURSE_ITEMS = ("solutions", "instructor", "nbgrader_config.py")
# Extensions a student's server must not offer: they are instructors' tools.
INSTRUCTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
)
INSTRUCTOR_LAB_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}
PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")


class HubError(Exception):
    """A problem with the hub's set-up, in words an instructor can act on."""


def settings(home: Path) -> dict:
    path = home / "course.json"
    if not path.exists():
        raise HubError(f"{path} not found: run `course_hub.py setup` first")
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def _group_id(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        subprocess.run(["groupadd", "--system", name], check=True)
        return grp.getgrnam(name).gr_gid


def setup(
    home: Path,
    kit: Path,
    *,
    course_id: str = "casebook",
    ip: str = "",
    port: int = 8000,
    hub_port: int = 8081,
    proxy_api_port: int = 8001,
    instructor_group: str = "casebook-instructors",
    home_base: str = "/home",
    gradebook_url: str | None = None,
    idle_timeout: int = 3600,
    language: str = "en",
    proxy: str = "configurable-http-proxy",
) -> dict:
    """Create the hub's folders, its settings, the exchange and the course folder."""
    home.mkdir(parents=True, exist_ok=True)
    home.chmod(0o755)
    gid = _group_id(instructor_group)
    conf = {
        "kit": str(kit.resolve()),
        "course_id": course_id,
        "ip": ip,
        "port": port,
        "hub_port": hub_port,
        "proxy_api_port": proxy_api_port,
        "instructor_group": instructor_group,
        "home_base": home_base,
        "gradebook_url": gradebook_url,
        "idle_timeout": idle_timeout,
        "language": language,
        "proxy": proxy,
    }
    # course.json holds the gradebook's database password: root only.
    _write(home / "course.json", json.dumps(conf, indent=2) + "\n", 0o600)
    state = home / "hub"
    state.mkdir(exist_ok=True)
    state.chmod(0o700)
    token = state / "course-admin.token"
    if not token.exists():
        _write(token, secrets.token_hex(32) + "\n", 0o600)
    roster = home / "roster"
    roster.mkdir(exist_ok=True)
    for name in ("instructors", "students"):
        (roster / f"{name}.txt").touch()

    # nbgrader's exchange: everyone may create entries, nobody may remove another's (sticky);
    # the course's inbox is created write-only for students by `nbgrader release_assignment`.
    exchange = home / "exchange"
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o1777)

    # The course folder: solutions, keys and the gradebook, for instructors only.
    course = home / "course"
    if not course.exists():
        course.mkdir()
        for item in COURSE_ITEMS:
            src = kit / item
            if src.is_dir():
                shutil.copytree(src, course / item, ignore=shutil.ignore_patterns(
                    "__pycache__", ".ipynb_checkpoints", "gradebook.db"))
            else:
                shutil.copy2(src, course / item)
    for path in [course, *course.rglob("*")]:
        os.chown(path, 0, gid)
        path.chmod(0o2770 if path.is_dir() else 0o660)

    _write_jupyter_config(home, conf)
    return conf


def _write_jupyter_config(home: Path, conf: dict) -> None:
    """Jupyter settings per group, chosen at spawn time through JUPYTER_CONFIG_PATH."""
    exchange = home / "exchange"
    common = (
        "c = get_config()  # noqa: F821\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        f"c.CourseDirectory.course_id = {conf['course_id']!r}\n"
    )
    students = home / "jupyter" / "students"
    _write(students / "nbgrader_config.py", "# Students: fetch and submit only.\n" + common)
    _write(
        students / "jupyter_server_config.d" / "casebook-students.json",
        json.dumps({"ServerApp": {"jpserver_extensions": dict.fromkeys(
            INSTRUCTOR_SERVER_EXTENSIONS, False)}}, indent=2),
    )
    _write(
        students / "labconfig" / "page_config.json",
        json.dumps({"disabledExtensions": dict.fromkeys(INSTRUCTOR_LAB_PLUGINS, True)}, indent=2),
    )
    instructors = home / "jupyter" / "instructors"
    # Every instructor reaches the shared course folder as ~/course (formgrader needs the
    # course inside the server's root); the course's own nbgrader_config.py does the rest.
    _write(
        instructors / "nbgrader_config.py",
        "# Instructors: the course folder, its gradebook, the exchange.\n"
        "import os\n\n" + common
        + "load_subconfig(os.path.expanduser('~/course/nbgrader_config.py'))  # noqa: F821\n",
    )
    gid = grp.getgrnam(conf["instructor_group"]).gr_gid
    for path in [home / "jupyter", students, *students.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    for path in [instructors, *instructors.rglob("*")]:
        os.chown(path, 0, gid)
        path.chmod(0o750 if path.is_dir() else 0o640)


def install_venv(venv: Path, kit: Path, python: str = "/usr/bin/python3") -> Path:
    """The shared environment every server runs from: the kit with JupyterHub and nbgrader.

    It must be built from a Python every user can run (Debian's, not one under /root), and
    installed from a copy of the kit (not editable), so students never need the kit's folder.
    """
    if not (venv / "bin" / "python").exists():
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--upgrade", "pip"], check=True)
    stamp = venv / ".casebook-hub-deps"
    digest = hashlib.sha256((kit / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != digest:
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        f"{kit.resolve()}[hub]"], check=True)
        stamp.write_text(digest)
    # The kit itself again, so a changed kit is picked up even at the same version number.
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "--no-deps", "--force-reinstall", str(kit.resolve())], check=True)
    # No "Jupyter news" prompt or update check for a class: JupyterLab's settings overrides.
    settings_dir = venv / "share" / "jupyter" / "lab" / "settings"
    _write(settings_dir / "overrides.json", json.dumps(LAB_OVERRIDES, indent=2))
    for path in [venv, *venv.parents]:
        if path.stat().st_mode & 0o005 != 0o005:
            raise HubError(f"{path} must be readable by every user (chmod o+rx)")
    return venv


def new_password(length: int = 12) -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def _hub_session(home: Path):
    """A session on the hub's database, created (and stamped) if the hub never ran yet."""
    import nativeauthenticator.orm  # noqa: F401 (registers the users_info table)
    from jupyterhub.orm import new_session_factory

    return new_session_factory(f"sqlite:///{home / 'hub' / 'jupyterhub.sqlite'}")()


def _system_user(name: str, conf: dict) -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    home_dir = Path(conf["home_base"]) / name
    subprocess.run(
        ["useradd", "--create-home", "--home-dir", str(home_dir), "--shell", "/bin/bash",
         "--user-group", name],
        check=True,
    )
    # Nobody else may read a student's work.
    home_dir.chmod(0o700)
    return pwd.getpwnam(name)


def add_users(home: Path, names: list[str], role: str) -> dict[str, str]:
    """Create system users and hub accounts; return {name: first password} for new accounts.

    `role` is "students" or "instructors". Existing accounts keep their password.
    """
    from nativeauthenticator.orm import UserInfo

    if role not in ("students", "instructors"):
        raise HubError(f"role must be students or instructors, not {role!r}")
    bad = [n for n in names if not USERNAME.match(n)]
    if bad:
        raise HubError(
            f"not usable as a login (lower-case letters, digits, - or _, starting with a "
            f"letter, at most 32 characters): {', '.join(bad)}"
        )
    conf = settings(home)
    db = _hub_session(home)
    passwords: dict[str, str] = {}
    try:
        for name in names:
            user = _system_user(name, conf)
            if role == "instructors":
                subprocess.run(["usermod", "-aG", conf["instructor_group"], name], check=True)
                link = Path(user.pw_dir) / "course"
                if not link.exists():
                    link.symlink_to(home / "course")
                    os.lchown(link, user.pw_uid, user.pw_gid)
            if UserInfo.find(db, name) is None:
                import bcrypt

                password = new_password()
                db.add(UserInfo(username=name, is_authorized=True,
                                password=bcrypt.hashpw(password.encode(), bcrypt.gensalt())))
                passwords[name] = password
        db.commit()
    finally:
        db.close()
    roster = home / "roster" / f"{role}.txt"
    known = set(roster.read_text(encoding="utf-8").split()) if roster.exists() else set()
    with roster.open("a", encoding="utf-8") as out:
        for name in names:
            if name not in known:
                out.write(name + "\n")
                known.add(name)
    if role == "instructors":
        _own_exchange_course(home, conf, names[0])
    return passwords


def _own_exchange_course(home: Path, conf: dict, instructor: str) -> None:
    """The course's folder in the exchange belongs to an instructor before any student can
    create it (the exchange root is world-writable)."""
    path = home / "exchange" / conf["course_id"]
    if not path.exists():
        path.mkdir()
        user = pwd.getpwnam(instructor)
        os.chown(path, user.pw_uid, user.pw_gid)
        path.chmod(0o755)


def remove_users(home: Path, names: list[str]) -> None:
    """Delete system users (and their home folders) and their hub passwords."""
    from nativeauthenticator.orm import UserInfo

    db = _hub_session(home)
    try:
        for name in names:
            info = UserInfo.find(db, name)
            if info is not None:
                db.delete(info)
        db.commit()
    finally:
        db.close()
    for name in names:
        subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)


def read_roster(path: Path) -> list[str]:
    """Logins from a CSV with a `username` column (or the first column)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    col = header.index("username") if "username" in header else 0
    body = rows[1:] if "username" in header else rows
    return [r[col].strip().lower() for r in body if r and r[col].strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, default=DEFAULT_HOME, help="the hub's folder")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("setup", help="create the hub's folders and settings")
    p.add_argument("--kit", type=Path, required=True, help="the kit's folder (a clone)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--ip", default="")
    p.add_argument("--gradebook-url", default=None,
                   help="postgresql+psycopg2://user:password@host/db (default: SQLite)")
    p.add_argument("--language", choices=["en", "zh"], default="en")
    p.add_argument("--ssl-cert")
    p.add_argument("--ssl-key")
    p = sub.add_parser("install", help="build the shared environment in <home>/venv")
    p.add_argument("--kit", type=Path, required=True, help="the kit's folder (a clone)")
    p = sub.add_parser("add-students", help="add the students in a CSV file")
    p.add_argument("roster", type=Path)
    p.add_argument("--passwords", type=Path, default=Path("first-passwords.csv"))
    p = sub.add_parser("add-instructor", help="add instructors (and teaching assistants)")
    p.add_argument("names", nargs="+")
    p.add_argument("--passwords", type=Path, default=Path("first-passwords.csv"))
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("Run this as root (sudo): it creates Linux accounts.", file=sys.stderr)
        return 2
    try:
        if args.command == "setup":
            conf = setup(args.home, args.kit, ip=args.ip, port=args.port,
                         gradebook_url=args.gradebook_url, language=args.language)
            if args.ssl_cert:
                conf.update(ssl_cert=args.ssl_cert, ssl_key=args.ssl_key)
                _write(args.home / "course.json", json.dumps(conf, indent=2) + "\n", 0o600)
            print(f"Hub folder ready: {args.home}")
            return 0
        if args.command == "install":
            venv = install_venv(args.home / "venv", args.kit)
            print(f"Shared environment ready: {venv}")
            return 0
        if args.command == "add-students":
            passwords = add_users(args.home, read_roster(args.roster), "students")
        else:
            passwords = add_users(args.home, [n.lower() for n in args.names], "instructors")
    except HubError as exc:
        print(f"Problem: {exc}", file=sys.stderr)
        return 1
    new = not args.passwords.exists()
    with args.passwords.open("a", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        if new:
            out.writerow(["username", "first_password"])
        out.writerows(sorted(passwords.items()))
    args.passwords.chmod(0o600)
    print(f"{len(passwords)} new accounts; first passwords in {args.passwords}. "
          "Restart the hub so it knows them: sudo systemctl restart casebook-hub")
    return 0


if __name__ == "__main__":
    sys.exit(main())
