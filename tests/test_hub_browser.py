"""The hub test's browser thread: closing a session never waits on itself."""

from __future__ import annotations

import hub_browser


class _Part:
    def __init__(self, log: list[str], name: str):
        self.log, self.name = log, name

    def close(self) -> None:
        self.log.append(self.name)

    stop = close


def _session(log: list[str]) -> hub_browser.Session:
    # No Chromium here: only the closing logic is under test.
    session = hub_browser.Session.__new__(hub_browser.Session)
    session.context, session.browser, session.pw = (
        _Part(log, "context"), _Part(log, "browser"), _Part(log, "playwright"))
    session.closed = False
    return session


def test_a_step_in_the_browser_thread_can_close_its_own_session(monkeypatch):
    monkeypatch.setattr(hub_browser, "_STEP_TIMEOUT_S", 10)
    log: list[str] = []
    session = _session(log)

    @hub_browser._in_browser_thread
    def step():
        session.close()  # as browser_feedback does in its `finally`
        return "done"

    # A close that waited on the one-worker executor it runs in would wait forever: the
    # step timeout turns that into a TimeoutError here.
    assert step() == "done"
    assert log == ["context", "browser", "playwright"], "the session must close exactly once"


def test_closing_twice_from_outside_closes_once():
    log: list[str] = []
    session = _session(log)
    session.close()
    session.close()
    assert log == ["context", "browser", "playwright"]
