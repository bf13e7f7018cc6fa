"""The recorded traffic every load run replays: about 95 % benign API requests of varied
sizes and 5 % attacks, as protocol v1 MessagePack messages, deterministic for a seed.

`write(directory)` lays them out for wrk's replay script: one file per body and
`index.txt` listing them in replay order.
"""

from __future__ import annotations

import random
from pathlib import Path

import msgpack

from node.samples import attack_mix, benign_mix, message

ATTACK_SHARE = 0.05


def mix(count: int = 400, seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    attacks = round(count * ATTACK_SHARE)
    requests = benign_mix(rng, count - attacks) + attack_mix(rng, attacks)
    rng.shuffle(requests)
    return [message(request, f"load-{n}") for n, request in enumerate(requests)]


def pack(document: object) -> bytes:
    packed: bytes = msgpack.packb(document, use_bin_type=True)
    return packed


def write(directory: Path, bodies: list[bytes]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    names = []
    for n, body in enumerate(bodies):
        name = f"{n:05d}.msgpack"
        (directory / name).write_bytes(body)
        names.append(name)
    (directory / "index.txt").write_text("\n".join(names) + "\n")
    return directory


def singles(documents: list[dict[str, object]]) -> list[bytes]:
    return [pack(d) for d in documents]


def batches(documents: list[dict[str, object]], size: int) -> list[bytes]:
    return [pack(documents[i : i + size]) for i in range(0, len(documents) - size + 1, size)]
