"""Server-side includes: `<!--#exec …-->` and its relatives."""

from __future__ import annotations

import re
from typing import Final

from node.rules import Match, Rule, RuleSet, View, words
from node.types import AttackType

TYPE: Final = AttackType.SSI

TOKENS: Final = ("<!--#", "<!-- #")

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
)


_RULES: Final = RuleSet(*RULES)


def confirm(view: View) -> Match | None:
    return _RULES.search(view.lower, view.tokens())
