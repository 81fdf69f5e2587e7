"""The spoiler scanner: evasions it must see through, and innocent text it must leave alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.pack import load_film_pack
from lantern.settings import PROJECT_ROOT
from lantern.spoilers import SpoilerScanner, count_spoiler_segments
from lantern.spoilers.normalize import normalize_term

TERMS = ["took the fall", "penance", "jingwen's brother", "fall", "mended bangle"]


@pytest.fixture(scope="module")
def scanner() -> SpoilerScanner:
    return SpoilerScanner(TERMS)


def found(scanner: SpoilerScanner, text: str) -> list[tuple[str, str]]:
    """(term, original text it matched) for every hit."""
    return [(hit.term, text[hit.start : hit.end]) for hit in scanner.scan(text)]


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Li Wei took the fall.", "took the fall"),
        ("TOOK THE FALL", "TOOK THE FALL"),
        ("ｔｏｏｋ ｔｈｅ ｆａｌｌ", "ｔｏｏｋ ｔｈｅ ｆａｌｌ"),  # fullwidth
        ("t\u200bo\u200co\u200dk the fall", "t\u200bo\u200co\u200dk the fall"),
        ("took\u2060 the\u00ad fall", "took\u2060 the\u00ad fall"),
        ("\ufefftook the fal\ufe0fl", "took the fal\ufe0fl"),
        ("took   the\n\nfall", "took   the\n\nfall"),
        ("took...the---fall", "took...the---fall"),
        ("took *the* fall", "took *the* fall"),
        ("tóok thé fàll", "tóok thé fàll"),  # precomposed accents
        ("to\u0301ok the fall", "to\u0301ok the fall"),  # combining accent
        ("Jingwen’s brother", "Jingwen’s brother"),  # curly apostrophe
        ("Jingwen's brother", "Jingwen's brother"),
        ("jingwens brother", "jingwens brother"),
        ("It was PENANCE!", "PENANCE"),
        ("the mended\u3000bangle", "mended\u3000bangle"),  # ideographic space
    ],
)
def test_evasions_are_found_with_their_original_span(
    scanner: SpoilerScanner, text: str, matched: str
) -> None:
    assert matched in [original for _, original in found(scanner, text)]


@pytest.mark.parametrize(
    "text",
    [
        "Fallout is a different story.",
        "the waterfall scene",
        "he tookthefall",  # words glued together are a different word
        "penances",  # whole words only
        "||Li Wei took the fall||",
        "||took|| the fall is hidden? no: only 'the fall' is visible",
        "`took the fall` in code",
        "```\ntook the fall\n```",
        "``took the `fall` quoted``",
        "",
        "Nothing to see here.",
    ],
)
def test_innocent_or_hidden_text_is_not_flagged(scanner: SpoilerScanner, text: str) -> None:
    assert [term for term, _ in found(scanner, text) if term != "fall"] == []
    if "fallout" in text.lower() or "waterfall" in text or "tookthefall" in text:
        assert found(scanner, text) == []


def test_single_word_inside_longer_words_is_ignored(scanner: SpoilerScanner) -> None:
    assert found(scanner, "fallout, waterfall, falls, befall") == []
    assert found(scanner, "the fall.") == [("fall", "fall")]


def test_phrase_half_hidden_by_a_tag_is_not_flagged() -> None:
    scanner = SpoilerScanner(["took the fall"])
    assert scanner.scan("He took the ||fall|| for her") == []


def test_unclosed_tag_and_escaped_pipes_do_not_hide_text(scanner: SpoilerScanner) -> None:
    assert found(scanner, "|| penance") == [("penance", "penance")]
    assert found(scanner, r"\|\|penance\|\|") == [("penance", "penance")]


def test_text_after_a_closed_tag_is_scanned(scanner: SpoilerScanner) -> None:
    assert found(scanner, "||hidden|| but penance is not") == [("penance", "penance")]


def test_overlapping_terms_are_all_reported(scanner: SpoilerScanner) -> None:
    assert found(scanner, "took the fall") == [
        ("took the fall", "took the fall"),
        ("fall", "fall"),
    ]


def test_each_occurrence_is_reported() -> None:
    scanner = SpoilerScanner(["penance"])
    hits = scanner.scan("penance, penance and Penance")
    assert [(hit.start, hit.end) for hit in hits] == [(0, 7), (9, 16), (21, 28)]


def test_terms_without_letters_are_ignored_and_duplicates_collapse() -> None:
    scanner = SpoilerScanner(["...", "", "Penance", "penance", "PÉNANCE"])
    assert scanner.terms == ("Penance",)
    assert SpoilerScanner([]).scan("anything") == []


def test_a_thousand_terms_still_find_the_one_that_matters() -> None:
    terms = [f"decoy phrase number {i}" for i in range(1000)] + ["mended bangle"]
    scanner = SpoilerScanner(terms)
    text = "just chatting " * 100 + "the mended bangle" + " more chat" * 100
    assert [hit.term for hit in scanner.scan(text)] == ["mended bangle"]


def test_film_pack_default_terms_all_compile() -> None:
    pack = load_film_pack(PROJECT_ROOT / "data")
    scanner = SpoilerScanner(pack.spoiler_terms)
    assert len(scanner.terms) == len(pack.spoiler_terms)


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Li Wei t\u043e\u043ek the fall", "t\u043e\u043ek the fall"),  # Cyrillic о
        ("TOOK THE FA11!", "TOOK THE FA11"),  # leetspeak
        ("t00k th3 f4ll", "t00k th3 f4ll"),
        ("took the fa\u04cf\u04cf", "took the fa\u04cf\u04cf"),  # Cyrillic palochka for l
    ],
)
def test_look_alike_letters_and_leetspeak_are_seen_through(text: str, matched: str) -> None:
    assert [text[h.start : h.end] for h in SpoilerScanner(["took the fall"]).scan(text)] == [
        matched
    ]


def test_digits_alone_stay_digits() -> None:
    assert SpoilerScanner(["lol"]).scan("it scored 101") == []
    assert SpoilerScanner(["9 10"]).scan("a 9/10 from me")


def test_count_spoiler_segments() -> None:
    assert count_spoiler_segments("||a|| and ||b|| but not `||c||` or ||") == 2


# ----- properties -----

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
ZERO_WIDTH = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\ufe0f"])
GAPS = st.lists(
    st.sampled_from([" ", "  ", "\n", "...", "-", ",", "*", "_", "\t", " ~ "]),
    min_size=1,
    max_size=3,
).map("".join)
PLAIN_CHARS = st.characters(codec="utf-8", exclude_characters="|`\\")


@st.composite
def disguised(draw: st.DrawFn, word: str) -> str:
    """`word` with zero-width characters, accents, fullwidth forms and case changes mixed in."""
    out = []
    for char in word:
        style = draw(st.sampled_from(["plain", "upper", "fullwidth", "accent"]))
        if style == "upper":
            char = char.upper()
        elif style == "fullwidth":
            char = chr(ord(char) - ord("a") + ord("ａ"))
        elif style == "accent":
            char += "\u0301"
        out.append(char)
        if draw(st.booleans()):
            out.append(draw(ZERO_WIDTH))
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    words=st.lists(WORDS, min_size=1, max_size=4),
    before=st.text(PLAIN_CHARS, max_size=20),
    after=st.text(PLAIN_CHARS, max_size=20),
)
def test_a_disguised_term_is_found_anywhere(
    data: st.DataObject, words: list[str], before: str, after: str
) -> None:
    term = " ".join(words)
    disguised_words = [data.draw(disguised(word)) for word in words]
    gaps = [data.draw(GAPS) for _ in words[1:]]
    phrase = disguised_words[0] + "".join(
        g + w for g, w in zip(gaps, disguised_words[1:], strict=True)
    )
    text = f"{before} {phrase} {after}"
    hits = SpoilerScanner([term]).scan(text)
    start = len(before) + 1
    assert any(hit.start == start and hit.end == start + len(phrase) for hit in hits), (text, hits)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(WORDS, min_size=1, max_size=3),
    hidden=st.text(PLAIN_CHARS, max_size=40),
    before=st.text(PLAIN_CHARS, max_size=20),
    after=st.text(PLAIN_CHARS, max_size=20),
)
def test_text_inside_spoiler_tags_is_never_flagged(
    words: list[str], hidden: str, before: str, after: str
) -> None:
    term = " ".join(words)
    inner = f"{hidden} {term} {hidden}"
    text = f"{before}||{inner}||{after}"
    tag_start, tag_end = len(before), len(before) + len(inner) + 4
    for hit in SpoilerScanner([term, *words]).scan(text):
        assert hit.end <= tag_start or hit.start >= tag_end, (text, hit)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200), terms=st.lists(st.text(min_size=1, max_size=12), max_size=5))
def test_hits_are_valid_spans_of_whole_words(text: str, terms: list[str]) -> None:
    scanner = SpoilerScanner(terms)
    for hit in scanner.scan(text):
        assert 0 <= hit.start < hit.end <= len(text)
        # Usually equal; contained when one character folds to several words ("¼" is "1 4").
        found = f" {normalize_term(text[hit.start : hit.end])} "
        assert f" {normalize_term(hit.term)} " in found


def test_a_hit_spans_exactly_the_term_in_plain_text() -> None:
    text = "Honestly, he TOOK the fall."
    [hit] = SpoilerScanner(["took the fall"]).scan(text)
    assert text[hit.start : hit.end] == "TOOK the fall"


def test_a_phrase_cannot_be_matched_across_hidden_text() -> None:
    scanner = SpoilerScanner(["took the fall"])
    assert scanner.scan("took ||shh|| the fall") == []
    assert scanner.scan("took `code` the fall") == []
