"""The connector-facing HTTP application: `POST /v1/inspect` and `POST /v1/mirror`.

`create_app` builds the Starlette application around an `Inspector`; the lifespan owns the
mirror queue and its workers, and drains them on shutdown within a deadline. Handlers stay
thin: they check the peer, the size and the content type, decode, validate, and hand over.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from time import perf_counter
from time import time as now
from typing import Any, Final, Protocol, cast

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from node import log
from node.config import Network
from node.inspector import Inspector, Outcome
from node.metrics import (
    FLUSH_SECONDS,
    LATENCY,
    MESSAGES_PROCESSED,
    MESSAGES_REJECTED,
    MESSAGES_SEEN,
    QUEUE_DEPTH,
    QUEUE_FULL,
    TALLY,
)
from node.mirror import Joiner, MirrorQueue
from node.policy import parse_address
from node.protocol import (
    MSGPACK,
    ProtocolError,
    RequestMessage,
    announced_count,
    content_kind,
    decode,
    encode,
    error_document,
    pack_allow,
    parse_message,
)

DRAIN_SECONDS: Final = 5.0
PEERS_REMEMBERED: Final = 4096


# Children bound once: `labels()` costs microseconds on every call.
SEEN: Final = {endpoint: MESSAGES_SEEN.labels(endpoint) for endpoint in ("inspect", "mirror")}
PROCESSED: Final = {"inspect": MESSAGES_PROCESSED.labels("inspect")}


class Reply:
    """A connector endpoint's answer: a document in the request's encoding, sent as the two
    ASGI messages it takes. Starlette's Response gets there through general header code:
    about 4 % of the node's own work per message outside the engine."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, body: bytes, kind: str, extra: dict[str, str]) -> None:
        self.status = status
        self.body = body
        self.headers = [(b"content-type", kind.encode()), (b"content-length", b"%d" % len(body))]
        if extra:
            self.headers += [(k.lower().encode(), v.encode()) for k, v in extra.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(self.start())
        await send(self.content())

    def start(self) -> dict[str, Any]:
        return {"type": "http.response.start", "status": self.status, "headers": self.headers}

    def content(self) -> dict[str, Any]:
        return {"type": "http.response.body", "body": self.body}


class Rejected(Exception):
    def __init__(self, status: int, message: str, reason: str) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason


class Service:
    """What the handlers share."""

    def __init__(self, inspector: Inspector) -> None:
        settings = inspector.settings
        self.inspector = inspector
        self.joiner = Joiner(
            inspector.sink, settings.limits.join_window, settings.limits.join_entries
        )
        self.mirror = MirrorQueue(
            inspector, self.joiner, settings.limits.mirror_queue, settings.limits.mirror_workers
        )
        self.logger = log.get("node.connector")
        self._networks: tuple[Network, ...] = ()
        self._peers: dict[str, bool] = {}

    def reply(self, status: int, document: dict[str, Any], kind: str, **headers: str) -> Reply:
        return Reply(status, encode(document, kind), kind, headers)

    async def receive(self, scope: Scope, receive: Receive, endpoint: str) -> tuple[bytes, str]:
        """The body of a connector message and its kind, or Rejected."""
        TALLY.inc(SEEN[endpoint])
        inspector = self.inspector
        # (Read as the dictionaries the server gives, ASGI's mappings are asked by C calls,
        # not by method calls by name.)
        client = cast(dict[str, Any], scope).get("client")
        peer = client[0] if client else ""
        if not self._allowed(peer, inspector.allowed_networks):
            raise Rejected(403, f"peer {peer} is outside connector.allowed_networks", "network")
        content_type, declared = _headers(scope)
        kind = content_kind(content_type or "")
        if kind is None:
            raise Rejected(
                415,
                "Content-Type must be application/msgpack or application/json, got "
                f"{content_type or 'none'!r}",
                "content_type",
            )
        limit = inspector.max_message_bytes
        if declared.isdigit() and int(declared) > limit:
            raise Rejected(413, f"body of {declared} bytes is over the {limit}-byte limit", "size")
        # The ASGI messages themselves: an async generator per request (request.stream())
        # costs more than reading a body that mostly comes in one message, which is
        # returned as it is. A bytearray keeps a body sent in many small pieces linear to
        # assemble.
        body = bytearray()
        while True:
            message = cast(dict[str, Any], await receive())
            if message["type"] == "http.disconnect":
                raise ClientDisconnect()
            piece: bytes = message.get("body", b"")
            more = message.get("more_body", False)
            if not more and not body and len(piece) <= limit:
                return piece, kind
            body += piece
            if len(body) > limit:
                raise Rejected(413, f"body is over the {limit}-byte limit", "size")
            if not more:
                return bytes(body), kind

    def _allowed(self, peer: str, networks: tuple[Network, ...]) -> bool:
        """Whether `peer` is in `networks`; decided once per peer for the current settings
        (gateways are few and connect again and again)."""
        if networks is not self._networks:
            self._networks, self._peers = networks, {}
        allowed = self._peers.get(peer)
        if allowed is None:
            address = parse_address(peer)
            allowed = address is not None and any(
                address.version == n.version and address in n for n in networks
            )
            if len(self._peers) < PEERS_REMEMBERED:
                self._peers[peer] = allowed
        return allowed

    def decode(self, body: bytes, kind: str) -> Any:
        try:
            return decode(body, kind)
        except ProtocolError as error:
            raise Rejected(400, str(error), "decode") from None

    def verdict(self, outcome: Outcome) -> dict[str, Any]:
        settings = self.inspector.settings
        decision = outcome.decision
        document: dict[str, Any] = {
            "v": 1,
            "id": outcome.message.id,
            "verdict": "block" if outcome.block else "allow",
            "mode": decision.target.mode,
            "application": decision.target.application,
            "attacks": [
                {"type": h.type.value, "point": h.point, "rule": h.rule, "fragment": h.fragment}
                for h in outcome.hits
            ],
            "ms": _ms(outcome.seconds),
        }
        if outcome.block:
            block = settings.block_response
            document["status"] = block.status
            document["headers"] = [list(pair) for pair in block.headers]
            document["body"] = block.body
        return document

    def access(self, outcome: Outcome, endpoint: str) -> None:
        if not self.inspector.access_log:
            return
        message = outcome.message
        self.logger.info(
            "request",
            endpoint=endpoint,
            id=message.id,
            client_ip=outcome.decision.client.ip,
            host=outcome.decision.client.host,
            method=message.method,
            path=message.uri.split("?", 1)[0][:256],
            application=outcome.decision.target.application,
            mode=outcome.decision.target.mode,
            verdict="block" if outcome.block else "allow",
            attacks=sorted({h.type.value for h in outcome.hits}),
            ms=_ms(outcome.seconds),
        )


def _ms(seconds: float) -> float:
    """Milliseconds to the microsecond, of a duration (never negative). (`round(ms, 3)`
    rounds through the float's decimal digits: a microsecond of every verdict; `round()`
    is a call to a builtin, compiled, where `int()` of a float is a C cast.)"""
    return int(seconds * 1_000_000 + 0.5) / 1000


def _headers(scope: Scope) -> tuple[str | None, str]:
    """The first Content-Type (None when absent) and Content-Length of a request, in one
    pass over its headers: Starlette's Request built objects for each look-up, 5 µs a
    message."""
    content_type: str | None = None
    length = ""
    # Lower-case names, by the ASGI specification; pairs in a list, as uvicorn gives them
    # (typed, the loop and the comparisons compile to C calls).
    headers: list[tuple[bytes, bytes]] = scope["headers"]
    for name, value in headers:
        if name == b"content-type" and content_type is None:
            content_type = value.decode("latin-1")
        elif name == b"content-length" and not length:
            length = value.decode("latin-1")
    return content_type, length


# What an endpoint does with the body of a message and its kind, once it has arrived.
# Only the body is awaited: a coroutine for each step cost 2 % of a message's instructions.
Handler = Callable[[Service, bytes, str], Reply]


def _guarded(
    service: Service, endpoint: str, handler: Handler
) -> Callable[[Scope, Receive], Awaitable[Reply]]:
    latency = LATENCY.labels(endpoint)

    async def run(scope: Scope, receive: Receive) -> Reply:
        started = perf_counter()
        try:
            body, kind = await service.receive(scope, receive, endpoint)
            return handler(service, body, kind)
        except Rejected as rejected:
            MESSAGES_REJECTED.labels(endpoint, rejected.reason).inc()
            kind = content_kind(_headers(scope)[0] or "") or "application/json"
            return service.reply(rejected.status, error_document(str(rejected)), kind)
        finally:
            TALLY.observe(latency, perf_counter() - started)

    return run


def _inspect(service: Service, body: bytes, kind: str) -> Reply:
    document = service.decode(body, kind)
    try:
        message = parse_message(document, kinds=("request",))
    except ProtocolError as error:
        raise Rejected(400, str(error), "schema") from None
    assert isinstance(message, RequestMessage)
    outcome = service.inspector.inspect(message, "inline")
    # A gateway may mirror the response later (Kong's inspect_response): join it.
    service.joiner.request(outcome, now())
    TALLY.inc(PROCESSED["inspect"])
    service.access(outcome, "inspect")
    if kind == MSGPACK and not outcome.hits and not outcome.block:
        target = outcome.decision.target
        body = pack_allow(message.id, target.mode, target.application, _ms(outcome.seconds))
        return Reply(200, body, kind, {})
    return service.reply(200, service.verdict(outcome), kind)


def _mirror(service: Service, body: bytes, kind: str) -> Reply:
    announced = announced_count(body, kind)
    if announced and service.mirror.room() < announced:
        # Refused before decoding: under a flood, refusing must cost less than analysing.
        return _queue_full(service, kind)
    document = service.decode(body, kind)
    batch = document if isinstance(document, list | tuple) else [document]
    if batch and service.mirror.room() < len(batch):
        return _queue_full(service, kind)  # JSON tells its size only now; still unvalidated
    accepted, errors = [], []
    for index, item in enumerate(batch):
        try:
            accepted.append(parse_message(item))
        except ProtocolError as error:
            errors.append({"index": index, "error": str(error)})
    if errors and not isinstance(document, list | tuple):
        raise Rejected(400, str(errors[0]["error"]), "schema")
    if errors:
        MESSAGES_REJECTED.labels("mirror", "schema").inc(len(errors))
    if not service.mirror.offer(accepted):
        return _queue_full(service, kind)
    ack = {"v": 1, "accepted": len(accepted), "rejected": len(errors), "errors": errors}
    return service.reply(202, ack, kind)


def _queue_full(service: Service, kind: str) -> Reply:
    QUEUE_FULL.inc()
    MESSAGES_REJECTED.labels("mirror", "queue_full").inc()
    document = error_document("the analysis queue is full; nothing was accepted")
    return service.reply(503, document, kind, **{"Retry-After": "1"})


class Lifecycle(Protocol):
    """A resource the application starts with and closes after draining (a sink)."""

    def start(self) -> None: ...

    async def close(self, deadline: float) -> None: ...


def create_app(
    inspector: Inspector,
    health_endpoint: str = "",
    on_ready: Callable[[], object] | None = None,
    resources: tuple[Lifecycle, ...] = (),
) -> _Direct:
    """The connector application; `on_ready` is called once it can take traffic; each of
    `resources` is started first and closed last."""
    service = Service(inspector)

    lifespan = _Lifespan(service, resources, on_ready)
    handlers = {
        "/v1/inspect": _guarded(service, "inspect", _inspect),
        "/v1/mirror": _guarded(service, "mirror", _mirror),
    }
    # Routed too, for Starlette to answer other methods with 405 (POST never gets there).
    routes = [Route(path, _Endpoint(run), methods=["POST"]) for path, run in handlers.items()]
    if health_endpoint:
        routes.append(Route(health_endpoint, _Endpoint(_healthy), methods=["GET"]))
    return _Direct(Starlette(routes=routes, lifespan=lifespan), handlers)


class _Lifespan:
    """What the application starts before it takes traffic, and drains and closes, within
    a deadline, after its last request."""

    def __init__(
        self,
        service: Service,
        resources: tuple[Lifecycle, ...],
        on_ready: Callable[[], object] | None,
    ) -> None:
        self.service = service
        self.resources = resources
        self.on_ready = on_ready
        self.reporter: asyncio.Task[None] | None = None

    def __call__(self, app: Starlette) -> _Lifespan:
        return self

    async def __aenter__(self) -> None:
        for resource in self.resources:
            resource.start()
        self.service.mirror.start()
        loop = asyncio.get_running_loop()
        self.reporter = loop.create_task(_report(self.service), name="metrics")
        if self.on_ready is not None:
            self.on_ready()

    async def __aexit__(self, *exc_info: object) -> None:
        service = self.service
        left = await service.mirror.drain(DRAIN_SECONDS)
        if self.reporter is not None:
            self.reporter.cancel()
        TALLY.flush()
        service.logger.info(
            "mirror queue drained", dropped=left, joined_pending=len(service.joiner)
        )
        for resource in self.resources:
            await resource.close(DRAIN_SECONDS)


class _Endpoint:
    """A handler as an ASGI application, for Starlette's router. (Starlette takes a plain
    Python function for a request handler, and anything else for an ASGI application:
    compiled, a function is anything else.)"""

    def __init__(self, run: Callable[[Scope, Receive], Awaitable[Reply]]) -> None:
        self.run = run

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        reply = await self.run(scope, receive)
        await reply(scope, receive, send)


async def _healthy(scope: Scope, receive: Receive) -> Reply:
    return Reply(200, b"OK", "text/plain; charset=utf-8", {})


async def _report(service: Service) -> None:
    """Write the counts kept since the last turn, and the mirror queue's depth."""
    while True:
        await asyncio.sleep(FLUSH_SECONDS)
        TALLY.flush()
        QUEUE_DEPTH.set(service.mirror.queue.qsize())


class _Direct:
    """The application, with `POST` to the two connector endpoints sent straight to their
    handlers: Starlette's middleware stack and router cost about a fifth of the node's own
    work per message. Everything else (lifespan, health, wrong methods and paths, 404s)
    goes through Starlette."""

    def __init__(
        self, app: Starlette, handlers: dict[str, Callable[[Scope, Receive], Awaitable[Reply]]]
    ) -> None:
        self.app = app
        self.handlers = handlers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        asked = cast(dict[str, Any], scope)  # (see Service.receive)
        handler = (
            self.handlers.get(asked["path"])
            if asked["type"] == "http" and asked["method"] == "POST"
            else None
        )
        if handler is None:
            await self.app(scope, receive, send)
            return
        reply = await handler(scope, receive)
        await send(reply.start())
        await send(reply.content())
