"""A bot in its own process, restarted and SIGKILLed through the BotHandle protocol."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from loopback_discord import Driver, LoopbackDiscord
from loopback_discord.gateway import IDENTIFY_WINDOW
from loopback_discord.process import SubprocessBot, bot_environment

BOT_SCRIPT = Path(__file__).with_name("standalone_bot.py")


@pytest.fixture
async def process_bot(
    discord: Driver, loopback_server: LoopbackDiscord
) -> AsyncIterator[SubprocessBot]:
    handle = SubprocessBot(
        [sys.executable, str(BOT_SCRIPT)], env=bot_environment(loopback_server), stop_timeout=5
    )
    discord.attach_bot(handle)
    await discord.start_bot()
    try:
        yield handle
    finally:
        await handle.stop()


async def test_process_bot_answers_and_stops_cleanly_on_sigterm(
    discord: Driver, process_bot: SubprocessBot
) -> None:
    reply = await discord.slash("ping", user=discord.alice)
    assert reply.content.startswith("pong from ")
    await process_bot.stop()
    assert process_bot.returncode == 0, process_bot.output()


async def test_sigkill_then_restart(discord: Driver, process_bot: SubprocessBot) -> None:
    first = await discord.slash("ping", user=discord.alice)
    await discord.kill_bot()
    assert process_bot.returncode == -9
    discord.advance_time(IDENTIFY_WINDOW)  # else discord.py is refused once and waits 5 s
    await discord.restart_bot()
    second = await discord.slash("ping", user=discord.bob)
    assert second.content != first.content  # another process answered
    assert discord.identify_count == 2
