"""Discord-flavoured markdown for review text, without importing discord; shared by every
feature (quotes, trivia, spoilers).

The review's own `*italics*` become `_italics_` so bold hit words (`**word**`) can sit inside
them unambiguously; everything else that markdown would interpret is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

ITALIC_SPAN = re.compile(r"\*([^*\n]+?)\*")
MARKDOWN_SPECIALS = re.compile(r"([\\*_~`|>\[\]#])")


def escape_markdown(text: str) -> str:
    """Backslash-escape markdown characters, including each `|` so `||` cannot open a spoiler."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", text)


def review_markdown(text: str, hits: Sequence[tuple[int, int]] = ()) -> str:
    """`text` from the review as markdown: its italics kept, `hits` in bold, the rest escaped."""
    italic_ranges = [(m.start(), m.end()) for m in ITALIC_SPAN.finditer(text)]
    pieces: list[str] = []
    cursor = 0
    for start, end in italic_ranges:
        pieces.append(_bold_hits(text, cursor, start, hits))
        pieces.append("_" + _bold_hits(text, start + 1, end - 1, hits) + "_")
        cursor = end
    pieces.append(_bold_hits(text, cursor, len(text), hits))
    return "".join(pieces)


def _bold_hits(text: str, start: int, end: int, hits: Sequence[tuple[int, int]]) -> str:
    pieces: list[str] = []
    cursor = start
    for hit_start, hit_end in sorted(hits):
        hit_start, hit_end = max(hit_start, cursor), min(hit_end, end)
        if hit_start >= hit_end:
            continue
        pieces.append(escape_markdown(text[cursor:hit_start]))
        pieces.append("**" + escape_markdown(text[hit_start:hit_end]) + "**")
        cursor = hit_end
    pieces.append(escape_markdown(text[cursor:end]))
    return "".join(pieces)


def spoiler(markdown: str) -> str:
    """Hide already-escaped markdown behind a spoiler tag."""
    return f"||{markdown}||"


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:—-") + "…"


@dataclass(frozen=True)
class SpoilerMode:
    """Where spoilers may be shown. In a spoiler channel they are included and shown plainly
    (unless the user asked for `spoilers:false`); elsewhere they are left out unless the user
    asked for `spoilers:true`, and then hidden behind `||...||`."""

    in_spoiler_channel: bool
    requested: bool | None = None  # the command's `spoilers` option, if given

    @property
    def include(self) -> bool:
        return self.in_spoiler_channel if self.requested is None else self.requested

    def show(self, is_spoiler: bool, markdown: str) -> str:
        """`markdown` as it may appear here: wrapped when it is a spoiler outside spoiler channels."""
        return spoiler(markdown) if is_spoiler and not self.in_spoiler_channel else markdown
