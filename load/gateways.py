"""Gateway benchmarks: requests per second and latency percentiles through a gateway with
the node's plugin against the same gateway alone, measured with wrk in the same run.

    python -m load.gateways kong|envoy [--duration 10] [--connections 32]

Everything runs on loopback: the node (one worker), the gateway (nginx with the Lua
module running the kong-lua plugin, or Envoy running the EnvoyFilter's Lua filter), a
static nginx upstream, and wrk.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from node.testing import Node, free_port
from tests.kong.harness import Gateway

PATH = "/api/v1/users/42/orders?page=2&fields=id,total"


@dataclass(frozen=True)
class Run:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


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


def wrk(name: str, port: int, duration: int, connections: int) -> Run:
    output = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            f"http://127.0.0.1:{port}{PATH}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 30,
    ).stdout
    summary = WrkSummary.parse(name, output)
    errors = summary.non_2xx + summary.socket_errors
    return Run(name, summary.requests_per_second, summary.p50_ms, summary.p99_ms, errors)


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
            return _against_alone(
                ("nginx alone", alone.port),
                ("nginx + kong-lua + node", plugin.port),
                duration,
                connections,
            )
        finally:
            plugin.stop()
            alone.stop()
            node.stop()


def _against_alone(
    alone: tuple[str, int], gateway: tuple[str, int], duration: int, connections: int
) -> list[Run]:
    """The gateway alone, then with the node, each (name, port) once both serve and the
    node's side is warmed up."""
    serving(alone[1])
    serving(gateway[1])
    wrk("warm-up", gateway[1], 1, connections)
    return [wrk(*alone, duration, connections), wrk(*gateway, duration, connections)]


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
            return _against_alone(
                ("envoy alone", alone.port),
                ("envoy + lua filter + node", mirrored.port),
                duration,
                connections,
            )
        finally:
            mirrored.stop()
            alone.stop()
            upstream.stop()
            node.stop()


def render(runs: list[Run]) -> str:
    base = runs[0].requests_per_second or 1.0
    lines = [f"{'':<26} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'× alone':>8}"]
    for run in runs:
        lines.append(
            f"{run.name:<26} {run.requests_per_second:>9.0f} {run.p50_ms:>8.2f} "
            f"{run.p99_ms:>8.2f} {run.errors:>7} {run.requests_per_second / base:>8.2f}"
        )
    return "\n".join(lines)


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
