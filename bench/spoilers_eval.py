"""`bash scripts/eval-spoilers [heldout|tune|all] [--quiet]`: the film pack's spoiler detection
measured on the labelled corpus in eval/spoilers/ (see lantern.spoilers.evaluation)."""

from __future__ import annotations

import sys

from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT
from lantern.spoilers.claims import ClaimDetector
from lantern.spoilers.evaluation import CORPUS_SETS, evaluate, format_report, load_corpus
from lantern.spoilers.scanner import SpoilerScanner

CORPUS = PROJECT_ROOT / "eval" / "spoilers"


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
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
