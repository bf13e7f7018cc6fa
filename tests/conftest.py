from __future__ import annotations

import pytest

from node.engine import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()
