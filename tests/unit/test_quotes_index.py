"""Character tagging, film-line attribution, spoiler flags and random picks over the real pack."""

from __future__ import annotations

import random

import pytest

from lantern.pack import FilmPack
from lantern.quotes.characters import (
    AmbiguousCharacter,
    CharacterTagger,
    UnknownCharacter,
    character_choices,
    resolve_character,
)
from lantern.quotes.index import QuoteFilter, QuoteIndex
from lantern.quotes.model import QuoteKind
from lantern.quotes.picking import NoQuoteFound, pick_random


@pytest.fixture(scope="module")
def index(pack: FilmPack) -> QuoteIndex:
    return QuoteIndex.from_pack(pack)


@pytest.fixture(scope="module")
def tagger(pack: FilmPack) -> CharacterTagger:
    return CharacterTagger(pack.characters)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the man in the black suit", ("lin-hao",)),
        ("The Man in the Grey   Vest walked in", ("uncle-feng",)),
        ("a schoolgirl knelt", ("xiao-mei",)),
        ("the disheveled man ran", ("li-wei",)),
        ("a woman in crimson velvet", ("jingwen",)),
        ("Xiao Mei’s grip on Li Wei’s arm", ("xiao-mei", "li-wei")),
        ("Hao and Feng", ("lin-hao", "uncle-feng")),
        ("the elegant enforcer", ("lin-hao",)),
    ],
)
def test_tagging_by_name_alias_and_description(
    tagger: CharacterTagger, text: str, expected: tuple[str, ...]
) -> None:
    assert tagger.tag(text) == expected


def test_tagging_needs_whole_words(tagger: CharacterTagger) -> None:
    assert tagger.tag("Weiland and Meiosis and Haofeng") == ()
    assert tagger.tag("schoolgirls") == ()
    assert tagger.tag("") == ()


def test_review_sentences_are_tagged(index: QuoteIndex) -> None:
    def tags(quote_id: str) -> tuple[str, ...]:
        quote = index.get(quote_id)
        assert quote is not None
        return quote.characters

    assert tags("p1s2") == ("li-wei", "xiao-mei")  # "disheveled man—let’s call him Li Wei"
    assert tags("p1s9") == ("lin-hao",)  # "Lin Hao—the man in the black suit"
    assert tags("p2s22") == ("uncle-feng",)  # "the man in the grey vest—Uncle Feng"
    assert tags("p2s12") == ("jingwen",)  # "A woman in crimson velvet"
    assert tags("p3s22") == ("lin-hao",)


def test_film_lines_are_attributed_and_placed(index: QuoteIndex) -> None:
    lines = {quote.text: quote for quote in index.film_lines}
    assert set(lines) == {
        "I promised I’d return.",
        "It wasn’t stolen. It was given.",
        "I see you now.",
        "I know why you did it.",
    }
    promised = lines["I promised I’d return."]
    assert (promised.id, promised.speaker, promised.paragraph) == ("p2s3l1", "li-wei", 2)
    assert promised.kind is QuoteKind.FILM_LINE
    assert lines["It wasn’t stolen. It was given."].speaker == "uncle-feng"
    assert lines["I see you now."].speaker == "jingwen"
    assert index.lines("li-wei") == [promised, lines["I know why you did it."]]


def test_spoiler_flags_follow_the_pack(index: QuoteIndex) -> None:
    flagged = {quote.id for quote in index.quotes if quote.spoiler}
    assert {"p2s25", "p2s25l1", "p3s15", "p3s21", "p5s10", "p5s10l1", "p5s19"} <= flagged
    assert not {"p1s1", "p2s3", "p2s3l1", "p3s11l1", "p5s31"} & flagged


def test_candidates_leave_out_spoilers_fragments_and_others(index: QuoteIndex) -> None:
    safe = index.candidates(QuoteFilter())
    assert safe and not any(quote.spoiler for quote in safe)
    assert all(q.is_film_line or q.word_count >= 5 for q in safe)
    feng = index.candidates(QuoteFilter(character="uncle-feng", include_spoilers=True))
    assert {q.id for q in feng} == {"p2s22", "p2s25l1", "p3s14"}  # line via its speaker
    lines = index.candidates(QuoteFilter(kind=QuoteKind.FILM_LINE))
    assert {q.text for q in lines} == {"I promised I’d return.", "I see you now."}


def test_context_stays_in_the_paragraph(index: QuoteIndex) -> None:
    assert [q.id for q in index.context("p2s13")] == ["p2s12", "p2s13", "p2s14"]
    assert [q.id for q in index.context("p2s1")] == ["p2s1", "p2s2"]
    assert [q.id for q in index.context("p2s3l1", radius=2)] == [
        "p2s1", "p2s2", "p2s3", "p2s4", "p2s5"
    ]  # fmt: skip


def test_appearances_count_sentences_and_paragraphs(index: QuoteIndex) -> None:
    feng = index.appearances("uncle-feng")
    assert (feng.sentences, feng.paragraphs, feng.spoiler_sentences) == (2, (2, 3), 1)
    assert index.appearances("nobody").sentences == 0


def test_pick_random_never_repeats_the_previous_quote(index: QuoteIndex) -> None:
    candidates = index.candidates(QuoteFilter(kind=QuoteKind.FILM_LINE))
    rng = random.Random(7)
    previous = None
    for _ in range(50):
        quote = pick_random(candidates, previous, rng)
        assert quote.id != previous
        previous = quote.id


def test_pick_random_explains_when_nothing_fresh_is_left(index: QuoteIndex) -> None:
    only = index.candidates(QuoteFilter(character="jingwen", kind=QuoteKind.FILM_LINE))
    assert len(only) == 1
    with pytest.raises(NoQuoteFound, match="last one posted here"):
        pick_random(only, only[0].id)
    with pytest.raises(NoQuoteFound, match="No quote matches"):
        pick_random([], None)


def test_resolve_character_by_name_alias_description_and_id(pack: FilmPack) -> None:
    for typed in ("Lin Hao", "lin hao", "Hao", "lin-hao", "the man in the black suit"):
        assert resolve_character(pack.characters, typed).id == "lin-hao"


def test_unknown_character_suggests_close_names(pack: FilmPack) -> None:
    with pytest.raises(UnknownCharacter) as raised:
        resolve_character(pack.characters, "Lin Ha0")
    assert raised.value.suggestions[0] == "Lin Hao"
    assert "no such character" in raised.value.user_message
    with pytest.raises(UnknownCharacter) as raised:
        resolve_character(pack.characters, "@everyone")
    assert "@everyone" not in raised.value.user_message


def test_character_choices_for_autocomplete(pack: FilmPack) -> None:
    assert len(character_choices(pack.characters, "")) == len(pack.characters)
    assert [c.id for c in character_choices(pack.characters, "feng")] == ["uncle-feng"]
    assert [c.id for c in character_choices(pack.characters, "grey vest")] == ["uncle-feng"]
    assert character_choices(pack.characters, "Jingwne")[0].id == "jingwen"
    assert len(character_choices(pack.characters, "x" * 6000)) <= 25


def test_a_prefix_of_a_word_finds_the_character(pack: FilmPack) -> None:
    for typed, wanted in (
        ("xiao", "xiao-mei"),
        ("XIÁO", "xiao-mei"),
        ("mei", "xiao-mei"),
        ("jing", "jingwen"),
        ("uncle", "uncle-feng"),
        ("grey v", "uncle-feng"),
    ):
        assert resolve_character(pack.characters, typed).id == wanted, typed
    with pytest.raises(UnknownCharacter):
        resolve_character(pack.characters, "ei")  # inside a word, not at its start


def test_an_ambiguous_prefix_names_every_match(pack: FilmPack) -> None:
    with pytest.raises(AmbiguousCharacter) as raised:
        resolve_character(pack.characters, "li")  # Li Wei and Lin Hao
    assert raised.value.names == ("Li Wei", "Lin Hao")
    assert "**Li Wei** or **Lin Hao**" in raised.value.user_message
