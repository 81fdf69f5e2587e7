"""/film: a spoiler-free card about the film and one per character, through the loopback Discord."""

from __future__ import annotations

import pytest

from loopback_discord import Driver, UserCannotDoThat

pytestmark = pytest.mark.e2e

SPOILER_WORDS = ("penance", "messenger", "brother", "took the fall", "stolen", "given")


def fields_of(reply) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {field.name: field.value for field in reply.embed.fields}


async def test_about_is_a_spoiler_free_card_from_the_pack(discord: Driver, alice, general) -> None:
    reply = await discord.slash("film about", user=alice, channel=general)
    assert not reply.ephemeral
    embed = reply.embed
    assert embed.title == "Love Lights My Way Back Home"
    fields = fields_of(reply)
    assert "neon-drenched alleyways" in fields["Setting"]
    for name in ("Li Wei", "Xiao Mei", "Lin Hao", "Jingwen", "Uncle Feng"):
        assert f"**{name}**" in fields["Main characters"]
    assert "desperation" in fields["Themes"]
    assert not any(word in embed.text.casefold() for word in SPOILER_WORDS)
    assert "||" not in embed.text


async def test_character_card_in_general_keeps_spoilers_out(discord: Driver, alice) -> None:
    reply = await discord.slash("film character", user=alice, name="Uncle Feng")
    embed = reply.embed
    assert embed.title == "Uncle Feng"
    assert "grey vest" in (embed.description or "")
    fields = fields_of(reply)
    assert "the man in the grey vest" in fields["Also called"]
    # "Feng" alone is never in the review: accepted when typed, not shown as a fact.
    assert "Feng" not in fields["Also called"].split(", ")
    assert fields["In the review"] == "Mentioned in 2 sentences, in paragraphs 2 and 3 (of 5)."
    assert "the man in the grey vest" in fields["First mention"]
    assert "1 more line is a spoiler: add `spoilers:True` to see it " in fields["Lines"]
    assert "stolen" not in fields["Lines"]
    assert "1 spoiler sentence left out: add `spoilers:True` to see it." in fields["Spoilers"]
    assert "confesses" not in embed.text


async def test_character_spoilers_on_request_are_hidden_behind_tags(
    discord: Driver, alice, general
) -> None:
    reply = await discord.slash(
        "film character", user=alice, channel=general, name="Uncle Feng", spoilers=True
    )
    fields = fields_of(reply)
    assert "||_It wasn’t stolen. It was given._ — **Uncle Feng**" in fields["Lines"]
    assert fields["Spoilers"].startswith("||Uncle Feng confesses")
    assert fields["Spoilers"].endswith("||")


async def test_character_card_in_the_spoiler_channel_shows_everything_plainly(
    discord: Driver, mod, alice, spoilers, quiz
) -> None:
    await discord.slash(
        "spoilers channel add", user=mod, channel=quiz, options={"channel": spoilers}
    )
    reply = await discord.slash("film character", user=alice, channel=spoilers, name="Li Wei")
    fields = fields_of(reply)
    assert "_I know why you did it._ — **Li Wei**" in fields["Lines"]
    assert "Li Wei wasn’t a thief." in fields["Spoilers"]
    assert "||" not in reply.embed.text


async def test_character_by_alias_or_description(discord: Driver, alice) -> None:
    by_alias = await discord.slash("film character", user=alice, name="hao")
    assert by_alias.embed.title == "Lin Hao"
    by_description = await discord.slash(
        "film character", user=alice, name="the man in the black suit"
    )
    assert by_description.embed.title == "Lin Hao"
    schoolgirl = await discord.slash("film character", user=alice, name="schoolgirl")
    assert schoolgirl.embed.title == "Xiao Mei"


async def test_character_by_the_start_of_a_name(discord: Driver, alice) -> None:
    xiao = await discord.slash("film character", user=alice, name="xiao")
    assert not xiao.ephemeral and xiao.embed.title == "Xiao Mei"
    ambiguous = await discord.slash("film character", user=alice, name="li")
    assert ambiguous.ephemeral
    assert "**Li Wei** or **Lin Hao**" in ambiguous.content and "Type more" in ambiguous.content


async def test_unknown_character_gets_suggestions_privately(discord: Driver, alice) -> None:
    reply = await discord.slash("film character", user=alice, name="Jingwne")
    assert reply.ephemeral
    assert "no such character" in reply.content and "**Jingwen**" in reply.content
    nothing_close = await discord.slash("film character", user=alice, name="Godzilla")
    assert nothing_close.ephemeral and "no such character" in nothing_close.content


@pytest.mark.parametrize("typed", ["@everyone", "||Li Wei||", '" OR *', "x" * 100, "   "])
async def test_hostile_names_get_a_clear_answer_and_ping_nobody(
    discord: Driver, alice, typed: str
) -> None:
    reply = await discord.slash("film character", user=alice, name=typed)
    assert reply.ephemeral and "no such character" in reply.content
    assert "@everyone" not in reply.content and "||Li Wei||" not in reply.content
    assert len(reply.content) < 300


async def test_a_name_longer_than_any_name_is_refused_by_the_client(discord: Driver, alice) -> None:
    with pytest.raises(UserCannotDoThat, match=r"1\.\.100 characters"):
        await discord.slash("film character", user=alice, name="x" * 6000)


async def test_name_autocomplete(discord: Driver, alice) -> None:
    everyone = await discord.autocomplete("film character", "name", "", user=alice)
    assert [c.name for c in everyone] == ["Li Wei", "Xiao Mei", "Lin Hao", "Jingwen", "Uncle Feng"]
    assert [c.value for c in await discord.autocomplete(
        "film character", "name", "crimson", user=alice
    )] == ["Jingwen"]  # fmt: skip
    typo = await discord.autocomplete("film character", "name", "Xiao Mie", user=alice)
    assert typo[0].value == "Xiao Mei"
    huge = await discord.autocomplete("film character", "name", "@everyone " * 600, user=alice)
    assert len(huge) <= 25 and all(len(c.name) <= 100 for c in huge)
