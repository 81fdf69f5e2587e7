"""Each guild's spoiler configuration, read once and kept until a change forgets it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from lantern.spoilers.policy import GuildSpoilerConfig

ConfigLoader = Callable[[int], Awaitable[GuildSpoilerConfig]]


class ConfigCache:
    """Every message is checked against its guild's configuration, so it is kept in memory.
    Concurrent readers of a guild share one read, and a read that a change overtook is not
    kept."""

    def __init__(self, load: ConfigLoader) -> None:
        self._load = load
        self._configs: dict[int, GuildSpoilerConfig] = {}
        self._loading: dict[int, asyncio.Future[GuildSpoilerConfig]] = {}

    def peek(self, guild_id: int) -> GuildSpoilerConfig | None:
        """The configuration if it is in memory, without reading it."""
        return self._configs.get(guild_id)

    async def get(self, guild_id: int) -> GuildSpoilerConfig:
        config = self._configs.get(guild_id)
        if config is not None:
            return config
        # One read per guild however many messages arrive meanwhile: a burst right after a
        # start or a change otherwise read the whole term list once per message.
        loading = self._loading.get(guild_id)
        if loading is None:
            loading = self._loading[guild_id] = asyncio.ensure_future(self._read(guild_id))
        return await asyncio.shield(loading)

    async def _read(self, guild_id: int) -> GuildSpoilerConfig:
        try:
            config = await self._load(guild_id)
        finally:
            unchanged = self._finish_read(guild_id)
        # A change that landed while we were reading makes this copy stale: don't keep it.
        if unchanged:
            self._configs[guild_id] = config
        return config

    def _finish_read(self, guild_id: int) -> bool:
        """Unregister the running read; True if no change to its guild overtook it.

        forget() unregisters a guild's read, so a read still registered has seen no change
        (a change to another guild leaves it alone)."""
        if self._loading.get(guild_id) is not asyncio.current_task():
            return False
        del self._loading[guild_id]
        return True

    def forget(self, guild_id: int) -> None:
        self._configs.pop(guild_id, None)
        self._loading.pop(guild_id, None)  # a read already under way may predate the change
