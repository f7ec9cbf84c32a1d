"""The `casebook` command: list cases, show one, validate data files, report accuracy, autograde."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .exceptions import CasebookError
from .i18n import APPEAL, FINDING, ROLES, SIDES, label, zh_punct
from .models import NOT_REPORTED, Case, text_or_not_reported

__all__ = ["main"]

HEADINGS = {
    "en": {
        "court": "Court",
        "docket": "Docket",
        "dates": "Dates",
        "parties": "Parties",
        "facts": "Facts",
        "claims": "Claims",
        "defences": "Defences",
        "issues": "Issues",
        "remedies": "Remedies",
        "appeal": "Appeal",
        "significance": "Significance",
        "statutes": "Statutes",
        "sources": "Sources",
        "court_held": "court",
        "rule": "rule (stated findings)",
        "departure": "the court departs from the test's rule",
        "provenance": {
            "implied": "implied by the holding",
            "not_proven": "not proven",
            "not_reached": "not reached",
            "not_applicable": "not applicable",
        },
    },
    "zh": {
        "court": "法院",
        "docket": "案号",
        "dates": "日期",
        "parties": "当事人",
        "facts": "基本案情",
        "claims": "诉讼请求",
        "defences": "抗辩",
        "issues": "争议焦点",
        "remedies": "裁判结果",
        "appeal": "上诉情况",
        "significance": "典型意义",
        "statutes": "法律依据",
        "sources": "来源",
        "court_held": "法院认定",
        "rule": "规则（依来源载明的认定）",
        "departure": "法院偏离了该标准的规则",
        "provenance": {
            "implied": "由结论推知",
            "not_proven": "未获证明",
            "not_reached": "未作认定",
            "not_applicable": "不适用",
        },
    },
}


def _table(rows: list[list[str]]) -> str:
    # East Asian characters take two columns in a terminal.
    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cmd_list(args: argparse.Namespace) -> int:
    from .library import load

    cb = load(args.extra)
    lang = args.lang
    head = ["id", "case", "court", "tests"] if lang == "en" else ["id", "案件", "法院", "适用标准"]
    rows = [head]
    for case in cb.cases:
        tests = ", ".join(dict.fromkeys(i.test for i in case.issues))
        rows.append([case.id, case.short_name(lang), case.court(lang), tests])
    print(_table(rows))
    return 0


def render_case(case: Case, cb, lang: str = "en") -> str:
    """A case as plain text, every empty field shown as 'not reported'."""
    h = HEADINGS[lang]
    nr = NOT_REPORTED[lang]
    out = [case.title(lang), "=" * 40, f"{h['court']}: {case.court(lang)}"]
    out.append(f"{h['docket']}: {case.docket or nr}")
    out.append(f"{h['dates']}:")
    for d in case.dates or []:
        out.append(f"  - {d.event(lang)}: {d.display(lang)}")
        # A year worked out from context must never read as reported: show the note.
        if d.note:
            out.append(f"      ({d.note(lang)})")
    if not case.dates:
        out.append(f"  {nr}")
    out.append(f"{h['parties']}:")
    zh = lang == "zh"
    for p in case.parties:
        if zh:
            roles = "、".join(label(ROLES, r.value, lang) for r in p.roles)
            side = label(SIDES, p.side.value, lang)
            out.append(f"  - {p.name(lang)}（{side}{'；' + roles if roles else ''}）")
        else:
            roles = ", ".join(r.value for r in p.roles)
            out.append(f"  - {p.name(lang)} ({p.side.value}{'; ' + roles if roles else ''})")
    for key in ("facts", "claims", "defences"):
        out.append(f"{h[key]}:")
        items = getattr(case, key)
        out.extend(f"  - {t(lang)}" for t in items)
        if not items:
            out.append(f"  {nr}")
    out.append(f"{h['issues']}:")
    for issue in case.issues:
        test = cb.test(issue.test)
        verdict = test.outcome_labels["true" if issue.conclusion else "false"](lang)
        out.append(f"  [`{issue.id}`] {issue.question(lang)} -> {verdict}")
        if len(issue.parties) > 1:
            out.append("      " + ", ".join(case.party(p).name(lang) for p in issue.parties))
        for eid, f in issue.findings.items():
            prov = h["provenance"].get(f.provenance.value)
            mark = f" ({prov})" if prov else ""
            if zh:
                # Element names and finding words in Chinese; the id stays as code.
                name, found = test.element(eid).name(lang), label(FINDING, f.finding.value, lang)
                out.append(f"      {name}：{found}{mark} - {f.reason(lang)}")
            else:
                out.append(f"      {eid}: {f.finding.value}{mark} - {f.reason(lang)}")
        out.append(f"      {h['court_held']}: {issue.holding(lang)}")
        cvr = cb.court_vs_rule(case.id, issue.id)
        rule = (
            test.outcome_labels["true" if cvr.rule else "false"](lang)
            if cvr.rule is not None
            else ("仍需判断" if lang == "zh" else "undecided")
        )
        out.append(f"      {h['rule']}: {rule}")
        if cvr.departs and issue.departure is not None:
            out.append(f"      {h['departure']}: {issue.departure(lang)}")
    out.append(f"{h['remedies']}:")
    for r in case.remedies:
        if r.sum and zh and r.sum.currency == "CNY":
            money = f"（{r.sum.amount:g}元）"
        else:
            money = f" [{r.sum.amount:g} {r.sum.currency}]" if r.sum else ""
        who = ", ".join(case.party(p).name(lang) for p in r.parties)
        out.append(f"  - {who}: {r.description(lang)}{money}")
    if not case.remedies:
        out.append(f"  {nr}")
    status = label(APPEAL, case.appeal.status.value, lang) if zh else case.appeal.status.value
    out.append(f"{h['appeal']}: {status}")
    if case.appeal.note:
        out.append(f"  {case.appeal.note(lang)}")
    out.append(f"{h['significance']}:")
    out.extend(f"  - {t(lang)}" for t in case.significance)
    out.append(f"{h['statutes']}: " + ("; ".join(cb.cite(s, lang) for s in case.statutes) or nr))
    out.append(f"{h['sources']}:")
    for s in case.sources:
        date = s.date.display(lang) if s.date else nr
        title = f", {text_or_not_reported(s.title, lang)}" if s.title else ""
        out.append(f"  - {s.cite(lang)}{title} ({date})")
        if s.date and s.date.note:
            out.append(f"      ({s.date.note(lang)})")
    return zh_punct("\n".join(out)) if zh else "\n".join(out)


def _cmd_show(args: argparse.Namespace) -> int:
    from .library import load

    cb = load(args.extra)
    print(render_case(cb.case(args.id), cb, args.lang))
    return 0


def _split_exercise_paths(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Exercise folders (holding <assignment>/assignment.yaml) apart from case data paths."""
    from .exercises import ASSIGNMENT_FILE

    exercises, data = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and (path / ASSIGNMENT_FILE).is_file():
            exercises.append(path.parent)
        elif path.is_dir() and any(path.glob(f"*/{ASSIGNMENT_FILE}")):
            exercises.append(path)
        elif path.is_file() and (path.parent / ASSIGNMENT_FILE).is_file():
            exercises.append(path.parent.parent)
        else:
            data.append(raw)
    return sorted(set(exercises)), data


def _quiz_files(paths: list[str]) -> list[Path]:
    """Lesson quiz files among the paths: a quiz file itself, a quizzes/ folder, or one
    beside the cases/tests/statutes folders of a data folder."""
    from .quizzes import QUIZ_FOLDER

    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file() and path.parent.name == QUIZ_FOLDER:
            found.append(path)
        elif path.is_dir():
            folder = path if path.name == QUIZ_FOLDER else path / QUIZ_FOLDER
            found += sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    return found


def _quiz_problems(quizzes: list[Path]) -> list:
    """Every problem in the lesson quizzes, checked against the bundled cases and tests."""
    from .exceptions import DataError
    from .library import load
    from .quizzes import load_quiz

    cb = load()
    problems = []
    for path in quizzes:
        try:
            load_quiz(path.stem, cb, path)
        except DataError as exc:
            problems += exc.problems
    return problems


def _cmd_validate(args: argparse.Namespace) -> int:
    from .loading import check_paths

    exercise_dirs, data_paths = _split_exercise_paths(args.paths)
    quizzes = _quiz_files(data_paths)
    data_paths = [p for p in data_paths if Path(p) not in quizzes and Path(p).name != "quizzes"]
    report = check_paths(data_paths) if data_paths else None
    problems = list(report.problems) if report else []
    problems += _quiz_problems(quizzes)
    for folder in exercise_dirs:
        from .exercises import load_exercises

        problems += load_exercises(folder)[1]
    if report is None:
        for p in problems:
            print(p)
        if problems:
            print(f"{len(problems)} problem(s) found.", file=sys.stderr)
            return 1
        print("OK: no problems found.", file=sys.stderr)
        return 0
    for folder in report.also_read:
        print(f"note: also read {folder} for the legal tests and statutes it holds")
    for n in report.notes:
        print(f"note: {n}")
    for p in problems:
        print(p)
    if problems:
        count = len(problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    print("OK: no problems found.", file=sys.stderr)
    return 0


def _cmd_exercises_build(args: argparse.Namespace) -> int:
    from .exbuild import build

    for path in build(args.source, args.dest):
        print(path)
    return 0


def accuracy_table(cb, lang: str = "en") -> str:
    """Per legal test: how often the rule, from the stated findings alone, reaches the
    court's result. Findings implied by the holding never count."""
    acc = cb.accuracy()
    head = (
        ["legal test", "issues", "agrees", "differs", "undecided"]
        if lang == "en"
        else ["法律标准", "争议焦点", "一致", "不同", "无法判断"]
    )
    rows = [head]
    total = {"issues": 0, "agrees": 0, "differs": 0, "undecided": 0}
    for test_id, row in acc.items():
        rows.append([test_id, *(str(row[k]) for k in ("issues", "agrees", "differs", "undecided"))])
        for k in total:
            total[k] += row[k]
    rows.append(
        ["total" if lang == "en" else "合计"]
        + [str(total[k]) for k in ("issues", "agrees", "differs", "undecided")]
    )
    n = max(total["issues"], 1)
    if lang == "zh":
        summary = (
            f"仅依来源载明的认定，规则在 {total['issues']} 个争议焦点中的 {total['agrees']} 个"
            f"（{100 * total['agrees'] / n:.0f}%）得出与法院相同的结论；"
            f"{total['undecided']} 个无法判断，{total['differs']} 个结论不同。"
            "由结论推知的认定不计入。"
        )
    else:
        summary = (
            f"From the stated findings alone, the rule reaches the court's result on "
            f"{total['agrees']} of {total['issues']} issues ({100 * total['agrees'] / n:.0f}%); "
            f"it is undecided on {total['undecided']} and reaches another result on "
            f"{total['differs']}. Findings implied by the holding are not counted."
        )
    departures = cb.departures()
    lines = [_table(rows), "", summary]
    if departures:
        lines.append("")
        lines.append("Departures recorded:" if lang == "en" else "已记录的偏离：")
        for case, issue, _ in departures:
            reason = issue.departure(lang) if issue.departure else ""
            lines.append(f"  {case.id} / {issue.id}: {reason}")
    return "\n".join(lines)


def _cmd_accuracy(args: argparse.Namespace) -> int:
    from .library import load

    print(accuracy_table(load(args.extra), args.lang))
    return 0


def _cmd_grade_report(args: argparse.Namespace) -> int:
    from .gradereport import main as report_main

    try:
        return report_main([args.gradebook, "--out", args.out])
    except FileNotFoundError as exc:
        print(f"casebook: {exc}", file=sys.stderr)
        return 1


def _cmd_autograde(args: argparse.Namespace) -> int:
    from .classgrade import autograde

    rows = autograde(args.assignment, course=args.course, student=args.student,
                     workers=args.workers, unsafe=args.unsafe)
    return 0 if rows or args.student is None else 1


def _cmd_export_lms(args: argparse.Namespace) -> int:
    import os

    from .lms_export import export_lms

    db = args.db or os.environ.get("CASEBOOK_DB_URL") or "gradebook.db"
    if "://" not in db:
        if not Path(db).exists():
            print(f"casebook: no gradebook at {db}: run `nbgrader autograde` first",
                  file=sys.stderr)
            return 1
        db = f"sqlite:///{Path(db).resolve()}"
    out = Path(args.out or f"grades-{args.assignment}-{args.format}.csv")
    grades = export_lms(db, args.assignment, args.format, out, args.allow_ungraded)
    students = len({g.student for g in grades})
    print(f"{students} students, {len({g.assignment for g in grades})} assignment(s) -> {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casebook", description="Browse and check the AI-disputes casebook."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of output")
        p.add_argument(
            "--extra",
            action="append",
            default=[],
            metavar="PATH",
            help="also load an instructor's own case files or folder (repeatable)",
        )

    p_list = sub.add_parser("list", help="a table of the cases")
    common(p_list)
    p_list.set_defaults(func=_cmd_list)
    p_show = sub.add_parser("show", help="one case in full")
    p_show.add_argument("id", help="case id, e.g. li-v-liu")
    common(p_show)
    p_show.set_defaults(func=_cmd_show)
    p_val = sub.add_parser("validate", help="check YAML case files; exit 1 on any problem")
    p_val.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to check")
    p_val.set_defaults(func=_cmd_validate)
    p_ex = sub.add_parser("exercises", help="instructor tools for the graded exercises")
    ex_sub = p_ex.add_subparsers(dest="exercises_command", required=True)
    p_build = ex_sub.add_parser(
        "build",
        help="validate the exercise YAML and write the nbgrader source notebooks",
    )
    p_build.add_argument(
        "--source",
        default="instructor/exercises",
        help="folder of exercise YAML (one folder per assignment)",
    )
    p_build.add_argument("--dest", default="solutions", help="nbgrader source folder")
    p_build.set_defaults(func=_cmd_exercises_build)
    p_acc = sub.add_parser(
        "accuracy",
        help="per legal test, how often the rule reaches the court's result from the "
        "stated findings alone",
    )
    common(p_acc)
    p_acc.set_defaults(func=_cmd_accuracy)
    p_rep = sub.add_parser(
        "grade-report", help="score distribution and per-element mastery from nbgrader's gradebook"
    )
    p_rep.add_argument("gradebook", nargs="?", default="gradebook.db", help="nbgrader gradebook")
    p_rep.add_argument("--out", default="grade-report", help="folder for the PNGs and CSVs")
    p_rep.set_defaults(func=_cmd_grade_report)
    p_auto = sub.add_parser(
        "autograde",
        help="grade every submission of an assignment in sandboxes, in parallel, "
        "and record the grades in nbgrader's gradebook",
    )
    p_auto.add_argument("assignment", help="assignment id, e.g. ex2_voice_portrait")
    p_auto.add_argument("--student", default=None, help="grade only this student")
    p_auto.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="sandboxes run at once (default: the number of cores)")
    p_auto.add_argument("--course", default=".", help="course folder (holds nbgrader_config.py)")
    p_auto.add_argument(
        "--unsafe", action="store_true",
        help="run student code WITHOUT a sandbox (no bubblewrap on this machine); only for "
        "submissions you trust; the grading is recorded as unsafe",
    )
    p_auto.set_defaults(func=_cmd_autograde)
    p_lms = sub.add_parser(
        "export-lms", help="final grades (autograded and written) as a Canvas or Moodle CSV"
    )
    p_lms.add_argument("assignment", help="an assignment id, or `all`")
    p_lms.add_argument("--format", choices=["canvas", "moodle"], required=True)
    p_lms.add_argument("--db", help="gradebook file or database URL (default: $CASEBOOK_DB_URL, "
                       "else gradebook.db)")
    p_lms.add_argument("--out", help="CSV file to write (default: grades-ASSIGNMENT-FORMAT.csv)")
    p_lms.add_argument("--allow-ungraded", action="store_true",
                       help="export even where written answers are not graded yet (they count 0)")
    p_lms.set_defaults(func=_cmd_export_lms)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Chinese output must not crash a terminal that defaults to another encoding.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    try:
        return args.func(args)
    except CasebookError as exc:
        print(f"casebook: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head` and closed early
        return 0


if __name__ == "__main__":
    sys.exit(main())
