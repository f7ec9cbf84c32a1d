"""The `casebook` command, run as a student or instructor would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DIR = ROOT / "docs/examples/my_cases"


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
    assert "案号：未报道" in zh.stdout


def test_show_in_chinese_has_no_english_words():
    """Sides, roles, finding words, the appeal status and the currency, all in Chinese."""
    zh = run("show", "li-v-liu", "--lang", "zh").stdout
    assert "李某某（原告；使用者）" in zh
    assert "独创性：满足" in zh
    assert "（500元）" in zh
    assert "上诉情况：未上诉" in zh
    from casebook.zhcheck import scan_text

    assert not scan_text(zh, "casebook show li-v-liu --lang zh")
    assert "CNY" not in zh


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


COURSE = EXAMPLE_DIR.parent / "my_course"
DATA = EXAMPLE_DIR.parent.parent.parent / "casebook/data"


def test_show_says_which_years_were_inferred():
    """Issue 11 item 17: an inferred year never reads as a reported day-precise date."""
    out = run("show", "li-v-liu")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    i = next(n for n, line in enumerate(lines) if line.endswith(": 2023-08-24"))
    assert "inferred" in lines[i + 1], lines[i : i + 2]
    zh = run("show", "li-v-liu", "--lang", "zh").stdout
    assert "推断为2023年" in zh


def test_show_marks_provenance_and_rule():
    out = run("show", "yin-ai-voice").stdout
    assert "fault: met (implied by the holding)" in out
    assert "rule (stated findings): undecided" in out


@pytest.mark.parametrize(
    "target",
    [DATA / "cases", DATA / "cases" / "li-v-liu.yaml", DATA],
    ids=["folder", "file", "all"],
)
def test_validate_bundled_data_has_no_self_clash(target):
    out = run("validate", str(target))
    assert out.returncode == 0, out.stdout
    assert "duplicate" not in out.stdout


def test_validate_instructor_folder_reports_the_departure():
    out = run("validate", str(COURSE / "cases"))
    assert out.returncode == 0, out.stdout
    assert "note: also read" in out.stdout
    assert "the court departs from the test's rule" in out.stdout
    assert "Reason given:" in out.stdout


def test_accuracy_command_prints_the_figure():
    out = run("accuracy")
    assert out.returncode == 0, out.stderr
    assert "fault-for-damages" in out.stdout
    assert "From the stated findings alone, the rule reaches the court's result on" in out.stdout
    zh = run("accuracy", "--lang", "zh")
    assert "仅依来源载明的认定" in zh.stdout
    with_course = run("accuracy", "--extra", str(COURSE)).stdout
    assert "hypo-chatbot-portrait / damages-chatco" in with_course


def test_validate_checks_the_bundled_lesson_quizzes():
    result = run("validate", str(ROOT / "casebook" / "data" / "quizzes"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_validate_names_the_quiz_file_question_and_field(tmp_path):
    folder = tmp_path / "quizzes"
    folder.mkdir()
    source = (ROOT / "casebook" / "data" / "quizzes" / "voice.yaml").read_text(encoding="utf-8")
    # Point the first question at a case that does not exist.
    broken = source.replace("cases: [", "cases: [no-such-case, ", 1)
    assert broken != source, "the fixture expects a 'cases: [' list in voice.yaml"
    (folder / "voice.yaml").write_text(broken, encoding="utf-8")
    result = run("validate", str(folder))
    assert result.returncode == 1
    assert "voice.yaml" in result.stdout and "unknown case 'no-such-case'" in result.stdout, (
        "a quiz problem must name the file, the question and the unknown id:\n" + result.stdout
    )
