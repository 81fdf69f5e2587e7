"""Rating queries: one row per member per server."""

from __future__ import annotations

from lantern.database.base import Row, Store
from lantern.quotes.daily import from_text, to_text
from lantern.ratings.model import Rating, RatingSummary, summarise

COLUMNS = "guild_id, member_id, score, review, rated_at"


class RatingStore(Store):
    async def save_rating(self, rating: Rating) -> bool:
        """Insert or replace the member's rating; True if they had one already (read first: two
        simultaneous ratings by one member can only both say "new", which is harmless)."""
        existed = await self.rating(rating.guild_id, rating.member_id) is not None
        async with self.transaction() as tx:
            await tx.execute(
                f"INSERT INTO ratings ({COLUMNS}) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (guild_id, member_id) DO UPDATE SET score = excluded.score, "
                "review = excluded.review, rated_at = excluded.rated_at",
                (
                    rating.guild_id,
                    rating.member_id,
                    rating.score,
                    rating.review,
                    to_text(rating.rated_at),
                ),
            )
        return existed

    async def rating(self, guild_id: int, member_id: int) -> Rating | None:
        row = await self._fetchone(
            f"SELECT {COLUMNS} FROM ratings WHERE guild_id = ? AND member_id = ?",
            (guild_id, member_id),
        )
        return None if row is None else _rating(row)

    async def rating_summary(self, guild_id: int) -> RatingSummary:
        rows = await self._fetchall(
            "SELECT score, COUNT(*) AS n FROM ratings WHERE guild_id = ? GROUP BY score",
            (guild_id,),
        )
        return summarise({int(row["score"]): int(row["n"]) for row in rows})

    async def review_count(self, guild_id: int) -> int:
        row = await self._fetchone(
            "SELECT COUNT(*) AS n FROM ratings WHERE guild_id = ? AND review IS NOT NULL",
            (guild_id,),
        )
        return 0 if row is None else int(row["n"])

    async def latest_reviews(self, guild_id: int, limit: int, offset: int) -> list[Rating]:
        rows = await self._fetchall(
            f"SELECT {COLUMNS} FROM ratings WHERE guild_id = ? AND review IS NOT NULL "
            "ORDER BY rated_at DESC, member_id LIMIT ? OFFSET ?",
            (guild_id, limit, offset),
        )
        return [_rating(row) for row in rows]


def _rating(row: Row) -> Rating:
    review = row["review"]
    return Rating(
        guild_id=int(row["guild_id"]),
        member_id=int(row["member_id"]),
        score=int(row["score"]),
        review=None if review is None else str(review),
        rated_at=from_text(str(row["rated_at"])),
    )
