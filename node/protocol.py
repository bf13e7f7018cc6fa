"""The connector ↔ node wire contract, version 1 (shared/PROTOCOL.md).

The only module that imports msgpack. Messages arrive as MessagePack or JSON with the same
structure; a reply uses the content type of its request. Unknown keys are ignored; a
missing required key or a value of the wrong type is an error that names the key.
"""

from __future__ import annotations

import json
import re
import struct
from typing import Any, Final, NamedTuple

import msgpack

MSGPACK: Final = "application/msgpack"
JSON: Final = "application/json"


class ProtocolError(ValueError):
    """A message that breaks the contract; the text names what and which key."""


class RequestMessage(NamedTuple):
    id: str
    method: str
    scheme: str
    host: str
    uri: str
    client_ip: str
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""
    body_size: int = 0
    http_version: str = ""
    client_port: int = 0
    route: str = ""
    connector: str = ""
    ts: float = 0.0


class ResponseMessage(NamedTuple):
    id: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""
    body_size: int = 0
    connector: str = ""
    ts: float = 0.0


Message = RequestMessage | ResponseMessage


def content_kind(content_type: str) -> str | None:
    """`MSGPACK` or `JSON` for a request's Content-Type, None for anything else."""
    if content_type == MSGPACK:
        return MSGPACK  # what the bundled connectors send: no method call to tell it
    base = content_type.split(";", 1)[0].strip().lower()
    if base in ("application/msgpack", "application/x-msgpack", "application/vnd.msgpack"):
        return MSGPACK
    if base == "application/json" or base.endswith("+json"):
        return JSON
    return None


# A \uD800-\uDFFF escape: JSON may name half a surrogate pair, which no text holds.
_SURROGATE_ESCAPE: Final = re.compile(rb"\\u[dD][89a-fA-F]")


def _whole(value: Any) -> Any:
    """`value` with lone surrogates replaced (U+FFFD), in every string it holds."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if isinstance(value, list):
        return [_whole(item) for item in value]
    if isinstance(value, dict):
        return {_whole(key): _whole(item) for key, item in value.items()}
    return value


def decode(body: bytes, kind: str) -> Any:
    """The document in a request body; ProtocolError when it cannot be decoded. Strings
    are whole text: half a surrogate pair, which JSON can escape, becomes U+FFFD (it
    could be encoded neither into UTF-8 nor into a MessagePack verdict). MessagePack
    arrays come as tuples, JSON's as lists: a tuple costs one allocation, and a message's
    headers arrive as the tuple of pairs they are kept as."""
    try:
        if kind == MSGPACK:
            return msgpack.unpackb(body, raw=False, strict_map_key=False, use_list=False)
        document = json.loads(body)
        return _whole(document) if _SURROGATE_ESCAPE.search(body) else document
    except (ValueError, msgpack.ExtraData, msgpack.FormatError, msgpack.StackError) as error:
        name = "MessagePack" if kind == MSGPACK else "JSON"
        raise ProtocolError(f"body is not valid {name}: {error}") from None


def announced_count(body: bytes, kind: str) -> int:
    """How many messages a body holds, read from its first bytes without decoding it: a
    MessagePack array says its length up front, a map is one message. 0 when the body does
    not say (JSON, or not an array or map at all); decoding will tell."""
    if kind != MSGPACK or not body:
        return 0
    head = body[0]
    if 0x90 <= head <= 0x9F:
        return head & 0x0F
    if head in (0xDC, 0xDD):
        width = 2 if head == 0xDC else 4
        return int.from_bytes(body[1 : 1 + width], "big") if len(body) > width else 0
    return 1 if 0x80 <= head <= 0x8F or head in (0xDE, 0xDF) else 0


# One packer for every reply: `msgpack.packb` makes a packer and its 1 MB buffer each call,
# half of what packing a verdict costs. Replies are packed on the event loop's thread.
_PACKER: Final = msgpack.Packer(use_bin_type=True)


def encode(document: dict[str, Any], kind: str) -> bytes:
    if kind == MSGPACK:
        packed: bytes = _PACKER.pack(document)
        return packed
    return json.dumps(document, separators=(",", ":"), default=_json_bytes).encode()


def _packed(*items: object) -> bytes:
    return b"".join(_PACKER.pack(item) for item in items)


# An allow verdict without attacks, the answer to nearly every request, as `encode` packs
# `{"v": 1, "id": …, "verdict": "allow", "mode": …, "application": …, "attacks": [],
# "ms": …}`: its constant parts packed once. Packing the document took 5 % of a verdict's
# instructions, building it 2 % more.
_ALLOW_HEAD: Final = b"\x87" + _packed("v", 1, "id")  # a map of seven entries
_ALLOW_VERDICT: Final = _packed("verdict", "allow", "mode")
_ALLOW_TAIL: Final = _packed("attacks", [], "ms") + b"\xcb"  # a float64 follows
_FLOAT64: Final = struct.Struct(">d")
# The head of a packed string of each length up to 255 bytes: a fixstr, then a str 8.
_STR_HEADS: Final = tuple(bytes((0xA0 | n,) if n < 32 else (0xD9, n)) for n in range(256))
# The packed mode, key and application of each target met: few, as routes are.
_TARGETS: Final[dict[tuple[str, int], bytes]] = {}
_TARGETS_KEPT: Final = 1024


def pack_allow(message_id: str, mode: str, application: int, ms: float) -> bytes:
    """The MessagePack verdict allowing request `message_id` on which nothing was found."""
    key = (mode, application)
    target = _TARGETS.get(key)
    if target is None:
        if len(_TARGETS) >= _TARGETS_KEPT:
            _TARGETS.clear()
        target = _TARGETS[key] = _packed(mode, "application", application)
    # The id packed here: the packer's method call cost more than the string's head.
    text = message_id.encode()
    packed_id = _STR_HEADS[len(text)] + text if len(text) < 256 else _PACKER.pack(message_id)
    parts = (_ALLOW_HEAD, packed_id, _ALLOW_VERDICT, target, _ALLOW_TAIL, _FLOAT64.pack(ms))
    return b"".join(parts)


def _json_bytes(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"cannot encode {type(value).__name__}")


def _valid_id(text: str) -> bool:
    """Whether a message id is 1-128 characters of `[A-Za-z0-9._:-]`. (Read character by
    character: compiled, a regular expression's call cost more than the loop.)"""
    size = len(text)
    if not 1 <= size <= 128:
        return False
    for at in range(size):  # (by index: compiled, no string is made of each character)
        code = ord(text[at])
        if not (
            48 <= code <= 58  # 0-9 and :
            or 65 <= code <= 90  # A-Z
            or 97 <= code <= 122  # a-z
            or code == 45  # -
            or code == 46  # .
            or code == 95  # _
        ):
            return False
    return True


def _type_name(value: object) -> str:
    """What a decoded value is, in the terms of the contract's encodings."""
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, dict):
        return "map"
    return "nil" if value is None else type(value).__name__


def _require(doc: dict[str, Any], key: str, kind: type | tuple[type, ...], name: str) -> Any:
    value = doc.get(key)
    if type(value) is kind:
        return value  # the common case, decided at once
    if key not in doc:
        raise ProtocolError(f"missing required key '{key}'")
    value = doc[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ProtocolError(f"key '{key}' must be {name}, got {_type_name(value)}")
    return value


def _optional(
    doc: dict[str, Any], key: str, kind: type | tuple[type, ...], name: str, default: Any
) -> Any:
    value = doc.get(key)
    if value is None:
        return default
    if type(value) is kind:
        return value
    return _require(doc, key, kind, name)


def _bytes(doc: dict[str, Any], key: str) -> bytes:
    value = doc.get(key)
    if value is None:
        return b""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):  # JSON carries bytes as UTF-8 text
        return value.encode("utf-8", "surrogatepass")
    raise ProtocolError(f"key '{key}' must be bytes, got {_type_name(value)}")


def _headers(doc: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    value = doc.get("headers")
    if type(value) is tuple:  # from MessagePack: kept as it is when it holds pairs of text
        for pair in value:
            if not (type(pair) is tuple and len(pair) == 2):
                break
            if not (type(pair[0]) is str and type(pair[1]) is str):
                break
        else:
            return value
    value = _require(doc, "headers", (list, tuple), "an array of [name, value] pairs")
    headers = []
    for index, pair in enumerate(value):
        if type(pair) is list and len(pair) == 2:
            name, text = pair
            if type(name) is str and type(text) is str:  # the common case, kept cheap
                headers.append((name, text))
                continue
        if (
            not isinstance(pair, list | tuple)
            or len(pair) != 2
            or not all(isinstance(part, str | bytes) for part in pair)
        ):
            raise ProtocolError(f"key 'headers[{index}]' must be a [name, value] pair of strings")
        name, text = (p.decode("latin-1") if isinstance(p, bytes) else p for p in pair)
        headers.append((name, text))
    return tuple(headers)


def parse_message(doc: Any, kinds: tuple[str, ...] = ("request", "response")) -> Message:
    """A validated message from its decoded document."""
    if not isinstance(doc, dict):
        raise ProtocolError(f"a message must be a map, got {_type_name(doc)}")
    version = _require(doc, "v", int, "an integer")
    if version != 1:
        raise ProtocolError(f"key 'v' must be 1, got {version}")
    kind = _require(doc, "kind", str, "a string")
    if kind not in kinds:
        expected = " or ".join(f"'{k}'" for k in kinds)
        raise ProtocolError(f"key 'kind' must be {expected}, got {kind!r}")
    message_id = _require(doc, "id", str, "a string")
    if not _valid_id(message_id):
        raise ProtocolError("key 'id' must be 1-128 characters of [A-Za-z0-9._:-]")
    ts = float(_optional(doc, "ts", (int, float), "a number", 0.0))
    connector = _optional(doc, "connector", str, "a string", "")
    body = _bytes(doc, "body")
    body_size = _optional(doc, "body_size", int, "an integer", len(body))
    if body_size < len(body):
        raise ProtocolError(f"key 'body_size' must be at least len(body) = {len(body)}")
    if kind == "response":
        status = _require(doc, "status", int, "an integer")
        if not 100 <= status <= 599:
            raise ProtocolError(f"key 'status' must be an HTTP status 100-599, got {status}")
        return ResponseMessage(message_id, status, _headers(doc), body, body_size, connector, ts)
    # Keys are checked in the order PROTOCOL.md lists them, so the first missing is named.
    method = _require(doc, "method", str, "a string")
    scheme = _require(doc, "scheme", str, "a string")
    if scheme not in ("http", "https"):
        raise ProtocolError(f"key 'scheme' must be 'http' or 'https', got {scheme!r}")
    host = _require(doc, "host", str, "a string")
    uri = _require(doc, "uri", str, "a string")
    client_ip = _require(doc, "client_ip", str, "a string")
    headers = _headers(doc)
    http_version = _optional(doc, "http_version", str, "a string", "")
    client_port = _optional(doc, "client_port", int, "an integer", 0)
    route = _optional(doc, "route", str, "a string", "")
    # Built as the tuple it is: a named tuple's __new__ is Python code, and with keywords
    # it cost a third of validating a message. (Written out: unpacked into it, the fields
    # were gathered in a list first.)
    fields = (
        message_id, method, scheme, host, uri, client_ip, headers, body, body_size,
        http_version, client_port, route, connector, ts,
    )  # fmt: skip
    return tuple.__new__(RequestMessage, fields)


def error_document(message: str) -> dict[str, Any]:
    return {"error": message}
