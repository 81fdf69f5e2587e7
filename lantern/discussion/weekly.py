"""The weekly prompt's slots: a weekday and a UTC hour, computed as plain datetimes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from lantern.errors import LanternError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class WeeklySchedule:
    guild_id: int
    channel_id: int
    weekday: int  # 0 = Monday, as datetime.weekday()
    hour: int  # UTC
    next_post_at: datetime  # the slot the scheduler posts next; claiming moves it on

    @property
    def day_name(self) -> str:
        return WEEKDAYS[self.weekday].capitalize()


def parse_weekday(text: str) -> int:
    wanted = text.strip().casefold()
    for index, name in enumerate(WEEKDAYS):
        if wanted and (name == wanted or (len(wanted) >= 3 and name.startswith(wanted))):
            return index
    raise LanternError("The day is a weekday name, Monday to Sunday.")


def check_hour(hour: int) -> int:
    if not 0 <= hour <= 23:
        raise LanternError("The hour is a UTC hour from 0 to 23.")
    return hour


def first_slot(now: datetime, weekday: int, hour: int) -> datetime:
    """The next `weekday` `hour`:00 UTC from the start of the current hour: the current hour
    itself counts, so a schedule set at its own slot posts at once."""
    start = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    days_ahead = (weekday - start.weekday()) % 7
    slot = (start + timedelta(days=days_ahead)).replace(hour=hour)
    return slot if slot >= start else slot + WEEK


def slot_after(slot: datetime, now: datetime) -> datetime:
    """The first slot after `now` on the weekly grid of `slot`: a bot that was down over
    several slots posts once for them, then waits for the next one."""
    following = slot + WEEK
    if following > now:
        return following
    missed = (now - slot) // WEEK
    return slot + WEEK * (missed + 1)
