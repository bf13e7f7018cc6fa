from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from node.engine import Engine
from node.testing import RedisServer


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()


def require(command: str) -> None:
    """A tool the test runs for real: in CI its absence is a failure, elsewhere a skip."""
    if shutil.which(command) is None:
        message = f"{command} is not installed (make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    require("redis-server")
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()
