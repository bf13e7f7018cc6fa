"""Path traversal: climbing out of a directory, and reaching files that must never be read.

Paths are normalised first: backslashes and encoded separators become `/`, NUL bytes and
`./` segments go, `0x2e`/`0x2f`/`0x5c` spellings are folded.
"""

from __future__ import annotations

import re
from typing import Final

from node.rules import Match, Rule, RuleSet, View, searchable, words, words_only
from node.types import AttackType

TYPE: Final = AttackType.PTRAV

TOKENS: Final = (
    "..",
    "/etc/",
    "etc/passwd",
    "etc/shadow",
    "boot.ini",
    "win.ini",
    "system32",
    "/proc/",
    "/sys/",
    ".ssh",
    ".htaccess",
    ".htpasswd",
    "web.config",
    "global.asa",
    ".env",
    ".git",
    "wp-config",
    "0x2e",
    "0x5c",
    "0x2f",
    "/var/log",
    "/root/",
    "id_rsa",
    "/@fs/",
    ".aws",
    ".docker",
    ".kube",
    ".npmrc",
    ".bash_history",
    "/windows/",
    "\\windows",
    "c:\\",
    "c:/",
    "%00",
    "::$data",
    ".claude",
    ".cursor",
    ".continue",
    ".aider",
    ".roo",
    ".zed",
    ".vscode",
    ".idea",
    ".backup",
    ".sql",
    ".bak",
    ".old",
    ".swp",
    "backup",
    "dump",
    ".ds_store",
    "file:",
    "/dev/",
    "/usr/",
    "/bin/",
    "/home/",
    "/tmp/",
    ".mcp",
    "__x00__",
    ".config",
    "web-inf/",
    "meta-inf/",
    "\0",
)

# Files whose mere name in a value is an attempt to read them. Directories (/etc/nginx,
# /var/log) count only when reached by a climb: see the climb rules.
_SENSITIVE: Final = (
    r"etc/(?:passwd|shadow|group|gshadow|master\.passwd|sudoers|security/opasswd)\b"
    # (WINNT, the directory of Windows NT and 2000: its programs too, IIS' `cmd.exe`; not a
    # page named for the header `winnt.h`, `/api/winnt/ne-winnt-…`.)
    r"|(?:boot|win|system)\.ini|win(?:dows|nt)/(?:win\.ini|repair|panther|debug/)"
    r"|winnt/system32/"
    # What System32 holds that a read is after: hosts, the registry's hives, IIS's
    # configuration, logs; not any program of it (`C:\Windows\System32\alg.exe`).
    r"|windows/system32/(?:drivers/etc/|config/|inetsrv/|logfiles/|winevt/|tasks/"
    r"|license\.rtf|eula\.txt)|windows/(?:setupapi|windowsupdate|iis\d*)\.log"
    r"|proc/(?:self|\d+)/(?:environ|cmdline|maps|mem|fd|cwd|root|status)"
    r"|proc/(?:version|sched_debug|net/(?:tcp|arp))"
    # (a private key; its public half, `id_rsa.pub`, is what a user uploads to be let in)
    r"|\.ssh/(?:id_\w+\b(?!\.pub)|authorized_keys)"
    r"|id_[rd]sa\b(?!\.pub)|\.htpasswd|\.htaccess$|web\.config$|(?<=[/\\])global\.asax?$|wp-config\.php"
    # ColdFusion's administrator password and its security settings (CVE-2010-2861,
    # CVE-2023-26360 read them through a climb).
    r"|lib/(?:password\.properties|neo-security\.xml)\b"
    # Jenkins' key to the secrets it keeps, its first administrator's password.
    r"|secrets/(?:master\.key|initialadminpassword|hudson\.util\.secret)\b"
    # Tomcat's users and their passwords, MySQL's table of accounts.
    r"|tomcat-users\.xml|mysql/user\.my[di]\b"
    r"|\.bash_history|\.aws/credentials|\.docker/(?:config\.json|secrets)|\.kube/config"
    # A pod's credentials and the cluster's: what file reads are after in Kubernetes.
    r"|run/secrets/kubernetes\.io/serviceaccount/(?:token|ca\.crt|namespace)"
    r"|etc/kubernetes/(?:(?:admin|kubelet|controller-manager|scheduler)\.conf|pki/)"
    r"|var/lib/kubelet/(?:kubeconfig|pki/)"
    r"|\.git/(?:config|head|index)|\.svn/entries|/\.env(?:\.\w+)?$|^\.env$"
    r"|localstart\.asp|/@fs/|/@id/|__x00__|(?:web|meta)-inf/[\w./-]*\.(?:xml|properties|class|mf)"
)
# What a server runs or reads, and serves no copy of: a program, its configuration.
_SERVER_SOURCE_EXTENSIONS: Final = (
    *("php", "php3", "php4", "php5", "php7", "php8", "phtml", "inc", "asp", "aspx", "asa"),
    *("jsp", "jspx", "cfm", "cgi", "pl", "py", "rb", "config", "conf", "cnf", "ini", "env"),
    *("yml", "yaml", "properties"),
)
_SERVER_SOURCES: Final = "|".join(_SERVER_SOURCE_EXTENSIONS)
_ARCHIVES: Final = r"(?:zip|tar|tgz|tbz2?|gz|7z|7zip|rar)(?:\.(?:gz|bz2|xz))?"
_AI_AND_EDITOR_FILES: Final = (
    r"(?:^|/)\.(?:claude|cursor|continue|aider|roo|zed|vscode|idea|windsurf|codeium|"
    r"copilot|gemini|mcp|config/(?:gcloud|gh|git))(?:/|\.json|\.ya?ml|$)"
    r"|(?:^|/)[\w.-]*\.(?:sql|bak|bck|backup|old|orig|swp|sav|save|dump)"
    r"(?:\.(?:gz|zip|bz2|xz|7z|tar))?$"
    # An editor's copy of a program or a configuration the server runs or reads, which it
    # serves as text: config.php~ (vim, nano), #config.php# (Emacs's autosave); and one
    # archived, which no site offers for download (index.php.zip, login.aspx.tar.gz).
    r"|(?:^|/)(?:[\w.-]*\.(?:" + _SERVER_SOURCES + r")(?:~|\.(?:" + _ARCHIVES + r"))"
    r"|#[\w.-]*\.(?:" + _SERVER_SOURCES + r")#)$"
    # An archive is a download (app-1.2.tar.gz, photos.zip) unless its name says it holds
    # a site or a database: www.zip, site-backup.tar.gz, db_2024.7z.
    r"|(?:^|/)(?:[\w-]*[._-])?(?:backups?|bak|dump|db|database|sql|mysql|www|wwwroot|htdocs|"
    r"public_html|webroot|site)(?:[._-][\w-]*)?\.(?:" + _ARCHIVES + r")$"
)
# An NTFS stream's name after a file's: IIS serves the source (index.php::$DATA). Apart
# from `_SENSITIVE`, whose every other name a long text is searched for from its literal:
# this one, which starts with any word, had each word after a blank or a slash tried
# (0.35 ms a 64 KB page, and 2.7 ms for all when no alternative had a literal).
_STREAM: Final = r"[\w-]{1,64}\.\w{2,5}::\$data$"
# Where a file's name starts: the value's start, a blank, a separator or a climb, a drive.
_FILE_START: Final = r"(?:^|[/\s=:'\"\\]|\.\./)(?:[a-z]:/)?"

RULES: Final = (
    Rule(
        4001,
        TYPE,
        "two or more directory climbs: ../../ and their encoded forms",
        re.compile(r"(?:^|[/=:\s'\"])\.{2,}/(?:[^/]{0,40}/)?\.{2,}(?:/|$)"),
        tokens=words(".."),
    ),
    Rule(
        4002,
        TYPE,
        "a climb or absolute path to a sensitive system file",
        re.compile(
            _FILE_START
            + r"(?:"
            + _SENSITIVE
            + r")|"
            + _FILE_START
            + _STREAM
            # Kernel interfaces, web server logs (read back after poisoning them with code),
            # the system's and its servers' configuration, as a whole value only:
            # "/proc/mounts" or "add it to /etc/hosts" in a man page is documentation.
            + r"|^\s*(?:[a-z]:)?/(?:proc/(?:interrupts|cpuinfo|meminfo|mounts|kallsyms"
            r"|sys/kernel/\w+)|sys/(?:class|kernel|devices|firmware|fs/cgroup)"
            r"|var/log/(?=\w)|var/spool/cron/|var/lib/mysql/"
            r"|etc/(?:issue|hosts|hostname|motd|fstab|crontab|resolv\.conf|environment"
            r"|services|protocols|os-release|lsb-release|machine-id"
            r"|ssh/sshd?_config|my\.cnf|mongod\.conf"
            r"|(?:apache2|httpd|nginx|mysql|php\d?|postgresql|redis)/)"
            r"|usr/local/(?:apps/)?(?:apache2?|nginx|etc)/|inetpub/|opt/lampp/|xampp/"
            # A web or database server's configuration where a system installs one:
            # /opt/tomcat/conf/server.xml, C:/wamp64/bin/php/php.ini, /srv/www/nginx.conf;
            # not a copy in someone's project (/home/me/site/nginx.conf).
            r"|(?:etc|usr|opt|var|srv|wamp\d*)(?:/[\w.-]+)*?/(?:tomcat\d*/conf/"
            r"|(?:httpd|apache2?|nginx|lighttpd)\.conf$|php\.ini$|my\.(?:cnf|ini)$))"
            r"\b[\w/.-]*\s*$"
        ),
        tokens=words(
            "etc/ .ini windows/ winnt/ proc/ sys/ .ssh/ id_rsa id_dsa authorized_keys "
            ".htaccess .htpasswd web.config global.asa wp-config .bash .profile .aws/ .docker "
            ".kube/ .npmrc .pypirc .netrc .git/ .svn/ .env var/ root/ usr/local/ inetpub/ xampp/ "
            "localstart ::$data .ds_store /@fs/ /@id/ __x00__ web-inf/ meta-inf/ run/secrets/ "
            "etc/kubernetes/ var/lib/kubelet/ tomcat .conf .cnf my.ini lampp/ "
            "lib/password.properties lib/neo-security.xml secrets/master.key "
            "secrets/initialadminpassword secrets/hudson.util.secret"
        ),
    ),
    Rule(
        4003,
        TYPE,
        "a relative climb at the start of a value",
        # A value of dots only climbs when it is `..`: "..." is an ellipsis, a name on
        # POSIX systems and `.` on Windows, which drops a name's trailing dots. Nor is a
        # line of git's diffstat, a path its start cut to `.../` and what changed in it
        # (`.../fonts/x.ttf | Bin 0 -> 1076 bytes`, or `| Bin` alone, `.../gsubgpos.hh |
        # 22 ++--`, a file renamed or its mode changed: `.../README | 0`).
        re.compile(
            r"^\s*/?(?!\.\.\./[^\n|]*\|[ \t]+(?:\d+(?:[ \t]+[+-]|[ \t]*(?:\n|$))"
            r"|bin(?:[ \t]+\d|[ \t]*(?:\n|$))))\.{2,}/(?:\S|$)"
            r"|^\s*\.\.$"
        ),
        tokens=words(".."),
    ),
    Rule(
        4004,
        TYPE,
        "files nobody should fetch: agent and editor settings, backups, editors' copies and dumps",
        re.compile(_AI_AND_EDITOR_FILES),
        tokens=words(
            "/. .sql .bak .bck .backup .old .orig .swp .sav .save .dump .tar .tgz .tbz .zip .gz"
            " .7z .rar"
        )
        # an editor's copy: config.php~, #config.php#
        + tuple(f".{extension}{mark}" for extension in _SERVER_SOURCE_EXTENSIONS for mark in "~#"),
    ),
    Rule(
        4005,
        TYPE,
        "hidden files and directories, server logs and applications' secrets, requested by "
        "path: Magento's app/etc/env.php, Drupal's settings.php, Laravel's log, Rails' keys,"
        " a Spring Boot application's heap dump",
        # Not a name that only starts with a dot: a tag, a topic or a job page of .NET
        # (`/questions/tagged/.net-core`), a registry's page of a top-level domain.
        re.compile(
            r"/\.(?!well-known/|(?:net(?:-[\w-]+)?|com|org|io|dev|app|ai|co|info|biz|xyz"
            r"|eu|uk|de|fr|us)(?:/|$))[\w-][\w.-]*(?:/|$)|/[\w-]*(?:debug|error|errors|access)"
            r"[\w-]*\.log$"
            # Where a framework keeps its database's password and its keys, which no page
            # links to (a Git forge's view of a repository's file is read apart).
            r"|/(?:app/etc/(?:env\.php|local\.xml)|sites/[\w.-]+/settings(?:\.local)?\.php"
            r"|storage/logs/laravel(?:-[\d-]+)?\.log|config/(?:master\.key|(?:secrets|database"
            r"|credentials)\.yml(?:\.enc)?)|app/config/parameters\.yml"
            # A heap dump holds what the application held: its keys, tokens and sessions
            # (Spring Boot's actuator endpoint, TeleMessage's CVE-2025-48927).
            r"|(?:actuator/)?heapdump)$"
        ),
        tokens=words(
            "/. .log app/etc/ settings.php settings.local.php master.key secrets.yml "
            "database.yml credentials.yml parameters.yml heapdump"
        ),
    ),
    Rule(
        4006,
        TYPE,
        "a climb in the request path, which browsers and HTTP clients resolve before sending",
        re.compile(r"(?:^|/)\.{2,}/"),
        tokens=words(".."),
    ),
    Rule(
        4007,
        TYPE,
        "a file read through PHP's filter stream: php://filter/convert.base64-encode/resource=",
        # (Normalised: `//` is one slash.)
        re.compile(r"php:/{1,2}filter/[^\s'\"<>]{0,300}?resource="),
        tokens=words("php:/"),
    ),
    R_CUT := Rule(
        4008,
        TYPE,
        "a NUL byte that cuts a file's name short: shell.php%00.jpg, index.php%00",
        # A NUL after a file's extension, before another or at the end: C's file functions
        # (PHP's before 5.3.4, old Java's and Perl's) stop at it, so the extension an
        # upload's check reads or the application appends is not the file's. Not a name
        # with no extension nor a number (a C string's end, `report\0`, `1.5\0`).
        re.compile(
            r"[\w-]\.[a-z][a-z0-9]{0,7}\x00+(?:\.[a-z0-9]{1,8})?\s*$|\x00+\.[a-z][a-z0-9]{0,7}\s*$"
        ),
        tokens=("\0",),
    ),
    Rule(
        4009,
        TYPE,
        "a path parameter that names a page's or a static file's type, /app/rest/users;.jsp, "
        "or an empty one after a Java page, /secure/x.jspa;",
        # A filter that lets pages or static files by (TeamCity's, CVE-2024-27198; Spring
        # Security's and Shiro's, `/admin;.css`) reads the extension; Tomcat and Spring
        # route the path without its parameter. In the target, or a path in a value
        # (TeamCity's `/hax?jsp=/app/rest/users;.jsp`). A filter that reads a Java page's
        # name whole missed it with `;` after it (Jira's Seraph, CVE-2022-0540).
        re.compile(
            r"/[^/\s;]*;\.(?:jspx?|jsf|xhtml|do|action|php\d?|aspx?|ash[xd]|asmx|cfm|css|js"
            r"|png|jpe?g|gif|ico|svg|woff2?|ttf|html?|txt)(?=[/;?#&]|\s*$)"
            r"|/[^/\s;]*\.(?:jspx?|jspa|do|action);(?=[/?#&]|\s*$)"
        ),
        tokens=(";.", "jsp;", "jspx;", "jspa;", ".do;", "action;"),
    ),
    Rule(
        4010,
        TYPE,
        "a letter or digit of the path encoded twice, /%2577ebui_wsma_HTTP: a server that "
        "decodes twice routes a path a filter that decodes once did not see",
        # What a path holds once decoded: an escape of a letter or a digit, which no client
        # writes twice (Cisco IOS XE's CVE-2023-20198). Not an escape of UTF-8, which a
        # client that encodes twice by mistake sends (`caf%25C3%25A9`). In the target only.
        re.compile(r"%(?:3[0-9]|4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a])"),
        tokens=words("%3 %4 %5 %6 %7"),
    ),
    R_SEGMENT := Rule(
        4011,
        TYPE,
        "a segment of the request path that is a dot or a bare path parameter: /./RestAPI/, "
        "/_/;/auth/",
        # Clients resolve dot segments before sending and send no empty segment with a
        # parameter; a filter that matches the path as sent lets by what the server routes
        # once it has dropped them (ManageEngine's CVE-2021-40539, VMware's CVE-2022-31656,
        # Shiro's `/;/`). Asked of the target before it is normalised, which drops them too.
        # (Not a name that opens with two dots, `/..foo`: a file's.)
        re.compile(r"/(?:\.|;)(?=[/?#]|$)"),
        tokens=words("/. /;"),
    ),
)

# Slashes by other names: escapes, overlong UTF-8, and Unicode look-alikes (∕ ∖ ／ ＼ ⁄ ⧵)
# that IIS and some normalisers turn into real ones, and the two private-use characters
# traversal fuzzers send for them (dotdotpwn's and wfuzz's `..%uEFC8`, `..%uF025`).
# Searched in lower-case text, and every alternative starts with a plain character: `re`
# skips to where a match can start.
_SEPARATORS: Final = re.compile(
    r"\\|0x5c|0x2f|%2f|%5c|\\u002f|\\u005c|%c0%af|%c1%9c|"
    + "|".join("\u2215\u2216\uff0f\uff3c\u2044\u29f5\uefc8\uf025")
)
_DOTS: Final = re.compile(r"0x2e|%2e|\\u002e")
_NUL: Final = re.compile(r"\x00|%00")
# What a path normaliser drops after a slash, `./`, `/` and `;` (Tomcat's `..;/`), in
# every run at once: `/./;/./` is one slash. (A pass per layer of nesting cost 0.5 ms over
# 64 KB of punctuation, three times. Each alternative starts with a plain character for
# `re` to skip to, and is given up at once where none of them follows it.)
_PATH_NOISE: Final = re.compile(r"/(?=[./;])(?:\.?;*/)+|;(?=[;/]);*/(?:\.?;*/)*")
# `.. /`: the spaces go. Not after an ellipsis, nor across lines: "...\n/* a comment */".
_SPACED_DOTS: Final = re.compile(r"\.(?<!\.\.)\.[ \t]+(?=/)")


def normalize(lower: str) -> str:
    """`lower` (lower-case) with every spelling of a slash and a dot made one."""
    text = _SEPARATORS.sub("/", lower)
    text = _DOTS.sub(".", text)
    for _ in range(3):  # `%%0000` is `%00` once the inner one goes
        if "\x00" not in text and "%00" not in text:
            break
        text = _NUL.sub("", text)
    if "/" in text:
        text = _PATH_NOISE.sub("/", text)
    if ".." in text:
        text = _SPACED_DOTS.sub("..", text)
    return text


# One level up to a stylesheet, a script, an image or a font: the relative link a page
# or a template holds (`../assets/logo.svg`). Not in a file name: an upload written one
# directory up overwrites whatever is there.
_ASSET_LINK: Final = re.compile(
    r"\s*\.\./(?:[\w-]+/)*[\w-][\w.-]*\.(?:css|js|mjs|svg|png|jpe?g|gif|webp|avif|ico|woff2?|ttf)"
    r"(?:[?#][\w=&.-]*)?\s*"
)
# A value of dotted words that only ends as an editor's backup does: an event's or a
# field's name (`settings.save`, the update mask `cluster.managedBackupSource.backup`),
# not a file's, which has an extension of its own before it (`index.php.save`,
# `wp-config.php.old`) or a path. Dumps and `.bak` files count however they are named.
_NAMED_LIKE_A_BACKUP: Final = re.compile(
    r"\s*(?![\w.-]*\.(?:php\d?|phtml|aspx?|jsp|js|json|xml|ya?ml|conf|config|cfg|ini|env|inc"
    r"|html?|txt|py|rb|pl|cgi|sh|properties|sql|db|sqlite|key|pem|log)\.)"
    r"[\w-]+(?:\.[\w-]+)*\.(?:old|orig|save|sav|backup|swp)\s*"
)
# A link in markup (<a href="../../std/box.html">) climbs where the browser resolves it, from
# the page, and in a file of code shown whole (a document), a module's import
# (require('../../core/util')) where the bundler does: their dots are no climb on the server.
# A sensitive file at the end of either still counts; so does a module required in a value,
# which an injected require() loads and runs.
# (Its quotes may be escaped, as markup in a string of code is: `href=\"../../x.html\"`,
# whose backslashes are slashes once normalised.)
_LINK_VALUE: Final = re.compile(
    r"(<[a-z][\w-]*\s[^<>]{0,300}?\b(?:href|src)\s*=\s*)([\\/]?['\"])([^'\"<>]{0,500})\2"
)
# So is the text of a link, which the page shows: often where it goes (<a
# href="../../../book/index.html">../../../book/index.html</a>).
_LINK_TEXT: Final = re.compile(r"(<a\s[^<>]{0,300}>)([^<>]{0,500})(?=</a>)")
# A Markdown reference's definition in a document (rustdoc's `/// [`String`]:
# ../../std/string/struct.String.html`) climbs where its renderer resolves the link, as a
# link in markup does. (Normalised: `///` is one slash. An inline link's `(../../` is no
# climb to rule 4001 anyway.) A value that is one alone is a path a normaliser may shorten.
_MARKDOWN_LINK: Final = re.compile(
    r"[ \t]*(?:(?:/+!?|#+|\*|;+|--)[ \t]*)?\[[^\[\]\n]{1,200}\]:[ \t]*(\S{1,500})"
)
# (A pattern for each keyword, which `re` finds as a whole word, not as one of two letters
# to try: 0.6 ms over 64 KB of source, against 0.1. Each `\b` is checked after it. An
# import's and an export's in one pattern were tried at every `i` and `e`: 1 ms, 0.13 in
# two.)
_MODULE_PATH_END: Final = r"(['\"])([^'\"<>\n]{0,500})\2"
_REQUIRED_PATH: Final = re.compile(r"(require(?<!\wrequire)\s*\(\s*)" + _MODULE_PATH_END)
_MODULE_PATHS: Final = (
    re.compile(
        r"(import(?<!\wimport)(?:\s*\(\s*|\s[^;'\"\n]{0,200}?\bfrom\s+"
        # (an import for its side effects: `import "../../styles/main.css";`)
        r"|[ \t]+(?=['\"])))" + _MODULE_PATH_END
    ),
    re.compile(r"(export(?<!\wexport)\s[^;'\"\n]{0,200}?\bfrom\s+)" + _MODULE_PATH_END),
)
# A link's own attribute in a markup body (`<a href="../onlinedocs/index.html">` posted as
# a page, a form's `action="../search.php"`): the browser resolves it from the page, as a
# link in a text value (`_LINK_VALUE`).
_LINK_ATTRIBUTE: Final = re.compile(r"\.@(?:href|src|action|formaction|poster)$", re.IGNORECASE)
# Values a rule spares when they are the whole value, but in a file's name (an upload
# written one directory up, a backup's name a `filename` field asks for): a link to an
# asset one level up (4003), a name that only ends as a backup's does (4004).
_SPARED_VALUES: Final = {4003: _ASSET_LINK, 4004: _NAMED_LIKE_A_BACKUP}
# A settings field for the application's own log (`log_file`, `errorLog`, `error_log`;
# a logging configuration's appender, Logback's `<appender><file>`, Log4j 2's `<RollingFile
# fileName=…>`) given a file under /var/log: where it writes, which is what the field asks.
# A path read back from there is asked for in any other field (`file=/var/log/apache2/…`).
_LOG_SETTING: Final = re.compile(
    r"(?:^|[._\[])[a-z]*log(?:s|_?(?:file|path|dir|directory|location|name))?\]?$"
    r"|appender[\w.]*\.@?file(?:name)?$|\.(?:rolling(?:randomaccess)?)?file\.@filename$",
    re.I,
)
# Where a container's volume is mounted (Kubernetes' `volumeMounts[].mountPath`): a
# directory of the container's own that the volume covers, `/etc/nginx/conf.d`, which no
# one reads through the request. A climb out of it counts still.
_MOUNT_POINT: Final = re.compile(r"\.mount_?path$", re.I)
# The name of a key pair a cloud creates machines with (AWS Batch's `ec2KeyPair`, EC2's
# `KeyName`, a Terraform `key_name`), which people name after their key file (`id_rsa`):
# a name the cloud looks up, no file read. A path there is one still.
_KEY_PAIR: Final = re.compile(r"key_?(?:pair|name)(?:_?name)?$", re.I)
_BARE_NAME: Final = re.compile(r"\s*[\w.-]+\s*")
# An absolute path's segments, none of them a dot segment.
_SEGMENTS: Final = r"(?:/(?!\.\.?(?:/|\s*$))[\w.-]+)+/?\s*"
_CONTAINER_PATH: Final = re.compile(r"\s*" + _SEGMENTS)
_OWN_LOG: Final = re.compile(r"\s*/var/log" + _SEGMENTS)
# (Rule 4011 apart: it is asked of the target as it came.)
_PATH_RULES: Final = RuleSet(*RULES[:-1])
_CLIMB_RULES: Final = RuleSet(*RULES[:3])
_FILE_RULES: Final = RuleSet(RULES[3], RULES[6], RULES[8])
# A multipart part's file name names a file sent, not one to fetch: a dump imported
# (phpMyAdmin's `dump.sql`), a backup restored (`site-backup.zip`) is what uploads are for;
# so does a JSON body's key that names one (a gist's `"files": {"schema.sql": {…}}`).
# Nor does a file named below a text's first line ask for it: a patch's list of files
# ("Files: src/testdir/dumps/Test_popup_1.dump"), a system file on a line of a document
# ("sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config" in a question); a request
# names the file it wants in a value of one line, or climbs to it. PHP's filter stream
# counts in both.
_NOT_ASKED_RULES: Final = RuleSet(RULES[6])
_DISPOSITION: Final = ".header.CONTENT-DISPOSITION"
# What a web server reads from the directory a file lands in: IIS' `web.config`, Apache's
# `.htaccess`, ASP's `global.asa`.
_SERVER_READ: Final = re.compile(r"web\.config|\.htaccess|global\.asa", re.IGNORECASE)
# A file in a home directory named as a shell or a tool's configuration names it
# (`~/.ssh/id_rsa`, `$HOME/.kube/config`, `%USERPROFILE%\.aws\credentials`): only a shell
# expands the name, which a file read takes as it is. A setting's value in documentation
# and configuration (`IdentityFile ~/.ssh/id_rsa`, `KUBECONFIG=~/.kube/config`); a climb
# from one (`~/../../etc/passwd`) is one still. (Each alternative starts with a plain
# character, for `re` to skip to.)
_HOME_FILE: Final = re.compile(
    r"(?:~(?<![\w~]~)|\$\{?home\}?|%userprofile%)/(?=\.\w)([^\s'\"<>]{1,500})"
)
# In prose only climbs count (`View.prose`): "/etc/passwd" in a manual is documentation.
# And only those that reach the system's directories or a sensitive file: a relative path
# a document discusses (`INST_LIB defaults to ../../lib`, `'../../typemap'`) climbs out of
# a project, not out of a web root.
_PROSE_CLIMB: Final = searchable(
    re.compile(
        # (The first dot, then what is before it: for `re` to skip from one dot to the next.)
        r"\.(?<![^/=:\s'\"].)\.+/(?:[^/\s]{0,40}/)?\.{2,}/(?:\.{2,}/)*(?:[a-z]:/)?(?:"
        + _SENSITIVE
        + "|"
        + _STREAM
        + r"|\.env\b|(?:etc|var|proc|sys|usr|root|home|boot|dev|bin|tmp|opt|srv|windows|winnt"
        r"|inetpub)(?:/|$))"
    )
)
# A relative path a short text names after a word and a blank (`.. cmake-module::
# ../../Modules/FindJNI.cmake`, "the file is in ../../src/main.c"), or from a directory a
# variable holds (CMake's `${_Intel_basedir}/../../redist`, `$(pwd)/../../build`) climbs
# out of a project, as prose's do; at a value's start, after `=` or a quote, three levels
# up or more (where a probe climbs, not knowing how deep it is), or reaching the system's
# directories or a sensitive file (`_PROSE_CLIMB`), a climb counts still. So does a
# source file's location in a compiler's or a linker's message, at any depth (`located`):
# `../../../tests/ioctl_dm.c:53:25: error: …`, `../../src/hb-ot.cc:55: warning: …`,
# `.../net.c: In function 'do_pipe':`, `../lib/.libs/libgnutls.so: undefined reference…`.
# (The pattern starts with the first two dots, what comes before them looked back at from
# them: for `re` to skip from one `..` to the next, not to look back at every character,
# nor at every dot of a page of code, 0.7 ms a 64 KB. `located` marks the second
# alternative.)
_NAMED_CLIMB: Final = re.compile(
    r"\.\.(?:(?<=[\w:,)][ \t]\.\.|[})]/\.\.)\.*/[^\s'\"<>]*"
    r"|(?<![^\s(\[]\.\.)(?P<located>)\.*/[^\s'\"<>:]*(?::\d+(?::\d+)?(?=[:)\s,]|$)"
    r"|:[ \t](?=in[ \t]|undefined[ \t]reference|(?:fatal[ \t])?error:|warning:|note:)))"
)


def _project_path(path: str, any_depth: bool = False) -> bool:
    """Whether the relative `path` climbs out of a project only: two levels up at most
    (`any_depth` aside), to no system directory or sensitive file (`_PROSE_CLIMB`)."""
    return (any_depth or path.count("..") <= 2) and _PROSE_CLIMB.match(path) is None


# A relative path as a string a program passes to a call or lists (AMD's
# `define(['exports', '../../utils'], …)`, `path.join(__dirname, '../..')`): a module's or
# a build's path, out of a project only (`_project_path`) or counted.
_ARGUMENT_PATH: Final = re.compile(r"([(\[,]\s*)(['\"`])(\.\.[^'\"`\s<>]{0,300})\2")
# In a document of code, a string holding a climb at any depth: where a build lays out
# what it installs (CMake's `set(from_install_prefix "../../../")`, an rpath's
# `"@executable_path/../../../lib"`, `"${_ECLIPSE_DIR}/../../../features/…"`), a setup
# script's `{'QuickTime': '../../../Lib/plat-mac/Carbon'}` in a patch. A path of the
# project the code is laid out in, out of it only (`_project_path`): no value of many
# lines is a path a server opens, and the system's directories and sensitive files count
# still. (A quote, then what is no quote, blank or bracket: `re` skips to each quote.)
_QUOTED_STRING: Final = re.compile(r"(['\"`])([^'\"`\s<>]{1,300})\1")


# Markdown's inline link to a page of its own site, any levels up (`[version
# skew](../../../guides/self-hosting.md#version-skew)`), but not to the system's files.
_INLINE_LINK: Final = re.compile(r"\.(?<=\]\(\.)\.[^)\s]{0,300}(?=\))")


def _inline_link_hidden(link: re.Match[str]) -> str:
    path = link.group(0)
    return path.replace("..", "__") if _project_path(path, any_depth=True) else path


def _named_climb_hidden(named: re.Match[str]) -> str:
    path = named.group(0)
    if _project_path(path, any_depth=named.group("located") is not None):
        return path.replace("..", "__")
    return path


# Hidden directories a platform serves its own endpoints under, at the root of any site it
# hosts: Netlify's functions and identity, Azure App Service's authentication, Ory's
# tunnel, Anubis' bot challenge. (`/.well-known/` is in the rule.)
_PLATFORM_DIRECTORY: Final = re.compile(r"/\.(?=(?:netlify|auth|ory|within\.website)/)")
# A file of a repository that a Git forge shows or serves (GitHub's, Gitea's, GitLab's,
# Bitbucket's views, their contents APIs): past the ref, the path names a file of the
# repository (`.github/workflows/ci.yml`, `db/schema.sql`), not one of the site's.
_REPOSITORY_FILE: Final = re.compile(
    r"^/[\w.-]+/[\w.-]+/(?:blob|tree|raw|blame|edit|commits|src)/[^/]+/"
    r"|/-/(?:blob|tree|raw|blame|edit|commits)/[^/]+/"
    r"|/repos/[\w.-]+/[\w.-]+/(?:contents|raw|media|browse)/"
    r"|/projects/[^/]+/repository/files/"
)
# The most rule 4008 reads before its NULs: `x.` and an extension of eight characters.
_NAME_BEFORE_NUL: Final = 10
# What a repository's file names cannot say: a climb, a system file, PHP's filter stream.
_CLIMB_PATH_RULES: Final = RuleSet(*RULES[:3], *RULES[5:-1])
# The tokens of what is looked for in a value besides the target: all but those of rule
# 4010, whose escapes a value of hex digits routes here by the thousand, and of 4011.
_BEYOND_THE_TARGET: Final = frozenset(TOKENS) | frozenset(
    token for rule in RULES if rule.id not in (4010, 4011) for token in rule.tokens
)


def _cut_short(lower: str) -> re.Match[str] | None:
    """Rule 4008 in `lower`, which holds a NUL. Its match ends the text with the last run
    of NULs, after a file's name of at most ten characters: it is looked for from there,
    not tried at every letter of a long text (1.5 ms over 64 KB of escapes, none now)."""
    assert R_CUT.pattern is not None
    run = lower.rfind("\0")
    while run > 0 and lower[run - 1] == "\0":
        run -= 1
    return R_CUT.pattern.search(lower, max(run - _NAME_BEFORE_NUL, 0))


def confirm(view: View) -> Match | None:
    if view.area != "path" and view.tokens().isdisjoint(_BEYOND_THE_TARGET):
        return None  # only what rule 4010 looks for, in the target alone: `%3`…`%7`
    if "\0" in view.lower:
        cut = _cut_short(view.lower)
        if cut is not None:
            return Match(R_CUT, cut.start(), cut.end())
    text = normalize(view.lower)
    if view.area == "path":
        if text.startswith("/.") and _PLATFORM_DIRECTORY.match(text):
            text = "/_" + text[2:]
        present = view.tokens(text, TYPE)
        shown = _REPOSITORY_FILE.search(text) if "/" in text[1:] else None
        if shown is not None:
            # The forge's own path is read whole; the repository's file, for climbs.
            found = _PATH_RULES.search(text[: shown.end()], present) or _CLIMB_PATH_RULES.search(
                text, present
            )
        else:
            found = _PATH_RULES.search(text, present)
        if found is None and ("/." in view.lower or "/;" in view.lower):
            assert R_SEGMENT.pattern is not None
            segment = R_SEGMENT.pattern.search(view.lower)
            if segment is not None:
                found = Match(R_SEGMENT, segment.start(), segment.end())
        return found
    if view.prose and ".." not in text:
        return None  # no climb: a page of prose is not read for tokens again
    if ".." not in text and words_only(text):
        return None  # a search or a title that names a file: "win.ini location"
    if "/." in text and ("~" in text or "home" in text or "%userprofile%" in text):
        text = _HOME_FILE.sub(_home_file_hidden, text)  # the same length: offsets hold
    present = view.tokens(text, TYPE)
    if ".." in text and _LINK_ATTRIBUTE.search(view.point):
        text = text.replace("..", "__")  # a sensitive file at its end still counts
    elif ".." in text and "<" in text:
        text = _LINK_VALUE.sub(_dots_hidden, text)  # the same length: offsets hold
        text = _LINK_TEXT.sub(_text_hidden, text)
    if ".." in text and view.document and "]:" in text:
        text = _references_hidden(text)
    if ".." in text and "require" in text:
        text = _REQUIRED_PATH.sub(_dots_hidden if view.document else _shallow_hidden, text)
    if ".." in text and ("import" in text or "export" in text):
        for imported in _MODULE_PATHS:
            text = imported.sub(_dots_hidden if view.document else _shallow_hidden, text)
    if view.prose:
        climb = _PROSE_CLIMB.search(text)
        return None if climb is None else Match(RULES[0], climb.start(), climb.end())
    # A file sent: a part's file name (and the part's `Content-Disposition` that gives it),
    # or a JSON body's key naming one (a gist's `files`, a deployment's map of paths to
    # contents).
    uploaded = (
        view.point.startswith("post.multipart.")
        and view.point.endswith((".filename", _DISPOSITION))
    ) or (view.point.startswith("post.json.") and view.point.endswith(".@key"))
    if not uploaded and ".." in text:
        text = _NAMED_CLIMB.sub(_named_climb_hidden, text)  # the same length: offsets hold
        text = _ARGUMENT_PATH.sub(_shallow_hidden, text)
        if view.document:
            text = _QUOTED_STRING.sub(_quoted_climb_hidden, text)
        if "](" in text:
            text = _INLINE_LINK.sub(_inline_link_hidden, text)
    files = _NOT_ASKED_RULES if uploaded else _FILE_RULES
    found = _CLIMB_RULES.search(text, present) or files.search(text, present)
    if uploaded and found is not None and found.rule.id == 4002:
        named = text[found.start : found.end]
        if "/" not in named and "\\" not in named and _SERVER_READ.search(named) is None:
            # A file sent under a sensitive name, with no path (`.env` imported into a
            # secrets manager, `id_rsa` to a key store): the name it is stored under. One
            # a web server reads in the directory it lands in still counts.
            found = _NOT_ASKED_RULES.search(text, present)
    if (
        found is not None
        and "\n" in text[: found.start]
        and found.rule.id in (4002, 4004)
        and not text.startswith("../", found.start)
    ):
        # A file named below a text's first line is named, not asked for: a file read takes
        # the value whole (`x\n/etc/passwd` opens no such file), and a command that reads
        # it is rce's. A manual's FILES, "DATEIEN\n       /etc/group\n  Informationen…".
        found = _NOT_ASKED_RULES.search(text, present)
    if (
        found is not None
        and found.rule.id == 4002
        and (
            (_LOG_SETTING.search(view.point) and _OWN_LOG.fullmatch(text))
            or (_MOUNT_POINT.search(view.point) and _CONTAINER_PATH.fullmatch(text))
            or (_KEY_PAIR.search(view.point) and _BARE_NAME.fullmatch(text))
        )
    ):
        return None
    spared = _SPARED_VALUES.get(found.rule.id) if found is not None else None
    if spared is not None and not view.point.endswith(".filename") and spared.fullmatch(text):
        return None
    return found


def _home_file_hidden(named: re.Match[str]) -> str:
    path = named.group(1)
    if ".." in path:
        return named.group(0)
    return named.group(0)[: len(named.group(0)) - len(path)] + "_" * len(path)


def _dots_hidden(link: re.Match[str]) -> str:
    opening, quote, value = link.groups()
    return f"{opening}{quote}{value.replace('..', '__')}{quote}"


def _shallow_hidden(module: re.Match[str]) -> str:
    """A module's path loaded in a snippet, or a path a program passes as a string, its
    dots hidden when it climbs out of a project only (`_project_path`):
    `require('../../lib/util')`, `path.join(__dirname, '../..')`, not
    `require('../../../../app/secret.js')`."""
    return _dots_hidden(module) if _project_path(module.group(3)) else module.group(0)


def _quoted_climb_hidden(string: re.Match[str]) -> str:
    path = string.group(2)
    if "../" not in path or not _project_path(path[path.find("../") :], any_depth=True):
        return string.group(0)
    return string.group(0).replace("..", "__")


def _text_hidden(link: re.Match[str]) -> str:
    opening, shown = link.groups()
    return opening + shown.replace("..", "__")


def _references_hidden(text: str) -> str:
    """`text` with the dots of each Markdown reference's target hidden (`_MARKDOWN_LINK`),
    found from their `]:` (a pattern anchored at every line start tried every character of
    a long text)."""
    pieces: list[str] = []
    kept = 0
    at = text.find("]:")
    while at >= 0:
        link = _MARKDOWN_LINK.match(text, text.rfind("\n", 0, at) + 1)
        if link is not None and link.start(1) >= kept:
            start, end = link.span(1)
            pieces += (text[kept:start], text[start:end].replace("..", "__"))
            kept = end
        at = text.find("]:", at + 2)
    return "".join(pieces) + text[kept:] if pieces else text
