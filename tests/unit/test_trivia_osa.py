"""The typo tolerance's edit distance (pure Python since the benchmarks, to keep a 2.5 MiB
library out of the bot's memory) agrees with rapidfuzz's OSA for every cutoff used."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from lantern.trivia.matching import is_close, osa_distance

words = st.text(alphabet="abcdeiw ", max_size=14)


@given(words, words, st.integers(min_value=0, max_value=3))
@settings(max_examples=2000)
def test_agrees_with_rapidfuzz_osa(a: str, b: str, limit: int) -> None:
    assert osa_distance(a, b, limit) == OSA.distance(a, b, score_cutoff=limit)


def test_typos_people_make() -> None:
    assert is_close("jingwne", "jingwen") == 1  # two letters swapped
    assert is_close("jngwen", "jingwen") == 1
    assert is_close("wie", "wei") is None  # three letters: exact only
    assert is_close("hair", "chair") is None
