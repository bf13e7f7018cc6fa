"""Server-side request forgery and remote file inclusion: URLs aimed at cloud metadata,
loopback and private addresses (numeric spellings included), dangerous schemes, and scripts
fetched from bare IP addresses."""

from __future__ import annotations

import ipaddress
import re
from typing import Final

from node.decoders import nfkc
from node.rules import FENCED_BLOCK, Match, Rule, RuleSet, View, words, words_only
from node.types import AttackType

TYPE: Final = AttackType.SSRF

TOKENS: Final = (
    "://",
    "169.254",
    "metadata",
    "localhost",
    "127.",
    "0.0.0.0",
    "[::",
    "::1",
    "0x",
    "gopher:",
    "dict:",
    "ldap:",
    "tftp:",
    "jar:",
    "netdoc:",
    "file:",
    "100.100.100.200",
    "192.0.0.192",
    "ip6-",
    "ipv6-",
    "instance-data",
    "fd00:ec2",
    "burpcollaborator",
    "oastify",
    "interact.sh",
    "ftp:",
    "http:",
    "https:",
)

_INTERNAL: Final = (
    r"localhost\b|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|127\.\d{1,3}(?:\.\d{1,3})?(?=[:/\]]|$)|0\.0\.0\.0|0+(?=[:/\]]|$)|::1?\]|::ffff:"
    r"|::(?=[:/\]])|10\.\d{1,3}\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3}"
    r"|172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}|169\.254\.\d{1,3}\.\d{1,3}"
    r"|0x[0-9a-f]{2,}|0[0-7]{8,}(?=[:/\]]|$)|\d{8,11}(?=[:/\]]|$)|(?:\d{1,3}\.){1,2}\d{4,10}(?=[:/\]]|$)|\[?fe80:|\[?fd[0-9a-f]{2}:"
    # An octal part, then the address's other parts (0177.0.0.1, 0177.1, as many zeros
    # first as inet_aton reads: 00330.00072.0000326.00000316): not a domain whose name
    # starts with one (06.net, 02.cn).
    r"|0\d{1,12}(?:\.(?:0x[0-9a-f]+|\d+)){1,3}(?=[:/\]?#]|$)"
    # Private names end with their suffix: hooks.internal.example.com is example.com's. A
    # service of Kubernetes' own namespace is named by it (kubelet.kube-system:10250).
    r"|[\w.-]*\.(?:internal|local|localdomain|localhost|consul|svc|kube-system)\b(?!-|\.\w)"
    r"|kubernetes\.default\b"
    # Public names that resolve to 127.0.0.1, made for exactly this.
    r"|(?:[\w-]+\.)*(?:localtest\.me|lvh\.me|vcap\.me|localh\.st)\b"
    # ...and those that resolve to the address their name spells, wherever in it:
    # 127.0.0.1.nip.io, customer1.app.127.0.0.1.nip.io, app-10-0-0-1.sslip.io; or to
    # one of two in turn, DNS rebinding's: 7f000001.c0a80001.rbndr.us,
    # make-1.2.3.4-rebind-169.254.169.254-rr.1u.ms, Singularity's s-….d.rebind.it
    r"|[\w.-]*\.(?:nip\.io|xip\.io|sslip\.io|rbndr\.us|1u\.ms|rebind\.it)\b"
)

RULES: Final = (
    R_METADATA := Rule(
        9001,
        TYPE,
        "a cloud metadata service address",
        re.compile(
            r"169\.254\.169\.254|\bmetadata\.google\.internal\b|\bmetadata\.packet\.net"
            r"|100\.100\.100\.200|192\.0\.0\.192|fd00:ec2::254|\binstance-data\b"
            r"|/latest/meta-data|/computemetadata/|/metadata/(?:instance|v1)"
        ),
        tokens=words(
            "169.254.169.254 metadata 100.100.100.200 192.0.0.192 fd00:ec2::254 "
            "instance-data meta-data computemetadata"
        ),
    ),
    R_PRIVATE := Rule(
        9002,
        TYPE,
        "a URL to a loopback, private or numerically spelled address",
        # Starting with the literal `//` lets the regex engine jump from one to the next.
        # A SPIFFE ID names a workload and is never fetched: Istio's x-forwarded-client-cert
        # carries By=spiffe://cluster.local/ns/… on every request in the mesh.
        # Nor two slashes glued to a letter or a digit, which start no URL: a base64 blob
        # (a file's content in JSON) holds `85w//0/9Bv` and `Dy//0xab` by chance.
        re.compile(
            r"//(?<!spiffe://)(?<![\w+]//)(?:(?:[^/@\s?#]*@)?\[?(?:" + _INTERNAL + r")"
            r"|(?<=://)[^/]{0,80}?[@#]\s*(?:" + _INTERNAL + r"))"
            # Parsers that take `http:host` and `http:/host` too.
            r"|\b(?:https?|ftps?|gopher|dict|ldap|tftp):/?(?!/)\[?(?:" + _INTERNAL + r")"
        ),
        tokens=words("// http: https: ftp: ftps: gopher: dict: ldap: tftp:"),
    ),
    Rule(
        9003,
        TYPE,
        "a scheme that reaches other protocols, local files or a socket (unix:…|http://)",
        re.compile(
            # Java's URL reads past a leading `url:` (url:file:///etc/passwd); Python's
            # urllib once read local_file:// as file://. A scheme with nothing after it
            # reaches nothing: "sftp:// or ssh://" names two, "file:// url chrome" searches.
            r"^\s*(?:url:)?(?:gopher|dict|ldap|ldaps|tftp|jar|netdoc|sftp|file|local_file|smb|"
            r"rmi|iiop)://(?!\s|$)|^\s*(?:url:)?(?:file:/(?!/?(?:\s|$))|jar:[a-z]+:)"
            # A local file an element loads, in the HTML a PDF or image renderer fetches
            # for the server: <iframe src="file:///etc/hostname">, SVG's xlink:href.
            r"|<[a-z][^>]{0,200}?\b(?:src|href|data|poster|background)\s*=\s*['\"]?\s*file:/"
            # Apache's mod_proxy reads `unix:/path|http://host/` as a socket and a URL; a
            # long path made it take the URL alone (CVE-2021-40438, a request to any host).
            r"|^\s*unix:[^|\s]*\|[a-z][\w+.-]*://"
        ),
        tokens=words(":// file:/ jar: unix:"),
    ),
    Rule(
        9004,
        TYPE,
        "a loopback, container-host or cluster name without a scheme",
        re.compile(
            # In brackets as a Forwarded header's `for` holds an address with a port
            # (FortiOS took `for="[127.0.0.1]:8000"` for its own, CVE-2022-40684).
            r"^\s*\[?(?:localhost\d?(?:\.localdomain\d?)?|ip6-(?:localhost|loopback)|"
            r"ipv6-(?:localhost|loopback)|0\.0\.0\.0|127\.0\.0\.1|::1"
            # Names that reach the host or the cluster from inside a container.
            r"|(?:[\w-]+\.)*(?:docker|containers)\.internal|kubernetes\.default(?:\.svc)?"
            r"|(?:[\w-]+\.)+svc\.cluster\.local|(?:[\w-]+\.)*(?:localtest\.me|lvh\.me))\]?"
            # The address whole, with a port or a path: words after it make a sentence or a
            # search ("localhost:3000 refused to connect"), which no client fetches.
            r"(?:[:/]\S*)?\s*$"
        ),
        tokens=words(
            "localhost ip6- ipv6- 0.0.0.0 127.0.0.1 ::1 docker.internal containers.internal "
            "kubernetes.default cluster.local localtest.me lvh.me"
        ),
    ),
    Rule(
        9005,
        TYPE,
        "remote file inclusion: a script fetched from an IP address, or a URL "
        "ending in `?` or a NUL to cut off the rest",
        re.compile(
            r"^\s*(?:https?|ftps?)://\[?(?:\d{1,3}\.){3}\d{1,3}(?:[\]:/]|\s*$)"
            r"|^\s*(?:https?|ftps?|file)://\[?[0-9a-f]*:[0-9a-f:]+\]?/"
            r"|^\s*[a-z][\w+.-]{1,15}://\[[0-9a-f:.]+\]"
            # (Not a path of Rust's, `File::open("foo.txt")?` on a line of a program.)
            r"|^\s*(?:https?|ftps?|file)(?::(?!:)/{0,2}[^\s?]*)?\?+$"
            # A NUL after the URL: PHP before 5.3.4 stopped the path there, so that the
            # `.php` the application appends is cut off (shell.txt%00).
            r"|^\s*(?:https?|ftps?|file)://[^\s\x00]*\x00"
        ),
        tokens=words("http ftp file"),
    ),
    R_UNC := Rule(
        9006,
        TYPE,
        "a UNC path to a host: \\\\host\\share, which Windows fetches over SMB, sending the "
        "credentials of the account it runs as (or over WebDAV: \\\\host@SSL@443\\share)",
        # A host with a dot, an address or a domain's name, or WebDAV's `@`: not a server
        # a network's own names in one word (`\\fileserver\finance`, in a help desk's
        # ticket), which no one outside it resolves.
        re.compile(
            r"^\s*\\\\(?=[\w-]*\.|[\w.-]{1,253}@)[\w.-]{1,253}(?:@ssl)?(?:@\d{1,5})?"
            r"[\\/][\w$.-]"
        ),
        tokens=("\\\\",),
    ),
    Rule(
        9007,
        TYPE,
        "a URL whose user part spells another host: an encoded slash or a second `@` "
        "before the host, read one way by the validator and another by the client",
        re.compile(
            # A value, or a path segment (/fetch/http://a@b@evil/).
            r"(?:^\s*|/)[a-z][\w+.-]{1,15}://[^/?#\s@]*(?:(?:%2f|%5c|\\)[^/?#\s@]*@|@[^/?#\s@]*@)"
        ),
        tokens=("://",),
    ),
    R_QUERY_HOST := Rule(
        9009,
        TYPE,
        "a host after `@` where a query starts: a front end that appends the query to a back "
        "end's URL sends the request to that host (Exchange's ProxyShell: "
        "autodiscover.json?@evil.com/owa/)",
        # A query's own name, or a path's (a file's or a directory's) query in a value.
        re.compile(
            r"^\s*@[\w-]+(?:\.[\w-]+)+(?::\d+)?/"
            r"|(?:\.\w{2,5}|/)\?@[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:[/:]|$)"
        ),
        tokens=("\0@", "?@"),
    ),
    R_INCLUDED := Rule(
        9008,
        TYPE,
        "remote file inclusion: a URL given to a parameter that PHP applications include "
        "code from (mosConfig_absolute_path, _CONF[path], phpbb_root_path…)",
        re.compile(r"^\s*(?:https?|ftps?)://"),
        tokens=words("http ftp"),
    ),
)


_ESCAPE: Final = re.compile(r"\\(?=[\w.])")
# OAuth's redirect URI is where the authorization server sends the user's browser back,
# not a URL the server fetches; a native app registers a loopback one by design (RFC 8252,
# 7.3: http://127.0.0.1:PORT/path), as every command-line login does.
# (Keycloak's admin API spells them camelCase: `redirectUris`, `postLogoutRedirectUris`.)
# So is where a sign-in, a sign-out or a payment returns the browser to: Auth0's logout
# `returnTo`, Supabase's `redirect_to`, Clerk's `redirect_url`, Stripe Checkout's
# `success_url` and `cancel_url`, a `next`, SAML's `RelayState`, OpenAM's `goto`, on a
# developer's `http://localhost:3000`. (Not a `callback_url`: a webhook's is fetched.) And
# an application's lists of them as its identity provider keeps them: Auth0's `callbacks`
# and `allowed_logout_urls`.
_REDIRECT_URI: Final = re.compile(
    r"\.(?:(?:post_?logout_?)?redirect_?uris?(?:\.\d+)?|redirect(?:_?(?:to|url))?"
    r"|return_?(?:to|url)|next(?:_?url)?|continue_?url|(?:success|cancel)_?url|relay_?state"
    r"|goto|(?:callbacks|allowed_logout_urls)(?:\.\d+)?)$",
    re.I,
)
_LOOPBACK_REDIRECT: Final = re.compile(
    r"\s*https?://(?:127\.0\.0\.1|\[::1\]|localhost)(?::\d{1,5})?(?:[/?][^\s@#\\]*)?\s*"
)
# A link a notification gives people to open, named so: Grafana's and Alertmanager's
# `generatorURL`, `silenceURL`, `dashboardURL`, `panelURL`, `externalURL` (Grafana's legacy
# alerts' `ruleUrl`), Jenkins' notification's `build.full_url`, GitHub's and
# PagerDuty's `html_url`, GitLab's `web_url`, a `runbook_url`. The system that sent it
# lives inside the network (`http://localhost:3000/d/…` is Grafana's default root URL,
# `http://alertmanager.monitoring.svc:9093` a cluster's): its pages are internal by
# nature, and a person's browser opens them, not the receiver. (Not `url`, `image_url`,
# `callback_url`: those a receiver fetches.)
_PAGE_LINK: Final = re.compile(
    r"\.(?:html|web|generator|silence|dashboard|panel|external|runbook|console|permalink|rule"
    r"|build\.full)"
    r"_?ur[il]$",
    re.I,
)
_ONE_URL: Final = re.compile(r"\s*https?://\S+\s*")
# The address of the page a browser was on, which telemetry reports: a CSP violation's
# `document-uri` and `source-file` (the Reporting API's `documentURL`, `sourceFile`), a
# page view's URL and referrer (Segment's `context.page.url`, PostHog's `$current_url`,
# `$referrer`, `$host`, GA4's `page_location`, `page_referrer`, a RUM `view.url`), an error
# report's recorded `headers.Host`. A developer's machine sends `http://localhost:3000/…`
# there by nature; nothing fetches a page already shown. (Not `url` or `request.url`
# alone: those a receiver may fetch.)
_PAGE_ADDRESS: Final = re.compile(
    r"[.$](?:document[_-]?ur[il]|current_?url|page_?(?:location|referr?er|ur[il])|referr?er"
    r"|referring_domain|source[_-]?file)$|\.(?:page|view)\.(?:url|referr?er)$"
    r"|\.\$host$|\.headers\.host$",
    re.I,
)
# The origins a service lets browsers call it from (CORS's allowed origins, Keycloak's and
# Auth0's web origins): compared with a request's Origin header, never fetched, and a
# developer's `http://localhost:3000` among them by design. Origins alone: a scheme, a
# host and a port, no path.
_ORIGINS: Final = re.compile(r"\.(?:(?:cors|allowed|web|trusted)_?)?origins?(?:\.\d+)?$", re.I)
_ORIGIN_LIST: Final = re.compile(
    r"\s*https?://[\w.:\[\]-]+/?(?:\s*[,;\s]\s*https?://[\w.:\[\]-]+/?)*\s*"
)
# Where a setup form or a settings page names the server of a service the application
# connects to: WordPress's `dbhost`, Joomla's `jform[db_host]`, Drupal's `mysql[host]`,
# `smtp_host`, Keycloak's `smtpServer.host`, `redis.host`, Nextcloud's `ldapHost`, a
# connection's URL (Keycloak's LDAP `connectionUrl`). `localhost` alone there, with a port
# or not, is the default every installer offers, not a URL to fetch; a metadata address
# still counts (9001), and a scheme or a path makes it a URL.
_SERVICE_HOST: Final = re.compile(
    r"(?:^|[._\[])(?:(?:db|database|mysql|mariadb|pg|pgsql|postgres(?:ql)?|sql|mongo(?:db)?"
    r"|smtp|mail|imap|pop3?|redis|memcached?|cache|ldap|amqp|rabbitmq|broker|elasticsearch"
    r"|datasource|jdbc)"
    r"(?:_?(?:server|config|settings))?[._\[\]-]*"
    r"(?:host(?:name)?|server(?:name)?|addr(?:ess)?|ur[il]|dsn)|connection_?ur[il])\]?"
    r"(?:\.\d+)?$",
    re.I,
)
_HOST_ALONE: Final = re.compile(r"\s*[\w.-]+(?::\d{1,5})?\s*")
# Or its connection URL (Heroku's and twelve-factor apps' `DATABASE_URL`, `REDIS_URL`): a
# database's (Java's `jdbc:postgresql://…`, SQLAlchemy's `postgresql+psycopg2://…` too), a
# cache's, a broker's, a directory's or a mail server's scheme, its credentials, hosts, port
# and database (or base DN), and its options. No fetcher of pages speaks a database's, a
# cache's or a broker's scheme: a URL of one is what a BI tool's data source or a console's
# connection holds whatever its field's name; curl speaks a directory's and a mail server's.
_SERVICE_URL: Final = re.compile(
    r"\s*(?:jdbc:)?(?:(?:postgres(?:ql)?|mysql|mariadb|rediss?|mongodb|amqps?|memcached"
    r"|sqlserver|mssql|clickhouse)(?:\+\w+)?|(?P<fetched>smtps?|ldaps?))"
    r"://(?:[^\s/@]{0,200}@)?[\w.-]+(?::\d{1,5})?(?:,[\w.-]+(?::\d{1,5})?)*"
    r"(?:/[\w.%/=,-]*)?(?:\?\S*)?\s*"
)
# A line of settings that names one (a `.env` file's `DATABASE_URL=postgres://…@localhost`,
# a YAML file's `redis_host: localhost`), in a file's text sent whole: the same setting.
# (Possessive: a name or a value given back a character is followed by one of its own,
# which no `=` nor a line's end is; each line of code tried was given back whole. The line
# break before it is part of it, one put before the text for its first line: a pattern
# that opens with a literal has `re` skip to it, where `^` had it try every character.)
_SETTING_LINE: Final = re.compile(
    r"\n[ \t]*(?:export[ \t]+)?([a-z_][\w.\[\]-]{0,60}+)[ \t]*[=:][ \t]*"
    r"(['\"]?)([^\s'\"]{1,300}+)\2[ \t]*$",
    re.MULTILINE,
)
_HEADER_RULES: Final = RuleSet(RULES[0], RULES[2])
# What a service's host or connection URL is still looked at for: a metadata address.
_METADATA_RULES: Final = RuleSet(RULES[0])
# The UNC rule looks at the value before its backslash escapes are dropped, the inclusion
# rule only at the parameters it names (`confirm`).
_RULES: Final = RuleSet(*(rule for rule in RULES if rule not in (R_UNC, R_INCLUDED)))
# Parameters that known PHP applications pass to include() or require() (CRS 931110 and
# the exploits it comes from), and the names of the same kind: a document root, a base or
# an include directory. A URL there is code fetched from another host.
_INCLUDING_NAME: Final = re.compile(
    r"[._\[](?:mosconfig_absolute_path|_conf\[path\]|_server\[document_root\]|gallery_basedir"
    r"|path\[docroot\]|appserv_root|config\[root_dir\]|phpbb_root_path|include_path"
    r"|(?:\w+_)?(?:root_?path|root_?dir|base_?dir|include_?dir|doc_?root|document_?root|abspath)\]?)$",
    re.IGNORECASE,
)


# A URL written as a string literal that code passes or assigns (`mockAgent.get('http://
# localhost:3000')`, `const url = "http://127.0.0.1:8080";`, an object's `target:
# "http://127.0.0.1:8080",`, a log line's `upstream: "http://127.0.0.1:8080/health",`): a
# program or its output shown in a value (a question, a bug report), which a server that
# forges requests does not fetch. The value is more than the literal: something opens the
# call, the assignment or the field before it, and the literal is closed and followed by
# what ends an argument, a field or a statement. A web address only: a `gopher://` or a
# `dict://` to a local port is what a forgery smuggles commands in, written as it may be.
_CODE_LITERAL: Final = re.compile(r"[(=,:]\s*(['\"`])(?:https?|wss?)://[^'\"`\s]{1,300}\1\s*[),;}]")
# A value that starts with `@host/` is ProxyShell's only as a query's name or the path's:
# elsewhere it is an npm package's scope (`@matteo.collina/tspl` in a package.json's
# dependencies) or a handle's page (`@jane.doe/notes`), which no front end appends.
_BUT_THE_QUERY_HOST: Final = RuleSet(*(rule for rule in _RULES.rules if rule is not R_QUERY_HOST))
# The rules a URL in code or in a sentence may match without counting: a loopback or
# private address (9002), a script fetched from an IP address (9005, "http://127.0.0.1:
# 8080/health returns 503"); the rules left when those go.
_SPOKEN_OF: Final = (9002, 9005)
# ...unless a scheme that smuggles another protocol's commands reaches the address: no
# page is named so in a sentence or a line of configuration (`note gopher://127.0.0.1:25/
# _HELO`).
_SMUGGLING: Final = re.compile(r"\b(?:gopher|dict|tftp)://\[?(?:" + _INTERNAL + r")")


# An internal address spelled to be no address a reader knows: the loopback or a private
# one in hex, in octal, as one number, shortened (`127.1`) or mapped into IPv6. A sentence
# names an address as people write it; spelled so, it is a fetcher's to be fooled by,
# wherever it is ("John Smith http://0x7f000001/").
_HIDDEN_ADDRESS: Final = re.compile(
    r"\b(?:https?|ftps?|gopher|dict)://(?:[^/@\s?#]*@)?\[?(?:0x[0-9a-f]{2,}|::ffff:"
    r"|(?:0[0-7]{8,}|\d{8,11}|0\d{1,12}(?:\.(?:0x[0-9a-f]+|\d+)){1,3}|127\.\d{1,3}(?:\.\d{1,3})?)"
    r"(?=[:/\]?#\s]|$))"
)


def _smuggled(lower: str) -> bool:
    """Whether `lower` holds a URL that smuggles commands to an internal address
    (`_SMUGGLING`)."""
    return ("gopher:" in lower or "dict:" in lower or "tftp:" in lower) and _SMUGGLING.search(
        lower
    ) is not None


_UNSPOKEN: Final = {
    frozenset(ids): RuleSet(*(rule for rule in _RULES.rules if rule.id not in ids))
    for ids in ((9002,), (9005,), _SPOKEN_OF)
}


def _in_code(lower: str, rule: Rule) -> bool:
    """Whether every match of `rule` in `lower` lies in a literal of code (`_CODE_LITERAL`)."""
    return _within([m.span() for m in _CODE_LITERAL.finditer(lower)], lower, rule)


def _in_fence(lower: str, rule: Rule) -> bool:
    """Whether every match of `rule` in `lower` lies in a block that backquotes fence, or an
    AsciiDoc listing (`FENCED_BLOCK`), in a text that is more than its blocks: code a bug
    report shows ("Repro:⏎```⏎curl http://localhost:3000/…⏎```⏎returns 413."), which no
    fetcher is given."""
    blocks = [m.span() for m in FENCED_BLOCK.finditer(lower) if m.group(2) or m.group(1)[0] == "`"]
    # The text between the blocks, and before and after them.
    edges = [0, *(edge for block in blocks for edge in block), len(lower)]
    outside = any(lower[edges[at] : edges[at + 1]].strip() for at in range(0, len(edges), 2))
    return bool(blocks) and outside and _within(blocks, lower, rule)


def _within(spans: list[tuple[int, int]], lower: str, rule: Rule) -> bool:
    """Whether every match of `rule` in `lower` starts in one of `spans`. Matches and spans
    both come in order: each is passed once (looking through every span for each match
    took 90 ms over 64 KB of calls)."""
    assert rule.pattern is not None
    if not spans:
        return False
    index = 0
    for found in rule.pattern.finditer(lower):
        while index < len(spans) and spans[index][1] <= found.start():
            index += 1
        if index == len(spans) or spans[index][0] > found.start():
            return False
    return True


# The rest of a URL, then a word on its line: the URL is named in a sentence
# ("http://localhost:3000 not loading", "…/health returns 200"), not given to fetch.
_SENTENCE_AFTER: Final = re.compile(r"(\S*)[ \t]+[a-z]{2,}\b(?![:/.=(@])")


def _in_sentence(lower: str, rule: Rule) -> bool:
    """Whether every match of `rule` in `lower` is a URL that words follow on its line. A
    match in the run of characters a match before was read to the end of is followed as
    that one is: a run read once per match took 0.3 s over 64 KB of URLs run together."""
    assert rule.pattern is not None
    run_end = -1
    for found in rule.pattern.finditer(lower):
        if found.end() <= run_end:
            continue
        after = _SENTENCE_AFTER.match(lower, found.end())
        if after is None:
            return False
        run_end = after.end(1)
    return True


def _after_word(lower: str, rule: Rule) -> bool:
    """Whether every match of `rule` in `lower` is in a URL that a word and a blank precede
    on its line: an argument a line of configuration names (nginx's `proxy_pass
    http://127.0.0.1:3000;`), which the request does not ask to be fetched. A URL that
    opens a line, or follows `=`, `:` or a quote, is a value still, and so is one that a
    client fetches: after its name, an option or a method (`curl -fsS http://localhost/`,
    `GET http://10.0.0.5/admin`)."""
    assert rule.pattern is not None
    for found in rule.pattern.finditer(lower):
        line = lower.rfind("\n", 0, found.start()) + 1
        token = max(lower.rfind(" ", line, found.start()), lower.rfind("\t", line, found.start()))
        if token <= line or not lower[token - 1].isalnum():
            return False
        word = lower[max(lower.rfind(" ", line, token), lower.rfind("\t", line, token)) + 1 : token]
        if word.startswith("-") or word.rsplit("/", 1)[-1] in _FETCHERS:
            return False
    return True


# What fetches the URL after it: a client's name, an HTTP method.
_FETCHERS: Final = frozenset(
    (
        *("curl", "wget", "fetch", "http", "https", "httpie", "xh", "nc", "ncat", "telnet"),
        *("lynx", "links", "w3m", "aria2c", "axel", "open", "xdg-open", "start"),
        *("get", "post", "put", "patch", "delete", "head", "options"),
    )
)


def _service_setting(name: str, value: str) -> bool:
    """Whether `value` is a database's, a cache's or a broker's connection URL, or `name` a
    service's host setting (`_SERVICE_HOST`) and `value` a host or its connection URL."""
    url = _SERVICE_URL.fullmatch(value)
    if url is not None and url.group("fetched") is None:
        return True
    return _SERVICE_HOST.search(name) is not None and (
        url is not None or _HOST_ALONE.fullmatch(value) is not None
    )


def settings_blanked(lower: str) -> str:
    """`lower` with each line that sets a service's host or connection URL blanked
    (`_SETTING_LINE`), its line breaks kept; a metadata address is not blanked."""
    return _SETTING_LINE.sub(_service_setting_blanked, "\n" + lower)[1:]


def _service_setting_blanked(line: re.Match[str]) -> str:
    """A setting's line (its line break before it), blanked unless it is no service's host
    or connection URL, or names a metadata address."""
    value = line.group(3)
    assert R_METADATA.pattern is not None
    if not _service_setting(line.group(1), value) or R_METADATA.pattern.search(value):
        return line.group()
    return "\n" + " " * (len(line.group()) - 1)


# A network in CIDR notation, whole: a firewall's or a network policy's block (a security
# group's `"CidrIp": "0.0.0.0/0"`, Kubernetes' `ipBlock.except: [169.254.169.254/32]`),
# which names addresses to let through or keep out, not one to fetch. Only a network as
# written, no host bits past its prefix: `127.0.0.1/8` is a path.
_CIDR: Final = re.compile(r"\s*([0-9a-f:.]{2,39})/(\d{1,3})\s*")
# Unless its parameter's name says it is fetched (`url=169.254.169.254/32`).
_FETCHED_NAME: Final = re.compile(
    r"(?:ur[il]|link|href|src|endpoint|webhook|callback|redirect|proxy|fetch)s?(?:\.\d+)?$",
    re.I,
)


# Names a setting holds bare, with no scheme, port nor path: the address a server binds to
# on every interface (ECS's `bindIP`, a config's `host: 0.0.0.0`) and a service's name in a
# cluster (a mesh's `hostname: reviews.default.svc.cluster.local`); not the cluster's API
# server, `kubernetes.default.svc.cluster.local`.
_BARE_NAME: Final = re.compile(
    r"\s*(?:0\.0\.0\.0|(?!kubernetes\.default\.)[\w-]+(?:\.[\w-]+)*\.svc\.cluster\.local)\s*"
)


def _network(point: str, lower: str) -> bool:
    """Whether `lower` is a network in CIDR notation (`_CIDR`) where `point` fetches none."""
    cidr = _CIDR.fullmatch(lower)
    if cidr is None or _FETCHED_NAME.search(point):
        return False
    try:
        ipaddress.ip_network(f"{cidr.group(1)}/{cidr.group(2)}")
    except ValueError:
        return False
    return True


def confirm(view: View) -> Match | None:
    if view.point.startswith("header.X-ENVOY-"):
        # Envoy's own headers name the mesh's services to Envoy, which fetches none of them
        # (Istio's x-envoy-decorator-operation: reviews.default.svc.cluster.local:9080/*).
        return None
    lower = view.lower
    if words_only(lower):
        # A search or a title that names an address ("169.254.169.254 metadata endpoint
        # timeout on EC2"): words apart, which no fetcher takes for a URL or a host.
        return None
    if "/" in lower and _network(view.point, lower):
        return None
    if _BARE_NAME.fullmatch(lower) and not _FETCHED_NAME.search(view.point):
        return None  # a setting's name or address, which nothing fetches as it is
    if not lower.isascii():
        # Circled and full-width digits, ideographic full stops resolve to plain ones in
        # URL parsers.
        lower = nfkc(lower).replace("\u3002", ".")
    if "\\" in lower:
        if lower.lstrip().startswith("\\\\") and R_UNC.pattern and R_UNC.pattern.match(lower):
            return Match(R_UNC, 0, min(len(lower), 80))  # before its backslashes go
        lower = _ESCAPE.sub("", lower)  # http://\\l\\o\\c\\a\\l…: escapes a resolver drops
    if (
        view.area in ("query", "post")
        and R_INCLUDED.pattern
        and R_INCLUDED.pattern.match(lower)
        and _INCLUDING_NAME.search(view.point)
    ):
        return Match(R_INCLUDED, 0, min(len(lower), 80))
    # Host, Origin and Referer naming localhost is how local clients talk, not a forgery.
    own_address = view.point in ("header.HOST", "header.ORIGIN", "header.REFERER")
    browser_bound = (
        (
            _REDIRECT_URI.search(view.point) is not None
            and _LOOPBACK_REDIRECT.fullmatch(lower) is not None
        )
        or (_PAGE_LINK.search(view.point) is not None and _ONE_URL.fullmatch(lower) is not None)
        or (_ORIGINS.search(view.point) is not None and _ORIGIN_LIST.fullmatch(lower) is not None)
        or (
            _PAGE_ADDRESS.search(view.point) is not None
            and (_ONE_URL.fullmatch(lower) is not None or _HOST_ALONE.fullmatch(lower) is not None)
        )
    )
    if _service_setting(view.point, lower):
        return _METADATA_RULES.search(lower, view.tokens(lower, TYPE))
    if "\n" in lower and ("=" in lower or ":" in lower):
        lower = settings_blanked(lower)  # the same length
    smuggled = _smuggled(lower)
    # A URL to localhost in a paragraph of prose is an example, not a request to forge; so
    # is one in a document (a README's `ws://localhost:8765`). (Prose is asked last: it
    # costs a reading of the value's words.)
    spoken_of = own_address or browser_bound or (not smuggled and view.prose)
    rules = _HEADER_RULES if spoken_of else _RULES
    present = view.tokens(lower, TYPE)
    found = rules.search(lower, present)
    if (
        found is not None
        and found.rule is R_QUERY_HOST
        and view.area not in ("query", "path")
        and not lower[: found.start].strip()
    ):
        found = _BUT_THE_QUERY_HOST.search(lower, present)
    if found and rules is _RULES and view.document and not smuggled:
        return _HEADER_RULES.search(lower, present)
    spoken: frozenset[int] = frozenset()
    while (
        found
        and found.rule.id in _SPOKEN_OF
        and not smuggled
        and (
            _in_code(lower, found.rule)
            or (("```" in lower or "[source" in lower) and _in_fence(lower, found.rule))
            or _in_sentence(lower, found.rule)
            or _after_word(lower, found.rule)
        )
    ):
        spoken |= {found.rule.id}
        found = _UNSPOKEN[spoken].search(lower, present)
    if found is None and not (own_address or browser_bound) and "://" in lower:
        hidden = _HIDDEN_ADDRESS.search(lower)
        if hidden is not None:
            return Match(R_PRIVATE, hidden.start(), hidden.end())
    return found
