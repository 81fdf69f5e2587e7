"""Discord-flavoured markdown for review text, without importing discord.

The review's own `*italics*` become `_italics_` so bold hit words (`**word**`) can sit inside
them unambiguously; everything else that markdown would interpret is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lantern.quotes.text import ITALIC_SPAN
from lantern.wording import count

if TYPE_CHECKING:
    from lantern.pack import FilmPack
    from lantern.quotes.model import Quote

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


# Quotes as markdown, shared by /quote and /film.


def quote_markdown(quote: Quote, hits: Sequence[tuple[int, int]] = ()) -> str:
    """A quote's text as markdown; film lines in italics, like the review sets them."""
    if quote.is_film_line:
        return review_markdown(f"*{quote.text}*", [(a + 1, b + 1) for a, b in hits])
    return review_markdown(quote.text, hits)


def character_names(pack: FilmPack, ids: Sequence[str]) -> str:
    """The characters' names, comma-separated; a dash when there are none."""
    return ", ".join(pack.character(c).name for c in ids) or "—"


def line_label(quote: Quote) -> str:
    """The card's heading for whose line it is, saying only what the review says: a line
    conveyed by a smile or a nod was never spoken."""
    return "Spoken by" if quote.spoken else "Conveyed by (unspoken)"


def said_by(pack: FilmPack, quote: Quote) -> str:
    """Whose line it is and the review's words for how: `**Uncle Feng** (his voice was low…)`."""
    return f"**{_speaker(pack, quote)}**{_how(quote)}"


def line_entry(pack: FilmPack, quote: Quote) -> str:
    """One film line, whose it is and how: `_I see you now._ — **Jingwen**, unspoken (she smiles)`."""
    delivery = "spoken" if quote.spoken else "unspoken"
    return f"{quote_markdown(quote)} — **{_speaker(pack, quote)}**, {delivery}{_how(quote)}"


def _speaker(pack: FilmPack, quote: Quote) -> str:
    return pack.character(quote.speaker).name if quote.speaker else "someone"


def _how(quote: Quote) -> str:
    return f" ({review_markdown(quote.how)})" if quote.how else ""


def line_entries(pack: FilmPack, lines: Sequence[Quote], mode: SpoilerMode) -> list[str]:
    """Film lines, one entry each; spoiler lines left out (with a closing note) or wrapped per
    `mode`. A list, so callers can join them or keep whole entries within a length limit."""
    entries = [
        mode.show(q.spoiler, line_entry(pack, q)) for q in lines if mode.include or not q.spoiler
    ]
    hidden = sum(1 for q in lines if q.spoiler and not mode.include)
    if hidden:
        what = count(hidden, "more line is a spoiler", "more lines are spoilers")
        them = "it" if hidden == 1 else "them"
        entries.append(f"_{what}: add `spoilers:True` to see {them} behind a spoiler tag._")
    return entries
