"""Guild scheduled events as Discord keeps them: what a create request must hold beyond the
OpenAPI schema (which types them but not their rules), and the event objects Discord returns.

Rules (Discord's docs, "Guild Scheduled Event"): an EXTERNAL event (entity_type 3) needs
`entity_metadata.location` (1-100 characters) and a `scheduled_end_time`, and has no channel;
a STAGE_INSTANCE (1) or VOICE (2) event needs a `channel_id` of that kind. The start must be in
the future and the end after the start. A guild holds at most 100 SCHEDULED or ACTIVE events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from loopback_discord.limits import Problem

EXTERNAL, VOICE, STAGE = 3, 2, 1
SCHEDULED, ACTIVE, COMPLETED, CANCELED = 1, 2, 3, 4
GUILD_ONLY = 2
MAX_ACTIVE_EVENTS = 100
NAME_MAX, DESCRIPTION_MAX, LOCATION_MAX = 100, 1000, 100


@dataclass
class ScheduledEvent:
    id: int
    guild_id: int
    name: str
    description: str | None
    start: str  # ISO 8601, as sent
    end: str | None
    entity_type: int
    location: str | None
    channel_id: int | None
    creator_id: int
    privacy_level: int = GUILD_ONLY
    status: int = SCHEDULED
    interested: set[int] = field(default_factory=set)  # user ids
    deleted: bool = False

    @property
    def open(self) -> bool:
        return not self.deleted and self.status in (SCHEDULED, ACTIVE)


def parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def check_event(body: dict[str, Any], now: float) -> list[Problem]:
    """What Discord refuses in a create request that the schema lets through."""
    problems: list[Problem] = []
    start = parse_time(body.get("scheduled_start_time"))
    end = parse_time(body.get("scheduled_end_time"))
    if not (body.get("name") or "").strip():
        problems.append(Problem(("name",), "BASE_TYPE_REQUIRED", "This field is required"))
    if start is None:
        problems.append(
            Problem(("scheduled_start_time",), "DATE_TIME_TYPE_PARSE", "Invalid date-time")
        )
    elif start.timestamp() <= now:
        problems.append(
            Problem(
                ("scheduled_start_time",),
                "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST",
                "Cannot schedule event in the past.",
            )
        )
    if start is not None and end is not None and end <= start:
        problems.append(
            Problem(
                ("scheduled_end_time",),
                "GUILD_SCHEDULED_EVENT_END_BEFORE_START",
                "Cannot schedule event to end before starting.",
            )
        )
    if body.get("entity_type") == EXTERNAL:
        problems += _check_external(body, end)
    elif body.get("channel_id") is None:
        problems.append(Problem(("channel_id",), "BASE_TYPE_REQUIRED", "This field is required"))
    return problems


def _check_external(body: dict[str, Any], end: datetime | None) -> list[Problem]:
    problems = []
    location = ((body.get("entity_metadata") or {}).get("location") or "").strip()
    if not location:
        problems.append(
            Problem(("entity_metadata", "location"), "BASE_TYPE_REQUIRED", "This field is required")
        )
    if end is None:
        problems.append(
            Problem(("scheduled_end_time",), "BASE_TYPE_REQUIRED", "This field is required")
        )
    if body.get("channel_id") is not None:
        problems.append(
            Problem(
                ("channel_id",),
                "GUILD_SCHEDULED_EVENT_EXTERNAL_CHANNEL",
                "An external event cannot have a channel.",
            )
        )
    return problems


def event_payload(event: ScheduledEvent, creator: dict[str, Any], *, with_count: bool) -> dict:
    metadata = {"location": event.location} if event.entity_type == EXTERNAL else None
    payload: dict[str, Any] = {
        "id": str(event.id),
        "guild_id": str(event.guild_id),
        "channel_id": None if event.channel_id is None else str(event.channel_id),
        "creator_id": str(event.creator_id),
        "creator": creator,
        "name": event.name,
        "description": event.description,
        "scheduled_start_time": event.start,
        "scheduled_end_time": event.end,
        "privacy_level": event.privacy_level,
        "status": event.status,
        "entity_type": event.entity_type,
        "entity_id": None,
        "entity_metadata": metadata,
        "image": None,
        "recurrence_rule": None,
    }
    if with_count:
        payload["user_count"] = len(event.interested)
    return payload
