"""Query plans on PostgreSQL, for the tests that check a query is served by an index.

PostgreSQL plans by table statistics, and on a test's nearly empty tables a scan is cheapest:
with scans priced out (`enable_seqscan = off`, this transaction only) the plan shows whether an
index can serve the query at all, which is what the SQLite plan tests check there."""

from __future__ import annotations

from lantern.database import Database


async def postgres_plan(db: Database, sql: str, params: tuple[object, ...]) -> str:
    async with db.transaction() as tx:
        await tx.execute("SET LOCAL enable_seqscan = off")
        rows = await tx.fetchall(f"EXPLAIN {sql}", params)
    return "\n".join(str(row[0]) for row in rows)
