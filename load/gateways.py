"""Gateway benchmarks: requests per second and latency percentiles through a gateway with
the node's plugin against the same gateway alone, measured with wrk in the same run.

    python -m load.gateways kong [--duration 10] [--connections 32]

Everything runs on loopback: the node (one worker), nginx with the Lua module running the
kong-lua plugin (one worker), nginx's own static upstream, and wrk on the other core.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
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


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


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
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors:(.*)", output)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in re.findall(r"\d+", sockets.group(1))) if sockets else 0
    )
    return Run(name, rate, p50, p99, errors)


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
            wrk("warm-up", plugin.port, 1, connections)
            return [
                wrk("nginx alone", alone.port, duration, connections),
                wrk("nginx + kong-lua + node", plugin.port, duration, connections),
            ]
        finally:
            plugin.stop()
            alone.stop()
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
    parser.add_argument("gateway", choices=["kong"])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (apt-get install wrk)")
    print(render(kong(args.duration, args.connections)))


if __name__ == "__main__":
    main()
