"""The engine is pure library code: it imports no web, network or wire-format package."""

from __future__ import annotations

import subprocess
import sys


def test_engine_imports_no_io_packages() -> None:
    code = (
        "import sys, node.engine, node.scorecard\n"
        "bad = [m for m in ('starlette', 'uvicorn', 'redis', 'msgpack', 'asyncio', 'structlog')"
        " if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_rule_ids_are_unique_and_in_their_class_range() -> None:
    from node.detectors import all_rules
    from node.rules import RANGES

    rules = all_rules()
    assert len({r.id for r in rules}) == len(rules)
    for rule in rules:
        assert RANGES[rule.type] <= rule.id < RANGES[rule.type] + 1000, rule
        assert rule.summary
