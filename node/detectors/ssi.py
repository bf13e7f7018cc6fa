"""Server-side includes: `<!--#exec …-->` and its relatives, and the Edge Side Includes a
cache or CDN runs (`<esi:include src=…>`)."""

from __future__ import annotations

import re
from typing import Final

from node.rules import Match, Rule, RuleSet, View, words
from node.types import AttackType

TYPE: Final = AttackType.SSI

TOKENS: Final = ("<!--#", "<!-- #", "<esi:", "<!--esi")

RULES: Final = (
    Rule(
        14001,
        TYPE,
        "an SSI directive: exec, include, echo, config, set, printenv…",
        re.compile(
            r"<!--\s*#\s*(?:exec|include|echo|config|set|printenv|fsize|flastmod|if|"
            r"elif|else|endif)\b"
        ),
        tokens=words("<!--"),
    ),
    Rule(
        14002,
        TYPE,
        "an ESI tag a cache or CDN runs: esi:include, esi:inline, esi:vars, esi:eval…",
        re.compile(
            r"<esi:(?:include|inline|vars|eval|debug|try|attempt|except|choose|when|"
            # ESI's comment, which the processor removes and keeps what it holds: an empty
            # one is the probe of whether one runs (`AA<!--esi-->BB` comes back `AABB`).
            r"otherwise|assign|remove|comment)\b|<!--esi(?:\s|-->)"
        ),
        tokens=words("<esi: <!--esi"),
    ),
)


_RULES: Final = RuleSet(*RULES)


def confirm(view: View) -> Match | None:
    return _RULES.search(view.lower, view.tokens())
