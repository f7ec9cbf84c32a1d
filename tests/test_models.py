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
