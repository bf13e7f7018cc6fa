"""NoSQL injection: MongoDB query operators where plain values belong, server-side
JavaScript in `$where`, MongoDB shell statements, and ORM lookup chains (Django-style
`a__b__startswith`)."""

from __future__ import annotations

import re
from typing import Final

from node.rules import NOT_ON_AN_OBJECT, Match, Rule, RuleSet, View, words
from node.types import AttackType

TYPE: Final = AttackType.NOSQLI

TOKENS: Final = ("$", "__", "this.", "db.", "||", "sleep(", "return ")

# Not $comment: a query's comment changes nothing it matches, and JSON Schema's keyword is
# spelled so.
_OPERATORS: Final = (
    r"ne|eq|gt|gte|lt|lte|in|nin|regex|where|exists|expr|or|and|nor|not|elemmatch|all|size|"
    r"type|mod|text|function|accumulator|jsonschema|options|lookup|unionwith|"
    r"merge|out|set|unset|rename|push|pull|inc"
)
_BRACKETED: Final = r"ne|gt|gte|lt|lte|regex|where|nin|in|exists|nor|not|or|and"
_SHELL_METHODS: Final = (
    r"find|findone|findandmodify|findoneandupdate|findoneanddelete|insert|insertone|"
    r"insertmany|update|updateone|updatemany|replaceone|remove|deleteone|deletemany|drop|"
    r"dropdatabase|aggregate|mapreduce|count|distinct|getcollection|getcollectionnames|"
    r"getcollectioninfos|getsiblingdb|createuser|dropuser|eval|renamecollection"
)
_LOOKUPS: Final = (
    r"startswith|istartswith|endswith|iendswith|contains|icontains|exact|iexact|gt|gte|lt|"
    r"lte|in|isnull|regex|iregex|range|year|month|day|search|date|hour|has_key|has_keys|"
    r"has_any_keys|contained_by|overlap"
)

RULES: Final = (
    Rule(
        7001,
        TYPE,
        'a MongoDB operator in a key: user[$ne]=, {"$where": …}',
        re.compile(r"(?:^|[\[.{\"'])\$(?:" + _OPERATORS + r")\b"),
        tokens=words("$"),
    ),
    Rule(
        7002,
        TYPE,
        "a MongoDB operator object or bracketed operator inside a value",
        re.compile(
            r"(?:[{,]|^)\s*['\"]?\$(?:" + _OPERATORS + r")['\"]?\s*:"
            r"|(?:^\s*|\w)\[\$(?:" + _BRACKETED + r")\]"
        ),
        tokens=words("$"),
    ),
    Rule(
        7003,
        TYPE,
        "server-side JavaScript: this.field comparisons, sleep, return true (on the line of the "
        "statement it ends, not a program's next line)",
        re.compile(
            r"\bthis\s*\.\s*\w+\s*(?:==|!=|\.match\s*\(|>|<)|;[ \t]*return\s+(?:true|1)\b"
            r"|['\"]\s*\|\|\s*['\"]?\w*['\"]?\s*=="
            # Mongo's sleep(), not a method of that name (Thread.sleep(500);)
            rf"|{NOT_ON_AN_OBJECT}\bsleep\s*\(\s*\d+\s*\)\s*[;|]"
        ),
        tokens=words("this return || sleep"),
    ),
    Rule(
        7004,
        TYPE,
        "an ORM lookup through two or more relations",
        re.compile(r"^\w+__\w+__(?:\w+__)*(?:" + _LOOKUPS + r")$"),
        tokens=words("__"),
    ),
    Rule(
        7005,
        TYPE,
        "a MongoDB shell statement starting a value or after a quote or separator: "
        "db.users.find(, ';db.dropDatabase(",
        re.compile(r"(?:^|[;'\"|&])\s*db\s*\.\s*(?:\w+\s*\.\s*)?(?:" + _SHELL_METHODS + r")\s*\("),
        tokens=words("db."),
    ),
)


_KEY_RULES: Final = RuleSet(RULES[0], RULES[3])
_VALUE_RULES: Final = RuleSet(RULES[1], RULES[2], RULES[4])
# A document of several lines is not a server-side script's string broken out of (a line
# break would end that string): its `this.x ==` and `' || x ==` are code shown.
_DOCUMENT_RULES: Final = RuleSet(RULES[1], RULES[4])


def confirm(view: View) -> Match | None:
    if view.is_key:
        found = _KEY_RULES.search(view.lower, view.tokens())
        if found:
            return found
    return (_DOCUMENT_RULES if view.document else _VALUE_RULES).search(view.lower, view.tokens())
