"""Where aggregated state lives: Redis, or a dictionary in the node's own process.

Both offer the same few primitives. Updates go through `atomically`: a function reads the
current state and returns the writes to make; on Redis the keys it read are WATCHed and the
writes applied in MULTI/EXEC, retried if another worker changed them first, so two workers
never count the same entry twice or split one attack in two.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import redis

Op = tuple[Any, ...]  # ("hset", key, mapping), ("hincrby", key, field, n), ...


class Reader(Protocol):
    def get(self, key: str) -> str | None: ...

    def hgetall(self, key: str) -> dict[str, str]: ...

    def hget(self, key: str, field: str) -> str | None: ...


class Backend(Reader, Protocol):
    def atomically(self, watch: Sequence[str], build: Callable[[Reader], list[Op] | None]) -> bool:
        """Apply what `build` returns, atomically with what it read. False if `build`
        returned None (nothing to do)."""
        ...

    def zrevrangebyscore(
        self, key: str, high: float, low: float, start: int, count: int
    ) -> list[tuple[str, float]]: ...

    def zscore(self, key: str, member: str) -> float | None: ...

    def zcard(self, key: str) -> int: ...

    def lrange(self, key: str, start: int, stop: int) -> list[str]: ...

    def hgetall_many(self, keys: Sequence[str]) -> list[dict[str, str]]: ...


def _score(item: tuple[str, float]) -> float:
    return item[1]


class MemoryBackend:
    """The embedded default: plain dictionaries under one lock. Expiry is honoured on read."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._values: dict[str, Any] = {}
        self._expires: dict[str, float] = {}

    def _live(self, key: str) -> Any:
        deadline = self._expires.get(key)
        if deadline is not None and deadline <= time.time():
            self._values.pop(key, None)
            self._expires.pop(key, None)
        return self._values.get(key)

    def get(self, key: str) -> str | None:
        with self._lock:
            value = self._live(key)
            return value if isinstance(value, str) else None

    def hgetall(self, key: str) -> dict[str, str]:
        with self._lock:
            value = self._live(key)
            return dict(value) if isinstance(value, dict) else {}

    def hget(self, key: str, field: str) -> str | None:
        return self.hgetall(key).get(field)

    def hgetall_many(self, keys: Sequence[str]) -> list[dict[str, str]]:
        return [self.hgetall(k) for k in keys]

    def zrevrangebyscore(
        self, key: str, high: float, low: float, start: int, count: int
    ) -> list[tuple[str, float]]:
        with self._lock:
            scores: dict[str, float] = self._live(key) or {}
            ranked = sorted(
                ((m, s) for m, s in scores.items() if low <= s <= high), key=lambda p: (-p[1], p[0])
            )
            return ranked[start : start + count]

    def zscore(self, key: str, member: str) -> float | None:
        with self._lock:
            scores: dict[str, float] = self._live(key) or {}
            return scores.get(member)

    def zcard(self, key: str) -> int:
        with self._lock:
            return len(self._live(key) or {})

    def lrange(self, key: str, start: int, stop: int) -> list[str]:
        with self._lock:
            items: list[str] = self._live(key) or []
            return items[start : None if stop == -1 else stop + 1]

    def atomically(self, watch: Sequence[str], build: Callable[[Reader], list[Op] | None]) -> bool:
        with self._lock:
            ops = build(self)
            if ops is None:
                return False
            for op in ops:
                self._apply(op)
            return True

    def _apply(self, op: Op) -> None:
        name, key, *args = op
        if name == "set":
            self._values[key] = args[0]
            if len(args) > 1 and args[1]:
                self._expires[key] = time.time() + args[1]
        elif name == "hset":
            self._values.setdefault(key, {}).update({k: str(v) for k, v in args[0].items()})
        elif name == "hincrby":
            table = self._values.setdefault(key, {})
            table[args[0]] = str(int(table.get(args[0], 0)) + args[1])
        elif name == "zadd":
            self._values.setdefault(key, {}).update(args[0])
        elif name == "zincrby":
            table = self._values.setdefault(key, {})
            table[args[0]] = table.get(args[0], 0) + args[1]
        elif name == "zremrangebyrank":  # keep the `args[0]` highest scores
            table = self._values.get(key) or {}
            excess = len(table) - args[0]
            if excess > 0:  # below the bound, as nearly always: nothing to sort
                for member, _ in heapq.nsmallest(excess, table.items(), key=_score):
                    del table[member]
        elif name == "lpush":
            self._values.setdefault(key, []).insert(0, args[0])
        elif name == "ltrim":
            self._values[key] = self._values.get(key, [])[: args[0]]
        elif name == "expire":
            self._expires[key] = time.time() + args[0]
        elif name == "delete":
            self._values.pop(key, None)
        else:
            raise ValueError(f"unknown operation {name}")


class RedisBackend:
    """State in Redis. The client must decode responses (`decode_responses=True`)."""

    def __init__(self, client: redis.Redis) -> None:
        self.client: Any = client

    def get(self, key: str) -> str | None:
        value: str | None = self.client.get(key)
        return value

    def hgetall(self, key: str) -> dict[str, str]:
        return dict(self.client.hgetall(key))

    def hget(self, key: str, field: str) -> str | None:
        value: str | None = self.client.hget(key, field)
        return value

    def hgetall_many(self, keys: Sequence[str]) -> list[dict[str, str]]:
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.hgetall(key)
        return [dict(raw) for raw in pipe.execute()]

    def zrevrangebyscore(
        self, key: str, high: float, low: float, start: int, count: int
    ) -> list[tuple[str, float]]:
        raw = self.client.zrevrangebyscore(key, high, low, start=start, num=count, withscores=True)
        return [(member, float(score)) for member, score in raw]

    def zscore(self, key: str, member: str) -> float | None:
        value = self.client.zscore(key, member)
        return None if value is None else float(value)

    def zcard(self, key: str) -> int:
        return int(self.client.zcard(key))

    def lrange(self, key: str, start: int, stop: int) -> list[str]:
        return list(self.client.lrange(key, start, stop))

    def atomically(self, watch: Sequence[str], build: Callable[[Reader], list[Op] | None]) -> bool:
        with self.client.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(*watch)
                    ops = build(pipe)  # a pipeline in WATCH mode reads immediately
                    if ops is None:
                        pipe.reset()
                        return False
                    pipe.multi()
                    for op in ops:
                        _queue(pipe, op)
                    pipe.execute()
                    return True
                except redis.WatchError:
                    continue


def _queue(pipe: Any, op: Op) -> None:
    name, key, *args = op
    if name == "set":
        pipe.set(key, args[0], ex=args[1] if len(args) > 1 and args[1] else None)
    elif name == "hset":
        pipe.hset(key, mapping=args[0])
    elif name == "hincrby":
        pipe.hincrby(key, args[0], args[1])
    elif name == "zadd":
        pipe.zadd(key, args[0])
    elif name == "zincrby":
        pipe.zincrby(key, args[1], args[0])
    elif name == "zremrangebyrank":
        pipe.zremrangebyrank(key, 0, -(args[0] + 1))
    elif name == "lpush":
        pipe.lpush(key, args[0])
    elif name == "ltrim":
        pipe.ltrim(key, 0, args[0] - 1)
    elif name == "expire":
        pipe.expire(key, int(args[0]))
    elif name == "delete":
        pipe.delete(key)
    else:
        raise ValueError(f"unknown operation {name}")
