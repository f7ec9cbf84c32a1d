"""Lesson widgets built from the legal-test data, re-drawn in English or Chinese on demand."""

from ._html import Shown, static_html
from ._part import Html
from .apply import ApplyTest
from .checklist import Checklist
from .distinguish import Distinguish
from .figure import FigurePart
from .findings import FindingsTable, issue_detail
from .page import Lesson, lesson
from .quiz import Question, Quiz
from .rule import Rule

__all__ = [
    "ApplyTest",
    "Checklist",
    "Distinguish",
    "FigurePart",
    "FindingsTable",
    "Html",
    "Lesson",
    "Question",
    "Quiz",
    "Rule",
    "Shown",
    "issue_detail",
    "lesson",
    "static_html",
]
