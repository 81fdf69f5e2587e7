"""Webhooks: channel webhooks (create, list, execute with username/avatar) and the interaction
webhooks that share their paths (`/webhooks/{application_id}/{interaction_token}`): follow-ups,
@original edits and deletes. Plus the interaction callback itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from loopback_discord.interactions import (
    ALLOWED_CALLBACKS,
    CallbackType,
    Interaction,
    InteractionType,
)
from loopback_discord.limits import Problem, check_autocomplete_choices, check_modal
from loopback_discord.messages import (
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    MESSAGE_TYPE_DEFAULT,
    ensure_visible,
)
from loopback_discord.payloads import webhook_payload
from loopback_discord.permissions import Permission
from loopback_discord.rest import (
    ApiError,
    Call,
    invalid_form,
    json_response,
    no_content,
    not_found,
    raise_if_invalid,
    require,
    route,
)
from loopback_discord.state import Message, Webhook

if TYPE_CHECKING:
    from loopback_discord.server import LoopbackDiscord

WEBHOOKS_PER_CHANNEL_MAX = 15
FORBIDDEN_WEBHOOK_NAMES = ("clyde", "discord")
MESSAGE_TYPE_CHAT_INPUT_COMMAND = 20


class WebhookRoutes:
    def __init__(self, server: LoopbackDiscord) -> None:
        self._server = server
        self._state = server.state

    # -- channel webhooks (bot token) ---------------------------------------------------------

    @route("POST /channels/{channel_id}/webhooks")
    async def create(self, call: Call) -> web.Response:
        channel = self._server.channel_or_404(call.id("channel_id"))
        if channel.is_thread or channel.is_dm:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        require(self._server, channel, Permission.MANAGE_WEBHOOKS)
        name = call.json.get("name") or ""
        raise_if_invalid(_webhook_name_problems(("name",), name))
        if len(self._channel_webhooks(channel.id)) >= WEBHOOKS_PER_CHANNEL_MAX:
            raise ApiError(400, 30007, "Maximum number of webhooks reached (15)")
        webhook = self._state.add_webhook(channel, name, self._state.bot, call.json.get("avatar"))
        self._server.events.webhooks_updated(channel)
        return json_response(webhook_payload(webhook, with_token=True))

    @route("GET /channels/{channel_id}/webhooks")
    async def list_for_channel(self, call: Call) -> web.Response:
        channel = self._server.channel_or_404(call.id("channel_id"))
        require(self._server, channel, Permission.MANAGE_WEBHOOKS)
        return json_response(
            [webhook_payload(w, with_token=True) for w in self._channel_webhooks(channel.id)]
        )

    @route("GET /guilds/{guild_id}/webhooks")
    async def list_for_guild(self, call: Call) -> web.Response:
        guild_id = call.id("guild_id")
        hooks = [
            w for w in self._state.webhooks.values() if w.guild_id == guild_id and not w.deleted
        ]
        for channel_id in {w.channel_id for w in hooks}:
            require(self._server, self._state.channels[channel_id], Permission.MANAGE_WEBHOOKS)
        return json_response([webhook_payload(w, with_token=True) for w in hooks])

    @route("GET /webhooks/{webhook_id}")
    async def get(self, call: Call) -> web.Response:
        webhook = self._webhook(call.id("webhook_id"))
        require(self._server, self._state.channels[webhook.channel_id], Permission.MANAGE_WEBHOOKS)
        return json_response(webhook_payload(webhook, with_token=True))

    @route("DELETE /webhooks/{webhook_id}")
    async def delete(self, call: Call) -> web.Response:
        webhook = self._webhook(call.id("webhook_id"))
        channel = self._state.channels[webhook.channel_id]
        require(self._server, channel, Permission.MANAGE_WEBHOOKS)
        webhook.deleted = True
        self._server.events.webhooks_updated(channel)
        return no_content()

    # -- token routes: a channel webhook or an interaction --------------------------------------

    @route("GET /webhooks/{webhook_id}/{webhook_token}")
    async def get_with_token(self, call: Call) -> web.Response:
        return json_response(webhook_payload(self._webhook_by_token(call), with_token=True))

    @route("POST /webhooks/{webhook_id}/{webhook_token}")
    async def execute(self, call: Call) -> web.Response:
        if call.id("webhook_id") == self._state.application_id:
            message = self._server.interaction_flow.follow_up(
                self._interaction(call), call.json, call.files
            )
            return json_response(self._server.message_payload(message))
        webhook = self._webhook_by_token(call)
        message = self._execute(webhook, call)
        return (
            json_response(self._server.message_payload(message))
            if call.flag("wait")
            else no_content()
        )

    @route(
        "GET /webhooks/{webhook_id}/{webhook_token}/messages/@original",
        "GET /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
    )
    async def get_message(self, call: Call) -> web.Response:
        return json_response(self._server.message_payload(self._token_message(call)))

    @route(
        "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original",
        "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
    )
    async def edit_message(self, call: Call) -> web.Response:
        message = self._token_message(call)
        self._server.messages.edit(message, call.json, call.files)
        if call.id("webhook_id") == self._state.application_id:
            interaction = self._interaction(call)
            if message.id == interaction.original_message_id:
                interaction.loading = False
            interaction.touch()
        return json_response(self._server.message_payload(message))

    @route(
        "DELETE /webhooks/{webhook_id}/{webhook_token}/messages/@original",
        "DELETE /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
    )
    async def delete_message(self, call: Call) -> web.Response:
        message = self._token_message(call)
        self._server.messages.delete(message)
        if call.id("webhook_id") == self._state.application_id:
            self._interaction(call).touch()
        return no_content()

    # -- the interaction callback ----------------------------------------------------------------

    @route("POST /interactions/{interaction_id}/{interaction_token}/callback")
    async def callback(self, call: Call) -> web.Response:
        interaction = self._server.interactions.get(call.id("interaction_id"))
        if interaction is None or interaction.token != call.params["interaction_token"]:
            raise ApiError(404, 10062, "Unknown interaction")
        result = self._server.interaction_flow.respond(interaction, call.json, call.files)
        return json_response(result) if call.flag("with_response") else no_content()

    # -- helpers ------------------------------------------------------------------------------

    def _execute(self, webhook: Webhook, call: Call) -> Message:
        body = call.json
        problems = (
            _webhook_name_problems(("username",), body["username"]) if body.get("username") else []
        )
        raise_if_invalid(problems)
        channel = self._state.channels[webhook.channel_id]
        if "thread_id" in call.query:
            channel = self._server.channel_or_404(int(call.query["thread_id"]))
            if channel.parent is None or channel.parent.id != webhook.channel_id:
                raise ApiError(400, 10003, "Unknown Channel")
        return self._server.messages.create(
            channel,
            webhook.creator,
            body,
            call.files,
            webhook_id=webhook.id,
            author_name_override=body.get("username") or webhook.name,
            author_avatar_override=body.get("avatar_url") or webhook.avatar,
        )

    def _token_message(self, call: Call) -> Message:
        message_key = call.params.get("message_id", "@original")
        if call.id("webhook_id") == self._state.application_id:
            interaction = self._interaction(call)
            self._server.interaction_flow.check_token_alive(interaction)
            message_id = (
                self._server.interaction_flow.original_id(interaction)
                if message_key == "@original"
                else int(message_key)
            )
            return ensure_visible(self._state.messages.get(message_id or 0))
        webhook = self._webhook_by_token(call)
        if message_key == "@original":
            raise not_found(10008, "Message")
        message = ensure_visible(self._state.messages.get(int(message_key)))
        if message.webhook_id != webhook.id:
            raise not_found(10008, "Message")
        return message

    def _interaction(self, call: Call) -> Interaction:
        interaction = self._server.interactions.by_token(call.params["webhook_token"])
        if interaction is None:
            raise ApiError(404, 10015, "Unknown Webhook")
        return interaction

    def _webhook(self, webhook_id: int) -> Webhook:
        webhook = self._state.webhooks.get(webhook_id)
        if webhook is None or webhook.deleted:
            raise not_found(10015, "Webhook")
        return webhook

    def _webhook_by_token(self, call: Call) -> Webhook:
        webhook = self._webhook(call.id("webhook_id"))
        if webhook.token != call.params["webhook_token"]:
            raise ApiError(401, 50027, "Invalid Webhook Token")
        return webhook

    def _channel_webhooks(self, channel_id: int) -> list[Webhook]:
        return [
            w for w in self._state.webhooks.values() if w.channel_id == channel_id and not w.deleted
        ]


def _webhook_name_problems(path: tuple[str, ...], name: str) -> list[Problem]:
    if not 1 <= len(name) <= 80:
        return [Problem(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 80 in length.")]
    lowered = name.lower()
    if any(word in lowered for word in FORBIDDEN_WEBHOOK_NAMES):
        return [
            Problem(
                path,
                "USERNAME_INVALID_CONTAINS",
                f"Username cannot contain {FORBIDDEN_WEBHOOK_NAMES}",
            )
        ]
    return []


class InteractionFlow:
    """What Discord does with interaction responses: deadlines, one initial response, 15-minute tokens."""

    def __init__(self, server: LoopbackDiscord) -> None:
        self._server = server
        self._state = server.state

    def respond(
        self, interaction: Interaction, body: dict[str, Any], files: list
    ) -> dict[str, Any]:
        clock = self._server.clock
        if interaction.responded:
            raise ApiError(
                400, 40060, "Interaction has already been acknowledged.", kind="protocol"
            )
        if interaction.timed_out or clock.monotonic() > interaction.deadline():
            interaction.timed_out = True
            interaction.touch()
            late = f"first response {clock.monotonic() - interaction.created_at:.2f}s after the interaction (limit 3s)"
            raise ApiError(
                404,
                10062,
                "Unknown interaction",
                kind="protocol",
                problems=[Problem((), "LATE", late)],
            )
        kind = body.get("type")
        if kind not in ALLOWED_CALLBACKS.get(interaction.type, frozenset()):
            problem = Problem(
                ("type",),
                "INTERACTION_RESPONSE_TYPE_INVALID",
                f"Callback type {kind} is not valid for interaction type {interaction.type}.",
            )
            raise invalid_form([problem], kind="protocol")
        message = self._apply(interaction, kind, body.get("data") or {}, files)
        interaction.response_type = kind
        interaction.touch()
        return self._callback_result(interaction, kind, message)

    def _apply(
        self, interaction: Interaction, kind: int, data: dict[str, Any], files: list
    ) -> Message | None:
        if kind == CallbackType.CHANNEL_MESSAGE:
            return self._reply(interaction, data, files)
        if kind == CallbackType.DEFERRED_CHANNEL_MESSAGE:
            return self._defer(interaction, ephemeral=_asks_ephemeral(data))
        if kind == CallbackType.UPDATE_MESSAGE:
            source = ensure_visible(self._state.messages.get(interaction.source_message_id or 0))
            return self._server.messages.edit(source, data, files)
        if kind == CallbackType.AUTOCOMPLETE_RESULT:
            return self._autocomplete(interaction, data)
        if kind == CallbackType.MODAL:
            raise_if_invalid(check_modal(data))
            interaction.modal = data
        return None

    def _reply(self, interaction: Interaction, data: dict[str, Any], files: list) -> Message:
        ephemeral = _asks_ephemeral(data)
        message = self._server.messages.create(
            interaction.channel,
            self._state.bot,
            {**data, "flags": (data.get("flags") or 0) & ~FLAG_EPHEMERAL},
            files,
            type=self._message_type(interaction),
            interaction_id=interaction.id,
            webhook_id=self._state.application_id,
            ephemeral_for=interaction.user.id if ephemeral else None,
        )
        if ephemeral:
            message.flags |= FLAG_EPHEMERAL
        if interaction.original_message_id is None:
            interaction.original_message_id = message.id
        return message

    def _defer(self, interaction: Interaction, *, ephemeral: bool) -> Message:
        message = self._state.add_message(
            interaction.channel,
            self._state.bot,
            "",
            type=self._message_type(interaction),
            interaction_id=interaction.id,
            webhook_id=self._state.application_id,
            ephemeral_for=interaction.user.id if ephemeral else None,
            flags=FLAG_LOADING | (FLAG_EPHEMERAL if ephemeral else 0),
        )
        interaction.original_message_id = message.id
        interaction.loading = True
        self._server.events.message_created(message)
        return message

    def _autocomplete(self, interaction: Interaction, data: dict[str, Any]) -> None:
        choices = data.get("choices") or []
        raise_if_invalid(check_autocomplete_choices(choices))
        interaction.choices = choices

    def follow_up(self, interaction: Interaction, body: dict[str, Any], files: list) -> Message:
        if not interaction.responded:
            raise ApiError(404, 10015, "Unknown Webhook")
        self.check_token_alive(interaction)
        if interaction.loading:
            # Discord: the first follow-up after a deferred reply fills the "is thinking…" message.
            interaction.loading = False
            original = self._state.messages[interaction.original_message_id or 0]
            message = self._server.messages.edit(original, body, files)
        else:
            message = self._reply(interaction, body, files)
        interaction.followup_ids.append(message.id)
        interaction.touch()
        return message

    def check_token_alive(self, interaction: Interaction) -> None:
        if self._server.clock.monotonic() > interaction.token_expires():
            raise ApiError(
                401,
                50027,
                "Invalid Webhook Token",
                kind="protocol",
                problems=[Problem((), "TOKEN_EXPIRED", "interaction token used after 15 minutes")],
            )

    def original_id(self, interaction: Interaction) -> int | None:
        if interaction.type in (
            InteractionType.MESSAGE_COMPONENT,
            InteractionType.MODAL_SUBMIT,
        ) and interaction.response_type in (
            CallbackType.DEFERRED_UPDATE_MESSAGE,
            CallbackType.UPDATE_MESSAGE,
        ):
            return interaction.source_message_id
        if interaction.original_message_id is None:
            raise not_found(10008, "Message")
        return interaction.original_message_id

    def _message_type(self, interaction: Interaction) -> int:
        return (
            MESSAGE_TYPE_CHAT_INPUT_COMMAND
            if interaction.type == InteractionType.APPLICATION_COMMAND
            else MESSAGE_TYPE_DEFAULT
        )

    def _callback_result(
        self, interaction: Interaction, kind: int, message: Message | None
    ) -> dict[str, Any]:
        summary: dict[str, Any] = {
            "id": str(interaction.id),
            "type": interaction.type,
            "response_message_loading": kind == CallbackType.DEFERRED_CHANNEL_MESSAGE,
            "response_message_ephemeral": bool(message and message.is_ephemeral),
        }
        if message is not None:
            summary["response_message_id"] = str(message.id)
        resource: dict[str, Any] = {"type": kind}
        if message is not None:
            resource["message"] = self._server.message_payload(message)
        return {"interaction": summary, "resource": resource}


def _asks_ephemeral(data: dict[str, Any]) -> bool:
    """Whether a reply's `flags` ask for a message only the invoking user sees."""
    return bool((data.get("flags") or 0) & FLAG_EPHEMERAL)
