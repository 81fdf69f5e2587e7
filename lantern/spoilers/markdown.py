"""Just enough of Discord's markdown to know what a reader sees hidden or as literal code.

Discord checks, at each position, for an escape, a code block (```...```), inline code
(a run of backticks closed by the same run) and a spoiler (`||...||`, lazily closed by the
next `||`, at least one character inside). Everything else is plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_CODE_BLOCK = re.compile(r"```([\s\S]+?)```")
_INLINE_CODE = re.compile(r"(`+)([\s\S]*?[^`])\1(?!`)")
_SPOILER = re.compile(r"\|\|([\s\S]+?)\|\|")
_ESCAPABLE = re.compile(r"\\[^\sA-Za-z0-9]")
# Only these characters can start code, a spoiler or an escape: everything between is skipped
# in one regex search instead of one Python step per character.
_SPECIAL = re.compile(r"[`|\\]")


class SegmentKind(StrEnum):
    TEXT = "text"
    SPOILER = "spoiler"
    CODE = "code"


@dataclass(frozen=True)
class Segment:
    """A half-open span of the original text; `inner_*` excludes the delimiters."""

    kind: SegmentKind
    start: int
    end: int
    inner_start: int
    inner_end: int


def segments(text: str) -> list[Segment]:
    """Split `text` into consecutive plain-text, spoiler and code segments covering all of it."""
    found: list[Segment] = []
    text_start = 0
    index = 0
    while index < len(text):
        match = _match_at(text, index)
        if match is None:
            index += 2 if _ESCAPABLE.match(text, index) else 1
            index = _next_special(text, index)
            continue
        if text_start < index:
            found.append(Segment(SegmentKind.TEXT, text_start, index, text_start, index))
        found.append(match)
        index = text_start = match.end
    if text_start < len(text):
        found.append(Segment(SegmentKind.TEXT, text_start, len(text), text_start, len(text)))
    return found


def _next_special(text: str, index: int) -> int:
    found = _SPECIAL.search(text, index)
    return found.start() if found else len(text)


def _match_at(text: str, index: int) -> Segment | None:
    char = text[index]
    if char == "`":
        for pattern in (_CODE_BLOCK, _INLINE_CODE):
            if match := pattern.match(text, index):
                group = 1 if pattern is _CODE_BLOCK else 2
                return _segment(SegmentKind.CODE, match, group)
        return None
    if char == "|" and (match := _SPOILER.match(text, index)):
        return _segment(SegmentKind.SPOILER, match, 1)
    return None


def _segment(kind: SegmentKind, match: re.Match[str], group: int) -> Segment:
    return Segment(kind, match.start(), match.end(), match.start(group), match.end(group))


def hidden_spans(text: str) -> list[tuple[int, int]]:
    """Spans the scanner must ignore: spoiler-tagged text and code."""
    if "|" not in text and "`" not in text:
        # Most chat. One-character searches: memchr, far cheaper than searching for "||".
        return []
    return [(seg.start, seg.end) for seg in segments(text) if seg.kind is not SegmentKind.TEXT]


def count_spoiler_segments(text: str) -> int:
    """How many `||...||` spoiler tags a reader sees in `text`."""
    if "|" not in text:
        return 0
    return sum(1 for seg in segments(text) if seg.kind is SegmentKind.SPOILER)


def escape_spoiler_delimiters(text: str) -> str:
    """Make every `|` inert so quoted text can't close (or open) a spoiler early."""
    return text.replace("|", "\\|")


def spoiler_tag(content: str) -> str:
    """`content` inside one `||...||` tag that nothing in it can break open."""
    escaped = escape_spoiler_delimiters(content)
    # A trailing backslash would escape the closing `|`; a space after it is not escapable.
    if escaped.endswith("\\"):
        escaped += " "
    return f"||{escaped}||"
