"""Rules that keep a question fair, as plain text tests shared by the pack check (hand-written
questions, at load and by `--check`), the blank generator and the quiz's picking.

- a choice the prompt itself names is ruled out (or given away) by the prompt;
- a wrong choice the review uses for the same thing as the answer (a `[same_things]` group of
  film.toml: "crimson velvet" and "red dress") is not wrong;
- a prompt that names another question's answer gives that question away, so a quiz never asks
  both (a character's name gives a question away only when the prompt also tells its clue:
  "Xiao Mei kneels beside Li Wei" answers "Who kneels beside Li Wei?", "Xiao Mei's socks" does not);
- difficulty follows how often the review names the answer (`rated_difficulty`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

WORD = re.compile(r"[\w’'-]+")
# Words that carry no clue: a prompt or sentence needs content words besides these.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "not",
        "no",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "it’s",
        "it's",
        "this",
        "that",
        "these",
        "those",
        "there",
        "there’s",
        "there's",
        "then",
        "than",
        "so",
        "such",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "why",
        "how",
        "he",
        "she",
        "his",
        "her",
        "him",
        "they",
        "them",
        "their",
        "we",
        "you",
        "i",
        "my",
        "your",
        "our",
        "one",
        "like",
        "just",
        "only",
        "even",
        "also",
        "very",
        "too",
        "into",
        "onto",
        "out",
        "up",
        "down",
        "over",
        "under",
        "after",
        "before",
        "does",
        "doesn’t",
        "did",
        "didn’t",
        "do",
        "has",
        "have",
        "had",
        "isn’t",
        "wasn’t",
        "says",
        "said",
    ]
)
MIN_MENTIONS_EASY = 3  # an answer the review names this often is never rated hard
PLAIN_WORDS = 3  # fewer letters than this are never content words


@lru_cache(maxsize=4096)  # the quiz's giveaway table folds each prompt once per other question
def fold(text: str) -> str:
    return " ".join(text.replace("'", "’").casefold().split())


@lru_cache(maxsize=1024)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """`phrase` as whole words in folded text: "red" never matches inside "scarred"."""
    return re.compile(rf"(?<![\w’-]){re.escape(fold(phrase))}(?![\w-])")


def mentions(text: str, phrase: str) -> bool:
    folded = fold(text)
    if not phrase.strip() or fold(phrase) not in folded:
        return False  # the common case, without a regex
    return phrase_pattern(phrase).search(folded) is not None


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """The words of `text` that could be a clue: not function words, not one or two letters."""
    words = (word.strip("’'-") for word in WORD.findall(fold(text)))
    return frozenset(w for w in words if len(w) >= PLAIN_WORDS and w not in STOPWORDS)


def without_article(phrase: str) -> str:
    """ "A key" is named by "the key": the article is not what gives it away."""
    return re.sub(r"^(?:a|an|the)\s+", "", phrase.strip(), flags=re.IGNORECASE) or phrase


def ruled_out_by_prompt(prompt: str, choice: str) -> bool:
    """The prompt itself names the choice ("...rather than its plot twists?" and "Its plot
    twists"): it can only be wrong, or the prompt gives the answer away."""
    words = content_words(choice)
    return bool(words) and words <= content_words(prompt)


def same_thing(first: str, second: str, groups: Iterable[Sequence[str]]) -> bool:
    """Both name something of one `[same_things]` group: the review uses them for one thing."""
    return any(
        any(mentions(first, p) for p in group) and any(mentions(second, p) for p in group)
        for group in groups
    )


def is_plural(term: str) -> bool:
    """A plural English noun phrase, by its last word ("white socks", not "glass")."""
    last = fold(term).split()[-1] if term.strip() else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def gives_away(prompt: str, names: Sequence[str], clue: str, people: Sequence[str]) -> bool:
    """Whether `prompt` gives away a question whose answer (and aliases) are `names` and whose
    own prompt is `clue`. `people` are the character names: quizzes name them all the time, so
    naming one gives a question away only together with a word of that question's clue."""
    named = [name for name in names if mentions(prompt, without_article(name))]
    folded_people = {fold(person) for person in people}
    if any(fold(name) not in folded_people for name in named):
        return True  # a thing, a place, a word: naming it is enough
    if not named:
        return False
    names_words = {w for name in (*names, *people) for w in content_words(name)}
    return bool((content_words(prompt) & content_words(clue)) - names_words)


def review_mentions(review: str, names: Sequence[str]) -> int:
    """How many times the review names the answer (by its text or an alias), overlaps once."""
    folded = fold(review)
    spans = sorted(
        (match.start(), match.end())
        for name in names
        if name.strip()
        for match in phrase_pattern(name).finditer(folded)
    )
    count, reach = 0, -1
    for start, end in spans:
        if start >= reach:  # "a windowsill" and "windowsill" at one place count once
            count += 1
        reach = max(reach, end)
    return count


def rated_difficulty(mentions_in_review: int) -> str:
    """The rating a question gets from how often the review names its answer: a name or thing
    the review gives three times or more is easy, twice medium, once hard. Hand-written
    questions may rate a fact said once as medium (a plain detail of the scene) but never easy,
    and one said three times or more never hard (`difficulty_problem`)."""
    if mentions_in_review >= MIN_MENTIONS_EASY:
        return "easy"
    return "medium" if mentions_in_review == 2 else "hard"


def difficulty_problem(difficulty: str, mentions_in_review: int) -> str | None:
    if difficulty == "hard" and mentions_in_review >= MIN_MENTIONS_EASY:
        return (
            f"is hard, but the review names the answer {mentions_in_review} times (easy or medium)"
        )
    if difficulty == "easy" and mentions_in_review <= 1:
        return "is easy, but the review names the answer only once (medium or hard)"
    return None
