"""The Newer/Older buttons under the latest reviews. The page they lead to is in the custom_id
and the reviews are in the database, so they work after a restart."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import discord
from discord import ui

from cogs._common import loaded_cog
from cogs._replies import ReportsErrors

COG_NAME = "RatingsCog"


class ReviewPageButton(
    ReportsErrors,
    ui.DynamicItem[ui.Button[Any]],
    template=r"ratings:(?P<way>newer|older):(?P<page>[0-9]{1,6})",
):
    """Shows page `page` of the server's latest reviews (a forged number is clamped). The
    direction is part of the custom_id so the two buttons never share one."""

    LABELS = {"newer": "Newer", "older": "Older"}  # noqa: RUF012

    def __init__(self, way: str, page: int, disabled: bool = False) -> None:
        super().__init__(
            ui.Button(
                label=self.LABELS[way],
                style=discord.ButtonStyle.secondary,
                custom_id=f"ratings:{way}:{page}",
                disabled=disabled,
            )
        )
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: ui.Button[Any], match: Any, /
    ) -> ReviewPageButton:
        return cls(match["way"], int(match["page"]))

    async def clicked(self, interaction: discord.Interaction[Any]) -> None:
        cog = loaded_cog(
            interaction.client, COG_NAME, PageClicks, "Ratings are switched off right now."
        )
        await cog.page_clicked(interaction, self.page)


def pager(page: int, pages: int) -> ui.View:
    """Newer and Older around page `page` (0 is the latest), disabled at the ends."""
    view = ui.View(timeout=None)
    view.add_item(ReviewPageButton("newer", max(page - 1, 0), page == 0))
    view.add_item(ReviewPageButton("older", page + 1, page + 1 >= pages))
    return view


@runtime_checkable
class PageClicks(Protocol):
    async def page_clicked(self, interaction: discord.Interaction[Any], page: int) -> None: ...
