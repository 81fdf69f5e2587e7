"""The distribution chart as PNG bytes. matplotlib is imported at the first chart, not at
start-up (it costs ~0.3 s and tens of MB), and only its object API is used: no pyplot, no global
figure state; each worker thread draws on a figure of its own."""

from __future__ import annotations

import io
import threading
from functools import lru_cache
from typing import Any

from lantern.ratings.model import SCORES

FILENAME = "ratings.png"
_import_lock = threading.Lock()
_BAR = "#E0A040"  # lantern amber, as the embeds
_TEXT = "#DCDDDE"
_BACKGROUND = "#2F3136"


def plotting_loaded() -> bool:
    """Whether matplotlib has been imported by a chart yet (for the lazy-import check)."""
    return _canvas_class.cache_info().currsize > 0


@lru_cache(maxsize=1)
def _canvas_class() -> tuple[Any, Any]:
    with _import_lock:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

    return Figure, FigureCanvasAgg


@lru_cache(maxsize=64)
def render_distribution(distribution: tuple[int, ...]) -> bytes:
    """A bar chart of how many members gave each score. Cached by distribution: a burst of
    `/ratings` in one server renders once."""
    chart = _thread_chart()
    chart.show(distribution)
    buffer = io.BytesIO()
    chart.figure.savefig(buffer, format="png", facecolor=_BACKGROUND)
    return buffer.getvalue()


class _Chart:
    """One figure, built once per thread and redrawn with new bar heights: building the axes,
    ticks and styling took about as long as drawing them."""

    def __init__(self) -> None:
        figure_class, canvas_class = _canvas_class()
        self.figure = figure_class(figsize=(6, 2.6), dpi=100, facecolor=_BACKGROUND)
        canvas_class(self.figure)
        axes = self.axes = self.figure.add_subplot()
        axes.set_facecolor(_BACKGROUND)
        self.bars = axes.bar(SCORES, [0] * len(SCORES), color=_BAR, width=0.7)
        self.labels: list[Any] = []
        axes.set_xticks(SCORES)
        axes.set_xlabel("score", color=_TEXT)
        axes.set_ylabel("members", color=_TEXT)
        axes.tick_params(colors=_TEXT)
        axes.yaxis.get_major_locator().set_params(integer=True)
        for spine in axes.spines.values():
            spine.set_color(_TEXT)
        # Fixed margins: tight_layout would measure every label first, a third of the time.
        self.figure.subplots_adjust(left=0.09, right=0.98, top=0.94, bottom=0.18)

    def show(self, distribution: tuple[int, ...]) -> None:
        for bar, count in zip(self.bars, distribution, strict=True):
            bar.set_height(count)
        for label in self.labels:
            label.remove()
        self.labels = self.axes.bar_label(
            self.bars, labels=[str(n) if n else "" for n in distribution], color=_TEXT
        )
        self.axes.set_ylim(0, max(max(distribution, default=0), 1) * 1.25)


_local = threading.local()


def _thread_chart() -> _Chart:
    """This thread's figure (each worker thread draws on its own: figures are not shared)."""
    chart = getattr(_local, "chart", None)
    if chart is None:
        chart = _local.chart = _Chart()
    return chart
