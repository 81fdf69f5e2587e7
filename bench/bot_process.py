"""One bot in its own process, pointed at the loopback Discord by environment variables.

    python -m bench.bot_process lantern   # app.runner.serve(load_settings()), the path `python bot.py` takes
    python -m bench.bot_process floor     # the bare discord.py bot

Both get the same two benchmark hooks: print READY when discord.py is ready, and answer a
"sentinel" message once every message listener scheduled before it has finished, so the
benchmark can time how long a bot takes to handle a burst of MESSAGE_CREATE events.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from typing import Any

import discord
import yarl

from bench.floor import FloorBot, ShardedFloorBot

FAST_READY = {"guild_ready_timeout": 0.05}
SENTINEL = "bench-sentinel"
DONE = "bench-done"
LISTENER_TASK = "discord.py: on_message"


def instrument(bot: Any) -> None:
    async def announce_ready() -> None:
        print("READY", flush=True)

    async def sentinel(message: discord.Message) -> None:
        if not message.content.startswith(SENTINEL):
            return
        await _others_finished()
        # The process's CPU time (all threads): a per-message cost that other load on a
        # shared machine disturbs far less than wall-clock time.
        await message.channel.send(f"{DONE} cpu={time.process_time():.6f}")

    bot.add_listener(announce_ready, "on_ready")
    bot.add_listener(sentinel, "on_message")


async def _others_finished() -> None:
    """Until no other on_message listener task is pending (they were all scheduled before us)."""
    me = asyncio.current_task()
    while any(  # noqa: ASYNC110 - no event tells when another task has finished
        task is not me and not task.done() and task.get_name().startswith(LISTENER_TASK)
        for task in asyncio.all_tasks()
    ):
        await asyncio.sleep(0.0005)


async def run_lantern(stop: asyncio.Event) -> int:
    from app import runner
    from lantern.logs import configure_logging
    from lantern.settings import load_settings

    settings = load_settings()
    configure_logging(
        settings
    )  # as bot.py's main does, so the bench's LOG_LEVEL and LOG_FILE apply
    return await runner.serve(settings, stop=stop, bot_options=FAST_READY, on_bot=instrument)


async def run_floor(stop: asyncio.Event, sharded: bool = False) -> int:
    discord.http.Route.BASE = os.environ["DISCORD_API_URL"] + "/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"])
    if sharded:
        count = int(os.environ["SHARD_COUNT"])
        bot: Any = ShardedFloorBot(shard_count=count, shard_ids=list(range(count)), **FAST_READY)
    else:
        bot = FloorBot(**FAST_READY)
    instrument(bot)
    async with bot:
        running = asyncio.create_task(bot.start(os.environ["DISCORD_TOKEN"]))
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        await bot.close()
        stopping.cancel()
    return 0


async def main(kind: str) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    if kind == "lantern":
        return await run_lantern(stop)
    return await run_floor(stop, sharded=kind == "floor_sharded")


def profiled(kind: str, report: str) -> int:
    """BENCH_PROFILE=report-{kind}.txt: the whole run under pyinstrument, a report per bot
    (idle time in select shows up as such; look at what is not)."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0002)
    profiler.start()
    try:
        return asyncio.run(main(kind))
    finally:
        profiler.stop()
        with open(report.format(kind=kind), "w") as out:
            out.write(
                profiler.output_text(
                    unicode=True, show_all=os.environ.get("BENCH_PROFILE_ALL") == "1"
                )
            )


if __name__ == "__main__":
    report = os.environ.get("BENCH_PROFILE")
    sys.exit(profiled(sys.argv[1], report) if report else asyncio.run(main(sys.argv[1])))
