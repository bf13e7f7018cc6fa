"""XML external entities: DOCTYPE declarations that define entities, external references
and XInclude."""

from __future__ import annotations

import re

from node.rules import Match, Rule, RuleSet, View, words
from node.types import AttackType

TYPE = AttackType.XXE

TOKENS = ("<!entity", "<!doctype", "xinclude", "xi:include", 'system "', "system '")

RULES = (
    Rule(
        6001,
        TYPE,
        "an entity declaration, internal or external",
        re.compile(r"<!entity\s+%?\s*[\w.:-]+\s+(?:system|public|['\"])"),
        tokens=words("<!entity"),
    ),
    Rule(
        6002,
        TYPE,
        "a DOCTYPE with an external subset or an internal subset",
        re.compile(
            r"<!doctype\s+[\w.:-]+\s+(?:system|public)\s+['\"][^'\"]*['\"]"
            r"|<!doctype\s+[\w.:-]+\s*\["
        ),
        tokens=words("<!doctype"),
    ),
    R_XINCLUDE := Rule(
        6003,
        TYPE,
        "XInclude of another document",
        re.compile(
            r"<\w*:?include\b[^>]{0,200}\bhref\s*=|xmlns(?::\w+)?\s*=\s*['\"]http://"
            r"www\.w3\.org/2001/xinclude"
        ),
        tokens=words("include xinclude"),
    ),
)


_RULES = RuleSet(*RULES)


_XINCLUDE_NAMESPACE = "http://www.w3.org/2001/xinclude"


def confirm(view: View) -> Match | None:
    if "@xmlns" in view.point and view.lower.strip() == _XINCLUDE_NAMESPACE:
        return Match(R_XINCLUDE, 0, len(view.text))  # an XML body's namespace declaration
    return _RULES.search(view.lower, view.tokens())
