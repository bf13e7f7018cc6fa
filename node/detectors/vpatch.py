"""Virtual patches: exploits of known vulnerabilities that carry no payload a class finds.

An authentication bypass is an ordinary request to the product it fools: a header the
product trusts from its own components (Next.js' `x-middleware-subrequest`, PAN-OS'
`X-PAN-AUTHCHECK`, IIS' `X-Original-URL`), a path it routes past its login check
(ScreenConnect's `SetupWizard.aspx/…`, TeamCity's `…/RPC2`), a Referer it takes for its
own sign-out page (SharePoint's ToolShell), a credential with no signature or password
(CrushFTP's SigV4, a token of algorithm `none`, Kentico's WS-Security). No value holds
SQL or script. Each rule here is the request shape of one such exploit, one that no
legitimate client sends, decided on the request as a whole (`confirm_request`): its
headers, its path (percent-decoded, compared without case, as IIS and the JVM's servers
route it), the header of a JSON Web Token wherever it is sent, a cookie, a Basic
credential and, for the rules that need them, the method, the Referer, a parameter or
the body.
"""

from __future__ import annotations

import re
from typing import Final

from node.decoders import percent_decode
from node.rules import Rule, words
from node.types import AttackType, Hit, Request, canonical_host

TYPE: Final = AttackType.VPATCH

RULES: Final = (
    R_NEXTJS := Rule(
        16001,
        TYPE,
        "Next.js middleware bypass (CVE-2025-29927): an x-middleware-subrequest header",
    ),
    R_PANOS := Rule(16002, TYPE, "PAN-OS management bypass (CVE-2024-0012): X-PAN-AUTHCHECK: off"),
    R_HOP := Rule(
        16003,
        TYPE,
        "a Connection header naming an end-to-end header, for a proxy to drop it: F5 BIG-IP's"
        " X-F5-Auth-Token (CVE-2022-1388), X-Forwarded-For before an address check",
    ),
    R_SIGV4 := Rule(
        16004,
        TYPE,
        "CrushFTP authentication bypass (CVE-2025-31161): an AWS4-HMAC-SHA256 authorization"
        " with no signature",
    ),
    R_HOST := Rule(
        16005,
        TYPE,
        "a Host header longer than any host name (Citrix Bleed's memory read, CVE-2023-4966)",
    ),
    R_TOOLSHELL := Rule(
        16006,
        TYPE,
        "SharePoint ToolShell (CVE-2025-53770, -53771): ToolPane.aspx with the sign-out page as"
        " Referer",
    ),
    R_SCREENCONNECT := Rule(
        16007,
        TYPE,
        "ScreenConnect setup bypass (CVE-2024-1709): a path past SetupWizard.aspx/",
    ),
    R_TEAMCITY := Rule(
        16008,
        TYPE,
        "TeamCity authentication bypass (CVE-2023-42793): a REST API path ending in /RPC2",
    ),
    R_IOSXE := Rule(
        16009,
        TYPE,
        "Cisco IOS XE web UI implant (CVE-2023-20198): logoutconfirm.html with logon_hash",
    ),
    R_CONFLUENCE := Rule(
        16010,
        TYPE,
        "Confluence restore without sign-in (CVE-2023-22518): /json/setup-restore*.action",
    ),
    R_CITRIXBLEED2 := Rule(
        16011,
        TYPE,
        "Citrix Bleed 2 (CVE-2025-5777): doAuthentication.do with a login field and no value",
    ),
    R_GITLAB := Rule(
        16012,
        TYPE,
        "GitLab password reset to two addresses (CVE-2023-7028): user[email] as an array",
    ),
    R_OFBIZ := Rule(
        16013,
        TYPE,
        "Apache OFBiz authentication bypass (CVE-2023-51467): requirePasswordChange=Y with an"
        " empty or no USERNAME or PASSWORD",
    ),
    R_SAP := Rule(
        16014,
        TYPE,
        "SAP NetWeaver Visual Composer upload (CVE-2025-31324): /developmentserver/"
        "metadatauploader",
    ),
    R_REWRITE := Rule(
        16015,
        TYPE,
        "a path in X-Original-URL or X-Rewrite-URL other than the request's: the back end"
        " (IIS, Symfony, Zend) routes it past the proxy's access rules",
    ),
    R_UNSIGNED := Rule(
        16016,
        TYPE,
        "a JSON Web Token of algorithm none, its claims to be taken unsigned (CVE-2015-9235,"
        " SharePoint's CVE-2023-29357)",
    ),
    R_FORWARDED := Rule(
        16017,
        TYPE,
        "an X-Forwarded-For address longer than any address (Ivanti Connect Secure's"
        " overflow, CVE-2025-22457)",
    ),
    R_GWTEST := Rule(
        16018,
        TYPE,
        "Citrix ADC's test endpoint /gwtest/formssso, overflowed by its target (CVE-2023-3519)",
    ),
    R_DLINK := Rule(
        16019,
        TYPE,
        "D-Link NAS backdoor account (CVE-2024-3272): nas_sharing.cgi as user messagebus",
    ),
    R_PAPERCUT := Rule(
        16020,
        TYPE,
        "PaperCut setup bypass (CVE-2023-27350): service=page/SetupCompleted",
    ),
    R_CONFUSION := Rule(
        16021,
        TYPE,
        "an encoded ? after a script's name in the path: a rewrite truncated to the script"
        " (Apache's CVE-2024-38474, Ivanti CSA's CVE-2024-8963: index.php%3F.php/…)",
    ),
    R_PROXYLOGON := Rule(
        16022,
        TYPE,
        "Exchange ProxyLogon (CVE-2021-26855): an X-BEResource cookie naming no back end, a"
        " loopback host or a path",
    ),
    R_KENTICO := Rule(
        16023,
        TYPE,
        "Kentico Staging service authentication bypass (CVE-2025-2746, -2747): a WS-Security"
        " password empty or of type PasswordNone",
    ),
    R_TRIOFOX := Rule(
        16024,
        TYPE,
        "Gladinet Triofox setup pages reached as localhost (CVE-2025-12480): Host: localhost"
        " to /management/CommandCenter/",
    ),
    R_TOMCAT := Rule(
        16025,
        TYPE,
        "Tomcat session deserialization (CVE-2025-24813): a JSESSIONID naming an uploaded file"
        " (.name), a partial PUT of a .session file",
    ),
    R_SONICWALL := Rule(
        16026,
        TYPE,
        "SonicOS SSL VPN session hijack (CVE-2024-53704): a swap cookie of NUL bytes",
    ),
    R_VTM := Rule(
        16027,
        TYPE,
        "Ivanti vTM administrator created without sign-in (CVE-2024-7593): wizard.fcgi's"
        " LocalUsers section",
    ),
    R_HARDCODED := Rule(
        16028,
        TYPE,
        "a vendor's hard-coded credential in Basic authorization: SolarWinds Web Help Desk's"
        " (CVE-2024-28987), Cisco Smart Licensing Utility's (CVE-2024-20439)",
    ),
    R_KEYED_TOKEN := Rule(
        16029,
        TYPE,
        "a bearer or cookie JSON Web Token whose header names its own key (jwk, jku, x5u):"
        " node-jose's CVE-2018-0114 and the key injections after it",
    ),
    R_JOOMLA := Rule(
        16030,
        TYPE,
        "Joomla API access check skipped (CVE-2023-23752): public=true to /api/index.php/v1/",
    ),
    R_TYPE_PARAMETER := Rule(
        16031,
        TYPE,
        "a path parameter that is a file's extension, for a filter to let the path through"
        " as that file: Oracle Identity Manager's …;.wadl (CVE-2025-61757)",
    ),
    R_N8N := Rule(
        16032,
        TYPE,
        "n8n form webhook file read (CVE-2026-21858): a JSON body that names its uploaded"
        " files' paths",
    ),
    R_EPMM := Rule(
        16033,
        TYPE,
        "Ivanti EPMM API reached without sign-in (CVE-2023-35078, -35082): /mifs/aad/api/,"
        " /mifs/asfV3/api/",
    ),
    R_OFBIZ_VIEW := Rule(
        16034,
        TYPE,
        "OFBiz view reached past forgotPassword's open request map (CVE-2024-32113,"
        " -38856, -45195): control/forgotPassword/ProgramExport",
    ),
    R_CAMEL := Rule(
        16035,
        TYPE,
        "Apache Camel's header injection (CVE-2025-27636, -29891): a Camel header from outside"
        " (CAmelExecCommandExecutable), or a query parameter named so",
    ),
    R_SAML_WRAPPING := Rule(
        16036,
        TYPE,
        "SAML signature wrapping (CVE-2024-45409, CVE-2024-6800, CVE-2025-25291, -47949): a"
        " response holding a second assertion, or one inside a signature",
    ),
    R_PHPUNIT := Rule(
        16037,
        TYPE,
        "PHPUnit's eval-stdin.php (CVE-2017-9841), which runs a request's body as PHP, asked"
        " for at all: a development tool's file that no application serves",
    ),
    R_RANGE := Rule(
        16038,
        TYPE,
        "a Range header a server's range handling fails on: a byte position past 2^63"
        " (HTTP.sys, CVE-2015-1635, MS15-034), or more ranges than Apache serves (its Killer,"
        " CVE-2011-3192)",
    ),
    R_PHP_CGI := Rule(
        16039,
        TYPE,
        "PHP-CGI's command line in a query (CVE-2012-1823; CVE-2024-4577's soft hyphen): a"
        " query of no `=` that opens with an option, `?-s`, `?%ADd+…`",
    ),
    R_IGNITION := Rule(
        16040,
        TYPE,
        "Laravel Ignition's debug endpoints (CVE-2021-3129) asked for at all: execute-solution,"
        " which writes the file its request names, and the health check that tells whether it"
        " may",
    ),
    R_MOVEIT := Rule(
        16041,
        TYPE,
        "MOVEit Transfer's session variables set from outside (CVE-2023-34362): a client's"
        " X-siLock-SessVar header, session_setvars, or the transaction header behind a prefix",
    ),
    R_NACOS := Rule(
        16042,
        TYPE,
        "Nacos' user management reached as one of its own servers (CVE-2021-29441):"
        " User-Agent Nacos-Server to /v1/auth/",
    ),
)

# A SAML response's assertion, by its ID (`saml:Assertion`, `saml2:Assertion`, unprefixed):
# an identity provider signs one and sends one. A second one beside it, or one inside the
# signature (its `Object`), is how a signature is wrapped: the service provider checks
# the signed one and reads the other (ruby-saml's, samlify's, xml-crypto's bypasses).
_ASSERTION_ID: Final = "Assertion.@ID"
# Camel's own headers, which its HTTP components filter out of a request by their name's
# case (`Camel…`): a component's that runs or reaches something, in any case, sent from
# outside or as a query parameter, tells a Camel route what to run (`CAmelExecCommand
# Executable: id`) or call. No client sends one; a `camelCase` option is none.
_CAMEL_HEADER: Final = re.compile(
    r"camel(?:exec|bean|http|file|jms|sql|jdbc|ftp|language|script)\w*", re.IGNORECASE
)
# The names a Connection header lists in ordinary traffic: hop-by-hop headers themselves.
_HOP_BY_HOP: Final = frozenset(
    words("keep-alive close upgrade te http2-settings proxy-connection trailer transfer-encoding")
)
# A host name is at most 253 characters (RFC 1035), an IPv6 literal far fewer; a port
# adds six.
_HOST_MAX: Final = 253 + 6
# An address with its port, `[ffff:ffff:…:255.255.255.255]:65535`, is at most 53 characters.
_ADDRESS_MAX: Final = 64
# A SigV4 authorization: `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/
# aws4_request, SignedHeaders=…, Signature=<hex>` (each part bounded: a header of 8 KB of
# `credential=` is searched in linear time).
_SCOPE: Final = re.compile(
    r"\bcredential\s{0,8}=[^,/]{0,128}/\d{8}/[^,/]{0,64}/[^,/]{0,64}/aws4_request\b",
    re.IGNORECASE,
)
_SIGNATURE: Final = re.compile(r"\bsignature\s{0,8}=\s{0,8}[0-9a-f]", re.IGNORECASE)

# The paths of the rules decided on the path, each with the rule's group name.
_PATH_ALTERNATIVES: Final = (
    r"(?P<toolshell>toolpane\.aspx)",
    r"(?P<screenconnect>setupwizard\.aspx/)",
    r"(?P<teamcity>rpc2(?:[/;]|$))",
    r"(?P<iosxe>webui/logoutconfirm\.html)",
    r"(?P<confluence>json/setup-restore(?:-local|-progress)?\.action)",
    r"(?P<citrix>p/u/doauthentication\.do)",
    r"(?P<gitlab>users/password$)",
    r"(?P<ofbizview>[\w-]+/control/forgotpassword(?:;[^/]*)?/[/;.]*[a-z])",
    r"(?P<ofbiz>webtools/control/)",
    r"(?P<epmm>mifs/(?:aad|asfv3)/api/)",
    r"(?P<sap>developmentserver/metadatauploader)",
    r"(?P<gwtest>gwtest/formssso)",
    r"(?P<dlink>cgi-bin/nas_sharing\.cgi)",
    r"(?P<papercut>app$)",
    r"(?P<kentico>cmspages/staging/syncserver\.asmx)",
    r"(?P<triofox>management/commandcenter/)",
    r"(?P<vtm>apps/zxtm/wizard\.fcgi$)",
    r"(?P<joomla>api/index\.php/v1/)",
    r"(?P<session>[^/]*\.session$)",
    r"(?P<phpunit>phpunit/src/util/php/eval-stdin\.php(?![\w.-]))",
    r"(?P<ignition>_ignition/(?:execute-solution|health-check)(?![\w.-]))",
    r"(?P<nacos>v1/auth/(?:users|roles|permissions)(?![\w.-]))",
)
_PATHS: Final = re.compile("/(?:" + "|".join(_PATH_ALTERNATIVES) + ")")
# Each on its own, for a long path: searched at once, all the alternatives are tried after
# every slash (a megabyte of `a/` took 130 ms); each alone, `re` skips to its own literal.
_PATH_SEARCHED_AT_ONCE: Final = 4096
_EACH_PATH: Final = tuple(re.compile(f"/(?:{alternative})") for alternative in _PATH_ALTERNATIVES)


def _known_path(path: str) -> re.Match[str] | None:
    """The first match of `_PATHS` in `path`: the leftmost, of the first alternative there."""
    if len(path) <= _PATH_SEARCHED_AT_ONCE:
        return _PATHS.search(path)
    first: re.Match[str] | None = None
    for pattern in _EACH_PATH:
        found = pattern.search(path)
        if found is not None and (first is None or found.start() < first.start()):
            first = found
    return first


# The rules a path decides alone: a path past ScreenConnect's setup wizard, Confluence's
# restore, SAP's uploader, Citrix's `gwtest`, EPMM's API under a path with no sign-in, an
# OFBiz view after `forgotPassword/` (which OFBiz routes, open to all, then the view),
# PHPUnit's `eval-stdin.php` in its package's directory (Composer's `vendor/phpunit/
# phpunit/`; a code host's page of PHPUnit's source has `blob/<branch>/` between), and
# Ignition's endpoints, which a Laravel application serves only in debug mode (its pages'
# scripts and styles under `/_ignition/` are not asked for).
_BY_PATH: Final = {
    "screenconnect": R_SCREENCONNECT,
    "confluence": R_CONFLUENCE,
    "sap": R_SAP,
    "gwtest": R_GWTEST,
    "epmm": R_EPMM,
    "phpunit": R_PHPUNIT,
    "ignition": R_IGNITION,
    "ofbizview": R_OFBIZ_VIEW,
}
# PHP-CGI reads a query string of no `=` as its command line (RFC 3875's search string):
# `-s` shows the script's source, `-d` sets its configuration (`auto_prepend_file=php://
# input`, the `=` encoded), `-n`, `-c`, `-i`… And Windows, in a code page that maps a soft
# hyphen to a hyphen, passes `%AD` as one (CVE-2024-4577). An API's `?-created_at` sorts.
_PHP_CGI_OPTION: Final = re.compile(r"(?:-|%2d|%ad|\xad)[cdhinstv](?:$|[+ ]|%20)", re.IGNORECASE)
_TRUNCATED: Final = re.compile(r"[\w-]\.(?:php\d?|phtml|cgi|pl|jsp|aspx?)\?", re.IGNORECASE)
_BACKDOOR: Final = re.compile(r"(?:^|&)user=messagebus(?:&|$)", re.IGNORECASE)
_SETUP_COMPLETED: Final = re.compile(r"(?:^|&)service=page/setupcompleted(?:&|$)", re.IGNORECASE)
# Exchange's front end routes by it: a mailbox server's name and a version,
# `ex01.corp.example~1941997017`.
_BACK_END: Final = re.compile(
    r"(?!(?:localhost|127\.[\d.]+|\[?::1\]?|0\.0\.0\.0)~)[\w.-]{1,255}~-?\d{1,12}", re.IGNORECASE
)
# A WS-Security password with nothing in it, or of no password's type.
_NO_PASSWORD: Final = re.compile(
    rb"<(?:\w+:)?Password\b[^>]*(?:#PasswordNone[^>]*>|/>|>\s*</(?:\w+:)?Password>)"
)
# A vendor's credential built into its product, by the password, with its user.
_HARDCODED: Final = {
    "dev-C4F8025E7": "helpdeskIntegrationUser",
    "Library4C$LU": "cslu-windows-client",
}
# A JSON Web Token sent as a credential (a bearer's, a cookie's) that carries the key to
# verify it by, or where to fetch one: an access token's issuer is configured, never
# named by the token. (A DPoP proof's own header, a client assertion posted to a token
# endpoint and an ACME request carry a key by design: none is sent so.)
_KEYED_TOKEN: Final = re.compile(
    r"(?:header\.AUTHORIZATION|cookie\.[^.]+)\.jwt\.header\.(?:jku|x5u|jwk\.[\w-]+)"
)
# A SonicOS session id is random: one of 16 bytes or more all NUL is the exploit's.
_NUL_SESSION: Final = re.compile(r"A{22,}={0,2}")
# A path parameter that is only an extension (`…/groovyscriptstatus;.wadl`): a Java server
# drops it as it routes the request, while a filter in front takes the path for the kind
# of file it lets through unauthenticated (Oracle Identity Manager's `;.wadl`; `;.css`,
# `;.js` against Shiro's and Spring Security's matchers). No client names a parameter so.
_TYPE_PARAMETER: Final = re.compile(
    r";\.(?:wadl|wsdl|xsd|js|css|png|gif|jpe?g|ico|svg|woff2?|html?|json|xml|txt|jsp|do"
    r"|action)(?=[/;]|$)"
)
# n8n's form and webhook triggers take files in a multipart body, which their parser turns
# into `files`; a JSON body that brings its own `files` names the server's files to copy.
_N8N_TRIGGER: Final = re.compile(r"/(?:form|form-test|webhook|webhook-test|webhook-waiting)/")
# Joomla reads the flag as PHP casts a string to a boolean: any but "" and "0" is true.
_PUBLIC: Final = re.compile(r"(?:^|&)public=(?!0?(?:&|$))")
_LOCAL_USERS: Final = re.compile(r"(?:^|&)section=access[+ ]management:localusers(?:&|$)")
_LOGON_HASH: Final = re.compile(r"(?:^|&)logon_hash(?:[=&]|$)", re.IGNORECASE)
_BARE_LOGIN: Final = re.compile(rb"(?:^|&)login(?:&|$)")
_OFBIZ_FIELDS: Final = frozenset(words("username password requirepasswordchange"))
# Of a long body, the two rules decided on a form (GitLab's, OFBiz's) read the first and
# the last 64 KB, as the engine reads a text; so do the rules of a long path, query or
# header that is decoded (`_ends`).
_FORM_END: Final = 1 << 16
_EMAIL_ARRAY: Final = re.compile(r"user\[email\]\[|\"email\"\s*:\s*\[")


def _ends(text: str, joint: str) -> str:
    """A long `text`'s first and last `_FORM_END` characters joined by `joint`, as the engine
    reads a long value (a short one whole): what a decoder or a form's parser is given
    here is bounded."""
    return text if len(text) <= 2 * _FORM_END else text[:_FORM_END] + joint + text[-_FORM_END:]


def _segment(path: str, at: int, tail: str) -> str:
    """The point of the segment of `path` that `at` is in: `path.tail` in the `tail` of a
    long path read at its ends (`_ends`), as the engine names what it reads there."""
    if tail and at >= len(path) - len(tail):
        return "path.tail"
    return f"path.{max(path.count('/', 0, at) - 1, 0)}"


def _header_hit(name: str, value: str, path: str) -> Hit | None:
    """The rule a header of lower-case `name` breaks, as a hit (`path`: the request's,
    lower-cased)."""
    point = f"header.{name.upper()}"
    if name == "x-middleware-subrequest":
        return Hit(TYPE, point, R_NEXTJS.id, value[:64]) if value.strip() else None
    if name == "x-pan-authcheck":
        return Hit(TYPE, point, R_PANOS.id, value[:64]) if value.strip().lower() == "off" else None
    if name == "connection":
        if value.lower() in _HOP_BY_HOP:
            return None  # `keep-alive`, `close`: nearly every one
        named = {part.strip().lower() for part in value.split(",")}
        foreign = sorted(named - _HOP_BY_HOP - {""})
        return Hit(TYPE, point, R_HOP.id, foreign[0][:64]) if foreign else None
    if name == "authorization":
        # No SigV4 client leaves out the scope or the signature; CrushFTP's web interface
        # takes none (a signed one has it skip the password check just the same). An
        # object store's bucket may be named `webinterface`, not hold `function/`.
        if value[:17].upper() == "AWS4-HMAC-SHA256 " and (
            path.startswith("/webinterface/function/")
            or not _SCOPE.search(value)
            or not _SIGNATURE.search(value)
        ):
            return Hit(TYPE, point, R_SIGV4.id, value[:64])
        return None
    if name in ("x-original-url", "x-rewrite-url"):
        # A path: the rewrite a client asks for (the proxy's own, ingress-nginx's to an
        # authentication service, is an absolute URL).
        asked = _ends(value.strip().partition("?")[0], "/")
        if asked.startswith("/") and percent_decode(asked).lower().rstrip("/") != path.rstrip("/"):
            return Hit(TYPE, point, R_REWRITE.id, value[:64])
        return None
    if name == "x-forwarded-for":
        if len(value) > _ADDRESS_MAX:
            longest = max(value.split(","), key=len).strip()
            if len(longest) > _ADDRESS_MAX:
                return Hit(TYPE, point, R_FORWARDED.id, f"an address of {len(longest)} characters")
        return None
    if name == "host" and len(value) > _HOST_MAX:
        return Hit(TYPE, point, R_HOST.id, f"{len(value)} characters")
    if name in ("range", "request-range"):
        return _range_hit(point, value)
    return None


# A byte position of 2^63 or more (9.2 EB) is past any file's size: HTTP.sys added the
# position to a 64-bit length and read past its buffer (MS15-034 is probed with
# `bytes=0-18446744073709551615`). More ranges than Apache's MaxRanges, 200:
# a client asks for a few; Apache Killer asked for 1,300 overlapping ones, each served
# from a copy (`Range: bytes=0-,5-0,5-1,…`, or `Request-Range`).
_POSITION: Final = re.compile(r"\d{19,}")  # (fewer digits are less than 2^63)
_RANGES_MAX: Final = 200


def _range_hit(point: str, value: str) -> Hit | None:
    """Rule 16038 on a Range or Request-Range header's `value`."""
    for position in _POSITION.finditer(value):
        digits = position.group().lstrip("0")
        if len(digits) > 19 or (len(digits) == 19 and int(digits) >= 2**63):
            return Hit(TYPE, point, R_RANGE.id, value[:64])
    ranges = value.count(",") + 1
    if ranges > _RANGES_MAX:
        return Hit(TYPE, point, R_RANGE.id, f"{ranges} ranges")
    return None


_HEADERS: Final = frozenset(
    words(
        "x-middleware-subrequest x-pan-authcheck connection authorization host x-original-url"
        " x-rewrite-url x-forwarded-for range request-range"
    )
)


def confirm_request(request: Request, points: list[tuple[str, str]]) -> Hit | None:
    """The exploit of a known vulnerability `request` is, if it is one (at most one hit);
    `points`: what the request was parsed into, a JSON Web Token's header among them."""
    user = ""
    assertions = 0  # a SAML message's assertions met so far (`_ASSERTION_ID`)
    for point, value in points:
        # (The length first: compiled, a comparison of two integers.)
        if len(value) == 4 and value.lower() == "none" and point.endswith(".jwt.header.alg"):
            return Hit(TYPE, point, R_UNSIGNED.id, value)
        if (".jwt.header.j" in point or ".jwt.header.x" in point) and _KEYED_TOKEN.fullmatch(point):
            return Hit(TYPE, point, R_KEYED_TOKEN.id, value[:64])
        if (
            point.endswith(".filepath")
            and point.startswith("post.json.files.")
            and _N8N_TRIGGER.search(request.uri.partition("?")[0])
        ):
            return Hit(TYPE, point, R_N8N.id, value[:64])
        size = len(point)
        if size == 17 and point == "cookie.JSESSIONID" and value[:1] == "." and value[1:]:
            return Hit(TYPE, point, R_TOMCAT.id, value[:64])
        if size == 11 and point == "cookie.swap" and _NUL_SESSION.fullmatch(value):
            return Hit(TYPE, point, R_SONICWALL.id, value[:64])
        if (
            size > 14
            and point[6] in "cC"
            and point[:6] == "query."
            and _CAMEL_HEADER.fullmatch(point, 6)
        ):
            return Hit(TYPE, point, R_CAMEL.id, value[:64])
        if size > 20 and point[-4:] == ".@ID" and point.endswith(_ASSERTION_ID):
            assertions += 1
            if assertions > 1 or "Signature." in point:
                return Hit(TYPE, point, R_SAML_WRAPPING.id, value[:64])
        if size == 25 and point == "header.AUTHORIZATION.user":
            user = value
        elif (
            size == 29
            and point == "header.AUTHORIZATION.password"
            and _HARDCODED.get(value) == user
        ):
            return Hit(TYPE, point, R_HARDCODED.id, user)
        if (
            len(point) == 19  # `cookie.X-BEResource`, whose name IIS compares in any case
            and point.lower() == "cookie.x-beresource"
            and not _BACK_END.fullmatch(value)
        ):
            return Hit(TYPE, point, R_PROXYLOGON.id, value[:64])
    path, _, query = request.uri.partition("?")
    tail = path[-_FORM_END:] if len(path) > 2 * _FORM_END else ""
    path, query = _ends(path, "/"), _ends(query, "&")
    if "=" not in query and _PHP_CGI_OPTION.match(query):
        return Hit(TYPE, "query", R_PHP_CGI.id, query[:64])
    if "%" in path:
        path, tail = percent_decode(path), percent_decode(tail)
        # A `?` left in the path was sent encoded (a raw one ends the path).
        truncated = _TRUNCATED.search(path) if "?" in path else None
        if truncated is not None:
            point = _segment(path, truncated.start(), tail)
            return Hit(TYPE, point, R_CONFUSION.id, truncated.group())
    path, tail = path.lower(), tail.lower()
    if ";." in path:
        extension = _TYPE_PARAMETER.search(path)
        if extension is not None:
            point = _segment(path, extension.start(), tail)
            return Hit(TYPE, point, R_TYPE_PARAMETER.id, extension.group())
    for name, value in request.headers:
        lowered = name if name in _HEADERS else name.lower()
        if lowered in _HEADERS:
            hit = _header_hit(lowered, value, path)
            if hit is not None:
                return hit
        elif name[:1] in "cC" and _CAMEL_HEADER.fullmatch(name):
            return Hit(TYPE, f"header.{name.upper()}", R_CAMEL.id, value[:64])
        elif "silock-" in lowered and _moveit(lowered, value):
            return Hit(TYPE, f"header.{name.upper()}", R_MOVEIT.id, value[:64])
    found = _known_path(path)
    if found is None:
        return None
    kind = found.lastgroup
    # The segment the match ends in (its last character may be the slash after it).
    point = _segment(path, path.rfind("/", 0, found.end() - 1) + 1, tail)
    fragment = found.group()[-64:]
    decided = _BY_PATH.get(kind or "")
    if decided is not None:
        return Hit(TYPE, point, decided.id, fragment)
    if kind == "toolshell":
        referer = request.header("referer") or ""
        if "signout.aspx" in percent_decode(_ends(referer, "/")).lower():
            return Hit(TYPE, "header.REFERER", R_TOOLSHELL.id, referer[:64])
        return None
    if kind == "teamcity":
        if "/app/rest/" in path[: found.start()]:
            return Hit(TYPE, point, R_TEAMCITY.id, fragment)
        return None
    if kind == "iosxe":
        if _LOGON_HASH.search(query):
            return Hit(TYPE, "query.logon_hash", R_IOSXE.id, query[:64])
        return None
    if kind == "dlink":
        if _BACKDOOR.search(query):
            return Hit(TYPE, "query.user", R_DLINK.id, "messagebus")
        return None
    if kind == "kentico":
        if _NO_PASSWORD.search(request.body) is not None:
            return Hit(TYPE, "post.xml.Password", R_KENTICO.id, "an empty password")
        return None
    if kind == "triofox":
        # The setup wizard trusts a request whose Host is its own machine's name for it.
        host = canonical_host(request.header("host") or "")
        if host in ("localhost", "127.0.0.1", "[::1]"):
            return Hit(TYPE, "header.HOST", R_TRIOFOX.id, host)
        return None
    if kind == "session":
        if request.method == "PUT" and request.header("content-range") is not None:
            return Hit(TYPE, point, R_TOMCAT.id, fragment)
        return None
    if kind == "joomla":
        # Joomla's web services read `public` as the route's own flag: an unauthenticated
        # read of its configuration, its users.
        if "public" in query and _PUBLIC.search(percent_decode(query)):
            return Hit(TYPE, "query.public", R_JOOMLA.id, "public=true")
        return None
    if kind == "vtm":
        if "section=" in query and _LOCAL_USERS.search(percent_decode(query).lower()):
            return Hit(TYPE, "query.section", R_VTM.id, "Access Management:LocalUsers")
        return None
    if kind == "papercut":
        if "service=" in query and _SETUP_COMPLETED.search(percent_decode(query)):
            return Hit(TYPE, "query.service", R_PAPERCUT.id, "page/SetupCompleted")
        return None
    if kind == "nacos":
        # Each Nacos server tells the others it is one by this name, and Nacos before
        # 1.4.1 let such a request past its sign-in; its servers keep one another's
        # configuration and instances in step, and manage no users.
        agent = request.header("user-agent") or ""
        if agent[:12].lower() == "nacos-server":
            return Hit(TYPE, "header.USER-AGENT", R_NACOS.id, agent[:64])
        return None
    if kind == "citrix":
        if _BARE_LOGIN.search(request.body.strip()):
            return Hit(TYPE, "post.form.login", R_CITRIXBLEED2.id, "login")
        return None
    body = _ends(request.body.decode("utf-8", "replace"), "&")
    for where, arguments in (("query", query), ("post", body)):
        hit = _gitlab(where, arguments) if kind == "gitlab" else _ofbiz(where, arguments)
        if hit is not None:
            return hit
    return None


def _moveit(name: str, value: str) -> bool:
    """Whether a header of lower-case `name` (one holding `silock-`) is MOVEit Transfer's
    exploit: its ISAPI front passes `X-siLock-*` headers on to `machine2.aspx`, whose
    `session_setvars` transaction writes each `X-siLock-SessVar<n>` into the session
    (`MyUsername: Guest`); the ISAPI checks the transaction by a name that
    `xx-silock-transaction` also ends with. Its own components set session variables;
    no client sends one."""
    if name.startswith("x-silock-sessvar"):
        return True
    if not name.endswith("silock-transaction"):
        return False
    return name != "x-silock-transaction" or value.strip().lower() == "session_setvars"


def _gitlab(where: str, arguments: str) -> Hit | None:
    """GitLab's reset link mailed to every address of an array, the attacker's among them."""
    found = _EMAIL_ARRAY.search(percent_decode(arguments, True))
    return Hit(TYPE, f"{where}.user[email]", R_GITLAB.id, found.group()) if found else None


def _ofbiz(where: str, arguments: str) -> Hit | None:
    """OFBiz's login check skipped: a password change asked for with no user name or
    password to change it for."""
    if "%" not in arguments and "requirepasswordchange" not in arguments.lower():
        return None  # every other form: no field of the three can be there
    fields: dict[str, str] = {}
    for pair in arguments.split("&"):
        name, _, value = pair.partition("=")
        if "%" in name or "+" in name:
            name = percent_decode(name, True)
        name = name.lower()
        if name in _OFBIZ_FIELDS and name not in fields:
            fields[name] = percent_decode(value, True)
    if fields.get("requirepasswordchange", "").upper() != "Y":
        return None
    if fields.get("username") and fields.get("password"):
        return None
    return Hit(TYPE, f"{where}.requirePasswordChange", R_OFBIZ.id, "requirePasswordChange=Y")
