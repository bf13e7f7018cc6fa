"""Writes the project's own development corpora (run from the repository root):

- `benign-api.jsonl`: generated API traffic with names, addresses, prose full of quotes and
  apostrophes, markdown, HTML rich text, code snippets and search queries;
- `benign-docs.jsonl`: real technical text that ships with Python — the standard library's
  docstrings, dense with code, shell examples and SQL words — posted as JSON and form fields;
- `benign-man.jsonl`: manual pages of common commands (bash, curl, find, sqlite3…), the
  densest real text there is in shell examples, options and paths — as a user pasting them
  into a support form would send them;
- `attacks-placed.jsonl`: attack payloads in every point kind under every encoding;
- `attacks-lists.jsonl`: payloads of the kinds public lists and tools publish (sources/
  public-payloads.json: sqlmap's boundaries, XSS and SSTI cheat sheets, shell injection
  and traversal lists, LDAP, NoSQL, CR/LF, mail and SSI probes) in a query, a JSON field
  and a cookie;
- `benign-everyday.jsonl`: everyday values an API sees (sources/everyday-values.json:
  names, addresses, notes with semicolons and quotes, search terms that are command or SQL
  words, stack traces, shell and SQL snippets in text) in a query, a JSON field and a form.

Writing `benign-man.jsonl` needs `man` with the pages installed (Debian's man-db); the
files are committed, so tests never run this script.

Deterministic: the same Python version writes the same files.
"""

from __future__ import annotations

import base64
import inspect
import json
import os
import random
import re
import shutil
import subprocess
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


MAN_PAGES = [
    "bash",
    "ls",
    "cp",
    "mv",
    "rm",
    "find",
    "grep",
    "sed",
    "awk",
    "tar",
    "gzip",
    "curl",
    "wget",
    "ssh",
    "scp",
    "chmod",
    "chown",
    "ps",
    "top",
    "kill",
    "env",
    "sudo",
    "crontab",
    "git",
    "make",
    "python3",
    "perl",
    "sqlite3",
    "psql",
    "nc",
    "ping",
    "ip",
    "systemctl",
    "journalctl",
    "dd",
    "xargs",
    "tee",
    "cat",
    "head",
    "tail",
    "sort",
    "cut",
    "tr",
    "date",
    "passwd",
    "mount",
    "apt-get",
    "dpkg",
    "openssl",
    "rsync",
    "nginx",
    "redis-cli",
    "man",
    "less",
    "diff",
    "patch",
]


def man_paragraphs() -> list[str]:
    if not shutil.which("man"):
        return []
    texts: list[str] = []
    env = {**os.environ, "MANWIDTH": "100", "MAN_KEEP_FORMATTING": "0"}
    for page in MAN_PAGES:
        out = subprocess.run(
            ["man", "-P", "cat", page], capture_output=True, text=True, env=env, check=False
        ).stdout
        out = re.sub(r".\x08", "", out)  # overstrike bold and underline
        for paragraph in re.split(r"\n\s*\n", out):
            text = re.sub(r"\s+", " ", paragraph).strip()
            if 40 <= len(text) <= 1500:
                texts.append(text)
    return texts


def forum_post(index: int, text: str) -> Request:
    if index % 2:
        body = json.dumps({"title": "Question", "body": text}).encode()
        return Request(
            "POST",
            "/api/v1/questions",
            (("Host", "forum.example.com"), ("Content-Type", "application/json")),
            body,
        )
    return Request(
        "POST",
        "/comment",
        (("Host", "forum.example.com"), ("Content-Type", "application/x-www-form-urlencoded")),
        f"text={quote(text)}&submit=Send".encode(),
    )


def main() -> None:
    rng = random.Random(2026)
    with (HERE / "benign-api.jsonl").open("w") as out:
        for index in range(3000):
            out.write(record(benign_request(rng), "benign", id=f"api-{index}") + "\n")
    with (HERE / "benign-docs.jsonl").open("w") as out:
        for index, text in enumerate(docstrings()[:4000]):
            out.write(record(forum_post(index, text), "benign", id=f"docs-{index}") + "\n")
    paragraphs = man_paragraphs()
    if paragraphs:
        random.Random(5).shuffle(paragraphs)
        with (HERE / "benign-man.jsonl").open("w") as out:
            for index, text in enumerate(paragraphs[:3000]):
                out.write(record(forum_post(index, text), "benign", id=f"man-{index}") + "\n")
    write_lists()
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


def write_lists() -> None:
    """The two lists in `sources`, each placed with a generator of its own: a payload added
    to one list changes no record of the other."""
    sources = HERE / "sources"
    rng = random.Random(7)
    payloads = json.loads((sources / "public-payloads.json").read_text())
    with (HERE / "attacks-lists.jsonl").open("w") as out:
        for number, (kind, payload) in enumerate(payloads):
            for placement in ("query", "json", "cookie"):
                request = place(rng, payload, placement, "plain")
                extra = {"type": kind, "point_kind": placement, "encoding": "plain"}
                case = f"list-{number}-{placement}"
                out.write(record(request, "attack", id=case, **extra) + "\n")
    values = json.loads((sources / "everyday-values.json").read_text())
    rng = random.Random(8)
    with (HERE / "benign-everyday.jsonl").open("w") as out:
        for number, value in enumerate(values):
            for placement in ("query", "json", "form"):
                request = place(rng, value, placement, "plain")
                out.write(record(request, "benign", id=f"everyday-{number}-{placement}") + "\n")


if __name__ == "__main__":
    main()
