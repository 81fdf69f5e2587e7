import sqlite3
from pathlib import Path

import pytest

from lantern.database import Database
from lantern.database.database import discover_migrations
from lantern.errors import StartupError


async def test_fresh_database_reaches_the_latest_version(tmp_path: Path) -> None:
    db = Database(tmp_path / "fresh.sqlite3")
    await db.open()
    try:
        assert await db.user_version() == len(discover_migrations())
        row = await db._fetchone("PRAGMA journal_mode")
        assert row is not None and row[0] == "wal"
        row = await db._fetchone("PRAGMA foreign_keys")
        assert row is not None and row[0] == 1
    finally:
        await db.close()


async def test_upgrade_from_an_older_version_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    migrations = discover_migrations()
    old = Database(path, migrations=migrations[:1])
    await old.open()
    await old.core.set_meta("kept", "yes")
    await old.close()

    new = Database(path)
    await new.open()
    try:
        assert await new.user_version() == len(migrations)
        assert await new.core.get_meta("kept") == "yes"
    finally:
        await new.close()


async def test_a_newer_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    before = path.read_bytes()
    with pytest.raises(StartupError, match=r"newer than this code") as raised:
        await Database(path).open()
    assert str(path) in str(raised.value)
    assert path.read_bytes() == before


async def test_a_corrupt_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(StartupError) as raised:
        await Database(path).open()
    assert str(path) in str(raised.value)
    assert path.read_bytes() == before


async def test_a_failing_migration_rolls_back_to_the_previous_version(tmp_path: Path) -> None:
    broken = tmp_path / "migrations"
    broken.mkdir()
    (broken / "0001_ok.sql").write_text("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);")
    (broken / "0002_bad.sql").write_text("CREATE TABLE half (x); THIS IS NOT SQL;")
    path = tmp_path / "db.sqlite3"
    with pytest.raises(StartupError, match=r"0002_bad\.sql"):
        await Database(path, migrations=discover_migrations(broken)).open()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "half" not in tables


def test_migration_numbers_have_no_gaps(tmp_path: Path) -> None:
    (tmp_path / "0001_a.sql").write_text("SELECT 1;")
    (tmp_path / "0003_c.sql").write_text("SELECT 1;")
    with pytest.raises(RuntimeError, match="without gaps"):
        discover_migrations(tmp_path)
