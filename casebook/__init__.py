"""A bilingual casebook of Chinese internet-court AI disputes, with executable legal tests."""

from .analysis import Analysis, BoundTest, Explanation, combine
from .exceptions import AnswerError, CasebookError, DataError, Problem, UnknownIdError
from .library import Casebook, load
from .models import Case, Issue, LegalTest, Statute, Text

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "AnswerError",
    "BoundTest",
    "Case",
    "Casebook",
    "CasebookError",
    "DataError",
    "Explanation",
    "Issue",
    "LegalTest",
    "Problem",
    "Statute",
    "Text",
    "UnknownIdError",
    "__version__",
    "combine",
    "load",
]
