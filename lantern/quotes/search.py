"""Turn what a user typed into a safe FTS5 query, and FTS5 highlights into hit spans.

User text never reaches FTS5 syntax: it is cut into plain word tokens and each token is sent
as a quoted string, so `"`, `*`, `NEAR`, `-`, `OR` and `:` are just words or nothing at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lantern.errors import LanternError
from lantern.quotes.text import normalize_quotes

MAX_TOKENS = 12  # more words than any sentence needs; bounds the work a 6000-char paste causes
MAX_TOKEN_LENGTH = 40
# Sentinels FTS5's highlight() puts around hit words; control characters never occur in the review.
HIT_OPEN = "\x02"
HIT_CLOSE = "\x03"
WORD = re.compile(r"\w+")


class EmptyQuery(LanternError):
    def __init__(self) -> None:
        super().__init__("Type a word or two from the review to search for, e.g. `jade bangle`.")


@dataclass(frozen=True)
class MatchQuery:
    """A sanitised FTS5 query in two strictnesses: every word, or any word."""

    tokens: tuple[str, ...]
    prefix_last: bool = False

    def all_words(self) -> str:
        return " ".join(self._terms())

    def any_word(self) -> str:
        return " OR ".join(self._terms())

    def _terms(self) -> list[str]:
        terms = [f'"{token}"' for token in self.tokens]
        if self.prefix_last:
            terms[-1] += "*"
        return terms


def query_tokens(text: str) -> tuple[str, ...]:
    """Plain lowercase word tokens of `text`, at most `MAX_TOKENS`, each at most 40 chars."""
    folded = normalize_quotes(text).casefold()
    tokens = [token[:MAX_TOKEN_LENGTH] for token in WORD.findall(folded)]
    # "_" counts as a word character for \w but FTS5 treats it as a separator.
    tokens = [t for token in tokens for t in token.split("_") if t]
    return tuple(dict.fromkeys(tokens))[:MAX_TOKENS]


def build_match_query(text: str, *, prefix: bool = False) -> MatchQuery:
    """A safe query for `text`; `EmptyQuery` when nothing searchable is left."""
    tokens = query_tokens(text)
    if not tokens:
        raise EmptyQuery()
    return MatchQuery(tokens, prefix_last=prefix)


@dataclass(frozen=True)
class SearchHit:
    quote_id: str
    text: str  # the sentence, verbatim
    hits: tuple[tuple[int, int], ...]  # (start, end) of each hit word within `text`


def parse_highlight(quote_id: str, marked: str) -> SearchHit:
    """Strip FTS5 highlight sentinels from `marked`, remembering where the hit words were."""
    plain: list[str] = []
    hits: list[tuple[int, int]] = []
    length = 0
    opened_at: int | None = None
    for char in marked:
        if char == HIT_OPEN:
            opened_at = length
        elif char == HIT_CLOSE and opened_at is not None:
            hits.append((opened_at, length))
            opened_at = None
        else:
            plain.append(char)
            length += 1
    return SearchHit(quote_id, "".join(plain), tuple(hits))


@dataclass(frozen=True)
class SavedSearch:
    """A search whose result buttons must keep working (across restarts too)."""

    search_id: int  # the interaction id of the /quote search
    guild_id: int | None
    channel_id: int
    owner_id: int  # only they may click its buttons
    query: str
    spoilers: bool | None  # the command's `spoilers` option, if given
