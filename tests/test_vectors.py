"""The golden wire vectors in tests/vectors, answered by a real node under their
node.yaml. The Lua connector specs read the same files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from node.testing import Node, request

VECTORS = Path(__file__).parent / "vectors"
CASES = sorted(p.stem for p in VECTORS.glob("*.msgpack"))


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    config = yaml.safe_load((VECTORS / "node.yaml").read_text())
    started = Node(config, tmp_path_factory.mktemp("vectors")).start()
    yield started
    started.stop()


@pytest.mark.parametrize("name", CASES)
def test_vector(node: Node, name: str) -> None:
    spec = json.loads((VECTORS / f"{name}.json").read_text())
    expect = spec["expect"]
    body = (VECTORS / f"{name}.msgpack").read_bytes()
    reply = request(
        "POST", node.connector_port, spec["endpoint"], body, {"Content-Type": "application/msgpack"}
    )
    assert reply.status == expect["http"], reply.body
    document = reply.document()
    if "verdict" in expect:
        assert document["verdict"] == expect["verdict"]
        assert document["mode"] == expect["mode"]
        assert document["application"] == expect["application"]
        assert sorted({a["type"] for a in document["attacks"]}) == expect["attacks"]
        for key in ("status", "headers"):
            if key in expect:
                assert document[key] == expect[key]
        if "body" in expect:
            assert document["body"] == expect["body"].encode()
    if "error_mentions" in expect:
        assert expect["error_mentions"] in document["error"]
    if "accepted" in expect:
        assert (document["accepted"], document["rejected"]) == (
            expect["accepted"],
            expect["rejected"],
        )
        assert document["errors"][0]["index"] == expect["error_index"]


def test_vectors_are_in_sync_with_their_generator(tmp_path: Path) -> None:
    import runpy

    namespace = runpy.run_path(str(VECTORS / "make_vectors.py"))
    assert sorted(name for name, *_ in namespace["VECTORS"]) == CASES
