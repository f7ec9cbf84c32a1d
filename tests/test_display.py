"""Cases, tests and statutes read well: a one-line repr, a screenful to print, HTML in notebooks."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "case_id",
    [
        "actress-face-swap-drama", "cheng-v-sun", "he-ai-companion", "li-ai-voice-sales",
        "li-v-liu", "liao-face-swap-templates", "lou-face-changing-app", "streamer-ai-rumours",
        "tang-ai-detection", "virtual-digital-human", "yin-ai-voice",
    ],
)
def test_case_reads_as_a_screenful(cb, case_id):
    case = cb.case(case_id)
    assert repr(case) == f"<case {case_id!r}: {case.short_name.en}>"
    text = str(case)
    assert len(text.splitlines()) <= 40 and len(text) < 4000, (
        f"{case_id}: print(case) should fit a screen, got {len(text)} characters"
    )
    assert case.title.en in text and all(i.holding.en in text for i in case.issues)
    assert __import__("html").escape(case.title.en) in case._repr_html_()
    assert case.title.zh in __import__("casebook.display").display.case_text(case, "zh")


def test_inferred_dates_carry_their_note(cb):
    text = str(cb.case("li-v-liu"))
    line = next(x for x in text.splitlines() if "2025-09-11" in x)
    assert "(" in line, f"an inferred year must show its note: {line}"


def test_legal_test_and_statute_read_as_text_and_html(cb):
    voice = cb.test("voice")
    assert repr(voice) == "<legal test 'voice': Voice rights>"
    text = str(voice)
    assert "needs judgment" in text, "judgment elements must be marked"
    assert all(e.name.en in text for e in voice.elements)
    assert "<li>" in voice._repr_html_()
    pipl = cb.statute("pipl")
    assert "2021-11-01" in str(pipl) and "<h3>" in pipl._repr_html_()
