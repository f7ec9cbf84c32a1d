"""Legal accuracy: rules the audit of issue 11 found wrong must not come back into the data.

Each test pins what a court actually held (or what a statute actually says), checked
against the sources, so that a later edit cannot quietly restore the wrong rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from casebook.loading import validate_paths

# --- item 1: using someone's video as a face-swap template is not, by itself, a use of
# their portrait (Liao); what decides the element is whose face the template shows.


def test_portrait_use_element_follows_liao(cb):
    use = cb.test("portrait").element("use-of-portrait")
    assert "Uploading a person's video as a face-swap template" not in use.guidance.en, (
        "portrait/use-of-portrait: the Liao court held that templates made from Liao's "
        "videos, with the face replaced, did not use Liao's portrait; do not teach that "
        "uploading a video as a template always counts"
    )
    assert "将他人视频上传为换脸模板" not in use.guidance.zh
    assert "whose face" in use.guidance.en and "谁的脸" in use.guidance.zh, (
        "portrait/use-of-portrait: say that whose face the finished template shows decides it"
    )
    assert "Liao" in use.guidance.en and "廖某" in use.guidance.zh


def test_liao_found_no_use_of_portrait(cb):
    issue = cb.case("liao-face-swap-templates").issue("portrait-defendant")
    assert issue.findings["use-of-portrait"].finding.value == "not_met"
    assert issue.conclusion is False


# --- item 2: the Lou report only quotes the judge on art. 1019; it sets no general rule
# that every template made from a real person's video is a forgery.


def test_lou_significance_does_not_generalise_forgery(cb):
    lou = cb.case("lou-face-changing-app")
    for i, s in enumerate(lou.significance):
        assert "falls within" not in s.en and "即属此类" not in s.zh, (
            f"lou-face-changing-app significance[{i}]: the report quotes the judge on "
            "art. 1019; it does not hold that every face-swap template is a forgery"
        )


# --- item 4: the virtual-digital-human case is about a designed figure as a fine-art
# work; its source mentions no AI tool, so it is not filed under the AI-output test.


def test_virtual_digital_human_is_not_an_ai_output_case(cb):
    case = cb.case("virtual-digital-human")
    tests = [i.test for i in case.issues]
    assert "ai-work" not in tests, (
        "virtual-digital-human: the production team designed the figures and no AI tool "
        "is mentioned; file the work question under fine-art-work, not ai-work"
    )
    work = [i for i in case.issues if i.test == "fine-art-work"]
    assert len(work) == 1 and work[0].conclusion is True
    assert work[0].findings["originality"].finding.value == "met"


def test_ai_work_precedents_are_ai_cases(cb):
    for case, issue in cb.issues_for("ai-work"):
        assert case.id != "virtual-digital-human", issue.id


# --- item 5: art. 1014 forbids interfering with, misappropriating or impersonating a
# name; a mere mention is not actionable.


def test_name_right_is_not_mere_use_without_consent(cb):
    test = cb.test("name-right")
    used = test.element("name-used")
    assert "盗用" in used.name.zh and "假冒" in used.name.zh
    assert "misappropriat" in used.name.en and "impersonat" in used.name.en
    exceptions = [e for e in test.elements if e.role.value == "exception"]
    assert [e.id for e in exceptions] == ["mere-mention"], (
        "name-right: add the exception that merely mentioning a name is not actionable"
    )
    assert (
        test.evaluate({"name-used": True, "no-consent": True, "mere-mention": True}).outcome
        is False
    )
    assert test.evaluate({"name-used": False, "no-consent": True}).outcome is False


# --- item 6: the AI Content Labelling Measures took effect on 1 September 2025, after
# Tang; the court relied on the community announcement and good faith.

MEASURES = "ai-labelling-measures"


def test_tang_test_does_not_cite_later_law_as_applied(cb):
    test = cb.test("ai-detection-explanation")
    applied = [*test.statutes, *(s for e in test.elements for s in e.statutes)]
    later = [s for s in applied if cb.statute_of(s).id == MEASURES]
    assert not later, f"ai-detection-explanation cites later law as applied law: {later}"
    assert test.later_law, "ai-detection-explanation: list the Labelling Measures as later_law"
    assert {cb.statute_of(s).id for s in test.later_law} == {MEASURES}
    assert cb.statute(MEASURES).effective == "2025-09-01"
    assert "civil-code-509" in applied, "cite the good-faith contract rule Tang relied on"


def test_every_later_law_article_has_an_effective_date(cb):
    for test in cb.tests:
        for aid in test.later_law:
            assert cb.statute_of(aid).effective, f"{test.id}: later_law {aid} needs a date"


def test_explain_shows_later_law_apart_with_its_date(cb):
    test = cb.test("ai-detection-explanation")
    values = {e.id: True for e in test.elements}
    for lang, head, cite in [
        ("en", "Later law (in force from 2025-09-01; ", "Labelling Measures art. 10"),
        ("zh", "后来的法律（2025-09-01起施行", "《人工智能生成合成内容标识办法》第10条"),
    ]:
        lines = test.evaluate(values).explain(lang).lines
        later = [line for line in lines if line.startswith(head)]
        assert len(later) == 1 and cite in later[0], f"{lang}: {lines}"
        others = [line for line in lines if line is not later[0]]
        assert not any("标识办法" in line or "Labelling Measures" in line for line in others), (
            f"{lang}: the Labelling Measures appear as applied law: {others}"
        )


def test_unknown_later_law_article_is_reported(tmp_path):
    folder = tmp_path / "data" / "tests"  # the bundled layout tells the loader it is a test
    folder.mkdir(parents=True)
    data = {
        "id": "demo-later",
        "name": {"en": "Demo", "zh": "示例"},
        "question": {"en": "Q?", "zh": "问？"},
        "outcome_labels": {"true": {"en": "yes", "zh": "是"}, "false": {"en": "no", "zh": "否"}},
        "cluster": "demo",
        "statutes": ["civil-code-577"],
        "later_law": ["ai-labelling-measures-99"],
        "combination": "all",
        "elements": [
            {
                "id": "a",
                "role": "required",
                "name": {"en": "A", "zh": "甲"},
                "question": {"en": "A?", "zh": "甲？"},
                "guidance": {"en": "A.", "zh": "甲。"},
            }
        ],
    }
    path = folder / "demo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    text = "\n".join(map(str, validate_paths([Path(path)])))
    assert "later_law[0]" in text and "ai-labelling-measures-99" in text, text


# --- item 8: the Liao court used the PIPL art. 4 definition, processing and the lack of
# proof of consent; it did not rely on the sensitive-information rules, and the
# made-public basis (PIPL art. 13(6)) is the obvious defence for posted videos.


def test_personal_information_cites_what_liao_applied(cb):
    test = cb.test("personal-information")
    cited = [*test.statutes, *(s for e in test.elements for s in e.statutes)]
    assert not {"pipl-28", "pipl-29"} & set(cited), (
        "personal-information: the sources do not say the Liao court relied on PIPL arts. "
        "28-29; do not cite them as the law of the elements"
    )
    guidance = " ".join(e.guidance.en for e in test.elements)
    assert "is no defence" not in guidance, (
        "personal-information: in Liao the defendant itself collected and fused the data; "
        "do not teach that a third party's technology is never a defence"
    )


def test_personal_information_has_the_made_public_exception(cb):
    test = cb.test("personal-information")
    made_public = test.element("made-public")
    assert made_public.role.value == "exception"
    assert "pipl-13" in made_public.statutes and made_public.judgment
    met = {"personal-information": True, "processing": True, "no-lawful-basis": True}
    assert test.evaluate(met).outcome is True
    assert test.evaluate({**met, "made-public": True}).outcome is False


# Issue 11, items 3 and 9: the Distinguish view states the Lou/Liao split as an open
# divergence and never calls two parties of one case, or two different cases, what they are not.
def test_lou_liao_note_presents_an_open_divergence():
    from casebook.i18n import NOTES

    note = NOTES["lou-liao"]
    assert "娄某" not in note["zh"], "the sources give no character for Lou: write Lou某某"
    assert "Lou某某" in note["zh"]
    for lang, words in {
        "en": ("face-swapped videos", "make-up", "divergence"),
        "zh": ("换脸后的视频", "妆容", "分歧"),
    }.items():
        missing = [w for w in words if w not in note[lang]]
        assert not missing, f"lou-liao ({lang}) must give both courts' reasoning: {missing}"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("yin-ai-voice/damages-defendant-3", "yin-ai-voice/damages-defendant-4", "One case, two"),
        (
            "actress-face-swap-drama/red-flag-knowledge",
            "virtual-digital-human/joint-liability-factors",
            "Two cases, each under its own test",
        ),
        ("cheng-v-sun", "streamer-ai-rumours", "Both cases applied"),
        (
            "liao-face-swap-templates/portrait",
            "liao-face-swap-templates/personal-information",
            "The same facts under two different tests",
        ),
    ],
)
def test_distinguish_heading_says_what_is_compared(a, b, expected):
    from casebook.widgets import lesson

    html = lesson().distinguish(a, b).html.value
    assert expected in html, f"{a} vs {b}: heading should say '{expected}'"
