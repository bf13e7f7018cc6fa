"""Locust scenarios against a running node (`--host http://127.0.0.1:5000`).

    locust -f load/locustfile.py --headless -u 32 -r 32 -t 60s --host http://127.0.0.1:5000
    locust -f load/locustfile.py --headless ... InlineUser      # one scenario only

Two users replay the recorded mix of load/messages.py (95 % benign API requests of varied
sizes, 5 % attacks): InlineUser asks `/v1/inspect` for verdicts, MirrorUser sends copies to
`/v1/mirror`, single (3 in 4 calls) and in batches of 16. A call fails when the node
answers anything but a well-formed reply for that call: a verdict for the same id, an
acknowledgement of every message sent.
"""

from __future__ import annotations

import http.client
import random
import time
from typing import Any
from urllib.parse import urlsplit

import msgpack
from locust import User, constant, task
from locust.env import Environment

from load.messages import batches, mix, pack

DOCUMENTS = mix(400)
SINGLES = [(d["id"], pack(d)) for d in DOCUMENTS]
BATCH = 16
BATCHES = batches(DOCUMENTS, BATCH)
HEADERS = {"Content-Type": "application/msgpack", "Accept": "application/msgpack"}


class MsgpackClient:
    """One keep-alive connection; every call is timed and reported to locust."""

    def __init__(self, base_url: str, environment: Environment) -> None:
        url = urlsplit(base_url)
        if url.scheme != "http" or not url.hostname:
            raise ValueError(f"--host must be http://host:port, got {base_url!r}")
        self.address = (url.hostname, url.port or 80)
        self.environment = environment
        self.connection: http.client.HTTPConnection | None = None

    def post(self, path: str, body: bytes, name: str, expect: int = 200) -> Any:
        """The decoded reply, or None after reporting a failure."""
        start = time.perf_counter()
        data = b""
        error: Exception | None = None
        document: Any = None
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(*self.address, timeout=10)
            self.connection.request("POST", path, body, HEADERS)
            response = self.connection.getresponse()
            data = response.read()
            if response.status != expect:
                error = RuntimeError(f"{path}: HTTP {response.status}: {data[:200]!r}")
            else:
                document = msgpack.unpackb(data, raw=False)
        except (OSError, http.client.HTTPException, ValueError) as failure:
            error = failure
            if self.connection is not None:
                self.connection.close()
            self.connection = None
        self.environment.events.request.fire(
            request_type="POST",
            name=name,
            response_time=(time.perf_counter() - start) * 1000,
            response_length=len(data),
            exception=error,
            context={},
        )
        return None if error else document

    def fail(self, name: str, reason: str) -> None:
        self.environment.events.request.fire(
            request_type="CHECK",
            name=name,
            response_time=0,
            response_length=0,
            exception=RuntimeError(reason),
            context={},
        )


class NodeUser(User):
    abstract = True
    wait_time = constant(0)

    def on_start(self) -> None:
        if self.host is None:
            raise ValueError("pass --host http://127.0.0.1:<connector port>")
        self.client = MsgpackClient(self.host, self.environment)
        self.rng = random.Random()


class InlineUser(NodeUser):
    @task
    def inspect(self) -> None:
        message_id, body = self.rng.choice(SINGLES)
        verdict = self.client.post("/v1/inspect", body, "/v1/inspect")
        if verdict is not None and (
            verdict.get("id") != message_id or verdict.get("verdict") not in ("allow", "block")
        ):
            self.client.fail("/v1/inspect", f"not a verdict for {message_id}: {verdict!r}")


class MirrorUser(NodeUser):
    @task(3)
    def mirror(self) -> None:
        _, body = self.rng.choice(SINGLES)
        ack = self.client.post("/v1/mirror", body, "/v1/mirror", expect=202)
        self.acknowledged(ack, 1, "/v1/mirror")

    @task(1)
    def mirror_batch(self) -> None:
        name = f"/v1/mirror [{BATCH}]"
        body = self.rng.choice(BATCHES)
        self.acknowledged(self.client.post("/v1/mirror", body, name, expect=202), BATCH, name)

    def acknowledged(self, ack: Any, sent: int, name: str) -> None:
        if ack is not None and ack.get("accepted") != sent:
            self.client.fail(name, f"{sent} sent, acknowledgement {ack!r}")
