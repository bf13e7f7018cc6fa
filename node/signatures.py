"""The fast first stage: one Aho-Corasick automaton over every detector's tokens.

Every text is scanned between two NULs, so a token that begins or ends with NUL matches
only at the start or the end of a value ("\\0or " is "or " opening the value, not "color ").
A NUL alone, the mark of those ends, is looked for with `in`: as a token it routes a value
that holds one (a file's name cut short, `shell.php%00.jpg`).

A value is lower-cased once and run through the automaton. It says which detectors may
apply (their class tokens or one of their rules' tokens occur) and which rule tokens are
present, so that a detector tries only the rules that can match. A text a detector derives
from a value is run through an automaton of that class's tokens only. In a long value the
automaton also finds the literals of the rules' alternatives, so that a rule searches
only those whose literal occurs (`Rule.search`). The automatons are built once, when the
engine is created.
"""

from __future__ import annotations

from operator import itemgetter
from types import ModuleType
from typing import Final

import ahocorasick

from node.rules import literals_found, literals_looked_for
from node.types import AttackType

Routes = tuple[tuple[ModuleType, ...], frozenset[str]]
_NOWHERE: Final[Routes] = ((), frozenset())
_SECOND: Final = itemgetter(1)  # of an automaton match (end, (token, mask)): the (token, mask)


LONG_TEXT: Final = 1024  # characters from which single-character tokens are looked for alone


def _automaton(routes: dict[str, int]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for token, mask in routes.items():
        automaton.add_word(token, (token, mask))
    automaton.make_automaton()
    return automaton


class Signatures:
    def __init__(self, modules: tuple[ModuleType, ...], own: AttackType | None = None) -> None:
        # Each token maps to a bit mask of the detectors it routes to.
        routes: dict[str, int] = {}
        for index, module in enumerate(modules):
            tokens = [*module.TOKENS, *(t for rule in module.RULES for t in rule.tokens)]
            for token in tokens:
                routes[token.lower()] = routes.get(token.lower(), 0) | 1 << index
        nul = routes.pop("\0", 0)
        self._nul: tuple[str, int] | None = ("\0", nul) if nul else None
        self._modules = modules
        self._by_mask: dict[int, tuple[ModuleType, ...]] = {}
        self._automaton = _automaton(routes)
        # Long texts: single characters are looked for with `in` (memchr), not reported by
        # the automaton at each of their occurrences. The literals of the rules'
        # alternatives are looked for too, routing nowhere (`Rule.search`): of every rule
        # in a value, of its class's in a text a detector derives (`own`), which its rules
        # search. Each of 120 literals looked for with `in` through the 64 KB a detector
        # rewrote cost 3 ms.
        self._found = (literals_found(own), 0)
        looked_for = literals_looked_for(own)
        long = {literal: 0 for literal in looked_for if "\0" not in literal}
        long.update(routes)
        self._long = _automaton({t: m for t, m in long.items() if len(t) > 1})
        self._singles = tuple((t, m) for t, m in long.items() if len(t) == 1)
        # Each class's own tokens, for the texts its detector derives from a value: an
        # automaton of a class's few tokens runs through a text in half the time.
        self._own: dict[AttackType, Signatures] = {}
        if len(modules) > 1:
            self._own = {module.TYPE: Signatures((module,), module.TYPE) for module in modules}

    def scan_many(self, texts: list[str]) -> list[Routes]:
        """For each text (lower-cased), the detectors that may apply and the tokens
        present."""
        found_routes: list[Routes] = []
        for text in texts:
            found = self._matches(text)
            if not found:
                found_routes.append(_NOWHERE)
                continue
            mask = 0
            for _, bits in found:
                mask |= bits
            found_routes.append((self._routes(mask), frozenset(token for token, _ in found)))
        return found_routes

    def _matches(self, lowered: str, literals: bool = False) -> set[tuple[str, int]]:
        """The distinct (token, mask) pairs found in `lowered`, gathered by C loops (`map`
        into a set): a value of 64 KB holding a token at every other character costs no
        Python statement per match. Still, each match costs the automaton a tuple, and
        single characters (quotes, brackets, `$`, line breaks) make most matches of a long
        text: there, each is looked for once with `in`. In a long text, or with
        `literals`, the rules' literals are looked for too."""
        if len(lowered) < LONG_TEXT and not literals:
            found = set(map(_SECOND, self._automaton.iter("\0" + lowered + "\0")))
        else:
            found = set(map(_SECOND, self._long.iter("\0" + lowered + "\0")))
            found.update(pair for pair in self._singles if pair[0] in lowered)
            found.add(self._found)
        if self._nul is not None and "\0" in lowered:
            found.add(self._nul)
        return found

    def _routes(self, mask: int) -> tuple[ModuleType, ...]:
        """The detectors of a bit mask: few masks occur, so each is worked out once."""
        found = self._by_mask.get(mask)
        if found is None:
            found = tuple(m for i, m in enumerate(self._modules) if mask >> i & 1)
            self._by_mask[mask] = found
        return found

    def tokens(
        self, lowered: str, of: AttackType | None = None, literals: bool = False
    ) -> frozenset[str]:
        """The tokens present in `lowered`: of every class, or only those of class `of`
        (its detector's own rules and routing tokens); and the literals of their rules when
        `lowered` is long or `literals` asks for them (`literals_found`)."""
        own = self._own.get(of) if of is not None else None
        if own is not None:
            return own.tokens(lowered, None, literals)
        return frozenset(token for token, _ in self._matches(lowered, literals))
