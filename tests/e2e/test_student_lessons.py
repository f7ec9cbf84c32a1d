"""Student, lesson: every lesson renders in the browser, switches to 中文 and reacts to controls."""

from __future__ import annotations

import pytest
from jlab import (
    ROOT,
    Notebook,
    cjk_count,
    conclusion,
    control_buttons,
    language_button,
    tag_apply_widget,
)

pytestmark = pytest.mark.e2e

LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_lessons():
    assert LESSONS, "no lesson notebooks in notebooks/"


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_renders_switches_language_and_reacts(name, page, lab, artifacts):
    nb = Notebook.open(page, lab, f"notebooks/{name}")
    seconds = nb.run_all()
    status = nb.status()
    assert status["expected"] > 0, f"{name}: no widget was displayed"
    assert nb.widget_problems() == [], f"{name}: widgets did not render cleanly"
    stem = name.removesuffix(".ipynb")
    shot = nb.screenshot(artifacts / f"lesson-{stem}-en.png")
    print(f"{name}: {status['rendered']} widgets in {seconds:.2f} s; {shot}")

    # An element control changes the conclusion (lessons with an apply-the-test part).
    if tag_apply_widget(nb):
        check_a_control_changes_the_conclusion(nb, name)

    # The language switch re-draws the page in Chinese.
    english = nb.widget_text()
    before = cjk_count(english)
    language_button(nb, "中文").click()
    nb.wait_until(lambda: cjk_count(nb.widget_text()) > before + 20, 10, "Chinese text")
    nb.wait_rendered(30)
    chinese = nb.widget_text()
    assert chinese != english
    assert cjk_count(chinese) > cjk_count(english), f"{name}: the page did not turn Chinese"
    assert nb.widget_problems() == []
    nb.screenshot(artifacts / f"lesson-{stem}-zh.png")


def check_a_control_changes_the_conclusion(nb: Notebook, name: str) -> None:
    target = conclusion(nb)
    target.scroll_into_view_if_needed()
    before = target.inner_text()
    assert before.strip(), f"{name}: the conclusion line is empty"
    count = nb.panel.locator("[data-e2e-control]").count()
    # "not met" (or "weighs against") on one element usually settles the test; where it
    # does not, "met" on each element in turn eventually changes the outcome.
    for index in range(count):
        for option in (1, 0):
            button = control_buttons(nb, index).nth(option)
            button.click()
            try:
                nb.page.wait_for_function(
                    "([el, before]) => el.innerText !== before",
                    arg=[target.element_handle(), before], timeout=3000,
                )
            except Exception:
                continue
            after = target.inner_text()
            print(f"{name}: {button.inner_text()!r} on element {index}: "
                  f"{before.strip()!r} -> {after.strip()!r}")
            return
    pytest.fail(f"{name}: no element control changed the conclusion ({before!r})")


def test_a_quiz_answer_shows_why_each_option_is_right_or_wrong(page, lab, artifacts):
    """In JupyterLab, choosing an option (by keyboard here) unfolds every option's reason."""
    nb = Notebook.open(page, lab, "notebooks/03_portrait_and_face_swaps.ipynb")
    nb.run_all()
    nb.wait_rendered(60)
    choice = nb.panel.locator(".casebook-quiz-choice").first
    choice.scroll_into_view_if_needed()
    question = choice.locator("xpath=..")
    assert "Not quite." not in question.inner_text() and "Right." not in question.inner_text()
    choice.locator("input[type=radio]").first.focus()
    nb.page.keyboard.press("Space")
    nb.wait_until(
        lambda: "your answer" in question.inner_text(), 10, "the reasons after an answer"
    )
    text = question.inner_text()
    assert "Right." in text or "Not quite." in text
    assert text.count("✓") == 1 and text.count("✗") >= 1
    question.screenshot(path=str(artifacts / "lesson-03-quiz-answered.png"))
