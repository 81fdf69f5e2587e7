"""Which guilds a process serves when the bot runs as several processes (shard ranges).

Discord sends a guild's events on shard `(guild_id >> 22) % shard_count`, DMs on shard 0. A
process running shards `ids` of `count` serves exactly the guilds on those shards, so its
schedulers (daily quotes, recovery of interrupted quizzes) act for those guilds only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

GuildFilter = Callable[[int], bool]
RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")


def every_guild(guild_id: int) -> bool:
    """The filter of a process that runs every shard (or is not sharded)."""
    return True


def shard_of(guild_id: int, count: int) -> int:
    return (guild_id >> 22) % count


@dataclass(frozen=True)
class ShardRange:
    """Shards `ids` out of `count`, run by this process."""

    count: int
    ids: tuple[int, ...]

    def owns(self, guild_id: int) -> bool:
        return shard_of(guild_id, self.count) in self.ids

    def __str__(self) -> str:
        return f"shards {compact(self.ids)} of {self.count}"


def parse_shard_ids(text: str) -> tuple[int, ...]:
    """`0-3`, `4,6-7`: the ids in order, each once; ValueError for anything else."""
    ids: list[int] = []
    for part in text.replace(" ", "").split(","):
        match = RANGE.match(part)
        if match is None:
            raise ValueError(part)
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if last < first:
            raise ValueError(part)
        ids.extend(range(first, last + 1))
    return tuple(sorted(set(ids)))


def compact(ids: tuple[int, ...]) -> str:
    """(0, 1, 2, 5) -> '0-2,5'."""
    parts: list[str] = []
    start = previous = None
    for shard in (*ids, None):
        if start is not None and shard != (previous or 0) + 1:
            parts.append(str(start) if start == previous else f"{start}-{previous}")
            start = None
        if start is None:
            start = shard
        previous = shard
    return ",".join(parts)
