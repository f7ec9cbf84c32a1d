"""The lesson quizzes: scenario questions read from casebook/data/quizzes and checked."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, ValidationError, model_validator

from .exceptions import DataError, Problem
from .loading import RawFile, _pydantic_problems, _read_yaml
from .models import Id, Text, _Model

if TYPE_CHECKING:
    from .library import Casebook

__all__ = ["LessonQuiz", "QuizOption", "QuizQuestion", "load_quiz", "quiz_ids"]

QUIZ_FOLDER = "quizzes"


class QuizOption(_Model):
    """One answer to a question: its text, whether it is right, and why it is right or wrong."""

    text: Text
    correct: bool
    why: Text = Field(description="Why this option is right or wrong, citing the cases.")


class QuizQuestion(_Model):
    """A new set of facts, a question about it and 2-4 answers of which exactly one is right."""

    id: Id
    test: Id = Field(description="The legal test the question applies.")
    cases: list[Id] = Field(min_length=1, description="The cases the reasons draw on.")
    scenario: Text
    question: Text
    options: list[QuizOption] = Field(min_length=2, max_length=4)

    @model_validator(mode="after")
    def _one_right_answer(self) -> QuizQuestion:
        right = sum(o.correct for o in self.options)
        if right != 1:
            raise ValueError(f"exactly one option must have `correct: true`, found {right}")
        return self

    @property
    def answer(self) -> int:
        """The position of the right option."""
        return next(n for n, o in enumerate(self.options) if o.correct)


class LessonQuiz(_Model):
    """The self-check questions of one lesson (its id is the lesson's cluster)."""

    lesson: Id
    questions: list[QuizQuestion] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> LessonQuiz:
        ids = [q.id for q in self.questions]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"question ids used twice: {', '.join(twice)}")
        return self


def quiz_ids() -> list[str]:
    """The lessons that ship a quiz, by id."""
    root = resources.files("casebook") / "data" / QUIZ_FOLDER
    return sorted(e.name.removesuffix(".yaml") for e in root.iterdir() if e.name.endswith(".yaml"))


def load_quiz(
    lesson: str, cb: Casebook | None = None, path: str | Path | None = None
) -> LessonQuiz:
    """The quiz of `lesson`, bundled or from `path`; checked against `cb` when given.

    Every problem is reported at once, as a DataError naming file, question and field.
    """
    if path is None:
        entry = resources.files("casebook") / "data" / QUIZ_FOLDER / f"{lesson}.yaml"
        if not entry.is_file():
            from .exceptions import UnknownIdError

            raise UnknownIdError("lesson quiz", lesson, quiz_ids())
        raw = RawFile(f"casebook/data/{QUIZ_FOLDER}/{lesson}.yaml", entry.read_bytes())
    else:
        raw = RawFile(str(path), Path(path).read_bytes())
    data, problem = _read_yaml(raw)
    if problem:
        raise DataError([problem])
    try:
        quiz = LessonQuiz.model_validate(data)
    except ValidationError as exc:
        raise DataError(_named(raw.name, data, _pydantic_problems(raw.name, lesson, exc))) from None
    problems = []
    if quiz.lesson != lesson:
        problems.append(Problem(raw.name, "lesson", f"is {quiz.lesson!r}, expected {lesson!r}"))
    if cb is not None:
        tests = {t.id for t in cb.tests}
        cases = {c.id for c in cb.cases}
        for q in quiz.questions:
            if q.test not in tests:
                problems.append(Problem(raw.name, f"{q.id}: test", f"unknown test {q.test!r}"))
            for c in q.cases:
                if c not in cases:
                    problems.append(Problem(raw.name, f"{q.id}: cases", f"unknown case {c!r}"))
    if problems:
        raise DataError(problems)
    return quiz


def _named(name: str, data: dict, problems: list[Problem]) -> list[Problem]:
    """Name the question by its id rather than its position: `portrait-3: options[0].why`."""
    questions = data.get("questions")
    out = []
    for p in problems:
        # pydantic prefixes the message of a validator's ValueError; the reader needs only it.
        p = Problem(p.file, p.field, p.reason.removeprefix("Value error, "))
        head, _, rest = p.field.partition(".")
        if head.startswith("questions[") and isinstance(questions, list):
            n = int(head[len("questions[") : head.index("]")])
            q = questions[n] if n < len(questions) else None
            qid = q.get("id") if isinstance(q, dict) else None
            if qid:
                p = Problem(name, f"{qid}: {rest}" if rest else str(qid), p.reason)
        out.append(p)
    return out
