"""Quote queries: last quote per channel, daily quote schedule."""

from __future__ import annotations

from lantern.database.base import QueriesBase


class QuoteQueries(QueriesBase):
    pass
