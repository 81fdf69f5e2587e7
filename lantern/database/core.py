"""The core store: what the foundation needs, key/value metadata such as the command-sync hash,
and the IDENTIFY turns of the gateway's buckets."""

from __future__ import annotations

from lantern.database.base import Dialect, Store
from lantern.errors import DatabaseUnavailable

# The database's clock in seconds since the Unix epoch: every process asks the same clock, so
# processes on machines whose clocks disagree still take turns. SQLite's is its host's (a SQLite
# file serves the processes of one machine); clock_timestamp(), unlike now(), is not frozen at
# the start of the transaction.
NOW_SQL: dict[Dialect, str] = {
    "sqlite": "((julianday('now') - 2440587.5) * 86400.0)",
    "postgres": "extract(epoch FROM clock_timestamp())::float8",
}
# Claimed when the bucket's last turn is `spacing` old, or lies more than `spacing` ahead (the
# clock was set back: waiting for it would stall the bucket for as long).
CLAIM_TURN_SQL = (
    "INSERT INTO identify_buckets (bucket, at) VALUES (?, {now}) "
    "ON CONFLICT (bucket) DO UPDATE SET at = excluded.at "
    "WHERE identify_buckets.at <= excluded.at - ? OR identify_buckets.at > excluded.at + ?"
)
TURN_WAIT_SQL = "SELECT at + ? - {now} AS wait FROM identify_buckets WHERE bucket = ?"


class CoreStore(Store):
    async def get_meta(self, key: str) -> str | None:
        row = await self._fetchone("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    async def set_meta(self, key: str, value: str) -> None:
        async with self.transaction() as tx:
            await tx.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    async def swap_meta(self, key: str, expected: str | None, value: str | None) -> bool:
        """Set `key` to `value` (None: remove it) only if it still holds `expected` (None:
        absent): True for exactly one of several processes racing to do the same, so the
        database decides which of them acts (the command sync)."""
        async with self.transaction() as tx:
            if expected is None:
                changed = await tx.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    (key, value),
                )
            elif value is None:
                changed = await tx.execute(
                    "DELETE FROM meta WHERE key = ? AND value = ?", (key, expected)
                )
            else:
                changed = await tx.execute(
                    "UPDATE meta SET value = ? WHERE key = ? AND value = ?",
                    (value, key, expected),
                )
            return changed == 1

    async def claim_identify_turn(self, bucket: int, spacing: float) -> float:
        """Take `bucket`'s IDENTIFY turn if its last one is `spacing` seconds old (by the
        database's clock): 0.0 when taken, else the seconds until it may be. One conditional
        upsert decides, so of processes claiming at once exactly one gets the turn. A database
        that cannot answer raises `DatabaseUnavailable` (SQLite locked past its busy timeout
        included)."""
        now = NOW_SQL[self.dialect]
        try:
            async with self.transaction() as tx:
                claim = CLAIM_TURN_SQL.format(now=now)
                if await tx.execute(claim, (bucket, float(spacing), float(spacing))) == 1:
                    return 0.0
                row = await tx.fetchone(TURN_WAIT_SQL.format(now=now), (float(spacing), bucket))
        except self.backend.refused as error:
            raise DatabaseUnavailable() from error
        return 0.0 if row is None else max(0.0, float(row["wait"]))
