"""WAL checkpoints happen in the background, not inside a member's commit."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from lantern.database import Database
from lantern.database.checkpoint import SAFETY_NET_PAGES, Checkpointer


def file_size(db: Database) -> int:
    return os.path.getsize(db.path)


async def write_some(db: Database, count: int) -> None:
    for number in range(count):
        await db.core.set_meta(f"key{number}", "x" * 500)


async def test_commits_leave_the_log_to_the_background_checkpointer(tmp_path: Path) -> None:
    db = Database(tmp_path / "c.sqlite3")
    await db.open()
    try:
        row = await db._fetchone("PRAGMA wal_autocheckpoint")
        assert row is not None and row[0] == SAFETY_NET_PAGES
        await write_some(db, 50)
        busy, frames, copied = Checkpointer(db.path).checkpoint()
        assert busy == 0 and frames > 0 and copied == frames
        assert await db.core.get_meta("key49") == "x" * 500
    finally:
        await db.close()


async def quick_checkpointer(db: Database) -> Checkpointer:
    """The database's own checkpointer, restarted to tick every 10 ms."""
    await db.open()
    checkpointer = db._checkpointer
    assert checkpointer is not None
    await checkpointer.stop()
    checkpointer.interval = 0.01
    return checkpointer


async def test_the_background_task_checkpoints_and_stops_with_the_database(tmp_path: Path) -> None:
    db = Database(tmp_path / "c.sqlite3")
    checkpointer = await quick_checkpointer(db)
    checkpointer.start()
    before = file_size(db)
    await write_some(db, 100)  # ~50 kB, only in the log until a checkpoint copies it back
    await asyncio.sleep(0.3)
    assert file_size(db) > before
    task = checkpointer._task
    await db.close()
    assert task is not None and task.done()


async def test_an_unchanged_log_is_not_checkpointed(tmp_path: Path) -> None:
    db = Database(tmp_path / "c.sqlite3")
    checkpointer = await quick_checkpointer(db)
    runs: list[tuple[int, int, int]] = []
    real_checkpoint = checkpointer.checkpoint
    checkpointer.checkpoint = lambda: runs.append(real_checkpoint()) or runs[-1]  # type: ignore[method-assign]
    checkpointer.start()
    try:
        await asyncio.sleep(0.2)
        assert runs == []  # idle since start-up: no connection opened, no thread started
        await write_some(db, 10)
        for _ in range(1000):  # patience, not a time limit: a loaded machine may take seconds
            if runs:
                break
            await asyncio.sleep(0.01)
        assert len(runs) >= 1 and runs[-1][1] > 0
        settled = len(runs)
        await asyncio.sleep(0.2)
        assert len(runs) == settled  # nothing new written: nothing more to do
    finally:
        await db.close()


async def test_memory_databases_have_no_checkpointer() -> None:
    db = Database(":memory:")
    await db.open()
    try:
        assert db._checkpointer is None
    finally:
        await db.close()
