"""The Lua specs (busted) of the connectors, run from pytest so that CI counts them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import require

REPO = Path(__file__).parent.parent
SPECS = sorted((REPO / "lua" / "spec").glob("*/*_spec.lua"))


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_busted_spec(spec: Path) -> None:
    require("busted")
    result = subprocess.run(
        [
            "busted",
            "--lpath=lua/?.lua;lua/envoy/?.lua;lua/envoy/?/init.lua;lua/spec/helpers/?.lua",
            "-o",
            "utfTerminal",
            str(spec.relative_to(REPO)),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={"VECTORS": str(REPO / "tests" / "vectors"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failures / 0 errors" in result.stdout, result.stdout
