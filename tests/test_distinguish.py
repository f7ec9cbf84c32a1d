"""The distinguish part: two cases, two parties or two tests side by side."""

from __future__ import annotations

import pytest

from casebook import widgets as cw
from casebook.widgets._html import _esc


@pytest.fixture
def portrait(cb):
    return cw.Lesson(cb, "portrait")


def test_distinguish_lou_and_liao_highlights_recognisability(portrait):
    d = portrait.distinguish("lou-face-changing-app", "liao-face-swap-templates")
    assert d.test.id == "portrait"
    assert "recognisable" in d.deciding
    assert "lawful-exception" not in d.deciding
    assert "deciding difference" in d.html.value
    assert "portrait right infringed" in d.html.value
    assert "portrait right not infringed" in d.html.value
    portrait.language.value = "zh"
    assert "决定性差异" in d.html.value


def test_distinguish_two_parties_of_one_case(cb):
    page = cw.Lesson(cb, "platforms")
    yin = cb.case("yin-ai-voice")
    liable = next(i for i in yin.issues if i.test == "fault-for-damages" and i.conclusion)
    free = next(i for i in yin.issues if i.test == "fault-for-damages" and not i.conclusion)
    d = page.distinguish(f"yin-ai-voice/{liable.id}", f"yin-ai-voice/{free.id}")
    assert d.test.id == "fault-for-damages"
    assert d.deciding
    assert _esc(yin.party(free.party).name("en")) in d.html.value


def test_distinguish_one_case_under_two_tests(cb):
    page = cw.Lesson(cb, "privacy")
    liao = cb.case("liao-face-swap-templates")
    a, b = (
        next(i for i in liao.issues if i.test == t) for t in ("portrait", "personal-information")
    )
    d = page.distinguish(f"{liao.id}/{a.id}", f"{liao.id}/{b.id}")
    assert d.test is None and d.deciding == []
    # A test id after the slash picks the case's issue under that test.
    same = page.distinguish(f"{liao.id}/portrait", f"{liao.id}/personal-information")
    assert same.issues == d.issues
    assert "two different tests" in d.html.value
    assert "portrait right not infringed" in d.html.value


def test_distinguish_takes_a_note_in_both_languages(portrait):
    note = {"en": "Whose face?", "zh": "谁的脸？"}
    d = portrait.distinguish("lou-face-changing-app", "liao-face-swap-templates", note=note)
    assert "Whose face?" in d.html.value
    portrait.language.value = "zh"
    assert "谁的脸？" in d.html.value
