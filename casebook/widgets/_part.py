"""The base of every lesson part, and a text block drawn from a function of the language."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ._html import _show, _zh

if TYPE_CHECKING:
    from .page import Lesson


class _Part:
    """A piece of a lesson page that re-draws itself when the page's language changes."""

    def __init__(self, page: Lesson):
        self.page = page
        page._parts.append(self)

    @property
    def lang(self) -> str:
        return self.page.lang

    def render(self) -> None:  # pragma: no cover - every part overrides it
        raise NotImplementedError

    def _ipython_display_(self) -> None:
        _show(self.widget, f"<{type(self).__name__}>")


class _HtmlPart(_Part):
    """A part that is one block of HTML, re-drawn whole by `render`."""

    def __init__(self, page: Lesson):
        import ipywidgets as w

        super().__init__(page)
        self.widget = self.html = w.HTML()


class Html(_HtmlPart):
    """Any text block drawn from a function of the language."""

    def __init__(self, page: Lesson, draw: Callable[[str], str]):
        super().__init__(page)
        self.draw = draw
        self.render()

    def render(self) -> None:
        self.html.value = _zh(self.draw(self.lang), self.lang)
