"""The persistent "I've seen it" button under prompts: its custom_id is fixed, so it works on
every prompt ever posted, across restarts."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import discord
from discord import ui

from cogs._common import loaded_cog
from cogs._replies import ReportsErrors

COG_NAME = "DiscussionCog"
SEEN_LABEL = "I've seen it"


class SeenButton(ReportsErrors, ui.DynamicItem[ui.Button[Any]], template=r"discuss:seen"):
    """Gives the clicker the server's seen role, or takes it back if they have it."""

    def __init__(self) -> None:
        super().__init__(
            ui.Button(
                label=SEEN_LABEL, style=discord.ButtonStyle.secondary, custom_id="discuss:seen"
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: ui.Button[Any], match: Any, /
    ) -> SeenButton:
        return cls()

    async def clicked(self, interaction: discord.Interaction[Any]) -> None:
        cog = loaded_cog(
            interaction.client, COG_NAME, SeenClicks, "Discussion is switched off right now."
        )
        await cog.seen_clicked(interaction)


def seen_view() -> ui.View:
    view = ui.View(timeout=None)
    view.add_item(SeenButton())
    return view


@runtime_checkable
class SeenClicks(Protocol):
    """What the seen button asks of the discussion cog (which imports this module)."""

    async def seen_clicked(self, interaction: discord.Interaction[Any]) -> None: ...
