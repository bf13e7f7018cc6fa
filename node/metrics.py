"""Prometheus metrics, named like the commercial node's connector-server metrics so that
existing dashboards carry over. With several workers, prometheus_client's multiprocess
mode (PROMETHEUS_MULTIPROC_DIR, set by the server before workers start) sums them."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

# How often a worker writes the counts it kept (see Tally).
FLUSH_SECONDS = 1.0

PREFIX = "wallarm_gonode_http_connector_server"

MESSAGES_SEEN = Counter(
    f"{PREFIX}_messages_seen", "Messages received from connectors.", ["endpoint"]
)
MESSAGES_PROCESSED = Counter(f"{PREFIX}_messages_processed", "Messages analysed.", ["endpoint"])
MESSAGES_REJECTED = Counter(
    f"{PREFIX}_messages_rejected", "Messages refused, by reason.", ["endpoint", "reason"]
)
REQUESTS_BLOCKED = Counter(f"{PREFIX}_requests_blocked", "Requests given a block verdict.")
ATTACKS = Counter(f"{PREFIX}_attacks", "Attacks detected, by type.", ["type"])
ATTACKS_EXCLUDED = Counter(
    f"{PREFIX}_attacks_excluded",
    "Hits set aside by route_config exclusions, by type: not attacks, not reported.",
    ["type"],
)
LATENCY = Histogram(
    f"{PREFIX}_processing_seconds",
    "Time spent on a message.",
    ["endpoint"],
    buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)
QUEUE_DEPTH = Gauge(
    f"{PREFIX}_mirror_queue_depth",
    "Mirrored messages waiting for analysis.",
    multiprocess_mode="livesum",
)
QUEUE_FULL = Counter(f"{PREFIX}_mirror_queue_full", "Mirror batches refused with 503.")
EVENTS_DROPPED = Counter(f"{PREFIX}_events_dropped", "Events a sink could not keep.")


class Tally:
    """Counts kept in the process and written to their Prometheus counters once per flush.
    In multiprocess mode each write takes a lock and updates a shared file: two counters
    per message cost as much as a tenth of the message's handling outside the engine."""

    def __init__(self) -> None:
        self._pending: dict[Counter, float] = {}

    def inc(self, counter: Counter, amount: float = 1.0) -> None:
        self._pending[counter] = self._pending.get(counter, 0.0) + amount

    def flush(self) -> None:
        pending, self._pending = self._pending, {}
        for counter, amount in pending.items():
            counter.inc(amount)


TALLY = Tally()
