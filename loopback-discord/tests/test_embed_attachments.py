"""Files sent with a message (multipart: payload_json + files[n]), and an embed image at
`attachment://<filename>`, which Discord turns into the upload's own URL."""

from __future__ import annotations

import io

import discord as discordpy

from loopback_discord import Driver

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


async def test_an_embed_shows_the_attached_image(discord: Driver, running_bot) -> None:
    channel = running_bot.bot.get_channel(discord.general.id)
    embed = discordpy.Embed(title="Chart").set_image(url="attachment://chart.png")
    sent = await channel.send(embed=embed, file=discordpy.File(io.BytesIO(PNG), "chart.png"))
    (attachment,) = sent.attachments
    assert attachment.filename == "chart.png" and await attachment.read() == PNG
    assert sent.embeds[0].image.url == attachment.url  # resolved, as Discord does
    seen = discord.last_message(discord.general)
    assert seen.attachments == ("chart.png",)


async def test_an_image_naming_no_upload_stays_as_sent(discord: Driver, running_bot) -> None:
    channel = running_bot.bot.get_channel(discord.general.id)
    embed = discordpy.Embed(title="Chart").set_image(url="attachment://other.png")
    sent = await channel.send(embed=embed, file=discordpy.File(io.BytesIO(PNG), "chart.png"))
    assert sent.embeds[0].image.url == "attachment://other.png"
