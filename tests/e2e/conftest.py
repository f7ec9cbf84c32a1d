"""Fixtures for the browser tests: one JupyterLab per session, one Chromium, a page per test."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from jlab import ROOT, LabServer, launch_browser, missing_browser_reason

ARTIFACTS = ROOT / "artifacts" / "e2e"
# Copied into the server's root so tests never touch the repository's files.
COURSE_ITEMS = ("notebooks", "exercises", "solutions", "nbgrader_config.py")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if getattr(config, "_casebook_e2e_used", False):
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"e2e screenshots saved in {ARTIFACTS}")


@pytest.fixture(scope="session")
def artifacts(pytestconfig: pytest.Config) -> Path:
    """Folder for this run's screenshots, emptied at the start of the session."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    pytestconfig._casebook_e2e_used = True  # type: ignore[attr-defined]
    print(f"\ne2e screenshots go to {ARTIFACTS}")
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium_ok() -> None:
    """Skip (or fail, under CASEBOOK_REQUIRE_BROWSER=1) when Chromium is not installed."""
    reason = missing_browser_reason()
    if reason is None:
        return
    if os.environ.get("CASEBOOK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CASEBOOK_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def course_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary copy of the kit's notebooks, exercises, solutions and nbgrader config."""
    root = tmp_path_factory.mktemp("course")
    for name in COURSE_ITEMS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns(
                ".ipynb_checkpoints", "__pycache__", "gradebook.db"))
        elif src.is_file():
            shutil.copy2(src, root / name)
    config = root / "nbgrader_config.py"
    if config.exists():
        # The exchange (release/collect) stays inside the temporary directory too.
        exchange = tmp_path_factory.mktemp("exchange")
        config.write_text(config.read_text() + f"\nc.Exchange.root = {str(exchange)!r}\n")
    return root


@pytest.fixture(scope="session")
def lab(chromium_ok, course_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    server = LabServer(root=course_dir, state=tmp_path_factory.mktemp("lab-state"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(chromium_ok):
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        browser = launch_browser(pw)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        pw.stop()


@pytest.fixture
def page(request: pytest.FixtureRequest, browser, lab: LabServer, artifacts: Path):
    """A fresh browser page; on failure its screenshot goes to artifacts/e2e/FAILED-*.png."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed:
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            shot = artifacts / f"FAILED-{name}.png"
            try:
                pg.screenshot(path=str(shot), full_page=True)
                print(f"\nscreenshot of the failure: {shot}")
            except Exception as exc:  # the page may be gone; the failure matters more
                print(f"\nno failure screenshot ({exc})")
            print(f"JupyterLab log (tail):\n{lab.log_tail()}")
        context.close()
        lab.shutdown_kernels()
