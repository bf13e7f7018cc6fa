"""The connector's coalesced writes (`node.server.Coalesced`): what a turn of the event
loop writes leaves in one write, in order, and nothing is lost on close."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import msgpack

from node.server import Coalesced
from node.testing import Node, request_message


class Sent(asyncio.Transport):
    """The writes a transport was given, one entry per call."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_write_buffer_size(self) -> int:
        return 0


async def _turn() -> None:
    """Let the loop finish its current turn and run what was scheduled for the next."""
    await asyncio.sleep(0)
    await asyncio.sleep(0)


def test_writes_of_one_turn_leave_as_one() -> None:
    async def scenario() -> None:
        sent = Sent()
        coalesced = Coalesced(sent)
        coalesced.write(b"HTTP/1.1 200 OK\r\n\r\n")
        coalesced.write(b"body")
        assert sent.writes == [] and coalesced.get_write_buffer_size() == 23
        await _turn()
        assert sent.writes == [b"HTTP/1.1 200 OK\r\n\r\nbody"]
        coalesced.write(b"next")
        await _turn()
        assert sent.writes[1:] == [b"next"]

    asyncio.run(scenario())


def test_close_writes_what_waits_first() -> None:
    async def scenario() -> None:
        sent = Sent()
        coalesced = Coalesced(sent)
        coalesced.write(b"last reply")
        coalesced.close()
        assert sent.writes == [b"last reply"] and sent.closed
        await _turn()  # the flush scheduled by the write finds nothing left
        assert sent.writes == [b"last reply"]

    asyncio.run(scenario())


def test_a_closed_connection_is_not_written_to() -> None:
    async def scenario() -> None:
        sent = Sent()
        coalesced = Coalesced(sent)
        coalesced.write(b"reply")
        sent.closed = True  # the peer went away before the turn ended
        await _turn()
        assert sent.writes == []

    asyncio.run(scenario())


def test_other_transport_calls_reach_the_socket_transport() -> None:
    async def scenario() -> None:
        sent = Sent()
        assert Coalesced(sent).get_extra_info("peername", "none") == "none"

    asyncio.run(scenario())


def test_pipelined_requests_get_their_verdicts_in_order(tmp_path: Path) -> None:
    """Requests that arrive together are answered in one turn and written together: each
    verdict still goes to its request, in the order asked."""
    node = Node({"route_config": {"wallarm_mode": "block"}}, tmp_path).start()
    try:
        bodies = [
            msgpack.packb(request_message(uri, id=f"p{n}"))
            for n, uri in enumerate(["/a", "/b?q=1%27%20OR%201%3D1--", "/c"] * 4)
        ]
        wire = b"".join(
            b"POST /v1/inspect HTTP/1.1\r\nHost: node\r\n"
            b"Content-Type: application/msgpack\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
            for body in bodies
        )
        with socket.create_connection(("127.0.0.1", node.connector_port), timeout=5) as sock:
            sock.sendall(wire)
            unpacker = msgpack.Unpacker()
            verdicts = []
            data = b""
            while len(verdicts) < len(bodies):
                data += sock.recv(65536)
                while b"\r\n\r\n" in data:
                    head, _, rest = data.partition(b"\r\n\r\n")
                    length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                    if len(rest) < length:
                        break
                    unpacker.feed(rest[:length])
                    verdicts.append(next(unpacker))
                    data = rest[length:]
        assert [v["id"] for v in verdicts] == [f"p{n}" for n in range(len(bodies))]
        assert [v["verdict"] for v in verdicts] == ["allow", "block", "allow"] * 4
    finally:
        assert node.stop() == 0
