"""Spoiler queries: per-guild configuration, tracking of tags, violations and actions."""

from __future__ import annotations

from lantern.database.base import QueriesBase


class SpoilerQueries(QueriesBase):
    async def spoiler_channel_ids(self, guild_id: int) -> set[int]:
        """The guild's spoiler channels (threads follow their parent: callers pass the parent)."""
        rows = await self._fetchall(
            "SELECT channel_id FROM spoiler_channels WHERE guild_id = ?", (guild_id,)
        )
        return {int(row["channel_id"]) for row in rows}

    async def is_spoiler_channel(self, guild_id: int, channel_id: int) -> bool:
        row = await self._fetchone(
            "SELECT 1 FROM spoiler_channels WHERE guild_id = ? AND channel_id = ?",
            (guild_id, channel_id),
        )
        return row is not None
