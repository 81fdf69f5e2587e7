"""Ratings as plain values, and the summary `/ratings` shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lantern.errors import LanternError

SCORES = tuple(range(1, 11))
REVIEW_MAX = 500  # characters: a paragraph, and room in an embed for a page of five


@dataclass(frozen=True)
class Rating:
    guild_id: int
    member_id: int
    score: int
    review: str | None  # as shown: spoilers already inside ||...||
    rated_at: datetime


@dataclass(frozen=True)
class RatingSummary:
    count: int
    distribution: tuple[int, ...]  # how many members gave 1, 2, ... 10

    @property
    def average(self) -> float | None:
        if self.count == 0:
            return None
        return (
            sum(score * n for score, n in zip(SCORES, self.distribution, strict=True)) / self.count
        )


def summarise(counts: dict[int, int]) -> RatingSummary:
    """The summary from {score: how many}; scores outside 1-10 cannot be stored."""
    distribution = tuple(counts.get(score, 0) for score in SCORES)
    return RatingSummary(sum(distribution), distribution)


def check_score(score: int) -> int:
    if score not in SCORES:
        raise LanternError("A score is a whole number from 1 to 10.")
    return score


def clean_review(review: str | None) -> str | None:
    """Whitespace trimmed; None for an empty review; refused past `REVIEW_MAX`."""
    if review is None or not review.strip():
        return None
    text = review.strip()
    if len(text) > REVIEW_MAX:
        raise LanternError(
            f"A review can be at most {REVIEW_MAX} characters; yours has {len(text)}."
        )
    return text
