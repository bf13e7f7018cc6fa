"""The fast first stage: one Aho-Corasick automaton over every detector's tokens.

A value is lower-cased once and run through the automaton; only the detectors whose tokens
occur in it get to look at it. The automaton is built once, when the engine is created.
"""

from __future__ import annotations

from types import ModuleType

import ahocorasick


class Signatures:
    def __init__(self, modules: tuple[ModuleType, ...]) -> None:
        routes: dict[str, set[int]] = {}
        for index, module in enumerate(modules):
            for token in module.TOKENS:
                routes.setdefault(token.lower(), set()).add(index)
        self._modules = modules
        self._automaton = ahocorasick.Automaton()
        for token, indices in routes.items():
            self._automaton.add_word(token, frozenset(indices))
        self._automaton.make_automaton()
        self.token_count = len(routes)

    def candidates(self, lowered: str) -> list[ModuleType]:
        """The detectors whose tokens occur in `lowered`, in declaration order."""
        hit: set[int] = set()
        for _end, indices in self._automaton.iter(lowered):
            hit |= indices
            if len(hit) == len(self._modules):
                break
        return [self._modules[i] for i in sorted(hit)]
