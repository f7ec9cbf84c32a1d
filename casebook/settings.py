"""The course-wide language setting that lessons, exercise checks and feedback all follow."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CONFIG_FILE", "ENV_VAR", "LANGUAGES", "configured_language", "course_language"]

LANGUAGES = ("en", "zh")
ENV_VAR = "CASEBOOK_LANG"
# A one-line file an instructor can drop in the course folder (or any parent of the
# working directory) so every lesson and check opens in one language without
# touching each student's environment.
CONFIG_FILE = "casebook-language.txt"


def _from_file(start: Path) -> str | None:
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            try:
                return candidate.read_text(encoding="utf-8").strip().lower() or None
            except (OSError, UnicodeDecodeError):
                return None
    return None


def configured_language() -> str | None:
    """The language `CASEBOOK_LANG` or the nearest `casebook-language.txt` names, or None
    when neither names one (unset, or a value it cannot read)."""
    value = os.environ.get(ENV_VAR, "").strip().lower() or _from_file(Path.cwd())
    if value in ("zh", "zh-cn", "zh_cn", "cn", "chinese", "中文"):
        return "zh"
    if value in ("en", "english"):
        return "en"
    return None


def course_language(default: str = "en") -> str:
    """The language the course is taught in: `CASEBOOK_LANG`, else the nearest
    `casebook-language.txt`, else `default`. Unknown values fall back to `default`
    rather than failing, so a typo never stops a lesson from opening."""
    return configured_language() or default
