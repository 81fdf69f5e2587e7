"""Fold text into a canonical form for matching, remembering where each character came from.

The canonical form keeps letters and digits (compatibility-decomposed, accents stripped,
case-folded), drops invisible characters and apostrophes, and turns every run of anything
else (spaces, punctuation, symbols, markdown) into ONE space. A phrase like "took the fall"
therefore matches "TOOK...the\u200b  f\u00e1ll" but never "tookthefall" or "fallout".

Two disguises are undone as well: letters that look like Latin ones (Cyrillic "к", Greek "ο")
fold to them, and in a word that mixes letters and digits the digits people use for letters
become those letters ("fa11" is "fall", "p3nance" is "penance"); a word of digits alone
("9", "10") stays as it is. Both keep one canonical character per character, so positions
map back unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

SEPARATOR = " "
# Stands for hidden text (a spoiler tag, code): a word boundary no phrase can match across,
# so "took ||...|| the fall" is not "took the fall".
BARRIER = "\x00"

# Characters that render as nothing (or almost nothing) and are used to split words
# invisibly. Most are category Cf; the rest are fillers that Unicode calls letters or marks.
_INVISIBLE_EXTRA = frozenset(
    "\u034f"  # combining grapheme joiner
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers (category Lo, render blank)
    "\u17b4\u17b5"  # Khmer inherent vowels (render blank)
    "\u180b\u180c\u180d\u180e\u180f"  # Mongolian variation selectors / vowel separator
)

# Apostrophe look-alikes are dropped, not turned into a separator: "wasn’t" == "wasn't" == "wasnt".
_APOSTROPHES = frozenset("'\u2018\u2019\u201b\u02bc\u02bb\u02bd\u0060\u00b4\u2032\uff07")


# Letters of other scripts that render like a Latin letter (lowercase: folding casefolds first).
CONFUSABLES = {
    **dict(zip("абвеёкмнорстухіјѕԁһӏ", "abveekmhopctyxijsdhl", strict=True)),  # Cyrillic
    **dict(zip("αβεηικνορτυχ", "abenikvoptux", strict=True)),  # Greek
}
# Digits for letters ("leetspeak"), applied only inside words that also have letters.
_LEET_DIGITS = "013457"
_LEET_LETTERS = "oleast"
_LEET = str.maketrans(_LEET_DIGITS, _LEET_LETTERS)
_MIXED_WORD = re.compile(r"(?=[^\W_]*[^\W\d_])(?=[^\W_]*\d)[^\W_]+")
_DIGIT = re.compile(r"\d")


def undo_leet(folded: str) -> str:
    """Folded text with the letter-digits of mixed words turned into letters."""
    if not _DIGIT.search(folded):
        return folded
    return _MIXED_WORD.sub(lambda m: m.group().translate(_LEET), folded)


_DIGIT_CHARS = "0123456789"
# The ASCII fast path folds each digit to a marker byte (0x80 + the digit), so "no digit at all"
# is `isascii()`, a C scan of a few bytes a step; markers are turned back below.
_MARKERS = bytes(range(0x80, 0x8A))
_MARKER_LEET = bytes.maketrans(
    _MARKERS,
    "".join(
        dict(zip(_LEET_DIGITS, _LEET_LETTERS, strict=True)).get(d, d) for d in _DIGIT_CHARS
    ).encode(),
)
_MARKER_DIGITS = bytes.maketrans(_MARKERS, _DIGIT_CHARS.encode())
_MIXED_MARKED = re.compile(
    rb"(?<![a-z\x80-\x89])(?=[a-z\x80-\x89]*[a-z])(?=[a-z\x80-\x89]*[\x80-\x89])[a-z\x80-\x89]+"
)


def undo_leet_markers(folded: bytes) -> bytes:
    """`undo_leet` for the ASCII fast path's folded bytes, whose digits are markers: in mixed
    words they become letters, elsewhere digits again."""
    if folded.isascii():
        return folded  # no digit: most chat
    mixed = _MIXED_MARKED.sub(lambda m: m.group().translate(_MARKER_LEET), folded)
    return mixed.translate(_MARKER_DIGITS)


@dataclass(frozen=True)
class NormalizedText:
    """`text` is the canonical form; `starts[i]`/`ends[i]` locate its character i in the original."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the canonical half-open span [start, end) back to the original text."""
        return self.starts[start], self.ends[end - 1]


def is_invisible(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cf" or char in _INVISIBLE_EXTRA:
        return True
    # Variation selectors (VS1-16 and the supplement) are marks; so are stray combining accents.
    return category in ("Mn", "Me")


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """The canonical letters/digits for one original character; "" when it vanishes, " " when
    it separates words."""
    if char in _APOSTROPHES or is_invisible(char):
        return ""
    folded = []
    for part in unicodedata.normalize("NFKD", char):
        if part in _APOSTROPHES or is_invisible(part):
            continue
        for piece in unicodedata.normalize("NFKD", part.casefold()):
            if is_invisible(piece):
                continue
            piece = CONFUSABLES.get(piece, piece)
            folded.append(piece if piece.isalnum() else SEPARATOR)
    return "".join(folded)


def normalize(text: str, hidden: list[tuple[int, int]] | None = None) -> NormalizedText:
    """Canonical form of `text`, framed by separators so every word has a boundary on both
    sides. Each `hidden` span (spoiler tag, code) becomes one barrier between separators."""
    builder = _Builder()
    hidden_iter = iter(sorted(hidden or []))
    next_hidden = next(hidden_iter, None)
    index = 0
    while index < len(text):
        if next_hidden is not None and index >= next_hidden[0]:
            builder.barrier(index, max(next_hidden[1], index + 1))
            index = max(next_hidden[1], index + 1)
            next_hidden = next(hidden_iter, None)
            continue
        builder.add(fold_char(text[index]), index)
        index += 1
    builder.separator(len(text), len(text))
    return builder.build()


def visible_pieces(text: str, hidden: list[tuple[int, int]]) -> list[str]:
    """The runs of `text` that `normalize(text, hidden)` folds, i.e. not behind a barrier.

    Steps through the spans exactly as `normalize` does (sorted; a span hides at least one
    character; overlapping spans merge), so the pieces are the text between its barriers."""
    pieces: list[str] = []
    index = 0
    for start, end in sorted(hidden):
        if start > index:
            pieces.append(text[index:start])
            index = start
        index = max(end, index + 1)
    pieces.append(text[index:])
    return pieces


class _FoldTable(dict[int, str]):
    """`str.translate` table that folds each character the first time it is seen."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()
_ASCII_FOLD = bytes(
    0x80 + int(c) if c.isdigit() else ord(c.lower()) if c.isalnum() else ord(SEPARATOR)
    for c in map(chr, range(128))
) + bytes(128)
_ASCII_DROPPED = b"'`"  # apostrophes vanish, as in fold_char
_SEPARATOR_BYTE = SEPARATOR.encode()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_LAST_LOOSE: tuple[str | None, bytes | None] = (None, None)


def canonical_text(text: str) -> str:
    """`normalize(text).text` without the position map, for text with no hidden spans.

    The map is only needed to report where a hit is; most messages have none, so the scanner
    checks this cheap form first (C-level translate instead of a Python step per character)."""
    loose = loose_ascii_words(text)
    return unicode_canonical_text(text) if loose is None else collapse_separators(loose.decode())


def unicode_canonical_text(text: str) -> str:
    """`canonical_text` for text whose canonical form is not ASCII: every character through the
    fold table (still C-level `translate`, each distinct character folded once)."""
    return undo_leet(collapse_separators(text.translate(_FOLD_TABLE)))


def loose_ascii_words(text: str) -> bytes | None:
    """The canonical words of `text` with every separator kept (runs NOT collapsed), framed by
    separators; None when the canonical form is not ASCII.

    Each canonical word appears here as `SEPARATOR word SEPARATOR`, so a whole-word search
    needs no collapsing, the costly step for a long message. The guild's terms and the film's
    twists both ask for the same message in a row: the last answer is kept (for that very
    string object, which the kept pair holds on to, so its identity can't be reused)."""
    global _LAST_LOOSE
    last = _LAST_LOOSE
    if last[0] is text:
        return last[1]
    loose = _loose_ascii_words(text)
    _LAST_LOOSE = (text, loose)
    return loose


def _loose_ascii_words(text: str) -> bytes | None:
    if not text.isascii():
        # Chat is mostly ASCII with a few curly quotes or accents: fold just those first. When
        # that leaves ASCII (folded output is lowercase letters, digits and separators, which
        # fold to themselves) the byte path below applies.
        text = _NON_ASCII.sub(_fold_match, text)
        if not text.isascii():
            return None
    folded = undo_leet_markers(text.encode().translate(_ASCII_FOLD, _ASCII_DROPPED))
    return _SEPARATOR_BYTE + folded + _SEPARATOR_BYTE


def collapse_separators(folded: str) -> str:
    """Folded text (letters, digits and SEPARATOR only, as `loose_ascii_words` gives) made
    canonical: runs of separators collapsed to one, framed by separators. split() splits
    exactly on separator runs because folded text holds no other whitespace."""
    words = folded.split()
    return f"{SEPARATOR}{SEPARATOR.join(words)}{SEPARATOR}" if words else SEPARATOR


def _fold_match(match: re.Match[str]) -> str:
    return fold_char(match.group())


def normalize_term(term: str) -> str:
    """The canonical form of a spoiler term without its framing separators ("" if it has no
    letters or digits)."""
    return normalize(term).text.strip(SEPARATOR)


class _Builder:
    def __init__(self) -> None:
        self.chars: list[str] = [SEPARATOR]
        self.starts: list[int] = [0]
        self.ends: list[int] = [0]

    def add(self, folded: str, index: int) -> None:
        if not folded:
            # An invisible character inside a word belongs to that word's span.
            if self.chars[-1] != SEPARATOR:
                self.ends[-1] = index + 1
            return
        for char in folded:
            if char == SEPARATOR:
                self.separator(index, index + 1)
            else:
                self.chars.append(char)
                self.starts.append(index)
                self.ends.append(index + 1)

    def separator(self, start: int, end: int) -> None:
        if self.chars[-1] == SEPARATOR:
            self.ends[-1] = max(self.ends[-1], end)
            return
        self.chars.append(SEPARATOR)
        self.starts.append(start)
        self.ends.append(end)

    def barrier(self, start: int, end: int) -> None:
        self.separator(start, end)
        self.chars.append(BARRIER)
        self.starts.append(start)
        self.ends.append(end)
        self.separator(start, end)

    def build(self) -> NormalizedText:
        text = undo_leet("".join(self.chars))
        return NormalizedText(text, tuple(self.starts), tuple(self.ends))
