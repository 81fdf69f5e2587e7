"""Quotes as markdown, shared by /quote and /film: film lines in italics, who says them and
how, spoiler lines left out or wrapped per the spoiler mode. Plain Python, no discord."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lantern.markdown import SpoilerMode, review_markdown
from lantern.wording import count

if TYPE_CHECKING:
    from lantern.pack import FilmPack
    from lantern.quotes.model import Quote


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
