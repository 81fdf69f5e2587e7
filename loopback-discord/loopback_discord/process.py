"""`SubprocessBot`: a `BotHandle` for a bot that runs as a child process, pointed at the
loopback Discord through DISCORD_TOKEN / DISCORD_API_URL / DISCORD_GATEWAY_URL."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from loopback_discord.server import LoopbackDiscord


def bot_environment(server: LoopbackDiscord) -> dict[str, str]:
    """The variables a bot reads to talk to this server instead of Discord."""
    return {
        "DISCORD_TOKEN": server.token,
        "DISCORD_API_URL": server.base_url,  # the bot adds /api/v10, as for discord.com
        "DISCORD_GATEWAY_URL": server.gateway_url,
    }


class SubprocessBot:
    """Start, stop (SIGTERM) and kill (SIGKILL) a bot process; its output goes to a log file."""

    def __init__(
        self,
        argv: list[str],
        *,
        env: dict[str, str],
        cwd: str | Path | None = None,
        stop_timeout: float = 10.0,
    ) -> None:
        self.argv = argv
        self.env = env
        self.cwd = cwd
        self.stop_timeout = stop_timeout
        self.process: asyncio.subprocess.Process | None = None
        self.returncode: int | None = None
        handle, log_name = tempfile.mkstemp(prefix="bot-", suffix=".log")
        os.close(handle)  # start() reopens it by name, once per run
        self.log_path = Path(log_name)

    async def start(self) -> None:
        if self.process is not None and self.process.returncode is None:
            raise RuntimeError("the bot is already running")
        with self.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                *self.argv,
                env={**os.environ, **self.env},
                cwd=self.cwd,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
            )
        self.returncode = None

    async def stop(self) -> None:
        """SIGTERM, then SIGKILL if the bot has not exited within `stop_timeout`."""
        await self.end(signal.SIGTERM)

    async def kill(self) -> None:
        await self.end(signal.SIGKILL)

    async def wait(self, timeout: float) -> int:  # noqa: ASYNC109 - callers bound how long they wait
        """Until the process exits by itself; returns its exit code."""
        assert self.process is not None, "the bot was never started"
        self.returncode = await asyncio.wait_for(self.process.wait(), timeout)
        return self.returncode

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    async def end(self, sig: signal.Signals) -> int | None:
        """Send `sig` (SIGKILL after `stop_timeout` if the bot is still running); the exit code."""
        process = self.process
        if process is None or process.returncode is not None:
            self.returncode = None if process is None else process.returncode
            return self.returncode
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(sig)
        try:
            self.returncode = await asyncio.wait_for(process.wait(), self.stop_timeout)
        except TimeoutError:
            process.kill()
            self.returncode = await process.wait()
        return self.returncode
