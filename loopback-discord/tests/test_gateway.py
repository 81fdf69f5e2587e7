"""Gateway behaviour: RESUME after a dropped connection, op 7, close codes 4004 and 4014."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import discord as discordpy
import pytest
from discord.ext import commands

from loopback_bots import make_bot, point_discordpy_at
from loopback_discord import Driver, Intent, LoopbackDiscord
from loopback_discord.gateway import IDENTIFY_WINDOW


def build_bot() -> commands.Bot:
    bot = make_bot(sync_commands=True)

    @bot.tree.command(description="Check that the bot answers")
    async def ping(interaction: discordpy.Interaction) -> None:
        await interaction.response.send_message("pong")

    return bot


@pytest.fixture
def bot_factory():
    return build_bot


async def test_dropped_gateway_resumes_without_identify(discord: Driver, running_bot) -> None:
    await discord.wait_for_commands()
    discord.drop_gateway()
    await discord.wait_for_resume()
    assert discord.identify_count == 1
    reply = await discord.slash("ping", user=discord.alice)
    assert reply.content == "pong"


async def test_events_missed_while_disconnected_are_replayed(discord: Driver, running_bot) -> None:
    seen: list[int] = []
    arrived = asyncio.Event()

    async def on_message(message: discordpy.Message) -> None:
        seen.append(message.id)
        arrived.set()

    running_bot.bot.add_listener(on_message)
    discord.drop_gateway()
    # Posted while the bot is away: it must arrive through the RESUME replay.
    missed = await discord.say(discord.general, "while you were out", user=discord.bob)
    await discord.wait_for_resume()
    await asyncio.wait_for(arrived.wait(), 2)
    assert seen == [missed.id]
    assert discord.identify_count == 1


async def test_op7_reconnect_resumes(discord: Driver, running_bot) -> None:
    discord.send_reconnect()
    await discord.wait_for_resume()
    assert discord.identify_count == 1
    assert (await discord.slash("ping", user=discord.bob)).content == "pong"


async def test_restart_identifies_again(discord: Driver, running_bot) -> None:
    discord.advance_time(IDENTIFY_WINDOW)  # past the last IDENTIFY's window, as a later restart
    await discord.restart_bot()
    assert discord.identify_count == 2
    assert (await discord.slash("ping", user=discord.alice)).content == "pong"


async def test_bad_token_fails_login(loopback_server: LoopbackDiscord) -> None:
    point_discordpy_at(loopback_server)
    bot = make_bot()
    with pytest.raises(discordpy.LoginFailure):
        await bot.login("not-the-token")
    await bot.close()


async def test_bad_token_on_the_gateway_closes_4004(loopback_server: LoopbackDiscord) -> None:
    point_discordpy_at(loopback_server)
    bot = make_bot()
    await bot.login(loopback_server.token)
    bot.http.token = "stolen-and-revoked"
    with pytest.raises(discordpy.ConnectionClosed) as closed:
        await asyncio.wait_for(bot.connect(reconnect=True), 5)
    assert closed.value.code == 4004
    await bot.close()


async def test_raw_identify_with_bad_token_gets_4004(loopback_server: LoopbackDiscord) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(loopback_server.gateway_url) as ws,
    ):
        hello = json.loads((await ws.receive()).data)
        assert hello["op"] == 10
        await ws.send_str(
            json.dumps({"op": 2, "d": {"token": "nope", "intents": 0, "properties": {}}})
        )
        await ws.receive()
        assert ws.close_code == 4004


async def test_privileged_intent_not_enabled_closes_4014(loopback_server: LoopbackDiscord) -> None:
    point_discordpy_at(loopback_server)
    intents = discordpy.Intents.default()
    intents.members = True  # the emulated portal enables only Message Content
    bot = make_bot(intents)
    with pytest.raises(discordpy.PrivilegedIntentsRequired):
        await asyncio.wait_for(bot.start(loopback_server.token), 5)
    await bot.close()


@pytest.mark.loopback(portal_privileged_intents=Intent.MESSAGE_CONTENT | Intent.GUILD_MEMBERS)
async def test_granted_privileged_intents_connect(
    loopback_server: LoopbackDiscord, discord: Driver
) -> None:
    point_discordpy_at(loopback_server)
    intents = discordpy.Intents.default()
    intents.members = intents.message_content = True
    bot = make_bot(intents)
    task = asyncio.create_task(bot.start(loopback_server.token))
    try:
        await discord.wait_until_ready()
        await asyncio.wait_for(bot.wait_until_ready(), 5)  # the bot's own READY: members chunked
        guild = bot.get_guild(discord.guild.id)
        assert guild is not None and guild.get_member(discord.alice.id) is not None
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)


async def test_invalid_session_makes_the_bot_identify_again(discord: Driver, running_bot) -> None:
    async def identify_at_once(shard_id: int | None, *, initial: bool = False) -> None:
        return None  # discord.py waits 5 s before a re-IDENTIFY; not worth it here

    running_bot.bot.before_identify_hook = identify_at_once
    discord.advance_time(IDENTIFY_WINDOW)  # else the re-IDENTIFY is refused until 5 s pass
    discord.invalidate_session()
    await discord.wait_until_ready(identifies=2)
    assert discord.resume_count == 0
    assert (await discord.slash("ping", user=discord.alice)).content == "pong"


async def test_events_follow_the_identify_intents(discord: Driver, running_bot) -> None:
    # Default intents: no GUILD_MEMBERS, so member updates are not sent, role updates are.
    events: list[str] = []

    async def on_socket_event_type(event_type: str) -> None:
        events.append(event_type)

    running_bot.bot.add_listener(on_socket_event_type)
    discord.set_roles(discord.alice)
    discord.set_role_permissions(discord.role("Moderators"), 0)
    await discord.say(discord.general, "sync point", user=discord.bob)
    await discord.wait_until(lambda: "MESSAGE_CREATE" in events)
    assert "GUILD_ROLE_UPDATE" in events and "GUILD_MEMBER_UPDATE" not in events
