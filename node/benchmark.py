"""Engine speed, measured against a floor taken in the same run.

The floor is what every request costs anyway: decoding and encoding its wire message with
msgpack. The engine's median and p99 per request are printed next to it, for a benign API
mix and an attack mix, so the figures mean the same on any machine; the three are timed in
turn, request by request, so that they share the machine's ups and downs.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import msgpack

from node.engine import Engine
from node.samples import attack_mix, benign_mix, message
from node.types import Request


@dataclass(frozen=True, slots=True)
class Timing:
    name: str
    median_us: float
    p99_us: float


def _timing(name: str, samples: list[float]) -> Timing:
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return Timing(name, statistics.median(samples), p99)


def _elapsed_us(work: Callable[[Request], object], item: Request) -> float:
    start = time.perf_counter_ns()
    work(item)
    return (time.perf_counter_ns() - start) / 1000


def run(count: int = 3000, seed: int = 7) -> list[Timing]:
    """The three series are measured interleaved, request by request (an attack after every
    fifth benign request): a shared or throttled machine that slows down for a while slows
    the floor and the engine alike, so the ratio holds."""
    engine = Engine()
    rng = random.Random(seed)
    benign = benign_mix(rng, count)
    attacks = attack_mix(rng, max(count // 5, 50))
    for request in benign[:200]:
        engine.scan(request)  # warm caches before measuring

    def roundtrip(request: Request) -> object:
        return msgpack.packb(msgpack.unpackb(msgpack.packb(message(request, "bench"))))

    floor: list[float] = []
    clean: list[float] = []
    attacked: list[float] = []
    for index, request in enumerate(benign):
        floor.append(_elapsed_us(roundtrip, request))
        clean.append(_elapsed_us(engine.scan, request))
        if index % 5 == 0:
            attacked.append(_elapsed_us(engine.scan, attacks[index // 5 % len(attacks)]))
    return [
        _timing("msgpack decode+encode (floor)", floor),
        _timing("engine, benign API mix", clean),
        _timing("engine, attack mix", attacked),
    ]


def render(timings: list[Timing]) -> str:
    floor = timings[0].median_us or 1.0
    lines = [f"{'':<34} {'median µs':>10} {'p99 µs':>10} {'× floor':>8}"]
    for timing in timings:
        lines.append(
            f"{timing.name:<34} {timing.median_us:>10.1f} {timing.p99_us:>10.1f} "
            f"{timing.median_us / floor:>8.1f}"
        )
    return "\n".join(lines)
