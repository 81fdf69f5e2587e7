"""Discord adapters. Every module not starting with `_` is a cog extension with `setup(bot)`."""

import pkgutil
from pathlib import Path

COGS_DIR = Path(__file__).parent


def cog_modules() -> list[str]:
    """Dotted names of every cog extension, in a stable order."""
    return sorted(
        f"cogs.{module.name}"
        for module in pkgutil.iter_modules([str(COGS_DIR)])
        if not module.name.startswith("_")
    )
