"""Start-up as a user meets it: the command line, the cogs and the command tree."""

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.bot import LanternBot, bot_intents
from bench.floor import floor_intents
from cogs import cog_modules
from lantern.settings import PROJECT_ROOT
from tests.conftest import OFFLINE_TOKEN

NAME = re.compile(r"^[-_'\w]{1,32}$")


def run_bot(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    environment |= {"DISCORD_TOKEN": "", "LOG_FILE": "off"} | env
    return subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_no_token_stops_with_one_clear_line_and_exit_2() -> None:
    result = run_bot()
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: DISCORD_TOKEN: not set. Copy .env.example to .env and paste your bot token "
        "from the Developer Portal (Bot > Reset Token)."
    ]
    assert "Traceback" not in result.stderr


def test_a_bad_value_names_the_key() -> None:
    result = run_bot(DISCORD_TOKEN=OFFLINE_TOKEN, DEV_GUILD_ID="abc")
    assert result.returncode == 2
    assert result.stderr.startswith("error: DEV_GUILD_ID:")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://db/lantern", "is not a postgresql:// URL"),
        ("postgresql://user:s3cret@db:port/lantern", "has a port that is not a number"),
        ("postgresql:///lantern", "names no host"),
    ],
)
def test_a_malformed_database_url_names_the_key_and_the_fix(url: str, problem: str) -> None:
    result = run_bot(DISCORD_TOKEN=OFFLINE_TOKEN, DATABASE_URL=url)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: DATABASE_URL: {problem}. Write it as postgresql://"), line
    assert "s3cret" not in line  # a URL may hold a password: never echoed


def test_a_sqlite_bot_never_loads_the_postgresql_driver() -> None:
    """asyncpg costs a few MiB of memory: only a DATABASE_URL brings it in."""
    program = (
        "import importlib, sys\n"
        "import app.runner\n"
        "from cogs import cog_modules\n"
        "for name in cog_modules(): importlib.import_module(name)\n"
        "print('asyncpg' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "False", done.stderr


def test_an_unreachable_database_stops_start_up_with_one_line() -> None:
    # Port 1 on 127.0.0.1: nothing listens there, so the connection is refused at once.
    url = "postgresql://lantern:s3cret@127.0.0.1:1/lantern"
    result = run_bot(DISCORD_TOKEN=OFFLINE_TOKEN, DATABASE_URL=url)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(
        "error: DATABASE_URL: cannot connect to PostgreSQL at 127.0.0.1:1/lantern"
    )
    assert line.endswith(
        "Start the server, or fix the host, port, user, password or database name in it."
    )
    assert "s3cret" not in line and "Traceback" not in result.stderr


def test_check_passes_offline_for_the_shipped_pack() -> None:
    result = run_bot("--check", DISCORD_TOKEN=OFFLINE_TOKEN)
    assert result.returncode == 0, result.stderr
    assert "film pack OK" in result.stdout
    for name in cog_modules():
        assert name in result.stdout
    # Pairs of questions that give each other away are reported (a quiz never asks both).
    assert 'note: data/trivia.toml: question "garden": its answer is given away' in result.stdout


def test_check_needs_no_token() -> None:
    """A pack author validates a pack without inventing a token."""
    result = run_bot("--check")
    assert result.returncode == 0, result.stderr
    assert "film pack OK" in result.stdout


def test_check_still_checks_the_form_of_a_token_that_is_set() -> None:
    result = run_bot("--check", DISCORD_TOKEN="client-secret-pasted-by-mistake")
    assert result.returncode == 2
    assert result.stderr.startswith("error: DISCORD_TOKEN: does not look like a bot token")


def test_check_fails_with_the_pack_problem(tmp_path: Path) -> None:
    (tmp_path / "film.toml").write_text('[film]\ntitle = "x"\n', encoding="utf-8")
    result = run_bot("--check", DISCORD_TOKEN=OFFLINE_TOKEN, FILM_PACK_DIR=str(tmp_path))
    assert result.returncode == 1
    assert "film.toml: [film]: review: is missing" in result.stderr


def test_there_are_cogs_and_each_has_setup() -> None:
    assert {"cogs.trivia", "cogs.quotes", "cogs.spoilers"} <= set(cog_modules())
    for name in cog_modules():
        assert callable(importlib.import_module(name).setup), name


@pytest.fixture
async def loaded_bot(offline_bot: LanternBot) -> LanternBot:
    await offline_bot.db.open()
    for name in cog_modules():
        await offline_bot.load_extension(name)
    return offline_bot


async def test_command_names_are_unique_and_valid(loaded_bot: LanternBot) -> None:
    payload = [command.to_dict(loaded_bot.tree) for command in loaded_bot.tree.get_commands()]
    names = [command["name"] for command in payload]
    assert len(names) == len(set(names)), names
    for command in payload:
        check_command(command)


def check_command(command: dict) -> None:
    assert NAME.match(command["name"]) and command["name"] == command["name"].lower()
    if command.get("type", 1) == 1:
        assert 1 <= len(command["description"]) <= 100, command["name"]
    options = command.get("options", [])
    assert len(options) <= 25
    assert len({option["name"] for option in options}) == len(options), command["name"]
    for option in options:
        assert len(option.get("choices", [])) <= 25
        if option["type"] in (1, 2):
            check_command(option)
        else:
            assert NAME.match(option["name"]) and 1 <= len(option["description"]) <= 100


def string_options(command: dict, path: str = "") -> list[tuple[str, dict]]:
    """Every free-text option of a command, subcommands included, with its full name."""
    found = []
    for option in command.get("options", []):
        name = f"{path}{command['name']} {option['name']}"
        if option["type"] in (1, 2):
            found += string_options(option, f"{path}{command['name']} ")
        elif option["type"] == 3 and not option.get("choices"):
            found.append((name, option))
    return found


async def test_every_free_text_option_has_a_max_length(loaded_bot: LanternBot) -> None:
    """A value no answer could use is refused by Discord's client, not echoed back in full."""
    payload = [command.to_dict(loaded_bot.tree) for command in loaded_bot.tree.get_commands()]
    options = [found for command in payload for found in string_options(command)]
    assert "quote search text" in {name for name, _ in options}
    assert [name for name, option in options if not option.get("max_length")] == []


def test_intents_are_the_minimum() -> None:
    intents = bot_intents(message_content=False)
    assert intents.guilds and intents.guild_messages
    assert not (intents.members or intents.presences or intents.message_content)
    assert bot_intents(message_content=True).message_content
    # bench/floor.py spells the intents out so it need not import the bot; this keeps them equal.
    assert floor_intents() == bot_intents(message_content=True)
