"""One request message in, a verdict out: the policy decides, the engine scans, the policy
decides again, and an event goes to the sink. Shared by the inline and mirror paths.

Settings can be swapped at any time (SIGHUP): a message is handled entirely with the
policy and engine that were current when it started.
"""

from __future__ import annotations

from time import perf_counter
from time import time as now
from typing import Final

from node import log
from node.config import Settings
from node.engine import Engine, EngineSettings
from node.events import URI_CHARS, HitEvent, Sink
from node.metrics import ATTACKS, ATTACKS_EXCLUDED, REQUESTS_BLOCKED
from node.points import Limits
from node.policy import Decision, Policy
from node.protocol import RequestMessage
from node.types import AttackType, Hit, Request

_LOGGER: Final = log.get("node.inspector")


def _oversize(message: RequestMessage) -> Hit:
    """What the gateway left out of a body may hold an attack (`limits.oversize_body`)."""
    detail = f"body of {message.body_size} bytes, {len(message.body)} sent for analysis"
    return Hit(AttackType.OVERLIMIT, "post", 1, detail)


class Outcome:
    """What came of a request: the policy's decision, the hits that count, whether to
    block, and the seconds it took. (A plain class, as `policy.Decision` is.)"""

    def __init__(
        self,
        message: RequestMessage,
        decision: Decision,
        hits: tuple[Hit, ...],
        block: bool,
        seconds: float,
    ) -> None:
        self.message = message
        self.decision = decision
        self.hits = hits
        self.block = block
        self.seconds = seconds


class Inspector:
    def __init__(self, settings: Settings, sink: Sink) -> None:
        self.sink = sink
        self.configure(settings)

    def configure(self, settings: Settings) -> None:
        """Build policy and engine for `settings`, then swap them in at once; what the
        connector reads of the settings follows."""
        engine = Engine(
            EngineSettings(
                time_limit=settings.process_time_limit,
                report_unparsed=settings.limits.oversize_body == "overlimit",
                limits=Limits(
                    max_body_bytes=settings.limits.max_body_bytes,
                    max_points=settings.limits.max_points,
                    max_depth=settings.limits.max_depth,
                ),
            )
        )
        self._state = (settings, Policy(settings), engine)
        # What the connector reads of the settings for every message, kept here: the
        # settings are interpreted classes, and compiled code reads each of their
        # attributes by name.
        self.allowed_networks = settings.connector.allowed_networks
        self.max_message_bytes = settings.limits.max_message_bytes
        self.access_log = settings.log.access_log

    @property
    def settings(self) -> Settings:
        return self._state[0]

    def _scan(self, engine: Engine, request: Request, message_id: str) -> list[Hit]:
        """The engine's hits. Should the engine fail on a request, the request was not
        analysed: it gets an `overlimit` hit, which the policy decides on as on any other
        (blocked, by default, where attacks are), never a pass by a gateway failing open."""
        try:
            return engine.scan(request)
        except Exception as error:  # any failure: logged, and decided on as overlimit
            _LOGGER.exception("analysis failed", id=message_id, error=type(error).__name__)
            return [Hit(AttackType.OVERLIMIT, "request", 1, f"analysis failed: {error!r}"[:80])]

    def inspect(self, message: RequestMessage, source: str) -> Outcome:
        settings, policy, engine = self._state
        started = perf_counter()
        decision = policy.decide(
            message.client_ip, message.host, message.uri, message.headers, now()
        )
        hits: list[Hit] = []
        if decision.analyse:
            # Built as the tuple it is: a named tuple's __new__ is interpreted code.
            fields = (message.method, message.uri, message.headers, message.body)
            request: Request = tuple.__new__(Request, fields)
            found = self._scan(engine, request, message.id)
            if message.body_size > len(message.body) and settings.limits.oversize_body != "analyse":
                found.append(_oversize(message))
            hits, excluded = policy.counted(decision, found)
            for hit in excluded:
                ATTACKS_EXCLUDED.labels(hit.type.value).inc()
        block = policy.verdict(decision, hits)
        seconds = perf_counter() - started
        attacks = tuple(h for h in hits if h.type is not AttackType.OVERLIMIT)
        for hit in attacks:
            ATTACKS.labels(hit.type.value).inc()
        if block:
            REQUESTS_BLOCKED.inc()
        if attacks or block:
            self.sink.submit(
                HitEvent(
                    id=message.id,
                    ts=message.ts or now(),
                    source=source,
                    client_ip=decision.client.ip,
                    host=decision.client.host,
                    method=message.method,
                    uri=message.uri[:URI_CHARS],
                    application=decision.target.application,
                    mode=decision.target.mode,
                    verdict="block" if block else "allow",
                    attacks=tuple(hits),
                    connector=message.connector,
                )
            )
        return Outcome(message, decision, tuple(hits), block, seconds)
