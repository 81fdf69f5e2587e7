# The driver API takes timeouts by design: tests say how long a user would wait.
# ruff: noqa: ASYNC109
"""The driver: what tests call to act as Discord users and to look at what they see.

reply = await discord.slash("trivia start", user=discord.alice, channel=discord.quiz, rounds=3)
answer = await discord.click(reply, "Jingwen", user=discord.bob)
assert "correct" in answer.content
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from loopback_discord.interactions import CallbackType, Interaction, InteractionType
from loopback_discord.invocations import (
    CommandInvocation,
    UserCannotDoThat,
    check_can_use_command,
    interaction_payload,
    modal_submit_components,
)
from loopback_discord.mentions import apply_pings
from loopback_discord.messages import MESSAGE_TYPE_DEFAULT, MESSAGE_TYPE_REPLY
from loopback_discord.permissions import Permission, channel_permissions, send_permission
from loopback_discord.recorder import PingRecord, Violation
from loopback_discord.rest import RateLimitRule
from loopback_discord.scheduled_events import ScheduledEvent
from loopback_discord.seen import Choice, Modal, Reply, SeenMessage
from loopback_discord.state import Attachment, Channel, Guild, Message, Overwrite, Role, User

if TYPE_CHECKING:
    from loopback_discord.server import LoopbackDiscord

log = logging.getLogger(__name__)

MessageRef = SeenMessage | Reply | Message | int
UserRef = User | str
ChannelRef = Channel | str


class InteractionFailed(AssertionError):
    """What the user sees when the application does not answer in time: "The application did not respond"."""


class BotHandle(Protocol):
    """How the driver restarts or kills the bot under test; the bot's own fixture implements it."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def kill(self) -> None: ...


class Driver:
    def __init__(
        self,
        server: LoopbackDiscord,
        *,
        think_timeout: float = 10.0,
        deferred_update_wait: float = 1.0,
    ) -> None:
        self.server = server
        # How long a user watches "is thinking…" before the test gives up.
        self.think_timeout = think_timeout
        self.deferred_update_wait = deferred_update_wait
        self.bot_handle: BotHandle | None = None
        self._watermark = 0
        world = server.world
        self.guild = world.guild
        self.alice, self.bob, self.mod, self.owner = world.alice, world.bob, world.mod, world.owner
        self.general, self.spoilers, self.quiz = world.general, world.spoilers, world.quiz
        self.general_thread = world.general_thread
        self.bot_user = server.state.bot

    # -- people and places --------------------------------------------------------------------

    def user(self, name: UserRef) -> User:
        return name if isinstance(name, User) else self.server.state.find_user(name)

    def channel(self, name: ChannelRef) -> Channel:
        return name if isinstance(name, Channel) else self.server.state.find_channel(name)

    def role(self, name: str) -> Role:
        for role in self.guild.roles.values():
            if role.name == name:
                return role
        raise KeyError(f"no role named {name!r}")

    def add_role(self, name: str, permissions: int = 0, *, position: int | None = None) -> Role:
        """A new role of the standard guild: on top of all (above the bot's) unless
        `position` puts it lower; the roles it passes move up, as in Discord's role list."""
        before = {r.id: r.position for r in self.guild.roles.values()}
        role = self.server.state.add_role(self.guild, name, permissions, position=position)
        self.server.events.role_created(self.guild, role)
        for other in self.guild.roles.values():
            if other.id in before and other.position != before[other.id]:
                self.server.events.role_updated(self.guild, other)
        return role

    def scheduled_events(self) -> list[ScheduledEvent]:
        """The standard guild's scheduled events that were not deleted, oldest first."""
        return self.server.state.guild_events(self.guild)

    def delete_scheduled_event(self, event: ScheduledEvent) -> None:
        """A moderator deletes the event in Discord's own interface."""
        event.deleted = True
        self.server.events.scheduled_event_deleted(event)

    def mark_interested(self, user: UserRef, event: ScheduledEvent) -> None:
        """`user` presses "Interested" on the event (counted in `user_count`)."""
        who = self.user(user)
        if who.id not in event.interested:
            event.interested.add(who.id)
            self.server.events.scheduled_event_user(event, who.id, added=True)

    def has_role(self, user: UserRef, role: Role) -> bool:
        return role.id in self.guild.members[self.user(user).id].role_ids

    def add_user(self, username: str, *, roles: list[Role] | None = None) -> User:
        """A new member of the standard guild (role Members unless `roles` says otherwise)."""
        user = self.server.state.add_user(username, global_name=username.title())
        member = self.server.state.add_member(
            self.guild, user, roles if roles is not None else [self.server.world.members_role]
        )
        self.server.events.member_added(self.guild, member)
        return user

    def add_guild(self, name: str, *, members: list[User] | None = None) -> Channel:
        """Another guild with the bot in it (with the standard guild's permissions for the
        bot, @everyone and Members), its owner, `members` and one text channel, #general, which is returned. Add guilds before
        the bot connects (no GUILD_CREATE is sent for a later one). Each new guild's id is a
        millisecond later than the last one's, so guilds made one after another fall on
        shards in turn, `(id >> 22) % num_shards` going up by one each time."""
        state, world = self.server.state, self.server.world
        self.server.clock.advance(0.001)
        owner = state.add_user(f"{name.lower().replace(' ', '-')}-owner")
        guild = state.add_guild(name, owner)
        # @everyone as in the standard guild (View Channel, Read Message History, Use
        # Application Commands), so members can use the bot there.
        guild.roles[guild.id].permissions = self.guild.roles[self.guild.id].permissions
        member_role = state.add_role(guild, "Members", world.members_role.permissions)
        bot_role = state.add_role(
            guild, state.application_name, world.bot_role.permissions, managed=True
        )
        state.add_member(guild, state.bot, [bot_role])
        guild.members[owner.id].role_ids.append(member_role.id)
        for user in members or []:
            state.add_member(guild, user, [member_role])
        return state.add_text_channel(guild, "general")

    def add_channel(self, name: str) -> Channel:
        channel = self.server.state.add_text_channel(self.guild, name)
        self.server.events.channel_created(channel)
        return channel

    def add_voice_channel(self, name: str) -> Channel:
        channel = self.server.state.add_voice_channel(self.guild, name)
        self.server.events.channel_created(channel)
        return channel

    def add_thread(self, parent: ChannelRef, name: str, *, owner: UserRef | None = None) -> Channel:
        thread = self.server.state.add_thread(
            self.channel(parent), name, owner=self.user(owner or self.alice)
        )
        self.server.events.channel_created(thread)
        return thread

    def delete_channel(self, channel: ChannelRef) -> None:
        self.server.delete_channel(self.channel(channel))

    # -- the bot's lifecycle ------------------------------------------------------------------

    def attach_bot(self, handle: BotHandle) -> None:
        self.bot_handle = handle

    async def wait_until_ready(self, timeout: float = 10.0, *, identifies: int = 1) -> None:
        """Until the bot has identified `identifies` times in total and holds a live connection."""
        gateway = self.server.gateway
        await gateway.wait_until(
            lambda: (
                gateway.identify_count >= identifies
                and gateway.connected
                and gateway.ready.is_set()
            ),
            timeout,
        )

    async def restart_bot(self, timeout: float = 20.0) -> None:
        handle = self._handle()
        before = self.server.gateway.identify_count
        await handle.stop()
        await handle.start()
        await self.wait_until_ready(timeout, identifies=before + 1)

    async def kill_bot(self) -> None:
        """SIGKILL the bot (through the handle): no goodbye, the gateway just drops."""
        await self._handle().kill()

    async def start_bot(self, timeout: float = 20.0) -> None:
        before = self.server.gateway.identify_count
        await self._handle().start()
        await self.wait_until_ready(timeout, identifies=before + 1)

    def _handle(self) -> BotHandle:
        if self.bot_handle is None:
            raise RuntimeError(
                "no bot handle attached: call discord.attach_bot(handle) in the bot's fixture"
            )
        return self.bot_handle

    # -- gateway tricks -----------------------------------------------------------------------

    def drop_gateway(self) -> None:
        """Cut the bot's TCP connection; discord.py should RESUME (no new IDENTIFY)."""
        self.server.gateway.drop_connection()

    def invalidate_session(self) -> None:
        """Gateway op 9 (not resumable): the bot must IDENTIFY again."""
        self.server.gateway.invalidate_session()

    def send_reconnect(self) -> None:
        """Gateway op 7: the bot should reconnect and RESUME."""
        self.server.gateway.send_reconnect()

    @property
    def identify_count(self) -> int:
        return self.server.gateway.identify_count

    @property
    def identify_refused(self) -> int:
        """IDENTIFYs answered with op 9 because their bucket identified less than 5 s before."""
        return self.server.gateway.identify_refused

    @property
    def resume_count(self) -> int:
        return self.server.gateway.resume_count

    async def wait_for_resume(self, count: int = 1, timeout: float = 10.0) -> None:
        gateway = self.server.gateway
        await gateway.wait_until(
            lambda: gateway.resume_count >= count and gateway.connected, timeout
        )

    # -- time ---------------------------------------------------------------------------------

    def advance_time(self, seconds: float) -> None:
        """Move the emulated clock forward (expires interaction tokens after 15 minutes)."""
        self.server.clock.advance(seconds)

    # -- permissions and roles ----------------------------------------------------------------

    def set_bot_permissions(self, permissions: int) -> None:
        """Replace the permissions of the bot's role (effective = @everyone | this role)."""
        self.set_role_permissions(self.server.world.bot_role, permissions)

    def set_role_permissions(self, role: Role, permissions: int) -> None:
        role.permissions = int(permissions)
        self.server.events.role_updated(self.guild, role)

    def set_roles(self, user: UserRef, *roles: Role) -> None:
        member = self.guild.members[self.user(user).id]
        member.role_ids = [role.id for role in roles]
        self.server.events.member_updated(self.guild, member)

    def set_overwrite(
        self, channel: ChannelRef, target: User | Role, *, allow: int = 0, deny: int = 0
    ) -> None:
        """Set a channel permission overwrite for a role or a member (the bot included)."""
        channel = self.channel(channel)
        kind = 1 if isinstance(target, User) else 0
        channel.overwrites[target.id] = Overwrite(
            id=target.id, type=kind, allow=int(allow), deny=int(deny)
        )
        self.server.events.channel_updated(channel)

    def permissions_of(self, user: UserRef, channel: ChannelRef) -> Permission:
        return channel_permissions(
            self.guild, self.guild.members[self.user(user).id], self.channel(channel)
        )

    # -- strictness results -------------------------------------------------------------------

    @property
    def violations(self) -> list[Violation]:
        return self.server.recorder.violations

    def take_violations(self) -> list[Violation]:
        """Claim the violations so far (for tests that provoke them on purpose)."""
        return self.server.recorder.take_violations()

    def take_pings(self) -> list[PingRecord]:
        """Claim the record of who the application's messages pinged so far (for tests that make
        it ping @everyone or a role on purpose, which the pytest plugin otherwise fails)."""
        return self.server.recorder.take_pings()

    def rate_limit(
        self,
        route_pattern: str,
        *,
        retry_after: float = 1.0,
        times: int = 1,
        is_global: bool = False,
    ) -> None:
        """Answer the next `times` matching requests with 429. Pattern: "POST /channels/{channel_id}/messages",
        a template, or a glob on the path ("POST /channels/*/messages")."""
        self.server.rest.rate_limits.append(
            RateLimitRule(route_pattern, retry_after, times, is_global)
        )

    def commands(self, guild: Guild | bool | None = None) -> list[dict[str, Any]]:
        """Synced commands (JSON as stored): global ones by default, a guild's with `guild=`
        (`True` for the standard guild)."""
        if isinstance(guild, Guild):
            return self.server.commands.commands(guild.id)
        return self.server.commands.commands(self.guild.id if guild else None)

    async def wait_for_commands(self, timeout: float = 10.0) -> list[dict[str, Any]]:
        async with asyncio.timeout(timeout):
            while not (
                self.server.commands.global_commands
                or self.server.commands.guild_commands.get(self.guild.id)
            ):
                await self.server.commands.wait_for_change(timeout)
        return self.commands() or self.commands(guild=True)

    # -- slash commands, autocomplete ---------------------------------------------------------

    async def slash(
        self,
        command: str,
        *,
        user: UserRef,
        channel: ChannelRef | None = None,
        options: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Reply:
        """Run `/command [subcommand] option=value…` as `user` in `channel` (default #general)."""
        who, where = self.user(user), self.channel(channel or self.general)
        name, *path = command.strip().lstrip("/").split()
        synced = await self._synced_command(name, where)
        check_can_use_command(self.server, synced, who, where)
        data = CommandInvocation(self.server, where).data(
            synced, path, {**(options or {}), **kwargs}
        )
        interaction = self._start(InteractionType.APPLICATION_COMMAND, who, where, data)
        return await self._reply(interaction)

    async def autocomplete(
        self,
        command: str,
        option: str,
        typed: str,
        *,
        user: UserRef,
        channel: ChannelRef | None = None,
        **others: Any,
    ) -> list[Choice]:
        """What the suggestion list shows while `user` types `typed` into `option`."""
        who, where = self.user(user), self.channel(channel or self.general)
        name, *path = command.strip().lstrip("/").split()
        synced = await self._synced_command(name, where)
        data = CommandInvocation(self.server, where).data(
            synced, path, {**others, option: typed}, focused=option
        )
        interaction = self._start(InteractionType.AUTOCOMPLETE, who, where, data)
        await self._await_first_response(interaction)
        return [Choice(c["name"], c["value"]) for c in interaction.choices or []]

    async def _synced_command(
        self, name: str, channel: Channel, timeout: float = 10.0
    ) -> dict[str, Any]:
        """The command as synced; waits for a sync in progress, then says what is there."""
        registry = self.server.commands
        try:
            async with asyncio.timeout(timeout):
                while (found := registry.resolve(name, channel.guild_id)) is None:
                    await registry.wait_for_change(timeout)
        except TimeoutError:
            synced = sorted(c["name"] for c in self.commands() + self.commands(guild=True))
            state = "connected" if self.server.gateway.connected else "NOT connected"
            raise UserCannotDoThat(
                f"/{name} is not a synced command (synced: {synced}; the bot is {state})"
            ) from None
        return found

    # -- components and modals ----------------------------------------------------------------

    async def click(self, message: MessageRef, label: str, *, user: UserRef) -> Reply:
        """`user` clicks the button labelled `label` on `message`; returns what the clicker sees."""
        who = self.user(user)
        current = self._visible_message(message, who)
        seen = SeenMessage.of(self.server.state, current)
        button = seen.button(label)
        if button.disabled:
            raise UserCannotDoThat(f"button {label!r} is disabled")
        if button.custom_id is None:
            raise UserCannotDoThat(f"button {label!r} is a link")
        data = {"custom_id": button.custom_id, "component_type": 2}
        return await self._component(who, current, data)

    async def click_custom_id(self, message: MessageRef, custom_id: str, *, user: UserRef) -> Reply:
        """`user` clicks the button whose custom_id is `custom_id`: for a client that knows the
        button itself (labels repeat, and emoji-only buttons have none)."""
        who = self.user(user)
        current = self._visible_message(message, who)
        buttons = SeenMessage.of(self.server.state, current).buttons
        button = next((b for b in buttons if b.custom_id == custom_id), None)
        if button is None:
            raise UserCannotDoThat("that button is gone")
        if button.disabled:
            raise UserCannotDoThat(f"the button {button.label!r} is disabled")
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._component(who, current, data)

    async def select(
        self, message: MessageRef, values: list[str], *, user: UserRef, custom_id: str | None = None
    ) -> Reply:
        """`user` picks `values` in the (first, or `custom_id`) select menu of `message`."""
        who = self.user(user)
        current = self._visible_message(message, who)
        menus = SeenMessage.of(self.server.state, current).selects
        menu = next((m for m in menus if custom_id in (None, m.custom_id)), None)
        if menu is None or menu.disabled:
            raise UserCannotDoThat("no usable select menu on that message")
        data = {"custom_id": menu.custom_id, "component_type": menu.type, "values": list(values)}
        return await self._component(who, current, data)

    async def _component(self, who: User, message: Message, data: dict[str, Any]) -> Reply:
        channel = self.server.state.channels[message.channel_id]
        interaction = self._start(
            InteractionType.MESSAGE_COMPONENT, who, channel, data, source_message_id=message.id
        )
        return await self._reply(interaction)

    async def submit_modal(
        self,
        opened: Reply | Modal,
        values: dict[str, str] | None = None,
        *,
        user: UserRef,
        **by_name: str,
    ) -> Reply:
        """Fill the modal (fields by label or custom_id) and press Submit."""
        modal = opened.modal if isinstance(opened, Reply) else opened
        if modal is None:
            raise UserCannotDoThat("that reply did not open a modal")
        typed = self._modal_values(modal, {**(values or {}), **by_name})
        origin = (
            self.server.interactions.get(opened.interaction_id)
            if isinstance(opened, Reply)
            else None
        )
        channel = origin.channel if origin else self.general
        source = origin.source_message_id if origin else None
        data = {
            "custom_id": modal.custom_id,
            "components": modal_submit_components(modal.raw, typed),
        }
        interaction = self._start(
            InteractionType.MODAL_SUBMIT, self.user(user), channel, data, source_message_id=source
        )
        return await self._reply(interaction)

    @staticmethod
    def _modal_values(modal: Modal, given: dict[str, str]) -> dict[str, str]:
        typed = {modal.field(key).custom_id: value for key, value in given.items()}
        for text_field in modal.fields:
            value = typed.get(text_field.custom_id, "")
            if text_field.required and not value:
                raise UserCannotDoThat(
                    f"modal field {text_field.label or text_field.custom_id!r} is required"
                )
            if text_field.max_length is not None and len(value) > text_field.max_length:
                raise UserCannotDoThat(
                    f"modal field {text_field.label!r} takes {text_field.max_length} characters at most"
                )
        return typed

    # -- the interaction round trip -----------------------------------------------------------

    def _start(
        self, kind: int, who: User, channel: Channel, data: dict[str, Any], **extra: Any
    ) -> Interaction:
        self._mark_action()
        interaction = self.server.interactions.create(
            self.server.state.ids.next(), kind, who, channel, data, **extra
        )
        self.server.events.interaction_created(interaction_payload(self.server, interaction))
        return interaction

    async def _await_first_response(self, interaction: Interaction) -> None:
        clock = self.server.clock
        while not interaction.responded:
            if not await interaction.wait_for_change(
                interaction.changes, clock, interaction.deadline()
            ):
                interaction.timed_out = True
                raise InteractionFailed(
                    f"The application did not respond (no answer within 3 s to interaction {interaction.id})"
                )
        if interaction.timed_out:
            raise InteractionFailed("The application did not respond")

    async def _reply(self, interaction: Interaction) -> Reply:
        await self._await_first_response(interaction)
        kind = interaction.response_type
        if kind == CallbackType.MODAL:
            return Reply("modal", interaction.id, modal=Modal.from_payload(interaction.modal or {}))
        if kind == CallbackType.DEFERRED_CHANNEL_MESSAGE:
            await self._await_thinking_done(interaction)
        if kind in (CallbackType.DEFERRED_UPDATE_MESSAGE, CallbackType.UPDATE_MESSAGE):
            return await self._update_reply(interaction)
        return Reply("message", interaction.id, message=self._seen(interaction.original_message_id))

    async def _await_thinking_done(self, interaction: Interaction) -> None:
        deadline = self.server.clock.monotonic() + self.think_timeout
        while interaction.loading:
            if not await interaction.wait_for_change(
                interaction.changes, self.server.clock, deadline
            ):
                raise InteractionFailed(
                    f"the application was still thinking after {self.think_timeout} s"
                )

    async def _update_reply(self, interaction: Interaction) -> Reply:
        if interaction.response_type == CallbackType.DEFERRED_UPDATE_MESSAGE:
            deadline = self.server.clock.monotonic() + self.deferred_update_wait
            await interaction.wait_for_change(interaction.changes, self.server.clock, deadline)
        if interaction.followup_ids:
            return Reply(
                "message", interaction.id, message=self._seen(interaction.followup_ids[-1])
            )
        return Reply("update", interaction.id, message=self._seen(interaction.source_message_id))

    def _seen(self, message_id: int | None) -> SeenMessage | None:
        message = self.server.state.messages.get(message_id or 0)
        return None if message is None else SeenMessage.of(self.server.state, message)

    # -- chatting -----------------------------------------------------------------------------

    async def say(
        self,
        channel: ChannelRef,
        content: str,
        *,
        user: UserRef,
        files: dict[str, bytes] | None = None,
        reply_to: MessageRef | None = None,
    ) -> SeenMessage:
        """`user` posts `content` (and optional files) in `channel`: the bot gets MESSAGE_CREATE."""
        who, where = self.user(user), self.channel(channel)
        self._check_can_send(who, where)
        reference = self._reply_target(reply_to, who, where)
        self._mark_action()
        state = self.server.state
        message = state.add_message(
            where,
            who,
            content,
            reference_id=reference,
            type=MESSAGE_TYPE_DEFAULT if reference is None else MESSAGE_TYPE_REPLY,
        )
        message.attachments = [
            Attachment(id=state.ids.next(), filename=n, size=len(d), content_type=None, data=d)
            for n, d in (files or {}).items()
        ]
        return self._deliver(message, where)

    def _reply_target(self, reply_to: MessageRef | None, who: User, channel: Channel) -> int | None:
        """The id a reply answers: the client offers Reply only on a message shown in the
        channel being written in (REST refuses the same with MESSAGE_REFERENCE_UNKNOWN_MESSAGE)."""
        if reply_to is None:
            return None
        answered = self._visible_message(reply_to, who)
        if answered.channel_id != channel.id:
            raise UserCannotDoThat(
                f"{who.username} cannot reply in #{channel.name} to that message"
            )
        return answered.id

    async def dm(self, user: UserRef, content: str) -> SeenMessage:
        """`user` writes to the bot in DMs."""
        who = self.user(user)
        self._mark_action()
        channel = self.server.state.dm_channel(who)
        return self._deliver(self.server.state.add_message(channel, who, content), channel)

    def _deliver(self, message: Message, channel: Channel) -> SeenMessage:
        """A person's new message reaches the bot (MESSAGE_CREATE) and the driver's waiters."""
        apply_pings(self.server.state, message, channel, None)  # a client sends no allowed_mentions
        self.server.events.message_created(message)
        self.server.changed.fire()
        return SeenMessage.of(self.server.state, message)

    async def edit(self, message: MessageRef, content: str, *, user: UserRef) -> SeenMessage:
        """`user` edits their own message: the bot gets MESSAGE_UPDATE."""
        who, current = self.user(user), self._message(message)
        if current.author.id != who.id:
            raise UserCannotDoThat(f"{who.username} cannot edit someone else's message")
        self._mark_action()
        current.content = content
        apply_pings(
            self.server.state, current, self.server.state.channels[current.channel_id], None
        )
        current.edited_at = self.server.clock.iso_now()
        current.edit_count += 1
        self.server.events.message_updated(current)
        self.server.changed.fire()
        return SeenMessage.of(self.server.state, current)

    async def delete(self, message: MessageRef, *, user: UserRef) -> None:
        who, current = self.user(user), self._message(message)
        channel = self.server.state.channels[current.channel_id]
        if (
            current.author.id != who.id
            and not self.permissions_of(who, channel) & Permission.MANAGE_MESSAGES
        ):
            raise UserCannotDoThat(f"{who.username} cannot delete that message")
        self._mark_action()
        self.server.messages.delete(current)

    def can_send(self, user: UserRef, channel: ChannelRef) -> bool:
        """Whether `user` may post in `channel` (its threads need Send Messages in Threads)."""
        where = self.channel(channel)
        return bool(self.permissions_of(user, where) & send_permission(where))

    def _check_can_send(self, who: User, channel: Channel) -> None:
        if not self.can_send(who, channel):
            raise UserCannotDoThat(f"{who.username} cannot send messages in #{channel.name}")

    # -- looking ------------------------------------------------------------------------------

    def history(self, channel: ChannelRef, *, include_deleted: bool = False) -> list[SeenMessage]:
        """Every non-ephemeral message in `channel`, oldest first (webhook posts included)."""
        messages = self.server.state.channel_messages(
            self.channel(channel), include_deleted=include_deleted
        )
        return [SeenMessage.of(self.server.state, m) for m in messages]

    def last_message(self, channel: ChannelRef) -> SeenMessage | None:
        messages = self.history(channel)
        return messages[-1] if messages else None

    def refresh(self, message: MessageRef) -> SeenMessage:
        """The message as it looks now."""
        return SeenMessage.of(self.server.state, self._message(message))

    def dms(self, user: UserRef) -> list[SeenMessage]:
        """The DM conversation between the bot and `user`, oldest first."""
        return self.history(self.server.state.dm_channel(self.user(user)))

    def ephemerals(self, user: UserRef) -> list[SeenMessage]:
        """Every ephemeral message only `user` can see, oldest first."""
        who = self.user(user)
        mine = sorted(
            (m for m in self.server.state.messages.values() if m.ephemeral_for == who.id),
            key=lambda m: m.id,
        )
        return [SeenMessage.of(self.server.state, m) for m in mine]

    async def wait_for_message(
        self,
        channel: ChannelRef,
        predicate: Callable[[SeenMessage], bool] | None = None,
        *,
        timeout: float = 5.0,
        after: MessageRef | None = None,
    ) -> SeenMessage:
        """The first message in `channel` newer than the last driver action (or `after`) that matches."""
        where = self.channel(channel)
        floor = self._message_id(after) if after is not None else self._watermark
        async with asyncio.timeout(timeout):
            while True:
                for seen in self.history(where):
                    if seen.id > floor and (predicate is None or predicate(seen)):
                        return seen
                await self.server.changed.wait(timeout)

    async def wait_until(self, condition: Callable[[], bool], *, timeout: float = 5.0) -> None:
        """Until `condition()` holds; re-checked after every message change."""
        async with asyncio.timeout(timeout):
            while not condition():
                await self.server.changed.wait(0.05)

    async def settle(self, quiet: float = 0.05, *, timeout: float = 10.0) -> None:
        """Until no message changed for `quiet` seconds: the bot has done what it was going to do.
        A bot that never stops changing messages fails the test after `timeout` seconds."""
        async with asyncio.timeout(timeout):
            while await self.server.changed.wait(quiet):
                pass

    # -- references ---------------------------------------------------------------------------

    def _mark_action(self) -> None:
        # wait_for_message looks only at messages newer than the last thing a user did.
        self._watermark = self.server.state.ids.last

    def _message_id(self, ref: MessageRef | None) -> int:
        if isinstance(ref, int):
            return ref
        if isinstance(ref, Message | SeenMessage | Reply):
            return ref.id
        raise TypeError(f"not a message: {ref!r}")

    def _message(self, ref: MessageRef) -> Message:
        message = self.server.state.messages.get(self._message_id(ref))
        if message is None:
            raise LookupError(f"no message {ref!r}")
        return message

    def _visible_message(self, ref: MessageRef, who: User) -> Message:
        message = self._message(ref)
        if message.deleted:
            raise UserCannotDoThat("that message was deleted")
        if message.ephemeral_for is not None and message.ephemeral_for != who.id:
            raise UserCannotDoThat(f"{who.username} cannot see someone else's ephemeral message")
        return message
