"""Sharding as Discord does it: GET /gateway/bot recommends shards and says how many may
identify at once; IDENTIFY's `shard` decides which guilds a session receives, and every event
goes to the session owning its guild (DMs to shard 0); a shard id out of range is closed with
4010, a session that would own too many guilds with 4011; an IDENTIFY less than 5 s after the
last one of its bucket (`shard_id % max_concurrency`) gets op 9 Invalid Session."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import discord as discordpy
from discord.ext import commands

from loopback_bots import point_discordpy_at
from loopback_discord import Driver, LoopbackDiscord
from loopback_discord.gateway import shard_of

GUILDS_AND_MESSAGES = 1 | 1 << 9


@asynccontextmanager
async def raw_session(server: LoopbackDiscord, shard: Any) -> AsyncIterator[Any]:
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(server.gateway_url) as ws,
    ):
        assert json.loads((await ws.receive()).data)["op"] == 10
        await send_identify(ws, server, shard)
        yield ws


async def send_identify(ws: Any, server: LoopbackDiscord, shard: Any) -> None:
    identify = {"token": server.token, "intents": GUILDS_AND_MESSAGES, "properties": {}}
    await ws.send_str(json.dumps({"op": 2, "d": {**identify, "shard": shard}}))


async def identify_answer(ws: Any) -> dict[str, Any]:
    """What the gateway says to an IDENTIFY: READY (a dispatch) or op 9."""
    message = await asyncio.wait_for(ws.receive(), 5)
    assert message.type == aiohttp.WSMsgType.TEXT, (message.type, ws.close_code)
    frame: dict[str, Any] = json.loads(message.data)
    return frame


def is_ready(frame: dict[str, Any]) -> bool:
    return frame.get("t") == "READY"


INVALID_SESSION = {"op": 9, "d": False}


async def frames_until(ws: Any, event: str, count: int = 1) -> list[dict[str, Any]]:
    """Frames up to and including the `count`-th `event`."""
    frames: list[dict[str, Any]] = []
    while sum(frame.get("t") == event for frame in frames) < count:
        message = await asyncio.wait_for(ws.receive(), 5)
        assert message.type == aiohttp.WSMsgType.TEXT, (message.type, ws.close_code)
        frames.append(json.loads(message.data))
    return frames


def guild_ids(frames: list[dict[str, Any]]) -> set[int]:
    return {int(f["d"]["id"]) for f in frames if f.get("t") == "GUILD_CREATE"}


async def test_gateway_bot_recommends_shards_and_the_identify_budget(
    loopback_server: LoopbackDiscord, discord: Driver
) -> None:
    for number in range(1500):  # with the standard guild: 1,501, two shards at ~1,000 each
        loopback_server.state.add_guild(f"g{number}", discord.alice)
    loopback_server.max_concurrency = 16
    headers = {"Authorization": f"Bot {loopback_server.token}"}
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{loopback_server.api_url}/gateway/bot", headers=headers) as response,
    ):
        body = await response.json()
    assert body["shards"] == 2
    assert body["session_start_limit"]["max_concurrency"] == 16
    assert body["url"] == loopback_server.gateway_url


async def test_each_shard_gets_its_own_guilds_and_their_events(
    loopback_server: LoopbackDiscord, discord: Driver
) -> None:
    extra = [discord.add_guild(f"Guild {n}", members=[discord.bob]) for n in range(5)]
    everything = set(loopback_server.state.guilds)
    loopback_server.max_concurrency = 2  # both shards may identify at once
    async with (
        raw_session(loopback_server, [0, 2]) as zero,
        raw_session(loopback_server, [1, 2]) as one,
    ):
        seen = {0: await frames_until(zero, "READY"), 1: await frames_until(one, "READY")}
        for shard, ws in ((0, zero), (1, one)):
            ready = seen[shard][-1]["d"]
            owned = {g for g in everything if shard_of(g, 2) == shard}
            assert {int(g["id"]) for g in ready["guilds"]} == owned and ready["shard"] == [shard, 2]
            assert guild_ids(await frames_until(ws, "GUILD_CREATE", len(owned))) == owned
        for channel in extra[:2]:  # consecutive guilds: one on each shard
            await discord.say(channel, "hello", user=discord.bob)
            owner = zero if shard_of(channel.guild_id, 2) == 0 else one
            created = (await frames_until(owner, "MESSAGE_CREATE"))[-1]
            assert int(created["d"]["guild_id"]) == channel.guild_id
        await assert_nothing_arrives(zero, one)  # the other shard never saw either message


async def assert_nothing_arrives(*sockets: Any) -> None:
    """Each message went to its owner only: no socket has anything left to read."""
    for ws in sockets:
        try:
            message = await asyncio.wait_for(ws.receive(), 0.3)
        except TimeoutError:
            continue
        frame = json.loads(message.data)
        assert frame.get("t") != "MESSAGE_CREATE", frame


async def test_a_shard_id_out_of_range_is_closed_with_4010(
    loopback_server: LoopbackDiscord,
) -> None:
    for shard in ([2, 2], [0, 0], [-1, 3], "0", [0, 1, 2]):
        async with raw_session(loopback_server, shard) as ws:
            await ws.receive()
            assert ws.close_code == 4010, shard


async def test_too_many_guilds_for_one_session_is_closed_with_4011(
    loopback_server: LoopbackDiscord, discord: Driver
) -> None:
    discord.add_guild("Second")
    loopback_server.gateway.max_guilds_per_shard = 1
    async with raw_session(loopback_server, [0, 1]) as ws:
        await ws.receive()
        assert ws.close_code == 4011


async def test_discordpy_runs_two_shards_against_it(
    loopback_server: LoopbackDiscord, discord: Driver
) -> None:
    channels = [discord.add_guild(f"Guild {n}", members=[discord.bob]) for n in range(4)]
    loopback_server.max_concurrency = 2  # both shards identify at once (else 5 s apart)
    point_discordpy_at(loopback_server)
    intents = discordpy.Intents.none()
    intents.guilds = intents.guild_messages = True
    bot = commands.AutoShardedBot(
        command_prefix="!", intents=intents, shard_count=2, guild_ready_timeout=0.05
    )
    arrived: list[tuple[int, int]] = []

    async def on_message(message: discordpy.Message) -> None:
        assert message.guild is not None
        arrived.append((message.guild.id, message.guild.shard_id))

    bot.add_listener(on_message)
    task = asyncio.create_task(bot.start(loopback_server.token))
    try:
        await discord.wait_until_ready(identifies=2)
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        assert {g.id for g in bot.guilds} == set(loopback_server.state.guilds)
        assert all(g.shard_id == shard_of(g.id, 2) for g in bot.guilds)
        for channel in channels:
            await discord.say(channel, "hi", user=discord.bob)
        await discord.wait_until(lambda: len(arrived) == len(channels))
        assert sorted(arrived) == sorted((c.guild_id, shard_of(c.guild_id, 2)) for c in channels)
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)


async def test_an_identify_too_soon_in_its_bucket_gets_invalid_session(
    loopback_server: LoopbackDiscord, discord: Driver
) -> None:
    async with raw_session(loopback_server, [0, 2]) as zero:
        assert is_ready(await identify_answer(zero))
        async with raw_session(loopback_server, [1, 2]) as one:  # bucket 1 % 1 == 0: too soon
            assert await identify_answer(one) == INVALID_SESSION
            assert (1, 2) not in loopback_server.gateway.sessions  # no session was made
            assert discord.identify_refused == 1 and discord.identify_count == 1
            discord.advance_time(4.9)  # the window is measured on the emulated clock
            await send_identify(one, loopback_server, [1, 2])
            assert await identify_answer(one) == INVALID_SESSION
            discord.advance_time(0.1)  # 5 s after the accepted one (refusals do not count)
            await send_identify(one, loopback_server, [1, 2])  # the same connection may retry
            assert is_ready(await identify_answer(one))
    assert discord.identify_refused == 2 and discord.identify_count == 2


async def test_each_bucket_has_a_window_of_its_own(
    loopback_server: LoopbackDiscord, discord: Driver
) -> None:
    loopback_server.max_concurrency = 2
    async with (
        raw_session(loopback_server, [0, 4]) as zero,
        raw_session(loopback_server, [1, 4]) as one,
    ):
        assert is_ready(await identify_answer(zero)) and is_ready(await identify_answer(one))
        async with (
            raw_session(loopback_server, [2, 4]) as two,  # bucket 0 again
            raw_session(loopback_server, [3, 4]) as three,  # bucket 1 again
        ):
            assert await identify_answer(two) == INVALID_SESSION
            assert await identify_answer(three) == INVALID_SESSION
    assert discord.identify_refused == 2 and discord.identify_count == 2


async def test_a_quick_reidentify_of_the_same_shard_is_refused(
    loopback_server: LoopbackDiscord, discord: Driver
) -> None:
    """A restart right after an IDENTIFY (a process killed and started again): refused."""
    async with raw_session(loopback_server, [0, 1]) as first:
        assert is_ready(await identify_answer(first))
    async with raw_session(loopback_server, [0, 1]) as again:
        assert await identify_answer(again) == INVALID_SESSION
    assert discord.identify_refused == 1


async def test_discordpy_shards_that_ignore_the_budget_are_refused(
    loopback_server: LoopbackDiscord, discord: Driver
) -> None:
    """discord.py's own pacing (5 s between shards of one process) knows nothing of a second
    process: two processes of one shard each, started together, are refused until 5 s pass."""
    point_discordpy_at(loopback_server)
    intents = discordpy.Intents.none()
    intents.guilds = True
    bots = [
        commands.AutoShardedBot(
            command_prefix="!",
            intents=intents,
            shard_count=2,
            shard_ids=[shard],
            guild_ready_timeout=0.05,
        )
        for shard in (0, 1)
    ]
    tasks = [asyncio.create_task(bot.start(loopback_server.token)) for bot in bots]
    try:
        await discord.wait_until(lambda: discord.identify_refused >= 1, timeout=10)
        assert discord.identify_count == 1
    finally:
        for bot in bots:
            await bot.close()
        for task in tasks:  # the refused one may still sleep in discord.py's 5 s re-IDENTIFY wait
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
