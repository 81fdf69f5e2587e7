"""The in-memory state of a running quiz: which round is open, who picked what.

The database is the record (every pick is committed there); this state answers the common
questions ("is this round still open?", "did this member already pick?") without a query, and
raises the domain errors the cog turns into private replies.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property

from lantern.pack import Question
from lantern.trivia.errors import AlreadyPicked, QuizOver, TimeUp
from lantern.trivia.matching import ChoiceNames, choice_names
from lantern.trivia.records import AnswerOutcome, GuildTriviaSettings, QuizInfo, RoundInfo


@dataclass(frozen=True)
class Pick:
    choice_index: int
    interaction_id: int
    outcome: AnswerOutcome


@dataclass
class LiveRound:
    info: RoundInfo
    question: Question
    picks: dict[int, Pick] = field(default_factory=dict)  # member id -> their (final) pick
    closed: bool = False

    @property
    def answer(self) -> str:
        return self.info.choices[self.info.correct_index]

    def label(self, index: int) -> str:
        return self.info.choices[index]

    @cached_property
    def typed_names(self) -> list[ChoiceNames]:
        """What typing each choice may look like. Worked out once per round, not once per chat
        message: the choices and the question stay the same for the whole round."""
        return choice_names(self.info.choices, self.question.answer, self.question.aliases)

    def check_pick(self, member_id: int, choice_index: int, now: datetime) -> None:
        """Raise the reason a pick cannot count; return if it may be recorded."""
        if not 0 <= choice_index < len(self.info.choices):
            raise QuizOver()  # a forged or outdated button: nothing sensible to record
        if self.closed or now >= self.info.closes_at:
            raise TimeUp()
        if member_id in self.picks:
            raise AlreadyPicked(self.label(self.picks[member_id].choice_index))

    def replay_of(self, member_id: int, interaction_id: int) -> AnswerOutcome | None:
        """The outcome to repeat when the very same interaction arrives again."""
        pick = self.picks.get(member_id)
        if pick is None or pick.interaction_id != interaction_id:
            return None
        return replace(pick.outcome, replayed=True)

    def remember(
        self, member_id: int, choice_index: int, interaction_id: int, outcome: AnswerOutcome
    ) -> None:
        self.picks.setdefault(member_id, Pick(choice_index, interaction_id, outcome))

    def elapsed(self, now: datetime) -> float:
        return max((now - self.info.opened_at).total_seconds(), 0.0)


@dataclass
class LiveQuiz:
    info: QuizInfo
    questions: list[Question]
    wrap_spoilers: bool  # outside a spoiler channel: spoiler text goes inside ||...||
    settings: GuildTriviaSettings  # the guild's settings when the quiz started
    current: LiveRound | None = None
    stopped_by: int | None = None
    over: bool = False
    stop_requested: asyncio.Event = field(default_factory=asyncio.Event)
    waiting: bool = False  # the runner is waiting on the clock (question time or reveal pause)

    def stop(self, member_id: int) -> None:
        if self.stopped_by is None:
            self.stopped_by = member_id
        self.stop_requested.set()

    @property
    def id(self) -> int:
        return self.info.id

    @property
    def next_number(self) -> int:
        return 1 if self.current is None else self.current.info.number + 1

    @property
    def has_next(self) -> bool:
        return not self.over and self.next_number <= len(self.questions)

    def hides(self, live_round: LiveRound) -> bool:
        """A spoiler question outside a spoiler channel: its text goes behind ||...||."""
        return self.wrap_spoilers and live_round.question.spoiler

    @property
    def typed_round(self) -> LiveRound | None:
        """The round a typed answer would count for, or None when typed answers are not taken:
        the guild turned them off, no round is open, or the question is hidden (typing the
        answer would spell the spoiler out in the channel)."""
        live_round = self.current
        if not self.settings.typed_answers or self.over or live_round is None:
            return None
        if live_round.closed or self.hides(live_round):
            return None
        return live_round

    @property
    def takes_typed_answers(self) -> bool:
        return self.typed_round is not None

    def round_for(self, number: int) -> LiveRound:
        """The open round a button of round `number` belongs to."""
        if self.over:
            raise QuizOver()
        if self.current is None or self.current.info.number != number:
            raise TimeUp()
        return self.current
