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
    R_ENDED := Rule(
        8003,
        TYPE,
        "wildcard and NUL tricks that end an LDAP filter, and the fuzzers' probe *()|&'",
        re.compile(r"^\*\)+\s*(?:$|\(|%00|\x00)|\)\s*(?:\x00|%00)|^\s*\*\(\)[|&]"),
        tokens=("*)", ")%00", ")\x00", "*()"),
    ),
)


_RULES: Final = RuleSet(*RULES)


_NUL_BEFORE: Final = re.compile(r"\x00|%00")


def confirm(view: View) -> Match | None:
    lower = view.lower
    found = _RULES.search(lower, view.tokens())
    if found is not None and found.rule is R_ENDED and _NUL_BEFORE.search(lower, 0, found.start):
        # Only a value's first NUL ends it for C (`admin)%00`, wapiti's `))%00nosuchvalue`);
        # a `)` before a later one is a string of binary data's, a table of them.
        return None
    return found
