"""`QuoteIndex`: every review sentence and film line, tagged with characters and spoiler flags."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from lantern.pack import FilmLine, FilmPack
from lantern.quotes.characters import CharacterTagger
from lantern.quotes.model import Appearances, Quote, QuoteKind
from lantern.quotes.text import Sentence, passage_spans, quote_units, split_review

# Review sentences shorter than this ("No.", "A son.") read as fragments on their own, so
# random picks skip them; search still finds them.
MIN_RANDOM_WORDS = 5


@dataclass(frozen=True)
class QuoteFilter:
    character: str | None = None  # a character id
    kind: QuoteKind | None = None
    include_spoilers: bool = False


class QuoteIndex:
    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = tuple(quotes)
        self._by_id = {quote.id: quote for quote in self.quotes}
        self.sentences = tuple(q for q in self.quotes if q.kind is QuoteKind.REVIEW)
        self.film_lines = tuple(q for q in self.quotes if q.kind is QuoteKind.FILM_LINE)

    @classmethod
    def from_pack(cls, pack: FilmPack) -> QuoteIndex:
        review = pack.review_text
        sentences = quote_units(review, split_review(review))
        spoiler_spans = passage_spans(review, pack.spoiler_passages)
        tagger = CharacterTagger(pack.characters)
        quotes = [_sentence_quote(s, tagger, spoiler_spans) for s in sentences]
        quotes += _film_line_quotes(pack.lines, sentences, review, tagger, spoiler_spans)
        return cls(quotes)

    @staticmethod
    @lru_cache(maxsize=4)
    def for_pack(pack: FilmPack) -> QuoteIndex:
        """The index of `pack`, built once and shared by every cog that needs it."""
        return QuoteIndex.from_pack(pack)

    @property
    def paragraph_count(self) -> int:
        """How many paragraphs the review has (they are numbered from 1)."""
        return max((s.paragraph for s in self.sentences), default=0)

    def get(self, quote_id: str) -> Quote | None:
        return self._by_id.get(quote_id)

    def candidates(self, wanted: QuoteFilter) -> list[Quote]:
        """Quotes a random pick may choose from."""
        return [q for q in self.quotes if _matches(q, wanted) and _quotable(q)]

    def lines(self, character: str | None = None) -> list[Quote]:
        """The film's lines, optionally only those one character says."""
        return [q for q in self.film_lines if character is None or q.speaker == character]

    def context(self, quote_id: str, radius: int = 1) -> list[Quote]:
        """The sentence holding `quote_id` with up to `radius` neighbours each side, same paragraph."""
        quote = self._by_id[quote_id]
        center = self._by_id[f"p{quote.paragraph}s{quote.sentence}"]
        position = self.sentences.index(center)
        window = self.sentences[max(0, position - radius) : position + radius + 1]
        return [s for s in window if s.paragraph == quote.paragraph]

    def mentions(self, character: str) -> list[Quote]:
        """The review sentences that tag `character`, in review order."""
        return [s for s in self.sentences if character in s.characters]

    def appearances(self, character: str) -> Appearances:
        mentions = self.mentions(character)
        return Appearances(
            sentences=len(mentions),
            paragraphs=tuple(sorted({s.paragraph for s in mentions})),
            spoiler_sentences=sum(1 for s in mentions if s.spoiler),
        )


def _matches(quote: Quote, wanted: QuoteFilter) -> bool:
    if quote.spoiler and not wanted.include_spoilers:
        return False
    if wanted.kind is not None and quote.kind is not wanted.kind:
        return False
    return wanted.character is None or wanted.character in quote.characters


def _quotable(quote: Quote) -> bool:
    return quote.is_film_line or quote.word_count >= MIN_RANDOM_WORDS


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def _sentence_quote(
    sentence: Sentence, tagger: CharacterTagger, spoiler_spans: Sequence[tuple[int, int]]
) -> Quote:
    return Quote(
        id=sentence.id,
        kind=QuoteKind.REVIEW,
        text=sentence.text,
        paragraph=sentence.paragraph,
        sentence=sentence.index,
        last_sentence=sentence.last,
        characters=tagger.tag(sentence.text),
        spoiler=_overlaps(sentence.start, sentence.end, spoiler_spans),
    )


def _film_line_quotes(
    lines: Sequence[FilmLine],
    sentences: Sequence[Sentence],
    review: str,
    tagger: CharacterTagger,
    spoiler_spans: Sequence[tuple[int, int]],
) -> list[Quote]:
    """Each attributed line of the pack, placed in the sentence that quotes it."""
    quotes: list[Quote] = []
    per_sentence: dict[str, int] = {}
    for line in lines:
        start = _line_offset(review, line.text)
        if start < 0:
            continue  # the pack loader already reported it; keep the bot up
        end = start + len(line.text)
        holder = next(s for s in sentences if s.start <= start < s.end)
        per_sentence[holder.id] = per_sentence.get(holder.id, 0) + 1
        mentioned = tuple(c for c in tagger.tag(line.text) if c != line.speaker)
        quotes.append(
            Quote(
                id=f"{holder.id}l{per_sentence[holder.id]}",
                kind=QuoteKind.FILM_LINE,
                text=line.text,
                paragraph=holder.paragraph,
                sentence=holder.index,
                characters=(line.speaker, *mentioned),
                spoiler=_overlaps(start, end, spoiler_spans),
                speaker=line.speaker,
                how=line.how,
                spoken=line.spoken,
            )
        )
    return quotes


def _line_offset(review: str, line: str) -> int:
    """Where the line sits in the review, preferring its italic (`*...*`) occurrence."""
    italic = review.find(f"*{line}*")
    return italic + 1 if italic >= 0 else review.find(line)
