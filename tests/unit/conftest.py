"""Fixtures shared by the unit tests."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from lantern.database import Database
from lantern.pack import FilmPack, load_film_pack
from lantern.settings import PROJECT_ROOT


@pytest.fixture(scope="session")
def pack() -> FilmPack:
    """The shipped film pack (data/), loaded once."""
    return load_film_pack(PROJECT_ROOT / "data")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database in a file of its own (WAL and the checkpointer as in production),
    closed after the test."""
    database = Database(tmp_path / "lantern.sqlite3")
    await database.open()
    yield database
    await database.close()
