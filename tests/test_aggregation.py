"""Aggregation, on a real Redis server and in memory: grouping and the gap rule, sampling,
counters, the inventory and its OpenAPI export, consumer groups that never count twice,
a Redis restart under traffic, the overflow counted, the token enforced."""

from __future__ import annotations

import asyncio
import json
import math
import queue
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from node import config
from node.aggregation.backend import Backend, MemoryBackend, RedisBackend
from node.aggregation.model import digest
from node.aggregation.pipeline import QueueSink
from node.aggregation.store import PARAMS_PER_ENDPOINT, P, Query, Store
from node.aggregation.worker import Consumer
from node.events import TrafficRecord
from node.testing import Node, RedisServer, eventually, free_port, request, request_message

HOUR = 3600.0


def _event(
    n: int,
    ts: float,
    *,
    ip: str = "203.0.113.5",
    fragment: str = "1' or 1=1",
    uri: str = "/users/42?q=x",
    kind: str = "sqli",
    verdict: str = "block",
    application: int = 1,
) -> dict[str, Any]:
    return {
        "id": f"r{n}",
        "ts": ts,
        "source": "inline",
        "client_ip": ip,
        "host": "api.example",
        "method": "GET",
        "uri": uri,
        "application": application,
        "mode": "block",
        "verdict": verdict,
        "connector": "test",
        "attacks": [{"type": kind, "point": "query.q", "rule": 1002, "fragment": fragment}],
    }


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "memory":
        yield Store(MemoryBackend())
        return
    server = request.getfixturevalue("redis_server")
    client = redis.Redis.from_url(server.url, decode_responses=True)
    backend: Backend = RedisBackend(client)
    yield Store(backend)
    client.close()


def test_grouping_and_the_gap_rule(store: Store) -> None:
    base = 1_800_000_000.0
    store.ingest_event(_event(1, base), "e1")
    store.ingest_event(_event(2, base + 600, uri="/users/7?q=y"), "e2")  # same template
    store.ingest_event(_event(3, base + 600 + HOUR - 1), "e3")  # within the hour
    store.ingest_event(_event(4, base + 600 + 2 * HOUR), "e4")  # a new attack
    store.ingest_event(_event(5, base, kind="xss"), "e5")  # another type
    attacks = store.attacks()["items"]
    sqli = sorted((a for a in attacks if a["type"] == "sqli"), key=lambda a: a["first_seen"])
    assert [a["hits"] for a in sqli] == [3, 1]
    assert sqli[0]["target"] == "api.example/users/{param}"
    assert sqli[0]["last_seen"] == base + 600 + HOUR - 1
    assert len(attacks) == 3


def test_identical_hits_are_sampled(store: Store) -> None:
    base = 1_800_000_000.0
    for n in range(9):
        store.ingest_event(_event(n, base + n), f"s{n}")
    store.ingest_event(_event(99, base + 50, fragment="other"), "s99")
    (attack,) = store.attacks()["items"]
    assert (attack["hits"], attack["sampled_out"]) == (10, 4)
    detail = store.attack(attack["id"])
    assert detail is not None and len(detail["samples"]) == 6
    assert {s["fragment"] for s in detail["samples"]} == {"1' or 1=1", "other"}
    assert detail["sources"] == [{"ip": "203.0.113.5", "hits": 10}]
    # the next hour keeps five more
    for n in range(6):
        store.ingest_event(_event(200 + n, base + HOUR + n), f"t{n}")
    assert store.attacks()["items"][0]["sampled_out"] == 5


def test_counters_and_filters(store: Store) -> None:
    base = 1_800_000_000.0
    store.ingest_event(_event(1, base, ip="198.51.100.1"), "c1")
    store.ingest_event(_event(2, base + 61, ip="198.51.100.2", verdict="allow"), "c2")
    store.ingest_event(_event(3, base + 62, ip="198.51.100.2", kind="rce", application=7), "c3")
    stats = store.stats()
    assert (stats["requests_with_attacks"], stats["blocked"], stats["monitored"]) == (3, 2, 1)
    assert {t["key"]: t["count"] for t in stats["by_type"]} == {"sqli": 2, "rce": 1}
    assert stats["top_sources"][0] == {"key": "198.51.100.2", "count": 2}
    assert stats["top_targets"][0]["key"] == "api.example/users/{param}"
    assert [p["total"] for p in stats["timeline"]] == [1, 2]
    assert store.stats(since=base + 60)["requests_with_attacks"] == 2
    assert store.attacks(Query(attack_type="rce"))["total"] == 1
    assert store.attacks(Query(application=7))["total"] == 1
    assert store.attacks(Query(ip="198.51.100.1"))["total"] == 1
    assert store.hits(Query(ip="198.51.100.2"))["total"] == 2
    assert store.hits(Query(per_page=1, page=2))["items"][0]["client_ip"] == "198.51.100.2"


def test_an_entry_is_counted_once(store: Store) -> None:
    assert store.ingest_event(_event(1, 1.0), "dup") is True
    assert store.ingest_event(_event(1, 1.0), "dup") is False
    assert store.attacks()["items"][0]["hits"] == 1


def _traffic(
    uri: str, status: int = 200, method: str = "GET", body: str = "", attacked: bool = False
) -> dict[str, Any]:
    return {
        "ts": 1_800_000_000.0,
        "host": "API.example",
        "method": method,
        "uri": uri,
        "status": status,
        "attacked": attacked,
        "application": 1,
        "content_type": "application/json" if body else "",
        "body": body,
    }


def test_inventory_and_openapi(store: Store) -> None:
    uid = iter(range(100))
    for uri in (
        "/users/42?verbose=true",
        "/users/7",
        "/users/0b7c5e8e-2f0e-4c4c-9d1a-0a5f0f0e0d11",
    ):
        store.ingest_traffic(_traffic(uri), f"t{next(uid)}")
    store.ingest_traffic(
        _traffic("/orders", 201, "POST", '{"sku": "A-1", "qty": 2}'), f"t{next(uid)}"
    )
    store.ingest_traffic(_traffic("/orders", 201, "POST", '{"qty": 2.5}'), f"t{next(uid)}")
    store.ingest_traffic(_traffic("/orders", 500, "POST"), f"t{next(uid)}")  # not 2xx
    store.ingest_traffic(_traffic("/admin", attacked=True), f"t{next(uid)}")  # attacked
    store.ingest_traffic(_traffic("/users/1", method="OPTIONS"), f"t{next(uid)}")
    endpoints = {(e["method"], e["template"]): e for e in store.endpoints()["items"]}
    assert set(endpoints) == {("GET", "/users/{param}"), ("POST", "/orders")}
    users = endpoints[("GET", "/users/{param}")]
    assert users["count"] == 3 and users["host"] == "api.example"
    assert users["params"]["query:verbose"]["type"] == "boolean"
    orders = endpoints[("POST", "/orders")]
    assert orders["params"]["body:qty"]["type"] == "number"  # integer, then a float
    assert orders["statuses"] == {"201": 2}
    spec = store.openapi()
    assert spec["openapi"] == "3.1.0"
    operation = spec["paths"]["/users/{param}"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"param", "verbose"}
    body = spec["paths"]["/orders"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["properties"]["sku"] == {"type": "string"}


@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_the_inventory_is_bounded(request: pytest.FixtureRequest, backend: str) -> None:
    """Random paths behind a route that answers any of them, and random parameters, are
    what a client can send: the inventory keeps its newest endpoints and their first
    parameters, and drops what it evicts."""
    if backend == "memory":
        store = Store(MemoryBackend(), max_endpoints=3)
    else:
        server = request.getfixturevalue("redis_server")
        client = redis.Redis.from_url(server.url, decode_responses=True)
        client.flushall()
        store = Store(RedisBackend(client), max_endpoints=3)
    for n, word in enumerate(["alpha", "beta", "gamma", "delta", "epsilon"]):
        record = _traffic(f"/{word}")
        record["ts"] = 1_800_000_000.0 + n
        store.ingest_traffic(record, f"t{n}")
    kept = [e["template"] for e in store.endpoints()["items"]]
    assert sorted(kept) == ["/delta", "/epsilon", "/gamma"]
    evicted = f"{P}endpoint:" + digest("api.example", "GET", "/alpha")
    assert store.backend.hgetall(evicted) == {}
    query = "&".join(f"p{i}=1" for i in range(PARAMS_PER_ENDPOINT + 50))
    store.ingest_traffic(_traffic(f"/epsilon?{query}"), "t-many")
    epsilon = next(e for e in store.endpoints()["items"] if e["template"] == "/epsilon")
    assert len(epsilon["params"]) == PARAMS_PER_ENDPOINT


def test_the_memory_backend_keeps_the_highest_scores() -> None:
    backend = MemoryBackend()
    backend.atomically([], lambda _: [("zadd", "z", {f"m{i}": float(i) for i in range(10)})])
    backend.atomically([], lambda _: [("zremrangebyrank", "z", 20)])  # within the bound
    assert backend.zcard("z") == 10
    backend.atomically([], lambda _: [("zremrangebyrank", "z", 3)])
    assert [m for m, _ in backend.zrevrangebyscore("z", math.inf, 0, 0, 10)] == ["m9", "m8", "m7"]


def test_an_attack_keeps_its_most_frequent_clients_and_expires(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("node.aggregation.store.IPS_PER_ATTACK", 3)
    for n in range(6):
        store.ingest_event(_event(n, 1_800_000_000.0 + n, ip=f"198.51.100.{n % 5}"), f"u{n}")
    (attack,) = store.attacks(Query())["items"]
    assert store.backend.zcard(f"{P}attack:{attack['id']}:ips") == 3
    if isinstance(store.backend, RedisBackend):
        ttl = store.backend.client.ttl(f"{P}attack:{attack['id']}")
        assert 0 < ttl <= 30 * 86400


def _publish(client: redis.Redis, n: int, settings: config.AggregationSettings) -> None:
    for i in range(n):
        client.xadd(settings.events_stream, {"data": json.dumps(_event(i, 1_800_000_000.0 + i))})


def test_a_worker_killed_mid_batch_is_taken_over_without_double_counting(
    redis_server: RedisServer,
) -> None:
    client = redis.Redis.from_url(redis_server.url, decode_responses=True)
    settings = config.AggregationSettings(claim_idle=0.0)
    store = Store(RedisBackend(client))
    first = Consumer(client, store, settings, name="first")
    second = Consumer(client, store, settings, name="second")
    first.ensure_groups()
    _publish(client, 40, settings)
    ((stream, entries),) = first.read(block_ms=100)
    # The first worker stores twelve entries, acknowledges only eight, and dies.
    for entry_id, fields in entries[:12]:
        store.ingest_event(json.loads(fields["data"]), f"{stream}:{entry_id}")
    for entry_id, _ in entries[:8]:
        client.xack(stream, settings.consumer_group, entry_id)
    assert second.step(block_ms=100) == 32  # the 32 pending entries, claimed
    assert second.step(block_ms=100) == 0
    (attack,) = store.attacks()["items"]
    assert attack["hits"] == 40
    assert client.xpending(stream, settings.consumer_group)["pending"] == 0
    client.close()


def _wait(check: Any, timeout: float = 20.0) -> Any:
    tolerate = (OSError, redis.ConnectionError, AssertionError, KeyError)
    return eventually(check, timeout, tolerate)


def _attacks(node: Node, n: int, prefix: str) -> None:
    for i in range(n):
        verdict = node.inspect(request_message(f"/u/{i}?q=1%27%20or%201%3D1--", id=f"{prefix}{i}"))
        assert verdict["verdict"] == "allow" and verdict["attacks"]


def test_redis_restart_under_traffic_loses_nothing_within_the_bound(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    node = Node({"aggregation": {"redis_url": redis_server.url, "buffer_events": 1000}}, tmp_path)
    node.start()
    client = redis.Redis(port=redis_server.port, decode_responses=True)
    try:
        _attacks(node, 20, "a")
        _wait(lambda: client.xlen("node:events") == 20)
        redis_server.stop()
        _attacks(node, 30, "b")  # verdicts keep coming while Redis is away
        # Away until the node has found it gone: it buffers, and says so.
        _wait(lambda: "redis unreachable, buffering events" in node.log())
        redis_server.start()
        _wait(lambda: client.xlen("node:events") == 50)
    finally:
        assert node.stop() == 0, node.log()


def test_overflow_is_dropped_counted_and_logged(redis_server: RedisServer, tmp_path: Path) -> None:
    node = Node({"aggregation": {"redis_url": redis_server.url, "buffer_events": 10}}, tmp_path)
    node.start()
    client = redis.Redis(port=redis_server.port, decode_responses=True)
    try:
        redis_server.stop()
        _attacks(node, 25, "o")
        metrics = node.get(node.metrics_port, "/metrics").body.decode()
        assert "wallarm_gonode_http_connector_server_events_dropped_total 15.0" in metrics
        redis_server.start()
        _wait(lambda: client.xlen("node:events") == 10)
    finally:
        assert node.stop() == 0, node.log()
    assert "event buffer full, oldest events dropped" in node.log()


def test_spool_keeps_what_overflows_the_buffer(redis_server: RedisServer, tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    config = {
        "aggregation": {"redis_url": redis_server.url, "buffer_events": 5, "spool_dir": str(spool)}
    }
    node = Node(config, tmp_path).start()
    client = redis.Redis(port=redis_server.port, decode_responses=True)
    try:
        redis_server.stop()
        _attacks(node, 18, "s")
        assert sum(len(p.read_text().splitlines()) for p in spool.iterdir()) == 13
        redis_server.start()
        _wait(lambda: client.xlen("node:events") == 18)
    finally:
        assert node.stop() == 0, node.log()


def test_events_reach_the_master_through_sentinel(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    port = free_port()
    sentinel_conf = tmp_path / "sentinel.conf"
    sentinel_conf.write_text(
        f"port {port}\nbind 127.0.0.1\ndir {tmp_path}\n"
        f"sentinel monitor mymaster 127.0.0.1 {redis_server.port} 1\n"
    )
    sentinel = subprocess.Popen(
        ["redis-server", str(sentinel_conf), "--sentinel"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    node = None
    try:
        _wait(lambda: redis.Redis(port=port).ping())
        node = Node({"aggregation": {"sentinels": [f"127.0.0.1:{port}"]}}, tmp_path).start()
        _attacks(node, 4, "m")
        master = redis.Redis(port=redis_server.port)
        _wait(lambda: master.xlen("node:events") == 4)
    finally:
        if node is not None:
            assert node.stop() == 0, node.log()
        sentinel.terminate()
        sentinel.wait(10)


def test_serve_pushes_and_aggregate_serves_the_api(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    api_port = free_port()
    aggregate_config = tmp_path / "aggregate.yaml"
    aggregate_config.write_text(
        f"aggregation: {{redis_url: '{redis_server.url}'}}\n"
        f"api: {{listen_address: '127.0.0.1:{api_port}', token: s3cret}}\n"
    )
    aggregator = subprocess.Popen(
        [sys.executable, "-m", "node", "aggregate", "--config", str(aggregate_config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    (tmp_path / "node").mkdir()
    node = Node({"aggregation": {"redis_url": redis_server.url}}, tmp_path / "node").start()
    try:
        _attacks(node, 5, "x")
        reply = node.post(
            "/v1/mirror",
            [
                request_message("/shop/items/12?view=full", id="inv-1"),
                {"v": 1, "kind": "response", "id": "inv-1", "status": 200, "headers": []},
            ],
        )
        assert reply.status == 202
        auth = {"Authorization": "Bearer s3cret"}

        def attacks() -> list[dict[str, Any]]:
            reply = request("GET", api_port, "/api/v1/attacks", headers=auth)
            items: list[dict[str, Any]] = json.loads(reply.body)["items"]
            return items if items and items[0]["hits"] == 5 else []

        assert _wait(attacks)[0]["type"] == "sqli"
        endpoints = _wait(
            lambda: json.loads(request("GET", api_port, "/api/v1/endpoints", headers=auth).body)[
                "items"
            ]
        )
        assert endpoints[0]["template"] == "/shop/items/{param}"
        assert request("GET", api_port, "/api/v1/attacks").status == 401
        assert (
            request(
                "GET", api_port, "/api/v1/stats", headers={"Authorization": "Bearer wrong"}
            ).status
            == 401
        )
    finally:
        assert node.stop() == 0, node.log()
        aggregator.send_signal(signal.SIGTERM)
        aggregator.wait(15)


def test_token_is_enforced_and_loopback_only_without_one(tmp_path: Path) -> None:
    node = Node({"api": {"token": "t0ken"}}, tmp_path).start()
    try:
        node.inspect(request_message("/?q=1%27%20or%201%3D1--"))
        good = {"Authorization": "Bearer t0ken"}
        assert request("GET", node.api_port, "/api/v1/attacks").status == 401
        assert _wait(
            lambda: (
                json.loads(request("GET", node.api_port, "/api/v1/attacks", headers=good).body)[
                    "total"
                ]
                == 1
            )
        )
        assert request("GET", node.api_port, "/").status == 200  # the page holds no data
        bad = request("GET", node.api_port, "/api/v1/attacks?from=yesterday", headers=good)
        assert bad.status == 400 and "'from'" in json.loads(bad.body)["error"]
    finally:
        assert node.stop() == 0, node.log()
    with pytest.raises(config.ConfigError, match=r"beyond loopback; set api\.token"):
        config.parse({"api": {"listen_address": "0.0.0.0:8800"}}, env={})
    assert config.parse({"api": {"listen_address": "0.0.0.0:8800", "token": "x"}}, env={})


def _record(n: int) -> TrafficRecord:
    return TrafficRecord(f"r{n}", 1.0, "api.example.com", "GET", "/a", 200, -1, False)


def test_a_worker_hands_records_over_in_batches() -> None:
    """One queue put per request cost the worker a tenth of a verdict: records go a batch
    at a time, when it is full, every FLUSH_SECONDS, and at shutdown."""
    target: queue.Queue[Any] = queue.Queue()
    sink = QueueSink(target)

    async def scenario() -> None:
        sink.start()
        for n in range(QueueSink.BATCH + 3):
            sink.record(_record(n))
        assert target.qsize() == 1  # the full batch went at once
        await asyncio.sleep(QueueSink.FLUSH_SECONDS * 2)
        assert target.qsize() == 2  # the rest, by the clock
        sink.record(_record(-1))
        await sink.close(1.0)

    asyncio.run(scenario())
    batches = [target.get_nowait() for _ in range(target.qsize())]
    assert [len(b) for b in batches] == [QueueSink.BATCH, 3, 1]
    assert [p["id"] for _, p in batches[1]] == [f"r{n}" for n in range(64, 67)]


def test_a_full_queue_drops_a_batch_and_counts_it() -> None:
    sink = QueueSink(queue.Queue(maxsize=1))
    for n in range(2 * QueueSink.BATCH):
        sink.record(_record(n))
    assert sink.dropped == QueueSink.BATCH
