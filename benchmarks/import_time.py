"""Prints the time of `import casebook; casebook.load()` in fresh processes (target < 0.3 s)."""

from __future__ import annotations

import statistics
import subprocess
import sys

TARGET_S = 0.3
RUNS = 7
CODE = (
    "import time; t = time.perf_counter(); import casebook; cb = casebook.load(); "
    "print(time.perf_counter() - t, len(cb.cases))"
)


def main() -> int:
    times = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", CODE], capture_output=True, text=True, check=True
        )
        seconds, cases = out.stdout.split()
        times.append(float(seconds))
    median = statistics.median(times)
    print(f"import casebook; casebook.load() ({cases} cases), {RUNS} fresh processes:")
    print(
        f"  median {median:.3f} s, min {min(times):.3f} s, max {max(times):.3f} s "
        f"(target < {TARGET_S} s: {'met' if median < TARGET_S else 'MISSED'})"
    )
    return 0 if median < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
