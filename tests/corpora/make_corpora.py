"""Writes the project's own development corpora (run from the repository root):

- `benign-api.jsonl`: generated API traffic with names, addresses, prose full of quotes and
  apostrophes, markdown, HTML rich text, code snippets and search queries;
- `benign-docs.jsonl`: real technical text that ships with Python — the standard library's
  docstrings, dense with code, shell examples and SQL words — posted as JSON and form fields;
- `attacks-placed.jsonl`: attack payloads in every point kind under every encoding.

Deterministic: the same Python version writes the same files.
"""

from __future__ import annotations

import base64
import inspect
import json
import random
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from node.samples import ENCODINGS, PAYLOADS, PLACEMENTS, benign_request, place
from node.types import Request

HERE = Path(__file__).resolve().parent
MODULES = [
    "argparse",
    "sqlite3",
    "subprocess",
    "shutil",
    "os",
    "json",
    "re",
    "pathlib",
    "http.client",
    "urllib.parse",
    "email.message",
    "logging",
    "tarfile",
    "zipfile",
    "csv",
    "string",
    "textwrap",
    "html",
    "xml.dom.minidom",
    "asyncio",
    "inspect",
]


def record(request: Request, label: str, **extra: object) -> str:
    return json.dumps(
        {
            "label": label,
            "method": request.method,
            "uri": request.uri,
            "headers": [list(h) for h in request.headers],
            "body_b64": base64.b64encode(request.body).decode(),
            **extra,
        },
        ensure_ascii=True,
    )


def docstrings() -> list[str]:
    texts: list[str] = []
    for name in MODULES:
        module = __import__(name, fromlist=["_"])
        for _, member in inspect.getmembers(module):
            doc = inspect.getdoc(member)
            if doc and getattr(member, "__module__", name) == name:
                texts.extend(p.strip() for p in doc.split("\n\n") if len(p.strip()) > 30)
    seen: set[str] = set()
    return [t for t in texts if not (t in seen or seen.add(t))]


def main() -> None:
    rng = random.Random(2026)
    with (HERE / "benign-api.jsonl").open("w") as out:
        for index in range(3000):
            out.write(record(benign_request(rng), "benign", id=f"api-{index}") + "\n")
    with (HERE / "benign-docs.jsonl").open("w") as out:
        for index, text in enumerate(docstrings()[:4000]):
            if index % 2:
                body = json.dumps({"title": "Question", "body": text}).encode()
                request = Request(
                    "POST",
                    "/api/v1/questions",
                    (("Host", "forum.example.com"), ("Content-Type", "application/json")),
                    body,
                )
            else:
                request = Request(
                    "POST",
                    "/comment",
                    (
                        ("Host", "forum.example.com"),
                        ("Content-Type", "application/x-www-form-urlencoded"),
                    ),
                    f"text={quote(text)}&submit=Send".encode(),
                )
            out.write(record(request, "benign", id=f"docs-{index}") + "\n")
    with (HERE / "attacks-placed.jsonl").open("w") as out:
        for kind, payloads in sorted(PAYLOADS.items()):
            for number, payload in enumerate(payloads):
                for placement in PLACEMENTS:
                    for encoding in ENCODINGS:
                        request = place(rng, payload, placement, encoding)
                        out.write(
                            record(
                                request,
                                "attack",
                                type=kind,
                                point_kind=placement,
                                encoding=encoding,
                                id=f"{kind}-{number}-{placement}-{encoding}",
                            )
                            + "\n"
                        )


if __name__ == "__main__":
    main()
