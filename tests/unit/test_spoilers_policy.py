"""Per-guild policy: who is checked where, the embargo, and fallbacks for missing permissions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from lantern.errors import LanternError
from lantern.spoilers.policy import (
    GuildSpoilerConfig,
    MessageContext,
    Mode,
    Permission,
    effective_mode,
    enforcement,
    parse_embargo_date,
    parse_mode,
    should_scan,
)
from lantern.spoilers.terms import ScannerCache, check_addable, clean_term, is_default_term

TODAY = date(2026, 11, 27)
GENERAL, SPOILERS, THREAD = 10, 20, 30
EXEMPT = 99
ALL_PERMS = {Permission.MANAGE_MESSAGES, Permission.MANAGE_WEBHOOKS}


def config(**changes: object) -> GuildSpoilerConfig:
    base = {
        "guild_id": 1,
        "mode": Mode.WRAP,
        "spoiler_channel_ids": frozenset({SPOILERS}),
        "exempt_role_ids": frozenset({EXEMPT}),
    }
    return GuildSpoilerConfig(**{**base, **changes})  # type: ignore[arg-type]


def context(channel: int = GENERAL, parent: int | None = None, **changes: object) -> MessageContext:
    return MessageContext(channel_id=channel, parent_channel_id=parent, **changes)  # type: ignore[arg-type]


def test_general_is_checked_spoiler_channel_and_its_threads_are_not() -> None:
    assert should_scan(config(), context(GENERAL), TODAY)
    assert not should_scan(config(), context(SPOILERS), TODAY)
    assert not should_scan(config(), context(THREAD, parent=SPOILERS), TODAY)
    assert should_scan(config(), context(THREAD, parent=GENERAL), TODAY)


def test_bots_webhooks_exempt_roles_dms_and_mode_off_are_not_checked() -> None:
    assert not should_scan(config(), context(author_is_bot=True), TODAY)
    assert not should_scan(config(), context(is_webhook=True), TODAY)
    assert not should_scan(config(), context(author_role_ids={1, EXEMPT}), TODAY)
    assert not should_scan(config(), context(in_guild=False), TODAY)
    assert not should_scan(config(mode=Mode.OFF), context(), TODAY)
    assert should_scan(config(), context(author_role_ids={1, 2}), TODAY)


def test_configured_mode_applies_with_every_permission() -> None:
    for mode in (Mode.WARN, Mode.WRAP, Mode.DELETE):
        result = enforcement(config(mode=mode), TODAY, ALL_PERMS)
        assert (result.mode, result.missing) == (mode, ())


@pytest.mark.parametrize(
    ("mode", "granted", "missing"),
    [
        (Mode.WRAP, {Permission.MANAGE_MESSAGES}, (Permission.MANAGE_WEBHOOKS,)),
        (Mode.WRAP, set(), (Permission.MANAGE_MESSAGES, Permission.MANAGE_WEBHOOKS)),
        (Mode.DELETE, {Permission.MANAGE_WEBHOOKS}, (Permission.MANAGE_MESSAGES,)),
    ],
)
def test_missing_permissions_fall_back_to_warn(
    mode: Mode, granted: set[Permission], missing: tuple[Permission, ...]
) -> None:
    result = enforcement(config(mode=mode), TODAY, granted)
    assert result.mode is Mode.WARN
    assert result.missing == missing
    assert result.degraded


def test_warn_needs_no_extra_permission() -> None:
    assert enforcement(config(mode=Mode.WARN), TODAY, set()).missing == ()


def test_embargo_is_strict_through_its_last_day_then_relaxes_to_warn() -> None:
    embargoed = config(mode=Mode.DELETE, embargo_until=TODAY)
    assert effective_mode(embargoed, TODAY) is Mode.DELETE
    assert effective_mode(embargoed, date(2026, 11, 28)) is Mode.WARN
    assert enforcement(embargoed, date(2026, 11, 28), ALL_PERMS).embargo_over
    assert effective_mode(config(mode=Mode.OFF, embargo_until=TODAY), date(2027, 1, 1)) is Mode.OFF


def test_parse_mode_and_dates() -> None:
    assert parse_mode(" Wrap ") is Mode.WRAP
    with pytest.raises(LanternError, match="off, warn, wrap, delete"):
        parse_mode("ban")
    now = datetime(2026, 11, 27, 23, 59, tzinfo=UTC)
    assert parse_embargo_date("2026-11-27", now) == TODAY
    with pytest.raises(LanternError, match="YYYY-MM-DD"):
        parse_embargo_date("27/11/2026", now)
    with pytest.raises(LanternError, match="in the past"):
        parse_embargo_date("2026-11-26", now)


def test_clean_term() -> None:
    assert clean_term("  Took   the Fall ").term == "Took the Fall"
    assert clean_term("Took the Fall").canonical == clean_term("took-the-fall").canonical
    with pytest.raises(LanternError, match="letter or digit"):
        clean_term("?!")
    with pytest.raises(LanternError, match="at most 100"):
        clean_term("a" * 101)
    assert is_default_term(clean_term("PENANCE").canonical, ["penance", "x"])


def test_a_guild_cannot_add_a_film_term_or_one_past_its_limit() -> None:
    with pytest.raises(LanternError, match="already one of the film's default terms"):
        check_addable(clean_term("Penance"), ["penance"], 0)
    with pytest.raises(LanternError, match="already has 1000 terms"):
        check_addable(clean_term("jade"), ["penance"], 1000)
    check_addable(clean_term("jade"), ["penance"], 999)


def test_scanner_cache_reuses_scanners_for_the_same_terms() -> None:
    cache = ScannerCache(size=2)
    first = cache.get(["a", "b"])
    assert cache.get(("a", "b")) is first
    cache.get(["c"])
    cache.get(["d"])
    assert cache.get(["a", "b"]) is not first
