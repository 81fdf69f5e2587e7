"""`/quote`: random quotes, full-text search with context, the film's lines and a daily quote.

A thin adapter: options are parsed here, `lantern.quotes.service.QuoteService` does the work,
`lantern.quotes.render` writes the markdown. In four parts:
- `_cog.py`: the slash commands and what a search button does;
- `_views.py`: a search result's page and its persistent buttons (More context, Next match);
- `_daily.py`: the scheduler that posts each server's daily quote;
- `_embeds.py`: the card a quote is shown on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.quotes._cog import QuotesCog

if TYPE_CHECKING:
    from app.bot import LanternBot


async def setup(bot: LanternBot) -> None:
    await bot.add_cog(QuotesCog(bot))
