"""Smoke tests of the benchmarks: they run briefly and print a well-formed table. No
timing is asserted: figures are for reading, not for failing builds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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


def test_kong_gateway_benchmark_prints_both_rows() -> None:
    require("wrk")
    require("nginx")
    output = benchmark("kong")
    rows = {line[:26].strip(): line[26:].split() for line in output.splitlines()[1:]}
    assert set(rows) == {"nginx alone", "nginx + kong-lua + node"}
    for values in rows.values():
        assert len(values) == 5 and all(re.fullmatch(r"[\d.]+", v) for v in values)
        assert float(values[0]) > 0 and values[3] == "0"


def test_envoy_gateway_benchmark_prints_both_rows() -> None:
    require("wrk")
    require("nginx")
    output = benchmark("envoy")
    rows = {line[:26].strip(): line[26:].split() for line in output.splitlines()[1:]}
    assert set(rows) == {"envoy alone", "envoy + lua filter + node"}
    assert all(float(values[0]) > 0 and values[3] == "0" for values in rows.values())
