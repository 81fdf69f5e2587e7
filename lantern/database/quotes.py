"""Quote queries: the full-text sentence index (FTS5 on SQLite, a tsvector on PostgreSQL),
last quote per channel, daily quote schedule."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import date, datetime

from lantern.database.base import Row, Store, Transaction
from lantern.quotes.daily import DailySchedule, from_text, to_text
from lantern.quotes.model import Quote
from lantern.quotes.search import HIT_CLOSE, HIT_OPEN, SavedSearch, SearchHit, parse_highlight

log = logging.getLogger(__name__)

DAILY_COLUMNS = "guild_id, channel_id, hour, next_post_at, last_posted_on, last_quote_id"

# The one statement the dialects disagree on: best matches first, hit words marked.
SEARCH_SQL = {
    "sqlite": (
        "SELECT quote_id, highlight(quote_fts, 2, ?, ?) AS marked FROM quote_fts "
        "WHERE quote_fts MATCH ? AND (spoiler = 0 OR ? = 1) "
        "ORDER BY bm25(quote_fts), rowid LIMIT ?"
    ),
    # `lantern_english`: English stemming without stop words (0003_quotes.postgres.sql).
    # Cover density divided by the sentence's length (normalization 2) stands in for bm25's
    # preference of a short sentence holding the words over a long one.
    "postgres": (
        "SELECT quote_id, ts_headline('lantern_english', body, q, ?) AS marked"
        " FROM quote_fts, to_tsquery('lantern_english', ?) AS q"
        " WHERE doc @@ q AND (spoiler = 0 OR ? = 1)"
        " ORDER BY ts_rank_cd(doc, q, 2) DESC, rowid LIMIT ?"
    ),
}
HEADLINE_OPTIONS = f"HighlightAll=true, StartSel={HIT_OPEN}, StopSel={HIT_CLOSE}"
# The terms `lantern.quotes.search` writes: "word" or "word"* (prefix), joined by spaces
# (every word) or by OR (any word).
FTS5_TERM = re.compile(r'"([^"]*)"(\*?)')


def to_tsquery(match: str) -> str:
    """An FTS5 query of `lantern.quotes.search` as PostgreSQL's tsquery text."""
    joiner = " | " if " OR " in match else " & "
    terms = [
        "'" + word.replace("'", "''") + "'" + (":*" if star else "")
        for word, star in FTS5_TERM.findall(match)
    ]
    return joiner.join(terms)


class QuoteStore(Store):
    async def rebuild_quote_index(self, quotes: Iterable[Quote]) -> int:
        """Replace the full-text index with `quotes`; returns how many were indexed."""
        rows = [(quote.id, int(quote.spoiler), quote.text) for quote in quotes]
        async with self.transaction() as tx:
            if self.dialect == "postgres":
                # Processes starting together rebuild one after the other, not interleaved.
                await tx.execute("LOCK TABLE quote_fts IN EXCLUSIVE MODE")
            await tx.execute("DELETE FROM quote_fts")
            await tx.executemany(
                "INSERT INTO quote_fts (quote_id, spoiler, body) VALUES (?, ?, ?)", rows
            )
        return len(rows)

    async def search_quotes(
        self, match: str, *, include_spoilers: bool, limit: int = 10
    ) -> list[SearchHit]:
        """Best matches first (bm25; ts_rank_cd on PostgreSQL). `match` must come from
        `lantern.quotes.search`."""
        params: tuple[object, ...]
        if self.dialect == "postgres":
            params = (HEADLINE_OPTIONS, to_tsquery(match), int(include_spoilers), limit)
        else:
            params = (HIT_OPEN, HIT_CLOSE, match, int(include_spoilers), limit)
        try:
            rows = await self._fetchall(SEARCH_SQL[self.dialect], params)
        except self.backend.refused:
            # Sanitised queries never get here; if one does, "no match" beats a crash.
            log.warning("Full-text search rejected the query %r", match, exc_info=True)
            return []
        return [parse_highlight(str(row["quote_id"]), str(row["marked"])) for row in rows]

    async def save_quote_search(self, search: SavedSearch, now: datetime) -> None:
        await self._changed(
            "INSERT INTO quote_searches "
            "(search_id, guild_id, channel_id, owner_id, query, spoilers, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (search_id) DO UPDATE SET "
            "guild_id = excluded.guild_id, channel_id = excluded.channel_id, "
            "owner_id = excluded.owner_id, query = excluded.query, "
            "spoilers = excluded.spoilers, created_at = excluded.created_at",
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
        async with self.transaction() as tx:
            return await tx.execute(
                "DELETE FROM quote_searches WHERE created_at < ?", (to_text(before),)
            )

    async def last_quote_id(self, channel_id: int) -> str | None:
        row = await self._fetchone(
            "SELECT quote_id FROM quote_last WHERE channel_id = ?", (channel_id,)
        )
        return None if row is None else str(row["quote_id"])

    async def remember_quote(
        self, guild_id: int | None, channel_id: int, quote_id: str, now: datetime
    ) -> None:
        async with self.transaction() as tx:
            await _remember_quote(tx, guild_id, channel_id, quote_id, now)

    async def set_daily_quote(
        self, guild_id: int, channel_id: int, hour: int, next_post_at: datetime, member_id: int
    ) -> None:
        """Create or change the guild's schedule; keeps `last_posted_on` so a change of hour
        cannot cause a second post the same day."""
        await self._changed(
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
        async with self.transaction() as tx:
            claimed = await tx.execute(
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
            if claimed != 1:
                return False
            await _remember_quote(tx, schedule.guild_id, schedule.channel_id, quote_id, now)
            return True

    async def release_daily_quote(self, schedule: DailySchedule) -> None:
        """Undo a claim whose post could not be sent, so the next tick tries again."""
        await self._changed(
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
        await self._changed(
            "UPDATE quote_daily SET next_post_at = ? WHERE guild_id = ?",
            (to_text(next_post_at), guild_id),
        )


async def _remember_quote(
    tx: Transaction, guild_id: int | None, channel_id: int, quote_id: str, now: datetime
) -> None:
    await tx.execute(
        "INSERT INTO quote_last (channel_id, guild_id, quote_id, posted_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (channel_id) DO UPDATE SET quote_id = excluded.quote_id, "
        "posted_at = excluded.posted_at",
        (channel_id, guild_id, quote_id, to_text(now)),
    )


def _schedule(row: Row) -> DailySchedule:
    last = row["last_posted_on"]
    return DailySchedule(
        guild_id=int(row["guild_id"]),
        channel_id=int(row["channel_id"]),
        hour=int(row["hour"]),
        next_post_at=from_text(str(row["next_post_at"])),
        last_posted_on=date.fromisoformat(last) if last else None,
        last_quote_id=row["last_quote_id"],
    )
