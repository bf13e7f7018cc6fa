"""Detection quality on the project's own corpora (tests/corpora, written by
make_corpora.py), and the CLI that prints it. Thresholds only ever tighten."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, quote_plus

import msgpack
import pytest

from node.benchmark import Timing, render_long
from node.engine import Engine
from node.scorecard import Scorecard, read_corpus, score
from node.types import Request

CORPORA = Path(__file__).parent / "corpora"


@pytest.fixture(scope="module")
def card(engine: Engine) -> Scorecard:
    cases = [case for path in sorted(CORPORA.glob("*.jsonl")) for case in read_corpus(path)]
    return score(engine, cases)


# The false-positive rate each benign corpus is held to: the 0.5 % target where it is met,
# a ratchet at today's rate where it is not.
FALSE_POSITIVE_BOUNDS = [
    pytest.param("benign-api", 0.005, id="api-traffic"),
    pytest.param("benign-docs", 0.005, id="python-docstrings"),
    # The hardest benign text there is: paragraphs of man pages, many of them whole command
    # lines.
    pytest.param("benign-man", 0.007, id="manual-pages"),
    # READMEs in Markdown and reStructuredText: code blocks, install commands, tables. What
    # is left is close to an attack: `<script` and `{% extends %}` in template engines'
    # READMEs, a Windows system path.
    pytest.param("benign-readmes", 0.005, id="package-readmes"),
    # Python functions and Node.js's Markdown documentation posted as they are. What is left
    # is too short to be a document (`putenv(key, value)`) or runs code (process.kill(…)).
    pytest.param("benign-snippets", 0.005, id="code-snippets"),
    # Perl's POD: `L<Math::BigInt>` links, `C<import()>` markup, Perl code and shell command
    # lines; a section that starts with its `=head1` is a document however short. What is
    # left loads a script from a site (`<script src=…>`), names a path up a tree, or is
    # Perl code calling what injections call (`eval($_)`, `chr(20000)`, `sleep(1)`).
    pytest.param("benign-pod", 0.007, id="perl-documentation"),
    # The JDK's own methods and their Javadoc name every class a gadget chain is made of;
    # what is left names one (`java.lang.invoke`, `ClassLoader`) or asks for the runtime
    # (`getRuntime()`, `getenv(`).
    pytest.param("benign-java", 0.003, id="java-source"),
    # npm's own JavaScript in chunks of a few statements: a chunk too short to be a document
    # (thirty words) is read as code in a value, where `process.env`, `require('fs')` and
    # `__proto__` are what an injection writes.
    pytest.param("benign-js", 0.010, id="javascript"),
    # Programs' messages and their translations into a hundred languages: usage lines,
    # format strings, quoted options, Korean's particle pairs (`$ref은(는)`).
    pytest.param("benign-messages", 0.0, id="translated-messages"),
    # Values an API sees every day, a few of them shell or SQL lines a user pastes.
    pytest.param("benign-everyday", 0.017, id="everyday-values"),
    # Generated passwords hold every printable symbol; one holding a quote, an operator, a
    # word and `#` reads as SQL whose tail is commented out (F'%Xvs#).
    pytest.param("benign-secrets", 0.005, id="credentials"),
    # Services talking to services: batches of requests, letters forwarded raw, issue
    # trackers' wiki markup, TeX, Kubernetes manifests, sizes in inches and feet.
    pytest.param("benign-integrations", 0.0, id="integrations"),
    # A cloud's API as its SDK documents it: what is left names a key pair `id_rsa` (a
    # private key's file name) and a table's mappings by the CLI's `file://` prefix.
    pytest.param("benign-cloud", 0.003, id="cloud-api"),
]


@pytest.mark.parametrize(("corpus", "bound"), FALSE_POSITIVE_BOUNDS)
def test_benign_corpus_false_positives(card: Scorecard, corpus: str, bound: float) -> None:
    assert card.false_positives[f"corpus {corpus}.jsonl"].rate() <= bound


def test_benign_corpora_false_positives_overall(card: Scorecard) -> None:
    """The target on development data: at most 0.5 % of the benign requests flagged, all
    corpora together."""
    assert card.false_positives["overall"].rate() <= 0.005


def test_public_list_payload_recall(card: Scorecard) -> None:
    assert card.recall["corpus attacks-lists.jsonl"].rate() >= 0.997


def test_appended_payload_recall(card: Scorecard) -> None:
    """The lists' payloads that break out of what precedes them, added after a name, a
    search or a sentence of a message. What passes is probes that are no attack after words
    (`'-'`, `' '`, `'&'`) and a substitution in backquotes after a sentence (Markdown's
    inline code)."""
    assert card.recall["corpus attacks-appended.jsonl"].rate() >= 0.979
    assert card.recall["corpus attacks-appended.jsonl"].total >= 2000


def test_sqlmap_traffic_recall(card: Scorecard) -> None:
    """sqlmap's own requests, one per payload shape, in a query, a form, a cookie, the
    User-Agent, the Referer and the Host: every one."""
    assert card.recall["corpus attacks-sqlmap.jsonl"].rate() == 1.0


def test_scanner_payload_recall(card: Scorecard) -> None:
    """What wapiti, XSStrike, identYwaf, oralyzer and CRLFsuite send, and sqlmap's payloads
    through its tamper scripts. What passes is probes that are no attack alone: `id`,
    `set`, `*`, `<test x=y>`, `<img>`, `1 AND 1`, an absolute URL in `next`. CRLFsuite's
    cookie set after escapes that break no line (`%3f`, `%u0000`) or an indented one
    (`%0a%20`) counts (rule 10008)."""
    assert card.recall["corpus attacks-scanners.jsonl"].rate() >= 0.975
    assert card.recall["corpus attacks-scanners.jsonl"].total >= 2500


def test_known_exploits_are_found_as_their_class(engine: Engine) -> None:
    """Each known vulnerability's exploit (`attacks-exploits`), found as the class it is
    expected as: a generic class's payload, or a virtual patch's request shape."""
    cases = list(read_corpus(CORPORA / "attacks-exploits.jsonl"))
    assert len(cases) >= 63
    missed = [
        case.id
        for case in cases
        if case.type not in {hit.type.value for hit in engine.scan(case.request)}
    ]
    assert missed == []


def test_placed_and_encoded_attack_recall(card: Scorecard) -> None:
    assert card.recall["corpus attacks-placed.jsonl"].rate() >= 0.99
    for encoding in ("plain", "percent", "double-percent", "base64", "html", "unicode-escape"):
        assert card.recall[f"encoding {encoding}"].rate() >= 0.97, encoding


def test_bench_detection_cli_prints_scorecard() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "node",
            "bench",
            "detection",
            "--corpus",
            str(CORPORA / "attacks-placed.jsonl"),
            "--list",
            "2",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "attack recall" in out and "type sqli" in out and "encoding base64" in out


@pytest.mark.parametrize(
    ("record", "named"),
    [('{"label": "maybe"}', "label"), ('{"label": "attack", "paranoia": "PL2"}', "PL2")],
)
def test_bench_detection_cli_names_a_bad_corpus(tmp_path: Path, record: str, named: str) -> None:
    """A record the scorecard cannot read is named by its file and line, and what in it."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "benign"}\n' + record + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "node", "bench", "detection", "--corpus", str(bad)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "bad.jsonl:2" in result.stderr and named in result.stderr


def test_a_worst_time_at_the_bound_is_judged_as_it_is_shown() -> None:
    """The verdict agrees with the figure printed: 50.04 ms reads 50.0, within the bound."""
    floor = Timing("x", 10.0, 10.0)
    rows = render_long(
        [(floor, Timing("at", 20_000.0, 50_040.0)), (floor, Timing("over", 20_000.0, 50_060.0))]
    )
    assert rows.splitlines()[1].split()[-5:] == ["20.0", "50.0", "2000", "50ms", "yes"]
    assert rows.splitlines()[2].split()[-5:] == ["20.0", "50.1", "2000", "50ms", "no"]


def test_bench_engine_cli_prints_table() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "node", "bench", "engine", "--count", "60", "--rounds", "1"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "msgpack decode+encode (floor)" in out and "engine, benign API mix" in out
    rows = [line.split() for line in out.splitlines() if line.split()[-2:-1] == ["50ms"]]
    assert [" ".join(row[:-5]) for row in rows] == [
        "64 KB technical text",
        "64 KB token soup",
        "128 KB technical text",
        "1 MB of punctuation",
        "2,048 values of punctuation",
        "900 KB of punctuation in a header",
        "1 MB of escapes",
        "2,048 values of escapes",
        "60 values of 2 KB of escapes",
        "1 MB of dots and slashes",
        "900 KB of % in path and header",
        "1 MB of escaped markup in XML",
        "1 MB of nested JSON",
        "1 MB of empty JSON arrays",
        "100,000 query arguments",
        "a path of 500,000 segments",
    ]
    for row in rows:  # median ms, worst ms, × floor, bound, within
        assert float(row[-5]) > 0 and float(row[-4]) >= float(row[-5]) and row[-2] == "50ms"
        assert row[-1] == ("yes" if float(row[-4]) <= 50 else "no")


def test_rules_cli_lists_every_rule() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "node", "rules"], capture_output=True, text=True, check=True
    ).stdout
    assert "1001" in out and "14001" in out and "15001" in out


def test_cli_output_cut_short_by_its_reader_is_no_error() -> None:
    """`filtering-node rules | head -1`: the reader closes the pipe early."""
    process = subprocess.Popen(
        [sys.executable, "-m", "node", "rules"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10)
    process.stdout.close()
    assert process.wait(timeout=30) == 0
    assert b"Traceback" not in process.stderr.read()


def _case(text: str) -> str:
    """Letters in mixed case, but not the letter of an escape (`\\x3c`, which `\\X3c` is not)."""
    return "".join(
        c if text[i - 1 : i] == "\\" else c.upper() if i % 3 else c.lower()
        for i, c in enumerate(text)
    )


# What an attacker changes in a payload without changing what it does, by class.
EVASIONS: dict[str, dict[str, Callable[[str], str]]] = {
    "sqli": {
        "case": _case,
        "lower case": str.lower,
        "comments for spaces": lambda s: s.replace(" ", "/**/"),
        "tabs for spaces": lambda s: s.replace(" ", "\t"),
        "line breaks for spaces": lambda s: s.replace(" ", "\n"),
        "form feeds for spaces": lambda s: s.replace(" ", "\x0c"),
        "CRLF for spaces": lambda s: s.replace(" ", "\r\n"),
        "NULs for spaces": lambda s: s.replace(" ", "\x00"),
        # sqlmap's modsecurityversioned: the condition inside a versioned comment
        "versioned condition": lambda s: re.sub(
            r"(?i)\s+(and|or)\s+(.*?)(--|#|$)", r" /*!30874\1 \2*/\3", s, count=1
        ),
        "NUL before quotes": lambda s: s.replace("'", "\x00'"),
    },
    "xss": {
        "case": _case,
        "slashes for spaces": lambda s: s.replace(" ", "/"),
        "line breaks for spaces": lambda s: s.replace(" ", "\n"),
        "entities for parentheses": lambda s: s.replace("(", "&#40;").replace(")", "&#41;"),
        "tab in javascript:": lambda s: s.replace("javascript:", "java\tscript:"),
        "entity in javascript:": lambda s: s.replace("javascript:", "jav&#x61;script:"),
        "tagged template call": lambda s: re.sub(r"alert\((\d*)\)", r"alert`\1`", s),
        "escaped sink": lambda s: s.replace("alert", "\\u0061lert"),
        "sink in pieces": lambda s: s.replace("alert(", "top['al'+'ert']("),
        "another sink": lambda s: s.replace("alert", "confirm"),
        "slash before a handler": lambda s: re.sub(r" (on\w+=)", r"/\1", s),
    },
    "rce": {
        "${IFS} for spaces": lambda s: s.replace(" ", "${IFS}"),
        "${IFS%??} for spaces": lambda s: s.replace(" ", "${IFS%??}"),
        "tabs for spaces": lambda s: s.replace(" ", "\t"),
        "quotes inside names": lambda s: re.sub(r"\b(cat|id|ls|whoami|uname)\b", r"\1''", s),
        "backslash inside names": lambda s: re.sub(
            r"\b(cat|whoami|uname)\b", lambda m: m.group(1)[0] + "\\" + m.group(1)[1:], s
        ),
        "$@ inside names": lambda s: re.sub(
            r"\b(cat|whoami|uname)\b", lambda m: m.group(1)[0] + "$@" + m.group(1)[1:], s
        ),
        "globs for /etc/passwd": lambda s: s.replace("/etc/passwd", "/e??/p?ss??"),
        "$IFS$9 for spaces": lambda s: s.replace(" ", "$IFS$9"),
    },
    "ptrav": {
        "encoded slashes": lambda s: s.replace("../", "..%2f"),
        "doubled dots": lambda s: s.replace("../", "....//"),
        "encoded dots": lambda s: s.replace("../", "%2e%2e/"),
    },
}


@pytest.mark.parametrize(
    ("kind", "evasion"), [(k, e) for k, evasions in EVASIONS.items() for e in evasions]
)
def test_public_list_payloads_are_found_however_they_are_spelled(
    engine: Engine, kind: str, evasion: str
) -> None:
    sources = json.loads((CORPORA / "sources" / "public-payloads.json").read_text())
    missed = []
    for payload in (p for k, p in sources if k == kind):
        changed = EVASIONS[kind][evasion](payload)
        if changed == payload or not _found(engine, payload):
            continue
        if not _found(engine, changed):
            missed.append(changed)
    assert missed == []


def _xml_attribute(value: str) -> str:
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return f'<order><item note="{escaped}"/></order>'


def _multipart(value: str) -> bytes:
    return (
        f'--B\r\nContent-Disposition: form-data; name="note"\r\n\r\n{value}\r\n--B--\r\n'.encode()
    )


# Where an application takes a value from, beyond a query argument.
PLACES: dict[str, Callable[[str], Request]] = {
    "a path segment before the last": lambda v: Request("GET", f"/api/{quote(v, safe='')}/x"),
    "a matrix parameter": lambda v: Request("GET", f"/api;filter={quote(v, safe='')}/x"),
    "the query of a URL in a redirect parameter": lambda v: Request(
        "GET", "/login?next=" + quote("https://app.example.com/s?q=" + quote(v, safe=""), safe="")
    ),
    "a base64 JSON cursor": lambda v: Request(
        "GET", "/a?cursor=" + quote(base64.b64encode(json.dumps({"after": v}).encode()))
    ),
    # sqlmap's chardoubleencode, form-style: a second urldecode reads `+` as a space
    "a value encoded twice as a form encodes": lambda v: Request(
        "GET", "/a?q=" + quote_plus(quote_plus(v))
    ),
    "a MessagePack body": lambda v: Request(
        "POST",
        "/a",
        (("Content-Type", "application/msgpack"),),
        msgpack.packb({"id": 7, "tags": ["x"], "note": v}),
    ),
    "a JSON document in a JSON string": lambda v: Request(
        "POST",
        "/a",
        (("Content-Type", "application/json"),),
        json.dumps({"data": json.dumps({"note": v})}).encode(),
    ),
    "an XML attribute": lambda v: Request(
        "POST", "/a", (("Content-Type", "application/xml"),), _xml_attribute(v).encode()
    ),
    "a multipart field": lambda v: Request(
        "POST", "/a", (("Content-Type", "multipart/form-data; boundary=B"),), _multipart(v)
    ),
}


@pytest.mark.parametrize("place", PLACES)
def test_public_list_payloads_are_found_wherever_they_are_placed(
    engine: Engine, place: str
) -> None:
    sources = json.loads((CORPORA / "sources" / "public-payloads.json").read_text())
    missed = [
        payload
        for kind, payload in sources
        # Line breaks end a header or a form line before they reach a mail or a response.
        if kind not in ("crlf", "mail_injection")
        and _found(engine, payload)
        and not engine.scan(PLACES[place](payload))
    ]
    assert missed == []


def _found(engine: Engine, value: str) -> bool:
    return bool(engine.scan(Request("GET", "/a?q=" + quote(value, safe=""))))
