"""The figure part: a matplotlib figure as an image, re-drawn in the page's language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._part import _Part

if TYPE_CHECKING:
    from .page import Lesson


class FigurePart(_Part):
    """A matplotlib figure shown as an image and re-drawn in the page's language."""

    def __init__(self, page: Lesson, name: str, *args: Any):
        import ipywidgets as w

        from ..plots import FIGURES

        super().__init__(page)
        self.draw = FIGURES[name]
        self.args = args
        self.widget = self.image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.render()

    def render(self) -> None:
        from ..plots import to_png

        self.image.value = to_png(self.draw(self.page.cb, *self.args, lang=self.lang))
