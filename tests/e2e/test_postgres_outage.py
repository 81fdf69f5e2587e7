"""PostgreSQL stopped and started again under a stream of trivia clicks: the bot rides it out
by itself. Clicks during the outage are told privately to try again and leave nothing behind;
every acknowledged answer is in the database afterwards; clicks after the restart score
normally; the log says when the database went away and when it came back.

The server here is one of this test's own (not the session's shared one), so stopping it
disturbs no other test."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import asyncpg
import pytest

from lantern.pack import load_film_pack
from lantern.quotes.render import review_markdown
from lantern.settings import PROJECT_ROOT
from lantern.trivia.bank import QuestionBank
from loopback_discord import Driver, SeenMessage
from tests.pgcluster import ClusterError, PostgresCluster

pytestmark = [pytest.mark.e2e, pytest.mark.lantern(start=False)]

TRY_AGAIN = "try again in a moment"
BANK = QuestionBank.from_pack(load_film_pack(PROJECT_ROOT / "data"))


def answer_to(question: SeenMessage) -> str:
    """The bank's answer to the question shown (as in test_trivia.py)."""
    prompt = question.embeds[0].description.split("\n\n")[0].strip("|")
    for candidate in BANK:
        if review_markdown(candidate.prompt) == prompt:
            return candidate.answer
    raise AssertionError(f"no question in the bank reads {prompt!r}")


async def next_question(discord: Driver, channel: object) -> SeenMessage:
    return await discord.wait_for_message(
        channel,
        lambda m: bool(m.embeds and (m.embeds[0].title or "").startswith("Question") and m.buttons),
        timeout=15,
    )


@pytest.fixture
def own_cluster() -> Iterator[PostgresCluster]:
    try:
        cluster = PostgresCluster().start()
    except ClusterError as error:
        pytest.fail(f"the test's PostgreSQL server did not start: {error}", pytrace=False)
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def database_env(own_cluster: PostgresCluster) -> dict[str, str]:
    """The bot's DATABASE_URL: this test's own server (overrides tests/e2e/conftest.py)."""
    return {"DATABASE_URL": own_cluster.url("postgres")}


async def click_all(discord: Driver, question: SeenMessage, users: list) -> list:  # type: ignore[type-arg]
    right = answer_to(question)
    return [await discord.click(question, right, user=user) for user in users]


async def test_a_restart_of_postgresql_under_clicks(
    discord: Driver, own_cluster: PostgresCluster, alice, quiz, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="lantern.database.postgres")
    members = [discord.add_user(f"member{number}") for number in range(24)]
    await discord.start_bot()
    await discord.wait_for_commands()
    await discord.slash("trivia start", user=alice, channel=quiz, rounds=1, seconds=120)
    question = await next_question(discord, quiz)

    before = await click_all(discord, question, members[:8])
    assert all("You picked" in reply.content for reply in before)

    await asyncio.to_thread(own_cluster.stop, "fast")  # every session is terminated
    during = await click_all(discord, question, members[8:14])
    for reply in during:
        assert reply.ephemeral and TRY_AGAIN in reply.content, reply.content
    assert "went away" in caplog.text

    await asyncio.to_thread(own_cluster.start)
    after = await click_all(discord, question, members[14:])
    assert all("You picked" in reply.content for reply in after), [r.content for r in after]
    again = await click_all(discord, question, members[8:14])  # those told to try again
    assert all("You picked" in reply.content for reply in again)
    await discord.wait_until(lambda: "is back after" in caplog.text, timeout=10)

    await every_acknowledged_answer_is_stored(own_cluster, [*members[:8], *members[8:]])


async def every_acknowledged_answer_is_stored(cluster: PostgresCluster, members: list) -> None:  # type: ignore[type-arg]
    conn = await asyncpg.connect(cluster.url("postgres"))
    try:
        answered = {row[0] for row in await conn.fetch("SELECT member_id FROM trivia_answers")}
        totals = await conn.fetch("SELECT member_id, answered FROM trivia_members")
        weekly = await conn.fetchval("SELECT COUNT(*) FROM trivia_weekly")
    finally:
        await conn.close()
    assert answered == {member.id for member in members}  # nothing lost, nothing extra
    assert {row[0]: row[1] for row in totals} == {member.id: 1 for member in members}
    assert weekly == len(members)  # no answer without its totals: nothing half-written


async def test_a_reidentify_while_postgresql_is_away_is_paced_by_the_process(
    discord: Driver, own_cluster: PostgresCluster, alice, caplog: pytest.LogCaptureFixture
) -> None:
    """Discord drops the session while the database is down: the bot cannot ask the database
    for its IDENTIFY turn, so it warns, paces itself and connects again."""
    caplog.set_level(logging.INFO, logger="lantern")
    await discord.start_bot()
    await discord.wait_for_commands()
    await asyncio.to_thread(own_cluster.stop, "fast")
    try:
        discord.invalidate_session()  # op 9: the bot must IDENTIFY again
        await discord.wait_until_ready(identifies=2, timeout=20)
        assert "The database cannot hand out IDENTIFY turns: shard 0" in caplog.text
        assert "Shard 0 waits" in caplog.text  # its own last IDENTIFY was moments ago
        assert discord.identify_refused == 0
        reply = await discord.slash("film about", user=alice)  # needs no database
        assert reply.embed.title
    finally:
        await asyncio.to_thread(own_cluster.start)
