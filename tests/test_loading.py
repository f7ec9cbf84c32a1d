"""Loading and validating data files: every kind of bad input gets a message naming
file, field and reason, and a bad file never hides the problems or the good files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import casebook
from casebook.loading import check_paths, validate_paths

EXAMPLE = Path(__file__).resolve().parent.parent / "docs/examples/my_cases/hypo-campus-avatar.yaml"


def example() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def write(folder: Path, name: str, data: dict | str | bytes) -> Path:
    path = folder / name
    if isinstance(data, dict):
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    elif isinstance(data, str):
        path.write_text(data, "utf-8")
    else:
        path.write_bytes(data)
    return path


def problems_for(path: Path) -> list[str]:
    return [str(p) for p in validate_paths([path])]


def test_bundled_data_is_clean():
    problems = validate_paths([Path(casebook.__file__).parent / "data"])
    assert not problems, "fix the bundled data:\n" + "\n".join(map(str, problems))


def test_worked_example_is_clean_and_loads():
    assert problems_for(EXAMPLE) == []
    cb = casebook.load(extra=[EXAMPLE.parent])
    assert cb.case("hypo-campus-avatar").short_name.en.startswith("Zhao")
    assert len(cb.cases) == len(casebook.load().cases) + 1


def mutate_missing(d):
    del d["court"]


def mutate_wrong_type(d):
    d["issues"][0]["conclusion"] = "probably"


def mutate_unknown_test(d):
    d["issues"][0]["test"] = "recognisability"


def mutate_unknown_element(d):
    d["issues"][0]["findings"]["recognizable"] = d["issues"][0]["findings"].pop("recognisable")


def mutate_unknown_statute(d):
    d["statutes"] = ["civil-code-1019", "civil-code-1091"]


def mutate_contradiction(d):
    d["issues"][0]["conclusion"] = False


def mutate_bad_date(d):
    d["dates"][0]["date"] = "2026-10-15"


def mutate_missing_finding(d):
    del d["issues"][0]["findings"]["no-consent"]


def mutate_unknown_party(d):
    d["remedies"][0]["party"] = "app-compnay"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (mutate_missing, "hypo.yaml: court: required field is missing"),
        (mutate_wrong_type, "hypo.yaml: issues[0].conclusion: Input should be a valid boolean"),
        (
            mutate_unknown_test,
            "hypo.yaml: issues[0].test: unknown legal test 'recognisability' "
            "(did you mean 'portrait'?)",
        ),
        (
            mutate_unknown_element,
            "hypo.yaml: issues[0].findings.recognizable: unknown element of test 'portrait' "
            "'recognizable' (did you mean 'recognisable'?)",
        ),
        (
            mutate_unknown_statute,
            "hypo.yaml: statutes[1]: unknown statute article 'civil-code-1091' "
            "(did you mean 'civil-code-1019'?)",
        ),
        (
            mutate_contradiction,
            "hypo.yaml: issues[0].conclusion: the court's conclusion (false) departs from "
            "the rule of test 'portrait' (all), which gives true on these findings: if the "
            "court did depart, say why under `departure:`",
        ),
        (
            mutate_missing_finding,
            "hypo.yaml: issues[0].findings: no finding for no-consent: record every element",
        ),
        (mutate_bad_date, "hypo.yaml: dates[0]: Value error, date '2026-10-15' does not match"),
        (
            mutate_unknown_party,
            "hypo.yaml: remedies[0].party: unknown party 'app-compnay' "
            "(did you mean 'app-company'?)",
        ),
    ],
    ids=lambda v: getattr(v, "__name__", "")[len("mutate_") :] or None,
)
def test_bad_record_is_named(tmp_path, mutate, expected):
    data = example()
    mutate(data)
    found = problems_for(write(tmp_path, "hypo.yaml", data))
    text = "\n".join(p.replace(str(tmp_path) + "/", "") for p in found)
    assert expected in text, f"expected a line containing\n  {expected}\ngot:\n{text}"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id: x\nissues: [unclosed\n", "bad.yaml: line 3, column 1: bad YAML"),
        ("", "bad.yaml: file is empty"),
        ("   \n\n", "bad.yaml: file is empty"),
        ("- just\n- a list\n", "bad.yaml: expected a mapping of fields at the top, got list"),
        ("id: x\ntitle: {en: caf\xe9}\n".encode("latin-1"), "bad.yaml: not UTF-8 text (byte"),
    ],
    ids=["bad-yaml", "empty", "blank", "not-a-mapping", "not-utf8"],
)
def test_unreadable_file_is_named(tmp_path, content, expected):
    path = write(tmp_path, "bad.yaml", content)
    text = "\n".join(p.replace(str(tmp_path) + "/", "") for p in problems_for(path))
    assert expected in text, f"expected {expected!r} in:\n{text}"


def test_duplicate_id_names_both_files(tmp_path):
    write(tmp_path, "a.yaml", example())
    write(tmp_path, "b.yaml", example())
    text = "\n".join(map(str, validate_paths([tmp_path])))
    assert "b.yaml: id: duplicate case id 'hypo-campus-avatar' (also in" in text
    assert "a.yaml" in text


def test_duplicate_of_a_bundled_case(tmp_path):
    data = example()
    data["id"] = "li-v-liu"
    write(tmp_path, "clash.yaml", data)
    text = "\n".join(map(str, validate_paths([tmp_path])))
    assert "clash.yaml: id: duplicate case id 'li-v-liu' (also in casebook/data/cases/" in text


def test_bad_file_does_not_hide_good_ones(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "good.yaml")
    write(tmp_path, "bad.yaml", "")
    other = example()
    other["id"] = "hypo-two"
    other["court"] = 42
    write(tmp_path, "worse.yaml", other)
    found = validate_paths([tmp_path])
    files = {Path(p.file).name for p in found}
    assert files == {"bad.yaml", "worse.yaml"}, f"only the bad files should be named: {found}"


def test_missing_path_is_a_problem_not_a_crash(tmp_path):
    found = [str(p) for p in validate_paths([tmp_path / "nope"])]
    assert found == [f"{tmp_path / 'nope'}: no such file or folder"]


def test_load_with_bad_extra_raises_a_readable_error(tmp_path):
    write(tmp_path, "bad.yaml", "")
    with pytest.raises(casebook.DataError) as info:
        casebook.load(extra=[tmp_path])
    message = str(info.value)
    assert "bad.yaml: file is empty" in message
    assert "casebook validate" in message
    assert "Traceback" not in message


def test_unquoted_comma_gets_a_hint(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        '{en: "Users uploaded the photos, not the company."',
        "{en: Users uploaded the photos, not the company.",
    )
    found = problems_for(write(tmp_path, "comma.yaml", text))
    assert len(found) == 1, found
    assert "comma.yaml: defences[0]: unknown field 'not the company.': a comma inside" in found[0]


ROOT = EXAMPLE.parent.parent.parent.parent
COURSE = ROOT / "docs/examples/my_course"
BUNDLED = Path(casebook.__file__).parent / "data"


@pytest.mark.parametrize(
    "paths",
    [
        [BUNDLED],
        [BUNDLED / "cases"],
        [BUNDLED / "cases" / "li-v-liu.yaml"],
        [BUNDLED / "cases", BUNDLED / "cases" / "li-v-liu.yaml"],
    ],
    ids=["data", "cases-folder", "one-file", "file-twice"],
)
def test_a_bundled_file_never_clashes_with_itself(paths):
    """Issue 11 item 20: validating the bundled data, its cases folder or one file in it
    reports no record as a duplicate of itself."""
    problems = validate_paths(paths)
    assert not problems, "\n".join(map(str, problems))


def test_an_edited_copy_of_the_bundled_data_checks_in_place(tmp_path):
    """A checkout apart from the installed package (or an instructor's copy of a bundled
    case) replaces the bundled file of the same name instead of clashing with it."""
    shutil.copytree(BUNDLED, tmp_path / "casebook" / "data")
    cases = tmp_path / "casebook" / "data" / "cases"
    for target in ([cases], [cases / "li-v-liu.yaml"], [tmp_path / "casebook" / "data"]):
        problems = validate_paths(target)
        assert not problems, f"{target}:\n" + "\n".join(map(str, problems))


def test_old_files_keep_their_results(cb):
    """Every bundled issue and the old worked example give the same result as before:
    on every recorded finding, the rule reproduces the court unless a departure is given."""
    old = casebook.load(extra=[EXAMPLE.parent])
    for case in old.cases:
        for issue in case.issues:
            cvr = old.court_vs_rule(case.id, issue.id)
            if issue.departure is None:
                assert cvr.rule_with_implied == issue.conclusion, (case.id, issue.id)


def test_instructor_folder_of_cases_tests_statutes_validates():
    report = check_paths([COURSE])
    assert report.problems == [], "\n".join(map(str, report.problems))
    notes = "\n".join(map(str, report.notes))
    assert "issues[2]: the court departs from the test's rule" in notes
    assert "Reason given: The court set a sum" in notes


def test_cases_folder_finds_its_sibling_tests_and_statutes():
    report = check_paths([COURSE / "cases"])
    assert report.problems == [], "\n".join(map(str, report.problems))
    assert {Path(p).name for p in report.also_read} == {"tests", "statutes"}


def test_cases_without_their_tests_say_where_the_casebook_looked(tmp_path):
    shutil.copy(COURSE / "cases" / "hypo-chatbot-portrait.yaml", tmp_path / "case.yaml")
    found = problems_for(tmp_path / "case.yaml")
    line = next(p for p in found if "issues[0].test" in p)
    assert "unknown legal test 'course-genai-provider';" in line, "no far-fetched hint"
    assert "pass its folder too" in line


def test_hints_only_when_close(tmp_path):
    data = example()
    data["issues"][0]["test"] = "x-reproduction-right"
    found = "\n".join(problems_for(write(tmp_path, "h.yaml", data)))
    assert "did you mean" not in found, found


def test_kind_is_inferred_from_the_fields(tmp_path):
    for folder in ("tests", "statutes"):
        for src in (COURSE / folder).glob("*.yaml"):
            text = src.read_text(encoding="utf-8").replace("kind: legal_test\n", "")
            write(tmp_path, src.name, text.replace("kind: statute\n", ""))
    shutil.copy(COURSE / "cases" / "hypo-chatbot-portrait.yaml", tmp_path / "c.yaml")
    assert validate_paths([tmp_path]) == []


def test_missing_kind_says_what_to_add(tmp_path):
    found = problems_for(write(tmp_path, "k.yaml", {"id": "x", "name": {"en": "a", "zh": "b"}}))
    assert len(found) == 1, found
    assert "k.yaml: kind: cannot tell what this file is" in found[0]
    assert "`kind: legal_test`" in found[0]


def test_test_without_statutes_says_why_and_how(tmp_path):
    src = COURSE / "tests" / "course-genai-provider.yaml"
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    del data["statutes"], data["authorities"]
    found = "\n".join(problems_for(write(tmp_path, "t.yaml", data)))
    assert "a legal test must rest on law" in found
    assert "your own statute file" in found


def course_case() -> dict:
    return yaml.safe_load(
        (COURSE / "cases" / "hypo-chatbot-portrait.yaml").read_text(encoding="utf-8")
    )


def check_course_case(tmp_path, data) -> list[str]:
    folder = tmp_path / "my"
    shutil.copytree(COURSE, folder)
    write(folder / "cases", "hypo-chatbot-portrait.yaml", data)
    return [str(p) for p in validate_paths([folder])]


def test_departure_without_a_reason_is_a_problem(tmp_path):
    data = course_case()
    del data["issues"][2]["departure"]
    found = "\n".join(check_course_case(tmp_path, data))
    assert "issues[2].conclusion: the court's conclusion (true) departs from the rule" in found
    assert "say why under `departure:`" in found


def test_departure_where_the_rule_agrees_is_a_problem(tmp_path):
    data = course_case()
    data["issues"][0]["departure"] = {"en": "x", "zh": "x"}
    found = "\n".join(check_course_case(tmp_path, data))
    assert "issues[0].departure: a departure is given, but the rule" in found


def test_undecided_rule_is_not_an_error(tmp_path):
    """The court's conclusion stands on its own: validation never pushes an author to
    record a finding the court did not make."""
    data = course_case()
    data["issues"][0]["findings"]["model-via-api"] = {
        "provenance": "not_reached",
        "reason": {"en": "x", "zh": "x"},
    }
    assert check_course_case(tmp_path, data) == []


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("portrait-bth", "unknown issue 'portrait-bth' (did you mean 'portrait-both'?)"),
        ("damages-chatco", "an issue cannot feed its own element"),
    ],
)
def test_links_between_issues_are_checked(tmp_path, link, expected):
    data = course_case()
    data["issues"][2]["findings"]["part-in-infringement"]["from_issue"] = link
    found = "\n".join(check_course_case(tmp_path, data))
    assert expected in found, found


def test_linked_finding_must_follow_the_other_issue(tmp_path):
    data = course_case()
    data["issues"][2]["findings"]["part-in-infringement"]["finding"] = "not_met"
    data["issues"][2].pop("departure")
    found = "\n".join(check_course_case(tmp_path, data))
    assert "does not follow issue 'portrait-both'" in found, found


def test_unknown_party_in_a_list_of_parties(tmp_path):
    data = course_case()
    data["issues"][1]["parties"] = ["chatco", "devcoo"]
    found = "\n".join(check_course_case(tmp_path, data))
    assert "issues[1].parties[1]: unknown party 'devcoo' (did you mean 'devco'?)" in found
