"""Capacity of the course hub from the class test's measurements, and what 300 students need.

Run `python3 kit.py test -m hub` first; it writes artifacts/hub/figures-<database>.json.
Then: python benchmarks/hub_capacity.py [--students 300] [--node-cores 4] [--node-gb 30]
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "artifacts" / "hub"
MACHINE_CORES = 2  # the machine the class test ran on


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--node-cores", type=int, default=4)
    parser.add_argument("--node-gb", type=float, default=30.0, help="allocatable memory per node")
    parser.add_argument("--workers", type=int, default=4, help="grading workers in the Job")
    args = parser.parse_args()
    runs = [json.loads(p.read_text()) for p in sorted(FIGURES.glob("figures-*.json"))]
    if not runs:
        print(f"no figures in {FIGURES}: run `python3 kit.py test -m hub` first")
        return 1
    for f in runs:
        print(f"{f['db']:>10}: spawn alone {f['spawn_one_alone_s']} s; "
              f"{f['users']['students'] - ('browser_student_s' in f)} at once "
              f"{f['spawn_all_s']} s; idle server {f['idle_server_mb']['median']} MB; "
              f"grading {f['grade_per_submission_s']} s/submission; "
              f"class cycle {f['class_cycle_s']} s")
    with_kernel = max(f.get("server_with_kernel_mb", 0) for f in runs) or 2 * max(
        f["idle_server_mb"]["median"] for f in runs)
    # Core-seconds per start: concurrent starts are CPU-bound on the test machine.
    spawn_cs = max(f["spawn_all_s"] * MACHINE_CORES
                   / (f["users"]["students"] - ("browser_student_s" in f)) for f in runs)
    grade_s = max(f["grade_per_submission_s"] for f in runs)
    n = args.students
    mem_gb = n * with_kernel / 1024
    nodes = math.ceil(mem_gb / args.node_gb)
    start_min = n * spawn_cs / (nodes * args.node_cores) / 60
    print(f"\n{n} students: {with_kernel} MB each with a kernel -> {mem_gb:.0f} GB, "
          f"{nodes} nodes of {args.node_gb:g} GB")
    print(f"start of class: {spawn_cs:.1f} core-s per start -> {start_min:.1f} min on "
          f"{nodes} x {args.node_cores} cores")
    print(f"grading: {grade_s} s per submission -> {n * grade_s / 60:.0f} min one at a time, "
          f"{n * grade_s / 60 / args.workers:.0f} min with {args.workers} workers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
