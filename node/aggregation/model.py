"""Pure pieces of aggregation: path templates, attack grouping keys, parameter types, and
the OpenAPI document of the inventory."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any
from urllib.parse import parse_qsl, unquote

from node.points import path_and_query

GAP_SECONDS = 3600  # a hit more than an hour after the last one starts a new attack
SAMPLES_PER_HOUR = 5  # identical hits kept per attack and hour; the rest are counted

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_INTEGER = re.compile(r"-?\d+")
_HEX = re.compile(r"(?=.*\d)[0-9a-fA-F]{8,}")


def template(path: str) -> str:
    """The path with identifiers collapsed: /users/42/orders/9f3c… becomes
    /users/{param}/orders/{param}."""
    segments = []
    for segment in path.split("/"):
        if _UUID.fullmatch(segment) or _INTEGER.fullmatch(segment) or _HEX.fullmatch(segment):
            segments.append("{param}")
        else:
            segments.append(segment)
    return "/".join(segments) or "/"


def target(host: str, uri: str) -> str:
    """Host and path template, the path percent-decoded as the application sees it."""
    return host.lower() + template(unquote(path_and_query(uri)[0]) or "/")


def digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]


def group_key(attack_type: str, point: str, host: str, uri: str) -> str:
    """Hits with the same type, point and target belong to one attack."""
    return digest(attack_type, point, target(host, uri))


def value_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    if value is None:
        return "null"
    text = str(value)
    if _INTEGER.fullmatch(text):
        return "integer"
    if re.fullmatch(r"-?\d+\.\d+", text):
        return "number"
    if text in ("true", "false"):
        return "boolean"
    if _UUID.fullmatch(text):
        return "string:uuid"
    return "string"


def parameters(uri: str, content_type: str, body: bytes) -> dict[str, dict[str, str]]:
    """Query arguments and top-level JSON body keys, with their inferred types."""
    found: dict[str, dict[str, str]] = {}
    for name, value in parse_qsl(path_and_query(uri)[1], keep_blank_values=True):
        found[f"query:{name}"] = {"in": "query", "name": name, "type": value_type(value)}
    if "json" in content_type.lower() and body:
        try:
            document = json.loads(body)
        except ValueError:
            document = None
        if isinstance(document, dict):
            for name, value in document.items():
                found[f"body:{name}"] = {"in": "body", "name": str(name), "type": value_type(value)}
    return found


def merge_types(old: str, new: str) -> str:
    if old == new:
        return old
    if {old, new} <= {"integer", "number"}:
        return "number"
    return "string"


_OPENAPI_TYPES = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "array": {"type": "array", "items": {}},
    "object": {"type": "object"},
    "null": {"type": "null"},
    "string:uuid": {"type": "string", "format": "uuid"},
    "string": {"type": "string"},
}


def openapi(endpoints: list[dict[str, Any]]) -> dict[str, Any]:
    """An OpenAPI 3.1 document of the discovered endpoints."""
    paths: dict[str, dict[str, Any]] = {}
    hosts = sorted({e["host"] for e in endpoints})
    for endpoint in sorted(endpoints, key=lambda e: (e["template"], e["method"])):
        path = endpoint["template"]
        operation: dict[str, Any] = {
            "summary": f"{endpoint['method']} {path}",
            "responses": {
                str(status): {"description": f"seen {count} times"}
                for status, count in sorted(endpoint["statuses"].items())
            },
            "x-first-seen": endpoint["first_seen"],
            "x-last-seen": endpoint["last_seen"],
            "x-requests": endpoint["count"],
        }
        if len(hosts) > 1:
            operation["x-host"] = endpoint["host"]
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in _path_names(path)
        ]
        body: dict[str, Any] = {}
        for param in endpoint["params"].values():
            schema = _OPENAPI_TYPES.get(param["type"], {"type": "string"})
            if param["in"] == "query":
                parameters.append({"name": param["name"], "in": "query", "schema": schema})
            else:
                body[param["name"]] = schema
        if parameters:
            operation["parameters"] = parameters
        if body:
            operation["requestBody"] = {
                "content": {"application/json": {"schema": {"type": "object", "properties": body}}}
            }
        paths.setdefault(_numbered(path), {})[endpoint["method"].lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "API inventory discovered by filtering-node", "version": "1"},
        "servers": [{"url": f"https://{host}"} for host in hosts],
        "paths": paths,
    }


def _numbered(path: str) -> str:
    count = 0

    def name(_: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"{{param{count}}}" if count > 1 else "{param}"

    return re.sub(r"\{param\}", name, path)


def _path_names(path: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", _numbered(path))
