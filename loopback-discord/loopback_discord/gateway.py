"""The gateway websocket: HELLO, IDENTIFY/READY, heartbeats, RESUME with replay, op 7, close codes,
sharding.

One application, in one session per shard: IDENTIFY's `shard` [shard_id, num_shards] (default
[0, 1]) decides which guilds a session owns, `(guild_id >> 22) % num_shards == shard_id`, as on
Discord; DMs belong to shard 0. A shard id outside 0..num_shards-1 is closed with 4010 (Invalid
shard), a session that would own more than `max_guilds_per_shard` guilds (2,500 on Discord) with
4011 (Sharding required). IDENTIFYs are paced as on Discord: `max_concurrency` may start per
5 seconds, one per bucket `shard_id % max_concurrency`; an IDENTIFY in a bucket less than 5 s
after that bucket's last accepted one gets op 9 Invalid Session (`d: false`) and no session.
Events go through `Gateway.dispatch`, which numbers them per session,
keeps them for replay after a RESUME and sends them to the owning session's live connection if
it subscribed to them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from loopback_discord.intents import PRIVILEGED, Intent, wants_event
from loopback_discord.pulse import Pulse

log = logging.getLogger(__name__)

Payload = dict[str, Any]
PayloadFactory = Callable[[int], Payload | None]  # intents -> event data, None to skip


class Op:
    DISPATCH = 0
    HEARTBEAT = 1
    IDENTIFY = 2
    PRESENCE_UPDATE = 3
    VOICE_STATE_UPDATE = 4
    RESUME = 6
    RECONNECT = 7
    REQUEST_GUILD_MEMBERS = 8
    INVALID_SESSION = 9
    HELLO = 10
    HEARTBEAT_ACK = 11


class Close:
    UNKNOWN_OPCODE = 4001
    DECODE_ERROR = 4002
    NOT_AUTHENTICATED = 4003
    AUTHENTICATION_FAILED = 4004
    ALREADY_AUTHENTICATED = 4005
    INVALID_SHARD = 4010
    SHARDING_REQUIRED = 4011
    DISALLOWED_INTENTS = 4014


REPLAY_BUFFER_SIZE = 5000
MAX_GUILDS_PER_SHARD = 2500  # Discord's limit; past it IDENTIFY is closed with 4011
IDENTIFY_WINDOW = 5.0  # seconds: each bucket may start one session per window


def shard_of(guild_id: int, num_shards: int) -> int:
    """The shard that receives a guild's events (Discord's formula)."""
    return (guild_id >> 22) % num_shards


@dataclass(eq=False)
class Connection:
    """One websocket. Frames go through a queue so that replay and live events keep their order."""

    socket: web.WebSocketResponse
    request: web.Request
    # A str is a frame, a tuple a close (code, reason), None the end of the connection.
    outbox: asyncio.Queue[str | tuple[int, str] | None] = field(default_factory=asyncio.Queue)
    session: Session | None = None

    def send(self, payload: Payload) -> None:
        self.outbox.put_nowait(json.dumps(payload))

    def close(self, code: int, reason: str) -> None:
        self.outbox.put_nowait((code, reason))

    async def write_loop(self) -> None:
        try:
            while (item := await self.outbox.get()) is not None:
                if isinstance(item, tuple):
                    await self.socket.close(code=item[0], message=item[1].encode())
                    return
                if self.socket.closed:
                    return
                await self.socket.send_str(item)
        except (ConnectionError, RuntimeError):
            log.debug("gateway connection went away while writing")

    def abort(self) -> None:
        """Drop the TCP connection without a websocket close frame."""
        transport = self.request.transport
        if transport is not None:
            transport.abort()


@dataclass
class Session:
    session_id: str
    intents: int
    shard: tuple[int, int] = (0, 1)  # (shard_id, num_shards)
    seq: int = 0
    sent: deque[tuple[int, str]] = field(default_factory=lambda: deque(maxlen=REPLAY_BUFFER_SIZE))
    connection: Connection | None = None

    def owns(self, guild_id: int | None) -> bool:
        """Whether this session receives the guild's events (None: a DM, shard 0's)."""
        if guild_id is None:
            return self.shard[0] == 0
        return shard_of(guild_id, self.shard[1]) == self.shard[0]

    def record(self, event: str, data: Payload) -> str:
        self.seq += 1
        frame = json.dumps({"op": Op.DISPATCH, "t": event, "s": self.seq, "d": data})
        self.sent.append((self.seq, frame))
        return frame

    def replay_after(self, seq: int) -> list[str] | None:
        """Frames after `seq`, or None when they are no longer all kept."""
        if seq == self.seq:
            return []
        if not self.sent or self.sent[0][0] > seq + 1:
            return None
        return [frame for number, frame in self.sent if number > seq]


@dataclass
class GatewayHooks:
    """What the gateway needs from the rest of the server, kept as plain callables."""

    token: Callable[[], str]
    ready_payload: Callable[[Session, str], Payload]
    guild_create_payloads: Callable[[Session], list[Payload]]
    guild_ids: Callable[[], list[int]]
    guild_members_chunk: Callable[[int, Payload], Payload | None]
    # The emulated monotonic clock: the identify window is measured on it, so a test that
    # advances emulated time past the window lets the next IDENTIFY through, and the wall
    # clock stepping (NTP) moves nothing.
    monotonic: Callable[[], float]


class Gateway:
    def __init__(self, hooks: GatewayHooks, *, heartbeat_interval_ms: int = 41250) -> None:
        self._hooks = hooks
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.portal_privileged_intents = Intent.MESSAGE_CONTENT
        self.resume_url = ""
        self.sessions: dict[tuple[int, int], Session] = {}  # by shard
        self.max_guilds_per_shard = MAX_GUILDS_PER_SHARD
        # session_start_limit.max_concurrency (GET /gateway/bot): buckets identifying at once.
        self.max_concurrency = 1
        self._identified: dict[int, float] = {}  # bucket -> when its last IDENTIFY was accepted
        self.identify_count = 0
        self.identify_refused = 0  # IDENTIFYs answered with op 9 for coming too soon
        self.resume_count = 0
        self.heartbeat_count = 0
        self.ready = asyncio.Event()
        self._connections: set[Connection] = set()
        self.changed = Pulse()  # fires when a connection attaches to or leaves the session

    # -- the websocket endpoint -------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await socket.prepare(request)
        connection = Connection(socket=socket, request=request)
        self._connections.add(connection)
        writer = asyncio.create_task(connection.write_loop())
        connection.send({"op": Op.HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
        try:
            await self._read_loop(connection)
        finally:
            self._detach(connection)
            connection.outbox.put_nowait(None)
            await _finish_writer(writer)
        return socket

    async def _read_loop(self, connection: Connection) -> None:
        async for message in connection.socket:
            if message.type != WSMsgType.TEXT:
                if message.type == WSMsgType.BINARY:
                    connection.close(Close.DECODE_ERROR, "Binary frames are not expected.")
                continue
            try:
                frame = json.loads(message.data)
            except ValueError:
                connection.close(Close.DECODE_ERROR, "Error while decoding payload.")
                continue
            self._on_frame(connection, frame)

    def _detach(self, connection: Connection) -> None:
        self._connections.discard(connection)
        session = connection.session
        if session is not None and session.connection is connection:
            session.connection = None
            self.changed.fire()

    # -- opcodes ----------------------------------------------------------------------------

    def _on_frame(self, connection: Connection, frame: Payload) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == Op.HEARTBEAT:
            self.heartbeat_count += 1
            connection.send({"op": Op.HEARTBEAT_ACK, "d": None})
        elif op == Op.IDENTIFY:
            self._identify(connection, data or {})
        elif op == Op.RESUME:
            self._resume(connection, data or {})
        elif op in (Op.PRESENCE_UPDATE, Op.VOICE_STATE_UPDATE, Op.REQUEST_GUILD_MEMBERS):
            self._session_op(connection, op, data or {})
        else:
            self._close(connection, Close.UNKNOWN_OPCODE, f"Unknown opcode {op}.")

    def _identify(self, connection: Connection, data: Payload) -> None:
        if connection.session is not None:
            self._close(
                connection, Close.ALREADY_AUTHENTICATED, "You sent more than one identify payload."
            )
            return
        if data.get("token") != self._hooks.token():
            self._close(connection, Close.AUTHENTICATION_FAILED, "Authentication failed.")
            return
        intents = int(data.get("intents", 0))
        missing = Intent(intents) & PRIVILEGED & ~self.portal_privileged_intents
        if missing:
            self._close(connection, Close.DISALLOWED_INTENTS, f"Disallowed intent(s): {missing!r}.")
            return
        shard = _shard(data.get("shard", [0, 1]))
        if shard is None:
            self._close(connection, Close.INVALID_SHARD, "Invalid shard.")
            return
        session = Session(session_id=secrets.token_hex(16), intents=intents, shard=shard)
        if sum(map(session.owns, self._hooks.guild_ids())) > self.max_guilds_per_shard:
            self._close(connection, Close.SHARDING_REQUIRED, "Sharding required.")
            return
        if not self._take_identify_turn(shard[0]):
            self.identify_refused += 1
            log.info(
                "gateway refusing IDENTIFY of shard %d: its bucket identified < 5 s ago", shard[0]
            )
            # Discord's answer to an IDENTIFY over max_concurrency; the connection stays open
            # and may IDENTIFY again later.
            connection.send({"op": Op.INVALID_SESSION, "d": False})
            return
        self.identify_count += 1
        self._replace_session(session, connection)
        self._send_ready(connection)

    def _take_identify_turn(self, shard_id: int) -> bool:
        """Whether shard `shard_id` may start a session now; if so its bucket's window begins."""
        bucket = shard_id % max(1, self.max_concurrency)
        now = self._hooks.monotonic()
        last = self._identified.get(bucket)
        if last is not None and now - last < IDENTIFY_WINDOW:
            return False
        self._identified[bucket] = now
        return True

    def _replace_session(self, session: Session, connection: Connection) -> None:
        """A new session for a shard replaces the shard's old one (and its connection)."""
        old = self.sessions.get(session.shard)
        if old is not None and old.connection is not None and old.connection is not connection:
            old.connection.abort()
        self.sessions[session.shard] = session
        self._attach(session, connection)

    def _attach(self, session: Session, connection: Connection) -> None:
        session.connection = connection
        connection.session = session
        self.changed.fire()

    def _send_ready(self, connection: Connection) -> None:
        session = connection.session
        assert session is not None
        self.ready.clear()
        connection.outbox.put_nowait(
            session.record("READY", self._hooks.ready_payload(session, self.resume_url))
        )
        for guild in self._hooks.guild_create_payloads(session):
            connection.outbox.put_nowait(session.record("GUILD_CREATE", guild))
        self.ready.set()

    def _resume(self, connection: Connection, data: Payload) -> None:
        if data.get("token") != self._hooks.token():
            self._close(connection, Close.AUTHENTICATION_FAILED, "Authentication failed.")
            return
        session = self._session_by_id(data.get("session_id"))
        replay = None
        if session is not None:
            replay = session.replay_after(int(data.get("seq") or 0))
        if session is None or replay is None:
            # Discord: the session can't be resumed; the client must IDENTIFY afresh.
            connection.send({"op": Op.INVALID_SESSION, "d": False})
            return
        self.resume_count += 1
        if session.connection is not None and session.connection is not connection:
            session.connection.abort()
        for frame in replay:
            connection.outbox.put_nowait(frame)
        connection.outbox.put_nowait(session.record("RESUMED", {}))
        self._attach(session, connection)

    def _session_op(self, connection: Connection, op: int, data: Payload) -> None:
        if connection.session is None:
            self._close(
                connection, Close.NOT_AUTHENTICATED, "You sent a payload prior to identifying."
            )
            return
        if op == Op.REQUEST_GUILD_MEMBERS:
            chunk = self._hooks.guild_members_chunk(connection.session.intents, data)
            if chunk is not None:
                connection.outbox.put_nowait(
                    connection.session.record("GUILD_MEMBERS_CHUNK", chunk)
                )

    def _session_by_id(self, session_id: object) -> Session | None:
        return next((s for s in self.sessions.values() if s.session_id == session_id), None)

    def _close(self, connection: Connection, code: int, reason: str) -> None:
        log.info("gateway closing a connection with %s: %s", code, reason)
        connection.close(code, reason)

    # -- what the server and the driver call ------------------------------------------------

    def dispatch(
        self,
        event: str,
        data: Payload | PayloadFactory,
        *,
        in_dm: bool = False,
        guild_id: int | None = None,
    ) -> None:
        """Send an event to the session that owns its guild (`guild_id`, else the payload's
        own `guild_id`; a DM goes to shard 0) if it subscribed to it (queued for replay
        either way)."""
        if guild_id is None and not in_dm and isinstance(data, dict) and data.get("guild_id"):
            guild_id = int(data["guild_id"])
        for session in list(self.sessions.values()):
            if session.owns(guild_id) and wants_event(session.intents, event, in_dm=in_dm):
                self._send_event(session, event, data)

    def _send_event(self, session: Session, event: str, data: Payload | PayloadFactory) -> None:
        payload = data(session.intents) if callable(data) else data
        if payload is None:
            return
        frame = session.record(event, payload)
        if session.connection is not None:
            session.connection.outbox.put_nowait(frame)

    @property
    def session(self) -> Session | None:
        """The session of an unsharded application (or shard 0's, or any)."""
        return self.sessions.get((0, 1)) or next(iter(self.sessions.values()), None)

    def session_of(self, guild_id: int | None) -> Session | None:
        """The session that receives this guild's events (None: a DM)."""
        return next((s for s in self.sessions.values() if s.owns(guild_id)), None)

    @property
    def connected(self) -> bool:
        """Every session has a live connection (and there is at least one)."""
        sessions = list(self.sessions.values())
        return bool(sessions) and all(s.connection is not None for s in sessions)

    @property
    def intents(self) -> int:
        return self.session.intents if self.session is not None else 0

    def drop_connection(self) -> None:
        """Cut the TCP connections under the bot; it should come back with RESUME."""
        for session in list(self.sessions.values()):
            if session.connection is not None:
                session.connection.abort()

    def send_reconnect(self) -> None:
        for session in list(self.sessions.values()):
            if session.connection is not None:
                session.connection.send({"op": Op.RECONNECT, "d": None})

    def invalidate_session(self) -> None:
        """Forget the sessions: the next RESUME is refused and the client identifies again."""
        sessions, self.sessions = list(self.sessions.values()), {}
        for session in sessions:
            if session.connection is not None:
                session.connection.send({"op": Op.INVALID_SESSION, "d": False})

    async def wait_until(self, condition: Callable[[], bool], timeout: float) -> None:  # noqa: ASYNC109
        """Until `condition()` holds, re-checked whenever a connection comes or goes."""
        async with asyncio.timeout(timeout):
            while not condition():
                await self.changed.wait(timeout)

    async def close_all(self) -> None:
        for connection in list(self._connections):
            connection.abort()


def _shard(value: object) -> tuple[int, int] | None:
    """IDENTIFY's `shard` as (shard_id, num_shards), or None when Discord would refuse it."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    shard_id, count = value
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in value):
        return None
    return (shard_id, count) if count >= 1 and 0 <= shard_id < count else None


async def _finish_writer(writer: asyncio.Task[None]) -> None:
    # Let queued frames (a close frame in particular) go out before the socket is dropped.
    try:
        await asyncio.wait_for(asyncio.shield(writer), timeout=0.5)
    except TimeoutError:
        writer.cancel()
