"""Values shared by every layer: requests as the engine sees them, hits, attack types.

This module imports nothing from `node`, so every other module may import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class AttackType(StrEnum):
    SQLI = "sqli"
    XSS = "xss"
    RCE = "rce"
    PTRAV = "ptrav"
    SSTI = "ssti"
    XXE = "xxe"
    NOSQLI = "nosqli"
    LDAPI = "ldapi"
    SSRF = "ssrf"
    CRLF = "crlf"
    SCANNER = "scanner"
    REDIR = "redir"
    MAIL_INJECTION = "mail_injection"
    SSI = "ssi"
    SESSION_FIXATION = "session_fixation"
    # A known vulnerability's exploit that carries no payload: a virtual patch.
    VPATCH = "vpatch"
    # Not an attack: a limit (work cap, time, points, depth) left part of the request
    # unanalysed.
    OVERLIMIT = "overlimit"


class Request(NamedTuple):
    """One HTTP request as received by the gateway; nothing in it is decoded yet."""

    method: str
    uri: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """The first value of a header, names compared case-insensitively."""
        return first_header(self.headers, name)


def canonical_host(host: str) -> str:
    """A host as name matching reads it, and NGINX routes it: in lower case, without the
    port, surrounding space or a trailing dot (`API.example.com.:443` is
    `api.example.com`). A name spelled otherwise must not escape its routes (nor a
    virtual patch's check of a local host)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] or host
    return host.rsplit(":", 1)[0].rstrip(".")


def first_header(headers: tuple[tuple[str, str], ...], name: str) -> str | None:
    """The first value of header `name` in `headers`, names compared case-insensitively.
    Against an ASCII `name`, as every caller's is, a name of another length is not even
    lowered: lowering never shortens a name, and lengthens one only by a combining dot
    (U+0130 `İ`), which no ASCII name holds."""
    lowered = name.lower()
    ascii_name = lowered.isascii()
    for key, value in headers:
        if (len(key) == len(lowered) or not ascii_name) and key.lower() == lowered:
            return value
    return None


@dataclass(frozen=True, slots=True)
class Hit:
    """One detection: what was found, where, by which rule, and a bounded excerpt."""

    type: AttackType
    point: str
    rule: int
    fragment: str
    # The decoding chain that revealed it: "plain", "percent", "percent+base64", …
    encoding: str = "plain"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "type": self.type.value,
            "point": self.point,
            "rule": self.rule,
            "fragment": self.fragment,
            "encoding": self.encoding,
        }
