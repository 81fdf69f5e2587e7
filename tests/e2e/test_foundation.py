"""The bot as a server owner meets it: it connects, syncs, answers, survives a dropped
connection, shuts down cleanly and explains what is wrong when it can't start."""

from __future__ import annotations

import asyncio
import logging
import re
import signal

import pytest

from lantern.database import Database
from lantern.identify import TURN_SPACING
from loopback_discord import Driver, Intent, LoopbackDiscord, Reply

pytestmark = pytest.mark.e2e

EXPECTED_COMMANDS = {"trivia", "quote", "film", "spoilers", "spoiler"}


async def test_connects_syncs_its_commands_and_answers(discord: Driver, alice) -> None:
    names = {command["name"] for command in discord.commands()}
    assert names >= EXPECTED_COMMANDS
    reply = await discord.slash("film about", user=alice, channel=discord.general)
    assert "Love Lights My Way Back Home" in reply.embed.title


async def test_restart_does_not_resync_an_unchanged_tree(
    discord: Driver, loopback_server: LoopbackDiscord, alice
) -> None:
    syncs = loopback_server.commands.sync_count
    await discord.restart_bot()
    assert loopback_server.commands.sync_count == syncs
    reply = await discord.slash("film about", user=alice)
    assert reply.embed.title


async def test_sync_flag_forces_a_sync_of_an_unchanged_tree(
    discord: Driver, lantern, loopback_server: LoopbackDiscord
) -> None:
    syncs = loopback_server.commands.sync_count
    lantern.force_sync = True
    await discord.restart_bot()
    assert loopback_server.commands.sync_count == syncs + 1


@pytest.mark.lantern(dev_guild=True)
async def test_dev_guild_gets_the_commands_instantly_and_global_stays_empty(
    discord: Driver, alice
) -> None:
    assert discord.commands() == []
    names = {command["name"] for command in discord.commands(guild=True)}
    assert names >= EXPECTED_COMMANDS
    assert (await discord.slash("film about", user=alice)).embed.title


async def test_dropped_gateway_resumes_without_identifying_again(discord: Driver, alice) -> None:
    identifies = discord.identify_count
    discord.drop_gateway()
    await discord.wait_for_resume()
    assert discord.identify_count == identifies
    reply = await discord.slash("film about", user=alice)
    assert "Love Lights" in reply.embed.title


async def test_reconnect_request_is_honoured(discord: Driver, alice) -> None:
    identifies = discord.identify_count
    discord.send_reconnect()
    await discord.wait_for_resume()
    assert discord.identify_count == identifies
    assert (await discord.slash("film about", user=alice)).embed.title


@pytest.mark.loopback(portal_privileged_intents=0)
async def test_without_the_message_content_intent_everything_else_works(
    discord: Driver, lantern, alice, caplog: pytest.LogCaptureFixture
) -> None:
    assert lantern.bot.message_content_enabled is False
    # What Discord saw: the session that is up identified without the privileged intent.
    assert discord.server.gateway.connected
    assert not discord.server.gateway.intents & Intent.MESSAGE_CONTENT
    started = " ".join(record.getMessage() for record in caplog.get_records("setup"))
    assert "Message Content Intent" in started
    reply = await discord.slash("film about", user=alice)
    assert reply.embed.title


def assert_error_logged_under_its_ref(reply: Reply, caplog: pytest.LogCaptureFixture) -> None:
    """The user gets a private "something went wrong (ref X)"; the log has the traceback under X,
    so an owner can match a user's report to the error."""
    assert reply.ephemeral
    match = re.search(r"something went wrong.*\(ref ([0-9A-F]{6})\)", reply.content)
    assert match, reply.content
    logged = [
        r for r in caplog.records if r.levelno == logging.ERROR and match.group(1) in r.message
    ]
    assert logged and logged[0].exc_info is not None


async def test_an_unexpected_error_is_logged_with_the_reference_the_user_sees(
    discord: Driver, lantern, alice, caplog: pytest.LogCaptureFixture
) -> None:
    await lantern.bot.db.close()  # the database goes away under the bot
    reply = await discord.slash("trivia stats", user=alice, channel=discord.quiz)
    assert_error_logged_under_its_ref(reply, caplog)
    await lantern.bot.db.open()  # so the fixture's shutdown is an ordinary one


async def test_an_unexpected_error_in_a_button_takes_the_same_path(
    discord: Driver, lantern, alice, caplog: pytest.LogCaptureFixture
) -> None:
    search = await discord.slash("quote search", user=alice, text="jade")
    await lantern.bot.db.close()  # the click needs the saved search, and the database is gone
    reply = await discord.click(search, "Next match", user=alice)
    assert_error_logged_under_its_ref(reply, caplog)
    await lantern.bot.db.open()  # so the fixture's shutdown is an ordinary one


async def test_a_domain_error_is_a_friendly_private_reply(discord: Driver, alice) -> None:
    reply = await discord.slash("spoilers mode", user=alice, mode="delete")
    assert reply.ephemeral
    assert "Manage Server" in reply.content
    assert "went wrong" not in reply.content


@pytest.mark.lantern(subprocess=True)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_a_stop_signal_shuts_down_cleanly(discord: Driver, lantern, alice, signum) -> None:
    reply = await discord.slash("film about", user=alice)
    assert reply.embed.title
    returncode = await asyncio.wait_for(lantern.end(signum), 5)
    assert returncode == 0
    assert "Traceback" not in lantern.output()
    assert not discord.server.gateway.connected


@pytest.mark.lantern(subprocess=True, start=False)
async def test_a_stop_signal_while_waiting_for_the_identify_turn_shuts_down_cleanly(
    discord: Driver, lantern, tmp_path
) -> None:
    db = Database(tmp_path / "lantern.sqlite3")  # the bot's database (tests/e2e/conftest.py)
    await db.open()
    try:  # as another process would that has just identified
        assert await db.core.claim_identify_turn(0, TURN_SPACING) == 0.0
    finally:
        await db.close()
    await lantern.start()
    await discord.wait_until(lambda: "for its IDENTIFY turn" in lantern.output(), timeout=15)
    assert await lantern.end(signal.SIGTERM) == 0
    assert "Traceback" not in lantern.output()
    assert discord.identify_count == 0  # told to stop, it never identified


@pytest.mark.lantern(
    subprocess=True,
    start=False,
    env={"DISCORD_TOKEN": "MTIzNDU2Nzg5MDEyMzQ1Njc4.AbCdEf.not-the-token-discord-knows-00"},
)
async def test_a_token_discord_rejects_stops_with_one_line_and_exit_2(lantern) -> None:
    await lantern.start()
    returncode = await lantern.wait(30)
    printed = lantern.output()
    assert returncode == 2
    assert printed.strip().splitlines()[-1].startswith("error: DISCORD_TOKEN: Discord rejected")
    assert "Traceback" not in printed


@pytest.mark.lantern(subprocess=True, start=False, env={"LOG_LEVEL": "DEBUG"})
async def test_the_log_file_never_holds_the_token(
    discord: Driver, lantern, loopback_server: LoopbackDiscord, alice, tmp_path
) -> None:
    log_file = tmp_path / "lantern.log"
    lantern.env["LOG_FILE"] = str(log_file)
    await discord.start_bot()
    await discord.wait_for_commands()
    await discord.slash("film about", user=alice)
    await lantern.stop()
    assert lantern.returncode == 0
    logged = log_file.read_text(encoding="utf-8")
    assert "Synced" in logged
    assert loopback_server.token not in logged
