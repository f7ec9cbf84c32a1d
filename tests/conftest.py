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
