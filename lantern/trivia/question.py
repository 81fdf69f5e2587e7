"""A question as a quiz asks it, whether written in `data/trivia.toml` or generated."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from lantern.pack import Question
from lantern.trivia.matching import ChoiceNames, answer_names


@dataclass(frozen=True)
class TriviaQuestion:
    """A question ready to ask: the pack's `Question` fields plus where it came from."""

    id: str
    prompt: str
    answer: str
    aliases: tuple[str, ...]
    wrong: tuple[str, ...]
    difficulty: str
    spoiler: bool
    source: str
    category: str
    generated: bool = False

    @classmethod
    def from_pack(cls, question: Question) -> TriviaQuestion:
        return cls(
            question.id,
            question.prompt,
            question.answer,
            question.aliases,
            question.wrong,
            question.difficulty,
            question.spoiler,
            question.source,
            question.category,
        )

    def shuffled_choices(self, rng: random.Random) -> tuple[tuple[str, ...], int]:
        """The choices in a random order and the position of the right one."""
        choices = [self.answer, *self.wrong]
        rng.shuffle(choices)
        return tuple(choices), choices.index(self.answer)

    def choice_names(self, choices: Sequence[str]) -> list[ChoiceNames]:
        """What typing each shown choice may look like (the answer also accepts its aliases)."""
        return [
            ChoiceNames(
                index,
                answer_names(label, self.aliases if label == self.answer else ()),
            )
            for index, label in enumerate(choices)
        ]
