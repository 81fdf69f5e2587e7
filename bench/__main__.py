"""python -m bench [--quick] [--no-docs]: run the suite, print the table, write the JSON and plot."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from bench.report import table
from bench.sizes import FULL, TINY
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
        memory = asyncio.run(memory_sections(sizes, log=lambda text: print(text, file=sys.stderr)))
        print(json.dumps(memory, indent=1))
        return 0
    results = asyncio.run(run_suite(sizes, log=lambda text: print(text, file=sys.stderr)))
    print(table(results))
    docs = None if args.quick or args.no_docs else PROJECT_ROOT / "docs"
    for path in publish(results, args.results, docs):
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
