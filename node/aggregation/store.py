"""Aggregation proper: hit events grouped into attacks, sampled, counted; traffic records
folded into the API inventory; and the queries the API answers.

Keys (all under `agg:`): `done:{uid}` marks an ingested entry; `group:{key}` is the open
attack of a (type, point, target) group; `attack:{id}` its document, `attack:{id}:ips` its
sources and `attack:{id}:hits` its kept samples; `hit:{id}` a sampled hit; `stats:{minute}`
the counters of a minute; `endpoint:{key}` an inventory entry. Sorted sets `attacks`,
`hits`, `stats` and `endpoints` index them by time.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from node.aggregation.backend import Backend, Op, Reader
from node.aggregation.model import (
    GAP_SECONDS,
    SAMPLES_PER_HOUR,
    digest,
    group_key,
    merge_types,
    openapi,
    parameters,
    target,
    template,
)
from node.points import path_and_query

P = "agg:"
DONE_SECONDS = 2 * 86400
RETENTION_SECONDS = 30 * 86400
SAMPLES_PER_ATTACK = 100
# The inventory is learnt from what clients send: behind a route that answers any path,
# random paths, hosts and parameter names are endpoints too. Past these bounds the
# endpoint seen longest ago makes room, and an endpoint keeps the parameters it has.
PARAMS_PER_ENDPOINT = 100
TEMPLATE_CHARS = 512
# Client addresses counted per attack: the most frequent are kept (a botnet's spread is).
IPS_PER_ATTACK = 1000


@dataclass(frozen=True, slots=True)
class Query:
    """Which attacks or hits to list: a time window, optionally one attack type,
    application and client address, and the page to return."""

    since: float = 0
    until: float = math.inf
    attack_type: str | None = None
    application: int | None = None
    ip: str | None = None
    page: int = 1
    per_page: int = 50


class Store:
    def __init__(
        self,
        backend: Backend,
        max_hits: int = 200_000,
        max_attacks: int = 50_000,
        max_endpoints: int = 20_000,
    ) -> None:
        self.backend = backend
        self.max_hits = max_hits
        self.max_attacks = max_attacks
        self.max_endpoints = max_endpoints

    # -- ingestion -----------------------------------------------------------------------

    def ingest_event(self, event: dict[str, Any], uid: str) -> bool:
        """Fold one hit event in; False if `uid` was already ingested."""
        ts = float(event["ts"])
        host, uri = str(event["host"]), str(event["uri"])
        by_type: dict[str, dict[str, Any]] = {}
        for hit in event["attacks"]:
            if hit["type"] != "overlimit":
                by_type.setdefault(hit["type"], hit)  # one hit per attack type per request
        groups = {t: group_key(t, h["point"], host, uri) for t, h in by_type.items()}
        watch = [f"{P}done:{uid}", *(f"{P}group:{g}" for g in groups.values())]
        blocked = event["verdict"] == "block"

        def build(reader: Reader) -> list[Op] | None:
            if reader.get(f"{P}done:{uid}") is not None:
                return None
            ops: list[Op] = [("set", f"{P}done:{uid}", "1", DONE_SECONDS)]
            minute = f"{P}stats:{int(ts // 60) * 60}"
            counters = Counter({"total": 1, "blocked" if blocked else "monitored": 1})
            counters[f"app:{event['application']}"] += 1
            counters[f"host:{host}"] += 1
            counters[f"ip:{event['client_ip']}"] += 1
            counters[f"target:{target(host, uri)}"] += 1
            for attack_type, hit in by_type.items():
                counters[f"type:{attack_type}"] += 1
                ops += self._attack_ops(reader, event, hit, groups[attack_type], uid, ts, blocked)
            ops += [("hincrby", minute, name, n) for name, n in counters.items()]
            ops += [
                ("expire", minute, RETENTION_SECONDS),
                ("zadd", f"{P}stats", {minute: int(ts // 60) * 60}),
            ]
            return ops

        return self.backend.atomically(watch, build)

    def _attack_ops(
        self,
        reader: Reader,
        event: dict[str, Any],
        hit: dict[str, Any],
        group: str,
        uid: str,
        ts: float,
        blocked: bool,
    ) -> list[Op]:
        state = reader.hgetall(f"{P}group:{group}")
        last = float(state.get("last_seen", "-inf"))
        ops: list[Op] = []
        if state and ts - last <= GAP_SECONDS:
            attack_id = state["attack_id"]
        else:
            attack_id = digest(group, ts)
            ops.append(
                (
                    "hset",
                    f"{P}attack:{attack_id}",
                    {
                        "id": attack_id,
                        "type": hit["type"],
                        "point": hit["point"],
                        "host": event["host"],
                        "target": target(str(event["host"]), str(event["uri"])),
                        "application": event["application"],
                        "first_seen": ts,
                        "last_seen": ts,
                        "hits": 0,
                        "blocked": 0,
                        "monitored": 0,
                        "sampled_out": 0,
                    },
                )
            )
        newest = max(ts, last) if state else ts
        ops += [
            ("hset", f"{P}group:{group}", {"attack_id": attack_id, "last_seen": newest}),
            ("expire", f"{P}group:{group}", RETENTION_SECONDS),
            ("hset", f"{P}attack:{attack_id}", {"last_seen": newest}),
            ("hincrby", f"{P}attack:{attack_id}", "hits", 1),
            ("hincrby", f"{P}attack:{attack_id}", "blocked" if blocked else "monitored", 1),
            ("expire", f"{P}attack:{attack_id}", RETENTION_SECONDS),
            ("zincrby", f"{P}attack:{attack_id}:ips", event["client_ip"], 1),
            ("zremrangebyrank", f"{P}attack:{attack_id}:ips", IPS_PER_ATTACK),
            ("expire", f"{P}attack:{attack_id}:ips", RETENTION_SECONDS),
            ("zadd", f"{P}attacks", {attack_id: newest}),
            ("zremrangebyrank", f"{P}attacks", self.max_attacks),
        ]
        # Identical hits (same attack, point and fragment) are sampled: the first few of
        # each hour are kept, the rest only counted.
        signature = digest(hit["point"], hit.get("fragment", ""))
        bucket = f"{P}samples:{attack_id}:{int(ts // 3600)}"
        if int(reader.hget(bucket, signature) or 0) >= SAMPLES_PER_HOUR:
            return [*ops, ("hincrby", f"{P}attack:{attack_id}", "sampled_out", 1)]
        hit_id = digest(uid, hit["type"])
        document = {
            "id": hit_id,
            "attack_id": attack_id,
            "ts": ts,
            "request_id": event["id"],
            "source": event["source"],
            "client_ip": event["client_ip"],
            "host": event["host"],
            "method": event["method"],
            "uri": event["uri"],
            "application": event["application"],
            "mode": event["mode"],
            "verdict": event["verdict"],
            "type": hit["type"],
            "point": hit["point"],
            "rule": hit["rule"],
            "fragment": hit.get("fragment", ""),
            "attacks": [h["type"] for h in event["attacks"]],
        }
        return [
            *ops,
            ("hincrby", bucket, signature, 1),
            ("expire", bucket, 7200),
            ("set", f"{P}hit:{hit_id}", json.dumps(document), RETENTION_SECONDS),
            ("zadd", f"{P}hits", {hit_id: ts}),
            ("zremrangebyrank", f"{P}hits", self.max_hits),
            ("lpush", f"{P}attack:{attack_id}:hits", hit_id),
            ("ltrim", f"{P}attack:{attack_id}:hits", SAMPLES_PER_ATTACK),
            ("expire", f"{P}attack:{attack_id}:hits", RETENTION_SECONDS),
        ]

    def ingest_traffic(self, record: dict[str, Any], uid: str) -> bool:
        """Fold a request/response pair into the inventory: 2xx, no attack, not OPTIONS or
        HEAD."""
        status, method = int(record["status"]), str(record["method"]).upper()
        if not 200 <= status < 300 or record["attacked"] or method in ("OPTIONS", "HEAD"):
            return False
        host = str(record["host"]).lower()[:TEMPLATE_CHARS]
        path = template(path_and_query(str(record["uri"]))[0] or "/")[:TEMPLATE_CHARS]
        key = f"{P}endpoint:{digest(host, method, path)}"
        evicted = self._room_for(key)
        ts = float(record["ts"])
        found = parameters(
            str(record["uri"]),
            str(record.get("content_type", "")),
            str(record.get("body", "")).encode(),
        )

        def build(reader: Reader) -> list[Op] | None:
            if reader.get(f"{P}done:{uid}") is not None:
                return None
            current = reader.hgetall(key)
            params: dict[str, dict[str, str]] = json.loads(current.get("params", "{}"))
            for name, param in found.items():
                if name in params:
                    params[name]["type"] = merge_types(params[name]["type"], param["type"])
                elif len(params) < PARAMS_PER_ENDPOINT:
                    params[name] = param
            statuses: dict[str, int] = json.loads(current.get("statuses", "{}"))
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            return [
                ("set", f"{P}done:{uid}", "1", DONE_SECONDS),
                (
                    "hset",
                    key,
                    {
                        "host": host,
                        "method": method,
                        "template": path,
                        "first_seen": min(float(current.get("first_seen", ts)), ts),
                        "last_seen": max(float(current.get("last_seen", ts)), ts),
                        "params": json.dumps(params, sort_keys=True),
                        "statuses": json.dumps(statuses, sort_keys=True),
                    },
                ),
                ("hincrby", key, "count", 1),
                ("expire", key, RETENTION_SECONDS),
                ("zadd", f"{P}endpoints", {key: ts}),
                ("zremrangebyrank", f"{P}endpoints", self.max_endpoints),
                *(("delete", old) for old in evicted),
            ]

        return self.backend.atomically([f"{P}done:{uid}", key], build)

    def _room_for(self, key: str) -> list[str]:
        """The endpoints to drop so that a new one fits within `max_endpoints`: the ones
        seen longest ago."""
        index = f"{P}endpoints"
        if self.backend.zscore(index, key) is not None:
            return []
        excess = self.backend.zcard(index) - self.max_endpoints + 1
        if excess <= 0:
            return []
        oldest = self.backend.zrevrangebyscore(
            index, math.inf, -math.inf, self.max_endpoints - 1, excess
        )
        return [member for member, _ in oldest]

    # -- queries -------------------------------------------------------------------------

    def attacks(self, query: Query = Query()) -> dict[str, Any]:
        ids = self.backend.zrevrangebyscore(
            f"{P}attacks", query.until, query.since, 0, self.max_attacks
        )
        docs = self.backend.hgetall_many([f"{P}attack:{aid}" for aid, _ in ids])
        items = []
        for doc in docs:
            if not doc or (query.attack_type and doc["type"] != query.attack_type):
                continue
            if query.application is not None and int(doc["application"]) != query.application:
                continue
            if query.ip and self.backend.zscore(f"{P}attack:{doc['id']}:ips", query.ip) is None:
                continue
            items.append(_attack(doc))
        return _page(items, query.page, query.per_page)

    def attack(self, attack_id: str) -> dict[str, Any] | None:
        doc = self.backend.hgetall(f"{P}attack:{attack_id}")
        if not doc:
            return None
        result = _attack(doc)
        sources = self.backend.zrevrangebyscore(f"{P}attack:{attack_id}:ips", math.inf, 0, 0, 10)
        result["sources"] = [{"ip": ip, "hits": int(n)} for ip, n in sources]
        hit_ids = self.backend.lrange(f"{P}attack:{attack_id}:hits", 0, SAMPLES_PER_ATTACK - 1)
        samples = [self.backend.get(f"{P}hit:{hid}") for hid in hit_ids]
        result["samples"] = [json.loads(s) for s in samples if s]
        return result

    def hits(self, query: Query = Query()) -> dict[str, Any]:
        ids = self.backend.zrevrangebyscore(f"{P}hits", query.until, query.since, 0, self.max_hits)
        items = []
        for hit_id, _ in ids:
            raw = self.backend.get(f"{P}hit:{hit_id}")
            if raw is None:
                continue
            hit = json.loads(raw)
            if query.attack_type and hit["type"] != query.attack_type:
                continue
            if query.application is not None and hit["application"] != query.application:
                continue
            if query.ip and hit["client_ip"] != query.ip:
                continue
            items.append(hit)
        return _page(items, query.page, query.per_page)

    def stats(self, since: float = 0, until: float = math.inf) -> dict[str, Any]:
        minutes = self.backend.zrevrangebyscore(f"{P}stats", until, since, 0, 100_000)
        tables = self.backend.hgetall_many([m for m, _ in minutes])
        totals: Counter[str] = Counter()
        timeline = []
        for (_, minute), table in sorted(zip(minutes, tables, strict=True), key=lambda p: p[0][1]):
            counts = {k: int(v) for k, v in table.items()}
            totals.update(counts)
            timeline.append(
                {
                    "minute": int(minute),
                    "total": counts.get("total", 0),
                    "blocked": counts.get("blocked", 0),
                }
            )

        def group(prefix: str, limit: int = 10) -> list[dict[str, Any]]:
            items = [(k[len(prefix) :], n) for k, n in totals.items() if k.startswith(prefix)]
            return [
                {"key": k, "count": n}
                for k, n in sorted(items, key=lambda p: (-p[1], p[0]))[:limit]
            ]

        return {
            "requests_with_attacks": totals.get("total", 0),
            "blocked": totals.get("blocked", 0),
            "monitored": totals.get("monitored", 0),
            "by_type": group("type:", 50),
            "by_application": group("app:", 50),
            "by_host": group("host:"),
            "top_sources": group("ip:"),
            "top_targets": group("target:"),
            "timeline": timeline,
        }

    def endpoints(
        self, host: str | None = None, page: int = 1, per_page: int = 100
    ) -> dict[str, Any]:
        return _page(self._endpoints(host), page, per_page)

    def _endpoints(self, host: str | None = None) -> list[dict[str, Any]]:
        keys = self.backend.zrevrangebyscore(f"{P}endpoints", math.inf, 0, 0, 100_000)
        items = []
        for doc in self.backend.hgetall_many([k for k, _ in keys]):
            if not doc or (host and doc["host"] != host.lower()):
                continue
            items.append(
                {
                    "host": doc["host"],
                    "method": doc["method"],
                    "template": doc["template"],
                    "count": int(doc.get("count", 0)),
                    "first_seen": float(doc["first_seen"]),
                    "last_seen": float(doc["last_seen"]),
                    "params": json.loads(doc["params"]),
                    "statuses": {k: int(v) for k, v in json.loads(doc["statuses"]).items()},
                }
            )
        return sorted(items, key=lambda e: (e["host"], e["template"], e["method"]))

    def openapi(self, host: str | None = None) -> dict[str, Any]:
        return openapi(self._endpoints(host))


def _attack(doc: dict[str, str]) -> dict[str, Any]:
    return {
        "id": doc["id"],
        "type": doc["type"],
        "point": doc["point"],
        "host": doc["host"],
        "target": doc["target"],
        "application": int(doc["application"]),
        "first_seen": float(doc["first_seen"]),
        "last_seen": float(doc["last_seen"]),
        "hits": int(doc.get("hits", 0)),
        "blocked": int(doc.get("blocked", 0)),
        "monitored": int(doc.get("monitored", 0)),
        "sampled_out": int(doc.get("sampled_out", 0)),
    }


def _page(items: list[dict[str, Any]], page: int, per_page: int) -> dict[str, Any]:
    page, per_page = max(page, 1), max(1, min(per_page, 1000))
    start = (page - 1) * per_page
    return {
        "items": items[start : start + per_page],
        "page": page,
        "per_page": per_page,
        "total": len(items),
    }
