"""The `casebook` command, run as a student or instructor would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE_DIR = Path(__file__).resolve().parent.parent / "docs/examples/my_cases"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casebook.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_list_shows_every_case(cb):
    out = run("list")
    assert out.returncode == 0, out.stderr
    for case in cb.cases:
        assert case.id in out.stdout


def test_list_in_chinese(cb):
    out = run("list", "--lang", "zh")
    assert out.returncode == 0, out.stderr
    assert cb.case("li-v-liu").short_name.zh in out.stdout


def test_show_marks_unknowns_as_not_reported():
    out = run("show", "li-v-liu")
    assert out.returncode == 0, out.stderr
    assert "Docket: not reported" in out.stdout
    assert "500 CNY" in out.stdout
    zh = run("show", "li-v-liu", "--lang", "zh")
    assert "案号: 未报道" in zh.stdout


def test_show_unknown_id_is_one_clear_line():
    out = run("show", "li-v-lui")
    assert out.returncode == 1
    assert out.stderr.strip() == "casebook: unknown case 'li-v-lui' (did you mean 'li-v-liu'?)"


def test_validate_clean_data_exits_zero():
    out = run("validate", str(EXAMPLE_DIR.parent.parent.parent / "casebook/data"), str(EXAMPLE_DIR))
    assert out.returncode == 0, out.stdout
    assert out.stdout == ""


def test_validate_bad_file_exits_one_with_one_line_per_problem(tmp_path):
    bad = tmp_path / "x.yaml"
    text = (EXAMPLE_DIR / "hypo-campus-avatar.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("test: portrait", "test: recognisability"), encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    out = run("validate", str(tmp_path))
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert f"{tmp_path}/empty.yaml: file is empty" in lines
    wanted = (
        f"{bad}: issues[0].test: unknown legal test 'recognisability' (did you mean 'portrait'?)"
    )
    assert any(line.startswith(wanted) for line in lines), lines
    assert "Traceback" not in out.stdout + out.stderr


def test_grade_report_without_gradebook_is_one_clear_line(tmp_path):
    out = run("grade-report", str(tmp_path / "gradebook.db"), "--out", str(tmp_path / "r"))
    assert out.returncode == 1
    assert out.stderr.strip().startswith("casebook: no gradebook at ")
    assert "Traceback" not in out.stderr
