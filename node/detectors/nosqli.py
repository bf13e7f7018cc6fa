"""NoSQL injection: MongoDB query operators where plain values belong, server-side
JavaScript in `$where`, MongoDB shell statements, and ORM lookup chains (Django-style
`a__b__startswith`)."""

from __future__ import annotations

import re
from typing import Final

from node.rules import (
    NOT_ON_AN_OBJECT,
    Match,
    Rule,
    RuleSet,
    View,
    calls,
    minified,
    several_lines,
    words,
)
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
    R_KEY := Rule(
        7001,
        TYPE,
        'a MongoDB operator in a key: user[$ne]=, {"$where": …}',
        re.compile(r"(?:^|[\[.{\"'])\$(?:" + _OPERATORS + r")\b"),
        tokens=words("$"),
    ),
    R_VALUE := Rule(
        7002,
        TYPE,
        "a MongoDB operator object or bracketed operator inside a value",
        re.compile(
            r"(?:[{,]|^)\s*['\"]?\$(?:" + _OPERATORS + r")['\"]?\s*:"
            r"|(?:^\s*|\w)\[\$(?:" + _BRACKETED + r")\]"
            # A string, its object or array closed, then a key of any operator, unquoted as
            # the shell writes one: `' } ], $comment:'success'` (identYwaf's probe; a JSON
            # document quotes its keys, JSON Schema's `"$comment"` too; Perl's `$Exporter::Cache`
            # names a package's variable).
            r"|['\"]\s*[}\]][\s}\]]{0,20},\s*\$[a-z]\w{0,20}\s*:(?!:)"
        ),
        tokens=words("$"),
    ),
    R_SCRIPT := Rule(
        7003,
        TYPE,
        "server-side JavaScript: this.field comparisons, sleep, return true (on the line of the "
        "statement it ends, not a program's next line), a busy loop a comment ends",
        re.compile(
            # (`return true` ends a statement or goes on to logic: not a sentence's "Add a
            # token; return True iff this is the end".)
            # (Compared with a literal or another field: `this.start === start` in a
            # program compares a variable a query's script has none of.)
            r"\bthis\s*\.\s*\w+\s*(?:(?:[=!]==?|[<>]=?)\s*(?:['\"`/\d-]"
            r"|(?:true|false|null|undefined|this)\b)|\.match\s*\()"
            r"|;[ \t]*return\s+(?:true|1)\b(?=\s*(?:$|[;})\n'\"]|//|==|&&|\|\|))"
            r"|['\"]\s*\|\|\s*['\"]?\w*['\"]?\s*=="
            # Mongo's sleep(), not a method of that name (Thread.sleep(500);)
            rf"|{NOT_ON_AN_OBJECT}\bsleep\s*\(\s*\d+\s*\)\s*[;|]"
            # A loop that keeps the server busy, run out of a string whose rest a comment
            # ends: `';d=new Date();do{cd=new Date();}while(cd-d<10000);//`
            r"|['\"]\s*;[^\n]{0,200}?\bwhile ?\([^\n]{0,200}?//\s*$"
        ),
        tokens=(*words("this return || sleep"), *calls("while")),
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
        re.compile(
            r"(?:^|[;'\"|&])\s*db\s*\.\s*(?:\w+\s*\.\s*)?(?:" + _SHELL_METHODS + r")\s*\("
            # Not a call that a word follows on its line, which the shell cannot parse: a
            # search, "db.collection.find() with regex".
            r"(?![^()\n]*\)[ \t]+(?!(?:in|instanceof)\b)[a-z_$])"
        ),
        tokens=words("db."),
    ),
)


_KEY_RULES: Final = RuleSet(RULES[0], RULES[3])
_VALUE_RULES: Final = RuleSet(RULES[1], RULES[2], RULES[4])
# A document, or a snippet of three lines or more, is not a server-side script's string
# broken out of (a line break would end that string): its `this.x ==` and `' || x ==` are
# code shown.
_DOCUMENT_RULES: Final = RuleSet(RULES[1], RULES[4])


_SHELL_RULES: Final = RuleSet(RULES[4])
# An operator as JSON or a query string writes it: a quoted key, a bracketed one.
_JSON_OPERATOR: Final = re.compile(
    r"['\"]\$(?:" + _OPERATORS + r")['\"]\s*:|\[\$(?:" + _BRACKETED + r")\]"
)
_QUOTES: Final = "'\""


# A program's statement, whose condition compares its object's fields (`if (this.count >
# 0) {`, `} else if (this.tree && this.version <= 3) {`): a query's script is handed an
# expression, and a breakout opens with a quote or a separator, not with an `if`.
_STATEMENT_HEAD: Final = re.compile(r"\s*(?:\}\s*else\s+)?(?:if|while)\s*\(")


def _script(lower: str, present: frozenset[str]) -> Match | None:
    """Where server-side JavaScript starts (`R_SCRIPT`), past the comparisons of literals
    the value opened itself, or else a MongoDB shell statement: what a value holds besides
    operators. A quote closes a literal of the value's own after an odd number of its
    kind, the first of them not starting the value, as in Java's `c == '.' || c ==
    '\u3002'`. The quote that breaks out of a script's string comes first; literals after
    it are the payload's own. (A value that starts with a literal, `'a' || 'b'=='b`, is a
    whole expression where no quotes were put around it.) A value that opens with a
    program's statement compares fields in its condition (`_STATEMENT_HEAD`), no script's
    breakout. The quotes before each match are counted on from the match before: counted
    from the start for each, 64 KB of comparisons took 0.1 s."""
    assert R_SCRIPT.pattern is not None
    counted = 0
    singles = doubles = 0
    # Whether something precedes the first quote of each kind: the value's own literal.
    after_text = {quote: bool(lower[: lower.find(quote)].strip()) for quote in _QUOTES}
    statement = _STATEMENT_HEAD.match(lower) is not None
    for found in R_SCRIPT.pattern.finditer(lower):
        at = found.start()
        quote = lower[at]
        if statement and lower.startswith("this", at):
            continue  # a field compared in the statement's condition
        if quote not in _QUOTES:
            return Match(R_SCRIPT, at, found.end())
        singles += lower.count("'", counted, at)
        doubles += lower.count('"', counted, at)
        counted = at
        before = singles if quote == "'" else doubles
        if before % 2 == 0 or not after_text[quote]:
            return Match(R_SCRIPT, at, found.end())
    return _SHELL_RULES.search(lower, present)


# A filter API's own language: Strapi's `filters[price][$gt]=10`, Parse's
# `where={"score":{"$gte":1000}}`, RESTHeart's `filter={"$or":[…]}`, CouchDB's
# `selector`. Under a parameter of such a name, logic and a comparison right under a
# field's name are what the API takes, and so is a pattern a field is matched with
# (`{"email": {"$regex": "@example\\.com$", "$options": "i"}}`). Not a comparison where
# the conditions belong (`filter={"$ne": null}`, made for a plain value), nor of a
# credential (`{"password": {"$ne": "x"}}`, `{"reset_token": {"$regex": "^a"}}`: a pattern
# reads a secret a character at a time), nor an empty condition that matches every
# document (`{"$or": [{}, …]}`), nor code (`$where`), other collections or writes.
_FILTER_ROOT: Final = re.compile(r"(?:^|[.\[])(?:filters?|where|selector)(?=[.\[]|$)", re.I)
_SEGMENT: Final = re.compile(r"[.\[\]]+")
_LOGIC: Final = frozenset(("$and", "$or", "$nor"))
_BEYOND_FILTERS: Final = frozenset(
    "$" + name
    for name in words(
        "where expr text function accumulator jsonschema lookup unionwith merge out set unset "
        "rename push pull inc"
    )
)
_CREDENTIALS: Final = frozenset(words("user username login password passwd pass pwd secret token"))
# What a credential's field may be compared with: a value, or one of a list (Strapi's
# `filters[username][$in][0]=john`, an admin's list of accounts); any other comparison of
# one is a login's bypass (`password[$ne]=`, `username[$gt]=`).
_EQUALITY: Final = frozenset(("$eq", "$in"))
# A field a pattern may not match in a filter: a secret's, by a part of its name.
_PATTERNS: Final = frozenset(("$regex", "$options"))
_SECRET_FIELD: Final = re.compile(r"pass|pwd|secret|token|key|hash|otp|pin|salt|code|session")
# Deeper than this, a filter's document is not read as one.
_FILTER_DEPTH: Final = 16


def _filter_key(key: str, previous: str) -> bool:
    """Whether `key` (lower-case) may follow `previous`, the key above it ("" at the
    filter's root, "0" in an array), in a filter: logic anywhere, a comparison right under
    a field's name or `$not`."""
    return (
        not key.startswith("$")
        or key in _LOGIC
        or not (
            key in _BEYOND_FILTERS
            or not previous
            or previous.isdigit()
            or previous in _LOGIC
            or (previous in _CREDENTIALS and key not in _EQUALITY)
            or (key in _PATTERNS and _SECRET_FIELD.search(previous) is not None)
        )
    )


def _filter_document(node: object, previous: str, depth: int) -> bool:
    """Whether every key of a JSON `node` under `previous` is a filter's (`_filter_key`)."""
    if depth > _FILTER_DEPTH:
        return False
    if isinstance(node, list):
        return all(_filter_document(item, "0", depth + 1) for item in node)
    if not isinstance(node, dict):
        return True
    for key, value in node.items():
        name = key.lower()
        if name in _LOGIC and isinstance(value, list) and {} in value:
            return False
        if not (_filter_key(name, previous) and _filter_document(value, name, depth + 1)):
            return False
    return True


def _filter_operators(view: View) -> bool:
    """Whether the operators in `view` are a filter's: a key's (`filters[price][$gt]`), or
    those of a JSON document under a filter's name (`where={"score":{"$gte":1000}}`)."""
    root = _FILTER_ROOT.search(view.point)
    if root is None:
        return False
    if view.is_key:
        return filter_keys(view.point[root.end() :])
    return view.json is not None and _filter_document(view.json, "", 0)


def filter_keys(keys: str) -> bool:
    """Whether the keys of a parameter's name from a filter's root (`[price][$gt]`,
    `price[$gt]`, a point's `.@key` at their end) are a filter's, each after the one above
    it (`_filter_key`)."""
    previous = ""
    for key in _SEGMENT.split(keys.lower()):
        if key in ("", "json", "@key"):
            continue
        if not _filter_key(key, previous):
            return False
        previous = key
    return True


def confirm(view: View) -> Match | None:
    lower, present = view.lower, view.tokens()
    if view.is_key:
        found = _KEY_RULES.search(lower, present)
        if found and not (found.rule is R_KEY and _filter_operators(view)):
            return found
    # A snippet of a few lines too, or a minified script's one line: a breakout's line is
    # one (`' || this.a == 'b`).
    lines = view.document or several_lines(lower) or minified(lower)
    found = (_DOCUMENT_RULES if lines else _VALUE_RULES).search(lower, present)
    if found is not None and found.rule is R_SCRIPT:
        return _script(lower, present)
    if found is not None and found.rule is R_VALUE and _filter_operators(view):
        return None if lines else _script(lower, present)
    if found is not None and found.rule is R_VALUE and lines and not _JSON_OPERATOR.search(lower):
        # Operators as a program's object literal writes them, unquoted (Mongoose's source,
        # a shell's `db.users.find({ age: { $gt: 21 } })`): code shown, which no request's
        # JSON can be. A JSON document's `"$ne":` counts in any text.
        found = _SHELL_RULES.search(lower, present)
    if found is None and lines and view.prose:
        return _last_script(view)
    return found


def _last_script(view: View) -> Match | None:
    """Server-side JavaScript in the clause that ends a text of prose, when that clause is
    no prose: a message's lines, then the value a field was given (`1; return true`)."""
    clause = view.last_clause
    if clause is None:
        return None
    found = _script(clause.lower, clause.tokens())
    if found is None or found.rule is not R_SCRIPT:
        return None
    start = len(view.text) - len(clause.text)
    return found.moved(start)
