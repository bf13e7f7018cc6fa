"""The console in real headless Chromium: the page loads with data, the chart renders, a
drill-down from an attack to its hits works. The screenshot is kept in artifacts/."""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

import websockets

from node.testing import Node, free_port, request, request_message
from tests.conftest import require

ARTIFACTS = Path(__file__).parent.parent / "artifacts"
MARKUP = "<img src=x onerror=window.__pwned=1>"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-extensions",
    "--window-size=1400,1700",
]


class Page:
    """The few DevTools protocol calls the test needs, over one websocket."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.counter = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.counter += 1
        await self.socket.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(await self.socket.recv())
            if message.get("id") == self.counter:
                if "error" in message:
                    raise RuntimeError(message["error"])
                result: dict[str, Any] = message["result"]
                return result

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def until(self, expression: str, timeout: float = 20.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = await self.evaluate(expression)
            if value:
                return value
            await asyncio.sleep(0.2)
        raise AssertionError(f"never true in the page: {expression}")


async def _drive(debug_port: int, url: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json/list", timeout=5) as reply:
        target = next(t for t in json.load(reply) if t["type"] == "page")
    async with websockets.connect(target["webSocketDebuggerUrl"], max_size=None) as socket:
        page = Page(socket)
        await page.call("Page.enable")
        await page.call("Page.navigate", url=url)
        await page.until("document.body && document.body.dataset.loaded === 'true'")
        found: dict[str, Any] = {
            "bars": await page.until("document.querySelectorAll('#chart-svg rect.bar').length"),
            "attacks": await page.evaluate(
                "document.querySelectorAll('#attacks tr.attack').length"
            ),
            "types": await page.evaluate("document.querySelector('#types').innerText"),
            "endpoints": await page.evaluate("document.querySelector('#endpoints').innerText"),
            "total": await page.evaluate("document.getElementById('total').innerText"),
        }
        await page.evaluate("document.querySelector('#attacks tr.attack').click()")
        found["hits"] = await page.until(
            "!document.getElementById('detail').hidden && "
            "document.querySelectorAll('#hits tbody tr').length"
        )
        found["hit_text"] = await page.evaluate("document.querySelector('#hits tbody').innerText")
        # What an attacker wrote is shown as text: a fragment that is markup stays inert.
        await page.evaluate(
            "[...document.querySelectorAll('#attacks tr.attack')]"
            ".find((row) => /sqli[\\s\\S]*search/.test(row.innerText)).click()"
        )
        found["markup_text"] = await page.until(
            "/sqli on \\S*search/i.test(document.getElementById('detail-title').innerText) && "
            "document.querySelector('#hits tbody').innerText"
        )
        found["pwned"] = await page.evaluate("window.__pwned === 1")
        shot = await page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        found["png"] = base64.b64decode(shot["data"])
        return found


def test_console_shows_attacks_chart_and_drill_down(tmp_path: Path) -> None:
    require("chromium")
    node = Node({"route_config": {"wallarm_mode": "block"}}, tmp_path).start()
    browser = None
    try:
        for i in range(6):
            node.inspect(
                request_message(f"/users/{i}?q=1%27%20OR%201%3D1--", client_ip=f"203.0.113.{i}")
            )
        node.inspect(request_message("/files/..%2f..%2fetc%2fpasswd"))
        # A fragment that is markup: the value's first 80 characters, a whole <img onerror>.
        node.inspect(request_message("/search?q=" + quote("1' OR 1=1-- " + MARKUP)))
        node.post(
            "/v1/mirror",
            [
                request_message("/api/v1/orders/17?expand=items", id="c-1"),
                {"v": 1, "kind": "response", "id": "c-1", "status": 200, "headers": []},
            ],
        )
        debug_port = free_port()
        profile = tmp_path / "chromium-profile"
        browser = subprocess.Popen(
            [
                "chromium",
                *FLAGS,
                f"--remote-debugging-port={debug_port}",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json/version", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        # The embedded aggregation folds events in the background: wait for all of them.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            stats = json.loads(request("GET", node.api_port, "/api/v1/stats").body)
            endpoints = json.loads(request("GET", node.api_port, "/api/v1/endpoints").body)
            if stats["requests_with_attacks"] == 8 and endpoints["total"] == 1:
                break
            time.sleep(0.1)
        found = asyncio.run(_drive(debug_port, f"http://127.0.0.1:{node.api_port}/"))
        found["headers"] = request("GET", node.api_port, "/").headers
    finally:
        if browser is not None:
            browser.terminate()
            browser.wait(10)
        assert node.stop() == 0, node.log()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "console.png").write_bytes(found["png"])
    assert found["png"].startswith(b"\x89PNG") and len(found["png"]) > 10_000
    assert found["bars"] >= 1
    assert found["attacks"] == 4 and found["total"] == "8"
    assert "sqli" in found["types"] and "ptrav" in found["types"]
    assert "/api/v1/orders/{param}" in found["endpoints"]
    assert found["hits"] >= 1 and ("query.q" in found["hit_text"] or "path" in found["hit_text"])
    assert MARKUP in found["markup_text"] and not found["pwned"]
    policy = found["headers"]["content-security-policy"]
    assert "script-src 'sha256-" in policy and "unsafe-inline" not in policy
    shutil.rmtree(tmp_path / "chromium-profile", ignore_errors=True)
