"""What a user sees: read-only snapshots of messages, embeds, buttons, modals and replies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loopback_discord.messages import FLAG_LOADING
from loopback_discord.state import DiscordState, Message, Pings


@dataclass(frozen=True)
class Button:
    label: str | None
    custom_id: str | None
    style: int
    disabled: bool
    url: str | None = None
    emoji: str | None = None


@dataclass(frozen=True)
class SelectMenu:
    custom_id: str
    placeholder: str | None
    options: tuple[dict[str, Any], ...]
    disabled: bool
    type: int


@dataclass(frozen=True)
class EmbedField:
    name: str
    value: str
    inline: bool


@dataclass(frozen=True)
class Embed:
    title: str | None
    description: str | None
    fields: tuple[EmbedField, ...]
    footer: str | None
    color: int | None
    url: str | None
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> Embed:
        fields = tuple(
            EmbedField(f.get("name", ""), f.get("value", ""), bool(f.get("inline")))
            for f in data.get("fields") or []
        )
        return cls(
            title=data.get("title"),
            description=data.get("description"),
            fields=fields,
            footer=(data.get("footer") or {}).get("text"),
            color=data.get("color"),
            url=data.get("url"),
            raw=data,
        )

    @property
    def text(self) -> str:
        """Every visible string of the embed, for `"Jingwen" in embed.text` assertions."""
        parts = [self.title or "", self.description or "", self.footer or ""]
        parts += [f"{f.name}\n{f.value}" for f in self.fields]
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class SeenMessage:
    """A message as a user sees it at one moment (call `discord.refresh(message)` for a newer look)."""

    id: int
    channel_id: int
    author_id: int
    author_name: str  # the webhook's username for webhook posts
    content: str
    embeds: tuple[Embed, ...]
    buttons: tuple[Button, ...]
    selects: tuple[SelectMenu, ...]
    attachments: tuple[str, ...]  # filenames
    ephemeral: bool
    deleted: bool
    edited: bool
    loading: bool  # "Bot is thinking…"
    webhook_id: int | None
    avatar_url: str | None
    reactions: dict[str, int]
    flags: int
    components: tuple[dict[str, Any], ...] = field(repr=False)
    pings: Pings = field(default_factory=Pings)  # who Discord notified: `assert not m.pings`

    @classmethod
    def of(cls, state: DiscordState, message: Message) -> SeenMessage:
        buttons, selects = _interactive(message.components)
        return cls(
            id=message.id,
            channel_id=message.channel_id,
            author_id=message.author.id,
            author_name=message.author_name_override or message.author.display_name,
            content=message.content,
            embeds=tuple(Embed.from_payload(e) for e in message.embeds),
            buttons=tuple(buttons),
            selects=tuple(selects),
            attachments=tuple(a.filename for a in message.attachments),
            ephemeral=message.is_ephemeral,
            deleted=message.deleted,
            edited=message.edit_count > 0,
            loading=bool(message.flags & FLAG_LOADING),
            webhook_id=message.webhook_id if message.by_channel_webhook else None,
            avatar_url=message.author_avatar_override,
            reactions={emoji: len(users) for emoji, users in message.reactions.items() if users},
            flags=message.flags,
            components=tuple(message.components),
            pings=message.pinged,
        )

    @property
    def by_webhook(self) -> bool:
        return self.webhook_id is not None

    @property
    def pinged_everyone(self) -> bool:
        """Did this message ping @everyone or @here?"""
        return self.pings.everyone

    @property
    def text(self) -> str:
        """Content plus all embed text: what a reader would read."""
        return "\n".join([self.content, *(e.text for e in self.embeds)]).strip()

    def button(self, label: str) -> Button:
        for button in self.buttons:
            if button.label == label:
                return button
        raise LookupError(f"no button {label!r}; buttons are {[b.label for b in self.buttons]}")

    @property
    def button_labels(self) -> list[str | None]:
        return [b.label for b in self.buttons]


def _interactive(rows: list[dict[str, Any]]) -> tuple[list[Button], list[SelectMenu]]:
    buttons: list[Button] = []
    selects: list[SelectMenu] = []
    for component in _walk(rows):
        if component.get("type") == 2:
            emoji = component.get("emoji") or {}
            buttons.append(
                Button(
                    label=component.get("label"),
                    custom_id=component.get("custom_id"),
                    style=component.get("style", 1),
                    disabled=bool(component.get("disabled")),
                    url=component.get("url"),
                    emoji=emoji.get("name"),
                )
            )
        elif component.get("type") in (3, 5, 6, 7, 8):
            selects.append(
                SelectMenu(
                    custom_id=component["custom_id"],
                    placeholder=component.get("placeholder"),
                    options=tuple(component.get("options") or []),
                    disabled=bool(component.get("disabled")),
                    type=component["type"],
                )
            )
    return buttons, selects


def _walk(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flatten rows, containers and sections into their interactive children, in reading order."""
    found: list[dict[str, Any]] = []
    for component in components:
        found.append(component)
        found += _walk(component.get("components") or [])
        if component.get("accessory"):
            found.append(component["accessory"])
    return found


@dataclass(frozen=True)
class TextField:
    custom_id: str
    label: str | None
    style: int
    required: bool
    value: str | None
    max_length: int | None


@dataclass(frozen=True)
class Modal:
    custom_id: str
    title: str
    fields: tuple[TextField, ...]
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> Modal:
        fields = []
        for top in data.get("components") or []:
            label = top.get("label")
            inputs = [top["component"]] if top.get("type") == 18 else top.get("components") or []
            for item in inputs:
                if item.get("type") == 4:
                    fields.append(
                        TextField(
                            custom_id=item["custom_id"],
                            label=item.get("label") or label,
                            style=item.get("style", 1),
                            required=item.get("required", True),
                            value=item.get("value"),
                            max_length=item.get("max_length"),
                        )
                    )
        return cls(
            custom_id=data["custom_id"], title=data.get("title", ""), fields=tuple(fields), raw=data
        )

    def field(self, label_or_id: str) -> TextField:
        for text_field in self.fields:
            if label_or_id in (text_field.label, text_field.custom_id):
                return text_field
        raise LookupError(f"no field {label_or_id!r} in modal {self.title!r}")


@dataclass(frozen=True)
class Choice:
    name: str
    value: Any


@dataclass(frozen=True)
class Reply:
    """What the user who acted sees as the answer to a command, click or modal.

    `kind` is "message" (a new message, maybe ephemeral), "update" (the clicked message
    changed), "modal" (a form opened) or "ack" (acknowledged, nothing new visible).
    """

    kind: str
    interaction_id: int
    message: SeenMessage | None = None
    modal: Modal | None = None

    def _require_message(self) -> SeenMessage:
        if self.message is None:
            raise AssertionError(f"the reply is a {self.kind}, not a message")
        return self.message

    @property
    def content(self) -> str:
        return self._require_message().content

    @property
    def text(self) -> str:
        return self._require_message().text

    @property
    def embeds(self) -> tuple[Embed, ...]:
        return self._require_message().embeds

    @property
    def embed(self) -> Embed:
        embeds = self.embeds
        if not embeds:
            raise AssertionError("the reply has no embed")
        return embeds[0]

    @property
    def buttons(self) -> tuple[Button, ...]:
        return self._require_message().buttons

    @property
    def ephemeral(self) -> bool:
        return self._require_message().ephemeral

    @property
    def id(self) -> int:
        return self._require_message().id

    def button(self, label: str) -> Button:
        return self._require_message().button(label)
