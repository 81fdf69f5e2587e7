"""A burst of messages that need the twist rules (the costly stage), against slash commands.

Lantern alone on a loopback, spoiler protection as a new guild has it (the film's protection
on in #general, the default mode, warn: each spoiler gets a warning posted). A burst of
MESSAGE_CREATE whose text gets past the rules' first stage (`ClaimDetector.nothing_to_report`),
cycled from the evaluation corpus (spoilers and clean film chat alike), is queued in one go while
`/quote search` (the command the interaction bench times) is sent at a steady rate until the bot
has handled the burst. Each command's latency is INTERACTION_CREATE queued -> callback received;
the burst's time is until the bot answers a sentinel queued after it (bench.bot_process).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

from bench.bot_process import DONE, SENTINEL
from bench.chat import SENTINEL_TIMEOUT
from bench.interactions import SEARCH_TEXT, describe, slash
from bench.probe import Pending
from bench.report import DEADLINE_S
from bench.sizes import Sizes
from bench.stage import Stage, loopback, running
from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT
from lantern.spoilers.claims import ClaimDetector
from lantern.spoilers.evaluation import CLEAN_CORPUS_DIR, CORPUS_SETS, load_corpus
from lantern.spoilers.policy import DEFAULT_MODE

AUTHORS = 50  # members taking turns to post the burst
POLL = 0.005
WARNING = "that looks like a spoiler"  # in each warning the bot posts  # seconds between looks for the sentinel's answer


def costly_messages(count: int) -> list[str]:
    """`count` corpus texts that get past the first stage, cycled in corpus order."""
    pack = load_film_pack(PROJECT_ROOT / "data")
    claims = ClaimDetector(pack.twists)
    corpus = PROJECT_ROOT / "data" / CLEAN_CORPUS_DIR
    texts = [e.text for name in CORPUS_SETS for e in load_corpus(corpus, name)]
    costly = [text for text in texts if not claims.nothing_to_report(text)]
    return list(itertools.islice(itertools.cycle(costly), count))


async def spoiler_burst(sizes: Sizes) -> dict[str, Any]:
    messages = costly_messages(sizes.spoiler_burst)
    async with loopback(AUTHORS) as stage, running(stage, "lantern"):
        command = slash(stage, "quote search", "general", text=SEARCH_TEXT)
        await stage.probe.one_at_a_time(command, sizes.warmup)
        return await burst_with_commands(stage, messages, command, sizes)


async def burst_with_commands(
    stage: Stage, messages: list[str], command: Any, sizes: Sizes
) -> dict[str, Any]:
    server, world = stage.server, stage.server.world
    bot_id = server.state.bot.id
    posted_before = warnings_posted(stage, bot_id)
    commands = asyncio.create_task(steady_commands(stage, command, sizes))
    started = time.perf_counter()
    authors = itertools.cycle(stage.crowd)
    for text in [*messages, SENTINEL]:
        message = server.state.add_message(world.general, next(authors), text)
        server.events.message_created(message)
    handled = await sentinel_answered(stage, bot_id, started)
    commands.cancel()  # stop sending; the ones sent are awaited below
    sent = await commands
    await stage.probe._settle(sent, 30.0)
    latencies = describe(sent)
    return {
        "messages": len(messages),
        "mode": DEFAULT_MODE.value,  # nothing configured: as a new guild has it
        "handled_s": round(handled, 3),
        "messages_per_s": round(len(messages) / handled, 1),
        "warnings_posted": warnings_posted(stage, bot_id) - posted_before,
        "commands": latencies,
        "over_deadline": sum(1 for ms in latencies["samples_ms"] if ms >= DEADLINE_S * 1000),
        "command_interval_s": sizes.spoiler_command_interval,
        "loopback_violations": len(server.recorder.violations),
    }


async def steady_commands(stage: Stage, command: Any, sizes: Sizes) -> list[Pending]:
    """One command every `spoiler_command_interval` seconds until cancelled: the ones sent."""
    sent: list[Pending] = []
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        for index in itertools.count():
            delay = start + index * sizes.spoiler_command_interval - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            pending = command()
            stage.probe.send(pending)
            sent.append(pending)
    except asyncio.CancelledError:
        pass
    return sent


def warnings_posted(stage: Stage, bot_id: int) -> int:
    general = stage.server.world.general.id
    return sum(
        1
        for m in stage.server.state.messages.values()
        if m.channel_id == general and m.author.id == bot_id and WARNING in m.content
    )


async def sentinel_answered(stage: Stage, bot_id: int, started: float) -> float:
    """Seconds from `started` until the bot's sentinel answer is in #general (warnings and
    command responses are posted there too, so the probe's next-post hook would stop early)."""
    general = stage.server.world.general.id
    messages = stage.server.state.messages
    seen = len(messages)
    deadline = started + SENTINEL_TIMEOUT
    while time.perf_counter() < deadline:
        new = list(messages.values())[seen:]
        seen += len(new)
        if any(
            m.channel_id == general and m.author.id == bot_id and m.content.startswith(DONE)
            for m in new
        ):
            return time.perf_counter() - started
        await asyncio.sleep(POLL)
    raise RuntimeError(f"the bot did not answer the sentinel within {SENTINEL_TIMEOUT} s")
