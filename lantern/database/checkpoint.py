"""WAL checkpoints off the write path.

SQLite copies the write-ahead log back into the database file (a checkpoint, with an fsync) inside
whichever commit pushes the log past `wal_autocheckpoint` pages: with the default 1,000 that was
one scoring click in ~75, and it took ~5 ms instead of ~1 (the benchmark's p99). Here a
background task checkpoints from its own connection in a worker thread every `interval` seconds;
PASSIVE never blocks the bot's writer. The bot's own connection keeps a much higher
`wal_autocheckpoint` only as a safety net should this task fall behind.

A tick with nothing new in the log (its modification time unchanged since the last checkpoint,
or since start-up) does nothing: an idle bot opens no connection and starts no thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3

log = logging.getLogger(__name__)

SAFETY_NET_PAGES = 10_000  # ~40 MB of log before a commit checkpoints by itself
INTERVAL_SECONDS = 1.0


class Checkpointer:
    def __init__(self, path: str, interval: float = INTERVAL_SECONDS) -> None:
        self.path = path
        self.interval = interval
        self._task: asyncio.Task[None] | None = None
        self._log_seen: int | None = None  # the log's mtime at the last checkpoint

    def start(self) -> None:
        if self._task is None:
            # Start-up writes (migrations) wait for the next change: they are safe in the log.
            self._log_seen = self._log_mtime()
            self._task = asyncio.create_task(self._run(), name="lantern-wal-checkpoint")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)  # real time: this is housekeeping, not game time
            changed = self._log_mtime()
            if changed == self._log_seen:
                continue
            try:
                await asyncio.to_thread(self.checkpoint)
                self._log_seen = changed
            except sqlite3.Error:
                log.warning("WAL checkpoint of %s failed; trying again later", self.path)

    def _log_mtime(self) -> int | None:
        try:
            return os.stat(f"{self.path}-wal").st_mtime_ns
        except FileNotFoundError:
            return None

    def checkpoint(self) -> tuple[int, int, int]:
        """(busy, frames in the log, frames copied back) from PRAGMA wal_checkpoint(PASSIVE)."""
        with contextlib.closing(sqlite3.connect(self.path, timeout=1.0)) as conn:
            busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return int(busy), int(frames), int(copied)
