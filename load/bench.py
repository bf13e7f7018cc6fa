"""Throughput benchmark of the processing service, with its floor measured in the same run.

    python -m load.bench [--duration 10] [--gateways] [--output load/RESULTS.md]

One node worker is pinned to core 0 and wrk (load/replay.lua, replaying the recorded mix of
load/messages.py) to core 1, so the generator never competes with what it measures. The
floor is an empty ASGI app on the same server stack (load/floor.py). Printed, and written to
RESULTS.md with the machine it ran on:

- saturation: requests (or acknowledged messages) per second, per busy core of the worker,
  CPU and RSS of the worker, and the ratio to the floor (the floor and the node inline are
  measured in alternating turns of a few seconds, so a shared machine's speed changes fall
  on both);
- latency at fixed offered loads, 50 % and 80 % of each target's own saturation;
- the node inline on 20,000 distinct messages of the same mix, where values come back too
  seldom for the engine's caches to keep them;
- the mirror's capacity: the most messages per second the node analysed, paced, while it
  acknowledged all it was sent (a flood measures the node refusing what it cannot take,
  not what it can);
- the node with several workers (sharing the machine with wrk), and with `--gateways` the
  Kong and Envoy rows of load/gateways.py.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from load import gateways, messages
from load.processes import cpu_seconds, rss_mb
from node.testing import Node, free_port

REPLAY = Path(__file__).with_name("replay.lua")
RESULTS = Path(__file__).with_name("RESULTS.md")
BATCH = 16
# Distinct messages replayed in a cycle. The engine's caches keep most of what a cycle
# holds: a request of it has about a quarter of a value scanned afresh, the rest were met
# at the same point within the cycle (counted on the Python source of the engine).
MESSAGES = 4000
# The same mix with values met again far less often: a value the mix holds once comes
# back after this many requests, past what the engine's caches keep (about 1.8 values a
# request scanned afresh, 7 times as many).
RARE_MESSAGES = 20000
NODE_CORE, LOAD_CORE = 0, 1
SLICE_SECONDS = 2


@dataclass(frozen=True)
class Load:
    """What one wrk run measured."""

    rate: float  # requests per second answered
    ok_rate: float  # of those, answered with the expected status
    p50_ms: float
    p99_ms: float
    cpu: float  # busy cores of the measured processes
    rss_mb: float  # largest RSS among them
    errors: int


@dataclass(frozen=True)
class Capacity:
    """A paced mirror run that the node refused nothing of."""

    rate: float  # messages analysed per second, every message sent acknowledged
    cpu: float
    p99_ms: float

    @property
    def per_core(self) -> float:
        return self.rate / self.cpu if self.cpu else 0.0


@dataclass(frozen=True)
class Row:
    name: str
    unit: str
    saturation: Load
    half: Load | None
    high: Load | None
    per_message: int = 1
    capacity: Capacity | None = None

    @property
    def throughput(self) -> float:
        return self.saturation.ok_rate * self.per_message

    @property
    def per_core(self) -> float:
        return self.throughput / self.saturation.cpu if self.saturation.cpu else 0.0


def pin(pids: list[int], core: int) -> None:
    for pid in pids:
        os.sched_setaffinity(pid, {core})


def wrk(
    port: int,
    bodies: Path,
    path: str,
    duration: int,
    pids: list[int],
    connections: int = 32,
    pause_ms: int = 0,
    pinned: bool = True,
) -> Load:
    before = cpu_seconds(pids)
    started = time.monotonic()
    done = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-s",
            str(REPLAY),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        env={
            **os.environ,
            "REPLAY_DIR": str(bodies),
            "REPLAY_PATH": path,
            "REPLAY_DELAY": str(pause_ms),
        },
        preexec_fn=(lambda: os.sched_setaffinity(0, {LOAD_CORE})) if pinned else None,
    )
    elapsed = time.monotonic() - started
    cpu = (cpu_seconds(pids) - before) / elapsed
    if done.returncode:
        raise RuntimeError(f"wrk on {path} failed:\n{done.stdout}{done.stderr}")
    summary = gateways.WrkSummary.parse(f"wrk on {path}", done.stdout)
    wrong = summary.non_2xx  # 503 when the mirror queue is full
    ok_share = (summary.requests - wrong) / summary.requests if summary.requests else 0.0
    return Load(
        rate=summary.requests_per_second,
        ok_rate=summary.requests_per_second * ok_share,
        p50_ms=summary.p50_ms,
        p99_ms=summary.p99_ms,
        cpu=cpu,
        rss_mb=rss_mb(pids),
        errors=wrong + summary.socket_errors,
    )


def paced(saturation: Load, share: float, run: Callable[[int, int], Load]) -> Load:
    """A run at `share` of a saturation rate: each connection waits 20 ms on average
    between requests (exponentially distributed, replay.lua; long beside the latency,
    which adds to it), so the offered load is set by the number of connections."""
    target = max(saturation.ok_rate * share, 1.0)  # of what was accepted, not refused
    connections = max(1, round(target * 0.02))
    return run(connections, max(1, round(connections * 1000 / target)))


@contextmanager
def floor() -> Iterator[tuple[int, list[int]]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "load.floor", str(port)],
        preexec_fn=lambda: os.sched_setaffinity(0, {NODE_CORE}),
    )
    try:
        gateways.serving(port)  # the floor answers any request
        yield port, [process.pid]
    finally:
        process.terminate()
        process.wait(10)


@contextmanager
def node(directory: Path, workers: int, pinned: bool) -> Iterator[tuple[int, list[int], Node]]:
    directory.mkdir()
    running = Node(
        {
            "route_config": {"wallarm_mode": "block"},
            "log": {"access_log": False},
            "http_inspector": {"workers": workers},
        },
        directory,
    ).start()
    try:
        pids = running.worker_pids()
        if pinned:
            assert running.process is not None
            pin([running.process.pid, *pids], NODE_CORE)
        yield running.connector_port, pids, running
    finally:
        running.stop()


def _metric(running: Node, pattern: str) -> float:
    text = running.get(running.metrics_port, "/metrics").body.decode()
    found = re.search(pattern, text, re.M)
    if found is None:
        raise RuntimeError(f"the node's /metrics has nothing matching {pattern!r}")
    return float(found.group(1))


def backlog(running: Node) -> float:
    """The mirrored messages waiting for analysis, as the workers last published it."""
    return _metric(running, r"^\w+_mirror_queue_depth (\S+)$")


def analysed(running: Node) -> float:
    """The mirrored messages analysed so far, as the workers last published it."""
    return _metric(running, r'^\w+_messages_processed_total\{endpoint="mirror"\} (\S+)$')


def analysis_rate(running: Node, load: Callable[[], Load], settle: float) -> tuple[Load, float]:
    """`load()`, and the rate at which the node analysed mirrored messages meanwhile.

    Workers publish their counts once a second: the count is sampled ten times as often,
    and the rate taken between the first and the last time it changed, leaving out the
    first `settle` seconds (the queue settles at the depth where the workers' share of
    each event-loop turn keeps up, node/mirror.py)."""
    changes: list[tuple[float, float]] = []
    done = threading.Event()

    def sample() -> None:
        last = analysed(running)
        while not done.wait(0.1):
            count = analysed(running)
            if count != last:
                changes.append((time.monotonic(), count))
                last = count

    sampler = threading.Thread(target=sample, daemon=True)
    started = time.monotonic()
    sampler.start()
    try:
        result = load()
    finally:
        done.set()
        sampler.join()
    steady = [(at, count) for at, count in changes if at - started >= settle]
    if len(steady) < 2:
        return result, 0.0
    (first_at, first), (last_at, last) = steady[0], steady[-1]
    return result, (last - first) / (last_at - first_at)


# Paced mirror runs, as shares of the flood's accepted rate, until one is refused or the
# analysis clearly falls behind what is acknowledged (the queue grows).
CAPACITY_SHARES = (1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.4)
BEHIND = 0.9
SETTLE_SECONDS = 2.0
DRAIN_SECONDS = 30


def capacity(
    flood: Load, run: Callable[[int, int], Load], running: Node, per_message: int, duration: int
) -> Capacity | None:
    """The most messages per second the node analysed while acknowledging all it was sent.

    A flood from wrk is a closed loop: each refusal is answered at once and the next
    request follows, so the node spends its turns refusing, and the accepted rate shows
    that, not what the node can take. A gateway mirrors what traffic brings. Here the
    offered load rises from the flood's accepted rate until a run is refused (503) or the
    node analyses less than BEHIND of what it acknowledges. The figure is the node's own
    count of messages analysed per second (`/metrics`), not the acknowledgements: a
    10,000-message queue takes seconds of copies the node has not analysed."""
    best: Capacity | None = None
    settle = min(SETTLE_SECONDS, duration / 4)
    for share in CAPACITY_SHARES:
        drain(running)  # each run starts with an empty queue
        load, rate = analysis_rate(running, partial(paced, flood, share, run), settle)
        if load.errors:
            break
        if best is None or rate > best.rate:
            best = Capacity(rate, load.cpu, load.p99_ms)
        if rate < BEHIND * load.ok_rate * per_message:
            break
    return best


def drain(running: Node) -> None:
    """Wait until the node's mirror queue is empty (a flood leaves it full)."""
    deadline = time.monotonic() + DRAIN_SECONDS
    while backlog(running) and time.monotonic() < deadline:
        time.sleep(0.2)


def merged(loads: list[Load]) -> Load:
    """Equal-length runs as one: mean rates and CPU, the largest RSS and p99, all errors."""
    count = len(loads)
    return Load(
        rate=sum(load.rate for load in loads) / count,
        ok_rate=sum(load.ok_rate for load in loads) / count,
        p50_ms=sorted(load.p50_ms for load in loads)[count // 2],
        p99_ms=max(load.p99_ms for load in loads),
        cpu=sum(load.cpu for load in loads) / count,
        rss_mb=max(load.rss_mb for load in loads),
        errors=sum(load.errors for load in loads),
    )


def paired(
    targets: list[tuple[int, list[int]]], bodies: Path, path: str, duration: int
) -> list[Load]:
    """The saturation of each target, measured in turns of SLICE_SECONDS until each had
    `duration` seconds: a shared machine's slow and fast minutes fall on all of them alike,
    so their ratio means something."""
    for port, pids in targets:
        wrk(port, bodies, path, 1, pids, 8)  # warm-up: connections, caches
    turns = max(1, duration // SLICE_SECONDS)
    runs: list[list[Load]] = [[] for _ in targets]
    for _ in range(turns):
        for (port, pids), loads in zip(targets, runs, strict=True):
            loads.append(wrk(port, bodies, path, max(1, duration // turns), pids))
    return [merged(loads) for loads in runs]


def measure(
    name: str,
    unit: str,
    port: int,
    pids: list[int],
    bodies: Path,
    path: str,
    duration: int,
    latency: bool = True,
    per_message: int = 1,
    pinned: bool = True,
    saturation: Load | None = None,
    mirror: Node | None = None,
) -> Row:
    """A row: saturation (unless `paired` measured it already) and latency at 50 % and 80 %
    of it; for the `mirror` node, its capacity too."""

    def run(connections: int, pause_ms: int) -> Load:
        return wrk(port, bodies, path, duration, pids, connections, pause_ms, pinned)

    if saturation is None:
        run(8, 0)  # warm-up: connections, caches, the first JIT-less passes
        saturation = run(32, 0)
    half = paced(saturation, 0.5, run) if latency else None
    high = paced(saturation, 0.8, run) if latency else None
    kept = capacity(saturation, run, mirror, per_message, duration) if mirror else None
    return Row(name, unit, saturation, half, high, per_message, kept)


def measure_all(duration: int, directory: Path) -> list[Row]:
    documents = messages.mix(MESSAGES)
    singles = messages.write(directory / "singles", messages.singles(documents))
    batched = messages.write(directory / "batches", messages.batches(documents, BATCH))
    rows = []
    # The floor and the node inline take turns: their ratio is the figure that matters.
    with floor() as empty, node(directory / "inline", 1, pinned=True) as (port, pids, _):
        inline = port, pids
        bare, verdicts = paired([empty, inline], singles, "/v1/inspect", duration)
        for (port, pids), name, unit, saturation in (
            (empty, "floor (empty ASGI app)", "req", bare),
            (inline, "node inline", "verdict", verdicts),
        ):
            rows.append(
                measure(
                    name, unit, port, pids, singles, "/v1/inspect", duration, saturation=saturation
                )
            )
    # A fresh node for each other row: a mirror queue filled by one row must not refuse the
    # next.
    rare = messages.write(directory / "rare", messages.singles(messages.mix(RARE_MESSAGES)))
    with node(directory / "rare-node", 1, pinned=True) as (port, pids, _):
        rows.append(
            measure(
                f"node inline, {RARE_MESSAGES:,} distinct messages",
                "verdict",
                port,
                pids,
                rare,
                "/v1/inspect",
                duration,
                latency=False,
            )
        )
    with node(directory / "mirror", 1, pinned=True) as (port, pids, running):
        rows.append(
            measure(
                "node mirror", "msg", port, pids, singles, "/v1/mirror", duration, mirror=running
            )
        )
    with node(directory / "mirror-batches", 1, pinned=True) as (port, pids, running):
        rows.append(
            measure(
                f"node mirror, batches of {BATCH}",
                "msg",
                port,
                pids,
                batched,
                "/v1/mirror",
                duration,
                latency=False,
                per_message=BATCH,
                mirror=running,
            )
        )
    cores = os.cpu_count() or 1
    with node(directory / "many", cores, pinned=False) as (port, pids, _):
        rows.append(
            measure(
                f"node inline, {cores} workers (unpinned)",
                "verdict",
                port,
                pids,
                singles,
                "/v1/inspect",
                duration,
                latency=False,
                pinned=False,
            )
        )
    return rows


def _latency(load: Load | None) -> str:
    if load is None:
        return "—"
    refused = f", {load.errors} refused" if load.errors else ""
    return f"{load.ok_rate:,.0f}/s: {load.p50_ms:.2f} / {load.p99_ms:.2f}{refused}"


def table(rows: list[Row]) -> str:
    floor_rate = rows[0].throughput or 1.0
    lines = [
        "| target | at saturation | per busy core | worker CPU | worker RSS MB | × floor "
        "| 50 % load: p50 / p99 ms | 80 % load: p50 / p99 ms | refused or failed |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        load = row.saturation
        lines.append(
            f"| {row.name} | {row.throughput:,.0f} {row.unit}/s | {row.per_core:,.0f} "
            f"{row.unit}/s | {load.cpu:.2f} | {load.rss_mb:.0f} "
            f"| {row.throughput / floor_rate:.2f} | {_latency(row.half)} | {_latency(row.high)} "
            f"| {load.errors} |"
        )
    return "\n".join(lines)


def capacity_table(rows: list[Row]) -> str:
    lines = [
        "| target | analysed, none refused | worker CPU | per busy core | p99 ms |",
        "|---|--:|--:|--:|--:|",
    ]
    for row in rows:
        if row.unit != "msg":
            continue
        kept = row.capacity
        if kept is None:
            lines.append(f"| {row.name} | refused at the flood's accepted rate | — | — | — |")
            continue
        lines.append(
            f"| {row.name} | {kept.rate:,.0f} msg/s | {kept.cpu:.2f} | {kept.per_core:,.0f} msg/s "
            f"| {kept.p99_ms:.2f} |"
        )
    return "\n".join(lines)


def mirror_per_core(row: Row) -> float:
    """A mirror row's messages per busy core: at its capacity, or under the flood."""
    return max(row.per_core, row.capacity.per_core if row.capacity else 0.0)


def targets(rows: list[Row]) -> list[tuple[str, str, bool]]:
    by_name = {row.name: row for row in rows}
    floor_row, inline = rows[0], by_name["node inline"]
    mirror = max(mirror_per_core(r) for r in rows if r.unit == "msg")
    high = inline.high
    rss = max(r.saturation.rss_mb for r in rows[1:])
    ratio = inline.throughput / floor_row.throughput if floor_row.throughput else 0.0
    return [
        ("inline ≥ 5,000 verdicts/s per core", f"{inline.per_core:,.0f}", inline.per_core >= 5000),
        ("inline ≥ 35 % of the floor", f"{ratio:.0%}", ratio >= 0.35),
        (
            "mirror ≥ 10,000 acknowledged msg/s per core",
            f"{mirror:,.0f}",
            mirror >= 10000,
        ),
        (
            "inline p99 ≤ 10 ms at 80 % of saturation",
            f"{high.p99_ms:.2f} ms" if high else "—",
            bool(high and high.p99_ms <= 10),
        ),
        ("RSS ≤ 150 MB per worker", f"{rss:.0f} MB", rss <= 150),
    ]


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.*)", cpuinfo)
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    return (
        f"{model.group(1) if model else platform.machine()}, {os.cpu_count()} cores; "
        f"{platform.system()} {platform.release()}; "
        f"Python {platform.python_version()} ({os.path.realpath(sys.executable)}); "
        f"{wrk_version.split(' [')[0].strip() or 'wrk'}"
    )


def report(rows: list[Row], gateway_tables: list[str], duration: int) -> str:
    checks = "\n".join(
        f"| {goal} | {value} | {'met' if met else '**not met**'} |"
        for goal, value, met in targets(rows)
    )
    parts = [
        "# Load results",
        "",
        f"Written by `make bench` (`python -m load.bench --duration {duration}`) on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        f"Machine: {machine()}.",
        "",
        "One worker pinned to core 0, wrk pinned to core 1, replaying the recorded mix "
        f"({MESSAGES:,} distinct messages: 95 % benign API requests of 0.7–1.7 kB, 5 % attacks). "
        "Mirror rows count "
        "acknowledged messages; a full analysis queue answers 503, counted as refused. "
        "Latency rows: the offered load set at 50 % and 80 % of that row's saturation "
        "(the rate reached, p50 / p99).",
        "",
        f"The row of {RARE_MESSAGES:,} distinct messages replays the same mix, longer: a "
        "value the recorded mix holds once comes back only after that many requests, past "
        "what the engine's caches keep, and is scanned again. Live traffic falls between "
        "the two: clients send the same cookies, tokens and agents again and again, while "
        "names, comments and searches seldom repeat.",
        "",
        table(rows),
        "",
        "## Mirror capacity",
        "",
        "A flood from wrk is a closed loop: every refusal is answered at once and followed by "
        "the next request, so the node spends its turns refusing. Gateways mirror what traffic "
        "brings instead. Here the offered load is paced, in 20 % steps up from the flood's "
        "accepted rate, until the node refuses or its analysis falls behind; the figure is "
        "the most messages per second it analysed (its own count) while acknowledging every "
        "message sent.",
        "",
        capacity_table(rows),
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "|---|--:|---|",
        checks,
    ]
    if gateway_tables:
        parts += [
            "",
            "## Gateways (wrk through the gateway, one node worker)",
            "",
            "Saturation with 32 connections, then the offered loads of 50 % and 80 % of the "
            "saturation with the plugin, the gateway alone at the same rate first: the latency "
            "the node adds where the gateway is not saturated. CPU in busy cores; gateway, "
            "node, upstream and wrk share the machine.",
            "",
            *gateway_tables,
        ]
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m load.bench", description=__doc__)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--gateways", action="store_true", help="also Kong and Envoy rows")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where RESULTS.md goes")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (apt-get install wrk)")
    if len(os.sched_getaffinity(0)) < 2:
        parser.error("needs two cores: one for the node, one for wrk")
    with tempfile.TemporaryDirectory() as directory:
        rows = measure_all(args.duration, Path(directory))
    tables = []
    if args.gateways:
        tables = [
            gateways.render(gateways.kong(args.duration, 32)),
            gateways.render(gateways.envoy(args.duration, 32)),
        ]
    text = report(rows, tables, args.duration)
    args.output.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
