"""The floor: an empty ASGI app on the node's server stack (uvicorn, uvloop, the node's
httptools protocol with its coalesced writes, one process) that answers every POST with a
fixed MessagePack verdict without reading the message. Whatever the node costs beyond
this is the node.

    python -m load.floor PORT
"""

from __future__ import annotations

import sys
from typing import Any

import msgpack
import uvicorn

from node.config import ConnectionLimits
from node.server import connection_protocol

VERDICT = msgpack.packb({"v": 1, "id": "floor", "verdict": "allow", "mode": "block", "ms": 0.0})
HEADERS = [(b"content-type", b"application/msgpack"), (b"content-length", b"%d" % len(VERDICT))]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    more = True
    while more:  # drain the request body, as any server must
        event = await receive()
        more = event.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": VERDICT})


def main() -> None:
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(sys.argv[1]),
        loop="uvloop",
        http=connection_protocol(ConnectionLimits()),
        lifespan="off",
        access_log=False,
        log_config=None,
    )


if __name__ == "__main__":
    main()
