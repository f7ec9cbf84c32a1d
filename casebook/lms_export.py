"""Final grades (autograded and hand-graded) from nbgrader's gradebook as Canvas or Moodle CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .exceptions import CasebookError

__all__ = ["FORMATS", "FinalGrade", "UngradedError", "export_lms", "final_grades", "to_csv"]

FORMATS = ("canvas", "moodle")
# Canvas reads this text in the first column of the second row as the maximum points.
CANVAS_POINTS_ROW = "Points Possible"
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_IDENTITY = ["First name", "Last name", "ID number", "Email address", "Username"]


class UngradedError(CasebookError):
    """Written answers still wait for a grader, so a total would be too low."""

    def __init__(self, source: str, waiting: list[tuple[str, str]]):
        self.waiting = waiting
        shown = ", ".join(f"{a}/{s}" for a, s in waiting[:10])
        more = f" and {len(waiting) - 10} more" if len(waiting) > 10 else ""
        super().__init__(
            f"{source}: {len(waiting)} submission(s) have written answers nobody has graded yet "
            f"(assignment/student: {shown}{more}). Grade them in formgrader, or export anyway "
            "with --allow-ungraded (their written answers then count 0)."
        )


@dataclass(frozen=True)
class FinalGrade:
    """One student's final score on one assignment, as the gradebook holds it."""

    assignment: str
    student: str
    first_name: str
    last_name: str
    email: str
    score: float | None  # None: no submission
    max_score: float
    ungraded: bool  # written answers still wait for a grader


def final_grades(db_url: str, assignment: str = "all") -> list[FinalGrade]:
    """Every student's final score per assignment: each cell's manual score where a grader set
    one, else its autograded score, plus extra credit, less nbgrader's late penalty."""
    from nbgrader.api import Gradebook, MissingEntry

    rows: list[FinalGrade] = []
    with Gradebook(db_url) as gb:
        known = [a.name for a in gb.assignments]
        if assignment == "all":
            names = sorted(known)
        elif assignment in known:
            names = [assignment]
        else:
            raise CasebookError(
                f"{_where(db_url)}: assignment {assignment!r} is not in the gradebook "
                f"(it has: {', '.join(sorted(known)) or 'none'})"
            )
        students = sorted(gb.students, key=lambda s: s.id)
        for name in names:
            a = gb.find_assignment(name)
            for st in students:
                try:
                    sub = gb.find_submission(name, st.id)
                except MissingEntry:
                    score, ungraded = None, False
                else:
                    penalty = sub.late_submission_penalty or 0
                    score = max(0.0, float(sub.score) - float(penalty))
                    ungraded = bool(sub.needs_manual_grade)
                rows.append(FinalGrade(
                    assignment=name, student=st.id, first_name=st.first_name or "",
                    last_name=st.last_name or "", email=st.email or "", score=score,
                    max_score=float(a.max_score), ungraded=ungraded,
                ))
    return rows


def _where(db_url: str) -> str:
    """The gradebook's name for messages, without a database password."""
    if "@" in db_url:
        scheme, rest = db_url.split("://", 1)
        return f"{scheme}://{rest.split('@', 1)[1]}"
    return db_url


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def to_csv(grades: list[FinalGrade], fmt: str) -> str:
    """The grades as CSV text for `fmt` ("canvas" or "moodle"), one row per student."""
    if fmt not in FORMATS:
        raise CasebookError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    assignments = sorted({g.assignment for g in grades})
    by_student: dict[str, dict[str, FinalGrade]] = {}
    for g in grades:
        by_student.setdefault(g.student, {})[g.assignment] = g
    maxima = {g.assignment: g.max_score for g in grades}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    if fmt == "canvas":
        w.writerow(CANVAS_IDENTITY + assignments)
        w.writerow([CANVAS_POINTS_ROW, "", "", "", ""] + [_number(maxima[a]) for a in assignments])
        for student, row in sorted(by_student.items()):
            any_g = next(iter(row.values()))
            display = f"{any_g.last_name}, {any_g.first_name}".strip(", ") or student
            w.writerow([display, "", "", student, ""]
                       + [_number(row[a].score) if a in row else "" for a in assignments])
    else:
        w.writerow(MOODLE_IDENTITY + assignments)
        for student, row in sorted(by_student.items()):
            any_g = next(iter(row.values()))
            w.writerow([any_g.first_name, any_g.last_name, student, any_g.email, student]
                       + [_number(row[a].score) if a in row else "" for a in assignments])
    return out.getvalue()


def export_lms(db_url: str, assignment: str, fmt: str, out: Path,
               allow_ungraded: bool = False) -> list[FinalGrade]:
    """Write the CSV for `fmt` to `out`; refuse while written answers wait, unless allowed."""
    grades = final_grades(db_url, assignment)
    waiting = [(g.assignment, g.student) for g in grades if g.ungraded]
    if waiting and not allow_ungraded:
        raise UngradedError(_where(db_url), waiting)
    text = to_csv(grades, fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    # UTF-8 with a byte-order mark: Excel and both LMSs then read Chinese names correctly.
    out.write_text(text, encoding="utf-8-sig")
    return grades
