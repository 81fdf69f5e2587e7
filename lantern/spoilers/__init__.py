"""Spoilers domain: scanner, wrapping, per-guild policy and stats. Plain Python, no Discord."""

from lantern.spoilers.markdown import Segment, SegmentKind, count_spoiler_segments, segments
from lantern.spoilers.normalize import NormalizedText, normalize, normalize_term
from lantern.spoilers.scanner import SpoilerHit, SpoilerScanner

__all__ = [
    "NormalizedText",
    "Segment",
    "SegmentKind",
    "SpoilerHit",
    "SpoilerScanner",
    "count_spoiler_segments",
    "normalize",
    "normalize_term",
    "segments",
]
