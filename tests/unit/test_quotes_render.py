"""Quotes as markdown (`lantern.quotes.render`), shared by /quote and /film: italics for film
lines, who says them and how, and spoiler lines left out or wrapped per the spoiler mode."""

from __future__ import annotations

from lantern.markdown import SpoilerMode
from lantern.pack import FilmPack
from lantern.quotes.index import QuoteIndex
from lantern.quotes.model import Quote, QuoteKind
from lantern.quotes.render import (
    character_names,
    line_entries,
    line_entry,
    line_label,
    quote_markdown,
    said_by,
)


def film_line(text: str, speaker: str | None, how: str = "", spoiler: bool = False) -> Quote:
    return Quote(
        id="p2s3l1",
        kind=QuoteKind.FILM_LINE,
        text=text,
        paragraph=2,
        sentence=3,
        characters=(speaker,) if speaker else (),
        spoiler=spoiler,
        speaker=speaker,
        how=how,
    )


def sentence(text: str) -> Quote:
    return Quote(
        id="p1s1", kind=QuoteKind.REVIEW, text=text, paragraph=1, sentence=1,
        characters=(), spoiler=False,
    )  # fmt: skip


SEEN = film_line("I see you now.", "jingwen", "her knowing smile says it")
STOLEN = film_line("It wasn’t stolen.", "uncle-feng", "says, low", spoiler=True)
KNOW = film_line("I know why.", "li-wei", spoiler=True)


def test_review_sentences_keep_their_italics_and_bold_the_hits() -> None:
    quote = sentence("A *noir* at heart, 5 * 3 [sic].")
    assert quote_markdown(quote) == r"A _noir_ at heart, 5 \* 3 \[sic\]."
    assert quote_markdown(quote, [(3, 7)]) == r"A _**noir**_ at heart, 5 \* 3 \[sic\]."


def test_film_lines_are_italic_and_hits_count_from_the_line_itself() -> None:
    assert quote_markdown(SEEN) == "_I see you now._"
    assert quote_markdown(SEEN, [(2, 5)]) == "_I **see** you now._"


def test_character_names_in_order_or_a_dash(pack: FilmPack) -> None:
    assert character_names(pack, ["li-wei", "uncle-feng"]) == "Li Wei, Uncle Feng"
    assert character_names(pack, []) == "—"


def test_said_by_names_the_speaker_and_how(pack: FilmPack) -> None:
    assert said_by(pack, SEEN) == "**Jingwen** (her knowing smile says it)"
    assert said_by(pack, film_line("Who?", None)) == "**someone**"
    assert line_entry(pack, SEEN) == (
        "_I see you now._ — **Jingwen**, unspoken (her knowing smile says it)"
    )


def test_spoiler_lines_are_left_out_with_a_note_by_default(pack: FilmPack) -> None:
    assert line_entries(pack, [SEEN, STOLEN], SpoilerMode(False)) == [
        "_I see you now._ — **Jingwen**, unspoken (her knowing smile says it)",
        "_1 more line is a spoiler: add `spoilers:True` to see it behind a spoiler tag._",
    ]
    assert line_entries(pack, [STOLEN, KNOW], SpoilerMode(False))[-1].startswith(
        "_2 more lines are spoilers:"
    )


def test_spoiler_lines_on_request_are_wrapped_outside_spoiler_channels(pack: FilmPack) -> None:
    assert line_entries(pack, [SEEN, KNOW], SpoilerMode(False, requested=True)) == [
        "_I see you now._ — **Jingwen**, unspoken (her knowing smile says it)",
        "||_I know why._ — **Li Wei**, unspoken||",
    ]
    assert line_entries(pack, [KNOW], SpoilerMode(True)) == ["_I know why._ — **Li Wei**, unspoken"]
    assert line_entries(pack, [], SpoilerMode(True)) == []


def test_line_labels_say_what_the_review_says(pack: FilmPack) -> None:
    lines = {quote.text: quote for quote in QuoteIndex.for_pack(pack).film_lines}
    given = lines["It wasn’t stolen. It was given."]
    smile = lines["I see you now."]
    assert line_label(given) == "Spoken by"
    assert line_label(smile) == "Conveyed by (unspoken)"
    assert line_entry(pack, smile) == "_I see you now._ — **Jingwen**, unspoken (she smiles)"
    assert said_by(pack, given) == "**Uncle Feng** (his voice was low, gravelly)"
