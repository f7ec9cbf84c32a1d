"""The exercise format: instructor-written hypotheticals as YAML, loaded and checked in law.

This module holds the *format* and its rules only; the hypotheticals and their keys live in
the instructor's folder (`instructor/exercises/`), never in the package students install.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .exceptions import DataError, Problem

__all__ = [
    "Assignment",
    "Hypothetical",
    "check_exercises",
    "load_exercises",
    "part_list",
]

ASSIGNMENT_FILE = "assignment.yaml"
ID = r"^[a-z0-9][a-z0-9-]*$"
# Words that give an element away when a fact pattern states them instead of the events.
GIVEAWAYS = (
    "lawful exception",
    "no exception",
    "not disputed",
    "undisputed",
    "without consent",
    "without permission",
    "should have known",
    "合理使用情形",
    "无争议",
    "未经同意",
    "未经许可",
    "应当知道",
)


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bi(_M):
    """A text in English and Chinese."""

    en: str = Field(min_length=1, description="English text")
    zh: str = Field(min_length=1, description="Chinese text")


class Finding(_M):
    """The key to one element the stated facts settle."""

    element: str = Field(description="element id of the question's legal test")
    key: bool = Field(description="True if the facts meet the element, False if not")
    reason: Bi = Field(description="which fact settles it, shown in feedback after grading")


class Choice(_M):
    """A key that is one of several ids; every defensible answer is listed."""

    key: list[str] = Field(min_length=1, description="every accepted id")
    reason: Bi = Field(description="why, shown in feedback after grading")


class StatuteChoice(Choice):
    """The statute part: which article is asked for, and the accepted article ids."""

    ask: Bi = Field(description="what the article wanted does, so the question is fair")


class Conclusion(_M):
    """The key to the conclusion, only where non-judgment elements settle it."""

    key: bool = Field(description="True = the claimant's claim succeeds under the test")
    reason: Bi = Field(description="why, shown in feedback after grading")


class PartyTest(_M):
    """Issue spotting: which legal test governs the claim against one party."""

    party: str = Field(pattern=ID, description="short id of the party, e.g. 'app'")
    name: Bi = Field(description="the party as the facts name it")
    key: list[str] = Field(min_length=1, description="every accepted test id")
    reason: Bi = Field(description="why this test, shown in feedback after grading")


class Spotting(_M):
    """Issue spotting: the tests to choose from and the key for each party."""

    options: list[str] = Field(min_length=3, description="test ids offered to the student")
    parties: list[PartyTest] = Field(min_length=1, description="one entry per party")


class Disputed(Choice):
    """Issue spotting: which element of `test` is really in dispute."""


class Level(_M):
    """One level of a rubric line: the points and what an answer at that level does."""

    points: float = Field(ge=0, description="points for an answer at this level")
    en: str = Field(min_length=1, description="descriptor in English")
    zh: str = Field(min_length=1, description="descriptor in Chinese")


class Rubric(_M):
    """Levels with descriptors for each IRAC part of the written answer."""

    issue: list[Level] = Field(min_length=2, description="levels for the issue")
    rule: list[Level] = Field(min_length=2, description="levels for the rule")
    application: list[Level] = Field(min_length=2, description="levels for the application")
    conclusion: list[Level] = Field(min_length=2, description="levels for the conclusion")


class Written(_M):
    """The manually graded written answer on the point left to judgment."""

    prompt: Bi = Field(description="what the student argues in writing")
    points: int = Field(ge=1, description="points; the top levels of the rubric must add up to it")
    rubric: Rubric = Field(description="levels per IRAC part, for graders only")
    model_answer: Bi = Field(description="a model answer, for graders only")
    common_errors: list[Bi] = Field(min_length=1, description="mistakes to look for")


class Hypothetical(_M):
    """One made-up dispute: facts, the autograded parts with their keys, the written answer."""

    id: str = Field(pattern=r"^q\d+$", description="question id, the file name, e.g. q1")
    title: Bi = Field(description="a short title")
    facts: Bi = Field(description="the events, told without the wording of any element")
    modelled_on: list[str] = Field(min_length=1, description="case ids the facts are built on")
    outcome: Literal["claimant", "defendant", "open"] = Field(
        description="who wins on the instructor's view of the whole dispute"
    )
    test: str | None = Field(None, description="the legal test whose elements are asked")
    spotting: Spotting | None = Field(None, description="which test applies to which party")
    findings: list[Finding] = Field(default_factory=list, description="settled elements")
    disputed: Disputed | None = Field(None, description="which element is really in dispute")
    conclusion: Conclusion | None = Field(None, description="autograded conclusion, if settled")
    precedent: Choice | None = Field(None, description="the most analogous case(s)")
    statute: StatuteChoice | None = Field(None, description="the article asked for")
    written: Written = Field(description="the written answer and its rubric")


class Assignment(_M):
    """One nbgrader assignment: its id, cluster and title; questions come from qN.yaml files."""

    id: str = Field(pattern=r"^ex\d+_[a-z0-9_]+$", description="nbgrader assignment id")
    cluster: str = Field(description="the casebook cluster it practises")
    title: Bi = Field(description="the notebook title")
    questions: list[Hypothetical] = Field(default_factory=list, description="loaded from files")


def part_list(q: Hypothetical) -> list[tuple[str, str, str | None]]:
    """Every autograded part of `q` as (grade id, answer variable, dict key or None)."""
    out: list[tuple[str, str, str | None]] = []
    if q.spotting:
        out += [(f"{q.id}_party_{p.party}", f"{q.id}_tests", p.party) for p in q.spotting.parties]
    out += [(f"{q.id}_el_{f.element}", f"{q.id}_findings", f.element) for f in q.findings]
    for name in ("disputed", "conclusion", "precedent", "statute"):
        if getattr(q, name) is not None:
            out.append((f"{q.id}_{name}_test", f"{q.id}_{name}", None))
    return out


def _read(path: Path, problems: list[Problem], model):
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return model.model_validate(raw)
    except yaml.YAMLError as exc:
        problems.append(Problem(str(path), "", f"not valid YAML ({exc})"))
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(x) for x in err["loc"]) or "(top)"
            problems.append(Problem(str(path), where, err["msg"]))
    except OSError as exc:
        problems.append(Problem(str(path), "", f"cannot be read ({exc})"))
    return None


def _settles(test, findings: dict[str, bool]) -> bool | None:
    """The conclusion the settled (non-judgment) findings force, or None if judgment decides."""
    if test.combination != "all":
        return None
    for e in test.elements:
        if e.judgment:
            continue
        v = findings.get(e.id)
        if e.role == "required" and v is False:
            return False
        if e.role == "exception" and v is True:
            return False
    if any(e.judgment for e in test.elements):
        return None
    if all(findings.get(e.id) is (e.role != "exception") for e in test.elements):
        return True
    return None


def _check_question(q: Hypothetical, where: str, cb, problems: list[Problem]) -> None:
    def bad(field: str, reason: str) -> None:
        problems.append(Problem(where, field, reason))

    tests = {t.id: t for t in cb.tests}
    cases = {c.id for c in cb.cases}
    articles = {a.id for a in cb.articles}
    if where and Path(where).stem != q.id:
        bad("id", f"is {q.id!r} but the file is named {Path(where).name}; make them match")
    for c in q.modelled_on:
        if c not in cases:
            bad("modelled_on", f"{c!r} is not a case id in the casebook")
    test = None
    if q.test is not None:
        test = tests.get(q.test)
        if test is None:
            bad("test", f"{q.test!r} is not a legal test id")
    if (q.findings or q.disputed or q.conclusion) and q.test is None:
        bad("test", "findings, disputed and conclusion need the legal test they belong to")
    if not part_list(q):
        bad("(top)", "asks no autograded part; add findings, spotting, precedent or statute")
    facts = (q.facts.en + " " + q.facts.zh).lower()
    for word in GIVEAWAYS:
        if word.lower() in facts:
            bad("facts", f"says {word!r}: describe the events instead of stating the element")
    if test is not None:
        elems = {e.id: e for e in test.elements}
        for e in test.elements:
            for name in (e.name.en, e.name.zh):
                plain = re.sub(r"\s*[（(].*?[)）]", "", name).strip().lower()
                if len(plain) > 3 and plain in facts:
                    bad("facts", f"uses the element name {name!r}: describe what happened")
        for i, f in enumerate(q.findings):
            e = elems.get(f.element)
            if e is None:
                bad(f"findings.{i}.element", f"{f.element!r} is not an element of {test.id}")
            elif e.judgment:
                bad(
                    f"findings.{i}.element",
                    f"{f.element!r} is a judgment call in {test.id}; ask it in the written answer",
                )
            elif e.role in ("factor", "balance"):
                bad(f"findings.{i}.element", f"{f.element!r} is a factor, weighed not autograded")
        if q.disputed:
            for k in q.disputed.key:
                if k not in elems:
                    bad("disputed.key", f"{k!r} is not an element of {test.id}")
        if q.conclusion is not None:
            settled = _settles(test, {f.element: f.key for f in q.findings})
            if settled is None:
                bad(
                    "conclusion",
                    f"the settled findings do not decide {test.id} (a judgment element does): "
                    "leave the conclusion to the written answer",
                )
            elif settled != q.conclusion.key:
                bad("conclusion.key", f"the findings give {settled}, not {q.conclusion.key}")
        if test.later_law:
            pass  # later_law articles are refused below for the statute part
    if q.spotting:
        for o in q.spotting.options:
            if o not in tests:
                bad("spotting.options", f"{o!r} is not a legal test id")
        for i, p in enumerate(q.spotting.parties):
            for k in p.key:
                if k not in q.spotting.options:
                    bad(f"spotting.parties.{i}.key", f"{k!r} is not among the options")
        if q.findings or q.conclusion:
            bad("spotting", "an issue-spotting question must not name the test through findings")
    if q.precedent:
        for k in q.precedent.key:
            if k not in cases:
                bad("precedent.key", f"{k!r} is not a case id")
            elif test is not None and not any(i.test == test.id for i in cb.case(k).issues):
                bad("precedent.key", f"{k!r} decides no issue under {test.id}")
    if q.statute:
        later = {a for t in tests.values() for a in (t.later_law or [])}
        for k in q.statute.key:
            if k not in articles:
                bad("statute.key", f"{k!r} is not an article id")
            elif k in later:
                bad("statute.key", f"{k!r} is later law; it does not govern these events")
    w = q.written
    top = sum(max(lv.points for lv in getattr(w.rubric, p)) for p in Rubric.model_fields)
    if abs(top - w.points) > 1e-9:
        bad("written.rubric", f"top levels add up to {top:g}, but written.points is {w.points}")


def _check_assignment(a: Assignment, where: str, problems: list[Problem]) -> None:
    auto = sum(len(part_list(q)) for q in a.questions)
    written = sum(q.written.points for q in a.questions)
    if written < auto:
        problems.append(
            Problem(
                where,
                "written.points",
                f"written answers carry {written} points, autograded parts {auto}: "
                "written answers must carry at least half of the assignment",
            )
        )
    if not a.questions:
        problems.append(Problem(where, "", "has no question files (q1.yaml, q2.yaml ...)"))


def load_exercises(root: str | Path, cb=None) -> tuple[list[Assignment], list[Problem]]:
    """Every assignment under `root` (one folder each) and every problem found in them."""
    if cb is None:
        import casebook

        cb = casebook.load()
    root = Path(root)
    problems: list[Problem] = []
    out: list[Assignment] = []
    if not root.is_dir():
        return [], [Problem(str(root), "", "is not a folder of exercises")]
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        a = _read(folder / ASSIGNMENT_FILE, problems, Assignment)
        if a is None:
            continue
        if a.id != folder.name:
            problems.append(Problem(str(folder / ASSIGNMENT_FILE), "id", "must be the folder name"))
        files = sorted(folder.glob("q*.yaml"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
        qs = []
        for f in files:
            q = _read(f, problems, Hypothetical)
            if q is not None:
                _check_question(q, str(f), cb, problems)
                qs.append(q)
        a = a.model_copy(update={"questions": qs})
        _check_assignment(a, str(folder), problems)
        out.append(a)
    return out, problems


def check_exercises(root: str | Path, cb=None) -> list[Assignment]:
    """The assignments under `root`; raise DataError naming file, field and reason if any is bad."""
    assignments, problems = load_exercises(root, cb)
    if problems:
        raise DataError(problems)
    return assignments
