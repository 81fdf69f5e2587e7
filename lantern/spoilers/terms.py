"""Guild spoiler terms: validation, and one cached scanner per distinct term list."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lantern.errors import LanternError
from lantern.spoilers.claims import COMMON_WORDS, STOP_WORDS, word_key
from lantern.spoilers.normalize import normalize_term
from lantern.spoilers.policy import MAX_GUILD_TERMS, MAX_TERM_LENGTH
from lantern.spoilers.scanner import SpoilerScanner


@dataclass(frozen=True)
class CleanTerm:
    term: str  # as the moderator wrote it, whitespace collapsed
    canonical: str  # the scanner's folded form, the identity of the term


def clean_term(raw: str) -> CleanTerm:
    term = " ".join(raw.split())
    if len(term) > MAX_TERM_LENGTH:
        raise LanternError(f"A term can be at most {MAX_TERM_LENGTH} characters long.")
    canonical = normalize_term(term)
    if not canonical:
        raise LanternError("A term needs at least one letter or digit.")
    return CleanTerm(term, canonical)


def is_default_term(canonical: str, defaults: Iterable[str]) -> bool:
    return any(normalize_term(default) == canonical for default in defaults)


def check_addable(term: CleanTerm, defaults: Iterable[str], guild_term_count: int) -> None:
    """Refuse a term the film pack already has, or one more than a guild may keep."""
    if is_default_term(term.canonical, defaults):
        raise LanternError(f"“{term.term}” is already one of the film's default terms.")
    if guild_term_count >= MAX_GUILD_TERMS:
        raise LanternError(f"This server already has {MAX_GUILD_TERMS} terms: remove some.")


MIN_TERM_LETTERS = 3  # "ok", "li": too short to mean one thing


@dataclass(frozen=True)
class TermCheck:
    """How a new term fares on ordinary chat: `flagged` of the `tried` clean messages of the
    evaluation corpus would have been flagged; `example` is one of them."""

    flagged: int
    tried: int
    example: str | None = None


def check_ordinary(term: CleanTerm, clean_messages: Sequence[str]) -> TermCheck:
    """Refuse a term that would catch ordinary chat on its own: only function words ("the",
    "it was"), one very common word ("time"), or too short; otherwise count the clean messages
    it would flag."""
    keys = [word_key(word) for word in term.canonical.split()]
    if all(key in STOP_WORDS for key in keys) or (len(keys) == 1 and keys[0] in COMMON_WORDS):
        raise LanternError(
            f"“{term.term}” is made of everyday words only: it would flag ordinary chat. "
            "Add a longer phrase that only a spoiler would use."
        )
    if len(term.canonical.replace(" ", "")) < MIN_TERM_LETTERS:
        raise LanternError(
            f"“{term.term}” is too short: it would flag ordinary chat. Add a longer phrase."
        )
    scanner = SpoilerScanner([term.term])
    flagged = [text for text in clean_messages if scanner.scan(text)]
    return TermCheck(len(flagged), len(clean_messages), flagged[0] if flagged else None)


class ScannerCache:
    """Scanners keyed by their exact term list; a guild's edit simply builds a new one."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._scanners: OrderedDict[tuple[tuple[str, ...], bool], SpoilerScanner] = OrderedDict()

    def get(self, terms: Iterable[str], also_anchor: Sequence[bytes] = ()) -> SpoilerScanner:
        """`also_anchor` is the same for every caller of one cache (the film's twists), so
        whether it is given is all the key needs of it."""
        key = (tuple(terms), bool(also_anchor))
        scanner = self._scanners.get(key)
        if scanner is None:
            scanner = self._scanners[key] = SpoilerScanner(key[0], also_anchor)
            if len(self._scanners) > self._size:
                self._scanners.popitem(last=False)
        else:
            self._scanners.move_to_end(key)
        return scanner
