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
        routes: dict[str, set[int]] = {}
        for index, module in enumerate(modules):
            tokens = [*module.TOKENS, *(t for rule in module.RULES for t in rule.tokens)]
            for token in tokens:
                routes.setdefault(token.lower(), set()).add(index)
        self._modules = modules
        self._automaton = ahocorasick.Automaton()
        for token, indices in routes.items():
            self._automaton.add_word(token, (token, frozenset(indices)))
        self._automaton.make_automaton()
        self.token_count = len(routes)

    def scan(self, lowered: str) -> tuple[list[ModuleType], frozenset[str]]:
        """The detectors that may apply to `lowered`, in declaration order, and the
        tokens present in it."""
        hit: set[int] = set()
        present: set[str] = set()
        for _end, (token, indices) in self._automaton.iter(lowered):
            if token not in present:
                present.add(token)
                hit |= indices
        modules = self._modules
        return [modules[i] for i in range(len(modules)) if i in hit], frozenset(present)

    def tokens(self, lowered: str) -> frozenset[str]:
        """The tokens present in `lowered`."""
        return frozenset(token for _end, (token, _) in self._automaton.iter(lowered))
