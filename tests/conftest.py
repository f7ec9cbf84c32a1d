"""Shared fixtures: the bundled casebook, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import casebook

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def cb() -> casebook.Casebook:
    return casebook.load()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT



def pytest_configure(config):
    """With CASEBOOK_REQUIRE_SANDBOX=1 (CI), a machine where the grading sandbox cannot run
    stops the run with the reason, instead of skipping the sandboxed-grading tests."""
    import os

    if os.environ.get("CASEBOOK_REQUIRE_SANDBOX") != "1":
        return
    from casebook.sandbox import sandbox_problem

    problem = sandbox_problem()
    if problem is not None:
        raise pytest.UsageError(
            f"CASEBOOK_REQUIRE_SANDBOX=1 but the grading sandbox cannot run here: {problem}"
        )
