"""UTC days and ISO weeks as the keys the daily question and weekly boards use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def utc_day(now: datetime) -> str:
    return now.astimezone(UTC).date().isoformat()


def previous_day(day: str) -> str:
    return (datetime.fromisoformat(day).date() - timedelta(days=1)).isoformat()


def week_key(now: datetime) -> str:
    """The Monday (UTC) starting the week `now` falls in."""
    today = now.astimezone(UTC).date()
    return (today - timedelta(days=today.weekday())).isoformat()


def next_midnight(now: datetime) -> datetime:
    today = now.astimezone(UTC).date()
    return datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
