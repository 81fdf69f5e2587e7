"""Points for an answer. Deterministic: it depends only on its arguments, and the elapsed time
comes from the injected clock, so the same clicks always give the same scores.

Scoring formula (quoted in the README)::

    base         = points for the question's difficulty (guild setting; default easy 10,
                   medium 20, hard 30)
    speed bonus  = floor(base / 2 × time left / time allowed)   -- up to +50 % for an instant answer
    streak bonus = 5 × min(streak − 1, 4)                        -- streak counts this answer,
                                                                    so +5 from the 2nd correct in a
                                                                    row up to +20 from the 5th on
    total        = base + speed bonus + streak bonus   for a correct answer, 0 for a wrong one

A streak is the number of correct answers in a row by a member in a guild, across quizzes; a
wrong answer resets it to 0, a question left unanswered does not touch it. The daily question
scores the base points only and keeps its own day streak.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_POINTS: Mapping[str, int] = {"easy": 10, "medium": 20, "hard": 30}
STREAK_STEP = 5
STREAK_CAP = 4


@dataclass(frozen=True)
class Score:
    correct: bool
    base: int
    speed_bonus: int
    streak_bonus: int
    streak: int  # the member's streak after this answer

    @property
    def total(self) -> int:
        return self.base + self.speed_bonus + self.streak_bonus


def speed_bonus(base: int, elapsed: float, allowed: float) -> int:
    if allowed <= 0:
        return 0
    left = min(max(allowed - elapsed, 0.0), allowed)
    return math.floor(base * left / (2 * allowed))


def streak_bonus(streak: int) -> int:
    return STREAK_STEP * min(max(streak - 1, 0), STREAK_CAP)


def score_answer(
    *,
    correct: bool,
    difficulty: str,
    elapsed: float,
    allowed: float,
    streak_before: int,
    points: Mapping[str, int] = DEFAULT_POINTS,
) -> Score:
    """Score one answer given `elapsed` seconds out of `allowed` and the streak before it."""
    if not correct:
        return Score(False, 0, 0, 0, streak=0)
    base = points.get(difficulty, DEFAULT_POINTS["medium"])
    streak = streak_before + 1
    return Score(True, base, speed_bonus(base, elapsed, allowed), streak_bonus(streak), streak)


@dataclass(frozen=True)
class StreakScores:
    """One answer's points for every streak the member may have before it, so that the
    database can score it after reading the streak in the same transaction (on PostgreSQL, in
    the same round trip). `totals[n]` is the total for a streak of n before; the last entry
    holds for any longer streak (the streak bonus stops growing at STREAK_CAP)."""

    correct: bool
    totals: tuple[int, ...]

    def total(self, streak_before: int) -> int:
        return self.totals[min(streak_before, len(self.totals) - 1)]

    def streak_after(self, streak_before: int) -> int:
        return streak_before + 1 if self.correct else 0


def streak_scores(
    *,
    correct: bool,
    difficulty: str,
    elapsed: float,
    allowed: float,
    points: Mapping[str, int] = DEFAULT_POINTS,
) -> StreakScores:
    """`score_answer` for each streak before it up to the one where the bonus stops growing."""
    totals = tuple(
        score_answer(
            correct=correct,
            difficulty=difficulty,
            elapsed=elapsed,
            allowed=allowed,
            streak_before=before,
            points=points,
        ).total
        for before in range(STREAK_CAP + 1)
    )
    return StreakScores(correct, totals)


def score_daily(*, correct: bool, difficulty: str, points: Mapping[str, int]) -> int:
    return points.get(difficulty, DEFAULT_POINTS["medium"]) if correct else 0
