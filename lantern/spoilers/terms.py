"""Guild spoiler terms: validation, and one cached scanner per distinct term list."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from lantern.errors import LanternError
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


class ScannerCache:
    """Scanners keyed by their exact term list; a guild's edit simply builds a new one."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._scanners: OrderedDict[tuple[str, ...], SpoilerScanner] = OrderedDict()

    def get(self, terms: Iterable[str]) -> SpoilerScanner:
        key = tuple(terms)
        scanner = self._scanners.get(key)
        if scanner is None:
            scanner = self._scanners[key] = SpoilerScanner(key)
            if len(self._scanners) > self._size:
                self._scanners.popitem(last=False)
        else:
            self._scanners.move_to_end(key)
        return scanner
