#!/usr/bin/env python3
"""Set up the kit in ./.venv and open JupyterLab (`lab`), run every test (`test`) or build the
course site (`site`)."""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
# Debian packages the browser tests need: the browser itself and a CJK font so
# screenshots of Chinese pages show characters, not boxes.
BROWSER_PACKAGES = ["chromium", "fonts-noto-cjk"]
# Debian packages the class test on a real JupyterHub needs (tests/test_hub.py): Node.js for
# the hub's proxy, PostgreSQL for the gradebook server, and Debian's Python with venv for the
# environment every student account can run.
HUB_PACKAGES = ["nodejs", "npm", "postgresql", "python3-venv"]
PROXY = "configurable-http-proxy"
LAB_START = "notebooks/00_course_map.ipynb"


def run(*cmd: str | Path, **kw) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kw)


def setup(extra: str) -> None:
    """Create .venv and install the kit; skipped when nothing changed since last time."""
    if not PY.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed-{extra}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    # The test extra includes the lab extra, so a tested venv can open the lab as is.
    done = [stamp, VENV / ".installed-test"] if extra == "lab" else [stamp]
    if any(s.exists() and s.read_text() == digest for s in done):
        return
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--quiet", "-e", f".[{extra}]")
    stamp.write_text(digest)


def _missing_system_packages() -> list[str]:
    missing = []
    if not (shutil.which("chromium") and Path("/usr/share/fonts/opentype/noto").exists()):
        missing += BROWSER_PACKAGES
    if not (shutil.which("node") and shutil.which("npm")):
        missing += ["nodejs", "npm"]
    if not list(Path("/").glob("usr/lib/postgresql/*/bin/initdb")):
        missing.append("postgresql")
    # Debian's python3 can make a venv only with python3-venv (it ships ensurepip).
    system_python = Path("/usr/bin/python3")
    if not system_python.exists() or subprocess.call(
        [str(system_python), "-c", "import ensurepip"], stderr=subprocess.DEVNULL
    ):
        missing.append("python3-venv")
    return missing


def install_browser() -> None:
    """Install Debian's Chromium, and what the hub test needs, where this machine allows it
    (root with apt-get); then the hub's proxy from npm."""
    missing = _missing_system_packages()
    can_apt = shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if missing and not can_apt:
        print(
            f"Note: {', '.join(missing)} not installed and cannot be installed here (needs "
            "root and apt-get); the browser and hub tests will be skipped and say so.",
            flush=True,
        )
        return
    if missing:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)
    if not shutil.which(PROXY) and shutil.which("npm") and can_apt:
        run("npm", "install", "--global", "--no-fund", "--no-audit", PROXY)


def venv_env() -> dict[str, str]:
    """The environment with the venv's commands first on PATH, as if it were activated:
    nbgrader's formgrader shells out to `alembic`, the tests to `jupyter`."""
    return dict(os.environ, PATH=os.pathsep.join([str(BIN), os.environ.get("PATH", "")]))


def cmd_lab(args: argparse.Namespace) -> int:
    setup("lab")
    # The default URL opens the course map; the file browser shows the whole kit.
    cmd = [
        BIN / "jupyter",
        "lab",
        f"--ServerApp.root_dir={ROOT}",
        f"--LabApp.default_url=/lab/tree/{LAB_START}",
        *args.jupyter_args,
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Jupyter refuses to start as root (containers, CI machines) without this flag.
        cmd.append("--allow-root")
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=venv_env())


def cmd_test(args: argparse.Namespace) -> int:
    setup("test")
    if not args.no_browser:
        install_browser()
    run(BIN / "ruff", "check", ".")
    return subprocess.call(
        [str(PY), "-m", "pytest", *args.pytest_args], cwd=ROOT, env=venv_env()
    )


def cmd_site(args: argparse.Namespace) -> int:
    setup("lab")
    out = ROOT / "site"
    print(f"Building the course site in {out} (English and Chinese) ...", flush=True)
    return subprocess.call(
        [str(PY), "-m", "casebook.site", "--notebooks", "notebooks", "--out", str(out)],
        cwd=ROOT,
        env=venv_env(),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_lab = sub.add_parser(
        "lab", help="set up, then open JupyterLab on the kit (other options go to jupyter lab)"
    )
    p_lab.set_defaults(func=cmd_lab)
    p_test = sub.add_parser(
        "test", help="set up, then run lint and every test (other options go to pytest)"
    )
    p_test.add_argument("--no-browser", action="store_true", help="do not install Chromium")
    p_test.set_defaults(func=cmd_test)
    p_site = sub.add_parser(
        "site", help="set up, then build the static bilingual course site in ./site"
    )
    p_site.set_defaults(func=cmd_site)
    # Anything kit.py does not know goes on to jupyter lab or pytest, e.g. `-m "not e2e"`.
    args, rest = parser.parse_known_args()
    args.jupyter_args = args.pytest_args = rest
    try:
        return args.func(args)
    except subprocess.CalledProcessError as exc:
        print(f"Set-up step failed (exit {exc.returncode}): {' '.join(map(str, exc.cmd))}")
        return exc.returncode or 1


if __name__ == "__main__":
    sys.exit(main())
