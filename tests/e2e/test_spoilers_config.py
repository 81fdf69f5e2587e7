"""Moderators configure spoiler protection; members cannot. Every change is confirmed privately
and written to the mod-log channel."""

from __future__ import annotations

import pytest

from loopback_discord import Driver, UserCannotDoThat
from loopback_discord.permissions import Permission

pytestmark = pytest.mark.e2e


async def test_moderator_sets_up_spoiler_protection(discord: Driver, mod, spoilers, quiz) -> None:
    # `channel=` is where the command runs; the option of the same name goes in `options`.
    reply = await discord.slash(
        "spoilers channel add", user=mod, channel=quiz, options={"channel": spoilers}
    )
    assert reply.ephemeral
    assert f"<#{spoilers.id}> is now a spoiler channel" in reply.content

    listed = await discord.slash("spoilers channel list", user=mod)
    assert f"<#{spoilers.id}>" in listed.content and listed.ephemeral

    added = await discord.slash("spoilers term add", user=mod, term="The Secret Twin")
    assert "Added the spoiler term “The Secret Twin”" in added.content
    terms = await discord.slash("spoilers term list", user=mod)
    assert "The Secret Twin" in terms.content
    # The film's own protection is listed too, behind spoiler tags.
    assert "**on** (7 twists, hidden): ||who Li Wei really is||" in terms.content

    mode = await discord.slash("spoilers mode", user=mod, mode="wrap")
    assert "Spoiler mode is now **wrap**: the message is reposted" in mode.content
    assert "wrap: the message" not in mode.content  # the mode is named once

    role = discord.role("Moderators")
    exempt = await discord.slash("spoilers exempt-role add", user=mod, role=role)
    assert f"<@&{role.id}> is now exempt" in exempt.content
    assert f"<@&{role.id}>" in (await discord.slash("spoilers exempt-role list", user=mod)).content

    embargo = await discord.slash("spoilers embargo", user=mod, until="2026-12-31")
    assert "strict enforcement until **2026-12-31**" in embargo.content

    settings = await discord.slash("spoilers settings", user=mod)
    text = settings.embed.text
    assert settings.ephemeral
    assert "wrap:" in text
    assert f"<#{spoilers.id}>" in text and f"<@&{role.id}>" in text
    assert "1 of this server" in text
    assert "until 2026-12-31" in text and "relax to warn" in text
    assert "||who Li Wei really is||" in text


async def test_changes_are_written_to_the_log_channel(discord: Driver, mod, quiz) -> None:
    await discord.slash("spoilers log-channel set", user=mod, options={"channel": quiz})
    log = discord.history(quiz)
    assert log and "Spoiler changes are now logged" in log[-1].content
    assert f"<@{mod.id}>" in log[-1].content

    await discord.slash("spoilers mode", user=mod, mode="delete")
    await discord.wait_for_message(quiz, lambda m: "mode is now **delete**" in m.content)

    await discord.slash("spoilers term add", user=mod, term="secret twin")
    await discord.wait_for_message(quiz, lambda m: "secret twin" in m.content)

    await discord.slash("spoilers embargo", user=mod, clear=True)
    await discord.wait_for_message(quiz, lambda m: "Embargo cleared" in m.content)

    await discord.slash("spoilers log-channel clear", user=mod)
    assert "no longer logged" in discord.history(quiz)[-1].content
    before = len(discord.history(quiz))
    await discord.slash("spoilers mode", user=mod, mode="warn")
    await discord.settle()
    assert len(discord.history(quiz)) == before


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("spoilers mode", {"mode": "off"}),
        ("spoilers term add", {"term": "anything"}),
        ("spoilers channel list", {}),
        ("spoilers settings", {}),
        ("spoilers embargo", {"until": "2026-12-31"}),
        ("spoilers log-channel clear", {}),
        ("spoilers test", {"text": "Li Wei is her brother"}),
        ("spoilers builtin", {"enabled": False}),
    ],
)
async def test_members_without_manage_server_are_refused(
    discord: Driver, alice, command: str, options: dict
) -> None:
    # /spoilers has no default permissions (members may see their own stats), so the client
    # lets alice run it, exactly as after an admin override: the bot itself must refuse.
    reply = await discord.slash(command, user=alice, options=options)
    assert reply.ephemeral
    assert "Manage Server" in reply.content


async def test_refusal_changes_nothing(discord: Driver, alice, mod) -> None:
    await discord.slash("spoilers mode", user=alice, mode="off")
    settings = await discord.slash("spoilers settings", user=mod)
    assert "warn:" in settings.embed.text  # still the default


async def test_bad_input_gets_a_friendly_private_answer(discord: Driver, mod) -> None:
    cases = [
        ("spoilers term add", {"term": "?!"}, "at least one letter or digit"),
        ("spoilers term add", {"term": "It   WAS"}, "everyday words only"),
        ("spoilers term remove", {"term": "never added"}, "not one of this server's terms"),
        ("spoilers embargo", {"until": "next week"}, "YYYY-MM-DD"),
        ("spoilers embargo", {"until": "2020-01-01"}, "in the past"),
        ("spoilers embargo", {"until": "y" * 32}, "is not a date"),
    ]
    for command, options, expected in cases:
        reply = await discord.slash(command, user=mod, options=options)
        assert reply.ephemeral and expected in reply.content, (command, options, reply.content)
        assert len(reply.content) < 300  # an echo of the input is shortened


async def test_an_embargo_date_longer_than_any_date_is_refused_by_the_client(
    discord: Driver, mod
) -> None:
    with pytest.raises(UserCannotDoThat, match=r"1\.\.32 characters"):
        await discord.slash("spoilers embargo", user=mod, until="2026-12-31" * 500)


async def test_term_remove_suggests_the_servers_terms(discord: Driver, mod) -> None:
    await discord.slash("spoilers term add", user=mod, term="Secret Twin")
    await discord.slash("spoilers term add", user=mod, term="hidden heir")
    choices = await discord.autocomplete("spoilers term remove", "term", "twi", user=mod)
    assert [choice.value for choice in choices] == ["Secret Twin"]
    removed = await discord.slash("spoilers term remove", user=mod, term="secret twin")
    assert "Removed the spoiler term" in removed.content
    # Suggestions come from the cached configuration: a removal must show at once.
    assert await discord.autocomplete("spoilers term remove", "term", "twi", user=mod) == []


async def test_removing_a_spoiler_channel(discord: Driver, mod, spoilers) -> None:
    await discord.slash("spoilers channel add", user=mod, options={"channel": spoilers})
    removed = await discord.slash(
        "spoilers channel remove", user=mod, options={"channel": spoilers}
    )
    assert "no longer a spoiler channel" in removed.content
    listed = await discord.slash("spoilers channel list", user=mod)
    assert f"<#{spoilers.id}>" not in listed.content and "none" in listed.content
    again = await discord.slash("spoilers channel remove", user=mod, options={"channel": spoilers})
    assert "is not a spoiler channel" in again.content


async def test_log_channel_the_bot_cannot_write_to_is_flagged(discord: Driver, mod, quiz) -> None:
    discord.set_overwrite(quiz, discord.bot_user, deny=Permission.SEND_MESSAGES)
    reply = await discord.slash("spoilers log-channel set", user=mod, options={"channel": quiz})
    assert "I can't send messages in" in reply.content
    assert discord.history(quiz) == []
    refused = [r for r in discord.server.recorder.rejections if r.status == 403]
    assert refused == []  # known in advance, so never attempted
    settings = await discord.slash("spoilers settings", user=mod)
    assert "I can't send messages in the log channel" in settings.embed.text
