"""The world the loopback Discord holds: users, guilds, channels, messages, webhooks, commands.

Plain data only. REST handlers and the driver change it through `DiscordState` methods;
turning it into Discord JSON lives in `payloads.py`.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field
from typing import Any

from loopback_discord.clock import EmulatedClock
from loopback_discord.scheduled_events import ScheduledEvent

DISCORD_EPOCH_MS = 1420070400000
# The application's name unless the server is given one: neutral, so that nothing looks like a
# particular bot's.
DEFAULT_BOT_NAME = "Bot"


def snowflake_time(snowflake: int) -> float:
    """Unix seconds at which a snowflake was made (on the emulated clock)."""
    return ((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000


class ChannelType:
    GUILD_TEXT = 0
    DM = 1
    GUILD_VOICE = 2
    PUBLIC_THREAD = 11
    PRIVATE_THREAD = 12
    THREADS = (PUBLIC_THREAD, PRIVATE_THREAD)


def bot_token(user_id: int) -> str:
    """A token shaped like Discord's (base64 id, timestamp, HMAC), so bots that check the
    shape of their token accept it."""
    encoded_id = base64.urlsafe_b64encode(str(user_id).encode()).decode().rstrip("=")
    return f"{encoded_id}.{secrets.token_urlsafe(4)}.{secrets.token_urlsafe(27)}"


class SnowflakeFactory:
    """Strictly increasing snowflakes stamped with the emulated time."""

    def __init__(self, clock: EmulatedClock) -> None:
        self._clock = clock
        self._last = 0

    def next(self) -> int:
        stamped = (int(self._clock.now() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(stamped, self._last + 1)
        return self._last

    @property
    def last(self) -> int:
        return self._last

    def skip_past(self, used: int) -> None:
        """Hand out only ids above `used` from now on (ids restored from a saved world)."""
        self._last = max(self._last, used)


@dataclass
class User:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    avatar: str | None = None
    # "Allow direct messages from server members" in the user's privacy settings.
    accepts_dms: bool = True

    @property
    def display_name(self) -> str:
        return self.global_name or self.username


@dataclass
class Role:
    id: int
    name: str
    permissions: int
    position: int
    color: int = 0
    managed: bool = False
    mentionable: bool = False  # anyone may ping it; otherwise only senders with Mention Everyone


@dataclass
class Member:
    user: User
    role_ids: list[int]
    joined_at: str
    nick: str | None = None


@dataclass
class Overwrite:
    id: int
    type: int  # 0 = role, 1 = member
    allow: int = 0
    deny: int = 0


@dataclass
class Channel:
    id: int
    type: int
    name: str
    guild_id: int | None = None
    parent: Channel | None = None
    position: int = 0
    topic: str | None = None
    overwrites: dict[int, Overwrite] = field(default_factory=dict)
    owner_id: int | None = None
    recipient: User | None = None  # DMs only
    archived: bool = False
    deleted: bool = False
    last_message_id: int | None = None

    @property
    def is_thread(self) -> bool:
        return self.type in ChannelType.THREADS

    @property
    def is_dm(self) -> bool:
        return self.type == ChannelType.DM

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"


@dataclass
class Attachment:
    id: int
    filename: str
    size: int
    content_type: str | None
    data: bytes = b""
    description: str | None = None

    @property
    def is_spoiler(self) -> bool:
        return self.filename.startswith("SPOILER_")


@dataclass(frozen=True)
class Pings:
    """Who a message notifies: @everyone/@here, roles by id, users by id."""

    everyone: bool = False  # @everyone or @here
    roles: frozenset[int] = frozenset()
    users: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return self.everyone or bool(self.roles) or bool(self.users)

    @property
    def mass(self) -> bool:
        """@everyone, @here or a role: many people pinged at once."""
        return self.everyone or bool(self.roles)

    def describe(self) -> str:
        parts = ["@everyone/@here"] if self.everyone else []
        parts += [f"role {role_id}" for role_id in sorted(self.roles)]
        parts += [f"user {user_id}" for user_id in sorted(self.users)]
        return ", ".join(parts) or "no one"


@dataclass
class Message:
    id: int
    channel_id: int
    guild_id: int | None
    author: User
    content: str
    created_at: str
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    flags: int = 0
    type: int = 0
    edited_at: str | None = None
    deleted: bool = False
    webhook_id: int | None = None
    # Webhook posts show the username/avatar given at execution time, not the webhook's.
    author_name_override: str | None = None
    author_avatar_override: str | None = None
    interaction_id: int | None = None
    ephemeral_for: int | None = None  # user id that alone can see this message
    reference_id: int | None = None
    tts: bool = False
    pinned: bool = False
    reactions: dict[str, set[int]] = field(default_factory=dict)
    edit_count: int = 0
    # Who Discord notified (see mentions.py); set for every message made through REST or the driver.
    pinged: Pings = field(default_factory=Pings)

    @property
    def is_ephemeral(self) -> bool:
        return self.ephemeral_for is not None

    @property
    def by_channel_webhook(self) -> bool:
        """Posted by executing a channel webhook. Interaction replies carry the application's
        webhook id too, but Discord shows and treats them as the bot's own messages."""
        return self.webhook_id is not None and self.interaction_id is None


@dataclass
class Webhook:
    id: int
    token: str
    channel_id: int
    guild_id: int
    name: str
    creator: User
    avatar: str | None = None
    deleted: bool = False


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)

    @property
    def everyone_role(self) -> Role:
        return self.roles[self.id]


class DiscordState:
    """Every object of the emulated Discord, indexed by id."""

    def __init__(self, clock: EmulatedClock, *, bot_name: str = DEFAULT_BOT_NAME) -> None:
        self.clock = clock
        self.ids = SnowflakeFactory(clock)
        self.users: dict[int, User] = {}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.webhooks: dict[int, Webhook] = {}
        self.scheduled_events: dict[int, ScheduledEvent] = {}
        self.bot = self.add_user(bot_name.lower(), global_name=bot_name, bot=True)
        self.application_id = self.bot.id
        self.application_name = bot_name
        self.token = bot_token(self.bot.id)

    # -- creation ---------------------------------------------------------------------------

    def add_user(self, username: str, *, global_name: str | None = None, bot: bool = False) -> User:
        user = User(id=self.ids.next(), username=username, global_name=global_name, bot=bot)
        self.users[user.id] = user
        return user

    def add_guild(self, name: str, owner: User) -> Guild:
        guild = Guild(id=self.ids.next(), name=name, owner_id=owner.id)
        guild.roles[guild.id] = Role(id=guild.id, name="@everyone", permissions=0, position=0)
        self.guilds[guild.id] = guild
        self.add_member(guild, owner)
        return guild

    def add_role(
        self,
        guild: Guild,
        name: str,
        permissions: int,
        *,
        managed: bool = False,
        position: int | None = None,
    ) -> Role:
        """A new role, on top unless `position` is given (the roles from there up move one up)."""
        if position is None:
            position = max(role.position for role in guild.roles.values()) + 1
        else:
            for other in guild.roles.values():
                if other.position >= position and other.id != guild.id:
                    other.position += 1
        role = Role(
            id=self.ids.next(),
            name=name,
            permissions=int(permissions),
            position=position,
            managed=managed,
        )
        guild.roles[role.id] = role
        return role

    def add_member(self, guild: Guild, user: User, roles: list[Role] | None = None) -> Member:
        member = Member(
            user=user, role_ids=[r.id for r in roles or []], joined_at=self.clock.iso_now()
        )
        guild.members[user.id] = member
        return member

    def add_text_channel(self, guild: Guild, name: str, *, topic: str | None = None) -> Channel:
        position = len([c for c in self.guild_channels(guild) if not c.is_thread])
        channel = Channel(
            id=self.ids.next(),
            type=ChannelType.GUILD_TEXT,
            name=name,
            guild_id=guild.id,
            position=position,
            topic=topic,
        )
        return self._register_channel(guild, channel)

    def add_voice_channel(self, guild: Guild, name: str) -> Channel:
        """A voice channel (with its text chat, as Discord's have): scheduled VOICE events
        take place in one."""
        position = len([c for c in self.guild_channels(guild) if not c.is_thread])
        channel = Channel(
            id=self.ids.next(),
            type=ChannelType.GUILD_VOICE,
            name=name,
            guild_id=guild.id,
            position=position,
        )
        return self._register_channel(guild, channel)

    def add_thread(
        self,
        parent: Channel,
        name: str,
        *,
        owner: User,
        private: bool = False,
        thread_id: int | None = None,
    ) -> Channel:
        """A thread of `parent`; one started from a message takes that message's id, as on
        Discord."""
        kind = ChannelType.PRIVATE_THREAD if private else ChannelType.PUBLIC_THREAD
        thread = Channel(
            id=thread_id if thread_id is not None else self.ids.next(),
            type=kind,
            name=name,
            guild_id=parent.guild_id,
            parent=parent,
            owner_id=owner.id,
        )
        return self._register_channel(self.guilds[parent.guild_id], thread)

    def _register_channel(self, guild: Guild, channel: Channel) -> Channel:
        self.channels[channel.id] = channel
        guild.channel_ids.append(channel.id)
        return channel

    def dm_channel(self, user: User) -> Channel:
        """The bot's DM channel with `user`, opened on first use as Discord does."""
        for channel in self.channels.values():
            if channel.is_dm and channel.recipient is user:
                return channel
        channel = Channel(id=self.ids.next(), type=ChannelType.DM, name="", recipient=user)
        self.channels[channel.id] = channel
        return channel

    def add_message(self, channel: Channel, author: User, content: str, **fields: Any) -> Message:
        message = Message(
            id=self.ids.next(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            author=author,
            content=content,
            created_at=self.clock.iso_now(),
            **fields,
        )
        self.messages[message.id] = message
        if not message.is_ephemeral:
            channel.last_message_id = message.id
        return message

    def add_webhook(
        self, channel: Channel, name: str, creator: User, avatar: str | None = None
    ) -> Webhook:
        guild_id = channel.guild_id
        assert guild_id is not None, "webhooks live in guild channels"
        webhook = Webhook(
            id=self.ids.next(),
            token=secrets.token_urlsafe(48),
            channel_id=channel.id,
            guild_id=guild_id,
            name=name,
            creator=creator,
            avatar=avatar,
        )
        self.webhooks[webhook.id] = webhook
        return webhook

    # -- lookup -----------------------------------------------------------------------------

    def guild_channels(self, guild: Guild) -> list[Channel]:
        return [self.channels[cid] for cid in guild.channel_ids if not self.channels[cid].deleted]

    def guild_events(self, guild: Guild) -> list[ScheduledEvent]:
        """The guild's scheduled events not deleted, in creation order."""
        return [
            e for e in self.scheduled_events.values() if e.guild_id == guild.id and not e.deleted
        ]

    def guild_of(self, channel: Channel) -> Guild | None:
        return self.guilds.get(channel.guild_id) if channel.guild_id is not None else None

    def channel_messages(self, channel: Channel, *, include_deleted: bool = False) -> list[Message]:
        return sorted(
            (
                m
                for m in self.messages.values()
                if m.channel_id == channel.id
                and not m.is_ephemeral
                and (include_deleted or not m.deleted)
            ),
            key=lambda m: m.id,
        )

    def find_channel(self, name: str) -> Channel:
        """A channel or thread by name (with or without the leading '#')."""
        wanted = name.removeprefix("#")
        for channel in self.channels.values():
            if channel.name == wanted and not channel.deleted:
                return channel
        raise KeyError(f"no channel named {name!r}")

    def find_user(self, name: str) -> User:
        for user in self.users.values():
            if user.username == name:
                return user
        raise KeyError(f"no user named {name!r}")
