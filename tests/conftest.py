from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from node import build
from node.engine import Engine
from node.testing import RedisServer, find_tool


def pytest_sessionstart(session: pytest.Session) -> None:
    """Python imports a compiled module before its source: tests of an edited source would
    run the old build."""
    stale = build.stale()
    if stale:
        pytest.exit(f"compiled before their last edit: {', '.join(stale)} (make compiled)", 2)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()


def unavailable(message: str) -> NoReturn:
    """Something a test needs for real is missing: in CI a failure, elsewhere a skip."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require(command: str) -> str:
    """The path of a tool the test runs for real (`unavailable` when missing)."""
    path = find_tool(command)
    if path is None:
        unavailable(f"{command} is not installed (make test installs it)")
    return path


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    require("redis-server")
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()
