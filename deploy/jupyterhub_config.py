"""JupyterHub for one course on one machine: the kit's lessons and nbgrader exercises for a class.

Everything site-specific (ports, folders, rosters, the gradebook database) is in
<hub home>/course.json, written by `deploy/course_hub.py setup`; the hub home is
/srv/casebook unless CASEBOOK_HUB_HOME says otherwise. See docs/hub.md.

Start it as root (it must switch to each student's system user):
    /srv/casebook/venv/bin/jupyterhub -f /srv/casebook/kit/deploy/jupyterhub_config.py
"""

import json
import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it reads this file)

HOME = Path(os.environ.get("CASEBOOK_HUB_HOME", "/srv/casebook"))
SETTINGS = json.loads((HOME / "course.json").read_text(encoding="utf-8"))
STATE = HOME / "hub"
# The hub and every user's server run from one shared virtual environment: the one running
# this file, which has the kit, JupyterLab, nbgrader and JupyterHub installed.
VENV_BIN = Path(sys.executable).parent
KIT = Path(SETTINGS["kit"])


def _roster(name: str) -> list[str]:
    path = HOME / "roster" / f"{name}.txt"
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [u.strip() for u in lines if u.strip() and not u.startswith("#")]


INSTRUCTORS = _roster("instructors")
STUDENTS = _roster("students")

# --- network: the public port, and the hub's and the proxy's own ports on localhost ----------
c.JupyterHub.ip = SETTINGS.get("ip", "")
c.JupyterHub.port = int(SETTINGS.get("port", 8000))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(SETTINGS.get("hub_port", 8081))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(SETTINGS.get('proxy_api_port', 8001))}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.ConfigurableHTTPProxy.command = [SETTINGS.get("proxy", "configurable-http-proxy")]
if SETTINGS.get("ssl_cert"):
    c.JupyterHub.ssl_cert = SETTINGS["ssl_cert"]
    c.JupyterHub.ssl_key = SETTINGS["ssl_key"]

# --- the hub's own state: its database (users, tokens, passwords), secrets ---------------------
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
# Restarting the hub (after adding students) leaves everyone's workspace running.
c.JupyterHub.cleanup_servers = False

# --- who may log in ------------------------------------------------------------------------
# NativeAuthenticator keeps usernames and (bcrypt-hashed) passwords in the hub's database.
# `course_hub.py add-students` creates the accounts with first passwords; students change
# theirs at /hub/change-password. Self sign-up is off: only the roster gets in.
# To let students arrive from Canvas or Moodle instead, see docs/hub.md ("Logging in from
# the LMS"): the authenticator becomes ltiauthenticator's LTI 1.3 one, the rest stays.
if SETTINGS.get("authenticator", "native") == "lti13":
    c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"
    lti = SETTINGS["lti13"]
    c.LTI13Authenticator.issuer = lti["issuer"]
    c.LTI13Authenticator.authorize_url = lti["authorize_url"]
    c.LTI13Authenticator.jwks_endpoint = lti["jwks_endpoint"]
    c.LTI13Authenticator.client_id = lti["client_id"]
    # A custom LTI field carrying the LMS login (docs/hub.md), so that the hub login, the
    # Linux account and the roster entry are one name; an email address cannot be all three.
    c.LTI13Authenticator.username_key = lti.get("username_key", "custom_username")
else:
    c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"
    c.NativeAuthenticator.enable_signup = False
    c.NativeAuthenticator.minimum_password_length = 8
    c.NativeAuthenticator.check_common_password = True
    c.NativeAuthenticator.allowed_failed_logins = 5
    c.NativeAuthenticator.seconds_before_next_try = 300
c.Authenticator.allowed_users = set(INSTRUCTORS) | set(STUDENTS)
# Instructors administer the hub: reset a student's password, stop a stuck server.
c.Authenticator.admin_users = set(INSTRUCTORS)
c.JupyterHub.load_groups = {
    "instructors": {"users": INSTRUCTORS},
    "students": {"users": STUDENTS},
}

# --- one system user per student: each server runs under that student's own Linux account ----
# LocalProcessSpawner starts `jupyterhub-singleuser` as the user whose name is the hub
# username, so a student's notebooks, kernels and terminal can only touch what Unix
# permissions give that account: their own home (mode 700), the released exercises, and the
# exchange's write-only inbox. Nobody can read another student's files or the instructors'.
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab/tree/lessons/00_course_map.ipynb"
# Twenty students logging in at the start of a class spawn at once on a small machine.
c.Spawner.start_timeout = int(SETTINGS.get("start_timeout", 180))
c.Spawner.http_timeout = int(SETTINGS.get("start_timeout", 180))
c.Spawner.environment = {
    "PATH": os.pathsep.join([str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
    "CASEBOOK_LANG": SETTINGS.get("language", "en"),
}

STUDENT_CONFIG = HOME / "jupyter" / "students"
INSTRUCTOR_CONFIG = HOME / "jupyter" / "instructors"


def _copy_lessons(home: Path, uid: int, gid: int) -> None:
    """Give a user their own copy of the lessons once; later logins keep their edits."""
    dest = home / "lessons"
    if dest.exists():
        return
    shutil.copytree(
        KIT / "notebooks", dest,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.cfg"),
    )
    for path in [dest, *dest.rglob("*")]:
        os.chown(path, uid, gid)


def pre_spawn_hook(spawner) -> None:
    """Per group: instructors get formgrader and the gradebook, students the assignment list."""
    import pwd

    user = pwd.getpwnam(spawner.user.name)
    _copy_lessons(Path(user.pw_dir), user.pw_uid, user.pw_gid)
    groups = {g.name for g in spawner.user.groups}
    env = spawner.environment = dict(spawner.environment)
    if "instructors" in groups:
        env["JUPYTER_CONFIG_PATH"] = str(INSTRUCTOR_CONFIG)
        if SETTINGS.get("gradebook_url"):
            # Read by the course's nbgrader_config.py; only instructors' processes see it.
            env["CASEBOOK_DB_URL"] = SETTINGS["gradebook_url"]
    else:
        env["JUPYTER_CONFIG_PATH"] = str(STUDENT_CONFIG)


c.Spawner.pre_spawn_hook = pre_spawn_hook

# --- services: stop idle servers; a token for course_hub.py to manage the roster --------------
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable, "-m", "jupyterhub_idle_culler",
            f"--timeout={int(SETTINGS.get('idle_timeout', 3600))}",
        ],
    },
    {
        "name": "course-admin",
        "api_token": (STATE / "course-admin.token").read_text(encoding="utf-8").strip(),
    },
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
    {
        # add students, start and stop servers, issue tokens (the class test drives the hub so)
        "name": "course-admin",
        "scopes": ["admin:users", "admin:groups", "admin:servers", "tokens", "access:servers"],
        "services": ["course-admin"],
    },
]
