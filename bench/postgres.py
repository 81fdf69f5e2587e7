"""The PostgreSQL half of the suite: a throwaway server of the benchmark's own (Debian's
binaries, as the tests start it), the scoring click and the leaderboard taking turns with the
floor as on SQLite, and the storage figures on seeded PostgreSQL databases."""

from __future__ import annotations

from typing import Any

from bench import report
from bench.interactions import POSTGRES_COMMANDS, combine_rounds, interaction_round
from bench.sizes import Sizes
from bench.storage import storage_costs_postgres
from tests.pgcluster import PostgresCluster


async def postgres_costs(sizes: Sizes) -> dict[str, Any]:
    cluster = PostgresCluster().start()
    try:
        await cluster.make_template()
        floors, lanterns = [], []
        for _ in range(sizes.interaction_rounds):
            floor, lantern = await interaction_round(sizes, await cluster.new_database())
            floors.append(floor)
            lanterns.append(lantern)
        floor_paired, lantern = combine_rounds(floors), combine_rounds(lanterns)
        interactions = {
            "floor": combine_rounds(list(floor_paired.values())),
            "floor_paired": floor_paired,
            "lantern": lantern,
            "ratios": report.interaction_ratios(floor_paired, lantern, POSTGRES_COMMANDS),
        }
        return {
            "interactions": interactions,
            "storage": await storage_costs_postgres(sizes, cluster),
        }
    finally:
        cluster.destroy()
