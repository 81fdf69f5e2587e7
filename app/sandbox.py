"""`python bot.py --sandbox [--port 8080] [--fresh]`: try Lantern without a Discord account.

Starts the loopback Discord with the demo guild (#general and its thread, #spoilers, #quiz;
alice, bob, mod the moderator, the owner), serves the chat page on the same port, and runs the
real bot against it through `app.runner.serve`, the normal start-up path. No token, no network.

The sandbox keeps its own data in var/: the bot's database `sandbox.sqlite3` and the demo
guild with its chat `sandbox-discord.json` (same ids after a restart, so scores still belong
to the same members). `--fresh` deletes both first. The environment variable
`LANTERN_SANDBOX_DIR` puts these files in another folder (the browser tests use a temporary one).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from app import runner
from lantern.errors import SettingsError, StartupError
from lantern.logs import configure_logging
from lantern.settings import PROJECT_ROOT, Settings, load_settings
from loopback_discord import LoopbackDiscord
from loopback_discord.web import attach_web, load_world, save_world

DEFAULT_PORT = 8080
APPLICATION_NAME = "Lantern"  # the bot's user and role in the demo server, and the page's title
SAVE_DEBOUNCE = 0.5  # seconds: one save per burst of message changes
READY_TIMEOUT = 60.0


@dataclass(frozen=True)
class SandboxFiles:
    database: Path  # the bot's own SQLite database
    world: Path  # the loopback Discord's guild, members, channels and messages
    log: Path

    @classmethod
    def in_folder(cls, folder: Path) -> SandboxFiles:
        return cls(
            folder / "sandbox.sqlite3", folder / "sandbox-discord.json", folder / "sandbox.log"
        )

    def remove(self) -> None:
        for path in (self.database, self.world):
            for leftover in (path, *path.parent.glob(path.name + "-*")):
                leftover.unlink(missing_ok=True)


def sandbox_folder() -> Path:
    configured = os.environ.get("LANTERN_SANDBOX_DIR", "").strip()
    return Path(configured).expanduser() if configured else PROJECT_ROOT / "var"


def sandbox_settings(server: LoopbackDiscord, files: SandboxFiles) -> Settings:
    """The user's settings (log level, film pack) pointed at the loopback Discord and the
    sandbox's own database; the token is the loopback server's."""
    base = load_settings(os.environ, require_token=False)
    return dataclasses.replace(
        base,
        discord_token=server.token,
        database_path=files.database,
        dev_guild_id=None,
        log_file=files.log,
        message_content=True,
        discord_api_url=server.base_url,
        discord_gateway_url=server.gateway_url,
    )


async def run_sandbox(
    port: int = DEFAULT_PORT,
    *,
    fresh: bool = False,
    stop: asyncio.Event | None = None,
) -> int:
    files = SandboxFiles.in_folder(sandbox_folder())
    if fresh:
        files.remove()
    server, restored = open_world(port, files.world)
    attach_web(server)
    try:
        await server.start()
    except OSError as error:
        print(
            f"error: cannot listen on 127.0.0.1:{port} ({error.strerror}); try --port",
            file=sys.stderr,
        )
        return runner.EXIT_CONFIG
    settings = sandbox_settings(server, files)
    configure_logging(settings)
    announce(server, restored, files)
    helpers = [
        asyncio.create_task(keep_saving(server, files.world)),
        asyncio.create_task(announce_when_online(server)),
    ]
    try:
        # force_sync: the loopback Discord starts with no commands registered, whatever the database says.
        return await runner.serve(settings, stop=stop, force_sync=True)
    finally:
        for helper in helpers:
            helper.cancel()
        await asyncio.gather(*helpers, return_exceptions=True)
        save_world(server, files.world)
        await server.stop()


def open_world(port: int, path: Path) -> tuple[LoopbackDiscord, bool]:
    """The loopback Discord with the saved demo server (True) or a fresh one. An unreadable
    file is set aside, not lost."""
    server = LoopbackDiscord(port=port, bot_name=APPLICATION_NAME)
    try:
        return server, load_world(server, path)
    except (ValueError, KeyError, TypeError) as error:
        aside = path.with_name(path.name + ".unreadable")
        path.replace(aside)
        print(f"warning: could not read {path} ({error}); kept it as {aside}", file=sys.stderr)
        return LoopbackDiscord(port=port, bot_name=APPLICATION_NAME), False


def announce(server: LoopbackDiscord, restored: bool, files: SandboxFiles) -> None:
    kept = "kept from last time" if restored else "a fresh demo server"
    print(f"Lantern sandbox: open {server.base_url} in your browser", flush=True)
    print(
        f"  ({kept}; data in {files.database.parent}, --fresh starts over; Ctrl+C stops)",
        flush=True,
    )


async def keep_saving(server: LoopbackDiscord, path: Path) -> None:
    while True:
        if await server.changed.wait(3600):
            await asyncio.sleep(SAVE_DEBOUNCE)
            save_world(server, path)


async def announce_when_online(server: LoopbackDiscord) -> None:
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(READY_TIMEOUT):
            while not (server.gateway.connected and server.commands.global_commands):
                await server.gateway.changed.wait(0.1)
            print("Lantern is online in the sandbox: type / in the message box.", flush=True)


async def _run_with_signals(port: int, fresh: bool) -> int:
    return await run_sandbox(port, fresh=fresh, stop=runner.stop_on_signals())


def main(port: int = DEFAULT_PORT, *, fresh: bool = False) -> int:
    try:
        return asyncio.run(_run_with_signals(port, fresh))
    except (SettingsError, StartupError) as error:
        print(f"error: {error}", file=sys.stderr)
        return runner.EXIT_CONFIG if isinstance(error, SettingsError) else runner.EXIT_FAILED
