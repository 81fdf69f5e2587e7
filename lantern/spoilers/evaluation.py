"""Measure spoiler detection on a labelled corpus (the film pack's spoiler-eval/*.jsonl): recall per twist
and per kind of spoiler message, false positives per kind of clean message, and the misses.

A spoiler message counts as caught when the twist it gives away is among the hits (another
twist's hit alone is a miss); a clean message is a false positive when anything is flagged.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lantern.spoilers.scanner import SpoilerHit

CORPUS_SETS = ("heldout", "tune")
# The corpus's folder inside a film pack: it is the film's (its clean messages talk about this
# film), so another pack brings its own; without one the term guard counts nothing.
CLEAN_CORPUS_DIR = "spoiler-eval"


@dataclass(frozen=True)
class Example:
    text: str
    twist: str | None  # None: a clean message
    kind: str


def load_corpus(directory: Path, name: str) -> list[Example]:
    path = directory / f"{name}.jsonl"
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            examples.append(Example(record["text"], record["twist"], record["kind"]))
    return examples


def clean_texts(directory: Path) -> tuple[str, ...]:
    """Every clean message of the corpus (what `/spoilers term add` tries a new term on);
    empty when the corpus is not installed."""
    texts: list[str] = []
    for name in CORPUS_SETS:
        try:
            texts += [e.text for e in load_corpus(directory, name) if e.twist is None]
        except (OSError, ValueError, KeyError):
            continue
    return tuple(texts)


@dataclass
class Tally:
    hits: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def text(self) -> str:
        return f"{self.hits}/{self.total} = {self.rate:.1%}"


@dataclass
class Report:
    recall_by_twist: dict[str, Tally] = field(default_factory=dict)
    recall_by_kind: dict[str, Tally] = field(default_factory=dict)
    false_positives_by_kind: dict[str, Tally] = field(default_factory=dict)
    recall: Tally = field(default_factory=Tally)
    misses: list[Example] = field(default_factory=list)
    false_positives: list[tuple[Example, list[str]]] = field(default_factory=list)
    wrong_twist: Counter[str] = field(default_factory=Counter)

    def film_chat_false_positives(self) -> Tally:
        """Clean film chat: every clean kind but everyday chat."""
        return _sum(t for kind, t in self.false_positives_by_kind.items() if kind != "everyday")


def _sum(tallies: Iterable[Tally]) -> Tally:
    total = Tally()
    for tally in tallies:
        total.hits += tally.hits
        total.total += tally.total
    return total


def evaluate(examples: Sequence[Example], detect: Callable[[str], list[SpoilerHit]]) -> Report:
    report = Report()
    for example in examples:
        hits = detect(example.text)
        if example.twist is None:
            _count(report.false_positives_by_kind, example.kind, bool(hits))
            if hits:
                report.false_positives.append((example, sorted({h.twist or h.term for h in hits})))
            continue
        caught = any(hit.twist == example.twist for hit in hits)
        _count(report.recall_by_twist, example.twist, caught)
        _count(report.recall_by_kind, example.kind, caught)
        report.recall.total += 1
        report.recall.hits += caught
        if not caught:
            report.misses.append(example)
            report.wrong_twist.update(h.twist or h.term for h in hits)
    return report


def _count(tallies: dict[str, Tally], key: str, hit: bool) -> None:
    tally = tallies.setdefault(key, Tally())
    tally.total += 1
    tally.hits += hit


def format_report(name: str, report: Report) -> str:
    lines = [f"== {name}: recall {report.recall.text()}"]
    lines += ["-- recall per twist", *_rows(report.recall_by_twist)]
    lines += ["-- recall per kind", *_rows(report.recall_by_kind)]
    film_chat = report.film_chat_false_positives().text()
    lines.append(f"-- false positives: clean film chat {film_chat}")
    lines += _rows(report.false_positives_by_kind)
    lines.append(f"-- misses ({len(report.misses)})")
    lines += [f"  [{e.twist}/{e.kind}] {e.text}" for e in report.misses]
    lines.append(f"-- false positives ({len(report.false_positives)})")
    lines += [f"  [{e.kind}] {e.text}  <- {', '.join(what)}" for e, what in report.false_positives]
    return "\n".join(lines)


def _rows(tallies: dict[str, Tally]) -> list[str]:
    return [f"  {key:<20} {tally.text()}" for key, tally in sorted(tallies.items())]
