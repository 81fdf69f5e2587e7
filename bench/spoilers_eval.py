"""`bash scripts/eval-spoilers [heldout|tune|all] [--quiet] [--timing]`: the film pack's spoiler
detection measured on the labelled corpus in the film pack's spoiler-eval/ (see lantern.spoilers.evaluation);
`--timing` adds the time the twist rules take on a message that passes the first stage (every
corpus message that does, and 2,000-character stretches of the review), and the memory the
compiled rules hold."""

from __future__ import annotations

import random
import statistics
import sys
import time

import psutil

from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT
from lantern.spoilers.claims import ClaimDetector
from lantern.spoilers.evaluation import (
    CLEAN_CORPUS_DIR,
    CORPUS_SETS,
    evaluate,
    format_report,
    load_corpus,
)
from lantern.spoilers.scanner import SpoilerScanner

CORPUS = PROJECT_ROOT / "data" / CLEAN_CORPUS_DIR


def detector() -> tuple[SpoilerScanner, ClaimDetector]:
    pack = load_film_pack(PROJECT_ROOT / "data")
    return SpoilerScanner(pack.spoiler_terms), ClaimDetector(pack.twists)


def main(argv: list[str]) -> int:
    wanted = [a for a in argv if not a.startswith("-")] or ["heldout"]
    names = list(CORPUS_SETS) if wanted == ["all"] else wanted
    scanner, claims = detector()

    def detect(text: str) -> list:
        return scanner.scan(text) + claims.scan(text)

    for name in names:
        report = evaluate(load_corpus(CORPUS, name), detect)
        text = format_report(name, report)
        if "--quiet" in argv:
            text = text.split("-- misses")[0]
        sys.stdout.write(text + "\n")
    if "--timing" in argv:
        sys.stdout.write(timing() + "\n")
    return 0


def timing() -> str:
    pack = load_film_pack(PROJECT_ROOT / "data")
    before = psutil.Process().memory_info().rss
    claims = ClaimDetector(pack.twists)
    held = psutil.Process().memory_info().rss - before
    texts = [e.text for name in CORPUS_SETS for e in load_corpus(CORPUS, name)]
    review = pack.review_text
    rng = random.Random(1)
    texts += [review[i : i + 2000] for i in (rng.randrange(len(review) - 2000) for _ in range(200))]
    candidates = [t for t in texts if not claims.nothing_to_report(t)]
    samples = []
    for _ in range(5):
        for text in candidates:
            started = time.perf_counter()
            claims.scan(text)
            samples.append((time.perf_counter() - started) * 1e3)
    samples.sort()
    p99 = samples[int(len(samples) * 0.99)]
    return (
        f"== timing: the rules on {len(candidates)} messages past the first stage (x5): "
        f"p50 {statistics.median(samples):.3f} ms, p99 {p99:.3f} ms, max {samples[-1]:.3f} ms; "
        f"compiled rules ~{held / 2**20:.1f} MiB RSS"
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
