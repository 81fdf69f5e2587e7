"""What a member does on the sandbox page, done through the driver exactly as a test would:
the page's option text becomes typed option values, and the driver's refusals become the
messages the Discord client shows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loopback_discord.driver import Driver
from loopback_discord.invocations import SUBCOMMAND_TYPES, OptionType, UserCannotDoThat
from loopback_discord.state import Channel, Role, User

if TYPE_CHECKING:
    from loopback_discord.server import LoopbackDiscord

# Real Discord lets an application "think" for up to 15 minutes after deferring.
THINK_TIMEOUT = 15 * 60
TRUE_TEXT = {"true", "yes", "on", "1"}
FALSE_TEXT = {"false", "no", "off", "0"}


class PageDriver(Driver):
    """The test driver, patient like a person (a deferred reply may take 15 minutes), plus
    finding the members, roles and channels a member names in an option's text."""

    def __init__(self, server: LoopbackDiscord) -> None:
        super().__init__(server, think_timeout=THINK_TIMEOUT)

    def find_member(self, text: str) -> User:
        wanted = text.strip().removeprefix("@").casefold()
        for member in self.guild.members.values():
            names = {member.user.username, member.user.display_name, member.nick or ""}
            if wanted in {n.casefold() for n in names if n}:
                return member.user
        raise UserCannotDoThat(f"There is no member called “{text}”.")

    def find_role(self, text: str) -> Role:
        wanted = text.strip().removeprefix("@").casefold()
        for role in self.guild.roles.values():
            if role.name.casefold() == wanted:
                return role
        raise UserCannotDoThat(f"There is no role called “{text}”.")

    def find_channel(self, text: str) -> Channel:
        try:
            return self.channel(text.strip())
        except KeyError:
            raise UserCannotDoThat(f"There is no channel called “{text}”.") from None


def leaf_options(command: dict[str, Any], path: list[str]) -> list[dict[str, Any]]:
    """The option specs of `/command sub…` in the synced command."""
    options = command.get("options") or []
    for name in path:
        sub = next(
            (o for o in options if o["name"] == name and o["type"] in SUBCOMMAND_TYPES), None
        )
        if sub is None:
            raise UserCannotDoThat(f"/{command['name']} has no subcommand “{name}”.")
        options = sub.get("options") or []
    return options


def convert_options(
    driver: PageDriver, specs: list[dict[str, Any]], typed: dict[str, str]
) -> dict[str, Any]:
    """Typed text per option -> the values the driver sends, checked like the client checks them."""
    by_name = {spec["name"]: spec for spec in specs}
    values: dict[str, Any] = {}
    for name, text in typed.items():
        spec = by_name.get(name)
        if spec is None:
            raise UserCannotDoThat(f"This command has no option “{name}”.")
        if str(text).strip() == "":
            continue
        values[name] = convert_value(driver, spec, str(text).strip())
    return values


def convert_value(driver: PageDriver, spec: dict[str, Any], text: str) -> Any:
    kind, name = spec["type"], spec["name"]
    choice = _choice_value(spec, text)
    if choice is not None:
        return choice
    if kind == OptionType.STRING:
        return text
    if kind in (OptionType.INTEGER, OptionType.NUMBER):
        try:
            return int(text) if kind == OptionType.INTEGER else float(text)
        except ValueError:
            whole = "a whole number" if kind == OptionType.INTEGER else "a number"
            raise UserCannotDoThat(f"{name}: enter {whole}.") from None
    if kind == OptionType.BOOLEAN:
        if text.casefold() in TRUE_TEXT | FALSE_TEXT:
            return text.casefold() in TRUE_TEXT
        raise UserCannotDoThat(f"{name}: choose True or False.")
    return _convert_entity(driver, kind, text)


def _choice_value(spec: dict[str, Any], text: str) -> Any:
    for choice in spec.get("choices") or []:
        if text.casefold() in (choice["name"].casefold(), str(choice["value"]).casefold()):
            return choice["value"]
    return None


def _convert_entity(driver: PageDriver, kind: int, text: str) -> Any:
    if kind == OptionType.USER:
        return driver.find_member(text)
    if kind == OptionType.CHANNEL:
        return driver.find_channel(text)
    if kind == OptionType.ROLE:
        return driver.find_role(text)
    if kind == OptionType.MENTIONABLE:
        try:
            return driver.find_member(text)
        except UserCannotDoThat:
            return driver.find_role(text)
    raise UserCannotDoThat("The sandbox cannot send this kind of option (file uploads).")


def lenient_options(
    driver: PageDriver, specs: list[dict[str, Any]], typed: dict[str, str]
) -> dict[str, Any]:
    """For autocomplete: the other options the member has filled in so far, minus unfinished ones."""
    values: dict[str, Any] = {}
    for name, text in typed.items():
        try:
            values |= convert_options(driver, specs, {name: text})
        except UserCannotDoThat:
            continue
    return values
