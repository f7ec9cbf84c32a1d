"""Grade report from an nbgrader gradebook: score distribution and per-element mastery heatmap."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["load_grades", "mastery", "plot_distribution", "plot_mastery", "report", "totals"]

# One row per graded cell of every submission; nbgrader keeps cell names in base_cell.
_QUERY = """
SELECT a.name AS assignment, sa.student_id AS student, nb.name AS notebook,
       bc.name AS grade_id, gc.cell_type AS cell_type, gc.max_score AS max_score,
       g.auto_score AS auto_score, g.manual_score AS manual_score,
       g.extra_credit AS extra_credit, g.needs_manual_grade AS needs_manual_grade
FROM grade g
JOIN base_cell bc ON g.cell_id = bc.id
JOIN grade_cells gc ON gc.id = bc.id
JOIN submitted_notebook sn ON g.notebook_id = sn.id
JOIN notebook nb ON sn.notebook_id = nb.id
JOIN submitted_assignment sa ON sn.assignment_id = sa.id
JOIN assignment a ON sa.assignment_id = a.id
"""

# Grade ids the exercises use: q1_el_<element>, q1_party_<party> (which test applies to
# that party), q1_<part>_test, q1_written.
_PART = re.compile(
    r"^(?P<q>q\d+)_(?:el_(?P<el>.+)|party_(?P<party>.+)|(?P<part>[a-z]+)_test|(?P<w>written))$"
)


def _split(grade_id: str) -> tuple[str, str]:
    m = _PART.match(grade_id)
    if not m:
        return "", grade_id
    if m["party"]:
        return m["q"], "test"
    return m["q"], m["el"] or m["part"] or "written"


def load_grades(db: str | Path) -> pd.DataFrame:
    """Every grade in the gradebook, one row per (student, graded cell).

    `score` is the manual score where a grader set one, else the autograded score;
    `fraction` is score / max_score. Ungraded written answers have NaN scores.
    """
    import pandas as pd

    path = Path(db)
    if not path.exists():
        raise FileNotFoundError(f"no gradebook at {path}: run `nbgrader autograde` first")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        df = pd.read_sql_query(_QUERY, con)
    finally:
        con.close()
    parts = df["grade_id"].map(_split)
    df["question"] = [p[0] for p in parts]
    df["part"] = [p[1] for p in parts]
    df["kind"] = df["cell_type"].map({"code": "autograded", "markdown": "written"})
    df["score"] = df["manual_score"].where(df["manual_score"].notna(), df["auto_score"])
    df["score"] = df["score"] + df["extra_credit"].fillna(0)
    df["fraction"] = df["score"] / df["max_score"].where(df["max_score"] > 0)
    return df.sort_values(["assignment", "student", "question", "grade_id"]).reset_index(drop=True)


def totals(grades: pd.DataFrame) -> pd.DataFrame:
    """Per student and assignment: autograded, written and total scores, and the maximum."""
    g = grades.assign(
        autograded=grades["score"].where(grades["kind"] == "autograded"),
        written=grades["score"].where(grades["kind"] == "written"),
    )
    out = g.groupby(["assignment", "student"]).agg(
        autograded=("autograded", "sum"),
        written=("written", "sum"),
        total=("score", "sum"),
        max_score=("max_score", "sum"),
        ungraded=("score", lambda s: int(s.isna().sum())),
    )
    out["percent"] = 100 * out["total"] / out["max_score"]
    return out.reset_index()


def mastery(grades: pd.DataFrame) -> pd.DataFrame:
    """Share of the class that earned each part: rows 'assignment qN', columns the parts.

    Written answers that no one has graded yet are left out rather than counted as wrong.
    """
    g = grades.dropna(subset=["fraction"])
    g = g.assign(row=g["assignment"] + " " + g["question"])
    table = g.pivot_table(index="row", columns="part", values="fraction", aggfunc="mean")
    fixed = [c for c in ("conclusion", "precedent", "statute", "written") if c in table.columns]
    elements = sorted(c for c in table.columns if c not in fixed)
    return table[elements + fixed]


def plot_distribution(grades: pd.DataFrame) -> Figure:
    """Histogram of each student's percentage, one panel per assignment."""
    import matplotlib.pyplot as plt

    t = totals(grades)
    names = sorted(t["assignment"].unique())
    fig, axes = plt.subplots(
        1, max(len(names), 1), figsize=(3.2 * max(len(names), 1), 2.8), squeeze=False
    )
    for ax, name in zip(axes[0], names, strict=False):
        ax.hist(t.loc[t["assignment"] == name, "percent"], bins=range(0, 101, 10), color="#0072B2")
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("score (%)")
        ax.set_xlim(0, 100)
    axes[0][0].set_ylabel("students")
    fig.suptitle("Score distribution")
    fig.tight_layout()
    return fig


def plot_mastery(grades: pd.DataFrame) -> Figure:
    """Heatmap of the share of students who earned each part: dark cells are what to reteach."""
    import matplotlib.pyplot as plt
    import numpy as np

    table = mastery(grades)
    fig, ax = plt.subplots(
        figsize=(max(6, 0.55 * len(table.columns) + 3), max(2.5, 0.45 * len(table) + 1.5))
    )
    data = np.ma.masked_invalid(table.to_numpy(dtype=float))
    # cividis: ordered light to dark and readable with any colour vision (no red-green).
    image = ax.imshow(data, cmap="cividis", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(table.columns)), table.columns, rotation=45, ha="right", fontsize=9)
    ax.set_yticks(range(len(table.index)), table.index, fontsize=9)
    for (i, j), value in np.ndenumerate(table.to_numpy(dtype=float)):
        if not np.isnan(value):
            colour = "white" if value < 0.5 else "black"  # legible on the dark low end
            ax.text(j, i, f"{value:.0%}", ha="center", va="center", fontsize=9, color=colour)
    fig.colorbar(image, ax=ax, label="share of class correct")
    ax.set_title("Mastery by element and part (blank: not asked)")
    fig.tight_layout()
    return fig


def report(db: str | Path, out: str | Path | None = None) -> dict:
    """Load the gradebook, draw both figures and (if `out` is given) save PNGs and CSVs there.

    Returns grades, totals and mastery tables plus distribution_figure and mastery_figure.
    """
    grades = load_grades(db)
    figures = {"distribution": plot_distribution(grades), "mastery": plot_mastery(grades)}
    result = {"grades": grades, "totals": totals(grades), "mastery": mastery(grades)}
    if out is not None:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for name, fig in figures.items():
            fig.savefig(folder / f"{name}.png", dpi=120)
        result["totals"].to_csv(folder / "totals.csv", index=False)
        result["mastery"].to_csv(folder / "mastery.csv")
    return result | {f"{name}_figure": fig for name, fig in figures.items()}


def main(argv: list[str] | None = None) -> int:
    import argparse

    import matplotlib

    matplotlib.use("Agg")
    parser = argparse.ArgumentParser(
        prog="python -m casebook.gradereport",
        description="Score distribution and per-element mastery from an nbgrader gradebook.",
    )
    parser.add_argument("gradebook", nargs="?", default="gradebook.db")
    parser.add_argument("--out", default="grade-report", help="folder for PNGs and CSVs")
    args = parser.parse_args(argv)
    result = report(args.gradebook, args.out)
    print(result["totals"].to_string(index=False))
    print(f"\nFigures and CSVs written to {args.out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
