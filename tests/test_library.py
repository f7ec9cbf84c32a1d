"""The loaded casebook: court beside rule in the table, the accuracy figure, departures."""

from __future__ import annotations

from pathlib import Path

import pytest

import casebook

COURSE = Path(__file__).resolve().parent.parent / "docs/examples/my_course"


@pytest.fixture(scope="module")
def course():
    return casebook.load(extra=[COURSE])


def test_to_frame_shows_court_beside_rule(course):
    df = course.to_frame()
    for column in ("conclusion", "rule", "rule_with_implied", "court_vs_rule", "departure"):
        assert column in df.columns, f"to_frame() needs a {column!r} column"
    row = df[(df.case_id == "hypo-chatbot-portrait") & (df.issue_id == "damages-chatco")].iloc[0]
    assert bool(row.conclusion) is True
    assert row.rule is not None and not row.rule
    assert row.court_vs_rule == "differs"
    assert bool(row.departs) is True
    assert row.departure.startswith("The court set a sum")
    both = df[df.issue_id == "portrait-both"].iloc[0]
    assert both.parties == "a chatbot company, a model developer"
    assert both.provenance["no-consent"] == "implied"


def test_bundled_cases_record_no_departure_and_the_example_does(cb, course):
    assert cb.departures() == []
    found = [(c.id, i.id) for c, i, _ in course.departures()]
    assert found == [("hypo-chatbot-portrait", "damages-chatco")]


def test_accuracy_counts_stated_findings_only(cb):
    acc = cb.accuracy()
    total = sum(row["issues"] for row in acc.values())
    assert total == sum(len(c.issues) for c in cb.cases)
    for test_id, row in acc.items():
        assert row["agrees"] + row["differs"] + row["undecided"] == row["issues"], test_id
    # Fault is only implied by the damages orders against defendants 2 and 3 in Yin.
    assert acc["fault-for-damages"]["undecided"] == 2
    # Every issue with an implied finding that decides the test is undecided on the evidence.
    implied = {
        (c.id, i.id)
        for c in cb.cases
        for i in c.issues
        if any(f.provenance.value == "implied" for f in i.findings.values())
    }
    assert implied, "the bundled cases mark findings implied by the holding"
    undecided = sum(row["undecided"] for row in acc.values())
    assert undecided <= len(implied)


def test_loading_a_cases_folder_brings_its_tests_and_statutes():
    cb = casebook.load(extra=[COURSE / "cases"])
    assert cb.test("course-genai-provider").id == "course-genai-provider"
    assert cb.statute("course-genai-measures-2").number == "2"
    assert cb.statute("course-genai-measures").jurisdiction == "CN"
