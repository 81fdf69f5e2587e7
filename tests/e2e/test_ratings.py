"""/rate and /ratings as members see them: one changeable rating each, spoilers in reviews
hidden like chat, the server's summary with a PNG chart, pages of the latest reviews, one
member's rating, and everything still there after a restart."""

from __future__ import annotations

import pytest

from lantern.clock import ManualClock
from loopback_discord import Driver
from loopback_discord.invocations import UserCannotDoThat

pytestmark = pytest.mark.e2e

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def attachment_bytes(discord: Driver, message_id: int) -> bytes:
    (upload,) = discord.server.state.messages[message_id].attachments
    return upload.data


async def test_rating_and_changing_it(discord: Driver, alice) -> None:
    first = await discord.slash("rate", user=alice, score=8, review="The lighting!")
    assert first.ephemeral and "rated the film **8/10**" in first.content
    second = await discord.slash("rate", user=alice, score=9)
    assert "changed your rating to **9/10**" in second.content
    mine = await discord.slash("ratings", user=alice, member=alice)
    assert "**9/10**" in mine.embed.description and "(no review)" in mine.embed.description


async def test_a_spoiler_in_a_review_is_stored_and_shown_hidden(
    discord: Driver, alice, bob
) -> None:
    review = "Heartbreaking. Li Wei took the fall for her. The colours are gorgeous."
    reply = await discord.slash("rate", user=alice, score=10, review=review)
    assert "hid the spoilers" in reply.content
    shown = await discord.slash("ratings", user=bob, member=alice)
    assert "||Li Wei took the fall for her.||" in shown.embed.description
    assert "Heartbreaking." in shown.embed.description.replace("||", "")


async def test_the_summary_has_a_chart_and_pages_of_reviews(
    discord: Driver, lantern, alice, general, clock: ManualClock
) -> None:
    scores = [7, 8, 8, 9, 10, 6, 8]
    for index, score in enumerate(scores):
        clock.advance(60)  # members rate a minute apart
        member = discord.add_user(f"member{index}")
        await discord.slash("rate", user=member, score=score, review=f"Review number {index}.")
    reply = await discord.slash("ratings", user=alice, channel=general)
    assert not reply.ephemeral
    summary, reviews = reply.embeds
    average = sum(scores) / len(scores)
    assert f"**{average:.1f}** / 10 from {len(scores)} members" in summary.description
    assert summary.raw["image"]["url"].endswith("/ratings.png")
    assert reply.message.attachments == ("ratings.png",)
    assert attachment_bytes(discord, reply.id).startswith(PNG_SIGNATURE)
    assert "Review number 6." in reviews.description  # the latest first
    assert reviews.footer == "Page 1 of 2"

    older = await discord.click(reply.message, "Older", user=alice)
    assert older.kind == "update"
    summary2, page2 = older.embeds
    assert page2.footer == "Page 2 of 2" and "Review number 0." in page2.description
    assert summary2.description == summary.description
    assert older.message.attachments == ("ratings.png",)  # the chart stays
    newer = await discord.click(older.message, "Newer", user=alice)
    assert newer.embeds[1].footer == "Page 1 of 2"

    await discord.restart_bot()
    after = await discord.slash("ratings", user=alice, channel=general)
    assert f"from {len(scores)} members" in after.embeds[0].description
    again = await discord.click(reply.message, "Older", user=alice)  # old buttons still work
    assert again.embeds[1].footer == "Page 2 of 2"


async def test_no_ratings_yet(discord: Driver, alice) -> None:
    reply = await discord.slash("ratings", user=alice)
    assert reply.ephemeral and "No one has rated" in reply.content


async def test_scores_and_reviews_out_of_bounds_are_refused(discord: Driver, alice) -> None:
    with pytest.raises(UserCannotDoThat):
        await discord.slash("rate", user=alice, score=11)
    with pytest.raises(UserCannotDoThat):
        await discord.slash("rate", user=alice, score=0)
    with pytest.raises(UserCannotDoThat):
        await discord.slash("rate", user=alice, score=5, review="x" * 501)


async def test_reviews_never_ping(discord: Driver, alice, bob, general) -> None:
    await discord.slash("rate", user=alice, score=5, review="@everyone look <@&1> here")
    shown = await discord.slash("ratings", user=bob, channel=general)
    assert not shown.message.pings
    assert not any(record.pinged for record in discord.take_pings())
