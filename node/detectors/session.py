"""Session fixation: an attacker makes the victim use a session id the attacker knows.

Two ways in. A value plants a cookie (`document.cookie="sid=…;expires=…"`, a meta
`http-equiv="set-cookie"`): that one is a value's content and is confirmed like any other.
Or a link or a cross-site form carries the session id as a parameter: that one is the
request as a whole — a parameter named like a framework's session cookie, sent from
another site (the Referer's domain is not the Host's) or, for a URL parameter, with no
Referer at all. `confirm_request` decides it from the parameter names the engine found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from node.rules import Match, Rule, RuleSet, View, words
from node.types import AttackType, Hit, Request

TYPE: Final = AttackType.SESSION_FIXATION

TOKENS: Final = (".cookie", "set-cookie")

RULES: Final = (
    R_PLANT := Rule(
        15001,
        TYPE,
        "a value that plants a cookie: document.cookie with expires or domain, meta set-cookie",
        re.compile(
            r"\.cookie\b[^;]{0,200};[^=]{0,40}?\b(?:expires|domain|path|max-age)\s*="
            r"|\bhttp-equiv\W{1,3}set-cookie\b"
        ),
        words(".cookie set-cookie"),
    ),
    R_FOREIGN := Rule(
        15002, TYPE, "a session-id parameter in a request sent from another site's page"
    ),
    R_BARE := Rule(
        15003, TYPE, "a framework's session-id cookie passed as a URL parameter, no Referer"
    ),
)

# Session cookie names of web frameworks (CRS 943110's list, lower-case).
NAMES: Final = frozenset(
    words(
        "jsessionid aspsessionid asp.net_sessionid phpsession phpsessid weblogicsession "
        "session_id session-id sessionid _session_id cfid cftoken cfsid jservsession "
        "jwsession laravel_session connect.sid _flask_session next-auth.session-token "
        "__host-next-auth.session-token __secure-next-auth.session-token meteor_login_token "
        "rack.session play_session sails.sid cakephp koa.sess koa:sess zend_session_id "
        "shiny-token _rails_session"
    )
)
# Generic names are ordinary fields of APIs: alone, without a foreign Referer, they say
# nothing.
_GENERIC: Final = frozenset(words("session_id session-id sessionid _session_id"))
# Second-level labels under which a country code's domains are registered (example.co.uk).
_SECOND_LEVEL: Final = frozenset(words("co com net org gov ac edu ne or go"))

_RULES: Final = RuleSet(R_PLANT)


def confirm(view: View) -> Match | None:
    return _RULES.search(view.lower, view.tokens())


def _site(host: str) -> str:
    """The registrable part of a host name (example.com for api.example.com); an IP
    address is a site of its own."""
    name = host.strip().lower()
    if name.startswith("["):
        return name.split("]", 1)[0] + "]"  # [IPv6]:port
    labels = name.rsplit(":", 1)[0].strip(".").split(".")
    if all(label.isdigit() for label in labels):
        return ".".join(labels)
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _referer_host(referer: str) -> str:
    scheme, sep, rest = referer.partition("://")
    authority = (rest if sep else scheme).split("/", 1)[0].split("?", 1)[0]
    return authority.rsplit("@", 1)[-1]


def confirm_request(request: Request, names: Sequence[tuple[str, str]]) -> Hit | None:
    """A session fixation, given the session-named parameters the request holds as
    (point, name). The site of a Referer is its registrable domain, as for SameSite
    cookies: app.example.com calling api.example.com is one site."""
    referer = request.header("referer")
    if referer:
        host = request.header("host")
        if host and _site(_referer_host(referer)) != _site(host):
            point, name = names[0]
            return Hit(TYPE, point, R_FOREIGN.id, name)
        return None
    for point, name in names:
        if point.startswith("query.") and name.lower() not in _GENERIC:
            return Hit(TYPE, point, R_BARE.id, name)
    return None
