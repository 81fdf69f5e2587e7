"""Discussion queries: used prompts and the weekly prompt's schedule."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from lantern.database.base import Row, Store
from lantern.discussion.weekly import WeeklySchedule
from lantern.quotes.daily import from_text, to_text

WEEKLY_COLUMNS = "guild_id, channel_id, weekday, hour, next_post_at"


class DiscussionStore(Store):
    async def used_prompt_ids(self, guild_id: int) -> set[str]:
        rows = await self._fetchall(
            "SELECT prompt_id FROM discussion_used WHERE guild_id = ?", (guild_id,)
        )
        return {str(row["prompt_id"]) for row in rows}

    async def mark_prompt_used(
        self, guild_id: int, prompt_id: str, now: datetime, *, clear: Iterable[str] = ()
    ) -> None:
        """Mark `prompt_id` used, after clearing the marks of `clear` (a new cycle), in one
        transaction."""
        async with self.transaction() as tx:
            await tx.executemany(
                "DELETE FROM discussion_used WHERE guild_id = ? AND prompt_id = ?",
                [(guild_id, cleared) for cleared in clear],
            )
            await tx.execute(
                "INSERT INTO discussion_used (guild_id, prompt_id, used_at) VALUES (?, ?, ?) "
                "ON CONFLICT (guild_id, prompt_id) DO UPDATE SET used_at = excluded.used_at",
                (guild_id, prompt_id, to_text(now)),
            )

    async def set_weekly(self, schedule: WeeklySchedule, member_id: int) -> None:
        async with self.transaction() as tx:
            await tx.execute(
                "INSERT INTO discussion_weekly "
                "(guild_id, channel_id, weekday, hour, next_post_at, updated_by) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
                "channel_id = excluded.channel_id, weekday = excluded.weekday, "
                "hour = excluded.hour, next_post_at = excluded.next_post_at, "
                "updated_by = excluded.updated_by",
                (
                    schedule.guild_id,
                    schedule.channel_id,
                    schedule.weekday,
                    schedule.hour,
                    to_text(schedule.next_post_at),
                    member_id,
                ),
            )

    async def disable_weekly(self, guild_id: int) -> bool:
        return await self._changed("DELETE FROM discussion_weekly WHERE guild_id = ?", (guild_id,))

    async def weekly(self, guild_id: int) -> WeeklySchedule | None:
        row = await self._fetchone(
            f"SELECT {WEEKLY_COLUMNS} FROM discussion_weekly WHERE guild_id = ?", (guild_id,)
        )
        return None if row is None else _schedule(row)

    async def due_weekly(self, now: datetime) -> list[WeeklySchedule]:
        rows = await self._fetchall(
            f"SELECT {WEEKLY_COLUMNS} FROM discussion_weekly WHERE next_post_at <= ? "
            "ORDER BY next_post_at, guild_id",
            (to_text(now),),
        )
        return [_schedule(row) for row in rows]

    async def claim_weekly(self, schedule: WeeklySchedule, following: datetime) -> bool:
        """Move the slot on before posting: True for exactly one caller per slot."""
        return await self._changed(
            "UPDATE discussion_weekly SET next_post_at = ? "
            "WHERE guild_id = ? AND channel_id = ? AND next_post_at = ?",
            (
                to_text(following),
                schedule.guild_id,
                schedule.channel_id,
                to_text(schedule.next_post_at),
            ),
        )

    async def release_weekly(self, schedule: WeeklySchedule) -> None:
        """Give a claimed slot back (sending failed for a reason worth retrying)."""
        async with self.transaction() as tx:
            await tx.execute(
                "UPDATE discussion_weekly SET next_post_at = ? "
                "WHERE guild_id = ? AND channel_id = ?",
                (to_text(schedule.next_post_at), schedule.guild_id, schedule.channel_id),
            )


def _schedule(row: Row) -> WeeklySchedule:
    return WeeklySchedule(
        guild_id=int(row["guild_id"]),
        channel_id=int(row["channel_id"]),
        weekday=int(row["weekday"]),
        hour=int(row["hour"]),
        next_post_at=from_text(str(row["next_post_at"])),
    )
