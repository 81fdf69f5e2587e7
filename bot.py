"""Lantern's entry point: arguments and settings, then the runner or the sandbox. Nothing
imports this script; the bot itself lives in the `app` package.

python bot.py           run the bot
python bot.py --check   validate settings, the film pack and every cog, offline
python bot.py --sync    force a slash-command sync at start-up
python bot.py --sandbox [--port 8080] [--fresh]   try it in the browser, no Discord needed
python bot.py --copy-database postgresql://...   copy DATABASE_PATH into an empty PostgreSQL
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine
from typing import Any

import discord
from dotenv import load_dotenv

from app.runner import (
    EXIT_CONFIG,
    EXIT_FAILED,
    PORTAL_INTENT_HINT,
    check,
    copy_to_postgres,
    run,
)
from lantern.errors import SettingsError, StartupError
from lantern.logs import configure_logging
from lantern.settings import PROJECT_ROOT, Settings, database_url, load_settings


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Lantern, a film-discussion Discord bot")
    parser.add_argument("--check", action="store_true", help="validate and exit, offline")
    parser.add_argument("--sync", action="store_true", help="force a slash-command sync")
    parser.add_argument(
        "--sandbox", action="store_true", help="try the bot in a browser page; no Discord, no token"
    )
    parser.add_argument("--port", type=int, default=8080, help="the sandbox page's port (8080)")
    parser.add_argument("--fresh", action="store_true", help="start the sandbox's data over")
    parser.add_argument(
        "--copy-database",
        metavar="POSTGRESQL_URL",
        help="copy the SQLite database (DATABASE_PATH) into an empty PostgreSQL database",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_dotenv(PROJECT_ROOT / ".env")  # the real environment wins over .env
    if args.sandbox:
        # Imported only here: the sandbox brings the loopback Discord, which a real bot never loads.
        from app import sandbox

        return sandbox.main(args.port, fresh=args.fresh)
    try:
        # --check validates a film pack offline, so it needs no token (only a set one's form);
        # nor does copying a database.
        offline = args.check or args.copy_database is not None
        settings = load_settings(require_token=not offline)
        if args.copy_database is not None:
            url = database_url({"DATABASE_URL": args.copy_database})
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_CONFIG
    if args.check:
        return check(settings)
    if args.copy_database is not None:
        return _report_errors(lambda: copy_to_postgres(settings, url or ""))
    configure_logging(settings)
    return _run_reporting_errors(settings, args.sync)


def _run_reporting_errors(settings: Settings, force_sync: bool) -> int:
    return _report_errors(lambda: run(settings, force_sync))


def _report_errors(main: Callable[[], Coroutine[Any, Any, int]]) -> int:
    try:
        return asyncio.run(main())
    except discord.LoginFailure:
        print(
            "error: DISCORD_TOKEN: Discord rejected the token (401). Reset it in the Developer "
            "Portal (Bot > Reset Token) and put the new one in .env.",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    except discord.PrivilegedIntentsRequired:
        print(f"error: a privileged intent is not enabled: {PORTAL_INTENT_HINT}", file=sys.stderr)
        return EXIT_CONFIG
    except SettingsError as error:  # found at start-up: DATABASE_URL's server unreachable
        print(f"error: {error}", file=sys.stderr)
        return EXIT_CONFIG
    except StartupError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
