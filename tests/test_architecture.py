"""The engine is pure library code: it imports no web, network or wire-format package."""

from __future__ import annotations

import json
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


def test_no_pattern_repeats_a_group_possessively() -> None:
    """`(?:…)*+`, `(?:…){0,4}+`: the `re` of Python 3.11.2 (Debian 12's) misses matches
    past such a repeat once an iteration failed after consuming characters
    (`(?:a *\\n){0,4}+a b` does not match "a b"), fixed in a later 3.11: there, "<script>
    tags aren't allowed" was not read as prose. The same repeat in an atomic group,
    `(?>(?:…)*)`, matches the same texts on both."""
    code = (
        "import gc, json, re, node.engine, node.points\n"
        "node.engine.Engine()\n"
        "repeat = re.compile(r'(?<!\\\\)\\)(?:[*+?]|\\{\\d*,?\\d*\\})\\+')\n"
        "found = [p.pattern for p in gc.get_objects() if isinstance(p, re.Pattern)\n"
        "         and isinstance(p.pattern, str) and repeat.search(p.pattern)]\n"
        "print(json.dumps([sum(isinstance(p, re.Pattern) for p in gc.get_objects()), found]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    patterns, found = json.loads(out.stdout)
    assert patterns > 500  # the engine's own among them
    assert found == []
