"""/quote as members use it through the loopback Discord: random quotes, search with buttons,
the film's lines, spoiler handling in #general vs #spoilers, and hostile input."""

from __future__ import annotations

from itertools import pairwise

import pytest

from lantern.clock import ManualClock
from loopback_discord import Driver, UserCannotDoThat

pytestmark = [pytest.mark.e2e, pytest.mark.backends("sqlite", "postgres")]

SPOILER_LINE = "It wasn’t stolen. It was given."
SAFE_LINES = {"I promised I’d return.", "I see you now."}


async def make_spoiler_channel(discord: Driver) -> None:
    await discord.slash(
        "spoilers channel add", user=discord.mod, channel=discord.quiz,
        options={"channel": discord.spoilers},
    )  # fmt: skip


def is_wrapped(text: str) -> bool:
    return text.startswith("||") and text.endswith("||")


# ----------------------------------------------------------------------------- /quote random


async def test_random_film_line_in_general_is_spoiler_free_and_never_repeats(
    discord: Driver, alice, bob, general
) -> None:
    seen: list[str] = []
    for user in (alice, bob, alice, bob, alice, bob):
        reply = await discord.slash("quote random", user=user, channel=general, kind="film-line")
        assert not reply.ephemeral
        embed = reply.embed
        assert embed.title == "A line from the film"
        assert "||" not in embed.text
        seen.append(embed.description or "")
    lines = [text.strip("_") for text in seen]
    assert set(lines) == SAFE_LINES  # both safe lines, never the spoiler one
    assert all(a != b for a, b in pairwise(lines))


async def test_random_quote_card_shows_place_and_characters(discord: Driver, alice) -> None:
    reply = await discord.slash("quote random", user=alice, character="Uncle Feng", kind="review")
    embed = reply.embed
    assert embed.title == "From the review"
    fields = {field.name: field.value for field in embed.fields}
    assert fields["In the review"] == "Paragraph 2, sentence 22"  # the only safe Feng sentence
    assert "Uncle Feng" in fields["Characters"]
    assert "the man in the grey vest" in (embed.description or "")


async def test_random_quote_does_not_repeat_after_a_restart(discord: Driver, alice) -> None:
    first = await discord.slash("quote random", user=alice, kind="film-line")
    await discord.restart_bot()
    second = await discord.slash("quote random", user=alice, kind="film-line")
    assert second.embed.description != first.embed.description


async def test_only_matching_quote_is_not_posted_twice_in_a_row(
    discord: Driver, alice, general, spoilers
) -> None:
    await make_spoiler_channel(discord)
    plain = await discord.slash(
        "quote random", user=alice, channel=spoilers, character="Feng", kind="film-line"
    )
    assert plain.embed.description == f"_{SPOILER_LINE}_"  # spoiler channel: shown plainly
    again = await discord.slash(
        "quote random", user=alice, channel=spoilers, character="Feng", kind="film-line"
    )
    assert again.ephemeral and "last one posted here" in again.content


async def test_spoiler_quotes_are_left_out_of_general_unless_asked_then_wrapped(
    discord: Driver, alice, general
) -> None:
    left_out = await discord.slash(
        "quote random", user=alice, channel=general, character="Feng", kind="film-line"
    )
    assert left_out.ephemeral and "No quote matches" in left_out.content
    asked = await discord.slash(
        "quote random",
        user=alice,
        channel=general,
        character="Feng",
        kind="film-line",
        spoilers=True,
    )
    embed = asked.embed
    assert embed.description == f"||_{SPOILER_LINE}_||"
    fields = {field.name: field.value for field in embed.fields}
    assert is_wrapped(fields["Spoken by"]) and "Uncle Feng" in fields["Spoken by"]
    assert "Spoiler" in (embed.footer or "")


async def test_thread_follows_its_parent_spoiler_channel(discord: Driver, alice) -> None:
    await make_spoiler_channel(discord)
    thread = discord.add_thread(discord.spoilers, "twist-talk")
    reply = await discord.slash(
        "quote random", user=alice, channel=thread, character="Feng", kind="film-line"
    )
    assert reply.embed.description == f"_{SPOILER_LINE}_"


async def test_unknown_character_gets_suggestions(discord: Driver, alice) -> None:
    reply = await discord.slash("quote random", user=alice, character="Lin Ha0")
    assert reply.ephemeral
    assert "no such character" in reply.content and "Lin Hao" in reply.content
    hostile = await discord.slash("quote random", user=alice, character="@everyone ||x||")
    assert hostile.ephemeral and "no such character" in hostile.content
    assert "@everyone" not in hostile.content and "||x||" not in hostile.content


async def test_character_autocomplete(discord: Driver, alice) -> None:
    everyone = await discord.autocomplete("quote random", "character", "", user=alice)
    assert [c.name for c in everyone] == ["Li Wei", "Xiao Mei", "Lin Hao", "Jingwen", "Uncle Feng"]
    by_description = await discord.autocomplete(
        "quote random", "character", "grey vest", user=alice
    )
    assert [c.value for c in by_description] == ["Uncle Feng"]


# ----------------------------------------------------------------------------- /quote search


async def test_search_bolds_stemmed_hits_and_offers_context(
    discord: Driver, alice, general
) -> None:
    reply = await discord.slash("quote search", user=alice, channel=general, text="promise")
    assert not reply.ephemeral
    assert reply.content == "Search: promise"
    assert "_I **promised** I’d return._" in (reply.embed.description or "")
    assert reply.embed.title == "Match 1 of 1"
    assert reply.button("Next match").disabled

    wider = await discord.click(reply, "More context", user=alice)
    assert wider.kind == "update"
    text = wider.embed.description or ""
    assert text.startswith("His mouth opens") and "**promised**" in text
    assert "Xiao Mei’s expression shifts" in text


async def test_next_match_walks_through_the_hits(discord: Driver, alice) -> None:
    reply = await discord.slash("quote search", user=alice, text="jade bangle")
    first = reply.embed
    assert first.title.startswith("Match 1 of ")
    assert "**jade** **bangle**" in (first.description or "")
    second = await discord.click(reply, "Next match", user=alice)
    assert second.embed.title.startswith("Match 2 of ")
    assert second.embed.description != first.description


async def test_search_buttons_still_work_after_a_restart(discord: Driver, alice) -> None:
    reply = await discord.slash("quote search", user=alice, text="jade")
    await discord.restart_bot()
    second = await discord.click(reply, "Next match", user=alice)
    assert second.embed.title.startswith("Match 2 of ")
    wider = await discord.click(second, "More context", user=alice)
    assert wider.embed.title.startswith("Match 2 of ")
    assert len(wider.embed.description or "") > len(second.embed.description or "")


async def test_a_week_old_search_says_it_expired(
    discord: Driver, alice, clock: ManualClock
) -> None:
    reply = await discord.slash("quote search", user=alice, text="jade")
    clock.advance(8 * 24 * 3600)
    await discord.restart_bot()  # old searches are forgotten at start-up
    late = await discord.click(reply, "Next match", user=alice)
    assert late.ephemeral and "That search has expired" in late.content


async def test_only_the_searcher_may_click(discord: Driver, alice, bob) -> None:
    reply = await discord.slash("quote search", user=alice, text="jade")
    other = await discord.click(reply, "Next match", user=bob)
    assert other.ephemeral and "belong to whoever searched" in other.content
    assert discord.refresh(reply).embeds[0].title.startswith("Match 1 of ")


async def test_spoiler_hits_in_general_vs_spoilers(
    discord: Driver, alice, general, spoilers
) -> None:
    await make_spoiler_channel(discord)
    hidden = await discord.slash("quote search", user=alice, channel=general, text="penance")
    assert hidden.ephemeral and "Only spoiler sentences match" in hidden.content

    wrapped = await discord.slash(
        "quote search", user=alice, channel=general, text="penance", spoilers=True
    )
    assert wrapped.embed.description == "||It was **penance**.||"

    plain = await discord.slash("quote search", user=alice, channel=spoilers, text="penance")
    assert plain.embed.description == "It was **penance**."


async def test_context_in_general_leaves_out_spoiler_neighbours(discord: Driver, alice) -> None:
    reply = await discord.slash("quote search", user=alice, text="cracked tiles")
    assert "**cracked** **tiles**" in (reply.embed.description or "")
    wider = await discord.click(reply, "More context", user=alice)
    text = wider.embed.description or ""
    assert "arrives, doesn’t crash like thunder" in text
    assert "Uncle Feng confesses" not in text  # the next sentence is a spoiler


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("   ", "Type a word or two"),
        ('"*-', "Type a word or two"),
        ("zebra giraffe", "No sentence of the review matches"),
    ],
)
async def test_search_bad_input_gets_a_clear_private_answer(
    discord: Driver, alice, typed: str, expected: str
) -> None:
    reply = await discord.slash("quote search", user=alice, text=typed)
    assert reply.ephemeral and expected in reply.content


@pytest.mark.parametrize("typed", ['" OR *', "NEAR(jade bangle)", "-money", "jade OR"])
async def test_fts_syntax_is_just_words(discord: Driver, alice, typed: str) -> None:
    reply = await discord.slash("quote search", user=alice, text=typed)
    assert reply.embeds or reply.ephemeral
    assert "went wrong" not in reply.text


async def test_injection_in_the_query_is_echoed_inert(discord: Driver, alice) -> None:
    reply = await discord.slash("quote search", user=alice, text="@everyone ||jade|| **bangle**")
    assert reply.content.startswith("Search: ")
    assert "@everyone" not in reply.content  # mention broken with a zero-width space
    assert "||jade||" not in reply.content and r"\|\|jade\|\|" in reply.content
    assert r"\*\*bangle\*\*" in reply.content
    assert not reply.message.pings  # and allowed_mentions would stop it anyway
    with pytest.raises(UserCannotDoThat, match=r"1\.\.200 characters"):  # Discord's client refuses
        await discord.slash("quote search", user=alice, text="x" * 5990 + " @here")
    longest = await discord.slash("quote search", user=alice, text="x" * 194 + " @here")
    assert longest.ephemeral and len(longest.content) < 300
    assert not longest.message.pings


async def test_search_autocomplete_limits_and_spoilers(
    discord: Driver, alice, general, spoilers
) -> None:
    await make_spoiler_channel(discord)
    opening = await discord.autocomplete("quote search", "text", "", user=alice)
    assert len(opening) == 25
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in opening)
    typed = await discord.autocomplete("quote search", "text", "jade ban", user=alice)
    assert typed and all("bangle" in c.name for c in typed)
    assert await discord.autocomplete("quote search", "text", "penan", user=alice) == []
    inside = await discord.autocomplete(
        "quote search", "text", "penan", user=alice, channel=spoilers
    )
    assert [c.name for c in inside] == ["It was penance."]
    huge = await discord.autocomplete("quote search", "text", "jade " * 1000, user=alice)
    assert len(huge) <= 25


async def test_choosing_a_suggestion_finds_that_sentence(discord: Driver, alice) -> None:
    [choice] = await discord.autocomplete("quote search", "text", "sapl", user=alice)
    assert choice.name.startswith("The jade lies half-buried near a sapling")
    reply = await discord.slash("quote search", user=alice, text=choice.value)
    assert reply.embed.title.startswith("Match 1 of")
    assert "**sapling**" in (reply.embed.description or "")


# ----------------------------------------------------------------------------- /quote line


async def test_film_lines_with_speakers_and_spoilers(discord: Driver, alice, general) -> None:
    reply = await discord.slash("quote line", user=alice, channel=general)
    text = reply.embed.description or ""
    assert "_I promised I’d return._ — **Li Wei**" in text
    assert "_I see you now._ — **Jingwen**" in text
    assert "stolen" not in text and "2 more lines are spoilers" in text

    everything = await discord.slash("quote line", user=alice, channel=general, spoilers=True)
    text = everything.embed.description or ""
    assert "||_It wasn’t stolen. It was given._ — **Uncle Feng**" in text
    assert "more lines are spoilers" not in text


async def test_one_characters_lines(discord: Driver, alice, spoilers) -> None:
    await make_spoiler_channel(discord)
    reply = await discord.slash("quote line", user=alice, channel=spoilers, character="li wei")
    assert reply.embed.title == "Li Wei’s lines"
    text = reply.embed.description or ""
    assert "I promised I’d return." in text and "I know why you did it." in text
    assert "||" not in text
    nobody = await discord.slash("quote line", user=alice, character="Nobody")
    assert nobody.ephemeral and "no such character" in nobody.content


# ----------------------------------------------------------------------------- permissions


async def test_members_cannot_configure_the_daily_quote(discord: Driver, alice, general) -> None:
    # /quote is for everyone, so Discord cannot hide the subcommand: the bot checks at run time.
    off = await discord.slash("quote daily off", user=alice, channel=general)
    assert off.ephemeral and "Manage Server" in off.content
    on = await discord.slash(
        "quote daily channel", user=alice, channel=general, options={"channel": general}
    )
    assert on.ephemeral and "Manage Server" in on.content
    assert discord.history(general) == []


async def test_film_lines_say_whether_the_review_has_them_spoken(discord: Driver, alice) -> None:
    await make_spoiler_channel(discord)
    spoken = await discord.slash(
        "quote random", user=alice, channel=discord.spoilers, character="Feng", kind="film-line"
    )
    fields = {field.name: field.value for field in spoken.embed.fields}
    assert fields["Spoken by"] == "**Uncle Feng** (his voice was low, gravelly)"
    smile = await discord.slash("quote line", user=alice, character="Jingwen")
    assert smile.embed.description == "_I see you now._ — **Jingwen**, unspoken (she smiles)"
    for _ in range(2):  # Li Wei's two lines, both unspoken; never "Said by"
        reply = await discord.slash(
            "quote random", user=alice, channel=discord.spoilers, character="Li Wei",
            kind="film-line",
        )  # fmt: skip
        names = [field.name for field in reply.embed.fields]
        assert "Conveyed by (unspoken)" in names and "Said by" not in names


async def test_a_quote_keeps_the_sentence_that_qualifies_it(discord: Driver, alice) -> None:
    reply = await discord.slash("quote search", user=alice, text="bangle mother")
    assert "her **mother**’s. Or so she believed." in (reply.embed.description or "")
    fields = {field.name: field.value for field in reply.embed.fields}
    assert fields["In the review"] == "Paragraph 2, sentences 19–20"
