"""Which characters a piece of text mentions, and finding a character from what a user typed.

Everything film-specific comes from the pack: names, aliases and the descriptions the review
uses for a character ("the man in the grey vest").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from lantern.errors import LanternError
from lantern.pack import Character
from lantern.quotes.text import normalize_quotes

SUGGESTION_CUTOFF = 55  # rapidfuzz WRatio score below which a name is not worth suggesting


class UnknownCharacter(LanternError):
    def __init__(self, typed: str, suggestions: Sequence[str]) -> None:
        self.suggestions = tuple(suggestions)
        hint = f" Did you mean {_or_list(suggestions)}?" if suggestions else ""
        super().__init__(f"There is no such character in the film.{hint}")


class AmbiguousCharacter(LanternError):
    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        super().__init__(
            f"More than one character starts like that: {_or_list(names)}. Type more of the name."
        )


def _or_list(names: Sequence[str]) -> str:
    shown = [f"**{name}**" for name in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def character_phrases(character: Character) -> tuple[str, ...]:
    """Every way the character may be named: name, aliases, descriptions, typed short names."""
    return (character.name, *character.aliases, *character.descriptions, *character.short_names)


class CharacterTagger:
    """Finds mentions of the pack's characters, whole words only, ignoring case and curly quotes."""

    def __init__(self, characters: Iterable[Character]) -> None:
        owners: dict[str, str] = {}
        for character in characters:
            for phrase in character_phrases(character):
                owners.setdefault(_fold(phrase), character.id)
        # Longest first, so "the man in the black suit" wins over any shorter phrase inside it.
        phrases = sorted(owners, key=len, reverse=True)
        self._owners = owners
        self._pattern = _phrase_pattern(phrases) if phrases else None

    def tag(self, text: str) -> tuple[str, ...]:
        """Ids of the characters mentioned in `text`, in order of first mention."""
        if self._pattern is None:
            return ()
        found: list[str] = []
        for match in self._pattern.finditer(_fold(text)):
            owner = self._owners[_collapse(match.group(0))]
            if owner not in found:
                found.append(owner)
        return tuple(found)


def _phrase_pattern(phrases: Sequence[str]) -> re.Pattern[str]:
    alternatives = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _fold(text: str) -> str:
    return _collapse(normalize_quotes(text).casefold())


def _fold_accents(text: str) -> str:
    """`_fold` without accents, so "xiáo" finds "Xiao Mei" (lookups only; tagging stays exact)."""
    decomposed = unicodedata.normalize("NFKD", _fold(text))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _collapse(text: str) -> str:
    return " ".join(text.split())


def find_character(characters: Sequence[Character], typed: str) -> Character | None:
    """A character by id, name, alias or description, ignoring case, spacing and curly quotes."""
    wanted = _fold(typed)
    for character in characters:
        if wanted in {character.id, *(_fold(p) for p in character_phrases(character))}:
            return character
    return None


def resolve_character(characters: Sequence[Character], typed: str) -> Character:
    """The character `typed` names, or `UnknownCharacter` with the closest names as suggestions."""
    found = find_character(characters, typed)
    if found is not None:
        return found
    starting = characters_by_prefix(characters, typed)
    if len(starting) == 1:
        return starting[0]
    if starting:
        raise AmbiguousCharacter([character.name for character in starting])
    raise UnknownCharacter(typed, suggest_characters(characters, typed))


def characters_by_prefix(characters: Sequence[Character], typed: str) -> list[Character]:
    """Characters with a name, alias or description in which `typed` starts at a word: "xiao"
    and "mei" find "Xiao Mei", "grey" finds "the man in the grey vest"; "ei" finds nothing."""
    wanted = _fold_accents(typed)
    if not wanted:
        return []
    return [
        character
        for character in characters
        if any(_starts_a_word(wanted, _fold_accents(p)) for p in character_phrases(character))
    ]


def _starts_a_word(wanted: str, phrase: str) -> bool:
    return any(phrase.startswith(wanted, match.start()) for match in re.finditer(r"\w+", phrase))


def suggest_characters(characters: Sequence[Character], typed: str, limit: int = 3) -> list[str]:
    """Names of the characters whose name, alias or description is closest to `typed`."""
    if not typed.strip():
        return [character.name for character in characters][:limit]
    # Imported on the first miss only: rapidfuzz's native code is ~2.5 MiB of a ~55 MiB bot,
    # and most lookups hit a name or alias directly.
    from rapidfuzz import fuzz, process

    by_phrase = {
        _fold(phrase): character.name
        for character in characters
        for phrase in (character.id, *character_phrases(character))
    }
    matches = process.extract(
        _fold(typed)[:200], list(by_phrase), scorer=fuzz.WRatio, limit=len(by_phrase)
    )
    names: list[str] = []
    for phrase, score, _ in matches:
        name = by_phrase[phrase]
        if score >= SUGGESTION_CUTOFF and name not in names:
            names.append(name)
    return names[:limit]


def character_choices(
    characters: Sequence[Character], typed: str, limit: int = 25
) -> list[Character]:
    """Characters for autocomplete: every one when nothing is typed, else those that match."""
    wanted = _fold(typed)
    if not wanted:
        return list(characters)[:limit]
    direct = [
        c for c in characters if any(wanted in _fold(p) for p in (c.id, *character_phrases(c)))
    ]
    if direct:
        return direct[:limit]
    suggested = suggest_characters(characters, typed, limit)
    return [c for name in suggested for c in characters if c.name == name][:limit]
