"""Detection quality, measured: recall and false positives of the engine on labelled corpora.

A corpus is JSON Lines, one request per line, in the format of the CRS regression corpus
(`method`, `uri`, `headers`, `body_b64`, `label` attack|benign, `type`, optional `paranoia`,
`point_kind`, `encoding`, `id`). An attack counts as found when any hit is reported; a benign
request counts as a false positive when any hit is reported.
"""

from __future__ import annotations

import base64
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from node.engine import Engine
from node.types import AttackType, Hit, Request


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    corpus: str
    label: str
    type: str
    paranoia: int
    point_kind: str
    encoding: str
    request: Request


def read_corpus(path: Path) -> Iterator[Case]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                label = record["label"]
                if label not in ("attack", "benign"):
                    raise ValueError(f"label must be attack or benign, not {label!r}")
                request = Request(
                    method=record.get("method", "GET"),
                    uri=record.get("uri", "/"),
                    headers=tuple((str(k), str(v)) for k, v in record.get("headers", [])),
                    body=base64.b64decode(record.get("body_b64", "")),
                )
                paranoia = int(record.get("paranoia") or 1)
            except (KeyError, ValueError, TypeError) as error:
                raise ValueError(f"{path}:{number}: {error}") from error
            yield Case(
                id=str(record.get("id", f"{path.name}:{number}")),
                corpus=path.name,
                label=label,
                type=record.get("type") or "-",
                paranoia=paranoia,
                point_kind=record.get("point_kind", "-"),
                encoding=record.get("encoding", "-"),
                request=request,
            )


@dataclass
class Tally:
    total: int = 0
    flagged: int = 0

    def rate(self) -> float:
        return self.flagged / self.total if self.total else 0.0


@dataclass
class Scorecard:
    recall: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    false_positives: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[tuple[Case, list[Hit]]] = field(default_factory=list)
    wrong: list[tuple[Case, list[Hit]]] = field(default_factory=list)

    def add(self, case: Case, hits: list[Hit]) -> None:
        attacks = [h for h in hits if h.type is not AttackType.OVERLIMIT]
        flagged = bool(attacks)
        if case.label == "attack":
            keys = [
                "overall",
                f"corpus {case.corpus}",
                f"paranoia {case.paranoia}",
                f"type {case.type}",
                f"point {case.point_kind}",
                f"encoding {case.encoding}",
            ]
            if case.paranoia <= 2:
                keys.append("overall paranoia 1-2")
            for key in keys:
                self.recall[key].total += 1
                self.recall[key].flagged += flagged
            if not flagged:
                self.misses.append((case, hits))
        else:
            keys = ["overall", f"corpus {case.corpus}", f"paranoia {case.paranoia}"]
            keys += [f"rule {h.rule} ({h.type})" for h in attacks]
            keys += [f"point {h.point.split('.', 1)[0]}" for h in attacks]
            for key in dict.fromkeys(keys):
                self.false_positives[key].total += 1 if not key.startswith(("rule", "point")) else 0
                self.false_positives[key].flagged += flagged
            if flagged:
                self.wrong.append((case, attacks))


def score(engine: Engine, cases: Iterable[Case]) -> Scorecard:
    card = Scorecard()
    for case in cases:
        card.add(case, engine.scan(case.request))
    return card


def render(card: Scorecard, list_limit: int = 40) -> str:
    lines = ["attack recall (found / total)"]
    for key in sorted(card.recall):
        tally = card.recall[key]
        lines.append(f"  {key:<40} {tally.flagged:>6} / {tally.total:<6} {tally.rate():7.2%}")
    lines.append("false positives (flagged / total benign)")
    for key in sorted(card.false_positives):
        tally = card.false_positives[key]
        if tally.total:
            lines.append(f"  {key:<40} {tally.flagged:>6} / {tally.total:<6} {tally.rate():7.2%}")
        else:
            lines.append(f"  {key:<40} {tally.flagged:>6}")
    lines.append(f"misses ({len(card.misses)}, first {list_limit})")
    for case, _ in card.misses[:list_limit]:
        lines.append(f"  {case.id} [{case.type}] {case.request.method} {case.request.uri[:100]}")
    lines.append(f"false positives ({len(card.wrong)}, first {list_limit})")
    for case, hits in card.wrong[:list_limit]:
        found = ", ".join(f"{h.type}/{h.rule}@{h.point}: {h.fragment[:40]!r}" for h in hits[:3])
        lines.append(f"  {case.id} {found}")
    return "\n".join(lines)
