"""The class test's browser student: log in on the hub's page, fetch, answer, submit, feedback."""

from __future__ import annotations

import functools
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "e2e"))
from jlab import _OPENED, Notebook, launch_browser, missing_browser_reason

SCREENSHOT = "hub-assignments.png"
_FEEDBACK_CLICKS = 3
COURSE_MAP = "lessons/00_course_map.ipynb"


def browser_reason() -> str | None:
    return missing_browser_reason()


class _HubLab:
    """What jlab's Notebook needs of a server: URLs, here a user's server behind the hub."""

    def __init__(self, hub, name: str):
        self.hub, self.name = hub, name

    def url(self, path: str) -> str:
        return f"{self.hub.url}/user/{self.name}/{path.lstrip('/')}"


class Session:
    """One Chromium page, kept open from submission to feedback."""

    def __init__(self):
        from playwright.sync_api import sync_playwright

        self.pw = sync_playwright().start()
        self.browser = launch_browser(self.pw)
        self.context = self.browser.new_context(viewport={"width": 1400, "height": 900})
        self.context.set_default_timeout(60_000)
        self.page = self.context.new_page()
        self.closed = False

    def close(self) -> None:
        """Close the browser; safe to call twice, and from the browser thread itself."""
        if threading.current_thread().name.startswith(_THREAD_NAME):
            # Waiting on the one-worker executor from inside it would wait forever.
            self._close()
        else:
            _THREAD.submit(self._close).result(timeout=_CLOSE_TIMEOUT_S)

    def _close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self.context.close()
            self.browser.close()
        finally:
            self.pw.stop()


def _wait_lab(page) -> None:
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=120_000)
    page.evaluate("async () => { await window.jupyterapp.restored; }")


def login(page, hub, name: str, password: str) -> float:
    """From the hub's login page to the student's JupyterLab; seconds until Lab was ready."""
    import time

    page.goto(f"{hub.url}/hub/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password)
    start = time.perf_counter()
    page.locator("input[type=submit], button[type=submit]").first.click()
    # The hub spawns the server and sends the student to the course map.
    page.wait_for_url(f"**/user/{name}/lab/**", timeout=300_000)
    _wait_lab(page)
    # The course map opens by itself (the hub's default URL); let it finish first.
    page.evaluate(_OPENED, [COURSE_MAP, 120_000])
    return time.perf_counter() - start


def open_assignment_list(page):
    """Nbgrader > Assignment List, as a student finds it in the menu bar."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
    show_assignment_list(page)


def show_assignment_list(page) -> None:
    page.locator(".lm-TabBar-tabLabel", has_text="Assignments").first.click()
    page.locator("#released_assignments_list").wait_for()


# Playwright's sync API refuses to start in a thread where another sync session (the e2e
# suite's, earlier in the same pytest run) has left its event loop: every browser call of the
# hub test runs in one thread of its own, which also keeps the session in the thread it began.
_THREAD_NAME = "hub-browser"
_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix=_THREAD_NAME)
# Every browser step has Playwright timeouts of its own (60 s per action, 300 s for the spawn);
# these bound the whole step, so a stuck browser fails the test instead of stalling CI.
_STEP_TIMEOUT_S = 900
_CLOSE_TIMEOUT_S = 120


def _in_browser_thread(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return _THREAD.submit(fn, *args, **kwargs).result(timeout=_STEP_TIMEOUT_S)

    return wrapper


@_in_browser_thread
def browser_submit(hub, name: str, password: str, artifacts: Path, aid: str, course: str,
                   answer: str, answer_cell: int) -> dict:
    """Log in, open the assignment list, fetch, type `answer` into cell `answer_cell`, save,
    submit; the screenshot of the assignment list goes to artifacts/e2e/hub-assignments.png."""
    session = Session()
    page = session.page
    try:
        seconds = login(page, hub, name, password)
        open_assignment_list(page)
        released = page.locator("#released_assignments_list")
        released.get_by_text(aid).wait_for()
        released.get_by_role("button", name="Fetch").click()
        fetched = page.locator("#fetched_assignments_list")
        fetched.get_by_text(aid).first.wait_for()

        path = f"{aid}/{aid}.ipynb"
        nb = Notebook(page, _HubLab(hub, name), path)
        # The assignment folds open to its notebooks; the notebook's name opens it.
        fetched.locator("a.assignment-notebooks-link", has_text=aid).first.click()
        fetched.locator(f"#nbgrader-{course}-{aid} a[href='#']", has_text=aid).first.click()
        page.evaluate(_OPENED, [path, 120_000])
        nb.wait_kernel_idle(120)
        nb.set_cell_source(answer_cell, answer)
        nb.save()

        show_assignment_list(page)
        fetched.get_by_role("button", name="Submit").first.click()
        page.locator("#submitted_assignments_list").get_by_text(aid).first.wait_for()
        page.wait_for_timeout(500)
        page.screenshot(path=str(artifacts / SCREENSHOT))
        return {"session": session, "login_to_lab_s": seconds}
    except BaseException:
        page.screenshot(path=str(artifacts / "FAILED-hub-student.png"))
        session.close()
        raise


@_in_browser_thread
def browser_feedback(session: Session, artifacts: Path, aid: str) -> None:
    """Reload the assignment list, fetch feedback and open it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page = session.page
    try:
        page.reload()
        _wait_lab(page)
        open_assignment_list(page)
        submitted = page.locator("#submitted_assignments_list")
        submitted.get_by_role("button", name="Fetch Feedback").first.click()
        # "(view feedback)" shows the folder; the student opens the page in it. The list
        # re-draws when the fetch completes, and a click that lands just before that is lost
        # (seen once in CI: the file browser stayed in lessons/), so the student clicks again.
        page_link = page.locator(".jp-DirListing-item", has_text=f"{aid}.html").first
        for attempt in range(_FEEDBACK_CLICKS):
            submitted.get_by_text("view feedback").first.click()
            try:
                page_link.wait_for(timeout=20_000)
                break
            except PlaywrightTimeoutError:
                if attempt == _FEEDBACK_CLICKS - 1:
                    raise
        page_link.dblclick()
        page.locator(".jp-MainAreaWidget:visible iframe").first.wait_for()
        page.wait_for_timeout(1000)
        page.screenshot(path=str(artifacts / "hub-feedback.png"))
    except BaseException:
        page.screenshot(path=str(artifacts / "FAILED-hub-feedback.png"))
        raise
    finally:
        session.close()
