"""Typed settings from the native node's connector-server YAML, the environment and flags.

The file format is the commercial node's (`go-node.yaml`, versions 2–4, `mode:
connector-server`), so users' existing files work unchanged; `ip_lists`, `limits`,
`block_response`, `aggregation` and `api` are additions. Everything is validated once, at
start-up: an error names the key, the value and what was expected; an unknown key is a
warning, not an error.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import yaml

from node.types import AttackType

MODES = ("off", "monitoring", "safe_blocking", "block")  # from the least protective
# What a request whose analysis a limit cut short comes to (`overlimit`): `on` blocks it,
# `off` lets it pass, `attack` treats it as an attack in the mode of its route.
TIME_LIMIT_BLOCKS = ("on", "off", "attack")
OVERSIZE_BODIES = ("analyse", "overlimit")
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
T = TypeVar("T")


class ConfigError(ValueError):
    """A configuration value that cannot be used: names the key, the value and why."""


@dataclass(frozen=True, slots=True)
class Listen:
    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class ConnectionLimits:
    """`connector.per_connection_limits`: a gateway connection is closed (after the
    response in flight) once it has served this many requests, received this many bytes or
    lived this long. Zero means no limit."""

    max_requests: int = 0
    max_received_bytes: int = 0
    max_duration: float = 0.0


@dataclass(frozen=True, slots=True)
class ConnectorSettings:
    address: Listen = field(default_factory=lambda: Listen("0.0.0.0", 5000))
    tls_cert: str = ""
    tls_key: str = ""
    blocking: bool = True
    allowed_networks: tuple[Network, ...] = (
        ipaddress.ip_network("0.0.0.0/0"),
        ipaddress.ip_network("::/0"),
    )
    allowed_hosts: tuple[str, ...] = ()
    url_normalize: bool = True
    external_health_check: str = ""  # the endpoint on the connector port, "" when disabled
    per_connection_limits: ConnectionLimits = field(default_factory=ConnectionLimits)
    app_reply_timeout: float = 5.0
    app_reply_timeout_code: int = 503


@dataclass(frozen=True, slots=True)
class Exclusion:
    """Hits that do not count where the exclusion applies: at `points` (name patterns:
    `*` within one dotted part, `**` across parts; a point's parts below it included), of
    `attacks` and with `rules` (none listed: any). For a field that carries code by design,
    a snippet or a query editor, which no detector can tell from an attack."""

    points: tuple[str, ...]
    attacks: tuple[AttackType, ...] = ()
    rules: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class RouteSettings:
    """One entry of `route_config.routes`, with its nested routes. `None` inherits; the
    exclusions of a route add to those of the routes it is nested in."""

    host: str | None = None
    route: str | None = None
    mode: str | None = None
    application: int | None = None
    routes: tuple[RouteSettings, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()


@dataclass(frozen=True, slots=True)
class ProxyHeaders:
    trusted_networks: tuple[Network, ...]
    real_ip: tuple[str, ...] = ()
    original_host: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ListEntry:
    network: Network
    expires: float | None = None  # unix time; None: never
    applications: tuple[int, ...] = ()  # empty: every application


@dataclass(frozen=True, slots=True)
class IpLists:
    allow: tuple[ListEntry, ...] = ()
    deny: tuple[ListEntry, ...] = ()
    gray: tuple[ListEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class BlockResponse:
    status: int = 403
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json"),)
    body: bytes = b'{"error": {"code": 403, "message": "request blocked"}}'


@dataclass(frozen=True, slots=True)
class Limits:
    max_message_bytes: int = 1_048_576
    max_body_bytes: int = 65_536
    max_points: int = 2048  # values parsed out of one request; past it, overlimit
    max_depth: int = 16  # nesting named; a JSON value deeper is read under the last point
    # A body the gateway sent only in part (`body_size` over what it holds), or in a content
    # coding the node does not undo (`br`, `zstd`): analyse what came, or also count it as
    # an overlimit (blocked where attacks are).
    oversize_body: str = "analyse"
    mirror_queue: int = 10_000
    mirror_workers: int = 2
    join_window: float = 60.0  # seconds a request waits for its response (and back)
    join_entries: int = 10_000


@dataclass(frozen=True, slots=True)
class LogSettings:
    pretty: bool | None = None  # None: pretty on a terminal, JSON otherwise
    level: str = "info"
    access_log: bool = True


@dataclass(frozen=True, slots=True)
class AggregationSettings:
    redis_url: str = ""
    sentinels: tuple[str, ...] = ()
    sentinel_master: str = "mymaster"
    consumer_group: str = "aggregators"
    claim_idle: float = 30.0  # seconds before another worker claims a pending entry
    events_stream: str = "node:events"
    traffic_stream: str = "node:traffic"
    stream_max_len: int = 1_000_000
    buffer_events: int = 100_000
    spool_dir: str = ""


@dataclass(frozen=True, slots=True)
class ApiSettings:
    token: str = ""
    host: str = ""
    listen_address: Listen = field(default_factory=lambda: Listen("127.0.0.1", 8800))


@dataclass(frozen=True, slots=True)
class Settings:
    version: int = 4
    connector: ConnectorSettings = field(default_factory=ConnectorSettings)
    route_config: RouteSettings = field(
        default_factory=lambda: RouteSettings(mode="monitoring", application=-1)
    )
    proxy_headers: tuple[ProxyHeaders, ...] = ()
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    process_time_limit: float = 1.0
    process_time_limit_block: str = "attack"
    metrics: Listen | None = field(default_factory=lambda: Listen("0.0.0.0", 9090))
    health_check: Listen | None = field(default_factory=lambda: Listen("0.0.0.0", 18080))
    log: LogSettings = field(default_factory=LogSettings)
    ip_lists: IpLists = field(default_factory=IpLists)
    limits: Limits = field(default_factory=Limits)
    block_response: BlockResponse = field(default_factory=BlockResponse)
    aggregation: AggregationSettings = field(default_factory=AggregationSettings)
    api: ApiSettings = field(default_factory=ApiSettings)
    source: str = "defaults"
    warnings: tuple[str, ...] = ()


# -- reading values --------------------------------------------------------------------


class _Reader:
    """Walks a mapping, converting values and recording unknown keys as warnings."""

    def __init__(self, data: Mapping[str, Any], path: str, warnings: list[str]) -> None:
        if not isinstance(data, Mapping):
            raise ConfigError(f"{path or 'the file'}: expected a mapping, got {_show(data)}")
        self.data = data
        self.path = path
        self.warnings = warnings
        self.used: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def get(self, name: str, convert: Callable[[Any, str], T], default: T) -> T:
        self.used.add(name)
        if name not in self.data or self.data[name] is None:
            return default
        return convert(self.data[name], self.key(name))

    def child(self, name: str) -> _Reader:
        self.used.add(name)
        return _Reader(self.data.get(name) or {}, self.key(name), self.warnings)

    def ignore(self, *names: str) -> None:
        """Keys the native node has that mean nothing here; accepted silently."""
        self.used.update(names)

    def done(self) -> None:
        for name in self.data:
            if name not in self.used:
                self.warnings.append(f"{self.key(str(name))}: unknown key, ignored")


def _show(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _bool(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false", "on", "off", "yes", "no"):
        return value.lower() in ("true", "on", "yes")
    raise ConfigError(f"{key}: expected true or false, got {_show(value)}")


def _int(low: int | None = None, high: int | None = None) -> Callable[[Any, str], int]:
    def convert(value: Any, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and re.fullmatch(r"-?\d[\d_]*", value.strip()):
                value = int(value.replace("_", ""))
            else:
                raise ConfigError(f"{key}: expected an integer, got {_show(value)}")
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"from {low}" + (f" to {high}" if high is not None else "")
            raise ConfigError(f"{key}: expected an integer {bounds}, got {value}")
        return int(value)

    return convert


_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "": 1.0}


def _duration(value: Any, key: str) -> float:
    """Seconds, from a number of seconds or a Go-style duration: 500ms, 10s, 5m, 1h30m."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    if isinstance(value, str):
        parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", value.strip())
        if parts and "".join(n + u for n, u in parts) == value.strip().replace(" ", ""):
            return sum(float(n) * _UNITS[u] for n, u in parts)
    raise ConfigError(f"{key}: expected a duration like 500ms, 10s or 5m, got {_show(value)}")


def _str(value: Any, key: str) -> str:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    raise ConfigError(f"{key}: expected a string, got {_show(value)}")


def _chosen(choice: str, choices: tuple[str, ...], value: Any, key: str) -> str:
    """`choice`, the spelling of `value` at `key`, when it is one of `choices`."""
    if choice not in choices:
        raise ConfigError(f"{key}: expected one of {', '.join(choices)}, got {_show(value)}")
    return choice


def _mode(value: Any, key: str) -> str:
    # YAML 1.1 reads a bare `off` as false; the native node's YAML 1.2 reads it as "off".
    mode = "off" if value is False else str(value).strip().lower().replace("-", "_")
    return _chosen(mode, MODES, value, key)


def _time_limit_block(value: Any, key: str) -> str:
    # A bare `on` or `off` is a boolean to YAML 1.1.
    choice = ("on" if value else "off") if isinstance(value, bool) else str(value).strip().lower()
    return _chosen(choice, TIME_LIMIT_BLOCKS, value, key)


def _oversize_body(value: Any, key: str) -> str:
    return _chosen(str(value).strip().lower(), OVERSIZE_BODIES, value, key)


def _listen(value: Any, key: str) -> Listen:
    """`:5000`, `0.0.0.0:5000`, `[::1]:5000`, `localhost:5000` or a bare port."""
    text = str(value).strip()
    match = re.fullmatch(r"(?:\[([0-9a-fA-F:.]+)\]|([^:\s]*)):(\d{1,5})|(\d{1,5})", text)
    if not match:
        raise ConfigError(f"{key}: expected an address like :5000 or 127.0.0.1:5000, got {text!r}")
    port = int(match.group(3) or match.group(4))
    if not 0 < port < 65536:
        raise ConfigError(f"{key}: port must be 1-65535, got {port}")
    host = match.group(1) or match.group(2) or "0.0.0.0"
    return Listen(host, port)


def _hostport(value: Any, key: str) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"[\w.-]+:\d{1,5}", text):
        raise ConfigError(f"{key}: expected host:port, got {_show(value)}")
    return text


def _network(value: Any, key: str) -> Network:
    try:
        return ipaddress.ip_network(str(value).strip(), strict=False)
    except ValueError:
        raise ConfigError(
            f"{key}: expected a network like 10.0.0.0/8 or an address, got {_show(value)}"
        ) from None


def _raw(value: Any, key: str) -> Any:
    return value


def _items(reader: _Reader, name: str) -> tuple[Any, ...]:
    empty: tuple[Any, ...] = ()
    return reader.get(name, _list(_raw), empty)


def _list(item: Callable[[Any, str], T]) -> Callable[[Any, str], tuple[T, ...]]:
    def convert(value: Any, key: str) -> tuple[T, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ConfigError(f"{key}: expected a list, got {_show(value)}")
        return tuple(item(v, f"{key}[{i}]") for i, v in enumerate(value))

    return convert


def _expiry(value: Any, key: str) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, datetime):
        return value.timestamp()
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise ConfigError(
            f"{key}: expected a unix time or an ISO 8601 date, got {_show(value)}"
        ) from None


def _list_entry(value: Any, key: str) -> ListEntry:
    if isinstance(value, str):
        return ListEntry(_network(value, key))
    reader = _Reader(value, key, [])
    if "cidr" not in value and "network" not in value:
        raise ConfigError(f"{key}: expected a CIDR string or a mapping with 'cidr'")
    network = reader.get("cidr", _network, None) or reader.get("network", _network, None)
    assert network is not None
    entry = ListEntry(
        network,
        reader.get("expires", _expiry, None),
        reader.get("application", _list(_int()), ()),
    )
    reader.done()
    if reader.warnings:
        raise ConfigError("; ".join(reader.warnings))
    return entry


def _route(value: Any, key: str, warnings: list[str]) -> RouteSettings:
    reader = _Reader(value, key, warnings)
    route = reader.get("route", _str, None)
    if route is not None:
        _check_location(route, f"{key}.route")
    settings = RouteSettings(
        host=reader.get("host", _str, None),
        route=route,
        mode=reader.get("wallarm_mode", _mode, None),
        application=reader.get("wallarm_application", _int(), None),
        routes=tuple(
            _route(child, f"{key}.routes[{i}]", warnings)
            for i, child in enumerate(_items(reader, "routes"))
        ),
        exclusions=_exclusions(reader, key),
    )
    reader.ignore(
        "wallarm_partner_client_uuid", "wallarm_parse_response", "wallarm_unpack_response"
    )
    reader.done()
    return settings


_ATTACKS = tuple(t.value for t in AttackType if t is not AttackType.OVERLIMIT)


def _attack(value: Any, key: str) -> AttackType:
    name = str(value).strip().lower()
    if name not in _ATTACKS:
        raise ConfigError(f"{key}: expected an attack type ({', '.join(_ATTACKS)}), got {value!r}")
    return AttackType(name)


def _point_pattern(value: Any, key: str) -> str:
    pattern = _str(value, key).strip()
    if not pattern:
        raise ConfigError(f"{key}: expected a point name like post.json.snippet, got {value!r}")
    return pattern


def _exclusions(reader: _Reader, key: str) -> tuple[Exclusion, ...]:
    found: list[Exclusion] = []
    none: tuple[str, ...] = ()
    for i, value in enumerate(_items(reader, "exclusions")):
        entry = _Reader(value, f"{key}.exclusions[{i}]", reader.warnings)
        points = entry.get("points", _list(_point_pattern), none)
        if not points:
            raise ConfigError(f"{entry.path}.points: expected at least one point name")
        found.append(
            Exclusion(
                points,
                entry.get("attacks", _list(_attack), ()),
                entry.get("rules", _list(_int(1)), ()),
            )
        )
        entry.done()
    return tuple(found)


def _check_location(route: str, key: str) -> None:
    match = re.fullmatch(r"(=|\^~|~\*|~)?\s*(.+)", route.strip())
    if not match:
        raise ConfigError(f"{key}: expected a location like /api, = /exact, ~ regex, got ''")
    if match.group(1) in ("~", "~*"):
        try:
            re.compile(match.group(2))
        except re.error as error:
            raise ConfigError(f"{key}: invalid regular expression {route!r}: {error}") from None


def _proxy_headers(value: Any, key: str, warnings: list[str]) -> ProxyHeaders:
    reader = _Reader(value, key, warnings)
    rule = ProxyHeaders(
        trusted_networks=reader.get("trusted_networks", _list(_network), ()),
        real_ip=reader.get("real_ip", _list(_str), ()),
        original_host=reader.get("original_host", _list(_str), ()),
    )
    reader.done()
    if not rule.trusted_networks:
        raise ConfigError(f"{key}.trusted_networks: expected at least one network")
    return rule


# -- the whole file --------------------------------------------------------------------


def parse(
    data: Mapping[str, Any] | None, source: str = "defaults", env: Mapping[str, str] | None = None
) -> Settings:
    """Settings from a parsed YAML document and the environment."""
    env = os.environ if env is None else env
    warnings: list[str] = []
    root = _Reader(data or {}, "", warnings)
    version = root.get("version", _int(2, 4), 4)
    mode = root.get("mode", _str, "connector-server")
    if mode != "connector-server":
        raise ConfigError(f"mode: expected connector-server, got {mode!r}")

    c = root.child("connector")
    external = c.child("external_health_check")
    ext_enabled = external.get("enabled", _bool, False)
    ext_endpoint = external.get("endpoint", _str, "/wallarm-health")
    external.done()
    limits_reader = c.child("per_connection_limits")
    per_connection = ConnectionLimits(
        limits_reader.get("max_requests", _int(0), 0),
        limits_reader.get("max_received_bytes", _int(0), 0),
        limits_reader.get("max_duration", _duration, 0.0),
    )
    limits_reader.done()
    connector = ConnectorSettings(
        address=c.get("address", _listen, Listen("0.0.0.0", 5000)),
        tls_cert=c.get("tls_cert", _str, ""),
        tls_key=c.get("tls_key", _str, ""),
        blocking=c.get("blocking", _bool, True),
        allowed_networks=c.get(
            "allowed_networks", _list(_network), ConnectorSettings().allowed_networks
        ),
        allowed_hosts=c.get("allowed_hosts", _list(_str), ()),
        url_normalize=c.get("url_normalize", _bool, True),
        external_health_check=ext_endpoint if ext_enabled else "",
        per_connection_limits=per_connection,
        app_reply_timeout=c.get("app_reply_timeout", _duration, 5.0),
        app_reply_timeout_code=c.get("app_reply_timeout_code", _int(100, 599), 503),
    )
    c.ignore("mesh", "http2", "h2c")
    c.done()
    if bool(connector.tls_cert) != bool(connector.tls_key):
        raise ConfigError("connector.tls_cert and connector.tls_key: set both or neither")

    r = root.child("route_config")
    route_config = RouteSettings(
        mode=r.get("wallarm_mode", _mode, "monitoring"),
        application=r.get("wallarm_application", _int(), -1),
        routes=tuple(
            _route(child, f"route_config.routes[{i}]", warnings)
            for i, child in enumerate(_items(r, "routes"))
        ),
        exclusions=_exclusions(r, "route_config"),
    )
    r.ignore("wallarm_partner_client_uuid", "wallarm_parse_response", "wallarm_unpack_response")
    r.done()

    h = root.child("http_inspector")
    legacy_header = h.get("real_ip_header", _str, "")
    workers_value = h.get("workers", _raw, "auto")
    workers = (
        os.cpu_count() or 1
        if str(workers_value).lower() == "auto"
        else _int(1, 256)(workers_value, "http_inspector.workers")
    )
    time_limit = h.get("wallarm_process_time_limit", _duration, 1.0)
    time_limit_block = h.get("wallarm_process_time_limit_block", _time_limit_block, "attack")
    h.ignore(
        "libdetection",
        "api_firewall_enabled",
        "api_firewall_database",
        "wallarm_dir",
        "shm_dir",
        "wallarm_node_partner_mode",
    )
    h.done()

    proxy = [
        _proxy_headers(rule, f"proxy_headers[{i}]", warnings)
        for i, rule in enumerate(_items(root, "proxy_headers"))
    ]
    if legacy_header:
        # The legacy single header is trusted from any peer, after the explicit rules.
        proxy.append(ProxyHeaders(ConnectorSettings().allowed_networks, (legacy_header,)))

    metrics = _endpoint(root.child("metrics"), Listen("0.0.0.0", 9090))
    health = _endpoint(root.child("health_check"), Listen("0.0.0.0", 18080))

    lg = root.child("log")
    access = lg.get("access_log", _raw, True)
    log = LogSettings(
        pretty=lg.get("pretty", _bool, None),
        level=lg.get("level", _level, "info"),
        access_log=_bool(access.get("enabled", True), "log.access_log.enabled")
        if isinstance(access, Mapping)
        else _bool(access, "log.access_log"),
    )
    lg.ignore("log_file", "format")
    lg.done()

    il = root.child("ip_lists")
    ip_lists = IpLists(
        allow=il.get("allow", _list(_list_entry), ()),
        deny=il.get("deny", _list(_list_entry), ()),
        gray=il.get("gray", _list(_list_entry), ()),
    )
    il.done()

    lm = root.child("limits")
    defaults = Limits()
    limits = Limits(
        max_message_bytes=lm.get("max_message_bytes", _int(1024), defaults.max_message_bytes),
        max_body_bytes=lm.get("max_body_bytes", _int(0), defaults.max_body_bytes),
        max_points=lm.get("max_points", _int(16, 100_000), defaults.max_points),
        max_depth=lm.get("max_depth", _int(1, 256), defaults.max_depth),
        mirror_queue=lm.get("mirror_queue", _int(1), defaults.mirror_queue),
        mirror_workers=lm.get("mirror_workers", _int(1, 64), defaults.mirror_workers),
        join_window=lm.get("join_window", _duration, defaults.join_window),
        join_entries=lm.get("join_entries", _int(1), defaults.join_entries),
        oversize_body=lm.get("oversize_body", _oversize_body, defaults.oversize_body),
    )
    lm.done()

    br = root.child("block_response")
    default_block = BlockResponse()
    body = br.get("body", _raw, None)
    block = BlockResponse(
        status=br.get("status", _int(100, 599), default_block.status),
        headers=br.get("headers", _headers, default_block.headers),
        body=default_block.body if body is None else _body(body, "block_response.body"),
    )
    br.done()

    ag = root.child("aggregation")
    agd = AggregationSettings()
    aggregation = AggregationSettings(
        redis_url=env.get("NODE_REDIS_URL") or ag.get("redis_url", _str, ""),
        sentinels=ag.get("sentinels", _list(_hostport), ()),
        sentinel_master=ag.get("sentinel_master", _str, agd.sentinel_master),
        consumer_group=ag.get("consumer_group", _str, agd.consumer_group),
        claim_idle=ag.get("claim_idle", _duration, agd.claim_idle),
        events_stream=ag.get("events_stream", _str, agd.events_stream),
        traffic_stream=ag.get("traffic_stream", _str, agd.traffic_stream),
        stream_max_len=ag.get("stream_max_len", _int(1000), agd.stream_max_len),
        buffer_events=ag.get("buffer_events", _int(1), agd.buffer_events),
        spool_dir=ag.get("spool_dir", _str, ""),
    )
    ag.done()

    ap = root.child("api")
    api = ApiSettings(
        token=env.get("WALLARM_API_TOKEN") or ap.get("token", _str, ""),
        host=env.get("WALLARM_API_HOST") or ap.get("host", _str, ""),
        listen_address=ap.get("listen_address", _listen, Listen("127.0.0.1", 8800)),
    )
    ap.ignore("port", "use_ssl", "useSSL", "ca_verify", "uuid", "secret", "node_group")
    ap.done()
    if not api.token and api.listen_address.host not in ("127.0.0.1", "::1", "localhost"):
        raise ConfigError(
            f"api.listen_address: {api.listen_address} is beyond loopback; set api.token "
            "(or WALLARM_API_TOKEN) to serve the API there"
        )

    root.ignore("api_discovery", "drop_on_overload", "metrics_legacy")
    root.done()
    return Settings(
        version=version,
        connector=connector,
        route_config=route_config,
        proxy_headers=tuple(proxy),
        workers=workers,
        process_time_limit=time_limit,
        process_time_limit_block=time_limit_block,
        metrics=metrics,
        health_check=health,
        log=log,
        ip_lists=ip_lists,
        limits=limits,
        block_response=block,
        aggregation=aggregation,
        api=api,
        source=source,
        warnings=tuple(warnings),
    )


def _endpoint(reader: _Reader, default: Listen) -> Listen | None:
    enabled = reader.get("enabled", _bool, True)
    address = reader.get("listen_address", _listen, default)
    reader.ignore("legacy_status", "namespace", "path")
    reader.done()
    return address if enabled else None


def _level(value: Any, key: str) -> str:
    level = str(value).lower()
    if level not in ("debug", "info", "warn", "warning", "error"):
        raise ConfigError(f"{key}: expected debug, info, warning or error, got {_show(value)}")
    return "warning" if level == "warn" else level


def _headers(value: Any, key: str) -> tuple[tuple[str, str], ...]:
    if isinstance(value, Mapping):
        return tuple((str(k), _str(v, f"{key}.{k}")) for k, v in value.items())
    if isinstance(value, list) and all(isinstance(p, list) and len(p) == 2 for p in value):
        return tuple((str(k), str(v)) for k, v in value)
    raise ConfigError(f"{key}: expected a mapping of header names to values, got {_show(value)}")


def _body(value: Any, key: str) -> bytes:
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, Mapping | list):
        return json.dumps(value).encode()
    raise ConfigError(f"{key}: expected a string or a JSON object, got {_show(value)}")


def load(path: str | Path | None, env: Mapping[str, str] | None = None) -> Settings:
    """Settings from a YAML file, or the safe defaults (monitoring) when `path` is None."""
    if path is None:
        return parse(None, "defaults", env)
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{file}: cannot read: {error.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(
            f"{file}: not valid YAML{where}: {getattr(error, 'problem', error)}"
        ) from None
    return parse(data, str(file), env)


def describe(settings: Settings) -> dict[str, Any]:
    """The effective configuration, as `check-config` prints it (secrets masked)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Listen | ipaddress.IPv4Network | ipaddress.IPv6Network):
            return str(value)
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if hasattr(value, "__dataclass_fields__"):
            return {k: plain(getattr(value, k)) for k in value.__dataclass_fields__}
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        return value

    out = plain(settings)
    assert isinstance(out, dict)
    if out["api"]["token"]:
        out["api"]["token"] = "***"
    out.pop("warnings")
    return out
