"""Interface words: full-width punctuation in Chinese, English left alone."""

from __future__ import annotations

import pytest

from casebook.i18n import zh, zh_punct, zh_punct_html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("肖像权: 满足; 平台 (应知)", "肖像权：满足；平台（应知）"),
        ("孙某: 侵害肖像权; 孙某: 侵害名誉权", "孙某：侵害肖像权；孙某：侵害名誉权"),
        ("是否构成作品?", "是否构成作品？"),
        ("李某某诉刘某某 (图片相似。); 何某", "李某某诉刘某某（图片相似。）；何某"),
        ("第1.5条", "第1.5条"),  # a decimal point stays
        ("AI: ok, fine (x).", "AI: ok, fine (x)."),  # English untouched
    ],
)
def test_zh_punct(text, expected):
    assert zh_punct(text) == expected


def test_zh_punct_html_keeps_tags_attributes_code_and_entities():
    markup = (
        "<p title='a: b'>结论: 满足<code>page.rule('x'): 1</code></p>"
        "<li>设定关系和&quot;调教&quot;功能, 侵害了</li>"
    )
    assert zh_punct_html(markup) == (
        "<p title='a: b'>结论：满足<code>page.rule('x'): 1</code></p>"
        "<li>设定关系和&quot;调教&quot;功能，侵害了</li>"
    )


def test_zh_changes_only_chinese():
    assert zh("Court: held", "en") == "Court: held"
    assert zh("法院: 认定", "en") == "法院: 认定"  # the English view is left as written
    assert zh("法院: 认定", "zh") == "法院：认定"


def test_parentheses_around_an_entity_become_full_width():
    """A date note in brackets that quotes its source (&quot;) is still one bracketed note."""
    markup = "2025-09-11 (来源只写明&quot;9月11日&quot;，此处按2025年处理。)"
    assert (
        zh_punct_html(markup) == "2025-09-11（来源只写明&quot;9月11日&quot;，此处按2025年处理。）"
    )


def test_style_semicolons_are_markup():
    markup = "<b style='a:b;c:d'>素材&quot;调教&quot;角色</b>"
    assert zh_punct_html(markup) == markup
