"""A bilingual casebook of Chinese internet-court AI disputes, with executable legal tests."""

from .analysis import Analysis, BoundTest, Explanation
from .exceptions import (
    AnswerError,
    CasebookError,
    DataError,
    Problem,
    SandboxUnavailable,
    UnknownIdError,
)
from .library import Casebook, load
from .models import Case, Issue, LegalTest, Provenance, Statute, Text
from .rules import CourtVsRule, combine, compare

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "AnswerError",
    "BoundTest",
    "Case",
    "Casebook",
    "CasebookError",
    "CourtVsRule",
    "DataError",
    "Explanation",
    "Issue",
    "LegalTest",
    "Problem",
    "Provenance",
    "SandboxUnavailable",
    "Statute",
    "Text",
    "UnknownIdError",
    "__version__",
    "combine",
    "compare",
    "load",
]
