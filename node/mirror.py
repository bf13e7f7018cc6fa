"""Out-of-band analysis: a bounded queue of mirrored messages, analysed in the background,
and the joiner that pairs each request with its response by id.

The joiner tolerates a response that arrives first and duplicates of either; its memory is
bounded in entries and in time — an entry not completed within the join window is
released (a request without a response is recorded with status 0).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import OrderedDict
from typing import Final

from node import log
from node.events import URI_CHARS, Sink, TrafficRecord
from node.inspector import Inspector, Outcome
from node.metrics import MESSAGES_PROCESSED, TALLY
from node.protocol import Message, RequestMessage, ResponseMessage
from node.types import first_header

# API discovery reads parameter names from the start of a JSON body; keeping only that
# bounds the joiner's memory to join_entries × this.
DISCOVERY_BODY_BYTES: Final = 1024


# A request waiting for its response, or a response waiting for its request: when it came,
# the request's summary (a `TrafficRecord` as a plain tuple, its status still 0) and the
# response's status. Plain tuples of numbers, strings and bytes are let go by the garbage
# collector: ten thousand entries waiting do not lengthen each full collection.
_Entry = tuple[float, tuple[object, ...] | None, int | None]


class Joiner:
    def __init__(self, sink: Sink, window: float, entries: int) -> None:
        self.sink = sink
        self.window = window
        self.entries = entries
        self._pending: OrderedDict[str, _Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._pending)

    def request(self, outcome: Outcome, now: float) -> None:
        key = outcome.message.id
        entry = self._pending.get(key)
        if entry is None:
            self._wait(key, (now, _summary(outcome), None))
        elif entry[1] is None and entry[2] is not None:  # its response came first
            self._joined(key, _summary(outcome), entry[2])

    def response(self, message: ResponseMessage, now: float) -> None:
        key = message.id
        entry = self._pending.get(key)
        if entry is None:
            self._wait(key, (now, None, message.status))
        elif entry[1] is not None and entry[2] is None:
            self._joined(key, entry[1], message.status)

    def expire(self, now: float) -> None:
        """Release entries older than the window; requests alone are recorded as such."""
        pending = self._pending
        while pending:
            # Over the bound (as when every request is new, past `entries` a window), the
            # oldest goes without a look: one C call where reading it first took four.
            if len(pending) <= self.entries and now - next(iter(pending.values()))[0] < self.window:
                break
            _key, (_created, request, _status) = pending.popitem(last=False)
            if request is not None:
                self.sink.record(_record(request))  # never answered: status 0

    def _wait(self, key: str, entry: _Entry) -> None:
        self._pending[key] = entry
        self.expire(entry[0])

    def _joined(self, key: str, request: tuple[object, ...], status: int) -> None:
        """Both halves came: the request is recorded with its response's status."""
        del self._pending[key]
        self.sink.record(_record((*request[:_STATUS], status, *request[_STATUS + 1 :])))


_STATUS: Final = TrafficRecord._fields.index("status")


def _record(fields: tuple[object, ...]) -> TrafficRecord:
    """The record of a summary's fields, built as the tuple it is: `_make` and `_replace`
    are interpreted code, two microseconds per joined request."""
    record: TrafficRecord = tuple.__new__(TrafficRecord, fields)
    return record


def _summary(outcome: Outcome) -> tuple[object, ...]:
    """The request's `TrafficRecord`, status still 0, as a plain tuple of its fields in
    order: a named tuple is built by interpreted code, a microsecond per request."""
    message = outcome.message
    content_type = first_header(message.headers, "content-type") or ""
    return (
        message.id,
        message.ts or time.time(),
        outcome.decision.client.host,
        message.method,
        message.uri[:URI_CHARS],
        0,
        outcome.decision.target.application,
        bool(outcome.hits),
        content_type,
        message.body[:DISCOVERY_BODY_BYTES],
    )


PROCESSED: Final = MESSAGES_PROCESSED.labels("mirror")
SLICE_SECONDS: Final = 0.004  # the longest the workers analyse in one event-loop turn, together


class MirrorQueue:
    """A bounded queue with background workers; `offer` accepts all or nothing."""

    def __init__(self, inspector: Inspector, joiner: Joiner, size: int, workers: int) -> None:
        self.inspector = inspector
        self.joiner = joiner
        self.queue: asyncio.Queue[Message] = asyncio.Queue(maxsize=size)
        self.workers = workers
        self.tasks: list[asyncio.Task[None]] = []
        self.logger = log.get("node.mirror")

    def start(self) -> None:
        self.tasks = [
            asyncio.get_running_loop().create_task(self._work(), name=f"mirror-worker-{i}")
            for i in range(self.workers)
        ]

    def room(self) -> int:
        """How many more messages the queue takes."""
        return self.queue.maxsize - self.queue.qsize()

    def offer(self, messages: list[Message]) -> bool:
        if self.room() < len(messages):
            return False
        for message in messages:
            self.queue.put_nowait(message)
        return True

    def handle(self, message: Message) -> None:
        now = time.time()
        if isinstance(message, RequestMessage):
            outcome = self.inspector.inspect(message, "mirror")
            self.joiner.request(outcome, now)
        else:
            self.joiner.response(message, now)
        TALLY.inc(PROCESSED)

    async def _work(self) -> None:
        while True:
            message = await self.queue.get()
            # One message per turn while the queue is short, so inline verdicts never wait;
            # longer turns as it fills, up to SLICE_SECONDS shared by the workers, so that a
            # flood of copies (each refused cheaply once the queue is full) cannot starve
            # the analysis that empties it.
            budget = SLICE_SECONDS / self.workers * self.queue.qsize() / self.queue.maxsize
            deadline = time.perf_counter() + budget
            while True:
                try:
                    self.handle(message)
                except Exception:  # one bad message must not stop the worker
                    self.logger.exception("mirror analysis failed", id=message.id)
                finally:
                    self.queue.task_done()
                if self.queue.empty() or time.perf_counter() >= deadline:
                    break
                message = self.queue.get_nowait()
            await asyncio.sleep(0)  # let the inline path and the server breathe

    async def drain(self, deadline: float) -> int:
        """Finish what is queued within `deadline` seconds; the number left undone."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.queue.join(), deadline)
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        left = self.queue.qsize()
        self.joiner.expire(float("inf"))
        return left
