"""Quote queries: the FTS5 sentence index, last quote per channel, daily quote schedule."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from datetime import date, datetime

import aiosqlite

from lantern.database.base import Store
from lantern.quotes.daily import DailySchedule, from_text, to_text
from lantern.quotes.model import Quote
from lantern.quotes.search import HIT_CLOSE, HIT_OPEN, SavedSearch, SearchHit, parse_highlight

log = logging.getLogger(__name__)

DAILY_COLUMNS = "guild_id, channel_id, hour, next_post_at, last_posted_on, last_quote_id"


class QuoteStore(Store):
    async def rebuild_quote_index(self, quotes: Iterable[Quote]) -> int:
        """Replace the full-text index with `quotes`; returns how many were indexed."""
        rows = [(quote.id, int(quote.spoiler), quote.text) for quote in quotes]
        async with self.transaction() as conn:
            await conn.execute("DELETE FROM quote_fts")
            await conn.executemany(
                "INSERT INTO quote_fts (quote_id, spoiler, body) VALUES (?, ?, ?)", rows
            )
        return len(rows)

    async def search_quotes(
        self, match: str, *, include_spoilers: bool, limit: int = 10
    ) -> list[SearchHit]:
        """Best matches first (bm25). `match` must come from `lantern.quotes.search`."""
        sql = (
            "SELECT quote_id, highlight(quote_fts, 2, ?, ?) AS marked FROM quote_fts "
            "WHERE quote_fts MATCH ? AND (spoiler = 0 OR ?) "
            "ORDER BY bm25(quote_fts), rowid LIMIT ?"
        )
        params = (HIT_OPEN, HIT_CLOSE, match, int(include_spoilers), limit)
        try:
            rows = await self._fetchall(sql, params)
        except sqlite3.OperationalError:
            # Sanitised queries never get here; if one does, "no match" beats a crash.
            log.warning("FTS5 rejected the query %r", match, exc_info=True)
            return []
        return [parse_highlight(str(row["quote_id"]), str(row["marked"])) for row in rows]

    async def save_quote_search(self, search: SavedSearch, now: datetime) -> None:
        async with self.transaction() as conn:
            await conn.execute(
                "INSERT OR REPLACE INTO quote_searches "
                "(search_id, guild_id, channel_id, owner_id, query, spoilers, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    search.search_id,
                    search.guild_id,
                    search.channel_id,
                    search.owner_id,
                    search.query,
                    None if search.spoilers is None else int(search.spoilers),
                    to_text(now),
                ),
            )

    async def quote_search(self, search_id: int) -> SavedSearch | None:
        row = await self._fetchone(
            "SELECT search_id, guild_id, channel_id, owner_id, query, spoilers "
            "FROM quote_searches WHERE search_id = ?",
            (search_id,),
        )
        if row is None:
            return None
        spoilers = row["spoilers"]
        return SavedSearch(
            search_id=int(row["search_id"]),
            guild_id=row["guild_id"],
            channel_id=int(row["channel_id"]),
            owner_id=int(row["owner_id"]),
            query=str(row["query"]),
            spoilers=None if spoilers is None else bool(spoilers),
        )

    async def prune_quote_searches(self, before: datetime) -> int:
        """Forget searches made before `before`; their buttons then say the search expired."""
        async with self.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM quote_searches WHERE created_at < ?", (to_text(before),)
            )
            return cursor.rowcount

    async def last_quote_id(self, channel_id: int) -> str | None:
        row = await self._fetchone(
            "SELECT quote_id FROM quote_last WHERE channel_id = ?", (channel_id,)
        )
        return None if row is None else str(row["quote_id"])

    async def remember_quote(
        self, guild_id: int | None, channel_id: int, quote_id: str, now: datetime
    ) -> None:
        async with self.transaction() as conn:
            await _remember_quote(conn, guild_id, channel_id, quote_id, now)

    async def set_daily_quote(
        self, guild_id: int, channel_id: int, hour: int, next_post_at: datetime, member_id: int
    ) -> None:
        """Create or change the guild's schedule; keeps `last_posted_on` so a change of hour
        cannot cause a second post the same day."""
        async with self.transaction() as conn:
            await conn.execute(
                "INSERT INTO quote_daily (guild_id, channel_id, hour, next_post_at, updated_by) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
                "channel_id = excluded.channel_id, hour = excluded.hour, "
                "next_post_at = excluded.next_post_at, updated_by = excluded.updated_by",
                (guild_id, channel_id, hour, to_text(next_post_at), member_id),
            )

    async def disable_daily_quote(self, guild_id: int) -> bool:
        """Stop the guild's daily quote; False if there was none."""
        return await self._changed("DELETE FROM quote_daily WHERE guild_id = ?", (guild_id,))

    async def daily_quote(self, guild_id: int) -> DailySchedule | None:
        row = await self._fetchone(
            f"SELECT {DAILY_COLUMNS} FROM quote_daily WHERE guild_id = ?", (guild_id,)
        )
        return None if row is None else _schedule(row)

    async def due_daily_quotes(self, now: datetime) -> list[DailySchedule]:
        rows = await self._fetchall(
            f"SELECT {DAILY_COLUMNS} FROM quote_daily WHERE next_post_at <= ? "
            "ORDER BY next_post_at, guild_id",
            (to_text(now),),
        )
        return [_schedule(row) for row in rows]

    async def claim_daily_quote(
        self,
        schedule: DailySchedule,
        quote_id: str,
        today: date,
        next_post_at: datetime,
        now: datetime,
    ) -> bool:
        """Record today's post *before* it is sent: True for exactly one caller per guild and
        day, so neither a race nor a restart can post twice on the same day."""
        async with self.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE quote_daily SET last_posted_on = ?, last_quote_id = ?, next_post_at = ? "
                "WHERE guild_id = ? AND channel_id = ? AND next_post_at <= ? "
                "AND (last_posted_on IS NULL OR last_posted_on <> ?)",
                (
                    today.isoformat(),
                    quote_id,
                    to_text(next_post_at),
                    schedule.guild_id,
                    schedule.channel_id,
                    to_text(now),
                    today.isoformat(),
                ),
            )
            if cursor.rowcount != 1:
                return False
            await _remember_quote(conn, schedule.guild_id, schedule.channel_id, quote_id, now)
            return True

    async def release_daily_quote(self, schedule: DailySchedule) -> None:
        """Undo a claim whose post could not be sent, so the next tick tries again."""
        async with self.transaction() as conn:
            await conn.execute(
                "UPDATE quote_daily SET last_posted_on = ?, last_quote_id = ?, next_post_at = ? "
                "WHERE guild_id = ? AND channel_id = ?",
                (
                    schedule.last_posted_on.isoformat() if schedule.last_posted_on else None,
                    schedule.last_quote_id,
                    to_text(schedule.next_post_at),
                    schedule.guild_id,
                    schedule.channel_id,
                ),
            )

    async def postpone_daily_quote(self, guild_id: int, next_post_at: datetime) -> None:
        """Skip to `next_post_at` without posting (nothing left to post, channel gone...)."""
        async with self.transaction() as conn:
            await conn.execute(
                "UPDATE quote_daily SET next_post_at = ? WHERE guild_id = ?",
                (to_text(next_post_at), guild_id),
            )


async def _remember_quote(
    conn: aiosqlite.Connection, guild_id: int | None, channel_id: int, quote_id: str, now: datetime
) -> None:
    await conn.execute(
        "INSERT INTO quote_last (channel_id, guild_id, quote_id, posted_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (channel_id) DO UPDATE SET quote_id = excluded.quote_id, "
        "posted_at = excluded.posted_at",
        (channel_id, guild_id, quote_id, to_text(now)),
    )


def _schedule(row: aiosqlite.Row) -> DailySchedule:
    last = row["last_posted_on"]
    return DailySchedule(
        guild_id=int(row["guild_id"]),
        channel_id=int(row["channel_id"]),
        hour=int(row["hour"]),
        next_post_at=from_text(str(row["next_post_at"])),
        last_posted_on=date.fromisoformat(last) if last else None,
        last_quote_id=row["last_quote_id"],
    )
