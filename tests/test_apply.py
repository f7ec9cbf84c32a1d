"""The apply part, driven headless: set a control, read the conclusion and explanation."""

from __future__ import annotations

import pytest

from casebook import widgets as cw
from casebook.models import Combination, ElementRole
from casebook.widgets._html import _esc


@pytest.fixture
def portrait(cb):
    return cw.Lesson(cb, "portrait")


def _satisfy(apply, test):
    """Answer every element so the test is met: required met, exceptions not, balance met."""
    for e in test.elements:
        if e.role is ElementRole.exception:
            apply.controls[e.id].value = "not_met"
        else:
            apply.controls[e.id].value = "met"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_apply_reaches_each_outcome_for_every_test(cb, lang):
    still = "仍需判断" if lang == "zh" else "judgment still needed"
    for test in cb.tests:
        apply = cw.Lesson(cb, test.cluster, lang=lang).apply(test.id)
        assert still in apply.conclusion.value, test.id
        _satisfy(apply, test)
        assert test.outcome_labels["true"](lang) in apply.conclusion.value, test.id
        # Defeat it: the overall judgment of a weighed test, every alternative of an
        # "any" test, or one required element.
        if test.combination is Combination.weighed:
            flip = [e for e in test.elements if e.role is ElementRole.balance]
        elif test.combination is Combination.any:
            flip = [e for e in test.elements if e.role is ElementRole.alternative]
        else:
            flip = [next(e for e in test.elements if e.role is ElementRole.required)]
        for e in flip:
            apply.controls[e.id].value = "not_met"
        assert test.outcome_labels["false"](lang) in apply.conclusion.value, test.id
        assert _esc(flip[0].name(lang)) in apply.explanation.value


def test_apply_explains_in_the_chosen_language(portrait):
    apply = portrait.apply("portrait")
    apply.controls["recognisable"].value = "met"
    assert "Recognisable" in apply.explanation.value
    assert "Still to decide" in apply.explanation.value
    portrait.language.value = "zh"
    assert "可识别性" in apply.explanation.value
    assert "仍需判断的要件" in apply.explanation.value
    assert "最相近的案例" in apply.closest.value
    # The relabelled controls keep the student's answers.
    assert apply.controls["recognisable"].value == "met"
    assert ("满足", "met") in apply.controls["recognisable"].options


def test_apply_lists_closest_precedents(cb, portrait):
    apply = portrait.apply("portrait")
    apply.controls["recognisable"].value = "not_met"
    liao = cb.case("liao-face-swap-templates").short_name("en")
    assert liao in apply.closest.value
    assert "agrees with 1 of your answers, differs on 0" in apply.closest.value
    assert "portrait right not infringed" in apply.conclusion.value


def test_fact_controls_feed_the_explanation(portrait):
    apply = portrait.apply("portrait")
    assert apply.facts["recognisable"], "portrait's recognisability lists key facts"
    apply.facts["recognisable"][0].value = True
    assert "Facts you noted for Recognisable" in apply.explanation.value
    assert "weigh them" in apply.explanation.value
    apply.controls["recognisable"].value = "met"
    assert "weigh them" not in apply.explanation.value


def test_start_from_a_precedent_reproduces_the_court(cb):
    """Loading a court's findings into the controls gives the court's own conclusion."""
    for test in cb.tests:
        apply = cw.Lesson(cb, test.cluster).apply(test.id)
        for n, (case, issue) in enumerate(apply.pairs):
            apply.start.value = n
            outcome = apply.analysis().outcome
            if outcome is not None:
                assert outcome == issue.conclusion, (case.id, issue.id)
            apply.start.value = -1
