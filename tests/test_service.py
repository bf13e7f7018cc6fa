"""The processing service end to end: a real `filtering-node serve` on free loopback
ports, spoken to over real sockets in MessagePack and JSON."""

from __future__ import annotations

import asyncio
import http.client
import json
import queue
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import msgpack
import pytest
from prometheus_client import CollectorRegistry, Counter, Histogram

from node import config
from node.aggregation.pipeline import QueueSink
from node.app import _ms, create_app
from node.inspector import Inspector
from node.metrics import FLUSH_SECONDS, Tally
from node.testing import Node, eventually, free_port, request, request_message

CONFIG: dict[str, Any] = {
    "version": 4,
    "mode": "connector-server",
    "connector": {"blocking": True, "allowed_hosts": ["api.example.com", "*.example.org"]},
    "route_config": {
        "wallarm_mode": "block",
        "wallarm_application": 1,
        "routes": [
            {"route": "/off", "wallarm_mode": "off"},
            {"route": "/monitoring", "wallarm_mode": "monitoring", "wallarm_application": 2},
            {"route": "/safe_blocking", "wallarm_mode": "safe_blocking"},
            {"route": "= /exact", "wallarm_application": 42},
            {
                "route": "/snippets",
                "exclusions": [{"points": ["post.json.code"], "attacks": ["sqli", "rce"]}],
            },
        ],
    },
    "proxy_headers": [
        {
            "trusted_networks": ["198.51.100.0/24"],
            "real_ip": ["X-Forwarded-For"],
            "original_host": ["X-Forwarded-Host"],
        },
    ],
    "ip_lists": {"allow": ["192.0.2.1"], "deny": ["192.0.2.2"], "gray": ["192.0.2.3"]},
    "limits": {"max_message_bytes": 65536, "mirror_queue": 4},
    "block_response": {"status": 451, "headers": {"Content-Type": "text/plain"}, "body": "no"},
}
SQLI = "/x?q=1%27%20OR%201%3D1--"


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    started = Node(json.loads(json.dumps(CONFIG)), tmp_path_factory.mktemp("node")).start()
    yield started
    assert started.stop() == 0, started.log()


def test_the_ports_tests_take_are_never_handed_out_twice() -> None:
    # Two thousand binds to port 0 in a row get some port twice, almost surely.
    ports = [free_port() for _ in range(2000)]
    assert len(set(ports)) == len(ports)


def test_inspect_msgpack_verdict(node: Node) -> None:
    verdict = node.inspect(request_message(SQLI, id="m-1"))
    assert verdict["v"] == 1 and verdict["id"] == "m-1"
    assert (verdict["verdict"], verdict["mode"], verdict["application"]) == ("block", "block", 1)
    assert verdict["attacks"][0]["type"] == "sqli" and verdict["attacks"][0]["point"] == "query.q"
    assert verdict["status"] == 451 and verdict["body"] == b"no"
    assert verdict["headers"] == [["Content-Type", "text/plain"]]
    assert verdict["ms"] >= 0


@pytest.mark.parametrize(
    ("seconds", "ms"),
    [(0.0, 0.0), (0.0000004, 0.0), (0.0000006, 0.001), (0.0012346, 1.235), (1.5, 1500.0)],
)
def test_a_verdict_takes_its_milliseconds_to_the_microsecond(seconds: float, ms: float) -> None:
    assert _ms(seconds) == ms


def test_inspect_json_verdict(node: Node) -> None:
    reply = node.post("/v1/inspect", request_message("/exact", id="j-1"), "application/json")
    assert reply.status == 200 and reply.headers["content-type"].startswith("application/json")
    verdict = reply.document()
    assert (verdict["verdict"], verdict["application"], verdict["attacks"]) == ("allow", 42, [])


@pytest.mark.parametrize("route", ["/off", "/monitoring", "/safe_blocking", "/block"])
@pytest.mark.parametrize("client", ["192.0.2.1", "192.0.2.2", "192.0.2.3", "203.0.113.4"])
def test_modes_and_ip_lists(node: Node, route: str, client: str) -> None:
    mode = route.strip("/")
    verdict = node.inspect(request_message(f"{route}?q=1%27%20OR%201%3D1--", client_ip=client))
    expected = {
        "192.0.2.1": "allow",
        "192.0.2.2": "allow" if mode == "off" else "block",
        "192.0.2.3": "block" if mode in ("safe_blocking", "block") else "allow",
        "203.0.113.4": "block" if mode == "block" else "allow",
    }[client]
    assert (verdict["mode"], verdict["verdict"]) == (mode, expected)
    analysed = mode != "off" and client not in ("192.0.2.1", "192.0.2.2")
    assert bool(verdict["attacks"]) == analysed


def test_proxy_headers_give_the_real_client(node: Node) -> None:
    forwarded = [
        ["X-Forwarded-For", "192.0.2.2, 198.51.100.20"],  # the client, then a trusted hop
        ["X-Forwarded-Host", "api.example.com"],
    ]
    trusted = node.inspect(request_message("/", client_ip="198.51.100.9", headers=forwarded))
    untrusted = node.inspect(request_message("/", client_ip="203.0.113.9", headers=forwarded))
    assert trusted["verdict"] == "block"  # 192.0.2.2 is denylisted
    assert untrusted["verdict"] == "allow"


def test_hosts_outside_allowed_hosts_are_passed_unanalysed(node: Node) -> None:
    verdict = node.inspect(request_message(SQLI, host="evil.example.net"))
    assert (verdict["mode"], verdict["verdict"], verdict["attacks"]) == ("off", "allow", [])
    assert node.inspect(request_message(SQLI, host="a.example.org"))["verdict"] == "block"


QUERY = "SELECT name FROM users WHERE id = 1 UNION SELECT password FROM admins --"


def _posted(node: Node, route: str, field: str, code: str) -> dict[str, Any]:
    body = json.dumps({field: code}).encode()
    headers = [["Host", "api.example.com"], ["Content-Type", "application/json"]]
    return node.inspect(request_message(route, method="POST", headers=headers, body=body))


def test_route_exclusions_set_aside_hits_at_their_points_only(node: Node) -> None:
    assert _posted(node, "/snippets/7", "code", QUERY)["verdict"] == "allow"
    assert _posted(node, "/snippets/7", "title", QUERY)["verdict"] == "block"  # another field
    assert _posted(node, "/notes", "code", QUERY)["verdict"] == "block"  # another route
    script = _posted(node, "/snippets/7", "code", "<script>alert(document.cookie)</script>")
    assert [a["type"] for a in script["attacks"]] == ["xss"]  # not an excluded type


@pytest.mark.parametrize(
    ("body", "content_type", "status", "fragment"),
    [
        (b"\xc1\xc1", "application/msgpack", 400, "not valid MessagePack"),
        (b"{", "application/json", 400, "not valid JSON"),
        (
            msgpack.packb({"v": 1, "kind": "request", "id": "x"}),
            "application/msgpack",
            400,
            "missing required key 'method'",
        ),
        (b"hello", "text/plain", 415, "Content-Type must be application/msgpack"),
        (b"x" * 70000, "application/json", 413, "over the 65536-byte limit"),
    ],
)
def test_errors(node: Node, body: bytes, content_type: str, status: int, fragment: str) -> None:
    reply = request(
        "POST", node.connector_port, "/v1/inspect", body, {"Content-Type": content_type}
    )
    assert reply.status == status
    error = (
        msgpack.unpackb(reply.body)
        if content_type == "application/msgpack"
        else json.loads(reply.body)
    )["error"]
    assert fragment in error


def test_mirror_rejects_a_malformed_message_alone(node: Node) -> None:
    batch = [
        request_message(SQLI, id="b-1"),
        {"v": 1, "kind": "request", "id": "b-2"},
        {"v": 1, "kind": "response", "id": "b-1", "status": 200, "headers": []},
    ]
    reply = node.post("/v1/mirror", batch)
    assert reply.status == 202
    ack = reply.document()
    assert (ack["accepted"], ack["rejected"]) == (2, 1)
    assert ack["errors"][0]["index"] == 1 and "'method'" in ack["errors"][0]["error"]


def test_mirror_single_malformed_message_is_400(node: Node) -> None:
    assert node.post("/v1/mirror", {"v": 1, "kind": "request"}).status == 400


def test_mirror_full_queue_is_503_and_accepts_nothing(node: Node) -> None:
    reply = node.post("/v1/mirror", [request_message("/", id=f"q-{i}") for i in range(5)])
    assert reply.status == 503 and reply.headers["retry-after"] == "1"
    assert "nothing was accepted" in reply.document()["error"]


def test_mirror_refuses_a_batch_too_big_for_the_queue_before_decoding_it(node: Node) -> None:
    # A MessagePack array of 5 announced up front, then bytes that do not decode: the
    # refusal comes from the header alone (503), not from the body (400).
    body = b"\x95" + b"\xc1" * 64
    headers = {"Content-Type": "application/msgpack"}
    reply = request("POST", node.connector_port, "/v1/mirror", body, headers)
    assert reply.status == 503, reply.body


def test_metrics_count_messages_attacks_and_rejections(node: Node) -> None:
    def metrics() -> dict[str, float]:
        text = node.get(node.metrics_port, "/metrics").body.decode()
        prefix = "wallarm_gonode_http_connector_server_"
        return {
            name.removeprefix(prefix): float(value)
            for name, value in (line.rsplit(" ", 1) for line in text.splitlines())
            if name.startswith(prefix)
        }

    # Per-message counters are written every FLUSH_SECONDS: let earlier counts land, then
    # wait for these three to.
    seen = 'messages_seen_total{endpoint="inspect"}'
    time.sleep(FLUSH_SECONDS + 0.5)
    before = metrics().get(seen, 0.0)
    for _ in range(3):
        node.inspect(request_message(SQLI))
    _posted(node, "/snippets/1", "code", QUERY)  # a hit set aside by an exclusion
    malformed = request(
        "POST", node.connector_port, "/v1/inspect", b"\xc1", {"Content-Type": "application/msgpack"}
    )
    assert malformed.status == 400
    after = eventually(lambda: (m := metrics()).get(seen, 0) >= before + 3 and m, timeout=5)
    assert after['messages_processed_total{endpoint="inspect"}'] >= 3
    for name in (
        "requests_blocked_total",
        'attacks_total{type="sqli"}',
        'attacks_excluded_total{type="sqli"}',
        'messages_rejected_total{endpoint="inspect",reason="decode"}',
        'processing_seconds_bucket{endpoint="inspect",le="+Inf"}',
        "mirror_queue_full_total",
        "mirror_queue_depth",
    ):
        assert name in after, name


def test_tally_writes_each_counter_once_per_flush() -> None:
    registry = CollectorRegistry()
    child = Counter("tally_probe", "probe", ["endpoint"], registry=registry).labels("inspect")

    def value() -> float | None:
        return registry.get_sample_value("tally_probe_total", {"endpoint": "inspect"})

    tally = Tally()
    for _ in range(5):
        tally.inc(child)
    tally.inc(child, 2)
    assert value() == 0  # nothing written before the flush
    tally.flush()
    assert value() == 7
    tally.flush()  # nothing pending: nothing added
    assert value() == 7


def test_tally_observations_land_as_direct_ones_would() -> None:
    """Observations kept by the tally end up in the same buckets, count and sum as the
    same observations made directly (bounds included: an amount equal to a bound is in
    that bound's bucket)."""
    registry = CollectorRegistry()
    buckets = (0.001, 0.01, 0.1)
    direct = Histogram("direct", "probe", buckets=buckets, registry=registry)
    tallied = Histogram("tallied", "probe", buckets=buckets, registry=registry)
    amounts = (0.0005, 0.001, 0.002, 0.01, 0.05, 0.1, 0.5, 3.0)
    tally = Tally()
    for amount in amounts:
        direct.observe(amount)
        tally.observe(tallied, amount)
    assert registry.get_sample_value("tallied_count") == 0  # nothing before the flush

    def samples(name: str) -> list[tuple[str, dict[str, str], float]]:
        (metric,) = (m for m in registry.collect() if m.name == name)
        return [
            (s.name.removeprefix(name), s.labels, s.value)
            for s in metric.samples
            if not s.name.endswith("_created")
        ]

    tally.flush()
    assert samples("tallied") == samples("direct")
    assert registry.get_sample_value("tallied_count") == len(amounts)


def _call(app: Any, body: bytes, peer: str = "127.0.0.1") -> tuple[int, dict[str, Any]]:
    """The status and document an application answers a connector message with, called
    in this process."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/inspect",
        "raw_path": b"/v1/inspect",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/msgpack")],
        "client": (peer, 40000),
        "server": ("127.0.0.1", 5000),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], msgpack.unpackb(sent[1]["body"])


def test_starlette_routes_reach_the_same_handlers() -> None:
    """POST to a connector endpoint skips Starlette; the routed application behind gives
    the same answer, so that it stays a whole application on its own."""
    settings = config.parse({"route_config": {"wallarm_mode": "block"}})
    direct = create_app(Inspector(settings, QueueSink(queue.Queue())))
    body = msgpack.packb(request_message("/search?q=1%27%20OR%201%3D1--", id="same"))
    answers = [_call(app, body) for app in (direct, direct.app)]
    for status, verdict in answers:
        assert status == 200 and verdict["verdict"] == "block", verdict
    assert answers[0][1]["attacks"] == answers[1][1]["attacks"]


def test_the_connector_reads_the_settings_a_reload_swapped_in() -> None:
    """What the connector and the policy keep of the settings for every message (the
    networks allowed, the size limit, blocking) follows a reload."""
    inspector = Inspector(
        config.parse({"connector": {"allowed_networks": ["10.0.0.0/8"]}}),
        QueueSink(queue.Queue()),
    )
    app = create_app(inspector)
    body = msgpack.packb(request_message("/search?q=1%27%20OR%201%3D1--", body=b"x" * 2000))
    assert _call(app, body)[0] == 403
    reloaded = {
        "connector": {"allowed_networks": ["127.0.0.0/8"]},
        "route_config": {"wallarm_mode": "block"},
    }
    inspector.configure(config.parse(reloaded))
    status, verdict = _call(app, body)
    assert (status, verdict["verdict"]) == (200, "block")
    inspector.configure(config.parse({**reloaded, "limits": {"max_message_bytes": 1024}}))
    assert _call(app, body)[0] == 413
    never = {"allowed_networks": ["127.0.0.0/8"], "blocking": False}
    inspector.configure(config.parse({**reloaded, "connector": never}))
    status, verdict = _call(app, body)
    assert (status, verdict["verdict"]) == (200, "allow")


def test_health(node: Node) -> None:
    assert node.get(node.health_port, "/live").status == 200
    ready = node.get(node.health_port, "/ready")
    assert ready.status == 200 and json.loads(ready.body)["workers"] == 1


def test_other_methods_and_paths_are_refused_by_the_router(node: Node) -> None:
    # POST to the two endpoints goes straight to its handler; anything else is routed.
    assert node.get(node.connector_port, "/v1/inspect").status == 405
    assert request("POST", node.connector_port, "/v1/other", b"{}").status == 404
    assert request("PUT", node.connector_port, "/v1/mirror", b"{}").status == 405


def test_allowed_networks_refuse_other_peers(tmp_path: Path) -> None:
    node = Node({"connector": {"allowed_networks": ["10.0.0.0/8"]}}, tmp_path).start()
    try:
        reply = node.post("/v1/inspect", request_message("/"))
        assert reply.status == 403
        assert "outside connector.allowed_networks" in reply.document()["error"]
        # The peer is the TCP peer: no header of the request can name another one.
        for header in ("X-Forwarded-For", "X-Real-IP", "Forwarded"):
            spoofed = node.post("/v1/inspect", request_message("/"), **{header: "10.0.0.1"})
            assert spoofed.status == 403, header
    finally:
        assert node.stop() == 0


def test_per_connection_request_limit_closes_the_connection(tmp_path: Path) -> None:
    node = Node(
        {
            "connector": {
                "per_connection_limits": {"max_requests": 2},
                "external_health_check": {"enabled": True, "endpoint": "/wallarm-health"},
            }
        },
        tmp_path,
    ).start()
    try:
        with socket.create_connection(("127.0.0.1", node.connector_port), timeout=5) as sock:
            ask = b"GET /wallarm-health HTTP/1.1\r\nHost: node\r\n\r\n"
            sock.sendall(ask)
            first = _response(sock)
            assert first.startswith(b"http/1.1 200") and b"connection: close" not in first
            sock.sendall(ask)
            assert b"connection: close" in _response(sock)
            assert sock.recv(4096) == b""  # the node closed the connection after the second
    finally:
        assert node.stop() == 0


def test_per_connection_byte_limit_closes_the_connection(tmp_path: Path) -> None:
    node = Node(
        {
            "connector": {
                "per_connection_limits": {"max_received_bytes": 64},
                "external_health_check": {"enabled": True, "endpoint": "/h"},
            }
        },
        tmp_path,
    ).start()
    try:
        with socket.create_connection(("127.0.0.1", node.connector_port), timeout=5) as sock:
            sock.sendall(b"GET /h HTTP/1.1\r\nHost: node\r\nX-Padding: " + b"x" * 80 + b"\r\n\r\n")
            assert b"connection: close" in _response(sock)
            assert sock.recv(4096) == b""
    finally:
        assert node.stop() == 0


def test_tls_connector(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    node = Node({"connector": {"tls_cert": str(cert), "tls_key": str(key)}}, tmp_path).start()
    try:
        context = ssl.create_default_context(cafile=str(cert))
        context.check_hostname = False
        connection = http.client.HTTPSConnection(
            "127.0.0.1", node.connector_port, context=context, timeout=10
        )
        body = msgpack.packb(request_message(SQLI))
        connection.request("POST", "/v1/inspect", body, {"Content-Type": "application/msgpack"})
        response = connection.getresponse()
        assert response.status == 200
        assert msgpack.unpackb(response.read())["attacks"][0]["type"] == "sqli"
        connection.close()
    finally:
        assert node.stop() == 0


def test_workers_share_the_port_reload_on_sighup_and_restart(tmp_path: Path) -> None:
    config = {"http_inspector": {"workers": 2}, "route_config": {"wallarm_mode": "monitoring"}}
    node = Node(config, tmp_path).start()
    try:
        assert json.loads(node.get(node.health_port, "/ready").body)["workers"] == 2
        workers = node.worker_pids()
        assert len(workers) == 2
        assert node.inspect(request_message(SQLI))["verdict"] == "allow"
        # Each worker put its engine out of the cyclic collector's sight before serving.
        ready = [r for r in _records(node) if r.get("event") == "worker ready"]
        assert sorted(r["pid"] for r in ready) == sorted(workers)
        assert all(r["frozen_objects"] > 10_000 for r in ready)

        node.write({"http_inspector": {"workers": 2}, "route_config": {"wallarm_mode": "block"}})
        node.signal(signal.SIGHUP)
        _eventually(
            lambda: all(node.inspect(request_message(SQLI))["verdict"] == "block" for _ in range(8))
        )

        node.write({"route_config": {"wallarm_mode": "sometimes"}})  # invalid: kept old
        node.signal(signal.SIGHUP)
        _eventually(lambda: "configuration reload failed" in node.log())
        assert node.inspect(request_message(SQLI))["verdict"] == "block"

        import os

        os.kill(workers[0], signal.SIGKILL)
        _eventually(lambda: "worker died, restarting" in node.log())
        _eventually(lambda: node.get(node.health_port, "/ready").status == 200)
        assert len(node.worker_pids()) == 2
    finally:
        assert node.stop() == 0, node.log()
    assert '"event": "stopped"' in node.log()


def test_a_request_cut_short_by_the_time_limit_is_blocked_as_an_attack(tmp_path: Path) -> None:
    """What the time limit leaves unread may hold an attack: in block mode such a request
    is blocked (wallarm_process_time_limit_block: attack, the default), unless `off`."""
    inspector: dict[str, Any] = {"wallarm_process_time_limit": "1ms"}
    settings = {"route_config": {"wallarm_mode": "block"}, "http_inspector": inspector}
    node = Node(json.loads(json.dumps(settings)), tmp_path).start()
    prose = "Can you select the best option from the list and drop me a line when it's done?"
    sent = count()

    def message() -> dict[str, Any]:
        # Values of their own each time: a worker remembers the verdicts of the values it
        # read before the limit, and a request of only remembered values is read in time.
        round_ = next(sent)
        document = {f"note{i}": f"{prose} ({round_}.{i})" for i in range(300)}
        return request_message(
            "/notes",
            method="POST",
            headers=[["Host", "api.example.com"], ["Content-Type", "application/json"]],
            body=json.dumps(document).encode(),
        )

    try:
        verdict = node.inspect(message())
        assert verdict["verdict"] == "block"
        assert [a["type"] for a in verdict["attacks"]] == ["overlimit"]
        assert "time limit of 0.001s reached" in verdict["attacks"][0]["fragment"]

        inspector["wallarm_process_time_limit_block"] = "off"
        node.write(json.loads(json.dumps(settings)))
        node.signal(signal.SIGHUP)
        _eventually(lambda: node.inspect(message())["verdict"] == "allow")
        assert [a["type"] for a in node.inspect(message())["attacks"]] == ["overlimit"]
    finally:
        assert node.stop() == 0, node.log()


def test_half_a_surrogate_pair_in_a_json_message_gets_a_verdict(node: Node) -> None:
    body = json.dumps(request_message("/x?q=%3Cscript%3Ealert(1)\ud800")).encode()
    assert b"\\ud800" in body  # JSON escapes it; no UTF-8 can hold it
    reply = request(
        "POST", node.connector_port, "/v1/inspect", body, {"Content-Type": "application/json"}
    )
    verdict = json.loads(reply.body)
    assert (reply.status, verdict["verdict"]) == (200, "block")
    assert verdict["attacks"][0]["type"] == "xss"


def test_shutdown_finishes_in_flight_and_drains_the_mirror_queue(tmp_path: Path) -> None:
    node = Node({}, tmp_path).start()
    reply = node.post("/v1/mirror", [request_message(SQLI, id=f"d-{i}") for i in range(50)])
    assert reply.status == 202
    assert node.stop() == 0
    log = node.log()
    assert '"event": "mirror queue drained"' in log and '"dropped": 0' in log


def test_connector_port_speaks_plain_http_keepalive(node: Node) -> None:
    with socket.create_connection(("127.0.0.1", node.connector_port), timeout=5) as sock:
        body = msgpack.packb(request_message("/"))
        head = (
            f"POST /v1/inspect HTTP/1.1\r\nHost: node\r\nContent-Type: application/msgpack"
            f"\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        for _ in range(3):
            sock.sendall(head + body)
            data = b""
            while b"\r\n\r\n" not in data:
                data += sock.recv(4096)
            headers, _, rest = data.partition(b"\r\n\r\n")
            length = int(
                next(
                    line.split(b":")[1]
                    for line in headers.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                )
            )
            while len(rest) < length:
                rest += sock.recv(4096)
            assert headers.startswith(b"HTTP/1.1 200")


def _records(node: Node) -> list[dict[str, Any]]:
    """The node's log lines that are JSON records."""
    return [json.loads(line) for line in node.log().splitlines() if line.startswith("{")]


def _response(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    head, _, rest = data.partition(b"\r\n\r\n")
    length = int(
        next(
            line.split(b":")[1]
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
    )
    while len(rest) < length:
        rest += sock.recv(4096)
    return head.lower()


def _eventually(check: Any, timeout: float = 15.0) -> None:
    eventually(check, timeout, tolerate=(AssertionError, OSError))


def test_a_body_sent_in_pieces_is_read_whole(node: Node) -> None:
    # Chunked, seven bytes per chunk and per write: the body is assembled, not truncated.
    body = msgpack.packb(request_message(SQLI, id="pieces"))
    connection = http.client.HTTPConnection("127.0.0.1", node.connector_port, timeout=5)
    pieces = (body[start : start + 7] for start in range(0, len(body), 7))
    connection.request(
        "POST",
        "/v1/inspect",
        body=pieces,
        headers={"Content-Type": "application/msgpack"},
        encode_chunked=True,
    )
    reply = connection.getresponse()
    verdict = msgpack.unpackb(reply.read())
    connection.close()
    assert reply.status == 200
    assert (verdict["id"], verdict["verdict"]) == ("pieces", "block")
