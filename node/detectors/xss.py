"""Cross-site scripting: HTML and JavaScript context analysis.

Rich text is allowed: `<p>`, `<a href="https://…">`, `<img src=… alt=…>` pass. What is
caught is markup that executes — script-capable tags, event handlers inside a tag or after a
broken attribute, script URLs, CSS expressions — and JavaScript sinks reached by breaking out
of a string.
"""

from __future__ import annotations

import re
import unicodedata

from node.rules import Match, Rule, View, search
from node.types import AttackType

TYPE = AttackType.XSS

TOKENS = (
    "<",
    "script",
    "javascript",
    "vbscript",
    "livescript",
    "on",
    "alert",
    "prompt",
    "confirm",
    "eval",
    "document.",
    "window",
    "expression",
    "-moz-binding",
    "behavior",
    "@import",
    "fromcharcode",
    "[]",
    "constructor",
    "settimeout",
    "setinterval",
    "atob",
    "data:",
    "+adw-",
    "¼",
    "\uff1c",
    "top[",
    "self[",
    "srcdoc",
    "innerhtml",
    "location",
)

_EVENT = r"on[a-z]{4,30}"
_KNOWN_EVENT = (
    r"on(?:load|error|click|dblclick|mouse\w{2,8}|key\w{2,5}|focus\w{0,3}|blur|change|input|"
    r"submit|reset|select|abort|unload|beforeunload|resize|scroll|toggle|pointer\w{2,8}|"
    r"animation\w{3,9}|transition\w{3,9}|drag\w{0,5}|drop|copy|cut|paste|wheel|touch\w{3,6}|"
    r"message|hashchange|popstate|pageshow|readystatechange|begin|end|finish|start|show|"
    r"invalid|search|auxclick|contextmenu|formdata|loadstart|loadend|progress|play\w{0,3}|"
    r"pause|ended|seek\w{2,3}|volumechange|canplay\w{0,7}|afterprint|beforeprint|zoom)"
)
RULES = (
    Rule(
        2001,
        TYPE,
        "a <script> element, any namespace or spacing",
        re.compile(r"<\s*/?\s*(?:[a-z0-9_-]+\s*:\s*)?script\b"),
    ),
    Rule(
        2002,
        TYPE,
        "an event handler attribute inside a tag",
        re.compile(r"<[a-z!?][^<>]{0,400}?[\s/\"'`;]" + _EVENT + r"\s*="),
    ),
    Rule(
        2003,
        TYPE,
        "an attribute value broken out of, followed by an event handler",
        re.compile(r"[\"'`]\s*/?\s*" + _KNOWN_EVENT + r"\s*=|^\s*" + _KNOWN_EVENT + r"\s*=\s*\S"),
    ),
    Rule(
        2004,
        TYPE,
        "a script URL: javascript:, vbscript:, livescript:",
        re.compile(
            r"(?:^|[\s\"'`=(,;<>\[{/]|url\s*\()\s*(?:java|vb|live)script\s*:"
            r"(?:[^\s]|\s*[\w$.\[\]'\"/]+\s*[(`=])"
        ),
    ),
    Rule(
        2005,
        TYPE,
        "markup that loads or runs content: iframe, object, embed, applet, meta…",
        re.compile(
            r"<\s*/?\s*(?:iframe|frame|frameset|object|embed|applet|base|meta|link|"
            r"style|xss|[a-z]+:vmlframe|vmlframe|\?import|import\b|xml:namespace|"
            r"isindex|bgsound|layer|ilayer|noscript|math|xmp|plaintext|marquee)\b"
        ),
    ),
    Rule(
        2006,
        TYPE,
        "a JavaScript sink called after breaking out of a string or at the start",
        re.compile(
            r"(?:^|[\"'`>]\s*[;+\-*/%|&^),}\]]*\s*|[;(]\s*)(?:alert|prompt|confirm|eval|"
            r"settimeout|setinterval|execscript|string\.fromcharcode|atob|"
            r"function|import)\s*(?:\(|`)"
        ),
    ),
    Rule(
        2007,
        TYPE,
        "the document's cookie, domain or location reached from script",
        re.compile(
            r"\bdocument\s*(?:\.|\[\s*['\"])\s*(?:cookie|domain|write(?:ln)?\b|location)"
            r"|\bwindow\s*(?:\.|\[\s*['\"])\s*(?:location|open|name|eval)\b"
            r"|\b(?:self|top|parent|globalthis|frames)\s*\[\s*['\"`]"
            r"|\.innerhtml\s*=|\blocation\s*(?:\.href)?\s*=\s*['\"`]?\s*(?:java|data)"
        ),
    ),
    Rule(
        2008,
        TYPE,
        "CSS that runs code: expression(), -moz-binding, behavior, @import",
        re.compile(
            r"(?:style\s*=|[:;{]|<style[^>]{0,40}>)\s*[^<>]{0,80}?expression\s*\("
            r"|-moz-binding\s*:|\bbehavior\s*:\s*url|@import\b|<style\b"
        ),
    ),
    Rule(
        2009,
        TYPE,
        "JSFuck and template-literal call tricks",
        re.compile(
            r"\(\s*!\s*\[\s*\]\s*\+\s*\[\s*\]\s*\)|!\s*\+\s*\[\s*\]|\+\s*!!\s*\[\s*\]"
            r"|\]\s*\.\s*(?:sort|map|filter|find|every|some)\s*\.\s*call\s*`"
            r"|reflect\s*\.\s*(?:apply|construct)\s*\.\s*call\s*`"
        ),
    ),
    Rule(
        2010,
        TYPE,
        "constructor chains used to reach Function",
        re.compile(r"constructor\s*\.\s*constructor\s*\(|\[\s*['\"]constructor['\"]\s*\]"),
    ),
    Rule(
        2011,
        TYPE,
        "data: URLs carrying HTML or script",
        re.compile(
            r"(?:src|href|data|action|formaction)\s*=\s*['\"]?\s*data\s*:"
            r"|data\s*:\s*(?:text/html|application/(?:x-)?javascript|image/svg)"
        ),
    ),
)

_SEVEN_BIT = str.maketrans({"\u00bc": "<", "\u00be": ">", "\u00a2": '"', "\u00a7": "'"})
_UTF7 = re.compile(r"\+ad[w4]-|\+aci-|\+acc-")
_UTF7_MAP = {"+adw-": "<", "+ad4-": ">", "+aci-": '"', "+acc-": "'"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|(?<=[a-z])[\t\n\r](?=[a-z:])")


def normalize(lower: str) -> str:
    """What a browser would read: control characters dropped, full-width and 7-bit
    look-alikes of `<` and `>` folded, UTF-7 brackets decoded."""
    text = _CONTROL.sub("", lower)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_SEVEN_BIT)
    if "+a" in text:
        text = _UTF7.sub(lambda m: _UTF7_MAP[m.group(0)], text)
    return text


def confirm(view: View) -> Match | None:
    text = normalize(view.lower)
    found = search(text, RULES[:5])
    if found:
        return found
    if view.prose:
        # Sinks and DOM properties in prose are code being talked about, not code running.
        return search(text, RULES[7:9])
    return search(text, RULES[5:])
