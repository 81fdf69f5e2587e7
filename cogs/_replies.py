"""Replies to members and the one error path: ephemeral answers that work whether or not the
interaction was answered, friendly text for errors members can act on, a logged traceback and a
reference for the rest. The command tree (`LanternTree`) and every view report through here."""

from __future__ import annotations

import logging
import secrets
from typing import Any

import discord
from discord import app_commands

from lantern.errors import LanternError

log = logging.getLogger(__name__)

# User-supplied text must never ping anyone, so every send uses this.
SAFE_MENTIONS = discord.AllowedMentions.none()
NOT_IN_A_SERVER = "That command only works in a server."


async def reply_privately(interaction: discord.Interaction[Any], text: str, **kwargs: Any) -> None:
    """An ephemeral answer that works whether or not the interaction was already answered."""
    kwargs.setdefault("allowed_mentions", SAFE_MENTIONS)
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True, **kwargs)
    else:
        await interaction.response.send_message(text, ephemeral=True, **kwargs)


def _unwrap(error: BaseException) -> BaseException:
    if isinstance(error, app_commands.CommandInvokeError):
        return error.original
    # A transformer that raised a domain error should read as that error.
    if isinstance(error, app_commands.TransformerError) and isinstance(
        error.__cause__, LanternError
    ):
        return error.__cause__
    return error


def friendly_text(error: BaseException) -> str | None:
    """The message for errors users can act on; None for unexpected ones."""
    if isinstance(error, LanternError):
        return error.user_message
    if isinstance(error, app_commands.MissingPermissions):
        missing = ", ".join(p.replace("_", " ").title() for p in error.missing_permissions)
        return f"You need the **{missing}** permission to do that."
    if isinstance(error, app_commands.NoPrivateMessage):
        return NOT_IN_A_SERVER
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't understand {error.value!r} there."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that here."
    return None


async def report_error(
    interaction: discord.Interaction[Any], error: BaseException, where: str
) -> None:
    """The one error path: friendly text for domain errors, a logged traceback plus a
    reference for the rest. Used by the command tree and by every view."""
    error = _unwrap(error)
    text = friendly_text(error)
    if text is None:
        ref = secrets.token_hex(3).upper()
        log.error("Unexpected error (ref %s) in %s", ref, where, exc_info=error)
        text = f"Sorry, something went wrong on my side (ref {ref})."
    try:
        await reply_privately(interaction, text)
    except discord.HTTPException:
        log.warning("Could not deliver the error reply for %s", where, exc_info=True)


async def handle_view_error(
    interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
) -> None:
    """Drop-in body for `ui.View.on_error` / DynamicItem callbacks."""
    custom_id = getattr(item, "custom_id", None)
    await report_error(interaction, error, f"component {custom_id or type(item).__name__}")


class ReportsErrors:
    """Mixin for every `ui.DynamicItem` (list it first): discord.py only logs what a dynamic
    item's callback raises and the member sees "interaction failed", so the click runs through
    the one error path instead. Subclasses implement `clicked`."""

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await self.clicked(interaction)
        except Exception as error:
            await handle_view_error(interaction, error, self)  # type: ignore[arg-type]

    async def clicked(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError


class LanternTree(app_commands.CommandTree[Any]):
    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError, /
    ) -> None:
        name = interaction.command.qualified_name if interaction.command else "unknown command"
        await report_error(interaction, error, f"/{name}")
