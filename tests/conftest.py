"""Test-wide configuration: a LanternBot built as `serve` builds it, for tests that need the bot
object but no gateway, and the application's name on the loopback Discord. The loopback's fixtures
(`loopback_server`, `discord`, …) come with the installed loopback-discord package (its pytest11
entry point), not from a line here."""

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.bot import LanternBot
from lantern.clock import ManualClock
from lantern.database import Database
from lantern.pack import load_film_pack
from lantern.settings import load_settings
from tests.pgcluster import ClusterError, PostgresCluster, server_bin_dir

OFFLINE_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"


@pytest.fixture
def loopback_options() -> dict[str, Any]:
    """The application is Lantern on the loopback Discord, as in the sandbox (its user, its role)."""
    return {"bot_name": "Lantern"}


@pytest.fixture
async def offline_bot(tmp_path: Path) -> AsyncIterator[LanternBot]:
    """Not connected, its database not opened yet; closed afterwards."""
    settings = load_settings(
        {"DISCORD_TOKEN": OFFLINE_TOKEN, "DATABASE_PATH": str(tmp_path / "offline.db")}
    )
    bot = LanternBot(
        settings=settings,
        db=Database(settings.database_target),
        pack=load_film_pack(settings.film_pack_dir),
        clock=ManualClock(),
        message_content=True,
    )
    yield bot
    await bot.close()


# --- PostgreSQL: one throwaway server for the session, a fresh database per test -----------


def _cluster_unavailable(error: ClusterError) -> None:
    """In CI, or wherever the server is installed, a PostgreSQL test that cannot start its
    server fails; only a machine without PostgreSQL at all skips them (and says how to get it)."""
    if os.environ.get("CI", "").lower() == "true" or server_bin_dir() is not None:
        pytest.fail(f"the throwaway PostgreSQL server did not start: {error}", pytrace=False)
    pytest.skip(f"{error}; apt-get install postgresql to run the PostgreSQL tests")


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A PostgreSQL server of its own on 127.0.0.1, with a migrated template database."""
    try:
        cluster = PostgresCluster().start()
    except ClusterError as error:
        _cluster_unavailable(error)
        raise
    try:
        asyncio.run(cluster.make_template())
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
async def postgres_url(postgres_cluster: PostgresCluster) -> str:
    """A freshly migrated PostgreSQL database of this test's own."""
    return await postgres_cluster.new_database()


@pytest.fixture(params=["sqlite", "postgres"])
def database_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's database lives, once per backend: a SQLite file, a PostgreSQL URL."""
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return str(tmp_path / "lantern.sqlite3")
