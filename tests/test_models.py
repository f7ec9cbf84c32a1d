"""The data models: documented fields, honest dates, and bilingual text everywhere."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from casebook import models

MODELS = [
    obj
    for obj in vars(models).values()
    if isinstance(obj, type)
    and issubclass(obj, BaseModel)
    and obj.__module__ == models.__name__
    and not obj.__name__.startswith("_")
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_is_described(model):
    missing = [name for name, f in model.model_fields.items() if not f.description]
    assert not missing, f"add a description to {model.__name__} fields: {missing}"


@pytest.mark.parametrize(
    ("date", "precision", "ok"),
    [
        ("2023-02-24", "day", True),
        ("2023-02", "month", True),
        ("2023", "year", True),
        (None, "not_reported", True),
        ("2023-02-30", "day", False),
        ("2023", "day", False),
        ("2023-02-24", "not_reported", False),
        (None, "month", False),
    ],
)
def test_dates_carry_only_the_reported_precision(date, precision, ok):
    data = {"event": {"en": "x", "zh": "x"}, "date": date, "precision": precision}
    if ok:
        assert models.EventDate.model_validate(data).precision.value == precision
    else:
        with pytest.raises(ValidationError):
            models.EventDate.model_validate(data)


def test_text_needs_both_languages():
    with pytest.raises(ValidationError, match="zh"):
        models.Text.model_validate({"en": "only English"})


def test_case_records_are_bilingual_and_sourced(cb):
    for case in cb.cases:
        assert case.sources, f"{case.id}: cite at least one publication"
        for source in case.sources:
            assert not source.publication.endswith(".txt"), (
                f"{case.id}: cite the publication, not a seed file name"
            )


def test_unknown_docket_shows_as_not_reported(cb):
    assert models.text_or_not_reported(None, "en") == "not reported"
    assert models.text_or_not_reported(None, "zh") == "未报道"
    assert all(c.docket is None for c in cb.cases), "no source prints a docket number"


def test_sums_are_only_those_the_sources_report(cb):
    sums = {
        (c.id, r.sum.amount, r.sum.currency)
        for c in cb.cases
        for r in c.remedies
        if r.sum is not None
    }
    # The only figures any source prints: 500 yuan (Li v. Liu) and 5,000 yuan (Lou).
    # Liao's report may add figures: it is checked against its source in review.
    reported = {("li-v-liu", 500.0, "CNY"), ("lou-face-changing-app", 5000.0, "CNY")}
    assert reported <= sums, f"missing reported sums: {reported - sums}"
    unexpected = {s for s in sums - reported if s[0] != "liao-face-swap-templates"}
    assert not unexpected, f"sums with no source: {unexpected}"


@pytest.mark.parametrize(
    ("parts", "en", "zh"),
    [
        ({"month": 4, "day": 1}, "1 April (year not reported)", "4月1日（年份未报道）"),
        ({"year": 2024, "day": 9}, "9 2024 (month not reported)", "2024年9日（月份未报道）"),
        ({"month": 12}, "December (year, day not reported)", "12月（年份、日未报道）"),
        ({"year": 2023, "month": 11, "day": 29}, "29 November 2023", "2023年11月29日"),
    ],
)
def test_partial_dates_show_only_what_is_reported(parts, en, zh):
    d = models.EventDate.model_validate({"event": {"en": "x", "zh": "x"}, **parts})
    assert d.precision.value == "partial"
    assert d.display("en") == en
    assert d.display("zh") == zh


def test_partial_date_must_be_real_and_not_doubled():
    with pytest.raises(ValidationError, match="real date"):
        models.EventDate.model_validate({"event": {"en": "x", "zh": "x"}, "month": 2, "day": 31})
    with pytest.raises(ValidationError, match="not both"):
        models.EventDate.model_validate(
            {"event": {"en": "x", "zh": "x"}, "date": "2023", "precision": "partial", "month": 2}
        )


def test_precision_is_worked_out_when_left_out():
    d = models.EventDate.model_validate({"event": {"en": "x", "zh": "x"}, "date": "2023-02"})
    assert d.precision.value == "month"


def finding(**kw):
    return models.ElementFinding.model_validate({"reason": {"en": "x", "zh": "x"}, **kw})


@pytest.mark.parametrize(
    ("given", "finding_value", "provenance"),
    [
        ({"finding": "met"}, "met", "stated"),
        ({"finding": "not_met"}, "not_met", "stated"),
        ({"finding": "not_decided"}, "not_decided", "not_reached"),
        ({"finding": "met", "provenance": "implied"}, "met", "implied"),
        ({"provenance": "not_proven"}, "not_met", "not_proven"),
        ({"provenance": "not_reached"}, "not_decided", "not_reached"),
        ({"provenance": "not_applicable"}, "not_decided", "not_applicable"),
    ],
)
def test_findings_carry_provenance_old_files_keep_their_meaning(given, finding_value, provenance):
    f = finding(**given)
    assert (f.finding.value, f.provenance.value) == (finding_value, provenance)


@pytest.mark.parametrize(
    "given",
    [
        {"finding": "met", "provenance": "not_proven"},
        {"finding": "not_decided", "provenance": "stated"},
        {"finding": "not_met", "provenance": "not_applicable"},
        {"provenance": "implied"},
    ],
)
def test_finding_must_fit_its_provenance(given):
    with pytest.raises(ValidationError):
        finding(**given)


def test_several_parties_on_one_issue_and_remedy():
    base = {
        "id": "i",
        "test": "portrait",
        "question": {"en": "x", "zh": "x"},
        "findings": {},
        "conclusion": True,
        "holding": {"en": "x", "zh": "x"},
    }
    issue = models.Issue.model_validate({**base, "parties": ["d1", "d2"]})
    assert issue.party == "d1" and issue.parties == ["d1", "d2"]
    assert models.Issue.model_validate({**base, "party": "d1"}).parties == ["d1"]
    remedy = models.Remedy.model_validate(
        {"parties": ["d1", "d2"], "kind": "damages", "description": {"en": "x", "zh": "x"}}
    )
    assert remedy.party == "d1" and remedy.parties == ["d1", "d2"]


def test_wider_sides_appeals_and_source_languages():
    assert {"applicant", "third_party"} <= {s.value for s in models.Side}
    assert {"affirmed", "reversed", "pending", "withdrawn"} <= {
        s.value for s in models.AppealStatus
    }
    for lang in ("unknown", "en", "zh+en", "de"):
        models.Source.model_validate({"publication": "x", "language": lang})
    with pytest.raises(ValidationError):
        models.Source.model_validate({"publication": "x", "language": "Chinese?"})


def test_test_needs_law_and_says_how_to_add_it():
    data = {
        "id": "t",
        "name": {"en": "x", "zh": "x"},
        "question": {"en": "x", "zh": "x"},
        "outcome_labels": {"true": {"en": "x", "zh": "x"}, "false": {"en": "x", "zh": "x"}},
        "cluster": "x",
        "combination": "all",
        "elements": [
            {"id": "a", "role": "required", "name": {"en": "x", "zh": "x"},
             "question": {"en": "x", "zh": "x"}, "guidance": {"en": "x", "zh": "x"}}
        ],
    }  # fmt: skip
    with pytest.raises(ValidationError, match=r"must rest on law.*statutes.*authorities"):
        models.LegalTest.model_validate(data)
    foreign = {"kind": "statute", "citation": {"en": "x", "zh": "x"}, "jurisdiction": "US"}
    test = models.LegalTest.model_validate({**data, "authorities": [foreign]})
    assert test.authorities[0].jurisdiction == "US"
    assert test.later_law == []


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"all": ["a"], "any": ["b"]}, "exactly one"),
        ({"all": ["a", "zz"]}, "unknown elements: zz"),
        ({"all": ["a", "a"]}, "more than once"),
        ({"all": [{"any": []}]}, "at least one"),
    ],
)
def test_nested_rule_is_checked(rule, message):
    el = {"name": {"en": "x", "zh": "x"}, "question": {"en": "x", "zh": "x"},
          "guidance": {"en": "x", "zh": "x"}}  # fmt: skip
    data = {
        "id": "t",
        "name": {"en": "x", "zh": "x"},
        "question": {"en": "x", "zh": "x"},
        "outcome_labels": {"true": {"en": "x", "zh": "x"}, "false": {"en": "x", "zh": "x"}},
        "cluster": "x",
        "statutes": ["civil-code-1165"],
        "rule": rule,
        "elements": [{"id": "a", "role": "required", **el}],
    }
    with pytest.raises(ValidationError, match=message):
        models.LegalTest.model_validate(data)


DOCS = __import__("pathlib").Path(__file__).resolve().parent.parent / "docs"
DOCUMENTED = [
    ("case-format.md", models.Case),
    ("case-format.md", models.Issue),
    ("case-format.md", models.ElementFinding),
    ("case-format.md", models.EventDate),
    ("case-format.md", models.Party),
    ("case-format.md", models.Remedy),
    ("case-format.md", models.Appeal),
    ("case-format.md", models.Source),
    ("test-format.md", models.LegalTest),
    ("test-format.md", models.Element),
    ("test-format.md", models.Authority),
    ("test-format.md", models.Statute),
    ("test-format.md", models.Article),
]


@pytest.mark.parametrize(("doc", "model"), DOCUMENTED, ids=lambda v: getattr(v, "__name__", v))
def test_every_field_is_in_the_guide(doc, model):
    """A newcomer can write every field from the docs alone, without the bundled files."""
    text = (DOCS / doc).read_text(encoding="utf-8")
    missing = [
        f.alias or name
        for name, f in model.model_fields.items()
        if f"`{f.alias or name}" not in text
    ]
    assert not missing, f"docs/{doc} does not explain {model.__name__} fields {missing}"


def test_every_choice_is_in_the_guides():
    text = "".join(
        (DOCS / d).read_text(encoding="utf-8") for d in ("case-format.md", "test-format.md")
    )
    enums = [models.Provenance, models.Side, models.AppealStatus, models.Combination,
             models.ElementRole, models.RemedyKind]  # fmt: skip
    missing = [f"{e.__name__}.{v.value}" for e in enums for v in e if f"`{v.value}`" not in text
               and v.value not in text]  # fmt: skip
    assert not missing, f"document these values: {missing}"


def test_date_of_never_takes_a_publication_for_the_ruling(cb):
    li = cb.case("li-v-liu")
    assert li.date_of("en") == "on or before 2023-11-29"
    assert li.date_of("zh") == "不晚于2023-11-29"
    # The same case with only its press-conference date left: no decision date at all.
    only_published = li.model_copy(
        update={"dates": [d for d in li.dates if d.kind is models.DateKind.published]}
    )
    assert only_published.dates
    assert only_published.decision() is None
    assert only_published.date_of("en") == "not reported"
    ruled = li.model_copy(
        update={
            "dates": [
                *li.dates,
                models.EventDate(event=li.dates[0].event, date="2023-11", kind="decided"),
            ]
        }
    )
    assert ruled.date_of("en") == "2023-11"
    assert models.EventDate(event=li.dates[0].event).kind is models.DateKind.event
