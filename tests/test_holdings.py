"""Holdings regression: the engine must reproduce every court's conclusion, case by case."""

from __future__ import annotations

from importlib import resources

import pytest

CASE_IDS = sorted(
    p.name.removesuffix(".yaml")
    for p in (resources.files("casebook") / "data" / "cases").iterdir()
    if p.name.endswith(".yaml")
)
EXPECTED_CASES = {
    "li-v-liu",
    "yin-ai-voice",
    "li-ai-voice-sales",
    "liao-face-swap-templates",
    "tang-ai-detection",
    "cheng-v-sun",
    "virtual-digital-human",
    "he-ai-companion",
    "streamer-ai-rumours",
    "actress-face-swap-drama",
    "lou-face-changing-app",
}


def test_all_eleven_cases_are_bundled():
    missing = EXPECTED_CASES - set(CASE_IDS)
    assert not missing, f"add the case files for: {sorted(missing)}"


def agreement_rows(cb, case_id):
    case = cb.case(case_id)
    rows = []
    for issue in case.issues:
        values = {k: f.finding.value_bool for k, f in issue.findings.items()}
        engine = cb.test(issue.test).evaluate(values).outcome
        rows.append((case.id, issue.id, issue.conclusion, engine))
    return rows


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_engine_reproduces_the_court(cb, case_id):
    rows = agreement_rows(cb, case_id)
    table = "\n".join(f"  {c:<26} {i:<34} court={k!s:<5} engine={e}" for c, i, k, e in rows)
    print(f"case, issue, court, engine\n{table}")
    wrong = [r for r in rows if r[2] != r[3]]
    assert not wrong, f"the engine disagrees with the court; fix the findings:\n{table}"


def test_agreement_table(cb, capsys):
    rows = [r for cid in CASE_IDS for r in agreement_rows(cb, cid)]
    agree = sum(r[2] == r[3] for r in rows)
    with capsys.disabled():
        print(
            f"\nHoldings regression: {agree}/{len(rows)} issues agree "
            f"({100 * agree / max(len(rows), 1):.0f}%)"
        )
        print(f"  {'case':<26} {'issue':<34} {'court':<6} engine")
        for c, i, k, e in rows:
            print(f"  {c:<26} {i:<34} {k!s:<6} {e}")
    assert rows, "no issues found"
    assert agree == len(rows)
