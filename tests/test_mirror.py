"""The request/response joiner: either may come first, duplicates are ignored, and its
memory is bounded in entries and in time."""

from __future__ import annotations

import asyncio
import gc

from node import config
from node.events import HitEvent, MemorySink, TrafficRecord
from node.inspector import Inspector
from node.mirror import Joiner, MirrorQueue
from node.protocol import RequestMessage, ResponseMessage

SETTINGS = config.parse({"route_config": {"wallarm_mode": "monitoring"}}, env={})


def _request(message_id: str, uri: str = "/api/users/7") -> RequestMessage:
    return RequestMessage(message_id, "GET", "https", "api.example", uri, "203.0.113.1", ())


def _setup(window: float = 60.0, entries: int = 100) -> tuple[MemorySink, Inspector, Joiner]:
    sink = MemorySink()
    inspector = Inspector(SETTINGS, sink)
    return sink, inspector, Joiner(sink, window, entries)


def test_request_then_response() -> None:
    sink, inspector, joiner = _setup()
    headers = (("Accept", "*/*"), ("content-type", "application/json"))
    body = b'{"name": "Ada"}'
    message = RequestMessage(
        "a", "POST", "https", "api.example", "/api/users", "203.0.113.1", headers, body
    )
    joiner.request(inspector.inspect(message._replace(ts=1700000000.5), "mirror"), now=0)
    joiner.response(ResponseMessage("a", 201, ()), now=1)
    assert list(sink.traffic) == [
        TrafficRecord(
            id="a",
            ts=1700000000.5,
            host="api.example",
            method="POST",
            uri="/api/users",
            status=201,
            application=-1,
            attacked=False,
            content_type="application/json",
            body=body,
        )
    ]
    assert len(joiner) == 0


def test_response_first_and_duplicates() -> None:
    sink, inspector, joiner = _setup()
    joiner.response(ResponseMessage("b", 404, ()), now=0)
    joiner.response(ResponseMessage("b", 500, ()), now=0)
    joiner.request(inspector.inspect(_request("b", "/x?q=%3Cscript%3E"), "mirror"), now=1)
    joiner.request(inspector.inspect(_request("b"), "mirror"), now=1)  # a late duplicate
    assert [(r.id, r.status, r.attacked) for r in sink.traffic] == [("b", 404, True)]
    assert len(joiner) == 1  # the duplicate waits alone until it expires
    joiner.expire(now=100)
    assert len(joiner) == 0


def test_entries_expire_and_are_bounded() -> None:
    sink, inspector, joiner = _setup(window=10, entries=3)
    for i in range(5):
        joiner.request(inspector.inspect(_request(f"r{i}"), "mirror"), now=float(i))
    assert len(joiner) <= 3
    assert [r.status for r in sink.traffic] == [0, 0]  # evicted requests keep status 0
    joiner.expire(now=1000)
    assert len(joiner) == 0 and len(sink.traffic) == 5
    joiner.response(ResponseMessage("lonely", 200, ()), now=1000)
    joiner.expire(now=2000)
    assert len(joiner) == 0 and len(sink.traffic) == 5  # a response alone records nothing


def test_what_waits_is_out_of_the_garbage_collectors_sight() -> None:
    """Inline requests wait for a response that may never come (10,000 by default): kept
    as objects the collector tracks, they lengthened every full collection of a worker
    (15 ms of it), which stalls every request in flight."""
    sink, inspector, joiner = _setup(entries=2000)
    outcomes = [
        inspector.inspect(_request(f"w{i}", f"/api/items/{i}"), "inline") for i in range(1000)
    ]
    gc.collect()
    tracked = len(gc.get_objects())
    for i, outcome in enumerate(outcomes):
        joiner.request(outcome, now=1.0)
        joiner.response(ResponseMessage(f"early{i}", 200, ()), now=1.0)
    for _ in range(2):  # a tuple is let go once what it holds was
        gc.collect()
    assert len(joiner) == 2000
    assert len(gc.get_objects()) - tracked < 20
    joiner.response(ResponseMessage("w7", 204, ()), now=2.0)
    assert [(r.id, r.status, r.uri) for r in sink.traffic] == [("w7", 204, "/api/items/7")]


class _FailingSink(MemorySink):
    """A sink that breaks on one message's event: the analysis fails after the engine."""

    def submit(self, event: HitEvent) -> None:
        if event.id == "bad":
            raise RuntimeError("boom")
        super().submit(event)


def test_a_failing_analysis_does_not_stop_the_workers() -> None:
    sink = _FailingSink()
    inspector = Inspector(SETTINGS, sink)
    joiner = Joiner(sink, 60.0, 100)

    async def scenario() -> int:
        queue = MirrorQueue(inspector, joiner, size=100, workers=1)
        queue.start()
        bad, attack = _request("bad", "/?q=<script>"), _request("x1", "/?q=1' or 1=1--")
        assert queue.offer([bad, attack, _request("x2")])
        left = await queue.drain(5.0)
        return left

    assert asyncio.run(scenario()) == 0
    assert [e.id for e in sink.events] == ["x1"]  # analysed after the failure
    assert [r.id for r in sink.traffic] == ["x1", "x2"]  # both reached the joiner


def test_a_full_queue_takes_longer_analysis_turns() -> None:
    sink = MemorySink()
    joiner = Joiner(sink, 60.0, 1000)
    turns: list[int] = []

    async def scenario() -> None:
        queue = MirrorQueue(Inspector(SETTINGS, sink), joiner, size=400, workers=1)
        assert queue.offer([_request(f"m{i}") for i in range(400)])
        queue.start()
        # Count what one event-loop turn analysed while the queue was full.
        await asyncio.sleep(0)
        turns.append(400 - queue.queue.qsize())
        await queue.drain(10.0)

    asyncio.run(scenario())
    assert turns[0] > 1  # not one message per turn: the flood cannot starve the analysis
