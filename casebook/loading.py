"""Reads and checks the YAML data files, bundled or an instructor's own."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import get_close_matches
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .exceptions import DataError, Problem
from .models import Case, LegalTest, Statute
from .rules import compare

__all__ = [
    "DATA_KINDS",
    "RawFile",
    "Report",
    "check_paths",
    "check_records",
    "infer_kind",
    "iter_bundled",
    "iter_paths",
    "load_files",
    "parse",
    "sibling_folders",
    "validate_paths",
]

# A file's kind comes from `kind:` at its top, else from its folder in the bundled data,
# else from the fields it has (a statute has `articles`, a test `elements`).
DATA_KINDS: dict[str, type[BaseModel]] = {"case": Case, "legal_test": LegalTest, "statute": Statute}
FOLDER_KINDS = {"cases": "case", "tests": "legal_test", "statutes": "statute"}
YAML_SUFFIXES = (".yaml", ".yml")
# Fields only one kind of file has: enough to tell the kind without `kind:`.
KIND_MARKERS = {
    "case": ("parties", "issues", "facts", "court", "appeal", "sources"),
    "legal_test": ("elements", "combination", "outcome_labels", "cluster"),
    "statute": ("articles",),
}
# How close a misspelling must be before a "did you mean" is offered: a wrong hint
# misleads more than none.
HINT_CUTOFF = 0.75

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class RawFile:
    """One data file's name (as shown in messages), its text and its kind."""

    name: str
    data: bytes
    kind: str | None = None
    path: Path | None = None


@dataclass
class Parsed:
    """Records that validated, and the problems of those that did not."""

    cases: list[tuple[str, Case]] = field(default_factory=list)
    tests: list[tuple[str, LegalTest]] = field(default_factory=list)
    statutes: list[tuple[str, Statute]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


@dataclass
class Report:
    """What `casebook validate` found: problems (errors) and notes (e.g. departures)."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    also_read: list[str] = field(default_factory=list)


# Folders of YAML that are teaching material with their own format and tests (the lesson
# quizzes), not case, test or statute records: validating a data folder passes over them.
NOT_RECORDS = frozenset({"quizzes"})


def iter_bundled() -> Iterator[RawFile]:
    """Every YAML file shipped inside the package, read through importlib.resources."""
    root = resources.files("casebook") / "data"
    for folder, kind in FOLDER_KINDS.items():
        entries = sorted(
            (e for e in (root / folder).iterdir() if e.name.endswith(YAML_SUFFIXES)),
            key=lambda e: e.name,
        )
        for entry in entries:
            path = Path(str(entry)) if isinstance(entry, Path) else None
            yield RawFile(f"casebook/data/{folder}/{entry.name}", entry.read_bytes(), kind, path)


def iter_paths(paths: Iterable[str | Path]) -> tuple[list[RawFile], list[Problem]]:
    """Files under the given files or folders; a missing path is a problem, not a crash."""
    files: list[RawFile] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in YAML_SUFFIXES
                and p.is_file()
                and not NOT_RECORDS & set(p.relative_to(path).parts[:-1])
            )
            if not found:
                problems.append(Problem(str(path), "", "folder holds no .yaml or .yml files"))
            for p in found:
                files.append(RawFile(str(p), p.read_bytes(), _kind_from_folder(p), p))
        elif path.is_file():
            files.append(RawFile(str(path), path.read_bytes(), _kind_from_folder(path), path))
        else:
            problems.append(Problem(str(path), "", "no such file or folder"))
    # A file named twice (itself and inside its folder) is read once: it cannot clash
    # with itself.
    unique: dict[Path | str, RawFile] = {}
    for f in files:
        unique.setdefault(f.path.resolve() if f.path is not None else f.name, f)
    return list(unique.values()), problems


def _kind_from_folder(path: Path) -> str | None:
    # Lets `casebook validate casebook/data` read the bundled layout as is.
    return FOLDER_KINDS.get(path.parent.name) if path.parent.parent.name == "data" else None


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _pydantic_problems(name: str, record: str, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = _loc(tuple(err["loc"]))
        msg = err["msg"]
        if err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] == "extra_forbidden" and " " in str(err["loc"][-1]):
            # `{en: a, b, zh: c}` splits at the comma and makes 'b' look like a field.
            msg = (
                f"unknown field {err['loc'][-1]!r}: a comma inside {{en: ..., zh: ...}} "
                'splits the text; put the text in quotes: {en: "a, b", zh: "..."}'
            )
            loc = _loc(tuple(err["loc"][:-1]))
        elif err["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling against docs/case-format.md)"
        elif "input" in err and err["type"].endswith(("_type", "_parsing")):
            msg = f"{msg}, got {type(err['input']).__name__} {err['input']!r}"
        problems.append(Problem(name, loc or record, msg))
    return problems


def _read_yaml(raw: RawFile) -> tuple[Any, Problem | None]:
    if not raw.data.strip():
        return None, Problem(raw.name, "", "file is empty")
    try:
        text = raw.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, Problem(
            raw.name,
            "",
            f"not UTF-8 text (byte {exc.start}): save the file as UTF-8 in your editor",
        )
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, Problem(raw.name, where, f"bad YAML: {what}")
    if not isinstance(data, dict):
        return None, Problem(
            raw.name, "", f"expected a mapping of fields at the top, got {type(data).__name__}"
        )
    return data, None


def parse(files: Iterable[RawFile]) -> Parsed:
    """Validate each file into its model; every problem is collected, none stops the rest."""
    out = Parsed()
    for raw in files:
        data, problem = _read_yaml(raw)
        if problem:
            out.problems.append(problem)
            continue
        kind = data.pop("kind", None) or raw.kind or infer_kind(data)
        if kind is None:
            out.problems.append(Problem(raw.name, "kind", _kind_message(data)))
            continue
        model = DATA_KINDS.get(kind)
        if model is None:
            out.problems.append(
                Problem(
                    raw.name,
                    "kind",
                    f"unknown kind {kind!r}; write `kind: case`, `kind: legal_test` or "
                    "`kind: statute` at the top of the file",
                )
            )
            continue
        try:
            record = model.model_validate(data)
        except ValidationError as exc:
            out.problems.extend(_pydantic_problems(raw.name, str(data.get("id", "")), exc))
            continue
        {"case": out.cases, "legal_test": out.tests, "statute": out.statutes}[kind].append(
            (raw.name, record)
        )
    return out


def infer_kind(data: dict[str, Any]) -> str | None:
    """The kind a file's fields point to, or None when they point to none or to several."""
    kinds = [k for k, marks in KIND_MARKERS.items() if any(m in data for m in marks)]
    return kinds[0] if len(kinds) == 1 else None


def _kind_message(data: dict[str, Any]) -> str:
    kinds = [k for k, marks in KIND_MARKERS.items() if any(m in data for m in marks)]
    why = (
        f"its fields fit more than one kind ({', '.join(kinds)})"
        if kinds
        else "it has none of the fields that tell a case (issues, parties), a legal test "
        "(elements) or a statute (articles) apart"
    )
    return (
        f"cannot tell what this file is, because {why}: write `kind: case`, "
        "`kind: legal_test` or `kind: statute` as its first line"
    )


def _unknown(kind: str, wanted: str, known: Iterable[str]) -> str:
    known = list(known)
    hint = get_close_matches(wanted, known, n=1, cutoff=HINT_CUTOFF)
    return f"unknown {kind} {wanted!r}" + (f" (did you mean {hint[0]!r}?)" if hint else "")


def _unknown_test(wanted: str, tests: dict[str, LegalTest]) -> str:
    """Suggest a test by its id, or else by the element a writer may have had in mind
    (someone who writes 'recognisability' wants the portrait test); no hint unless close.
    Always say where the casebook looked, so a missing tests folder is not a mystery."""
    where = (
        "; the casebook looked in the bundled tests and in the files given. If the test "
        "is in your own file, pass its folder too, e.g. "
        "`casebook validate my_cases/ my_tests/`"
    )
    if get_close_matches(wanted, list(tests), n=1, cutoff=HINT_CUTOFF):
        return _unknown("legal test", wanted, tests) + where
    by_element: dict[str, str] = {}
    for t in tests.values():
        by_element.setdefault(t.name.en.lower(), t.id)
        for e in t.elements:
            by_element.setdefault(e.id, t.id)
    hint = get_close_matches(wanted.lower(), list(by_element), n=1, cutoff=HINT_CUTOFF)
    suffix = f" (did you mean {by_element[hint[0]]!r}?)" if hint else ""
    return f"unknown legal test {wanted!r}{suffix}{where}"


def _tf(value: bool | None) -> str:
    return "undecided" if value is None else str(value).lower()


def check_records(parsed: Parsed, base: Parsed | None = None) -> list[Problem]:
    """Cross-file checks: duplicate ids, references to tests, elements, statutes, parties
    and issues, and whether each court's conclusion follows the test's rule.

    A court that departs from the rule is not an error: the file must say why under
    `departure:`, and the departure is added to `parsed.notes` for `validate` to report.
    """
    problems: list[Problem] = []
    pools = [parsed] if base is None else [base, parsed]
    tests = {t.id: t for p in pools for _, t in p.tests}
    articles = {a.id for p in pools for _, s in p.statutes for a in s.articles}
    case_ids = {c.id for p in pools for _, c in p.cases}

    def dupes(kind: str, named_ids: list[tuple[str, str]], seen: dict[str, str]) -> None:
        for name, rid in named_ids:
            if rid in seen and seen[rid] != name:
                problems.append(
                    Problem(name, "id", f"duplicate {kind} id {rid!r} (also in {seen[rid]})")
                )
            elif rid in seen:
                problems.append(Problem(name, "id", f"{kind} id {rid!r} is used twice here"))
            else:
                seen[rid] = name

    def article_ids(p: Parsed) -> list[tuple[str, str]]:
        return [(name, a.id) for name, s in p.statutes for a in s.articles]

    # Ids from the bundled base are already taken; the files being checked may not reuse them.
    seen_cases = {c.id: name for name, c in base.cases} if base else {}
    seen_tests = {t.id: name for name, t in base.tests} if base else {}
    seen_articles = {aid: name for name, aid in article_ids(base)} if base else {}
    dupes("case", [(name, c.id) for name, c in parsed.cases], seen_cases)
    dupes("legal test", [(name, t.id) for name, t in parsed.tests], seen_tests)
    dupes("article", article_ids(parsed), seen_articles)

    def check_statutes(name: str, where: str, ids: list[str]) -> None:
        for i, sid in enumerate(ids):
            if sid not in articles:
                problems.append(
                    Problem(
                        name,
                        f"{where}[{i}]",
                        _unknown("statute article", sid, articles)
                        + "; article ids come from the statute files (bundled in "
                        "casebook/data/statutes/, or your own file with `articles:`)",
                    )
                )

    for name, t in parsed.tests:
        check_statutes(name, "statutes", t.statutes)
        check_statutes(name, "later_law", t.later_law)
        for j, e in enumerate(t.elements):
            check_statutes(name, f"elements[{j}].statutes", e.statutes)
        for j, a in enumerate(t.authorities):
            if a.case is not None and a.case not in case_ids:
                problems.append(
                    Problem(name, f"authorities[{j}].case", _unknown("case", a.case, case_ids))
                )

    for name, case in parsed.cases:
        problems.extend(_check_case(name, case, tests, check_statutes, parsed.notes))
    return problems


def _check_case(name, case: Case, tests: dict[str, LegalTest], check_statutes, notes) -> list:
    problems: list[Problem] = []
    check_statutes(name, "statutes", case.statutes)
    party_ids = [p.id for p in case.parties]

    def check_parties(where: str, ids: list[str]) -> None:
        for k, pid in enumerate(ids):
            if pid not in party_ids:
                field_name = f"{where}.party" if len(ids) == 1 else f"{where}.parties[{k}]"
                problems.append(Problem(name, field_name, _unknown("party", pid, party_ids)))

    for r, remedy in enumerate(case.remedies):
        check_parties(f"remedies[{r}]", remedy.parties)
    for i, issue in enumerate(case.issues):
        where = f"issues[{i}]"
        check_parties(where, issue.parties)
        test = tests.get(issue.test)
        if test is None:
            problems.append(Problem(name, f"{where}.test", _unknown_test(issue.test, tests)))
            continue
        element_ids = [e.id for e in test.elements]
        bad = False
        for key, found in issue.findings.items():
            if key not in element_ids:
                bad = True
                problems.append(
                    Problem(
                        name,
                        f"{where}.findings.{key}",
                        _unknown(f"element of test {test.id!r}", key, element_ids),
                    )
                )
            if found.from_issue is not None:
                problems.extend(_check_link(name, f"{where}.findings.{key}", case, issue, found))
        if bad:
            continue
        missing_findings = [e for e in element_ids if e not in issue.findings]
        if missing_findings:
            problems.append(
                Problem(
                    name,
                    f"{where}.findings",
                    f"no finding for {', '.join(missing_findings)}: record every element "
                    "of the test (use `provenance: not_reached` where the court did not "
                    "decide it, `not_applicable` where it does not arise)",
                )
            )
            continue
        for key, found in issue.findings.items():
            element = test.element(key)
            if found.provenance.value == "not_applicable" and element.role.value == "balance":
                problems.append(
                    Problem(
                        name,
                        f"{where}.findings.{key}",
                        "the overall judgment of a weighed test cannot be not_applicable; "
                        "use not_reached if the court did not make it",
                    )
                )
        result = compare(test, issue)
        decided = result.rule_with_implied
        if result.departs and issue.departure is None:
            problems.append(
                Problem(
                    name,
                    f"{where}.conclusion",
                    f"the court's conclusion ({_tf(issue.conclusion)}) departs from the rule "
                    f"of test {test.id!r} ({test.combination.value}), which gives "
                    f"{_tf(decided)} on these findings: if the court did depart, say why "
                    "under `departure:`; otherwise correct the findings or the conclusion",
                )
            )
        elif result.departs:
            notes.append(
                Problem(
                    name,
                    where,
                    f"the court departs from the test's rule: {test.id!r} gives "
                    f"{_tf(decided)} on the findings, the court concluded "
                    f"{_tf(issue.conclusion)}. Reason given: {issue.departure.en}",
                )
            )
        elif issue.departure is not None:
            problems.append(
                Problem(
                    name,
                    f"{where}.departure",
                    f"a departure is given, but the rule of test {test.id!r} gives "
                    f"{_tf(decided)} on these findings"
                    + (", as the court did" if decided is not None else "")
                    + ": remove `departure:` or correct the findings",
                )
            )
    return problems


def _check_link(name: str, where: str, case: Case, issue, found) -> list[Problem]:
    """A finding that another issue's outcome decides must name a real, other issue
    and agree with what the court concluded there."""
    ids = [i.id for i in case.issues]
    if found.from_issue == issue.id:
        return [Problem(name, f"{where}.from_issue", "an issue cannot feed its own element")]
    if found.from_issue not in ids:
        return [Problem(name, f"{where}.from_issue", _unknown("issue", found.from_issue, ids))]
    other = case.issue(found.from_issue)
    value = found.finding.value_bool
    if value is not None and value != other.conclusion:
        return [
            Problem(
                name,
                f"{where}.finding",
                f"finding {found.finding.value} does not follow issue {other.id!r}, where "
                f"the court concluded {_tf(other.conclusion)}",
            )
        ]
    return []


def _same_bundled_file(raw: RawFile, given: set[tuple[str, str]]) -> bool:
    parts = raw.name.split("/")
    return (parts[-2], parts[-1]) in given


def sibling_folders(paths: list[Path]) -> list[Path]:
    """The tests/ and statutes/ folders next to a given cases/ folder (or file in one),
    when the command did not name them itself."""
    given = {p.resolve() for p in paths}
    out: list[Path] = []
    for p in paths:
        folder = p if p.is_dir() else p.parent
        if folder.name != "cases":
            continue
        for sib in ("tests", "statutes"):
            s = folder.parent / sib
            if s.is_dir() and s.resolve() not in given and s not in out:
                if not any(s.resolve().is_relative_to(g) for g in given if g.is_dir()):
                    out.append(s)
    return out


def check_paths(paths: Iterable[str | Path]) -> Report:
    """Every problem and note in the given files, checked against the bundled data.

    A given file never clashes with itself: a bundled file named in `paths` (or a copy
    of one being edited, at the same `data/<folder>/<name>`) replaces its bundled
    version. The tests/ and statutes/ folders beside a given cases/ folder are read
    too, and `also_read` says so.
    """
    paths = [Path(p) for p in paths]
    extra = sibling_folders(paths)
    files, problems = iter_paths([*paths, *extra])
    given = {f.path.resolve() for f in files if f.path is not None}
    given_names = {
        (f.path.parent.name, f.path.name)
        for f in files
        if f.path is not None and f.path.parent.parent.name == "data"
    }
    base_files = [
        f
        for f in iter_bundled()
        if not (f.path is not None and f.path.resolve() in given)
        and not _same_bundled_file(f, given_names)
    ]
    base = parse(base_files)
    parsed = parse(files)
    problems += parsed.problems
    problems += check_records(parsed, base)
    return Report(sorted(set(problems)), sorted(set(parsed.notes)), [str(e) for e in extra])


def validate_paths(paths: Iterable[str | Path]) -> list[Problem]:
    """Every problem in the given files, checked against the bundled data they may cite."""
    return check_paths(paths).problems


def load_files(files: list[RawFile], base: Parsed | None = None) -> Parsed:
    """Parse and cross-check files; raise DataError listing every problem."""
    parsed = parse(files)
    parsed.problems.extend(check_records(parsed, base))
    if parsed.problems:
        raise DataError(parsed.problems)
    return parsed
