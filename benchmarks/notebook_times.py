"""Runs every lesson notebook on a fresh kernel and prints how long each one takes."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 10.0  # seconds per notebook, as the course promises


def run(path: Path) -> tuple[float, float]:
    """Seconds to run one notebook's cells, and the same plus starting its fresh kernel."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    begin = time.perf_counter()
    with client.setup_kernel():
        start = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        end = time.perf_counter()
    return end - start, end - begin


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    slow = []
    print(f"{'notebook':40} {'cells (s)':>10} {'with kernel start (s)':>22}")
    for path in paths:
        seconds, total = run(path)
        flag = "  SLOW" if total > LIMIT else ""
        print(f"{path.name:40} {seconds:10.2f} {total:22.2f}{flag}", flush=True)
        if total > LIMIT:
            slow.append(path.name)
    if slow:
        print(f"over {LIMIT:.0f} s: {', '.join(slow)}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
