"""The Istio connector in real Envoy: the shipped EnvoyFilter's Lua filter and cluster,
in front of a recording upstream and a real node. Traffic passes unchanged; attacks in
the copies are recorded and joined with their responses; a dead or slow node changes
nothing for the traffic."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from node.testing import Node, eventually, free_port, request, silent_server
from tests.conftest import require
from tests.envoy.harness import Envoy
from tests.kong.harness import Upstream


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    require("envoy")
    base = tmp_path_factory.mktemp("envoy")
    (base / "node").mkdir()
    node = Node({"route_config": {"wallarm_mode": "block"}}, base / "node").start()
    upstream = Upstream()
    envoy = Envoy(base, upstream.port, node.connector_port).start()
    yield {"node": node, "upstream": upstream, "envoy": envoy}
    envoy.stop()
    upstream.shutdown()
    node.stop()


def _hits(node: Node) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(
        request("GET", node.api_port, "/api/v1/hits?per_page=500").body
    )["items"]
    return items


def test_the_envoyfilter_validates(tmp_path: Path) -> None:
    require("envoy")
    result = Envoy(tmp_path, free_port(), free_port()).validate()
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("size", [0, 1000, 5_000_000])
def test_traffic_passes_unchanged(stack: dict[str, Any], size: int) -> None:
    body = bytes(i % 251 for i in range(size))
    headers = {"Content-Type": "application/octet-stream", "X-Custom": "a, b"}
    status, reply_headers, reply = request(
        "PUT", stack["envoy"].port, f"/upload/{size}?x=1", body, headers
    )
    assert (status, reply) == (200, b'{"ok": true, "items": [1, 2, 3]}')
    assert reply_headers["x-upstream"] == "yes"
    seen = stack["upstream"].requests[-1]
    assert (seen["method"], seen["path"], seen["body"]) == ("PUT", f"/upload/{size}?x=1", body)
    # Envoy's HTTP/1 codec lower-cases names, with or without the filter.
    assert ("x-custom", "a, b") in [(k.lower(), v) for k, v in seen["headers"]]


def test_attacks_are_recorded_not_blocked(stack: dict[str, Any]) -> None:
    node, envoy = stack["node"], stack["envoy"]
    status, _, _ = request(
        "GET",
        envoy.port,
        "/files?name=..%2f..%2f..%2fetc%2fpasswd",
        headers={"X-Request-Id": "envoy-attack-1"},
    )
    assert status == 200  # out of band: the gateway never waits for a verdict
    body = json.dumps({"comment": "<script>alert(1)</script>"}).encode()
    status, _, _ = request(
        "POST", envoy.port, "/comments", body, {"Content-Type": "application/json"}
    )
    assert status == 200

    def recorded() -> dict[str, dict[str, Any]]:
        found = {h["type"]: h for h in _hits(node) if h["source"] == "mirror"}
        return found if {"ptrav", "xss"} <= set(found) else {}

    by_type = eventually(recorded)
    assert by_type["ptrav"]["request_id"] == "envoy-attack-1"
    assert by_type["xss"]["point"] == "post.json.comment"


def test_a_chunked_body_is_copied_as_it_streams(stack: dict[str, Any]) -> None:
    """A body with no Content-Length (chunked, and most HTTP/2 ones) is never buffered,
    but its head is copied as it passes: its attacks are recorded like any others."""
    node, envoy = stack["node"], stack["envoy"]
    connection = http.client.HTTPConnection("127.0.0.1", envoy.port, timeout=10)
    chunks = [b'{"note": "<scr', b'ipt>alert(1)</script>", ', b'"n": 1}']
    connection.request(
        "POST",
        "/notes",
        body=iter(chunks),
        headers={"Content-Type": "application/json", "X-Request-Id": "envoy-chunked-1"},
        encode_chunked=True,
    )
    reply = connection.getresponse()
    assert (reply.status, reply.read()) == (200, b'{"ok": true, "items": [1, 2, 3]}')
    connection.close()
    assert stack["upstream"].requests[-1]["body"] == b"".join(chunks)  # passed on intact

    def recorded() -> dict[str, Any] | None:
        return next((h for h in _hits(node) if h["request_id"] == "envoy-chunked-1"), None)

    hit = eventually(recorded)
    assert (hit["type"], hit["point"]) == ("xss", "post.json.note")


def test_responses_join_their_requests_by_id(stack: dict[str, Any]) -> None:
    node, envoy = stack["node"], stack["envoy"]
    status, _, _ = request("GET", envoy.port, "/api/v2/accounts/77/statements?month=3")
    assert status == 200

    def joined() -> bool:
        endpoints = json.loads(request("GET", node.api_port, "/api/v1/endpoints").body)["items"]
        return any(
            e["template"] == "/api/v2/accounts/{param}/statements" and e["statuses"] == {"200": 1}
            for e in endpoints
        )

    eventually(joined)


@pytest.mark.parametrize("node_state", ["stopped", "slow"])
def test_a_dead_or_slow_node_changes_nothing(tmp_path: Path, node_state: str) -> None:
    require("envoy")
    upstream = Upstream()
    silent, stop = silent_server()
    node_port = free_port() if node_state == "stopped" else silent.getsockname()[1]
    envoy = Envoy(tmp_path, upstream.port, node_port).start()
    try:
        for i in range(5):
            started = time.monotonic()
            status, _, reply = request(
                "POST",
                envoy.port,
                f"/x/{i}?q=1%27%20OR%201%3D1--",
                b"hello",
                {"Content-Type": "text/plain"},
            )
            assert (status, reply) == (200, b'{"ok": true, "items": [1, 2, 3]}')
            assert time.monotonic() - started < 0.5
        assert upstream.requests[-1]["body"] == b"hello"
    finally:
        envoy.stop()
        stop.set()
        silent.close()
        upstream.shutdown()
