"""Fixtures for the loopback Discord's own tests: a small discord.py bot in the same event loop.
The bots themselves are in loopback_bots.py."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from discord.ext import commands

from loopback_bots import InProcessBot, make_bot
from loopback_discord import Driver, LoopbackDiscord


@pytest.fixture
def bot_factory() -> Callable[[], commands.Bot]:
    """Override in a test module to give the bot its commands."""
    return make_bot


@pytest.fixture
async def running_bot(
    discord: Driver, loopback_server: LoopbackDiscord, bot_factory: Callable[[], commands.Bot]
) -> AsyncIterator[InProcessBot]:
    handle = InProcessBot(loopback_server, bot_factory)
    discord.attach_bot(handle)
    await handle.start()
    await discord.wait_until_ready()
    try:
        yield handle
    finally:
        await handle.stop()
