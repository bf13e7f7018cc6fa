"""Helpers for tests that talk to a real node: free loopback ports, a node process started
from a configuration and stopped by pid, and a small client for the wire protocol.

Used by this project's tests and by anyone testing a connector against the node.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgpack
import yaml


def find_tool(command: str) -> str | None:
    """A command on PATH or installed beside this Python (the venv's helm, envoy, locust)."""
    beside = Path(sys.executable).parent / command
    return str(beside) if beside.exists() else shutil.which(command)


# Ports `free_port` handed out in this process.
_GIVEN: set[int] = set()


def free_port() -> int:
    """A loopback port nothing listens on that this process has not handed out before: the
    kernel may give one port to two binds in a row, and a node whose ports were taken one
    after the other found its health server on its connector's port."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        if port not in _GIVEN:
            _GIVEN.add(port)
            return port


def silent_server() -> tuple[socket.socket, threading.Event]:
    """A loopback server that accepts connections and never answers: a node too slow to
    reply, for timeouts to decide. Set the event, then close the socket, to stop it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    stop = threading.Event()

    def hold() -> None:
        held = []
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue
        for connection in held:
            connection.close()

    threading.Thread(target=hold, daemon=True).start()
    return server, stop


def request_message(uri: str = "/", **fields: Any) -> dict[str, Any]:
    """A valid `request` message; keyword arguments override or add keys."""
    message: dict[str, Any] = {
        "v": 1,
        "kind": "request",
        "id": fields.pop("id", f"t{time.monotonic_ns()}"),
        "method": "GET",
        "scheme": "https",
        "host": "api.example.com",
        "uri": uri,
        "client_ip": "203.0.113.10",
        "headers": [["Host", "api.example.com"], ["User-Agent", "test/1.0"]],
    }
    message.update(fields)
    return message


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def __iter__(self) -> Iterator[Any]:
        """`status, headers, body = request(...)`."""
        return iter((self.status, self.headers, self.body))

    def document(self) -> Any:
        if self.headers.get("content-type", "").startswith("application/msgpack"):
            return msgpack.unpackb(self.body, raw=False)
        return json.loads(self.body)


@dataclass
class Node:
    """A `filtering-node serve` process on free loopback ports."""

    config: dict[str, Any]
    directory: Path
    connector_port: int = field(default_factory=free_port)
    health_port: int = field(default_factory=free_port)
    metrics_port: int = field(default_factory=free_port)
    api_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def __post_init__(self) -> None:
        self.config.setdefault("connector", {})["address"] = f"127.0.0.1:{self.connector_port}"
        self.config.setdefault("health_check", {})["listen_address"] = (
            f"127.0.0.1:{self.health_port}"
        )
        self.config.setdefault("metrics", {})["listen_address"] = f"127.0.0.1:{self.metrics_port}"
        self.config.setdefault("api", {})["listen_address"] = f"127.0.0.1:{self.api_port}"
        self.config.setdefault("http_inspector", {}).setdefault("workers", 1)
        self.path = self.directory / "node.yaml"
        self.log_path = self.directory / "node.log"
        self.write()

    def write(self, config: dict[str, Any] | None = None) -> None:
        if config is not None:
            for key in ("connector", "health_check", "metrics", "api"):
                config.setdefault(key, {}).update(
                    {k: v for k, v in self.config[key].items() if "address" in k}
                )
            self.config = config
        self.path.write_text(yaml.safe_dump(self.config))

    def start(self, timeout: float = 20.0) -> Node:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "node", "serve", "--config", str(self.path)],
            stdout=log,
            stderr=log,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"node exited with {self.process.returncode}:\n{self.log()}")
            try:
                if self.get(self.health_port, "/ready").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"node not ready within {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def signal(self, signum: int) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signum)

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM by pid, then wait; SIGKILL if it does not stop. The exit code."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(p) for p in children.read_text().split()]
        # Only the workers run `node` code; the spawn machinery's resource tracker does not.
        return [
            p
            for p in pids
            if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()
            and b"resource_tracker" not in Path(f"/proc/{p}/cmdline").read_bytes()
        ]

    def get(self, port: int, path: str) -> Reply:
        return request("GET", port, path)

    def post(
        self, path: str, document: Any, kind: str = "application/msgpack", **headers: str
    ) -> Reply:
        body = (
            msgpack.packb(document, use_bin_type=True)
            if kind == "application/msgpack"
            else json.dumps(document).encode()
        )
        return request("POST", self.connector_port, path, body, {"Content-Type": kind, **headers})

    def inspect(self, message: dict[str, Any]) -> dict[str, Any]:
        reply = self.post("/v1/inspect", message)
        assert reply.status == 200, (reply.status, reply.body)
        document: dict[str, Any] = reply.document()
        return document


def eventually(
    check: Callable[[], Any], timeout: float = 15.0, tolerate: tuple[type[Exception], ...] = ()
) -> Any:
    """The first truthy result of `check`, polled until `timeout`; exceptions of the
    `tolerate` types count as not yet."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except tolerate:
            pass
        time.sleep(0.1)
    raise AssertionError(f"condition not reached in {timeout}s")


def request(
    method: str,
    port: int,
    path: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    host: str = "127.0.0.1",
) -> Reply:
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return Reply(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.read(),
        )
    finally:
        connection.close()


@dataclass
class RedisServer:
    """A real redis-server on a free loopback port, with append-only persistence so that a
    restart keeps what was written; stopped by pid."""

    directory: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> RedisServer:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--dir",
                str(self.directory),
                "--protected-mode",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
