"""Rewrite a message so the sentences that give something away are inside `||...||`.

Sentences are found in the plain-text parts only; spoiler tags and code spans are atomic and
belong to the sentence they sit in. A flagged sentence is re-tagged as a whole: spoiler tags
already inside it are merged into the new one, stray `||` are escaped, and code spans stay
outside the tag because a `||` inside code can't be escaped and would close the tag early.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lantern.spoilers.markdown import (
    Segment,
    SegmentKind,
    segments,
    spoiler_tag,
)
from lantern.spoilers.scanner import SpoilerHit

MESSAGE_LIMIT = 2000
# A sentence ends after . ! ? or … (optionally followed by closing quotes/brackets/asterisks),
# then whitespace; a line break always ends one.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]*_]*\s+|\n+")


def split_sentences(text: str) -> list[list[Segment]]:
    """Sentences as lists of pieces; separating whitespace is a TEXT piece of its own sentence."""
    sentences: list[list[Segment]] = [[]]
    for segment in segments(text):
        if segment.kind is not SegmentKind.TEXT:
            sentences[-1].append(segment)
            continue
        _split_text_segment(text, segment, sentences)
    return [sentence for sentence in sentences if sentence]


def _split_text_segment(text: str, segment: Segment, sentences: list[list[Segment]]) -> None:
    cursor = segment.start
    for match in _SENTENCE_END.finditer(text, segment.start, segment.end):
        # Keep closing punctuation with the sentence, whitespace in a piece of its own.
        gap_start = match.start() + len(match.group().rstrip())
        if gap_start == match.start() and match.group().strip():
            gap_start = match.end()
        _append_text(sentences[-1], cursor, gap_start)
        sentences.append([])
        _append_text(sentences[-1], gap_start, match.end())
        sentences.append([])
        cursor = match.end()
    _append_text(sentences[-1], cursor, segment.end)


def _append_text(sentence: list[Segment], start: int, end: int) -> None:
    if start < end:
        sentence.append(Segment(SegmentKind.TEXT, start, end, start, end))


def wrap_spoilers(text: str, hits: Iterable[SpoilerHit]) -> str:
    """`text` with every sentence containing a hit inside `||...||`."""
    spans = [(hit.start, hit.end) for hit in hits]
    rendered = []
    for sentence in split_sentences(text):
        if _is_flagged(sentence, spans):
            rendered.append(_render_wrapped(text, sentence))
        else:
            rendered.append(text[sentence[0].start : sentence[-1].end])
    return "".join(rendered)


def _is_flagged(sentence: list[Segment], spans: list[tuple[int, int]]) -> bool:
    start, end = sentence[0].start, sentence[-1].end
    return any(hit_start < end and start < hit_end for hit_start, hit_end in spans)


def _render_wrapped(text: str, sentence: list[Segment]) -> str:
    out: list[str] = []
    run: list[str] = []
    for piece in sentence:
        if piece.kind is SegmentKind.CODE:
            out.append(_tag(run))
            run = []
            out.append(text[piece.start : piece.end])
        else:
            run.append(text[piece.inner_start : piece.inner_end])
    out.append(_tag(run))
    return "".join(out)


def _tag(run: list[str]) -> str:
    content = "".join(run)
    if not content.strip():
        return content
    # Keep surrounding whitespace outside the tag so the message reads the same.
    stripped = content.strip()
    lead = content[: len(content) - len(content.lstrip())]
    trail = content[len(content.rstrip()) :]
    return f"{lead}{spoiler_tag(stripped)}{trail}"


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Chunks of at most `limit` characters, cut at line or sentence ends and never inside a
    spoiler tag or code span (a piece longer than the limit is cut hard and re-tagged)."""
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for unit in _atomic_units(text, limit):
        if current and len(current) + len(unit) > limit:
            chunks.append(current)
            current = ""
        current += unit
    if current:
        chunks.append(current)
    return [chunk for chunk in chunks if chunk.strip()]


def _atomic_units(text: str, limit: int) -> list[str]:
    units: list[str] = []
    for sentence in split_sentences(text):
        for piece in sentence:
            units.extend(_cut_piece(text, piece, limit))
    return units


def _cut_piece(text: str, piece: Segment, limit: int) -> list[str]:
    whole = text[piece.start : piece.end]
    if len(whole) <= limit:
        return [whole]
    inner = text[piece.inner_start : piece.inner_end]
    if piece.kind is SegmentKind.SPOILER:
        size = limit - 4
        return [f"||{inner[i : i + size]}||" for i in range(0, len(inner), size)]
    if piece.kind is SegmentKind.CODE:
        size = limit - 6
        return [f"```{inner[i : i + size]}```" for i in range(0, len(inner), size)]
    return [whole[i : i + limit] for i in range(0, len(whole), limit)]
