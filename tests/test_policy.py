"""Policy tables: route matching with NGINX location semantics and inheritance, the real
client address from proxy headers, IP lists, and the decision for every mode."""

from __future__ import annotations

import pytest

from node import config
from node.policy import Policy, Routing, Target, normalize_path, real_client
from node.types import AttackType, Hit

ROUTES = config.parse(
    {
        "route_config": {
            "wallarm_mode": "monitoring",
            "wallarm_application": 10,
            "routes": [
                {"route": "/api", "wallarm_application": 20},
                {"route": "/api/v2", "wallarm_mode": "block"},
                {"route": "^~ /static", "wallarm_mode": "off"},
                {"route": "~ \\.php$", "wallarm_mode": "block", "wallarm_application": 30},
                {"route": "~* \\.JSP$", "wallarm_application": 31},
                {"route": "= /login", "wallarm_mode": "safe_blocking"},
                {
                    "host": "*.shop.example",
                    "wallarm_application": 40,
                    "routes": [{"route": "/cart", "wallarm_mode": "block"}],
                },
                {
                    "host": "admin.example",
                    "route": "/",
                    "wallarm_mode": "block",
                    "wallarm_application": 50,
                },
            ],
        }
    },
    env={},
).route_config


@pytest.mark.parametrize(
    ("host", "uri", "mode", "application"),
    [
        ("api.example", "/", "monitoring", 10),
        ("api.example", "/api/users?x=1", "monitoring", 20),
        ("api.example", "/api/v2/users", "block", 10),  # longest prefix wins
        ("api.example", "/static/app.php", "off", 10),  # ^~ stops the regex search
        ("api.example", "/index.php", "block", 30),  # regex beats a shorter prefix
        ("api.example", "/api/x.php", "block", 30),  # ...and a longer one
        ("api.example", "/page.jsp", "monitoring", 31),  # ~* ignores case
        ("api.example", "/login", "safe_blocking", 10),  # exact
        ("api.example", "/login/2", "monitoring", 10),
        ("www.shop.example", "/cart/1", "block", 40),  # host, then nested route inherits app
        ("www.shop.example", "/", "monitoring", 40),
        ("shop.example", "/cart", "monitoring", 10),  # *.shop.example needs a subdomain
        ("admin.example:8443", "/anything", "block", 50),
        ("api.example", "/api/../static/x", "off", 10),  # normalised before matching
    ],
)
def test_route_matching(host: str, uri: str, mode: str, application: int) -> None:
    assert Routing(ROUTES, url_normalize=True).resolve(host, uri) == Target(mode, application)


STRICT = config.parse(
    {
        "route_config": {
            "wallarm_mode": "monitoring",
            "routes": [
                {"route": "/api/v2", "wallarm_mode": "block"},
                {"route": "= /login", "wallarm_mode": "block"},
                {"route": "~ \\.php$", "wallarm_mode": "block"},
                {"route": "/static", "wallarm_mode": "off"},
            ],
        }
    },
    env={},
).route_config


@pytest.mark.parametrize(
    ("uri", "mode"),
    [
        ("/api;jsessionid=1/v2/users", "block"),  # Tomcat and Spring drop ;parameters
        ("/login/", "block"),  # a trailing slash
        ("/Login", "block"),  # IIS ignores case
        ("/login;x=1", "block"),
        ("/index.php/extra", "block"),  # PHP runs index.php with PATH_INFO
        ("/index.php%00.jpg", "block"),  # cut at the NUL
        ("/Index.PHP;a/x/", "block"),  # all of it at once
        ("/STATIC/app.js", "monitoring"),  # another reading never lowers the mode
        ("/static/app.js", "off"),
        ("/other", "monitoring"),
    ],
)
def test_a_route_is_not_stepped_around_by_spelling_its_path_otherwise(uri: str, mode: str) -> None:
    assert Routing(STRICT, url_normalize=True).resolve("api.example", uri).mode == mode


def test_without_normalisation_the_raw_path_matches() -> None:
    assert (
        Routing(ROUTES, url_normalize=False).resolve("a", "/api/../static/x").mode == "monitoring"
    )


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("/a//b/./c/../d", "/a/b/d"),
        ("/%61pi/", "/api/"),
        ("", "/"),
        ("//x", "/x"),
        ("/api/v1/orders/", "/api/v1/orders/"),  # already normal: returned as it is
        ("/.well-known/x/..", "/.well-known"),
        ("/a/%2e%2e", "/"),
        ("/a/.", "/a"),
    ],
)
def test_normalize_path(raw: str, normal: str) -> None:
    assert normalize_path(raw) == normal


PROXY = config.parse(
    {
        "proxy_headers": [
            {
                "trusted_networks": ["10.0.0.0/8"],
                "real_ip": ["X-Forwarded-For"],
                "original_host": ["X-Forwarded-Host"],
            },
            {"trusted_networks": ["0.0.0.0/0"], "real_ip": ["X-Real-IP"]},
        ]
    },
    env={},
).proxy_headers


def test_a_spoofed_forwarded_address_does_not_reach_the_allowlist() -> None:
    """X-Forwarded-For: 192.0.2.1 (allowlisted) from a client, and the proxy's own entry
    after it: the request is analysed as the client's."""
    settings = config.parse(
        {
            "proxy_headers": [{"trusted_networks": ["10.0.0.0/8"], "real_ip": ["X-Forwarded-For"]}],
            "ip_lists": {"allow": ["192.0.2.1"]},
        },
        env={},
    )
    headers = (("X-Forwarded-For", "192.0.2.1, 198.51.100.7"),)
    decision = Policy(settings).decide("10.1.2.3", "api.example", "/", headers, now=0.0)
    assert (decision.client.ip, decision.analyse) == ("198.51.100.7", True)


@pytest.mark.parametrize(
    ("peer", "headers", "ip", "host"),
    [
        ("10.1.2.3", [("X-Forwarded-For", "198.51.100.7, 10.0.0.1")], "198.51.100.7", "h"),
        # What the client wrote itself, left of what the proxies appended, is not the client.
        ("10.1.2.3", [("X-Forwarded-For", "192.0.2.1, 198.51.100.7")], "198.51.100.7", "h"),
        ("10.1.2.3", [("X-Forwarded-For", "junk, 198.51.100.7, 10.0.0.9")], "198.51.100.7", "h"),
        ("10.1.2.3", [("X-Forwarded-For", "10.0.0.5, 10.0.0.1")], "10.0.0.5", "h"),  # all ours
        ("10.1.2.3", [("x-forwarded-host", "shop.example")], "10.1.2.3", "shop.example"),
        (
            "203.0.113.5",
            [("X-Forwarded-For", "1.1.1.1"), ("X-Real-IP", "192.0.2.9")],
            "192.0.2.9",
            "h",
        ),
        ("203.0.113.5", [("X-Forwarded-For", "1.1.1.1")], "203.0.113.5", "h"),
        ("10.1.2.3", [("X-Forwarded-For", "not-an-ip")], "10.1.2.3", "h"),
        ("::ffff:10.1.2.3", [("X-Forwarded-For", "[2001:db8::1]:443")], "2001:db8::1", "h"),
    ],
)
def test_real_client(peer: str, headers: list[tuple[str, str]], ip: str, host: str) -> None:
    client = real_client(peer, "h", tuple(headers), PROXY)
    assert (client.ip, client.host) == (ip, host)


def _policy(mode: str, blocking: bool = True, time_limit_block: str = "attack") -> Policy:
    return Policy(
        config.parse(
            {
                "connector": {
                    "blocking": blocking,
                    "allowed_hosts": ["api.example", "*.ok.example"],
                },
                "route_config": {"wallarm_mode": mode, "wallarm_application": 5},
                "http_inspector": {"wallarm_process_time_limit_block": time_limit_block},
                "ip_lists": {
                    "allow": ["192.0.2.1"],
                    "deny": ["192.0.2.2", {"cidr": "192.0.2.20", "expires": 1000}],
                    "gray": ["192.0.2.3", {"cidr": "192.0.2.30", "application": [6]}],
                },
            },
            env={},
        )
    )


ATTACK = [Hit(AttackType.SQLI, "query.q", 1002, "' or 1=1")]
MODES = ("off", "monitoring", "safe_blocking", "block")
# (list the client is on) -> (mode -> verdict for an attack, verdict for clean traffic)
TABLE = {
    "192.0.2.1": {m: ("allow", "allow") for m in MODES},  # allowlisted
    "192.0.2.2": {
        "off": ("allow", "allow"),
        "monitoring": ("block", "block"),
        "safe_blocking": ("block", "block"),
        "block": ("block", "block"),
    },
    "192.0.2.3": {
        "off": ("allow", "allow"),
        "monitoring": ("allow", "allow"),
        "safe_blocking": ("block", "allow"),
        "block": ("block", "allow"),
    },
    "198.51.100.1": {
        "off": ("allow", "allow"),
        "monitoring": ("allow", "allow"),
        "safe_blocking": ("allow", "allow"),
        "block": ("block", "allow"),
    },
    "192.0.2.20": {
        "off": ("allow", "allow"),
        "monitoring": ("allow", "allow"),  # expired
        "safe_blocking": ("allow", "allow"),
        "block": ("block", "allow"),
    },
    "192.0.2.30": {
        "off": ("allow", "allow"),
        "monitoring": ("allow", "allow"),  # other app
        "safe_blocking": ("allow", "allow"),
        "block": ("block", "allow"),
    },
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("ip", sorted(TABLE))
@pytest.mark.parametrize("attacked", [True, False])
def test_mode_and_ip_list_decisions(mode: str, ip: str, attacked: bool) -> None:
    policy = _policy(mode)
    decision = policy.decide(ip, "api.example", "/", (), now=2000.0)
    hits = ATTACK if attacked and decision.analyse else []
    verdict = "block" if policy.verdict(decision, hits) else "allow"
    assert verdict == TABLE[ip][mode][0 if attacked else 1]
    assert decision.analyse == (mode != "off" and ip not in ("192.0.2.1", "192.0.2.2"))


OVERLIMIT = [Hit(AttackType.OVERLIMIT, "post.text", 1, "time limit of 1.0s reached")]
# A request whose analysis a limit cut short, by wallarm_process_time_limit_block, for a
# client on no list and a graylisted one: (mode -> verdict, plain client, graylisted).
OVERLIMIT_TABLE = {
    "attack": {
        "off": ("allow", "allow"),
        "monitoring": ("allow", "allow"),
        "safe_blocking": ("allow", "block"),
        "block": ("block", "block"),
    },
    "on": {
        "off": ("allow", "allow"),  # not analysed: nothing was cut short
        "monitoring": ("block", "block"),
        "safe_blocking": ("block", "block"),
        "block": ("block", "block"),
    },
    "off": {m: ("allow", "allow") for m in MODES},
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("setting", sorted(OVERLIMIT_TABLE))
def test_overlimit_verdict(setting: str, mode: str) -> None:
    policy = _policy(mode, time_limit_block=setting)
    for column, ip in enumerate(("198.51.100.1", "192.0.2.3")):
        decision = policy.decide(ip, "api.example", "/", (), now=2000.0)
        hits = OVERLIMIT if decision.analyse else []
        verdict = "block" if policy.verdict(decision, hits) else "allow"
        assert verdict == OVERLIMIT_TABLE[setting][mode][column], ip
    # An attack found before the limit counts as one, whatever the setting.
    decision = policy.decide("198.51.100.1", "api.example", "/", (), now=2000.0)
    assert policy.verdict(decision, ATTACK + OVERLIMIT) == (mode == "block" or setting == "on")


def test_blocking_false_never_blocks() -> None:
    policy = _policy("block", blocking=False)
    for ip in ("192.0.2.2", "198.51.100.1"):
        decision = policy.decide(ip, "api.example", "/", (), now=2000.0)
        assert policy.verdict(decision, ATTACK) is False


@pytest.mark.parametrize(
    "host", ["api.example", "API.Example", "api.example.", "api.example.:8443", " api.example"]
)
def test_a_host_spelled_otherwise_keeps_its_scope_and_routes(host: str) -> None:
    """NGINX, and so the gateway, routes `api.example.` as `api.example`: so does the node,
    for allowed_hosts and host routes alike."""
    settings = config.parse(
        {
            "connector": {"allowed_hosts": ["api.example"]},
            "route_config": {"routes": [{"host": "api.example", "wallarm_mode": "block"}]},
        },
        env={},
    )
    decision = Policy(settings).decide("203.0.113.9", host, "/", (), now=0.0)
    assert (decision.analyse, decision.target.mode) == (True, "block")


def test_hosts_outside_allowed_hosts_are_not_analysed() -> None:
    policy = _policy("block")
    assert policy.decide("198.51.100.1", "other.example", "/", (), 0).analyse is False
    assert policy.decide("198.51.100.1", "a.ok.example:443", "/", (), 0).analyse is True


EXCLUDING = config.parse(
    {
        "route_config": {
            "wallarm_mode": "block",
            "exclusions": [{"points": ["header.X-Signature"]}],
            "routes": [
                {
                    "route": "/snippets",
                    "exclusions": [
                        {"points": ["post.json.code", "post.json.files.*.body"], "attacks": "rce"}
                    ],
                    "routes": [
                        {
                            "route": "/snippets/sql",
                            "exclusions": [{"points": "**", "rules": [1001]}],
                        }
                    ],
                },
            ],
        }
    },
    env={},
)


@pytest.mark.parametrize(
    ("uri", "attack", "rule", "point", "excluded"),
    [
        ("/", AttackType.SQLI, 1001, "header.X-SIGNATURE", True),  # case does not matter
        ("/", AttackType.SQLI, 1001, "header.X-SIGNATURE.jwt.claims.sub", True),  # below it
        ("/", AttackType.SQLI, 1001, "header.X-SIGNATURES", False),
        ("/", AttackType.RCE, 3001, "post.json.code", False),  # on /snippets only
        ("/snippets/1", AttackType.RCE, 3001, "post.json.code", True),
        ("/snippets/1", AttackType.XSS, 2001, "post.json.code", False),  # rce only
        ("/snippets/1", AttackType.RCE, 3001, "post.json.files.0.body", True),  # * in one part
        ("/snippets/1", AttackType.RCE, 3001, "post.json.files.0.meta.body", False),
        ("/snippets/1", AttackType.RCE, 3001, "header.X-SIGNATURE", True),  # inherited
        ("/snippets/sql", AttackType.SQLI, 1001, "query.q", True),  # ** spans every point
        ("/snippets/sql", AttackType.SQLI, 1002, "query.q", False),  # that rule only
        ("/snippets/sql", AttackType.RCE, 3001, "post.json.code", True),  # its parent's
        ("/snippets/sql", AttackType.OVERLIMIT, 1001, "query.q", False),  # never set aside
    ],
)
def test_exclusions_set_aside_matching_hits(
    uri: str, attack: AttackType, rule: int, point: str, excluded: bool
) -> None:
    policy = Policy(EXCLUDING)
    decision = policy.decide("198.51.100.1", "api.example", uri, (), 0)
    hit = Hit(attack, point, rule, "x")
    assert policy.counted(decision, [hit]) == (([], [hit]) if excluded else ([hit], []))
