"""`filtering-node serve`: the processes and their order of life.

The supervisor validates the configuration, binds the connector socket, and starts
`http_inspector.workers` worker processes that share it (each a uvicorn server on uvloop
and httptools running `node.app`). It serves health (`/live`, `/ready`) and Prometheus
metrics (summed over workers) on their own ports, reloads on SIGHUP (it validates the file
first, then tells each worker to swap in the new settings), restarts a worker that dies,
and on SIGTERM stops in order: workers stop accepting, finish in-flight requests and drain
their mirror queues within a deadline; then the supervisor's own servers stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import multiprocessing
import os
import queue
import shutil
import signal
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as EventType
from typing import Any, cast

from node import build, config, log
from node.config import ConnectionLimits, Listen, Settings

WORKER_STOP_SECONDS = 15.0
# Bounds of the in-process aggregation, so that the node's memory stays bounded.
EMBEDDED_HITS = 50_000
EMBEDDED_ATTACKS = 10_000
GRACEFUL_SECONDS = 10.0


def bind(address: Listen) -> socket.socket:
    family = socket.AF_INET6 if ":" in address.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((address.host, address.port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


class Coalesced:
    """A connection's transport whose writes wait for the end of the event loop's turn.

    uvicorn writes a response in two calls (status and headers, then the body), and each
    write to a socket is a segment the peer is woken for. Under load a worker answers
    several connections in one turn of its loop; held until the turn ends, their replies
    leave one write each, back to back, and a gateway reading them is woken once for all
    of them. On a virtual machine that wake-up is most of what a write costs. An idle
    worker answers as soon as its only request is done."""

    __slots__ = ("_buffer", "_loop", "_transport")

    def __init__(self, transport: Any) -> None:
        self._transport = transport
        self._loop = asyncio.get_running_loop()
        self._buffer: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not self._buffer:
            self._loop.call_soon(self.flush)
        self._buffer.append(data)

    def flush(self) -> None:
        if self._buffer:
            data = b"".join(self._buffer)
            self._buffer.clear()
            if not self._transport.is_closing():
                self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def get_write_buffer_size(self) -> int:
        return sum(map(len, self._buffer)) + int(self._transport.get_write_buffer_size())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


def connection_protocol(limits: ConnectionLimits) -> type:
    """uvicorn's httptools protocol, writing through a `Coalesced` transport, and closing a
    connection (after the response in flight) once it has served `max_requests`, received
    `max_received_bytes` or lived `max_duration`."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class LimitedProtocol(HttpToolsProtocol):
        def connection_made(self, transport: Any) -> None:
            self._opened = time.monotonic()
            self._received = 0
            self._served = 0
            # Coalesced passes anything but writes and close through: a transport to uvicorn.
            super().connection_made(cast(asyncio.Transport, Coalesced(transport)))

        def data_received(self, data: bytes) -> None:
            self._received += len(data)
            super().data_received(data)

        def on_headers_complete(self) -> None:
            super().on_headers_complete()
            self._served += 1
            if (
                (limits.max_requests and self._served >= limits.max_requests)
                or (limits.max_received_bytes and self._received >= limits.max_received_bytes)
                or (limits.max_duration and time.monotonic() - self._opened >= limits.max_duration)
            ):
                self.cycle.keep_alive = False

    return LimitedProtocol


# -- worker processes --------------------------------------------------------------------


def _worker(
    settings: Settings,
    updates: Connection,
    ready: EventType,
    index: int,
    sock: socket.socket,
    events: Any,
) -> None:
    import uvicorn

    from node.aggregation.pipeline import QueueSink, RedisSink
    from node.app import create_app
    from node.inspector import Inspector

    log.configure(settings.log)
    logger = log.get("node.worker").bind(worker=index, pid=os.getpid())
    sink: QueueSink | RedisSink = (
        RedisSink(settings.aggregation) if events is None else QueueSink(events)
    )
    resources = (sink,)
    inspector = Inspector(settings, sink)

    def reload(signum: int, frame: object) -> None:
        # The supervisor validated the new settings and sent them before the signal.
        while updates.poll():
            inspector.configure(updates.recv())
        logger.info("configuration reloaded", frozen_objects=_freeze())

    def serving() -> None:
        logger.info("worker ready", frozen_objects=_freeze())
        ready.set()

    signal.signal(signal.SIGHUP, reload)
    connector = settings.connector
    app = create_app(
        inspector, connector.external_health_check, on_ready=serving, resources=resources
    )
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            loop="uvloop",
            http=connection_protocol(connector.per_connection_limits),
            lifespan="on",
            access_log=False,
            log_config=None,
            ssl_certfile=connector.tls_cert or None,
            ssl_keyfile=connector.tls_key or None,
            timeout_graceful_shutdown=int(GRACEFUL_SECONDS),
            timeout_keep_alive=75,
            server_header=False,
            # The peer is the gateway's own address: uvicorn would otherwise take it from
            # X-Forwarded-For when the peer is loopback, past connector.allowed_networks.
            proxy_headers=False,
        )
    )
    server.run(sockets=[sock])


def _freeze() -> int:
    """Put every object alive now out of the cyclic collector's sight, and say how many
    there are. The engine, its automaton and its compiled rules live as long as the worker
    (or until a reload replaces them, when reference counting frees them as usual); a full
    collection that walked them all paused every request in flight, 44 ms in a worker
    whose verdict cache was full, against a 10 ms p99 target."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


class _QuietServer:
    """A uvicorn server for the supervisor's own ports, leaving signals to the supervisor."""

    def __init__(self, app: Any, address: Listen) -> None:
        import uvicorn

        class Server(uvicorn.Server):
            @contextlib.contextmanager
            def capture_signals(self) -> Iterator[None]:
                yield

        self.server = Server(
            uvicorn.Config(
                app,
                host=address.host,
                port=address.port,
                loop="uvloop",
                lifespan="off",
                access_log=False,
                log_config=None,
                proxy_headers=False,  # no header names the peer
            )
        )

    async def serve(self) -> None:
        await self.server.serve()

    def stop(self) -> None:
        self.server.should_exit = True


class Supervisor:
    def __init__(self, path: str | None, settings: Settings) -> None:
        self.path = path
        self.settings = settings
        self.logger = log.get("node.server")
        self.context = multiprocessing.get_context("spawn")
        self.processes: list[Any] = []
        self.ready: list[EventType] = []
        self.updates: list[Connection] = []
        # Embedded aggregation (no Redis): workers hand events to this process.
        aggregation = settings.aggregation
        self.embedded = not (aggregation.redis_url or aggregation.sentinels)
        from node.aggregation.pipeline import QueueSink

        # Workers hand records over in batches (QueueSink): the bound stays in records.
        batches = max(1, aggregation.buffer_events // QueueSink.BATCH)
        self.events: Any = self.context.Queue(maxsize=batches) if self.embedded else None
        self.store: Any = None
        self.stopping = False

    def is_ready(self) -> bool:
        return (
            not self.stopping
            and bool(self.processes)
            and all(p.is_alive() for p in self.processes)
            and all(event.is_set() for event in self.ready)
        )

    def _spawn(self, index: int) -> None:
        """Start worker `index` with the last valid settings (a worker never reads the
        file itself, so a bad edit cannot keep a restarted worker from starting)."""
        event = self.context.Event()
        receive, send = self.context.Pipe(duplex=False)
        process = self.context.Process(
            target=_worker,
            args=(self.settings, receive, event, index, self.sock, self.events),
            name=f"filtering-node-worker-{index}",
        )
        process.start()
        receive.close()
        if index < len(self.processes):
            self.processes[index], self.ready[index], self.updates[index] = process, event, send
        else:
            self.processes.append(process)
            self.ready.append(event)
            self.updates.append(send)

    def reload(self) -> None:
        try:
            settings = config.load(self.path)
        except config.ConfigError as error:
            self.logger.error(
                "configuration reload failed, keeping the previous one", error=str(error)
            )
            return
        for warning in settings.warnings:
            self.logger.warning("configuration", warning=warning)
        if (
            settings.connector.address,
            settings.workers,
            settings.health_check,
            settings.metrics,
        ) != (
            self.settings.connector.address,
            self.settings.workers,
            self.settings.health_check,
            self.settings.metrics,
        ):
            self.logger.warning("addresses and worker count change only on restart")
        self.settings = settings
        for process, updates in zip(self.processes, self.updates, strict=True):
            if process.is_alive() and process.pid:
                updates.send(settings)
                os.kill(process.pid, signal.SIGHUP)
        self.logger.info("configuration reloaded", source=self.path or "defaults")

    async def run(self) -> None:
        settings = self.settings
        self.sock = bind(settings.connector.address)
        for index in range(settings.workers):
            self._spawn(index)
        servers = self._own_servers()
        ingest = threading.Thread(target=self._ingest, name="embedded-aggregation", daemon=True)
        if self.embedded:
            ingest.start()
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        loop.add_signal_handler(signal.SIGHUP, self.reload)
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        tasks = [loop.create_task(s.serve(), name=f"server-{i}") for i, s in enumerate(servers)]
        self.logger.info(
            "listening",
            connector=f"{'https' if settings.connector.tls_cert else 'http'}://{settings.connector.address}",
            health=f"http://{settings.health_check}" if settings.health_check else "disabled",
            metrics=f"http://{settings.metrics}/metrics" if settings.metrics else "disabled",
            console=f"http://{settings.api.listen_address}/" if self.embedded else "aggregate",
            workers=settings.workers,
            mode=settings.route_config.mode,
            config=settings.source,
            engine=build.name(),
        )
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)
            for index, process in enumerate(self.processes):
                if not stop.is_set() and not process.is_alive():
                    self.logger.error(
                        "worker died, restarting", worker=index, exitcode=process.exitcode
                    )
                    self._spawn(index)
        await self._shutdown(servers, tasks)

    async def _shutdown(self, servers: list[_QuietServer], tasks: list[asyncio.Task[None]]) -> None:
        self.stopping = True
        self.logger.info("stopping: finishing in-flight requests and draining mirror queues")
        for process in self.processes:
            if process.is_alive() and process.pid:
                os.kill(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + WORKER_STOP_SECONDS
        while any(p.is_alive() for p in self.processes) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for process in self.processes:
            if process.is_alive():
                self.logger.error("worker did not stop in time, killed", pid=process.pid)
                process.kill()
        self.sock.close()
        for server in servers:
            server.stop()
        await asyncio.gather(*tasks, return_exceptions=True)
        self.ingesting = False
        self.logger.info("stopped")

    def _ingest(self) -> None:
        """Embedded aggregation: fold the workers' records into the in-memory store."""
        self.ingesting = True
        while self.ingesting or not self.events.empty():
            try:
                batch = self.events.get(timeout=0.2)
            except queue.Empty:
                continue
            for kind, payload in batch:
                uid = uuid.uuid4().hex
                if kind == "event":
                    self.store.ingest_event(payload, uid)
                else:
                    self.store.ingest_traffic(payload, uid)

    def _own_servers(self) -> list[_QuietServer]:
        from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
        from prometheus_client.multiprocess import MultiProcessCollector
        from starlette.applications import Starlette
        from starlette.responses import JSONResponse, Response
        from starlette.routing import Route

        servers = []
        if self.settings.health_check:

            async def live(_: Any) -> Response:
                return JSONResponse({"status": "live"})

            async def ready(_: Any) -> Response:
                if self.is_ready():
                    return JSONResponse({"status": "ready", "workers": len(self.processes)})
                return JSONResponse({"status": "not ready"}, status_code=503)

            app = Starlette(routes=[Route("/live", live), Route("/ready", ready)])
            servers.append(_QuietServer(app, self.settings.health_check))
        if self.settings.metrics:

            async def metrics(_: Any) -> Response:
                registry = CollectorRegistry()
                MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
                return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

            app = Starlette(routes=[Route("/metrics", metrics)])
            servers.append(_QuietServer(app, self.settings.metrics))
        if self.embedded:
            from node.aggregation.api import create_api
            from node.aggregation.backend import MemoryBackend
            from node.aggregation.store import Store

            self.store = Store(
                MemoryBackend(), max_hits=EMBEDDED_HITS, max_attacks=EMBEDDED_ATTACKS
            )
            api = create_api(self.store, self.settings.api.token)
            servers.append(_QuietServer(api, self.settings.api.listen_address))
        return servers


def serve(path: str | None) -> None:
    """Run the node until SIGTERM or SIGINT. ConfigError escapes for the CLI to report."""
    settings = config.load(path)
    log.configure(settings.log)
    logger = log.get("node.server")
    for warning in settings.warnings:
        logger.warning("configuration", warning=warning)
    metrics_dir = tempfile.mkdtemp(prefix="filtering-node-metrics-")
    # Workers are spawned after this, so every process writes its metrics here.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    try:
        import uvloop

        uvloop.run(Supervisor(path, settings).run())
    finally:
        shutil.rmtree(metrics_dir, ignore_errors=True)
