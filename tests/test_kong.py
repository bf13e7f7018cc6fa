"""The unmodified kong-lua plugin in real nginx with the Lua module (a thin PDK shim lives
in tests/kong), in front of a recording upstream and a real node."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from node.testing import Node, eventually, free_port, request, silent_server
from tests.conftest import require
from tests.kong.harness import Gateway, Upstream

BLOCK_BODY = b'{"error": {"code": 403, "message": "request blocked"}}'


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    require("nginx")
    base = tmp_path_factory.mktemp("kong")
    (base / "node").mkdir()
    node = Node({"route_config": {"wallarm_mode": "block"}}, base / "node").start()
    silent, stop_silent = silent_server()  # accepts and never answers: the timeout decides
    upstream = Upstream()
    address = f"http://127.0.0.1:{node.connector_port}"
    dead = f"http://127.0.0.1:{free_port()}"
    gateway = Gateway(
        base,
        upstream.port,
        {
            "default": {"wallarm_node_address": address},
            "closed": {"wallarm_node_address": dead, "fail_open": False, "timeout_ms": 300},
            "dead": {"wallarm_node_address": dead, "timeout_ms": 300},
            "slow": {
                "wallarm_node_address": f"http://127.0.0.1:{silent.getsockname()[1]}",
                "timeout_ms": 200,
            },
            "mirror": {"wallarm_node_address": address, "blocking": False},
            "small": {"wallarm_node_address": address, "max_body_bytes": 1024},
        },
    ).start()
    yield {"node": node, "upstream": upstream, "gateway": gateway}
    gateway.stop()
    upstream.shutdown()
    node.stop()
    stop_silent.set()
    silent.close()


@pytest.mark.parametrize(
    "path",
    ["/search?q=1%27%20OR%20%271%27%3D%271", "/files/download?name=../../../../etc/passwd"],
)
def test_attacks_get_exactly_the_403_json_body(stack: dict[str, Any], path: str) -> None:
    before = len(stack["upstream"].requests)
    status, headers, body = request("GET", stack["gateway"].port, path)
    assert (status, body) == (403, BLOCK_BODY)
    assert headers["content-type"] == "application/json"
    assert len(stack["upstream"].requests) == before  # never reached the application


def test_benign_requests_reach_the_upstream_byte_for_byte(stack: dict[str, Any]) -> None:
    body = json.dumps({"name": "Seán O'Brien", "note": "Let's meet at 5 o'clock"}).encode()
    headers = {"Content-Type": "application/json", "X-Trace": "a, b", "Cookie": "s=1; t=2"}
    status, reply_headers, reply = request(
        "POST", stack["gateway"].port, "/api/v1/orders?x=1&y=%20", body, headers
    )
    assert status == 200 and reply == b'{"ok": true, "items": [1, 2, 3]}'
    assert reply_headers["x-upstream"] == "yes"
    seen = stack["upstream"].requests[-1]
    assert (seen["method"], seen["path"], seen["body"]) == (
        "POST",
        "/api/v1/orders?x=1&y=%20",
        body,
    )
    for name, value in headers.items():
        assert (name, value) in seen["headers"]


def test_a_body_over_the_limit_is_truncated_but_fully_forwarded(stack: dict[str, Any]) -> None:
    gateway, upstream = stack["gateway"], stack["upstream"]
    big = b"a" * 200_000  # buffered by nginx to a file
    attack_early = b"q=" + b"1' OR '1'='1 " + big
    status, _, body = request(
        "POST",
        gateway.port,
        "/",
        attack_early,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert (status, body) == (403, BLOCK_BODY)  # read from the start of the file
    attack_late = b"q=" + big + b"1' OR '1'='1"
    status, _, _ = request(
        "POST",
        gateway.port,
        "/small/",
        attack_late,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200  # beyond max_body_bytes: not sent for analysis...
    assert upstream.requests[-1]["body"] == attack_late  # ...and the body forwarded intact


def test_a_payload_in_the_last_of_many_headers_is_seen(stack: dict[str, Any]) -> None:
    """Every field of an HTTP/1.1 header block goes to the node, however many there are."""
    headers = {f"X-Pad-{i}": "x" for i in range(250)}
    headers["X-Late"] = "<script>alert(1)</script>"
    status, _, body = request("GET", stack["gateway"].port, "/many", headers=headers)
    assert (status, body) == (403, BLOCK_BODY)


def test_node_down_fails_open_within_the_timeout(stack: dict[str, Any]) -> None:
    started = time.monotonic()
    status, _, _ = request("GET", stack["gateway"].port, "/dead/?q=1%27%20OR%201%3D1--")
    assert status == 200 and time.monotonic() - started < 2
    started = time.monotonic()
    status, _, _ = request(
        "GET", stack["gateway"].port, "/slow/x"
    )  # a node that never answers: the timeout decides
    assert status == 200 and time.monotonic() - started < 2
    assert "no verdict from the filtering node" in stack["gateway"].log()


def test_node_down_fails_closed_with_503(stack: dict[str, Any]) -> None:
    status, headers, body = request("GET", stack["gateway"].port, "/closed/x")
    assert status == 503 and headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["code"] == 503


def test_mirror_mode_never_blocks_but_reports(stack: dict[str, Any]) -> None:
    node = stack["node"]
    status, _, _ = request("GET", stack["gateway"].port, "/mirror/cart?q=1%27%20OR%201%3D1--")
    assert status == 200

    def reported() -> bool:
        stats = json.loads(request("GET", node.api_port, "/api/v1/hits?type=sqli").body)
        return any(h["uri"].startswith("/mirror/cart") for h in stats["items"])

    eventually(reported)


def test_response_copies_reach_the_node_and_join_their_requests(stack: dict[str, Any]) -> None:
    node = stack["node"]
    status, _, _ = request("GET", stack["gateway"].port, "/api/v1/customers/42/invoices?page=2")
    assert status == 200

    def joined() -> bool:
        endpoints = json.loads(request("GET", node.api_port, "/api/v1/endpoints").body)["items"]
        return any(
            e["template"] == "/api/v1/customers/{param}/invoices" and e["statuses"] == {"200": 1}
            for e in endpoints
        )

    eventually(joined)


def test_nginx_alone_serves_the_same_upstream(tmp_path: Path) -> None:
    """The benchmark's baseline: the same gateway without the plugin."""
    require("nginx")
    upstream = Upstream()
    gateway = Gateway(tmp_path, upstream.port, {"default": {}}, plugin=False).start()
    try:
        status, _, body = request("GET", gateway.port, "/?q=1%27%20OR%201%3D1--")
        assert status == 200 and body.startswith(b'{"ok": true')
    finally:
        gateway.stop()
        upstream.shutdown()
