"""Watch party queries: the parties, and claiming their start post and spoiler thread."""

from __future__ import annotations

from datetime import datetime

from lantern.database.base import Row, Store
from lantern.quotes.daily import from_text, to_text
from lantern.watchparty.model import WatchParty

COLUMNS = "event_id, guild_id, channel_id, start_at, end_at, note, created_by"


class WatchPartyStore(Store):
    async def add_party(self, party: WatchParty, now: datetime) -> None:
        async with self.transaction() as tx:
            await tx.execute(
                f"INSERT INTO watch_parties ({COLUMNS}, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    party.event_id,
                    party.guild_id,
                    party.channel_id,
                    to_text(party.start_at),
                    to_text(party.end_at),
                    party.note,
                    party.created_by,
                    to_text(now),
                ),
            )

    async def party(self, guild_id: int, event_id: int) -> WatchParty | None:
        row = await self._fetchone(
            f"SELECT {COLUMNS} FROM watch_parties WHERE guild_id = ? AND event_id = ? "
            "AND cancelled = 0",
            (guild_id, event_id),
        )
        return None if row is None else _party(row)

    async def parties_ending_after(self, guild_id: int, now: datetime) -> list[WatchParty]:
        rows = await self._fetchall(
            f"SELECT {COLUMNS} FROM watch_parties WHERE guild_id = ? AND end_at > ? "
            "AND cancelled = 0 ORDER BY start_at, event_id LIMIT 25",
            (guild_id, to_text(now)),
        )
        return [_party(row) for row in rows]

    async def cancel_party(self, guild_id: int, event_id: int) -> bool:
        return await self._changed(
            "UPDATE watch_parties SET cancelled = 1 "
            "WHERE guild_id = ? AND event_id = ? AND cancelled = 0",
            (guild_id, event_id),
        )

    async def due_starts(self, now: datetime) -> list[WatchParty]:
        rows = await self._fetchall(
            f"SELECT {COLUMNS} FROM watch_parties WHERE start_at <= ? AND start_posted = 0 "
            "AND cancelled = 0 ORDER BY start_at, event_id",
            (to_text(now),),
        )
        return [_party(row) for row in rows]

    async def due_ends(self, now: datetime) -> list[WatchParty]:
        rows = await self._fetchall(
            f"SELECT {COLUMNS} FROM watch_parties WHERE end_at <= ? AND thread_opened = 0 "
            "AND cancelled = 0 ORDER BY end_at, event_id",
            (to_text(now),),
        )
        return [_party(row) for row in rows]

    async def claim_start(self, party: WatchParty) -> bool:
        return await self._changed(
            "UPDATE watch_parties SET start_posted = 1 WHERE event_id = ? AND start_posted = 0 "
            "AND cancelled = 0",
            (party.event_id,),
        )

    async def claim_end(self, party: WatchParty) -> bool:
        return await self._changed(
            "UPDATE watch_parties SET thread_opened = 1 WHERE event_id = ? "
            "AND thread_opened = 0 AND cancelled = 0",
            (party.event_id,),
        )


def _party(row: Row) -> WatchParty:
    return WatchParty(
        event_id=int(row["event_id"]),
        guild_id=int(row["guild_id"]),
        channel_id=int(row["channel_id"]),
        start_at=from_text(str(row["start_at"])),
        end_at=from_text(str(row["end_at"])),
        note=row["note"],
        created_by=int(row["created_by"]),
    )
