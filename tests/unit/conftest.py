"""Fixtures shared by the unit tests."""

from collections.abc import AsyncIterator

import pytest

from lantern.database import Database
from lantern.pack import FilmPack, load_film_pack
from lantern.settings import PROJECT_ROOT


@pytest.fixture(scope="session")
def pack() -> FilmPack:
    """The shipped film pack (data/), loaded once."""
    return load_film_pack(PROJECT_ROOT / "data")


@pytest.fixture
async def db(database_target: str) -> AsyncIterator[Database]:
    """A migrated database of the test's own, once on each backend: a SQLite file (WAL and
    the checkpointer as in production) and a PostgreSQL database; closed after the test."""
    database = Database(database_target)
    await database.open()
    yield database
    await database.close()
