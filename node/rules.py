"""Rules and what they look at.

A rule has a stable id in its attack class's range and says what it catches. Detectors
(`node.detectors.*`) look at a `View`: one decoded layer of one point's value, with the
little context a precise decision needs (where the value came from, whether it is a key).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from node.types import AttackType

# Per-class id ranges, as in the OWASP CRS: a rule's id says its class at a glance.
RANGES: dict[AttackType, int] = {
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
}

# A word of prose: letters, inner apostrophes or hyphens, trailing punctuation.
_PROSE_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Punctuation and Markdown around a word: quotes, brackets, emphasis, inline code.
_WRAPPING = "\"'“‘”’()[]{}*_`.,!?;:"


@dataclass(frozen=True, slots=True)
class Rule:
    id: int
    type: AttackType
    summary: str
    pattern: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class Match:
    rule: Rule
    start: int
    end: int


class View:
    """One decoded layer of a point's value, with lazily computed derived forms."""

    __slots__ = ("_prose", "area", "is_key", "lower", "point", "text")

    def __init__(self, text: str, point: str, is_key: bool = False) -> None:
        self.text = text
        self.lower = text.lower()
        self.point = point
        self.is_key = is_key
        # The part of the request: path, query, header, cookie or post.
        self.area = point.split(".", 1)[0]
        self._prose: bool | None = None

    @property
    def prose(self) -> bool:
        """True for natural-language text (a comment, a description), where the weaker
        signs of an attack are ordinary words and punctuation."""
        if self._prose is None:
            tokens = self.text.split() if len(self.text) >= 40 else []
            # Numbers, list markers and headings neither count for nor against prose.
            tokens = [t.strip(_WRAPPING) for t in tokens if any(c.isalpha() for c in t)]
            words = sum(1 for token in tokens if _PROSE_WORD.fullmatch(token))
            self._prose = len(tokens) >= 6 and words >= 0.75 * len(tokens)
        return self._prose


def search(view_text: str, rules: tuple[Rule, ...]) -> Match | None:
    """The first rule whose pattern matches the text, with the matched span."""
    for rule in rules:
        assert rule.pattern is not None
        found = rule.pattern.search(view_text)
        if found:
            return Match(rule, found.start(), found.end())
    return None
