"""What the node does about a request: which route and mode apply, who the client really
is, what the IP lists say, and — given the engine's hits — the verdict.

Routes follow NGINX location semantics at every level of `route_config.routes`: an exact
`= /path` wins; otherwise the longest prefix is remembered, and if it is `^~` it wins;
otherwise the first matching regex (`~`, `~*` case-insensitive) in file order wins;
otherwise the longest prefix. Entries that name a host are preferred to those that don't;
host patterns may start with `*.`. A nested route inherits mode and application.
"""

from __future__ import annotations

import functools
import ipaddress
import posixpath
import re
from dataclasses import dataclass
from typing import Final, NamedTuple
from urllib.parse import unquote

from node.config import (
    MODES,
    Exclusion,
    ListEntry,
    Network,
    ProxyHeaders,
    RouteSettings,
    Settings,
)
from node.points import path_and_query
from node.types import AttackType, Hit, canonical_host


@dataclass(frozen=True, slots=True)
class Location:
    kind: str  # "=", "^~", "~", "~*" or "" (plain prefix)
    path: str
    pattern: re.Pattern[str] | None


def _location(route: str | None) -> Location | None:
    if route is None:
        return None
    match = re.fullmatch(r"(=|\^~|~\*|~)?\s*(.+)", route.strip())
    assert match  # validated by config
    kind, path = match.group(1) or "", match.group(2)
    if kind in ("~", "~*"):
        return Location(kind, path, re.compile(path, re.I if kind == "~*" else 0))
    return Location(kind, path, None)


@dataclass(frozen=True, slots=True)
class Excluded:
    """An exclusion, ready to test hits against."""

    points: re.Pattern[str]
    attacks: frozenset[AttackType]
    rules: frozenset[int]

    @classmethod
    def build(cls, exclusion: Exclusion) -> Excluded:
        patterns = "|".join(_glob(p) for p in exclusion.points)
        # A point and every point below it: `header.AUTHORIZATION` covers its JWT claims.
        points = re.compile(rf"(?:{patterns})(?:\..*)?", re.I | re.S)
        return cls(points, frozenset(exclusion.attacks), frozenset(exclusion.rules))

    def covers(self, hit: Hit) -> bool:
        return (
            (not self.attacks or hit.type in self.attacks)
            and (not self.rules or hit.rule in self.rules)
            and self.points.fullmatch(hit.point) is not None
        )


def _glob(pattern: str) -> str:
    """A point pattern as a regular expression: `**` spans dotted parts, `*` stays in one."""
    parts = re.split(r"(\*\*|\*)", pattern)
    wild = {"**": ".*", "*": "[^.]*"}
    return "".join(wild.get(part) or re.escape(part) for part in parts)


@dataclass(frozen=True, slots=True)
class Route:
    host: str | None
    location: Location | None
    mode: str | None
    application: int | None
    children: tuple[Route, ...]
    exclusions: tuple[Excluded, ...]

    @classmethod
    def build(cls, settings: RouteSettings) -> Route:
        return cls(
            canonical_host(settings.host) if settings.host else None,
            _location(settings.route),
            settings.mode,
            settings.application,
            tuple(cls.build(child) for child in settings.routes),
            tuple(Excluded.build(e) for e in settings.exclusions),
        )


def host_matches(pattern: str, host: str) -> bool:
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) and len(host) > len(pattern) - 1
    return pattern == host or pattern == "*"


def _select(routes: tuple[Route, ...], host: str, path: str) -> Route | None:
    """The child route that applies at one level, NGINX-style."""
    with_host = [r for r in routes if r.host is not None and host_matches(r.host, host)]
    without_host = [r for r in routes if r.host is None]
    for group in (with_host, without_host):
        chosen = _locate(group, path)
        if chosen is not None:
            return chosen
    return None


def _locate(routes: list[Route], path: str) -> Route | None:
    best: Route | None = None
    best_length = -1
    for route in routes:
        location = route.location
        if location is None:
            if best_length < 0:
                best, best_length = route, 0  # a host-only entry matches every path
            continue
        if location.kind == "=":
            if path == location.path:
                return route
        elif (
            location.kind in ("", "^~")
            and path.startswith(location.path)
            and len(location.path) > best_length
        ):
            best, best_length = route, len(location.path)
    if best is not None and best.location is not None and best.location.kind == "^~":
        return best
    for route in routes:
        location = route.location
        if location is not None and location.pattern is not None and location.pattern.search(path):
            return route
    return best


class Target(NamedTuple):
    """The mode, the application and the exclusions that apply to a request."""

    mode: str
    application: int
    exclusions: tuple[Excluded, ...] = ()


def normalize_path(raw_path: str) -> str:
    """The path as route matching sees it with `url_normalize`: percent-decoded, with dot
    segments and repeated slashes resolved."""
    path = unquote(raw_path) or "/"
    if path[0] == "/" and "//" not in path and "/." not in path:
        return path  # nothing to resolve, as in most requests: normpath is slow Python
    normalized = posixpath.normpath(path)
    if normalized.startswith("//"):
        normalized = "/" + normalized.lstrip("/")
    if path.endswith("/") and normalized != "/":
        normalized += "/"
    return normalized


# MODES go from the least to the most protective.
_STRICTNESS: Final = {mode: rank for rank, mode in enumerate(MODES)}
_PATH_PARAMETERS: Final = re.compile(r";[^/]*")
_SCRIPT: Final = re.compile(r"^(.*?/[^/]*\.[A-Za-z0-9]{1,8})/")  # /index.php/more: PATH_INFO


def _readings(path: str) -> list[str]:
    """Other paths a back end may read `path` as: without `;parameters` (Tomcat, Spring),
    up to a NUL, up to a script followed by PATH_INFO (PHP, CGI), without a trailing
    slash, in lower case (IIS) — one at a time, and all at once."""
    if (
        ";" not in path
        and "\x00" not in path
        and (len(path) == 1 or not path.endswith("/"))
        and path.lower() == path
        and ("." not in path or not _SCRIPT.match(path))
    ):
        return []  # most paths: no other reading
    readings = [
        _PATH_PARAMETERS.sub("", path),
        path.split("\x00", 1)[0],
        _script(path),
        path.rstrip("/"),
        path.lower(),
    ]
    every = _script(_PATH_PARAMETERS.sub("", path).split("\x00", 1)[0]).rstrip("/").lower()
    return [r or "/" for r in dict.fromkeys([*readings, every]) if (r or "/") != path]


def _script(path: str) -> str:
    script = _SCRIPT.match(path)
    return script.group(1) if script else path


class Routing:
    def __init__(self, settings: RouteSettings, url_normalize: bool) -> None:
        self.root = Route.build(settings)
        self.url_normalize = url_normalize
        # With no route but the root, as in most deployments, every request gets the
        # root's target: its path is not even read.
        self.only = None if self.root.children else self._resolve("", "/")

    def resolve(self, host: str, uri: str) -> Target:
        """The route that applies to a request. With `url_normalize`, the path is also
        matched as back ends may read it (`_readings`), and the most protective mode
        among those readings applies: a route in block mode is not stepped around by
        spelling its path another way (`/api;x=1/v2`, `/login/`, `/index.php/x`)."""
        if self.only is not None:
            return self.only
        path = path_and_query(uri)[0] or "/"
        host = canonical_host(host)
        if not self.url_normalize:
            return self._resolve(host, path)
        path = normalize_path(path)
        target = self._resolve(host, path)
        for reading in _readings(path):
            other = self._resolve(host, reading)
            if _STRICTNESS[other.mode] > _STRICTNESS[target.mode]:
                target = other
        return target

    def _resolve(self, host: str, path: str) -> Target:
        mode, application = self.root.mode or "monitoring", self.root.application
        exclusions = self.root.exclusions
        node = self.root
        while node.children:
            child = _select(node.children, host, path)
            if child is None:
                break
            mode = child.mode or mode
            application = child.application if child.application is not None else application
            exclusions += child.exclusions
            node = child
        return Target(mode, -1 if application is None else application, exclusions)


@functools.lru_cache(maxsize=65536)
def parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address from `1.2.3.4`, `1.2.3.4:80`, `[::1]:80` or `::ffff:1.2.3.4` (as IPv4);
    None when it is none. Cached: the same clients and proxies come back all the time."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


# Client, Listing, Decision (and the inspector's Outcome), made for every request, are
# plain classes: compiled, one is built in a C call, where a named tuple runs interpreted
# code (half a microsecond each).
class Client:
    """The client's address and the host it asked for, as the trusted proxies tell them."""

    def __init__(self, ip: str, host: str) -> None:
        self.ip = ip
        self.host = host


def real_client(
    peer: str, host: str, headers: tuple[tuple[str, str], ...], rules: tuple[ProxyHeaders, ...]
) -> Client:
    """The client's address and the original host, per the first `proxy_headers` rule that
    trusts the peer. In a list of addresses (X-Forwarded-For) each proxy appends the one it
    was reached from, and the client may write anything before them: the client is the
    rightmost address outside the rule's trusted networks, the leftmost when all are in."""
    address = parse_address(peer)
    if address is None:
        return Client(peer, host)
    for rule in rules:
        if not any(address in network for network in rule.trusted_networks):
            continue
        lowered = [(name.lower(), value) for name, value in headers]
        ip, original = peer, host
        for name in rule.real_ip:
            value = next((v for n, v in lowered if n == name.lower()), None)
            client = _forwarded_client(value, rule.trusted_networks) if value else None
            if client is not None:
                ip = _canonical(client)
                break
        for name in rule.original_host:
            value = next((v for n, v in lowered if n == name.lower()), None)
            if value:
                original = value.split(",")[0].strip()
                break
        return Client(ip, original)
    return Client(_canonical(peer), host)


def _forwarded_client(value: str, trusted: tuple[Network, ...]) -> str | None:
    """The client in a list of forwarded addresses (see `real_client`); None when the list
    holds no address."""
    listed = [
        (text, address)
        for text in (part.strip() for part in value.split(","))
        if (address := parse_address(text)) is not None
    ]
    for text, address in reversed(listed):
        if not any(address in network for network in trusted):
            return text
    return listed[0][0] if listed else None


@functools.lru_cache(maxsize=65536)
def _canonical(text: str) -> str:
    """The address in `text` as the node writes it (`::ffff:1.2.3.4` is `1.2.3.4`): cached
    like `parse_address`, for formatting an address is slow."""
    return str(parse_address(text))


def _listed(entries: tuple[ListEntry, ...], ip: str, application: int, now: float) -> bool:
    if not entries:
        return False
    address = parse_address(ip)
    if address is None:
        return False
    for entry in entries:
        if entry.expires is not None and entry.expires <= now:
            continue
        if entry.applications and application not in entry.applications:
            continue
        if address.version == entry.network.version and address in entry.network:
            return True
    return False


class Listing:
    """Whether the client's address is in the allow, deny and gray lists."""

    def __init__(self, allow: bool, deny: bool, gray: bool) -> None:
        self.allow = allow
        self.deny = deny
        self.gray = gray


# A client in no list, as every client is where no list is configured.
_UNLISTED: Final = Listing(False, False, False)


class Decision:
    """Before analysis: whether to analyse at all, and whether the lists already decided."""

    def __init__(
        self,
        target: Target,
        client: Client,
        listing: Listing,
        analyse: bool,
        blocked_by_list: bool,
    ) -> None:
        self.target = target
        self.client = client
        self.listing = listing
        self.analyse = analyse
        self.blocked_by_list = blocked_by_list


class Policy:
    """Everything the decision needs, built once from settings (and again on reload)."""

    def __init__(self, settings: Settings) -> None:
        self.routing = Routing(settings.route_config, settings.connector.url_normalize)
        self.allowed_hosts = tuple(canonical_host(h) for h in settings.connector.allowed_hosts)
        # What each request reads of the settings, kept here: the settings are interpreted
        # classes, and compiled code reads each of their attributes by name.
        self.proxy_headers = settings.proxy_headers
        self.allow_list = settings.ip_lists.allow
        self.deny_list = settings.ip_lists.deny
        self.gray_list = settings.ip_lists.gray
        self.blocking = settings.connector.blocking
        self.time_limit_block = settings.process_time_limit_block

    def decide(
        self, peer: str, host: str, uri: str, headers: tuple[tuple[str, str], ...], now: float
    ) -> Decision:
        client = real_client(peer, host, headers, self.proxy_headers)
        target = self.routing.resolve(client.host, uri)
        if self.allowed_hosts:
            host = canonical_host(client.host)
            if not any(host_matches(p, host) for p in self.allowed_hosts):
                target = Target("off", target.application)
        lists = _UNLISTED
        if self.allow_list or self.deny_list or self.gray_list:
            ip, application = client.ip, target.application
            lists = Listing(
                _listed(self.allow_list, ip, application, now),
                _listed(self.deny_list, ip, application, now),
                _listed(self.gray_list, ip, application, now),
            )
        if lists.allow:
            return Decision(target, client, lists, analyse=False, blocked_by_list=False)
        blocked = lists.deny and target.mode != "off"
        return Decision(
            target,
            client,
            lists,
            analyse=target.mode != "off" and not blocked,
            blocked_by_list=blocked,
        )

    def counted(self, decision: Decision, hits: list[Hit]) -> tuple[list[Hit], list[Hit]]:
        """The hits that count, and those the route's exclusions set aside."""
        exclusions = decision.target.exclusions
        if not exclusions or not hits:
            return hits, []
        counted: list[Hit] = []
        excluded: list[Hit] = []
        for hit in hits:
            covered = hit.type is not AttackType.OVERLIMIT and any(
                e.covers(hit) for e in exclusions
            )
            (excluded if covered else counted).append(hit)
        return counted, excluded

    def verdict(self, decision: Decision, hits: list[Hit]) -> bool:
        """True to block, given what the engine found. A request whose analysis a limit cut
        short (`overlimit`) may hide an attack in what was not analysed: by
        `process_time_limit_block` it is blocked always (`on`), never (`off`), or as an
        attack would be in its route's mode (`attack`)."""
        if not self.blocking:
            return False
        if decision.blocked_by_list:
            return True
        attacks = overlimit = False
        for hit in hits:
            if hit.type is AttackType.OVERLIMIT:
                overlimit = True
            else:
                attacks = True
        if overlimit:
            if self.time_limit_block == "on":
                return True
            attacks = attacks or self.time_limit_block == "attack"
        mode = decision.target.mode
        if mode == "block":
            return attacks
        if mode == "safe_blocking":
            return attacks and decision.listing.gray
        return False
