"""LDAP injection: closing the application's filter and opening a new clause."""

from __future__ import annotations

import re
from typing import Final

from node.rules import Match, Rule, RuleSet, View, words
from node.types import AttackType

TYPE: Final = AttackType.LDAPI

TOKENS: Final = (")(", "*)", ")|", ")&", ")!", "(|", "(&", "(!", "\\00", "objectclass")

RULES: Final = (
    Rule(
        8001,
        TYPE,
        "a filter closed early and a new clause opened: admin*)(uid=*, val)|(uid=*",
        re.compile(r"^[^()]{0,256}\)\s*[|&!]?\s*\((?:\s*[|&!(]){0,4}\s*[\w.;-]+\s*[~<>]?="),
        tokens=(")(", ") (", ")\t(", ")|", ")&", ")!"),
    ),
    Rule(
        8002,
        TYPE,
        "an always-true clause added: )(|(objectClass=*) or (&)",
        re.compile(
            r"\)\s*\(\s*[|&]\s*\(\s*[\w.;-]+\s*=\s*\*|(?:^|\))\s*\(\s*[&|]\s*\)"
            # Not C's cast and address-of: (*(void **)(&fptr)), ((int*)(&${SYMBOL})) in a
            # build's check for a symbol
            r"|\*\s*\)\s*\(\s*[|&](?!\s*[a-z_$])|\)\s*\(\s*objectclass\s*=\s*\*|\)\s*\(\s*[|&]\s*$"
            # A wildcard, then a clause of its own: *(|(objectclass=*))
            r"|^\s*\*\s*\(\s*[|&]\s*\("
            # A whole filter whose first clause every entry matches: (|(cn=*)(userPassword=*))
            r"|^\s*\(\s*[|&]\s*\(\s*[\w.;-]+\s*=\s*\*\s*\)"
        ),
        tokens=(*words(")( (& (| *("), ") (", ")\t("),
    ),
    Rule(
        8003,
        TYPE,
        "wildcard and NUL tricks that end an LDAP filter, and the fuzzers' probe *()|&'",
        re.compile(r"^\*\)+\s*(?:$|\(|%00|\x00)|\)\s*(?:\x00|%00)|^\s*\*\(\)[|&]"),
        tokens=("*)", ")%00", ")\x00", "*()"),
    ),
)


_RULES: Final = RuleSet(*RULES)


def confirm(view: View) -> Match | None:
    return _RULES.search(view.lower, view.tokens())
