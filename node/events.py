"""Event records and the sinks that receive them.

Every request with attacks — inline or mirrored — becomes a `HitEvent`; every joined
request and response becomes a `TrafficRecord` for API discovery. Handing either to a sink
never blocks: a sink buffers or counts what it drops, and a verdict never waits for it.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from node.types import Hit

# What events keep of a request target: the client chooses its length, and events are
# kept by the hundred thousand (hits in the store, entries in the stream).
URI_CHARS = 4096


@dataclass(frozen=True, slots=True)
class HitEvent:
    id: str
    ts: float
    source: str  # "inline" or "mirror"
    client_ip: str
    host: str
    method: str
    uri: str
    application: int
    mode: str
    verdict: str  # "block" or "allow"
    attacks: tuple[Hit, ...]
    connector: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "ts": self.ts,
            "source": self.source,
            "client_ip": self.client_ip,
            "host": self.host,
            "method": self.method,
            "uri": self.uri,
            "application": self.application,
            "mode": self.mode,
            "verdict": self.verdict,
            "attacks": [hit.as_dict() for hit in self.attacks],
            "connector": self.connector,
        }


class TrafficRecord(NamedTuple):
    """A request and its response status, for the API inventory."""

    id: str
    ts: float
    host: str
    method: str
    uri: str
    status: int
    application: int
    attacked: bool
    content_type: str = ""
    body: bytes = b""

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "ts": self.ts,
            "host": self.host,
            "method": self.method,
            "uri": self.uri,
            "status": self.status,
            "application": self.application,
            "attacked": self.attacked,
            "content_type": self.content_type,
            "body": self.body.decode("utf-8", "replace"),
        }


class Sink(Protocol):
    def submit(self, event: HitEvent) -> None: ...

    def record(self, traffic: TrafficRecord) -> None: ...


@dataclass
class MemorySink:
    """The in-process default: the newest events in bounded memory, the rest counted."""

    capacity: int = 100_000
    events: deque[HitEvent] = field(init=False)
    traffic: deque[TrafficRecord] = field(init=False)
    dropped: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self.events = deque(maxlen=self.capacity)
        self.traffic = deque(maxlen=self.capacity)

    def submit(self, event: HitEvent) -> None:
        with self._lock:
            if len(self.events) == self.capacity:
                self.dropped += 1
            self.events.append(event)

    def record(self, traffic: TrafficRecord) -> None:
        with self._lock:
            if len(self.traffic) == self.capacity:
                self.dropped += 1
            self.traffic.append(traffic)
