from pathlib import Path

import pytest

from lantern.errors import SettingsError
from lantern.settings import PROJECT_ROOT, load_settings
from tests.conftest import OFFLINE_TOKEN as TOKEN


def test_defaults_with_only_a_token() -> None:
    settings = load_settings({"DISCORD_TOKEN": TOKEN})
    assert settings.discord_token == TOKEN
    assert settings.database_path == PROJECT_ROOT / "var" / "lantern.sqlite3"
    assert settings.film_pack_dir == PROJECT_ROOT / "data"
    assert settings.dev_guild_id is None
    assert settings.log_level == "INFO"
    assert settings.message_content is True


def test_every_key_is_read() -> None:
    settings = load_settings(
        {
            "DISCORD_TOKEN": TOKEN,
            "DATABASE_PATH": "/tmp/x.db",
            "FILM_PACK_DIR": "packs/other",
            "DEV_GUILD_ID": "123456789012345678",
            "LOG_LEVEL": "debug",
            "LOG_FILE": "off",
            "MESSAGE_CONTENT": "false",
            "DISCORD_API_URL": "http://127.0.0.1:9999/",
            "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9999/gateway",
        }
    )
    assert settings.database_path == Path("/tmp/x.db")
    assert settings.film_pack_dir == PROJECT_ROOT / "packs" / "other"
    assert settings.dev_guild_id == 123456789012345678
    assert settings.log_level == "DEBUG"
    assert settings.log_file is None
    assert settings.message_content is False
    assert settings.discord_api_url == "http://127.0.0.1:9999"


@pytest.mark.parametrize(
    ("env", "key", "hint"),
    [
        ({}, "DISCORD_TOKEN", "not set"),
        ({"DISCORD_TOKEN": "   "}, "DISCORD_TOKEN", "not set"),
        ({"DISCORD_TOKEN": "123456"}, "DISCORD_TOKEN", "does not look like a bot token"),
        ({"DISCORD_TOKEN": TOKEN, "DEV_GUILD_ID": "my-server"}, "DEV_GUILD_ID", "not a Discord id"),
        ({"DISCORD_TOKEN": TOKEN, "LOG_LEVEL": "LOUD"}, "LOG_LEVEL", "not a level"),
        ({"DISCORD_TOKEN": TOKEN, "MESSAGE_CONTENT": "maybe"}, "MESSAGE_CONTENT", "true or false"),
        ({"DISCORD_TOKEN": TOKEN, "DISCORD_API_URL": "localhost"}, "DISCORD_API_URL", "not a URL"),
        ({"DISCORD_TOKEN": TOKEN, "DATABASE_URL": "sqlite:///x"}, "DATABASE_URL", "postgresql://"),
        ({"DISCORD_TOKEN": TOKEN, "SHARD_IDS": "0-1"}, "SHARD_IDS", "without SHARD_COUNT"),
        ({"DISCORD_TOKEN": TOKEN, "SHARD_COUNT": "0"}, "SHARD_COUNT", "not a number of shards"),
        ({"DISCORD_TOKEN": TOKEN, "SHARD_COUNT": "four"}, "SHARD_COUNT", "not a number"),
        ({"DISCORD_TOKEN": TOKEN, "SHARD_COUNT": "4", "SHARD_IDS": "2-4"}, "SHARD_IDS", "below"),
        ({"DISCORD_TOKEN": TOKEN, "SHARD_COUNT": "4", "SHARD_IDS": "3-1"}, "SHARD_IDS", "range"),
        ({"DISCORD_TOKEN": TOKEN, "SHARD_COUNT": "4", "SHARD_IDS": "a"}, "SHARD_IDS", "range"),
    ],
)
def test_bad_values_name_the_key_and_the_fix(env: dict[str, str], key: str, hint: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(env)
    message = str(raised.value)
    assert message.startswith(f"{key}: ")
    assert hint in message
    assert "\n" not in message


def test_shards_and_the_database_url_are_read() -> None:
    url = "postgresql://bot:pw@db.example:5432/lantern"
    env = {"DISCORD_TOKEN": TOKEN, "DATABASE_URL": url, "SHARD_COUNT": "8", "SHARD_IDS": "0,2-3"}
    settings = load_settings(env)
    assert settings.database_target == url
    assert settings.shards is not None and settings.shards.ids == (0, 2, 3)
    assert str(settings.shards) == "shards 0,2-3 of 8"
    everything = load_settings({"DISCORD_TOKEN": TOKEN, "SHARD_COUNT": "2"}).shards
    assert everything is not None and everything.ids == (0, 1)
    plain = load_settings({"DISCORD_TOKEN": TOKEN})
    assert plain.shards is None and plain.database_target == str(plain.database_path)


def test_a_guild_belongs_to_the_shard_discord_sends_it_on() -> None:
    from lantern.shards import ShardRange

    first_half = ShardRange(4, (0, 1))
    guilds = [(created_ms << 22) | 5 for created_ms in range(1000, 1008)]  # shards 0,1,2,3,0...
    assert [first_half.owns(g) for g in guilds] == [True, True, False, False] * 2


def test_repr_never_shows_the_token() -> None:
    assert TOKEN not in repr(load_settings({"DISCORD_TOKEN": TOKEN}))
