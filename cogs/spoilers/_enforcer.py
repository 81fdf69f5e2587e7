"""Carrying out one spoiler decision on one message: warn, wrap (delete + webhook repost) or
delete (text sent to the author first). Every 403 degrades to a warning and is never retried."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import discord

from cogs._replies import SAFE_MENTIONS
from cogs.spoilers._modlog import ModLog
from cogs.spoilers._refusals import RefusalMemory
from cogs.spoilers._webhooks import WebhookCache
from lantern.clock import Clock
from lantern.spoilers import SpoilerHit, render
from lantern.spoilers.policy import (
    WARN_DELETE_AFTER_SECONDS,
    Enforcement,
    GuildSpoilerConfig,
    MessageContext,
    Mode,
    Outcome,
    Permission,
    Source,
)
from lantern.spoilers.service import SpoilerService, forbidden_notice, missing_notice
from lantern.spoilers.wrapping import split_message, wrap_spoilers

log = logging.getLogger(__name__)

WEBHOOK_NAME_LIMIT = 80


def webhook_username(name: str) -> str:
    """Discord refuses webhook names containing "discord" or "clyde", or longer than 80."""
    cleaned = name.replace("discord", "disc\u200bord").replace("Discord", "Disc\u200bord")
    cleaned = cleaned.replace("clyde", "cly\u200bde").replace("Clyde", "Cly\u200bde")
    return cleaned[:WEBHOOK_NAME_LIMIT] or "member"


def message_context(message: discord.Message) -> MessageContext:
    """What the policy needs to know of a message's place and author."""
    channel = message.channel
    roles = getattr(message.author, "roles", [])
    return MessageContext(
        channel_id=channel.id,
        parent_channel_id=getattr(channel, "parent_id", None),
        author_role_ids=frozenset(role.id for role in roles),
        author_is_bot=message.author.bot,
        is_webhook=message.webhook_id is not None,
    )


def granted_permissions(channel: Any) -> set[Permission]:
    """The permissions enforcement needs that the bot has in `channel`."""
    guild = channel.guild
    permissions = channel.permissions_for(guild.me)
    # Webhooks live on the parent channel of a thread.
    parent = getattr(channel, "parent", None)
    hook_permissions = parent.permissions_for(guild.me) if parent else permissions
    granted = set()
    if permissions.manage_messages:
        granted.add(Permission.MANAGE_MESSAGES)
    if hook_permissions.manage_webhooks:
        granted.add(Permission.MANAGE_WEBHOOKS)
    return granted


@dataclass(frozen=True)
class EnforcerTools:
    """What carrying out a decision works with, made once by the cog."""

    service: SpoilerService
    clock: Clock
    webhooks: WebhookCache
    refusals: RefusalMemory
    mod_log: ModLog
    spawn: Callable[[Coroutine[Any, Any, None]], None]  # a background task the cog owns


class Enforcer:
    """Carries out one decision on one message; every 403 degrades to a warning, never a retry."""

    def __init__(
        self,
        tools: EnforcerTools,
        message: discord.Message,
        config: GuildSpoilerConfig,
        hits: list[SpoilerHit],
        source: Source,
    ) -> None:
        self.tools = tools
        self.message = message
        self.config = config
        self.hits = hits
        self.source = source
        self.guild: discord.Guild = message.guild  # type: ignore[assignment]
        self.where = getattr(message.channel, "mention", "this channel")

    async def run(self, decision: Enforcement) -> None:
        service = self.tools.service
        violation_id = await service.record_violation(
            guild_id=self.guild.id,
            channel_id=self.message.channel.id,
            member_id=self.message.author.id,
            message_id=self.message.id,
            source=self.source,
            hits=self.hits,
        )
        await self._sync_permission_notices(decision)
        action, outcome, detail = await self._act(decision)
        await service.record_action(violation_id, action, decision.configured, outcome, detail)
        await self.tools.mod_log.send(self.guild, self._log_entry(action, outcome))

    def _log_entry(self, action: Mode, outcome: Outcome) -> str:
        done = action.value if outcome is not Outcome.FAILED else f"{action.value} failed"
        author, channel = self.message.author.id, self.message.channel.id
        return render.caught_log_text(author, channel, done, self.hits)

    async def _sync_permission_notices(self, decision: Enforcement) -> None:
        if decision.missing:
            text = render.missing_permissions_warning(
                decision.configured, decision.missing, self.where
            )
            kind = missing_notice(decision.configured)
            await self.tools.mod_log.notify_once(self.guild, kind, text)

    async def _act(self, decision: Enforcement) -> tuple[Mode, Outcome, str]:
        """(action taken, outcome, detail) for the record."""
        if decision.mode is Mode.WARN:
            missing = ", ".join(perm.value for perm in decision.missing)
            return await self._fall_back(
                missing, Outcome.FALLBACK if decision.degraded else Outcome.DONE
            )
        channel = self.message.channel
        if self.tools.refusals.was_refused(channel, decision.mode):
            return await self._fall_back("403 earlier, permissions unchanged: not retried")
        act = self._wrap if decision.mode is Mode.WRAP else self._delete
        try:
            await act()
        except discord.Forbidden:
            # Never retried: remember it, tell the moderators once and warn instead.
            self.tools.refusals.remember(channel, decision.mode)
            text = render.forbidden_warning(f"{decision.mode.value} a spoiler", self.where)
            kind = forbidden_notice(decision.mode)
            await self.tools.mod_log.notify_once(self.guild, kind, text)
            return await self._fall_back("403 from Discord")
        except CannotAct as reason:
            return await self._fall_back(str(reason))
        except discord.NotFound:
            return decision.mode, Outcome.FAILED, "the message was already gone"
        # It worked: any earlier problem is solved, and a relapse must be reported anew.
        await self.tools.service.clear_notices(self.guild.id, decision.mode)
        return decision.mode, Outcome.DONE, ""

    async def _fall_back(
        self, detail: str, outcome: Outcome = Outcome.FALLBACK
    ) -> tuple[Mode, Outcome, str]:
        """Warn, recorded as `outcome` (DONE when warning was the configured action)."""
        return Mode.WARN, outcome if await self._warn() else Outcome.FAILED, detail

    async def _warn(self) -> bool:
        text = render.warn_text(
            self.message.author.id,
            self.config.spoiler_channel_ids,
            reveals=render.twist_labels(self.hits),
        )
        try:
            warning = await self.message.channel.send(
                text,
                reference=self.message.to_reference(fail_if_not_exists=False),
                mention_author=False,
                allowed_mentions=SAFE_MENTIONS,
            )
        except discord.HTTPException:
            log.warning("Could not warn about a spoiler in guild %s", self.guild.id)
            return False
        # The deadline is fixed now: the clean-up task may start a moment later.
        deadline = self.tools.clock.now() + timedelta(seconds=WARN_DELETE_AFTER_SECONDS)
        self.tools.spawn(self._delete_at(warning, deadline))
        return True

    async def _delete_at(self, warning: discord.Message, deadline: datetime) -> None:
        await self.tools.clock.sleep_until(deadline)
        try:
            await warning.delete()
        except discord.HTTPException:
            log.info("The spoiler warning %s was already gone", warning.id)

    async def _wrap(self) -> None:
        parent, thread = self._webhook_channels()
        webhook = await self.tools.webhooks.channel_webhook(parent)
        files = await self._spoiler_files()
        await self.message.delete()
        try:
            await self._repost(webhook, thread, files)
        except discord.NotFound:
            # Someone deleted the webhook since it was cached: make a new one, once. (Making it
            # stays outside the fallback below: a 403 there is a refusal to remember and report.)
            self.tools.webhooks.forget(parent.id)
            fresh = await self.tools.webhooks.channel_webhook(parent)
            if not await self._repost_or_return_text(fresh, thread, files):
                return
        except discord.HTTPException:
            await self._return_text()
            return
        # The author can't edit a repost: they get their text back with a word of why.
        await self._dm_text(render.wrapped_dm_text(self.message.channel.id))

    def _webhook_channels(self) -> tuple[Any, discord.Thread | None]:
        """(the channel that owns the webhook, the thread to post in or None)."""
        channel = self.message.channel
        thread = channel if isinstance(channel, discord.Thread) else None
        parent = thread.parent if thread else channel
        if not isinstance(parent, discord.TextChannel | discord.ForumChannel):
            raise CannotAct("this kind of channel has no webhooks")
        return parent, thread

    async def _repost_or_return_text(
        self,
        webhook: discord.Webhook,
        thread: discord.Thread | None,
        files: list[tuple[str, bytes]],
    ) -> bool:
        try:
            await self._repost(webhook, thread, files)
        except discord.HTTPException:
            await self._return_text()
            return False
        return True

    async def _return_text(self) -> None:
        # The original is gone: make sure the author still has their text.
        log.exception("Repost failed after deleting message %s", self.message.id)
        await self._dm_text(self._removed_header())

    async def _spoiler_files(self) -> list[tuple[str, bytes]]:
        """Every attachment's bytes, read BEFORE the original goes; one missing keeps it."""
        files = []
        for attachment in self.message.attachments:
            try:
                files.append((attachment.filename, await attachment.read()))
            except discord.HTTPException:
                raise CannotAct(f"could not fetch the attachment {attachment.filename}") from None
        return files

    async def _repost(
        self,
        webhook: discord.Webhook,
        thread: discord.Thread | None,
        files: list[tuple[str, bytes]],
    ) -> None:
        author = self.message.author
        chunks = split_message(
            self._reply_context() + wrap_spoilers(self.message.content, self.hits)
        )
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            attachments = (
                [
                    discord.File(io.BytesIO(data), filename=name, spoiler=True)
                    for name, data in files
                ]
                if last
                else []
            )
            await webhook.send(
                chunk,
                username=webhook_username(author.display_name),
                avatar_url=author.display_avatar.url,
                allowed_mentions=SAFE_MENTIONS,
                files=attachments,
                thread=thread or discord.utils.MISSING,
                wait=True,
            )

    def _reply_context(self) -> str:
        """A link back to the message the original replied to ("" if it was no reply): the
        repost cannot be a reply itself, and the conversation should still read right."""
        reference = self.message.reference
        if self.message.type is not discord.MessageType.reply or reference is None:
            return ""
        answered = reference.resolved or reference.cached_message
        name = answered.author.display_name if isinstance(answered, discord.Message) else None
        return render.reply_line(reference.jump_url, name) + "\n"

    async def _delete(self) -> None:
        await self.message.delete()
        # Told only once it is gone: a refused delete must not be announced as done.
        if not await self._dm_text(self._removed_header()):
            await self._repost_as_wrapped()

    def _removed_header(self) -> str:
        return render.deleted_dm_text(self.message.channel.id, [hit.term for hit in self.hits])

    async def _repost_as_wrapped(self) -> None:
        """The author's DMs are closed and their message is gone: it comes back wrapped, as in
        wrap mode, so that the text is not lost."""
        try:
            parent, thread = self._webhook_channels()
            webhook = await self.tools.webhooks.channel_webhook(parent)
            await self._repost(webhook, thread, [])
        except (CannotAct, discord.HTTPException):
            log.exception(
                "Message %s removed; its author's DMs are closed and no repost", self.message.id
            )

    async def _dm_text(self, header: str) -> bool:
        """`header`, then the message's own text, to its author; False if their DMs refuse."""
        try:
            await self.message.author.send(header, allowed_mentions=SAFE_MENTIONS)
            for chunk in split_message(self.message.content):
                await self.message.author.send(chunk, allowed_mentions=SAFE_MENTIONS)
        except discord.HTTPException:
            log.warning("Could not DM member %s their removed text", self.message.author.id)
            return False
        return True


class CannotAct(Exception):
    """The configured action is impossible here for a reason that isn't a 403."""
