"""Settings, read once from the environment (and `.env`) into one frozen object."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from lantern.errors import SettingsError
from lantern.shards import ShardRange, parse_shard_ids

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Bot tokens are three base64url parts joined by dots; catching a pasted client secret or
# application id here is friendlier than a 401 from Discord.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Settings:
    discord_token: str
    database_path: Path
    film_pack_dir: Path
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    log_file: Path | None = None
    message_content: bool = True
    discord_api_url: str | None = None
    discord_gateway_url: str | None = None
    database_url: str | None = None  # PostgreSQL; None keeps SQLite at database_path
    shards: ShardRange | None = None  # SHARD_COUNT / SHARD_IDS; None: one unsharded process

    @property
    def database_target(self) -> str:
        """What `Database` opens: the PostgreSQL URL when set, else the SQLite file."""
        return self.database_url or str(self.database_path)

    def __repr__(self) -> str:
        # The token must never reach a log line, even through a repr of the settings.
        return f"Settings(database_path={self.database_path}, film_pack_dir={self.film_pack_dir})"


def load_settings(env: Mapping[str, str] | None = None, *, require_token: bool = True) -> Settings:
    """Build `Settings` from `env` (default: the process environment after `.env`)."""
    env = os.environ if env is None else env
    return Settings(
        discord_token=_token(env, required=require_token),
        database_path=_path(env, "DATABASE_PATH", PROJECT_ROOT / "var" / "lantern.sqlite3"),
        film_pack_dir=_path(env, "FILM_PACK_DIR", PROJECT_ROOT / "data"),
        dev_guild_id=_snowflake(env, "DEV_GUILD_ID"),
        log_level=_log_level(env),
        log_file=_log_file(env),
        message_content=_flag(env, "MESSAGE_CONTENT", default=True),
        discord_api_url=_url(env, "DISCORD_API_URL", ("http://", "https://")),
        discord_gateway_url=_url(env, "DISCORD_GATEWAY_URL", ("ws://", "wss://")),
        database_url=database_url(env),
        shards=_shards(env),
    )


def _value(env: Mapping[str, str], key: str) -> str | None:
    value = env.get(key, "").strip()
    return value or None


def _token(env: Mapping[str, str], *, required: bool) -> str:
    token = _value(env, "DISCORD_TOKEN")
    if token is None:
        if not required:
            return ""
        raise SettingsError(
            "DISCORD_TOKEN",
            "not set",
            "Copy .env.example to .env and paste your bot token from the Developer Portal "
            "(Bot > Reset Token).",
        )
    if not TOKEN_PATTERN.match(token):
        raise SettingsError(
            "DISCORD_TOKEN",
            "does not look like a bot token (three dot-separated parts)",
            "Paste the token from the Developer Portal's Bot page, not the client secret or id.",
        )
    return token


def _path(env: Mapping[str, str], key: str, default: Path) -> Path:
    value = _value(env, key)
    if value is None:
        return default
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def _snowflake(env: Mapping[str, str], key: str) -> int | None:
    value = _value(env, key)
    if value is None:
        return None
    if not value.isdigit() or not 0 < int(value) < 2**64:
        raise SettingsError(
            key, f"{value!r} is not a Discord id", "Use the server's numeric id or leave it empty."
        )
    return int(value)


def _log_level(env: Mapping[str, str]) -> str:
    value = (_value(env, "LOG_LEVEL") or "INFO").upper()
    if value not in LOG_LEVELS:
        raise SettingsError("LOG_LEVEL", f"{value!r} is not a level", f"Use one of {LOG_LEVELS}.")
    return value


def _log_file(env: Mapping[str, str]) -> Path | None:
    value = _value(env, "LOG_FILE")
    if value is not None and value.lower() in FALSE_WORDS:
        return None
    return _path(env, "LOG_FILE", PROJECT_ROOT / "var" / "lantern.log")


def _flag(env: Mapping[str, str], key: str, *, default: bool) -> bool:
    value = _value(env, key)
    if value is None:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise SettingsError(key, f"{value!r} is not true or false", "Use true or false.")


def _url(env: Mapping[str, str], key: str, schemes: tuple[str, ...]) -> str | None:
    value = _value(env, key)
    if value is not None and not value.startswith(schemes):
        raise SettingsError(
            key,
            f"{value!r} is not a URL",
            f"Start it with {' or '.join(schemes)}, or leave it empty.",
        )
    return value.rstrip("/") if value else None


POSTGRES_SCHEMES = ("postgresql", "postgres")
DATABASE_URL_FORM = "postgresql://user:password@host:5432/database"


def database_url(env: Mapping[str, str]) -> str | None:
    """A PostgreSQL URL, checked for its form only (the server is tried at start-up). The
    value is never echoed: it may hold a password."""
    value = _value(env, "DATABASE_URL")
    if value is None:
        return None
    problem = _database_url_problem(value)
    if problem:
        raise SettingsError(
            "DATABASE_URL",
            problem,
            f"Write it as {DATABASE_URL_FORM}, or leave it empty to use SQLite (DATABASE_PATH).",
        )
    return value


def _database_url_problem(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme not in POSTGRES_SCHEMES or not value.startswith(f"{parts.scheme}://"):
        return "is not a postgresql:// URL"
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "has a port that is not a number"
    if not parts.hostname and "host=" not in parts.query:
        return "names no host"
    return None


MAX_SHARDS = 10_000  # far past any real bot (Discord's largest run a few thousand)


def _shards(env: Mapping[str, str]) -> ShardRange | None:
    """SHARD_COUNT (shards across every process) and SHARD_IDS (this process's, e.g. `0-3`;
    all of them when empty)."""
    count_text, ids_text = _value(env, "SHARD_COUNT"), _value(env, "SHARD_IDS")
    if count_text is None:
        if ids_text is not None:
            raise SettingsError(
                "SHARD_IDS",
                "is set without SHARD_COUNT",
                "Set SHARD_COUNT to the number of shards across all processes.",
            )
        return None
    if not count_text.isdigit() or not 1 <= int(count_text) <= MAX_SHARDS:
        raise SettingsError(
            "SHARD_COUNT",
            f"{count_text[:20]!r} is not a number of shards",
            f"Use a whole number from 1 to {MAX_SHARDS:,} (about one shard per 1,000 servers).",
        )
    count = int(count_text)
    return ShardRange(count, _shard_ids(ids_text, count))


def _shard_ids(text: str | None, count: int) -> tuple[int, ...]:
    if text is None:
        return tuple(range(count))
    try:
        ids = parse_shard_ids(text)
    except ValueError:
        ids = ()
    if not ids or ids[-1] >= count:
        raise SettingsError(
            "SHARD_IDS",
            f"{text[:40]!r} is not a range of shard ids below SHARD_COUNT ({count})",
            "Use ids from 0 to SHARD_COUNT - 1, as a range or a list: 0-3 or 4,5,6.",
        )
    return ids
