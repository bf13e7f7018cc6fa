"""Points: every part of a request, parsed and named so that a person can read the name.

`extract()` turns a `Request` into a list of `(point, value)` pairs: the path, query arguments and
their names, every header value, cookies, and the body by content type (form, JSON, XML,
multipart, text) or, when the type is missing or wrong, by sniffing. Values are decoded only
as far as their syntax requires (a query argument is percent-decoded once); the engine
peels off further layers.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import contextlib
import csv
import gc
import io
import json
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Generic, TypeVar

from node.decoders import (
    GRAPHQL,
    XML_ENTITIES,
    Translation,
    gunzip,
    html_decode,
    percent_decode,
    percent_decode_as,
    utf8_lenient,
)
from node.types import Request

Point = tuple[str, str]

K = TypeVar("K")
V = TypeVar("V")

_JWT: Final = re.compile(r"(eyJ[A-Za-z0-9_-]{4,})\.(eyJ[A-Za-z0-9_-]{4,})\.[A-Za-z0-9_-]*")
_Q: Final = r"(?:\s*;\s*q\s*=\s*[01](?:\.\d{0,3})?)?"
_MEDIA: Final = r"(?:[\w.+*-]+/[\w.+*-]+|\*)(?:\s*;\s*[\w.-]+\s*=\s*[\w.-]+)*"
_TOKEN_LIST: Final = r"\s*[\w*.-]+" + _Q + r"(?:\s*,\s*[\w*.-]+" + _Q + r")*\s*"
# Headers whose whole syntax is known: a value that follows it exactly carries no payload.
_GRAMMARS: Final = {
    "ACCEPT": re.compile(r"\s*" + _MEDIA + r"(?:\s*,\s*" + _MEDIA + r")*\s*"),
    "ACCEPT-ENCODING": re.compile(_TOKEN_LIST),
    "ACCEPT-LANGUAGE": re.compile(_TOKEN_LIST),
    "ACCEPT-CHARSET": re.compile(_TOKEN_LIST),
    "TE": re.compile(_TOKEN_LIST),
    "CONNECTION": re.compile(_TOKEN_LIST),
    "CONTENT-LENGTH": re.compile(r"\s*\d{1,19}\s*"),
    "CONTENT-TYPE": re.compile(
        r"\s*[\w.+-]+/[\w.+-]+(?:\s*;\s*[\w.-]+\s*=\s*(?:[\w.+-]+|\"[\w.+-]+\"))*\s*"
    ),
    "DNT": re.compile(r"\s*[01]\s*"),
    "UPGRADE-INSECURE-REQUESTS": re.compile(r"\s*1\s*"),
    "CACHE-CONTROL": re.compile(r"\s*[\w-]+(?:=\d+)?(?:\s*,\s*[\w-]+(?:=\d+)?)*\s*"),
}
_URLSAFE: Final = bytes.maketrans(b"-_", b"+/")
_CONTENT_TYPES: Final = 3  # distinct Content-Type headers a body is parsed under
_CODINGS: Final = 3  # content codings undone, of those a Content-Encoding lists
# A compressed body is inflated to at most this many times `max_body_bytes`: a megabyte by
# default, as long as a message's body may be; what a bomb inflates to past it is unread.
_INFLATED_TIMES: Final = 16
# How far before the end of its head the tail of a body at most twice the limit long
# starts (at most an eighth of the limit): a payload across the cut (`…<scr` | `ipt>…`)
# was in neither. Long enough for the tail to be read as the document it may be part of.
_TAIL_OVERLAP: Final = 8192
# How a JSON document begins: a string value starting so may be one (spaces first, too).
_JSON_OPENERS: Final = frozenset("{[ \t\r\n")
# How a cookie or a header that holds a JSON document starts: as it is, or percent-encoded.
_DOCUMENT_OPENERS: Final = frozenset("{[")
_ENCODED_OPENERS: Final = frozenset(("%7B", "%5B"))
_URL_HEADERS: Final = frozenset(("REFERER", "ORIGIN", "X-ORIGINAL-URL", "X-REWRITE-URL"))
# An XML message as a value, as it is or in base64 (a SOAP envelope in a JSON member, a
# SAML response a browser posts): its root element, after a declaration. Not any XML
# document: a configuration file pasted in a note names Java classes in its values, which
# alone look like a deserialization payload.
_XML_MESSAGE: Final = re.compile(
    r"(?:<\?xml[^>]{0,256}>\s*)?<(?:[A-Za-z_][\w.-]{0,30}:)?"
    r"(?:Envelope|Response|Assertion|AuthnRequest|LogoutRequest|LogoutResponse)[\s/>]"
)
_BASE64_XML_STARTS: Final = ("PD94bWw", "PHNhbW", "PHNvYX", "PFNPQVA", "PHM6")
# And an XML document of data, an API's payload carried in JSON: one that declares itself
# (`<?xml …?>`), or whose root element closes at its end (`<order>…</order>`) and is none
# of HTML's (`_HTML_FRAGMENT`, `_ACTIVE_ELEMENTS`: rich text and the markup a payload
# sends, `<script>…</script>`, are read as text). Its values are read as an XML body's, a
# payload that only means something at a value's start too (`admin'--`).
_XML_ROOT: Final = re.compile(r"<([A-Za-z_][\w.-]*(?::[\w.-]+)?)[\s/>]")
# (And those a payload's markup opens with besides: `<svg onload=…>`, `<img src=x …>`.)
_MARKUP_ROOTS: Final = frozenset(
    ("svg", "img", "math", "style", "video", "audio", "details", "input", "form", "marquee")
)
# The parameters SAML's bindings send a message in: in base64, and deflated first by the
# HTTP-Redirect binding (a request to an identity provider, a logout and its answer).
_SAML_PARAMETERS: Final = (".SAMLRequest", ".SAMLResponse")
# The first letters of a GraphQL operation (query, mutation, subscription).
_GRAPHQL_FIRST: Final = frozenset("qms")
_GRAPHQL_STRING: Final = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
# What stands between an argument's or input field's colon and a string it has: `name:
# "…"`, `names: ["a", "…"`.
_GRAPHQL_BETWEEN: Final = re.compile(r'\s*\[?\s*(?:"[^"\n]*"\s*,\s*)*')
_GRAPHQL_STRINGS: Final = 512  # string values read of one document
# A URL whose query an application may read in turn: absolute on the web, protocol- or
# path-relative (`/search?q=…`, `../cart?id=…`), as redirects and callbacks name pages.
_URL_WITH_QUERY: Final = re.compile(r"(?:[Hh][Tt][Tt][Pp][Ss]?://|\.{0,2}/)[^\s?#]*\?")
_ABSOLUTE_FORM: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,15}://")
_PRINTABLE_BYTES: Final = bytes(range(32, 127)) + b"\t\n\r"
_TEXT_BYTES: Final = _PRINTABLE_BYTES + bytes(range(128, 256))
_BASE64_SEGMENT: Final = re.compile(r"[A-Za-z0-9+_-]+={0,2}")
_BASE64: Final = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
# The ASCII characters of a path that are no syntax (`_syntax`): word characters and
# `. ~ @ : + , / -`, marked 1 by their code.
_PLAIN_PATH: Final = bytes(
    1 if chr(code).isalnum() or chr(code) in "_.~@:+,/-" else 0 for code in range(128)
)
_SEPARATOR: Final = re.compile(r"&(?!#(?:x[0-9a-f]{1,6}|\d{1,7});|(?:lt|gt|quot|apos);)", re.I)
_KEY_CLEAN: Final = re.compile(r"[^\w.\[\]$@:-]")
_XML_TOKEN: Final = re.compile(
    r"<!--(?P<comment>.*?)(?:-->|$)"
    r"|<!\[CDATA\[(?P<cdata>.*?)(?:\]\]>|$)"
    # (An internal subset never closed is the rest of the text: looked for to the end
    # from each `[`, 64 KB of declarations took 0.3 s.)
    r"|<!(?P<decl>DOCTYPE(?:[^\[>]|\[[^\]]*(?:\]|$))*)>?"
    r"|<\?(?P<pi>.*?)(?:\?>|$)"
    # A quoted attribute value may hold a `>` (`note="a > b"`). Each step is atomic: a
    # quote that does not open a value is a character, and no text is split two ways.
    r"|<(?P<close>/)?(?P<tag>[^\s/<>!?]{1,128})"
    r"(?P<attrs>(?>[^<>\"'/]+|\"[^\"<]*\"|'[^'<]*'|[\"']|/(?!>))*)(?P<empty>/)?>"
    # A `<` that opens no tag is text with what follows it: `<svg onload=…` never closed.
    r"|(?P<text>[^<]+|<[^<]*)",
    re.S | re.I,
)
_XML_NAME: Final = re.compile(r"[^\W\d]")
# Elements a browser showing the document (XHTML, SVG) runs or loads content by: what
# their attributes do is read with the element, as it is in HTML.
_ACTIVE_ELEMENTS: Final = frozenset(
    ("script", "iframe", "frame", "frameset", "embed", "object", "applet", "base", "link", "meta")
)
_XML_REACH: Final = 64  # open elements a closing tag is matched against, from the innermost
# An attribute (group 2 is its `=`), or a name alone, read once: a name with no `=` after
# it was read again from each of its characters, 35 s for a tag of 64 KB.
_XML_ATTR: Final = re.compile(r"""([^\s=/>]++)(?:\s*+(=)\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_MP_NAME: Final = re.compile(r"""\bname\s*=\s*(?:"([^"]*)"|([^;\s]+))""", re.I)
# Server-side code in a binary upload. Openers of three bytes or more: two-byte ones (`<%`)
# turn up by chance in every few kilobytes of compressed image data. Three-byte ones do in
# one upload of a hundred kilobytes in fifty: those go on as code does, in text up to what
# closes them (``<?=`$_GET[0]`?>``, `<%= x %>`; PHP's echo may end the file, or a statement).
# A Java object stream too (its magic, version and first element), which a server that
# deserialises it runs: JBoss's JMXInvokerServlet takes one as the body. And a DjVu
# annotation's metadata that runs Perl in ExifTool before 12.24, which evaluates its
# strings (CVE-2021-22205, GitLab's uploads: `(metadata (Copyright "\⏎" . qx{id} . …`, in a
# DjVu file or one embedded in a JPEG's EXIF).
_EMBEDDED_CODE: Final = re.compile(
    rb"<\?php|<\?=[\t\n\r\x20-\x7e]{1,300}?(?:\?>|;|\Z)|<%[@=][\t\n\r\x20-\x7e]{1,300}?%>"
    rb"|<script\b|(?-i:\xac\xed\x00\x05[\x70-\x7e])"
    rb"|\(metadata\b(?=[\t\n\r\x20-\x7e]{1,300}?(?:\bqx\s*[{(\[/|]|\b(?:system|exec)\s*\(|`))",
    re.I,
)
# A pickle's global that runs a command or code when it is loaded, written by protocols 4
# and 5 (a module's and a name's short strings, then STACK_GLOBAL) or 1 to 3 (GLOBAL, as
# protocol 0 writes it in text): an ML model or a job a server unpickles.
_PICKLED_MODULE: Final = rb"(os|posix|nt|subprocess|commands|builtins|__builtin__)"
_PICKLED_CALL: Final = (
    rb"(system|popen|exec[lv]?p?e?|eval|getoutput|check_output|call|run|spawn[lv]?p?e?)"
)
_PICKLED_GLOBAL: Final = re.compile(
    rb"\x8c[\x02-\x0c]"
    + _PICKLED_MODULE
    + rb"\x94?\x8c[\x03-\x10]"
    + _PICKLED_CALL
    + rb"\x94?\x93|c"
    + _PICKLED_MODULE
    + rb"\n"
    + _PICKLED_CALL
    + rb"\n"
)
_MP_FILE: Final = re.compile(r"""\bfilename\s*=\s*(?:"([^"]*)"|([^;\s]+))""", re.I)
# RFC 5987 extended parameters, which RFC 6266 lets win over the plain ones:
# filename*=UTF-8''shell%2Ephp. The charset and language come before the quotes.
_MP_EXTENDED: Final = re.compile(
    r"""\b(name|filename)\*\s*=\s*"?([\w.-]*)'[^']*'([^;\s"]*)""", re.I
)


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one request may make the parser do."""

    max_body_bytes: int = 65536
    max_points: int = 2048
    max_depth: int = 16


class PointsFull(Exception):
    """Raised by `Points.add` past the bound: the parser stops where it is."""


class Points:
    """The points found so far, in order; adding one past the bound raises `PointsFull`.
    When a limit left part of the request unparsed, `cut` says which and `cut_at` where;
    `unparsed` counts what a long body had past what its limit let be parsed: the middle
    of a text, the values of a JSON document past twice the limit; `unparsed_head`, what
    the request target and headers had past twice the limit; `undecoded`, the content
    coding of a body sent in one the node does not undo (`br`, `zstd`); `uninflated`, the
    bytes a compressed body was inflated to when it would inflate to more.

    The values read again out of a value (`_nested`: a JSON document in a string, a URL's
    query, a token's claims) are points too, but they fill a budget of their own,
    `derived_room` more: `bound` grows by each one taken, so that the request's own values
    keep all of theirs, and no reading of a value again makes a request overlimit."""

    __slots__ = (
        "bound",
        "cut",
        "cut_at",
        "derived_room",
        "deriving",
        "items",
        "names",
        "undecoded",
        "uninflated",
        "unparsed",
        "unparsed_head",
    )

    def __init__(self, bound: int, names: frozenset[str] = frozenset()) -> None:
        self.items: list[Point] = []
        self.bound = bound
        self.names = names
        self.derived_room = bound
        self.deriving = False
        self.cut = ""
        self.cut_at = ""
        self.unparsed = 0
        self.unparsed_head = 0
        self.undecoded = ""
        self.uninflated = 0

    def __iter__(self) -> Iterator[Point]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> Point:
        return self.items[index]

    def stop(self, reason: str, point: str) -> None:
        """Record the first limit that left something unparsed."""
        if not self.cut:
            self.cut, self.cut_at = reason, point

    def add(self, point: str, value: str) -> None:
        if len(self.items) >= self.bound:
            raise PointsFull
        self.items.append((point, value))

    def read_again(self, taken: int) -> None:
        """Count `taken` points as read again out of values: past the request's own bound,
        out of the budget of what is read again."""
        self.bound += taken
        self.derived_room -= taken

    def key(self, prefix: str, key: str) -> str:
        """The point of parameter `key` under `prefix`. The name itself is a point too
        (`….@key`), unless it is a plain name that was not asked for (`names`)."""
        clean, plain = _name(key)
        name = f"{prefix}.{clean}"
        if not plain or key in self.names:
            self.add(name + ".@key", key)
        return name


@lru_cache(maxsize=4096)
def plain_name(key: str) -> bool:
    """A snake_case name of at most 41 characters, which no attack class can use: not worth
    a point. A double underscore is not plain: ORM lookups chain relations with it
    (user__password__startswith); nor is `prototype`, which under `constructor` pollutes
    every object of a JavaScript server. An API sends the same field names again and
    again: each is judged once."""
    return (
        key != "prototype"
        and len(key) <= 41
        and key.isascii()
        and key.isidentifier()
        and key.islower()
        and key[0].isalpha()
        and "__" not in key
    )


class Memo(Generic[K, V]):
    """What a pure function returned for the keys traffic repeats, all forgotten at once
    when what is kept would weigh more than `bound` (each entry weighs 1 unless `put`
    says otherwise). A hit is one dictionary look-up: `functools.lru_cache` also keeps
    recency on every hit, and compiled code reaches it through the module's dictionary
    and a Python-level call."""

    def __init__(self, bound: int) -> None:
        self.bound = bound
        self.known: dict[K, V] = {}
        self.weight = 0

    def get(self, key: K) -> V | None:
        return self.known.get(key)

    def put(self, key: K, value: V, weight: int = 1) -> V:
        if self.weight + weight > self.bound:
            self.clear()
        self.known[key] = value
        self.weight += weight
        return value

    def clear(self) -> None:
        self.known.clear()
        self.weight = 0


_NAMES: Final = Memo[str, tuple[str, bool]](4096)


def _name(raw: str) -> tuple[str, bool]:
    """A parameter's name as a point names it, and whether it is plain: both at once, for
    an API sends the same names in every request."""
    known = _NAMES.get(raw)
    return known if known is not None else _NAMES.put(raw, (key_name(raw), plain_name(raw)))


_KEY_NAMES: Final = Memo[str, str](4096)


def key_name(raw: str) -> str:
    """A key as it appears in a point name: bounded and free of control characters. An
    API sends the same few field names in every request, so names are kept."""
    known = _KEY_NAMES.get(raw)
    return known if known is not None else _KEY_NAMES.put(raw, _KEY_CLEAN.sub("_", raw[:64]) or "_")


def _form(
    prefix: str,
    text: str,
    limits: Limits,
    out: Points,
    charset: str = "",
    semicolons: bool = False,
) -> None:
    """The pairs of a form or, with `semicolons`, of a query: there, a `;` separates pairs
    too for Rack before 3 (Rails), Go before 1.17 and Python before 3.9.2, so what follows
    one in a value is a pair of its own as well (`?a=1;b=…` is `b` to them)."""
    pairs: list[tuple[str, str]] = []
    # A character reference (`&#x27;`, `&lt;`) is not a separator: no client writes one
    # in a query or a form unescaped, but an attacker may, for the application to decode.
    # (One loop: a compiled generator of the pairs costs a resumption and a tuple each.)
    # (Typed: `re.split` returns a list of Any, and each part's `partition` was asked for
    # by name.)
    parts: list[str] = _SEPARATOR.split(text) if ";" in text else text.split("&")
    for part in parts:
        if not part:
            continue
        raw_key, sep, raw_value = part.partition("=")
        if charset:
            key, value = percent_decode_as(raw_key, charset), percent_decode_as(raw_value, charset)
        else:
            key = percent_decode(raw_key, True)
            value = percent_decode(raw_value, True) if sep else ""
        name = out.key(prefix, key)
        if value:
            out.add(name, value)
            _nested(name, value, limits, out)
            pairs.append((name, value))
            if semicolons and ";" in raw_value:
                _after_semicolons(prefix, raw_value, limits, out)
    if len(pairs) > 1 and len({name for name, _ in pairs}) < len(pairs):
        _repeated(pairs, out)


_HAS_BLANK: Final = re.compile(r"\s")


def _after_semicolons(prefix: str, raw_value: str, limits: Limits, out: Points) -> None:
    """The pairs after each `;` of a query value (`_form`), as a parser that splits there
    reads them. Their names are no points of their own (the value holding them was read
    whole): a Java address in a value (`?next=/cart;jsessionid=…`) names no session in
    the query. Nor is a name with a blank in it one an application asks for: a program's
    statement in a value (`code=…;let percent = '%';…`, a Rust Playground link's) is its
    own, not a pair."""
    for piece in raw_value.split(";")[1:]:
        raw_key, sep, raw = piece.partition("=")
        value = percent_decode(raw, True)
        if not (sep and raw_key and value):
            continue
        key = percent_decode(raw_key, True)
        if not _HAS_BLANK.search(key):
            name = f"{prefix}.{key_name(key)}"
            out.add(name, value)
            _nested(name, value, limits, out)


def _repeated(pairs: list[tuple[str, str]], out: Points) -> None:
    """A name sent twice (not an array, `a[]`): ASP.NET hands the application the values
    joined with commas, so a payload split between them (`id=1 UNION/*` and
    `id=*/SELECT 1`) is whole there. It is scanned whole too."""
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        values.setdefault(name, []).append(value)
    for name, repeated in values.items():
        if len(repeated) > 1 and not name.endswith("]"):
            out.add(name, ",".join(repeated))


# Two name=value pairs or more joined by `&`, the names plain.
_FORM_STRING: Final = re.compile(r"[\w.\[\]-]{1,64}=[^&]*(?:&[\w.\[\]-]{1,64}=[^&]*)+")


def _nested(point: str, value: str, limits: Limits, out: Points) -> None:
    """A value that is itself a JSON document (a filter in a query string, say), a JSON
    object in base64 (a pagination cursor, an OAuth state), a JSON Web Token, a GraphQL
    document, an XML message (SOAP, SAML; in base64 too), a URL with a query (a redirect,
    a callback) or a form-encoded string: parsed, where a payload in a string or a
    parameter of it is a value of its own, as in a Referer's query. Its points fill the
    budget of what is read again (`Points.derived_room`); past it, a value is read whole
    only, as it was already (and decoded by the engine as any value is): a batch of 500
    events each with a JSON string, or a body of 700 links, each read again, was past the
    point limit (an overlimit, blocked by default)."""
    if len(value) > limits.max_body_bytes:
        return
    if out.deriving:  # inside another value read again: that one's budget is this one's
        _read_again(point, value, limits, out)
        return
    if out.derived_room <= 0:
        return
    start, own = len(out.items), out.bound
    out.bound, out.deriving = start + out.derived_room, True
    try:
        _read_again(point, value, limits, out)
    except PointsFull:
        pass  # the budget is spent: what was read so far stays
    finally:
        out.bound, out.deriving = own, False
        out.read_again(len(out.items) - start)


def _read_again(point: str, value: str, limits: Limits, out: Points) -> None:
    """The points of a value read as what it holds (`_nested`)."""
    if "&" in value and _FORM_STRING.fullmatch(value):
        # A form-encoded string of its own (an ASP dictionary cookie, `lang=en&sort=…`; an
        # OAuth state of `page=2&sort=…`): each of its values is one.
        _form(point + ".form", value, limits, out)
        return
    if point.endswith(_SAML_PARAMETERS):
        _saml(point, value.replace(" ", "+"), limits, out)
        return
    first = value[:1]
    if first == "<":
        if _XML_MESSAGE.match(value) or _xml_document(value):
            _xml(point + ".xml", value, out, limits=limits)
        return
    if first == "P":
        if value.startswith(_BASE64_XML_STARTS):
            _base64_xml(point, value.replace(" ", "+"), out)
        return
    if "{" in value and GRAPHQL.match(value):
        _graphql(point, value, out)
        return
    if "?" in value and _URL_WITH_QUERY.match(value):
        # (Read whole as it came: a link a notification gives, Alertmanager's
        # `generatorURL` of a query `rate(x[5m])+%3E+0.05`, is one URL, its spaces escaped.)
        _form(point + ".query", path_and_query(value)[1], limits, out)
        return
    if value.startswith("eyJ"):
        jwt = _JWT.fullmatch(value)
        if jwt:  # a token handed over as a parameter (an OAuth callback's id_token)
            _jwt(point, jwt, limits, out)
            return
        # A query's `+` arrives as a space.
        encoded = value.replace(" ", "+") if " " in value else value
        if not _BASE64.fullmatch(encoded):
            return
        try:
            doc = _base64_json(encoded)
        except (ValueError, RecursionError):  # binascii and Unicode errors are ValueErrors
            return
        _json(point + ".base64.json", doc, limits, 1, out)
    elif value.lstrip()[:1] in _JSON_OPENERS:
        try:
            doc = _parse_json(value)
        except (ValueError, RecursionError):
            return
        _json(point + ".json", doc, limits, 1, out)


def _xml_document(value: str) -> bool:
    """Whether `value` is an XML document of data (`_XML_ROOT`)."""
    if value.startswith("<?xml"):
        return True
    root = _XML_ROOT.match(value)
    if root is None or not value.rstrip().endswith("</" + root.group(1) + ">"):
        return False
    name = root.group(1).lower()
    return (
        name not in _ACTIVE_ELEMENTS
        and name not in _MARKUP_ROOTS
        and _HTML_FRAGMENT.match(value[:64].encode()) is None
    )


def _base64_xml(point: str, encoded: str, out: Points) -> None:
    """An XML message in base64 (a SAML response posted by a browser): its elements,
    attributes and text, as an XML body's (`….base64.xml.samlp:Response.…`)."""
    if not _BASE64.fullmatch(encoded):
        return
    try:
        text = _base64_text(encoded)
    except ValueError:  # binascii and Unicode errors are ValueErrors
        return
    if _XML_MESSAGE.match(text):
        _xml(point + ".base64.xml", text, out)


def _saml(point: str, encoded: str, limits: Limits, out: Points) -> None:
    """A SAML message in its binding's parameter: in base64, deflated or not, its elements,
    attributes and text, as an XML body's (`query.SAMLRequest.deflate.xml.…`). Whatever
    its root and what comes before it: the parameter says it is XML, and a declaration
    of entities is what an attack on its parser sends first."""
    if not _BASE64.fullmatch(encoded):
        return
    try:
        data = _base64_bytes(encoded)
        inflated = gunzip(data, limits.max_body_bytes)
        text = inflated.decode("utf-8")
    except ValueError:  # binascii and Unicode errors are ValueErrors
        return
    if text.lstrip()[:1] == "<":
        _xml(
            point + (".base64.xml" if inflated is data else ".deflate.xml"),
            text,
            out,
            limits=limits,
        )


def _graphql(point: str, document: str, out: Points) -> None:
    """The string values of a GraphQL document's arguments and input fields, escapes
    undone, each a point named for its argument (`….graphql.name`, its position where
    none names it). Block strings, in three quotes, too. Read in one pass: each quote
    starts a string at most once."""
    at = document.find('"')
    index = 0
    while at >= 0 and index < _GRAPHQL_STRINGS:
        if document.startswith('"""', at):
            end = document.find('"""', at + 3)
            while end > 0 and document[end - 1] == "\\":  # an escaped \"""
                end = document.find('"""', end + 3)
            if end < 0:
                return  # no end: no document a server would run
            value = document[at + 3 : end].replace('\\"""', '"""')
            after = end + 3
        else:
            found = _GRAPHQL_STRING.match(document, at)
            if found is None:
                at = document.find('"', at + 1)
                continue
            value = found.group(1)
            if "\\" in value:
                with contextlib.suppress(ValueError):
                    value = json.loads(found.group(), strict=False)  # GraphQL's are JSON's
            after = found.end()
        if value:
            out.add(f"{point}.graphql.{_graphql_name(document, at) or index}", value)
        index += 1
        at = document.find('"', after)


def _graphql_name(document: str, at: int) -> str:
    """The name of the argument or input field whose value the string at `at` is (or is
    an item of), or "" when it has none near."""
    colon = document.rfind(":", max(0, at - 256), at)
    if colon < 0 or not _GRAPHQL_BETWEEN.fullmatch(document, colon + 1, at):
        return ""
    end = colon
    while end > 0 and document[end - 1] in " \t\r\n":
        end -= 1
    start = end
    while (
        start > 0
        and end - start < 64
        and (document[start - 1].isalnum() or document[start - 1] == "_")
    ):
        start -= 1
    return key_name(document[start:end]) if start < end else ""


# A JSON object that names a key more than once, as its pairs in order. Parsers disagree on
# which value wins (the first, the last), so an attacker can show a check one and the
# application the other: every value is a point. (A tuple: no JSON value parses to one.)
_Duplicates = tuple[tuple[str, object], ...]


def _object(pairs: list[tuple[str, object]]) -> dict[str, object] | _Duplicates:
    found = dict(pairs)
    return found if len(found) == len(pairs) else tuple(pairs)


# Built once: `json.loads` with a hook builds a decoder and its scanner on every call.
# Its C scanner is called directly: the Python layers around it (`loads`, `decode`,
# `raw_decode`) cost more than scanning a JWT's claims.
_DOCUMENT: Final[Callable[[str, int], tuple[object, int]]] = json.JSONDecoder(
    object_pairs_hook=_object
).scan_once  # type: ignore[attr-defined]
_JSON_SPACE: Final = re.compile(r"[ \t\n\r]*")
_SPACE_CHARS: Final = frozenset(" \t\n\r")
# The first bytes of the byte order marks of UTF-8, -16 and -32.
_MARK_STARTS: Final = (b"\xef", b"\xff", b"\xfe")


def _after_space(text: str, position: int) -> int:
    if text[position : position + 1] not in _SPACE_CHARS:
        return position  # as it mostly is: no regex to call
    found = _JSON_SPACE.match(text, position)
    return found.end() if found else position


def _scan_json(text: str) -> object:
    """The JSON document `text` is, as `json.loads` reads it: spaces around it, nothing
    else, a key named twice kept as pairs (`_object`); ValueError (json.JSONDecodeError)
    otherwise."""
    start = _after_space(text, 0)
    try:
        value, end = _DOCUMENT(text, start)
    except StopIteration as error:
        raise json.JSONDecodeError("Expecting value", text, error.value) from None
    if _after_space(text, end) != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return value


# What lenient JSON parsers take that JSON does not: a string in single quotes, a comment,
# a bare name (and a comma before a closing bracket, `_LAST_COMMA`). A quote no string
# closes is caught alone (the last alternative), so that none is read to the end twice.
# A string in double quotes, its escapes inside (atomic: a quote is read to its close once).
_DOUBLE_QUOTED: Final = r'"(?>(?:[^"\\]|\\.)*)"'
_LENIENT_TOKEN: Final = re.compile(
    _DOUBLE_QUOTED + r"|'(?>(?:[^'\\]|\\.)*)'|/[/*]|[A-Za-z_$][\w$]*+|[\"']"
)
_LAST_COMMA: Final = re.compile(f"({_DOUBLE_QUOTED})" + r"|,(\s*+[}\]])")
_BARE_VALUES: Final = frozenset(("true", "false", "null", "NaN", "Infinity"))
_LENIENT_MAX: Final = 8192  # places rewritten, at most


def _lenient_json(text: str) -> object | None:
    """A document as lenient JSON parsers read it (Json.NET by default, Jackson and
    JSON5's when asked): `{/* note */ 'q': 'x', n: 1,}` is `{"q": "x", "n": 1}`. None when
    it is no document even so. Strict, a body like it was read only as text, where its
    values were glued to their names (`{/**/"q": "1 AND 1=1"}` passed)."""
    pieces: list[str] = []
    at = kept = 0
    while True:
        token = _LENIENT_TOKEN.search(text, at)
        if token is None:
            break
        start, at = token.span()
        first = text[start]
        if first == '"':
            if at - start == 1:
                return None  # a quote no string closes
            continue
        if len(pieces) >= 2 * _LENIENT_MAX:
            return None  # more to rewrite than a document's points: read as text alone
        pieces.append(text[kept:start])
        if first == "'":
            if at - start == 1:
                return None
            inner = text[start + 1 : at - 1]
            if "\\" in inner or '"' in inner:
                inner = _UNESCAPED_QUOTE.sub(r'\1\\"', _JS_QUOTE_ESCAPE.sub("'", inner))
            pieces.append('"' + inner + '"')
        elif first == "/":
            close = "\n" if text[start + 1] == "/" else "*/"
            end = text.find(close, at)
            if end < 0 and close == "*/":
                return None  # a comment never closed
            at = len(text) if end < 0 else end + len(close)
            pieces.append(" ")
        elif token.group() in _BARE_VALUES or text[at : at + 64].lstrip()[:1] != ":":
            pieces.append(token.group())
        else:
            pieces.append('"' + token.group() + '"')  # a bare name
        kept = at
    pieces.append(text[kept:])
    # Then each comma before a closing bracket goes (once the comments between are gone).
    rewritten = _LAST_COMMA.sub(r"\1\2", "".join(pieces))
    if len(pieces) == 1 and rewritten == text:
        return None  # nothing lenient in it: no document
    try:
        return _scan_json(rewritten)
    except (ValueError, RecursionError):
        return None


# In a string in single quotes: `\'` is a quote, and a `"` is one to escape in double ones.
_JS_QUOTE_ESCAPE: Final = re.compile(r"\\'")
_UNESCAPED_QUOTE: Final = re.compile(r'(?<!\\)((?:\\\\)*)"')


def _parse_json(text: str | bytes) -> object:
    if isinstance(text, bytes):  # as json.loads reads bytes: UTF-8, -16 or -32
        # No NUL among the first bytes and no byte order mark: UTF-8, as detect_encoding
        # (interpreted Python) would say.
        plain = not _nul_ahead(text) and text[:1] not in _MARK_STARTS
        text = text.decode("utf-8" if plain else json.detect_encoding(text), "surrogatepass")
    return _scan_json(text)


def _json(prefix: str, node: object, limits: Limits, depth: int, out: Points) -> None:
    """The strings of a JSON document, and the names of its keys. Numbers, booleans and
    nulls are not points: no attack fits in them."""
    if depth > limits.max_depth:
        _deep(prefix, node, limits, out)
        return
    if isinstance(node, str):
        _member(prefix, node, limits, depth, out)
    elif isinstance(node, dict):
        for key, value in node.items():
            _member(out.key(prefix, key), value, limits, depth, out)
    elif isinstance(node, tuple):  # an object that names a key twice (_Duplicates)
        for key, value in node:
            _member(out.key(prefix, key), value, limits, depth, out)
    elif isinstance(node, list):
        # Named only where it is a point or holds some: an array of a million numbers or
        # empty arrays took 0.1–0.2 s to name every position of.
        for index, value in enumerate(node):
            if isinstance(value, str) or (value and isinstance(value, (dict, list, tuple))):
                _member(f"{prefix}.{index}", value, limits, depth, out)


def _deep(prefix: str, node: object, limits: Limits, out: Points) -> None:
    """What nests past `limits.max_depth` (an SDK's endpoint rules, a thread of replies, a
    syntax tree), read under the point where names stop, as a YAML document's deeper keys
    are: its strings, documents in them parsed as anywhere, and its keys' names, walked in
    order with no recursion (the parser nests as deep as the interpreter's stack). Nothing
    is left unread for padding to carry a payload past; what is read is bounded as any
    value is (`limits.max_points`)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            _member(prefix, item, limits, limits.max_depth, out)
        elif isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            for key in item:
                out.key(prefix, key)
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, tuple):  # an object that names a key twice (_Duplicates)
            values = []
            for key, value in item:
                out.key(prefix, key)
                values.append(value)
            stack.extend(reversed(values))


def _member(name: str, value: object, limits: Limits, depth: int, out: Points) -> None:
    """A value inside a JSON document: a string is a point (and maybe a document itself),
    an object or an array is walked one level deeper."""
    if isinstance(value, str):
        out.add(name, value)
        # What `_nested` may parse, told by the first character where it can: most
        # strings are words, and compiled, a prefix of several is asked for one by one.
        first = value[:1]
        if (
            first in _JSON_OPENERS
            or first == "<"
            or (first == "e" and value.startswith("eyJ"))
            or (first in _GRAPHQL_FIRST and "{" in value)
            or (first == "P" and value.startswith(_BASE64_XML_STARTS))
            or ("=" in value and ("&" in value or "?" in value))  # a form, a URL's query
        ):
            _nested(name, value, limits, out)
    elif isinstance(value, (dict, list, tuple)):
        _json(name, value, limits, depth + 1, out)


# Elements of code in an HTML document: what they hold is the code a page shows, the
# markup in it escaped (`<pre><code>&lt;script src="…"&gt;</code></pre>`), read in the
# body's text as it is, not decoded into markup here.
_SHOWN_CODE: Final = frozenset(("pre", "code", "PRE", "CODE"))
# HTML's phrasing elements: their text is the sentence's they stand in, as a page's text
# content reads (`Click "<b>Save</b>" or "<b>Cancel</b>"` is one value, where `" or "`
# between them was one of its own: a literal broken out of). Those that show code, keys
# typed or a program's output stand in it as a word, as Markdown's inline code does: what
# they hold is shown.
_PHRASING: Final = frozenset(
    (
        *("a", "abbr", "b", "bdi", "bdo", "big", "cite", "data", "del", "dfn", "em", "font"),
        *("i", "ins", "mark", "q", "s", "small", "span", "strike", "strong", "sub", "sup"),
        *("time", "u"),
    )
)
_PHRASING_CODE: Final = frozenset(("code", "kbd", "samp", "tt", "var"))


# Markup that opens with an element of HTML's body, not an XML message's root.
_HTML_FRAGMENT: Final = re.compile(
    rb"\s*<(?:!doctype\s+html|html|head|body|div|p|span|table|ul|ol|h[1-6]|blockquote"
    rb"|section|article|pre|code|br|b|i|em|strong|a)[\s>/]",
    re.IGNORECASE,
)


def _html_type(ctype: str) -> bool:
    """Whether the media type `ctype` is HTML's, read so by `_xml` (XHTML is XML)."""
    return "html" in ctype and "xml" not in ctype


# A general entity declared with its replacement text in a document's internal subset
# (`<!ENTITY a "' OR">`; not a parameter entity, `%`, nor an external one, whose SYSTEM
# the XXE rules read), and a reference to one.
_INTERNAL_ENTITY: Final = re.compile(
    r"""<!ENTITY\s+([^\s%"'<>&;]+)\s+(?:"([^"]*)"|'([^']*)')\s*>"""
)
_ENTITY_REFERENCE: Final = re.compile(r"&([^\s&;<>\"']{1,64});")
_PREDEFINED_ENTITIES: Final = frozenset(reference[1:-1] for reference, _ in XML_ENTITIES)
ENTITIES_MAX: Final = 64  # entities of a document read
# What expanding a document's references may add, all told: ten entities each ten
# references to the one before (`lol9`, a billion laughs) would make a gigabyte.
EXPANSION_CHARS: Final = 65536


class _Entities:
    """A document's internal general entities and what expanding references to them may
    still add (`EXPANSION_CHARS`): a parser reads a payload split among them whole
    (`<!ENTITY a "' O">` … `&a;R 1=1--`)."""

    def __init__(self, declarations: str) -> None:
        self.texts: dict[str, str] = {}
        self.room = EXPANSION_CHARS
        for found in _INTERNAL_ENTITY.finditer(declarations):
            if len(self.texts) >= ENTITIES_MAX:
                break
            name = found.group(1)
            if name not in self.texts and name not in _PREDEFINED_ENTITIES:
                # The first declaration binds; one refers to those declared before it.
                quoted = found.group(2)
                self.texts[name] = self.expanded(found.group(3) if quoted is None else quoted)

    def expanded(self, text: str) -> str:
        """`text` with its references to the entities replaced by their text, while there
        is room."""
        if not self.texts or "&" not in text:
            return text
        return _ENTITY_REFERENCE.sub(self._replacement, text)

    def _replacement(self, found: re.Match[str]) -> str:
        text = self.texts.get(found.group(1))
        if text is None or len(text) > self.room:
            return found.group(0)
        self.room -= len(text)
        return text


def _xml(
    prefix: str, text: str, out: Points, html: bool = False, limits: Limits | None = None
) -> None:
    """The points of an XML document, or of an HTML one (`html`) read so: its texts,
    attributes, comments, declarations and active elements. With `limits`, an XML text or
    attribute that is a JSON document (a SOAP operation's `<payload>{"id": …}</payload>`)
    is read as its points too (`_nested`), as a JSON string holding one is."""
    within = None if html else limits
    stack: list[str] = []
    # An element's character data runs on through CDATA sections, comments and processing
    # instructions, as a parser's text content joins it (`UNI<![CDATA[ON SEL]]>ECT`): a
    # run is one value, added where a tag ends it.
    run: list[str] = []
    begun = False  # whether the run holds more than blanks: a sentence has begun
    # A phrasing element of code in a sentence, read as a word: its name, and how many of
    # its kind are open in it. Its text is shown; its tags are markup still.
    shown, shown_depth = "", 0
    # In XML, an element whose text a child interrupts (mixed content) is read whole as
    # well, as DOM's text content reads it (`<q>1' UNION <b>SELECT</b> …</q>`), besides
    # each run: what it holds so far (None: no element's text is interrupted), its point,
    # and the stack's length once it is open.
    content: list[str] | None = None
    content_at, content_depth = "", 0
    entities: _Entities | None = None  # declared in the document's internal subset
    for match in _XML_TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "text" or kind == "cdata":
            if not shown:
                value = match.group(kind)
                if kind == "text":
                    value = html_decode(entities.expanded(value) if entities is not None else value)
                run.append(value)
                begun = begun or (value != "" and not value.isspace())
                if content is not None:
                    content.append(value)
            continue
        where = ".".join([prefix, *stack[-8:]])
        if kind == "comment":
            out.add(f"{prefix}.@comment", "<!--" + match.group("comment") + "-->")
        elif kind == "decl":
            out.add(f"{prefix}.@doctype", "<!" + match.group("decl") + ">")
            if "<!ENTITY" in match.group("decl"):
                entities = _Entities(match.group("decl"))
        elif kind == "pi":
            out.add(f"{prefix}.@pi", "<?" + match.group("pi") + "?>")
        elif not _XML_NAME.match(match.group("tag")):
            out.add(where, match.group(0))  # not XML markup (`<%= … %>`): text to scan
        else:
            tag = key_name(match.group("tag"))
            lowered = tag.lower() if html else ""
            phrasing = lowered in _PHRASING or lowered in _PHRASING_CODE
            if shown and lowered == shown:
                # Its own kind nested in it, or its end; a tag inside it is markup still.
                shown_depth += -1 if match.group("close") else 1
                if not shown_depth:
                    shown = ""
            elif phrasing and match.group("close"):
                if tag not in stack[-_XML_REACH:]:
                    continue  # one within a sentence ends, and the sentence goes on
                phrasing = False  # one that opened its element's text closes as any does
            elif phrasing:
                # Within a sentence that has begun; one that opens the text (a link of a
                # menu, `<b>Note:</b>`) is a value of its own, as any element's text is.
                phrasing = begun
                if (
                    phrasing
                    and not shown
                    and lowered in _PHRASING_CODE
                    and not match.group("empty")
                ):
                    run.append(" code ")
                    shown, shown_depth = lowered, 1
            if phrasing and match.group("close"):
                continue
            if not html and begun and content is None and not match.group("close"):
                content, content_at, content_depth = list(run), where, len(stack)
            if run and not phrasing:
                _character_data(where, run, out, html and not _SHOWN_CODE.isdisjoint(stack), within)
                begun = False
            if match.group("close"):
                # The element it closes is among the last opened: looking through all of
                # them made 64 KB of nested tags cost 0.4 s.
                for depth in range(len(stack) - 1, max(len(stack) - _XML_REACH, 0) - 1, -1):
                    if stack[depth] == tag:
                        del stack[depth:]
                        break
                if content is not None and len(stack) < content_depth:
                    out.add(content_at, "".join(content))
                    content = None
                continue
            attrs = match.group("attrs") or ""
            handler = False
            for attr in _XML_ATTR.finditer(attrs):
                if attr.group(2) is None:
                    continue  # a name alone
                value = next((g for g in attr.groups()[2:] if g is not None), "")
                value = html_decode(entities.expanded(value) if entities is not None else value)
                named = f"{where}.{tag}.@{key_name(attr.group(1))}"
                out.add(named, value)
                if within is not None and value[:1] in _DOCUMENT_OPENERS:
                    _nested(named, value, within, out)
                handler = handler or (
                    attr.group(1)[:2].lower() == "on"
                    and ("(" in value or "`" in value or "=" in value)
                )
            if handler or tag.lower() in _ACTIVE_ELEMENTS or tag[:4].lower() == "xsl:":
                # An event handler that calls something (SVG, XHTML): to a browser the
                # element is script, in whatever syntax (onload="(alert)(1)"); so are the
                # elements that run or load content (`<script src=…>`, `<base href=…>`),
                # and an XSLT stylesheet's instructions, which a server runs. Its markup
                # is a point of its own, read whole.
                out.add(f"{where}.{tag}", html_decode(match.group(0)))
            if not (phrasing or match.group("empty") or attrs.rstrip().endswith("/")):
                stack.append(tag)
    if run:
        where = ".".join([prefix, *stack[-8:]])
        _character_data(where, run, out, html and not _SHOWN_CODE.isdisjoint(stack), within)
    if content is not None:
        out.add(content_at, "".join(content))


def _character_data(
    where: str, run: list[str], out: Points, shown: bool, limits: Limits | None
) -> None:
    """Add a run of an element's character data (`_xml`) at `where` as one value, unless
    it is blank or code an HTML page shows (`shown`), and read it as a JSON document too
    with `limits` when it opens one; empty `run`."""
    value = "".join(run)
    run.clear()
    if value.strip() and not shown:
        out.add(where, value)
        if limits is not None and value.lstrip()[:1] in _DOCUMENT_OPENERS:
            _nested(where, value.strip(), limits, out)


_BOUNDARY: Final = re.compile(r"""boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))""", re.I)


def _multipart(
    prefix: str, body: bytes, content_type: str, limits: Limits, out: Points, depth: int = 1
) -> None:
    """The parts of a multipart body; a part that is a multipart body itself (an OData
    batch's changeset) read so too, `depth` levels of them (`_MULTIPART_DEPTH`)."""
    # Each boundary declared that occurs in the body: parsers differ on which of two
    # `boundary=` wins.
    declared = (q or p for q, p in _BOUNDARY.findall(content_type))
    delimiters = [
        d
        for d in dict.fromkeys(b"--" + b.encode("latin-1", "replace") for b in declared)
        if d in body
    ]
    if not delimiters:
        # A boundary the body does not use hides nothing: the body is text, and parts too
        # if its first line opens one (RFC 2046: 70 characters and the dashes).
        _text(prefix, body, out)
        first = body.lstrip(b"\r\n").split(b"\n", 1)[0].rstrip(b"\r")
        if first.startswith(b"--") and 2 < len(first) <= 72:
            delimiters = [first]
    for delimiter in delimiters:
        _parts(prefix, body, delimiter, limits, out, depth)


def _parts(
    prefix: str, body: bytes, delimiter: bytes, limits: Limits, out: Points, depth: int
) -> None:
    preamble, *parts = body.split(delimiter)
    # The RFC has parsers ignore what comes before the first delimiter and after the close
    # one; lenient parsers read text or more parts there, and both are scanned.
    if preamble.strip() and _printable(preamble[:512]):
        out.add(prefix + ".@preamble", utf8_lenient(preamble.strip()))
    elif preamble.strip():
        # The end of an uploaded file, where the tail of a long body starts in one: data.
        _code(prefix + ".@preamble", preamble, out)
    for index, part in enumerate(parts):
        if part.startswith(b"--"):  # the close delimiter
            rest = part[2:].strip()
            if rest:
                out.add(prefix + ".@epilogue", utf8_lenient(rest))
            continue
        head, _, content = _split_part(part)
        raw_name, other_name, files, lines, part_type, transfer = _part_head(utf8_lenient(head))
        name = out.key(prefix, raw_name or other_name or str(index))
        if raw_name and other_name:
            out.add(name + ".@key", other_name)  # a second name, which a parser may prefer
        for file in files:
            out.add(name + ".filename", file)
        for suffix, value in lines:
            out.add(name + suffix, value)
        # The line break before the next delimiter, CRLF or a lenient client's LF: one.
        content = content[:-2] if content.endswith(b"\r\n") else content.removesuffix(b"\n")
        if files and _media_type(part_type) in _UNTYPED:
            # A file named as a table but sent with no type of one (curl's `-F f=@a.csv`
            # sends application/octet-stream): read as the import that takes it reads it.
            part_type = _TABLES.get(files[0].rpartition(".")[2].lower(), part_type)
        if transfer in _TRANSFER_DECODERS:
            # RFC 7578 retired the header, but some parsers still undo it: the content is
            # read both as sent and decoded (`=3Cscript=3E`).
            try:
                decoded = _TRANSFER_DECODERS[transfer](content)
            except ValueError:  # binascii's errors
                pass
            else:
                if decoded and decoded != content:
                    _part_content(name, decoded, part_type, limits, out, depth)
        _part_content(name, content, part_type, limits, out, depth)


# What a part's headers say: its name as written and as an RFC 5987 value, its file names,
# each header as the suffix of its point and its value, its type and transfer encoding.
_PartHead = tuple[str, str, tuple[str, ...], tuple[tuple[str, str], ...], str, str]
# Kept for the heads traffic repeats (the same fields of the same forms), weighed by their
# characters: parsing one took twenty method calls, half of what a small upload cost.
_PART_HEADS: Final = Memo[str, _PartHead](1 << 19)


def _part_head(headers: str) -> _PartHead:
    known = _PART_HEADS.get(headers)
    if known is not None:
        return known
    extended = (
        {kind.lower(): value for kind, *value in _MP_EXTENDED.findall(headers)}
        if "*" in headers
        else {}
    )
    name_match = _MP_NAME.search(headers)
    raw_name = (name_match.group(1) or name_match.group(2) or "") if name_match else ""
    files: list[str] = []
    file_match = _MP_FILE.search(headers)
    if file_match:
        files.append(file_match.group(1) or file_match.group(2) or "")
    if "filename" in extended:
        files.append(_extended_value(extended["filename"]))
    lines: list[tuple[str, str]] = []
    part_type = transfer = ""
    for line in headers.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            # Content-Disposition too: parameters no parser names are still read.
            lines.append((f".header.{key_name(key.strip().upper())}", value.strip()))
            field = key.strip().lower()
            if field == "content-type":
                part_type = value.strip()
            elif field == "content-transfer-encoding":
                transfer = value.strip().lower()
    other_name = _extended_value(extended.get("name"))
    found = (raw_name, other_name, tuple(files), tuple(lines), part_type, transfer)
    return _PART_HEADS.put(headers, found, len(headers) + 1)


# What a multipart part's Content-Transfer-Encoding says to undo.
_TRANSFER_DECODERS: Final[dict[str, Callable[[bytes], bytes]]] = {
    "quoted-printable": binascii.a2b_qp,
    "base64": binascii.a2b_base64,
}


# How deep multipart bodies are read inside one another: a batch of changesets (OData's
# `$batch`). A part nested deeper is read as text.
_MULTIPART_DEPTH: Final = 2
# A part that is an HTTP request of its own: a batch's (OData, Google's APIs).
_HTTP_MESSAGE_TYPES: Final = frozenset(("application/http", "message/http"))


def _part_content(
    name: str, content: bytes, part_type: str, limits: Limits, out: Points, depth: int
) -> None:
    media = _media_type(part_type) if part_type else ""
    if media in _HTTP_MESSAGE_TYPES and _http_message(name + ".http", content, limits, out):
        return
    if media.startswith("multipart/") and depth < _MULTIPART_DEPTH:
        _multipart(name + ".multipart", content, part_type, limits, out, depth + 1)
        return
    if content and (_textual(part_type) or _printable(content[:512])):
        _body(name, content, part_type, limits, out, nested=True)
    elif content:
        _code(name + ".code", content, out)


# What opens an archive, a compressed stream, an image or a program: a body or a part of
# them that is no text is data whatever its type says (`aws s3 cp`, httpx and aiohttp send
# `x.json.gz` as JSON, by its name's first extension). Text of another encoding (UTF-16)
# opens with none of them.
_DATA_SIGNATURES: Final = (
    *(b"\x1f\x8b", b"PK\x03\x04", b"(\xb5/\xfd", b"\xfd7zXZ\x00", b"BZh", b"7z\xbc\xaf'\x1c"),
    *(b"Rar!\x1a\x07", b"\x89PNG", b"\xff\xd8\xff", b"\x7fELF", b"\x00asm"),
)


def _opens_data(content: bytes) -> bool:
    """Whether `content` opens with a signature of data (`_DATA_SIGNATURES`) and is no text
    after it: a value that follows one with text (`\\x1f\\x8b' OR 1=1--`) is that text."""
    for signature in _DATA_SIGNATURES:
        if content.startswith(signature):
            return not _printable(content[len(signature) : len(signature) + 512])
    return False


# The request line of an HTTP request in a batch: a method, a target (relative to the
# service in OData's, `Products?$top=10`), a version (none in Google's).
_REQUEST_LINE: Final = re.compile(rb"[ \t]*([A-Z]{3,10}) +(\S+)(?: +HTTP/\d(?:\.\d)?)?[ \t]*\r?")


def _http_message(prefix: str, content: bytes, limits: Limits, out: Points) -> bool:
    """The points of an HTTP request a part holds, as the service that runs it reads them:
    its target's path and query (`….http.query.$filter`), its headers
    (`….http.header.ACCEPT`), its body by its type (`….http.json.Name`). Read as text, its
    header lines were a response splitting's. False when it opens with no request line."""
    head, blank, body = content.lstrip(b"\r\n").partition(b"\r\n\r\n")
    if not blank:
        head, _, body = head.partition(b"\n\n")
    first, _, headers = head.partition(b"\n")
    request_line = _REQUEST_LINE.fullmatch(first)
    if request_line is None:
        return False
    path, query = path_and_query(utf8_lenient(request_line.group(2)))
    out.add(prefix + ".path", percent_decode(path))
    if query:
        out.unparsed += _query(prefix + ".query", query, limits, out)
    content_type = ""
    fields: list[list[str]] = []
    for line in utf8_lenient(headers).splitlines():
        if line[:1] in (" ", "\t") and fields:
            fields[-1][1] += " " + line.strip()  # a folded line goes on with the value
            continue
        key, sep, value = line.partition(":")
        # A line that is no field is the service's to refuse or to read: a point whole.
        fields.append([key.strip(), value.strip()] if sep else ["", line.strip()])
    for key, value in fields:
        if value:
            out.add(
                f"{prefix}.header.{key_name(key.upper())}" if key else prefix + ".header", value
            )
            if key.lower() == "content-type":
                content_type = value
    body = body.strip(b"\r\n")
    if body:
        _body(prefix, body, content_type, limits, out, nested=True)
    return True


_CHARSET: Final = re.compile(r"""charset\s*=\s*["']?([\w.:-]{1,40})""", re.I)
# ASCII that a charset hiding payloads reads as something else: EBCDIC (ibm037, ibm500,
# cp875), UTF-16 and UTF-32 read every byte otherwise, UTF-7 reads `+ADw-` as `<`.
_ASCII_PROBE: Final = b"<script>'\"=%&;+ADw-"


@lru_cache(maxsize=64)
def _hiding(name: str) -> str:
    """The codec of charset `name` when it reads ASCII otherwise than ASCII, else ""."""
    try:
        readable = _ASCII_PROBE.decode(name, "replace") == _ASCII_PROBE.decode("ascii")
        return "" if readable else codecs.lookup(name).name
    except (LookupError, ValueError):  # unknown, or no text encoding (rot13, base64)
        return ""


def _nul_ahead(data: bytes) -> bool:
    """Whether a NUL is among the first four bytes, as ASCII in UTF-16 or UTF-32 has. Byte
    by byte: compiled, a few instructions each, where `find` was a method call of a tenth
    of a microsecond, on every body."""
    return any(data[index] == 0 for index in range(min(len(data), 4)))


def _sniffed_charset(body: bytes) -> str:
    """UTF-16 or UTF-32, by a byte order mark or the NULs of ASCII in the first bytes,
    as JSON parsers tell them; "" for anything else. NULs that are no ASCII's, whose first
    characters are no text, open data: a font (`00 01 00 00`), an icon, a WebAssembly
    module, which read as UTF-16 were characters at random."""
    # A UTF-16 mark, FF FE or FE FF, told without slicing the body.
    marked = len(body) >= 2 and body[0] >= 0xFE and body[1] >= 0xFE and body[0] != body[1]
    if not marked and not _nul_ahead(body):
        return ""
    found = json.detect_encoding(body)
    if not (found.startswith("utf-16") or found.startswith("utf-32")):
        return ""
    if marked:
        return found
    head = body[:8].decode(found, "replace")[:2]
    return found if all(" " <= char < "\x7f" or char in "\t\n\r" for char in head) else ""


# An XML declaration's encoding, in the first bytes: <?xml version="1.0" encoding="EUC-JP"?>
_XML_ENCODING: Final = re.compile(
    rb"""\s*<\?xml\s[^>]{0,200}?\bencoding\s*=\s*["']([A-Za-z][\w.:-]{0,39})["']"""
)
# `<?xm` in EBCDIC: an XML document declares its code page in it (XML 1.0, appendix F).
_EBCDIC_XML: Final = b"\x4c\x6f\xa7\x94"
_HIGH_BYTES: Final = bytes(range(0x80, 0x100))
# In the lenient UTF-8 reading of a body declared in another encoding, Latin-1's upper half
# is bytes that are no UTF-8: read as no character at all.
_UNDECLARED: Final = Translation({code: "\ufffd" for code in range(0x80, 0x100)})


def _xml_encoding(body: bytes) -> str:
    """The codec of the encoding an XML body's declaration names, when it is not UTF-8 or
    ASCII (which the body is read as anyway): EUC-JP, windows-1251, IBM037; else ""."""
    head = body[:256]
    ebcdic = head.startswith(_EBCDIC_XML)
    if ebcdic:
        head = head.decode("cp037").encode("ascii", "replace")
    found = _XML_ENCODING.match(head)
    codec = ""
    if found:
        try:
            codec = codecs.lookup(found.group(1).decode("ascii")).name
            b"<".decode(codec)
        except (LookupError, ValueError):  # unknown, or no text encoding (rot13, base64)
            codec = ""
    if not codec and ebcdic:
        codec = "cp037"  # a code page this host does not know (IBM1047): its letters agree
    return "" if codec in ("", "utf-8", "ascii") else codec


def _declared_charset(content_type: str) -> str:
    """The charset a Content-Type declares when an application that honours it reads the
    body otherwise than as UTF-8 would (`charset=ibm037`), else ""."""
    found = _CHARSET.search(content_type) if "harset" in content_type else None
    return _hiding(found.group(1).lower()) if found else ""


def _extended_value(value: list[str] | None) -> str:
    """The text of an RFC 5987 value, ["utf-8", "shell%2Ephp"]: percent-decoded in its
    charset (UTF-8 when it names none this host knows)."""
    if not value:
        return ""
    charset, encoded = value
    try:
        return percent_decode_as(encoded.encode().decode("latin-1"), charset or "utf-8")
    except LookupError:
        return percent_decode(encoded)


def _media_type(content_type: str) -> str:
    """A Content-Type without its parameters, in lower case: `multipart/form-data`."""
    return content_type.split(";", 1)[0].strip().lower()


def _textual(content_type: str) -> bool:
    ctype = _media_type(content_type)
    return not ctype or ctype.startswith("text/") or "json" in ctype or "xml" in ctype


def _printable(sample: bytes) -> bool:
    """True when bytes are text, whatever their declared type (a script named avatar.png):
    UTF-8 in any script, or ASCII with a few other bytes; past a tenth of control bytes
    (or of non-ASCII ones, when it is no UTF-8), data."""
    if not sample:
        return False
    limit = 0.1 * len(sample)
    # Control bytes are odd either way: past a tenth of them (as in most binary data),
    # no decoding is needed to tell, and a failed one raises an exception.
    if len(sample.translate(None, _TEXT_BYTES)) > limit:
        return False
    if sample.isascii():
        return True
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as error:  # a character the sample cuts in two still counts
        if error.reason == "unexpected end of data":
            return True
    return len(sample.translate(None, _PRINTABLE_BYTES)) <= limit


def _code(point: str, data: bytes, out: Points) -> None:
    """Server-side code in data that is not text: a web shell behind an image header
    (`GIF89a<?php …`) is all an application could run of it; and a pickle's global that
    runs something, read as protocol 0 writes it (`cposix⏎system⏎`). A ZIP archive's
    entries too (`_archive`)."""
    if data.startswith(_ZIP_ENTRY):
        _archive(point.removesuffix(".code") + ".zip", data, out)
    code = _EMBEDDED_CODE.search(data)
    if code:
        out.add(point, utf8_lenient(data[code.start() : code.start() + 512]))
    pickled = _PICKLED_GLOBAL.search(data)  # anywhere: PyTorch's `.pt` is a ZIP of one
    if pickled:
        module, name = pickled.group(1, 2) if pickled.group(1) else pickled.group(3, 4)
        out.add(point, f"c{module.decode()}\n{name.decode()}\n")


# A ZIP archive's entry, by its local header (`PK⏎⏎`): an upload an application extracts
# (a theme, a plugin, an import) or a document made of one (DOCX, XLSX, ODT, an EPUB).
_ZIP_ENTRY: Final = b"PK\x03\x04"
_ZIP_ENTRIES: Final = 256  # entries read of one archive
# The parts of a document that are XML, which a converter or an importer parses.
_XML_PARTS: Final = (".xml", ".rels", ".svg", ".xsl", ".xslt", ".vml", ".opf", ".xhtml")
_INFLATED_CHARS: Final = 65536  # bytes read of one part
# A name that climbs out of the directory it is extracted in, or names its own root.
_ESCAPING_ENTRY: Final = re.compile(r"(?:^|[/\\])\.\.(?:[/\\]|$)|^(?:[/\\]|[A-Za-z]:)")


def _archive(prefix: str, data: bytes, out: Points) -> None:
    """The entries of a ZIP archive read from its local headers, as far as `data` goes (a
    long body's head): an entry's name that leads out of where an extractor writes it
    (`….zip.0.name`, Zip Slip: `../../var/www/html/shell.php`; the others are a listing,
    `META-INF/MANIFEST.MF`, no file asked for), and an XML part that declares a DOCTYPE,
    parsed as an XML body is (`….zip.3.xml.@doctype`): XXE in a DOCX or an XLSX, whose
    parts are deflated. A part's content is not read otherwise: a plugin's archive is PHP."""
    at = index = 0
    while index < _ZIP_ENTRIES and data.startswith(_ZIP_ENTRY, at) and at + 30 <= len(data):
        flags = int.from_bytes(data[at + 6 : at + 8], "little")
        method = int.from_bytes(data[at + 8 : at + 10], "little")
        size = int.from_bytes(data[at + 18 : at + 22], "little")
        name_size = int.from_bytes(data[at + 26 : at + 28], "little")
        extra_size = int.from_bytes(data[at + 28 : at + 30], "little")
        raw_name = data[at + 30 : at + 30 + name_size]
        start = at + 30 + name_size + extra_size
        name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", "replace")
        if _ESCAPING_ENTRY.search(name):
            out.add(f"{prefix}.{index}.name", name)
        if flags & 0x08 and not size:
            # Streamed (bit 3): its sizes follow it, and the next entry's header ends it.
            end = data.find(_ZIP_ENTRY, start)
            end = len(data) if end < 0 else end
        else:
            end = start + size
        if (
            method in (0, 8)
            and name.lower().endswith(_XML_PARTS)
            # Its head first: a DOCTYPE comes before the root, and a document's part has none.
            and "<!doctype" in _inflated(data[start:end], method, 1024).lower()
        ):
            _xml(f"{prefix}.{index}.xml", _inflated(data[start:end], method, _INFLATED_CHARS), out)
        at, index = end, index + 1
        if flags & 0x08 and not data.startswith(_ZIP_ENTRY, at):
            at = data.find(_ZIP_ENTRY, at)  # past its descriptor


def _inflated(content: bytes, method: int, size: int) -> str:
    """An entry's content, stored (0) or deflated (8), at most `size` bytes of it."""
    if method == 0:
        return utf8_lenient(content[:size])
    try:
        return utf8_lenient(zlib.decompressobj(-15).decompress(content, size))
    except zlib.error:
        return ""


def _text(prefix: str, body: bytes, out: Points) -> None:
    out.add(prefix + ".text", utf8_lenient(body))


def _sniff(body: bytes) -> str:
    """The document a body of no or the wrong type is, by its first character: one in
    every hundred files of data starts with `<`, `{` or `[` too."""
    head = body.lstrip()[:1]
    if head not in (b"{", b"[", b"<") or not _printable(body[:512]):
        return ""
    return "xml" if head == b"<" else "json"


# What a request to a language model gives it to read: a chat's messages (OpenAI's,
# Anthropic's, Mistral's, Ollama's, Bedrock's Converse: objects with a `role`), a system
# prompt, a completion's prompt and suffix, the Responses API's and an embedding's input
# and instructions, Gemini's contents and system instruction, the segments of a file a
# code completion server is given (Tabby's); the tools it may call, whose
# descriptions tell it how (an agent's shell tool: "chain commands with '&&'"). A coding
# assistant sends whole files in them, a user asks about a command, a tool's result holds
# a page or a file: text for the model, which neither runs nor shows it as markup. They
# are no points of the request: not scanned, and not counted against `max_points` (an
# agent's session of a thousand messages). The request is one by its `model` (Anthropic's
# `anthropic_version` on Bedrock and Vertex), by its path where the model is named there
# (Gemini's `:generateContent`, Bedrock's `/model/…/converse` and `/invoke`, Azure
# OpenAI's `/deployments/…/chat/completions`) or is OpenAI's API's own
# (`/chat/completions`, which llama.cpp's and LM Studio's servers take with no model, and
# the engines' `/engines/…/completions`, FauxPilot's and Copilot's), or
# by the AI SDK's `trigger` (a chat's `useChat` posting to the app's own route, which
# passes the messages on to the model).
_MODEL_INPUT: Final = frozenset(
    (
        *("messages", "system", "prompt", "suffix", "input", "instructions", "tools"),
        *("functions", "contents", "systemInstruction", "system_instruction", "segments"),
    )
)
_MODEL_MARKS: Final = ("model", "anthropic_version")
_CHAT_TRIGGERS: Final = ("submit-message", "regenerate-message")
_MODEL_PATH: Final = re.compile(
    r":(?:stream)?generatecontent$"
    r"|/model/[^/]+/(?:converse|invoke)(?:-stream|-with-response-stream)?$"
    r"|/(?:chat/completions|v1/completions|v1/embeddings)$|/engines/[^/]+/completions$"
    r"|/deployments/[^/]+/(?:completions|embeddings)$",
    re.IGNORECASE,
)
_GEMINI_INPUT: Final = frozenset(("contents", "systemInstruction", "system_instruction"))


def _without_model_input(doc: object, uri: str) -> object:
    """`doc`, a JSON body, without what it gives a language model to read when it is a
    request to one (`_MODEL_INPUT`): a chat's messages when the first has a role, Gemini's
    contents where the path names the model."""
    if not isinstance(doc, dict) or _MODEL_INPUT.isdisjoint(doc):
        return doc
    named_in_path = _MODEL_PATH.search(_target(uri)[0]) is not None
    if not (
        named_in_path
        or any(isinstance(doc.get(mark), str) for mark in _MODEL_MARKS)
        or doc.get("trigger") in _CHAT_TRIGGERS
    ):
        return doc
    messages = doc.get("messages")
    chat = (
        isinstance(messages, list)
        and bool(messages)
        and isinstance(messages[0], dict)
        and "role" in messages[0]
    )
    return {
        key: value
        for key, value in doc.items()
        if key not in _MODEL_INPUT
        or (key == "messages" and not chat)
        or (key in _GEMINI_INPUT and not named_in_path)
    }


# A Jupyter notebook, saved through Jupyter Server's contents API (`PUT /api/contents/…`,
# the notebook under `content`), posted whole or uploaded as a file (a multipart body's
# part, `analysis.ipynb`, whose code is its program as a script's is): a code cell's
# `source` is the program its user runs in their own kernel, which is what the server is
# for, and its `outputs` are what the program printed and drew (a listing of `/etc`, a
# traceback, a plot's `<script>`, which Jupyter runs only in a notebook its user's own
# session signed). Neither is a point of the request: not scanned, and not counted
# against `max_points` (a notebook of a few hundred cells has thousands of lines). Its
# markdown and raw cells, its metadata and the request's other fields are scanned. So is
# a file's content saved through the contents API (a script edited in JupyterLab,
# `{"type": "file", "format": "text", …}`), where the path is that API's.
_CODE_CELL: Final = frozenset(("source", "outputs"))
_FILE_FORMATS: Final = ("text", "base64")


def _without_notebook_code(doc: object, uri: str) -> object:
    """`doc`, a JSON body, without a notebook's code cells' source and outputs, or the
    content of a file saved through Jupyter's contents API."""
    if not isinstance(doc, dict):
        return doc
    content = doc.get("content")
    if isinstance(content, dict) and _cells(content) is not None:
        return {**doc, "content": _without_notebook_code(content, "")}
    if (
        doc.get("type") == "file"
        and doc.get("format") in _FILE_FORMATS
        and "/api/contents/" in _target(uri)[0]
    ):
        return {key: value for key, value in doc.items() if key != "content"}
    cells = _cells(doc)
    if cells is None:
        return doc
    return {
        **doc,
        "cells": [
            {key: value for key, value in cell.items() if key not in _CODE_CELL}
            if isinstance(cell, dict) and cell.get("cell_type") == "code"
            else cell
            for cell in cells
        ],
    }


def _cells(doc: dict[str, object]) -> list[object] | None:
    """The cells of `doc` when it is a Jupyter notebook (its format's version, its cells)."""
    cells = doc.get("cells")
    return cells if isinstance(cells, list) and isinstance(doc.get("nbformat"), int) else None


# Quill's Delta (`{"ops": [{"insert": "…"}, …]}`, a document as Quill's editor holds it,
# posted as it is): a code block's line is the text up to a newline whose `code-block`
# attribute marks it, and inline code a text whose `code` attribute does. The editor shows
# them as text, as Markdown's fenced examples are. Quill joins a line's text with the
# lines before it when they have no attributes, so the first line of a code block shares
# its op with the paragraph above it: the line is cut from the op's end, and the rest of
# the op is scanned as any text is, as are the document's other ops and their links.
_DELTA_MARK: Final = b'"insert"'
_DELTA_DEPTH: Final = 8  # a document's Delta is near its top: `fields.body.ops`


def _without_delta_code(node: object, depth: int = 0) -> object:
    """`node`, a JSON value, without the code of the Quill Deltas in it."""
    if depth > _DELTA_DEPTH:
        return node
    if isinstance(node, list):
        return [_without_delta_code(item, depth + 1) for item in node]
    if not isinstance(node, dict):
        return node
    ops = node.get("ops")
    if isinstance(ops, list) and ops and all(isinstance(op, dict) and "insert" in op for op in ops):
        return {**node, "ops": _delta_text(ops)}
    return {key: _without_delta_code(value, depth + 1) for key, value in node.items()}


def _delta_text(ops: list[object]) -> list[dict[str, object]]:
    """A Delta's `ops` with its code cut out: inline code, and each code block's line."""
    kept: list[dict[str, object]] = []
    for op in ops:
        assert isinstance(op, dict)
        marks = op.get("attributes")
        text = op.get("insert")
        if isinstance(marks, dict) and isinstance(text, str):
            if marks.get("code") is True:
                op = {key: value for key, value in op.items() if key != "insert"}
            elif marks.get("code-block") and not text.strip("\n"):
                _cut_line(kept)
        kept.append(op)
    return kept


def _cut_line(kept: list[dict[str, object]]) -> None:
    """The last line of the ops in `kept` cut out: back to the newline before it."""
    at = len(kept) - 1
    while at >= 0:
        text = kept[at].get("insert")
        if not isinstance(text, str):
            return  # an embed (an image, a formula) is no text of a code block's
        newline = text.rfind("\n")
        kept[at] = {**kept[at], "insert": text[: newline + 1]}
        if newline >= 0:
            return
        at -= 1


def _read_json(doc: object, uri: str, body: bytes) -> object:
    """`doc`, a request's own JSON body (`body`), as its points are read: without what a
    language model is given to read, a notebook's code and outputs, a file saved in
    Jupyter, a Quill Delta's code."""
    doc = _without_notebook_code(_without_model_input(doc, uri), uri)
    return _without_delta_code(doc) if _DELTA_MARK in body else doc


def _body(
    prefix: str,
    body: bytes,
    content_type: str,
    limits: Limits,
    out: Points,
    nested: bool = False,
    uri: str = "",
) -> None:
    """`body` by its type (`content_type`), sniffed where it decides; `uri`, the request's
    target, for a request's own body (not a part's, which is `nested`)."""
    ctype = _media_type(content_type)
    if ctype.startswith("application/grpc") or ctype in _PROTOBUF_TYPES:
        # Binary framing, whose lengths' zero bytes are no sign of UTF-16: read by its
        # wire format, and for server-side code as any data is.
        _grpc(prefix + ".grpc", body, ctype, limits, out)
        _code(prefix + ".code", body, out)
        return
    if ctype in _MSGPACK_TYPES:
        _msgpack(prefix + ".msgpack", body, limits, out)
        _code(prefix + ".code", body, out)
        return
    if ctype == "application/x-sentry-envelope":
        _envelope(prefix + ".envelope", body, limits, out)
        return
    if body.startswith(_ZIP_ENTRY) or _opens_data(body):
        # An archive, whatever its type says: a DOCX's names XML (`openxmlformats`); data
        # compressed, an image, a program (`_DATA_SIGNATURES`).
        _code(prefix + ".code", body, out)
        return
    if ctype in _UNTYPED and _cli_arguments(prefix + ".cli", body, out):
        return
    wide = _sniffed_charset(body)
    charset = _declared_charset(content_type) or wide
    if charset and ctype != "application/x-www-form-urlencoded":
        # Read as an application that honours the charset reads it; as bytes too (below),
        # for one that ignores it.
        _decoded(prefix, body.decode(charset, "replace"), ctype, limits, out)
    if wide:
        # As bytes, UTF-16 is its letters with a NUL beside each: an application that
        # ignores the charset reads the letters. The NULs would only look like injection
        # (`)\0` in every SOAP call of a .NET client). Nor is its byte order mark a
        # letter: a JSON document after it is one still.
        body = body.replace(b"\x00", b"")
        if body[:2] in _BYTE_ORDER_MARKS:
            body = body[2:]
    # Sniffed only where it decides: a JSON type is read as JSON and a multipart one by its
    # parts whatever the body starts with. (Sniffing a JSON body checked its first 512
    # bytes for text: 2 % of a verdict's instructions on the load mix.)
    sniffed = "" if "json" in ctype or ctype.startswith("multipart/") else _sniff(body)
    if "json" in ctype or sniffed == "json":
        try:
            doc = _parse_json(body)
        except (ValueError, RecursionError):  # nesting deeper than the parser's stack
            lenient = _lenient_json(utf8_lenient(body))
            if lenient is not None:
                _text(prefix, body, out)
                _json(prefix + ".json", lenient, limits, 1, out)
            elif not _json_lines(prefix, body, limits, out):
                _text(prefix, body, out)
        else:
            # (A part's document, an uploaded notebook too, is read without its code.)
            read = _without_notebook_code(doc, "") if nested else _read_json(doc, uri, body)
            _json(prefix + ".json", read, limits, 1, out)
        return
    if "xml" in ctype or sniffed == "xml":
        declared = "" if charset or "harset" in content_type else _xml_encoding(body)
        text = body.decode(declared, "replace") if declared else ""
        # An HTML document's body is read as text too (below), where its code is as sent;
        # so is markup of HTML's elements told by its `<` (an email's `html` field).
        html = _html_type(ctype) or ("xml" not in ctype and _HTML_FRAGMENT.match(body) is not None)
        if text:
            # Read as an XML parser does: in the encoding its declaration names.
            _xml(prefix + ".xml", text, out, html, limits)
        if not text or text.encode("ascii", "ignore") != body.translate(None, _HIGH_BYTES):
            # As bytes too, for an application that ignores the declaration, unless they
            # hold no other ASCII: then only the declared reading's letters differ (EUC-JP
            # read as Latin-1 is noise that spells anything). Read as UTF-8, as such an
            # application reads them; what is no UTF-8 is no character of theirs either,
            # not Latin-1's (Big5's `\xa4F` read as `¤F` spelled `$F` seven bits wide).
            lenient = utf8_lenient(body) if not text else _UNDECLARED(utf8_lenient(body))
            _xml(prefix + ".xml", lenient, out, html, limits)
        if "xml" not in ctype:
            # Told by its `<`, not declared: an application may take it for text or HTML
            # (a form field, a comment), where the markup an XML reading takes apart, or
            # finds none in (`<img src=x onerror=alert(1)//`), is the attack.
            _text(prefix, body, out)
        return
    if ctype.startswith("multipart/") and not nested:
        _multipart(prefix + ".multipart", body, content_type, limits, out)
        return
    if ctype == "application/x-www-form-urlencoded":
        text = utf8_lenient(body)
        _form(prefix + ".form", text, limits, out)
        if "=" not in text and text.strip():
            # No form at all, but text sent as one (`curl -d '…'` declares any body a
            # form): the application reads the body whole, not as a name.
            out.add(prefix + ".text", percent_decode(text, True))
        if charset:  # %89%95… read in the charset, as IIS does with charset=ibm037
            _form(prefix + ".form", body.decode("latin-1"), limits, out, charset)
        return
    if ctype in _YAML_TYPES:
        # Read as text too: what its lines spell whole.
        _text(prefix, body, out)
        _yaml(prefix + ".yaml", _unmarked(body), limits.max_depth, out)
        return
    if ctype in _CSV_TYPES:
        # Read by its cells, as JSON is by its values, not as one text besides: a quoted
        # cell's formula (`"=IF(B2>100,""High"",""Low"")"`) read in a line is a literal
        # closed and compared. Its text only where the csv module cannot read it.
        if not _csv(
            prefix + ".csv", _unmarked(body), "\t" if ctype.endswith("values") else ",", out
        ):
            _text(prefix, body, out)
        return
    if "graphql" in ctype:  # application/graphql: the document itself
        text = utf8_lenient(body)
        out.add(prefix + ".text", text)
        _graphql(prefix, text, out)
        return
    # A file sent as it is (an image, an archive, application/octet-stream) is data: read
    # as text, any 64 KB of it spells an attack somewhere.
    if (ctype and _textual(content_type)) or _printable(body[:512]):
        _text(prefix, body, out)
    else:
        _code(prefix + ".code", body, out)


# Jenkins' command line over HTTP (`/cli?remoting=false`): frames of a length in 4 bytes,
# an operation's byte and its data, an argument's (operation 0) a string as Java's
# `writeUTF` writes one. Jenkins reads `@file` in an argument as the file's lines, and
# tells them back in its errors (CVE-2024-23897: `connect-node @/etc/passwd`).
_CLI_OPERATIONS: Final = 9  # ARG, LOCALE, ENCODING, START, EXIT, STDIN, END_STDIN, STDOUT, STDERR


def _cli_arguments(point: str, body: bytes, out: Points) -> bool:
    """The arguments of a body made of Jenkins CLI frames whole, each a point of its own
    (`post.cli.1`); False, and none, for a body that is not."""
    arguments: list[str] = []
    at = 0
    while at < len(body):
        size = int.from_bytes(body[at : at + 4], "big")
        operation = body[at + 4] if at + 4 < len(body) else _CLI_OPERATIONS
        data = body[at + 5 : at + 5 + size]
        if operation >= _CLI_OPERATIONS or len(data) != size:
            return False
        if operation == 0:
            if size < 2 or int.from_bytes(data[:2], "big") != size - 2:
                return False
            arguments.append(utf8_lenient(data[2:]))
        at += 5 + size
    for index, argument in enumerate(arguments):
        out.add(f"{point}.{index}", argument)
    return bool(arguments)


_PROTOBUF_TYPES: Final = frozenset(
    ("application/protobuf", "application/x-protobuf", "application/vnd.google.protobuf")
)
_PROTOBUF_FIELDS: Final = 8192  # fields read in one body, at most


def _grpc(prefix: str, body: bytes, ctype: str, limits: Limits, out: Points) -> None:
    """A gRPC or gRPC-Web call (Istio and Envoy carry them), or a protobuf body: the
    strings of its messages, each a value of its own named for its field numbers
    (`post.grpc.1.2`: no schema names them). As data, a payload in a string field passed
    unread. gRPC frames each message with a flag (compressed, a trailer) and a length;
    gRPC-Web's text form is that in base64."""
    if "grpc-web-text" in ctype:
        try:
            body = base64.b64decode(body)
        except (binascii.Error, ValueError):
            return
    if not ctype.startswith("application/grpc"):
        _protobuf(prefix, body, limits.max_depth, [_PROTOBUF_FIELDS], out)
        return
    at = 0
    while at + 5 <= len(body):
        flag, length = body[at], int.from_bytes(body[at + 1 : at + 5], "big")
        message = body[at + 5 : at + 5 + length]
        at += 5 + length
        if flag & 0x80:
            continue  # gRPC-Web's trailers
        if flag & 1:
            message = gunzip(message, limits.max_body_bytes)
        _protobuf(prefix, message, limits.max_depth, [_PROTOBUF_FIELDS], out)


def _protobuf(prefix: str, data: bytes, depth: int, budget: list[int], out: Points) -> bool:
    """The strings of a protobuf message, by the wire format alone: a length-delimited
    field that is text is a value, one that reads as a message is one (`depth` deep at
    most), and bytes are neither. False, with nothing added, when `data` is no message;
    `budget` counts the fields left to read in the body."""
    fields: list[tuple[int, bytes]] = []
    at = 0
    while at < len(data):
        key, at = _varint(data, at)
        number, kind = key >> 3, key & 7
        budget[0] -= 1
        if budget[0] < 0:
            # What is left may hold an attack: the policy decides on it, as on any limit.
            out.stop(f"protobuf field limit of {_PROTOBUF_FIELDS} reached", prefix)
            return False
        if key < 0 or number == 0:
            return False
        if kind == 0:
            value, at = _varint(data, at)
            if value < 0:
                return False
        elif kind in (1, 5):
            at += 8 if kind == 1 else 4
        elif kind == 2:
            length, at = _varint(data, at)
            if length < 0 or at + length > len(data):
                return False
            fields.append((number, data[at : at + length]))
            at += length
        else:
            return False  # groups, long deprecated, or no wire type at all
    if at != len(data):
        return False
    for number, chunk in fields:
        if not chunk:
            continue
        # A message, whose keys and lengths are control bytes, or text, or bytes (a hash,
        # an image), no text to read. Text with no control byte at all that happens to
        # read as a message is both.
        point = f"{prefix}.{number}"
        nested = depth > 1 and _protobuf(point, chunk, depth - 1, budget, out)
        if (not nested and _printable(chunk[:512])) or not chunk.translate(None, _TEXT_BYTES):
            out.add(point, utf8_lenient(chunk))
    return True


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """A base-128 varint at `at`, and where it ends; -1 when it does not end within ten
    bytes or the data."""
    value = shift = 0
    for index in range(at, min(at + 10, len(data))):
        byte = data[index]
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, index + 1
        shift += 7
    return -1, len(data)


_MSGPACK_TYPES: Final = frozenset(
    ("application/msgpack", "application/x-msgpack", "application/vnd.msgpack")
)
_MSGPACK_ITEMS: Final = 8192  # values read in one body, at most
# The bytes after a MessagePack type byte that hold a number or an extension of a fixed
# size (float, uint, int, fixext with its type byte): nothing to read in them.
_MSGPACK_FIXED: Final = {
    0xCA: 4, 0xCB: 8, 0xCC: 1, 0xCD: 2, 0xCE: 4, 0xCF: 8, 0xD0: 1, 0xD1: 2, 0xD2: 4,
    0xD3: 8, 0xD4: 2, 0xD5: 3, 0xD6: 5, 0xD7: 9, 0xD8: 17,
}  # fmt: skip
# The bytes of the length that follows a type byte: str, bin, ext, array and map.
_MSGPACK_LENGTH: Final = {
    0xD9: 1, 0xDA: 2, 0xDB: 4, 0xC4: 1, 0xC5: 2, 0xC6: 4, 0xC7: 1, 0xC8: 2, 0xC9: 4,
    0xDC: 2, 0xDD: 4, 0xDE: 2, 0xDF: 4,
}  # fmt: skip


class _MsgPackEnd(Exception):
    """The data ends, or breaks MessagePack, or a limit is reached: reading stops there,
    what was read kept."""


def _msgpack(prefix: str, data: bytes, limits: Limits, out: Points) -> None:
    """A MessagePack body (Fluentd's HTTP input, SignalR's and RPC frameworks' binary
    protocol): its strings and the names of its maps' keys, as a JSON document's
    (`post.msgpack.user.name`); the documents after the first in a stream of them are
    named for their place (`post.msgpack.1.name`). As data, a payload in a string passed
    unread. Past `_MSGPACK_ITEMS` values, or nesting past `limits.max_depth`, an overlimit."""
    at, index, budget = 0, 0, [_MSGPACK_ITEMS]
    with contextlib.suppress(_MsgPackEnd):
        while at < len(data):
            point = f"{prefix}.{index}" if index else prefix
            at = _msgpack_value(data, at, point, 1, limits, budget, out)
            index += 1


def _msgpack_size(data: bytes, at: int, kind: int) -> tuple[int, int]:
    """The count or length that type byte `kind` gives (a map's, an array's, a string's),
    in its own low bits or, big-endian, in the bytes after it at `at`; and where it ends."""
    if kind < 0xA0:
        return kind & 0x0F, at  # fixmap, fixarray
    if kind < 0xC0:
        return kind & 0x1F, at  # fixstr
    size = _MSGPACK_LENGTH[kind]
    if at + size > len(data):
        raise _MsgPackEnd
    return int.from_bytes(data[at : at + size], "big"), at + size


def _msgpack_value(
    data: bytes, at: int, point: str, depth: int, limits: Limits, budget: list[int], out: Points
) -> int:
    """Read the value at `at`, its strings added as points under `point` (a map's keys
    named under it); where it ends."""
    if at >= len(data):
        raise _MsgPackEnd
    budget[0] -= 1
    if budget[0] < 0:
        # What is left may hold an attack: the policy decides on it, as on any limit.
        out.stop(f"MessagePack value limit of {_MSGPACK_ITEMS} reached", point)
        raise _MsgPackEnd
    kind = data[at]
    at += 1
    if kind < 0x80 or kind >= 0xE0 or kind in (0xC0, 0xC2, 0xC3):
        return at  # an integer of its own byte, nil, false, true
    fixed = _MSGPACK_FIXED.get(kind)
    if fixed is not None:
        return at + fixed
    if kind < 0xA0 or kind in (0xDC, 0xDD, 0xDE, 0xDF):  # a map or an array
        count, at = _msgpack_size(data, at, kind)
        if depth > limits.max_depth:
            out.stop(f"depth limit of {limits.max_depth} reached", point)
            raise _MsgPackEnd
        is_map = kind < 0x90 or kind in (0xDE, 0xDF)
        for item in range(count):
            if is_map:
                at, name = _msgpack_key(data, at, point, depth, limits, budget, out)
                at = _msgpack_value(data, at, out.key(point, name), depth + 1, limits, budget, out)
            else:
                at = _msgpack_value(data, at, f"{point}.{item}", depth + 1, limits, budget, out)
        return at
    if kind >= 0xC0 and kind not in _MSGPACK_LENGTH:
        raise _MsgPackEnd  # 0xC1, which no encoder writes: no MessagePack
    length, at = _msgpack_size(data, at, kind)
    if kind in (0xC7, 0xC8, 0xC9):
        return at + 1 + length  # an extension's type and data: a timestamp, an app's own
    chunk = data[at : at + length]
    # A string or bytes (`bin`), when they are text: what data read as MessagePack would
    # call a string is not. One cut by the end of the data is read as far as it goes.
    if chunk and _printable(chunk[:512]):
        _member(point, utf8_lenient(chunk), limits, depth, out)
    if at + length > len(data):
        raise _MsgPackEnd
    return at + length


def _msgpack_key(
    data: bytes, at: int, point: str, depth: int, limits: Limits, budget: list[int], out: Points
) -> tuple[int, str]:
    """A map's key at `at`: where it ends, and its name (a string's, a number's). A key
    of another kind is read as a value of the map (`….@key`) and names its entry `@`."""
    kind = data[at] if at < len(data) else 0xC1
    if 0xA0 <= kind < 0xC0 or kind in (0xD9, 0xDA, 0xDB):
        length, start = _msgpack_size(data, at + 1, kind)
        if start + length > len(data):
            raise _MsgPackEnd
        budget[0] -= 1
        return start + length, utf8_lenient(data[start : start + length])
    if kind < 0x80:
        budget[0] -= 1
        return at + 1, str(kind)
    return _msgpack_value(data, at, f"{point}.@key", depth, limits, budget, out), "@"


_YAML_TYPES: Final = frozenset(
    ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
)
# What opens a line of YAML in block style after its indentation: sequence entries; then
# a key in quotes, or a scalar (atomic: a line of 64 KB of quotes is read once).
_YAML_ENTRIES: Final = re.compile(r"(?:-(?: +|$))*")
_YAML_QUOTED: Final = re.compile(r"'(?>(?:[^']|'')*)'|" + _DOUBLE_QUOTED)
# An anchor or a tag before a scalar (`&base`, `!!str`).
_YAML_PROPERTY: Final = re.compile(r"(?:[&!][^\s]*(?: +|$))+")
_YAML_BLOCK: Final = re.compile(r"[|>][-+0-9]*(?: +#.*)?")


def _yaml(prefix: str, text: str, depth: int, out: Points) -> None:
    """A YAML document in block style (an API's `application/yaml` body: Kubernetes
    manifests, OpenAPI documents, configuration) by its scalars, each a value of its own
    named for its keys (`post.yaml.spec.containers.image`). Read as text, a scalar's
    injection follows its key, and in single quotes has each quote doubled
    (`name: '1'' OR ''1''=''1'`), which no application reads so. Flow collections
    (`[a, b]`, `{a: b}`) are values as they are. Names go `depth` keys deep at most, as
    a JSON document's values are parsed (`limits.max_depth`)."""
    path: list[tuple[int, str]] = []  # (indentation, key) of the mappings around a line
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index].rstrip("\r")
        index += 1
        stripped = line.strip()
        if not stripped or stripped[0] == "#" or stripped in ("---", "..."):
            continue
        indent, key, value = _yaml_line(line)
        while path and path[-1][0] >= indent:
            path.pop()
        names = [name for _, name in path]
        if key is not None:
            names.append(key_name(_yaml_scalar(key)))
        if value[:1] in ("&", "!"):
            value = _YAML_PROPERTY.sub("", value, count=1)
        if _YAML_BLOCK.fullmatch(value):
            # A block scalar: the lines indented past its key's, as they are.
            block: list[str] = []
            while index < len(lines) and (
                not lines[index].strip()
                or len(lines[index]) - len(lines[index].lstrip(" ")) > indent
            ):
                block.append(lines[index].strip())
                index += 1
            value = "\n".join(block).strip()
        elif value and key is not None and not value.startswith("#"):
            value = _yaml_scalar(value)
        elif key is not None:
            if len(path) < depth:
                path.append((indent, names[-1]))  # a mapping or a sequence under it follows
            continue
        else:
            value = _yaml_scalar(value)
        if value:
            out.add(".".join((prefix, *names)), value)


def _yaml_line(line: str) -> tuple[int, str | None, str]:
    """A line's indentation (its sequence entries included), its key (None for a scalar
    alone) and what follows the key's colon. (By `find`, not by a pattern: a lazy key
    before optional blanks and a colon took a quadratic time over a line of blanks.)"""
    rest = line.lstrip(" ")
    entries = _YAML_ENTRIES.match(rest)
    end = entries.end() if entries else 0
    indent, rest = len(line) - len(rest) + end, rest[end:]
    quoted = _YAML_QUOTED.match(rest) if rest[:1] in ("'", '"') else None
    if quoted is not None:
        key, after = quoted.group(), rest[quoted.end() :].lstrip(" \t")
        colon = 0 if after[:1] == ":" else -1
    else:
        colon = rest.find(":")
        key, after = rest[:colon].rstrip(" \t"), rest[colon:]
        if not key or "#" in key or key[0] in "\t'\":-" or colon < 0:
            colon = -1
    if colon < 0 or after[1:2] not in ("", " "):
        return indent, None, rest.rstrip()
    return indent, key, after[1:].strip()


def _yaml_scalar(text: str) -> str:
    """A scalar's value: a quoted one unquoted (`''` is `'`, escapes undone in `"…"`), a
    comment after it or after a plain one dropped (`directory: "/" # the root` is `/`)."""
    quoted = _YAML_QUOTED.match(text) if text[:1] in ("'", '"') else None
    if quoted is not None and quoted.end() < len(text):
        after = text[quoted.end() :]
        if after[:1] in (" ", "\t") and after.lstrip(" \t")[:1] in ("", "#"):
            text = quoted.group()
    if len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        try:
            decoded = json.loads(text)
        except ValueError:
            return text[1:-1]
        return decoded if isinstance(decoded, str) else text[1:-1]
    comment = text.find(" #")
    return (text if comment < 0 else text[:comment]).strip()


_UNTYPED: Final = frozenset(("", "application/octet-stream", "text/plain"))
# UTF-16's and UTF-32's byte order marks with their NULs taken out.
_BYTE_ORDER_MARKS: Final = (b"\xff\xfe", b"\xfe\xff")
_TABLES: Final = {"csv": "text/csv", "tsv": "text/tab-separated-values"}
# Windows names a CSV file's type after Excel where Excel is installed, and browsers send
# that (an `.xls` workbook of that type is binary: data, not text).
_CSV_TYPES: Final = frozenset(
    ("text/csv", "application/csv", "text/tab-separated-values", "application/vnd.ms-excel")
)
# A first row of names, not of values: what a column is called (`email`, `Unit Price`).
_COLUMN_NAME: Final = re.compile(r"[A-Za-z_][\w .()/-]{0,39}")


def _unmarked(body: bytes) -> str:
    """A body's text without UTF-8's byte order mark, which Excel's "CSV UTF-8" and
    Windows' editors write before a table or a document: not a letter of its first cell
    or key (`\ufeffname` is no column's name)."""
    text = utf8_lenient(body)
    return text[1:] if text[:1] == "\ufeff" else text


def _csv(prefix: str, text: str, delimiter: str, out: Points) -> bool:
    """A CSV or TSV upload (a bulk import) by its cells, each a value of its own
    (`post.csv.2.email`: the row, then the column's name when the first row names them,
    else its number). Read as text, a cell's injection is glued to the cells before it
    (`1,admin' OR 1=1--`), and in one in quotes each quote is doubled (`"1"" OR ""1""=""1"`),
    which no database reads so. A quote escaped by a backslash (`"a \"b\""`, as MySQL's
    `INTO OUTFILE` and other exporters write one) is read so as well, where one occurs: its
    cells that differ are values too. Whether the csv module read it."""
    try:
        cells = _table_cells(text, delimiter, False)
        for point, cell in cells:
            out.add(f"{prefix}.{point}", cell)
        if '\\"' in text:
            read = set(cells)
            for point, cell in _table_cells(text, delimiter, True):
                if (point, cell) not in read:
                    out.add(f"{prefix}.{point}", cell)
    except csv.Error:  # a NUL, or a field longer than the module's 128 KB
        return False
    return True


def _table_cells(text: str, delimiter: str, escaped: bool) -> list[tuple[str, str]]:
    """The cells of a table that are not empty, named by their row and column (`_csv`);
    `escaped`, its quotes escaped by a backslash rather than doubled."""
    if escaped:
        rows = csv.reader(
            io.StringIO(text), delimiter=delimiter, escapechar="\\", doublequote=False
        )
    else:
        rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    found: list[tuple[str, str]] = []
    names: list[str] = []
    for index, row in enumerate(rows):
        if index == 0 and row and all(_COLUMN_NAME.fullmatch(cell) for cell in row):
            names = [key_name(cell) for cell in row]
        for column, cell in enumerate(row):
            if cell:
                found.append((f"{index}.{names[column] if column < len(names) else column}", cell))
    return found


def _json_lines(prefix: str, body: bytes, limits: Limits, out: Points) -> bool:
    """A body of JSON documents one to a line (NDJSON, JSON Lines: Elasticsearch's bulk
    API, log shippers, Elastic APM's intake): each line's values, as an array's
    (`post.json.1.name`), when every line is a document but maybe the last (where a long
    body was cut: that line is text, `post.json.2.text`); whether it was one. Read so, it
    is not read as one text besides, as a JSON document is not. Past `limits.max_points`
    values, the rest is an overlimit, as in a JSON body."""
    lines = [line for line in body.split(b"\n") if line.strip()]
    if len(lines) < 2 or lines[0].lstrip()[:1] not in (b"{", b"["):
        return False
    documents = []
    for number, line in enumerate(lines, 1):
        try:
            documents.append(_parse_json(line))
        except (ValueError, RecursionError):
            if number < len(lines):
                return False
    if len(documents) < 2:
        return False
    for index, document in enumerate(documents):
        _json(f"{prefix}.json.{index}", document, limits, 1, out)
    if len(documents) < len(lines):
        _text(f"{prefix}.json.{len(documents)}", lines[-1], out)
    return True


def _envelope(prefix: str, body: bytes, limits: Limits, out: Points) -> None:
    """A Sentry envelope, as its SDKs send events: a header and items, each a line of JSON
    (`post.envelope.2.json.exception.…`); a line of an item that is no JSON (an
    attachment's) is text, or data, as a multipart part's content is. Not read as one
    text besides: its events' stack frames hold lines of the application's own source."""
    for index, line in enumerate(body.split(b"\n")):
        if not line.strip():
            continue
        name = f"{prefix}.{index}"
        try:
            doc = _parse_json(line)
        except (ValueError, RecursionError):
            if _printable(line[:512]):
                _text(name, line, out)
            else:
                _code(name + ".code", line, out)
        else:
            _json(name + ".json", doc, limits, 1, out)


def _decoded(prefix: str, text: str, ctype: str, limits: Limits, out: Points) -> None:
    """A body decoded in its charset, declared or told by its bytes: a JSON or XML
    document, or text."""
    head = text.lstrip()[:1]
    if "json" in ctype or head in ("{", "["):
        try:
            _json(prefix + ".json", _parse_json(text), limits, 1, out)
            return
        except (ValueError, RecursionError):
            pass
    if "xml" in ctype or head == "<":
        _xml(prefix + ".xml", text, out, _html_type(ctype), limits)
        return
    out.add(prefix + ".text", text)


def _query(prefix: str, query: str, limits: Limits, out: Points) -> int:
    """The parameters of a query, or of one a header holds. One longer than twice
    `max_body_bytes` is parsed at its ends, as a body is: its first pairs in that many
    characters, its last ones, and the end of the pair its tail starts in (`….tail`).
    Returned: how many characters were left between."""
    limit = limits.max_body_bytes
    if len(query) <= 2 * limit:
        _form(prefix, query, limits, out, semicolons=True)
        return 0
    end, _, pairs = query[-limit:].partition("&")
    _form(prefix, query[:limit], limits, out, semicolons=True)
    if end:
        out.add(prefix + ".tail", percent_decode(end, True))
    _form(prefix, pairs, limits, out, semicolons=True)
    return len(query) - 2 * limit


def _cookies(header: str, limits: Limits, out: Points) -> None:
    """The cookies of a Cookie header; one longer than twice `max_body_bytes` read at its
    ends, as a query is (`cookie.tail`): 900 KB of `a;` took 57 ms to split."""
    limit = limits.max_body_bytes
    if len(header) <= 2 * limit:
        _cookie_pairs(header, limits, out)
        return
    end, _, pairs = header[-limit:].partition(";")
    _cookie_pairs(header[:limit], limits, out)
    if end.strip():
        out.add("cookie.tail", end)
    _cookie_pairs(pairs, limits, out)
    out.unparsed_head += len(header) - 2 * limit


def _cookie_pairs(header: str, limits: Limits, out: Points) -> None:
    for part in header.split(";"):
        key, sep, value = part.strip().partition("=")
        if not key and not value:
            continue
        name = out.key("cookie", key)
        if sep and len(value) > 2 and value[0] == value[-1] == '"':
            # A value in double quotes (RFC 6265's cookie-value) is read without them by
            # Go, Python and most frameworks: `sid="1 AND 1=1"` is `1 AND 1=1` to them.
            out.add(name, value)
            value = value[1:-1]
        if sep and value:
            _token(name, value, limits, out)
            if (
                value[:1] in _DOCUMENT_OPENERS
                or value[:3].upper() in _ENCODED_OPENERS
                or ("&" in value and "=" in value)
            ):
                # A JSON document kept in a cookie (preferences, a cart), percent-encoded
                # as clients store one, or a dictionary of name=value pairs (ASP's): its
                # values are values of their own.
                _nested(name, percent_decode(value), limits, out)


_BASE64_DOCUMENTS: Final = Memo[str, object](1024)


def _base64_json(encoded: str) -> object:
    """A JSON document in base64 or base64url, padded or not (a section of a token).
    Kept: an issuer's tokens share one header section, a client sends its claims with
    every request until they expire."""
    known = _BASE64_DOCUMENTS.get(encoded)
    if known is not None:
        return known
    # Keys named twice are kept, as in any document: the node checks no signature, and an
    # application reads a header's `kid` before it checks one, with a parser that may keep
    # the first of two.
    section = _scan_json(_base64_text(encoded))
    return _BASE64_DOCUMENTS.put(encoded, section)


def _base64_text(encoded: str) -> str:
    """The UTF-8 text `encoded` holds in base64 or base64url, padded or not, decoded
    without the detours of `base64.urlsafe_b64decode`; ValueError (binascii's, Unicode's)
    when it holds none."""
    return _base64_bytes(encoded).decode("utf-8")


def _base64_bytes(encoded: str) -> bytes:
    """The bytes `encoded` holds in base64 or base64url, padded or not (`_base64_text`)."""
    padded = encoded.encode("ascii").translate(_URLSAFE) + b"=" * (-len(encoded) % 4)
    return binascii.a2b_base64(padded)


def _token(point: str, value: str, limits: Limits, out: Points) -> None:
    """A value that may be a JSON Web Token: its header and claims are parsed as JSON (the
    signature is opaque); anything else is yielded as it is, and parsed too when it is a
    JSON object in base64."""
    jwt = _JWT.fullmatch(value) if value.startswith("eyJ") else None
    if jwt and _jwt(point, jwt, limits, out):
        return
    out.add(point, value)
    if jwt is None and value.startswith("eyJ"):
        _nested(point, value, limits, out)


def _jwt(point: str, jwt: re.Match[str], limits: Limits, out: Points) -> bool:
    """The header and the claims of a JSON Web Token, parsed (`….jwt.claims.sub`); False
    when they are no JSON in base64."""
    try:
        header = _base64_json(jwt.group(1))
        claims = _base64_json(jwt.group(2))
    except (ValueError, RecursionError):  # binascii and Unicode errors are ValueErrors
        return False
    _json(point + ".jwt.header", header, limits, 1, out)
    _json(point + ".jwt.claims", claims, limits, 1, out)
    return True


def _target(uri: str) -> tuple[str, str, str]:
    """The raw path, query and fragment of a request target (absolute-form included)."""
    target = uri
    if not target.startswith("/") and _ABSOLUTE_FORM.match(target):
        scheme_end = target.index("://") + 3
        slash = target.find("/", scheme_end)
        target = target[slash:] if slash >= 0 else "/"
    target, _, fragment = target.partition("#")
    path, _, query = target.partition("?")
    return path, query, fragment


def path_and_query(uri: str) -> tuple[str, str]:
    """The raw path and raw query of a request target, as routing sees them: without a
    fragment."""
    return _target(uri)[:2]


def extract(request: Request, limits: Limits, names: frozenset[str] = frozenset()) -> Points:
    """All points of a request, at most `limits.max_points` of them, and what a limit left
    unparsed (`Points.cut`). A parameter's name is a point of its own unless it is a plain
    snake_case name (`plain_name`) outside `names`."""
    out = Points(limits.max_points, names)
    # A document parsed here is a tree, no cycle for the collector to find, yet its
    # containers count towards the collector's next run, every 700 of them: 333,333 empty
    # arrays took 35 ms to parse, 15 without it. It waits until the points are read, by
    # when the documents are dropped: paused only while one was built, its next run
    # walked every container still alive, 10–15 ms more.
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    # The parser stops where the bound is reached: the rest is not even read.
    try:
        _all(request, limits, out)
    except PointsFull:
        out.stop(f"point limit of {limits.max_points} reached", out[-1][0] if out else "path")
    finally:
        if collecting:
            gc.enable()
    return out


class _Grammar:
    """A header's grammar, and whether the values it was asked about follow it exactly.
    Clients send the same Accept… values every time, and these patterns cost more than
    the lookup."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.known = Memo[str, bool](512)

    def follows(self, value: str) -> bool:
        known = self.known.get(value)
        if known is None:
            known = self.known.put(value, self.pattern.fullmatch(value) is not None)
        return known


_HEADER_GRAMMARS: Final = {name: _Grammar(pattern) for name, pattern in _GRAMMARS.items()}
_HEADERS: Final = Memo[str, tuple[str, str, _Grammar | None]](1024)


def _header(name: str) -> tuple[str, str, _Grammar | None]:
    """A header's name in capitals, its point, and its value's grammar when it has one.
    Clients send the same few names every time."""
    known = _HEADERS.get(name)
    if known is None:
        upper = name.upper()
        grammar = _HEADER_GRAMMARS.get(upper)
        known = _HEADERS.put(name, (upper, f"header.{key_name(upper)}", grammar))
    return known


def _all(request: Request, limits: Limits, out: Points) -> None:
    limit = limits.max_body_bytes
    try:
        content_types, encoding = _target_and_headers(request, limits, out)
    finally:
        # What came before the body, read as a body is: no more than its first and last
        # `limit` characters (the gateway's message can hold a megabyte of headers).
        if len(request.uri) + sum(len(value) for _, value in request.headers) > 2 * limit:
            _bounded(out, limit)
    _body_points(request, content_types, encoding, limits, out)
    # (The path is the first point, or the second after a fragment.)
    path = next((value for at, value in out.items[:2] if at == "path"), "")
    if path.endswith(_ACTUATOR_ENV):
        _env_properties(out)


# Spring Boot's actuator sets the properties it is posted (`POST /actuator/env`): Boot 1 a
# form's fields, Boot 2 and later JSON's `name` and `value`. Each is a point of its own
# too, `post.@property`, written `name=value` as a properties file writes it.
_ACTUATOR_ENV: Final = ("/env", "/env/")


def _env_properties(out: Points) -> None:
    """The properties an actuator's env endpoint is posted, as `name=value` points."""
    values = dict(out.items)
    pairs = [
        (name, values.get(at.removesuffix(".@key"), ""))
        for at, name in out.items
        if at.startswith("post.form.") and at.endswith(".@key")
    ]
    if "post.json.name" in values:
        pairs.append((values["post.json.name"], values.get("post.json.value", "")))
    for name, value in pairs:
        out.add("post.@property", f"{name}={value}")


def _syntax(text: str) -> bool:
    """Whether `text` holds what a path segment holds when it means something to a query,
    a shell or a template: quotes, blanks, separators, brackets, a percent sign left after
    decoding; any character but a word's (a letter or a digit in any script, `_`) and
    `. ~ @ : + , / -`. Routers hand segments to applications one by one. (Read character
    by character: compiled, a regular expression's call cost three times the loop.)"""
    for at in range(len(text)):
        code = ord(text[at])
        if code < 128:
            if not _PLAIN_PATH[code]:
                return True
        elif not text[at].isalnum():
            return True
    return False


def _target_and_headers(request: Request, limits: Limits, out: Points) -> tuple[list[str], str]:
    """The points of the request target and headers; the Content-Types and the
    Content-Encoding the body is read by."""
    path, query, fragment = _target(request.uri)
    limit = limits.max_body_bytes
    path_tail = ""
    if len(path) > 2 * limit:
        # Its head and its tail only: each `%` costs decoding, and a megabyte of `%25` took
        # 58 ms to decode before it was folded to nothing.
        out.unparsed_head += len(path) - 2 * limit
        path, path_tail = path[:limit], path[-limit:]
    if fragment:
        # Clients do not send fragments, but the application behind may read on past a `#`
        # that arrives: what follows is scanned as the rest of the query, or on its own.
        if query:
            query = f"{query}#{fragment}"
        else:
            out.add("fragment", percent_decode(fragment))
    decoded = percent_decode(path)
    out.add("path", decoded)
    # Base64 can hold `/`, so a segment that is base64 is decoded on its own as well. A
    # segment with syntax in it is read on its own too: in the whole path, what comes
    # after it (`/admin'--/detail`) hides the end of the value an application gets.
    syntax = _syntax(decoded)
    # A router splits the path as it arrives: an encoded slash is part of the segment it
    # is in, and the application gets that segment decoded (`SELECT%2F**%2Fpassword`).
    segments = (
        [percent_decode(raw) for raw in path.split("/")[1:]]
        if "%2f" in path or "%2F" in path
        else decoded.split("/")[1:]
    )
    for index, segment in enumerate(segments):
        if (syntax and _syntax(segment)) or (
            len(segment) >= 8
            # (A segment in one case, as most are, before the pattern's dearer call.)
            and not (segment.islower() or segment.isupper())
            and _BASE64_SEGMENT.fullmatch(segment)
        ):
            out.add(f"path.{index}", segment)
            if ";" in segment:
                # Matrix parameters (`/cars;color=red`): Java frameworks hand each value
                # over on its own.
                for parameter in segment.split(";")[1:]:
                    key, equals, value = parameter.partition("=")
                    if equals and value:
                        out.add(f"path.{index}.{key_name(key)}", value)
    if path_tail:
        out.add("path.tail", percent_decode(path_tail))
    if query:
        out.unparsed_head += _query("query", query, limits, out)
    content_types: list[str] = []
    encoding = ""
    for name, value in request.headers:
        upper, point, grammar = _header(name)
        if upper == "COOKIE" or (upper == "AUTHORIZATION" and value[:7].lower() == "bearer "):
            _expanded(upper, point, value, limits, out)
            continue
        if upper == "CONTENT-TYPE":
            content_types.append(value)
        elif upper == "CONTENT-ENCODING":
            encoding = value.lower()
        if grammar is not None and len(value) <= 256 and grammar.follows(value):
            continue  # a well-formed Accept, Accept-Language…: nothing in it can attack
        if upper in _URL_HEADERS and "?" in value:
            _expanded(upper, point, value, limits, out)
        elif upper in _PAIRED_HEADERS and _pairs(point, value, out):
            continue
        else:
            out.add(point, value)
            if upper in _LIST_HEADERS and "," in value:
                _elements(point, value, out)
            if upper == "AUTHORIZATION" and value[:6].lower() == "basic ":
                _credentials(point, value[6:].strip(), out)
            first = value[:1]
            if first in _DOCUMENT_OPENERS or (first == "e" and value.startswith("eyJ")):
                # A header holding a JSON document, as it is or in base64, or a token.
                _nested(point, value, limits, out)
    return content_types, encoding


# Headers of elements by `,`, each of `key=value` pairs by `;`, a value in double quotes
# when it holds one of `,;=` (a `\"` in it is a quote): Envoy's x-forwarded-client-cert
# (Istio's sidecars set it) and RFC 7239's Forwarded (`for="[2001:db8::1]:4711";proto=https`).
_PAIRED_HEADERS: Final = frozenset(("X-FORWARDED-CLIENT-CERT", "FORWARDED"))
_PAIR: Final = re.compile(r'[ \t]*([A-Za-z]+)=("(?:[^"\\]|\\.)*"|[^",;]*)[ \t]*(?:[,;]|$)')
# Headers a proxy appends an element to, by `,`: an application takes one of them (the
# client's address first, or the last a proxy it trusts added) and may log it, look it
# up or store it. Each element is a value of its own past the first: `10.0.0.1, 1 ORDER
# BY 1-- ` is an injection in the address the last proxy saw. An address is what proxies
# append, a loopback one too (a local proxy's, `client, 127.0.0.1`): no point of its own.
_LIST_HEADERS: Final = frozenset(
    (
        *("X-FORWARDED-FOR", "X-ORIGINAL-FORWARDED-FOR", "X-FORWARDED-HOST"),
        *("X-FORWARDED-PROTO", "X-FORWARDED-PORT", "X-FORWARDED-PREFIX", "X-FORWARDED-SERVER"),
    )
)
_LIST_ELEMENTS: Final = 32  # elements read of one header; the rest is in the whole value
_ADDRESS_ELEMENT: Final = re.compile(r"\[?[0-9A-Fa-f:.]+\]?(?::\d{1,5})?")

# Certificates in PEM: the armor's lines and lines of base64 between them, nothing else.
_PEM: Final = re.compile(
    r"(?:-----BEGIN [A-Z0-9 ]{1,40}-----\r?\n(?:[A-Za-z0-9+/=]{1,76}\r?\n)+"
    r"-----END [A-Z0-9 ]{1,40}-----(?:\r?\n|$))+"
)


def _elements(point: str, value: str, out: Points) -> None:
    """The elements of a header of `_LIST_HEADERS` after its first, each a point of its own
    (`header.X-FORWARDED-FOR.2`), stripped of the blanks around them as a proxy's reader
    strips them."""
    elements = value.split(",", _LIST_ELEMENTS)[1:_LIST_ELEMENTS]
    for index, element in enumerate(elements, 2):
        element = element.strip(" \t")
        if element and not _ADDRESS_ELEMENT.fullmatch(element):
            out.add(f"{point}.{index}", element)


def _pairs(point: str, value: str, out: Points) -> bool:
    """The pairs of a header of `_PAIRED_HEADERS`, each a point of its own
    (`header.X-FORWARDED-CLIENT-CERT.subject`, `header.FORWARDED.for`), False when `value`
    is not made of them. A certificate or chain (`Cert`, `Chain`) that is PEM and nothing
    else is opaque, as a digest is: its armor, a quote and dashes, read as a string closed
    and a comment (`Cert="-----BEGIN%20CERTIFICATE-----%0A…`)."""
    pairs: list[tuple[str, str]] = []
    at = 0
    while at < len(value):
        pair = _PAIR.match(value, at)
        if pair is None:
            return False
        key, text = pair.groups()
        if text[:1] == '"':
            text = text[1:-1].replace('\\"', '"')
        pairs.append((key.lower(), text))
        at = pair.end()
    for key, text in pairs:
        if key in ("cert", "chain") and _PEM.fullmatch(percent_decode(text)):
            continue
        out.add(f"{point}.{key}", text)
    return bool(pairs)


# Basic credentials longer than this are no login's (Apache and nginx take 8 KB of headers).
_CREDENTIALS_CHARS: Final = 8192


def _credentials(point: str, encoded: str, out: Points) -> None:
    """Basic credentials (RFC 7617), `user:password` in base64: each part a point of its
    own (`header.AUTHORIZATION.user`, `.password`), as a login form's fields are. Decoded
    whole, the pair glued the user's name to an injection in the password (`admin:' OR
    1=1--`, `admin:;id`), where rules that read a value from its start missed it."""
    if len(encoded) > _CREDENTIALS_CHARS:
        return
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return
    user, colon, password = utf8_lenient(raw).partition(":")
    if colon:
        out.add(f"{point}.user", user)
        out.add(f"{point}.password", password)


def _bounded(out: Points, limit: int) -> None:
    """`out`'s points cut to the first and last `limit` characters of them all
    (`_head_and_tail`)."""
    parsed = Points(out.bound, out.names)
    parsed.items, out.items = out.items, []
    out.unparsed_head += _head_and_tail(parsed, limit, out)


# Content codings the node undoes (`x-gzip` is gzip's old name), and `identity`, none.
_KNOWN_CODINGS: Final = frozenset(("gzip", "x-gzip", "deflate", "identity"))


def _unknown_coding(encoding: str) -> str:
    """The first coding a Content-Encoding lists that the node does not undo: a body in
    Brotli or zstd, which ASP.NET Core's request decompression reads, is data to it."""
    for coding in encoding.split(","):
        name = coding.strip()
        if name and name not in _KNOWN_CODINGS:
            return name[:32]
    return ""


def _body_points(
    request: Request, content_types: list[str], encoding: str, limits: Limits, out: Points
) -> None:
    limit = limits.max_body_bytes
    body = request.body
    if not body:
        return
    out.undecoded = _unknown_coding(encoding)
    # Each coding listed was applied in turn (`gzip, gzip`): each is undone, a few at most,
    # and what they inflate to is read as a body sent so long is: inflated to the limit
    # only, 148 bytes of gzip hid a field after 64 KB of padding from the analysis.
    codings = min(encoding.count("gzip") + encoding.count("deflate"), _CODINGS)
    if codings:
        most = _INFLATED_TIMES * limit
        for _ in range(codings):
            body = gunzip(body, most + 1)
        if len(body) > most:
            body = body[:most]
            out.uninflated = most
    # Sent twice, a Content-Type is read by some applications first, by others last: the
    # body is parsed as each says (a few at most).
    if len(content_types) > 1:
        content_types = list(dict.fromkeys(content_types))[:_CONTENT_TYPES]
    for content_type in content_types or [""]:
        if len(body) > limit:
            if _whole_json(body, content_type, limits, out, request.uri):
                continue
            if _trimmed_fields(body, content_type, limits, out, request.uri):
                continue
            if _whole_xml(body, content_type, limits, out, request.uri):
                continue
            # The end first: a head parsed into the bound of points cannot crowd it out.
            data = not _textual(content_type) and not _printable(body[:512])
            _tail(body[_tail_start(body, limit) :], content_type, limits, out, data)
            out.unparsed = max(out.unparsed, len(body) - 2 * limit)
        _body("post", body[:limit], content_type, limits, out, uri=request.uri)


def _decoded_query(url: str, query: str) -> str:
    """`url` with its `query` read as its parameters are, `+` as spaces and escapes undone:
    the page a Referer names holds a search for "<script> tag tutorial" or "document.cookie
    javascript" as words, not glued to `+tag`, `%20java…` (what an escape hid is read as it
    is in the query's own points)."""
    at = url.find("?") + 1
    if ("+" not in query and "%" not in query) or url[at : at + len(query)] != query:
        return url
    return url[:at] + percent_decode(query, True) + url[at + len(query) :]


def _expand(upper: str, point: str, value: str, limits: Limits, out: Points) -> None:
    """The points of a header that holds parameters of its own."""
    if upper == "COOKIE":
        _cookies(value, limits, out)
    elif upper == "AUTHORIZATION":
        _token(point, value[7:].strip(), limits, out)
    else:
        # The URL whole (`_decoded_query`); the query of a Referer is parameters like any
        # other: parse them. (What a long one leaves out is counted as the header's own
        # value, `_bounded`.)
        query = path_and_query(value)[1]
        out.add(point, _decoded_query(value, query))
        _query(f"header.{upper}.query", query, limits, out)


# What a Cookie, a bearer token or a Referer with a query came to (`_expand`), kept with
# the limits and names it was parsed under: a client sends the same cookies, token and page
# with every request, and parsing them cost over a quarter of a benign request's steady
# work. The points are the kept strings, whose hashes the verdict cache computed before.
# Bounded in bytes, roughly (a string costs 49 bytes and its characters, a point 64 more),
# for an attacker to send 4 KB cookies that never repeat.
_EXPANDED_CHARS: Final = 4096


class _Expansions:
    """What headers came to, for one set of limits and names at a time (a worker has one;
    another clears what was kept). Each is a plain tuple of strings, tuples of strings
    and a number, which the cyclic garbage collector stops tracking once it has seen it.
    Kept with the limits and names beside them, they were most of what a full collection
    walks (9 of its 12 ms in a worker warm with the load mix), and a worker under load
    collects fully several times a minute, pausing every request in flight."""

    def __init__(self, bound: int, window: int) -> None:
        # The points, the limit reached in them if one was, and how many of them were read
        # again out of a value (`Points.derived_room`).
        self.memo = Memo[tuple[str, str], tuple[tuple[Point, ...], str, int]](bound)
        self.limits: Limits | None = None
        self.names: frozenset[str] | None = None
        # The hashes of the headers met lately, in two generations of `window` each.
        self.window = window
        self.recent: set[int] = set()
        self.older: set[int] = set()

    def again(self, key: tuple[str, str]) -> bool:
        """Whether header `key` was met among the last `window` to twice that many headers
        (only such a one is kept: one met once, a new session's cookie or token, would be
        kept for nothing, and dropping what was kept cost as much as keeping it). It is
        counted as met now."""
        seen = hash(key)
        if seen in self.recent or seen in self.older:
            return True
        if len(self.recent) >= self.window:
            self.older, self.recent = self.recent, set()
        self.recent.add(seen)
        return False

    def get(
        self, key: tuple[str, str], limits: Limits, names: frozenset[str]
    ) -> tuple[tuple[Point, ...], str, int] | None:
        if limits is not self.limits or names is not self.names:
            self.memo.clear()
            self.limits, self.names = limits, names
        return self.memo.get(key)


# Headers are kept from their second time within the last 16,384 to 32,768 headers met:
# about as many as the memo holds at its fullest, a few cookies or a token each.
_EXPANSIONS: Final = _Expansions(16 << 20, 16384)


def _expanded(upper: str, point: str, value: str, limits: Limits, out: Points) -> None:
    """`_expand`'s points added to `out`, from what the header came to before when it can:
    the same points, in the same order. (Not one read only at its ends: what it left out
    is counted in `out`.)"""
    if len(value) > min(_EXPANDED_CHARS, 2 * limits.max_body_bytes):
        _expand(upper, point, value, limits, out)
        return
    key = (upper, value)
    known = _EXPANSIONS.get(key, limits, out.names)
    if known is None:
        if not _EXPANSIONS.again(key):
            _expand(upper, point, value, limits, out)  # met once so far: not kept
            return
        parsed = Points(limits.max_points, out.names)
        with contextlib.suppress(PointsFull):  # `out` is full too: `_expand` raises there
            _expand(upper, point, value, limits, parsed)
        weight = 200 + len(value) + sum(162 + len(n) + len(t) for n, t in parsed.items)
        derived = parsed.bound - limits.max_points
        known = _EXPANSIONS.memo.put(key, (tuple(parsed.items), parsed.cut, derived), weight)
    items, cut, derived = known
    if (
        not cut
        and derived <= out.derived_room
        and len(out.items) + len(items) - derived <= out.bound
    ):
        out.items.extend(items)  # the usual case: the kept points themselves, at once
        out.read_again(derived)
    else:  # a limit is reached in it: where, `_expand` itself says
        _expand(upper, point, value, limits, out)


def _whole_json(body: bytes, content_type: str, limits: Limits, out: Points, uri: str) -> bool:
    """Whether `body`, longer than `limits.max_body_bytes`, is a JSON document, parsed
    whole: its values are points as in a shorter one, at most `max_points` of them, and as
    many characters of them as the head and the tail of a text (`_head_and_tail`). Cut at
    the limit, it was text of 64 KB with JSON's quotes and braces, slow to scan and read
    far less well than its values are."""
    ctype = _media_type(content_type)
    declared = "json" in ctype
    if not (declared or (_sniff(body) == "json" and not ctype.startswith("multipart/"))):
        return False
    # In the charset it declares, or (bytes) UTF-16 or -32 as its NULs tell: as the
    # application parses it. One that ignores the charset parses no document.
    charset = _declared_charset(content_type)
    try:
        doc = _parse_json(body.decode(charset, "replace") if charset else body)
    except (ValueError, RecursionError, LookupError):
        return False
    document = _read_json(doc, uri, body)
    _parsed_whole(lambda parsed: _json("post.json", document, limits, 1, parsed), limits, out)
    return True


def _whole_xml(body: bytes, content_type: str, limits: Limits, out: Points, uri: str) -> bool:
    """Whether `body`, longer than `limits.max_body_bytes` and declared XML, is parsed
    whole as a JSON document is: when it has no more tags than four times `max_points` (a
    document of more is read at its ends, as a text is: a megabyte of nested tags took
    0.6 s to parse). A SOAP message's short field between two long ones is read whole."""
    ctype = _media_type(content_type)
    if "xml" not in ctype or body.count(b"<") > 4 * limits.max_points:
        return False
    _parsed_whole(
        lambda parsed: _body("post", body, content_type, limits, parsed, uri=uri), limits, out
    )
    return True


def _parsed_whole(parse: Callable[[Points], None], limits: Limits, out: Points) -> None:
    """The points `parse` finds in a whole body, into `out` as `_head_and_tail` shares
    them out: at most `max_points` of them, and no more characters than of a text."""
    room = max(out.bound - len(out), 0)
    parsed = Points(room, out.names)
    parsed.derived_room = out.derived_room
    try:
        parse(parsed)
    except PointsFull:
        parsed.stop(f"point limit of {limits.max_points} reached", parsed[-1][0])
    out.read_again(parsed.bound - room)  # what was read again out of its values
    out.unparsed += _head_and_tail(parsed, limits.max_body_bytes, out)
    if parsed.cut:
        out.stop(parsed.cut, parsed.cut_at)


_EMPTY_PAIRS: Final = re.compile(rb"&{2,}")


def _trimmed_fields(body: bytes, content_type: str, limits: Limits, out: Points, uri: str) -> bool:
    """Whether `body`, longer than `limits.max_body_bytes`, is a form or a multipart body
    of no more fields than twice `max_points`, parsed whole as a JSON document is: each
    pair or part whole up to a share of twice the limit (`_share`), a longer one its start
    and its end. A field between two long ones of padding is read whole. The end of a
    long part is a part of the same headers (the end of an upload is read as its file
    is), the end of a long pair is text (`post.tail`), as the end of a text is. A body of
    more fields is an overlimit, read at its ends."""
    ctype = _media_type(content_type)
    if ctype == "application/x-www-form-urlencoded":
        separator = b"&"
    elif ctype.startswith("multipart/"):
        declared = {q or p for q, p in _BOUNDARY.findall(content_type)}
        used = [b"--" + b.encode("latin-1", "replace") for b in declared]
        used = [delimiter for delimiter in used if delimiter in body]
        if len(used) != 1:
            return False  # no boundary of the body's: text; two: read at its ends
        separator = used[0]
    else:
        return False
    if separator == b"&":
        body = _EMPTY_PAIRS.sub(b"&", body)  # `&&&&`: no pairs, no fields
    if body.count(separator) > 2 * limits.max_points:
        # Fields enough to pass the point limit twice, were each a value: an overlimit, as
        # that is, read at its ends (no padding of fields takes one past the analysis
        # unreported).
        kind = "post.form" if separator == b"&" else "post.multipart"
        out.stop(f"more than {2 * limits.max_points} fields", kind)
        return False
    pieces = body.split(separator)
    share = _share(sorted(map(len, pieces)), 2 * limits.max_body_bytes)
    end = share // 2
    kept: list[bytes] = []
    tails: list[str] = []
    for piece in pieces:
        if len(piece) <= share:
            kept.append(piece)
            continue
        head = piece[: share - end]
        kept.append(head)
        out.unparsed += len(piece) - share
        if not end:
            continue
        if separator == b"&":
            tails.append(percent_decode(utf8_lenient(piece[-end:]), True))
        else:
            kept.append(_part_headers(head) + piece[-end:])
    trimmed = separator.join(kept)
    _parsed_whole(
        lambda parsed: _body("post", trimmed, content_type, limits, parsed, uri=uri), limits, out
    )
    for tail in tails:
        out.add("post.tail", tail)
    return True


def _split_part(part: bytes) -> tuple[bytes, bytes, bytes]:
    """A multipart body's `part` as its headers, the blank line that ends them (CRLF's, or
    a bare LF's) and its content, line breaks before the headers skipped: with no blank
    line, all of it is headers."""
    head, blank, content = part.lstrip(b"\r\n").partition(b"\r\n\r\n")
    if not blank:
        head, blank, content = part.lstrip(b"\n").partition(b"\n\n")
    return head, blank, content


def _part_headers(part: bytes) -> bytes:
    """The headers of a multipart body's `part` with the blank line after them, as
    `_parts` finds them (`_split_part`); none if they do not end in it."""
    _, blank, content = _split_part(part)
    return part[: len(part) - len(content)] if blank else b""


def _head_and_tail(parsed: Points, limit: int, out: Points) -> int:
    """The values of `parsed` into `out`, no more characters of them all than a text's
    head and tail hold (`2 * limit`): each value whole up to a share, a longer one its
    first and last characters to the share, the share the most that fits. Padding neither
    carries a payload past the analysis (a short value between two long ones is read
    whole, a long one at both its ends, where a payload is added to it) nor makes it cost
    more than a text would. A value cut is two points, counted as one against the bound;
    the characters left out are returned."""
    budget = 2 * limit
    total = sum(len(value) for _, value in parsed)
    if total <= budget:
        for point, value in parsed:
            _add_decodable(out, point, value, limit)
        return 0
    share = _share(sorted(len(value) for _, value in parsed), budget)
    end = share // 2
    left_out = 0
    for point, value in parsed:
        if len(value) <= share:
            _add_decodable(out, point, value, limit)
            continue
        if share > end:
            out.add(point, value[: share - end])
        if end:
            out.bound += 1
            out.add(point, value[-end:])
        left_out += len(value) - share
    return left_out


def _add_decodable(out: Points, point: str, value: str, limit: int) -> None:
    """`value` as one point or, longer than `limit`, the longest value the engine decodes,
    as two: its first `limit` characters, and the rest from an eighth of the limit before
    them (8 KB at most), so that a payload across the cut is whole in one. A value of 100 KB
    whole had no escape of its undone."""
    if len(value) <= limit:
        out.add(point, value)
        return
    out.bound += 1
    out.add(point, value[:limit])
    out.add(point, value[limit - _overlap(limit) :])


def _overlap(limit: int) -> int:
    """How much of a head read of `limit` characters what is read after it repeats: an
    eighth of the limit, 8 KB at most (`_TAIL_OVERLAP`), so that a payload across the cut
    is whole in one of them."""
    return min(_TAIL_OVERLAP, limit // 8)


def _share(lengths: list[int], budget: int) -> int:
    """The most characters of each value (`lengths`, ascending) that keep them all within
    `budget`: the shorter values whole while each longer one's share is no less."""
    left = len(lengths)
    for length in lengths:
        if length * left > budget:
            return budget // left
        budget -= length
        left -= 1
    return lengths[-1]


def _tail_start(body: bytes, limit: int) -> int:
    """Where the tail of a body longer than `limit` starts: at its last `limit` bytes, or
    `_overlap` before its head ends where the two would meet (a body at most twice
    `limit` long: a gateway sending twice the limit cuts a longer one to just that), at the
    start of a line there if one starts in the first half of the overlap. A tail is read
    as a value of its own: cut at a line, a document's is read as a document's lines are."""
    overlap = _overlap(limit)
    start = limit - overlap
    if len(body) > 2 * limit:
        return len(body) - limit
    line = body.find(b"\n", start, start + overlap // 2)
    return start if line < 0 else line + 1


def _tail(tail: bytes, content_type: str, limits: Limits, out: Points, data: bool) -> None:
    """The end of a body longer than the limit: padding must not carry a payload past the
    analysis. Whole parts of a multipart body and whole pairs of a form are named as in the
    body (the end of the part a multipart tail starts in is its `@preamble`), the end of the
    pair a form's starts in is text (`post.tail`), as the end of any other body is. The end
    of a body of no text type whose head is `data` is data too: a library's or a message
    catalog's strings end it."""
    ctype = _media_type(content_type)
    if ctype.startswith("multipart/"):
        _multipart("post.multipart", tail, content_type, limits, out)
    elif ctype == "application/x-www-form-urlencoded" and b"&" in tail:
        end, _, pairs = tail.partition(b"&")
        if end:
            out.add("post.tail", percent_decode(utf8_lenient(end), True))
        _form("post.form", utf8_lenient(pairs), limits, out)
    elif not data and _printable(tail[:512]):
        out.add("post.tail", utf8_lenient(tail))
    else:
        _code("post.tail.code", tail, out)


def path_segment(path: str, offset: int) -> str:
    """The point name of the path segment holding character `offset` (`path.0` is the
    first segment after the leading slash)."""
    return f"path.{max(path.count('/', 0, offset + 1) - 1, 0)}"
