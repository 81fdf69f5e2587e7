"""Split the review into paragraphs and sentences with stable ids, and find passages in it.

Plain text in, plain records out: no film-specific knowledge lives here. Offsets always point
into the original review text, so `review[s.start:s.end] == s.text` for every sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

# A sentence ends at a run of terminators, optionally followed by closing quotes or the `*`
# that closes an italic span ("...return.*"), then whitespace and something that starts a new
# sentence (capital letter, digit, opening quote or `*`), or at the end of the paragraph.
TERMINATORS = ".?!…"
CLOSERS = "*”’\"')]"
OPENERS = "*“‘\"'(["
# Abbreviations whose full stop does not end a sentence ("No." is a word in this review, so
# the number abbreviation is not listed).
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e"})


# A sentence starting with one of these qualifies the one before ("The bangle was her mother’s.
# Or so she believed."): quoting the first alone would state a belief, a guess or a denied
# reading as a fact. "No"/"Not"/"Nor" deny what came before; the others hedge or turn it.
DENIALS = ("No", "Not", "Nor", "Or so")
QUALIFIERS = (*DENIALS, "But", "Yet")
BARE_REPLIES = frozenset({"No.", "Yes."})  # a reply that needs what follows it


@dataclass(frozen=True)
class Sentence:
    id: str  # stable, "p3s5": paragraph 3, sentence 5
    paragraph: int  # 1-based
    index: int  # 1-based within the paragraph
    text: str
    start: int  # offset into the review text
    end: int  # exclusive offset into the review text
    last_index: int = 0  # a unit of several sentences: the index of its last one

    @property
    def last(self) -> int:
        return self.last_index or self.index


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line; the review has one paragraph per line."""
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = _strip_span(text, match.start(), match.end())
        if start < end:
            spans.append((start, end))
    return spans


def split_review(text: str) -> list[Sentence]:
    """Every sentence of the review, in order, with ids `p{paragraph}s{index}`."""
    sentences: list[Sentence] = []
    for number, (start, end) in enumerate(paragraph_spans(text), start=1):
        for index, (s_start, s_end) in enumerate(_sentence_spans(text, start, end), start=1):
            sentences.append(
                Sentence(f"p{number}s{index}", number, index, text[s_start:s_end], s_start, s_end)
            )
    return sentences


def starts_with(text: str, openings: Iterable[str]) -> bool:
    """Whether `text` opens with one of `openings` as whole words ("Not", not "Nothing")."""
    bare = text.lstrip("*“‘\"'(")
    return any(re.match(rf"{re.escape(opening)}(?!\w)", bare) for opening in openings)


def quote_units(text: str, sentences: Sequence[Sentence]) -> list[Sentence]:
    """The review's sentences joined into units that can be quoted on their own: a sentence
    keeps the ones that qualify it (see QUALIFIERS), a "Not X." keeps what the thing is
    instead, a bare "No." keeps its correction, a run of questions keeps its answer."""
    units: list[Sentence] = []
    for sentence in sentences:
        previous = units[-1] if units else None
        if previous is not None and _joins(previous, sentence, text):
            units[-1] = replace(
                previous, text=text[previous.start : sentence.end], end=sentence.end,
                last_index=sentence.index,
            )  # fmt: skip
        else:
            units.append(sentence)
    return units


def _joins(unit: Sentence, sentence: Sentence, text: str) -> bool:
    if unit.paragraph != sentence.paragraph:
        return False
    last = _last_part(unit, text)
    return (
        starts_with(sentence.text, QUALIFIERS)
        or last in BARE_REPLIES
        or (starts_with(last, ("Not",)) and not re.search(r"\bbut\b", last))  # awaits what it is
        or (last.endswith("?") and sentence.text.endswith("?"))
    )


def _last_part(unit: Sentence, text: str) -> str:
    if unit.last_index == 0:
        return unit.text
    return split_review(unit.text)[-1].text


def _sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    sentence_start = start
    for boundary in _boundaries(text, start, end):
        span = _strip_span(text, sentence_start, boundary)
        if span[0] < span[1]:
            yield span
        sentence_start = boundary
    span = _strip_span(text, sentence_start, end)
    if span[0] < span[1]:
        yield span


def _boundaries(text: str, start: int, end: int) -> Iterator[int]:
    """Offsets just after each sentence's closing punctuation, ignoring terminators that sit
    inside an italic span (a quoted line of two sentences stays with the sentence quoting it)."""
    in_italics = False
    position = start
    while position < end:
        char = text[position]
        if char == "*":
            in_italics = not in_italics
        elif char in TERMINATORS:
            after, in_italics = _consume_closers(text, position, end, in_italics)
            if not in_italics and _starts_new_sentence(text, position, after, end):
                yield after
            position = after
            continue
        position += 1


def _consume_closers(text: str, position: int, end: int, in_italics: bool) -> tuple[int, bool]:
    """Skip the terminator run and any closing quotes/asterisks right after it."""
    while position < end and text[position] in TERMINATORS:
        position += 1
    while position < end and text[position] in CLOSERS:
        if text[position] == "*":
            if not in_italics:
                break  # an opening asterisk belongs to the next sentence
            in_italics = False
        position += 1
    return position, in_italics


def _starts_new_sentence(text: str, terminator_at: int, after: int, end: int) -> bool:
    if after >= end:
        return False  # the paragraph's end closes the last sentence anyway
    if not text[after].isspace():
        return False  # "3.5", "e.g.x", "?!" inside a word
    following = text[after:end].lstrip()
    if not following:
        return False
    if _is_abbreviation(text, terminator_at):
        return False
    first = following[0]
    return first.isupper() or first.isdigit() or first in OPENERS


def _is_abbreviation(text: str, terminator_at: int) -> bool:
    if text[terminator_at] != ".":
        return False
    word = re.search(r"([\w.]+)$", text[max(0, terminator_at - 6) : terminator_at])
    return word is not None and word.group(1).casefold() in ABBREVIATIONS


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def passage_spans(review_text: str, passages: Iterable[str]) -> list[tuple[int, int]]:
    """Every occurrence of every passage in the review, as (start, end) offsets."""
    spans: list[tuple[int, int]] = []
    for passage in passages:
        if not passage:
            continue
        found = review_text.find(passage)
        while found != -1:
            spans.append((found, found + len(passage)))
            found = review_text.find(passage, found + 1)
    return spans


QUOTE_FOLDS = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-", "…": "..."}
)


def normalize_quotes(text: str) -> str:
    """Curly quotes and apostrophes to straight ones, dashes to hyphens, `…` to `...`."""
    return text.translate(QUOTE_FOLDS)
