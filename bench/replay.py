"""Chat cost, repeatably: an in-process replay of MESSAGE_CREATE through discord.py's parser and
the bot's listener, with no network, for `valgrind --tool=callgrind`.

    python -m bench.replay floor|lantern LENGTH COUNT [--terms N]
    bash scripts/bench-replay           # every cell under callgrind, as a table

The replay runs inside `sys.call_tracing`, a C function nothing else here calls, so
`--toggle-collect=sys_call_tracing` counts exactly the replay's instructions: the parsing of
each payload into a `discord.Message`, the dispatch, and the listener's task. Lantern is the
real `LanternBot` with every cog loaded over a scratch database holding `--terms` guild terms;
the floor is bench.floor's bot with its empty listener. The guild's configuration is read once
before the replay (as after the first message of a running bot). Messages are the chat bench's
ordinary chat, filtered further to mention nothing of the film: neither a guild term nor any
word of the film's twist rules.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.chat import everyday_messages, synthetic_terms
from bench.floor import FloorBot
from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT
from lantern.spoilers.terms import clean_term
from loopback_discord import LoopbackDiscord
from loopback_discord.events import message_as_seen
from loopback_discord.payloads import bot_user_payload, guild_create_payload

ALL_INTENTS = (1 << 26) - 1


def chat_texts(length: int, count: int, terms: list[str]) -> list[str]:
    """The replay's messages; REPLAY_SAVE/REPLAY_LOAD keep them in a file, to replay the very
    same chat with another version of the bot."""
    if os.environ.get("REPLAY_LOAD"):
        return json.loads(Path(os.environ["REPLAY_LOAD"]).read_text())[:count]
    texts = everyday_messages(length, count, terms) if length else []
    if texts and os.environ.get("REPLAY_SAVE"):
        Path(os.environ["REPLAY_SAVE"]).write_text(json.dumps(texts))
    return texts


def payloads(server: LoopbackDiscord, texts: list[str]) -> list[dict[str, Any]]:
    world = server.world
    out = []
    for text in texts:
        message = server.state.add_message(world.general, world.alice, text)
        out.append(message_as_seen(server.state, ALL_INTENTS, message, ""))
    return out


def seed_terms(database: Path, guild_id: int, terms: list[str]) -> None:
    rows = [(guild_id, t.canonical, t.term, 0, 0) for t in map(clean_term, terms)]
    with contextlib.closing(sqlite3.connect(database)) as conn, conn:
        conn.executemany(
            "INSERT INTO spoiler_terms (guild_id, canonical, term, added_by, added_at)"
            " VALUES (?, ?, ?, ?, ?)",
            rows,
        )


async def lantern_bot(scratch: Path, server: LoopbackDiscord, terms: list[str]) -> Any:
    from app.bot import LanternBot
    from cogs import cog_modules
    from lantern.clock import SystemClock
    from lantern.database import Database
    from lantern.settings import load_settings

    settings = load_settings({"DATABASE_PATH": str(scratch / "db.sqlite3")}, require_token=False)
    db = Database(settings.database_path)
    await db.open()
    seed_terms(settings.database_path, server.world.guild.id, terms)
    bot = LanternBot(
        settings=settings,
        db=db,
        pack=load_film_pack(PROJECT_ROOT / "data"),
        clock=SystemClock(),
        message_content=True,
    )
    await bot._async_setup_hook()  # what login does first: the client takes the running loop
    for name in cog_modules():
        await bot.load_extension(name)
    return bot


def connect_state(bot: Any, server: LoopbackDiscord) -> None:
    """What READY and GUILD_CREATE would leave in the client's cache."""
    state = bot._connection
    state.user = discord_client_user(state, server)
    data = guild_create_payload(server.state, server.world.guild, all_members=False)
    state._add_guild_from_data(data)


def discord_client_user(state: Any, server: LoopbackDiscord) -> Any:
    import discord

    return discord.ClientUser(state=state, data=bot_user_payload(server.state))


async def replay(bot: Any, events: list[dict[str, Any]]) -> None:
    parse = bot._connection.parse_message_create
    started = _TaskLog.on(asyncio.get_running_loop())
    for event in events:
        parse(event)
        await started.drain()


class _TaskLog:
    """The tasks created while a message is handled, to wait for the event tasks among them.

    Not `asyncio.all_tasks()`: that walks every task of the loop, and Lantern's long-lived
    ones (its schedulers, the database's) would make the harness itself cost more per message
    for Lantern than for the floor. Both bots pay this one equally: a call per task created."""

    def __init__(self) -> None:
        self.created: list[asyncio.Task[Any]] = []

    @classmethod
    def on(cls, loop: asyncio.AbstractEventLoop) -> _TaskLog:
        log = cls()

        def factory(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
            task = asyncio.Task(coro, loop=loop, **kwargs)
            log.created.append(task)
            return task

        loop.set_task_factory(factory)
        return log

    async def drain(self) -> None:
        """Until every event task discord.py started has finished (names are set after the
        factory returns, so they are read here)."""
        while self.created:
            created, self.created = self.created, []
            pending = [t for t in created if _is_event(t) and not t.done()]
            if pending:
                await asyncio.wait(pending)


def _is_event(task: asyncio.Task[Any]) -> bool:
    return task.get_name().startswith("discord.py: ")


async def setup(kind: str, length: int, count: int, term_count: int, scratch: Path) -> Any:
    server = LoopbackDiscord()
    terms = synthetic_terms(term_count)
    events = payloads(server, chat_texts(length, count + 1, terms))
    if kind == "floor":
        bot = FloorBot()
        await bot._async_setup_hook()  # what login does first: the client takes the loop
    else:
        bot = await lantern_bot(scratch, server, terms)
    connect_state(bot, server)
    if kind == "lantern":
        await bot.spoilers.config(server.world.guild.id)  # the cache a running bot has
    await replay(bot, events[:1])  # warm-up: first-call caches
    return bot, events[1:]


def main(kind: str, length: int, count: int, term_count: int) -> None:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory(prefix="lantern-replay-") as scratch:
        bot, events = loop.run_until_complete(setup(kind, length, count, term_count, Path(scratch)))
        started = time.perf_counter()
        # Counted by callgrind's --toggle-collect=sys_call_tracing (and nothing else is).
        sys.call_tracing(loop.run_until_complete, (replay(bot, events),))
        per_message = (time.perf_counter() - started) / max(count, 1) * 1e6
        sys.stdout.write(f"{kind} length={length} count={count} wall_us={per_message:.1f}\n")
        if kind == "lantern":
            loop.run_until_complete(bot.db.close())


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    terms = 1000
    if "--terms" in sys.argv:
        terms = int(sys.argv[sys.argv.index("--terms") + 1])
        args = [a for a in args if a != str(terms)]
    main(args[0], int(args[1]), int(args[2]), terms)
