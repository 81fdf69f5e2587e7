"""Random picks that never repeat the quote a channel saw last."""

from __future__ import annotations

import random
from collections.abc import Sequence

from lantern.errors import LanternError
from lantern.quotes.model import Quote


class NoQuoteFound(LanternError):
    pass


def pick_random(
    candidates: Sequence[Quote], avoid: str | None, rng: random.Random | None = None
) -> Quote:
    """A random candidate other than `avoid` (the channel's previous quote)."""
    if not candidates:
        raise NoQuoteFound("No quote matches that. Try another character or kind.")
    fresh = [quote for quote in candidates if quote.id != avoid]
    if not fresh:
        raise NoQuoteFound(
            "The only quote that matches was the last one posted here. "
            "Try another character or kind."
        )
    return (rng or random).choice(fresh)
