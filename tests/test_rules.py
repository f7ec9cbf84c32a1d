"""The combining rule: nested groups, elements that do not apply, provenance used honestly,
and a module that sits below both the loader and the engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from casebook.models import Issue, LegalTest
from casebook.rules import Agreement, combine, compare, finding_values

T = {"en": "x", "zh": "x"}


def element(eid: str, role: str) -> dict:
    return {"id": eid, "role": role, "name": T, "question": T, "guidance": T}


def nested_test() -> LegalTest:
    """An agent OR the party's own declaration, AND reliance: the shape one `all` or
    one `any` cannot hold."""
    return LegalTest.model_validate(
        {
            "id": "declaration",
            "name": T,
            "question": T,
            "outcome_labels": {"true": T, "false": T},
            "cluster": "x",
            "statutes": ["civil-code-1165"],
            "rule": {"all": ["reliance", {"any": ["agent", "own-declaration"]}]},
            "elements": [
                element("agent", "alternative"),
                element("own-declaration", "alternative"),
                element("reliance", "required"),
                element("excuse", "exception"),
            ],
        }
    )


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"reliance": True, "agent": True}, True),
        ({"reliance": True, "own-declaration": True, "agent": False}, True),
        ({"reliance": True, "agent": False, "own-declaration": False}, False),
        ({"reliance": False, "agent": True}, False),
        ({"reliance": True}, None),
        ({"agent": True}, None),
        ({"reliance": True, "agent": True, "excuse": True}, False),
    ],
)
def test_nested_rule_combines_all_of_any(values, expected):
    test = nested_test()
    assert test.combination.value == "nested", "a test with `rule:` is nested without saying so"
    assert combine(test, values) is expected


def test_not_applicable_elements_are_left_out():
    test = nested_test()
    # With the agent route not arising, the party's own declaration decides the group.
    assert combine(test, {"reliance": True, "own-declaration": False}, {"agent"}) is False
    assert combine(test, {"reliance": True}, {"agent", "own-declaration"}) is False


def issue(findings: dict, conclusion: bool = True, **extra) -> Issue:
    return Issue.model_validate(
        {
            "id": "i",
            "test": "declaration",
            "party": "p",
            "question": T,
            "findings": {k: {**v, "reason": T} for k, v in findings.items()},
            "conclusion": conclusion,
            "holding": T,
            **extra,
        }
    )


def test_implied_findings_are_never_evidence():
    test = nested_test()
    i = issue(
        {
            "reliance": {"finding": "met", "provenance": "implied"},
            "agent": {"finding": "met"},
            "own-declaration": {"provenance": "not_reached"},
            "excuse": {"provenance": "not_applicable"},
        }
    )
    values, skip = finding_values(i, evidence_only=True)
    assert values["reliance"] is None, "an implied finding must not count as evidence"
    assert skip == {"excuse"}
    cvr = compare(test, i)
    assert cvr.rule is None and cvr.rule_with_implied is True
    assert cvr.agreement is Agreement.undecided
    assert not cvr.departs


def test_not_proven_counts_against_the_element():
    test = nested_test()
    i = issue(
        {
            "reliance": {"provenance": "not_proven"},
            "agent": {"finding": "met"},
            "own-declaration": {"provenance": "not_reached"},
            "excuse": {"provenance": "not_reached"},
        }
    )
    assert i.findings["reliance"].finding.value == "not_met"
    cvr = compare(test, i)
    assert cvr.rule is False
    assert cvr.departs, "the court found for the claimant although reliance was not proven"
    assert cvr.agreement is Agreement.differs


def test_the_rule_module_is_below_loader_and_engine():
    """No import circle: the rule imports neither the loader nor the engine, and the
    loader no longer imports the engine."""
    code = (
        "import sys, casebook.rules; "
        "bad = [m for m in ('casebook.loading', 'casebook.analysis', 'casebook.library') "
        "if m in sys.modules]; "
        "import casebook.loading; "
        "bad += [m for m in ('casebook.analysis', 'casebook.library') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    # casebook/__init__ imports everything, so load the submodules without it.
    prelude = (
        "import importlib.util, sys, types, pathlib; "
        "import casebook as _c; "
        "[sys.modules.pop(m) for m in list(sys.modules) if m.startswith('casebook')]; "
        "pkg = types.ModuleType('casebook'); pkg.__path__ = _c.__path__; "
        "sys.modules['casebook'] = pkg; "
    )
    out = subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "", f"imported too early: {out.stdout.strip()}"


def _imports(module: str) -> set[str]:
    """Every casebook module a module imports, at the top or inside a function."""
    import ast
    import importlib.util

    spec = importlib.util.find_spec(f"casebook.{module}")
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            out.add(node.module or "")
    return out


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("rules", {"loading", "analysis", "library"}),
        ("loading", {"analysis", "library"}),
    ],
)
def test_no_import_circle_even_inside_functions(module, forbidden):
    found = _imports(module) & forbidden
    assert not found, f"casebook.{module} imports {found}: the rule belongs in casebook.rules"
