"""The casebook paraphrases its sources: no run of words copied from the seed articles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COPYCHECK = ROOT.parent / "shared" / "hooks" / "copycheck.py"


@pytest.mark.skipif(
    not COPYCHECK.exists(), reason=f"source articles not beside the checkout ({COPYCHECK})"
)
def test_no_sentence_is_copied_from_the_sources():
    out = subprocess.run(
        [sys.executable, str(COPYCHECK), str(ROOT)], capture_output=True, text=True, timeout=120
    )
    assert out.stdout == "", f"rewrite these passages in your own words:\n{out.stdout}"
    assert out.returncode == 0
