"""A watch party as plain values, and reading the start time a moderator types."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from lantern.errors import LanternError
from lantern.markdown import shorten

START_FORMAT = "YYYY-MM-DD HH:MM"
FARTHEST_AHEAD = timedelta(days=365)
NOTE_MAX = 200
ECHO = 40  # how much of a bad start time an error repeats
_START = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})[ T]+(\d{1,2}):(\d{2})\s*(?:UTC|Z)?\s*$", re.I)


@dataclass(frozen=True)
class WatchParty:
    event_id: int  # the Discord scheduled event's id
    guild_id: int
    channel_id: int  # where the start post goes
    start_at: datetime
    end_at: datetime
    note: str | None
    created_by: int


def parse_start(text: str, now: datetime) -> datetime:
    """`YYYY-MM-DD HH:MM` in UTC, in the future and within a year."""
    match = _START.match(text)
    if match is None:
        raise LanternError(
            f"“{shorten(text, ECHO)}” is not a start time: write it as {START_FORMAT} (UTC), "
            "for example 2026-12-24 20:00."
        )
    try:
        start = datetime(*(int(part) for part in match.groups()), tzinfo=UTC)
    except ValueError:
        raise LanternError(f"“{shorten(text, ECHO)}” is not a real date and time.") from None
    if start <= now:
        raise LanternError("That start time has already passed: pick one in the future (UTC).")
    if start - now > FARTHEST_AHEAD:
        raise LanternError("A watch party can be planned at most a year ahead.")
    return start


def clean_note(note: str | None) -> str | None:
    if note is None or not note.strip():
        return None
    text = " ".join(note.split())
    if len(text) > NOTE_MAX:
        raise LanternError(f"A note can be at most {NOTE_MAX} characters; yours has {len(text)}.")
    return text


def event_description(logline: str, note: str | None, limit: int = 1000) -> str:
    """The event's text: the pack's spoiler-free logline and the organiser's note."""
    tail = f"\n\n{note}" if note else ""
    return shorten(logline, limit - len(tail)) + tail if logline.strip() else (note or "")
