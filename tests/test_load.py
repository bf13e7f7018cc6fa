"""Smoke tests of the benchmarks: they run briefly and print a well-formed table. No
timing is asserted: figures are for reading, not for failing builds."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from node.testing import Node
from tests.conftest import require

REPO = Path(__file__).parent.parent


def benchmark(gateway: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "load.gateways", gateway, "--duration", "1", "--connections", "4"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _rows(output: str) -> dict[tuple[str, str], list[str]]:
    """The Markdown table's rows by (gateway, load), header and rule left out."""
    cells = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in output.splitlines()
        if line.startswith("| ")
    ]
    assert cells[0][:5] == ["", "load", "req/s", "p50 ms", "p99 ms"], cells[0]
    return {(row[0], row[1]): row[2:] for row in cells[1:]}


def _check(output: str, alone: str, gateway: str) -> None:
    rows = _rows(output)
    loads = ("saturation", "50 %", "80 %")
    assert set(rows) == {(name, load) for name in (alone, gateway) for load in loads}
    for (name, load), (rate, p50, p99, errors, ratio, gateway_cpu, node_cpu, rss) in rows.items():
        assert float(rate.replace(",", "")) > 0 and float(p50) <= float(p99), (name, load)
        assert errors == "0" and float(gateway_cpu) > 0, (name, load)
        assert (ratio == "1.00") == (name == alone and load == "saturation")
        assert (ratio == "—") == (load != "saturation")
        # The node works, and has a resident set, only behind the gateway with the plugin.
        assert (float(node_cpu) > 0) == (name == gateway), (name, load, node_cpu)
        assert (rss == "—") == (name == alone)


def test_kong_gateway_benchmark_prints_every_row() -> None:
    require("wrk")
    require("nginx")
    _check(benchmark("kong"), "nginx alone", "nginx + kong-lua + node")


def test_envoy_gateway_benchmark_prints_every_row() -> None:
    require("wrk")
    require("nginx")
    _check(benchmark("envoy"), "envoy alone", "envoy + lua filter + node")


def test_bench_writes_results_with_every_row_and_target(tmp_path: Path) -> None:
    require("wrk")
    output = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, "-m", "load.bench", "--duration", "1", "--output", str(output)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    text = output.read_text()
    assert text == done.stdout.rstrip("\n") + "\n"
    assert "Machine: " in text and " cores; Linux " in text
    rows = [line.split("|")[1:-1] for line in text.splitlines() if line.startswith("| ")]
    names = [cells[0].strip() for cells in rows]
    assert names[1:6] == [
        "floor (empty ASGI app)",
        "node inline",
        "node inline, 20,000 distinct messages",
        "node mirror",
        "node mirror, batches of 16",
    ]
    assert re.fullmatch(r"node inline, \d+ workers \(unpinned\)", names[6])
    for cells in rows[1:7]:
        assert len(cells) == 9
        assert re.fullmatch(r"[\d,]+ (req|verdict|msg)/s", cells[1].strip()), cells
        assert re.fullmatch(r"\d+\.\d\d", cells[3].strip()) and float(cells[3]) > 0, cells
        assert re.fullmatch(r"\d+", cells[4].strip()) and int(cells[4]) > 0, cells
    for cells in (rows[1], rows[2], rows[4]):  # latency at 50 % and 80 % of saturation
        for cell in cells[6:8]:
            pattern = r"[\d,]+/s: \d+\.\d\d / \d+\.\d\d(, \d+ refused)?"
            assert re.fullmatch(pattern, cell.strip()), cells
    # The mirror's capacity: analysed messages per second, or refused from the start.
    assert names[7:10] == ["target", "node mirror", "node mirror, batches of 16"]
    for cells in rows[8:10]:
        assert len(cells) == 5
        if "refused" not in cells[1]:
            assert re.fullmatch(r"[\d,]+ msg/s", cells[1].strip()), cells
            assert re.fullmatch(r"[\d,]+ msg/s", cells[3].strip()), cells
    assert names[10] == "target"  # the targets table
    verdicts = [cells[2].strip() for cells in rows[11:]]
    assert len(verdicts) == 5 and set(verdicts) <= {"met", "**not met**"}, rows[11:]


def test_locust_scenarios_run_headless_without_failures(tmp_path: Path) -> None:
    node = Node(
        {"route_config": {"wallarm_mode": "block"}, "log": {"access_log": False}}, tmp_path
    ).start()
    try:
        done = subprocess.run(
            [
                require("locust"),
                "-f",
                str(REPO / "load" / "locustfile.py"),
                "--headless",
                "-u",
                "4",
                "-r",
                "4",
                "-t",
                "3s",
                "--host",
                f"http://127.0.0.1:{node.connector_port}",
                "--json-file",
                str(tmp_path / "stats"),
                "--only-summary",
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        node.stop()
    assert done.returncode == 0, done.stderr[-3000:]
    stats = {s["name"]: s for s in json.loads((tmp_path / "stats.json").read_text())}
    assert set(stats) == {"/v1/inspect", "/v1/mirror", "/v1/mirror [16]"}
    for entry in stats.values():
        assert entry["num_requests"] > 0 and entry["num_failures"] == 0, entry
