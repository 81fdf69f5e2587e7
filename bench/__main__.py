"""python -m bench [--quick] [--no-docs]: run the suite, print the table, write the JSON and plot."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

from bench.report import (
    git_revision,
    sharded_memory_lines,
    sharded_memory_targets,
    table,
    target_lines,
    write_json,
)
from bench.sizes import FULL, TINY, Sizes
from bench.suite import memory_sections, publish, run_suite
from lantern.settings import PROJECT_ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes: checks it runs (figures meaningless)"
    )
    parser.add_argument(
        "--no-docs",
        action="store_true",
        help="don't overwrite docs/benchmarks.json and docs/latency.png",
    )
    parser.add_argument("--results", type=Path, default=PROJECT_ROOT / "bench" / "results")
    parser.add_argument("--only", choices=["memory"], help="run only this section, print its JSON")
    args = parser.parse_args(argv)
    sizes = TINY if args.quick else FULL
    if args.only == "memory":
        return only_memory(sizes, args.results)
    results = asyncio.run(run_suite(sizes, log=lambda text: print(text, file=sys.stderr)))
    print(table(results))
    docs = None if args.quick or args.no_docs else PROJECT_ROOT / "docs"
    for path in publish(results, args.results, docs):
        print(f"wrote {path}", file=sys.stderr)
    return 0


def only_memory(sizes: Sizes, results_dir: Path) -> int:
    """The sharded and twist-rule memory sections alone: their lines and targets, the JSON on
    stdout and in bench/results/memory-<time>.json (docs/ untouched)."""
    memory = asyncio.run(memory_sections(sizes, log=lambda text: print(text, file=sys.stderr)))
    print(
        "\n".join(
            sharded_memory_lines(
                memory["memory_sharded"], memory["memory_twists"], memory["memory_parts"]
            )
            + target_lines(sharded_memory_targets(memory))
        ),
        file=sys.stderr,
    )
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = results_dir / f"memory-{stamp}.json"
    write_json(memory | {"commit": git_revision()}, path, samples=False)
    print(f"wrote {path}", file=sys.stderr)
    print(json.dumps(memory, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
