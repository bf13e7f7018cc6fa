"""Gateway benchmarks: a gateway with the node's plugin against the same gateway alone,
measured with wrk in the same run.

    python -m load.gateways kong|envoy [--duration 10] [--connections 32]

For each: requests per second at saturation, then p50 and p99 at the offered loads of 50 %
and 80 % of the saturation with the plugin, the gateway alone at the same rate beside it
(the latency the node adds where a gateway is not saturated); the busy cores of the gateway
and of the node's worker, and the worker's RSS. Everything runs on loopback: the node (one
worker), the gateway (nginx with the Lua module running the kong-lua plugin, or Envoy
running the EnvoyFilter's Lua filter), a static nginx upstream, and wrk.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from load.processes import cpu_seconds, family, rss_mb
from node.testing import Node, free_port
from tests.kong.harness import Gateway

PATH = "/api/v1/users/42/orders?page=2&fields=id,total"
REPLAY = Path(__file__).with_name("replay.lua")
SHARES = (0.5, 0.8)
# Each connection of a paced run waits this long on average between requests: the number
# of connections sets the offered load (as in load/bench.py).
PAUSE_MS = 20


@dataclass(frozen=True)
class Target:
    """A gateway under test: its name, its port, its processes and the node's workers."""

    name: str
    port: int
    pids: list[int]
    node_pids: list[int]


@dataclass(frozen=True)
class Run:
    name: str
    load: str  # "saturation", or the share of the plugin's saturation offered
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    gateway_cpu: float = 0.0  # busy cores
    node_cpu: float = 0.0
    node_rss_mb: float = 0.0


def milliseconds(text: str) -> float:
    """wrk's `812.00us`, `1.20ms`, `2.01s` or `1.00m` in milliseconds."""
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


@dataclass(frozen=True)
class WrkSummary:
    """What wrk printed: rate, requests, p50 and p99, non-2xx answers, socket errors."""

    requests_per_second: float
    requests: int
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int

    @classmethod
    def parse(cls, what: str, output: str) -> WrkSummary:
        rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
        total = re.search(r"(\d+) requests in ", output)
        p50 = re.search(r"50%\s+([\d.]+\w+)", output)
        p99 = re.search(r"99%\s+([\d.]+\w+)", output)
        if not (rate and total and p50 and p99):
            raise RuntimeError(f"{what}: no request completed; wrk said:\n{output}")
        other = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
        sockets = re.search(r"Socket errors:(.*)", output)
        return cls(
            float(rate.group(1)),
            int(total.group(1)),
            milliseconds(p50.group(1)),
            milliseconds(p99.group(1)),
            int(other.group(1)) if other else 0,
            sum(int(n) for n in re.findall(r"\d+", sockets.group(1))) if sockets else 0,
        )


def wrk(target: Target, load: str, duration: int, connections: int, pause_ms: int = 0) -> Run:
    """wrk against `target`; `pause_ms` paces each connection (load/replay.lua)."""
    before, started = [cpu_seconds(target.pids), cpu_seconds(target.node_pids)], time.monotonic()
    output = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-s",
            str(REPLAY),
            f"http://127.0.0.1:{target.port}{PATH}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 30,
        env={**os.environ, "REPLAY_DELAY": str(pause_ms)},
    ).stdout
    elapsed = time.monotonic() - started
    gateway_cpu = (cpu_seconds(target.pids) - before[0]) / elapsed
    node_cpu = (cpu_seconds(target.node_pids) - before[1]) / elapsed
    summary = WrkSummary.parse(target.name, output)
    return Run(
        target.name,
        load,
        summary.requests_per_second,
        summary.p50_ms,
        summary.p99_ms,
        summary.non_2xx + summary.socket_errors,
        gateway_cpu,
        node_cpu,
        rss_mb(target.node_pids),
    )


def serving(port: int, timeout: float = 20.0) -> None:
    """Wait until the gateway answers a request end to end (first requests through a fresh
    gateway pay for connection set-up and Lua compilation; they are not measured)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{PATH}", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError as error:
            if time.monotonic() > deadline:
                raise RuntimeError(f"gateway on port {port} never answered: {error}") from None
        time.sleep(0.1)


def kong(duration: int, connections: int) -> list[Run]:
    with tempfile.TemporaryDirectory() as directory:
        base = Path(directory)
        (base / "node").mkdir()
        (base / "alone").mkdir()
        (base / "plugin").mkdir()
        node = Node(
            {"route_config": {"wallarm_mode": "block"}, "log": {"access_log": False}}, base / "node"
        ).start()
        upstream = free_port()
        alone = Gateway(
            base / "alone", upstream, {"default": {}}, plugin=False, static_upstream=True
        ).start()
        plugin = Gateway(
            base / "plugin",
            free_port(),
            {
                "default": {
                    "wallarm_node_address": f"http://127.0.0.1:{node.connector_port}",
                    "inspect_response": False,
                }
            },
            static_upstream=True,
        ).start()
        try:
            assert alone.process is not None and plugin.process is not None
            workers = node.worker_pids()
            return _against_alone(
                Target("nginx alone", alone.port, family(alone.process.pid), []),
                Target("nginx + kong-lua + node", plugin.port, family(plugin.process.pid), workers),
                duration,
                connections,
            )
        finally:
            plugin.stop()
            alone.stop()
            node.stop()


def _against_alone(alone: Target, gateway: Target, duration: int, connections: int) -> list[Run]:
    """Both at saturation, then both at 50 % and 80 % of the gateway's saturation with the
    plugin, once both serve and the node's side is warmed up."""
    serving(alone.port)
    serving(gateway.port)
    wrk(gateway, "warm-up", 1, connections)
    runs = [wrk(alone, "saturation", duration, connections)]
    runs.append(wrk(gateway, "saturation", duration, connections))
    for share in SHARES:
        rate = max(runs[1].requests_per_second * share, 1.0)
        paced = max(1, round(rate * PAUSE_MS / 1000))
        pause = max(1, round(paced * 1000 / rate))
        label = f"{share:.0%}".replace("%", " %")
        runs += [wrk(t, label, duration, paced, pause) for t in (alone, gateway)]
    return runs


def envoy(duration: int, connections: int) -> list[Run]:
    from tests.envoy.harness import Envoy

    with tempfile.TemporaryDirectory() as directory:
        base = Path(directory)
        for name in ("node", "upstream", "alone", "filter"):
            (base / name).mkdir()
        node = Node(
            {"route_config": {"wallarm_mode": "block"}, "log": {"access_log": False}}, base / "node"
        ).start()
        upstream_port = free_port()
        # nginx alone serves the static upstream (its own listener is unused here).
        upstream = Gateway(
            base / "upstream", upstream_port, {"default": {}}, plugin=False, static_upstream=True
        ).start()
        alone = Envoy(base / "alone", upstream_port, node.connector_port, filter=False).start()
        mirrored = Envoy(base / "filter", upstream_port, node.connector_port).start()
        try:
            assert alone.process is not None and mirrored.process is not None
            workers = node.worker_pids()
            return _against_alone(
                Target("envoy alone", alone.port, [alone.process.pid], []),
                Target("envoy + lua filter + node", mirrored.port, [mirrored.process.pid], workers),
                duration,
                connections,
            )
        finally:
            mirrored.stop()
            alone.stop()
            upstream.stop()
            node.stop()


def render(runs: list[Run]) -> str:
    """A Markdown table: saturation, then each paced load, the gateway alone first."""
    base = runs[0].requests_per_second or 1.0
    lines = [
        "| | load | req/s | p50 ms | p99 ms | errors | × alone | gateway CPU | node CPU "
        "| node RSS MB |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for run in runs:
        ratio = f"{run.requests_per_second / base:.2f}" if run.load == "saturation" else "—"
        rss = f"{run.node_rss_mb:.0f}" if run.node_rss_mb else "—"
        lines.append(
            f"| {run.name} | {run.load} | {run.requests_per_second:,.0f} | {run.p50_ms:.2f} | "
            f"{run.p99_ms:.2f} | {run.errors} | {ratio} | {run.gateway_cpu:.2f} | "
            f"{run.node_cpu:.2f} | {rss} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m load.gateways", description=__doc__)
    parser.add_argument("gateway", choices=["kong", "envoy"])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (apt-get install wrk)")
    bench = kong if args.gateway == "kong" else envoy
    print(render(bench(args.duration, args.connections)))


if __name__ == "__main__":
    main()
