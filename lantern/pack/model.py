"""Plain, immutable records of what a film pack holds."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from lantern.errors import PackProblem

DIFFICULTIES = ("easy", "medium", "hard")
SPOKEN = "spoken"
UNSPOKEN = "unspoken"  # a look, a smile, a silence: the review never has it said aloud
DELIVERIES = (SPOKEN, UNSPOKEN)


@dataclass(frozen=True)
class Character:
    id: str
    name: str
    aliases: tuple[str, ...]  # other names the review itself gives them (shown as facts)
    descriptions: tuple[str, ...]  # phrases the review uses for them ("the man in the grey vest")
    summary: str  # spoiler-free one-liner
    # Names a user may type ("Feng") that the review never uses on their own: lookups only,
    # never shown as a fact.
    short_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class FilmLine:
    text: str
    speaker: str  # a character id: whose line it is, said or not
    how: str  # the review's words for how it reaches us ("his voice was low, gravelly")
    delivery: str = SPOKEN  # SPOKEN or UNSPOKEN, as the review has it

    @property
    def spoken(self) -> bool:
        return self.delivery == SPOKEN


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    answer: str
    aliases: tuple[str, ...]
    wrong: tuple[str, ...]
    difficulty: str
    spoiler: bool
    source: str  # verbatim excerpt of the review that proves the answer
    category: str
    generated: bool = False  # a fill-in-the-blank made from a review sentence, not trivia.toml

    def shuffled_choices(self, rng: random.Random) -> tuple[tuple[str, ...], int]:
        """The choices in a random order and the position of the right one."""
        choices = [self.answer, *self.wrong]
        rng.shuffle(choices)
        return tuple(choices), choices.index(self.answer)


@dataclass(frozen=True)
class Prompt:
    """A discussion prompt of discussion.toml, drawn from one passage of the review."""

    id: str
    theme: str
    spoiler: bool
    text: str
    passage: str  # verbatim excerpt of the review the prompt draws on


@dataclass(frozen=True)
class BlankGroup:
    """Names of one kind (`[blanks.<kind>]` in trivia.toml) a fill-in-the-blank may hide."""

    kind: str
    category: str  # the trivia category of the questions made from it
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Twist:
    """A plot twist as a moderator would describe it (`[[twists]]` of film.toml; see
    lantern.spoilers.claims for how the rules read)."""

    id: str
    label: str  # what it is about, spoiler-free: "who Li Wei really is"
    passages: tuple[str, ...]  # the review's words for it, verbatim
    subjects: tuple[str, ...]  # character ids
    names: tuple[str, ...]  # more ways people refer to a subject or to the thing
    pronouns: tuple[str, ...]
    says: tuple[str, ...]
    denies: tuple[str, ...]
    phrases: tuple[str, ...]
    # `names` and every name, alias, short name and description of the subjects.
    referred_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class FilmPack:
    directory: Path
    title: str
    setting: str
    logline: str
    themes: tuple[str, ...]
    review_text: str
    characters: tuple[Character, ...]
    lines: tuple[FilmLine, ...]
    spoiler_passages: tuple[str, ...]
    spoiler_terms: tuple[str, ...]
    twists: tuple[Twist, ...] = field(default=())
    questions: tuple[Question, ...] = field(default=())
    blank_groups: tuple[BlankGroup, ...] = field(default=())
    # `[same_things]` of film.toml: phrases the review uses for one thing, never each other's
    # wrong choice (see lantern.pack.fairness).
    same_things: tuple[tuple[str, ...], ...] = field(default=())
    # Findings that are not errors, for `--check` to show (a prompt that gives another
    # question's answer away: the quiz never asks both).
    notes: tuple[PackProblem, ...] = field(default=())
    prompts: tuple[Prompt, ...] = field(default=())  # discussion.toml
    # film.toml [watch_party]: a setting of whoever runs the pack (the review gives no running
    # time), the length a watch party is booked for; None when the pack sets none.
    runtime_minutes: int | None = None

    def character(self, character_id: str) -> Character:
        for character in self.characters:
            if character.id == character_id:
                return character
        raise KeyError(character_id)
