"""Open redirects: a redirect-style parameter that sends the user to another site through
a protocol-relative, backslash or credential trick."""

from __future__ import annotations

import re
from typing import Final

from node.rules import Match, Rule, RuleSet, View
from node.types import AttackType

TYPE: Final = AttackType.REDIR

TOKENS: Final = ("//", "\\\\", "/\\", "\\/", "@", "://")

# Where applications take the address to send the user on to: `next`, `returnUrl`, CAS's
# `service`, SAML's `RelayState`, a `callback` (a JSONP callback's name holds no `//`).
_PARAM: Final = re.compile(
    r"\.(?:redirect(?:_?ur[il]|_?to)?|return(?:_?to|_?ur[il]|_?path)?|returnurl"
    r"|next(?:_?(?:url|page))?|continue(?:_?(?:to|url))?|dest(?:ination)?|goto|go|target|rurl"
    r"|redir|forward|callback(?:_?url)?|success_?url|failure_?url|back(?:_?url)?|url|u|r|to"
    r"|out|view|login_?url|logout_?url|service|relay_?state)$",
    re.I,
)

RULES: Final = (
    Rule(
        12001,
        TYPE,
        "a redirect to another host: //host, /\\host, https:/\\host, user@host, hthttp://tp://host,"
        " hTTp://host",
        re.compile(
            # Browsers drop tabs and line breaks inside a URL: `/%09/host` is `//host`.
            r"^\s*[/\\](?:[\t\r\n]*[/\\])+[\t\r\n]*[\w.;-]|^\s*(?:https?:)?[/\\]{1,2}\\"
            r"|^\s*(?:https?:)?//[^/?#\s@\\]*\\[^/?#\s]*@"
            # A scheme then a host with no slashes, which browsers read as `http://host`:
            # http:evil.com, http:[::216.58.214.206] (an address in brackets).
            r"|^\s*https?:/?[\\/]?[^/\\\s]*@|^\s*https?:[\t\r\n]*(?![/\\\t\r\n])[\w.-]+\.\w"
            r"|^\s*https?:[\t\r\n]*\[[0-9a-f:.]+\]"
            # A scheme split around another, for a filter that strips `http://` once:
            # hthttp://tp://host
            r"|^\s*\w+https?://\w*://"
            r"|^\s*(?:https?:)?//[^/?#\s]*(?:%2e|%2f|%23|%3f|%40|%5c|%00|%0d|%0a|\x00)"
            # http:///host: browsers read any number of slashes after the scheme.
            r"|^\s*https?:[/\\]{3,}[^/\\\s]"
            # A host then nothing but a domain name after `#` or `?`, for a check that the
            # URL ends with its own: https://evil.com#.trusted.com, https://evil.com?trusted.com
            r"|^\s*(?:https?:)?//[^/?#\s]+[?#]\.?(?:[a-z\d-]+\.)+[a-z]{2,}/?\s*$"
            # Dots and slashes by other names, which browsers read as theirs: a host of
            # evil。com, a URL opening with 〱 or ゝ (PortSwigger's and PayloadsAllTheThings'
            # lists of redirect bypasses).
            r"|^\s*(?:https?:)?//[^/?#\s]*[\u3002\uff0e\uff61]"
            r"|^\s*[\u3031\u3035\u309d\u30fc\uff70][\w-]+\.\w"
        ),
        # Every form above holds one of these; a bare `/` would route every path-like value.
        tokens=(
            *("//", "/\\", "\\/", "\\\\", "/\t", "/\r", "/\n", "@", "http:", "https:"),
            *"\u3031\u3035\u309d\u30fc\uff70",
        ),
    ),
)


_RULES: Final = RuleSet(*RULES)
# A URL's scheme, in the value's own case.
_SCHEME: Final = re.compile(r"\s*(https?)://", re.I)


def confirm(view: View) -> Match | None:
    if view.is_key or view.area not in ("query", "post") or not _PARAM.search(view.point):
        return None
    found = _RULES.search(view.lower, view.tokens())
    if found is None and "://" in view.lower:
        scheme = _SCHEME.match(view.text)
        if scheme is not None and _mixed_case(scheme.group(1)):
            # hTTp://, HtTPs://: a filter that looks for `http://` in one case misses it,
            # and no client writes a scheme so (a phone capitalises its first letter).
            return Match(RULES[0], scheme.start(1), scheme.end())
    return found


def _mixed_case(word: str) -> bool:
    """Whether `word` is in neither one case nor capitalised."""
    return not word.islower() and not word.isupper() and word != word.capitalize()
