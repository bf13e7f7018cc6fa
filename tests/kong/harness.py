"""Real nginx with the Lua module, running the unmodified kong-lua plugin behind the PDK
shim in this folder, in front of a recording upstream. Started on free loopback ports and
stopped by pid."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from node.testing import free_port

HERE = Path(__file__).parent
REPO = HERE.parent.parent
MODULES = (
    "/usr/lib/nginx/modules/ndk_http_module.so",
    "/usr/lib/nginx/modules/ngx_http_lua_module.so",
)
DEFAULTS: dict[str, Any] = {
    "timeout_ms": 1000,
    "blocking": True,
    "fail_open": True,
    "inspect_response": True,
    "inspect_response_body": False,
    "max_body_bytes": 65536,
    "keepalive_pool_size": 64,
    "keepalive_idle_timeout_ms": 60000,
    "ssl_verify": False,
    "log_interval_s": 60,
}


def lua_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{lua_value(k)}] = {lua_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


class Upstream(ThreadingHTTPServer):
    """Records every request exactly as received and answers 200 with a JSON body."""

    daemon_threads = True

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        super().__init__(("127.0.0.1", free_port()), _Recorder)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0], 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()  # the CRLF after the chunk
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _record(self) -> None:
        body = self._body()
        server: Upstream = self.server  # type: ignore[assignment]
        server.requests.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": list(self.headers.items()),
                "body": body,
            }
        )
        reply = b'{"ok": true, "items": [1, 2, 3]}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Upstream", "yes")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_GET = do_POST = do_PUT = _record

    def log_message(self, *args: Any) -> None:
        pass


@dataclass
class Gateway:
    """nginx with the plugin on `/`; `configs` name plugin configurations, and a location
    `/<name>/` runs each of them (`/` runs "default"). `plugin=False` is nginx alone."""

    directory: Path
    upstream_port: int
    configs: dict[str, dict[str, Any]]
    plugin: bool = True
    port: int = field(default_factory=free_port)
    # Serve a static upstream from this nginx too (for benchmarks, where a Python
    # upstream would be the bottleneck): `upstream_port` then names its port.
    static_upstream: bool = False
    workers: int = 1
    process: subprocess.Popen[bytes] | None = None

    def conf(self) -> str:
        configs = {name: {**DEFAULTS, **conf} for name, conf in self.configs.items()}
        phases = ""
        locations = []
        for name in configs:
            if self.plugin:
                phases = "\n".join(
                    f'      {phase}_by_lua_block {{ shim.phase("{short}", "{name}") }}'
                    for phase, short in (
                        ("access", "access"),
                        ("header_filter", "header_filter"),
                        ("body_filter", "body_filter"),
                        ("log", "log"),
                    )
                )
            path = "/" if name == "default" else f"/{name}/"
            locations.append(f"""    location {path} {{
{phases}
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://app;
    }}""")
        load = "\n".join(f"load_module {m};" for m in MODULES)
        init = (
            f'init_by_lua_block {{ shim = require "kong_shim"; shim.init({lua_value(configs)}) }}'
            if self.plugin
            else ""
        )
        return f"""{load}
worker_processes {self.workers};
daemon off;
user root;
pid {self.directory}/nginx.pid;
error_log {self.directory}/error.log info;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  lua_package_path "{REPO}/lua/?.lua;{HERE}/?.lua;;";
  client_body_buffer_size 8k;
  client_max_body_size 50m;
  client_body_temp_path {self.directory}/body;
  proxy_temp_path {self.directory}/proxy;
  {init}
  upstream app {{ server 127.0.0.1:{self.upstream_port}; keepalive 32; }}
{self._static()}
  server {{
    listen 127.0.0.1:{self.port};
{chr(10).join(locations)}
  }}
}}
"""

    def _static(self) -> str:
        if not self.static_upstream:
            return ""
        return (
            f"  server {{ listen 127.0.0.1:{self.upstream_port}; "
            "location / { default_type application/json; return 200 '{\"ok\": true}'; } }"
        )

    def start(self, timeout: float = 10.0) -> Gateway:
        path = self.directory / "nginx.conf"
        path.write_text(self.conf())
        log = (self.directory / "stderr.log").open("ab")
        self.process = subprocess.Popen(
            [
                "nginx",
                "-p",
                str(self.directory),
                "-c",
                str(path),
                "-e",
                str(self.directory / "error.log"),
            ],
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + timeout
        import socket

        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nginx did not start: {self.log()}")

    def log(self) -> str:
        parts = [self.directory / "error.log", self.directory / "stderr.log"]
        return "\n".join(p.read_text(errors="replace") for p in parts if p.exists())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGQUIT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
