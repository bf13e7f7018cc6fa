"""The fast first stage: one Aho-Corasick automaton over every detector's tokens.

A value is lower-cased once and run through the automaton. It says which detectors may
apply (their class tokens or one of their rules' tokens occur) and which rule tokens are
present, so that a detector tries only the rules that can match. The automaton is built
once, when the engine is created.
"""

from __future__ import annotations

from types import ModuleType

import ahocorasick


class Signatures:
    def __init__(self, modules: tuple[ModuleType, ...]) -> None:
        # Each token maps to a bit mask of the detectors it routes to.
        routes: dict[str, int] = {}
        for index, module in enumerate(modules):
            tokens = [*module.TOKENS, *(t for rule in module.RULES for t in rule.tokens)]
            for token in tokens:
                routes[token.lower()] = routes.get(token.lower(), 0) | 1 << index
        self._modules = modules
        self._automaton = ahocorasick.Automaton()
        for token, mask in routes.items():
            self._automaton.add_word(token, (token, mask))
        self._automaton.make_automaton()
        self.token_count = len(routes)

    def scan(self, lowered: str) -> tuple[list[ModuleType], frozenset[str]]:
        """The detectors that may apply to `lowered`, in declaration order, and the
        tokens present in it."""
        mask = 0
        present: set[str] = set()
        for _end, (token, bits) in self._automaton.iter(lowered):
            present.add(token)
            mask |= bits
        if not mask:
            return [], frozenset()
        modules = self._modules
        return [modules[i] for i in range(len(modules)) if mask >> i & 1], frozenset(present)

    def tokens(self, lowered: str) -> frozenset[str]:
        """The tokens present in `lowered`."""
        return frozenset(token for _end, (token, _) in self._automaton.iter(lowered))
