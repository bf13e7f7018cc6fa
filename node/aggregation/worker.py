"""`filtering-node aggregate`: the Redis consumer that folds the streams into the store,
beside the API and console.

Several workers share the streams through one consumer group. An entry is acknowledged
only after it is stored; entries left pending by a worker that died are claimed by another
once they have been idle for `aggregation.claim_idle`. Every entry is stored under its
stream id, so one that is delivered twice is counted once.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from typing import Any

import redis

from node import log
from node.aggregation.store import Store
from node.config import AggregationSettings

BATCH = 200


class Consumer:
    def __init__(
        self,
        client: redis.Redis,
        store: Store,
        settings: AggregationSettings,
        name: str | None = None,
    ) -> None:
        self.client: Any = client
        self.store = store
        self.settings = settings
        self.name = name or f"{socket.gethostname()}-{os.getpid()}"
        self.streams = (settings.events_stream, settings.traffic_stream)
        self.logger = log.get("node.aggregate").bind(consumer=self.name)

    def ensure_groups(self) -> None:
        for stream in self.streams:
            try:
                self.client.xgroup_create(
                    stream, self.settings.consumer_group, id="0", mkstream=True
                )
            except redis.ResponseError as error:
                if "BUSYGROUP" not in str(error):
                    raise

    def claim(self) -> int:
        """Take over entries another worker read but never acknowledged."""
        done = 0
        idle = int(self.settings.claim_idle * 1000)
        for stream in self.streams:
            _, entries, *_ = self.client.xautoclaim(
                stream, self.settings.consumer_group, self.name, idle, "0-0", count=BATCH
            )
            done += self.process(stream, entries)
        return done

    def read(self, block_ms: int = 1000) -> list[tuple[str, list[tuple[str, dict[str, str]]]]]:
        response = self.client.xreadgroup(
            self.settings.consumer_group,
            self.name,
            {s: ">" for s in self.streams},
            count=BATCH,
            block=block_ms,
        )
        return list(response or [])

    def process(self, stream: str, entries: list[tuple[str, dict[str, str]]]) -> int:
        for entry_id, fields in entries:
            if fields and "data" in fields:
                document = json.loads(fields["data"])
                uid = f"{stream}:{entry_id}"
                if stream == self.settings.events_stream:
                    self.store.ingest_event(document, uid)
                else:
                    self.store.ingest_traffic(document, uid)
            self.client.xack(stream, self.settings.consumer_group, entry_id)
        return len(entries)

    def step(self, block_ms: int = 1000) -> int:
        done = self.claim()
        for stream, entries in self.read(block_ms):
            done += self.process(stream, entries)
        return done

    def run(self, stop: threading.Event) -> None:
        self.ensure_groups()
        self.logger.info(
            "consuming", streams=list(self.streams), group=self.settings.consumer_group
        )
        while not stop.is_set():
            try:
                self.step()
            except (redis.ConnectionError, redis.TimeoutError) as error:
                self.logger.warning("redis unreachable, retrying", error=str(error))
                stop.wait(1.0)


def run(settings: Any) -> None:
    """`filtering-node aggregate`: the consumer in a thread, the API and console in front."""
    import uvicorn

    from node.aggregation.api import create_api
    from node.aggregation.backend import RedisBackend

    aggregation: AggregationSettings = settings.aggregation
    if aggregation.sentinels:
        from redis.sentinel import Sentinel

        sentinel = Sentinel(  # type: ignore[no-untyped-call, unused-ignore]
            [(h.rsplit(":", 1)[0], int(h.rsplit(":", 1)[1])) for h in aggregation.sentinels]
        )
        client = sentinel.master_for(  # type: ignore[no-untyped-call, unused-ignore]
            aggregation.sentinel_master, decode_responses=True
        )
    else:
        client = redis.Redis.from_url(aggregation.redis_url, decode_responses=True)
    store = Store(RedisBackend(client))
    consumer = Consumer(client, store, aggregation)
    stop = threading.Event()
    thread = threading.Thread(target=consumer.run, args=(stop,), name="consumer", daemon=True)
    thread.start()
    address = settings.api.listen_address
    consumer.logger.info("serving API and console", url=f"http://{address}/")
    try:
        uvicorn.run(
            create_api(store, settings.api.token),
            host=address.host,
            port=address.port,
            access_log=False,
            log_config=None,
        )
    finally:
        stop.set()
        thread.join(timeout=5)
