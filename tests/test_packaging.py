"""The wheel students install holds the package and its data, and nothing else."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_exactly_the_checked_package(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    # the distribution is internet-court-casebook (PyPI's "casebook" is another project)
    (wheel,) = tmp_path.glob("internet_court_casebook-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = [n for n in zf.namelist() if not n.startswith("internet_court_casebook-")]
        contents = {n: zf.read(n) for n in names}
    yaml_files = [n for n in names if n.endswith(".yaml")]
    assert len([n for n in yaml_files if n.startswith("casebook/data/cases/")]) >= 11
    assert any(n.startswith("casebook/data/tests/") for n in yaml_files)
    assert any(n.startswith("casebook/data/statutes/") for n in yaml_files)
    strays = [n for n in names if not n.startswith("casebook/") or n.endswith(".ipynb")]
    assert not strays, f"the wheel must hold only the casebook package: {strays}"
    # Byte-identical to the source tree, which test_release scans for answers and hidden tests.
    changed = [n for n, data in contents.items() if (ROOT / n).read_bytes() != data]
    assert not changed, f"wheel files differ from the checked sources: {changed}"
    for name, data in contents.items():
        text = data.decode("utf-8", errors="replace")
        if name == "casebook/exbuild.py":
            # the exercise builder names nbgrader's delimiters once, as constants
            for const in ('BEGIN_SOLUTION = "### BEGIN SOLUTION"',
                          'BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"'):
                text = text.replace(const, "", 1)
        for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "expect(globals()"):
            assert marker not in text, f"{name} in the wheel holds {marker!r}"
