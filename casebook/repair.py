"""Repairs a submitted notebook folder before nbgrader reads it, so no honest work is lost.

Duplicated, deleted, reordered or metadata-stripped cells are rebuilt from the instructor's
source notebook by grade id, taking the student's answer cells; nbformat 3 is upgraded; one
notebook under another name is graded with a note; an empty or damaged file becomes the
release notebook marked "not graded: <reason>". The student's own files are kept in
`.casebook-original/` beside the repaired notebook.
"""

from __future__ import annotations

import ast
import copy
import json
import os
import re
import shutil
from pathlib import Path

import nbformat

from .exbuild import BEGIN_HIDDEN, BEGIN_SOLUTION, END_HIDDEN, END_SOLUTION

__all__ = ["META", "ORIGINALS", "RepairHook", "repair_folder", "repair_notebook", "stub_cell"]

# Notebook metadata key holding the grading status the grader and feedback read.
META = "casebook"
NBGRADER = "nbgrader"
ORIGINALS = ".casebook-original"
SOLUTION_BLOCK = re.compile(
    rf"^[ \t]*{re.escape(BEGIN_SOLUTION)}.*?^[ \t]*{re.escape(END_SOLUTION)}[^\n]*\n?", re.M | re.S
)
HIDDEN_BLOCK = re.compile(
    rf"^[ \t]*{re.escape(BEGIN_HIDDEN)}.*?^[ \t]*{re.escape(END_HIDDEN)}[^\n]*\n?", re.M | re.S
)
MAX_NOTEBOOK_BYTES = 50 * 1024**2


def _gid(cell) -> str | None:
    meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    nbg = meta.get(NBGRADER) if isinstance(meta, dict) else None
    gid = nbg.get("grade_id") if isinstance(nbg, dict) else None
    return gid if isinstance(gid, str) else None


def _src(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else str(s)


def _is_student_cell(cell) -> bool:
    """A cell the student writes in (an answer or a written answer), by source metadata."""
    return bool(cell.get("metadata", {}).get(NBGRADER, {}).get("solution"))


def stub_cell(cell) -> dict:
    """The release version of a source solution cell: the solution block removed."""
    out = copy.deepcopy(cell)
    text = SOLUTION_BLOCK.sub("", _src(cell))
    out["source"] = text if cell["cell_type"] == "code" else ""
    if out["cell_type"] == "code":
        out["outputs"], out["execution_count"] = [], None
    return out


def _assigned(code: str) -> set[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set(re.findall(r"^\s*([A-Za-z_]\w*)\s*=", code, re.M))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def _place(source_cell, student_cell) -> dict:
    """The source cell's metadata and id with the student's content."""
    out = copy.deepcopy(source_cell)
    out["source"] = _src(student_cell)
    if out["cell_type"] == "code":
        out["outputs"], out["execution_count"] = [], None
    return out


def _damaged(nb, source) -> list[str]:
    """Plain reasons the notebook's structure needs rebuilding ([] when it is intact)."""
    src_ids = [_gid(c) for c in source.cells if _gid(c)]
    src_meta = {_gid(c): c for c in source.cells if _gid(c)}
    ids = [_gid(c) for c in nb.cells if _gid(c)]
    reasons = []
    dups = sorted({i for i in ids if ids.count(i) > 1})
    if dups:
        reasons.append(f"cells appeared more than once ({', '.join(dups)})")
    missing = [i for i in src_ids if i not in ids and not _is_student_cell(src_meta[i])]
    if missing:
        reasons.append(f"locked or test cells were missing ({', '.join(missing[:5])})")
    known = [i for i in ids if i in src_meta]
    if not dups and known != [i for i in src_ids if i in known]:
        reasons.append("cells were out of order")
    for cell in nb.cells:
        gid = _gid(cell)
        if gid is None:
            if NBGRADER in cell.get("metadata", {}):
                reasons.append("a cell had broken grading metadata")
                break
            continue
        if gid not in src_meta:
            reasons.append(f"a cell had an unknown grade id ({gid})")
            break
        want = src_meta[gid]
        if cell.get("cell_type") != want.cell_type or _flags(cell) != _flags(want):
            reasons.append(f"the grading metadata of cell {gid} had been changed")
            break
    return reasons


def _flags(cell) -> tuple:
    """The grading flags of a cell (the release adds a checksum, which may differ)."""
    meta = cell.get("metadata", {}).get(NBGRADER, {})
    if not isinstance(meta, dict):
        return ()
    points = meta.get("points")
    try:
        points = float(points) if points is not None else None
    except (TypeError, ValueError):
        points = "bad"
    return (*(bool(meta.get(k)) for k in ("grade", "solution", "locked", "task")), points)


def repair_notebook(nb, source) -> tuple[dict, list[str]]:
    """`nb` rebuilt on the structure of `source` if damaged, and the notes saying what was done."""
    reasons = _damaged(nb, source)
    if not reasons:
        return nb, []
    by_gid: dict[str, dict] = {}
    extras: dict[str | None, list] = {}
    anchor = None
    unlabelled = []
    for cell in nb.cells:
        gid = _gid(cell)
        if gid is not None and gid in {_gid(c) for c in source.cells}:
            by_gid[gid] = cell  # the last copy wins, as it would when the cells are run in order
            anchor = gid
        else:
            unlabelled.append((anchor, cell))
    source_texts = {_src(c) for c in source.cells}
    # Cells whose grading metadata was stripped: match answer cells by the variables they set,
    # written answers by position among markdown cells the source does not have.
    written = [_gid(c) for c in source.cells if _gid(c) and _is_student_cell(c)
               and c.cell_type == "markdown" and _gid(c) not in by_gid]
    free_md = [c for _, c in unlabelled if c.get("cell_type") == "markdown"
               and _src(c) not in source_texts and _src(c).strip()]
    used: set[int] = set()
    notes = []
    for c in source.cells:
        gid = _gid(c)
        if not gid or gid in by_gid or not _is_student_cell(c) or c.cell_type != "code":
            continue
        wanted = _assigned(_src(stub_cell(c)))
        for _, cell in reversed(unlabelled):
            if id(cell) in used or cell.get("cell_type") != "code":
                continue
            if wanted and wanted & _assigned(_src(cell)):
                by_gid[gid] = cell
                used.add(id(cell))
                break
    if len(free_md) == len(written):
        for gid, cell in zip(written, free_md, strict=True):
            by_gid[gid] = cell
            used.add(id(cell))
    elif written:
        notes.append("some written answers could not be found; grade them by hand from the "
                     "student's original file")
    for anchor_, cell in unlabelled:
        if id(cell) in used or _src(cell) in source_texts:
            continue
        if cell.get("cell_type") == "code":
            extras.setdefault(anchor_, []).append(cell)
    out = copy.deepcopy(source)
    cells = []
    for cell in extras.get(None, []):
        cells.append(_extra(cell))
    for c in source.cells:
        gid = _gid(c)
        if gid and _is_student_cell(c):
            if gid in by_gid:
                cells.append(_place(c, by_gid[gid]))
            # A deleted answer cell stays deleted: its parts say "not defined" in the feedback.
        elif gid and c.cell_type == "code":
            cells.append(_locked(c))
        else:
            cells.append(copy.deepcopy(c))
        if gid:
            cells.extend(_extra(x) for x in extras.get(gid, []))
    out.cells = cells
    notes.insert(0, "the notebook was rebuilt from the exercise because " + "; ".join(reasons)
                 + "; your answers were kept")
    return out, notes


def _locked(cell) -> dict:
    """A locked or test cell from the source, hidden tests removed: the submitted folder must
    never hold them (nbgrader puts them back from the gradebook, outside the sandbox)."""
    out = copy.deepcopy(cell)
    out["source"] = HIDDEN_BLOCK.sub("", _src(cell))
    return out


def _extra(cell) -> dict:
    """A student's own code cell, kept without any grading metadata."""
    return nbformat.v4.new_code_cell(_src(cell))


def _read(path: Path) -> tuple[object | None, str]:
    if path.is_symlink():
        # A link could point at the instructor's source notebook (the key) or any course file.
        return None, "the notebook was a link to another file, not a notebook"
    try:
        size = path.stat().st_size
    except OSError:
        return None, "the file could not be opened"
    if size == 0:
        return None, "the file is empty"
    if size > MAX_NOTEBOOK_BYTES:
        return None, "the file is too large to be a notebook"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None, "the file is not a readable notebook (it is not text)"
    if not text.strip():
        return None, "the file is empty"
    try:
        data = json.loads(text)
    except ValueError:
        return None, "the file is damaged (it is not a complete notebook file)"
    if not isinstance(data, dict) or ("cells" not in data and "worksheets" not in data):
        return None, "the file is not a Jupyter notebook"
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception:
        return None, "the file is not a notebook this version of Jupyter can read"
    if not isinstance(nb.get("cells"), list):
        return None, "the file is not a Jupyter notebook"
    for cell in nb.cells:
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            return None, "the notebook holds damaged cells"
        cell.setdefault("metadata", {})
        if not isinstance(cell["metadata"], dict):
            cell["metadata"] = {}
    return nb, ""


def _not_graded(source, reason: str):
    nb = copy.deepcopy(source)
    nb.cells = [
        stub_cell(c) if _gid(c) and _is_student_cell(c) else _locked(c) if _gid(c) else c
        for c in nb.cells
    ]
    nb.metadata[META] = {"not_graded": reason, "notes": []}
    return nb


def repair_folder(folder: Path, source_folder: Path) -> dict[str, list[str]]:
    """Repair every notebook of one submission in place; returns notes per notebook name.

    Idempotent: when the student's originals were kept before, they are repaired again
    from those, so a regrade gives the same result.
    """
    folder, source_folder = Path(folder), Path(source_folder)
    expected = sorted(p.stem for p in source_folder.glob("*.ipynb"))
    for p in (folder.parent, folder):
        if p.is_symlink():
            # A student or submission folder that links elsewhere (the key's folder, another
            # student's) is not a submission: the link goes, nothing is written through it,
            # and the notebook is "not graded".
            p.unlink()
            p.mkdir()
    keep = folder / ORIGINALS
    general = _set_aside(folder, keep)
    pool_dir = keep if keep.is_dir() else folder
    submitted = sorted(p for p in pool_dir.glob("*.ipynb") if p.is_file())
    found: dict[str, Path | None] = {name: None for name in expected}
    for p in submitted:
        if p.stem in found:
            found[p.stem] = p
    others = [p for p in submitted if p.stem not in found]
    renamed: dict[str, str] = {}
    for name in expected:
        if found[name] is None and others:
            # One notebook under another name (a browser's "name (1).ipynb"): grade it.
            pick = min(others, key=lambda p: (not p.stem.startswith(name), p.name))
            others.remove(pick)
            found[name] = pick
            renamed[name] = pick.name
    report: dict[str, list[str]] = {}
    for name in expected:
        source = nbformat.read(source_folder / f"{name}.ipynb", as_version=4)
        path = found[name]
        notes: list[str] = []
        notes += general
        if name in renamed:
            notes.append(f"the notebook was submitted as {renamed[name]!r} and graded as "
                         f"{name + '.ipynb'!r}")
        if path is None:
            nb, problem = None, "no notebook was submitted"
        else:
            nb, problem = _read(path)
        if nb is None:
            out = _not_graded(source, problem)
            changed = True
        else:
            had_meta = META in nb.metadata
            nb.metadata.pop(META, None)  # only the grader writes this key
            out, more = repair_notebook(nb, source)
            notes += more
            if _old_format(path):
                notes.append("the notebook was in an old format and was upgraded")
            changed = bool(notes) or had_meta or path.parent != folder
            out.metadata[META] = {"notes": notes}
        if changed:
            _keep_originals(folder, keep)
            out.metadata.setdefault(META, {})["notes"] = notes
            target = folder / f"{name}.ipynb"
            if target.is_symlink():  # writing through it would overwrite the file it names
                target.unlink()
            nbformat.write(out, str(target))
        report[name] = notes if nb is not None else [f"not graded: {problem}"]
    for p in folder.glob("*.ipynb"):
        if p.stem not in found:
            _keep_originals(folder, keep)
            if p.exists():
                p.unlink()
    return report


def _set_aside(folder: Path, keep: Path) -> list[str]:
    """Move links and special files (FIFOs, devices, sockets) out of the submission, and a
    timestamp nbgrader cannot read: nbgrader copies the folder with shutil (a link to
    /dev/zero fills the disk, a FIFO blocks or raises) and reads timestamp.txt before any
    notebook, failing the whole submission. They are kept in the originals folder."""
    odd = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != ORIGINALS]
        for name in [*files, *dirs]:
            p = Path(root, name)
            if p.is_symlink() or not (p.is_file() or p.is_dir()):
                odd.append(p)
    notes = []
    stamp = folder / "timestamp.txt"
    if stamp not in odd and stamp.is_file() and not _readable_time(stamp):
        odd.append(stamp)
        notes.append("the submission time (timestamp.txt) could not be read; it was set aside "
                     "and no late penalty was worked out")
    if odd:
        _keep_originals(folder, keep)
        aside = keep / "set-aside"
        for p in odd:
            target = aside / p.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(p, target)
        names = ", ".join(str(p.relative_to(folder)) for p in odd if p != stamp)
        if names:
            notes.append(f"links and special files were set aside, not graded: {names[:300]}")
    return notes


def _readable_time(path: Path) -> bool:
    try:
        from nbgrader.utils import parse_utc

        parse_utc(path.read_text(encoding="utf-8").strip())
        return True
    except Exception:
        return False


def _keep_originals(folder: Path, keep: Path) -> None:
    if keep.is_dir():
        return
    keep.mkdir()
    for p in folder.glob("*.ipynb"):
        shutil.copy2(p, keep / p.name, follow_symlinks=False)


def _old_format(path: Path) -> bool:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("nbformat", 4) < 4
    except Exception:
        return False


class RepairHook:
    """nbgrader's `Autograde.pre_convert_hook`: repairs one submission before it is read."""

    def __init__(self, root: str | Path, source: str = "solutions", submitted: str = "submitted"):
        self.root, self.source, self.submitted = Path(root), source, submitted

    def __call__(self, assignment: str, student: str, notebooks: list, **_) -> None:
        # nbgrader passes the command line's ids (often the glob '*'); the notebook paths
        # name the actual submission folder: <submitted>/<student>/<assignment>/.
        if not notebooks:
            return
        folder = Path(notebooks[0]).parent
        repair_folder(folder, self.root / self.source / folder.name)
        # nbgrader already listed the notebooks; point the list at the repaired files.
        notebooks[:] = sorted(str(p) for p in folder.glob("*.ipynb"))
