"""The scanner's fast paths (added for the benchmarks) must change nothing a member sees:
the cheap canonical text equals the full normalisation, the skipping markdown splitter finds the
same segments as a step-by-step one, and the scanner reports the same hits as the full path."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.spoilers import SpoilerScanner, count_spoiler_segments, normalize, segments
from lantern.spoilers.markdown import _ESCAPABLE, _match_at, hidden_spans
from lantern.spoilers.normalize import canonical_text, loose_ascii_words, normalize_term
from lantern.spoilers.scanner import _DECOY_KEYS, SIMD_PATTERNS

# Characters that exercise every branch: markdown delimiters, escapes, apostrophes, invisible
# and fullwidth characters, accents, separators.
ALPHABET = "ab tlkfTK\u0436'`|\\*_~.\u2019\u200b\u00e9\uff26\u0301 \n-"
texts = st.text(alphabet=ALPHABET, max_size=60) | st.text(max_size=40)


def reference_segments(text: str) -> list[tuple[str, int, int]]:
    """The splitter as it was: one Python step per character."""
    found, text_start, index = [], 0, 0
    while index < len(text):
        match = _match_at(text, index)
        if match is None:
            index += 2 if _ESCAPABLE.match(text, index) else 1
            continue
        if text_start < index:
            found.append(("text", text_start, index))
        found.append((match.kind.value, match.start, match.end))
        index = text_start = match.end
    if text_start < len(text):
        found.append(("text", text_start, len(text)))
    return found


def reference_scan(
    scanner: SpoilerScanner, text: str, hidden: list[tuple[int, int]] | None = None
) -> list:
    """Every occurrence of every term, found one term at a time with str.find on the full
    normalisation: slow, and independent of the automata the scanner uses."""
    folded = normalize(text, hidden_spans(text) if hidden is None else hidden)
    hits = set()
    for term in scanner.terms:
        key = f" {normalize_term(term)} "
        at = folded.text.find(key)
        while at != -1:
            start, end = folded.original_span(at + 1, at + len(key) - 1)
            hits.add((start, end, term))
            at = folded.text.find(key, at + 1)
    return sorted(hits)


@given(texts)
@settings(max_examples=400)
def test_canonical_text_is_the_normalised_text(text: str) -> None:
    assert canonical_text(text) == normalize(text).text


@given(texts)
@settings(max_examples=400)
def test_loose_words_are_the_canonical_words(text: str) -> None:
    loose = loose_ascii_words(text)
    canonical = canonical_text(text)
    if loose is None:
        assert not canonical.isascii()
    else:
        assert loose.startswith(b" ") and loose.endswith(b" ")
        assert loose.decode().split() == canonical.split()


@given(texts)
@settings(max_examples=400)
def test_segments_match_the_step_by_step_splitter(text: str) -> None:
    assert [(s.kind.value, s.start, s.end) for s in segments(text)] == reference_segments(text)


TERMS = ["took the fall", "it was given", "k", "élan", "tk", "fall", "bat lab", "\u0436k", "a b"]
SCANNER = SpoilerScanner(TERMS)
# Past SIMD_PATTERNS anchor words the quick check is a DFA of framed words instead of a SIMD
# search of unframed ones: three-letter words of the test alphabet, which texts do contain.
WORDS = [a + b + c for a in "abtlk" for b in "abtlk" for c in "abtlk"]
LONG_LIST = SpoilerScanner([*TERMS, *WORDS])
both_lists = pytest.mark.parametrize("scanner", [SCANNER, LONG_LIST], ids=["short", "long"])


def test_the_long_list_takes_the_other_quick_check() -> None:
    assert len(TERMS) < SIMD_PATTERNS < len(WORDS)


@both_lists
@given(text=texts)
@settings(max_examples=400)
def test_scan_reports_what_the_full_path_reports(scanner: SpoilerScanner, text: str) -> None:
    assert [(h.start, h.end, h.term) for h in scanner.scan(text)] == reference_scan(scanner, text)


@given(texts)
@settings(max_examples=200)
def test_scan_with_precomputed_hidden_spans_reports_the_same(text: str) -> None:
    assert SCANNER.scan(text, hidden_spans(text)) == SCANNER.scan(text)


# Any spans a caller might pass, even empty, overlapping or past the end: the quick check on
# the visible pieces must agree with how `normalize` hides them.
spans = st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=5)


@both_lists
@given(text=texts, hidden=spans)
@settings(max_examples=400)
def test_scan_with_any_hidden_spans_reports_what_the_full_path_reports(
    scanner: SpoilerScanner, text: str, hidden: list[tuple[int, int]]
) -> None:
    found = [(h.start, h.end, h.term) for h in scanner.scan(text, hidden)]
    assert found == reference_scan(scanner, text, hidden)


def test_quick_check_sees_terms_beside_hidden_spans_but_not_across_them() -> None:
    assert [h.term for h in SCANNER.scan("he ||x|| took the fall `y`")] == [
        "took the fall",
        "fall",
    ]
    assert [h.term for h in SCANNER.scan("took ||x|| the `y` fall")] == ["fall"]
    assert SCANNER.scan("took ||the fall|| `fall`") == []


def test_fast_path_still_finds_an_evasive_spoiler() -> None:
    text = "so he TOOK\u200b the  f\u00e1ll, didn\u2019t he"
    assert [h.term for h in SCANNER.scan(text)] == ["took the fall", "fall"]
    assert SCANNER.scan("||he took the fall||") == []


@both_lists
@given(text=texts)
@settings(max_examples=400)
def test_nothing_to_report_means_no_hit_and_no_tag(scanner: SpoilerScanner, text: str) -> None:
    if scanner.nothing_to_report(text):
        assert scanner.scan(text) == []
        assert count_spoiler_segments(text) == 0


def test_nothing_to_report_in_plain_chat_only() -> None:
    assert SCANNER.nothing_to_report("what a lovely film, the ending was great")
    assert not SCANNER.nothing_to_report("so he TOOK\u200b the  fáll, didn’t he")
    assert not SCANNER.nothing_to_report("marked ||hidden|| text")
    assert not SCANNER.nothing_to_report("some `code` here")
    assert SpoilerScanner([]).nothing_to_report("took the fall")


@given(st.text(alphabet=ALPHABET + "\x01\x02\x03\x04", max_size=60) | st.text(max_size=40))
@settings(max_examples=400)
def test_folded_text_never_holds_the_decoy_keys(text: str) -> None:
    """The decoys that keep the DFA's one-byte prefilter off must never match what it searches."""
    searched = [canonical_text(text).encode()]
    if (loose := loose_ascii_words(text)) is not None:
        searched.append(loose)
    for folded in searched:
        assert not any(decoy in folded for decoy in _DECOY_KEYS)
