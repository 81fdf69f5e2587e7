"""The spoiler store: per-guild configuration, tracking of tags, violations and actions."""

from __future__ import annotations

from datetime import date, datetime

from lantern.database.base import Store
from lantern.spoilers.policy import DEFAULT_MODE, GuildSpoilerConfig, Mode, Outcome, Source
from lantern.spoilers.stats import (
    CountRow,
    StatsReport,
    StatsWindow,
    Totals,
    rank,
    recent_since,
)
from lantern.spoilers.terms import CleanTerm

# The stats queries, shared with the test that checks their plans. Every one filters on
# (guild_id, created_at) first; `{member}` narrows it to one member, `{column}` is the grouping.
STATS_WHERE = "WHERE guild_id = ? AND created_at >= ?{member}"
TAG_TOTALS_SQL = (
    "SELECT COUNT(*) AS messages, CAST(COALESCE(SUM(segments), 0) AS BIGINT) AS segments "
    f"FROM spoiler_tags {STATS_WHERE}"
)
VIOLATION_TOTALS_SQL = f"SELECT COUNT(*) AS n FROM spoiler_violations {STATS_WHERE}"
ACTION_TOTALS_SQL = (
    f"SELECT action, COUNT(*) AS n FROM spoiler_actions {STATS_WHERE} GROUP BY action"
)
TAGS_GROUPED_SQL = (
    "SELECT {column} AS key, COUNT(*) AS messages, CAST(SUM(segments) AS BIGINT) AS segments "
    f"FROM spoiler_tags {STATS_WHERE} GROUP BY {{column}}"
)
VIOLATIONS_GROUPED_SQL = (
    "SELECT {column} AS key, COUNT(*) AS n "
    f"FROM spoiler_violations {STATS_WHERE} GROUP BY {{column}}"
)
STATS_TOTALS_SQL = (TAG_TOTALS_SQL, VIOLATION_TOTALS_SQL, ACTION_TOTALS_SQL)
STATS_GROUPED_SQL = (TAGS_GROUPED_SQL, VIOLATIONS_GROUPED_SQL)
STATS_GROUP_COLUMNS = ("channel_id", "member_id")


def _epoch(when: datetime) -> int:
    return int(when.timestamp())


class SpoilerStore(Store):
    # ----- spoiler channels (shared with other features) -----

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

    async def add_spoiler_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when the channel was not a spoiler channel before."""
        return await self._changed(
            "INSERT INTO spoiler_channels (guild_id, channel_id) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            (guild_id, channel_id),
        )

    async def remove_spoiler_channel(self, guild_id: int, channel_id: int) -> bool:
        return await self._changed(
            "DELETE FROM spoiler_channels WHERE guild_id = ? AND channel_id = ?",
            (guild_id, channel_id),
        )

    # ----- configuration -----

    async def spoiler_config(self, guild_id: int) -> GuildSpoilerConfig:
        settings = await self._fetchone(
            "SELECT mode, log_channel_id, embargo_until, seen_role_id, builtin FROM spoiler_settings"
            " WHERE guild_id = ?",
            (guild_id,),
        )
        return GuildSpoilerConfig(
            guild_id=guild_id,
            mode=Mode(settings["mode"]) if settings else DEFAULT_MODE,
            terms=tuple(term.term for term in await self.spoiler_terms(guild_id)),
            exempt_role_ids=frozenset(await self.spoiler_exempt_role_ids(guild_id)),
            spoiler_channel_ids=frozenset(await self.spoiler_channel_ids(guild_id)),
            log_channel_id=_optional_int(settings["log_channel_id"]) if settings else None,
            embargo_until=_optional_date(settings["embargo_until"]) if settings else None,
            seen_role_id=_optional_int(settings["seen_role_id"]) if settings else None,
            builtin=bool(settings["builtin"]) if settings else True,
        )

    async def set_spoiler_mode(self, guild_id: int, mode: Mode) -> None:
        await self._upsert_setting(guild_id, "mode", mode.value)

    async def set_spoiler_log_channel(self, guild_id: int, channel_id: int | None) -> None:
        await self._upsert_setting(guild_id, "log_channel_id", channel_id)

    async def set_spoiler_embargo(self, guild_id: int, until: date | None) -> None:
        await self._upsert_setting(guild_id, "embargo_until", until.isoformat() if until else None)

    async def set_spoiler_seen_role(self, guild_id: int, role_id: int | None) -> None:
        await self._upsert_setting(guild_id, "seen_role_id", role_id)

    async def set_spoiler_builtin(self, guild_id: int, on: bool) -> None:
        await self._upsert_setting(guild_id, "builtin", 1 if on else 0)

    async def _upsert_setting(self, guild_id: int, column: str, value: object) -> None:
        # `column` comes from the fixed callers above, never from user input.
        assert column in {"mode", "log_channel_id", "embargo_until", "seen_role_id", "builtin"}
        # A guild's first setting creates its row: the other columns take the schema's
        # defaults (mode 'warn' = DEFAULT_MODE, no log channel, no embargo).
        await self._changed(
            f"INSERT INTO spoiler_settings (guild_id, {column}) VALUES (?, ?)"
            f" ON CONFLICT (guild_id) DO UPDATE SET {column} = excluded.{column}",
            (guild_id, value),
        )

    async def spoiler_terms(self, guild_id: int) -> list[CleanTerm]:
        rows = await self._fetchall(
            "SELECT term, canonical FROM spoiler_terms WHERE guild_id = ? ORDER BY term",
            (guild_id,),
        )
        return [CleanTerm(str(row["term"]), str(row["canonical"])) for row in rows]

    async def add_spoiler_term(
        self, guild_id: int, term: CleanTerm, added_by: int, now: datetime
    ) -> bool:
        return await self._changed(
            "INSERT INTO spoiler_terms (guild_id, canonical, term, added_by, added_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (guild_id, term.canonical, term.term, added_by, _epoch(now)),
        )

    async def remove_spoiler_term(self, guild_id: int, canonical: str) -> bool:
        return await self._changed(
            "DELETE FROM spoiler_terms WHERE guild_id = ? AND canonical = ?",
            (guild_id, canonical),
        )

    async def count_spoiler_terms(self, guild_id: int) -> int:
        row = await self._fetchone(
            "SELECT COUNT(*) AS n FROM spoiler_terms WHERE guild_id = ?", (guild_id,)
        )
        return int(row["n"]) if row else 0

    async def spoiler_exempt_role_ids(self, guild_id: int) -> set[int]:
        rows = await self._fetchall(
            "SELECT role_id FROM spoiler_exempt_roles WHERE guild_id = ?", (guild_id,)
        )
        return {int(row["role_id"]) for row in rows}

    async def add_spoiler_exempt_role(self, guild_id: int, role_id: int) -> bool:
        return await self._changed(
            "INSERT INTO spoiler_exempt_roles (guild_id, role_id) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            (guild_id, role_id),
        )

    async def remove_spoiler_exempt_role(self, guild_id: int, role_id: int) -> bool:
        return await self._changed(
            "DELETE FROM spoiler_exempt_roles WHERE guild_id = ? AND role_id = ?",
            (guild_id, role_id),
        )

    # ----- one-time notices to moderators -----

    async def record_spoiler_notice(
        self, guild_id: int, kind: str, detail: str, now: datetime
    ) -> bool:
        """True when this notice is new (the moderators have not been told yet)."""
        return await self._changed(
            "INSERT INTO spoiler_notices (guild_id, kind, detail, created_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (guild_id, kind, detail, _epoch(now)),
        )

    async def clear_spoiler_notice(self, guild_id: int, *kinds: str) -> bool:
        """Forget the notices of these kinds (one write however many); True if any existed."""
        marks = ", ".join("?" * len(kinds))
        return await self._changed(
            f"DELETE FROM spoiler_notices WHERE guild_id = ? AND kind IN ({marks})",
            (guild_id, *kinds),
        )

    async def spoiler_notices(self, guild_id: int) -> dict[str, str]:
        rows = await self._fetchall(
            "SELECT kind, detail FROM spoiler_notices WHERE guild_id = ? ORDER BY kind",
            (guild_id,),
        )
        return {str(row["kind"]): str(row["detail"]) for row in rows}

    # ----- tracking -----

    async def record_spoiler_tags(
        self,
        *,
        guild_id: int,
        channel_id: int,
        member_id: int,
        message_id: int,
        segments: int,
        now: datetime,
    ) -> None:
        """Count a tagged message; an edit updates its count, and losing every tag removes it."""
        async with self.transaction() as tx:
            if segments <= 0:
                await tx.execute("DELETE FROM spoiler_tags WHERE message_id = ?", (message_id,))
                return
            await tx.execute(
                "INSERT INTO spoiler_tags "
                "(message_id, guild_id, channel_id, member_id, segments, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (message_id) DO UPDATE SET segments = excluded.segments",
                (message_id, guild_id, channel_id, member_id, segments, _epoch(now)),
            )

    async def record_spoiler_violation(
        self,
        *,
        guild_id: int,
        channel_id: int,
        member_id: int,
        message_id: int,
        source: Source,
        terms: list[str],
        now: datetime,
    ) -> int:
        async with self.transaction() as tx:
            row = await tx.fetchone(
                "INSERT INTO spoiler_violations "
                "(guild_id, channel_id, member_id, message_id, source, terms, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    guild_id,
                    channel_id,
                    member_id,
                    message_id,
                    source,
                    "\n".join(terms),
                    _epoch(now),
                ),
            )
            return int(row["id"]) if row else 0

    async def record_spoiler_action(
        self,
        *,
        violation_id: int,
        action: Mode,
        configured: Mode,
        outcome: Outcome,
        detail: str,
        now: datetime,
    ) -> None:
        async with self.transaction() as tx:
            await tx.execute(
                "INSERT INTO spoiler_actions (violation_id, guild_id, channel_id, member_id, "
                "action, configured, outcome, detail, created_at) "
                "SELECT id, guild_id, channel_id, member_id, ?, ?, ?, ?, ? "
                "FROM spoiler_violations WHERE id = ?",
                (action.value, configured.value, outcome, detail, _epoch(now), violation_id),
            )

    # ----- stats -----

    async def spoiler_stats(
        self, guild_id: int, now: datetime, member_id: int | None = None
    ) -> StatsReport:
        return StatsReport(
            guild_id=guild_id,
            member_id=member_id,
            all_time=await self._stats_window("All time", guild_id, 0, member_id),
            recent=await self._stats_window(
                "Last 7 days", guild_id, _epoch(recent_since(now)), member_id
            ),
        )

    async def _stats_window(
        self, label: str, guild_id: int, since: int, member_id: int | None
    ) -> StatsWindow:
        totals = await self._stats_totals(guild_id, since, member_id)
        channels = await self._stats_grouped("channel_id", guild_id, since, member_id)
        members = (
            ()
            if member_id is not None
            else await self._stats_grouped("member_id", guild_id, since, None)
        )
        return StatsWindow(label, totals, rank(channels), rank(members))

    async def _stats_totals(self, guild_id: int, since: int, member_id: int | None) -> Totals:
        tags = await self._fetchone(*stats_query(TAG_TOTALS_SQL, guild_id, since, member_id))
        violations = await self._fetchone(
            *stats_query(VIOLATION_TOTALS_SQL, guild_id, since, member_id)
        )
        actions = await self._fetchall(*stats_query(ACTION_TOTALS_SQL, guild_id, since, member_id))
        return Totals(
            tagged_messages=int(tags["messages"]) if tags else 0,
            tagged_segments=int(tags["segments"]) if tags else 0,
            violations=int(violations["n"]) if violations else 0,
            actions={str(row["action"]): int(row["n"]) for row in actions},
        )

    async def _stats_grouped(
        self, column: str, guild_id: int, since: int, member_id: int | None
    ) -> list[CountRow]:
        tag_rows = await self._fetchall(
            *stats_query(TAGS_GROUPED_SQL, guild_id, since, member_id, column)
        )
        violation_rows = await self._fetchall(
            *stats_query(VIOLATIONS_GROUPED_SQL, guild_id, since, member_id, column)
        )
        return [
            *(CountRow(int(r["key"]), int(r["messages"]), int(r["segments"])) for r in tag_rows),
            *(CountRow(int(r["key"]), violations=int(r["n"])) for r in violation_rows),
        ]


def stats_query(
    template: str, guild_id: int, since: int, member_id: int | None, column: str = ""
) -> tuple[str, tuple[object, ...]]:
    """One of the stats templates above filled in (SQL and parameters); `column` is the
    grouping of the *_GROUPED_SQL templates."""
    assert column in ("", *STATS_GROUP_COLUMNS)  # fixed by the callers, never user input
    params: tuple[object, ...] = (guild_id, since)
    member_clause = ""
    if member_id is not None:
        member_clause, params = " AND member_id = ?", (*params, member_id)
    return template.format(member=member_clause, column=column), params


def _optional_int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


def _optional_date(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value))
