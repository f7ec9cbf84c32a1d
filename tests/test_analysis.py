"""The engine: how elements combine, what it refuses to guess, and how it explains."""

from __future__ import annotations

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
