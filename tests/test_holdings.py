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
    """(case, issue, court, rule on every recorded finding, rule on stated findings alone,
    departure reason) for each issue of one case."""
    case = cb.case(case_id)
    rows = []
    for issue in case.issues:
        cvr = cb.court_vs_rule(case.id, issue.id)
        reason = issue.departure.en if issue.departure else ""
        rows.append((case.id, issue.id, issue.conclusion, cvr.rule_with_implied, cvr.rule, reason))
    return rows


def _table(rows) -> str:
    return "\n".join(
        f"  {c:<26} {i:<34} court={k!s:<5} engine={e!s:<5} stated-only={s!s:<5} "
        + (f"DEPARTS: {d}" if d else "")
        for c, i, k, e, s, d in rows
    )


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_engine_reproduces_the_court_or_the_departure_is_recorded(cb, case_id):
    """On every recorded finding the rule gives the court's result, unless the file says
    why the court departs; an undecided rule is allowed only where findings are implied."""
    rows = agreement_rows(cb, case_id)
    table = _table(rows)
    print(f"case, issue, court, engine\n{table}")
    silent = [r for r in rows if r[3] is not None and r[3] != r[2] and not r[5]]
    assert not silent, f"the court departs from the rule with no reason given:\n{table}"
    undecided = [r for r in rows if r[3] is None]
    assert not undecided, f"the rule cannot decide on the recorded findings:\n{table}"
    # A departure that the rule does not show would be a stale note.
    stale = [r for r in rows if r[5] and (r[3] is None or r[3] == r[2])]
    assert not stale, f"a departure is recorded where the rule agrees:\n{table}"


def test_stated_findings_alone_never_contradict_the_court(cb):
    """Implied findings only fill gaps; the stated evidence never points the other way
    without a recorded departure."""
    rows = [r for cid in CASE_IDS for r in agreement_rows(cb, cid)]
    wrong = [r for r in rows if r[4] is not None and r[4] != r[2] and not r[5]]
    assert not wrong, _table(wrong)


def test_agreement_table(cb, capsys):
    rows = [r for cid in CASE_IDS for r in agreement_rows(cb, cid)]
    agree = sum(r[2] == r[3] for r in rows)
    stated = sum(r[2] == r[4] for r in rows)
    departures = [r for r in rows if r[5]]
    with capsys.disabled():
        print(
            f"\nHoldings regression: {agree}/{len(rows)} issues agree on every recorded "
            f"finding; {stated}/{len(rows)} on the stated findings alone; "
            f"{len(departures)} recorded departures"
        )
        print(_table(rows))
    assert rows, "no issues found"
    assert agree + len(departures) == len(rows)
