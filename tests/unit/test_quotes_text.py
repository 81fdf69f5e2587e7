"""Sentence splitting, spoiler flags and film-line extraction on the real review text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lantern.markdown import ITALIC_SPAN
from lantern.pack import FilmPack
from lantern.quotes.index import QuoteFilter, QuoteIndex
from lantern.quotes.text import (
    Sentence,
    normalize_quotes,
    quote_units,
    split_review,
)


def spoiler_sentence_ids(pack: FilmPack, review: str, passages: Sequence[str]) -> set[str]:
    """Ids of the sentences the quote index flags as spoilers, with `review` as the pack's review."""
    changed = replace(pack, review_text=review, spoiler_passages=tuple(passages), lines=())
    return {quote.id for quote in QuoteIndex.from_pack(changed).sentences if quote.spoiler}


def italic_dialogue(text: str, title: str | None = None) -> list[str]:
    """The dialogue a review sets in `*asterisks*`, first occurrence order, without repeats:
    what the pack's `[[lines]]` must attribute. Italics that are not dialogue are left out: the
    film's title and any span that does not end like a spoken sentence (titles are names)."""
    title_folded = _fold(title) if title else None
    lines: list[str] = []
    for match in ITALIC_SPAN.finditer(text):
        line = match.group(1).strip()
        if not line or _fold(line) == title_folded or not line.endswith(tuple(".?!…")):
            continue
        if line not in lines:
            lines.append(line)
    return lines


def _fold(text: str) -> str:
    return normalize_quotes(text).casefold().strip()


@pytest.fixture(scope="module")
def sentences(pack: FilmPack) -> list[Sentence]:
    return split_review(pack.review_text)


def by_id(sentences: list[Sentence]) -> dict[str, Sentence]:
    return {sentence.id: sentence for sentence in sentences}


def test_review_splits_into_five_paragraphs_with_offsets_that_round_trip(
    pack: FilmPack, sentences: list[Sentence]
) -> None:
    assert {sentence.paragraph for sentence in sentences} == {1, 2, 3, 4, 5}
    for sentence in sentences:
        assert pack.review_text[sentence.start : sentence.end] == sentence.text
        assert sentence.id == f"p{sentence.paragraph}s{sentence.index}"
        assert sentence.text == sentence.text.strip()


def test_ids_are_unique_and_indexes_count_from_one(sentences: list[Sentence]) -> None:
    assert len({sentence.id for sentence in sentences}) == len(sentences)
    firsts = [s for s in sentences if s.index == 1]
    assert [s.paragraph for s in firsts] == [1, 2, 3, 4, 5]


def test_ids_are_stable(pack: FilmPack, sentences: list[Sentence]) -> None:
    assert split_review(pack.review_text) == sentences
    found = by_id(sentences)
    assert found["p1s1"].text.startswith("In the flickering neon-drenched alleyways")
    assert found["p2s13"].text == "Her name is Jingwen."
    assert found["p5s31"].text == "It’s forgetting you were ever worth finding."


def test_question_mark_ends_a_sentence_mid_paragraph(sentences: list[Sentence]) -> None:
    texts = [s.text for s in sentences]
    wonder = next(t for t in texts if "makes you wonder" in t)
    assert wonder.endswith("Is he running from something, or toward it?")
    assert "A token?" in texts
    assert "No." in texts  # "No." is a word here, not an abbreviation
    assert "The money thrown that night?" in texts


def test_em_dashes_do_not_split_sentences(sentences: list[Sentence]) -> None:
    found = by_id(sentences)
    assert found["p1s2"].text.startswith("What begins as a street-level scuffle")
    assert "—let’s call him Li Wei—" in found["p1s2"].text
    assert found["p3s8"].text == "And then—she smiles."


def test_italic_dialogue_stays_inside_the_sentence_that_quotes_it(
    sentences: list[Sentence],
) -> None:
    found = by_id(sentences)
    assert found["p2s3"].text.endswith("in years: *I promised I’d return.*")
    # Two sentences inside one italic span stay together with the sentence quoting them.
    assert found["p2s25"].text.endswith("*It wasn’t stolen. It was given.*")
    assert found["p3s1"].text.startswith("*Love Lights My Way Back Home* thrives")
    assert found["p3s11"].text == "The kind that says: *I see you now.*"


def test_ellipses_and_curly_quotes_in_synthetic_text() -> None:
    text = (
        "He paused… then spoke. She said “Go home.” He left… Nobody followed!\n"
        "\n"
        "Mr. Feng waited. ‘Why?’ she asked. *Is he running from something, or toward it?* Yes."
    )
    texts = [s.text for s in split_review(text)]
    assert texts == [
        "He paused… then spoke.",
        "She said “Go home.”",
        "He left…",
        "Nobody followed!",
        "Mr. Feng waited.",
        "‘Why?’ she asked.",
        "*Is he running from something, or toward it?*",
        "Yes.",
    ]
    assert [s.paragraph for s in split_review(text)][-1] == 2


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split_review("") == []
    assert split_review(" \n\n  \n") == []


def test_spoiler_sentences_are_those_overlapping_a_passage(
    pack: FilmPack, sentences: list[Sentence]
) -> None:
    flagged = {quote.id for quote in QuoteIndex.for_pack(pack).sentences if quote.spoiler}
    assert {"p2s25", "p3s14", "p3s15", "p3s21", "p3s25", "p4s7", "p5s10", "p5s19"} <= flagged
    assert not {"p1s1", "p2s3", "p2s13", "p3s11", "p4s8", "p5s31"} & flagged


def test_partial_overlap_flags_the_sentence(pack: FilmPack) -> None:
    text = "One two. Three four. Five six."
    assert spoiler_sentence_ids(pack, text, ["two. Three"]) == {"p1s1", "p1s2"}
    assert spoiler_sentence_ids(pack, text, ["not there"]) == set()
    assert spoiler_sentence_ids(pack, text, []) == set()


def test_film_lines_are_the_asterisk_dialogue_without_the_title(pack: FilmPack) -> None:
    lines = italic_dialogue(pack.review_text, pack.title)
    assert lines == [
        "I promised I’d return.",
        "It wasn’t stolen. It was given.",
        "I see you now.",
        "I know why you did it.",
    ]
    assert pack.title not in lines
    assert italic_dialogue(pack.review_text) == lines


def test_film_lines_keep_question_marks_and_drop_repeats() -> None:
    text = "*Title Here* says: *Is he running from something, or toward it?* and *Go!* *Go!*"
    assert italic_dialogue(text, "Title Here") == [
        "Is he running from something, or toward it?",
        "Go!",
    ]


def test_every_extracted_line_is_attributed_in_the_pack(pack: FilmPack) -> None:
    attributed = {line.text for line in pack.lines}
    assert set(italic_dialogue(pack.review_text, pack.title)) == attributed
    # ...and the quote index offers each of them, in the order the review says them.
    offered = [quote.text for quote in QuoteIndex.for_pack(pack).film_lines]
    assert offered == italic_dialogue(pack.review_text, pack.title)


def test_normalize_quotes_folds_curly_punctuation() -> None:
    assert normalize_quotes("I’d “go”—now…") == 'I\'d "go"-now...'


@given(st.text(alphabet=st.sampled_from(list("ab .?!…*“”’\"'\n—-AZ19")), max_size=200))
def test_any_text_splits_into_ordered_spans_that_round_trip(pack: FilmPack, text: str) -> None:
    sentences = split_review(text)
    previous_end = 0
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text and sentence.text == sentence.text.strip()
        assert sentence.start >= previous_end
        previous_end = sentence.end
    assert spoiler_sentence_ids(pack, text, [text[:5]]) <= {s.id for s in sentences}
    assert isinstance(italic_dialogue(text), list)
    units = quote_units(text, sentences)
    # Units are whole sentences joined in order: nothing lost, nothing repeated, offsets exact.
    assert [s.id for s in sentences if any(u.id == s.id for u in units)] == [u.id for u in units]
    assert sum(u.last - u.index + 1 for u in units) == len(sentences)
    assert all(text[u.start : u.end] == u.text for u in units)


def unit_texts(text: str) -> list[str]:
    return [unit.text for unit in quote_units(text, split_review(text))]


def test_a_sentence_keeps_the_one_that_qualifies_it() -> None:
    text = (
        "The ring was his. Or so he said. It was gold. But it was fake. He ran. Yet he stayed. "
        "She waits. Not in anger. Not in fear. In hope. Was it a cat? A fox? No. A dog. "
        "Nothing moved. Butter melts."
    )
    assert unit_texts(text) == [
        "The ring was his. Or so he said.",
        "It was gold. But it was fake.",
        "He ran. Yet he stayed.",
        "She waits. Not in anger. Not in fear. In hope.",
        "Was it a cat? A fox? No. A dog.",
        "Nothing moved.",  # "Nothing" is not "No", "Butter" is not "But"
        "Butter melts.",
    ]


def test_units_stop_at_the_paragraph_and_keep_offsets() -> None:
    text = "He left.\nBut she stayed. Not gladly—but she stayed. Then rain."
    units = quote_units(text, split_review(text))
    assert [u.text for u in units] == [
        "He left.",
        "But she stayed. Not gladly—but she stayed.",
        "Then rain.",
    ]  # fmt: skip  (a "Not …—but …" says what it is itself: "Then rain." stays apart)
    assert all(text[u.start : u.end] == u.text for u in units)


def test_no_review_quote_cuts_a_sentence_from_its_qualifier(pack: FilmPack) -> None:
    index = QuoteIndex.for_pack(pack)
    quotes = index.candidates(QuoteFilter(include_spoilers=True))
    believed = [q for q in quotes if "The bangle was her mother’s." in q.text]
    assert [q.text for q in believed] == ["The bangle was her mother’s. Or so she believed."]
    assert believed[0].place == "paragraph 2, sentences 19–20"
    locket = next(q for q in quotes if "a locket?" in q.text)
    assert locket.text.endswith("No. It’s a jade fragment.")
    # Every unit ends where a quote may end: the next one never qualifies it.
    for unit, following in zip(index.sentences, index.sentences[1:], strict=False):
        if unit.paragraph == following.paragraph:
            assert not following.text.startswith(("Or so", "But ", "Yet ", "No.", "Not ")), unit.id
