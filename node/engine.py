"""The detection engine: pure and synchronous — request in, hits out.

For each point of the request, every decoded layer of its value is routed by the signature
automaton to the detectors that may apply, and each of those confirms or rejects it.
Everything costly (automaton, compiled patterns) is built once in `Engine()`. A work cap
bounds each scan: past it the engine stops and reports an `overlimit` hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from node.decoders import layers
from node.detectors import MODULES
from node.points import Limits, extract, path_segment
from node.rules import RANGES, View
from node.signatures import Signatures
from node.types import AttackType, Budget, Hit, Request

FRAGMENT_CHARS = 80
MAX_HITS = 32

# Plain numbers cannot carry an attack in any class, nor can snake_case names of keys.
_INERT = re.compile(r"[0-9]{0,64}")
_INERT_KEY = re.compile(r"[a-z][a-z0-9_]{0,40}")


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """How much one request may cost: `work_cap` counts characters examined, all layers
    included; `limits` bounds parsing; `decode_chars` is the longest value decoded."""

    work_cap: int = 1_000_000
    decode_chars: int = 65536
    limits: Limits = field(default_factory=Limits)


def _fragment(text: str, start: int, end: int) -> str:
    end = min(max(end, start + 1), start + FRAGMENT_CHARS)
    return text[start:end].replace("\r", "\\r").replace("\n", "\\n").replace("\x00", "\\0")


class Engine:
    def __init__(self, settings: EngineSettings | None = None) -> None:
        self.settings = settings or EngineSettings()
        self.signatures = Signatures(MODULES)

    def scan(self, request: Request) -> list[Hit]:
        """Every attack found in `request`: at most one hit per attack type and point."""
        settings = self.settings
        budget = Budget(settings.work_cap)
        hits: dict[tuple[AttackType, str], Hit] = {}
        for point, value in extract(request, settings.limits):
            is_key = point.endswith(".@key")
            if not value or _INERT.fullmatch(value) or (is_key and _INERT_KEY.fullmatch(value)):
                continue
            for encoding, text in layers(value, settings.decode_chars):
                if not budget.charge(len(text)):
                    hits[(AttackType.OVERLIMIT, point)] = Hit(
                        AttackType.OVERLIMIT,
                        point,
                        RANGES[AttackType.OVERLIMIT],
                        f"work cap of {settings.work_cap} characters reached",
                        encoding,
                    )
                    return list(hits.values())
                self._scan_view(text, point, is_key, encoding, hits)
            if len(hits) >= MAX_HITS:
                break
        return list(hits.values())

    def _scan_view(
        self,
        text: str,
        point: str,
        is_key: bool,
        encoding: str,
        hits: dict[tuple[AttackType, str], Hit],
    ) -> None:
        modules, present = self.signatures.scan(text.lower())
        if not modules:
            return
        view = View(text, point, self.signatures.tokens, is_key, present)
        for module in modules:
            attack: AttackType = module.TYPE
            if (attack, view.point) in hits:
                continue
            match = module.confirm(view)
            if match is None:
                continue
            hits[(attack, view.point)] = Hit(
                attack,
                path_segment(view.text, match.start) if point == "path" else point,
                match.rule.id,
                _fragment(view.text, match.start, match.end),
                encoding,
            )
