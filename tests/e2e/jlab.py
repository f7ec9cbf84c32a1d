"""Start JupyterLab on localhost and drive it from Playwright: what a student sees."""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CASEBOOK_CHROMIUM", "/usr/bin/chromium"))
# The background-networking flags matter: on a closed network Chromium's own
# outbound calls (updates, sync, field trials) are refused and slow it down.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# Texts the ipywidgets front end puts on the page (or logs) when the front-end
# extension and the Python package disagree, or a view cannot be built.
WIDGET_ERROR_TEXTS = (
    "Error displaying widget",
    "Failed to load model class",
    "Could not create a view",
    "Could not create a model",
    "Model class",
    "No renderer could be found",
)
CJK = re.compile(r"[\u4e00-\u9fff]")

# User settings for the Lab under test: render every cell (no virtual
# scrolling, so all widgets are in the DOM) and no news/update pop-ups.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing_browser_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return (
            f"Chromium not found at {CHROMIUM}: install it with "
            "`apt-get install chromium fonts-noto-cjk` (python3 kit.py test does this when "
            "run as root)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is missing: pip install -e '.[test]'"
    return None


@dataclass
class LabServer:
    """A JupyterLab process on 127.0.0.1 serving `root`, with a random token."""

    root: Path
    state: Path
    port: int = field(default_factory=free_port)
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.state / "jupyterlab.log"

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}token={self.token}"

    def start(self, timeout: float = 90) -> LabServer:
        for sub in ("config", "runtime", "settings", "workspaces", "ipython"):
            (self.state / sub).mkdir(parents=True, exist_ok=True)
        for rel, value in LAB_SETTINGS.items():
            path = self.state / "settings" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        # Keep the user's own Jupyter config, settings and workspaces out of the test.
        env = dict(
            os.environ,
            JUPYTER_CONFIG_DIR=str(self.state / "config"),
            JUPYTER_RUNTIME_DIR=str(self.state / "runtime"),
            JUPYTERLAB_SETTINGS_DIR=str(self.state / "settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(self.state / "workspaces"),
            IPYTHONDIR=str(self.state / "ipython"),
            PYTHONUNBUFFERED="1",
            # As in an activated venv: nbgrader runs the `alembic` command from PATH.
            PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        )
        cmd = [
            sys.executable, "-m", "jupyter", "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--ServerApp.open_browser=False",
            # Tests reach the app's command registry (run all, save) as window.jupyterapp.
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=",
            "--LabApp.extension_manager=readonly",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")  # CI containers run as root
        with self.log.open("wb") as log:
            # nbgrader's formgrader reads nbgrader_config.py from the working directory.
            self.proc = subprocess.Popen(
                cmd, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early:\n{self.log_tail()}")
            try:
                self.api("GET", "api/status")
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{self.log_tail()}")

    def api(self, method: str, path: str, timeout: float = 10) -> Any:
        req = urllib.request.Request(
            f"{self.base}/{path}", method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Stop every kernel, so each test starts from a quiet server."""
        try:
            for session in self.api("GET", "api/sessions"):
                self.api("DELETE", f"api/sessions/{session['id']}")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """Stop the server and its kernels: the whole process group, forcibly if needed."""
        stop_process_group(self.proc, grace=15)


def stop_process_group(proc: subprocess.Popen | None, grace: float) -> None:
    """Stop a server started in a process group of its own, and everything it started."""
    if proc is None or proc.poll() is not None:
        return
    pgid = os.getpgid(proc.pid)
    os.killpg(pgid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(pgid, signal.SIGKILL)
        proc.wait(timeout=15)
    # Kernels share the group; make sure none outlives the server.
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


# --- page helpers -------------------------------------------------------------

_FIND_PANEL = """
(path) => {
  const app = window.jupyterapp;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path) return w;
  }
  return null;
}
"""

_OPENED = """
async ([path, timeoutMs]) => {
  const find = FIND_PANEL;
  const app = window.jupyterapp;
  await app.restored;
  const end = Date.now() + timeoutMs;
  let w = find(path);
  while (!w && Date.now() < end) {
    await new Promise(r => setTimeout(r, 100));
    w = find(path);
  }
  if (!w) throw new Error('notebook did not open: ' + path);
  await w.context.ready;
  await w.sessionContext.ready;
  app.shell.activateById(w.id);
  return w.id;
}
""".replace("FIND_PANEL", _FIND_PANEL)

_STATUS = """
(path) => {
  const w = (FIND_PANEL)(path);
  const MIME = 'WIDGET_MIME';
  const out = {kernel: null, executing: 0, unrun: 0, expected: 0, rendered: 0,
               pending: 0, errors: [], widgetErrors: [], cells: 0};
  if (!w) return out;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  out.kernel = kernel ? kernel.status : null;
  for (const cell of w.content.widgets) {
    if (cell.model.type !== 'code') continue;
    out.cells++;
    const count = cell.model.executionCount;
    if (cell.promptNode && cell.promptNode.textContent.includes('*')) out.executing++;
    else if (!count && cell.model.sharedModel.getSource().trim()) out.unrun++;
    const outs = cell.model.outputs;
    const area = cell.node.querySelector('.jp-Cell-outputArea');
    const children = area ? area.querySelectorAll(':scope > .jp-OutputArea-child') : [];
    for (let i = 0; i < outs.length; i++) {
      const o = outs.get(i).toJSON();
      if (o.output_type === 'error') out.errors.push(o.ename + ': ' + o.evalue);
      if (!(o.data && o.data[MIME])) continue;
      out.expected++;
      // Output i of the model is child i of the output area (an Output widget
      // may nest more widgets inside; only the top level is counted).
      const node = children[i] && children[i].querySelector('.jp-OutputArea-output');
      const text = node ? (node.textContent || '') : '';
      if (text.includes('Error displaying widget') || text.includes('Failed to load model')
          || (node && node.querySelector('.jupyter-widgets-error-widget'))) {
        out.widgetErrors.push(text.slice(0, 300));
      } else if (node && node.childElementCount > 0) {  // the view is attached
        out.rendered++;
      } else {
        out.pending++;
      }
    }
  }
  // ipywidgets 8 draws a broken-file icon ("Click to show javascript error.")
  // for a view it cannot build, nested ones included.
  out.errorIcons = w.node.querySelectorAll('.jupyter-widgets-error-widget').length;
  return out;
}
""".replace("FIND_PANEL", _FIND_PANEL).replace("WIDGET_MIME", WIDGET_MIME)


_WIDGET_TEXT = """
(path) => {
  const w = (FIND_PANEL)(path);
  const texts = [];
  for (const cell of w.content.widgets) {
    if (cell.model.type !== 'code') continue;
    for (const node of cell.node.querySelectorAll(
        '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output')) {
      if (!node.getAttribute('data-mime-type')) texts.push(node.textContent);
    }
  }
  return texts.join('\\n');
}
""".replace("FIND_PANEL", _FIND_PANEL)


class Notebook:
    """One notebook open in JupyterLab in a Playwright page."""

    def __init__(self, page, server: LabServer, path: str):
        self.page = page
        self.server = server
        self.path = path
        self.console: list[str] = []
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda exc: self.console.append(f"pageerror: {exc}"))

    @classmethod
    def open(cls, page, server: LabServer, path: str, timeout: float = 60) -> Notebook:
        nb = cls(page, server, path)
        # A fresh workspace per page, so nothing opened by an earlier test comes back.
        workspace = "t" + secrets.token_hex(4)
        page.goto(server.url(f"lab/workspaces/{workspace}/tree/{path}"))
        page.wait_for_function("() => window.jupyterapp !== undefined", timeout=timeout * 1000)
        page.evaluate(_OPENED, [path, timeout * 1000])
        nb.wait_kernel_idle(timeout)
        return nb

    @property
    def panel(self):
        """The notebook's panel in the DOM (its id is set by Lab)."""
        wid = self.page.evaluate(f"(p) => ({_FIND_PANEL})(p).id", self.path)
        return self.page.locator(f"[id='{wid}']")

    def status(self) -> dict:
        return self.page.evaluate(_STATUS, self.path)

    def wait_kernel_idle(self, timeout: float = 60) -> None:
        self.page.wait_for_function(
            f"(p) => {{ const w = ({_FIND_PANEL})(p); const k = w && w.sessionContext.session"
            " && w.sessionContext.session.kernel; return k && k.status === 'idle'; }",
            arg=self.path, timeout=timeout * 1000,
        )

    def command(self, command_id: str, timeout: float = 120) -> Any:
        """Run a Lab command on this notebook (as its menu item would) and wait for it."""
        key = "__cmd" + secrets.token_hex(4)
        self.page.evaluate(
            """([path, cmd, key]) => {
                 const app = window.jupyterapp;
                 const find = FIND_PANEL;
                 app.shell.activateById(find(path).id);
                 app.commands.execute(cmd).then(
                   r => { window[key] = {ok: true, value: r === undefined ? null : r}; },
                   e => { window[key] = {ok: false, value: String(e)}; });
               }""".replace("FIND_PANEL", _FIND_PANEL),
            [self.path, command_id, key],
        )
        handle = self.page.wait_for_function(f"() => window['{key}']", timeout=timeout * 1000)
        result = handle.json_value()
        if not result["ok"]:
            raise AssertionError(f"{command_id} failed: {result['value']}")
        return result["value"]

    def run_all(self, timeout: float = 180) -> float:
        """Run all cells; return the seconds until every cell ran and every widget rendered."""
        start = time.perf_counter()
        self.command("notebook:run-all-cells", timeout)
        self.wait_rendered(30)
        return time.perf_counter() - start

    def wait_rendered(self, timeout: float = 60) -> dict:
        """Wait until no cell is running and each widget output has rendered (or failed)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(
                f"(p) => {{ const s = ({_STATUS})(p); return s.kernel === 'idle' && "
                "s.executing === 0 && s.pending === 0 && "
                "s.rendered + s.widgetErrors.length >= s.expected; }",
                arg=self.path, timeout=timeout * 1000, polling=50,
            )
        except PlaywrightTimeout:
            raise AssertionError(
                f"{self.path}: widgets not rendered after {timeout} s: {self.status()}"
            ) from None
        return self.status()

    def widget_problems(self) -> list[str]:
        """Widget error texts on the page or in the browser console, and cell errors."""
        status = self.status()
        problems = [f"widget error: {t}" for t in status["widgetErrors"]]
        problems += [f"cell error: {e}" for e in status["errors"]]
        # Clicking the icon reveals the error, e.g. "Failed to load model class ...".
        for icon in self.panel.locator(".jupyter-widgets-error-widget").all():
            icon.click()
            problems.append(f"widget error icon: {icon.inner_text()[:300]!r}")
        text = self.panel.inner_text()
        problems += [f"on page: {t!r}" for t in WIDGET_ERROR_TEXTS if t in text]
        problems += [
            f"console: {line}" for line in self.console
            if any(t in line for t in WIDGET_ERROR_TEXTS)
        ]
        if status["rendered"] < status["expected"]:
            problems.append(f"only {status['rendered']} of {status['expected']} widgets rendered")
        return problems

    def widget_text(self) -> str:
        """Text of every widget output in the notebook (hidden tabs included)."""
        return self.page.evaluate(_WIDGET_TEXT, self.path)

    def wait_until(self, check, timeout: float, what: str) -> None:
        """Poll `check()` until true; fail naming `what` after `timeout` seconds."""
        end = time.monotonic() + timeout
        while not check():
            if time.monotonic() > end:
                raise AssertionError(f"{self.path}: no {what} after {timeout} s")
            self.page.wait_for_timeout(50)

    def cell_outputs(self, index: int) -> str:
        """Text of the outputs of cell `index` (0-based, counting every cell)."""
        return self.panel.locator(".jp-Cell").nth(index).locator(
            ".jp-Cell-outputArea").inner_text()

    def set_cell_source(self, index: int, text: str) -> None:
        """Type `text` into cell `index`, replacing what is there, as a student would."""
        cell = self.panel.locator(".jp-Cell").nth(index)
        editor = cell.locator(".cm-content")
        editor.scroll_into_view_if_needed()
        editor.click()
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.press("Delete")
        # insert_text sends the text as one input: no auto-indent or auto-closed quotes.
        self.page.keyboard.insert_text(text)
        self.page.keyboard.press("Escape")

    def cell_source(self, index: int) -> str:
        return self.page.evaluate(
            f"([p, i]) => ({_FIND_PANEL})(p).content.widgets[i].model.sharedModel.getSource()",
            [self.path, index],
        )

    def save(self) -> None:
        self.command("docmanager:save")
        self.page.wait_for_function(
            f"(p) => !({_FIND_PANEL})(p).context.model.dirty", arg=self.path, timeout=30_000,
        )

    def screenshot(self, path: Path, full: bool = True) -> Path:
        """Save a picture of the notebook; `full` grows the window to show every cell."""
        path.parent.mkdir(parents=True, exist_ok=True)
        page = self.page
        size = page.viewport_size
        if full and size:
            height = page.evaluate(
                f"(p) => {{ const w = ({_FIND_PANEL})(p);"
                " const s = w.node.querySelector('.jp-WindowedPanel-outer') || w.content.node;"
                " return s.scrollHeight; }",
                self.path,
            )
            page.set_viewport_size({"width": size["width"], "height": min(12000, height + 200)})
            # Show the notebook from its first cell (run all leaves it at the last).
            page.evaluate(
                f"(p) => {{ const w = ({_FIND_PANEL})(p);"
                " const s = w.node.querySelector('.jp-WindowedPanel-outer');"
                " if (s) s.scrollTop = 0; }",
                self.path,
            )
            page.wait_for_timeout(300)
        try:
            page.screenshot(path=str(path))
        finally:
            if full and size:
                page.set_viewport_size(size)
        return path


# --- lesson controls ----------------------------------------------------------

# Labels of the "undecided" answer on an element control, in both languages.
UNSURE_LABELS = ("not sure", "not shown", "不确定", "未主张")

_TAG_APPLY = """
([panel, unsure]) => {
  const visible = n => n.offsetParent !== null;
  // An element control: a hook class if the widget has one, else its "not sure" button.
  const isControl = g => visible(g) && (g.classList.contains('casebook-element') ||
      [...g.querySelectorAll('button')].some(b => unsure.includes(b.innerText.trim())));
  // The conclusion line: a hook class if the widget has one, else its label.
  const findConclusion = box => box.querySelector('.casebook-conclusion') ||
      [...box.querySelectorAll('.widget-html')].find(
          n => /^\\s*(Conclusion|结论)\\s*[:：]/.test(n.innerText));
  for (const old of panel.querySelectorAll('[data-e2e-control],[data-e2e-conclusion]')) {
    old.removeAttribute('data-e2e-control');
    old.removeAttribute('data-e2e-conclusion');
  }
  const groups = '.widget-toggle-buttons, .casebook-element';
  const first = [...panel.querySelectorAll(groups)].find(isControl);
  for (let box = first && first.parentElement; box && box !== panel; box = box.parentElement) {
    const conclusion = findConclusion(box);
    if (!conclusion) continue;
    const controls = [...box.querySelectorAll(groups)].filter(isControl);
    controls.forEach((c, i) => c.setAttribute('data-e2e-control', String(i)));
    conclusion.setAttribute('data-e2e-conclusion', '');
    return controls.length;
  }
  return 0;
}
"""

_TIMED_CLICK = """
([button, target]) => new Promise(resolve => {
  const before = target.innerText;
  const t0 = performance.now();
  const done = () => requestAnimationFrame(() => resolve(performance.now() - t0));
  const obs = new MutationObserver(() => {
    if (target.innerText !== before) { obs.disconnect(); done(); }
  });
  obs.observe(target, {subtree: true, childList: true, characterData: true, attributes: true});
  setTimeout(() => { obs.disconnect(); resolve(-1); }, 5000);
  button.click();
})
"""


def tag_apply_widget(nb: Notebook) -> int:
    """Mark the first visible apply-the-test widget's element controls and its conclusion.

    Controls get data-e2e-control="0", "1", ...; the conclusion line gets
    data-e2e-conclusion. Returns the number of controls (0 when the lesson has none).
    """
    return nb.page.evaluate(_TAG_APPLY, [nb.panel.element_handle(), list(UNSURE_LABELS)])


def language_button(nb: Notebook, label: str = "中文"):
    """The lesson's language switch button (hook class first, else the first such button)."""
    hooked = nb.panel.locator(".casebook-language").get_by_role("button", name=label, exact=True)
    if hooked.count():
        return hooked.first
    return nb.panel.get_by_role("button", name=label, exact=True).first


def conclusion(nb: Notebook):
    return nb.panel.locator("[data-e2e-conclusion]")


def control_buttons(nb: Notebook, index: int):
    return nb.panel.locator(f"[data-e2e-control='{index}'] button")


def timed_click(nb: Notebook, button, target) -> float:
    """Click `button` in the page; ms until `target`'s text changed and was painted (-1: never)."""
    return nb.page.evaluate(_TIMED_CLICK, [button.element_handle(), target.element_handle()])


def cjk_count(text: str) -> int:
    return len(CJK.findall(text))
