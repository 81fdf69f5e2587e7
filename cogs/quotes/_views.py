"""A search result's page and its persistent buttons: More context and Next match."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

import discord
from discord import ui

from cogs._common import (
    escape_user_text,
    loaded_cog,
)
from cogs._replies import ReportsErrors
from cogs.quotes._embeds import quote_embed
from lantern.markdown import SpoilerMode, review_markdown, shorten
from lantern.pack import FilmPack
from lantern.quotes.index import QuoteIndex
from lantern.quotes.search import SavedSearch, SearchHit

COG_NAME = "QuotesCog"
MAX_CONTEXT_RADIUS = 4


class SearchPage:
    """One screen of a search result: which match, how much context around it."""

    def __init__(
        self,
        index: QuoteIndex,
        pack: FilmPack,
        search: SavedSearch,
        hits: Sequence[SearchHit],
        mode: SpoilerMode,
        position: int = 0,
        radius: int = 0,
    ) -> None:
        self.index, self.pack = index, pack
        self.search, self.hits, self.mode = search, list(hits), mode
        self.position = min(max(position, 0), len(self.hits) - 1)
        self.radius = min(max(radius, 0), MAX_CONTEXT_RADIUS)
        self.hit = self.hits[self.position]
        quote = index.get(self.hit.quote_id)
        assert quote is not None  # the FTS index is rebuilt from this same index at start-up
        self.quote = quote

    def heading(self) -> str:
        """The message content above the result: the search, made inert."""
        return f"Search: {escape_user_text(shorten(self.search.query, 100))}"

    def embed(self) -> discord.Embed:
        title = f"Match {self.position + 1} of {len(self.hits)}"
        return quote_embed(self.pack, self.quote, self.mode, title, self._text())

    def _text(self) -> str:
        highlighted = review_markdown(self.hit.text, self.hit.hits)
        if self.radius == 0:
            return highlighted
        parts: list[str] = []
        for neighbour in self.index.context(self.quote.id, self.radius):
            if neighbour.id == self.quote.id:
                parts.append(highlighted)
            elif not neighbour.spoiler or self.mode.include:
                parts.append(self.mode.show(neighbour.spoiler, review_markdown(neighbour.text)))
        return " ".join(parts)

    @property
    def can_widen(self) -> bool:
        quote_id, radius = self.quote.id, self.radius
        if radius >= MAX_CONTEXT_RADIUS:
            return False
        context = self.index.context
        return len(context(quote_id, radius + 1)) > len(context(quote_id, radius))

    @property
    def has_next(self) -> bool:
        return self.position + 1 < len(self.hits)

    def view(self) -> ui.View:
        view = ui.View(timeout=None)
        search_id = self.search.search_id
        more = SearchButton(search_id, "more", self.position, self.radius + 1)
        more.item.disabled = not self.can_widen
        following = SearchButton(search_id, "next", self.position + 1, 0)
        following.item.disabled = not self.has_next
        view.add_item(more)
        view.add_item(following)
        return view


class SearchButton(
    ReportsErrors,
    ui.DynamicItem[ui.Button[Any]],
    template=r"quote:s:(?P<search>[0-9]+):(?P<action>more|next):(?P<position>[0-9]+):(?P<radius>[0-9]+)",
):
    """A button under a search result ("More context" or "Next match"). Its custom_id carries
    the page the click leads to and the search is in the database, so clicks survive restarts.
    Numbers in a custom_id are clamped: a forged one can only pick another page."""

    LABELS: ClassVar[dict[str, str]] = {"more": "More context", "next": "Next match"}

    def __init__(self, search_id: int, action: str, position: int, radius: int) -> None:
        style = discord.ButtonStyle.primary if action == "next" else discord.ButtonStyle.secondary
        super().__init__(
            ui.Button(
                label=self.LABELS[action],
                style=style,
                custom_id=f"quote:s:{search_id}:{action}:{position}:{radius}",
            )
        )
        self.search_id, self.position, self.radius = search_id, position, radius

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: ui.Button[Any], match: Any, /
    ) -> SearchButton:
        return cls(
            int(match["search"]), match["action"], int(match["position"]), int(match["radius"])
        )

    async def clicked(self, interaction: discord.Interaction[Any]) -> None:
        cog = loaded_cog(
            interaction.client, COG_NAME, SearchClicks, "Quotes are switched off right now."
        )
        await cog.search_clicked(interaction, self)


@runtime_checkable
class SearchClicks(Protocol):
    """What the search buttons ask of the quotes cog (which imports this module)."""

    async def search_clicked(
        self, interaction: discord.Interaction[Any], button: SearchButton
    ) -> None: ...
