"""Plain records the trivia service exchanges with the cog and with its store (never
database rows)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from lantern.trivia.scoring import DEFAULT_POINTS

# States, stored as these strings (values are what the database has always held).


class QuizStatus(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"  # every round was asked
    STOPPED = "stopped"  # cut short: /trivia stop, the channel went away...
    INTERRUPTED = "interrupted"  # the bot restarted mid-quiz


class BoardSort(StrEnum):
    POINTS = "points"
    ACCURACY = "accuracy"
    STREAK = "streak"


class Period(StrEnum):
    ALL_TIME = "all-time"
    WEEK = "week"


class AnswerSource(StrEnum):
    """How a quiz answer arrived (trivia_answers.via)."""

    BUTTON = "button"
    TYPED = "typed"


SORTS = tuple(BoardSort)
PERIODS = tuple(Period)
PAGE_SIZE = 10


@dataclass(frozen=True)
class GuildTriviaSettings:
    default_seconds: int = 20
    typed_answers: bool = True
    reveal_passages: bool = True
    points: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType(dict(DEFAULT_POINTS))
    )


@dataclass(frozen=True)
class QuizInfo:
    id: int
    guild_id: int
    channel_id: int
    starter_id: int
    status: QuizStatus
    rounds: int
    seconds: int
    difficulty: str
    spoilers: bool


@dataclass(frozen=True)
class RoundInfo:
    id: int
    quiz_id: int
    number: int
    question_id: str
    choices: tuple[str, ...]
    correct_index: int
    difficulty: str
    opened_at: datetime
    closes_at: datetime
    message_id: int | None = None


@dataclass(frozen=True)
class InterruptedQuiz:
    """A quiz a restart cut short, and its last question's message (None if never posted):
    that message still shows live buttons and a countdown until it is marked."""

    info: QuizInfo
    question_message_id: int | None


@dataclass(frozen=True)
class AnswerInput:
    """An answer as the service hands it to the store to record."""

    round_id: int
    guild_id: int
    member_id: int
    interaction_id: int
    choice_index: int
    correct: bool
    elapsed_ms: int
    answered_at: datetime
    week: str
    via: AnswerSource


@dataclass(frozen=True)
class StoredAnswer:
    """An answer as it is in the database; `inserted` is False for a replay or a second pick."""

    member_id: int
    interaction_id: int
    choice_index: int
    correct: bool
    points: int
    streak: int
    inserted: bool


@dataclass(frozen=True)
class AnswerOutcome:
    choice_label: str
    correct: bool
    points: int
    streak: int
    replayed: bool  # the same interaction came twice: acknowledged again, scored once


@dataclass(frozen=True)
class Standing:
    member_id: int
    points: int
    correct: int
    answered: int


@dataclass(frozen=True)
class RoundResult:
    round: RoundInfo
    answer: str
    correct_members: tuple[Standing, ...]  # who got it, with this round's points, fastest first
    answered: int


@dataclass(frozen=True)
class MemberTotals:
    member_id: int
    points: int
    answered: int
    correct: int
    streak: int
    best_streak: int
    fastest_ms: int | None
    daily_streak: int
    daily_best: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class QuizSummary:
    quiz: QuizInfo
    standings: tuple[Standing, ...]
    totals: tuple[MemberTotals, ...]


@dataclass(frozen=True)
class LeaderboardRow:
    rank: int
    member_id: int
    points: int
    answered: int
    correct: int
    best_streak: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class LeaderboardPage:
    sort: BoardSort
    period: Period
    page: int  # 0-based
    has_next: bool
    rows: tuple[LeaderboardRow, ...]
    own: LeaderboardRow | None


@dataclass(frozen=True)
class MemberStats:
    totals: MemberTotals
    rank: int | None  # by points, all-time; None before the first answer


@dataclass(frozen=True)
class DailyRecord:
    """A member's daily question as stored: what was shown and what they picked (if yet)."""

    day: str
    question_id: str
    choices: tuple[str, ...]
    correct_index: int
    choice_index: int | None


@dataclass(frozen=True)
class DailyQuestion:
    day: str
    question_id: str
    choices: tuple[str, ...]
    correct_index: int
    streak: int


@dataclass(frozen=True)
class DailyOutcome:
    choice_label: str
    correct: bool
    answer: str
    points: int
    day_streak: int
    source: str
    spoiler: bool
