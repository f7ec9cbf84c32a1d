"""How many autograded points blind guessing earns against the exercise keys.

Strategies (none reads the facts):
- all-True / all-False: every True/False part answered True (or False); every id part
  (legal test, element, case, article) answered with the first option the notebook lists;
- majority: each part answered with the most common key of its kind across the kit
  (findings, conclusion, test, disputed element, case, article);
- random: 1,000 answer sheets, True/False at even odds and ids uniformly among the options
  the notebook offers (the listed tests, the test's elements, every case, every article).
The last line is the figure the issue tracks: every value should be at or under 45%.
Run: python benchmarks/guess_baselines.py [instructor/exercises]
"""

from __future__ import annotations

import random
import statistics
import sys
from collections import Counter
from pathlib import Path

import casebook
from casebook.exercises import check_exercises

ROOT = Path(__file__).resolve().parent.parent
RUNS = 1000


def parts(cb, assignments) -> list[tuple[str, list, list]]:
    """Every autograded part as (kind, accepted answers, options a blind student has)."""
    cases = [c.id for c in cb.cases]
    articles = [a.id for a in cb.articles]
    out = []
    for a in assignments:
        for q in a.questions:
            if q.spotting:
                out += [("test", p.key, q.spotting.options) for p in q.spotting.parties]
            out += [("findings", [f.key], [True, False]) for f in q.findings]
            if q.disputed:
                out.append(("disputed", q.disputed.key, [e.id for e in cb.test(q.test).elements]))
            if q.conclusion:
                out.append(("conclusion", [q.conclusion.key], [True, False]))
            if q.precedent:
                out.append(("precedent", q.precedent.key, cases))
            if q.statute:
                out.append(("statute", q.statute.key, articles))
    return out


def _right(answer, accepted) -> bool:
    return any(answer is a if isinstance(answer, bool) else answer == a for a in accepted)


def score(items, pick) -> float:
    """Percentage of autograded points earned by the answer `pick(kind, options)`."""
    won = sum(_right(pick(kind, options), accepted) for kind, accepted, options in items)
    return 100 * won / len(items)


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else ROOT / "instructor" / "exercises"
    cb = casebook.load()
    items = parts(cb, check_exercises(source, cb))
    bools = [acc[0] for kind, acc, _ in items if kind in ("findings", "conclusion")]
    concl = [acc[0] for kind, acc, _ in items if kind == "conclusion"]
    print(f"autograded parts: {len(items)}; true/false parts: {len(bools)}, "
          f"of which False: {bools.count(False)} ({100 * bools.count(False) / len(bools):.0f}%)")
    print(f"autograded conclusions for the defendant: {concl.count(False)} of {len(concl)}")
    outcomes = Counter(q.outcome for a in check_exercises(source, cb) for q in a.questions)
    print(f"outcomes of the hypotheticals: {dict(outcomes)}")

    def blind(value):
        return lambda kind, options: value if kind in ("findings", "conclusion") else options[0]

    common = {}
    for kind in {k for k, _, _ in items}:
        counts = Counter(a for k, acc, _ in items if k == kind for a in acc[:1])
        common[kind] = counts.most_common(1)[0][0]
    all_true = score(items, blind(True))
    all_false = score(items, blind(False))
    majority = score(items, lambda kind, options: common[kind])
    rng = random.Random(20250901)
    sheets = [score(items, lambda kind, options: rng.choice(options)) for _ in range(RUNS)]
    med, top = statistics.median(sheets), max(sheets)
    print(
        f"guess baselines: all-True {all_true:.0f}%, all-False {all_false:.0f}%, "
        f"majority {majority:.0f}%, random median {med:.0f}% (max {top:.0f}%) "
        "of autograded points"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
