"""Chat: what a burst of MESSAGE_CREATE costs the bot per message, with the spoiler scanner at
several term-list sizes and message lengths, against the floor bot's empty listener; and the
scanner alone, in messages per second.

Per-message cost = (time to handle N messages and answer a sentinel - time to answer the
sentinel alone) / N, so the sentinel's own round trip cancels out.
"""

from __future__ import annotations

import random
import re
import time
from typing import Any

from bench.bot_process import SENTINEL
from bench.sizes import Sizes
from bench.stage import Stage, running
from bench.stats import median
from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT
from lantern.spoilers import SpoilerScanner

LETTERS = "bcdfghjklmnpqrstvwxz"


def synthetic_terms(count: int, seed: int = 11) -> list[str]:
    """Made-up two-word phrases no English message contains (like a guild's own term list)."""
    rng = random.Random(seed)
    terms: set[str] = set()
    while len(terms) < count:
        words = ("".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 8))) for _ in range(2))
        terms.add(" ".join(words))
    return sorted(terms)


def clean_messages(length: int, count: int, scanner: SpoilerScanner, seed: int = 5) -> list[str]:
    """Ordinary chat of `length` characters cut from the review, with no spoiler term in it."""
    review = (PROJECT_ROOT / "data" / "review.txt").read_text()
    words = re.findall(r"[A-Za-z]+[,.]?", review)
    rng = random.Random(seed)
    messages: list[str] = []
    while len(messages) < count:
        start = rng.randrange(len(words))
        text = " ".join(words[start:] + words[:start])[:length]
        if not scanner.scan(text):
            messages.append(text)
    return messages


class ChatBench:
    def __init__(self, stage: Stage, sizes: Sizes) -> None:
        self.stage = stage
        self.sizes = sizes
        self.defaults = tuple(load_film_pack(PROJECT_ROOT / "data").spoiler_terms)
        self.terms = synthetic_terms(max(sizes.chat_terms))
        widest = SpoilerScanner((*self.defaults, *self.terms))
        self.messages = {
            n: clean_messages(n, sizes.chat_messages, widest) for n in sizes.chat_lengths
        }
        self._round = 0

    async def burst(self, messages: list[str]) -> tuple[float, float]:
        """Send `messages`, then a sentinel: (seconds until the bot answered it, the bot's
        process CPU seconds at that moment)."""
        server, world = self.stage.server, self.stage.server.world
        self._round += 1
        answered = self.stage.probe.next_post(world.general.id)
        started = time.perf_counter()
        for text in [*messages, f"{SENTINEL} {self._round}"]:
            message = server.state.add_message(world.general, world.alice, text)
            server.events.message_created(message)
        arrived = await answered
        reply = server.state.messages[world.general.last_message_id or 0].content
        return arrived - started, float(reply.rsplit("cpu=", 1)[1])

    async def per_message_us(self, length: int) -> dict[str, float]:
        """Median over rounds of the per-message cost (wall and bot CPU), in microseconds;
        a sentinel-only burst before each is subtracted."""
        walls, cpus = [], []
        count = len(self.messages[length])
        _, cpu_before = await self.burst([])
        for _ in range(self.sizes.chat_rounds):
            alone, cpu_alone = await self.burst([])
            full, cpu_full = await self.burst(self.messages[length])
            walls.append(max(full - alone, 0.0) / count * 1e6)
            cpus.append(max((cpu_full - cpu_alone) - (cpu_alone - cpu_before), 0.0) / count * 1e6)
            cpu_before = cpu_full
        return {"wall_us": round(median(walls), 2), "cpu_us": round(median(cpus), 2)}

    async def lengths(self) -> dict[str, dict[str, float]]:
        await self.burst(self.messages[self.sizes.chat_lengths[0]])  # warm-up
        return {str(n): await self.per_message_us(n) for n in self.sizes.chat_lengths}

    def seed_terms(self, count: int) -> None:
        guild = self.stage.server.world.guild.id
        self.stage.sql("DELETE FROM spoiler_terms WHERE guild_id = ?", (guild,))
        rows = [(guild, term, term, 0, 0) for term in self.terms[:count]]
        with self.stage.connection() as conn:
            conn.executemany(
                "INSERT INTO spoiler_terms (guild_id, canonical, term, added_by, added_at)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )


async def chat_costs(stage: Stage, sizes: Sizes) -> dict[str, Any]:
    bench = ChatBench(stage, sizes)
    async with running(stage, "floor"):
        floor = await bench.lengths()
    async with running(stage, "lantern"):
        pass  # creates the database, so terms can be seeded
    lantern: dict[str, dict[str, dict[str, float]]] = {}
    for count in sizes.chat_terms:
        bench.seed_terms(count)
        async with running(stage, "lantern"):
            lantern[str(count)] = await bench.lengths()
    return {
        "film_terms": len(bench.defaults),
        "floor": floor,
        "lantern": lantern,
        "scanner_msgs_per_s": scanner_rates(bench, sizes),
    }


def scanner_rates(bench: ChatBench, sizes: Sizes) -> dict[str, dict[str, float]]:
    rates: dict[str, dict[str, float]] = {}
    for count in sizes.chat_terms:
        scanner = SpoilerScanner((*bench.defaults, *bench.terms[:count]))
        rates[str(count)] = {
            str(n): scan_rate(scanner, bench.messages[n], sizes.scanner_seconds)
            for n in sizes.chat_lengths
        }
    return rates


def scan_rate(scanner: SpoilerScanner, messages: list[str], seconds: float) -> float:
    done, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        for text in messages:
            scanner.scan(text)
        done += len(messages)
    return round(done / elapsed, 1)
