"""Weekly slots: the first one, and the one after (also after missed weeks)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lantern.discussion.weekly import first_slot, parse_weekday, slot_after
from lantern.errors import LanternError

# Thursday 3 December 2026, 12:30 UTC
NOW = datetime(2026, 12, 3, 12, 30, tzinfo=UTC)


def test_first_slot_this_hour_counts() -> None:
    assert first_slot(NOW, 3, 12) == datetime(2026, 12, 3, 12, tzinfo=UTC)


def test_first_slot_later_this_week_and_next_week() -> None:
    assert first_slot(NOW, 5, 9) == datetime(2026, 12, 5, 9, tzinfo=UTC)
    assert first_slot(NOW, 3, 11) == datetime(2026, 12, 10, 11, tzinfo=UTC)
    assert first_slot(NOW, 0, 20) == datetime(2026, 12, 7, 20, tzinfo=UTC)


def test_slot_after_skips_missed_weeks_to_the_next_future_slot() -> None:
    slot = datetime(2026, 11, 5, 12, tzinfo=UTC)  # four weeks before NOW's Thursday
    assert slot_after(slot, NOW) == datetime(2026, 12, 10, 12, tzinfo=UTC)
    assert slot_after(datetime(2026, 12, 3, 12, tzinfo=UTC), NOW) == datetime(
        2026, 12, 10, 12, tzinfo=UTC
    )


def test_weekday_names() -> None:
    assert parse_weekday("Sunday") == 6
    assert parse_weekday("tue") == 1
    with pytest.raises(LanternError):
        parse_weekday("someday")
