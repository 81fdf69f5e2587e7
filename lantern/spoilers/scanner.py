"""Find spoiler terms a reader would see: outside `||...||` tags and code, whole words only.

One Aho-Corasick automaton per term list scans the canonical text in a single pass, so the
cost grows with the message length, not with the number of terms. Most messages contain no
term at all, and for those a second, smaller automaton decides without building the canonical
text: it looks for one word of each term (its longest) as a whole word of the message. A
message without any of those words cannot contain any term; one with such a word is checked
against the canonical text before any position is mapped back. A message with hidden spans
(spoiler tags, code) gets the same check on each piece of text a reader sees.

Most guilds keep a short list (the film's own terms and a few of their own). For up to
`SIMD_PATTERNS` words, ahocorasick-rs's leftmost search runs a SIMD prefilter
(Teddy) that skips through chat several times faster than the DFA. Teddy keys on a pattern's
first bytes, which a leading separator (the commonest byte) would spoil, so these anchors are
`word ` without the separator before: "sword " then also passes, which only sends that message
on to the full check. A long list gets one DFA of framed words, the fastest beyond that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ahocorasick_rs import AhoCorasick, BytesAhoCorasick, Implementation, MatchKind

from lantern.spoilers.markdown import hidden_spans
from lantern.spoilers.normalize import (
    SEPARATOR,
    collapse_separators,
    loose_ascii_words,
    normalize,
    normalize_term,
    unicode_canonical_text,
    visible_pieces,
)


@dataclass(frozen=True, order=True)
class SpoilerHit:
    """A spoiler term found at `text[start:end]` of the ORIGINAL message. For a twist of the
    film pack, `term` is its spoiler-free label and `twist` its id."""

    start: int
    end: int
    term: str
    twist: str | None = field(default=None, compare=False)


def framed(words: str) -> str:
    """The separators around a key make every match a whole-word match."""
    return f"{SEPARATOR}{words}{SEPARATOR}"


class SpoilerScanner:
    """Built once per term list (cheap to keep, rebuild when the list changes)."""

    def __init__(self, terms: Iterable[str], also_anchor: Sequence[bytes] = ()) -> None:
        """`also_anchor`: another check's anchors (the film's twists: framed words and word
        starts over the folded text). A long list is searched by a DFA whose cost is per byte,
        not per pattern, so they join it, and `nothing_to_report` then also means "none of
        them" (`covers_also`): one pass over a long message instead of two. A short list keeps
        its SIMD search to itself."""
        by_key: dict[str, str] = {}
        for term in terms:
            canonical = normalize_term(term)
            if canonical:
                by_key.setdefault(framed(canonical), term)
        self.terms: tuple[str, ...] = tuple(by_key.values())
        self._keys = AhoCorasick(list(by_key)) if by_key else None
        self._anchors, self._term_anchors, self.covers_also = _anchor_automaton(by_key, also_anchor)

    def scan(self, text: str, hidden: list[tuple[int, int]] | None = None) -> list[SpoilerHit]:
        """Every visible occurrence of a term, as spans of `text`, sorted by position.

        `hidden` is `hidden_spans(text)` for a caller that already has it; found here if None."""
        if self._keys is None or not text:
            return []
        if hidden is None:
            hidden = hidden_spans(text)
        if not self._visible_text_may_contain_a_term(text, hidden):
            return []  # the common case: no need to map positions back
        folded = normalize(text, hidden)
        hits = {
            # Drop the framing separators: the span starts after one and ends before one.
            SpoilerHit(*folded.original_span(start + 1, end - 1), self.terms[index])
            for index, start, end in self._keys.find_matches_as_indexes(
                folded.text, overlapping=True
            )
        }
        return sorted(hits)

    def nothing_to_report(self, text: str) -> bool:
        """True when `text` has no markup that tags or hides text and certainly no term: what
        most chat is, settled without the canonical text or any position."""
        if "|" in text or "`" in text:
            return False
        return self._keys is None or not self._may_contain_a_term(text)

    def _visible_text_may_contain_a_term(self, text: str, hidden: list[tuple[int, int]]) -> bool:
        """False only when no visible piece of `text` can contain a term.

        Each piece is checked on its own, which never misses a hit of the full path: there a
        hidden span becomes a BARRIER, and a key (letters, digits and separators only) cannot
        match across one, so every hit lies inside one piece; folding is per character, so
        that piece's part of the canonical text is the piece's own canonical text, which the
        check searches. Joining the pieces (even with a BARRIER between them) would not miss a
        hit either, but the cheap fold turns BARRIER into a separator, so a term spanning a
        hidden span would send the message down the slow path for nothing."""
        if not hidden:
            return self._may_contain_a_term(text)
        return any(self._may_contain_a_term(piece) for piece in visible_pieces(text, hidden))

    def _may_contain_a_term(self, text: str) -> bool:
        """False only when `text` (with nothing hidden) certainly contains no term: first by
        the anchors (no canonical text needed), then by the terms in the canonical text."""
        assert self._keys is not None
        loose = loose_ascii_words(text)
        if loose is None:
            canonical = unicode_canonical_text(text)
            if self.covers_also and self._other_anchor_in(canonical.encode()):
                return True
        elif self._anchors is None:
            return False
        else:
            matches = self._anchors.find_matches_as_indexes(loose)
            if not matches:
                return False
            # A match ends on the separator the next word's anchor starts with, so one found
            # next to a term's word may hide behind it: the overlapping search sees it.
            if self.covers_also and self._other_anchor_in(loose):
                return True  # the other check's word: not settled here
            # An anchor is one common word ("given", "know") more often than a whole term.
            canonical = collapse_separators(loose.decode())
        return bool(self._keys.find_matches_as_indexes(canonical))

    def _other_anchor_in(self, folded: bytes) -> bool:
        assert self._anchors is not None
        matches = self._anchors.find_matches_as_indexes(folded, overlapping=True)
        return any(index >= self._term_anchors for index, _, _ in matches)


# Teddy handles at most 64 patterns. Two automata of 64 would beat the DFA on long messages
# but lose on short ones (each search has its own start-up cost), and chat is mostly short.
SIMD_PATTERNS = 64


def _anchor_automaton(
    keys: Iterable[str], also: Sequence[bytes]
) -> tuple[BytesAhoCorasick | None, int, bool]:
    """(automaton, how many of its patterns are this list's, whether `also` joined it).

    Each term's longest word, for messages whose canonical form is ASCII: a term with other
    characters can never appear in such a message, so it needs no anchor. SIMD-searched for a
    short list; else a DFA of framed words (about 0.8 MiB for a guild's 1,000 terms), which
    `also` joins."""
    words = sorted({max(key.split(), key=len) for key in keys if key.isascii()})
    if not words:
        return None, 0, False
    if len(words) <= SIMD_PATTERNS:
        patterns = [f"{word}{SEPARATOR}".encode() for word in words]
        return BytesAhoCorasick(patterns, matchkind=MatchKind.LeftmostFirst), len(words), False
    patterns = [framed(word).encode() for word in words] + list(also)
    return separator_keyed_dfa(patterns), len(words), bool(also)


# Bytes that folded text never holds (controls fold to the separator), so these keys never match.
_DECOY_KEYS = tuple(bytes([byte, byte]) for byte in range(1, 5))


def separator_keyed_dfa(patterns: list[bytes]) -> BytesAhoCorasick:
    """A DFA for keys that all begin with the separator. Given such keys, aho-corasick picks a
    one-byte prefilter (memchr of that byte) and, since chat has a separator every few bytes,
    stops and restarts at each one: 27 instructions a byte instead of 16 for 2,000 characters
    (callgrind). Decoy keys of other first bytes, which never match, keep that prefilter off;
    they come after `patterns`, so every index a caller knows stays the same."""
    return BytesAhoCorasick([*patterns, *_DECOY_KEYS], implementation=Implementation.DFA)
