"""Writes the golden wire vectors (run from the repository root): each `NN-name.msgpack` is
one message exactly as a connector sends it, and `NN-name.json` what the node must answer
under `node.yaml` — the HTTP status and, for verdicts, the fields every connector relies
on. Both the Python tests and the Lua specs read them."""

from __future__ import annotations

import json
from pathlib import Path

import msgpack

HERE = Path(__file__).resolve().parent
BLOCK = {
    "status": 403,
    "headers": [["Content-Type", "application/json"]],
    "body": '{"error": {"code": 403, "message": "request blocked"}}',
}


def message(uri: str, **fields: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "v": 1,
        "kind": "request",
        "id": fields.pop("id", "vector-1"),
        "method": "GET",
        "scheme": "https",
        "host": "api.example.com",
        "uri": uri,
        "http_version": "1.1",
        "client_ip": "203.0.113.7",
        "client_port": 51234,
        "headers": [
            ["Host", "api.example.com"],
            ["User-Agent", "Mozilla/5.0"],
            ["Accept", "application/json"],
        ],
        "connector": "vectors/1.0.0",
        "ts": 1767225600.0,
    }
    doc.update(fields)
    return doc


VECTORS: list[tuple[str, str, object, dict[str, object]]] = [
    (
        "01-benign-get",
        "/v1/inspect",
        message("/api/v1/users/42?fields=name,email"),
        {"http": 200, "verdict": "allow", "mode": "block", "application": 1, "attacks": []},
    ),
    (
        "02-sqli-query",
        "/v1/inspect",
        message("/search?q=1%27%20OR%20%271%27%3D%271", id="v-2"),
        {
            "http": 200,
            "verdict": "block",
            "mode": "block",
            "application": 1,
            "attacks": ["sqli"],
            **BLOCK,
        },
    ),
    (
        "03-ptrav-path",
        "/v1/inspect",
        message("/files/..%2f..%2f..%2fetc%2fpasswd", id="v-3"),
        {
            "http": 200,
            "verdict": "block",
            "mode": "block",
            "application": 1,
            "attacks": ["ptrav"],
            **BLOCK,
        },
    ),
    (
        "04-xss-json-body",
        "/v1/inspect",
        message(
            "/api/v1/comments",
            id="v-4",
            method="POST",
            headers=[["Host", "api.example.com"], ["Content-Type", "application/json"]],
            body=b'{"text": "<script>alert(1)</script>"}',
            body_size=37,
        ),
        {
            "http": 200,
            "verdict": "block",
            "mode": "block",
            "application": 1,
            "attacks": ["xss"],
            **BLOCK,
        },
    ),
    (
        "05-monitored-attack",
        "/v1/inspect",
        message("/monitored/x?cmd=%3Bcat%20%2Fetc%2Fpasswd", id="v-5"),
        {
            "http": 200,
            "verdict": "allow",
            "mode": "monitoring",
            "application": 2,
            "attacks": ["ptrav", "rce"],
        },
    ),
    (
        "06-truncated-body",
        "/v1/inspect",
        message(
            "/upload",
            id="v-6",
            method="POST",
            headers=[["Host", "api.example.com"], ["Content-Type", "text/plain"]],
            body=b"plain text, the first bytes only",
            body_size=1048576,
        ),
        {"http": 200, "verdict": "allow", "mode": "block", "application": 1, "attacks": []},
    ),
    (
        "07-missing-key",
        "/v1/inspect",
        {"v": 1, "kind": "request", "id": "v-7"},
        {"http": 400, "error_mentions": "method"},
    ),
    (
        "08-mirror-batch",
        "/v1/mirror",
        [
            message("/a", id="v-8"),
            {
                "v": 1,
                "kind": "response",
                "id": "v-8",
                "status": 200,
                "headers": [["Content-Type", "application/json"]],
            },
            {"v": 1, "kind": "response", "id": "v-8b"},
        ],
        {"http": 202, "accepted": 2, "rejected": 1, "error_index": 2},
    ),
]


def main() -> None:
    for name, endpoint, doc, expected in VECTORS:
        (HERE / f"{name}.msgpack").write_bytes(msgpack.packb(doc, use_bin_type=True))
        (HERE / f"{name}.json").write_text(
            json.dumps({"endpoint": endpoint, "expect": expected}, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
