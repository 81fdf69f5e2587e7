"""How big each part of the suite runs: FULL for the published figures, TINY for the smoke test."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    interaction_rounds: int = 5  # the whole interaction section, median of each statistic
    warmup: int = 20
    sequential: int = 300
    bursts: tuple[int, ...] = (100, 500)
    spread: int = 500  # members clicking one question within `spread_seconds`
    spread_seconds: float = 1.0
    chat_messages: int = 1000
    chat_rounds: int = 15  # paired floor/Lantern rounds per length and term count
    chat_terms: tuple[int, ...] = (0, 100, 1_000, 10_000)
    chat_lengths: tuple[int, ...] = (50, 500, 2_000)
    scanner_seconds: float = 0.25
    storage_members: tuple[int, ...] = (1_000, 100_000)
    storage_answers: tuple[int, ...] = (10_000, 1_000_000)
    storage_repeats: int = 200
    memory_guilds: tuple[int, ...] = (10, 100, 1_000)
    sharded_memory_guilds: tuple[int, ...] = (10, 1_000, 10_000)  # 4 shards in one process
    twist_memory_guilds: int = 1_000
    chart_renders: int = 200  # /ratings charts rendered for the chart's p99
    spoiler_burst: int = 1_000  # messages that need the twist rules, queued at once
    spoiler_command_interval: float = 0.05  # seconds between slash commands during it

    @property
    def crowd(self) -> int:
        """Members needed: every scoring click is a different member on the same question."""
        return 2 * self.warmup + self.sequential + sum(self.bursts) + self.spread


FULL = Sizes()
TINY = Sizes(
    interaction_rounds=1,
    warmup=2,
    sequential=5,
    bursts=(3, 6),
    spread=6,
    spread_seconds=0.1,
    chat_messages=5,
    chat_rounds=1,
    chat_terms=(0, 10),
    chat_lengths=(50,),
    scanner_seconds=0.02,
    storage_members=(20, 50),
    storage_answers=(100, 300),
    storage_repeats=3,
    memory_guilds=(2,),
    sharded_memory_guilds=(2, 6),
    twist_memory_guilds=2,
    chart_renders=3,
    spoiler_burst=10,
)
