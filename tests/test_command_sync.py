"""Processes starting together with a changed command tree: exactly one of them syncs it.
Each decides on the hash it read before deciding; reading it again could find the winner's
new hash already stored and "claim" it too (two processes synced, seen in the two-process
end-to-end test). Discord's side is left out here: `tree.sync` is counted, not sent."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from app.bot import LanternBot
from lantern.clock import ManualClock
from lantern.database import Database
from lantern.pack import load_film_pack
from lantern.settings import load_settings
from tests.conftest import OFFLINE_TOKEN


def offline_bots(database: Path, count: int) -> list[LanternBot]:
    settings = load_settings({"DISCORD_TOKEN": OFFLINE_TOKEN, "DATABASE_PATH": str(database)})
    pack = load_film_pack(settings.film_pack_dir)
    return [
        LanternBot(
            settings=settings,
            db=Database(settings.database_target),
            pack=pack,
            clock=ManualClock(),
            message_content=True,
        )
        for _ in range(count)
    ]


async def test_of_processes_starting_together_exactly_one_syncs(tmp_path: Path) -> None:
    bots = offline_bots(tmp_path / "shared.db", 4)
    synced: list[int] = []
    for number, bot in enumerate(bots):
        await bot.db.open()

        async def sync(*_: Any, number: int = number, **__: Any) -> list[Any]:
            synced.append(number)
            return []

        bot.tree.sync = sync  # type: ignore[method-assign]
    try:
        await asyncio.gather(*(bot.sync_commands() for bot in bots))
        assert len(synced) == 1, synced
        await asyncio.gather(*(bot.sync_commands() for bot in bots))  # unchanged now
        assert len(synced) == 1, synced
    finally:
        for bot in bots:
            await bot.close()


async def test_a_process_that_read_the_old_hash_before_another_synced_does_not_sync(
    tmp_path: Path,
) -> None:
    """The race itself, made certain: the second process reads the old hash, the first then
    syncs and stores the new one, and only then does the second go on."""
    first, second = offline_bots(tmp_path / "shared.db", 2)
    synced: list[str] = []
    first_done = asyncio.Event()
    read_by_second = second.db.core.get_meta
    reads = 0

    async def stale_first_read(key: str) -> str | None:
        nonlocal reads
        reads += 1
        value = await read_by_second(key)
        if reads == 1:
            await first_done.wait()  # what it read is old by the time it acts on it
        return value

    for name, bot in (("first", first), ("second", second)):
        await bot.db.open()

        async def sync(*_: Any, name: str = name, **__: Any) -> list[Any]:
            synced.append(name)
            return []

        bot.tree.sync = sync  # type: ignore[method-assign]
    second.db.core.get_meta = stale_first_read  # type: ignore[method-assign]
    try:
        waiting = asyncio.create_task(second.sync_commands())
        await asyncio.sleep(0.05)
        await first.sync_commands()
        first_done.set()
        await waiting
        assert synced == ["first"]
    finally:
        for bot in (first, second):
            await bot.close()
