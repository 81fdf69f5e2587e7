"""The distribution chart as PNG bytes. matplotlib is imported at the first chart, not at
start-up (it costs ~0.3 s and tens of MB), and only its object API is used: no pyplot, no global
figure state, so charts may render in worker threads."""

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
    figure_class, canvas_class = _canvas_class()
    figure = figure_class(figsize=(6, 2.6), dpi=100, facecolor=_BACKGROUND)
    canvas_class(figure)
    axes = figure.add_subplot()
    axes.set_facecolor(_BACKGROUND)
    bars = axes.bar(SCORES, distribution, color=_BAR, width=0.7)
    axes.bar_label(bars, labels=[str(n) if n else "" for n in distribution], color=_TEXT)
    axes.set_xticks(SCORES)
    axes.set_xlabel("score", color=_TEXT)
    axes.set_ylabel("members", color=_TEXT)
    axes.set_ylim(0, max(max(distribution, default=0), 1) * 1.25)
    axes.tick_params(colors=_TEXT)
    axes.yaxis.get_major_locator().set_params(integer=True)
    for spine in axes.spines.values():
        spine.set_color(_TEXT)
    # Fixed margins: tight_layout would measure every label first, a third of the time.
    figure.subplots_adjust(left=0.09, right=0.98, top=0.94, bottom=0.18)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=_BACKGROUND)
    return buffer.getvalue()
