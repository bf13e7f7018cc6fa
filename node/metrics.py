"""Prometheus metrics, named like the commercial node's connector-server metrics so that
existing dashboards carry over. With several workers, prometheus_client's multiprocess
mode (PROMETHEUS_MULTIPROC_DIR, set by the server before workers start) sums them."""

from __future__ import annotations

from bisect import bisect_left
from typing import Final

from prometheus_client import Counter, Gauge, Histogram

# How often a worker writes the counts it kept (see Tally).
FLUSH_SECONDS: Final = 1.0

PREFIX: Final = "wallarm_gonode_http_connector_server"

MESSAGES_SEEN: Final = Counter(
    f"{PREFIX}_messages_seen", "Messages received from connectors.", ["endpoint"]
)
MESSAGES_PROCESSED: Final = Counter(
    f"{PREFIX}_messages_processed", "Messages analysed.", ["endpoint"]
)
MESSAGES_REJECTED: Final = Counter(
    f"{PREFIX}_messages_rejected", "Messages refused, by reason.", ["endpoint", "reason"]
)
REQUESTS_BLOCKED: Final = Counter(f"{PREFIX}_requests_blocked", "Requests given a block verdict.")
ATTACKS: Final = Counter(f"{PREFIX}_attacks", "Attacks detected, by type.", ["type"])
ATTACKS_EXCLUDED: Final = Counter(
    f"{PREFIX}_attacks_excluded",
    "Hits set aside by route_config exclusions, by type: not attacks, not reported.",
    ["type"],
)
LATENCY: Final = Histogram(
    f"{PREFIX}_processing_seconds",
    "Time spent on a message.",
    ["endpoint"],
    buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)
QUEUE_DEPTH: Final = Gauge(
    f"{PREFIX}_mirror_queue_depth",
    "Mirrored messages waiting for analysis.",
    multiprocess_mode="livesum",
)
QUEUE_FULL: Final = Counter(f"{PREFIX}_mirror_queue_full", "Mirror batches refused with 503.")
EVENTS_DROPPED: Final = Counter(f"{PREFIX}_events_dropped", "Events a sink could not keep.")


class Tally:
    """Counts and observations kept in the process and written to their Prometheus metrics
    once per flush. In multiprocess mode each write takes a lock and updates a shared file:
    two counters per message cost as much as a tenth of the message's handling outside the
    engine, and a histogram's observation (its sum and a bucket) twice a counter's."""

    def __init__(self) -> None:
        self._pending: dict[Counter, float] = {}
        # Per histogram: its bounds (read once: an attribute of an interpreted class), and
        # the sum of what was observed, then the count per bucket.
        self._observed: dict[Histogram, tuple[list[float], list[float]]] = {}

    def inc(self, counter: Counter, amount: float = 1.0) -> None:
        self._pending[counter] = self._pending.get(counter, 0.0) + amount

    def observe(self, histogram: Histogram, amount: float) -> None:
        """`histogram.observe(amount)`, written at the next flush."""
        entry = self._observed.get(histogram)
        if entry is None:
            bounds: list[float] = histogram._upper_bounds  # ends with +Inf: a bucket for all
            entry = self._observed[histogram] = (bounds, [0.0] * (len(bounds) + 1))
        bounds, observed = entry
        observed[0] += amount
        observed[1 + bisect_left(bounds, amount)] += 1  # the first bound ≥ amount

    def flush(self) -> None:
        pending, self._pending = self._pending, {}
        for counter, amount in pending.items():
            counter.inc(amount)
        observed, self._observed = self._observed, {}
        for histogram, (_, (total, *counts)) in observed.items():
            histogram._sum.inc(total)
            for bucket, count in zip(histogram._buckets, counts, strict=True):
                if count:
                    bucket.inc(count)


TALLY: Final = Tally()
