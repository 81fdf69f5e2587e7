"""Chat: what a burst of MESSAGE_CREATE costs the bot per message, with the spoiler scanner at
several term-list sizes and message lengths, against the floor bot's empty listener; and the
scanner alone, in messages per second.

Per-message cost = (time to handle N messages and answer a sentinel - time to answer the
sentinel alone) / N, so the sentinel's own round trip cancels out.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from typing import Any

from bench.bot_process import SENTINEL
from bench.sizes import Sizes
from bench.stage import Stage, loopback, running
from bench.stats import median, ratio
from bench.storage import create_schema
from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT
from lantern.spoilers import SpoilerScanner
from lantern.spoilers.claims import ClaimDetector
from lantern.spoilers.terms import clean_term

CONSONANTS, VOWELS = "bcdfghjklmnprstvwz", "aeiou"
# Seconds: a bot that never answers the sentinel fails the run instead of hanging it.
SENTINEL_TIMEOUT = 60.0


def synthetic_terms(count: int, seed: int = 11) -> list[str]:
    """Made-up two-word phrases like a guild's own term list: pronounceable words (so they
    have the letter mix of real names and phrases, which a search's speed can depend on) that
    no message in the benchmark contains."""
    rng = random.Random(seed)
    terms: set[str] = set()
    while len(terms) < count:
        terms.add(f"{made_up_word(rng)} {made_up_word(rng)}")
    return sorted(terms)


def made_up_word(rng: random.Random) -> str:
    syllables = rng.randint(2, 3)
    return "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables))


EVERYDAY = tuple(
    word
    for line in (
        "so anyway we went to the market this morning and the queue was huge but the coffee",
        "was worth it honestly I think I will go again on saturday if the weather holds up and",
        "maybe bring the kids too they would like the pastries and the music from that street",
        "band playing near the fountain every weekend since spring began which is nice for all",
    )
    for word in line.split()
)


def everyday_messages(length: int, count: int, terms: list[str], seed: int = 3) -> list[str]:
    """Chat of `length` characters that mentions nothing of the film: everyday words (not the
    made-up words of the synthetic terms, which would share their words), with no guild term
    and no word any twist rule anchors on."""
    pack = load_film_pack(PROJECT_ROOT / "data")
    claims = ClaimDetector(pack.twists)
    scanner = SpoilerScanner(terms)
    rng = random.Random(seed)
    messages: list[str] = []
    while len(messages) < count:
        words: list[str] = []
        while len(" ".join(words)) < length:
            words.append(rng.choice(EVERYDAY))
        text = " ".join(words)[:length]
        if claims.nothing_to_report(text) and scanner.nothing_to_report(text):
            messages.append(text)
    return messages


@dataclass(frozen=True)
class ChatCorpus:
    """The term lists and messages both bots get: made once, shared."""

    defaults: tuple[str, ...]
    terms: list[str]
    messages: dict[int, list[str]]

    @classmethod
    def build(cls, sizes: Sizes) -> ChatCorpus:
        defaults = tuple(load_film_pack(PROJECT_ROOT / "data").spoiler_terms)
        terms = synthetic_terms(max(sizes.chat_terms))
        widest = [*defaults, *terms]
        messages = {
            n: everyday_messages(n, sizes.chat_messages, widest) for n in sizes.chat_lengths
        }
        return cls(defaults, terms, messages)


class ChatBench:
    """Bursts of MESSAGE_CREATE to the bot running on one stage."""

    def __init__(self, stage: Stage, corpus: ChatCorpus) -> None:
        self.stage = stage
        self.corpus = corpus
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
        try:
            arrived = await asyncio.wait_for(answered, SENTINEL_TIMEOUT)
        except TimeoutError:
            raise RuntimeError(
                f"the bot did not answer the sentinel within {SENTINEL_TIMEOUT} s"
            ) from None
        reply = server.state.messages[world.general.last_message_id or 0].content
        return arrived - started, float(reply.rsplit("cpu=", 1)[1])

    async def per_message(self, length: int) -> dict[str, float]:
        """One round: wall and bot-CPU microseconds per message of a burst, the cost of a
        sentinel-only burst (measured just before) subtracted."""
        messages = self.corpus.messages[length]
        _, cpu_start = await self.burst([])
        alone, cpu_alone = await self.burst([])
        full, cpu_full = await self.burst(messages)
        sentinel_cpu = cpu_alone - cpu_start
        return {
            "wall_us": max(full - alone, 0.0) / len(messages) * 1e6,
            "cpu_us": max(cpu_full - cpu_alone - sentinel_cpu, 0.0) / len(messages) * 1e6,
        }

    def seed_terms(self, count: int) -> None:
        """Replace the guild's term list with the first `count` synthetic terms, stored the way
        the bot stores a moderator's term (canonical form included), in one transaction."""
        guild = self.stage.server.world.guild.id
        cleaned = [clean_term(term) for term in self.corpus.terms[:count]]
        rows = [(guild, term.canonical, term.term, 0, 0) for term in cleaned]
        with self.stage.connection() as conn:
            conn.execute("DELETE FROM spoiler_terms WHERE guild_id = ?", (guild,))
            conn.executemany(
                "INSERT INTO spoiler_terms (guild_id, canonical, term, added_by, added_at)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )


async def chat_costs(sizes: Sizes) -> dict[str, Any]:
    """The floor and Lantern run side by side on two loopbacks and take turns, burst by burst,
    so slow drifts in the machine's load hit both alike; ratios are per round, then medians."""
    corpus = ChatCorpus.build(sizes)
    async with loopback() as floor_stage, loopback() as lantern_stage:
        floor, lantern = ChatBench(floor_stage, corpus), ChatBench(lantern_stage, corpus)
        await create_schema(lantern_stage.database)  # so terms can be seeded before start-up
        async with running(floor_stage, "floor"):
            rounds = {}
            for count in sizes.chat_terms:
                lantern.seed_terms(count)
                async with running(lantern_stage, "lantern"):
                    rounds[str(count)] = await paired_rounds(floor, lantern, sizes)
    return {
        "film_terms": len(corpus.defaults),
        "rounds": sizes.chat_rounds,
        **summarise(rounds, sizes),
        "scanner_msgs_per_s": scanner_rates(corpus, sizes),
    }


async def paired_rounds(
    floor: ChatBench, lantern: ChatBench, sizes: Sizes
) -> dict[str, list[tuple[dict[str, float], dict[str, float]]]]:
    first = sizes.chat_lengths[0]
    for bench in (floor, lantern):
        await bench.burst(bench.corpus.messages[first])  # warm-up
    paired: dict[str, list[tuple[dict[str, float], dict[str, float]]]] = {}
    for length in sizes.chat_lengths:
        paired[str(length)] = [
            (await floor.per_message(length), await lantern.per_message(length))
            for _ in range(sizes.chat_rounds)
        ]
    return paired


def summarise(rounds: dict[str, Any], sizes: Sizes) -> dict[str, Any]:
    """Medians of the rounds; a ratio is Lantern's median over the median of the floor rounds
    that took turns with it."""
    lengths = [str(n) for n in sizes.chat_lengths]
    kinds = ("cpu", "wall")

    def cost(samples: list[dict[str, float]]) -> dict[str, float]:
        return {f"{k}_us": round(median([s[f"{k}_us"] for s in samples]), 2) for k in kinds}

    floor = {n: cost([f for by_terms in rounds.values() for f, _ in by_terms[n]]) for n in lengths}
    lantern = {
        t: {n: cost([lan for _, lan in rows[n]]) for n in lengths} for t, rows in rounds.items()
    }
    ratios = {
        k: {
            t: {
                n: ratio(
                    median([lan[f"{k}_us"] for _, lan in rows[n]]),
                    median([flo[f"{k}_us"] for flo, _ in rows[n]]),
                )
                for n in lengths
            }
            for t, rows in rounds.items()
        }
        for k in kinds
    }
    return {"floor": floor, "lantern": lantern, "ratios": ratios}


def scanner_rates(corpus: ChatCorpus, sizes: Sizes) -> dict[str, dict[str, float]]:
    rates: dict[str, dict[str, float]] = {}
    for count in sizes.chat_terms:
        scanner = SpoilerScanner((*corpus.defaults, *corpus.terms[:count]))
        rates[str(count)] = {
            str(n): scan_rate(scanner, corpus.messages[n], sizes.scanner_seconds)
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
