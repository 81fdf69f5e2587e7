"""The one class that owns the SQLite connection and all SQL."""

from lantern.database.database import Database

__all__ = ["Database"]
