"""CR/LF injection: response splitting and header injection.

A line break is ordinary in a text field, so outside the path, names and headers it counts
only when what follows it is an HTTP header or a status line. So does a lone LF that a
header only spells (percent-encoded or in base64): the header itself holds none.
"""

from __future__ import annotations

import re
from typing import Final

from node.decoders import Translation
from node.rules import Match, Rule, RuleSet, View, mail_message, part_headers_blanked, words
from node.types import AttackType

TYPE: Final = AttackType.CRLF

TOKENS: Final = (
    *("\r", "\n", "http-equiv", "http/1", "http/2", "%0a", "%0d"),
    *("\u560a", "\u560d", "\u010b", "\u010d", "set-cookie"),
)

_HEADERS: Final = (
    r"set-cookie|location|content-(?:type|length|disposition|security-policy|encoding)|"
    r"refresh|access-control-[\w-]+|cache-control|host|connection|transfer-encoding|"
    r"remote-addr|x-forwarded-[\w-]+|x-[\w-]+|referer|cookie|authorization|"
    r"strict-transport-security|server|vary|link|expires|pragma|etag|last-modified"
)

_META_REFRESH: Final = r"<meta[^>]{0,80}http-equiv\s*=\s*['\"]?\s*(?:refresh|set-cookie)"
_REQUEST_LINE: Final = r"^\s*(?:get|post|put|head)\s+\S+\s+http/\d"
# A response's status line: HTTP/1.1 200.
_STATUS_LINE: Final = r"http/\d(?:\.\d)?[ \t]+\d{3}\b"

RULES: Final = (
    Rule(
        10001,
        TYPE,
        "a line break followed by an HTTP header or status line, or a value that opens with "
        "an empty line and markup: a response body of the attacker's",
        re.compile(
            r"[\r\n][ \t]*(?:(?:" + _HEADERS + r")\s*:|" + _STATUS_LINE + ")"
            r"|^[ \t]*(?:\r?\n){2}[ \t]*<[!a-z]"
        ),
        tokens=(
            "\r",
            "\n",
        ),
    ),
    Rule(
        10002,
        TYPE,
        "a line break in the path, a parameter name or a header value",
        re.compile(r"[\r\n]"),
        tokens=(
            "\r",
            "\n",
        ),
    ),
    Rule(
        10003,
        TYPE,
        "a line break followed by a parameter assignment or a header in a query value: "
        "after a CR any name, after a lone LF a hyphenated one (`ValueError:` after an LF "
        "is a pasted traceback), after a URL any name",
        # (Names in ASCII, as parameters' and headers' are: Chinese in GBK read as Latin-1,
        # `\n¾ßÓÐÊ=`, names none.) A redirect's URL, then a header on a line of its own:
        # wapiti's `http://www.google.fr\r\nwapiti: 3.3.2 version`.
        re.compile(
            r"(?a)[\r\n][\w-]+[ \t]*=|\r[\w-]+[ \t]*:|\n\w*-[\w-]*[ \t]*:"
            r"|^[ \t]*(?:https?:)?//[^\s]+\r?\n[\w-]+[ \t]*:"
        ),
        tokens=(
            "\r",
            "\n",
        ),
    ),
    Rule(
        10004,
        TYPE,
        "a meta refresh or an HTTP request line smuggled into a value",
        re.compile(_META_REFRESH + "|" + _REQUEST_LINE),
        tokens=words("http-equiv http/"),
    ),
    Rule(
        10006,
        TYPE,
        "an empty line and a document's markup in a query or cookie value: a response body "
        "of the attacker's after the headers",
        re.compile(
            r"(?:\r?\n){2}[ \t]*<(?:!doctype|html|head|body|title|meta|script|svg|iframe)\b"
        ),
        tokens=("\n",),
    ),
    Rule(
        10005,
        TYPE,
        "a meta refresh or a whole HTTP request (request line, then a line) in a body field; "
        "a request line alone there is a log line",
        re.compile(_META_REFRESH + "|" + _REQUEST_LINE + r"(?:\.\d)?[ \t]*\r?\n"),
        tokens=words("http-equiv http/"),
    ),
    Rule(
        10007,
        TYPE,
        "a line break followed by a memcached or Redis command: a request smuggled to the "
        "cache a server writes the value to (Zimbra's CVE-2022-27924: `\\r\\nset k 0 0 1`)",
        # memcached's storage commands with a key, its flags, expiry and size, then the data's
        # line (not a workout's "set 1 10 12 15"), and its flush;
        # Redis's commands that write files or follow another server, and its protocol's
        # array of bulk strings (`*3\r\n$3\r\nset`).
        re.compile(
            r"\n[ \t]*(?:(?:set|add|replace|append|prepend|cas)[ \t]+[a-z_]\S*(?:[ \t]+\d+){3}"
            r"[ \t]*(?:noreply[ \t]*)?\r?\n"
            r"|flush_?all\b|config[ \t]+set[ \t]+(?:dir|dbfilename)\b"
            r"|(?:slaveof|replicaof)[ \t]+\S+[ \t]+\d+|module[ \t]+load[ \t]+/"
            r"|\*\d+\r?\n\$\d+\r?\n)"
        ),
        tokens=("\n",),
    ),
    Rule(
        10008,
        TYPE,
        "a cookie set where some server may take a header line to begin: on an indented "
        "line after a value of one word (HTTP/1.1 folds it into the line before, a server "
        "that does not takes it for a header), after a NUL (where C strings end), or glued "
        "to a `?` or to a percent escape left half-decoded: response-splitting probes "
        "(crlfsuite's `%0a%20Set-Cookie:`, `%u0000Set-Cookie:`, `%3fSet-Cookie:`)",
        # (Not an indented line in a text's lines: a docstring's example of a response.)
        re.compile(r"(?:^\S*\n[ \t]+|\0[ \t]*|\?|%0?)set-cookie[ \t]*:[ \t]*[^\s=;:]+="),
        tokens=("set-cookie",),
    ),
)


# After a lone LF in a body field, a header with its value on its line: a name with nothing
# after its colon opens a YAML or INI block (`location:` over `  name: …`), and a header
# injected empty does nothing. Nor is an indented line a header: HTTP folds it into the
# line before (Python's `    connection: list[str] = …`).
_VALUED_HEADER: Final = re.compile(
    r"\n(?:(?:" + _HEADERS + r")[ \t]*:[ \t]*[^\s]|" + _STATUS_LINE + ")"
    r"|^[ \t]*\n\n[ \t]*<[!a-z]"
)
# After a CRLF in a text's lines, what no text area holds: a cookie set, and a status line
# (the response split: `foobar\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK`).
_SPLIT: Final = re.compile(r"\r\n[ \t]*(?:set-cookie[ \t]*:[ \t]*[^\s=;]+=|" + _STATUS_LINE + ")")
# A header after a line break spelled as a URL spells it, and so does an empty line before
# markup, a response's body: no message writes one so (`…my form: %0aLocation: //evil`,
# `John Smith %0d%0a%0d%0a<html>`), whatever lines it has, nor does a decoded layer of
# prose read them as what they are. (Both alternatives open with `%0`, written once before
# them: a pattern that opens with a literal has `re` skip to it, where a choice had it try
# every character of the text.)
_ENCODED_HEADER: Final = re.compile(
    r"%0(?:[ad](?:%0[ad])?[ \t]*(?:(?:" + _HEADERS + r")[ \t]*:[ \t]*[^\s]|" + _STATUS_LINE + ")"
    r"|(?:d%0)?a(?:%0d)?%0a[ \t]*<[!a-z])"
)
# A whole iCalendar or vCard object (a CalDAV or CardDAV client's `PUT`, an invitation
# sent as `text/calendar`): lines broken by CRLF as RFC 5545 has them, each a property
# named as headers are (`LOCATION:Room 1`, `X-WR-CALNAME:Work`).
_CALENDAR_OBJECT: Final = re.compile(r"\s*begin:(?:vcalendar|vcard)\r?\n")
_ANY_BREAK: Final = RuleSet(RULES[1], RULES[3])
_HEADER_AFTER_BREAK: Final = RuleSet(RULES[0])
_SMUGGLED: Final = RuleSet(RULES[5])
_QUERY_OTHERS: Final = RuleSet(RULES[2], RULES[3], RULES[4], RULES[6], RULES[7])
# In a body field that is neither a text's lines nor a document's: a response's body
# smuggled after an empty line, or a cookie set where some server begins a line.
_FIELD_OTHERS: Final = RuleSet(RULES[5], RULES[7])
_CACHE_COMMANDS: Final = RuleSet(RULES[6])
# Not a parameter's assignment after a break (10003): a certificate's last line of base64
# ends with `=` (`\nQW1hem9uIFJvb3Q=`).
_SPELLED_IN_HEADER: Final = RuleSet(RULES[3], RULES[4])
# A CR that breaks a line: no letter after it, or a header's name and its colon.
_CR_BREAKING: Final = re.compile(r"\r(?![a-z])|\r[\w-]+[ \t]*:")


# Characters whose low byte is a CR or LF: servers that write header values byte by byte
# (Node.js http before 2018, some proxies) send 嘍嘊 and čĊ as \r\n. (Read in lower case,
# where Ċ is ċ.)
_LOW_BYTE_BREAKS: Final = Translation(
    {code: code & 0xFF for code in range(0x100, 0x10000) if code & 0xFF in (0x0A, 0x0D)}
    | {ord("\u010b"): 0x0A}
)


def confirm(view: View) -> Match | None:
    lower = view.lower
    present = view.tokens()
    translated = _LOW_BYTE_BREAKS(lower)
    if translated is not lower:
        # Only a header after one counts: č is a letter of Czech and Slovak, 嘊 of a
        # Chinese word (`/kočka` asks for a page), and a text of lines may hold them too
        # ("Přepínače:", Czech's "Options:", a parameter's name after `\r` read so).
        found = _HEADER_AFTER_BREAK.search(translated, view.tokens(translated, TYPE))
        if found is not None or ("\r" not in lower and "\n" not in lower):
            return found
    if view.area == "header" and view.escaped:
        # A header's `\r\n` written out, that a reading of escapes breaks: a search for
        # "split on \r\n" in a Referer, a note about them. What follows the break counts,
        # a header or a status line (`x\u000d\u000aSet-Cookie: admin=1`); a break that
        # came percent-encoded (`%0d%0a`) is in the layer before.
        return _HEADER_AFTER_BREAK.search(lower, present)
    in_a_word = view.area in ("header", "path") and view.decoded and not _CR_BREAKING.search(lower)
    if view.area == "header" and in_a_word:
        # A header's value holds no line break, only one it spells (percent-encoded or in
        # base64). A lone LF so spelled ends the lines of a certificate that nginx's
        # `$ssl_client_escaped_cert` or Envoy's `x-forwarded-client-cert` forwards, or of a
        # pretty-printed JSON document: what counts after it is what follows, as in a
        # query value, a header or a status line. A CR counts wherever it is, but inside a
        # word: a Windows path's `\reports` that an escape's reading made one of (a search
        # for `C:\Users\ann\reports` in a Referer's query).
        return _header_line(_HEADER_AFTER_BREAK.search(lower, present), lower) or (
            _SPELLED_IN_HEADER.search(lower, present)
        )
    if in_a_word and view.area == "path" and "\n" not in lower:
        # So in a path: a file's Windows path in a segment (`/files/C:%5CUsers%5Creports`).
        return _SPELLED_IN_HEADER.search(lower, present)
    if view.area in ("path", "header") or (view.is_key and view.area != "post"):
        return _ANY_BREAK.search(lower, present)
    if view.area == "post":
        # (Its low bytes read as line breaks, the value is another text.)
        shown = view.parts_shown if lower is view.lower else part_headers_blanked(lower)
        if shown is not lower:
            # A multipart body shown in a field: its parts' fields are the body's own.
            lower, present = shown, view.tokens(shown, TYPE)
    found = _HEADER_AFTER_BREAK.search(lower, present)
    if view.area == "post":
        if "%0" in lower:
            encoded = _ENCODED_HEADER.search(lower)
            if encoded:
                return Match(RULES[0], encoded.start(), encoded.end())
        if found and (view.prose or view.document) and (view.decoded or "\r" not in lower):
            # Lines of a message or a document, not a header value: "Location: Berlin",
            # "HTTP/2 frames must…". Nor a CR that a decoder made of an escape there: a
            # string literal of code, `format!("{status}\r\nContent-Length: {len}")`.
            return None
        if found and (mail_message(lower) or _CALENDAR_OBJECT.match(lower)):
            # A whole mail message (an inbound mail webhook's raw letter), a calendar's
            # event or a contact card: its fields.
            return _SMUGGLED.search(lower, present)
        if found and view.prose:
            # Broken by CRLF as browsers send a text area's lines: what no text's lines say
            # counts (a cookie set, a response's status line).
            split = _SPLIT.search(lower)
            return None if split is None else Match(RULES[0], split.start(), split.end())
        if found and view.document:
            # A document's, where a header has its value on its line as after an LF: not
            # an OpenAPI definition's `  x-amazon-apigateway-any-method:` Windows wrote.
            valued = _VALUED_HEADER.search(lower, found.start)
            return None if valued is None else Match(RULES[0], valued.start(), valued.end())
        found = _header_line(found, lower) or _FIELD_OTHERS.search(lower, present)
        if found is None and not (view.prose or view.document):
            # (A document's lines may show a cache's commands: a tutorial's `CONFIG SET`.)
            found = _CACHE_COMMANDS.search(lower, present)
        return found
    return _header_line(found, lower) or _QUERY_OTHERS.search(lower, present)


def _header_line(found: Match | None, lower: str) -> Match | None:
    """A header line rule 10001 `found`, where the text breaks lines with a CR; after a
    lone LF, only where a header has its value on its line (`_VALUED_HEADER`)."""
    if found is None or "\r" in lower:
        return found
    valued = _VALUED_HEADER.search(lower, found.start)
    return Match(found.rule, valued.start(), valued.end()) if valued else None
