"""The Chinese view is Chinese: no stray English words and no half-width punctuation in the
Chinese text of the data, the labels, the readable records and every lesson page."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook import zhcheck

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _report(found: list[zhcheck.Offence]) -> str:
    shown = "\n".join(str(o) for o in found[:25])
    more = f"\n... and {len(found) - 25} more" if len(found) > 25 else ""
    return f"{len(found)} offence(s) in the Chinese view:\n{shown}{more}"


# --- the scanner itself: each check can fail


@pytest.mark.parametrize(
    "text",
    [
        "当事人：plaintiff; user",  # a party's side and role left in English
        "原创性: met",  # a finding word
        "上诉情况：withdrawn",  # an appeal status
        "赔偿500 CNY",  # the currency code
        "来源：Beijing Internet Court, press conference",  # a citation
    ],
)
def test_scanner_flags_english_words(text):
    found = zhcheck.scan_text(text, "example")
    assert any(o.kind == "english" for o in found), text


@pytest.mark.parametrize(
    "text", ["法院认定:满足", "侵权;赔偿", "肖像权 (应知)", "是否构成作品?", "成立."]
)
def test_scanner_flags_half_width_marks_next_to_chinese(text):
    found = zhcheck.scan_text(text, "example")
    assert found, text
    assert {o.kind for o in found} == {"punctuation"}, text


@pytest.mark.parametrize(
    "text",
    [
        "AI生成的图片",  # an abbreviation Chinese readers use as is
        "原告使用Stable Diffusion生成图片",  # a product name
        "Lou某某诉上海某公司",  # a surname the sources give only in pinyin
        "见案例 li-v-liu 与条文 civil-code-1019",  # ids
        "输入 `cb.test(voice)` 查看",  # code
        "第1.5条，AI：满足。",
    ],
)
def test_scanner_lets_the_allowed_latin_through(text):
    assert zhcheck.scan_text(text, "example") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("在李某某诉刘某某中，法院认为", "term (write 案中)"),
        ("独创性的高低需要价值判断", "term (write 需综合判断 (a call on the facts as a whole))"),
    ],
)
def test_scanner_flags_reviewed_terms(text, kind):
    assert [o.kind for o in zhcheck.scan_text(text, "example")] == [kind]
    assert (
        zhcheck.scan_text(text.replace("刘某某中", "刘某某案中").replace("需要价值", "需综合"), "x")
        == []
    )


def test_scanner_reads_html_text_not_tags_or_code():
    markup = "<p style='color:red' title='a: b'>肖像权：满足<code>page.rule('portrait')</code></p>"
    assert zhcheck.scan_html(markup, "example") == []
    assert zhcheck.scan_html("<p>法院认定: <b>met</b></p>", "example")


def test_scanner_leaves_the_english_of_a_bilingual_cell_alone():
    cell = (
        "## The rule · 规则\n\nThe cases are typical cases (典型案例), which courts publish.\n\n"
        "这些是法院发布的典型案例。"
    )
    assert zhcheck.scan_markdown(cell, "example") == []
    assert zhcheck.scan_markdown("这些是典型案例,并非plaintiff的判例。", "example")


def test_scanner_names_the_record_and_the_snippet():
    (offence,) = zhcheck.scan_text("当事人：plaintiff", "case x: parties[0]")
    assert str(offence).startswith("case x: parties[0]: english: ")
    assert "plaintiff" in offence.snippet


def test_command_line_prints_offenders_and_fails(capsys, monkeypatch):
    monkeypatch.setattr(
        zhcheck, "scan_all", lambda *a, **kw: [zhcheck.Offence("i18n.UI['x']", "english", "met")]
    )
    assert zhcheck.main([]) == 1
    assert "i18n.UI['x']: english: …met…" in capsys.readouterr().out


def test_command_line_scans_an_instructors_own_cases(capsys, tmp_path):
    """The example case in docs/ is clean; the same case with an English-only citation is not."""
    example = ROOT / "docs" / "examples" / "my_cases"
    assert zhcheck.main(["--extra", str(example)]) == 0
    assert capsys.readouterr().out == ""
    text = (example / "hypo-campus-avatar.yaml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if "publication_zh" not in line]
    (tmp_path / "hypo-campus-avatar.yaml").write_text("\n".join(lines), encoding="utf-8")
    assert zhcheck.main(["--extra", str(tmp_path)]) == 1
    assert "case hypo-campus-avatar (text): english: " in capsys.readouterr().out


# --- the casebook's Chinese view is clean


def test_every_chinese_text_in_the_data_is_clean(cb):
    found = zhcheck.scan_data(cb)
    assert not found, _report(found)


def test_every_chinese_label_is_clean():
    found = zhcheck.scan_labels()
    assert not found, _report(found)


def test_every_case_test_statute_and_analysis_reads_in_chinese(cb):
    found = zhcheck.scan_renderings(cb)
    assert not found, _report(found)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_lesson_page_reads_in_chinese(path):
    found = zhcheck.scan_lesson(path)
    assert not found, _report(found)


def test_the_scan_covers_every_lesson_and_record(cb):
    """The scan is not vacuous: it sees Chinese text in each source it reads."""
    texts = [t for _, record in zhcheck._records(cb) for _, t in zhcheck._texts(record, "")]
    assert len(texts) > 500
    assert {w.split()[0] for w, _ in zhcheck._records(cb)} == {"case", "test", "statute", "quiz"}
    assert len(LESSONS) >= 10
