"""Fill-in-the-blank questions generated from review sentences that name a character or object.

The name is blanked out of a quote unit (a sentence with the ones that qualify it) and the wrong
choices are other names of the same kind (other characters, other pieces of clothing, other
colours...). A sentence that overlaps a spoiler passage makes a spoiler question. Objects come
from the `[blanks.*]` groups of `trivia.toml`; characters from `film.toml`.

A blank is fair or not made at all (see `blank_problem`): never in a question ("a _____?") or in
a sentence the review denies next ("No. It's a jade fragment"), never without a clue (enough
other content words), and its wrong choices are neither what the review also calls the answer
(`[same_things]`) nor of another grammatical number ("on a _____" with "Streets"). Its
difficulty is the hand-written twin's (same answer, same passage) or else `rated_difficulty`.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterator, Sequence

from lantern.pack import BlankGroup, FilmPack, Question
from lantern.pack.fairness import (
    content_words,
    is_plural,
    mentions,
    rated_difficulty,
    review_mentions,
    same_thing,
)
from lantern.quotes.index import QuoteIndex
from lantern.quotes.model import Quote
from lantern.quotes.text import DENIALS, split_review, starts_with

BLANK = "_____"
MAX_SENTENCE = 300  # longer sentences make unwieldy prompts
MIN_SENTENCE = 30  # shorter ones give too little context to guess from
MIN_CLUE_WORDS = (
    4  # content words besides the blank: "And then there's _____'s final moment." has 2
)
WRONG_CHOICES = 4
CHARACTERS = "characters"  # the kind (and category) of the group made from film.toml's characters


def load_term_groups(pack: FilmPack) -> list[BlankGroup]:
    """Names of one kind per group: blanking one, the others are its wrong choices."""
    characters = tuple(character.name for character in pack.characters)
    return [BlankGroup(CHARACTERS, CHARACTERS, characters), *pack.blank_groups]


def term_pattern(term: str) -> re.Pattern[str]:
    """Whole words only: "red" must not blank the middle of "scarred"."""
    return re.compile(rf"(?<![\w’'-]){re.escape(term)}(?![\w-])", re.IGNORECASE)


def generate_blanks(pack: FilmPack) -> list[Question]:
    # The quote index already holds every review unit with its spoiler flag, built once.
    units = QuoteIndex.for_pack(pack).sentences
    questions = []
    for group in load_term_groups(pack):
        for unit in units:
            if not MIN_SENTENCE <= len(unit.text) <= MAX_SENTENCE:
                continue
            questions.extend(_blanks_in(pack, unit, group))
    return questions


def blank_problem(unit_text: str, term: str, people: Sequence[str] = ()) -> str | None:
    """Why `term` must not be blanked in `unit_text`, or None when the blank is fair."""
    parts = [part.text for part in split_review(unit_text)]
    pattern = term_pattern(term)
    holders = [i for i, part in enumerate(parts) if pattern.search(part)]
    if not holders:
        return "not in the text"
    at = holders[0]
    if parts[at].rstrip("*”’\"' ").endswith("?"):
        return "a question, not a statement"
    if at + 1 < len(parts) and starts_with(parts[at + 1], DENIALS):
        return "the review denies it next"
    clue = content_words(pattern.sub(" ", unit_text)) - {
        word for name in people for word in content_words(name)
    }
    if len(clue) < MIN_CLUE_WORDS:
        return "too little clue around the blank"
    return None


def _blanks_in(pack: FilmPack, unit: Quote, group: BlankGroup) -> Iterator[Question]:
    people = [character.name for character in pack.characters]
    for term in group.terms:
        pattern = term_pattern(term)
        if not pattern.search(unit.text) or blank_problem(unit.text, term, people):
            continue
        wrong = _wrong_choices(term, group.terms, unit, pack.same_things, f"{unit.id}:{term}")
        if len(wrong) < 3:
            continue
        yield Question(
            id=f"blank:{unit.id}:{_slug(term)}",
            prompt=f"Fill in the blank: “{pattern.sub(BLANK, unit.text)}”",
            answer=_display(term, group),
            aliases=(),
            wrong=tuple(_display(choice, group) for choice in wrong),
            difficulty=blank_difficulty(pack, unit.text, term),
            spoiler=unit.spoiler,
            source=unit.text,
            category=group.category,
            generated=True,
        )


def blank_difficulty(pack: FilmPack, text: str, term: str) -> str:
    """The hand-written twin's rating (same answer from the same passage), so one fact is never
    rated twice; otherwise the rule of `rated_difficulty`."""
    for question in pack.questions:
        overlaps = question.source in text or text in question.source
        names = (question.answer, *question.aliases)
        if overlaps and any(mentions(name, term) or mentions(term, name) for name in names):
            return question.difficulty
    return rated_difficulty(review_mentions(pack.review_text, [term]))


def _wrong_choices(
    term: str,
    terms: Sequence[str],
    unit: Quote,
    same_things: Sequence[Sequence[str]],
    seed: str,
) -> list[str]:
    """Other terms of the group, leaving out any that share a word with the answer ("jade
    fragment" for "jade bangle"), already appear in the text (they would read oddly), are what
    the review also calls the answer, or differ from it in number."""
    words = set(term.casefold().split())
    candidates = [
        other
        for other in terms
        if other != term
        and not words & set(other.casefold().split())
        and not term_pattern(other).search(unit.text)
        and not same_thing(term, other, same_things)
        and is_plural(other) == is_plural(term)
    ]
    # Seeded by the question, so the same question always offers the same choices.
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    rng.shuffle(candidates)
    return candidates[:WRONG_CHOICES]


def _display(term: str, group: BlankGroup) -> str:
    return term if group.kind == CHARACTERS else term[0].upper() + term[1:]


def _slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")
