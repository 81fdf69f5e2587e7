"""The questions a quiz can ask: the hand-written bank plus generated fill-in-the-blanks, and how a
quiz picks from them (no repeats within a quiz, spoilers only when allowed, fresh ones first)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property

from lantern.pack import FilmPack, Question
from lantern.pack.fairness import gives_away
from lantern.trivia.generated import generate_blanks

MIXED = "mixed"
DIFFICULTY_CHOICES = ("easy", "medium", "hard", MIXED)


class QuestionBank:
    """Every askable question, looked up by id (rounds in the database store only the id)."""

    def __init__(self, questions: Iterable[Question], people: Sequence[str] = ()) -> None:
        self._by_id = {question.id: question for question in questions}
        self._people = tuple(people)  # character names (see fairness.gives_away)

    @classmethod
    def from_pack(cls, pack: FilmPack) -> QuestionBank:
        people = [n for c in pack.characters for n in (c.name, *c.aliases, *c.short_names)]
        return cls([*pack.questions, *generate_blanks(pack)], people)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Question]:
        return iter(self._by_id.values())

    def get(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    @cached_property
    def daily_pool(self) -> tuple[Question, ...]:
        """The questions a daily question is drawn from: no spoilers (it is asked wherever the
        member happens to be), sorted by id so that a day's draw does not depend on load order.
        Worked out once: the bank never changes, and every `/trivia daily` draws from it."""
        return tuple(sorted(self.eligible(MIXED, allow_spoilers=False), key=lambda q: q.id))

    @cached_property
    def giveaways(self) -> dict[str, frozenset[str]]:
        """For each question, the ones a quiz must not ask with it: either prompt gives the
        other's answer away. Worked out once (the trivia cog asks for it at start-up)."""
        pairs: dict[str, set[str]] = {question_id: set() for question_id in self._by_id}
        for asked in self._by_id.values():
            names = (asked.answer, *asked.aliases)
            for other in self._by_id.values():
                if other is not asked and gives_away(
                    other.prompt, names, asked.prompt, self._people
                ):
                    pairs[asked.id].add(other.id)
                    pairs[other.id].add(asked.id)
        return {question_id: frozenset(ids) for question_id, ids in pairs.items()}

    def eligible(self, difficulty: str, allow_spoilers: bool) -> list[Question]:
        return [
            question
            for question in self._by_id.values()
            if (difficulty == MIXED or question.difficulty == difficulty)
            and (allow_spoilers or not question.spoiler)
        ]

    def select(
        self,
        count: int,
        *,
        difficulty: str,
        allow_spoilers: bool,
        recent: Sequence[str] = (),
        rng: random.Random,
    ) -> list[Question]:
        """Up to `count` distinct questions, no two of which give each other away; ones not
        among `recent` (ids asked lately in this guild, newest first) come first, then the least
        recently asked."""
        pool = self.eligible(difficulty, allow_spoilers)
        rng.shuffle(pool)
        age = {question_id: position for position, question_id in enumerate(recent)}
        never = len(recent) + 1
        # Never-asked first (in random order), then the ones asked longest ago.
        pool.sort(key=lambda question: -age.get(question.id, never))
        return self._without_giveaways(pool, count)

    def _without_giveaways(self, pool: Sequence[Question], count: int) -> list[Question]:
        chosen: list[Question] = []
        excluded: set[str] = set()
        for question in pool:
            if len(chosen) == count:
                break
            if question.id not in excluded:
                chosen.append(question)
                excluded |= self.giveaways[question.id]
        return chosen
