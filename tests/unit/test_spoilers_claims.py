"""The claim detector: the film's twists in members' own words, and chat it must leave alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.pack import FilmPack
from lantern.spoilers.claims import ClaimDetector, compile_pattern, within_one_edit
from lantern.spoilers.normalize import normalize_term
from lantern.spoilers.scanner import SpoilerScanner


@pytest.fixture(scope="module")
def detector(pack: FilmPack) -> ClaimDetector:
    return ClaimDetector(pack.twists)


def twists(detector: ClaimDetector, text: str) -> list[str]:
    return [hit.twist or "" for hit in detector.scan(text)]


@pytest.mark.parametrize(
    ("text", "twist"),
    [
        # The issue's own examples of what the phrase scanner let through.
        ("Li Wei is actually her brother", "li-wei-brother"),
        ("turns out Li Wei was never a thief", "li-wei-brother"),
        ("he covered for his little sister", "li-wei-brother"),
        ("Lin Hao is the good guy", "lin-hao-messenger"),
        ("Lin Hao was just a messenger", "lin-hao-messenger"),
        ("the money was an apology", "money-penance"),
        ("the bangle was a gift all along", "jade-given"),
        ("Feng confessed everything", "feng-confesses"),
        # Disguises: look-alike letters, leetspeak, a typo.
        ("Li Wei is her br\u043ether", "li-wei-brother"),  # Cyrillic о
        ("L1n H4o w4snt the v1llain", "lin-hao-messenger"),
        ("uncle feng confeses to the whole thing", "feng-confesses"),
        # Across two sentences, as the film says it.
        ("It wasn't stolen. It was given.", "jade-given"),
    ],
)
def test_twists_in_members_words_are_found(detector: ClaimDetector, text: str, twist: str) -> None:
    assert twist in twists(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "He was a brother to me",  # the everyday false positives
        "It was given a 9/10 by most critics",
        "sitting through that felt like penance",
        "my brother stole my fries",
        "Lin Hao is a great villain",  # twist vocabulary, nothing revealed
        "is Lin Hao the villain? haven't seen it yet",
        "why does Lin Hao throw the money?",
        "Lin Hao isn't a good guy",  # what the twist says, negated
        "||Li Wei is her brother||",  # tagged
        "`Li Wei is her brother`",  # code
    ],
)
def test_ordinary_chat_is_left_alone(detector: ClaimDetector, text: str) -> None:
    assert twists(detector, text) == []


def test_negation_decides_a_denial(detector: ClaimDetector) -> None:
    assert twists(detector, "Lin Hao isn't the villain") == ["lin-hao-messenger"]
    assert twists(detector, "Lin Hao was never the bad guy") == ["lin-hao-messenger"]
    assert twists(detector, "Lin Hao is the villain") == []


def test_a_pronoun_counts_only_in_talk_about_the_film(detector: ClaimDetector) -> None:
    assert twists(detector, "he was protecting his sister the entire film") == ["li-wei-brother"]
    assert twists(detector, "he was protecting his sister") == []


def test_a_hit_spans_the_words_that_say_it(detector: ClaimDetector) -> None:
    text = "Loved the music. Li Wei is her brother! Great colours."
    [hit] = detector.scan(text)
    assert text[hit.start : hit.end] == "brother"
    assert hit.term == "who Li Wei really is"  # the label, never the twist


def test_the_first_stage_needs_a_word_of_the_rules(detector: ClaimDetector) -> None:
    assert detector.nothing_to_report("anyone want to grab lunch later?")
    assert not detector.nothing_to_report("the bangle, though")
    assert not detector.nothing_to_report("the mony was penence")  # typo variants anchor


def test_patterns() -> None:
    pattern = compile_pattern("took|take fall|blame")
    words = [normalize_term(w) for w in ["he", "took", "all", "the", "blame"]]
    assert list(pattern.find(words)) == [(1, 4)]
    assert list(compile_pattern("confess*").find(["confessed"])) == [(0, 0)]
    assert within_one_edit("theif", "thief") and within_one_edit("brothr", "brother")
    assert not within_one_edit("bother", "brothers")


WORDS = [
    "li",
    "wei",
    "lin",
    "hao",
    "brother",
    "villain",
    "isnt",
    "never",
    "the",
    "bangle",
    "mended",
    "money",
    "penance",
    "he",
    "film",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(alphabet="abdehilnorstw .,!?'|`1", max_size=6)),
    max_size=20,
).map(" ".join)


class _RulesOnly(ClaimDetector):
    """The rules without their first stage: what the first stage must never hide."""

    def nothing_to_report(self, text: str) -> bool:
        return False


SPELT = st.lists(st.sampled_from([*WORDS, "stole", "given", "gift", "nods", "confessed"])).map(
    " ".join
)


@settings(max_examples=300, deadline=None)
@given(SPELT)
def test_the_first_stage_never_drops_a_hit_spelt_as_the_pack_spells_it(text: str) -> None:
    if _RULES_ONLY.scan(text):
        assert not _DETECTOR.nothing_to_report(text)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_tagged_text_is_never_flagged(text: str) -> None:
    inner = text.replace("|", "")
    if inner.strip():
        assert _DETECTOR.scan(f"||{inner}||") == []


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_hits_are_spans_of_the_text(text: str) -> None:
    for hit in _DETECTOR.scan(text):
        assert 0 <= hit.start < hit.end <= len(text)


def _pack_twists() -> tuple:
    from lantern.pack import load_film_pack
    from lantern.settings import PROJECT_ROOT

    return load_film_pack(PROJECT_ROOT / "data").twists


_DETECTOR = ClaimDetector(_pack_twists())


def test_a_long_term_list_searches_for_the_twists_words_in_the_same_pass(
    detector: ClaimDetector,
) -> None:
    many = [f"zq{n} term" for n in range(100)]  # a DFA list: the twists' anchors join it
    long_list = SpoilerScanner(many, detector.anchor_keys)
    short_list = SpoilerScanner(many[:3], detector.anchor_keys)
    assert long_list.covers_also and not short_list.covers_also
    for text in ("the bangle, though", "Lin Hao?", "the mony was penence", "Ｌｉｎ Ｈａｏ ｇｕｙ"):
        assert not detector.nothing_to_report(text)
        assert not long_list.nothing_to_report(text), text
        assert long_list.scan(text) == []  # a twist's word is no term
    assert long_list.nothing_to_report("anyone want to grab lunch later?")
    assert [hit.term for hit in long_list.scan("a zq7 term!")] == ["zq7 term"]


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_a_covering_scanner_settles_only_what_the_twists_would(text: str) -> None:
    scanner = _COVERING
    if scanner.nothing_to_report(text):
        assert _DETECTOR.nothing_to_report(text) and scanner.scan(text) == []


def _covering() -> SpoilerScanner:
    return SpoilerScanner([f"zq{n} term" for n in range(100)], _DETECTOR.anchor_keys)


_COVERING = _covering()
_RULES_ONLY = _RulesOnly(_pack_twists())
