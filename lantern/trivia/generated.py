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
from dataclasses import dataclass

from lantern.pack import FilmPack, Question
from lantern.quotes.text import Sentence, split_review, spoiler_sentence_ids

BLANK = "_____"
MAX_SENTENCE = 300  # longer sentences make unwieldy prompts
MIN_SENTENCE = 30  # shorter ones give too little context to guess from
WRONG_CHOICES = 4


@dataclass(frozen=True)
class TermGroup:
    """Names of one kind: blanking one, the others are its wrong choices."""

    kind: str
    category: str
    difficulty: str
    terms: tuple[str, ...]


def load_term_groups(pack: FilmPack) -> list[TermGroup]:
    characters = tuple(character.name for character in pack.characters)
    groups = [TermGroup("characters", "characters", "easy", characters)]
    return groups + [
        TermGroup(group.kind, group.category, "medium", group.terms) for group in pack.blank_groups
    ]


def term_pattern(term: str) -> re.Pattern[str]:
    """Whole words only: "red" must not blank the middle of "scarred"."""
    return re.compile(rf"(?<![\w’'-]){re.escape(term)}(?![\w-])", re.IGNORECASE)


def generate_blanks(pack: FilmPack) -> list[Question]:
    sentences = split_review(pack.review_text)
    spoilers = spoiler_sentence_ids(sentences, pack.review_text, pack.spoiler_passages)
    questions = []
    for group in load_term_groups(pack):
        for sentence in sentences:
            if not MIN_SENTENCE <= len(sentence.text) <= MAX_SENTENCE:
                continue
            questions.extend(_blanks_in(sentence, group, sentence.id in spoilers))
    return questions


def _blanks_in(sentence: Sentence, group: TermGroup, spoiler: bool) -> Iterator[Question]:
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
            difficulty=group.difficulty,
            spoiler=spoiler,
            source=sentence.text,
            category=group.category,
            generated=True,
        )


def _wrong_choices(term: str, terms: Sequence[str], sentence: Sentence, seed: str) -> list[str]:
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


def _display(term: str, group: TermGroup) -> str:
    return term if group.kind == "characters" else term[0].upper() + term[1:]


def _slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")
