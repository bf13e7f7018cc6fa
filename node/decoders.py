"""Decoders: small pure functions that undo one layer of encoding each.

`layers()` applies them recursively, with bounded depth and size, and returns every distinct
decoded form of a value so that the detectors see each layer an attacker may have wrapped a
payload in (double percent-encoding, base64 inside JSON escapes, and so on).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import html.entities
import json
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Final

MAX_DEPTH: Final = 4
MAX_LAYERS: Final = 8

_PERCENT: Final = re.compile(r"%(?:u([0-9a-fA-F]{4})|([0-9a-fA-F]{2}))")
_PERCENT_U: Final = re.compile(r"%[uU]([0-9a-fA-F]{4})")
# Runs of %XX escapes, split out (kept) of what is around them.
_ESCAPE_RUN: Final = re.compile(rb"((?:%[0-9a-fA-F]{2})+)")
_JS_ESCAPE: Final = re.compile(
    r"\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-7]{1,3})|([\\'\"/`])"
    r"|([nrtbfv]))"
)
# What a line of a long text must hold for its JavaScript decoding to be a line of the
# layer: an escape of a character a token can be spelled with. Those of one letter make
# control characters and line breaks, which a document is full of already; troff writes
# `\fB` on most lines of a manual page, and code `\n` in its strings and `\b` in its
# patterns: 26 KB of a 64 KB manual page were a layer of the page again.
_JS_CODE_ESCAPE: Final = re.compile(r"\\(?:u\{?[0-9a-fA-F]|x[0-9a-fA-F]{2}|[0-7]|[\\'\"/`])")
# The one-letter escapes of JSON and JavaScript strings: `\r\nSet-Cookie:` in a value that
# a JSON or JavaScript layer decodes is a line break there.
_JS_LETTERS: Final = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v"}
# A `%` that starts no escape, and two of them in a row before letters (`%S%E`).
_STRAY_PERCENT: Final = re.compile(r"%(?![0-9a-fA-F]{2})")
# (Written out twice: a repeated group gives `re` no first character to skip to, and the
# run is looked for over whole texts.)
_STRAY_PERCENT_RUN: Final = re.compile(r"%[A-Za-z](?![0-9a-fA-F])%[A-Za-z](?![0-9a-fA-F])")
# Entities browsers decode, also the sloppy ones: no semicolon, odd case, many leading zeros.
_ENTITY: Final = re.compile(
    r"&(#[xX]0*[0-9a-fA-F]{1,8};?|#0*[0-9]{1,10};?|[A-Za-z][A-Za-z0-9]{1,31};?)"
)
_BASE64: Final = re.compile(r"[A-Za-z0-9+/_-]{6,}={0,2}")
# Full-width forms of ASCII (＜, ＯＲ, ＇): frameworks and databases that fold Unicode
# compatibility forms turn them into the real characters.
_FULLWIDTH: Final = re.compile("[\uff01-\uff5e]")
# Read as 7-bit US-ASCII, Latin-1 ¼ and ¾ are < and >: `¼script¾` is `<script>` to a
# parser that drops the high bit.
_HIGH_LATIN1: Final = re.compile("[\x80-\xff]")
# Runs are maximal: finditer resumes after each one. One starts at a run's first character
# only (looked back at from the second): `re` tried a chunk from each character of a
# shorter run, which a text of hex escapes is made of.
_BASE64_CHUNK: Final = re.compile(r"[A-Za-z0-9+/_-](?<![A-Za-z0-9+/_-].)[A-Za-z0-9+/_-]{15,}={0,2}")
# A data: URI in base64, the whole of a value: its data is read whatever its length (a
# short one is no chunk of `_BASE64_CHUNK`'s length).
_DATA_URI: Final = re.compile(
    r"\s*data:[\w.+/-]*(?:;[\w.+-]+=[\w.+-]+)*;base64,([A-Za-z0-9+/_-]+={0,2})\s*", re.I
)


# What a form's encoding leaves of a text (PHP's urlencode, Java's URLEncoder, Python's
# quote_plus): letters, digits, a few marks, escapes, and `+` for its spaces. A text with
# anything else in it, a space say, was not encoded so, and its `+` is a plus
# (`type="image/svg+xml"`).
_FORM_ENCODED: Final = re.compile(r"[A-Za-z0-9_.~*!'()%+-]+")


def percent_decode(text: str, plus_as_space: bool = False) -> str:
    """Undo %XX and %uXXXX once; bytes are read as UTF-8, overlong forms included."""
    if plus_as_space and "+" in text:  # a test before a method call: most names have none
        text = text.replace("+", " ")
    if "%" not in text:
        return text
    if "%u" in text or "%U" in text:
        text = _PERCENT_U.sub(_code_point, text)
    return utf8_lenient(_unescape(text.encode("utf-8", "surrogatepass")))


# (A module function, not a lambda: compiled, a function holding a lambda allocates the
# lambda's environment on every call, escape or not.)
def _code_point(found: re.Match[str]) -> str:
    return chr(int(found.group(1), 16))


def _unescape(raw: bytes) -> bytes:
    """`raw` with each %XX turned into its byte."""
    if b"\\" not in raw:
        # As `\xXX`, a byte escape that C reads in one pass, when every `%` starts one (as
        # in nearly every value a client encodes): half what the loop below costs.
        try:
            return codecs.escape_decode(raw.replace(b"%", b"\\x"))[0]
        except ValueError:  # a `%` without two hex digits after it: `\x` is no escape
            pass
    # Each run of escapes decoded at once, what is between them kept as it is: the work is
    # per run, not per `%` (a megabyte of `%` is no escape, and took 136 ms split at each).
    parts = _ESCAPE_RUN.split(raw)
    for index in range(1, len(parts), 2):
        parts[index] = codecs.escape_decode(parts[index].replace(b"%", b"\\x"))[0]
    return b"".join(parts)


def percent_decode_as(text: str, charset: str) -> str:
    """A form key or value as ASP.NET reads one posted with `charset` (`ibm037`): `text`
    holds the body's bytes as Latin-1 characters; `+` and %XX become bytes, and all the
    bytes are read in the charset (`%89%95%97L` is `inp<` in EBCDIC)."""
    raw = _unescape(text.encode("latin-1").replace(b"+", b" "))
    return raw.decode(charset, "replace")


def _escaped(low: int, high: int = 0) -> str:
    """In a pattern, the surrogate that `surrogateescape` makes of the byte `low`, or a class
    of those of the bytes `low` to `high`. (Built with `chr`: mypyc takes no surrogate in
    a literal.)"""
    return f"[{chr(0xDC00 + low)}-{chr(0xDC00 + high)}]" if high else chr(0xDC00 + low)


# What `surrogateescape` makes of bytes that are not UTF-8: each a lone surrogate, U+DC80 to
# U+DCFF. Overlong forms of characters below U+0800 are made of them: C0/C1 xx and E0 80..9F
# xx, and the four-, five- and six-byte forms (F0 80.., F8 80.., FC 80..) old decoders
# accepted, `..%f0%80%80%af` being `../`.
_TAIL: Final = _escaped(0x80, 0xBF)
_OVERLONG: Final = re.compile(
    f"{_escaped(0xC0, 0xC1)}{_TAIL}|{_escaped(0xE0)}{_escaped(0x80, 0x9F)}{_TAIL}"
    f"|{_escaped(0xF0)}{_TAIL}{{3}}|{_escaped(0xF8)}{_TAIL}{{4}}|{_escaped(0xFC)}{_TAIL}{{5}}"
)
# Each byte left, back from its surrogate to the Latin-1 character of its value.
_LATIN_1: Final = {0xDC80 + byte: 0x80 + byte for byte in range(128)}


def _overlong(found: re.Match[str]) -> str:
    """The character an overlong form encodes, or the form when it is a character of
    U+0800 or above (whose bytes are read one by one then)."""
    form = found.group()
    value = ord(form[0]) & 0x01 if len(form) == 2 else 0  # the lead's own bit, C1's
    for unit in form[1:]:
        value = value << 6 | (ord(unit) & 0x3F)
    return chr(value) if value < 0x800 else form


def utf8_lenient(raw: bytes) -> str:
    """Decode UTF-8 as a permissive parser would: overlong forms map to their ASCII value,
    and bytes that are not UTF-8 at all are read as Latin-1 instead of being lost. (The
    C decoder, then one pass for the forms and one for the bytes: a loop over each byte,
    compiled, took 15 ms for 64 KB of bytes escaped at random, 3 ms now.)"""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _OVERLONG.sub(_overlong, raw.decode("utf-8", "surrogateescape"))
    return text.translate(_LATIN_1)


def _entity(match: re.Match[str]) -> str:
    body = match.group(1)
    if body[0] == "#":
        digits = body[1:].rstrip(";")
        try:
            code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
            return chr(code) if 0 < code < 0x110000 else match.group(0)
        except ValueError:
            return match.group(0)
    decoded = _named(body)
    return match.group(0) if decoded is None else decoded


# Lower-case spellings of the whitespace entities (`&tab;`, `&newline;`) fool filters.
_LOOSE_NAMES: Final = {"tab;": "\t", "newline;": "\n", "colon;": ":", "lpar;": "(", "rpar;": ")"}


@lru_cache(maxsize=4096)
def _named(body: str) -> str | None:
    """What a named reference (`amp;`, `ampx`, `LBRACE;`) decodes to, or None. Each name
    is worked out once, by HTML5's table (`_html5_reference`): text with an `&` before
    every few words (a query string, or 64 KB of random letters and punctuation) cost two
    `html.unescape` calls at each."""
    for name in (body, body.lower()):  # `&LBRACE;` is `{` to a decoder that ignores case
        decoded = _html5_reference(name)
        if decoded is not None:
            return decoded
    return _LOOSE_NAMES.get(body.lower())


_HTML5: Final = html.entities.html5
# The first two letters of the names HTML5 decodes with no semicolon (`&amp`, `&copy`):
# a name that starts with none of them holds no such name at its start.
_LEGACY_STARTS: Final = frozenset(name[:2] for name in _HTML5 if not name.endswith(";"))


def _html5_reference(name: str) -> str | None:
    """What `html.unescape` makes of `&` and `name` (a reference's name, its `;` or none),
    or None when it is no reference: the name itself, or the longest name with no
    semicolon that starts it, the rest after it kept (`&ampx` is `&x`). Asked first
    whether any name could start it: 64 KB of distinct words each after an `&` cost
    `html.unescape` a regular expression and a call each, 95 ms."""
    decoded = _HTML5.get(name)
    if decoded is not None:
        return decoded
    if name[:2] in _LEGACY_STARTS:
        for end in range(len(name) - 1, 1, -1):
            start = _HTML5.get(name[:end])
            if start is not None:
                return start + name[end:]
    return None


def asp_percent_decode(text: str) -> str:
    """Drop the `%` signs that start no escape, as classic ASP on IIS does: `%S%E%L%E%C%T`
    reads SELECT there. Only a run of them counts (`%O%R`), not a stray `50% off`."""
    if not _STRAY_PERCENT_RUN.search(text):
        return text
    return _STRAY_PERCENT.sub("", text)


# Rich text's elements of code, and their ends: what they hold is text a reader sees, with
# the markup it shows escaped by the editor (`<pre><code>&lt;script src="…"&gt;</code>`).
_CODE_OPENED: Final = re.compile(r"<(pre|code)(?=[\s>])[^<>]{0,200}>", re.I)
_CODE_CLOSED: Final = {
    "pre": re.compile(r"</pre\s*>", re.I),
    "code": re.compile(r"</code\s*>", re.I),
}


def code_contents(text: str) -> Iterator[tuple[int, int]]:
    """Where what rich text's elements of code hold (`_CODE_OPENED`) starts and ends, the
    outermost of nested ones (`<pre><code>…</code></pre>`), in order."""
    if "</" not in text:
        return
    at = 0
    for opened in _CODE_OPENED.finditer(text):
        if opened.start() < at:
            continue  # inside the element found last
        closed = _CODE_CLOSED[opened.group(1).lower()].search(text, opened.end())
        if closed is None:
            return  # no element of this name closes after here, nor after a later one
        yield opened.end(), closed.start()
        at = closed.start()


def _by_code(text: str, outside: Callable[[str], str], inside: Callable[[str], str]) -> str:
    """`text` with `outside` applied to what lies outside rich text's elements of code
    (`code_contents`) and `inside` to what they hold."""
    pieces: list[str] = []
    at = 0
    for start, end in code_contents(text):
        pieces += [outside(text[at:start]), inside(text[start:end])]
        at = end
    pieces.append(outside(text[at:]))
    return "".join(pieces)


# XML's five predefined entities, `&amp;` last: a text whose every `&` starts one of them
# (an XML document's escaped markup) is decoded by replacing them, one C loop each, as a
# single pass would (`&amp;lt;` is `&lt;`). A megabyte of `&lt;` took 45 ms by the pattern,
# a Python call for each reference.
XML_ENTITIES: Final = (
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", '"'),
    ("&apos;", "'"),
    ("&amp;", "&"),
)


def _references_undone(text: str) -> str:
    if text.count("&") == sum(text.count(entity) for entity, _ in XML_ENTITIES):
        for entity, char in XML_ENTITIES:
            text = text.replace(entity, char)
        return text
    return _ENTITY.sub(_entity, text)


def _shown(text: str) -> str:
    return text


# A GraphQL document: an operation (query, mutation, subscription) or the shorthand
# `{ field(…) }`, as a JSON member, a parameter or a body. Its string arguments are values
# an application's resolvers get one by one, and its double quotes delimit them. An alias
# names a field (`{ a: user(id: 1) }`): a name with a string after its colon is a code's
# literal (Go's table of tests, `{\n title: "…",`).
GRAPHQL: Final = re.compile(
    r"\s*(?:(?:query|mutation|subscription)\b[^{\"]{0,512}\{"
    r"|\{\s*[_A-Za-z]\w*\s*(?:[({@,}]|:\s*[_A-Za-z]))"
)
# An HTML tag, opening or closing, with its attributes: `<code class="language-js">`.
# Possessive: what a failed tag read cannot be read again shorter (after an opening `<` that
# no `>` closes, each attribute character was given back one at a time).
TAG: Final = re.compile(r"</?[a-z][\w:-]*+(?>(?:\s[^<>]{0,400}+)?)/?>", re.IGNORECASE)


def in_text(code: str, change: Callable[[str], str]) -> str:
    """`code`, what an element of code holds, with `change` applied to its text, not to
    its tags: markup in it is live (`<code><a href="java&#x0A;script:…">`), and a browser
    decodes the references of its attributes."""
    if "<" not in code:
        return change(code)
    pieces: list[str] = []
    at = 0
    for tag in TAG.finditer(code):
        pieces += [change(code[at : tag.start()]), tag.group()]
        at = tag.end()
    pieces.append(change(code[at:]))
    return "".join(pieces)


def _tags_references_undone(code: str) -> str:
    return TAG.sub(_tag_references_undone, code)


def _tag_references_undone(tag: re.Match[str]) -> str:
    return _references_undone(tag.group())


def html_decode(text: str) -> str:
    """Undo HTML/XML character references once, sloppy forms included; but not in the text
    of rich text's elements of code (`code_contents`), whose references are the code they
    show, which a browser displays and never runs (those of a tag in one it reads)."""
    if "&" not in text:
        return text
    return _by_code(text, _references_undone, _tags_references_undone)


# What an `&` in an element of code is while a long text is decoded line by line, where the
# element's start is on another line: a private-use character no decoder reads.
_SHOWN_AMPERSAND: Final = "\ue000"


def _ampersands_masked(code: str) -> str:
    return in_text(code, _masked)


def _masked(text: str) -> str:
    return text.replace("&", _SHOWN_AMPERSAND)


def _js(match: re.Match[str]) -> str:
    brace, u4, x2, octal, literal, letter = match.groups()
    if literal:
        return literal
    if letter:
        return _JS_LETTERS[letter]
    code = int(brace or u4 or x2, 16) if (brace or u4 or x2) else int(octal, 8)
    return chr(code) if code < 0x110000 else match.group(0)


_JSON_OPENERS: Final = ("{", "[")
_JSON_CLOSERS: Final = ("}", "]")
_DOCUMENT_CONTAINERS: Final = 256  # a document's objects and arrays decoded string by string
_STRING_DELIMITERS: Final = frozenset((ord('"'), ord("\\")))
_JSON_ESCAPE: Final = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.S)


def _json_escape(match: re.Match[str]) -> str:
    """A JSON document's escape undone where the document stays one: `\\u003c` and `\\/`,
    not a quote's, a backslash's or a control character's."""
    code = match.group(1)
    if code is None:
        return "/" if match.group(0) == "\\/" else match.group(0)
    point = int(code, 16)
    if point < 0x20 or 0xD800 <= point <= 0xDFFF or point in _STRING_DELIMITERS:
        return match.group(0)
    return chr(point)


def js_decode(text: str) -> str:
    """Undo JavaScript and JSON string escapes (`\\uXXXX`, `\\u{X}`, `\\xNN`, octal, `\\n`)
    once."""
    if "\\" not in text:
        return text
    return _JS_ESCAPE.sub(_js, text)


def json_document(text: str) -> dict[str, object] | list[object] | None:
    """The JSON object or array `text` is (a filter in a query string, say, whose strings
    and keys the engine reads as points of their own), or None."""
    stripped = text.strip()
    if stripped[:1] not in _JSON_OPENERS or stripped[-1:] not in _JSON_CLOSERS:
        return None
    try:
        document: dict[str, object] | list[object] = json.loads(stripped)
    except (ValueError, RecursionError):
        return None
    return document


def _decodable_document(text: str) -> object:
    """The JSON document `text` is (`json_document`), or None; None too for one of
    hundreds of objects and arrays (`_DOCUMENT_CONTAINERS`), a probe's nesting, decoded as
    any text is."""
    if text.count("{") + text.count("[") > _DOCUMENT_CONTAINERS:
        return None
    return json_document(text)


def _strings_changed(node: object, change: Callable[[str], str]) -> object:
    """`node`, a JSON document's value, with `change` applied to each of its strings."""
    if isinstance(node, str):
        return change(node)
    if isinstance(node, list):
        return [_strings_changed(item, change) for item in node]
    if isinstance(node, dict):
        return {change(key): _strings_changed(item, change) for key, item in node.items()}
    return node


def _decoded(name: str, decode: Callable[[str], str], text: str, document: object) -> str:
    """`text` decoded by `decode` (the decoder `name`): in a JSON `document` (a filter in a
    query, an event stringified in a field), inside its strings only, so that it stays one.
    Its strings are points of their own; a `\\"` or `&quot;` undone across the document
    would end one where it does not end (`{"q": "3x \\"Widget Pro\\" -- #1"}`)."""
    if document is None:
        return decode(text)
    if name == "js":  # the escapes the parser undid, but a quote's and a backslash's
        return _JSON_ESCAPE.sub(_json_escape, text)
    decoded = decode(text)
    if decoded.count('"') == text.count('"') and decoded.count("\\") == text.count("\\"):
        return decoded  # no quote or backslash made: its strings end where they did
    try:
        changed = _strings_changed(document, decode)
        return text if changed == document else json.dumps(changed, ensure_ascii=False)
    except RecursionError:
        return decoded


def _printable_ratio(text: str) -> float:
    if not text:
        return 0.0
    good = sum(1 for c in text if c.isprintable() or c in "\r\n\t")
    return good / len(text)


_INFLATED_MAX: Final = 65536  # bytes of gzip in base64 inflated, at most


def _b64(candidate: str) -> str | None:
    """Decode a base64 or base64url token when the result is readable text, else None."""
    token = candidate.rstrip("=")
    if len(token) % 4 == 1 or token.islower() or token.isupper():
        # Base64 of text mixes cases; hex digests, UUIDs, paths and words do not.
        return None
    padded = token + "=" * (-len(token) % 4)
    try:
        if "-" in token or "_" in token:
            raw = base64.urlsafe_b64decode(padded)
        else:
            raw = base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None
    if raw[:2] == b"\x1f\x8b":
        # Gzip in base64: a compressed document that an API inflates (an SDK's batch, a
        # saved state). Inflated no further than the longest value decoded.
        raw = gunzip(raw, _INFLATED_MAX)
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(decoded) < 4:
        return None
    return decoded if decoded.isprintable() or _printable_ratio(decoded) >= 0.95 else None


# A token of random bytes in base64 or base64url (a session's, a signature's, a key's).
_TOKEN: Final = re.compile(r"[A-Za-z0-9+/]{20,}={0,2}|[A-Za-z0-9_-]{20,}={0,2}")
_WORD_RUN: Final = re.compile(r"(?:^|[+_-])[A-Za-z]{4,}(?:[+_-]|=*$)")
# Chance joins four letters or more between `+`s about once in 1,750 characters of base64:
# a long token (a file's bytes) may hold one such run in 500 characters and be random.
_RUN_SPAN: Final = 500
# ...unless it opens as a serialized object does, which the rules read in the token itself
# (lower-cased): Java's rO0AB, .NET's AAEAAAD and a ViewState's /wE, Ruby's Marshal (BAh),
# Python's pickles (gASV, gAJj…, protocol 0's module named: Y29zCn…).
_SERIALIZED_HEADS: Final = (
    *("ro0ab", "kztaau", "cs7qaf", "aaeaaad", "/we", "bah", "gas", "gaw", "gaj", "gan"),
    *("y29zcn", "y3bvc2l4cn", "y250cn", "y3n1ynbyb2nlc3mk", "y2nvbw1hbmrzcn"),
    *("y19fynvpbhrpbl9fcn", "y2j1awx0aw5zcn"),
)


def random_token(value: str) -> bool:
    """Whether `value` is base64 of random bytes, or a `data:` URI of them (a font's, an
    image's): 20 characters or more of one alphabet, letters of both cases and digits mixed
    as chance mixes them, and no text decoded. Read as it is, chance spells keywords in it
    (`qx/…/`, `ll+8fRMim…`, `//0x1f`): no value of any class is made so. Where a
    form-encoded space (`+`), an underscore or a dash joins its runs, none is a word of
    four letters or more (`1+UnIoN+SeLeCt+password`, a session file's `sess_ABC123def456`),
    but as chance joins them in a long one."""
    if value[:5].lower() == "data:":
        data = _DATA_URI.fullmatch(value)
        if data is None:
            return False
        value = data.group(1)
    return (
        _TOKEN.fullmatch(value) is not None
        and not value.islower()
        and not value.isupper()
        and any(char.isdigit() for char in value)
        and len(_WORD_RUN.findall(value)) * _RUN_SPAN < len(value)
        and not value[:20].lower().startswith(_SERIALIZED_HEADS)
        and _b64(value) is None
        and hex_decode(value) == value
    )


# A field that holds a password or a client's secret: `password`, `new_password`,
# `passwordConfirmation`, `passwd`, `pwd`, `client_secret`, a change's `confirm`.
_SECRET_FIELD: Final = re.compile(
    r"(?:^|[._\[-])(?:(?:(?:new|old|current|confirm|repeat|re)_?)?(?:pass(?:word|wd|phrase)?"
    r"|pwd|(?:client_?)?secret)(?:_?(?:confirm(?:ation)?|again|repeat|\d))?|confirm(?:ation)?)"
    r"\]?$",
    re.I,
)
_LETTERS: Final = re.compile(r"[A-Za-z]+")
# Words of attacks, which a generator's letters spell only by chance, and a short one only
# in mixed case (`sH`); a long one in any (`objectClass`, `ScRiPt`).
_ATTACK_WORDS: Final = frozenset(
    (
        *("or", "and", "xor", "not", "union", "select", "from", "where", "having", "sleep"),
        *("benchmark", "waitfor", "delay", "exec", "null", "like", "by", "if", "case", "when"),
        *("echo", "cat", "id", "ls", "sh", "bash", "cmd", "curl", "wget", "nc", "ping", "eval"),
        *("system", "passwd", "etc", "bin", "tmp", "ifs", "alert", "prompt", "confirm"),
        *("script", "svg", "img", "onerror", "onload", "objectclass", "cn", "uid", "admin"),
        *("jndi", "ldap", "rmi", "dns", "lower", "upper", "env", "java", "class", "runtime"),
        *("http", "https", "gopher", "dict", "file", "php", "data", "constructor", "import"),
        *("popen", "os", "mro", "subclasses", "globals", "config", "self", "request"),
        *("print", "window", "javascript", "settimeout", "cookie", "web", "inf"),
    )
)


def generated_secret(point: str, value: str) -> bool:
    """Whether `value`, at `point`, is a password or a secret a generator made (a password
    manager's): in a field for one (`_SECRET_FIELD`), twelve characters or more of three
    kinds or four (lower case, capitals, digits, signs), no blank, three in five of them
    different, no clause of an LDAP filter and no word of an attack (`_ATTACK_WORDS`).
    Read as it is, chance puts its signs where an attack would (`UM~29}:,?nQmvtM{[%%||xl5`,
    `Z{""|sH<@SY`); a password is compared with a hash, and such a field's probes are
    words and quotes in few kinds (`' or '1'='1`, `admin'--`)."""
    if not 12 <= len(value) <= 128:
        return False
    name = point[point.rfind(".") + 1 :].lower()
    if (
        not ("pass" in name or "pwd" in name or "secret" in name or "confirm" in name)
        or _SECRET_FIELD.search(point) is None
    ):
        return False
    if (
        any(char.isspace() for char in value)
        or len(set(value)) * 5 < 3 * len(value)
        or ")(" in value  # an LDAP filter's next clause: `*)(|(objectClass=*)`
    ):
        return False
    kinds = (
        any(char.islower() for char in value)
        + any(char.isupper() for char in value)
        + any(char.isdigit() for char in value)
        + any(not char.isalnum() for char in value)
    )
    return kinds >= 3 and not any(
        run.lower() in _ATTACK_WORDS and (len(run) > 4 or run.islower() or run.isupper())
        for run in _LETTERS.findall(value)
    )


def base64_decode(text: str) -> str:
    """Decode a value that is base64, or the base64 tokens inside it (a data: URI, a JWT)."""
    stripped = text.strip()
    if _BASE64.fullmatch(stripped):
        # One token from end to end: the only chunk it holds is itself.
        decoded = _b64(stripped)
        return text if decoded is None else decoded
    if len(text) < 16:
        return text
    data_uri = _DATA_URI.fullmatch(text) if "64," in text else None
    if data_uri:
        decoded = _b64(data_uri.group(1))
        return text if decoded is None else decoded
    parts: list[str] = []
    found = False
    for chunk in _BASE64_CHUNK.finditer(text):
        decoded = _b64(chunk.group(0))
        if decoded is not None:
            parts.append(decoded)
            found = True
    return " ".join(parts) if found else text


# A value of hex digits alone, an even number of them (`0x` before them or not).
_HEX_TEXT: Final = re.compile(r"\s*(?:0[xX])?((?:[0-9a-fA-F]{2}){4,})\s*")


def hex_decode(text: str) -> str:
    """The text that a value of hex digits spells, when its bytes are readable UTF-8 (a
    field an application hex-encodes, a payload hidden so: `27204f522031...`), else the
    value as it is: a digest's or an id's bytes are no text."""
    digits = _HEX_TEXT.fullmatch(text)
    if digits is None:
        return text
    try:
        decoded = bytes.fromhex(digits.group(1)).decode("utf-8")
    except UnicodeDecodeError:
        return text
    if decoded.isprintable() or _printable_ratio(decoded) >= 0.95:
        return decoded
    return text


def gunzip(data: bytes, limit: int) -> bytes:
    """Inflate gzip or deflate data, never producing more than `limit` bytes. `deflate`
    without its zlib header (raw, as some clients send it) counts only when it is a whole
    stream: text that merely looks like one is left as it is."""
    inflater = zlib.decompressobj(wbits=47)  # 32 + 15: gzip or zlib header, auto-detected
    try:
        return inflater.decompress(data, limit)
    except zlib.error:
        pass
    raw = zlib.decompressobj(wbits=-15)
    try:
        inflated = raw.decompress(data, limit)
    except zlib.error:
        return data
    return inflated if raw.eof else data


# Repetition: a run of more than FOLD_COPIES copies of one unit of up to FOLD_UNIT
# characters is cut to FOLD_COPIES copies in texts of FOLD_MIN characters or more.
FOLD_MIN: Final = 2048
FOLD_COPIES: Final = 32
FOLD_UNIT: Final = 256
_FOLD_PROBE: Final = 16  # characters whose next occurrence proposes a unit
_FOLD_STEP: Final = 64  # how far apart runs are looked for: a foldable run holds many probes


def fold_repeats(text: str) -> str:
    """`text` with long repetitions folded (`FOLD_COPIES`). Sixty-four kilobytes of a
    template opener (`${{${{…`) cost the detectors a quarter of a second, for every
    position may start a match; thirty-two copies show them all there is to see, and
    whatever precedes, follows or interrupts the run is kept as it is. The work is C string
    search and comparison: about a millisecond per 64 KB of text with nothing to fold."""
    n = len(text)
    if n < FOLD_MIN:
        return text
    pieces: list[str] = []
    kept = 0  # text[:kept] is in pieces
    i = 0
    while i + _FOLD_PROBE <= n:
        unit = text.find(text[i : i + _FOLD_PROBE], i + 1, i + FOLD_UNIT + _FOLD_PROBE) - i
        folded = unit * FOLD_COPIES
        # One comparison tells whether the run reaches FOLD_COPIES + 1 copies; only then is
        # its end looked for. Text with near-repeats (records that differ by a number)
        # stops here.
        if unit > 0 and text[i : i + folded] == text[i + unit : i + unit + folded]:
            copies = (_periodic_span(text, i, unit) + unit) // unit
            pieces += (text[kept:i], text[i : i + folded])
            i = kept = i + unit * copies
            continue
        i += _FOLD_STEP
    if not pieces:
        return text
    pieces.append(text[kept:])
    return "".join(pieces)


def _periodic_span(text: str, start: int, unit: int) -> int:
    """The largest `span` such that text[start:start + span] == text[start + unit:…]: the
    run of period `unit` from `start` is `span + unit` characters long."""
    limit = len(text) - start - unit
    good, step = 0, _FOLD_PROBE
    while good < limit:  # double the span while it holds, then halve back to its end
        span = min(good + step, limit)
        if text[start + good : start + span] == text[start + unit + good : start + unit + span]:
            good = span
            step *= 2
        elif step > 1:
            step //= 2
        else:
            break
    return good


# Each is tried on a text that holds its marker, a character or a pattern's match: ASP's
# on a run of stray `%`, which a long text with escapes in most lines seldom holds (its
# lines were each searched for one). The second marker is what a line of a long text must
# hold (`_composed`), which applies them in this order.
_Marker = str | re.Pattern[str]
_DECODERS: Final[tuple[tuple[str, _Marker, _Marker, Callable[[str], str]], ...]] = (
    ("percent", "%", "%", percent_decode),
    ("asp", _STRAY_PERCENT_RUN, _STRAY_PERCENT_RUN, asp_percent_decode),
    ("html", "&", "&", html_decode),
    ("js", "\\", _JS_CODE_ESCAPE, js_decode),
)
# Any decoder's marker character (ASP's run starts with percent's): a value with none of
# them (and ASCII) only may be base64.
_MARKERS: Final = re.compile(
    "[" + re.escape("".join(m for _, m, _, _ in _DECODERS if isinstance(m, str))) + "]"
)
# Any decoder's line marker: a line of a long text that holds none is left as it is.
_LINE_MARKERS: Final = re.compile(
    "|".join(re.escape(m) if isinstance(m, str) else m.pattern for _, _, m, _ in _DECODERS)
)


# A decoded layer of a text this long with line breaks holds only the lines that decoding
# changed: the others were seen as they are in the layer it came from. So does a text that
# a detector rewrites line for line and looks at again (`changed_lines`).
DELTA_MIN: Final = 4096


def by_line(text: str, change: Callable[[str], str], wanted: Callable[[str], bool]) -> str:
    """`change(text)`, for a change that leaves line breaks and what is around them alone
    (a character at a time, say): a long text of many lines (`DELTA_MIN`) is changed only
    in the lines `wanted` picks, the others kept as they are."""
    if len(text) < DELTA_MIN or "\n" not in text:
        return change(text)
    return "\n".join(change(line) if wanted(line) else line for line in text.split("\n"))


def _nfkc_form(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _not_ascii(text: str) -> bool:
    return not text.isascii()


def nfkc(text: str) -> str:
    """`text` in Unicode normalisation form NFKC (full-width and circled forms folded). A line
    break never composes with what is around it, so a long text is normalised one non-ASCII
    line at a time: 64 KB of a page with a few typographic dashes in it was normalised
    whole, by each detector that folds look-alikes."""
    return by_line(text, _nfkc_form, _not_ascii)


_FEW_CHARS: Final = 24  # characters a `Translation` looks for one by one
_FEW_FROM: Final = 256  # in a text this long: in a shorter one a class is quicker


class Translation:
    """A `str.translate` table of non-ASCII characters, applied only to a text that holds
    one of them: looking for them costs a hundredth of translating a long text. What
    `translate` would do is done by replacing each of them where `re` finds it:
    `translate` looks every character up in the table (and raises a KeyError for each one
    that is not there), 3 ms for 64 KB of a JavaScript file on one line, against 0.3."""

    def __init__(self, table: Mapping[int, int | str]) -> None:
        if any(code < 0x80 for code in table):
            raise ValueError("a Translation maps non-ASCII characters only")
        self.table = dict(table)
        self._keys = re.compile("[" + "".join(re.escape(chr(code)) for code in table) + "]")
        self._replacements = {
            chr(code): to if isinstance(to, str) else chr(to) for code, to in self.table.items()
        }
        self._few = tuple(self._replacements) if len(self.table) <= _FEW_CHARS else ()

    def __call__(self, text: str) -> str:
        """`text` translated, or `text` itself (the same object) when nothing in it is. A
        long text is translated one line at a time, only where a line holds one of the
        characters: `str.translate` looks each character up in the table, 40 M
        instructions for 64 KB of source code with one box-drawing character in it."""
        if not self._holds(text):
            return text
        return by_line(text, self._translated, self._holds)

    def _holds(self, text: str) -> bool:
        """Whether `text` holds one of the characters. In a long text a few are each
        looked for with `in`, a fast search, where a class tests every character (0.2 ms
        for two over 64 KB, against 2 µs); hundreds (every code point with a byte of CR or
        LF), and any in a short text (a name with an accent), with the class."""
        if text.isascii():
            return False
        if self._few and len(text) >= _FEW_FROM:
            return any(char in text for char in self._few)
        return self._keys.search(text) is not None

    def _translated(self, text: str) -> str:
        return self._keys.sub(self._replacement, text)

    def _replacement(self, found: re.Match[str]) -> str:
        return self._replacements[found.group()]


# The high bit dropped (`_HIGH_LATIN1`).
_SEVEN_BIT: Final = Translation({code: code & 0x7F for code in range(0x80, 0x100)})
# The look-alike foldings, as decoders of a long text that go with its escapes
# (`_composed`), and any line that either changes. The high bit is dropped first: NFKC
# would make `¼` (`<` in 7 bits) `1⁄4`.
_FOLDINGS: Final[tuple[tuple[str, _Marker, _Marker, Callable[[str], str]], ...]] = (
    ("7bit", _HIGH_LATIN1, _HIGH_LATIN1, _SEVEN_BIT),
    ("fullwidth", _FULLWIDTH, _FULLWIDTH, _nfkc_form),
)
_FOLDING_LINE_MARKERS: Final = re.compile(
    _LINE_MARKERS.pattern + "|" + _FULLWIDTH.pattern + "|" + _HIGH_LATIN1.pattern
)


def _foldings(text: str) -> list[tuple[str, _Marker, _Marker, Callable[[str], str]]]:
    """The look-alike foldings that apply to `text`: full-width forms, and the high bit
    dropped where both `¼` and `¾` (`<` and `>` in 7 bits) are in it, among text that is
    ASCII for the most part (`_seven_bit_text`)."""
    if text.isascii():
        return []
    seven_bit = "\u00bc" in text and "\u00be" in text and _seven_bit_text(text)
    folds = _FOLDINGS if seven_bit else _FOLDINGS[1:]
    return [fold for fold in folds if _holds(fold[1], text)]


# Of a text's first characters, those looked at for Latin-1's upper half.
_SEVEN_BIT_SAMPLE: Final = 4096


def _seven_bit_text(text: str) -> bool:
    """Whether Latin-1's upper half is at most half of `text` (of its first 4 KB): a
    payload for a parser that drops the high bit sets it on a few characters
    (`¼script¾alert(¢XSS¢)¼/script¾`); Chinese, Japanese or Korean in a legacy encoding
    read as Latin-1 is all such characters, which seven bits wide spell anything (Big5's
    了二十 spelled `$F$G$Q`)."""
    sample = text[:_SEVEN_BIT_SAMPLE]
    return 2 * len(_HIGH_LATIN1.findall(sample)) <= len(sample)


def _holds(marker: _Marker, text: str) -> bool:
    """Whether `text` holds a decoder's marker: a character, or a pattern's match."""
    return marker in text if isinstance(marker, str) else marker.search(text) is not None


def _rewritten_lines(text: str, marker: _Marker, change: Callable[[str], str]) -> str:
    """The lines of `text` that hold `marker` and that `change` changes, changed."""
    changed = []
    for line in _lines_holding(marker, text):
        new = change(line)
        if new != line:
            changed.append(new)
    return "\n".join(changed)


def _lines_holding(marker: _Marker, text: str) -> Iterator[str]:
    """The lines of `text` that hold `marker` (never across a line break), in order: found
    by searching the whole text, not each line (1,700 searches of a 64 KB manual page)."""
    at = 0
    while at <= len(text):
        if isinstance(marker, str):
            where = text.find(marker, at)
        else:
            found = marker.search(text, at)
            where = -1 if found is None else found.start()
        if where < 0:
            return
        end = text.find("\n", where)
        end = len(text) if end < 0 else end
        yield text[text.rfind("\n", 0, where) + 1 : end]
        at = end + 1


def _composed(text: str) -> tuple[str, str]:
    """The escape decoders (`_DECODERS`) and look-alike foldings (`_foldings`) that change
    a long text, applied one after another as one layer: (their chain, the decoded text).
    Each on its own made a layer as long as the text, and each of those a layer per decoder
    again: 64 KB of punctuation with `%`, `%a%b` and `\\` in it came to eight layers of
    64 KB (`MAX_LAYERS`), 168 ms to scan, and a payload encoded twice over was in none of
    them; Chinese text on one line with escapes and full-width forms in it, four (110 ms
    for 64 KB). Composed, a level of decoding is one layer, and the next level decodes
    what this one revealed. The layer holds only the lines decoding changed (`DELTA_MIN`):
    no escape spans a line break, so each line decodes as it would in the whole, and the
    others were seen as they are in the text it came from. A long text of one line is
    decoded in pieces (`_pieces`), as if they were its lines, each changed one kept with
    the pieces beside it."""
    # An element of code may span lines: its references are kept as its first line keeps
    # them (`html_decode`), masked while each line is decoded on its own.
    masked = "&" in text and "<" in text and _SHOWN_AMPERSAND not in text
    if masked:
        text = _by_code(text, _shown, _ampersands_masked)
    folds = _foldings(text)
    applied = [d for d in _DECODERS if _holds(d[1], text)] + folds
    used: set[str] = set()
    if "\n" not in text:
        pieces = _pieces(text) if len(text) >= DELTA_MIN else [text]
        decoded = [_applied(piece, applied, False, used) for piece in pieces]
        changed = "\n".join(_changed_runs(pieces, decoded))
    else:

        def each_applied(line: str) -> str:
            return _applied(line, applied, True, used)

        markers = _FOLDING_LINE_MARKERS if folds else _LINE_MARKERS
        changed = _rewritten_lines(text, markers, each_applied)
    if masked:
        changed = changed.replace(_SHOWN_AMPERSAND, "&")
    return "+".join(name for name, _, _, _ in applied if name in used), changed


def _applied(
    text: str,
    decoders: list[tuple[str, _Marker, _Marker, Callable[[str], str]]],
    by_line_marker: bool,
    used: set[str],
) -> str:
    """`text` with each of `decoders` applied in turn (those whose line marker it holds,
    when `by_line_marker`); the names of those that changed it go into `used`."""
    for name, _, line_marker, decode in decoders:
        if by_line_marker and not _holds(line_marker, text):
            continue
        decoded = decode(text)
        if decoded != text:
            used.add(name)
            text = decoded
    return text


# Where a long line may be cut into pieces that decode as they do in the whole: before a
# character no escape holds, which no backslash escapes. (`%41`, `%u0041`, `\x41`,
# `\u{41}`, `&#x41;` and `&lt;` are made of letters, digits and `%\&#;{}`.)
_CUT: Final = re.compile(r"(?<!\\)[^0-9A-Za-z%\\&#;{}]")
_PIECE: Final = 512


def _pieces(text: str) -> list[str]:
    """`text` cut into pieces of about `_PIECE` characters where `_CUT` allows."""
    pieces = []
    start = 0
    while len(text) - start > 2 * _PIECE:
        cut = _CUT.search(text, start + _PIECE)
        if cut is None:
            break
        pieces.append(text[start : cut.start()])
        start = cut.start()
    pieces.append(text[start:])
    return pieces


def _changed_runs(pieces: list[str], decoded: list[str]) -> list[str]:
    """The runs of decoded pieces that decoding changed, each with the piece before and
    the piece after it: a payload split by a cut is whole in its run. Decoding that
    changed every piece leaves one run, the whole text decoded."""
    kept = [False] * len(pieces)
    for index, (piece, text) in enumerate(zip(pieces, decoded, strict=True)):
        if text != piece:
            for near in range(max(index - 1, 0), min(index + 2, len(pieces))):
                kept[near] = True
    runs: list[str] = []
    run: list[str] = []
    for text, keep in zip(decoded, kept, strict=True):
        if keep:
            run.append(text)
        elif run:
            runs.append("".join(run))
            run = []
    if run:
        runs.append("".join(run))
    return runs


def changed_lines(before: str, after: str) -> str:
    """The lines of `after` (a line-for-line rewriting of `before`) that differ from those
    of `before`, for a long text (`DELTA_MIN`); the whole of `after` for a short one, or
    when the rewriting moved line breaks. Rules that already looked at `before` need not
    look again at what it left alone: 64 KB of a manual page with a few quoted words in it
    was scanned twice over."""
    if len(after) < DELTA_MIN:
        return after
    old, new = before.split("\n"), after.split("\n")
    if len(old) != len(new):
        return after
    return "\n".join(line for line, was in zip(new, old, strict=True) if line != was)


def layers(value: str, max_chars: int) -> list[tuple[str, str]]:
    """Every distinct decoded form of `value` (itself first) as (encoding chain, text).

    Decoding is breadth-first, at most MAX_DEPTH deep and MAX_LAYERS wide; a layer longer
    than `max_chars` is not decoded further. A long value's escapes are undone a level at
    a time, each level one layer (`_composed`).
    """
    value = fold_repeats(value)
    long = len(value) >= DELTA_MIN  # its layers are the lines decoding changed (`_composed`)
    found: list[tuple[str, str]] = [("plain", value)]
    # Most values: nothing to decode unless they are base64 or hex, decided here at once
    # (and the decodings kept for the first layer below).
    value_base64: str | None = None
    value_hex: str | None = None
    if value.isascii() and not _MARKERS.search(value):
        if len(value) < 8:
            return found
        value_base64 = base64_decode(value)
        value_hex = hex_decode(value)
        if value_base64 == value and value_hex == value:
            return found
    seen = {value}
    frontier = [("", value)]
    for _ in range(MAX_DEPTH):
        nxt: list[tuple[str, str]] = []
        for chain, text in frontier:
            if len(text) > max_chars:
                continue
            if long:
                chain_of, composed = _composed(text)
                decodings = [(chain_of, composed)] if chain_of else []
            else:
                document = _decodable_document(text) if text[:1] in _JSON_OPENERS else None
                decodings = [
                    (name, _decoded(name, decode, text, document))
                    for name, marker, _, decode in _DECODERS
                    if _holds(marker, text)
                ]
                decodings += [(name, fold(text)) for name, _, _, fold in _foldings(text)]
                if "+" in text and "%" in text and _FORM_ENCODED.fullmatch(text):
                    # Encoded twice as a form encodes (`%2527+OR+1`): a second urldecode
                    # (PHP's, Java's URLDecoder) reads its `+` as a space.
                    decodings.append(("form", percent_decode(text, plus_as_space=True)))
            if len(text) >= 8:
                known = value_base64 if text is value else None
                decodings.append(("base64", base64_decode(text) if known is None else known))
                known = value_hex if text is value else None
                decodings.append(("hex", hex_decode(text) if known is None else known))
            for name, decoded in decodings:
                if decoded == text:
                    # Nothing decoded. (Folded once more, a long text can come out shorter
                    # still: a second reading of itself, as costly as the first.)
                    continue
                decoded = fold_repeats(decoded)
                if decoded and decoded not in seen:
                    seen.add(decoded)
                    nxt.append(((chain + "+" + name).lstrip("+"), decoded))
        if not nxt:
            break
        found.extend(nxt)
        if len(found) >= MAX_LAYERS:
            return found[:MAX_LAYERS]
        frontier = nxt
    return found
