"""The class test's browser student: log in on the hub's page, fetch, answer, submit, feedback."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "e2e"))
from jlab import missing_browser_reason  # noqa: E402


def browser_reason() -> str | None:
    if os.environ.get("CASEBOOK_HUB_BROWSER") == "0":
        return "CASEBOOK_HUB_BROWSER=0"
    return missing_browser_reason()
