"""Test-wide configuration: a LanternBot built as `serve` builds it, for tests that need the bot
object but no gateway, and the application's name on the loopback Discord. The loopback's fixtures
(`loopback_server`, `discord`, …) come with the installed loopback-discord package (its pytest11
entry point), not from a line here."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from app.bot import LanternBot
from lantern.clock import ManualClock
from lantern.database import Database
from lantern.pack import load_film_pack
from lantern.settings import load_settings

OFFLINE_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"


@pytest.fixture
def loopback_options() -> dict[str, Any]:
    """The application is Lantern on the loopback Discord, as in the sandbox (its user, its role)."""
    return {"bot_name": "Lantern"}


@pytest.fixture
async def offline_bot(tmp_path: Path) -> AsyncIterator[LanternBot]:
    """Not connected, its database not opened yet; closed afterwards."""
    settings = load_settings(
        {"DISCORD_TOKEN": OFFLINE_TOKEN, "DATABASE_PATH": str(tmp_path / "offline.db")}
    )
    bot = LanternBot(
        settings=settings,
        db=Database(settings.database_path),
        pack=load_film_pack(settings.film_pack_dir),
        clock=ManualClock(),
        message_content=True,
    )
    yield bot
    await bot.close()
