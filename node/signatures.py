"""The fast first stage: one Aho-Corasick automaton over every detector's tokens.

Every text is scanned between two NULs, so a token that begins or ends with NUL matches
only at the start or the end of a value ("\\0or " is "or " opening the value, not "color ").

A value is lower-cased once and run through the automaton. It says which detectors may
apply (their class tokens or one of their rules' tokens occur) and which rule tokens are
present, so that a detector tries only the rules that can match. The automaton is built
once, when the engine is created.
"""

from __future__ import annotations

from types import ModuleType

import ahocorasick

Routes = tuple[tuple[ModuleType, ...], frozenset[str]]
_NOWHERE: Routes = ((), frozenset())


class Signatures:
    def __init__(self, modules: tuple[ModuleType, ...]) -> None:
        # Each token maps to a bit mask of the detectors it routes to.
        routes: dict[str, int] = {}
        for index, module in enumerate(modules):
            tokens = [*module.TOKENS, *(t for rule in module.RULES for t in rule.tokens)]
            for token in tokens:
                routes[token.lower()] = routes.get(token.lower(), 0) | 1 << index
        self._modules = modules
        self._by_mask: dict[int, tuple[ModuleType, ...]] = {}
        self._automaton = ahocorasick.Automaton()
        for token, mask in routes.items():
            self._automaton.add_word(token, (token, mask))
        self._automaton.make_automaton()
        self.token_count = len(routes)

    def scan_many(self, texts: list[str]) -> list[Routes]:
        """`scan` of every text, in one automaton pass over all of them: tokens contain no
        NUL, so texts joined by NUL keep their matches apart."""
        joined = "\0" + "\0".join(texts) + "\0"
        # Where each text ends (its NUL), in order: matches come by end position, so the
        # text a match belongs to only ever moves forward.
        ends: list[int] = []
        offset = 0
        for text in texts:
            offset += len(text) + 1
            ends.append(offset)
        masks = [0] * len(texts)
        present: list[set[str]] = [set() for _ in texts]
        index, limit = 0, ends[0] if ends else 0
        previous: tuple[str, int] | None = None
        for end, found in self._automaton.iter(joined):
            # A token ending in the NUL after a value belongs to that value.
            while end > limit or (end == limit and found[0][-1] != "\0"):
                index += 1
                limit = ends[index]
                previous = None
            if found is previous:
                continue  # the same token again in the same text: `{{{{…` costs no more
            token, bits = previous = found
            masks[index] |= bits
            present[index].add(token)
        routes = self._routes
        return [
            (routes(mask), frozenset(tokens)) if tokens else _NOWHERE
            for mask, tokens in zip(masks, present, strict=True)
        ]

    def _routes(self, mask: int) -> tuple[ModuleType, ...]:
        """The detectors of a bit mask: few masks occur, so each is worked out once."""
        found = self._by_mask.get(mask)
        if found is None:
            found = tuple(m for i, m in enumerate(self._modules) if mask >> i & 1)
            self._by_mask[mask] = found
        return found

    def tokens(self, lowered: str) -> frozenset[str]:
        """The tokens present in `lowered`."""
        text = "\0" + lowered + "\0"
        return frozenset(token for _end, (token, _) in self._automaton.iter(text))
