"""Fill-in-the-blank questions generated from review sentences that name a character or object.

The name is blanked out of the sentence and the wrong choices are other names of the same kind
(other characters, other pieces of clothing, other colours...). A sentence that overlaps a
spoiler passage makes a spoiler question. Objects come from the `[blanks.*]` groups of
`trivia.toml`; characters from `film.toml`.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterator, Sequence

from lantern.pack import BlankGroup, FilmPack, Question
from lantern.quotes.index import QuoteIndex
from lantern.quotes.model import Quote

BLANK = "_____"
MAX_SENTENCE = 300  # longer sentences make unwieldy prompts
MIN_SENTENCE = 30  # shorter ones give too little context to guess from
WRONG_CHOICES = 4
CHARACTERS = "characters"  # the kind (and category) of the group made from film.toml's characters


def load_term_groups(pack: FilmPack) -> list[BlankGroup]:
    """Names of one kind per group: blanking one, the others are its wrong choices."""
    characters = tuple(character.name for character in pack.characters)
    return [BlankGroup(CHARACTERS, CHARACTERS, characters), *pack.blank_groups]


def _difficulty(group: BlankGroup) -> str:
    # Character names are few and everywhere in the review; objects are easier to forget.
    return "easy" if group.kind == CHARACTERS else "medium"


def term_pattern(term: str) -> re.Pattern[str]:
    """Whole words only: "red" must not blank the middle of "scarred"."""
    return re.compile(rf"(?<![\w’'-]){re.escape(term)}(?![\w-])", re.IGNORECASE)


def generate_blanks(pack: FilmPack) -> list[Question]:
    # The quote index already holds every review sentence with its spoiler flag, built once.
    sentences = QuoteIndex.for_pack(pack).sentences
    questions = []
    for group in load_term_groups(pack):
        for sentence in sentences:
            if not MIN_SENTENCE <= len(sentence.text) <= MAX_SENTENCE:
                continue
            questions.extend(_blanks_in(sentence, group))
    return questions


def _blanks_in(sentence: Quote, group: BlankGroup) -> Iterator[Question]:
    for term in group.terms:
        pattern = term_pattern(term)
        if not pattern.search(sentence.text):
            continue
        wrong = _wrong_choices(term, group.terms, sentence, f"{sentence.id}:{term}")
        if len(wrong) < 3:
            continue
        yield Question(
            id=f"blank:{sentence.id}:{_slug(term)}",
            prompt=f"Fill in the blank: “{pattern.sub(BLANK, sentence.text)}”",
            answer=_display(term, group),
            aliases=(),
            wrong=tuple(_display(choice, group) for choice in wrong),
            difficulty=_difficulty(group),
            spoiler=sentence.spoiler,
            source=sentence.text,
            category=group.category,
            generated=True,
        )


def _wrong_choices(term: str, terms: Sequence[str], sentence: Quote, seed: str) -> list[str]:
    """Other terms of the group, leaving out any that share a word with the answer ("jade
    fragment" for "jade bangle") or already appear in the sentence (they would read oddly)."""
    words = set(term.casefold().split())
    candidates = [
        other
        for other in terms
        if other != term
        and not words & set(other.casefold().split())
        and not term_pattern(other).search(sentence.text)
    ]
    # Seeded by the question, so the same question always offers the same choices.
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    rng.shuffle(candidates)
    return candidates[:WRONG_CHOICES]


def _display(term: str, group: BlankGroup) -> str:
    return term if group.kind == CHARACTERS else term[0].upper() + term[1:]


def _slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")
