"""The records the quote index hands out: review sentences and film lines, tagged and flagged."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class QuoteKind(StrEnum):
    REVIEW = "review"
    FILM_LINE = "film-line"


@dataclass(frozen=True)
class Quote:
    id: str  # "p3s5" for a review sentence, "p2s3l1" for the first film line inside p2s3
    kind: QuoteKind
    text: str  # verbatim from the review (film lines without their asterisks)
    paragraph: int  # 1-based paragraph of the review
    sentence: int  # 1-based sentence within the paragraph (of the sentence holding a film line)
    characters: tuple[str, ...]  # ids of the characters tagged, in order of first mention
    spoiler: bool
    speaker: str | None = None  # film lines: the character id whose line it is
    how: str = ""  # film lines: the review's words for how it comes across, from the pack
    spoken: bool = False  # film lines: said aloud in the review (else a look, smile, silence)
    # Review quotes are units: a sentence with the ones that qualify it ("Or so she believed."),
    # from `sentence` to `last_sentence`.
    last_sentence: int = 0

    @property
    def is_film_line(self) -> bool:
        return self.kind is QuoteKind.FILM_LINE

    @property
    def place(self) -> str:
        """Where the quote sits in the review, for people: "paragraph 3, sentence 5" (or
        "sentences 5–6" for a unit of two)."""
        if self.last_sentence > self.sentence:
            return f"paragraph {self.paragraph}, sentences {self.sentence}–{self.last_sentence}"
        return f"paragraph {self.paragraph}, sentence {self.sentence}"

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Appearances:
    """How often and where a character is mentioned in the review."""

    sentences: int
    paragraphs: tuple[int, ...]
    spoiler_sentences: int  # how many of those mentions sit in spoiler sentences
