"""The aggregation API (JSON) and the console, on `api.listen_address`.

`GET /api/v1/attacks`, `/api/v1/attacks/{id}` (with sample hits), `/api/v1/hits`,
`/api/v1/stats`, `/api/v1/endpoints`, `/api/v1/endpoints/openapi.json`; filters `from`,
`to` (unix seconds or ISO 8601), `type`, `application`, `ip`; pagination `page`,
`per_page`. With a token configured every API call needs it as a Bearer token. The
console at `/` is a static page that calls the API.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
from datetime import datetime
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from node.aggregation.store import Query, Store


class BadQuery(ValueError):
    pass


def _time(value: str | None, name: str, default: float) -> float:
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise BadQuery(f"'{name}' must be unix seconds or ISO 8601, got {value!r}") from None


def _int(value: str | None, name: str, default: int | None) -> int | None:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise BadQuery(f"'{name}' must be an integer, got {value!r}") from None


def _query(request: Request) -> Query:
    query = request.query_params
    return Query(
        since=_time(query.get("from"), "from", 0),
        until=_time(query.get("to"), "to", math.inf),
        attack_type=query.get("type") or None,
        application=_int(query.get("application"), "application", None),
        ip=query.get("ip") or None,
        page=_int(query.get("page"), "page", 1) or 1,
        per_page=_int(query.get("per_page"), "per_page", 50) or 50,
    )


def _inline_hashes(page: str, tag: str) -> str:
    """CSP sources for each inline `<tag>` block of `page`: its SHA-256, and only that."""
    blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.S)
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in blocks
    )


def console_headers(page: str) -> dict[str, str]:
    """The console shows what attackers wrote (fragments, paths, agents): it renders them
    as text, and its policy lets the page's own script and style run and nothing else,
    should a fragment ever reach the markup."""
    policy = (
        f"default-src 'none'; script-src {_inline_hashes(page, 'script')}; "
        f"style-src {_inline_hashes(page, 'style')}; connect-src 'self'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def create_api(store: Store, token: str = "") -> Starlette:
    console = resources.files("node.aggregation").joinpath("console.html").read_text()
    headers = console_headers(console)

    def guarded(handler: Any) -> Any:
        async def run(request: Request) -> Response:
            if token:
                given = request.headers.get("authorization", "")
                if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                    return JSONResponse(
                        {"error": "a valid 'Authorization: Bearer <token>' header is required"},
                        401,
                        headers={"WWW-Authenticate": "Bearer"},
                    )
            try:
                return JSONResponse(handler(request))
            except BadQuery as error:
                return JSONResponse({"error": str(error)}, 400)

        return run

    def attacks(request: Request) -> Any:
        return store.attacks(_query(request))

    def attack(request: Request) -> Any:
        found = store.attack(request.path_params["attack_id"])
        if found is None:
            raise BadQuery(f"no attack {request.path_params['attack_id']!r}")
        return found

    def hits(request: Request) -> Any:
        return store.hits(_query(request))

    def stats(request: Request) -> Any:
        query = _query(request)
        return store.stats(query.since, query.until)

    def endpoints(request: Request) -> Any:
        query = _query(request)
        return store.endpoints(request.query_params.get("host"), query.page, query.per_page)

    def openapi(request: Request) -> Any:
        return store.openapi(request.query_params.get("host"))

    async def page(_: Request) -> Response:
        return HTMLResponse(console, headers=headers)

    return Starlette(
        routes=[
            Route("/", page),
            Route("/api/v1/attacks", guarded(attacks)),
            Route("/api/v1/attacks/{attack_id}", guarded(attack)),
            Route("/api/v1/hits", guarded(hits)),
            Route("/api/v1/stats", guarded(stats)),
            Route("/api/v1/endpoints", guarded(endpoints)),
            Route("/api/v1/endpoints/openapi.json", guarded(openapi)),
        ]
    )
