"""Spoiler statistics as plain values: totals, top channels and members, per time window."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

TOP_LIMIT = 5
RECENT_DAYS = 7


@dataclass(frozen=True)
class Totals:
    tagged_messages: int = 0  # messages that carried at least one ||...|| tag
    tagged_segments: int = 0  # ||...|| tags in those messages
    violations: int = 0  # untagged spoilers detected
    actions: dict[str, int] = field(default_factory=dict)  # warn / wrap / delete taken


@dataclass(frozen=True)
class CountRow:
    """A channel or member and its counts: one GROUP BY row from storage, or the merged row
    a ranking lists."""

    key: int
    tagged_messages: int = 0
    tagged_segments: int = 0
    violations: int = 0

    @property
    def activity(self) -> int:
        return self.tagged_segments + self.violations


@dataclass(frozen=True)
class StatsWindow:
    label: str
    totals: Totals
    top_channels: tuple[CountRow, ...]
    top_members: tuple[CountRow, ...]


@dataclass(frozen=True)
class StatsReport:
    guild_id: int
    member_id: int | None
    all_time: StatsWindow
    recent: StatsWindow


def recent_since(now: datetime, days: int = RECENT_DAYS) -> datetime:
    return now - timedelta(days=days)


def rank(rows: Iterable[CountRow], limit: int = TOP_LIMIT) -> tuple[CountRow, ...]:
    """Merge tag rows and violation rows per key; most active first, ties by id for stability."""
    merged: dict[int, list[int]] = {}
    for row in rows:
        counts = merged.setdefault(row.key, [0, 0, 0])
        counts[0] += row.tagged_messages
        counts[1] += row.tagged_segments
        counts[2] += row.violations
    ranked = [CountRow(key, *counts) for key, counts in merged.items()]
    ranked.sort(key=lambda item: (-item.activity, -item.tagged_messages, item.key))
    return tuple(ranked[:limit])
