"""SQL injection: a tokenizer in the style of libinjection, and attack shapes over its
fingerprints.

The value is tokenized three times: as it is (a number or bare word spliced into a query),
and as if it continued a single- or a double-quoted string literal (the quote the attacker
must close). Each token becomes one letter of a fingerprint; attack shapes are patterns over
fingerprints. Plain SQL that does not break out of a literal is not an attack on its own,
which keeps technical prose with SQL words in it clean.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Final

from node.decoders import DELTA_MIN, GRAPHQL, Translation, changed_lines
from node.rules import (
    BOUNDARY_DECLARED,
    CLAUSE_CHARS,
    NOT_ON_AN_OBJECT,
    Match,
    Rule,
    RuleSet,
    View,
    blanked,
    code_element_start,
    nonblank_before,
    search_box,
    searchable,
    word_char,
    words,
    words_only,
)
from node.types import AttackType

TYPE: Final = AttackType.SQLI

# Every shape below needs one of these: logic, a comment or `;` right after a quote, an
# operator right after a quote, a statement or clause keyword, or a SQL function name.
# Common words only count with what must surround them in SQL ("\0" is a value's start).
_BOUNDED: Final = words(
    "or and xor not div mod create update delete insert replace drop alter exec declare "
    "order group from where limit into having case when procedure analyse truncate"
)
# What a GRANT of every database's or every table's rights spells (`… ON *.* TO`, `… ON
# app.* TO`), where GRANT itself is too common a word to route a text by.
_GRANTED_EVERY: Final = ".* to"
# Statements that administer a server, stacked after `;` (`_STACKED_ADMIN`).
_ADMIN_VERBS: Final = ("show", "backup", "bulk", "dbcc", "lock")
_FUNCTION_TOKENS: Final = words(
    "database db_name schema user_name current_user group_concat chr ascii hex substr mid "
    "cast convert find_in_set make_set elt sys_context has_dbaccess is_srvrolemember "
    "object_id col_name table_name nvl decode instr lpad rpad ifnull nullif coalesce iif "
    "abs ceil floor exp ln power sqrt rand char concat concat_ws substring md5 sha1 cos cot "
    "compress "
    "uncompress xmltype json_extract json_keys load_extension randomblob"
)
# What a text starts or ends with, checked at once (built once: compiled, a tuple literal
# is built again at every call that uses it).
_COMMENT_OPENERS: Final = ("--", "/*")
# (A tag's `<` escaped too, as rich text shows markup in its code: `<code>&lt;div
# class="x"&gt;</code>` is no DIV.)
_TAG_OPENERS: Final = ("<", "</", "&lt;", "&lt;/")
_LINE_COMMENTS: Final = ("--", "#")
# Blanks that databases read as spaces, which the tokens are not spelled with (they are
# with spaces, tabs, carriage returns and line feeds): vertical tabs, form feeds and
# no-break spaces in MySQL (sqlmap's space2mysqlblank), the other control characters in
# SQL Server (space2mssqlblank). A value holding one is looked at again with spaces in
# their place; for SQL Server's, a value of at most 8 KB: reading a text again costs its
# tokens again, and such a blank in a long text is noise more than a query.
_BLANKS: Final = ("\x0b", "\x0c", "\xa0")
_CONTROL_BLANKS: Final = tuple(chr(c) for c in (*range(1, 9), *range(0x0E, 0x20)))
_CONTROL_BLANKS_CHARS: Final = 8192
# Replaced where `re` finds them: `str.translate` looks every character of a text that is
# not ASCII up in its table, and raises a KeyError for each one not there.
_TO_SPACE: Final = re.compile("[" + "".join(_BLANKS + _CONTROL_BLANKS) + "]")
TOKENS: Final = (
    *(
        f"{before}{word}{after}"
        for word in _BOUNDED
        for before in (
            " ",
            "\0",
            "'",
            '"',
            ")",
            "/",
            "`",
            "\t",
            "\r",
            "\n",
            "(",
            ";",
            ",",
            "=",
            "|",
            "&",
            "+",
            "%",
            "!",
        )
        for after in (" ", "(", "/", "\t", "\r", "\n", "'", '"', "`", "-", "#", "+", "!", "@", "\0")
    ),
    *(f"{name}{after}" for name in _FUNCTION_TOKENS for after in ("(", " (", "/*")),
    # A statement stacked after `;` that starts with a word too common to route every text
    # with it: 1;CALL proc(1), 1;PRAGMA table_info(users), 1;RENAME TABLE users TO x
    *(
        f";{gap}{verb}"
        for verb in ("call", "pragma", "rename", "handler", "revoke", "grant", *_ADMIN_VERBS)
        for gap in ("", " ", "\t", "\n")
    ),
    *words(
        "-- '# \"# \"/* )# */ /*! '; \"; '); select union sleep benchmark waitfor "
        "information_schema xp_ load_file outfile dumpfile || && extractvalue updatexml pg_ "
        "dbms_ utl_ sysobjects @@ shutdown sqlite_ sys. master.. mysql. '= \"= '< '> '! '+ '- "
        "'* '/ '% '^ '| '& '~ ' :: 1= =1 <> !="
    ),
    *words('"< "> "! "+ "- "* "/ "% "^ "| "&'),
    _GRANTED_EVERY,
    *_BLANKS,
    *_CONTROL_BLANKS,
    "\0",  # a blank, or a cut in a keyword (`_cut_joined`)
)

# A comment MySQL reads as a space, bounded so that an unclosed one is not tried far.
_COMMENT: Final = r"/\*(?:[^*]|\*(?!/)){0,40}\*/"
# Between the words of a statement: spaces, or such a comment.
_GAP: Final = rf"(?:\s|{_COMMENT})"
# One name: a table or a column, quoted or qualified. A table is no word of a sentence
# ("insert the values", "update your settings").
_NAME: Final = r"[\w$.`\"\[\]]{1,64}"
_TABLE: Final = (
    r"(?!(?:the|a|an|your|my|our|their|its|this|that|these|those|some|any|all|it|them|me|us"
    r"|you|him|her|everything|one)\b)" + _NAME
)
# What a VALUES list starts with: a literal, NULL, DEFAULT or a placeholder.
_VALUE: Final = r"(?:[\d'\"@?:+-]|x'|null\b|default\b|true\b|false\b)"

RULES: Final = (
    R_UNION := Rule(1001, TYPE, "UNION SELECT: a second query glued to the first"),
    R_BREAKOUT := Rule(1002, TYPE, "a closed string literal followed by boolean logic"),
    R_COMMENT := Rule(1003, TYPE, "a closed string literal followed by a comment or `;`"),
    R_STACKED := Rule(1004, TYPE, "a stacked statement after `;`"),
    R_TIMING := Rule(
        1005,
        TYPE,
        "time-based probe: SLEEP, BENCHMARK, PG_SLEEP, WAITFOR DELAY, GET_LOCK",
        re.compile(
            # Not a method of that name: time.sleep(0.1), Thread.sleep(500), get_hub().sleep(0)
            rf"(?:{NOT_ON_AN_OBJECT}\b(?:sleep|benchmark)|\b(?:pg_sleep|dbms_(?:lock|session)\.sleep|randomblob))"
            r"\s*\(\s*"
            rf"(?:{_COMMENT}\s*)*(?:[\d'\"(+-]|[a-z_]\w*\s*\(|$)"
            rf"|\bwaitfor(?:[\s+]|{_COMMENT})+(?:delay|time)"
            # the delay quoted ('0:0:5', Oracle's q'[…]', $$…$$, after a GBK lead byte that
            # swallows the escaping backslash) or held in a variable (@x)
            rf"(?:[\s+\x00]|{_COMMENT})*(?:[\x80-\xff]?['\"]|q'|\$\$|@\w)"
            r"|\bdbms_pipe\.receive_message\s*\("
            r"|\bget_lock\s*\([^,()]{1,40},\s*\d"
        ),
        words("sleep benchmark randomblob waitfor dbms_pipe get_lock"),
    ),
    R_DANGER := Rule(
        1006,
        TYPE,
        "catalog or side-effect objects: INFORMATION_SCHEMA, LOAD_FILE, LOAD DATA INFILE, "
        "xp_dirtree, OPENROWSET, lo_import, DECLARE @var",
        re.compile(
            r"\binformation_schema\b|\bsysobjects\b|\bsyscolumns\b|\bmysql\.user\b"
            # A function called, not a method of its name (CPAN::Meta->load_file('META.json'))
            # nor the function named (load_file()) or defined (`def load_file(self, path):`)
            r"|\bpg_shadow\b|(?<!->)(?<!\.)(?<!def )(?<!function )\bload_file\s*\((?!\s*\))"
            r"|\binto\s+(?:out|dump)file\b"
            r"|\bxp_cmdshell\b"
            r"|\bload\s+data\s+(?:local\s+)?infile\b"
            r"|\bsp_executesql\b|\b(?:extractvalue|updatexml)\s*\((?!\s*\))|\butl_(?:http|inaddr)\."
            # (Not a text search configuration PostgreSQL ships: 'pg_catalog.english'.)
            r"|@@version\b|\bsqlite_master\b|\bexecute\s+immediate\b"
            r"|\bpg_catalog\b(?!\.(?:simple|english|german|french|spanish|italian|dutch"
            r"|portuguese|russian|swedish|danish|norwegian|finnish|hungarian|romanian|turkish"
            r"|arabic|greek|indonesian|irish|lithuanian|nepali|serbian|tamil|armenian|basque"
            r"|catalan|hindi|yiddish)\b)"
            r"|\bmaster\.\.sys|\bxp_(?:dirtree|regread|regwrite|fileexist|subdirs|availablemedia)\b"
            r"|\bopen(?:rowset|datasource|query)\s*\(|\bmysql\.(?:db|host|tables_priv)\b"
            r"|\bmsys(?:accessobjects|objects|queries|relationships|aces)\b"
            r"|\blo_(?:import|export|get|put|from_bytea)\s*\(|\bprocedure\s+analyse\s*\("
            r"|\bdeclare(?:\s|/\*[^*]{0,40}\*/)+@\w+(?:\s+(?:as\s+)?(?:n?(?:var)?char|n?text|"
            r"(?:big|small|tiny)?int|table|sysname|bit|datetime|varbinary|float|cursor)\b|\s*$|\s*;)"
            r"|\bexec(?:ute)?\s*\(\s*@"
            # SQL Server's system procedures: EXEC sp_configure …, EXEC master..xp_…
            r"|\bexec(?:ute)?\s+(?:master\.\w*\.|dbo\.)?(?:sp|xp)_[a-z]\w*"
        ),
        words(
            "information_schema sysobjects syscolumns mysql.user pg_shadow load_file outfile "
            "infile dumpfile xp_cmdshell sp_executesql extractvalue updatexml utl_ @@version "
            "sqlite_master pg_catalog execute master.. xp_ openrowset opendatasource "
            "openquery mysql. msys lo_ analyse declare exec"
        ),
    ),
    R_VARIABLE := Rule(
        1016,
        TYPE,
        "a variable set in a stacked statement: ;SET @a = X'…'",
        re.compile(r";\s*set\s+@\w+\s*:?="),
        (";set", "; set"),
    ),
    R_WRITE := Rule(
        1017,
        TYPE,
        "a statement that writes, stacked after `;`: ;INSERT t VALUES(…) (INTO is optional "
        "to MySQL), ;REPLACE t (a) VALUES(…), ;UPDATE t SET c=…, ;TRUNCATE t, ;CREATE USER "
        "u IDENTIFIED BY …, ;COPY t TO '…'",
        re.compile(
            rf";{_GAP}*(?:(?:insert|replace){_GAP}+(?:into{_GAP}+)?{_TABLE}{_GAP}*"
            rf"(?:\([^()]{{0,200}}\){_GAP}*)?values?{_GAP}*\({_GAP}*{_VALUE}"
            rf"|update{_GAP}+{_TABLE}{_GAP}+set{_GAP}+{_NAME}{_GAP}*="
            rf"|truncate{_GAP}+(?:table{_GAP}+)?{_TABLE}{_GAP}*(?:;|--|#|/\*|$)"
            rf"|(?:create|alter){_GAP}+user{_GAP}+[^;]{{1,80}}?{_GAP}identified{_GAP}+by\b"
            rf"|copy{_GAP}+(?:\([^()]{{1,200}}\)|{_TABLE}){_GAP}+(?:to|from){_GAP}+"
            rf"(?:'|program\b|stdout\b|stdin\b))"
        ),
        words("insert replace update truncate identified copy"),
    ),
    R_XPATH := Rule(
        1018,
        TYPE,
        "XPath injection: a literal closed into a union of paths (')] | //user/*[contains(*,'),"
        " or into a path of its own (']/../user[name='admin), the document's nodes counted or"
        " named (count(/child::node()), name(/*[1]))",
        re.compile(
            # (the value's first quote: a union of whole paths quotes its own literals,
            # //a[@id='x'] | //b)
            r"^[^'\"]{0,80}['\"]\s*(?:\)\s*){0,3}\]\s*(?:\|\s*/{1,2}[\w*@]"
            r"|/{1,2}(?:\.\.|[\w*@][\w-]{0,40}\s*\[))"
            r"|\b(?:count|name|local-name|string-length)\s*\(\s*(?:name\s*\(\s*)?/{1,2}"
            r"(?:\*|@\*|node\(|(?:child|descendant|attribute)::)"
            r"|::(?:node|text|comment)\s*\(\s*\)\s*\)\s*(?:=|\))"
        ),
        ("]|", "] |", "]/", "count(", "name(", "string-length(", "::node", "::text", "::comment"),
    ),
    R_JSON := Rule(
        1015,
        TYPE,
        "JSON operators of PostgreSQL and MySQL on a JSON literal: '{…}'::jsonb #> …, ?| array[…]",
        re.compile(
            r"'\s*[\[{][^']{0,200}'\s*::\s*jsonb?\b"
            r"|'\s*[\[{][^']{0,200}'\s*(?:#>>?|#-|@>|<@|@\?|\?[|&])"
            r"|\?[|&]\s*array\s*\["
        ),
        words("::json :: #> #- @> <@ @? array["),
    ),
    R_STATEMENT := Rule(1007, TYPE, "a value that is itself a SQL statement"),
    R_NUMERIC := Rule(
        1008,
        TYPE,
        "a number followed by boolean logic and a comparison, or a subquery; a condition of "
        "literals or ORDER BY 1-- where a number goes",
    ),
    R_COMPARE := Rule(
        1009,
        TYPE,
        "a closed string literal followed by a comparison, or by an operator on another"
        " literal compared: 1'^'1'='0",
    ),
    R_CLAUSE := Rule(
        1010,
        TYPE,
        "a closed literal or a word followed by a clause or statement (ORDER BY, ALTER…, "
        "WHERE 1=1)",
    ),
    R_FUNCTION := Rule(1011, TYPE, "a short value that is a call of a SQL-only function"),
    R_TAUTOLOGY := Rule(
        1012,
        TYPE,
        "boolean logic followed by a comparison of literals; a condition of literals: CASE WHEN "
        "1=2 THEN, IIF(1=2,…), ELT(1=1,…); blind inference: AND ASCII(SUBSTRING(user(),1,1))>64",
    ),
    R_CAST := Rule(1013, TYPE, "an expression cast to force a conversion error: (password)::int"),
    R_SUBQUERY := Rule(
        1014,
        TYPE,
        "a subquery or UNION SELECT anywhere in a value: (SELECT COUNT(*)…, "
        "(SELECT (CASE WHEN…, (SELECT CASE WHEN…, (SELECT a FROM t)",
        re.compile(
            # (A CASE in its own parentheses opens at once, its WHEN cut off or not: sqlmap's
            # `(SELECT (CASE WHEN (1=1) THEN …`.)
            r"\(\s*select(?:\s|/\*[^*]{0,40}\*/)+(?:\(\s*case\b"
            r"|(?:\(\s*)?(?:case\s+(?:[\w@]+\s+)?when\b"
            r"|(?:count|concat(?:_ws)?|group_concat|char|chr|substr(?:ing)?|mid|ascii|cast"
            r"|ifnull|if|md5|version|user|database|elt|make_set)\s*\()"
            # (SELECT 0 WHERE 1=1…: a condition on no table
            r"|\d+\s+where\s"
            # (SELECT * FROM GENERATE_SERIES(…: rows from a table or a function
            r"|(?:[\w.`]+|\*)(?:\s*,\s*[\w.`()*]+)*(?:\s|/\*[^*]{0,40}\*/)+from"
            r"(?:\s|/\*[^*]{0,40}\*/)+[\w.`]+\s*(?:\)|\(|$|where\b|limit\b|order\b|group\b"
            r"|join\b|;|--|#|/\*))"
            r"|\bunion(?:\s|/\*[^*]{0,40}\*/|\()+(?:(?:all|distinct)(?:\s|/\*[^*]{0,40}\*/)+)?"
            r"\(*select(?:\s|/\*|\()"
        ),
    ),
)

_TOKEN: Final = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<c>--(?:[\s\-]|$)[^\n]*|#[^\n]*|/\*.*?(?:\*/|$))"
    # A quoted identifier is at most 64 characters long (MySQL): the `+' and `-' of an
    # old manual's quoting do not quote one. (A string's characters are read in runs up to
    # each backslash: one alternative per character took 12 ms over a 64 KB string.)
    # PostgreSQL's dollar quotes delimit a string too: `1 or $$1$$=$$1$$`.
    r"|(?P<s>'[^'\\]*(?:\\.[^'\\]*)*(?:'|$)|\"[^\"\\]*(?:\\.[^\"\\]*)*(?:\"|$)|`[^`]{0,64}(?:`|$)"
    r"|\$\$(?:[^$]|\$(?!\$)){0,200}?\$\$)"
    # 1DUNION: Oracle reads `1d` as a number (a binary double) and UNION after it.
    # MySQL reads `\N` as NULL, a value a keyword may follow at once: \NUNION SELECT.
    r"|(?P<n>0x[0-9a-f]+\b|\d+(?:\.\d*)?(?:e[+-]?\d+)?(?:d(?=union))?|\.\d+|\\n)"
    r"|(?P<v>@@?[\w.$]+)"
    r"|(?P<w>[a-z_$\u0080-\uffff][\w$.\u0080-\uffff]*)"
    r"|(?P<o><=>|<>|!=|<=|>=|<@|@>|->>?|#>>?|\?[|&]|!~\*?|~\*|\|\||&&|::|:=|[=<>!+\-*/%^|&~?])"
    r"|(?P<p>[(),;\[\]])"
    r"|(?P<x>.)",
    re.S,
)
# A tag of markup that no query can read, past `<`: one that closes (`< /span` divides
# nothing) or one with an attribute set (`< button class = "copy"`: a name and its alias
# take no `=`). A comparison with a column (`1<b>0`) is read as one.
_MARKUP_TAG: Final = re.compile(
    r"/[a-z][\w-]{0,30}\s*>|[a-z][\w-]{0,30}(?:\s+[a-z][\w:-]{0,30}\s*=\s*"
    r"(?:\"[^\"<>]{0,200}\"|'[^'<>]{0,200}'))+\s*/?>"
)
_VERSIONED_COMMENT: Final = re.compile(r"/\*!\d*|\*/")
# A closed comment is a space to SQL (SELECT/**/password/**/FROM); bounded, so that an
# unclosed one is not tried to the end of the value from every `/*`.
_COMMENT_INSIDE: Final = 200
# MySQL's ODBC escape `{identifier expr}` is the bare expression: `1 or {x (select 1)}`.
_ODBC_ESCAPE: Final = re.compile(r"\{\s*[a-z_]\w{0,30}\s+([^{}]{0,500})\}")


# A reStructuredText role before its backquoted text (Sphinx's :meth:`union`,
# :class:`Select`): the role's name, blanked, is what opens a code span, no literal's
# close. (MySQL quotes a name in backquotes glued to no word.) The colon first, the
# look-behind after it: `re` skips to colons.
_TEXT_ROLE: Final = re.compile(r":(?<![\w`]:)[a-z][\w.+-]{0,30}(?::[a-z][\w.+-]{0,30})?:(?=`)")


def _blank_role(role: re.Match[str]) -> str:
    """A role's name blanked one for one: the text keeps the value's offsets."""
    return " " * len(role.group())


def _blank_escape(escape: re.Match[str]) -> str:
    """An ODBC escape's expression, its braces and name blanked one for one: the text
    keeps the value's offsets (and `_cast_probe` its case, `{ no bignum; … }` in Perl)."""
    return " " * (escape.start(1) - escape.start()) + escape.group(1) + " "


_STATEMENTS: Final = frozenset(
    [
        "select",
        "insert",
        "update",
        "delete",
        "drop",
        "create",
        "alter",
        "truncate",
        "replace",
        "exec",
        "execute",
        "declare",
        "shutdown",
        "grant",
        "revoke",
        "merge",
        "call",
        "handler",
        "rename",
        "attach",
        "pragma",
        "copy",
    ]
)
# The statements that never open with a parenthesis after their verb, which a call of a
# function so named does (`drop(rt);`, `update(state)`): SELECT's, EXEC's and COPY's
# may (`EXEC('…')`, `COPY (SELECT …) TO`).
_NEVER_CALLED: Final = _STATEMENTS - frozenset(("select", "exec", "execute", "copy"))
_CALLED: Final = re.compile(r"[ \t]*\(")
# A statement's verb after `;`, whatever comes between (`;/**/drop`), and one a copula or a
# modal follows at once: "; delete is safer", "; drop was slower" are sentences. So is one
# whose object is an article's or a determiner's noun ("fixed; delete from the list?"),
# and a MERGE with no source (`USING`) after its target: a review's "LGTM; merge into
# develop". And a SELECT ALL or DISTINCT of a few words that ends the text or its sentence,
# a form's instruction ("Pets owned; select all that apply"): words a query selects with
# no FROM name no column it can read. And a menu's number to select for a choice ("Pick 1,
# 2 or 3; select 0 to cancel"): `TO` follows no column in any dialect, and `FOR` only a
# lock's or an output's words (`FOR UPDATE`, `FOR XML`).
_VERB_AFTER_SEMICOLON: Final = re.compile(
    r";[^;]{0,40}?\b(?:" + "|".join(sorted(_STATEMENTS)) + r")\b"
)
_VERB_OF_A_SENTENCE: Final = re.compile(
    r";\s*(?:" + "|".join(sorted(_STATEMENTS)) + r")\s+(?:is|are|was|were|will|would|should"
    r"|can|could|may|might|must|does|did|has|had)\b"
    r"|;\s*(?:(?:delete|select)\s+from|(?:insert|merge)\s+into|update|drop|create|alter"
    r"|truncate)\s+(?:the|a|an|my|your|our|their|this|that|these|those)\s"
    r"|;\s*merge\s+into\s+[^\s;]+(?![^\s;])(?!(?:\s+(?:as\s+)?\w+)?\s+using\b)"
    r"|;\s*select\s+(?:all|distinct)(?:\s+(?!(?:from|into|where|union)\b)[a-z]+){1,3}"
    r"\s*(?:[.!?:)]|$)"
    r"|;\s*select\s+\d+\s+(?:to|for)(?:\s+(?!(?:update|share|no|key|xml|json|browse"
    r"|system_time|read)\b)[a-z]+){1,3}\s*(?:[.!?:),]|$)"
)
# DIV and MOD are MySQL's arithmetic words: after a closed literal they start an expression
# as logic does (x' mod id--).
_LOGIC: Final = frozenset(("and", "or", "xor", "not", "&&", "||", "div", "mod"))
# Clauses that only ever continue a query; the weaker ones (LIKE, IS, WHEN…) read as words.
_STRONG_CLAUSES: Final = frozenset(
    words("from where having group order limit offset into procedure union collate")
)
# Clauses that BY follows, past blanks and comments (`ORDER/**/BY`, `GROUP#…⏎BY`): a run
# of blanks or a comment at a time, possessive, sixteen at most (one blank at a time
# took 5 ms to give up after 60,000 of them).
_BY_CLAUSES: Final = frozenset(("order", "group"))
_BY_NEXT: Final = re.compile(r"(?:\s++|/\*[^*]{0,200}\*/|/\*!\d*+|(?:#|--)[^\n]*+\n){0,16}by\b")
_CLAUSES: Final = frozenset(
    words(
        "by values set join like rlike regexp sounds between is null case when then else end "
        "analyse outfile dumpfile table database all distinct distinctrow top asc desc glob "
        "escape ilike notnull"
    )
)
# What may come between two keywords: blanks, comments, a form's `+` for a space.
_BETWEEN: Final = rf"(?:{_GAP}|\+)*"
# After a plural's apostrophe ("the teachers' union voted", "customers' order history",
# "the students' update was sent"), a keyword that SQL does not go on from as its grammar
# asks (a query after UNION, BY and more than words after ORDER and GROUP, SET after
# UPDATE's table, INTO or values after INSERT, a number after LIMIT, a variable after
# DECLARE) is the sentence's word: the apostrophe closes no literal. (After a quote that
# opens the value, `' UNION A`, it is a probe's.) Plain words to the value's end after
# BY leave the query's own closing quote unmatched ("Lucas' order by phone"), as `admin'
# order by 3--` does not.
_BY: Final = r"by\b(?![ \t]+[a-z][a-z ,.!?]*\Z)"
_SQL_GOES_ON: Final = {
    "union": r"(?:select|all|distinct(?:row)?|values|table)\b|[(/]",
    "order": _BY,
    "group": _BY,
    "update": r"[\w.`\[\]]+" + _BETWEEN + r"set\b",
    "insert": r"into\b|[\w.`\[\]]+" + _BETWEEN + r"(?:values|select|\()",
    "limit": r"\d",
    "declare": r"@",
}
_POSSESSED: Final = re.compile(
    r"[ \t]+(?:"
    + "|".join(f"{word}(?!{_BETWEEN}(?:{then}))" for word, then in _SQL_GOES_ON.items())
    + r")\b"
)
# A subquery opening: what makes IN a comparison (a word otherwise: "in (see below)").
_SUBQUERY_NEXT: Final = re.compile(r"\s*\(\s*select\b")
# Comparisons spelled as words: 1 OR 1 LIKE 1, 1 AND 3*2 BETWEEN 6 AND 6 (sqlmap's
# equaltolike and between tampers).
_COMPARISON_WORDS: Final = frozenset(words("like rlike regexp ilike between"))
# The comparisons of OData's `$filter` and of the query languages like it, read so between
# two literals, as a tautology compares them: `1 eq 1` (a filter compares a field, `Age gt
# 30`). Not `le`, French's article: "Paris le 5 mai".
_FILTER_COMPARISONS: Final = frozenset(words("eq ne gt ge lt"))
_LITERAL_NEXT: Final = re.compile(r"\s*[\d'\"]")
_LITERAL_STARTS: Final = frozenset("0123456789'\"(@-")
_COMPARISONS: Final = frozenset(
    words("= < > != <> <= >= <=> := <@ @> ~* !~ !~* -> ->> #> #>> ? ?| ?&")
)
# A cast to a type a probe compares or sums (`1::int`, `version()::text`), after a word
# or a call (`_cast_probe`); not Rust's `vec::IntoIter` or `Iterator::into_iter`, nor a
# reStructuredText literal block ("Example::", then `integer = …` on a line of its own).
_CAST_TYPE: Final = re.compile(
    r"::[ \t]*(?:int(?:eger|erval|[248])?|bool(?:ean)?|numeric|text|varchar|jsonb?|regclass|oid"
    r"|bigint|double\s+precision)\b"
)
# A PostgreSQL cast after a literal (`'{}'::jsonb`) keeps it a literal.
_CAST: Final = re.compile(r"\s*::\s*[a-z_]\w*(?:\s*\[\s*\])?")
# Perl, Ruby and C++ name packages in words capitalised as SQL's types never are:
# Math::BigInt, JSON::XS::Boolean, Pod::Text, PDB_VariantType::Bool, PDB_VariantType::Int8;
# and PHP and C++ a class's constants and static methods after its name: Types::BOOLEAN,
# ParameterType::INTEGER, Expect::int() (a column's name in capitals is SQL's: PASSWORD::INT).
# (Possessive, and the lower-case letter looked ahead for: a name of 16,000 letters took
# 190 ms to be tried at each split around one.)
_PACKAGE: Final = re.compile(
    r"[A-Z][A-Za-z0-9_]*+::[A-Z][a-z]+(?:[A-Z][a-z]+)*\d*\b"
    r"|[A-Z](?=[A-Za-z0-9_]*?[a-z])[A-Za-z0-9_]*+::(?:[A-Z][A-Z0-9_]*\b(?!\s*\()|\w+\s*\()"
)
_FUNCTIONS: Final = frozenset(
    [
        "sleep",
        "benchmark",
        "pg_sleep",
        "greatest",
        "least",
        "waitfor",
        "delay",
        "load_file",
        "extractvalue",
        "updatexml",
        "xp_cmdshell",
        "sp_executesql",
        "concat",
        "concat_ws",
        "group_concat",
        "char",
        "chr",
        "ascii",
        "ord",
        "substring",
        "substr",
        "mid",
        "version",
        "user",
        "current_user",
        "session_user",
        "system_user",
        "database",
        "schema",
        "count",
        "length",
        "hex",
        "unhex",
        "cast",
        "convert",
        "if",
        "iif",
        "ifnull",
        "nullif",
        "coalesce",
        "md5",
        "sha1",
        "now",
        "rand",
        "floor",
        "exp",
        "make_set",
        "elt",
        "find_in_set",
        "json_extract",
        # JSON's functions, which WAFs that knew no JSON syntax let by (Claroty's bypass):
        # 1 AND JSON_DEPTH('{}') != 2521
        "json_depth",
        "json_length",
        "json_valid",
        "json_type",
        "json_keys",
        "json_contains",
        "json_value",
        "json_query",
        "json_array_length",
        "unistr",
        "utl_inaddr",
        "dbms_pipe",
        "randomblob",
        "sqlite_version",
        "sqlite_compileoption_used",
        "db_name",
        "user_name",
        "is_srvrolemember",
        "row_count",
        "last_insert_id",
        "load_extension",
        "pg_read_file",
        "lo_import",
        "to_char",
        "upper",
        "lower",
        "min",
        "max",
        "sum",
        "avg",
    ]
)
# What may follow the quote an attacker closes; anything else cannot start an attack shape.
_AFTER_QUOTE: Final = re.compile(
    r"[\s)]*(?:or|and|xor|not|div|mod|union|select|from|where|having|order|group|limit|into|as\s|if\s*\(|"
    r"procedure|like|rlike|regexp|sounds|is|collate|case|when|between|waitfor|sleep|"
    r"benchmark|insert|update|delete|drop|alter|create|truncate|grant|rename|exec|declare|&&|\|\||--|#|/\*|;|[=<>!+\-*/%^|&~:])"
)
# A plain (unquoted) value can only start a shape with a number, a paren or a keyword.
_PLAIN_START: Final = re.compile(
    r"[\s(]*(?:-?\d|\.\d|\)|or\b|and\b|xor\b|\|\||&&|select\b|case\s+when\b)"
)
_TOKEN_PUNCTUATION: Final = "\0 '\"()/`\t\n\r\x0b\x0c;,=|&+%!#@-"
# Words that make a plain value worth reading from its start whatever it starts with:
# logic, UNION, and clauses after a word (abc ORDER BY 1--, abc WHERE 1=1).
_PLAIN_WORDS: Final = frozenset(("union", "or", "and", "xor", "order", "group", "where", "having"))
_PLAIN_TOKENS: Final = frozenset(
    ("||", "&&", *(t for t in TOKENS if t.strip(_TOKEN_PUNCTUATION) in _PLAIN_WORDS))
)
_VERSIONED_WORD: Final = re.compile(r"/\*!\d*(?:" + "|".join(sorted(_PLAIN_WORDS)) + r")\b")

# Unicode spaces, which the tokenizer would read as letters of a word.
_UNICODE_SPACES: Final = Translation(
    {
        ord(space): " "
        for space in "\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
        "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
    }
)
# A word that comments cut into pieces: un/**/ion, s/**/e/**/lect (sqlmap's
# randomcomments). A filter that strips comments joins a keyword back.
_SPLIT_WORD: Final = re.compile(r"[a-z]{1,7}(?:/\*[^*]{0,40}\*/[a-z]{1,7})+\b")
_IN_WORD_COMMENT: Final = re.compile(r"/\*[^*]{0,40}\*/")
# A word cut by NUL bytes, which a filter or a C string's handling drops (`UNI%00ON`), or
# by the blanks no text puts inside a word, vertical tabs and form feeds, which a filter
# that strips control characters drops (`UNI%0BON`).
_CUT_WORD: Final = re.compile(r"[a-z]{1,7}(?:[\x00\x0b\x0c]+[a-z]{1,7})+")
_CUTS: Final = re.compile(r"[\x00\x0b\x0c]+")
_SPLIT_KEYWORDS: Final = frozenset(
    words(
        "union select sleep benchmark insert update delete from where or and xor not as order "
        "group by having limit case when then else end like rlike null char chr cast convert "
        "concat count exec execute declare waitfor delay if iif elt make_set substring ascii "
        "in boolean mode call repeat right left drop table alter create truncate database into "
        "values"
    )
)
# A keyword between form-encoded spaces (`1+or+1=1`), or opening a quoted phrase
# (`"union+select"+explained`, a search engine's query in a Referer) or a parameter's value
# (`?q=select+all+from+the+%22union%22+collection`, a page's query string an analytics
# event records).
_PLUS_KEYWORD: Final = re.compile(
    r"(?:^|\+|(?<=[\"'=]))(?:or|and|xor|union|select|having|where|waitfor|order|group|rlike"
    r"|like|limit)\+"
)
# A value that is an operator between two quotes: the query around it closes and reopens
# them ('' - ''), and the answer tells the prober whether the value reached SQL. After
# the field's own value and with a number between operators too: `1'-0-'`, `1'^0^'`,
# `abc'*'` ('1' - 0 - '', the same value when it did). In double quotes too, which MySQL
# reads as a string's (`"-"`).
_OPERATOR_PROBE: Final = re.compile(
    r"\s*\w{0,16}(['\"])\s*[-+*^&|%/]{1,2}\s*(?:\d{1,4}\s*[-+*^&|%/]{1,2}\s*)?\1\s*"
)
_OPERATOR_PROBE_CHARS: Final = 28
# 1 OR true, 9999 or /*+hint*/ true: boolean literals read as numbers in the fingerprint;
# and a blind pair's halves, 1 AND true and 1 AND false (the same rows, then none). Or the
# tautology alone, the rest of the query commented out: `or true--`, `OR 1#`, a list's
# line spliced after the field's own value.
_TRUE_PROBE: Final = re.compile(
    r"\s*-?\d+\)*\s+(?:(?:or|\|\|)\s+\(*\s*(?:true|not\s+false)"
    r"|(?:and|&&)\s+\(*\s*(?:not\s+)?(?:true|false))\s*(?:$|--|#|;|\))"
    r"|\s*(?:or|\|\|)\s+(?:true|1|not\s+false)\s*(?:--|#)"
)
# A condition of literals, which no query needs and every blind probe asks: CASE WHEN 1=2
# THEN, CASE 3 WHEN 3 THEN, IF(1=1,…), IIF(8=9,1,1/0), ELT(5=5,1), MAKE_SET(3=4,…).
_LITERAL: Final = r"(?:\d+|'[^'\n]{0,20}')"
_CONDITION: Final = (
    rf"\s*\(?\s*{_LITERAL}\s*(?:=|<>|!=|<=?|>=?|\s(?:r?like|regexp)\s)\s*{_LITERAL}\s*\)?\s*"
)
_LITERAL_CONDITION: Final = searchable(
    re.compile(
        rf"\bcase\s+when{_CONDITION}then\b|\bcase\s+{_LITERAL}\s+when\s+{_LITERAL}\s+then\b"
        rf"|\bif\s*\({_CONDITION},|\biif\s*\({_CONDITION},|\belt\s*\({_CONDITION},"
        rf"|\bmake_set\s*\({_CONDITION},"
    )
)
# Blind inference after logic: a character of the database's data as a number, compared
# (AND ASCII(SUBSTRING(user(),1,1))>64, OR ORD(MID(…))>96), or the length of one of its
# names (AND LENGTH(database())=8). The comparison may lie past the fingerprint's tokens.
_INFERENCE: Final = searchable(
    re.compile(
        r"(?:\band|\bor|&&|\|\|)\s*\(*\s*(?:ascii|ord|unicode)\s*\(\s*(?:substr(?:ing)?|mid)\s*\("
        r"[^<>=!;\n]{1,200}?\)\s*\)\s*(?:[<>]=?|!?=|<>)\s*\d"
        r"|(?:\band|\bor|&&|\|\|)\s*\(*\s*(?:length|len|char_length)\s*\(\s*(?:database|user"
        r"|current_user|version|schema|db_name)\s*\(\s*\)\s*\)\s*(?:[<>]=?|!?=|<>)\s*\d"
    )
)
# Logic, then a literal compared equal to itself (OR 1=1, AND 'a'='a', || (2=2)), which
# no filter needs. It may lie past the fingerprint's tokens, after columns compared (`a0 > 0
# and … a15 > 15 or 1=1`). (Each keyword's boundary checked one character later, as
# `searchable` writes it: the search skips to the characters a match starts with.)
_LITERAL_TAUTOLOGY: Final = re.compile(
    r"(?:o(?<!\wo)r|a(?<!\wa)nd|\|\||&&)\s*\(*\s*(?P<literal>\d+|'[^'\n]{0,20}')\s*\)?\s*="
    r"\s*\(?\s*(?P=literal)(?![\w'.])"
)
# A procedure called in a statement stacked after `;`, its arguments ending it: ;CALL
# REGEXP_SUBSTRING(…, not "Call me; call mom(later) tonight", where words follow them.
_STACKED_CALL: Final = re.compile(r";\s*call\s+[\w.$]{1,64}\s*\((?![^()\n]{0,120}\)[ \t]+[a-z])")
# A statement that reads a server's catalogue, copies a database or a file out, or locks
# tables, stacked after a value's first word (`1;show tables--`, `1';backup database x to
# disk='\\evil\s\x'--`, `;bulk insert t from '\\evil\s\x'`), in its own grammar: not
# "Closed; show the receipt", "Room 5; lock the door".
_STACKED_ADMIN: Final = re.compile(
    r"^[^;\s]{0,40};\s*(?:show\s+(?:full\s+)?(?:tables|databases|schemas|grants|processlist"
    r"|variables|columns\s+from|create\s+table|master\s+status|slave\s+status)\b"
    r"|backup\s+(?:database|log)\s+\S+\s+to\s+(?:disk|url)\s*="
    r"|bulk\s+insert\s+\S+\s+from\s+['\"]|dbcc\s+[a-z]\w*"
    r"|lock\s+tables?\s+[\w.`]+\s+(?:read|write)\b)"
)
# ...and a sentence's instruction after one: "results are approximate; call
# `RetrieveRegisterParameters` on a domain first". CALL takes a procedure's arguments or
# nothing after its name, not a word.
_PROSE_CALL: Final = re.compile(r";\s*call\s+(?:`[^`\n]{1,80}`|[\w.$]{1,64})\s+[a-z]")
# A quoted phrase ends at a blank, the end, or an element's end tag in rich text
# (`<strong>"Union"</strong> station`); in a search saved in a URL, at the end of the
# string or the list it is in (Kibana's Rison: `query:'message:"drop table"')`).
_QUOTED_PHRASE: Final = re.compile(
    r"""\s*(['"])[\w ]{1,60}\1(?:\s|$|</[a-z][a-z\d]{0,9}>|['),\]])"""
)
# Strings joined by logic, and nothing else: nothing compared, called or commented out.
_JOINED_STRINGS: Final = re.compile(r"s(?:&s)+")
# Markdown's inline code around a short literal, in prose: "defaults to `'!='`", "the
# prompt, `'> '`": a literal shown, the quote opening it no closing one. So in rich text's
# code element: "an equals sign <code>'='</code> or <code>'\0'</code>".
_CODE_SPAN_LITERAL: Final = re.compile(r"`(['\"])[^'\"`\n]{0,8}\1`")
_CODE_ELEMENT: Final = "<code>"
_CODE_ELEMENT_LITERAL: Final = re.compile(r"<code>(['\"])[^'\"<\n]{0,8}\1</code>", re.I)


def _literal_shown(text: str, at: int) -> bool:
    """Whether the quote at `at` opens a short literal that Markdown's inline code or a
    code element holds alone (`_CODE_SPAN_LITERAL`, `_CODE_ELEMENT_LITERAL`)."""
    if text[at - 1 : at] == "`":
        return _CODE_SPAN_LITERAL.match(text, at - 1) is not None
    start = at - len(_CODE_ELEMENT)
    return (
        start >= 0
        and text[start:at].lower() == _CODE_ELEMENT
        and _CODE_ELEMENT_LITERAL.match(text, start) is not None
    )


# GNU's old quotation marks, a backquote and an apostrophe, listed in prose: "`--inet4' and
# `--inet6' (or `-4' and `-6')", "`-a' or `--all'" (NEWS files, info manuals and man pages
# of GNU's tools). The apostrophe ends a quotation that another follows; read as SQL, the
# backquote opened a name that the next one closes, and `--all' was a comment.
_GNU_QUOTED: Final = re.compile(r"(?<![\w`])`[^`'\"\s][^`'\"\n]{0,39}'")
_GNU_QUOTED_NEXT: Final = re.compile(r"\s*(?:,|\(?(?:and|or|nor)\s)\s*`[^`'\"\s][^`'\"\n]{0,39}'")


def _gnu_quotation_end(text: str, at: int) -> bool:
    """Whether the apostrophe at `at` closes a quotation a backquote opened that another
    follows (`_GNU_QUOTED`, `_GNU_QUOTED_NEXT`)."""
    opening = text.rfind("`", max(at - 40, 0), at)
    return (
        opening >= 0
        and _GNU_QUOTED.fullmatch(text, opening, at + 1) is not None
        and _GNU_QUOTED_NEXT.match(text, at + 1) is not None
    )


# A number of inches after a word, where a double quote closes it in prose: a size.
_INCH_MARK: Final = re.compile(r"[a-z][^\S\n]+\d{1,3}(?:\.\d{1,2})?$")
_COMMENTED_TAIL: Final = re.compile(r"s\)*[&koa][^c]{0,8}c")
# A shell's line: it opens with a test (`[ -n "$OPTS" ]`, `[[ … ]]`, `test -z "$root"`), or
# names its variables before its first `&&` or `||` (`check_dir "$dir" || missing=1`):
# what follows the logic there sets a variable (`&& OPTS="$OPTS "`), it compares nothing.
_SHELL_TEST: Final = re.compile(r"\s*(?:\[\[?|test)\s+(?:-[a-z]\s|[\"'$!]|x\")")
_SHELL_VARIABLE: Final = re.compile(r"\$(?:\{?[a-z_]\w*\}?|[0-9?@#])")
_SHELL_LOGIC: Final = ("&&", "||")


def _shell_logic(text: str) -> bool:
    """Whether `text` is a shell's line whose logic sets a variable (`_SHELL_TEST`,
    `_SHELL_VARIABLE`), or lines each so where they hold logic (a script's
    `dir="$XDG_DATA_HOME"⏎[ -n "$dir" ] || dir="$HOME/.local/share"`)."""
    if "\n" not in text:
        return _shell_line(text)
    lines = [line for line in text.split("\n") if "&&" in line or "||" in line]
    return bool(lines) and all(_shell_line(line) for line in lines)


def _shell_line(text: str) -> bool:
    """`_shell_logic` of one line. (Its first `&`, `|` or line break found by `find`, not
    a pattern that would try each `$` before it again.)"""
    if _SHELL_TEST.match(text):
        return True
    end = len(text)
    for mark in ("&", "|", "\n"):
        found = text.find(mark, 0, end)
        if found >= 0:
            end = found
    return text.startswith(_SHELL_LOGIC, end) and _SHELL_VARIABLE.search(text, 0, end) is not None


_PROSE_BREAKOUT: Final = re.compile(r"^s\)*&+\(*(?:[nvfE]|s\)*[oa]|b\([nsv],)")
# A quotation closed and a clause of prose after a semicolon: "the prompt is `>>>'; the
# second…". A statement after it (`'; drop …`) is a keyword, not a plain word.
_PROSE_SEMICOLON: Final = re.compile(r"s\)*;b")
# Logic after a literal closed by a quote after a blank, then a comparison of operands, a
# comment or a call: what makes that quote a closing one (`_contexts`).
_LOOSE_BREAKOUT: Final = re.compile(r"^s\)*&+\(*(?:[nsv]\)*(?:o\(*[nsvf]|c)|f\()")
# ...or a probe of the query's columns commented out after it: `john ' ORDER BY 5--`,
# a User-Agent's `Mozilla/5.0 ' HAVING 1=1#`.
_LOOSE_CLAUSE: Final = re.compile(
    r"['\"]\s*\)*\s*(?:(?:order|group)\s+by\s+\d+(?:\s*,\s*\d+)*(?:\s+(?:asc|desc))?"
    r"|having\s+\d+\s*(?:=|<>?|>|!=)\s*\d+)\s*(?:--|#|/\*|;)"
)
# What no sentence says after a quote: logic comparing a literal with itself (`' OR ''='`,
# `'||'1'='1`) or numbers, the rest commented out (`' or 2 > 1--`, `' OR 1 -- -`), the
# literal compared with a number so (`'=0--+`), a statement
# that destroys or runs something stacked after `;`, a UNION SELECT the rest of the query
# is commented out after or that a false comparison leads (`' AND 1=0 UNION ALL SELECT
# 'admin', '…`), a subquery concatenated or asked whether it has rows (`' OR EXISTS(SELECT
# …`), a column asked whether it is set (`' OR username IS NOT NULL OR …`) or matched with
# an escape character (`' or username like totpSecret escape 'x'`), a delay joined
# by logic or stacked (`' WAITFOR DELAY '0:0:5'--`, `1' RLIKE SLEEP(5)`), a probe of the
# query's columns commented out (`' GROUP BY users.id HAVING 1=1--`, `1' ORDER BY 3--`), or
# an error made to show what it reads (`' AND extractvalue(1, …`, `' GROUP BY
# CONCAT(version(), …`). (What may open each, looked ahead for first: a text of code has a
# quote every few words, and every alternative was tried after each, 1 ms a 64 KB page.)
_PROSE_INJECTION: Final = re.compile(
    r"['\"]\s*\)*\s*(?=[oag|&=<>!+;uwhr])(?:(?:or\s+|\|\|\s*)\(*\s*(['\"]?)(\w{1,20})\1\s*(?:=|like)\s*['\"]?\2['\"]?(?!\w)"
    r"|or\s+(['\"])\3=\3"
    # The literal closed and compared with a number, the rest commented out: `'=0--`.
    r"|(?:=|<>|!=|<=?|>=?)\s*\d+\s*(?:--|#|/\*)"
    r"|(?:or|and|\|\||&&)\s+\d+\s*(?:(?:=|<>|!=|<=?|>=?)\s*\d+\s*(?:--|#|/\*)"
    r"|(?:--|#)[^\w\n]{0,3}(?:\n|$))"
    # The same with a form's spaces never decoded: `'+OR+1=1--`.
    r"|\+(?:or|and)\+\d+(?:=|<>|!=|<=?|>=?)\d+(?:--|#|/\*)"
    r"|;\s*(?:drop\s+(?:table|database)|delete\s+from|insert\s+into|truncate\s+table|shutdown"
    r"|exec(?:ute)?\s+(?:master\.|xp_))\b"
    r"|union\s+(?:all\s+|distinct\s+)?select\b[^'\"\n]{1,200}?(?:--|#|/\*)"
    r"|(?:and|or)\s+\d+\s*=\s*\d+\s+union\s+(?:all\s+|distinct\s+)?select\b"
    r"|\|\|\s*\(\s*select\b"
    r"|(?:and|or|\|\||&&)\s+(?:not\s+)?exists\s*\(\s*select\b"
    r"|(?:or|\|\|)\s+[\w.]{1,30}\s+is\s+not\s+null\b"
    # A pattern given its escape character, which only SQL names so: `' or username like
    # totpSecret escape 'x';` (Juice Shop's second factor, read).
    r"|(?:or|and|\|\||&&)\s+[\w.]{1,30}\s+(?:not\s+)?like\s+[\w.']{1,40}\s+escape\s+'"
    r"|(?:;\s*)?waitfor\s+delay\s+'[\d:.]+'"
    r"|(?:group\s+by\s+[\w.]{1,30}(?:\s*,\s*[\w.]{1,30})*\s+)?having\s+\d+\s*=\s*\d+\s*(?:--|#|/\*)"
    r"|(?:order|group)\s+by\s+\d+(?:\s*,\s*\d+)*\s*(?:--|#|/\*)"
    r"|(?:and|or|\|\||&&|rlike)\s*\(*\s*(?:sleep|pg_sleep|benchmark)\s*\(\s*\d"
    r"|(?:and|or|group\s+by)\s+\(*\s*(?:extractvalue|updatexml|concat\s*\(\s*version)\s*\()"
)
# A statement that destroys or runs something, stacked after `;` and ended at once (the
# value's end, `;`, a comment): "…; drop table support was added" goes on as a sentence.
_PROSE_STATEMENT: Final = re.compile(
    r";\s*(?:drop\s+(?:table|database)|truncate\s+table|delete\s+from|exec(?:ute)?\s+master\.)"
    r"\s+[\w.`\"\[\]]{1,64}\s*(?:$|;|--|#|/\*)|;\s*shutdown\s*(?:$|;|--|#|/\*)"
)
# A quote, then at once a comment to the end of the value: the rest of the query
# commented out.
_COMMENTED_END: Final = re.compile(r"['\"](?:--|#|/\*)[^'\"\n]*\Z")
# What a literal closed to comment out the rest of a query held: a name, a number, an
# address, a pattern (admin'--, 1'#, anna@example.com';). A comment after `};N'` or `+"`
# is a random secret's punctuation: no value of an application ends that way.
# One character class: as an alternation (a word character or a non-ASCII one, which most
# letters are both) a value of accented letters failing at its end took 4^n tries.
_HELD_VALUE: Final = re.compile(r"[\w@.+%*\\\x80-\U0010ffff-]*")
# A quote, then `#` glued to more characters, in a value with no blank: a random
# secret's (`zuJuoyW*3NAiK"#7D<}`), not a comment an injection ends with (`admin'#`).
_HASH_GLUED: Final = re.compile(r"['\"`]#[^\s#-]")
# A value that opens with a phrase in quotes that starts with `#`: a hashtag, a rank, a
# channel or a C preprocessor's directive quoted ('"#MeToo" trended', `'#1 seller'
# badge`, `"#include <stdint.h>" (for …`): no comment after a literal closed with nothing
# in it, which would have swallowed the quote that closes the phrase.
_QUOTED_HASH: Final = re.compile(r"\s*(['\"`])#[^'\"`\n]{0,80}\1")
# A multipart type, then its parameters up to `boundary=` (`_confirm`).
_MULTIPART_TYPE: Final = re.compile(r"multipart/[\w.+-]+[ \t]*;[^\n]{0,300}?\bboundary=\Z")
# A quote, then an interpolation that closes and the string's end on its line: Ruby's and
# CoffeeScript's string (`"#{model.name}_count"`), not a comment after a closed one.
_INTERPOLATION: Final = {
    quote: re.compile(r"#\{[^{}\n]{1,200}\}[^" + quote + r"\n]{0,200}" + quote) for quote in "'\"`"
}


def _interpolated(text: str, closing: int) -> bool:
    """Whether the quote at `closing` opens a string an interpolation opens (`_INTERPOLATION`),
    where code opens a string: not glued to a word (`admin'#{x}'` closes one, then
    comments the rest out)."""
    interpolation = _INTERPOLATION.get(text[closing : closing + 1])
    return (
        interpolation is not None
        and not word_char(text[closing - 1 : closing] or " ")
        and interpolation.match(text, closing + 1) is not None
    )


# A quote that ends a line before a line of dashes, a text's rule between its sections, and
# more text after it: "tarballs (`make full-distcheck')\n\n-----\nSed 4.1.3"; or a rule
# on the quote's line, as Vim script's comments draw one (`" ------…\n" s:Netrw…`). What
# follows the rule would end a query the dashes commented out.
_RULED: Final = re.compile(r"\)?[ \t]*(?:\n(?:[ \t]*\n)*[ \t]*)?-{3,}[ \t]*\n\s*\S")
# A quote on a line of a text that a `#` opens, a comment of the text's own language (a
# configuration's, a script's: "# from that user with `edquota -p QUOTAUSER newuser'\n#
# Default: …", Python's `# Order follows AWS' order`): what follows it is the text's.
_COMMENT_LINE: Final = re.compile(r"[ \t]*#")
# A literal whose method is called, in code: Python's `"=".join(parts)`, `" OR
# ".join(conditions)`, JavaScript's `'&'.concat(q)`. SQL calls no method of a string, and
# the literal is whole: no quote closes the query's there.
_METHOD_OF_LITERAL: Final = re.compile(r"([\"'])[^\"'\n]{1,12}\1\.[a-z_]\w*\(")
_BLANK: Final = re.compile(r"\s")
# An attribute's value in a tag: <a href="#top">. Markup is no name a query looks up.
_IN_TAG: Final = re.compile(r"<[a-z][\w:-]*\s[^<>]*=\s*$")


def _held(text: str, start: int, quote: int) -> bool:
    """Whether what the quote at `quote` closes, from `start`, is a value a commented-out
    query could look up (admin'--), and no attribute of a tag."""
    return _HELD_VALUE.fullmatch(text, start, quote) is not None and not (
        "<" in text and _IN_TAG.search(text, 0, quote)
    )


# SQL's own words. Lower-cased, an injection made of them (`' or username is not null or
# username = '`, `1 rlike (select (case when …`) reads as prose by its words alone; prose
# and code that use some of them ("select the best option from the list") use others more.
_SQL_WORDS: Final = frozenset(
    words(
        "select union from where and or xor not null is like rlike regexp case when then "
        "else end order by group having limit offset insert into values update set delete "
        "drop exec execute declare sleep benchmark waitfor delay in between exists all "
        "distinct as join true false similar escape"
    )
)
_PROSE_CHECKED: Final = 512  # characters: longer text is prose as its words say
_PUNCTUATION: Final = "\"'()[]{},.;:!?`"


def _prose(view: View, lower: str) -> bool:
    """Prose, unless at least half its words are SQL's own."""
    if not view.prose or len(lower) > _PROSE_CHECKED:
        return view.prose
    plain = sql = 0
    for token in lower.split():
        core = token.strip(_PUNCTUATION)
        if core.isalpha():
            plain += 1
            sql += core in _SQL_WORDS
    return 2 * sql < plain


# A number, then logic joined to it by inline comments of no blank, which no text puts where
# blanks go: `1/**/AND/**/1`, `1/**/OR 2` (identYwaf's probe of a filter, sqlmap's
# space2comment); not a note, `2 /* pages */ or more`.
_INLINE_COMMENT: Final = r"/\*[^*\s]{0,40}\*/"
_COMMENTED_LOGIC: Final = re.compile(
    rf"\s*-?\d+\s*(?:(?:{_INLINE_COMMENT}\s*)+(?:and|or|xor|&&|\|\|)(?![\w])"
    rf"|(?:and|or|xor)\s*{_INLINE_COMMENT})\s*(?:{_INLINE_COMMENT}\s*)*[\w'\"(@-]"
)
_SHAPES: Final[tuple[tuple[Rule, re.Pattern[str], bool], ...]] = (
    # (rule, pattern over the fingerprint, applies only to quoted contexts)
    (R_UNION, re.compile(r"U[kK(]*E"), False),
    # Not a bare word or a number and a quote the query's own closes, at the end: `2" or
    # so`, `5' or 6'` say how tall, and in SQL they are syntax errors. Nor a number and a
    # word (`5' 10" and 160 lbs`): an alias, which no condition takes.
    (R_BREAKOUT, re.compile(r"^s\)*&+\(*(?:n(?!s$|b)|[svfE]|b[oa()kc;]|[kK])"), True),
    # A new statement may start with a word, a keyword or a parenthesis, not an operator
    # nor a string: `';' is the separator` quotes a semicolon. A word alone, then, before
    # a quote, a comment, a call or the end (`';print'`, `";htop"`): not `';Wyyj?7\]&`, a
    # password's characters.
    (R_COMMENT, re.compile(r"^s\)*(?:c|;(?:b(?:[sc(]|$)|(?![ao,)&sb])))"), True),
    # A comparison, or one of the literal closed worked on with another: MySQL's blind
    # probe `1'^'1'='0` (XOR; `|`, `*`, `+` alike) is true or false as the query runs it.
    # Not a string compared that a bare word follows, a syntax error: a message quoting
    # an operator, "'=' expected after 'key'", "'<' after '%s' is not valid".
    (
        R_COMPARE,
        re.compile(r"^s\)*o(?:[nvf(]|s(?!a?b))|^s\)*a\(*(?:[fE]|[nsv]\)*o\(*[nsv])"),
        True,
    ),
    # ...a statement SQL Server takes without `;` ('))) SELECT COUNT(*) FROM …), and a
    # condition of literals choosing one (' IF(1=2) SELECT …)
    (R_CLAUSE, re.compile(r"^s\)*(?:K|E(?:[kKo(v*abf]|$)|k\(+E|f\([nsv]o[nsv]\)E)"), True),
    (R_UNION, re.compile(r"^s\)*U"), True),
    # 1 AND 1=1, 1 OR 'a' LIKE 'a', 1 OR 'a' IN ('a'), 1 AND 2--, 1 AND f(, 1 AND(f(
    (
        R_NUMERIC,
        re.compile(
            r"^n\)*&\(*[nsvf](?:o|\)*k\(*[nsvf]|b\(+[nsv])|^n\)*&\(*[nsvf]\)*c|^n\)*&\(*f\("
        ),
        False,
    ),
    # A subquery after logic or a clause: 1 AND (SELECT …), 1 GROUP BY CONCAT(…,(SELECT …;
    # a function's result: 1 AND GTID_SUBSET(CONCAT(…, 1 AND(GTID_SUBSET(CONCAT(…
    (
        R_NUMERIC,
        re.compile(r"^n\)*(?:&\(+|K[bnkfvs,(]*\()E(?:[nsvfkK(*]|b[kK,(])|^n\)*&\(*b\(+f\("),
        False,
    ),
    # 1 ORDER BY 10--, and a whole value that is a number sorted by column numbers: 1 ORDER
    # BY 10, 1 GROUP BY 1,2,3 DESC (counting a query's columns). Not a clause a bare word
    # or the comment follows at once, no SQL after a number: an address, "17 Where St #3",
    # "17 From Rd -- back entrance", a note, "11350 Limit -- per customer".
    (R_NUMERIC, re.compile(r"^n\)*K[kn,][kbn,]*c|^n\)*Kkn(?:,n)*k?$"), False),
    # ...and after a word (an e-mail address too) where a number was expected, or alone:
    # abc ORDER BY 1--, a@b.co) ORDER BY 1--, ) ORDER BY 1-- (a column number sorted by,
    # then the rest of the query commented out)
    (R_NUMERIC, re.compile(r"^(?:bv?)?\)*Kkn(?:,n)*c"), False),
    # A condition of literals where a column or a statement goes: 1,(CASE WHEN 1=2 THEN …,
    # 1,IIF(1=2,1,1/0), 1;IF(1=2) SELECT …
    (R_NUMERIC, re.compile(r"^n\)*[,;]\(*(?:kk|f\()\(*[nsv]\)*o\(*[nsv]"), False),
    # 1 AND 3*2=6, 1 GROUP BY 1,2 HAVING 1=1: arithmetic or a clause before the comparison
    (
        R_NUMERIC,
        re.compile(r"^n\)*&\(*[nsvf](?:a\(*[nsvf]\)*)+o|^n\)*(?:K[kbn,]*)*K\(*[nsvf]\)*o"),
        False,
    ),
    (R_STACKED, re.compile(r";E(?:[kKna(vfs*]|c|$)"), False),
    # 1;select username,password from users--: columns by name, then FROM (`_COLUMNS_AFTER`)
    (R_STACKED, _COLUMNS_AFTER := re.compile(r";E(?:b,)*bK"), False),
    # 1) SELECT COUNT(*)…: a statement SQL Server takes without `;`, after a number or a word
    (R_STACKED, re.compile(r"^[nb]\)+Ef\("), False),
    # 1;CALL f(…): a procedure called in a statement stacked after a number
    (R_STACKED, re.compile(r"^n\)*;Eb\("), False),
    # ;IF(1=2) SELECT …: a stacked condition of literals
    (R_STACKED, re.compile(r";f\(\(*[nsv]\)*o\(*[nsv]"), False),
    (
        R_TAUTOLOGY,
        # ...or logic, then a condition of literals: OR ELT(1=1,…), AND CASE WHEN 1=2 THEN;
        # calls concatenated and compared: AND CHAR(113)||CHAR(88)=REGEXP_SUBSTRING(…
        # (Not one a word follows with nothing between, which SQL cannot parse: a shell's
        # command after its variable, `npm ci && CI=true npm test -- --coverage`; nor one
        # joined to a comparison of a literal before it, arithmetic's chain in a sentence
        # or a range's bounds in code: "Is 3 > 2 and 5 < 7 true?", "Price: 10 < 20 and 30 >
        # 25; so…", Lua's `0xDC00 <= value2 and value2 <= 0xDFFF`.)
        re.compile(
            r"(?<![nsv]o[nsvb])&\(*[nsvb]\)*o\(*(?:[nsv](?!b)|[f(])|^&\(*[nsvf]\)*o"
            r"|&\(*f\([nsvb,]*\)(?:[&a]f\([nsvb,]*\))*o"
            r"|&\(*(?:kk|f\()\(*[nsv]\)*o\(*[nsv]"
            # AND CHAR(113)||CHAR(88)||CHAR(98)…: a string built of character codes (its
            # second code past the fingerprint's twelve tokens after `abc)))`)
            r"|&f\(n\)&f\("
        ),
        False,
    ),
    (R_CLAUSE, re.compile(r"^[)ns]\)*A[bs]K|^b\)+A[bs]K"), False),
    # abc WHERE 1=1 AND …, abc) HAVING 1=2--: a word, then a clause comparing literals and
    # what ends a condition (not "items where 1 = 1 is true")
    (R_CLAUSE, re.compile(r"^b\)*(?:Ab)?K\(*[nsv]\)*o\(*[nsv]\)*(?:$|[&c;K])"), False),
    # (1=2)*3: a comparison of literals that the arithmetic around it turns into a number
    (R_NUMERIC, re.compile(r"^\(+[nsv]o[nsv]\)+a"), False),
    # 1=1--, 1='1' or-- -: a comparison of literals, then logic, a comment or a new statement
    (R_TAUTOLOGY, re.compile(r"^n\)*o\(*[ns]\)*(?:&|c|;)"), False),
    # ORDER BY (CASE WHEN (1=1) THEN name ELSE id END): a boolean probe in a sort key
    # (`_SORT_KEY_CASE`; not two other keywords, a Lua block's `end⏎end⏎amp = "&"`)
    (R_CLAUSE, _SORT_KEY_PROBE := re.compile(r"^\(*kk\(*[nsvb]\)*o"), False),
)
_SORT_KEY_CASE: Final = re.compile(r"[\s(]*case\b")
_STATEMENT_TOKENS: Final = frozenset(
    t for t in TOKENS if t.strip(_TOKEN_PUNCTUATION) in _STATEMENTS | {"union", "select"}
) | {_GRANTED_EVERY}
# A SELECT that selects nothing, or only words from nowhere, is words about SQL or a form's
# label: "select from where sql tutorial" (a search a Referer carries), "select all that
# apply", "select all from dropdown", "select * from where not in", "Select * to choose
# all" (ALL and DISTINCT need a column after them, FROM a table, `*` a FROM); so are words
# from nowhere with a plain condition on them, as a search box is typed ("select all
# products where price < 10"), or with an apostrophe ("Select all checkbox doesn't select
# hidden rows"). Not `select @@version`, `select sleep(5)` nor `select name from users`.
# Nor are a menu's labels: "Select all | Select none", "Select all / Deselect all".
# So is an UPDATE, INSERT or DELETE of no table: "update set where join mysql".
_NOTHING_SELECTED: Final = re.compile(
    r"\W*(?:select\s+(?:(?:all|distinct)\s+)?(?:from|where)|update\s+(?:set|where)"
    r"|select\s+all\s*[|/]\s*(?:de|un)?select\s+(?:all|none)"
    r"|insert\s+(?:values|set)|delete\s+where|(?:select\s+\*\s*|delete\s+)from\s+where"
    r"|select\s+\*\s*(?!from\b|$|[;,)])(?=\w))\b"
    r"|\W*select\b(?!.*\bfrom\b)(?:[a-z_\s]|\b'\b)*(?:\bwhere\b[^()@'\"`;#-]*)?$",
    re.S,
)
_STATEMENT: Final = re.compile(r"E[kKoab,f(n)s]*K[bnsv(]*.*|K\(*E.*|E\(*k.*")
# What a verb needs to make a statement at all: "Update all packages", "Drop all changes",
# "Insert into cart", "Alter table layout" are a form's labels and a log's messages.
# A procedure's name and what may follow it in a call: the end, a literal, a variable, a
# number, a parenthesis (`EXEC sp_who`, `EXEC xp_cmdshell 'dir'`, `EXECUTE p @a = 1`).
_PROCEDURE_CALLED: Final = r"[\w.\[\]@#]+\s*(?:$|[;'\"@(,=]|--|/\*|n'|\d)"
_VERB_NEEDS: Final = {
    "update": re.compile(r"\bset\b"),
    # ...a table's name, not a keyword: "delete from where in", "insert into select" are
    # searches for the syntax. Before FROM, tables listed with commas; after its table and
    # an alias, the end or a clause: not "Delete selected items from cart", "Delete from
    # this device only" (a form's labels).
    "delete": re.compile(
        r"\bdelete\s+(?:(?:low_priority|quick|ignore)\s+)*(?:[\w.*`]+(?:\s*,\s*[\w.*`]+)*\s+)?"
        r"from\s+(?!(?:where|in|select|join|using)\b)[\w.`\"\[\]]+"
        r"(?:\s+(?:as\s+)?(?!(?:where|using|order|limit|join|inner|left|right|returning"
        r"|partition)\b)\w+)?\s*(?:$|[;,)]|--|#|/\*|\b(?:where|using|order|limit|join|inner|left"
        r"|right|returning|partition)\b)"
    ),
    "insert": re.compile(
        r"\binsert\b(?:\s+(?:low_priority|delayed|high_priority|ignore|into))*\s+"
        r"(?!(?:select|values?|set|into)\b)[\w.`\"\[].*?\b(?:values?|select|set)\b",
        re.S,
    ),
    # MySQL's, with a table's columns, values, query or assignments after its name: not
    # "Replace all", "Replace into cart in bulk".
    "replace": re.compile(
        r"\breplace\s+(?:(?:low_priority|delayed)\s+)?(?:into\s+)?[\w.`\"\[\]]+\s*"
        r"(?:\(|\b(?:values?|select|set)\b)"
    ),
    # ...its source: not git's "Merge branch 'main' into feature/delete-account".
    "merge": re.compile(r"\busing\b"),
    # ...and the object's name: not "drop database if exists", "alter table add column"
    # (searches for the syntax).
    # The statement ends at the name, or names more, or takes its options: not "Drop table
    # for admins", "Drop procedure on mobile" (issues' titles).
    "drop": re.compile(
        r"\bdrop\s+(?:table|database|schema|user|view|index|procedure|function|trigger|role)\s+"
        r"(?:if\s+exists\s+(?=\S)|(?!if\s+exists\b))[\w.`\"\[\]@'%]+\s*"
        r"(?:$|[;,(]|--|#|/\*|\b(?:cascade|restrict|purge|on|force)\b)"
    ),
    # A procedure's name, then its arguments (literals, variables) or nothing; a string of
    # SQL in parentheses: not "Exec summary is slow", "Execute all throws 500".
    "exec": re.compile(r"\bexec\s*(?:\(|" + _PROCEDURE_CALLED + r")"),
    "execute": re.compile(
        r"\bexecute\s*(?:\(|immediate\b|\w+\s+using\b|" + _PROCEDURE_CALLED + r")"
    ),
    # A variable and its type: DECLARE @x INT, DECLARE c CURSOR FOR; not "Declare by id".
    "declare": re.compile(
        r"\bdeclare\s+(?:@|\w+\s+(?:cursor|int|integer|bigint|smallint|varchar|nvarchar|char"
        r"|nchar|number|text|table|bit|datetime|date|decimal|numeric|float|boolean|record)\b)"
    ),
    # A table's name, then the end or its options: not "Truncate by id via API", nor
    # "truncate table", a search that names no table.
    "truncate": re.compile(
        r"\btruncate\s+(?:table\s+)?(?!table\s*$)[\w.`\"\[\]]+\s*"
        r"(?:$|;|--|#|\b(?:cascade|restrict|restart|continue|drop|reuse|partition)\b)"
    ),
    # SQL Server's, alone or WITH NOWAIT: not "Shutdown group with null values".
    "shutdown": re.compile(r"\bshutdown\s*(?:$|;|--|#|with\s+nowait\b)"),
    # "Create table of contents", "create table in excel": a table needs its columns (or
    # AS, LIKE) after its name; a database, a schema or a user may end the statement.
    "create": re.compile(
        r"\bcreate\s+(?:or\s+replace\s+)?(?:temporary\s+)?(?:(?:table|view|index|function"
        r"|procedure|trigger)\s+(?:if\s+not\s+exists\s+)?[\w.`\"\[\]]+\s*(?:\(|\b(?:as|like|on)\b)"
        r"|(?:database|schema|user|role)\s+(?:if\s+not\s+exists\s+)?\S+\s*"
        r"(?:$|;|--|#|\b(?:identified|character|default|with|password)\b))"
    ),
    # ...and an action after a table's name: not "Alter table layout on mobile", a commit's
    # title.
    "alter": re.compile(
        r"\balter\s+(?:table\s+(?!(?:add|drop|modify|change|rename|alter)\b)\S+\s+"
        r"(?:add|drop|modify|change|rename|alter|engine|auto_increment|convert|set|owner"
        r"|enable|disable|attach|detach|partition|character|default|comment|row_format"
        r"|algorithm|lock|force|validate|inherit|cluster|replica)\b"
        r"|(?:user|database|schema|system|view|role)\s+"
        r"(?!(?:add|drop|modify|change|rename|alter)\b)\S+\s+\w)"
    ),
}
# Words that make a statement a question about SQL, a search: "truncate table vs delete",
# "select * from dual oracle", "insert into select example". No query names them (a
# statement that is a whole value runs only where a value is run as SQL whole). A word,
# not a schema: `mysql.user` is the table of MySQL's accounts. Nor does a query hold an
# ellipsis where names go: "INSERT INTO ... SELECT FROM ..." is a statement's shape.
_SQL_QUESTION: Final = re.compile(
    r"(?<![\w.])(?:vs|versus|examples?|explained|tutorial|syntax|equivalent|alternative"
    r"|difference|meaning|how|why|what|oracle|mysql|postgres(?:ql)?|sqlite|mssql|t-sql|tsql"
    r"|sql\s+server|stored\s+procedures?)"
    r"(?![\w.])|(?:^|\s)(?:\.\.\.|…)(?:\s|$)"
)
_FIRST_WORD: Final = re.compile(r"[\W\d_]*([a-z]+)")
# Words joined by hyphens, and a number at the end: a slug or an identifier
# (`delete-user-group-42`), which SQL would read as words subtracted from one another.
_SLUG: Final = re.compile(r"[a-z]+(?:-[a-z]+)+(?:-\d+)?")
# Data definition, which no ordinary text spells with this syntax: CREATE TABLE t (…,
# DROP TABLE t;, ALTER TABLE t ADD …, TRUNCATE TABLE t (which ends there or takes its
# options: not "Truncate table names longer than 64 chars"); and accounts made or given
# rights: CREATE USER x IDENTIFIED BY …, GRANT … ON *.* TO (MySQL's every database, or
# one's every table, `app.*`: not "Grant select on table reports to Anna", a ticket's).
_DDL: Final = re.compile(
    r"[\s;(]*(?:(?:create|alter)\s+(?:or\s+replace\s+)?(?:table|function|procedure|trigger|view)"
    r"\s+[\w.`\"\[\]]+\s*\(|alter\s+table\s+[\w.`\"\[\]]+\s+(?:add|drop|modify|change|rename)\b"
    r"|drop\s+(?:table|database|schema|function|procedure|view|trigger|user)(?:\s+if\s+exists)?"
    r"\s+[\w.`\"\[\]]+\s*(?:;|$|--|#|\bcascade\b)|truncate\s+table\s+[\w.`\"\[\]]+"
    r"\s*(?:;|$|--|#|\b(?:cascade|restrict|restart|continue|drop|reuse|partition)\b)"
    r"|(?:create|alter)\s+user\s+(?:if\s+not\s+exists\s+)?\S+\s+identified\s+(?:by|with)\b"
    r"|grant\s+[\w\s,()]{1,80}?\s+on\s+(?:[\w`]+|\*)\.\*\s+to\b)"
)
# Functions that exist in SQL dialects and hardly anywhere else; not in a spreadsheet's
# formula, a call right after `=` (`=CHAR(10)`, `=MID(A2,1,3)`), which after a column's
# own `=` in a query is `= =`; nor PostgreSQL's programs named with their manual's
# section, `pg_ctl(1)`, nor a function of no arguments given some ("database (cf: …)",
# a changelog's aside).
_SQL_ONLY: Final = re.compile(
    r"^(?!\s*=\s*\w)\W{0,3}(?:select\s+)?(?:(?:database|current_user|session_user|system_user)"
    r"(?=\s*(?:/\*.*?\*/\s*)?\(\s*(?:\)|$))|db_name|schema_name|user_name|"
    r"group_concat|concat_ws|concat|compress|uncompress|xmltype|"
    r"char|chr|ascii|unhex|hex|substring|md5|sha1|sha2|cos|cot|"
    r"substr|mid|cast|convert|find_in_set|make_set|elt|json_extract|json_keys|"
    r"sqlite_\w+|pg_\w+(?!\s*\([1-8][a-z]?\))|dbms_\w+|utl_\w+|sys_context|has_dbaccess|"
    r"is_srvrolemember|"
    r"object_id|col_name|table_name|load_extension|randomblob|nvl|decode|instr|"
    r"lpad|rpad|ifnull|nullif|coalesce|iif|abs|ceil|floor|exp|ln|power|sqrt|rand)"
    r"\s*(?:/\*.*?\*/\s*)?\("
)
# A function's name called with nothing in its parentheses, and no parenthesis with
# something in it or left open (`_functions_named`); the functions that take no
# argument, whose call alone reads what a probe is after.
_FILLED_CALL: Final = re.compile(r"\((?!\s*\))")
_EMPTY_CALL: Final = re.compile(r"[a-z_]\w*\s*\(\s*\)")
_WORD: Final = re.compile(r"[a-z]{2,}")
_FIRST_NAME: Final = re.compile(r"\W{0,3}(?:select\s+)?([a-z_]\w*)")
_NO_ARGUMENTS: Final = frozenset(
    words("database db_name schema_name user_name current_user session_user system_user rand")
)
# Arithmetic with the functions SQL shares with every calculator, whole and closed:
# "sqrt(16) = 4", "abs(-5)", "power(2,10)", "ln(Infinity) = Infinity", over a formula's
# variables of a letter ("floor(x/2)", "sqrt(a**2 + b**2)"); a call left open, `ABS(`,
# is a probe.
_ARITHMETIC: Final = re.compile(
    r"(?:\s*(?:(?:abs|ceil|floor|exp|ln|log|power|sqrt|rand|cos|cot|sin|tan)\s*\(|\d+(?:\.\d+)?"
    r"|pi\b|inf(?:inity)?\b|nan\b|[a-z](?![\w(])|[-+*/^=,()]))+\s*"
)
# A call with up to 60 characters of arguments, pairs of parentheses among them.
_CALL: Final = r"[a-z_]\w*\s*\((?:[^()\n]|\([^()\n]*\)){0,60}\)"
# A call that plain words follow, the value's first thing: a search or a title naming the
# function ("char(10) new line sql", "database() function mysql", "sleep(5) vs time.sleep
# in python"). SQL takes an alias after a call, where a column is selected, not where a
# probe is spliced in for a value, and no dotted name after the alias.
_CALL_THEN_WORDS: Final = re.compile(
    r"\s*" + _CALL + r"((?:[ \t]+[a-z]+(?:\.[a-z_]\w*)*)+)[\s.?!]*"
)
# A spreadsheet's formula, the whole value (`=IF(AND(B2>0,C2<>""),VLOOKUP(B2,Sheet2!A:B,2,
# FALSE),"n/a")`, `=COUNTIF(A:A,"<>")`, as the Sheets, Excel and Airtable APIs take cells):
# calls, cells and ranges (a sheet's name quoted or not), numbers, strings in double
# quotes, TRUE and FALSE, operators and separators, and nothing else, its parentheses
# closed. Its AND(…) and OR(…) are functions, its `"<>"` a criterion, the string of Google's
# QUERY(…) a query of the sheet; spliced into SQL, it is a literal or a syntax error
# (`= =IF(…`): no word of SQL but a call's name, no quote but a sheet's. What a formula
# does with a command or a link is rce's (CSV injection).
_FORMULA_TOKEN: Final = (
    r"\s+|[a-z_][\w.]*\("
    r"|(?:(?:'[^'\n]{1,100}'|[a-z_][\w.]*)!)?(?:\$?[a-z]{1,3}\$?\d+"
    r"(?::\$?[a-z]{1,3}(?:\$?\d+)?|:\$?\d+)?|\$?[a-z]{1,3}:\$?[a-z]{1,3}(?:\$?\d+)?"
    r"|\$?\d+:\$?\d+)"
    r"|(?:true|false)(?![\w(])|\d+(?:\.\d+)?(?:e[+-]?\d+)?%?|\.\d+"
    r'|"(?>[^"]*)(?>(?:""[^"]*)*)"|[-+*/^&=<>,;(){}%]'
)
# (Each token atomic, and their repeat: nothing is read twice.)
_FORMULA: Final = re.compile(r"=(?>(?:(?>" + _FORMULA_TOKEN + r"))*)")
_FORMULA_CALL: Final = re.compile(r"=\s*[a-z_][\w.]*\(")


def _formula(text: str) -> bool:
    """Whether `text` is a spreadsheet's formula (`_FORMULA`) that calls a function, its
    parentheses closed."""
    if not _FORMULA.fullmatch(text) or _FORMULA_CALL.match(text) is None:
        return False
    return _depth("".join(text.split('"')[::2])) == 0  # out of its strings


def _depth(text: str) -> int:
    """How many of `text`'s parentheses are left open, or -1 when one closes that was not
    opened."""
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return -1
    return depth


# A form builder's variable in braces, which no SQL has (ODBC's escapes name a keyword and
# a blank first, `{fn …}`): SurveyJS's `iif({age} > 18, 'adult', 'minor')`.
_BRACED_VARIABLE: Final = re.compile(r"\{[a-z_][\w.-]{0,40}\}")


def _classify(kind: str, word: str) -> str:
    if kind == "w":
        if word == "union":
            return "U"
        if word in _STATEMENTS:
            return "E"
        if word in ("true", "false"):
            return "n"  # boolean literals: ' or true
        if word in _LOGIC:
            return "&"
        if word in _STRONG_CLAUSES:
            return "K"
        if word == "as":
            return "A"
        if word in _CLAUSES:
            return "k"
        return "F" if word in _FUNCTIONS else "b"
    if kind == "o":
        # o: a comparison; a: arithmetic, concatenation or a cast
        return "&" if word in ("||", "&&") else "o" if word in _COMPARISONS else "a"
    if kind == "p":
        return word if word in "();" else ","
    return kind


_NONBLANK: Final = re.compile(r"\S")
# What a unary `!` or `~` applies to, right after it: a number, a literal, a group.
_UNARY_OPERANDS: Final = frozenset("0123456789('\"")
# A filter a person writes, columns compared to values and nothing else: `price < $100 &&
# rating > 4`, `amount >= 100 and amount <= 500`, a script's `onSale == true`; settings
# listed, "specify family=AF_INET, type=SOCK_STREAM and proto=0"; a word, then columns
# compared, as a log line's "error and code=500"; a label before it ("Filter: price < 100
# and stock > 0"), a brace (TraceQL's `{ span.http.status_code >= 500 && … } | count() >
# 2`, its attribute of any scope after a dot: `{ .http.status_code >= 500 && … }`) or words
# after it ("… rating > 4 — filter tips"). Spliced where a number goes, an
# injection starts with the number (1 AND 1=1), a parenthesis or a quote, or compares
# literals. So is a sentence after it ("x = 1 or x = 2; then x^2 - 3x + 2 = 0"), not a
# statement, and a sort by columns named, as a search API's query language takes one
# (Jira's `project = 'ABC' AND status = 'Done' ORDER BY created DESC`; an injection
# sorts by a column's number). So is a program's condition, in the parentheses of its `if`
# or `while` and then its block or statement (`if (x < 10 && y > 5) { return true; }`, its
# braces blanked as an ODBC escape's, or Lua's `then`; `} else if (…)` too), or before a
# block (Go's and Rust's `if x > 0 && y < 10 {`), assigned (`valid = age >= 18 && age <=
# 65;`) or a statement ended (`return a < 1 && b > 2;`), each comparison in parentheses or
# not (`return (x > 0) && (y > 0);`), or a template's tag (`{% if a and b > 18 %}`), or a
# macro's predicate over the variable it names (CEL's `self.values.all(v, v >= 0 && v <
# 100)`, as Kubernetes' validation rules and IAM's conditions write them), or a lambda's,
# the call's result assigned (C#'s `var adults = await db.Users.Where(u => u.IsActive &&
# u.Age > 18).ToListAsync();`). Its first operand may be negated or a call (`if (!user ||
# user.age > 18)`, `return !a || b > 0;`, `if (!isEmpty(x) && x.length < 100)`), follow a
# statement (Ruby's `puts "Hi" if a && b > 0`), its last ones a column's truth (`ok = a &&
# b > 0 || c;`), and a column compared with NULL (`if (a != null && a.length > 0)`): none
# is a literal.
_FILTER_EXPRESSION: Final = re.compile(
    r"(?:b?x{1,2}|bs)?(?:bo)?(?:bo{1,2}[nsvb](?:,bo{1,2}[nsvb])*|b?a?b)(?:&bo{1,2}[nsvb])+"
    r"(?:&a?b)*(?:;[bk][bnsvoa&,()]*|Kkbk?(?:,bk?)*|;|a?[xn].*|b[bx]*)?"
    r"|(?:x?k)?(?:bo)?[fb]\((?:b,)?(?:\(?[bv]o{1,2}[nsvbk]\)?|a?b(?:\((?:b(?:,b)*)?\))?)"
    r"(?:&\(?[bv]o{1,2}[nsvbk]\)?)+\)(?:[xnsbk;].*)?"
    r"|b?\([bv]o{1,2}[nsvb]\)(?:&\([bv]o{1,2}[nsvb]\))+;?"
)
# ...and a search API's filter that groups its comparisons in parentheses: Meilisearch's
# `genres = Action AND (rating >= 4 OR year > 2018)`, RSQL's `name=='John*' and (age>30 or
# age<20)`, `(age > 18 and city = 'Paris') or vip = true`, then a sort by columns named;
# its first comparisons side by side (their words run together in the fingerprint), as
# Splunk's search joins them, and a pipe to a command of words (`index=main status>=500
# OR (status=404 AND uri="/admin*") | stats count by ip`). Each comparison's left side is
# a column: `rating >= 4 OR (1=1)` compares literals, and a function or a subquery is no
# comparison here.
_GROUPED_FILTER: Final = re.compile(
    r"(?:bx)?(?:bo)?(?:b|\(*[bv](?:o{1,2}b)*o{1,2}[nsvb]\)*)(?:&\(*[bv]o{1,2}[nsvb]\)*)+"
    r"(?:Kkbk?(?:,bk?)*|(?:a[bk,]+n?)+)?"
)
# How many tokens of a value a filter is read to: past the fingerprint's twelve, a
# comparison of literals may follow a filter's first few (`a0 > 0 and … a15 > 15 or
# 1=1`), and a value longer than this is no filter a person writes.
_FILTER_TOKENS: Final = 256


def _filter(candidate: str, print_: str) -> bool:
    """Whether `candidate`, of fingerprint `print_`, is a filter a person writes
    (`_FILTER_EXPRESSION`, `_GROUPED_FILTER`), read to its end (`_FILTER_TOKENS`), that
    closes no parenthesis it did not open: `id=id) or (id>0` closes the query's own."""
    if print_.endswith("…"):
        print_ = fingerprint(candidate, _FILTER_TOKENS)
        if print_.endswith("…"):
            return False
    if _FILTER_EXPRESSION.fullmatch(print_):
        return True
    return _GROUPED_FILTER.fullmatch(print_) is not None and _depth(print_) >= 0


# JavaScript's strict comparisons, `===` and `!==`, which no SQL dialect parses: a
# condition with one outside a literal and a comment (its fingerprint then holds operators
# side by side) is a script's, `a !== null && a.length > 0`, however its logic reads.
_STRICT_EQUALITY: Final = re.compile(r"[=!]==")
_NOT_INFIX: Final = re.compile(r"\s*(?:r?like|ilike|regexp|similar|between|in|glob|match)\b")
# SQL's SIMILAR TO (PostgreSQL), a comparison as LIKE is: the TO is part of it.
_SIMILAR_TO: Final = re.compile(r"\s+to\b")
# LIKE's escape character (`LIKE 'a!%' ESCAPE '!'`), part of the comparison.
_LIKE_ESCAPE: Final = re.compile(r"\s*'[^']{0,2}'|\s*\"[^\"]{0,2}\"")


# What follows a question mark that ends a question in the middle of a text (`fingerprint`).
_AFTER_QUESTION: Final = frozenset(" \t\r\n.,:;!")
# ...and one that ends a Ruby predicate's name, glued to it (`nil?`): a call's parenthesis,
# the logic after it. SQL puts no placeholder there, nor PostgreSQL its `?` operator,
# which a literal follows (`data?'key'`).
_AFTER_PREDICATE: Final = frozenset("()&|")


def fingerprint(text: str, limit: int = 12) -> str:
    """Token classes of the first `limit` tokens of `text` (lower-cased SQL), and `…` when
    tokens follow them: a shape that ends with the text (`;E$`) does not end with a cut."""
    letters: list[str] = []
    pos, end = 0, len(text)
    like_at = -1  # where the last LIKE is among `letters`: its ESCAPE follows an operand
    while pos < end and len(letters) < limit:
        token = _TOKEN.match(text, pos)
        assert token is not None  # the last alternative matches any character
        pos = token.end()
        kind = token.lastgroup or "x"
        if kind == "ws":
            continue
        word = token.group(0)
        if word == "<" and (tag := _MARKUP_TAG.match(text, pos)):
            # </span>, <button class="copy">: markup, read as a word, not a comparison
            pos = tag.end()
            if not letters or letters[-1] != "b":
                letters.append("b")
            continue
        if word == "similar" and (to := _SIMILAR_TO.match(text, pos)):
            pos, word = to.end(), "like"  # SIMILAR TO compares as LIKE does
        elif (
            word == "escape"
            and len(letters) == like_at + 2
            and (escape := _LIKE_ESCAPE.match(text, pos))
        ):
            pos = escape.end()  # `x LIKE y ESCAPE '!'` is one comparison
            continue
        if word in _COMPARISON_WORDS:
            like_at = len(letters)
        if word == "?" and not text[pos:].strip():
            break  # a question mark ends a question: "True or false?"
        if (
            word == "?"
            and text[token.start() - 1 : token.start()].strip()
            and text[pos : pos + 1] in _AFTER_QUESTION
        ):
            # ...and so it does glued to its last word and followed by a blank or a stop
            # ("True or false? The earth is flat."): no operator, no placeholder a query
            # would take there. What follows is read on.
            continue
        if (
            word == "?"
            and text[pos : pos + 1] in _AFTER_PREDICATE
            and word_char(text[token.start() - 1 : token.start()] or " ")
        ):
            continue  # Ruby's predicate, part of a method's name: `key?(:only) || nil?`
        if kind == "w" and text.endswith(_TAG_OPENERS, 0, token.start()):
            letter = "b"  # <div>, </select>, &lt;div: an HTML tag, not DIV or SELECT
        else:
            letter = _classify(kind, word)
        if (
            letter == "E"
            and word != "select"
            and text[pos : pos + 1] == "-"
            and text[pos + 1 : pos + 2].isalpha()
        ):
            letter = "b"  # drop-off, call-back, insert-coin: a word, as DROP -off is no SQL
        elif letter == "E" and word == "call" and _NUMBER.match(text, pos):
            letter = "b"  # "call 1-800-FLOWERS": CALL names a procedure, never a number
        elif letter == "K" and word in _BY_CLAUSES and not _BY_NEXT.match(text, pos):
            letter = "b"  # "12 Order Lane #3": ORDER and GROUP sort and group BY only
        elif letter == "E" and word in _NEVER_CALLED and _CALLED.match(text, pos):
            letter = "b"  # Rust's `drop(rt);`, `create(…)`: a function's call, no statement
        elif word == "in" and letters and letters[-1] in "snv)" and _SUBQUERY_NEXT.match(text, pos):
            letter = "o"  # 1 AND 1 IN (SELECT 1): a comparison with a subquery's rows
        elif letter == "&" and word in ("div", "mod") and letters and letters[-1] in "nv)":
            letter = "a"  # 13 MOD 5 = 3: arithmetic after a number, as it reads in a formula
        elif (
            letter == "b"
            and word in _FILTER_COMPARISONS
            and letters
            and letters[-1] in "sn"
            and _LITERAL_NEXT.match(text, pos)
        ):
            letter = "o"  # OData's, of two literals: `x' or 1 eq 1`, `x' or 'a' eq 'a`
        elif (
            letter == "&"
            and word == "not"
            and letters
            and letters[-1] in "snbv)"
            and not _NOT_INFIX.match(text, pos)
        ):
            # `'x' NOT a`: after an operand NOT only starts NOT LIKE, NOT IN, NOT BETWEEN…;
            # anything else is no SQL ("raise Bad('not a file (%r)' % x)").
            letter = "b"
        elif letter == "a" and word == "*" and letters and letters[-1] == "E":
            letter = "k"  # SELECT * is a column list, not arithmetic
        elif (
            letter == "a"
            and word in ("-", "+")
            and (not letters or letters[-1] in "(,o&")
            and text[pos : pos + 1].isdigit()
        ):
            continue  # a sign: -1 OR 1+1=2 reads as 1 OR 1+1=2
        elif (
            letter == "a"
            and word in ("!", "~")
            and (not letters or letters[-1] in "(,o&")
            and text[pos : pos + 1] in _UNARY_OPERANDS
        ):
            continue  # MySQL's NOT and bitwise NOT: ' AND !0-- reads as ' AND 0--
        elif (
            word == "binary"
            and text[pos : pos + 1] == " "
            and text[pos + 1 : pos + 2] in "0123456789'\""
        ):
            continue  # BINARY 1=BINARY 1: MySQL's cast of the literal after it
        elif letter == "E" and word != "select" and "".join(letters).rstrip("kK(")[-1:] == "U":
            # UNION takes a query, a SELECT: "credit union merge", "the union call for a
            # strike", "Union update: talks resume" are news, no statement.
            letter = "b"
        elif letter in ("s", "n"):
            cast = _CAST.match(text, pos)
            if cast:
                pos = cast.end()
        elif letter == "k" and word in _COMPARISON_WORDS:
            # LIKE 1, BETWEEN 'a': a comparison when a literal or a subquery follows; a word
            # otherwise ("1 or 2 like this").
            if text[pos : pos + 24].lstrip()[:1] in _LITERAL_STARTS:
                letter = "o"
        elif letter == "F":
            # A known function is only a function when it is called.
            rest = text[pos : pos + 24].lstrip()
            letter = "f" if rest.startswith("(") or rest.startswith("/*") else "b"
        if (
            letter == "b"
            and letters
            and letters[-1] == "n"
            and word[0].isalpha()
            and text[token.start() - 1].isdigit()
        ):
            # `3rmqk`: letters glued to a number make one name (MySQL's may start with
            # digits), not a number and a word: a random password's, not a comparison.
            letters.pop()
        if letter == "b" and letters and letters[-1] == "b":
            continue  # runs of plain words read as one
        letters.append(letter)
    if len(letters) == limit and _NONBLANK.search(text, pos):
        letters.append("…")
    return "".join(letters)


_KEYWORD_RULES: Final = RuleSet(R_TIMING, R_DANGER, R_JSON, R_VARIABLE, R_WRITE, R_XPATH)
# Words after which a delay is part of a condition: 1 AND SLEEP(5), IF(1=1,SLEEP(5),0)…
_SQL_LEADS: Final = frozenset(words("and or xor not select then else"))


# SQL's words that a sentence has too, before a plain word: "… in python", "… is slow".
_PLAIN_BEFORE_WORDS: Final = frozenset(("in", "is"))


def _functions_named(text: str) -> bool:
    """Whether `text` names functions that take arguments beside words, calling none with
    any: a search, "md5() vs sha1()", "pg_sleep() not working", "ascii() and ord()
    difference". Called so, each is an error; `database()` takes none, and reads the name
    a probe is after. (A call alone, `substr()`, is a probe of what runs it.)"""
    if _FILLED_CALL.search(text):
        return False
    first = _FIRST_NAME.match(text)
    return (
        first is not None
        and first.group(1) not in _NO_ARGUMENTS
        and _WORD.search(_EMPTY_CALL.sub(" ", text)) is not None
    )


def _named_call(text: str) -> bool:
    """Whether `text` is a call that plain words follow (`_CALL_THEN_WORDS`), none of them
    SQL's own: "char(10) new line sql", "sleep(5) in python blocks the thread", not
    `char(39) or 1`. IN takes a list in parentheses and IS a NULL or a truth value, which
    are words of SQL's: before a plain word they are a sentence's."""
    named = _CALL_THEN_WORDS.fullmatch(text)
    return named is not None and not any(
        word not in _PLAIN_BEFORE_WORDS and _sql_own(word) for word in named.group(1).split()
    )


def _sql_own(word: str) -> bool:
    """Whether `word` is one of SQL's own: a keyword, a clause's."""
    return word in _SQL_WORDS or word in _STRONG_CLAUSES or word in _CLAUSES


# A reStructuredText directive, whose name `::` ends: `.. code-block:: json`, and one a
# substitution is defined by: `.. |ASN.1| replace:: Boolean`.
_DIRECTIVE: Final = re.compile(r"[ \t]*\.\.[ \t]+(?:\|[^|\n]{1,60}\|[ \t]+)?[a-z][\w-]*")


def _cast_probe(text: str, original: str | None) -> tuple[int, int] | None:
    """The span of the first cast to a probing type (`_CAST_TYPE`) after a word character
    or a `)`, spaces between: as `[\\w)]\\s*::…` would find it, but from each `::` rather
    than from every letter of the text (2.6 ms over 64 KB of code). Not a package name
    (`Math::BigInt`, `Pod::Text::Color`), told by its case in `original`, the value whose
    characters `text` keeps one for one (None when it does not), nor a path's segment, nor
    a reStructuredText directive's name (`_DIRECTIVE`), nor an item a Rust `use` imports
    or a module's function called (`time::interval(…)`)."""
    for cast in _CAST_TYPE.finditer(text):
        before = nonblank_before(text, cast.start())
        if before < 0 or not (word_char(text[before]) or text[before] == ")"):
            continue
        word = before  # the name cast, or the `)` that ends an expression
        while word > 0 and text[before] != ")" and word_char(text[word - 1]):
            word -= 1
        if not (
            (original is not None and _PACKAGE.match(original, word))
            or _path(text, word, cast.end())
            # Rust's `time::interval(…)`: a module's function called. (A type's size is
            # given so: `::varchar(255)`, `::numeric(10, 2)`.)
            or (_CALLED.match(text, cast.end()) and not cast.group().endswith(_SIZED))
            or _imported(text, word)
            or _DIRECTIVE.fullmatch(text, text.rfind("\n", 0, word) + 1, before + 1)
            or (original is not None and _classifier(original, cast.start()))
        ):
            return before, cast.end()
    return None


def _classifier(original: str, at: int) -> bool:
    """Whether the line of `original` that `at` is in is a trove classifier (`_CLASSIFIER`)."""
    start = original.rfind("\n", 0, at) + 1
    end = original.find("\n", at)
    return _CLASSIFIER.fullmatch(original, start, len(original) if end < 0 else end) is not None


def _cased(view: View, lower: str, text: str) -> str | None:
    """`text`, the value lowered with its comments made spaces, in the value's own case
    (by which `_cast_probe` tells a package's name: a PHP file's docblocks are comments),
    or None when `lower` is not the value lowered one character for one."""
    if lower is not view.lower or len(view.text) != len(lower):
        return None
    cased = _VERSIONED_COMMENT.sub(" ", inline_comments_spaced(view.text))
    return cased if len(cased) == len(text) else None


# A Python package's trove classifier, which twine uploads as a form's field and package
# metadata lists: capitalised words between ` :: ` ("Topic :: File Formats :: JSON",
# "Topic :: Text Processing :: Linguistic"), no expression cast.
_CLASSIFIER: Final = re.compile(
    r"(?:Classifier:[ \t]*)?[A-Z][\w .,/+&()'-]{0,80}(?: :: [A-Z0-9][\w .,/+&()'-]{0,80})+"
)
# Rust's import of a module's item (`use serde_json::json;`), up to the item's name.
_IMPORTED: Final = re.compile(r"(?<!\w)use[ \t]+(?:[a-z_]\w*::)*")
_PATH_REACH: Final = 200


def _imported(text: str, word: int) -> bool:
    """Whether the name at `word` is an item a Rust `use` imports (`_IMPORTED`), told from
    the last `use` within `_PATH_REACH` characters before it: asked of each cast, the
    line before it is not searched each time (a line of 11,000 imports took a second)."""
    at = text.rfind("use", max(0, word - _PATH_REACH), word)
    return at >= 0 and _IMPORTED.fullmatch(text, at, word) is not None


_SIZED: Final = ("varchar", "numeric")
# A Rust macro called after a path: `serde_json::json!({…})`.
_MACRO: Final = re.compile(r"\s*!\s*[(\[{]")


def _path(text: str, word: int, end: int) -> bool:
    """Whether the cast to a type that ends at `end`, after the name at `word`, is a
    segment of a Rust or C++ path (`ratatui::text::Line`, `iced::widget::text`,
    `serde_json::json!(…)`): the segments around it are names, where SQL chains casts only
    to types (`'1'::text::int`)."""
    if _MACRO.match(text, end):
        return True
    following = end
    while following < len(text) and text[following] in " \t":
        following += 1
    if text.startswith("::", following) and _CAST_TYPE.match(text, following) is None:
        return True
    colons = nonblank_before(text, word)
    return (
        colons >= 1
        and text[colons - 1 : colons + 1] == "::"
        and _CAST_TYPE.match(text, colons - 1) is None
    )


def _joined_keywords(lower: str) -> str | None:
    """`lower` with the keywords that comments cut joined back (`_SPLIT_WORD`), or None
    when no comment cuts one. Looked for from each `/*`: the word starts at most seven
    letters before it."""
    pieces: list[str] = []
    last = 0
    at = lower.find("/*")
    while at >= 0:
        start = at
        while start > 0 and at - start < 7 and lower[start - 1].isalpha():
            start -= 1
        found = (
            _SPLIT_WORD.match(lower, start)
            if start < at and start >= last and (start == 0 or not word_char(lower[start - 1]))
            else None
        )
        joined = _joined_pieces(_IN_WORD_COMMENT.split(found.group(0))) if found else None
        if found and joined is not None:
            pieces += (lower[last:start], joined)
            last = found.end()
        at = lower.find("/*", max(at + 2, last))
    if not pieces:
        return None
    pieces.append(lower[last:])
    return "".join(pieces)


def _cut_confirmed(view: View) -> Match | None:
    """A match in the value with the keywords its NULs, vertical tabs or form feeds cut
    joined back (`_cut_joined`), or None when they cut none."""
    joined = _cut_joined(view.lower)
    return None if joined is None else _confirm_rewritten(view, joined)


def _cut_joined(lower: str) -> str | None:
    """`lower` with the keywords that NULs, vertical tabs or form feeds cut joined back and
    its other NULs blanks, or None when they cut no keyword (`_joined_pieces`)."""
    pieces: list[str] = []
    last = 0
    for found in islice(_CUT_WORD.finditer(lower), 64):
        joined = _joined_pieces(_CUTS.split(found.group(0)))
        if joined is not None:
            pieces += (lower[last : found.start()], joined)
            last = found.end()
    if not pieces:
        return None
    pieces.append(lower[last:])
    return _CUTS.sub(" ", "".join(pieces))


def _joined_pieces(pieces: list[str]) -> str | None:
    """Pieces of words between comments, each keyword they spell joined back, the rest
    apart (a comment is a space too: un/**/ion/**/sel/**/ect is UNION SELECT), or None
    when they spell none."""
    words_: list[str] = []
    index = 0
    joined = False
    while index < len(pieces):
        # The longest keyword first, of two pieces or more, of no more than its letters.
        for end in range(min(len(pieces), index + 9), index + 1, -1):
            word = "".join(pieces[index:end])
            if word in _SPLIT_KEYWORDS:
                words_.append(word)
                index = end
                joined = True
                break
        else:
            words_.append(pieces[index])
            index += 1
    return " ".join(words_) if joined else None


def _timed(lower: str, start: int) -> bool:
    """Whether the delay at `start` is spliced into SQL (`1 and sleep(5)`, `';waitfor`)
    rather than named in a sentence ("the function sleep(5) pauses"), told by the word
    before it, however far back blanks (a line of indented code) put it. A quote right
    before it quotes it ('waiting for "sleep(2)" to finish'): a literal that ends there
    needs an operator before a call, SQL reads a word after it as the literal's alias. One
    that opens the value is spliced, unless plain words follow the call (`_named_call`):
    a question's title, "sleep(5) in python blocks the thread"."""
    end = nonblank_before(lower, start) + 1
    before = lower[max(end - 12, 0) : end].split()
    if not before:
        return not _named_call(lower)
    if before[-1][-1] == "," and _words_after_call(lower, start):
        return False  # "In MySQL, SLEEP(5) pauses the query": a clause's comma
    return before[-1][-1] in ";(=,|&+-" or before[-1].lstrip("(") in _SQL_LEADS


# A call, then two words: SQL takes one, a column's alias, and no plain word after it.
_CALL_THEN_TWO_WORDS: Final = re.compile(_CALL + r"[ \t]+([a-z]+)[ \t]+([a-z]+)\b")


def _words_after_call(lower: str, start: int) -> bool:
    """Whether the call at `start` is followed by two plain words, neither SQL's own: a
    syntax error to any database, which runs no part of a statement it cannot parse."""
    found = _CALL_THEN_TWO_WORDS.match(lower, start)
    return found is not None and not any(_sql_own(word) for word in found.groups())


_WORD_ENDS: Final = frozenset(" \t\r\n/?&=")
# A value's first word when it is an address: a URL, a host and port, a path.
_ADDRESS_LEAD: Final = re.compile(r"[\w.-]*(?::|/)[^\s'\"`();,]*(?=[\s);,])")
# What a value may close to leave the literal, identifier or comment it was spliced into:
# a quote, a MySQL identifier's backquote (`1` WHERE 1=1), the end of a comment (1*/ OR
# 1=1), of a PostgreSQL dollar-quoted string (1$$ OR 1=1) or of a MySQL full-text search
# (x' IN BOOLEAN MODE) AND 1=1).
_CLOSERS: Final = ("'", '"', "`", "*/", "$$")
# An HTTP request in Markdown's inline code, a backquote closing no identifier before it:
# "`DELETE /users/:id` removes a user", "[`DELETE /-/org/:scope/user`](…)" in an API's
# documentation, its verb and path on two lines too (a span's line break is a blank). No
# statement has a path after its verb.
_REQUEST_SPAN: Final = re.compile(r"[a-z]{3,7}\s{1,3}/(?![*/])[^`\s]*`")
# A French or Italian article or pronoun elided before a vowel, its apostrophe glued to the
# next word: "L'Union européenne", "Ballon d'Or", "Côte-d'Or", "dell'ordine". The
# apostrophe joins two words, as one after a blank opens a quotation: it closes a literal
# only where logic compares or a comment follows (`d'or 1=1--`, `l'union select 1--`).
_ELIDED: Final = re.compile(
    r"(?<![\w'])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|dell|nell|dall|sull|all|un)\Z"
)
# The inches of a height or a length in feet and inches: "I'm 6' 2\" or so", "5'11\"":
# its double quote is a unit's mark, after the feet's...
_INCHES: Final = re.compile(r"\d'\s?\d{1,2}(?:\.\d)?$")
# ...unless a comparison or a comment follows it on its line, close by: `6' 2" or 1=1--`,
# `6' 2"; drop table users--` (not "6' 2\" or so; :)").
_COMPARISON_OR_COMMENT: Final = r"(?:[=<>#]|--|/\*)"
_CONDITION_OR_END: Final = re.compile(r"[^\n]{0,24}?" + _COMPARISON_OR_COMMENT)
# ...and of a length alone in inches or in feet, a blank or a comma after it: a TV's, a
# pipe's, a drill bit's, a ladder's (`55" order today`, `10" drop earrings`, `1/2" or 3/4"
# pipe`, `8' drop cloth`, `2' union fitting`), unless a comparison or a comment follows it
# (`1' and extractvalue(1,concat(0x7e,version()))--`), a quote that no number or letter is
# before opens a string after it (`1" or "1`, `1' or 'a`)...
_BARE_LENGTH: Final = re.compile(r"(?<![\w.'\"/])\d{1,3}(?:\.\d{1,2}|/\d{1,2})?$")
_STRING_OPENED: Final = {"'": re.compile(r"(?<!\w)'"), '"': re.compile(r'(?<!\d)"')}
_AFTER_LENGTH: Final = ("", " ", "\t", ",")  # a blank or a list's comma: no `)))`
# (Over line breaks, which SQL reads as blanks: `1'\nAnD\n1\nBeTwEeN\n1\nAnD\n1--`.)
_CONDITION_OR_END_AFTER: Final = re.compile(r"[\s\S]{0,120}?" + _COMPARISON_OR_COMMENT)
# ...or a clause that goes on as SQL's grammar has it (`1' order by 1`, `2' union select
# 1,2`, `1' where 3769 like 3769`: sqlmap's equaltolike), not as a shop's words do (`12'
# order now`, `2' union fitting`).
_CLAUSE_GOES_ON: Final = re.compile(
    r"\s*\)*\s*(?:(?:order|group)\s+by\b|union(?:\s+all)?\s+select\b|insert\s+into\b"
    r"|drop\s+(?:table|database)\b|delete\s+from\b|select\b[\s\S]{0,80}?\bfrom\b"
    r"|where\s+[\w.`]{1,64}\s+(?:not\s+)?(?:r?like|regexp|between)\s)"
)
# Two lengths in feet (or inches) as choices or a range: "shelves of 5' or 6'", "8' x 10'".
# A literal opened right after a number is a syntax error, unless a comparison makes the
# quotes a typo's (`1' or 1'='1`).
_MEASURES: Final = re.compile(
    r"""(['"])\s?(?:or|and|to|x|by|-)\s?\d{1,3}(?:\.\d{1,2})?\1(?!\s?[=<>!])"""
)
_CLOSED_VALUE: Final = 64  # characters before a closer of more than one
_PLAIN_VALUE: Final = re.compile(r"[^'\"`\n]*")
_FULL_TEXT_MODE: Final = re.compile(r"'\s+in\s+(?:boolean|natural\s+language)\s+mode\b")
# A literal that is a whole argument or index: '…' then `)`, `]` or `,`; or the first
# operand of one concatenated (`write('<' + name)`, Lua's `quote("<" .. message)`). On a
# line, but for the line break a format's `\n` opens or ends with, once decoded. And a key of an
# object and its value: `'{"Group": "db.sql", "Limit": 10}'`, a command line's JSON.
_ARGUMENT: Final = re.compile(r"""('|")\n?[^'"\n]{0,80}\n?\1\s*(?:[),\]:}]|(?:\+|\.\.)\s*[\w$(])""")
# Where an argument starts: a parenthesis, a bracket or a brace (a set's first member:
# `{'*', '?', '['}`), and a keyword's `=` after one (`sort(cmp='<')`, `[opt='<']`).
_ARGUMENT_START: Final = re.compile(r"[(\[{](?:\s*[a-z_]\w{0,30}\s*=)?\Z")
_NEXT_ARGUMENT: Final = re.compile(r"[,:]\s*(?:[a-z_]\w{0,30}\s*=\s*)?\Z")
# A call's first arguments names, then a literal: C's `fprintf(stderr, "select failed")`,
# or a keyword's (a signature's default: `def f(self, items, last_sep=' and ')`).
_AFTER_NAMED_ARGUMENT: Final = re.compile(
    r"\((?:\s*[&*]?[a-z_][\w.]{0,40}\s*,){1,4}\s*(?:[a-z_]\w{0,30}\s*=\s*)?\Z"
)
# A string's prefix, assigned, passed or returned: the quote after it opens Python's f-string
# or raw one (`query = f"SELECT … WHERE name = '{name}'"`) or C#'s interpolated or verbatim
# one (`$"…"`, `@"…"`), which closes on its line (a verbatim one, within lines after it).
_PREFIX: Final = r"(?:[=(,:]|\breturn)[ \t]*(?:[rbfu]|rb|br|fr|rf|\$@?|@\$?)"
_STRING_PREFIX: Final = re.compile(_PREFIX + r"\Z")
_VERBATIM_REACH: Final = 512  # characters a verbatim string is looked for its close in
# An HTML tag's attribute about to take its value: the quote after it opens the value
# (<h2 id="from">, <a href='#where'>) and closes no SQL string.
_ATTRIBUTE: Final = re.compile(r"<[a-z][\w:-]*\s[^<>]*[\w-]=\Z")
# So does a command line's option, and a quote inside its quoted value closes no literal
# either (`--filter="name~'REGEXP'"` in gcloud's manual), nor one that a key in its value
# takes (`--admins=member="group:admins@example.com"`).
_OPTION: Final = re.compile(r"(?:^|\s)--?[a-z][\w-]*=(?:[\w.-]{1,40}=)?(?:\"[^\"\n]{0,100})?\Z")

# Nor does the quote of a multipart type's boundary in a MIME header (a mail message
# forwarded whole): the dashes that follow are the boundary's, JavaMail's
# `boundary="----=_Part_0_1234.1700000000000"`, which opens its delimiter lines too.
_BOUNDARY_PARAMETER: Final = re.compile(rf"\b{BOUNDARY_DECLARED}\Z")


# A value that is an expression of numbers where a number was expected, up to the
# parenthesis it closes: arithmetic, or a call or a cast of a number (`cast(1 as
# decimal)`, `!0*1`, what an ODBC escape `{x !0}*1` leaves). (Not a call of names:
# `size(list)) or count(items)` is code.)
_NUMERIC_TERM: Final = r"(?:[!~+-]\s*)*(?:\d+|[a-z_]\w{0,30}\s*\(\s*-?\d+(?:\s+as\s+\w+)?\s*\))"
_EXPRESSION: Final = re.compile(rf"\s*{_NUMERIC_TERM}(?:\s*[-+*/%^&|]\s*{_NUMERIC_TERM})*(?=\s*\))")
_EXPRESSION_CHARS: Final = 256  # read at the start of a value only
_NUMBER: Final = re.compile(r"\s*-?\d+")
# A word, then the parentheses it closes and a statement, which SQL Server takes without
# `;`: abc))) SELECT COUNT(*) FROM …
_WORD_THEN_STATEMENT: Final = re.compile(r"[\w.-]{1,64}\){1,8}\s{0,8}select\b")

# A value that opens with the header of a block of code: a condition or a loop, then the
# block's `{` or Python's `:` at the end of the line (`if (a && b > 1) {`, `if x and y >
# 1:`), or a block with no condition (`else {`, `do {`, `try {`). Its logic and
# comparisons are the language's; SQL's IF takes no block so (`IF(1=1,SLEEP(5),0)`, `IF
# 1=1 THEN`, `IF (1=1) WAITFOR …`), nor does its ELSE. Lines of comments may come first
# (`// Timeout` over `if ( s.async && s.timeout > 0 ) {`).
_CODE_HEADER: Final = re.compile(
    r"(?:[ \t]*(?://|#)[^\n]*\n)*"
    r"\s*(?:(?:(?:else\s+)?if|elif|while|for|switch|unless)\b"
    r"(?:[^\n;{}()]{0,200}:|\s*\((?>[^()]|\([^()]{0,200}\)){0,400}\)\s*(?::|\{))"
    r"|(?:else|do|try)\s*\{"
    # ...or a C or JavaScript condition, told by its operators, and the one statement it
    # guards: `if (x > 0 && y < 10) return 1;` (T-SQL's IF writes AND, OR and =).
    r"|(?:else\s+)?if\s*\((?=[^\n]{0,400}?(?:&&|\|\||[=!]=))(?>[^()\n]|\([^()\n]{0,200}\)){0,400}\)"
    r"\s*(?:return|break|continue|throw)\b[^\n;]{0,200};)"
    r"[ \t]*(?:#[^\n]*)?(?:\n|$)"
)


def _contexts(
    text: str, present: frozenset[str], code: bool
) -> list[tuple[str, str, int, bool, int]]:
    """The ways `text` may be spliced into a query that can start an attack shape, each
    with where in `text` the attack starts (the word before the quote it closes, or the
    start), whether that quote is one after a blank (`loose`), and where it is. Read from
    its start only when it is no `code` (`_CODE_HEADER`)."""
    contexts: list[tuple[str, str, int, bool, int]] = []
    if not code and (
        _PLAIN_START.match(text)
        or not present.isdisjoint(_PLAIN_TOKENS)
        or ";" in text
        or _WORD_THEN_STATEMENT.match(text)
    ):
        contexts.append(("", text, 0, False, 0))
        expression = _EXPRESSION.match(text, 0, _EXPRESSION_CHARS)
        if expression and not _NUMBER.fullmatch(expression.group()):
            # Read as the number it comes to: the fingerprint's twelve tokens go to what
            # follows it (`1) AS x WHERE 1=1 OR …`), not to the call.
            contexts.append(("", "1" + text[expression.end() :], 0, False, 0))
        lead = _ADDRESS_LEAD.match(text)
        if lead and (_AFTER_QUOTE.match(text, lead.end()) or ";" in text):
            # A URL or a host and SQL after a blank (a Referer, a Host): the address read
            # as the one word it is, so that the tokens of its punctuation do not use up
            # the fingerprint before the SQL.
            contexts.append(("", "x" + text[lead.end() :], 0, False, 0))
    closers = [(quote, text.find(quote), len(quote)) for quote in _CLOSERS]
    mode = _FULL_TEXT_MODE.search(text) if "mode" in text else None
    if mode:
        closers.append((mode.group(), mode.start(), mode.end() - mode.start()))
    for quote, first, width in closers:
        at = _past_arguments(text, quote, first) if width == 1 else first
        # The quote an attacker closes is glued to the value before it (admin'--) or starts
        # the value; one after a blank opens a quotation in running text, unless logic
        # follows it (`john ' or '1'='1`: `loose`). One after a parenthesis or a bracket
        # that closes before the next does opens an argument or an index in code:
        # indexOf('='), new Comparator('>=0.0.0'), a['>'], write('<' + name), {'*', '?'}.
        # (Blanks that only lead a value of one line are no running text: `   '; DROP
        # TABLE users; --`. On a line of several, they indent code.)
        leading = text[:at].isspace() and "\n" not in text.strip()
        loose = at > 0 and (
            (text[at - 1].isspace() and not leading)
            or (
                quote == "'"
                and text[at + 1 : at + 2].isalpha()
                and _ELIDED.search(text, max(0, at - 6), at) is not None
            )
        )
        if (
            at >= 0
            and not (
                at > 1
                and text[at - 1] in "rbfu$@"
                and _STRING_PREFIX.search(text, max(0, at - 12), at)
                and text.find(quote, at + 1, _string_end(text, at)) > 0
            )
            and _AFTER_QUOTE.match(text, at + width)
            and not (
                at > 0 and text[at - 1] == "=" and _ATTRIBUTE.search(text, max(0, at - 256), at)
            )
            and not (at > 0 and _OPTION.search(text, max(0, at - 160), at))
            and not (
                quote == '"'
                and at > 0
                and text[at - 1] == "="
                and _BOUNDARY_PARAMETER.search(text, max(0, at - 200), at)
            )
            # GNU's `quoting' opens with a backquote: a backquote closes no quotation of it.
            and not (quote != "`" and "`" in text and _gnu_left_open(text, at))
            and not (quote == "`" and _REQUEST_SPAN.match(text, at + 1))
            and not (
                quote == '"'
                and _INCHES.search(text, max(at - 8, 0), at)
                and not _CONDITION_OR_END.match(text, at + 1)
            )
            and not (
                quote in _STRING_OPENED
                and _BARE_LENGTH.search(text, max(at - 8, 0), at)
                and text[at + 1 : at + 2] in _AFTER_LENGTH
                and _STRING_OPENED[quote].search(text, at + 1) is None
                and not _CONDITION_OR_END_AFTER.match(text, at + 1)
                and not _CLAUSE_GOES_ON.match(text, at + 1)
            )
            and not (width == 1 and at > 0 and text[at - 1].isdigit() and _MEASURES.match(text, at))
            # A closer of more than a character closes what a short value was spliced
            # into (1*/, abc$$): not a regex's `.*/` far into a script.
            and (width == 1 or (at <= _CLOSED_VALUE and _PLAIN_VALUE.fullmatch(text, 0, at)))
        ):
            # A closer of more than a character is read as the literal it ends: '1' ORDER
            # BY 1-- for 1*/ ORDER BY 1--. A quote past arguments closes what all before it
            # was spliced into.
            if width > 1:
                candidate = f"'{text[:at]}'{text[at + width :]}"
            elif at == first:
                candidate = quote + text
            else:
                candidate = quote + _SPLICED * at + text[at:]
            contexts.append((quote, candidate, _word_start(text, at), loose, at))
    return contexts


_SPLICED: Final = "x"  # what stands for a value's characters inside the query's literal


# Literal arguments looked past for a closing quote: past them, the next quote is read as
# one (a list of 8,000 took 9 ms to walk).
_ARGUMENTS_PAST: Final = 64


def _past_arguments(text: str, quote: str, at: int) -> int:
    """The first `quote` in `text` from `at` that opens no literal which is an argument
    (`_ARGUMENT`), the first after a parenthesis, a bracket, a brace or a name's argument
    and the others after a comma: `f('a', 'b')' or 'x'='x` is closed by its fifth quote."""
    for skipped in range(_ARGUMENTS_PAST):
        if not (
            at > 0
            and (
                (text[at - 1] in "([{=" and _ARGUMENT_START.search(text, max(0, at - 40), at))
                or (skipped and _NEXT_ARGUMENT.search(text, max(0, at - 40), at))
                or (not skipped and _AFTER_NAMED_ARGUMENT.search(text, max(0, at - 200), at))
            )
            and _ARGUMENT.match(text, at)
        ):
            break
        at = text.find(quote, text.find(quote, at + 1) + 1)
    return at


def _string_end(text: str, at: int) -> int:
    """How far the string a prefixed quote at `at` opens may run in `text`: to the end of
    its line, or past it for a verbatim one (`@"`, `$@"`, `@$"`)."""
    if "@" in text[at - 2 : at]:
        return at + _VERBATIM_REACH
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _gnu_left_open(text: str, at: int) -> bool:
    """Whether the query that the quote at `at` closes cannot parse, as text quoted in the
    GNU style reads: with no comment nor `;` on the way that could end it first, it is left
    inside an identifier (a backquote that none closes, MySQL's: "use `on' or `off'", "Try
    `%s --help' or `%s --usage'"), or the quote closes a GNU quotation and the value ends
    outside a literal, so that the query's own closing quote opens one that nothing closes
    ("relocation against symbol `%s' from %s section")."""
    inside = ""  # the quote of the literal or identifier the query is in, if any
    end = len(text)
    position = at + 1
    while position < end:
        char = text[position]
        if inside:
            if char == "\\" and inside != "`":
                position += 1  # an escaped character, in a literal
            elif char == inside:
                inside = ""
        elif char in "`'\"":
            inside = char
        elif char in "#;" or text.startswith(_COMMENT_OPENERS, position):
            return False
        position += 1
    if inside == "`":
        return True
    opened = text.rfind("`", max(0, at - 80), at)
    # The quote is a value's first (`_contexts`): none stands between it and the backquote.
    return text[at] == "'" and inside != "'" and opened >= 0 and "\n" not in text[opened:at]


def _word_start(text: str, at: int) -> int:
    """The start of the word a quote at `at` is glued to (`admin'--`), within a path
    segment or a parameter, and at most 32 characters back."""
    start = at
    while start > 0 and at - start < 32 and text[start - 1] not in _WORD_ENDS:
        start -= 1
    return start


# A version range as package managers write them (`>=16 || 14 >=14.17`, `^1.2 || ^2.0`,
# `1.x || 5.0.0 - 7.2.3`): comparators of versions, a blank between two, ranges joined by
# `||`, with a dotted version or an operator SQL has not (`^`, `~`) among them: a field of a
# package's metadata, not SQL's logic (`1 || 1=1`, `0 || 1 >= 1`).
_VERSION: Final = r"v?\d+(?:\.(?:\d+|x|\*)){0,2}(?:-[\w.]+)?"
_COMPARATOR: Final = rf"(?:[<>]=?|=|~|\^)?\s*{_VERSION}"
_RANGE: Final = rf"{_VERSION}\s+-\s+{_VERSION}|{_COMPARATOR}(?:\s+{_COMPARATOR})*"
_VERSION_RANGE: Final = re.compile(rf"\s*(?:{_RANGE})(?:\s*\|\|\s*(?:{_RANGE}))+\s*")
_VERSION_MARK: Final = re.compile(r"[\^~]|\d\.(?:\d|x\b|\*)")


def confirm(view: View) -> Match | None:
    lower = view.lower
    if "||" in lower and _VERSION_RANGE.fullmatch(lower) and _VERSION_MARK.search(lower):
        return None
    joined = _joined_keywords(lower) if "/*" in lower else None
    if joined is not None:
        # UN/**/ION SEL/**/ECT, SL/**/EEP(5): a filter that strips comments joins the
        # keyword back.
        return _confirm_rewritten(view, joined)
    present = view.tokens()
    if "-----" in lower:
        lower = _PEM_ARMOR.sub(blanked, lower)  # the same length: offsets hold
    if not present.isdisjoint(_BLANKS) or (
        len(lower) <= _CONTROL_BLANKS_CHARS and not present.isdisjoint(_CONTROL_BLANKS)
    ):
        # 1%0cAND%0c1=1: tokens are spelled with spaces.
        lower = _TO_SPACE.sub(" ", lower)
        present = view.tokens(lower, TYPE)
    found = _confirm(view, lower, present)
    if found is None and view.prose and not _strings_of_a_document(view):
        # (`{"eq": "union jack flag 3x5 ft"}` in a filter is no sentence ending in a value.)
        found = _last_clause(view) or _commented_head(view) or _first_clause(view) or _quoted(view)
    if found is None and "\n" in lower:
        # 1#x\nUNION#x\nSELECT: comments that run to the end of their line stand for spaces
        # (sqlmap's space2hash and space2dash); glued to a word, unlike a heading. In a
        # long text, only the lines they join are read again.
        spaced = glued_comments_spaced(lower, runs_only=len(lower) >= DELTA_MIN)
        if spaced is not None:
            return _confirm_rewritten(view, spaced)
    if found is None and "\x00" in lower:
        # 1'%00OR 1=1: a NUL between words is a blank; one inside a keyword is dropped by
        # whatever strips NULs before SQL reads it (UNI%00ON SEL%00ECT).
        found = _confirm_rewritten(view, lower.replace("\x00", " "))
        return found or _cut_confirmed(view)
    if found is None and ("\x0b" in view.lower or "\x0c" in view.lower):
        # So are a vertical tab and a form feed (blanks above) by what strips control
        # characters (UNI%0BON).
        found = _cut_confirmed(view)
    if found is None and not lower.isascii() and _SMART_QUOTES.search(lower):
        # 1’ OR ’1’=’1: typographic quotes that Windows' best-fit conversion to a code page
        # turns into ASCII ones before SQL Server reads them. In a long text, only the
        # lines that had them.
        quoted = _SMART_QUOTES.sub(_ascii_quote, lower)
        found = _confirm_rewritten(view, changed_lines(lower, quoted))
    if (
        found is None
        and len(lower) <= _HASH_READ_MAX
        and "#" in lower
        and (";" in lower or "union" in lower)
    ):
        # 5 #1; DROP TABLE users--: `#` comments the line out to MySQL alone; PostgreSQL
        # reads it as XOR, and what follows on its line runs. A stacked statement or a
        # UNION after one counts as it would without it.
        hashed = _HASH_BEFORE_STATEMENT.sub(" ", lower)
        if hashed != lower:
            stacked = _confirm_rewritten(view, changed_lines(lower, hashed))
            if stacked is not None and stacked.rule in (R_STACKED, R_UNION):
                found = stacked
    if (
        found is None
        and ".e" in lower
        and _SCIENTIFIC_END.search(lower)
        and _SCIENTIFIC.search(lower)
    ):
        # 1' 1.e) OR 1.e(1=1: MySQL reads a number in scientific notation cut short before
        # punctuation as nothing (a bypass of several WAFs, sqlmap's scientific tamper).
        found = _confirm_rewritten(view, _SCIENTIFIC.sub("", lower))
    return found


# A `#` that a statement's `;` or a UNION follows on its line (`confirm`); not one of a
# character reference, `&#39;`. Read so in a value of a parameter's length: a second
# reading of a long text with `#` and `;` on its lines (code, punctuation) costs a tenth
# of the whole scan.
_HASH_READ_MAX: Final = 2048
_HASH_BEFORE_STATEMENT: Final = re.compile(r"(?<!&)#(?=[^\n]*?(?:;|\bunion\b))")
# A PEM block's armor, `-----BEGIN CERTIFICATE-----`, which a configuration quotes
# (npm's `cert="-----BEGIN CERTIFICATE-----\nXXXX…"`, a `.env`'s private key): its dashes
# comment nothing out.
_PEM_ARMOR: Final = re.compile(r"-----(?:begin|end) [a-z0-9 ]{1,40}-----")


# Not enough for a clause after prose: a literal closed and `;` or a comparison after it,
# as a line of code quoted in a text ends (`print "hello";`, "`=', `u' or `U'."), and a
# whole statement, which a question quotes ("my query was: SELECT name FROM t WHERE …").
_WEAK_IN_A_CLAUSE: Final = frozenset((R_COMMENT, R_COMPARE, R_STATEMENT))
_IN_A_CLAUSE: Final = frozenset(RULES) - _WEAK_IN_A_CLAUSE
# What a quotation in prose must be to count: a literal broken out of and logic, a second
# query, a condition of literals. A text quotes SQL's words and calls as it names them
# ('Waiting for "sleep(2)" to finish', 'covers "; DROP" statements').
_QUOTED_INJECTION: Final = frozenset((R_BREAKOUT, R_UNION, R_TAUTOLOGY, R_NUMERIC, R_SUBQUERY))


def _in_part(part: View | None, start: int, counts: frozenset[Rule]) -> Match | None:
    """A match of a rule that `counts` in `part` of a text (beginning at `start` of it),
    read as a value of its own, past the text's words (which fill the fingerprint) and its
    prose (which spares weak signs)."""
    if part is None:
        return None
    found = _confirm(part, part.lower, part.tokens())
    if found is None or found.rule not in counts:
        return None
    if found.rule is R_CLAUSE and not _grammatical(_after_quote(part.lower)):
        # A clause of a text that quotes a phrase opening with a verb, which a statement
        # would need more after: i.e. "truncate towards 0". (As a whole value, `'alter a`
        # is a probe.)
        return None
    return found.moved(start)


def _after_quote(text: str) -> str:
    """What follows the first quote in `text`, or `text` when it has none."""
    quotes = [at for at in (text.find("'"), text.find('"')) if at >= 0]
    return text[min(quotes) + 1 :] if quotes else text


def _stacked_sentences(candidate: str) -> bool:
    """Whether each statement's verb after a `;` in `candidate` is a sentence's subject
    (`_VERB_OF_A_SENTENCE`), and there is one."""
    sentences = len(_VERB_OF_A_SENTENCE.findall(candidate))
    return sentences > 0 and sentences == len(_VERB_AFTER_SEMICOLON.findall(candidate))


def _strings_of_a_document(view: View) -> bool:
    """Whether `view` is a JSON document or a GraphQL one, whose double quotes delimit its
    strings, each a point of its own, and close no literal of a query: LoopBack's
    `filter={"where":{"or":[…]}}`, `{ search(q: "Order By Design Inc.") { id } }`."""
    return view.json is not None or GRAPHQL.match(view.lower) is not None


def _last_clause(view: View) -> Match | None:
    """A match in the clause that ends a text of prose, when that clause alone is no prose
    (`View.last_clause`): a sentence, then the value a field was given. Not a quotation in
    double quotes, whose quotes are the sentence's (`wrote: "order ID 12 is at 50%"`): what
    one holds is asked as a quotation is (`_quoted`)."""
    clause = view.last_clause
    if clause is None:
        return None
    quoted = clause.text.strip()
    if len(quoted) > 2 and quoted[0] == '"' and quoted[-1] == '"':
        return None
    start = len(view.text) - len(clause.text)
    if _in_prefixed_string(view.lower, start) or _in_wrapped_code(view.text, start):
        return None
    return _in_part(clause, start, _IN_A_CLAUSE)


def _in_wrapped_code(text: str, start: int) -> bool:
    """Whether `start` of `text` is inside inline code that a line break wrapped: a span
    opened by a backquote on the line before, which a backquote of this line closes
    (a docstring's ``:exc:`ReadTimeoutErrors⏎<ReadTimeoutError>` and …``): its closing
    backquote closes no literal of a query."""
    opened = text.rfind("`", 0, start)
    if opened < 0 or text.count("`", 0, start) % 2 == 0:
        return False
    wrapped = text.find("\n", opened, start)
    return wrapped >= 0 and wrapped == text.rfind("\n", 0, start)


# A string a prefix opens (`_STRING_PREFIX`), and its quote.
_PREFIXED_OPENING: Final = re.compile(_PREFIX + r"(['\"])")
_CLAUSE_LOOK_BACK: Final = 400  # characters of its line looked back at before a clause


def _in_prefixed_string(text: str, at: int) -> bool:
    """Whether `at` lies inside a string that a prefix opened before it on its line and that
    closes on it: a clause cut at a colon inside a message (`raise OSError(f"cannot read:
    {path}") from exc`) begins in code's string, not after a sentence."""
    line_start = max(text.rfind("\n", 0, at) + 1, at - _CLAUSE_LOOK_BACK)
    line_end = text.find("\n", at)
    if line_end < 0:
        line_end = len(text)
    for opening in _PREFIXED_OPENING.finditer(text, line_start, at):
        quote = opening.group(1)
        if quote not in text[opening.end() : at] and text.find(quote, at, line_end) >= 0:
            return True
    return False


def _first_clause(view: View) -> Match | None:
    """A match in the clause that opens a text of prose (`View.first_clause`), when that
    clause is no prose: the value a field was given, then a sentence about it ("1 OR true
    (this is what I typed)"). Its weakest shapes do not count, as in the last clause."""
    return _in_part(view.first_clause, 0, _IN_A_CLAUSE)


def _quoted(view: View) -> Match | None:
    """A match in a span of prose in double quotes (`View.quotations`) that is no prose: a
    sentence that quotes the value a field was given ('The user entered "1 OR true"').
    Only an injection's shapes count (`_QUOTED_INJECTION`)."""
    for start, quoted in view.quotations:
        found = _in_part(quoted, start, _QUOTED_INJECTION)
        if found is not None:
            return found
    return None


# A line comment as an injection ends the query with, after the value's first words: what
# follows it is no part of the query, whatever words it holds. `--` before a blank, `+` or
# `-` (`--+`, `-- -`), not a decrement (`i--;`); `#` after a blank, a quote, a bracket or a
# number, not an anchor or a colour.
_HEAD_COMMENT: Final = re.compile(r"--(?=[\s+-]|$)|(?<=[\s'\")\d])#(?=\s|$)")


def _commented_head(view: View) -> Match | None:
    """A match in a text of prose up to its first line comment (`--`, `#`) on its first line,
    when that head is no prose itself: `1' ORDER BY 3-- (this is what I typed)` is a value
    and the words the database never reads."""
    comment = _HEAD_COMMENT.search(view.text, 0, CLAUSE_CHARS)
    if comment is None or comment.start() == 0 or "\n" in view.text[: comment.start()]:
        return None  # none, or a comment that ends a line of code (`if a >= b:  # …`)
    return _in_part(view.own_value(view.text[: comment.end()]), 0, _IN_A_CLAUSE)


# Quotes that Windows' best-fit conversion to a code page makes ASCII ones: ‘ ’ ‛ ′ ´ ʼ for
# `'`. (“ ” become `"` too, but they quote words in running text in many languages, and an
# injection closes a `'` far more often.) Not one between two letters: an apostrophe
# (it’s, об’єм), which a text is full of.
_TYPOGRAPHIC: Final = "\u2018\u2019\u201b\u2032\u00b4\u02bc"
# (The quote first, for `re` to skip to: a look-behind first made it try every character.)
_SMART_QUOTES: Final = re.compile(f"[{_TYPOGRAPHIC}](?:(?<![^\\W\\d_].)|(?![^\\W\\d_]))")
_ASCII_QUOTES: Final = str.maketrans(_TYPOGRAPHIC, "'" * len(_TYPOGRAPHIC))


def _ascii_quote(quote: re.Match[str]) -> str:
    return quote.group().translate(_ASCII_QUOTES)


_SCIENTIFIC: Final = re.compile(r"\s+\d+\.e(?=[(),.*^/|&])")
# Its end, looked for first: `re` skips to each `.e`, where `\s+` was tried at every space.
_SCIENTIFIC_END: Final = re.compile(r"\.e(?<=\d\.e)(?=[(),.*^/|&])")


def inline_comments_spaced(text: str) -> str:
    """`text` with each closed comment (`/*…*/`, up to `_COMMENT_INSIDE` characters inside;
    not MySQL's versioned `/*!`) made a space, or `text` itself when it has none. Each
    comment closes at the first `*/` after it opens; one that does not close is left, and
    the next `/*` tried. (With `str.find`: a lazy pattern took a step per character, 3 ms
    over 64 KB of token soup.)"""
    pieces: list[str] = []
    kept = 0  # where the text not yet copied starts
    start = text.find("/*")
    while start >= 0:
        end = (
            -1
            if text.startswith("!", start + 2)
            else text.find("*/", start + 2, start + 4 + _COMMENT_INSIDE)
        )
        if end < 0:
            start = text.find("/*", start + 1)
            continue
        pieces.append(text[kept:start])
        pieces.append(" ")
        kept = end + 2
        start = text.find("/*", kept)
    if not pieces:
        return text
    pieces.append(text[kept:])
    return "".join(pieces)


# What the tools glue as a comment to a line's last word: letters and digits, or nothing
# (sqlmap's `#nVNaVoPYeva`, `--x`); a quote or a parenthesis after `#` closes a literal of
# code's (`line.strip().startswith("#")`).
_COMMENT_FILLER: Final = re.compile(r"\w*")


def glued_comments_spaced(text: str, runs_only: bool = False) -> str | None:
    """`text` with each comment glued to the end of its line (`1#x⏎UNION`, `NULL--x⏎`;
    `_COMMENT_FILLER`), and the line break after it, made one space; None when it has
    none. Such a comment opens after the first character of the last word of its line,
    which it ends. A word that opens with a comment is all comment, and nothing is glued
    to it: a heading (`## Usage`), a rule of dashes under one, a table's border
    (`-----+-----`); a long text in Markdown was read whole again for each. (Line by
    line: a pattern read the rest of the word from each `#` in it, 82 ms over 64 KB of a
    search index without spaces.)

    With `runs_only`, only what the spacing joined: each run of lines with a comment glued
    and the line they join, after the line before it; the others were read as they are."""
    lines = text.split("\n")
    pieces: list[str] = []
    glued = False
    joined = False  # whether the line before was glued to this one
    kept = False  # whether the line before is in `pieces`
    for index, line in enumerate(lines):
        last = index == len(lines) - 1  # no line break after it
        opening = -1
        if not last and ("#" in line or "--" in line) and not line[-1].isspace():
            start = len(line) - len(line.rsplit(None, 1)[-1])  # where its last word starts
            if not line.startswith(_LINE_COMMENTS, start):
                hashed, dashed = line.find("#", start + 1), line.find("--", start + 1)
                opening = dashed if hashed < 0 or 0 <= dashed < hashed else hashed
                if opening >= 0 and not _COMMENT_FILLER.fullmatch(
                    line, opening + (1 if opening == hashed else 2)
                ):
                    opening = -1  # `.startswith("#")`: a literal's character, in code
        if opening >= 0:
            if runs_only and not kept and index:
                pieces.append(lines[index - 1] + "\n")
            pieces.append(line[:opening] + " ")
            glued = joined = kept = True
        elif joined and not last and line.startswith("#") and not any(c.isspace() for c in line):
            # A comment alone on its line between glued ones (AND#x⏎#y⏎CHAR(…), sqlmap's
            # space2morehash) is a space too.
            pieces.append(" ")
        else:
            kept = not runs_only or joined
            if kept:
                pieces.append(line if last else line + "\n")
            joined = False
    return "".join(pieces) if glued else None


def _confirm_rewritten(view: View, rewritten: str) -> Match | None:
    """`_confirm` on the value rewritten as the database reads it. Offsets in the rewritten
    text are not the value's: the whole value is shown."""
    found = _confirm(view, rewritten, view.tokens(rewritten, TYPE))
    if found is None and "\x00" in rewritten:
        # 1%00AND%001=1: Oracle reads a NUL as a space. `_confirm` drops them, as a filter
        # that stops at a NUL does (1%00' OR %00'1).
        spaced = rewritten.replace("\x00", " ")
        found = _confirm(view, spaced, view.tokens(spaced, TYPE))
    return Match(found.rule, 0, min(len(view.text), 80)) if found else None


def _keyword(view: View, lower: str, text: str, present: frozenset[str]) -> Match | None:
    """A keyword rule's match in `text` (the value, or a rewriting of it), but not a word
    of timing named in prose ("the function sleep(5) pauses") or called in a document of
    code (a Python module's `    sleep(0)`), nor a catalog, a side effect or a write in a
    statement that prose or a document shows, or inline code or rich text's code element
    in any text (`_shown`, `_shown_inline`, `_shown_in_element`)."""
    found = _KEYWORD_RULES.search(text, present)
    if found is None or found.rule not in _SHOWABLE:
        return found
    if found.rule is R_TIMING:
        # (And a call that only plain words follow, though too few for prose: a search,
        # "sleep(5) vs time.sleep in python".)
        shown = (
            ((view.document or _prose(view, lower)) and not _timed(text, found.start))
            or _named_call(text)
            or (view.area == "post" and _sleep_statement(text, found.start))
            or (">>> " in text and _PROMPTED_LINE.match(text, text.rfind("\n", 0, found.start) + 1))
            or _MAN_HEADER.match(text) is not None
        )
    else:
        shown = (
            _shown_inline(text, found.start)
            or _shown_in_element(text, found.start)
            or ((view.document or _prose(view, lower)) and _shown(text, found.start))
            or _named_object(text, found)
        )
    return None if shown else found


# A manual page's first line, its name and section at both ends and the manual's title
# between, words that are no operator ("SLEEP(1) User Commands SLEEP(1)"), a page of `man`
# sent whole or its first paragraph; `SLEEP(5) OR SLEEP(5)` is a condition.
_MAN_HEADER: Final = re.compile(
    r"\s*([\w.-]{1,40})\(\d[a-z]{0,3}\)"
    r"(?:[ \t]+(?!(?:or|and|xor|not|div|mod|like|rlike|regexp|is|in|between|sounds|member"
    r"|escape|collate|binary)\b)[a-z][\w'.-]*){1,6}[ \t]+\1\(\d[a-z]{0,3}\)[ \t]*(?:\n|$)"
)
# A line of Python's interactive session, typed after its prompt or its continuation's
# (a docstring's example: `>>> from time import sleep`, `...     sleep(0.2)`).
_PROMPTED_LINE: Final = re.compile(r"[ \t]*(?:>>>|\.\.\.)[ \t]")
# A line of a program that is a call of sleep alone, as C, PHP or Perl pause: `    sleep(1);`.
_SLEEP_LINE: Final = re.compile(r"[ \t]*sleep[ \t]*\([ \t]*\d+[ \t]*\)[ \t]*;[ \t]*\r?(?:\n|$)")


def _sleep_statement(text: str, at: int) -> bool:
    """Whether the delay at `at` is a statement of a program of several lines, alone on its
    line (`_SLEEP_LINE`): a snippet's loop posted, `while (!ready) {⏎    sleep(1);⏎}`. No SQL
    database runs SLEEP as a statement of its own (MySQL's is `DO SLEEP(5)`, `SELECT …`);
    one spliced into a query follows a quote or a word of its (`1' AND SLEEP(5)`)."""
    line = text.rfind("\n", 0, at) + 1
    return "\n" in text and _SLEEP_LINE.match(text, line) is not None


# A catalog or a procedure that a search or a title names (`words_only`): "how to enable
# xp_cmdshell in sql server", "information_schema vs sys.tables", "mysql.user table
# columns". No statement reaches one without a word of these (`1 union select … from
# information_schema.tables`, `exec xp_cmdshell …`); a name alone is a probe still.
_OBJECT_NAME: Final = re.compile(r"[a-z_]\w*(?:\.[a-z_]\w*)?")
_STATEMENT_WORDS: Final = frozenset(
    words("select from union join where exec execute into insert update delete drop declare values")
)


def _named_object(text: str, found: Match) -> bool:
    """Whether the catalog or procedure `found` is named in a text of words (`words_only`)
    that no word of a statement's is in."""
    return (
        _OBJECT_NAME.fullmatch(text, found.start, found.end) is not None
        and words_only(text)
        and not any(word in _STATEMENT_WORDS for word in text.split())
    )


# What a statement a text shows may hold: a delay, a catalog or a side effect, writes.
_SHOWABLE: Final = frozenset((R_TIMING, R_DANGER, R_WRITE))
# A statement's start, as a line or Markdown's inline code opens with one, after a SQL
# console's prompt too (`mysql> `, `sqlite> `, `postgres=# `, SQLAlchemy's `{printsql}`),
# or after a label of a few words ("My query: SELECT id FROM a UNION SELECT id FROM b").
_STATEMENT_START: Final = re.compile(
    r"[ \t]*(?:(?:[\w-]{1,20}(?:=[#>]|>)|\{printsql\}|[^\W\d][\w ]{0,30}:)[ \t]*)?"
    r"(?:select|with|exec(?:ute)?|insert|update|delete|create|alter|grant|revoke|begin"
    r"|explain|show|declare|load|copy|call|drop|truncate|merge)\b"
)


def _shown(text: str, at: int) -> bool:
    r"""Whether the match at `at` is in a statement that its line, or the inline code it is
    in, starts with: a query a question shows ("I ran this:\n\n    SELECT table_name FROM
    information_schema.tables …", "Running `SELECT @@version;` fails"), not one stacked
    after a value (`1; load data infile '/etc/passwd' into table t`)."""
    start = max(text.rfind("\n", 0, at), text.rfind("`", 0, at)) + 1
    return _STATEMENT_START.match(text, start) is not None


_UNION: Final = re.compile(r"\bunion\b")


def _unions_shown(text: str) -> bool:
    """Whether each UNION of `text` is in a statement that prose or a document shows
    (`_shown`, `_shown_inline`, `_shown_in_element`)."""
    return all(
        _shown(text, union.start())
        or _shown_inline(text, union.start())
        or _shown_in_element(text, union.start())
        for union in _UNION.finditer(text)
    )


def _shown_inline(text: str, at: int) -> bool:
    """Whether the match at `at` is in a statement that Markdown's inline code holds whole,
    in any text ("Running `SELECT @@version;` returns an error"): a span opened with the
    statement and closed after it on the line. (MySQL's quoted names are no statement:
    `` ' union select `name` from information_schema.tables ``.)"""
    line = text.rfind("\n", 0, at) + 1
    opened = text.rfind("`", line, at)
    end = text.find("\n", at)
    return (
        opened >= 0
        and text.count("`", line, opened) % 2 == 0
        and text.find("`", at, end if end >= 0 else len(text)) >= 0
        and _STATEMENT_START.match(text, opened + 1) is not None
    )


def _shown_in_element(text: str, at: int) -> bool:
    """Whether the match at `at` is in rich text's element of code that opens with a
    statement (`code_element_start`): `<pre><code class="language-sql">BEGIN;\nUPDATE
    accounts SET …</code></pre>`. One that opens with a value holds a payload: `<pre>1;
    UPDATE users SET role='admin'</pre>`."""
    start = code_element_start(text, at) if "<" in text else -1
    return start >= 0 and _STATEMENT_START.match(text, start) is not None


def _confirm(view: View, lower: str, present: frozenset[str]) -> Match | None:
    found = _keyword(view, lower, lower, present)
    if found:
        return found
    if lower[:1] == "=" and _formula(lower):
        return None  # a spreadsheet's formula: `=IF(OR(A2="",B2=""),"missing","ok")`
    spaced = inline_comments_spaced(lower) if "/*" in lower else lower
    text = _VERSIONED_COMMENT.sub(" ", spaced) if "/*" in lower else lower
    # Offsets in `text` are the value's while characters are only replaced one for one.
    aligned = text is lower
    if "{" in text:
        text = _ODBC_ESCAPE.sub(_blank_escape, text)
    if ":`" in text:
        text = _TEXT_ROLE.sub(_blank_role, text)
    if not aligned:
        # 1 RLIKE /*!50000SLEEP*/(5), 1;/**/EXEC/**/xp_cmdshell: keywords as the database
        # reads them once comments are gone. In a long text, only the lines that changed:
        # the others were read above. The keywords are those the text held: comments only
        # kept them from their arguments.
        changed = changed_lines(lower, text)
        found = _keyword(view, lower, changed, present)
        if found:
            return Match(found.rule, 0, min(len(view.text), 80))
        if "/*!" in lower and _VERSIONED_WORD.search(lower):
            # 1 /*!0OR 1=1 (sqlmap's halfversionedmorekeywords): OR glued to a versioned
            # comment's opening is spelled as no token, but read as the keyword.
            present = present | _PLAIN_TOKENS
    text = _UNICODE_SPACES(text)  # 1\xa0or\xa01=1: spaces to MySQL
    if "\x00" in text:
        text = text.replace("\x00", "")  # 1%00' OR %00'1: NULs that a filter stops at
        aligned = False
    if "+" in text and " " not in text and _PLUS_KEYWORD.search(text):
        text = text.replace("+", " ")  # a form-encoded space never decoded: 1+AND+1=1
        found = _keyword(view, lower, text, present)  # 1;DECLARE+@x+CHAR(9)+…
        if found:
            return found if aligned else Match(found.rule, 0, min(len(view.text), 80))
    if len(text.strip()) <= _OPERATOR_PROBE_CHARS and _OPERATOR_PROBE.fullmatch(text):
        return Match(R_COMPARE, 0, len(view.text))  # '-' '^' '*': a fuzzer's first probes
    if "/*" in lower and _COMMENTED_LOGIC.match(lower):
        return Match(R_NUMERIC, 0, min(len(view.text), 80))  # 1/**/AND/**/1
    # Asked of the value as it is: what `text` blanked of an ODBC escape, `{ throw … }`,
    # may be the block's brace. And of its comments blanked: a line of C under one.
    code = _CODE_HEADER.match(lower) is not None or (
        spaced is not lower and _CODE_HEADER.match(spaced) is not None
    )
    for quote, candidate, at, loose, closing in _contexts(text, present, code):
        if quote == '"' and _strings_of_a_document(view):
            continue
        if "\n" in text and _COMMENT_LINE.match(text, text.rfind("\n", 0, closing) + 1):
            continue  # a quote in a comment of the text's own: `# Order follows AWS' order`
        if _METHOD_OF_LITERAL.match(text, closing):
            continue  # `"=".join(parts)`: a method of the literal, in code
        # Where the match is shown from: the quote closed, so that a hit in a path names
        # the segment it is in.
        start = at if aligned else 0
        end = min(len(view.text), start + 80)
        if quote and _prose(view, lower) and _PROSE_INJECTION.match(text, closing):
            # What counts after a sentence of padding counts after a word too: `' OR
            # '1'='1`, `'; DROP TABLE users;--`, `' || (SELECT 'a' FROM dual) || '`, glued
            # to the word or not (`Please call me back' WAITFOR DELAY '0:0:5'--`).
            return Match(R_BREAKOUT, start, end)
        if (
            quote == "'"
            and closing > 0
            and text[closing - 1].isalpha()
            and _POSSESSED.match(text, closing + 1)
        ):
            continue  # "the teachers' union voted": a plural's apostrophe, then words
        print_ = fingerprint(candidate)
        if loose:
            # After a blank, a quote closes a literal only where a comparison, a comment or
            # a call follows the logic (`john ' or '1'='1`, not "type ' and then enter"),
            # or where a comment ends the value after it (`admin '--`, not "press '#'").
            if not _prose(view, lower):
                if _LOOSE_BREAKOUT.match(print_):
                    return Match(R_BREAKOUT, start, end)
                if _COMMENTED_END.match(text, closing):
                    return Match(R_COMMENT, start, end)
                if _LOOSE_CLAUSE.match(text, closing):
                    return Match(R_CLAUSE, start, end)
                if _PROSE_INJECTION.match(text, closing):
                    return Match(R_BREAKOUT, start, end)  # `john ' OR 'a'='a`
            continue
        # 'Select all' button, title:"union square": the quote opens a quoted phrase, not
        # a literal closed to start a clause.
        phrase = bool(quote) and _QUOTED_PHRASE.match(text, closing) is not None
        if not phrase and quote and closing > 0 and _prose(view, lower):
            if _literal_shown(text, closing):
                continue
            if quote == "'" and _gnu_quotation_end(text, closing):
                continue
            if quote == '"' and _INCH_MARK.search(text, max(0, closing - 40), closing):
                continue  # "4K monitor 27" -- would buy again": a size in inches
        for rule, shape, quoted_only in _SHAPES:
            if quoted_only and not quote:
                continue
            if phrase and (
                rule in (R_CLAUSE, R_UNION)
                or (rule is R_BREAKOUT and _JOINED_STRINGS.fullmatch(print_))
            ):
                # `"OR" vs "AND" in boolean search`: the logic is a quoted word, and what
                # it joins, strings, nothing compares.
                continue
            if shape.search(print_):
                if rule is R_TAUTOLOGY and _shell_logic(text):
                    continue  # [ -n "$OPTS" ] && OPTS="$OPTS ": a variable set, not compared
                if rule is R_COMMENT and (
                    not _held(text, at, closing)
                    or (_HASH_GLUED.match(text, closing) and not _BLANK.search(text))
                    or _interpolated(text, closing)
                    or _RULED.match(text, closing + 1)
                    or (not text[:closing].strip() and _QUOTED_HASH.match(text))
                    # A multipart type's boundary quoted, as JavaMail, Axis and Outlook
                    # make one (`multipart/related; …; boundary="----=_Part_0_1234.5678"`,
                    # a Content-Type): its dashes open no comment.
                    or (
                        text.endswith("boundary=", 0, closing)
                        and _MULTIPART_TYPE.search(text, max(0, closing - 400), closing) is not None
                    )
                ):
                    continue
                if (
                    rule is R_TAUTOLOGY
                    and not quote
                    and (
                        _filter(candidate, print_)
                        or ("oo" in print_ and _STRICT_EQUALITY.search(candidate))
                    )
                ):
                    continue
                if shape is _SORT_KEY_PROBE and not _SORT_KEY_CASE.match(candidate):
                    continue
                if rule is R_STACKED and _stacked_sentences(candidate):
                    # "A: depends; delete is safer.": a statement's verb a copula follows is
                    # a sentence's subject (IS is a keyword, as in IS NULL).
                    continue
                if _prose(view, lower) and (
                    rule in (R_CLAUSE, R_TAUTOLOGY)
                    # "Pick a color; select size from the list": a sentence's instruction
                    or shape is _COLUMNS_AFTER
                    or (rule is R_BREAKOUT and not _PROSE_BREAKOUT.search(print_))
                    or (rule is R_COMMENT and _PROSE_SEMICOLON.match(print_))
                    or (
                        rule is R_STACKED
                        and _PROSE_CALL.search(text) is not None
                        and _STACKED_CALL.search(text) is None
                    )
                ):
                    # In prose "the kids' and parents' rooms" is grammar: there a broken
                    # quote counts only when SQL follows the logic or the semicolon.
                    continue
                if (
                    rule is R_UNION
                    and (view.document or _prose(view, lower))
                    and _unions_shown(text)
                ):
                    continue  # "I ran this:\n\n    SELECT id FROM a UNION SELECT id FROM b;"
                return Match(rule, start, end)
        # x'|email--, ' is not?--, a'or?--: logic, a clause or an operator after the closed
        # literal, and the rest of the query commented out.
        if (
            quote
            and not _prose(view, lower)
            and _COMMENTED_TAIL.fullmatch(print_)
            and candidate.rstrip().endswith(_LINE_COMMENTS)
        ):
            return Match(R_COMMENT, start, end)
    if _TRUE_PROBE.match(text):
        return Match(R_TAUTOLOGY, 0, min(len(view.text), 80))
    if ";" in text and (not view.document or _prose(view, lower)):
        # A sentence of padding, then `1; DROP TABLE users`: past the fingerprint's tokens;
        # and so past a value's own punctuation, which uses them up as words do (a
        # User-Agent's `(Windows NT 10.0; Win64; x64) … Safari/537.36 1; DROP TABLE users--`).
        # Not in a document that is no prose: a SQL script's `DROP TABLE t;` is its own.
        stacked = _PROSE_STATEMENT.search(text)
        if stacked:
            start = stacked.start() if aligned else 0
            return Match(R_STACKED, start, min(start + 80, len(view.text)))
    if ("'" in text or '"' in text) and _prose(view, lower):
        # Past the text's first quote too, which may be an apostrophe of its words ("users'
        # freedom …"): what no sentence says after a quote, wherever it is.
        injected = _PROSE_INJECTION.search(text)
        if injected:
            start = injected.start() if aligned else 0
            return Match(R_BREAKOUT, start, min(len(view.text), start + 80))
    # A spreadsheet's formula, =IF(1=1,"yes","no"), is a formula injection's business (rce).
    if not _prose(view, lower) and text.lstrip()[:1] != "=":
        for rule, pattern in (
            (R_TAUTOLOGY, _LITERAL_CONDITION),
            (R_TAUTOLOGY, _INFERENCE),
            (R_TAUTOLOGY, _LITERAL_TAUTOLOGY),
            (R_STACKED, _STACKED_CALL),
            (R_STACKED, _STACKED_ADMIN),
        ):
            probe = pattern.search(text)
            if probe:
                if not aligned:
                    return Match(rule, 0, min(len(view.text), 80))
                return Match(rule, probe.start(), probe.end())
    if "select" in lower and not _prose(view, lower):
        assert R_SUBQUERY.pattern is not None
        # In `text` MySQL's versioned comments are open: ((/*!50000select a from t
        subquery = R_SUBQUERY.pattern.search(text)
        if subquery and view.document and _shown(text, subquery.start()):
            subquery = None  # a document's query shown: "SELECT (SELECT count(1) FROM …"
        if subquery:
            if not aligned:
                return Match(R_SUBQUERY, 0, min(len(view.text), 80))
            return Match(R_SUBQUERY, subquery.start(), subquery.end())
    if (
        len(text) <= 64
        and _SQL_ONLY.search(text)
        and not _prose(view, lower)
        and not ("{" in text and _BRACED_VARIABLE.search(text))
        and not (")" in text and _ARITHMETIC.fullmatch(text))
        and not _named_call(text)
        and not _functions_named(text)
    ):
        return Match(R_FUNCTION, 0, min(len(view.text), 80))
    if "::" in text and not _prose(view, lower):
        cast = _cast_probe(text, view.text if aligned else _cased(view, lower, text))
        if cast:
            return Match(R_CAST, *cast) if aligned else Match(R_CAST, 0, min(len(view.text), 80))
    # A statement typed whole into a search box is looked up (`search_box`); one its
    # comments hide the words of was not typed so.
    if present.isdisjoint(_STATEMENT_TOKENS) or (
        aligned and (view.search or search_box(view.point))
    ):
        return None
    if len(text) <= 1024 and _DDL.match(text) and not _words_about_sql(text):
        return Match(R_STATEMENT, 0, min(len(view.text), 80))
    if len(text) <= 160:
        print_ = fingerprint(text, 8)
        # Plain words are few in a statement, unless comparisons or calls bind them, or a
        # table's list in parentheses (an INSERT's columns: `INSERT INTO t (login,pass)`).
        plain = 3 if "o" in print_ or "f" in print_ else 2
        if (
            _STATEMENT.fullmatch(print_)
            and _LISTED_IN_PARENTHESES.sub("", print_).count("b") <= plain
            # A clause's keyword with nothing after it ends no statement: "Create resource
            # group", "Delete user group" are a form's labels.
            and not print_.endswith("K")
            and not _NOTHING_SELECTED.match(text)
            and not _SLUG.fullmatch(text)
            and _grammatical(text)
            and not _words_about_sql(text)
            and not _prose(view, lower)
        ):
            return Match(R_STATEMENT, 0, min(len(view.text), 80))
    return None


# A fingerprint's list in parentheses after a keyword's name (a table's), of names or
# values, closed or cut at its end.
_LISTED_IN_PARENTHESES: Final = re.compile(r"(?<=Kb)\([bnsv,]*(?:\)|…$)")


def _words_about_sql(text: str) -> bool:
    """Whether `text`, shaped as a whole statement, is words instead: it asks about SQL
    (`_SQL_QUESTION`), or a sentence ends in it as no statement can, with a word and a full
    stop ("Delete files from archive.": SQL reads a name cut short, `archive.`) or with a
    question mark after a word ("Delete from cart? Yes/No"; a statement's placeholder
    follows an operator, a comma or a parenthesis: `id = ?`, `IN (?, ?)`)."""
    if _SQL_QUESTION.search(text):
        return True
    end = text.rstrip()
    return (len(end) >= 2 and end[-1] == "." and end[-2].isalpha()) or (
        "?" in end and _QUESTION.search(end) is not None
    )


_QUESTION: Final = re.compile(r"[a-z]\?(?:\s+[a-z]|$)")


def _grammatical(text: str) -> bool:
    """Whether a statement that starts with a verb has what the verb needs (`_VERB_NEEDS`)."""
    first = _FIRST_WORD.match(text)
    needs = _VERB_NEEDS.get(first.group(1)) if first else None
    return needs is None or needs.search(text) is not None
