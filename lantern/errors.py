"""Domain errors. Cogs turn a `LanternError` into a friendly ephemeral reply."""

from __future__ import annotations

from dataclasses import dataclass


class LanternError(Exception):
    """An error the user caused or can fix; its message is safe to show them."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class PermissionDenied(LanternError):
    """The member lacks a permission the action needs (checked at run time)."""


class DatabaseUnavailable(LanternError):
    """The database server is away (restarting, unreachable); nothing was written."""

    def __init__(self) -> None:
        super().__init__("The database is not answering right now; try again in a moment.")


class SettingsError(Exception):
    """A setting is missing or malformed; `str()` is the one line shown on stderr."""

    def __init__(self, key: str, problem: str, fix: str) -> None:
        super().__init__(f"{key}: {problem}. {fix}")
        self.key = key


class DatabaseUrlError(SettingsError):
    """DATABASE_URL names a server Lantern cannot use (found out at start-up): exit code 2."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__("DATABASE_URL", problem, fix)


class StartupError(Exception):
    """Start-up cannot go on (database newer than the code, corrupt file, ...)."""


@dataclass(frozen=True)
class PackProblem:
    """One problem in the film pack, located by file, entry and field."""

    file: str
    message: str
    entry: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.entry:
            where += f": {self.entry}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


class FilmPackError(StartupError):
    """The film pack failed validation; carries every problem found, not just the first."""

    def __init__(self, problems: list[PackProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"the film pack has {len(problems)} problem(s):\n{lines}")
