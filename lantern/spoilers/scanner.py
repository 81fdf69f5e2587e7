"""Find spoiler terms a reader would see: outside `||...||` tags and code, whole words only.

One Aho-Corasick automaton per term list scans the canonical text in a single pass, so the
cost grows with the message length, not with the number of terms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from lantern.spoilers.markdown import hidden_spans
from lantern.spoilers.normalize import SEPARATOR, canonical_text, normalize, normalize_term


@dataclass(frozen=True, order=True)
class SpoilerHit:
    """A spoiler term found at `text[start:end]` of the ORIGINAL message."""

    start: int
    end: int
    term: str


class SpoilerScanner:
    """Built once per term list (cheap to keep, rebuild when the list changes)."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        self.terms: tuple[str, ...] = ()
        kept: list[str] = []
        for term in terms:
            canonical = normalize_term(term)
            key = f"{SEPARATOR}{canonical}{SEPARATOR}"
            if not canonical or key in self._automaton:
                continue
            # The framing separators make every match a whole-word match.
            self._automaton.add_word(key, (term, len(key)))
            kept.append(term)
        self.terms = tuple(kept)
        if kept:
            self._automaton.make_automaton()

    def scan(self, text: str) -> list[SpoilerHit]:
        """Every visible occurrence of a term, as spans of `text`, sorted by position."""
        if not self.terms or not text:
            return []
        hidden = hidden_spans(text)
        if not hidden and next(self._automaton.iter(canonical_text(text)), None) is None:
            return []  # the common case: no term at all, no need to map positions back
        folded = normalize(text, hidden)
        hits = set()
        for last, (term, length) in self._automaton.iter(folded.text):
            # Drop the framing separators: the span starts after one and ends before one.
            start, end = folded.original_span(last - length + 2, last)
            hits.add(SpoilerHit(start, end, term))
        return sorted(hits)

    def has_spoiler(self, text: str) -> bool:
        return bool(self.scan(text))
