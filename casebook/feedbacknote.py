"""Feedback preprocessor: puts the grading status and its plain reason at the top of feedback.

It also defuses hidden-test delimiters a student typed into their own cells, which would
otherwise make nbgrader's ClearHiddenTests stop the whole feedback of that student.
"""

from __future__ import annotations

import html

from nbformat.v4 import new_markdown_cell

from .exbuild import BEGIN_HIDDEN, END_HIDDEN
from .repair import META

try:
    from nbgrader.preprocessors import NbGraderPreprocessor
except ImportError:  # pragma: no cover - the package works without the lab extra
    from nbconvert.preprocessors import Preprocessor as NbGraderPreprocessor

__all__ = ["FeedbackNote", "status_text"]

LABELS = {
    "graded": "Graded / 已评分",
    "graded with a note": "Graded, with a note / 已评分（附说明）",
    "not graded": "Not graded / 未评分",
}


def status_text(meta: dict) -> str:
    """One markdown paragraph saying how the submission was graded, in both languages."""
    status = meta.get("status", "graded")
    label = LABELS.get(status, html.escape(str(status)))
    reason = html.escape(str(meta.get("reason", "")))
    text = f"**Grading status / 评分状态: {label}**"
    if reason:
        text += f"\n\n{reason}"
    if str(meta.get("sandbox", "")).startswith("none"):
        text += "\n\nGraded without a sandbox (--unsafe). / 未在沙箱中评分（--unsafe）。"
    if status == "not graded":
        text += ("\n\nAsk your instructor how to resubmit. / 请向老师询问如何重新提交。")
    return text


DELIMITERS = tuple(d.removeprefix("### ") for d in (BEGIN_HIDDEN, END_HIDDEN))


def _is_test(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def _defuse(text: str) -> str:
    for word in DELIMITERS:
        text = text.replace(word, word.replace(" ", "-"))
    return text


class FeedbackNote(NbGraderPreprocessor):
    """Adds one markdown cell with the grading status the autograder recorded."""

    def preprocess(self, nb, resources):
        for cell in nb.cells:
            if not _is_test(cell):
                cell.source = _defuse(cell.source)
                for out in cell.get("outputs", []):
                    if isinstance(out.get("text"), str):
                        out["text"] = _defuse(out["text"])
        meta = nb.metadata.get(META)
        if isinstance(meta, dict) and meta.get("status"):
            nb.cells.insert(0, new_markdown_cell(status_text(meta)))
        return nb, resources
