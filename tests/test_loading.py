"""Loading and validating data files: every kind of bad input gets a message naming
file, field and reason, and a bad file never hides the problems or the good files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import casebook
from casebook.loading import validate_paths

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
