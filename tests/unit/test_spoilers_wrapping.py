"""Wrapping: the sentences that give something away go inside ||...||, nothing else changes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.spoilers import SpoilerHit, SpoilerScanner, count_spoiler_segments
from lantern.spoilers.wrapping import split_message, wrap_spoilers

SCANNER = SpoilerScanner(["took the fall", "penance", "mended bangle"])


def wrap(text: str) -> str:
    return wrap_spoilers(text, SCANNER.scan(text))


def test_only_the_offending_sentence_is_wrapped() -> None:
    text = "I loved it. Li Wei took the fall! What a film."
    assert wrap(text) == "I loved it. ||Li Wei took the fall!|| What a film."


def test_each_line_is_its_own_sentence() -> None:
    assert wrap("Great film\nthe mended bangle\nbye") == "Great film\n||the mended bangle||\nbye"


def test_existing_tags_in_a_wrapped_sentence_are_merged() -> None:
    text = "Wow ||Feng|| did penance. Fine."
    assert wrap(text) == "||Wow Feng did penance.|| Fine."


def test_stray_pipes_are_escaped_so_the_tag_cannot_close_early() -> None:
    assert wrap("a || b, penance") == r"||a \|\| b, penance||"


def test_code_stays_outside_the_tag() -> None:
    assert wrap("Penance `x||y` again") == "||Penance|| `x||y` ||again||"


def test_a_message_without_hits_is_unchanged() -> None:
    text = "Nothing. To see || here `really`."
    assert wrap(text) == text


def test_a_wrapped_sentence_keeps_its_surrounding_whitespace_outside_the_tag() -> None:
    text = "  all of it | here "
    hit = SpoilerHit(2, 8, "all of it")
    assert wrap_spoilers(text, [hit]) == r"  ||all of it \| here|| "


def test_wrapped_text_has_no_visible_spoilers_left() -> None:
    text = "The end: Li Wei took the fall. Then penance!!! And the mended bangle."
    wrapped = wrap(text)
    assert SCANNER.scan(wrapped) == []
    assert count_spoiler_segments(wrapped) == 3


def test_long_messages_are_split_without_breaking_tags() -> None:
    text = ("He took the fall. " * 150).strip()
    chunks = split_message(wrap(text))
    assert len(chunks) > 1
    assert all(len(chunk) <= 2000 for chunk in chunks)
    assert all(SCANNER.scan(chunk) == [] for chunk in chunks)


SENTENCE = st.text(
    st.characters(codec="utf-8", exclude_characters="\\", exclude_categories=("Cs",)), max_size=60
)


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(
        st.one_of(SENTENCE, st.just(" took the fall. "), st.just("||penance||")), max_size=6
    )
)
def test_after_wrapping_nothing_is_left_visible(parts: list[str]) -> None:
    text = "".join(parts)
    for chunk in split_message(wrap(text)):
        assert SCANNER.scan(chunk) == [], chunk


def test_a_trailing_backslash_cannot_escape_the_closing_tag() -> None:
    wrapped = wrap_spoilers("took the fall\\", SCANNER.scan("took the fall\\"))
    assert wrapped == "||took the fall\\ ||"
    assert count_spoiler_segments(wrapped) == 1
