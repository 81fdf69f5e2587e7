"""The typo tolerance's edit distance: rapidfuzz's OSA with a cutoff, loaded on first use."""

from __future__ import annotations

from lantern.trivia.matching import is_close, osa_distance


def test_distance_stops_counting_past_the_limit() -> None:
    assert osa_distance("jingwen", "jingwen", 2) == 0
    assert osa_distance("jingwen", "jnigwen", 2) == 1  # a swap is one edit
    assert osa_distance("jingwen", "lin hao", 2) == 3  # past the limit: limit + 1


def test_typos_people_make() -> None:
    assert is_close("jingwne", "jingwen") == 1  # two letters swapped
    assert is_close("jngwen", "jingwen") == 1
    assert is_close("wie", "wei") is None  # three letters: exact only
    assert is_close("hair", "chair") is None
