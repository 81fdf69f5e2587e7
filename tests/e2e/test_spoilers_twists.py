"""The film's twists in members' own words: caught in #general by every mode, free in
#spoilers and inside ||tags||; named only by their spoiler-free labels; /spoilers test, the
term guard, the hidden built-in list and the switch that turns it off."""

from __future__ import annotations

import pytest

from loopback_discord import Driver

pytestmark = pytest.mark.e2e

# Nothing of the film pack's old phrase list: a member's paraphrase, between other chat.
PARAPHRASE = "Great night out. turns out Li Wei was never a thief. Popcorn was stale."
WRAPPED = "Great night out. ||turns out Li Wei was never a thief.|| Popcorn was stale."
LABEL = "who Li Wei really is"


async def configure(discord: Driver, mod, spoilers, mode: str, log=None) -> None:
    await discord.slash("spoilers channel add", user=mod, options={"channel": spoilers})
    await discord.slash("spoilers mode", user=mod, mode=mode)
    if log is not None:
        await discord.slash("spoilers log-channel set", user=mod, options={"channel": log})


def bot_posts(discord: Driver, channel) -> list:
    return [m for m in discord.history(channel) if m.author_id == discord.bot_user.id]


async def test_warn_names_the_twist_by_its_label(
    discord: Driver, alice, mod, general, spoilers, quiz
) -> None:
    await configure(discord, mod, spoilers, "warn", log=quiz)
    said = await discord.say(general, PARAPHRASE, user=alice)
    warning = await discord.wait_for_message(general, lambda m: "||spoiler tags||" in m.content)
    assert f"this reveals {LABEL}" in warning.content
    assert "thief" not in warning.content and "brother" not in warning.content
    assert not discord.refresh(said).deleted
    entry = await discord.wait_for_message(quiz, lambda m: "Spoiler from" in m.content)
    assert f"<@{alice.id}>" in entry.content and f"<#{general.id}>" in entry.content
    assert f"(warn): this reveals {LABEL}." in entry.content
    assert "thief" not in entry.content


async def test_wrap_hides_the_sentence_that_gives_it_away(
    discord: Driver, alice, mod, general, spoilers, quiz
) -> None:
    await configure(discord, mod, spoilers, "wrap", log=quiz)
    said = await discord.say(general, PARAPHRASE, user=alice)
    repost = await discord.wait_for_message(general, lambda m: m.by_webhook)
    assert discord.refresh(said).deleted
    assert repost.content == WRAPPED
    entry = await discord.wait_for_message(quiz, lambda m: "Spoiler from" in m.content)
    assert f"(wrap): this reveals {LABEL}." in entry.content


async def test_delete_sends_the_text_back_with_the_label(
    discord: Driver, alice, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "delete")
    said = await discord.say(general, PARAPHRASE, user=alice)
    await discord.wait_until(lambda: discord.refresh(said).deleted)
    await discord.wait_until(lambda: len(discord.dms(alice)) >= 2)
    dms = [m.content for m in discord.dms(alice)]
    assert LABEL in dms[0] and "thief" not in dms[0]
    assert dms[1] == PARAPHRASE


@pytest.mark.parametrize("mode", ["warn", "wrap", "delete"])
async def test_the_spoiler_channel_and_tags_are_free(
    discord: Driver, alice, mod, general, spoilers, mode: str
) -> None:
    await configure(discord, mod, spoilers, mode)
    in_channel = await discord.say(spoilers, PARAPHRASE, user=alice)
    tagged = await discord.say(general, "Great night. ||Li Wei was never a thief||", user=alice)
    coded = await discord.say(general, "someone wrote `Li Wei was never a thief` lol", user=alice)
    await discord.settle()
    assert not any(discord.refresh(m).deleted for m in (in_channel, tagged, coded))
    assert bot_posts(discord, spoilers) == [] and bot_posts(discord, general) == []
    assert discord.dms(alice) == []


async def test_hard_negatives_and_everyday_chat_pass(
    discord: Driver, alice, mod, general, spoilers
) -> None:
    await configure(discord, mod, spoilers, "delete")
    texts = [
        "Lin Hao is a great villain",
        "why does Lin Hao throw the money?",
        "He was a brother to me",
        "It was given a 9/10 by most critics",
        "sitting through that felt like penance",
    ]
    said = [await discord.say(general, text, user=alice) for text in texts]
    await discord.settle()
    assert not any(discord.refresh(m).deleted for m in said)
    assert bot_posts(discord, general) == []


async def test_spoilers_test_says_what_and_why_not(discord: Driver, mod) -> None:
    flagged = await discord.slash("spoilers test", user=mod, text="so Lin Hao isn't the villain?")
    assert flagged.ephemeral
    assert "**Would be flagged**" in flagged.content
    assert "This reveals what Lin Hao's part in it really is: “villain”" in flagged.content

    plain = await discord.slash("spoilers test", user=mod, text="Lin Hao is a great villain")
    assert "**Would not be flagged.**" in plain.content
    assert "“villain” said of “Lin Hao” without a negation" in plain.content

    tagged = await discord.slash("spoilers test", user=mod, text="||Lin Hao isn't the villain||")
    assert "never flagged" in tagged.content

    chat = await discord.slash("spoilers test", user=mod, text="anyone up for pizza?")
    assert "names nothing the film's twists are about" in chat.content


async def test_the_term_guard_refuses_everyday_words_and_counts_risky_terms(
    discord: Driver, mod
) -> None:
    refused = await discord.slash("spoilers term add", user=mod, term="The")
    assert refused.ephemeral and "everyday words only" in refused.content
    short = await discord.slash("spoilers term add", user=mod, term="xo")
    assert "too short" in short.content
    risky = await discord.slash("spoilers term add", user=mod, term="brother")
    assert "Added the spoiler term “brother”" in risky.content
    assert "It would have flagged **" in risky.content and "ordinary messages" in risky.content
    safe = await discord.slash("spoilers term add", user=mod, term="secret twin")
    assert "It flags none of" in safe.content


async def test_the_builtin_list_is_hidden_and_can_be_switched_off(
    discord: Driver, alice, mod, general, spoilers
) -> None:
    listed = await discord.slash("spoilers term list", user=mod)
    assert f"||{LABEL}||" in listed.content
    settings = await discord.slash("spoilers settings", user=mod)
    assert f"||{LABEL}||" in settings.embed.text and "**on**" in settings.embed.text

    await configure(discord, mod, spoilers, "delete")
    off = await discord.slash("spoilers builtin", user=mod, enabled=False)
    assert "now **off**" in off.content
    settings = await discord.slash("spoilers settings", user=mod)
    assert "**off**: only this server's terms count" in settings.embed.text
    passed = await discord.say(general, PARAPHRASE, user=alice)
    await discord.settle()
    assert not discord.refresh(passed).deleted

    await discord.slash("spoilers term add", user=mod, term="never a thief")
    caught = await discord.say(general, PARAPHRASE, user=alice)
    await discord.wait_until(lambda: discord.refresh(caught).deleted)

    await discord.slash("spoilers builtin", user=mod, enabled=True)
    again = await discord.say(general, "Lin Hao is the good guy", user=alice)
    await discord.wait_until(lambda: discord.refresh(again).deleted)
