"""A burst of messages right after a start (or a configuration change) reads the guild's spoiler
configuration once, not once per message (found by the chat benchmark: 400 messages made 400
reads of a 1,000-term list)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from lantern.database import Database
from lantern.database.spoilers import SpoilerStore
from lantern.spoilers.config_cache import ConfigCache
from lantern.spoilers.policy import GuildSpoilerConfig
from lantern.spoilers.terms import clean_term

GUILD = 7


class CountingStore(SpoilerStore):
    reads = 0

    async def spoiler_config(self, guild_id: int):  # type: ignore[no-untyped-def]
        self.reads += 1
        return await super().spoiler_config(guild_id)


class CountingDatabase(Database):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.spoilers = CountingStore(self._shared)


async def test_concurrent_readers_share_one_read(tmp_path: Path) -> None:
    db = CountingDatabase(tmp_path / "s.sqlite3")
    await db.open()
    try:
        await db.spoilers.add_spoiler_term(GUILD, clean_term("Feng"), 1, datetime.now(UTC))
        cache = ConfigCache(db.spoilers.spoiler_config)
        configs = await asyncio.gather(*(cache.get(GUILD) for _ in range(50)))
        assert db.spoilers.reads == 1
        assert all(c is configs[0] for c in configs)
        assert configs[0].terms == ("Feng",)
    finally:
        await db.close()


async def test_a_change_during_a_read_is_seen_by_the_next_reader(tmp_path: Path) -> None:
    db = CountingDatabase(tmp_path / "s.sqlite3")
    await db.open()
    try:
        cache = ConfigCache(db.spoilers.spoiler_config)
        first = asyncio.ensure_future(cache.get(GUILD))
        await asyncio.sleep(0)  # the read is under way
        await db.spoilers.add_spoiler_term(GUILD, clean_term("Feng"), 1, datetime.now(UTC))
        cache.forget(GUILD)
        second = await cache.get(GUILD)
        await first
        assert second.terms == ("Feng",)
        assert (await cache.get(GUILD)).terms == ("Feng",)  # the stale first read was not kept
    finally:
        await db.close()


async def test_a_change_to_another_guild_keeps_the_read_under_way() -> None:
    reads: list[int] = []
    started, release = asyncio.Event(), asyncio.Event()

    async def load(guild_id: int) -> GuildSpoilerConfig:
        reads.append(guild_id)
        started.set()
        await release.wait()
        return GuildSpoilerConfig(guild_id=guild_id)

    cache = ConfigCache(load)
    first = asyncio.ensure_future(cache.get(GUILD))
    await started.wait()  # the read is under way
    cache.forget(GUILD + 1)
    release.set()
    await first
    assert cache.peek(GUILD) is not None
    await cache.get(GUILD)
    assert reads == [GUILD]
