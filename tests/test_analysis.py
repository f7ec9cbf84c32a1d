"""The engine: how elements combine, what it refuses to guess, and how it explains."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import casebook
from casebook.analysis import combine


def test_portrait_all_met_is_infringed(cb):
    a = cb.test("portrait").evaluate(
        {"recognisable": True, "use-of-portrait": True, "no-consent": True}
    )
    assert a.outcome is True
    assert a.outcome_label("en") == "portrait right infringed"


def test_one_required_element_not_met_defeats(cb):
    a = cb.test("portrait").evaluate({"recognisable": False})
    assert a.outcome is False


def test_exception_defeats_the_claim(cb):
    a = cb.test("portrait").evaluate(
        {
            "recognisable": True,
            "use-of-portrait": True,
            "no-consent": True,
            "lawful-exception": True,
        }
    )
    assert a.outcome is False


def test_undecided_element_leaves_judgment_open(cb):
    a = cb.test("portrait").evaluate({"use-of-portrait": True, "no-consent": True})
    assert a.outcome is None
    assert [e.id for e in a.pending] == ["recognisable"]
    text = str(a.explain("en"))
    assert "Needs your judgment" in text and "Still to decide: Recognisable" in text


def test_weighed_test_never_adds_up_factors(cb):
    test = cb.test("joint-liability-factors")
    factors = {e.id: True for e in test.elements if e.role == "factor"}
    a = test.evaluate(factors)
    assert a.outcome is None, "all factors pointing one way must not decide a weighed test"
    assert "not a count of the factors" in str(a.explain("en"))
    assert test.evaluate({**factors, "jointly-liable": False}).outcome is False


def test_explanation_cites_statute_and_precedents(cb):
    a = cb.test("portrait").evaluate({"recognisable": False})
    text = str(a.explain("en"))
    assert "Civil Code art. 1018" in text
    # Liao is the precedent where the template's face was not the plaintiff's.
    liao = cb.case("liao-face-swap-templates").short_name.en
    same_line = next(line for line in text.splitlines() if line.startswith("Recognisable"))
    assert liao in same_line.split("Courts that found otherwise")[0]


def test_explanation_in_chinese(cb):
    zh = str(cb.test("portrait").evaluate({"recognisable": True}).explain("zh"))
    assert "《民法典》第1018条" in zh
    assert "可识别性" in zh


def test_closest_precedent_ranks_matching_findings_first(cb):
    a = cb.test("portrait").evaluate(
        {"recognisable": False, "use-of-portrait": True, "no-consent": True}
    )
    case, _issue, _score = a.closest(1)[0]
    assert case.id == "liao-face-swap-templates", "the not-recognisable precedent fits best"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"recognizable": True},
            "'recognizable' is not an element of the Portrait right test. "
            "Did you mean 'recognisable'?",
        ),
        ({"recognisable": "yes"}, "The value for 'recognisable' must be True, False or None"),
        ({"recognisable": 1}, "The value for 'recognisable' must be True, False or None"),
    ],
)
def test_bad_answers_get_plain_messages(cb, values, message):
    with pytest.raises(casebook.AnswerError) as info:
        cb.test("portrait").evaluate(values)
    assert message in str(info.value)


def test_unknown_ids_suggest_the_nearest(cb):
    with pytest.raises(casebook.UnknownIdError, match="did you mean 'portrait'"):
        cb.test("portriat")
    with pytest.raises(casebook.UnknownIdError, match="did you mean 'li-v-liu'"):
        cb.case("li-v-lui")


def _any_test():
    from casebook.models import LegalTest

    text = {"en": "x", "zh": "x"}
    element = {"name": text, "question": text, "guidance": text}
    return LegalTest.model_validate(
        {
            "id": "either",
            "name": text,
            "question": text,
            "cluster": "demo",
            "outcome_labels": {"true": text, "false": text},
            "statutes": ["civil-code-1165"],
            "combination": "any",
            "elements": [
                {"id": "a", "role": "alternative", **element},
                {"id": "b", "role": "alternative", **element},
                {"id": "excuse", "role": "exception", **element},
            ],
        }
    )


@pytest.mark.parametrize(
    ("values", "outcome"),
    [
        ({"a": True}, True),
        ({"a": False, "b": True}, True),
        ({"a": False, "b": False}, False),
        ({"a": False}, None),
        ({"a": True, "excuse": True}, False),
    ],
)
def test_any_suffices(values, outcome):
    assert combine(_any_test(), values) is outcome


def test_undecided_precedent_is_not_cited_as_finding_otherwise(cb):
    # DigitalHuman's source lists the factors without saying how any was weighed.
    a = cb.test("joint-liability-factors").evaluate({"intervention": True})
    element = next(e for e in a.explain("en").elements if e.element.id == "intervention")
    cited = {p.case.id for p in element.same + element.different}
    assert "virtual-digital-human" not in cited, "a not_decided finding must not be cited"


COURSE = Path(__file__).resolve().parent.parent / "docs/examples/my_course"


@pytest.fixture(scope="module")
def course():
    return casebook.load(extra=[COURSE])


def test_explain_shows_court_beside_rule_and_the_departure(course):
    a = course.analyse("hypo-chatbot-portrait", "damages-chatco")
    assert a.outcome is False, "the rule, on the findings, gives no damages"
    lines = a.explain("en").lines
    assert lines[1].startswith("Court: liable in damages. Rule on the stated findings alone: no")
    assert lines[2].startswith("The court departs from the test's rule: The court set a sum")
    zh = a.explain("zh").lines
    assert zh[1].startswith("法院：承担赔偿责任；规则（仅依来源载明的认定）：不承担赔偿责任")
    assert zh[2].startswith("法院偏离了该标准的规则")
    text = str(a.explain())
    assert "Harm to the claimant: not met (not proven)" in text
    assert "Qian v. chatbot (made up) (" not in text, "an issue is no precedent for itself"


def test_implied_finding_is_shown_but_not_counted(course):
    a = course.analyse("hypo-chatbot-portrait", "portrait-both")
    assert a.outcome is None, "consent is only implied by the holding"
    text = str(a.explain())
    assert "Without consent: met (implied by the holding, not evidence)" in text
    assert "Rule on the stated findings alone: undecided" in text
    assert [e.id for e in a.pending] == ["no-consent"]


def test_precedents_mark_implied_findings(cb):
    a = cb.test("reputation").evaluate({"fault": True})
    text = str(a.explain())
    assert "Cheng v. Sun (implied by the holding)" in text


def test_not_applicable_element_is_left_out(course):
    a = course.analyse("hypo-chatbot-portrait", "provider-chatco")
    assert a.outcome is True
    text = str(a.explain())
    assert "Research only: not applicable" in text
    assert "Other authority [CN]: He v. an AI technology company" in text


def test_later_law_is_shown_apart_with_its_date(tmp_path):
    folder = tmp_path / "c"
    shutil.copytree(COURSE, folder)
    path = folder / "tests" / "course-genai-provider.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "statutes: [course-genai-measures-2]     #",
        "later_law: [ai-labelling-measures-10]\nstatutes: [course-genai-measures-2]     #",
    )
    path.write_text(text, encoding="utf-8")
    cb = casebook.load(extra=[folder])
    lines = cb.test("course-genai-provider").evaluate({}).explain().lines
    applied = next(line for line in lines if line.startswith("Law applied:"))
    later = next(line for line in lines if line.startswith("Later law"))
    assert "Labelling" not in applied and "art. 10" not in applied
    assert later.startswith("Later law (in force from 2025-09-01;")
    assert "art. 10" in later


def test_evaluate_issue_refuses_another_tests_issue(cb):
    with pytest.raises(casebook.AnswerError, match="decided under the 'ai-work' test"):
        cb.test("portrait").evaluate_issue("li-v-liu", "ai-work-plaintiff")


def test_fault_liability_needs_damage_and_causation(cb):
    """Civil Code art. 1165: fault AND harm caused; fault alone is not enough."""
    test = cb.test("fault-for-damages")
    ids = [e.id for e in test.elements]
    assert {"damage", "causation"} <= set(ids)
    for eid in ("damage", "causation"):
        assert "civil-code-1165" in test.element(eid).statutes
    base = {"part-in-infringement": True, "fault": True}
    assert test.evaluate(base).outcome is None, "harm and causation still to decide"
    assert test.evaluate({**base, "damage": False}).outcome is False
    assert test.evaluate({**base, "damage": True, "causation": True}).outcome is True


def test_similarity_has_a_factor_for_works_other_than_characters(cb, tmp_path):
    """A chair or a heart-shaped image can be compared without face, hair or clothing."""
    test = cb.test("substantial-similarity")
    assert "design-choices" in [e.id for e in test.elements]
    character = ("facial-features", "hair", "clothing")
    case = {
        "id": "hypo-chair",
        "title": {"en": "Hypothetical chair", "zh": "假设的椅子案"},
        "short_name": {"en": "chair", "zh": "椅子"},
        "court": {"en": "moot", "zh": "模拟"},
        "parties": [{"id": "a", "name": {"en": "A", "zh": "甲"}, "side": "defendant"}],
        "facts": [{"en": "x", "zh": "x"}],
        "appeal": {"status": "none"},
        "sources": [{"publication": "made up", "language": "unknown"}],
        "issues": [
            {
                "id": "similar",
                "test": "substantial-similarity",
                "party": "a",
                "question": {"en": "x", "zh": "x"},
                "holding": {"en": "x", "zh": "x"},
                "conclusion": True,
                "findings": {
                    e.id: (
                        {"provenance": "not_applicable", "reason": {"en": "x", "zh": "x"}}
                        if e.id in character
                        else {"finding": "met", "reason": {"en": "x", "zh": "x"}}
                    )
                    for e in test.elements
                },
            }
        ],
    }
    import yaml

    from casebook.loading import validate_paths

    path = tmp_path / "chair.yaml"
    path.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    assert validate_paths([path]) == []
