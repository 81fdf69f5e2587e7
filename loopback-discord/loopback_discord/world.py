"""The standard guild every end-to-end test starts from."""

from __future__ import annotations

from dataclasses import dataclass

from loopback_discord.permissions import (
    DEFAULT_BOT_PERMISSIONS,
    EVERYONE_PERMISSIONS,
    MEMBER_PERMISSIONS,
    MODERATOR_PERMISSIONS,
)
from loopback_discord.state import Channel, DiscordState, Guild, Role, User


@dataclass(frozen=True)
class StandardGuild:
    """`Film Club`: #general (with the thread `general-thread`), #spoilers, #quiz;
    alice, bob and mod (role Moderators: Manage Server + Manage Messages); the server
    owner `owner`; the bot with a managed role named after the application, holding the
    invite permissions."""

    guild: Guild
    general: Channel
    spoilers: Channel
    quiz: Channel
    general_thread: Channel
    alice: User
    bob: User
    mod: User
    owner: User
    members_role: Role
    moderator_role: Role
    bot_role: Role


def build_standard_guild(
    state: DiscordState, *, bot_permissions: int = DEFAULT_BOT_PERMISSIONS
) -> StandardGuild:
    owner = state.add_user("owner", global_name="Server Owner")
    guild = state.add_guild("Film Club", owner)
    guild.everyone_role.permissions = int(EVERYONE_PERMISSIONS)
    members_role = state.add_role(guild, "Members", MEMBER_PERMISSIONS)
    moderator_role = state.add_role(guild, "Moderators", MODERATOR_PERMISSIONS)
    bot_role = state.add_role(guild, state.application_name, bot_permissions, managed=True)
    state.add_member(guild, state.bot, [bot_role])
    alice = _human(state, guild, "alice", "Alice", [members_role])
    bob = _human(state, guild, "bob", "Bob", [members_role])
    mod = _human(state, guild, "mod", "Mod", [members_role, moderator_role])
    guild.members[owner.id].role_ids.append(members_role.id)
    general = state.add_text_channel(guild, "general", topic="Talk about anything")
    spoilers = state.add_text_channel(guild, "spoilers", topic="Spoilers must be wrapped")
    quiz = state.add_text_channel(guild, "quiz", topic="Trivia")
    thread = state.add_thread(general, "general-thread", owner=alice)
    return StandardGuild(
        guild=guild,
        general=general,
        spoilers=spoilers,
        quiz=quiz,
        general_thread=thread,
        alice=alice,
        bob=bob,
        mod=mod,
        owner=owner,
        members_role=members_role,
        moderator_role=moderator_role,
        bot_role=bot_role,
    )


def _human(
    state: DiscordState, guild: Guild, username: str, display: str, roles: list[Role]
) -> User:
    user = state.add_user(username, global_name=display)
    state.add_member(guild, user, roles)
    return user
