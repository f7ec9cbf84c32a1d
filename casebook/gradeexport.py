"""Grading status per submission: the `nbgrader export` plugin and the class report."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .repair import META

try:
    from nbgrader.plugins import ExportPlugin
except ImportError:  # pragma: no cover - the package works without the lab extra
    ExportPlugin = object

__all__ = ["StatusExportPlugin", "class_report", "submission_status"]

RANK = {"graded": 0, "graded with a note": 1, "not graded": 2}
COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name",
           "email", "raw_score", "late_submission_penalty", "score", "max_score", "status",
           "reason", "sandbox"]


def submission_status(autograded: Path, assignment: str, student: str) -> dict:
    """{'status', 'reason', 'sandbox'} of one submission, read from its autograded notebooks."""
    folder = Path(autograded) / student / assignment
    notebooks = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
    if not notebooks:
        return {"status": "not graded",
                "reason": "autograde has not run for this submission, or stopped on it "
                "(see the autograde log)", "sandbox": ""}
    worst, reasons, sandbox = "graded", [], set()
    for path in notebooks:
        try:
            meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get(META, {})
        except (OSError, ValueError):
            meta = {}
        status = meta.get("status", "graded")
        if RANK.get(status, 2) > RANK[worst]:
            worst = status if status in RANK else "not graded"
        if meta.get("reason"):
            reasons.append(meta["reason"] if len(notebooks) == 1 else f"{path.stem}: "
                           f"{meta['reason']}")
        sandbox.add(meta.get("sandbox", "nbgrader (no sandbox)"))
    return {"status": worst, "reason": "; ".join(reasons), "sandbox": ", ".join(sorted(sandbox))}


def _rows(gradebook, autograded: Path, assignments=(), students=()):
    from nbgrader.api import MissingEntry

    for assignment in gradebook.assignments:
        if assignments and assignment.name not in assignments:
            continue
        for student in gradebook.students:
            if students and student.id not in students:
                continue
            row = {"assignment": assignment.name, "duedate": assignment.duedate,
                   "student_id": student.id, "last_name": student.last_name,
                   "first_name": student.first_name, "email": student.email,
                   "max_score": assignment.max_score}
            try:
                sub = gradebook.find_submission(assignment.name, student.id)
            except MissingEntry:
                row.update(timestamp="", raw_score=0.0, late_submission_penalty=0.0, score=0.0,
                           status="no submission", reason="", sandbox="")
            else:
                penalty = sub.late_submission_penalty
                row.update(timestamp=sub.timestamp, raw_score=sub.score,
                           late_submission_penalty=penalty,
                           score=max(0.0, sub.score - penalty))
                row.update(submission_status(autograded, assignment.name, student.id))
            yield {k: "" if row.get(k) is None else str(row.get(k, "")) for k in COLUMNS}


class StatusExportPlugin(ExportPlugin):
    """nbgrader's CSV export with three more columns: status, reason and sandbox."""

    def export(self, gradebook) -> None:
        from nbgrader.coursedir import CourseDirectory

        cd = CourseDirectory(config=self.config)
        autograded = Path(cd.root) / cd.autograded_directory
        dest = self.to or "grades.csv"
        with open(dest, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, COLUMNS)
            writer.writeheader()
            for row in _rows(gradebook, autograded, [str(a) for a in self.assignment],
                             [str(s) for s in self.student]):
                writer.writerow(row)


def class_report(db_url: str, autograded: Path, dest: Path, assignment: str | None = None):
    """Write the status of every submission to `dest` (CSV); returns the rows."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        rows = list(_rows(gb, autograded, [assignment] if assignment else ()))
    with open(dest, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return rows
