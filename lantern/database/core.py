"""The core store: what the foundation needs, key/value metadata such as the command-sync hash."""

from __future__ import annotations

from lantern.database.base import Store


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
