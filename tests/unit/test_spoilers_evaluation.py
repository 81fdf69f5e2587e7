"""The corpus evaluation at smoke size: it runs on both corpus files and reports every twist
and kind (the figures themselves are `scripts/eval-spoilers`'s, not asserted here)."""

from __future__ import annotations

from lantern.pack import FilmPack
from lantern.settings import PROJECT_ROOT
from lantern.spoilers.claims import ClaimDetector
from lantern.spoilers.evaluation import (
    CLEAN_CORPUS_DIR,
    CORPUS_SETS,
    clean_texts,
    evaluate,
    format_report,
    load_corpus,
)

CORPUS = PROJECT_ROOT / "data" / CLEAN_CORPUS_DIR
SPOILER_KINDS = {"plain", "slang", "typo", "nickname", "pronoun", "question", "midchat", "disguise"}
CLEAN_KINDS = {"craft", "open-fact", "question", "hard-negative", "tagged", "everyday"}


def test_the_corpus_is_labelled_with_the_packs_twists(pack: FilmPack) -> None:
    ids = {twist.id for twist in pack.twists}
    for name in CORPUS_SETS:
        examples = load_corpus(CORPUS, name)
        assert {e.twist for e in examples if e.twist} == ids
        assert {e.kind for e in examples if e.twist} <= SPOILER_KINDS
        assert {e.kind for e in examples if not e.twist} == CLEAN_KINDS
    everything = [e for name in CORPUS_SETS for e in load_corpus(CORPUS, name)]
    assert sum(e.twist is not None for e in everything) >= 300
    assert sum(e.twist is None for e in everything) >= 600
    assert len(clean_texts(CORPUS)) == sum(e.twist is None for e in everything)


def test_a_smoke_sized_evaluation_reports_every_twist_and_kind(pack: FilmPack) -> None:
    detector = ClaimDetector(pack.twists)
    for name in CORPUS_SETS:
        examples = load_corpus(CORPUS, name)
        sample = [e for twist in {e.twist for e in examples} for e in examples if e.twist == twist][
            ::5
        ]
        report = evaluate(sample, detector.scan)
        assert set(report.recall_by_twist) == {e.twist for e in sample if e.twist}
        assert set(report.false_positives_by_kind) == {e.kind for e in sample if not e.twist}
        assert report.recall.total == len(report.misses) + report.recall.hits
        text = format_report(name, report)
        assert "-- recall per twist" in text and "-- misses" in text


def test_a_detector_that_flags_everything_is_scored_as_such() -> None:
    from lantern.spoilers.evaluation import Example
    from lantern.spoilers.scanner import SpoilerHit

    examples = [Example("a", "t1", "plain"), Example("b", None, "everyday")]
    report = evaluate(examples, lambda text: [SpoilerHit(0, 1, "x", twist="t1")])
    assert report.recall.rate == 1.0
    assert report.false_positives_by_kind["everyday"].rate == 1.0
