"""Rules and what they look at.

A rule has a stable id in its attack class's range and says what it catches. Detectors
(`node.detectors.*`) look at a `View`: one decoded layer of one point's value, with the
little context a precise decision needs (where the value came from, whether it is a key).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from typing import Final

from node.decoders import TAG, json_document
from node.types import AttackType

# Per-class id ranges, as in the OWASP CRS: a rule's id says its class at a glance.
RANGES: Final[dict[AttackType, int]] = {
    AttackType.OVERLIMIT: 1,
    AttackType.SQLI: 1000,
    AttackType.XSS: 2000,
    AttackType.RCE: 3000,
    AttackType.PTRAV: 4000,
    AttackType.SSTI: 5000,
    AttackType.XXE: 6000,
    AttackType.NOSQLI: 7000,
    AttackType.LDAPI: 8000,
    AttackType.SSRF: 9000,
    AttackType.CRLF: 10000,
    AttackType.SCANNER: 11000,
    AttackType.REDIR: 12000,
    AttackType.MAIL_INJECTION: 13000,
    AttackType.SSI: 14000,
    AttackType.SESSION_FIXATION: 15000,
    AttackType.VPATCH: 16000,
}

# A word of prose: letters, inner apostrophes or hyphens, trailing punctuation.
_PROSE_WORD: Final = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_ALPHA: Final = re.compile(r"[^\W\d_]")  # a letter, of any script
# The letters of scripts written without spaces between words: Chinese's and Japanese's
# ideographs, and kana. Most of their words are two characters long, and a run of them is
# counted so: "无法读取索引" ("failed to read the index") is three words, as the sentence
# it translates is, not one.
UNSPACED: Final = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_UNSPACED_RUN: Final = re.compile(f"[{UNSPACED}]+")
# A plain word of a lower-cased text, of any script, as the words of a document and of the
# prose around a code block are counted: a run of letters, or two letters of a script
# written without spaces.
PLAIN_WORD: Final = re.compile(f"[{UNSPACED}]{{1,2}}|[^\\W\\d_{UNSPACED}]{{2,}}")
# Words and names of code among them, dotted or not, and nothing code does with a name (no
# call, no operator, no quote): what a search for it says ("localStorage vs
# document.cookie", "child_process.exec vs spawn", "ProcessBuilder redirect output").
_WORD_OR_NAME: Final = r"[\w$-]+(?:\.[\w$-]+)*[.,?!]?"
NAMED_IN_WORDS: Final = re.compile(rf"{_WORD_OR_NAME}(?:[ \t]+{_WORD_OR_NAME})+[ \t]*")
_DOCUMENT_WORDS: Final = 30
# Not called on an object: `time.sleep(`, `get_hub().sleep(`, `a[0].exec(`, a regular
# expression's `/^v(\d+)/.exec(s)` are methods that share a name with a language's function.
# A dot after a quote (PHP's concatenation, '.system('id').') or after a blank is no
# object's: the function is still called.
NOT_ON_AN_OBJECT: Final = r"(?<![\w)\]/]\.)"
# Python's __import__ at work: of a module that runs or reaches something, of a name put
# together (`'o'+'s'`, `chr(111)+…`), or whose module is used at once (`…).getoutput(`);
# not a module loaded by its name in source (`__import__('_threading_local')`).
IMPORT_AT_WORK: Final = (
    r"__import__\s*\(\s*(?:['\"](?:os|posix|nt|subprocess|pty|commands|socket|ctypes|builtins"
    r"|__builtin__|importlib|code|sys|shutil|pickle|marshal|platform|webbrowser|requests"
    r"|urllib[\w.]*|http\.\w+)['\"]\s*\)|['\"][^'\"\n]{0,40}['\"]\s*[+%]|[\w.]+\s*\()"
    r"|__import__\s*\([^()\n]{0,80}\)\s*(?:\.\s*\w+\s*)+\("
    # ...or named as a string and called: getattr(__builtins__,'__import__')('os')
    r"|__import__['\"]\s*[)\]]\s*\("
)
# The functions of Python's `os` module that run a program: system, popen, the exec and
# spawn families (execv, execlpe, spawnvp…).
OS_RUNNING: Final = r"(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?)"
# Python source shown whole: a function with its signature (`def name(…):`, annotated or
# not, its parameters over several lines), or a compound statement's header on a line of
# its own (`try:`, `except OSError as e:`, `with open(p) as f:`) with the next line
# indented. Its `exec(`, `__import__(name)` and `subprocess.Popen(` are the language's own;
# a payload for an `eval` is an expression, not a function defined nor a block of them.
# (Its lines may end in CRLF, as a browser sends a text area's.)
PYTHON_SOURCE: Final = re.compile(
    r"def(?<!\wdef)[ \t]+\w+[ \t]*\([^()]{0,300}\)[ \t]*(?:->[^:\n]{1,80})?:[ \t]*"
    r"(?:#|\r?\n|\r?$)"
    r"|^([ \t]*)(?:try|else|finally|(?:except|if|elif|while|with|for)\b[^:\n]{1,200}):[ \t]*\r?\n"
    r"\1[ \t]+\S",
    re.M,
)
_DOCUMENT_CHARS: Final = 4096
# Perl's documentation format, POD, by its first paragraph: a command (`=head1 NAME`,
# `=item`, `=pod`) and the blank line that ends it. Only documentation starts so; a shell
# has no command named `=head1`.
_POD: Final = re.compile(r"=(?:head[1-6]|pod|over|item|begin|for|encoding)\b[^\n]*\n[ \t]*\n")
# Punctuation and Markdown around a word: quotes, brackets, emphasis, inline code.
_WRAPPING: Final = "\"'“‘”’()[]{}*_`.,!?;:"
# Markdown's inline code on one line, which a sentence names as one word.
_CODE_SPAN: Final = re.compile(r"`[^`\n]{1,200}`")
# Where Jira's and Confluence's wiki markup opens or closes a block of code.
_WIKI_BLOCKS: Final = ("{code}", "{code:", "{noformat}", "{noformat:")
_PROSE_STRIDE: Final = 256  # tokens read between two looks at whether prose is still possible


def _syntax(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth before it) for each character of `pattern` from
    `start` that is regex syntax: escapes and character classes are skipped whole."""
    depth, in_class, i = 0, False, start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1  # []…]: a bracket first in a class is a member
        else:
            yield i, char, depth
            depth += (char == "(") - (char == ")")
        i += 1


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of `pattern`: split at `|` outside groups and classes."""
    cuts = [i for i, char, depth in _syntax(pattern) if char == "|" and depth == 0]
    return [pattern[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(pattern)], strict=True)]


def _group_end(pattern: str, start: int) -> int:
    """The index of the `)` closing the group that opens at `start`."""
    for i, char, depth in _syntax(pattern, start):
        if char == ")" and depth == 1:
            return i
    raise ValueError(f"unbalanced group at {start} in {pattern!r}")


# One literal character: a letter, an escaped sign or control character.
_LITERAL: Final = r"(?:[^\\()\[\].^$*+?{}|]|\\[^A-Za-z0-9]|\\[tnrfv]|\\x[0-9a-fA-F]{2})"
_LITERAL_ATOM: Final = re.compile(_LITERAL)
# An alternative that starts with one literal character, not repeated; with a run of them.
_LITERAL_FIRST: Final = re.compile(_LITERAL + r"(?![*+?{])")
_LITERAL_RUN: Final = re.compile("(?:" + _LITERAL + r"(?![*+?{]))+")
# A class of a few plain characters, not repeated: ['"], [;|&].
_CLASS_MEMBER: Final = re.compile(r"\\(.)|(.)", re.S)
_SMALL_CLASS: Final = re.compile(r"\[((?:[^\]\\^\-\[]|\\[^A-Za-z0-9]|\\[tnrfv]){1,6})\](?![*+?{])")
_CONTROL_ESCAPES: Final = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v"}
# A quantifier that asks for at least one: `+`, `{2,}`, `{1,5}`, greedy or lazy.
_AT_LEAST_ONE: Final = re.compile(r"(?:\+|\{([1-9]\d*)(,(\d*))?\})(?![+])")
_WORD_LETTER: Final = re.compile(r"\w")
_QUANTIFIERS: Final = ("*", "+", "?", "{")


def _assertion(alternative: str) -> str:
    """The zero-width assertion that starts `alternative` and can move behind a letter: a
    word boundary or a look-behind; "" when there is none."""
    if alternative.startswith("\\b"):
        return "\\b"
    if alternative.startswith(("(?<=", "(?<!")):
        return alternative[: _group_end(alternative, 0) + 1]
    return ""


def _once_first(atom: str, rest: str) -> str | None:
    """`rest` starts with the quantifier of `atom`: when it asks for at least one (`+`,
    `{2,5}`), `atom` written out once, then repeated one time fewer (`x+` reads `xx*`,
    `x{2}` reads `xx`), with what follows the quantifier; else None."""
    repeated = _AT_LEAST_ONE.match(rest)
    if repeated is None:
        return None
    after = rest[repeated.end() :]
    least, comma, most = repeated.groups()
    if least is None:
        return atom + atom + "*" + after
    fewer = int(least) - 1
    if not comma and fewer <= 1 and not after.startswith("?"):
        return atom * (fewer + 1) + after
    upper = str(int(most) - 1) if most else ""
    return atom + atom + "{" + str(fewer) + ("," + upper if comma else "") + "}" + after


def _literal_first(alternative: str) -> list[str]:
    """`alternative` as alternatives whose leading assertion is checked behind their first
    run of literal characters: `\\bexec\\(` reads `exec\\((?<!\\wexec\\()`, `(?<=/)\\./` reads
    `\\./(?<=(?:/)\\./)`, and `\\b(?:iex|irm)\\s` reads `iex(?<!\\wiex)\\s|irm(?<!\\wirm)\\s`.
    A leading group is spread over alternatives, after an assertion or not: `(?:\\(|['"])x`
    reads `\\(x|'x|"x`; an optional one is tried first, then left out, as `?` does:
    `\\b(?:ba)?sh` reads `bash(?<!\\wbash)|sh(?<!\\wsh)`; one repeated at least once is
    written out once first: `(?:\\$\\w){3,}` reads `\\$\\w(?:\\$\\w){2,}`; so is a literal
    character (`\\r?\\n` reads `\\r\\n|\\n`, `\\$+` reads `\\$\\$*`). A small class becomes
    one alternative per character (`['"]`, `[\\r\\n]`). They match the same text at the
    same place, in the same order."""
    heads = []  # `\b(?<!\.)exec`: every assertion that starts it, each moved behind
    rest = alternative
    while assertion := _assertion(rest):
        heads.append(assertion)
        rest = rest[len(assertion) :]
    head = "".join(heads)
    small = _SMALL_CLASS.match(rest)
    if small:  # ['"]: one alternative per character, each starting with a literal
        after = rest[small.end() :]
        return [
            moved
            for escaped, plain in _CLASS_MEMBER.findall(small.group(1))
            for moved in _literal_first(
                head + re.escape(_CONTROL_ESCAPES.get(escaped, escaped) or plain) + after
            )
        ]
    if rest.startswith("(?:"):
        end = _group_end(rest, 0)
        group, after = rest[: end + 1], rest[end + 1 :]
        if after.startswith("?") and not after.startswith(("??", "?+")):
            # Optional and greedy: tried with the group first, then without.
            return _literal_first(head + group + after[1:]) + _literal_first(head + after[1:])
        once = _once_first(group, after)
        if once is not None:
            # At least once: the first time is written out, the rest repeated as before.
            return _literal_first(head + once)
        if after.startswith(_QUANTIFIERS):
            return [alternative]
        return [
            moved
            for part in _alternatives(rest[3:end])
            for moved in _literal_first(head + part + after)
        ]
    atom = _LITERAL_ATOM.match(rest)
    if atom and not _LITERAL_FIRST.match(rest):  # a literal character, repeated
        char, after = atom.group(0), rest[atom.end() :]
        if after.startswith("?") and not after.startswith(("??", "?+")):
            return _literal_first(head + char + after[1:]) + _literal_first(head + after[1:])
        once = _once_first(char, after)
        return [alternative] if once is None else _literal_first(head + once)
    if not head:
        return [alternative]
    literal = _LITERAL_RUN.match(rest)
    if literal is None:
        return [alternative]
    # The whole run of literal characters first: `re` then skips to where all of them are,
    # not to each `e` of a page, and tries the rest only there.
    run, after = literal.group(0), rest[literal.end() :]
    behind = ""
    for assertion in heads:
        if assertion == "\\b":
            # Before a word character, a boundary is a character before it that is not one.
            if not _WORD_LETTER.fullmatch(run[0]):
                return [alternative]
            behind += r"(?<!\w" + run + ")"
        else:
            behind += assertion[:4] + "(?:" + assertion[4:-1] + ")" + run + ")"
    return [run + behind + after]


# What `_behind` may move behind a literal: a class or `\w` or `.`, not repeated.
_ONE_CHARACTER: Final = re.compile(r"(?:\[|\\[wWsSdD](?![*+?{])|\.(?![*+?{]))")
_BEHIND_MAX: Final = 3


def _behind(alternative: str, behind: str = "", shift: int = 0) -> list[tuple[str, int]] | None:
    """`alternative`, when it starts with a character of a class (`[/\\s=]`, `\\w`), as
    alternatives that start with the literal after it, the class checked behind that:
    `\\w\\[\\$` reads `\\[\\$(?<=(?:\\w)\\[\\$)`. `re` skipped to every character of the class,
    often a space, and tried the alternative there. Each comes with its shift: how many
    characters after the alternative's match its own starts (a class met again after a
    spread group moves behind too: at most `_BEHIND_MAX`). None when it cannot be written
    so. `behind` are the classes already moved, `shift` of them."""
    one = _ONE_CHARACTER.match(alternative)
    if one is None or shift == _BEHIND_MAX:
        return None
    end = _class_end(alternative, 0) if alternative.startswith("[") else one.end()
    if alternative[end : end + 1] in _QUANTIFIERS:
        return None
    behind += alternative[:end]
    head = "(?<=" + behind + ")"
    shift += 1
    found: list[tuple[str, int]] = []
    for piece in _literal_first(head + alternative[end:]):
        if _LITERAL_FIRST.match(piece):
            found.append((piece, shift))
            continue
        if piece.startswith(head + "^"):
            continue  # the start of the text, after a character: never (no re.MULTILINE)
        deeper = _behind(piece[len(head) :], behind, shift) if piece.startswith(head) else None
        if deeper is None:
            return None
        found.extend(deeper)
    return found


def searchable(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` rewritten to match exactly what it matched, faster to search.

    Python's `re` skips ahead to the characters a match can start with only when every
    alternative starts with a literal; a leading `\\b` (most rules' alternatives) or
    look-behind makes it try every alternative at every position of the text. Checked one
    character later, as a look-behind, the assertion keeps the skip: a rule over 64 KB of
    a manual page went from 36 ms to 7. Small classes (`['"]`) become one alternative per
    character. Patterns with groups are left alone (a group copied into several
    alternatives would be numbered anew), and so are those that would not gain the skip.
    """
    if pattern.groups:
        return pattern
    rewritten = [moved for part in _alternatives(pattern.pattern) for moved in _literal_first(part)]
    if not all(_LITERAL_FIRST.match(part) for part in rewritten):
        return pattern
    return re.compile("|".join(rewritten), pattern.flags)


_ZERO_WIDTH_ESCAPES: Final = frozenset("bBAZ")
# Escapes that stand for one character written with more: \x41, \u0041, \U00000041.
_CODE_ESCAPES: Final = {"x": 2, "u": 4, "U": 8}
_LOOKAROUNDS: Final = ("(?=", "(?!", "(?<=", "(?<!")
_BOUNDS: Final = re.compile(r"\{\d*(?:,\d*)?\}")


def _class_end(pattern: str, start: int) -> int:
    """The index just past the character class that opens at `start`."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1  # []…]: a bracket first in a class is a member
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def required_literal(alternative: str) -> str:
    """A literal that every match of `alternative` (a pattern with no `|` at its top level,
    matched case-sensitively) contains: its longest run of literal characters at the top
    level. Zero-width assertions (`\\b`, `^`, look-arounds) do not break a run; classes,
    groups, other escapes and `.` do, and a quantified character is not part of one. ""
    when there is none."""
    best = run = ""
    i, n = 0, len(alternative)
    while i < n:
        char, literal = alternative[i], None
        if char == "\\":
            escaped = alternative[i + 1 : i + 2]
            i += 2
            if escaped in _ZERO_WIDTH_ESCAPES:
                continue
            if escaped and not escaped.isalnum():
                literal = escaped
            else:  # \s, \w, \d, \x41, \1, \N{…}: their digits and names are no literal
                i += _CODE_ESCAPES.get(escaped, 0)
                if escaped == "N":
                    i = alternative.find("}", i) + 1 or n
                while escaped.isdigit() and i < n and alternative[i].isdigit():
                    i += 1
        elif char in "^$":
            i += 1
            continue
        elif char == "(":
            end = _group_end(alternative, i) + 1
            zero_width = alternative.startswith(_LOOKAROUNDS, i)
            i = end
            if zero_width and alternative[i : i + 1] not in ("*", "+", "?", "{"):
                continue
        elif char == "[":
            i = _class_end(alternative, i)
        elif char not in ".*+?{}|)":
            literal = char
            i += 1
        else:  # `.`, a quantifier (`{2,3}` whole), a stray sign: a break
            bounds = _BOUNDS.match(alternative, i) if char == "{" else None
            i = bounds.end() if bounds else i + 1
        if literal is not None and alternative[i : i + 1] not in ("*", "+", "?", "{"):
            run += literal
        else:
            best, run = max(best, run, key=len), ""
    return max(best, run, key=len)


# A text this long searches a rule only with the alternatives that can match in it.
PRUNE_MIN: Final = 2048
# Whether a long text holds each alternative's literal is asked of the keyword stage, which
# looks for these literals too in texts of `PRUNE_MIN` and more: `in` went through 64 KB
# once for each of 200 literals (the stage, at once, for all). The stage marks the tokens
# it found so with `LITERALS_FOUND`; the literals of rules made after the first stage was
# built are looked for with `in`. A detector's own stage, for the texts it derives, looks
# for its class's literals and marks so with its class's mark (`literals_found`).
LITERALS_FOUND: Final = "\0literals\0"
_OWN_LITERALS_FOUND: Final = {kind: f"\0literals {kind.value}\0" for kind in AttackType}
_looked_for: dict[AttackType | None, frozenset[str]] = {}
_NO_LITERALS: Final[frozenset[str]] = frozenset()
# The rules with alternatives for long texts (`Rule.parts`), in the order they were made.
_parted: list[Rule] = []


def literals_looked_for(of: AttackType | None = None) -> frozenset[str]:
    """The literals of the alternatives of every rule made so far, or of those of class
    `of`, fixed at the first call: the keyword stage looks for these in long texts."""
    found = _looked_for.get(of)
    if found is None:
        found = _looked_for[of] = frozenset(
            literal
            for rule in _parted
            if of is None or rule.type is of
            for literal, _ in rule.parts
            if literal
        )
    return found


def literals_found(of: AttackType | None = None) -> str:
    """The token with which the keyword stage says it looked for `literals_looked_for(of)`
    in a text."""
    return LITERALS_FOUND if of is None else _OWN_LITERALS_FOUND[of]


# Past this many, a text holds the literals of most alternatives: the whole pattern then,
# if `re` can skip to where it may start (`Rule.skips`). One that cannot tries every
# alternative at every character: rule 3016 took 15 ms over 64 KB of a JavaScript search
# index, searched whole, and 0.5 ms in its alternatives alone.
_SEPARATE_MAX: Final = 16


@cache
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    """An alternative of a rule, compiled once, for long texts."""
    return re.compile(pattern, flags)


def compile_parts() -> None:
    """Compile the alternatives of every rule made so far, which long texts search: a
    tenth of a second, spent when an engine is made rather than by the first long
    values a worker receives (a 64 KB page cost 100 M instructions more the first time).
    Importing the rules stays quick for commands that scan nothing."""
    for rule in _parted:
        assert rule.pattern is not None
        for _, alternative in rule.parts:
            _compiled(alternative, rule.pattern.flags)


@dataclass(frozen=True, slots=True)
class Rule:
    """`tokens` are lower-case literals of which every match of `pattern` contains at least
    one: the keyword stage finds them, and a rule none of whose tokens occur is not tried.
    A rule without tokens is tried whenever its class is. The pattern is kept in its
    `searchable` form. `parts` are its alternatives for long texts, each rewritten to start
    with a literal where it can be (`_literal_first`, `_behind`) though others cannot, each
    after a literal that every match of it contains (`required_literal`); `shift` is the
    most characters after its match that one of them starts. `skips` says whether `re`
    skips ahead in the whole pattern: every one of its alternatives starts with a literal
    (none with `^`, `\\b` or a class)."""

    id: int
    type: AttackType
    summary: str
    pattern: re.Pattern[str] | None = None
    tokens: tuple[str, ...] = ()
    parts: tuple[tuple[str, str], ...] = field(default=(), init=False, compare=False, repr=False)
    shift: int = field(default=0, init=False, compare=False, repr=False)
    skips: bool = field(default=True, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.pattern is None:
            return
        pattern = searchable(self.pattern)
        object.__setattr__(self, "pattern", pattern)
        if pattern.groups or pattern.flags & (re.IGNORECASE | re.VERBOSE):
            return  # renumbered groups; literals that match other cases or are layout
        alternatives, shift = [], 0
        multiline = bool(pattern.flags & re.MULTILINE)
        for part in _alternatives(pattern.pattern):
            for piece in _literal_first(part):
                if _LITERAL_FIRST.match(piece) or piece.startswith("^") or multiline:
                    alternatives.append(piece)
                    continue
                moved = _behind(piece) or [(piece, 0)]
                alternatives.extend(source for source, _ in moved)
                shift = max(shift, *(by for _, by in moved))
        literals = [required_literal(a) for a in alternatives]
        if len(alternatives) > 1 and any(literals):
            parts = tuple(zip(literals, alternatives, strict=True))
            object.__setattr__(self, "parts", parts)
            object.__setattr__(self, "shift", shift)
            skips = all(_LITERAL_FIRST.match(a) for a in _alternatives(pattern.pattern))
            object.__setattr__(self, "skips", skips)
            _parted.append(self)

    def search(self, text: str, present: frozenset[str] = frozenset()) -> re.Match[str] | None:
        """The pattern's first match in `text`.

        In a long text (`PRUNE_MIN`), alternatives whose literal it does not hold are left
        out, for they cannot match, and the others are searched one by one: `re` skips
        straight to where each can start (its first character, its class, or only the
        text's start). The earliest place any matches is where the whole pattern's first
        match starts, and the whole pattern, matched there, gives that match as a search
        would (the earlier alternative wins at one place). Over 64 KB the whole pattern
        tries every alternative wherever one may start, though most name words the text
        does not hold, and one that may start anywhere (`\\w\\s*<<<`) takes the skip away
        from all. `present` are the tokens of `text`: found by the keyword stage in a long
        text, they say which literals it holds (`LITERALS_FOUND`). A short text is
        searched so too when the whole pattern cannot skip (`skips`): rule 3016 took 18 µs
        over 60 characters of punctuation, trying a dozen alternatives at each."""
        assert self.pattern is not None
        if not self.parts or (self.skips and len(text) < PRUNE_MIN):
            return self.pattern.search(text)
        if LITERALS_FOUND in present:  # the tokens of `text`, literals included
            looked_for = literals_looked_for()
        elif literals_found(self.type) in present:  # its class's literals included
            looked_for = literals_looked_for(self.type)
        else:
            looked_for = _NO_LITERALS
        kept = [
            alternative
            for literal, alternative in self.parts
            if (literal in present if literal in looked_for else literal in text)
        ]
        if len(kept) > _SEPARATE_MAX and self.skips:
            return self.pattern.search(text)
        first = -1
        flags = self.pattern.flags
        for alternative in kept:
            found = _compiled(alternative, flags).search(text)
            if found and (first < 0 or found.start() < first):
                first = found.start()
        # An alternative that starts `shift` characters after its match: searched from as
        # far before, where no match of the whole pattern starts.
        return self.pattern.search(text, max(first - self.shift, 0)) if first >= 0 else None


@dataclass(frozen=True, slots=True)
class Match:
    rule: Rule
    start: int
    end: int

    def moved(self, offset: int) -> Match:
        """This match in a text that a part it was found in begins at `offset` of."""
        return Match(self.rule, offset + self.start, offset + self.end)


# The rule tokens that occur in a text: of every class, or of one class only; and, when
# the text is long or the third argument says so, the literals of their rules
# (`literals_found`).
Scout = Callable[[str, AttackType | None, bool], frozenset[str]]


class View:
    """One decoded layer of a point's value, with lazily computed derived forms.

    `scout` tells which rule tokens occur in a text: detectors that normalise a value
    (fold shell quoting, say) ask it again about the normalised form.
    """

    __slots__ = (
        "_clause",
        "_clause_read",
        "_document",
        "_head",
        "_head_read",
        "_json",
        "_json_read",
        "_lines",
        "_own",
        "_parts_shown",
        "_prose",
        "_quotations",
        "_tokens",
        "area",
        "decoded",
        "escaped",
        "is_key",
        "lower",
        "point",
        "scout",
        "search",
        "text",
    )

    def __init__(
        self,
        text: str,
        point: str,
        scout: Scout,
        is_key: bool = False,
        present: frozenset[str] | None = None,
        lower: str | None = None,
        document: bool | None = None,
        decoded: bool = False,
        escaped: bool = False,
    ) -> None:
        self.text = text
        self.lower = text.lower() if lower is None else lower
        self.point = point
        self.is_key = is_key
        self.scout = scout
        # The part of the request: path, query, header, cookie or post.
        self.area = point.split(".", 1)[0]
        # A layer that decoding made (percent, base64…), not the value as it came; and one
        # whose last decoding undid JavaScript's and JSON's escapes (`\r`, `\u000a`).
        self.decoded = decoded
        self.escaped = escaped
        # A path segment after a search's own (`/search/tar -xzvf`): a search box's term, as
        # `search_box` tells of a parameter.
        self.search = False
        self._prose: bool | None = None
        self._document = document
        self._tokens: dict[str, frozenset[str]] = {}
        self._own: dict[tuple[str, AttackType], frozenset[str]] = {}
        self._lines: list[str] | None = None  # of `lower`, split when a derived text is long
        self._json: dict[str, object] | list[object] | None = None
        self._json_read = False
        self._clause: View | None = None
        self._clause_read = False
        self._head: View | None = None
        self._head_read = False
        self._quotations: list[tuple[int, View]] | None = None
        self._parts_shown: str | None = None
        if present is not None:
            self._tokens[self.lower] = present

    def tokens(self, text: str | None = None, of: AttackType | None = None) -> frozenset[str]:
        """The rule tokens that occur in `text` (lower-case), by default the value's own. A
        detector asking about a text it derived (`of` its class) is told its own class's
        tokens: all it looks for, and found in half the time. Known tokens of every class
        serve as well (a rule is tried only if its tokens occur)."""
        key = self.lower if text is None else text
        found = self._tokens.get(key)
        if found is not None:
            return found
        if of is None:
            found = self._tokens[key] = self.scout(key, None, False)
            return found
        found = self._own.get((key, of))
        if found is None:
            near = None
            if len(key) >= NEAR_MIN:
                if self._lines is None:
                    self._lines = self.lower.split("\n")
                near = near_changes(self._lines, key)
            if near is None:
                found = self.scout(key, of, False)
            else:
                # What its unchanged lines hold the value's tokens say, its class's
                # literals included when the value's say which it holds.
                value = self.tokens()
                found = (value - _LITERALS_MARK) | self.scout(near, of, True)
                if LITERALS_FOUND not in value:
                    found -= {LITERALS_FOUND, literals_found(of)}
            self._own[(key, of)] = found
        return found

    @property
    def json(self) -> dict[str, object] | list[object] | None:
        """The JSON object or array the value is (`json_document`), read once for every
        detector that asks."""
        if not self._json_read:
            self._json = json_document(self.text)
            self._json_read = True
        return self._json

    @property
    def parts_shown(self) -> str:
        """`lower` with the fields of each part of a multipart body it shows blanked
        (`part_headers_blanked`), or `lower` itself when it shows none. Found once for
        every detector that asks."""
        if self._parts_shown is None:
            self._parts_shown = part_headers_blanked(self.lower)
        return self._parts_shown

    def own_value(self, text: str) -> View | None:
        """`text`, a part of this view's, as a value of its own (the same point, no
        document), or None when it is prose."""
        part = View(text, self.point, self.scout, self.is_key, document=False)
        return None if part.prose else part

    @property
    def last_clause(self) -> View | None:
        """The clause that ends the text, as a value of its own, when it is no prose: a
        sentence, then the value a field was given. None when the text has no such clause,
        or when it is an indented line (code shown, its quotes and separators its own).
        Found once for every detector that asks."""
        if not self._clause_read:
            self._clause = _last_clause(self)
            self._clause_read = True
        return self._clause

    @property
    def first_clause(self) -> View | None:
        """The clause that opens the text, up to a parenthesis or a sentence's end after a
        blank or a line break, as a value of its own when it is no prose: the value a field
        was given, then a sentence about it ("1 OR true (this is what I typed)"). None when
        the text has no such clause. Found once for every detector that asks."""
        if not self._head_read:
            self._head = _first_clause(self)
            self._head_read = True
        return self._head

    @property
    def quotations(self) -> list[tuple[int, View]]:
        """The spans of the text in double quotes, where each starts and each as a value of
        its own, when it is no prose: a sentence that quotes what a field was given ('The
        user entered "1 OR true" in the name field'). At most `QUOTATIONS` of them, each a
        line's and at most `CLAUSE_CHARS` long. Found once for every detector that asks."""
        if self._quotations is None:
            self._quotations = []
            for span in islice(_QUOTATION.finditer(self.text), QUOTATIONS):
                quoted = self.own_value(span.group(1))
                if quoted is not None:
                    self._quotations.append((span.start(1), quoted))
        return self._quotations

    @property
    def document(self) -> bool:
        """True for a text of three lines or more and thirty words or more in its first
        4 KB (`is_document`), or for lines of such a text (`View(document=True)`)."""
        if self._document is None:
            self._document = is_document(self.lower)
        return self._document

    @property
    def prose(self) -> bool:
        """True for natural-language text (a comment, a description), where the weaker
        signs of an attack are ordinary words and punctuation."""
        if self._prose is None:
            total = words = 0
            text = self.text
            if "<" in text and ">" in text:
                # Rich text: its tags are markup around the words, not words of it.
                text = TAG.sub(" ", text)
            if "`" in text:
                # Markdown's inline code is a noun of the sentence it is in ("use
                # `os.listdir()` instead"), whatever its signs.
                text = _CODE_SPAN.sub(" code ", text)
            text = spaced(text)
            tokens = text.split() if len(text) >= 24 else []
            # What each token counts for, by the token: text repeats its words and its
            # punctuation, and looking again costs a regex. Kept between values: the
            # layers of one value share most of their tokens, and traffic its words.
            counted = _COUNTED
            if len(counted) >= _COUNTED_MAX:
                counted.clear()
            for start in range(0, len(tokens), _PROSE_STRIDE):
                # Even if every token left were a word, fewer than three in four would be:
                # not prose, however the rest reads (a long text is decided early).
                if 3 * total - 4 * words > len(tokens) - start:
                    break
                stride = (
                    tokens
                    if len(tokens) <= _PROSE_STRIDE
                    else tokens[start : start + _PROSE_STRIDE]
                )
                for token in stride:
                    counts = counted.get(token)
                    if counts is None:
                        counts = _prose_counts(token)
                        if len(token) <= _COUNTED_CHARS:
                            counted[token] = counts
                    total += counts[0]
                    words += counts[1]
            self._prose = total >= 6 and words >= 0.75 * total
        return self._prose


# A text a detector derives from a long value is looked at again only near its changes.
NEAR_MIN: Final = 4096
# Lines kept around a change: more than any token spans (the most line breaks in one is
# two: "\\nalter\\n").
_NEAR_LINES: Final = 3
# How far, in lines, a change may reach before the two texts agree again.
_RESYNC_LINES: Final = 8
_LITERALS_MARK: Final = frozenset((LITERALS_FOUND,))


def near_changes(old: list[str], after: str) -> str | None:
    """The lines of `after` near where it differs from the text whose lines are `old`
    (`_NEAR_LINES` around each change), or None when they are no fewer than half its lines
    or the texts do not agree again within `_RESYNC_LINES` of a change. Every token of
    `after` is then a token of the other text or one of the lines returned: a token within
    lines that `after` left as they were, next to each other, is in the other too, and one
    that reaches a changed line lies within its margin. Detectors rewrite a few places of a
    long value (comments dropped, separators folded): 64 KB were run through the automaton
    again for each."""
    new = after.split("\n")
    near = [False] * len(new)
    i = j = 0
    while j < len(new):
        if i < len(old) and old[i] == new[j]:
            i += 1
            j += 1
            continue
        skip = _resync(old, new, i, j)
        if skip is None:
            return None
        gone, added = skip
        for k in range(max(j - _NEAR_LINES, 0), min(j + added + _NEAR_LINES, len(new))):
            near[k] = True
        i, j = i + gone, j + added
    if i < len(old):  # lines removed at the end
        for k in range(max(len(new) - _NEAR_LINES, 0), len(new)):
            near[k] = True
    if 2 * sum(near) >= len(new):
        return None
    return "\n".join(line for line, kept in zip(new, near, strict=True) if kept)


def _resync(old: list[str], new: list[str], i: int, j: int) -> tuple[int, int] | None:
    """The fewest lines (removed from `old` at `i`, added in `new` at `j`) after which the
    two agree again; `old` exhausted, the rest of `new` is added."""
    if i >= len(old):
        return 0, len(new) - j
    for reach in range(1, _RESYNC_LINES + 1):
        for gone in range(reach + 1):
            added = reach - gone
            if i + gone < len(old) and j + added < len(new) and old[i + gone] == new[j + added]:
                return gone, added
    return None


def lines_around(text: str, spans: list[tuple[int, int]]) -> list[str] | None:
    """The runs of consecutive lines of `text` that hold one of `spans` (ordered, start and
    end offsets) or lie within `_NEAR_LINES` of one, or None when those are no fewer than
    half its lines: what a detector rewrites for the sake of a few places of a long text
    need not be rewritten, nor looked at, anywhere else."""
    lines = text.split("\n")
    near = [False] * len(lines)
    line = at = 0
    for start, end in spans:
        line += text.count("\n", at, start)
        last = line + text.count("\n", start, end)
        for k in range(max(line - _NEAR_LINES, 0), min(last + _NEAR_LINES + 1, len(lines))):
            near[k] = True
        at = start
    if 2 * sum(near) >= len(lines):
        return None
    runs: list[str] = []
    first = -1
    for k, kept in enumerate(near):
        if kept and first < 0:
            first = k
        elif not kept and first >= 0:
            runs.append("\n".join(lines[first:k]))
            first = -1
    if first >= 0:
        runs.append("\n".join(lines[first:]))
    return runs


# What tokens counted for prose, at most this many of at most this many characters.
_COUNTED: Final[dict[str, tuple[int, int]]] = {}
_COUNTED_MAX: Final = 16384
_COUNTED_CHARS: Final = 64


def spaced(text: str) -> str:
    """`text` with each run of letters of a script written without spaces (`UNSPACED`) as
    the words it holds, spaced, for its words to be counted as a text's split by blanks."""
    return text if text.isascii() else _UNSPACED_RUN.sub(_spaced_words, text)


def _spaced_words(run: re.Match[str]) -> str:
    """A run of letters of a script written without spaces as the words it holds, spaced:
    one for every two letters (`UNSPACED`)."""
    return " 字" * ((len(run.group()) + 1) // 2) + " "


def _prose_counts(token: str) -> tuple[int, int]:
    """What a token counts for prose: (1, 1) a word, (1, 0) a token with letters that is
    no word, (0, 0) neither."""
    if token.endswith("():"):
        return 1, 0  # a signature (`def f():`), which no sentence has
    if token.startswith(_WIKI_BLOCKS):
        return 0, 0  # Jira's `{code:bash}`, `{noformat}`: markup, as Markdown's ``` is
    core = token.strip(_WRAPPING)
    if core.isalpha():  # the common case, decided without a regex
        # Capitals (SELECT, WHEN; DSA, RSA) are code or acronyms: neither.
        return (1, 1) if len(core) < 3 or not core.isupper() else (0, 0)
    if _ALPHA.search(token):
        # Numbers, list markers and headings count neither for nor against.
        return 1, 1 if _PROSE_WORD.fullmatch(core) is not None else 0
    return 0, 0


def is_document(lower: str) -> bool:
    """Whether `lower` (lower-case) is a text of three lines or more and thirty words or
    more in its first 4 KB, or of three lines or more in POD (`_POD`, a module's manual,
    however short): a README, a message, a changelog, whose lines may start with the
    commands and markup they are about."""
    return several_lines(lower) and (
        _POD.match(lower) is not None
        or len(PLAIN_WORD.findall(lower, 0, _DOCUMENT_CHARS)) >= _DOCUMENT_WORDS
    )


def blanked(found: re.Match[str]) -> str:
    """What `found` matched as blanks, one for each character: a text rewritten for the
    rules keeps its offsets."""
    return " " * len(found.group())


# Rich text's elements for code, as an editor shows a command line or a query in them.
_CODE_ELEMENT: Final = re.compile(r"<(pre|code|kbd|samp)(?=[\s>])[^<>]{0,200}>")
_CODE_ELEMENT_NAMES: Final = ("<pre", "<code", "<kbd", "<samp")
_CODE_REACH: Final = 4096  # characters looked back at for the element's start


def code_element_start(text: str, at: int) -> int:
    """Where the code starts in the element of code (`_CODE_ELEMENT`) that `at` is inside,
    after its opening tags (`<pre><code class="language-bash">`), when the element closes
    after `at`; -1 when `at` is in none or among the tags."""
    reach = max(0, at - _CODE_REACH)
    opened = max(text.rfind(name, reach, at) for name in _CODE_ELEMENT_NAMES)
    element = _CODE_ELEMENT.match(text, opened) if opened >= 0 else None
    if element is None or element.end() > at:
        return -1
    closing = f"</{element.group(1)}>"
    if text.find(closing, element.end(), at) >= 0 or text.find(closing, at) < 0:
        return -1
    start = opened
    while (outer := _CODE_ELEMENT.match(text, start)) is not None:
        start = outer.end()
    return start if start < at else -1


# A search or a title: words and names (dotted, hyphenated), two or more, with nothing of a
# statement's, a URL's or a command line's syntax between them ("how to enable xp_cmdshell
# in sql server", "169.254.169.254 metadata endpoint timeout"). Possessive, and in an
# atomic group: a run of dots and blanks is read one way.
_WORDS_ONLY: Final = re.compile(r"\s*+[\w.@-]++(?>(?:[ \t]++[\w.@-]++)+)[\s?!.]*+")
_WORDS_ONLY_MAX: Final = 300  # characters: a search's or a title's


def words_only(text: str) -> bool:
    """Whether `text` is a short text of words and names only (`_WORDS_ONLY`), a word of
    letters among them: not a list of addresses or names ("169.254.169.254 10.0.0.5")."""
    return (
        len(text) <= _WORDS_ONLY_MAX
        and _WORDS_ONLY.fullmatch(text) is not None
        and any(token.isalpha() for token in text.split())
    )


# A search box's parameter, in the query, a form or a JSON body, or in a URL's query that
# a value holds (a search page's, in the next request's Referer): `?q=`, WordPress's
# `?s=`, `searchTerm`, `keywords` at any depth, `query` as a request's own (`{"query": …}`;
# a trace's `db.query` tag is a statement run). Its value is looked up, not run: people
# search for `tar -xzvf archive.tar.gz` and `select top 10 rows`, and a command line or a
# statement typed whole into one is words to find. What breaks out of the lookup (a quote,
# a separator, a substitution) is judged there as anywhere, and so are a file's path (an
# application may open what it is asked to find: `?q=/etc/passwd`) and Windows' shells
# (`cmd.exe /c dir`), which payload lists send alone.
_SEARCH_NAMES: Final = frozenset(
    (
        *("q", "s", "search", "keyword", "keywords", "term", "terms", "kw"),
        *(f"search{glue}{what}" for glue in ("", "_") for what in ("term", "query", "text")),
        *("searchstring", "search_string"),
    )
)
_FORM_PARTS: Final = frozenset(("form", "json", "multipart"))  # of `post.`
# A parameter's name in brackets, PHP's and Rails': `filter[q]`, `q[]`.
_BRACKETED: Final = re.compile(r"\[([^\]]*)\]")


def searched_segments(path: str) -> frozenset[str]:
    """The points of the segments of `path` that follow a search's own (`/search/<term>`,
    `/api/search/<term>`, by `_SEARCH_NAMES`): a term looked up, as a search box's."""
    segments = path.split("/")[1:]
    return frozenset(
        f"path.{index}"
        for index in range(1, len(segments))
        if segments[index - 1].lower() in _SEARCH_NAMES and segments[index]
    )


def search_box(point: str) -> bool:
    """Whether `point` is a search box's parameter (`_SEARCH_NAMES`, or a request's own
    `query`), its names in brackets read as names (`query.filter[q]` as
    `query.filter.q`), an array's position or a multipart field's `.text` after it."""
    if "[" in point:
        point = _BRACKETED.sub(r".\1", point).rstrip(".")
    names = point.lower().split(".")
    if len(names) > 2 and (names[-1].isdigit() or names[-1] == "text"):
        names.pop()
    last = len(names) - 1
    if names[last] == "query":
        # Right after the query's or a body's own names: `query.query`, `post.json.query`.
        return last >= 1 and (
            names[last - 1] == "query"
            or (last >= 2 and names[last - 2] == "post" and names[last - 1] in _FORM_PARTS)
        )
    if names[last] not in _SEARCH_NAMES:
        return False
    # At any depth below them: `query.filter.q`, `post.json.filters.keywords`.
    return any(
        name == "query" or (name == "post" and index + 1 < last and names[index + 1] in _FORM_PARTS)
        for index, name in enumerate(names[:last])
    )


def several_lines(lower: str) -> bool:
    """Whether `lower` holds three lines or more in its first 4 KB: a document, or a snippet
    of code too short to be one."""
    return lower.count("\n", 0, _DOCUMENT_CHARS) >= 2


# A minified script, this long with this many functions in it: what a bundle's one line
# holds. An injection's code opens one function, to call what the rules find
# (`require('child_process')`).
_BUNDLE_CHARS: Final = 512
_BUNDLE_FUNCTIONS: Final = 3


def minified(lower: str) -> bool:
    """Whether `lower` is a minified script (`_BUNDLE_CHARS`, `_BUNDLE_FUNCTIONS`), which is
    source shown as a document of several lines is."""
    return len(lower) >= _BUNDLE_CHARS and lower.count("function") >= _BUNDLE_FUNCTIONS


# A whole mail message as a value, as a mail service's inbound webhook forwards one raw
# (Mailgun's `body-mime`, SES's `content`, Postmark's `RawEmail`), or its header alone
# (SendGrid's `headers`): three header fields or more from its first character (a folded
# line goes on with its field), then an empty line or the value's end.
_MESSAGE_HEAD: Final = re.compile(
    r"(?:[a-z][\w-]{0,40}:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*){3,}(?:\r?\n|\Z)"
)
# Of which two at least name the letter's sender, recipients, date or route, and none is
# what only an HTTP response carries: a splitting's payload may open with fields too.
_MESSAGE_FIELD: Final = re.compile(
    r"^(from|to|cc|date|subject|received|return-path|message-id|mime-version|delivered-to):",
    re.M,
)
_RESPONSE_FIELD: Final = re.compile(
    r"^(?:set-cookie|location|refresh|content-length|transfer-encoding|content-security-policy"
    r"|access-control-[\w-]+|x-xss-protection|x-frame-options|http/[\d.]+)\s*:?",
    re.M,
)


# A fenced block of Markdown, fences included, of at most 200 lines; or AsciiDoc's listing
# of source (`[source,bash]`, then its code between two lines of hyphens: a lone line of
# them is Markdown's rule or a heading's underline). Its lines may end in CRLF, as a
# browser sends a text area's.
FENCED_BLOCK: Final = re.compile(
    r"^[ \t]*(?:(`{3,}|~{3,})|\[source[^\]\n]{0,80}\]\n[ \t]*(-{4,}))"
    r"[^\n]*\n(?:[^\n]*\n){0,200}?[ \t]*(?:\1|\2)[ \t]*\r?$",
    re.M,
)


# Or a MIME entity alone (a part of a message, a multipart body as a mail API takes one):
# header fields from its first character, one declaring a multipart type's boundary, then
# an empty line and a body that the boundary parts.
_ENTITY_HEAD: Final = re.compile(r"(?:[a-z][\w-]{0,40}:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)+\r?\n")
# A multipart type's field up to its boundary's value, its parameters on folded lines too.
BOUNDARY_DECLARED: Final = (
    r"content-type:[ \t]*multipart/[\w.+-]+[ \t]*;[^\r\n]*?(?:\r?\n[ \t][^\r\n]*?)*?\bboundary="
)
_MULTIPART_BOUNDARY: Final = re.compile(
    rf"^{BOUNDARY_DECLARED}(?:\"([^\"\r\n]{{1,70}})\"|([^\s\";]{{1,70}}))", re.M
)


def mail_message(lower: str) -> bool:
    """Whether `lower` is a whole mail message, header fields and body, or its header
    alone, or a MIME entity parted by the boundary its head declares: its line breaks and
    fields are the letter's own, not added to a value."""
    head = _MESSAGE_HEAD.match(lower)
    if head is not None:
        fields = head.group()
        if _RESPONSE_FIELD.search(fields):
            return False
        if len(set(_MESSAGE_FIELD.findall(fields))) >= 2:
            return True
    entity = _ENTITY_HEAD.match(lower) if "boundary=" in lower else None
    if entity is None or _RESPONSE_FIELD.search(entity.group()):
        return False
    boundary = _MULTIPART_BOUNDARY.search(entity.group())
    if boundary is None:
        return False
    delimiter = "\n--" + (boundary.group(1) or boundary.group(2))
    return delimiter in lower[entity.end() - 1 :]


# A part of a multipart body (a request's body shown in a bug report, an API document's
# example): its delimiter line (`--` and the boundary, RFC 2046's characters), then only
# its own fields (Content-Disposition, Content-Type…) up to the empty line. (The delimiter
# line's start is looked back at from its second hyphen: a pattern that opens with a
# literal has `re` skip to it, where `(?:^|\n)` had it try every character of the text.)
_PART_HEAD: Final = re.compile(
    r"(-(?<![^\n]-)-[\w'()+,./:=?-]{1,70})[ \t]*\r?\n"
    r"((?:content-[\w-]{1,40}:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)+)\r?\n"
)
_PART_FIELD: Final = re.compile(r"[^\r\n]")
PARTS_SHOWN: Final = 32  # the parts of a shown body read; fields of any after them count


def part_headers_blanked(lower: str) -> str:
    """`lower` with the fields of each part of a multipart body it shows blanked (their
    line breaks kept, so offsets hold): a part's fields follow its delimiter line, and the
    same delimiter comes again after them. Where the value declares a boundary (a MIME
    entity's head, a request's Content-Type), only that one delimits; a field no part
    carries (`Bcc:`, `Set-Cookie:`) keeps its part's fields."""
    if "--" not in lower or "content-" not in lower:
        return lower
    declared = _MULTIPART_BOUNDARY.search(lower) if "boundary=" in lower else None
    delimiter = None if declared is None else "--" + (declared.group(1) or declared.group(2))
    pieces: list[str] = []
    kept = 0
    for part in islice(_PART_HEAD.finditer(lower), PARTS_SHOWN):
        line = part.group(1)
        if (delimiter is not None and line != delimiter) or lower.find("\n" + line, part.end()) < 0:
            continue
        start, end = part.span(2)
        pieces += (lower[kept:start], _PART_FIELD.sub(" ", part.group(2)))
        kept = end
    return lower if not pieces else "".join(pieces) + lower[kept:]


# Where a text's last clause begins: after a colon, a full stop, a question or an
# exclamation mark and a blank, or a line break ("…the value from my form: 1 AND 1=1").
_CLAUSE_BREAK: Final = re.compile(r"[:.!?][ \t]+|\n")
CLAUSE_CHARS: Final = 256  # a last clause longer than this is read as the text is


def _last_clause(view: View) -> View | None:
    """`View.last_clause`, found."""
    text = view.text
    start = len(text)
    for brk in _CLAUSE_BREAK.finditer(text, max(0, len(text) - CLAUSE_CHARS)):
        if brk.group() != "\n" and _quoted_break(text, brk.start(), '"'):
            continue  # 'For example, "cron(0 20 * * ? *)" or …': a quotation's own mark
        if brk.group() != "\n" and _bracketed_break(text, brk.start()):
            continue  # `git rerere [clear | forget <pathspec>... | diff]`: a group's own
        start = brk.end()
    if start >= len(text) or start == 0 or text[start] in " \t":
        return None
    return view.own_value(text[start:])


def _quoted_break(text: str, at: int, quote: str) -> bool:
    """Whether the mark at `at` is inside a span in `quote`s on its line."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    if line_end < 0:
        line_end = len(text)
    return text.count(quote, line_start, at) % 2 == 1 and quote in text[at:line_end]


def _bracketed_break(text: str, at: int) -> bool:
    """Whether the mark at `at` is inside square brackets on its line."""
    line_start = text.rfind("\n", 0, at) + 1
    opened = text.rfind("[", line_start, at)
    if opened < 0 or text.find("]", opened, at) >= 0:
        return False
    closed = text.find("]", at)
    return closed >= 0 and text.find("\n", at, closed) < 0


# A span in double quotes (straight or typographic) on one line. Not from a double quote
# that is code's one-character string (Lua's `c == '"' or c == "'"`: no quotation opens).
_QUOTATION: Final = re.compile(rf"(?:(?<!')[\"“]|[\"“](?!'))([^\"“”\n]{{1,{CLAUSE_CHARS}}})[\"”]")
QUOTATIONS: Final = 8  # quotations of a text read as values of their own


# Where a text's first clause ends: a parenthesis or a sentence's end after a blank, a line
# break.
HEAD_BREAK: Final = re.compile(r"\s\(|[.!?][ \t]|\n")


def _first_clause(view: View) -> View | None:
    """`View.first_clause`, found."""
    text = view.text
    end = HEAD_BREAK.search(text, 0, CLAUSE_CHARS)
    if end is None or not text[: end.start()].strip():
        return None
    if any(_quoted_break(text, end.start(), quote) for quote in ("'", '"')):
        return None  # a quotation the break falls inside: 'insert-completions (M-*)'
    if text.count("`", 0, end.start()) % 2:
        # Markdown's inline code, which runs on over lines to its paragraph's end:
        # "See also: [`DELETE\n/-/org/:scope/user`](…)".
        paragraph_end = text.find("\n\n", end.start())
        if "`" in text[end.start() : paragraph_end if paragraph_end >= 0 else len(text)]:
            return None
    return view.own_value(text[: end.start()])


def word_char(char: str) -> bool:
    """A character `\\w` matches (and `\\b` counts as part of a word)."""
    return char.isalnum() or char == "_"


def nonblank_before(text: str, at: int) -> int:
    """Where the last character before `at` that is not a blank is, as `\\s*` before `at`
    would leave it; -1 when there are only blanks."""
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at - 1


def words(text: str) -> tuple[str, ...]:
    """Tokens written as one space-separated string."""
    return tuple(text.split())


def calls(text: str) -> tuple[str, ...]:
    """Tokens for function calls: each name followed by `(`, with or without a space."""
    return tuple(token for name in text.split() for token in (f"{name}(", f"{name} ("))


class RuleSet:
    """Rules tried in order, each only when one of its tokens is present: an index from
    token to rules makes that cost the tokens found, not the size of the set."""

    def __init__(self, *rules: Rule) -> None:
        self.rules = rules
        self._always = tuple(i for i, rule in enumerate(rules) if not rule.tokens)
        index: dict[str, list[int]] = {}
        for i, rule in enumerate(rules):
            for token in rule.tokens:
                index.setdefault(token, []).append(i)
        self._by_token = {token: tuple(found) for token, found in index.items()}

    def _candidates(self, present: frozenset[str]) -> list[int]:
        found = set(self._always)
        by_token = self._by_token
        for token in present:
            rules = by_token.get(token)
            if rules:
                found.update(rules)
        return sorted(found)

    def possible(self, present: frozenset[str]) -> bool:
        """Whether any rule can match a text in which `present` tokens occur."""
        return bool(self._always) or any(token in self._by_token for token in present)

    def search(self, text: str, present: frozenset[str]) -> Match | None:
        """The first rule whose pattern matches `text`, with the matched span; `present`
        are the tokens found in `text`."""
        # Most texts are short: the patterns that can skip are called directly.
        long = len(text) >= PRUNE_MIN
        for i in self._candidates(present):
            rule = self.rules[i]
            assert rule.pattern is not None
            found = (
                rule.search(text, present) if long or not rule.skips else rule.pattern.search(text)
            )
            if found:
                return Match(rule, found.start(), found.end())
        return None
