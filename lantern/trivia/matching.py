"""Typed-answer matching that fixes what Red's trivia got wrong.

Red compared words exactly, so "chair" matched an answer of "air" and a curly apostrophe in
"mother’s" made the right answer wrong. Here a guess is compared with each choice as a whole
(never as a substring), after normalising case, accents (NFKD), quotes and punctuation, with
room for typos that grows with the answer's length.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lantern.quotes.text import QUOTE_FOLDS as REVIEW_QUOTE_FOLDS

# Curly quotes and dashes people's keyboards produce, folded before anything else: the review's
# folds, plus the modifier apostrophe and backtick that phones and keyboards also type for `'`.
QUOTE_FOLDS = {**REVIEW_QUOTE_FOLDS, **str.maketrans({"ʼ": "'", "`": "'"})}
NOT_WORD = re.compile(r"[^0-9a-z]+")
LEADING_ARTICLES = ("a", "an", "the")


def normalize_answer(text: str) -> str:
    """Lower-case ASCII words separated by single spaces, with leading articles dropped.

    "  The Mother’s  " -> "mothers"; "Jìngwén" -> "jingwen"; "wall-mounted" -> "wall mounted".
    """
    text = unicodedata.normalize("NFKD", text.translate(QUOTE_FOLDS))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = text.replace("'", "")  # "mother's" and "mothers" are the same typed answer
    words = NOT_WORD.sub(" ", text).split()
    while len(words) > 1 and words[0] in LEADING_ARTICLES:
        words = words[1:]
    return " ".join(words)


def allowed_typos(answer: str) -> int:
    """How many single-character edits a guess may be away from a normalised answer.

    Short answers must be exact ("air" never matches "chair" or "hair"); longer ones forgive more.
    """
    length = len(answer)
    if length <= 3:
        return 0
    if length <= 6:
        return 1
    if length <= 12:
        return 2
    return 3


def is_close(guess: str, answer: str) -> int | None:
    """Edit distance between two normalised texts if within tolerance, else None."""
    if guess == answer:
        return 0
    limit = allowed_typos(answer)
    if limit == 0 or not guess or not answer:
        return None
    # A different first letter on a short word is a different word ("hair" vs "chair").
    if len(answer) <= 6 and guess[0] != answer[0]:
        return None
    # OSA counts a swapped pair of letters ("Wie" for "Wei") as one typo, as people make them.
    distance = osa_distance(guess, answer, limit)
    return distance if distance <= limit else None


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap two neighbours),
    or `limit + 1` once it exceeds `limit`, from rapidfuzz's native implementation."""
    # Imported on the first typed answer rather than at start-up: rapidfuzz's native code is
    # ~3 MiB of resident memory that a server without typed answers never needs.
    from rapidfuzz.distance import OSA

    return OSA.distance(a, b, score_cutoff=limit)


@dataclass(frozen=True)
class ChoiceNames:
    """One choice of a question and every spelling that means it."""

    index: int
    names: tuple[str, ...]


def answer_names(answer: str, aliases: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in map(normalize_answer, (answer, *aliases)) if n))


def choice_names(choices: Sequence[str], answer: str, aliases: Sequence[str]) -> list[ChoiceNames]:
    """What typing each shown choice may look like (the answer also accepts its aliases)."""
    return [
        ChoiceNames(index, answer_names(label, aliases if label == answer else ()))
        for index, label in enumerate(choices)
    ]


def resolve_guess(guess: str, choices: Sequence[ChoiceNames]) -> int | None:
    """The index of the choice a typed guess means, or None when it means none (or is ambiguous).

    An exact spelling wins over any typo match, so typing a wrong choice exactly is that wrong
    choice even if it is one letter away from the right answer.
    """
    normalised = normalize_answer(guess)
    if not normalised:
        return None
    for choice in choices:
        if normalised in choice.names:
            return choice.index
    best: dict[int, int] = {}
    for choice in choices:
        for name in choice.names:
            distance = is_close(normalised, name)
            if distance is not None:
                best[choice.index] = min(distance, best.get(choice.index, distance))
    if not best:
        return None
    closest = min(best.values())
    winners = [index for index, distance in best.items() if distance == closest]
    return winners[0] if len(winners) == 1 else None
