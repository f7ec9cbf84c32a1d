"""Chinese punctuation helpers: full-width marks in Chinese text, markup left intact."""

from __future__ import annotations

import pytest

from casebook.i18n import zh_punct, zh_punct_html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("肖像权: 满足; 平台 (应知)", "肖像权：满足；平台（应知）"),
        ("version 1.5, in 2023", "version 1.5, in 2023"),
    ],
)
def test_marks_next_to_chinese_become_full_width(text, expected):
    assert zh_punct(text) == expected


def test_html_entities_and_tags_are_left_whole():
    markup = "<b style='a:b;c:d'>素材&quot;调教&quot;角色</b>"
    out = zh_punct_html(markup)
    assert out == markup, "an entity's ';' or a style's ';' must never turn into '；'"
