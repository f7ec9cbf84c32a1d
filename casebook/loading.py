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
from .models import Case, ElementRole, LegalTest, Statute

__all__ = [
    "DATA_KINDS",
    "RawFile",
    "check_records",
    "iter_bundled",
    "iter_paths",
    "load_files",
    "parse",
    "validate_paths",
]

# A file's kind comes from its folder in the bundled data; an instructor's file
# may say `kind:` at the top and is otherwise a case, the common need.
DATA_KINDS: dict[str, type[BaseModel]] = {"case": Case, "legal_test": LegalTest, "statute": Statute}
FOLDER_KINDS = {"cases": "case", "tests": "legal_test", "statutes": "statute"}
YAML_SUFFIXES = (".yaml", ".yml")

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
            found = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
            if not found:
                problems.append(Problem(str(path), "", "folder holds no .yaml or .yml files"))
            for p in found:
                files.append(RawFile(str(p), p.read_bytes(), _kind_from_folder(p), p))
        elif path.is_file():
            files.append(RawFile(str(path), path.read_bytes(), _kind_from_folder(path), path))
        else:
            problems.append(Problem(str(path), "", "no such file or folder"))
    return files, problems


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
        kind = data.pop("kind", None) or raw.kind or "case"
        model = DATA_KINDS.get(kind)
        if model is None:
            out.problems.append(
                Problem(raw.name, "kind", f"unknown kind {kind!r}; use one of {sorted(DATA_KINDS)}")
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


def _unknown(kind: str, wanted: str, known: Iterable[str]) -> str:
    known = list(known)
    hint = get_close_matches(wanted, known, n=1, cutoff=0.5)
    return f"unknown {kind} {wanted!r}" + (f" (did you mean {hint[0]!r}?)" if hint else "")


def _unknown_test(wanted: str, tests: dict[str, LegalTest]) -> str:
    """Suggest a test by its id, or else by the element a writer may have had in mind
    (someone who writes 'recognisability' wants the portrait test)."""
    prefix = [t for t in tests if wanted.startswith(t) or t.startswith(wanted)]
    if prefix:
        return f"unknown legal test {wanted!r} (did you mean {prefix[0]!r}?)"
    if get_close_matches(wanted, list(tests), n=1, cutoff=0.5):
        return _unknown("legal test", wanted, tests)
    by_element: dict[str, str] = {}
    for t in tests.values():
        by_element.setdefault(t.name.en.lower(), t.id)
        for e in t.elements:
            by_element.setdefault(e.id, t.id)
    hint = get_close_matches(wanted.lower(), list(by_element), n=1, cutoff=0.6)
    suffix = f" (did you mean {by_element[hint[0]]!r}?)" if hint else ""
    return f"unknown legal test {wanted!r}{suffix}"


def check_records(parsed: Parsed, base: Parsed | None = None) -> list[Problem]:
    """Cross-file checks: duplicate ids, references to tests, elements, statutes and parties,
    and conclusions that contradict the element findings."""
    from .analysis import combine

    problems: list[Problem] = []
    pools = [parsed] if base is None else [base, parsed]
    tests = {t.id: t for p in pools for _, t in p.tests}
    articles = {a.id for p in pools for _, s in p.statutes for a in s.articles}

    def dupes(kind: str, named_ids: list[tuple[str, str]], seen: dict[str, str]) -> None:
        for name, rid in named_ids:
            if rid in seen:
                problems.append(
                    Problem(name, "id", f"duplicate {kind} id {rid!r} (also in {seen[rid]})")
                )
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
                    Problem(name, f"{where}[{i}]", _unknown("statute article", sid, articles))
                )

    for name, t in parsed.tests:
        check_statutes(name, "statutes", t.statutes)
        check_statutes(name, "later_law", t.later_law)
        for j, e in enumerate(t.elements):
            check_statutes(name, f"elements[{j}].statutes", e.statutes)

    for name, case in parsed.cases:
        check_statutes(name, "statutes", case.statutes)
        party_ids = [p.id for p in case.parties]
        for r, remedy in enumerate(case.remedies):
            if remedy.party not in party_ids:
                problems.append(
                    Problem(
                        name, f"remedies[{r}].party", _unknown("party", remedy.party, party_ids)
                    )
                )
        for i, issue in enumerate(case.issues):
            where = f"issues[{i}]"
            if issue.party not in party_ids:
                problems.append(
                    Problem(name, f"{where}.party", _unknown("party", issue.party, party_ids))
                )
            test = tests.get(issue.test)
            if test is None:
                problems.append(Problem(name, f"{where}.test", _unknown_test(issue.test, tests)))
                continue
            element_ids = [e.id for e in test.elements]
            bad = False
            for key in issue.findings:
                if key not in element_ids:
                    bad = True
                    problems.append(
                        Problem(
                            name,
                            f"{where}.findings.{key}",
                            _unknown(f"element of test {test.id!r}", key, element_ids),
                        )
                    )
            if bad:
                continue
            missing_findings = [e for e in element_ids if e not in issue.findings]
            if missing_findings:
                problems.append(
                    Problem(
                        name,
                        f"{where}.findings",
                        f"no finding for {', '.join(missing_findings)}: record every element "
                        "of the test (use `finding: not_decided` where the court did not say)",
                    )
                )
                continue
            values = {k: f.finding.value_bool for k, f in issue.findings.items()}
            outcome = combine(test, values)
            if outcome is None:
                missing = [
                    e.id
                    for e in test.elements
                    if values.get(e.id) is None
                    and e.role in (ElementRole.required, ElementRole.balance)
                ]
                problems.append(
                    Problem(
                        name,
                        f"{where}.findings",
                        "the findings leave the test undecided but the court concluded "
                        f"{str(issue.conclusion).lower()}; record the finding on "
                        f"{', '.join(missing) or 'the deciding element'}",
                    )
                )
            elif outcome != issue.conclusion:
                problems.append(
                    Problem(
                        name,
                        f"{where}.conclusion",
                        f"conclusion {str(issue.conclusion).lower()} contradicts the element "
                        f"findings, which give {str(outcome).lower()} under test {test.id!r} "
                        f"({test.combination.value})",
                    )
                )
    return problems


def validate_paths(paths: Iterable[str | Path]) -> list[Problem]:
    """Every problem in the given files, checked against the bundled data they may cite.

    A bundled file named in `paths` is checked as given, not also as part of the base,
    so `validate casebook/data` does not report each record as its own duplicate.
    """
    files, problems = iter_paths(paths)
    given = {f.path.resolve() for f in files if f.path is not None}
    base_files = [f for f in iter_bundled() if f.path is None or f.path.resolve() not in given]
    base = parse(base_files)
    parsed = parse(files)
    problems += parsed.problems
    problems += check_records(parsed, base)
    return sorted(set(problems))


def load_files(files: list[RawFile], base: Parsed | None = None) -> Parsed:
    """Parse and cross-check files; raise DataError listing every problem."""
    parsed = parse(files)
    parsed.problems.extend(check_records(parsed, base))
    if parsed.problems:
        raise DataError(parsed.problems)
    return parsed
