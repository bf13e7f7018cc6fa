"""The workload the compiled stage is profiled on (setup.py builds it with GCC's
profile-guided optimisation): the recorded kind of traffic — benign API requests of every
shape `node.samples` makes and its attacks in every placement and encoding — decoded from
MessagePack, checked, scanned twice (new values, then values the verdict cache knows) and
answered. It needs the engine's and the protocol's packages only (pyahocorasick, msgpack),
which the build installs: the rest of the request path is compiled without a profile.

    python -m node.training
"""

from __future__ import annotations

import random

from node import samples
from node.engine import Engine
from node.protocol import MSGPACK, RequestMessage, decode, encode, parse_message
from node.types import Request

REQUESTS = 3000
SEED = 2026  # not the load benchmark's (load/messages.py)


def run() -> tuple[int, int]:
    """Scan the workload: how many requests were scanned, and how many had hits."""
    rng = random.Random(SEED)
    requests = samples.benign_mix(rng, REQUESTS) + samples.attack_mix(rng, REQUESTS // 10)
    bodies = [
        encode(samples.message(request, f"training-{n}"), MSGPACK)
        for n, request in enumerate(requests)
    ]
    engine = Engine()
    scanned = flagged = 0
    for _ in range(2):
        for body in bodies:
            message = parse_message(decode(body, MSGPACK), kinds=("request",))
            assert isinstance(message, RequestMessage)
            hits = engine.scan(Request(message.method, message.uri, message.headers, message.body))
            encode({"v": 1, "id": message.id, "attacks": [h.point for h in hits]}, MSGPACK)
            scanned += 1
            flagged += bool(hits)
    return scanned, flagged


if __name__ == "__main__":
    scanned, flagged = run()
    print(f"scanned {scanned} requests, {flagged} with hits")
