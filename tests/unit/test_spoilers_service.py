"""The rules of the spoiler settings, through the service over the real store."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from lantern.clock import ManualClock
from lantern.database import Database
from lantern.errors import LanternError
from lantern.spoilers.policy import MAX_GUILD_TERMS, MessageContext, Mode, Source
from lantern.spoilers.service import SpoilerService

GUILD = 1
MOD = 5
DEFAULTS = ("penance",)
GENERAL = MessageContext(channel_id=10, parent_channel_id=None)


@pytest.fixture
def service(db: Database) -> SpoilerService:
    return SpoilerService(db.spoilers, DEFAULTS, ManualClock(datetime(2026, 12, 1, tzinfo=UTC)))


async def test_a_term_is_added_once_and_never_a_film_term(service: SpoilerService) -> None:
    added = await service.add_term(GUILD, "  Jade   Mask ", MOD)
    assert added.term.term == "Jade Mask"
    assert (await service.config(GUILD)).terms == ("Jade Mask",)  # the cache was forgotten
    with pytest.raises(LanternError, match="already a spoiler term here"):
        await service.add_term(GUILD, "jade mask", MOD)
    with pytest.raises(LanternError, match="film's default terms"):
        await service.add_term(GUILD, "PENANCE", MOD)


async def test_a_guild_keeps_at_most_its_limit_of_terms(
    service: SpoilerService, db: Database
) -> None:
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO spoiler_terms (guild_id, canonical, term, added_by, added_at)"
            " VALUES (?, ?, ?, ?, 0)",
            [(GUILD, f"t{n}", f"t{n}", MOD) for n in range(MAX_GUILD_TERMS)],
        )
    with pytest.raises(LanternError, match=f"already has {MAX_GUILD_TERMS} terms"):
        await service.add_term(GUILD, "one more", MOD)


async def test_removing_a_term_says_why_it_cannot(service: SpoilerService) -> None:
    await service.add_term(GUILD, "jade", MOD)
    assert (await service.remove_term(GUILD, "JADE")).term == "JADE"
    assert (await service.config(GUILD)).terms == ()
    with pytest.raises(LanternError, match="comes with the film pack"):
        await service.remove_term(GUILD, "penance")
    with pytest.raises(LanternError, match="not one of this server's terms"):
        await service.remove_term(GUILD, "jade")


async def test_every_setting_change_is_seen_by_the_next_read(service: SpoilerService) -> None:
    await service.config(GUILD)  # cached
    await service.add_channel(GUILD, 20)
    await service.add_exempt_role(GUILD, 30)
    await service.set_mode(GUILD, Mode.WRAP)
    await service.set_log_channel(GUILD, 40)
    assert await service.set_embargo(GUILD, "2026-12-31") == date(2026, 12, 31)
    config = await service.config(GUILD)
    assert (config.spoiler_channel_ids, config.exempt_role_ids) == ({20}, {30})
    assert (config.mode, config.log_channel_id, config.embargo_until) == (
        Mode.WRAP,
        40,
        date(2026, 12, 31),
    )
    assert await service.is_spoiler_channel(GUILD, 20)
    await service.clear_embargo(GUILD)
    assert (await service.config(GUILD)).embargo_until is None


async def test_a_scan_finds_film_terms_and_an_edit_must_reveal_something_new(
    service: SpoilerService,
) -> None:
    found = await service.scan(GUILD, GENERAL, "so the penance was real", previous=None)
    assert found is not None and [hit.term for hit in found[1]] == ["penance"]
    assert await service.scan(GUILD, GENERAL, "the penance!", previous="penance") is None
    assert await service.scan(GUILD, GENERAL, "nothing here", previous=None) is None
    assert service.settled_without_a_look(GUILD, "nothing here")


async def test_tags_are_counted_and_an_edit_removing_them_forgets_the_count(
    service: SpoilerService,
) -> None:
    tagged = {"guild_id": GUILD, "channel_id": 10, "member_id": MOD, "message_id": 99}
    await service.track_tags(**tagged, content="||a|| ||b||", source=Source.CREATE, previous=None)
    assert (await service.stats(GUILD, None)).all_time.totals.tagged_segments == 2
    await service.track_tags(**tagged, content="none", source=Source.EDIT, previous="||a||")
    assert (await service.stats(GUILD, None)).all_time.totals.tagged_messages == 0


async def test_a_term_of_everyday_words_is_refused_and_a_risky_one_counted(db: Database) -> None:
    clean = ("my brother stole my fries", "good morning", "he is my brother")
    service = SpoilerService(
        db.spoilers, DEFAULTS, ManualClock(datetime(2026, 12, 1, tzinfo=UTC)), clean_messages=clean
    )
    for everyday in ("the", "it was", "ok", "time"):
        with pytest.raises(LanternError, match=r"everyday words|too short"):
            await service.add_term(GUILD, everyday, MOD)
    added = await service.add_term(GUILD, "brother", MOD)
    assert (added.check.flagged, added.check.tried) == (2, 3)
    assert (await service.add_term(GUILD, "took the fall", MOD)).check.flagged == 0


async def test_the_builtin_protection_can_be_switched_off(db: Database, pack) -> None:
    from lantern.spoilers.claims import ClaimDetector

    clock = ManualClock(datetime(2026, 12, 1, tzinfo=UTC))
    service = SpoilerService(db.spoilers, DEFAULTS, clock, twists=ClaimDetector(pack.twists))
    text = "so Li Wei is her brother, and the penance part"
    found = await service.scan(GUILD, GENERAL, text, previous=None)
    assert found is not None
    assert {hit.term for hit in found[1]} == {"who Li Wei really is", "penance"}
    await service.set_builtin(GUILD, False)
    assert (await service.config(GUILD)).builtin is False
    assert await service.scan(GUILD, GENERAL, text, previous=None) is None
    await service.add_term(GUILD, "her brother", MOD)
    found = await service.scan(GUILD, GENERAL, text, previous=None)
    assert found is not None and [hit.term for hit in found[1]] == ["her brother"]
