"""Spoiler configuration and tracking in a real SQLite database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from lantern.database import Database
from lantern.database.spoilers import (
    STATS_GROUP_COLUMNS,
    STATS_GROUPED_SQL,
    STATS_TOTALS_SQL,
    stats_query,
)
from lantern.spoilers.policy import DEFAULT_MODE, Mode
from lantern.spoilers.terms import clean_term

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
GUILD, OTHER_GUILD = 1, 2
GENERAL, SPOILERS, QUIZ = 10, 20, 30
ALICE, BOB = 100, 200


async def test_fresh_guild_has_defaults(db: Database) -> None:
    config = await db.spoilers.spoiler_config(GUILD)
    assert config.mode is Mode.WARN
    assert (config.terms, config.exempt_role_ids, config.spoiler_channel_ids) == ((), set(), set())
    assert (config.log_channel_id, config.embargo_until) == (None, None)


async def test_configuration_round_trip_and_isolation(db: Database) -> None:
    assert await db.spoilers.add_spoiler_channel(GUILD, SPOILERS)
    assert not await db.spoilers.add_spoiler_channel(GUILD, SPOILERS)
    assert await db.spoilers.add_spoiler_term(GUILD, clean_term("Secret Twin"), ALICE, NOW)
    assert not await db.spoilers.add_spoiler_term(GUILD, clean_term("secret   twin"), ALICE, NOW)
    assert await db.spoilers.add_spoiler_exempt_role(GUILD, 7)
    await db.spoilers.set_spoiler_mode(GUILD, Mode.DELETE)
    await db.spoilers.set_spoiler_log_channel(GUILD, QUIZ)
    await db.spoilers.set_spoiler_embargo(GUILD, date(2026, 12, 31))

    config = await db.spoilers.spoiler_config(GUILD)
    assert config.mode is Mode.DELETE
    assert config.terms == ("Secret Twin",)
    assert config.exempt_role_ids == {7}
    assert config.spoiler_channel_ids == {SPOILERS}
    assert config.log_channel_id == QUIZ
    assert config.embargo_until == date(2026, 12, 31)
    assert await db.spoilers.is_spoiler_channel(GUILD, SPOILERS)
    assert await db.spoilers.spoiler_channel_ids(GUILD) == {SPOILERS}

    other = await db.spoilers.spoiler_config(OTHER_GUILD)
    assert (other.mode, other.terms, other.spoiler_channel_ids) == (Mode.WARN, (), set())
    assert not await db.spoilers.is_spoiler_channel(OTHER_GUILD, SPOILERS)


@pytest.mark.parametrize("setting", ["mode", "log_channel", "embargo"])
async def test_a_first_setting_leaves_the_others_at_their_defaults(
    db: Database, setting: str
) -> None:
    embargo = date(2026, 12, 31)
    setters = {
        "mode": lambda: db.spoilers.set_spoiler_mode(GUILD, Mode.WRAP),
        "log_channel": lambda: db.spoilers.set_spoiler_log_channel(GUILD, QUIZ),
        "embargo": lambda: db.spoilers.set_spoiler_embargo(GUILD, embargo),
    }
    await setters[setting]()
    config = await db.spoilers.spoiler_config(GUILD)
    assert config.mode is (Mode.WRAP if setting == "mode" else DEFAULT_MODE)
    assert config.log_channel_id == (QUIZ if setting == "log_channel" else None)
    assert config.embargo_until == (embargo if setting == "embargo" else None)


async def test_removals_and_clears(db: Database) -> None:
    await db.spoilers.add_spoiler_channel(GUILD, SPOILERS)
    await db.spoilers.add_spoiler_term(GUILD, clean_term("twin"), ALICE, NOW)
    await db.spoilers.add_spoiler_exempt_role(GUILD, 7)
    await db.spoilers.set_spoiler_log_channel(GUILD, QUIZ)
    await db.spoilers.set_spoiler_embargo(GUILD, date(2026, 12, 31))
    assert await db.spoilers.remove_spoiler_channel(GUILD, SPOILERS)
    assert not await db.spoilers.remove_spoiler_channel(GUILD, SPOILERS)
    assert await db.spoilers.remove_spoiler_term(GUILD, clean_term("TWIN").canonical)
    assert await db.spoilers.remove_spoiler_exempt_role(GUILD, 7)
    await db.spoilers.set_spoiler_log_channel(GUILD, None)
    await db.spoilers.set_spoiler_embargo(GUILD, None)
    config = await db.spoilers.spoiler_config(GUILD)
    assert (config.terms, config.exempt_role_ids, config.spoiler_channel_ids) == ((), set(), set())
    assert (config.log_channel_id, config.embargo_until) == (None, None)


async def test_notices_are_recorded_once_until_cleared(db: Database) -> None:
    assert await db.spoilers.record_spoiler_notice(
        GUILD, "missing:manage_webhooks", "in #general", NOW
    )
    assert not await db.spoilers.record_spoiler_notice(
        GUILD, "missing:manage_webhooks", "again", NOW
    )
    assert await db.spoilers.spoiler_notices(GUILD) == {"missing:manage_webhooks": "in #general"}
    assert await db.spoilers.spoiler_notices(OTHER_GUILD) == {}
    assert await db.spoilers.clear_spoiler_notice(GUILD, "missing:manage_webhooks")
    assert await db.spoilers.record_spoiler_notice(GUILD, "missing:manage_webhooks", "later", NOW)


async def test_one_success_clears_both_kinds_of_notice_for_that_mode(db: Database) -> None:
    await db.spoilers.record_spoiler_notice(GUILD, "missing:wrap", "no webhooks", NOW)
    await db.spoilers.record_spoiler_notice(GUILD, "forbidden:wrap", "403", NOW)
    await db.spoilers.record_spoiler_notice(GUILD, "missing:delete", "no manage messages", NOW)
    assert await db.spoilers.clear_spoiler_notice(GUILD, "missing:wrap", "forbidden:wrap")
    assert await db.spoilers.spoiler_notices(GUILD) == {"missing:delete": "no manage messages"}
    assert not await db.spoilers.clear_spoiler_notice(GUILD, "missing:wrap", "forbidden:wrap")


async def violation(db: Database, member: int, channel: int, when: datetime, action: Mode) -> None:
    violation_id = await db.spoilers.record_spoiler_violation(
        guild_id=GUILD,
        channel_id=channel,
        member_id=member,
        message_id=int(when.timestamp()),
        source="create",
        terms=["penance"],
        now=when,
    )
    await db.spoilers.record_spoiler_action(
        violation_id=violation_id,
        action=action,
        configured=action,
        outcome="done",
        detail="",
        now=when,
    )


async def tag(
    db: Database, member: int, channel: int, message: int, segments: int, when: datetime
) -> None:
    await db.spoilers.record_spoiler_tags(
        guild_id=GUILD,
        channel_id=channel,
        member_id=member,
        message_id=message,
        segments=segments,
        now=when,
    )


async def test_stats_totals_windows_and_rankings(db: Database) -> None:
    old = NOW - timedelta(days=30)
    await tag(db, ALICE, SPOILERS, 1, 2, NOW)
    await tag(db, ALICE, SPOILERS, 2, 1, old)
    await tag(db, BOB, GENERAL, 3, 1, NOW)
    await violation(db, BOB, GENERAL, NOW, Mode.WRAP)
    await violation(db, BOB, GENERAL, old, Mode.WARN)

    report = await db.spoilers.spoiler_stats(GUILD, NOW)
    everything, recent = report.all_time, report.recent
    assert (everything.totals.tagged_messages, everything.totals.tagged_segments) == (3, 4)
    assert everything.totals.violations == 2
    assert everything.totals.actions == {"wrap": 1, "warn": 1}
    assert (recent.totals.tagged_messages, recent.totals.tagged_segments) == (2, 3)
    assert recent.totals.actions == {"wrap": 1}
    # Ties in activity (segments + violations) go to the member with more tagged messages.
    assert [(r.key, r.tagged_segments, r.violations) for r in everything.top_members] == [
        (ALICE, 3, 0),
        (BOB, 1, 2),
    ]
    # ...and then to the smaller id, so the order is stable.
    assert [r.key for r in recent.top_channels] == [GENERAL, SPOILERS]

    mine = await db.spoilers.spoiler_stats(GUILD, NOW, member_id=ALICE)
    assert mine.all_time.totals.tagged_segments == 3
    assert mine.all_time.totals.violations == 0
    assert mine.all_time.top_members == ()
    assert [r.key for r in mine.all_time.top_channels] == [SPOILERS]
    assert (await db.spoilers.spoiler_stats(OTHER_GUILD, NOW)).all_time.totals.tagged_messages == 0


async def test_an_edit_updates_the_tag_count_and_removing_tags_forgets_it(db: Database) -> None:
    await tag(db, ALICE, GENERAL, 1, 1, NOW)
    await tag(db, ALICE, GENERAL, 1, 3, NOW)
    assert (await db.spoilers.spoiler_stats(GUILD, NOW)).all_time.totals.tagged_segments == 3
    await tag(db, ALICE, GENERAL, 1, 0, NOW)
    assert (await db.spoilers.spoiler_stats(GUILD, NOW)).all_time.totals.tagged_messages == 0


def stats_queries(member_id: int | None) -> list[tuple[str, tuple[object, ...]]]:
    """Every stats query the code runs, filled in by the same builder `spoiler_stats` uses."""
    totals = [stats_query(template, GUILD, 0, member_id) for template in STATS_TOTALS_SQL]
    grouped = [
        stats_query(template, GUILD, 0, member_id, column)
        for template in STATS_GROUPED_SQL
        for column in STATS_GROUP_COLUMNS
    ]
    return totals + grouped


async def assert_postgres_can_use_indexes(db: Database, member_id: int | None) -> None:
    """PostgreSQL plans by table statistics (an empty table is scanned): with scans priced
    out, each query must find an index whose condition starts with the guild and the time
    (which of the two indexes serves one member's rows is the planner's call on real data)."""
    for sql, params in stats_queries(member_id):
        async with db.transaction() as tx:
            await tx.execute("SET LOCAL enable_seqscan = off")
            rows = await tx.fetchall(f"EXPLAIN {sql}", params)
        plan = "\n".join(str(row[0]) for row in rows)
        assert "Index" in plan and "Seq Scan" not in plan, (sql, plan)
        assert "Index Cond: ((guild_id = " in plan and "created_at >= " in plan, (sql, plan)


@pytest.mark.parametrize("member_id", [None, ALICE])
async def test_stats_queries_use_indexes(db: Database, member_id: int | None) -> None:
    if db.dialect == "postgres":
        await assert_postgres_can_use_indexes(db, member_id)
        return
    for sql, params in stats_queries(member_id):
        rows = await db._fetchall(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [str(row["detail"]) for row in rows]
        search = plan[0]  # the table access; a GROUP BY may add a sort step after it
        assert search.startswith("SEARCH spoiler_") and "INDEX" in search, (sql, plan)
        assert "guild_id=?" in search, (sql, plan)
        if member_id is not None:  # one member's stats read only that member's rows
            assert "_member_time" in search and "member_id=?" in search, (sql, plan)
