"""The wire contract: every schema error names the key."""

from __future__ import annotations

import msgpack
import pytest

from node.protocol import (
    JSON,
    MSGPACK,
    ProtocolError,
    RequestMessage,
    ResponseMessage,
    announced_count,
    decode,
    encode,
    pack_allow,
    parse_message,
)
from node.testing import request_message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"v": 2}, "key 'v' must be 1, got 2"),
        ({"v": "1"}, "key 'v' must be an integer, got str"),
        ({"kind": "event"}, "key 'kind' must be 'request' or 'response'"),
        ({"id": "has space"}, "key 'id' must be 1-128 characters"),
        ({"id": "x" * 129}, "key 'id' must be 1-128 characters"),
        ({"method": None}, "missing required key 'method'"),
        ({"scheme": "ftp"}, "key 'scheme' must be 'http' or 'https'"),
        ({"headers": {"a": "b"}}, "key 'headers' must be an array"),
        ({"headers": [["a"]]}, "key 'headers[0]' must be a [name, value] pair"),
        ({"body": 12}, "key 'body' must be bytes, got int"),
        ({"body": b"abc", "body_size": 2}, "key 'body_size' must be at least len(body) = 3"),
        ({"client_port": "80"}, "key 'client_port' must be an integer"),
        ({"ts": "now"}, "key 'ts' must be a number"),
        ({"uri": ["/"]}, "key 'uri' must be a string, got array"),
        ({"host": {"name": "a"}}, "key 'host' must be a string, got map"),
    ],
)
@pytest.mark.parametrize("kind", [MSGPACK, JSON])
def test_schema_errors_name_the_key(change: dict[str, object], message: str, kind: str) -> None:
    document = request_message("/")
    document.update(change)
    document = {k: v for k, v in document.items() if v is not None}
    with pytest.raises(ProtocolError) as error:
        parse_message(decode(encode(document, kind), kind))
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("message_id", "valid"),
    [
        ("a", True),
        ("x" * 128, True),
        ("req-01.AZ_az:09", True),
        ("0123456789:-._ABCXYZabcxyz", True),
        ("", False),
        ("x" * 129, False),
        ("a b", False),
        ("a/b", False),  # one past `.`
        ("a;b", False),  # one past `:`
        ("a@b", False),  # one before `A`
        ("a[b", False),  # one past `Z`
        ("a`b", False),  # one before `a`
        ("a{b", False),  # one past `z`
        ("a,b", False),  # one before `-`
        ("id\n", False),
        ("é", False),
        ("١٢٣", False),  # digits, but not ASCII ones
    ],
)
def test_message_ids_are_the_characters_the_contract_names(message_id: str, valid: bool) -> None:
    document = request_message("/")
    document["id"] = message_id
    if valid:
        assert parse_message(document).id == message_id
    else:
        with pytest.raises(ProtocolError, match="key 'id' must be 1-128 characters"):
            parse_message(document)


@pytest.mark.parametrize("kind", [MSGPACK, JSON])
def test_headers_arrive_as_pairs_of_text_in_either_encoding(kind: str) -> None:
    document = request_message("/", headers=[["Host", "a.example"], ["X-Raw", b"\xff"]])
    message = parse_message(decode(encode(document, kind), kind))
    assert message.headers == (
        ("Host", "a.example"),
        ("X-Raw", "\xff" if kind == MSGPACK else "\ufffd"),
    )


@pytest.mark.parametrize(
    ("message_id", "mode", "application", "ms"),
    [
        ("a", "off", -1, 0.0),
        ("x" * 31, "monitoring", 0, 0.001),  # the longest id in a fixstr
        ("y" * 32, "safe_blocking", 127, 12.345),  # the shortest in a str 8
        ("z" * 128, "block", 128, 1e9),
        ("w" * 255, "block", 1, 2.5),  # the longest in a str 8
        ("v" * 256, "block", 1, 2.5),  # a str 16: packed by the packer
        ("é" * 100, "off", 1, 0.25),  # a string's length is its UTF-8 bytes
        ("req-1:2.3_4", "block", 70000, 0.5),
        ("r", "monitoring", 2**40, 3.25),
    ],
)
def test_a_packed_allow_verdict_is_the_document_packed(
    message_id: str, mode: str, application: int, ms: float
) -> None:
    document = {
        "v": 1,
        "id": message_id,
        "verdict": "allow",
        "mode": mode,
        "application": application,
        "attacks": [],
        "ms": ms,
    }
    assert pack_allow(message_id, mode, application, ms) == encode(document, MSGPACK)


def test_unknown_keys_are_ignored_and_json_bodies_are_text() -> None:
    message = parse_message(request_message("/x", future_key=1, body="héllo"))
    assert isinstance(message, RequestMessage)
    assert message.body == "héllo".encode() and message.body_size == 6


def test_response_messages() -> None:
    message = parse_message({"v": 1, "kind": "response", "id": "r1", "status": 204, "headers": []})
    assert message == ResponseMessage("r1", 204, ())
    with pytest.raises(ProtocolError, match="key 'status' must be an HTTP status"):
        parse_message({"v": 1, "kind": "response", "id": "r1", "status": 42, "headers": []})


def test_inspect_accepts_only_requests() -> None:
    with pytest.raises(ProtocolError, match="key 'kind' must be 'request', got 'response'"):
        parse_message(
            {"v": 1, "kind": "response", "id": "r", "status": 200, "headers": []},
            kinds=("request",),
        )


@pytest.mark.parametrize(
    ("body", "kind", "count"),
    [
        (msgpack.packb([{}] * 3), MSGPACK, 3),
        (msgpack.packb([{}] * 300), MSGPACK, 300),
        (msgpack.packb([{}] * 70000), MSGPACK, 70000),
        (msgpack.packb({"v": 1}), MSGPACK, 1),
        (msgpack.packb([]), MSGPACK, 0),
        (b"\xdc\x01", MSGPACK, 0),  # a length cut short says nothing
        (b"", MSGPACK, 0),
        (b"[{}, {}]", JSON, 0),  # JSON tells its length only once decoded
    ],
)
def test_announced_count_reads_the_array_header(body: bytes, kind: str, count: int) -> None:
    assert announced_count(body, kind) == count
