"""The benchmark's many guilds spread over the shards as Discord's formula assigns them: a
gateway closes a shard that would own more than 2,500 guilds (4011), so 10,000 guilds on 4
shards must be exactly 2,500 each."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.stage import add_guilds
from loopback_discord import LoopbackDiscord
from loopback_discord.state import snowflake_time


@pytest.mark.parametrize("shards", [1, 2, 3, 4, 7, 8])
def test_guild_ids_fall_on_the_shards_in_turn(shards: int) -> None:
    server = LoopbackDiscord()
    add_guilds(server, 9_999)  # with the standard guild: 10,000
    per_shard = Counter((guild_id >> 22) % shards for guild_id in server.state.guilds)
    assert len(per_shard) == shards
    assert max(per_shard.values()) - min(per_shard.values()) <= 1
    if shards == 4:
        assert set(per_shard.values()) == {2_500}


def test_no_id_is_stamped_after_the_emulated_clock() -> None:
    server = LoopbackDiscord()
    add_guilds(server, 500)
    assert snowflake_time(server.state.ids.last) <= server.clock.now()
