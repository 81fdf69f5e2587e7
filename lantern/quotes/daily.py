"""The daily quote schedule: when the next post is due, in UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from lantern.errors import LanternError

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"  # sortable text, always UTC


@dataclass(frozen=True)
class DailySchedule:
    guild_id: int
    channel_id: int
    hour: int  # UTC
    next_post_at: datetime
    last_posted_on: date | None
    last_quote_id: str | None


def check_hour(hour: int) -> int:
    if not 0 <= hour <= 23:
        raise LanternError("The hour is a UTC hour from 0 to 23.")
    return hour


def first_post_time(now: datetime, hour: int) -> datetime:
    """The next `hour`:00 UTC at or after the start of the current hour: if that hour is the
    current one, the first quote goes out now; otherwise at its next occurrence."""
    today = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    candidate = today.replace(hour=hour)
    return candidate if candidate >= today else candidate + timedelta(days=1)


def post_time(day: date, hour: int) -> datetime:
    """The slot `hour`:00 UTC on `day`."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def following_post_time(posted_on: date, hour: int) -> datetime:
    """The post after one made on `posted_on`: the next day at `hour`."""
    return post_time(posted_on + timedelta(days=1), hour)


def to_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


def from_text(text: str) -> datetime:
    return datetime.strptime(text, TIMESTAMP_FORMAT).replace(tzinfo=UTC)
